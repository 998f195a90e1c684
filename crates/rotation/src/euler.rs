//! Euler angles: the twelve axis sequences, intrinsic and extrinsic.
//!
//! Angles to quaternion multiplies three elementary quaternions. Quaternion
//! to angles is the direct method of Bernardes and Viollet, "Quaternion to
//! Euler angles conversion: A direct, general and computationally efficient
//! method" (PLoS ONE, 2022): every angle comes from `atan2` of well-scaled
//! arguments, so there is no `asin`/`acos` whose argument could stray past
//! ±1 (the classic `asin(-1.0000000000000002) = NaN`), and no clamping is
//! needed to stay NaN-free.

use std::fmt;
use std::str::FromStr;

use crate::error::{Result, RotationError};
use crate::quaternion::{UnitQuaternion, hamilton};

/// A coordinate axis.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub enum Axis {
    /// The x axis.
    X,
    /// The y axis.
    Y,
    /// The z axis.
    Z,
}

impl Axis {
    fn index(self) -> usize {
        match self {
            Self::X => 0,
            Self::Y => 1,
            Self::Z => 2,
        }
    }
}

/// Whether the axes of a sequence move with the body or stay fixed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub enum EulerKind {
    /// Fixed (world) axes: angles `[a, b, c]` of sequence `(u, v, w)` give
    /// `R = R_w(c) R_v(b) R_u(a)`. Written in lower case (`xyz`).
    Extrinsic,
    /// Moving (body) axes: `R = R_u(a) R_v(b) R_w(c)`. Written in upper
    /// case (`XYZ`).
    Intrinsic,
}

/// One of the 24 Euler conventions: an axis sequence with no axis twice in a
/// row (six Tait–Bryan like `zyx`, six proper Euler like `zxz`), intrinsic
/// or extrinsic.
///
/// Parsed SciPy's way: lower case extrinsic, upper case intrinsic.
///
/// ```
/// use toolcup_rotation::{EulerConvention, EulerKind, UnitQuaternion};
/// let yaw_pitch_roll: EulerConvention = "ZYX".parse()?;
/// assert_eq!(yaw_pitch_roll.kind(), EulerKind::Intrinsic);
/// // Intrinsic ZYX equals extrinsic xyz with the angles reversed.
/// let a = yaw_pitch_roll.to_quaternion([0.3, -0.2, 1.1])?;
/// let b = "xyz".parse::<EulerConvention>()?.to_quaternion([1.1, -0.2, 0.3])?;
/// assert!(a.angle_to(b) < 1e-15);
/// assert!("xxz".parse::<EulerConvention>().is_err());
/// # Ok::<(), toolcup_rotation::RotationError>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct EulerConvention {
    axes: [Axis; 3],
    kind: EulerKind,
}

/// Euler angles read back from a rotation.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct EulerAngles {
    /// Radians; `angles[k]` turns about the k-th axis of the sequence. The
    /// first and third are in `(−π, π]`; the middle one in `[0, π]` for proper
    /// Euler sequences and `[−π/2, π/2]` for Tait–Bryan.
    pub angles: [f64; 3],
    /// The middle angle is within [`GIMBAL_LOCK_RAD`] of a singular value: the
    /// first and third angles then turn about the same line, only their sum
    /// (or difference) is determined, and the third is set to 0.
    pub gimbal_lock: bool,
}

/// How close (radians) the middle angle must come to its singular value for
/// [`EulerAngles::gimbal_lock`] to be reported.
pub const GIMBAL_LOCK_RAD: f64 = 1e-7;

impl EulerConvention {
    /// All 12 sequences, Tait–Bryan first, in the given kind.
    pub fn all(kind: EulerKind) -> [Self; 12] {
        use Axis::{X, Y, Z};
        [
            [X, Y, Z],
            [X, Z, Y],
            [Y, X, Z],
            [Y, Z, X],
            [Z, X, Y],
            [Z, Y, X],
            [X, Y, X],
            [X, Z, X],
            [Y, X, Y],
            [Y, Z, Y],
            [Z, X, Z],
            [Z, Y, Z],
        ]
        .map(|axes| Self { axes, kind })
    }

    /// Builds a convention.
    ///
    /// # Errors
    /// [`RotationError::UnknownEulerSequence`] when an axis repeats in a row.
    pub fn new(axes: [Axis; 3], kind: EulerKind) -> Result<Self> {
        if axes[0] == axes[1] || axes[1] == axes[2] {
            return Err(RotationError::UnknownEulerSequence {
                text: Self { axes, kind }.to_string(),
            });
        }
        Ok(Self { axes, kind })
    }

    /// The axis sequence.
    pub fn axes(&self) -> [Axis; 3] {
        self.axes
    }

    /// Intrinsic or extrinsic.
    pub fn kind(&self) -> EulerKind {
        self.kind
    }

    /// The rotation for three angles in radians, in canonical sign.
    ///
    /// # Errors
    /// [`RotationError::NonFiniteAngle`].
    pub fn to_quaternion(&self, angles: [f64; 3]) -> Result<UnitQuaternion> {
        for &value in &angles {
            if !value.is_finite() {
                return Err(RotationError::NonFiniteAngle {
                    what: "Euler angle",
                    value,
                });
            }
        }
        let e = |k: usize| {
            let (s, c) = (0.5 * angles[k]).sin_cos();
            let mut q = [c, 0.0, 0.0, 0.0];
            q[1 + self.axes[k].index()] = s;
            q
        };
        let q = match self.kind {
            EulerKind::Extrinsic => hamilton(hamilton(e(2), e(1)), e(0)),
            EulerKind::Intrinsic => hamilton(hamilton(e(0), e(1)), e(2)),
        };
        UnitQuaternion::from_array(q, crate::ScalarOrder::ScalarFirst)
            .map(UnitQuaternion::canonical)
    }

    /// The angles of a rotation in this convention (never NaN).
    ///
    /// ```
    /// use toolcup_rotation::EulerConvention;
    /// let zyx: EulerConvention = "zyx".parse()?;
    /// let q = zyx.to_quaternion([0.1, std::f64::consts::FRAC_PI_2, 0.2])?;
    /// let e = zyx.from_quaternion(q);
    /// assert!(e.gimbal_lock && e.angles[2] == 0.0);
    /// assert!(zyx.to_quaternion(e.angles)?.angle_to(q) < 1e-7);
    /// # Ok::<(), toolcup_rotation::RotationError>(())
    /// ```
    pub fn from_quaternion(&self, q: UnitQuaternion) -> EulerAngles {
        // Work on the extrinsic sequence; intrinsic is its reverse.
        let (first, third) = match self.kind {
            EulerKind::Extrinsic => (0, 2),
            EulerKind::Intrinsic => (2, 0),
        };
        let i = self.axes[first].index();
        let j = self.axes[1].index();
        let k_given = self.axes[third].index();
        let proper = i == k_given;
        let k = if proper { 3 - i - j } else { k_given };
        // Parity of (i, j, k): +1 for an even permutation of (x, y, z).
        let parity = if (i + 1) % 3 == j { 1.0 } else { -1.0 };
        let [w, v0, v1, v2] = <[f64; 4]>::from(q);
        let v = [v0, v1, v2];
        let (a, b, c, d) = if proper {
            (w, v[i], v[j], parity * v[k])
        } else {
            // Tait–Bryan: a quarter turn about j maps it to the proper case.
            (
                w - v[j],
                v[i] + parity * v[k],
                v[j] + w,
                parity * v[k] - v[i],
            )
        };
        let middle = 2.0 * c.hypot(d).atan2(a.hypot(b));
        let mut half_sum = b.atan2(a);
        let mut half_diff = d.atan2(c);
        let near_zero = middle <= GIMBAL_LOCK_RAD;
        let near_pi = (middle - std::f64::consts::PI).abs() <= GIMBAL_LOCK_RAD;
        // In gimbal lock one half-angle is undetermined: choose it so the
        // angle written third is 0.
        let zero_last_applied = self.kind == EulerKind::Extrinsic;
        let third_sign = if proper { 1.0 } else { parity };
        if near_zero {
            half_diff = if zero_last_applied {
                -half_sum
            } else {
                half_sum
            };
        } else if near_pi {
            half_sum = if zero_last_applied {
                -half_diff
            } else {
                half_diff
            };
        }
        let first_applied = half_sum - half_diff;
        let last_applied = third_sign * (half_sum + half_diff);
        let middle = if proper {
            middle
        } else {
            middle - std::f64::consts::FRAC_PI_2
        };
        let mut angles = [0.0; 3];
        angles[first] = wrap(first_applied);
        angles[1] = middle;
        angles[third] = wrap(last_applied);
        if near_zero || near_pi {
            angles[2] = 0.0;
        }
        // Adding +0.0 turns -0.0 into +0.0.
        let angles = angles.map(|a| a + 0.0);
        EulerAngles {
            angles,
            gimbal_lock: near_zero || near_pi,
        }
    }
}

/// Wraps an angle into `(−π, π]`, leaving an angle already there exactly as
/// it is: `rem_euclid` would add 2π to a negative angle and take it away
/// again, rounding it twice (up to 4.4e-16 lost, which is most of a small
/// angle's precision).
fn wrap(a: f64) -> f64 {
    use std::f64::consts::{PI, TAU};
    if a > -PI && a <= PI {
        return a;
    }
    let r = a.rem_euclid(TAU);
    if r > PI { r - TAU } else { r }
}

impl fmt::Display for EulerConvention {
    /// Lower case for extrinsic, upper case for intrinsic.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for a in self.axes {
            let c = match (a, self.kind) {
                (Axis::X, EulerKind::Extrinsic) => 'x',
                (Axis::Y, EulerKind::Extrinsic) => 'y',
                (Axis::Z, EulerKind::Extrinsic) => 'z',
                (Axis::X, EulerKind::Intrinsic) => 'X',
                (Axis::Y, EulerKind::Intrinsic) => 'Y',
                (Axis::Z, EulerKind::Intrinsic) => 'Z',
            };
            write!(f, "{c}")?;
        }
        Ok(())
    }
}

impl FromStr for EulerConvention {
    type Err = RotationError;
    fn from_str(text: &str) -> Result<Self> {
        let bad = || RotationError::UnknownEulerSequence {
            text: text.to_string(),
        };
        let t = text.trim();
        let chars: Vec<char> = t.chars().collect();
        if chars.len() != 3 {
            return Err(bad());
        }
        let kind = if chars.iter().all(char::is_ascii_lowercase) {
            EulerKind::Extrinsic
        } else if chars.iter().all(char::is_ascii_uppercase) {
            EulerKind::Intrinsic
        } else {
            return Err(bad());
        };
        let mut axes = [Axis::X; 3];
        for (slot, c) in axes.iter_mut().zip(&chars) {
            *slot = match c.to_ascii_lowercase() {
                'x' => Axis::X,
                'y' => Axis::Y,
                'z' => Axis::Z,
                _ => return Err(bad()),
            };
        }
        Self::new(axes, kind).map_err(|_| bad())
    }
}

impl TryFrom<String> for EulerConvention {
    type Error = RotationError;
    fn try_from(s: String) -> Result<Self> {
        s.parse()
    }
}

impl From<EulerConvention> for String {
    fn from(c: EulerConvention) -> Self {
        c.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::f64::consts::{FRAC_PI_2, PI};

    fn all_conventions() -> Vec<EulerConvention> {
        let mut v = EulerConvention::all(EulerKind::Extrinsic).to_vec();
        v.extend(EulerConvention::all(EulerKind::Intrinsic));
        v
    }

    #[test]
    fn parses_and_prints_all_24() {
        for c in all_conventions() {
            let back: EulerConvention = c.to_string().parse().expect("round trip");
            assert_eq!(back, c);
        }
        for bad in ["", "xy", "xyzx", "xXz", "xxy", "abc", "zyy"] {
            assert!(bad.parse::<EulerConvention>().is_err(), "{bad}");
        }
    }

    #[test]
    fn round_trips_angles_for_every_convention() {
        let sets: [[f64; 3]; 3] = [[0.3, 0.4, -1.2], [-2.9, 1.2, 3.0], [1.0, 0.01, -0.5]];
        for c in all_conventions() {
            let proper = c.axes[0] == c.axes[2];
            for s in sets {
                let mut a = s;
                if proper {
                    a[1] = a[1].abs() + 0.2;
                }
                let q = c.to_quaternion(a).expect("finite");
                let e = c.from_quaternion(q);
                assert!(!e.gimbal_lock);
                for k in 0..3 {
                    assert!(
                        (e.angles[k] - a[k]).abs() < 1e-13,
                        "{c} {a:?} -> {:?}",
                        e.angles
                    );
                }
            }
        }
    }

    #[test]
    fn wrap_leaves_in_range_angles_exactly_alone() {
        let mut rng = crate::RotationSampler::new(11);
        for _ in 0..100_000 {
            let a = -PI + 2.0 * PI * rng.next_unit_interval();
            if a > -PI {
                assert_eq!(wrap(a).to_bits(), a.to_bits(), "{a}");
            }
            let tiny = -(rng.next_unit_interval() * 1e-3);
            assert_eq!(wrap(tiny).to_bits(), tiny.to_bits());
        }
        assert_eq!(wrap(PI), PI);
        assert_eq!(wrap(-PI), PI);
        assert!((wrap(3.0 * PI) - PI).abs() < 1e-15);
        assert!((wrap(-2.5 * PI) + 0.5 * PI).abs() < 1e-15);
    }

    #[test]
    fn gimbal_lock_keeps_the_rotation() {
        for c in all_conventions() {
            let proper = c.axes[0] == c.axes[2];
            let singular: &[f64] = if proper {
                &[0.0, PI]
            } else {
                &[FRAC_PI_2, -FRAC_PI_2]
            };
            for &m in singular {
                let q = c.to_quaternion([0.7, m, -0.4]).expect("finite");
                let e = c.from_quaternion(q);
                assert!(e.gimbal_lock, "{c} {m}");
                assert_eq!(e.angles[2], 0.0);
                let back = c.to_quaternion(e.angles).expect("finite");
                assert!(back.angle_to(q) < 1e-7, "{c} {m}: {:?}", e.angles);
            }
        }
    }
}
