//! Rotation matrices: checking, orthonormalising, and the conversions to and
//! from quaternions.

use std::fmt;

use crate::error::{Result, RotationError};
use crate::kernel::{quaternion_to_rows, rows_to_quaternion};
use crate::quaternion::UnitQuaternion;

/// How far `RᵀR` may be from the identity (Frobenius norm) for a matrix to be
/// taken as a rotation. Finite and at least 0.
///
/// ```
/// use toolcup_rotation::Tolerance;
/// assert_eq!(Tolerance::default().value(), 1e-6);
/// assert!(Tolerance::new(-1.0).is_err());
/// ```
#[derive(Debug, Clone, Copy, PartialEq, PartialOrd, serde::Serialize, serde::Deserialize)]
#[serde(try_from = "f64", into = "f64")]
pub struct Tolerance(f64);

impl Tolerance {
    /// `1e-6`: accepts matrices printed with about seven significant digits.
    pub const DEFAULT: Self = Self(1e-6);

    /// Checks a tolerance.
    ///
    /// # Errors
    /// [`RotationError::InvalidTolerance`] when negative or not finite.
    pub fn new(value: f64) -> Result<Self> {
        if value.is_finite() && value >= 0.0 {
            Ok(Self(value))
        } else {
            Err(RotationError::InvalidTolerance { value })
        }
    }

    /// The tolerance as a number.
    pub fn value(self) -> f64 {
        self.0
    }
}

impl Default for Tolerance {
    fn default() -> Self {
        Self::DEFAULT
    }
}

impl TryFrom<f64> for Tolerance {
    type Error = RotationError;
    fn try_from(value: f64) -> Result<Self> {
        Self::new(value)
    }
}

impl From<Tolerance> for f64 {
    fn from(t: Tolerance) -> Self {
        t.0
    }
}

/// What to do with a matrix outside the tolerance.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum OffRotation {
    /// Refuse it with [`RotationError::NotOrthogonal`].
    #[default]
    Refuse,
    /// Replace it by the nearest rotation (SVD polar decomposition).
    Nearest,
}

/// The measured distance of a matrix from being a rotation.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Orthogonality {
    /// Frobenius norm of `RᵀR − I`.
    pub deviation: f64,
    /// The determinant (1 for a rotation, −1 for a reflection).
    pub determinant: f64,
}

impl Orthogonality {
    /// Measures a row-major matrix.
    ///
    /// ```
    /// use toolcup_rotation::Orthogonality;
    /// let o = Orthogonality::measure(&[[1.0, 0.0, 0.0], [0.0, 1.0, 0.0], [0.0, 0.0, -1.0]]);
    /// assert_eq!((o.deviation, o.determinant), (0.0, -1.0));
    /// ```
    pub fn measure(rows: &[[f64; 3]; 3]) -> Self {
        let mut sum = 0.0;
        for i in 0..3 {
            for j in 0..3 {
                let dot: f64 = (0..3).map(|k| rows[k][i] * rows[k][j]).sum();
                let e = dot - if i == j { 1.0 } else { 0.0 };
                sum += e * e;
            }
        }
        Self {
            deviation: sum.sqrt(),
            determinant: determinant(rows),
        }
    }
}

/// Most iterations the SVD of [`RotationMatrix::nearest`] may take; a 3×3
/// matrix scaled near 1 converges in a few dozen.
const SVD_MAX_ITERATIONS: usize = 1000;

fn determinant(m: &[[f64; 3]; 3]) -> f64 {
    m[0][0] * (m[1][1] * m[2][2] - m[1][2] * m[2][1])
        - m[0][1] * (m[1][0] * m[2][2] - m[1][2] * m[2][0])
        + m[0][2] * (m[1][0] * m[2][1] - m[1][1] * m[2][0])
}

/// A 3×3 rotation matrix, row-major: `rows[i][j]` is `r(i+1)(j+1)`, and it
/// acts on column vectors (`v' = R v`, active).
///
/// Checked once at construction: finite, `det > 0`, and `‖RᵀR − I‖` within
/// a [`Tolerance`] (or replaced by the nearest rotation when asked).
///
/// ```
/// use toolcup_rotation::{OffRotation, RotationMatrix, Tolerance};
/// // A quarter turn about z, row-major: the first row is (r11, r12, r13).
/// let r = RotationMatrix::new([[0.0, -1.0, 0.0], [1.0, 0.0, 0.0], [0.0, 0.0, 1.0]], Tolerance::default())?;
/// assert_eq!(r.rotate([1.0, 0.0, 0.0]), [0.0, 1.0, 0.0]);
/// let q = r.to_quaternion();
/// assert_eq!(q.w(), q.z()); // cos 45° = sin 45°
///
/// // A sloppy matrix is refused with the measured deviation, or repaired on request.
/// let sloppy = [[1.0, 0.01, 0.0], [0.0, 1.0, 0.0], [0.0, 0.0, 1.0]];
/// let err = RotationMatrix::new(sloppy, Tolerance::default()).unwrap_err();
/// assert!(err.to_string().contains("1.414e-2"));
/// let fixed = RotationMatrix::check(sloppy, Tolerance::default(), OffRotation::Nearest)?;
/// assert!(fixed.orthogonality().deviation < 1e-15);
/// // A reflection is always refused.
/// let mirror = [[1.0, 0.0, 0.0], [0.0, 1.0, 0.0], [0.0, 0.0, -1.0]];
/// assert!(RotationMatrix::check(mirror, Tolerance::default(), OffRotation::Nearest).is_err());
/// # Ok::<(), toolcup_rotation::RotationError>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize, serde::Deserialize)]
#[serde(try_from = "[[f64; 3]; 3]", into = "[[f64; 3]; 3]")]
pub struct RotationMatrix {
    pub(crate) rows: [[f64; 3]; 3],
}

impl Default for RotationMatrix {
    fn default() -> Self {
        Self::IDENTITY
    }
}

impl RotationMatrix {
    /// The identity matrix.
    pub const IDENTITY: Self = Self {
        rows: [[1.0, 0.0, 0.0], [0.0, 1.0, 0.0], [0.0, 0.0, 1.0]],
    };

    /// Checks a row-major matrix and refuses it if it is not a rotation
    /// within `tolerance`.
    ///
    /// # Errors
    /// [`RotationError::NonFiniteMatrix`], [`RotationError::Reflection`],
    /// [`RotationError::NotOrthogonal`].
    pub fn new(rows: [[f64; 3]; 3], tolerance: Tolerance) -> Result<Self> {
        Self::check(rows, tolerance, OffRotation::Refuse)
    }

    /// Checks a row-major matrix; outside `tolerance` it is refused or
    /// replaced by the nearest rotation, as `off` says. Reflections are
    /// refused either way.
    ///
    /// # Errors
    /// As [`RotationMatrix::new`], plus [`RotationError::Singular`] when the
    /// nearest rotation is asked of a singular matrix.
    pub fn check(rows: [[f64; 3]; 3], tolerance: Tolerance, off: OffRotation) -> Result<Self> {
        for (i, row) in rows.iter().enumerate() {
            for (j, &value) in row.iter().enumerate() {
                if !value.is_finite() {
                    return Err(RotationError::NonFiniteMatrix {
                        row: i + 1,
                        col: j + 1,
                        value,
                    });
                }
            }
        }
        let o = Orthogonality::measure(&rows);
        if o.determinant < 0.0 {
            return Err(RotationError::Reflection {
                determinant: o.determinant,
            });
        }
        if o.deviation <= tolerance.value() && o.determinant > 0.0 {
            return Ok(Self { rows });
        }
        match off {
            OffRotation::Refuse => Err(RotationError::NotOrthogonal {
                deviation: o.deviation,
                determinant: o.determinant,
                tolerance: tolerance.value(),
            }),
            OffRotation::Nearest => Self::nearest(rows),
        }
    }

    /// The rotation nearest to `rows` in the Frobenius norm: the orthogonal
    /// factor `U Vᵀ` of the polar decomposition, computed from nalgebra's SVD.
    ///
    /// # Errors
    /// [`RotationError::NonFiniteMatrix`], [`RotationError::Reflection`]
    /// (`det < 0`), [`RotationError::Singular`] (rank below 3, where the
    /// nearest rotation is not unique).
    pub fn nearest(rows: [[f64; 3]; 3]) -> Result<Self> {
        for (i, row) in rows.iter().enumerate() {
            for (j, &value) in row.iter().enumerate() {
                if !value.is_finite() {
                    return Err(RotationError::NonFiniteMatrix {
                        row: i + 1,
                        col: j + 1,
                        value,
                    });
                }
            }
        }
        // The nearest rotation of c·M is that of M for any c > 0: scale by a
        // power of two (exactly) so that the largest entry is about 1, and
        // neither the determinant nor the SVD overflows or underflows.
        let largest_entry = rows.iter().flatten().fold(0.0_f64, |m, v| m.max(v.abs()));
        let det = determinant(&rows);
        if largest_entry == 0.0 {
            return Err(RotationError::Singular { determinant: det });
        }
        // Two factors, each a normal number, for exponents down to -1074.
        let exponent = -(largest_entry.log2().round() as i32);
        let (half, rest) = (2f64.powi(exponent / 2), 2f64.powi(exponent - exponent / 2));
        let m = nalgebra::Matrix3::from_fn(|i, j| rows[i][j] * half * rest);
        let scaled_det = m.determinant();
        if scaled_det < 0.0 {
            return Err(RotationError::Reflection { determinant: det });
        }
        // A bounded SVD: nalgebra's `svd()` iterates without limit.
        let Some(svd) = m.try_svd(true, true, f64::EPSILON, SVD_MAX_ITERATIONS) else {
            return Err(RotationError::Singular { determinant: det });
        };
        let smallest = svd.singular_values.min();
        let largest = svd.singular_values.max();
        if smallest <= largest * 1e-12 || smallest.is_nan() {
            return Err(RotationError::Singular { determinant: det });
        }
        let (Some(u), Some(v_t)) = (svd.u, svd.v_t) else {
            return Err(RotationError::Singular { determinant: det });
        };
        let p = u * v_t;
        let rows = [
            [p[(0, 0)], p[(0, 1)], p[(0, 2)]],
            [p[(1, 0)], p[(1, 1)], p[(1, 2)]],
            [p[(2, 0)], p[(2, 1)], p[(2, 2)]],
        ];
        Ok(Self { rows })
    }

    /// Wraps rows the crate computed from a unit quaternion.
    #[inline]
    pub(crate) const fn from_rows_unchecked(rows: [[f64; 3]; 3]) -> Self {
        Self { rows }
    }

    /// The matrix of a rotation given as a unit quaternion.
    ///
    /// ```
    /// use toolcup_rotation::{RotationMatrix, UnitQuaternion};
    /// // 180° about x.
    /// let r = RotationMatrix::from_quaternion(UnitQuaternion::new(0.0, 1.0, 0.0, 0.0)?);
    /// assert_eq!(r.rows(), [[1.0, 0.0, 0.0], [0.0, -1.0, 0.0], [0.0, 0.0, -1.0]]);
    /// # Ok::<(), toolcup_rotation::RotationError>(())
    /// ```
    #[inline]
    pub fn from_quaternion(q: UnitQuaternion) -> Self {
        Self {
            rows: quaternion_to_rows(q.into()),
        }
    }

    /// The canonical unit quaternion of this rotation (Sarabandi–Thomas with
    /// pivot signs; `w ≥ 0`).
    #[inline]
    pub fn to_quaternion(&self) -> UnitQuaternion {
        UnitQuaternion::from_wxyz_unchecked(rows_to_quaternion(&self.rows))
    }

    /// The rows, `rows[i][j] = r(i+1)(j+1)`.
    #[inline]
    pub fn rows(&self) -> [[f64; 3]; 3] {
        self.rows
    }

    /// The nine entries in row-major order.
    pub fn to_row_major(&self) -> [f64; 9] {
        let r = self.rows;
        [
            r[0][0], r[0][1], r[0][2], r[1][0], r[1][1], r[1][2], r[2][0], r[2][1], r[2][2],
        ]
    }

    /// Nine row-major entries to rows.
    pub fn rows_from_row_major(v: [f64; 9]) -> [[f64; 3]; 3] {
        [[v[0], v[1], v[2]], [v[3], v[4], v[5]], [v[6], v[7], v[8]]]
    }

    /// The transpose, which is the inverse rotation.
    pub fn inverse(&self) -> Self {
        let r = self.rows;
        Self {
            rows: [
                [r[0][0], r[1][0], r[2][0]],
                [r[0][1], r[1][1], r[2][1]],
                [r[0][2], r[1][2], r[2][2]],
            ],
        }
    }

    /// `R v`.
    pub fn rotate(&self, v: [f64; 3]) -> [f64; 3] {
        self.rows
            .map(|row| row[0] * v[0] + row[1] * v[1] + row[2] * v[2])
    }

    /// How far this matrix is from an exact rotation.
    pub fn orthogonality(&self) -> Orthogonality {
        Orthogonality::measure(&self.rows)
    }
}

impl std::ops::Mul for RotationMatrix {
    type Output = Self;
    /// Matrix product: `a * b` applies `b` first.
    fn mul(self, rhs: Self) -> Self {
        let (a, b) = (self.rows, rhs.rows);
        let mut rows = [[0.0; 3]; 3];
        for (i, row) in rows.iter_mut().enumerate() {
            for (j, e) in row.iter_mut().enumerate() {
                *e = a[i][0] * b[0][j] + a[i][1] * b[1][j] + a[i][2] * b[2][j];
            }
        }
        Self { rows }
    }
}

impl From<UnitQuaternion> for RotationMatrix {
    fn from(q: UnitQuaternion) -> Self {
        Self::from_quaternion(q)
    }
}

impl From<RotationMatrix> for UnitQuaternion {
    fn from(r: RotationMatrix) -> Self {
        r.to_quaternion()
    }
}

impl From<RotationMatrix> for [[f64; 3]; 3] {
    fn from(r: RotationMatrix) -> Self {
        r.rows
    }
}

impl TryFrom<[[f64; 3]; 3]> for RotationMatrix {
    type Error = RotationError;
    /// Checks with the default tolerance and refuses what is off.
    fn try_from(rows: [[f64; 3]; 3]) -> Result<Self> {
        Self::new(rows, Tolerance::default())
    }
}

impl fmt::Display for RotationMatrix {
    /// Three lines of three numbers (`{:.N}` sets a precision).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, row) in self.rows.iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            match f.precision() {
                Some(p) => write!(f, "{:.p$} {:.p$} {:.p$}", row[0], row[1], row[2])?,
                None => write!(f, "{} {} {}", row[0], row[1], row[2])?,
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refuses_with_measurements() {
        let e = RotationMatrix::new(
            [[f64::NAN, 0.0, 0.0], [0.0, 1.0, 0.0], [0.0, 0.0, 1.0]],
            Tolerance::DEFAULT,
        );
        assert!(matches!(
            e,
            Err(RotationError::NonFiniteMatrix { row: 1, col: 1, .. })
        ));
        let e = RotationMatrix::new(
            [[2.0, 0.0, 0.0], [0.0, 1.0, 0.0], [0.0, 0.0, 1.0]],
            Tolerance::DEFAULT,
        )
        .expect_err("scaled");
        let text = e.to_string();
        assert!(
            text.contains("3.000e0") && text.contains("2.000000e0"),
            "{text}"
        );
        let zero = [[0.0; 3]; 3];
        assert!(matches!(
            RotationMatrix::check(zero, Tolerance::DEFAULT, OffRotation::Nearest),
            Err(RotationError::Singular { .. })
        ));
        assert!(matches!(
            RotationMatrix::check(zero, Tolerance::DEFAULT, OffRotation::Refuse),
            Err(RotationError::NotOrthogonal { .. })
        ));
    }

    #[test]
    fn nearest_rotation_at_the_ends_of_the_f64_range() {
        // The same skewed matrix, scaled up to near overflow and down to
        // subnormal entries: the determinant of the input overflows or
        // underflows, but its nearest rotation is the same.
        let base = [[1.0, 0.5, 0.0], [0.0, 1.0, 0.0], [0.0, 0.0, 1.0]];
        let expected = RotationMatrix::nearest(base).expect("invertible").rows();
        // Subnormal entries carry fewer digits (1e-310 keeps about 13), so
        // the last scale compares within what its input holds.
        for (c, within) in [
            (1e300, 1e-15),
            (1.7e308, 1e-15),
            (1e-300, 1e-15),
            (1e-310, 1e-12),
        ] {
            let rows = base.map(|r| r.map(|v| v * c));
            let r = RotationMatrix::nearest(rows).expect("invertible").rows();
            for i in 0..3 {
                for j in 0..3 {
                    assert!((r[i][j] - expected[i][j]).abs() < within, "{c}: {r:?}");
                }
            }
        }
        let mirror = [[-1e308, 0.0, 0.0], [0.0, 1e308, 0.0], [0.0, 0.0, 1e308]];
        assert!(matches!(
            RotationMatrix::nearest(mirror),
            Err(RotationError::Reflection { .. })
        ));
    }

    #[test]
    fn nearest_rotation_of_a_scaled_skewed_matrix() {
        let r = RotationMatrix::nearest([[2.0, 0.1, 0.0], [0.0, 2.0, 0.0], [0.0, 0.0, 2.0]])
            .expect("invertible");
        assert!(r.orthogonality().deviation < 1e-15);
        assert!((r.orthogonality().determinant - 1.0).abs() < 1e-15);
        // Symmetric part removed: result is a small rotation about z.
        assert!(r.rows()[0][1] > 0.0 && r.rows()[1][0] < 0.0);
    }
}
