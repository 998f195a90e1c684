//! Unit quaternions: construction, component order, canonical sign, Hamilton
//! product, inverse and rotating vectors.

use std::fmt;
use std::ops::Mul;

use crate::error::{Result, RotationError};

/// Where the scalar part sits when a quaternion is written as four numbers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ScalarOrder {
    /// `[w, x, y, z]`: this crate's default, as in the issue and most texts.
    #[default]
    ScalarFirst,
    /// `[x, y, z, w]`: SciPy's, Eigen's storage and ROS's order.
    ScalarLast,
}

/// A rotation stored as a unit quaternion `w + xi + yj + zk`.
///
/// The constructor refuses zero and non-finite input and normalises the
/// rest, so every value of this type has norm 1 to within a few ulps.
/// `q` and `-q` are the same rotation; [`UnitQuaternion::canonical`] picks
/// one of them (`w ≥ 0`; when `w = 0`, the first non-zero component
/// positive), and every conversion from a matrix returns that one.
///
/// ```
/// use toolcup_rotation::{ScalarOrder, UnitQuaternion};
///
/// // Scalar first unless told otherwise.
/// let q = UnitQuaternion::from_array([2.0, 0.0, 0.0, 0.0], ScalarOrder::ScalarFirst)?;
/// assert_eq!(q.to_array(ScalarOrder::ScalarFirst), [1.0, 0.0, 0.0, 0.0]);
/// let q = UnitQuaternion::from_array([0.0, 0.0, 1.0, 1.0], ScalarOrder::ScalarLast)?;
/// assert!((q.w() - std::f64::consts::FRAC_1_SQRT_2).abs() < 2e-16);
/// assert!(UnitQuaternion::new(0.0, 0.0, 0.0, 0.0).is_err());
/// # Ok::<(), toolcup_rotation::RotationError>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize, serde::Deserialize)]
#[serde(try_from = "[f64; 4]", into = "[f64; 4]")]
pub struct UnitQuaternion {
    /// Scalar first: `[w, x, y, z]`.
    pub(crate) wxyz: [f64; 4],
}

impl Default for UnitQuaternion {
    fn default() -> Self {
        Self::IDENTITY
    }
}

impl UnitQuaternion {
    /// The identity rotation `1 + 0i + 0j + 0k`.
    pub const IDENTITY: Self = Self {
        wxyz: [1.0, 0.0, 0.0, 0.0],
    };

    /// Builds a rotation from `w + xi + yj + zk`, normalising it.
    ///
    /// # Errors
    /// [`RotationError::NonFiniteQuaternion`] or [`RotationError::ZeroQuaternion`].
    pub fn new(w: f64, x: f64, y: f64, z: f64) -> Result<Self> {
        Self::from_array([w, x, y, z], ScalarOrder::ScalarFirst)
    }

    /// Builds a rotation from four numbers in the given order, normalising it.
    ///
    /// # Errors
    /// [`RotationError::NonFiniteQuaternion`] (with the index as given) or
    /// [`RotationError::ZeroQuaternion`].
    pub fn from_array(values: [f64; 4], order: ScalarOrder) -> Result<Self> {
        if let Some(index) = values.iter().position(|v| !v.is_finite()) {
            return Err(RotationError::NonFiniteQuaternion {
                index,
                value: values[index],
            });
        }
        let wxyz = match order {
            ScalarOrder::ScalarFirst => values,
            ScalarOrder::ScalarLast => [values[3], values[0], values[1], values[2]],
        };
        let n2: f64 = wxyz.iter().map(|v| v * v).sum();
        if (n2 - 1.0).abs() <= 4.0 * f64::EPSILON {
            // Already unit to within rounding: dividing would only add a
            // rounding to every component (and break exact round trips).
            return Ok(Self { wxyz });
        }
        if (1e-290..1e290).contains(&n2) {
            // One rounding per component.
            let n = n2.sqrt();
            return Ok(Self {
                wxyz: wxyz.map(|v| v / n),
            });
        }
        // Tiny or huge: scale by the largest magnitude first so squaring
        // neither underflows nor overflows.
        let scale = wxyz.iter().fold(0.0_f64, |m, v| m.max(v.abs()));
        if scale == 0.0 {
            return Err(RotationError::ZeroQuaternion { norm: 0.0 });
        }
        let scaled = wxyz.map(|v| v / scale);
        let norm = scaled.iter().map(|v| v * v).sum::<f64>().sqrt();
        Ok(Self {
            wxyz: scaled.map(|v| v / norm),
        })
    }

    /// Wraps four numbers the caller guarantees are finite with norm 1
    /// (within rounding). Crate-internal: used after exact computations.
    #[inline]
    pub(crate) const fn from_wxyz_unchecked(wxyz: [f64; 4]) -> Self {
        Self { wxyz }
    }

    /// The four components in the given order.
    pub fn to_array(self, order: ScalarOrder) -> [f64; 4] {
        let [w, x, y, z] = self.wxyz;
        match order {
            ScalarOrder::ScalarFirst => [w, x, y, z],
            ScalarOrder::ScalarLast => [x, y, z, w],
        }
    }

    /// Scalar part.
    pub fn w(self) -> f64 {
        self.wxyz[0]
    }
    /// Coefficient of `i`.
    pub fn x(self) -> f64 {
        self.wxyz[1]
    }
    /// Coefficient of `j`.
    pub fn y(self) -> f64 {
        self.wxyz[2]
    }
    /// Coefficient of `k`.
    pub fn z(self) -> f64 {
        self.wxyz[3]
    }

    /// The same rotation with the canonical sign: `w > 0`, or when `w = 0`
    /// the first non-zero of `x, y, z` positive. Negative zeros become `+0`.
    ///
    /// ```
    /// use toolcup_rotation::UnitQuaternion;
    /// let q = UnitQuaternion::new(0.0, -0.0, -1.0, 1.0)?.canonical();
    /// assert_eq!([q.w(), q.x()], [0.0, 0.0]);
    /// assert!(q.x().is_sign_positive() && q.y() > 0.0 && q.z() == -q.y());
    /// # Ok::<(), toolcup_rotation::RotationError>(())
    /// ```
    pub fn canonical(self) -> Self {
        Self {
            wxyz: canonical_sign(self.wxyz),
        }
    }

    /// The opposite quaternion `-q` (the same rotation).
    pub fn negated(self) -> Self {
        Self {
            wxyz: self.wxyz.map(|v| -v),
        }
    }

    /// The inverse rotation (the conjugate).
    ///
    /// ```
    /// use toolcup_rotation::UnitQuaternion;
    /// let q = UnitQuaternion::new(1.0, 2.0, 3.0, 4.0)?;
    /// let i = q * q.inverse();
    /// assert!((i.w() - 1.0).abs() < 1e-15);
    /// # Ok::<(), toolcup_rotation::RotationError>(())
    /// ```
    pub fn inverse(self) -> Self {
        let [w, x, y, z] = self.wxyz;
        Self {
            wxyz: [w, -x, -y, -z],
        }
    }

    /// Four-dimensional dot product; `|dot|` is `cos(θ/2)` of the rotation
    /// taking one to the other.
    pub fn dot(self, other: Self) -> f64 {
        self.wxyz
            .iter()
            .zip(other.wxyz.iter())
            .map(|(a, b)| a * b)
            .sum()
    }

    /// The rotation angle between two rotations, in `[0, π]` radians.
    pub fn angle_to(self, other: Self) -> f64 {
        let d = self.inverse() * other;
        let [w, x, y, z] = d.wxyz;
        2.0 * (x.hypot(y).hypot(z)).atan2(w.abs())
    }

    /// Rotates a vector (active rotation): `v' = q v q*`, the same as `R v`.
    ///
    /// ```
    /// use toolcup_rotation::{AxisAngle, UnitQuaternion};
    /// // A quarter turn about z takes x to y (right-handed).
    /// let q = AxisAngle::new([0.0, 0.0, 1.0], std::f64::consts::FRAC_PI_2)?.to_quaternion();
    /// let v = q.rotate([1.0, 0.0, 0.0]);
    /// assert!(v[0].abs() < 1e-15 && (v[1] - 1.0).abs() < 1e-15);
    /// # Ok::<(), toolcup_rotation::RotationError>(())
    /// ```
    #[inline]
    pub fn rotate(self, v: [f64; 3]) -> [f64; 3] {
        let [w, x, y, z] = self.wxyz;
        // t = 2 (u × v); v' = v + w t + u × t
        let t = [
            2.0 * (y * v[2] - z * v[1]),
            2.0 * (z * v[0] - x * v[2]),
            2.0 * (x * v[1] - y * v[0]),
        ];
        [
            v[0] + w * t[0] + (y * t[2] - z * t[1]),
            v[1] + w * t[1] + (z * t[0] - x * t[2]),
            v[2] + w * t[2] + (x * t[1] - y * t[0]),
        ]
    }

    /// Euclidean norm (1 up to rounding); exposed for accuracy reports.
    pub fn norm(self) -> f64 {
        self.wxyz.iter().map(|v| v * v).sum::<f64>().sqrt()
    }
}

/// The canonical-sign rule on raw components (see [`UnitQuaternion::canonical`]).
#[inline]
pub(crate) fn canonical_sign(q: [f64; 4]) -> [f64; 4] {
    let [w, x, y, z] = q;
    // The sign of the first non-zero component decides.
    let lead = if w != 0.0 {
        w
    } else if x != 0.0 {
        x
    } else if y != 0.0 {
        y
    } else {
        z
    };
    let s = 1.0_f64.copysign(lead);
    // Adding +0.0 turns -0.0 into +0.0 and leaves everything else unchanged.
    [w * s + 0.0, x * s + 0.0, y * s + 0.0, z * s + 0.0]
}

/// Hamilton product: `(a * b)` rotates by `b` first, then by `a`, so that
/// `R(a * b) = R(a) R(b)`.
///
/// ```
/// use toolcup_rotation::UnitQuaternion;
/// // Hamilton: i * j = k.
/// let i = UnitQuaternion::new(0.0, 1.0, 0.0, 0.0)?;
/// let j = UnitQuaternion::new(0.0, 0.0, 1.0, 0.0)?;
/// assert_eq!(i * j, UnitQuaternion::new(0.0, 0.0, 0.0, 1.0)?);
/// # Ok::<(), toolcup_rotation::RotationError>(())
/// ```
impl Mul for UnitQuaternion {
    type Output = Self;

    fn mul(self, rhs: Self) -> Self {
        Self {
            wxyz: hamilton(self.wxyz, rhs.wxyz),
        }
    }
}

/// Hamilton product of raw scalar-first quaternions.
#[inline]
pub(crate) fn hamilton(a: [f64; 4], b: [f64; 4]) -> [f64; 4] {
    let [aw, ax, ay, az] = a;
    let [bw, bx, by, bz] = b;
    [
        aw * bw - ax * bx - ay * by - az * bz,
        aw * bx + ax * bw + ay * bz - az * by,
        aw * by - ax * bz + ay * bw + az * bx,
        aw * bz + ax * by - ay * bx + az * bw,
    ]
}

impl From<UnitQuaternion> for [f64; 4] {
    /// Scalar first.
    fn from(q: UnitQuaternion) -> Self {
        q.wxyz
    }
}

impl TryFrom<[f64; 4]> for UnitQuaternion {
    type Error = RotationError;
    /// Scalar first; normalises.
    fn try_from(v: [f64; 4]) -> Result<Self> {
        Self::from_array(v, ScalarOrder::ScalarFirst)
    }
}

impl fmt::Display for UnitQuaternion {
    /// `w x y z` with shortest round-trip digits (`{:.N}` sets a precision).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let [w, x, y, z] = self.wxyz;
        match f.precision() {
            Some(p) => write!(f, "{w:.p$} {x:.p$} {y:.p$} {z:.p$}"),
            None => write!(f, "{w} {x} {y} {z}"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalises_and_refuses_bad_input() {
        let q = UnitQuaternion::new(0.0, 3.0, 0.0, 4.0).expect("valid");
        assert_eq!(q.to_array(ScalarOrder::ScalarFirst), [0.0, 0.6, 0.0, 0.8]);
        assert!(matches!(
            UnitQuaternion::new(f64::NAN, 0.0, 0.0, 1.0),
            Err(RotationError::NonFiniteQuaternion { index: 0, .. })
        ));
        assert!(matches!(
            UnitQuaternion::from_array([0.0, 0.0, 1.0, f64::INFINITY], ScalarOrder::ScalarLast),
            Err(RotationError::NonFiniteQuaternion { index: 3, .. })
        ));
        // Tiny and huge inputs survive normalisation.
        let tiny = UnitQuaternion::new(1e-300, 1e-300, 0.0, 0.0).expect("valid");
        assert!((tiny.norm() - 1.0).abs() < 1e-15);
        let huge = UnitQuaternion::new(1e300, -1e300, 0.0, 0.0).expect("valid");
        assert!((huge.norm() - 1.0).abs() < 1e-15);
        assert!(UnitQuaternion::new(0.0, -0.0, 0.0, 0.0).is_err());
    }

    #[test]
    fn canonical_sign_rule() {
        let c = canonical_sign([-0.5, 0.5, -0.5, 0.5]);
        assert_eq!(c, [0.5, -0.5, 0.5, -0.5]);
        let c = canonical_sign([-0.0, -0.0, -1.0, 0.0]);
        assert_eq!(c, [0.0, 0.0, 1.0, 0.0]);
        assert!(c[0].is_sign_positive() && c[1].is_sign_positive() && c[3].is_sign_positive());
        let c = canonical_sign([0.0, 0.0, 0.0, -1.0]);
        assert_eq!(c, [0.0, 0.0, 0.0, 1.0]);
    }

    #[test]
    fn rotate_matches_sandwich_product() {
        let q = UnitQuaternion::new(0.3, -0.5, 0.7, 0.1).expect("valid");
        let v = [0.2, -1.5, 3.0];
        let p = hamilton(hamilton(q.wxyz, [0.0, v[0], v[1], v[2]]), q.inverse().wxyz);
        let r = q.rotate(v);
        for k in 0..3 {
            assert!((p[k + 1] - r[k]).abs() < 1e-14);
        }
    }
}
