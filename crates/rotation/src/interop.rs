//! Conversions to and from nalgebra and quaternion-core.
//!
//! Provided here:
//! - [`UnitQuaternion`] → `nalgebra::UnitQuaternion<f64>` (`From`), and back
//!   (`TryFrom`, which checks finiteness and renormalises);
//! - [`RotationMatrix`] → `nalgebra::Rotation3<f64>` (`From`), and back
//!   (`TryFrom`, checked with [`Tolerance::default`]);
//! - [`UnitQuaternion`] ⇄ `quaternion_core::Quaternion<f64>`, the tuple
//!   `(w, [x, y, z])` (`From` one way, `TryFrom` the other);
//! - quaternion-core's `DCM<f64>` is `[[f64; 3]; 3]` in the same row-major,
//!   active convention, so [`RotationMatrix`]'s `From`/`TryFrom` with
//!   `[[f64; 3]; 3]` serve it.
//!
//! All three libraries agree on conventions: Hamilton product, active
//! rotations, `R(q)` the same matrix.
//!
//! ```
//! use toolcup_rotation::{RotationMatrix, UnitQuaternion};
//! let q = UnitQuaternion::new(0.5, 0.5, 0.5, 0.5)?;
//! let n: nalgebra::UnitQuaternion<f64> = q.into();
//! assert_eq!((n.w, n.i), (0.5, 0.5));
//! let m: nalgebra::Rotation3<f64> = RotationMatrix::from(q).into();
//! assert!((m.matrix() - n.to_rotation_matrix().matrix()).norm() < 1e-15);
//! let qc: quaternion_core::Quaternion<f64> = q.into();
//! assert_eq!(UnitQuaternion::try_from(qc)?, q);
//! # Ok::<(), toolcup_rotation::RotationError>(())
//! ```

use crate::error::{Result, RotationError};
use crate::matrix::{RotationMatrix, Tolerance};
use crate::quaternion::{ScalarOrder, UnitQuaternion};

impl From<UnitQuaternion> for nalgebra::UnitQuaternion<f64> {
    fn from(q: UnitQuaternion) -> Self {
        let [w, x, y, z] = q.into();
        nalgebra::UnitQuaternion::new_unchecked(nalgebra::Quaternion::new(w, x, y, z))
    }
}

impl TryFrom<nalgebra::UnitQuaternion<f64>> for UnitQuaternion {
    type Error = RotationError;
    fn try_from(q: nalgebra::UnitQuaternion<f64>) -> Result<Self> {
        Self::from_array([q.w, q.i, q.j, q.k], ScalarOrder::ScalarFirst)
    }
}

impl From<RotationMatrix> for nalgebra::Rotation3<f64> {
    fn from(r: RotationMatrix) -> Self {
        let rows = r.rows();
        nalgebra::Rotation3::from_matrix_unchecked(nalgebra::Matrix3::from_fn(|i, j| rows[i][j]))
    }
}

impl TryFrom<nalgebra::Rotation3<f64>> for RotationMatrix {
    type Error = RotationError;
    fn try_from(r: nalgebra::Rotation3<f64>) -> Result<Self> {
        let m = r.matrix();
        let rows = [
            [m[(0, 0)], m[(0, 1)], m[(0, 2)]],
            [m[(1, 0)], m[(1, 1)], m[(1, 2)]],
            [m[(2, 0)], m[(2, 1)], m[(2, 2)]],
        ];
        Self::new(rows, Tolerance::default())
    }
}

impl From<UnitQuaternion> for (f64, [f64; 3]) {
    /// quaternion-core's `Quaternion<f64>`: `(w, [x, y, z])`.
    fn from(q: UnitQuaternion) -> Self {
        let [w, x, y, z] = q.into();
        (w, [x, y, z])
    }
}

impl TryFrom<(f64, [f64; 3])> for UnitQuaternion {
    type Error = RotationError;
    /// From quaternion-core's `Quaternion<f64>`: `(w, [x, y, z])`.
    fn try_from((w, [x, y, z]): (f64, [f64; 3])) -> Result<Self> {
        Self::new(w, x, y, z)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sampling::RotationSampler;

    #[test]
    fn all_three_libraries_agree_on_conventions() {
        for q in RotationSampler::new(11).take(200) {
            let ours = RotationMatrix::from_quaternion(q).rows();
            let n: nalgebra::UnitQuaternion<f64> = q.into();
            let nm = n.to_rotation_matrix();
            let qc = quaternion_core::to_dcm(q.into());
            for i in 0..3 {
                for j in 0..3 {
                    assert!((ours[i][j] - nm[(i, j)]).abs() < 1e-15);
                    assert!((ours[i][j] - qc[i][j]).abs() < 1e-15);
                }
            }
            let v = [0.3, -1.0, 2.0];
            let a = q.rotate(v);
            let b = n * nalgebra::Vector3::from(v);
            let c = quaternion_core::point_rotation(q.into(), v);
            for k in 0..3 {
                assert!((a[k] - b[k]).abs() < 1e-14 && (a[k] - c[k]).abs() < 1e-14);
            }
            let back = UnitQuaternion::try_from(n).expect("finite");
            assert!(back.angle_to(q) < 1e-15);
            let r3: nalgebra::Rotation3<f64> = RotationMatrix::from_quaternion(q).into();
            assert_eq!(RotationMatrix::try_from(r3).expect("rotation").rows(), ours);
        }
    }
}
