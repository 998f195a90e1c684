//! Axis–angle and rotation-vector forms.

use crate::error::{Result, RotationError};
use crate::quaternion::UnitQuaternion;

/// A rotation by `angle` radians about a unit `axis`, right-handed
/// (counter-clockwise looking down the axis towards the origin).
///
/// From a quaternion the angle is in `[0, π]`; for the identity the axis is
/// `(1, 0, 0)` by convention.
///
/// ```
/// use toolcup_rotation::{AxisAngle, UnitQuaternion};
/// let a = AxisAngle::new([0.0, 0.0, 2.0], std::f64::consts::PI)?;
/// assert_eq!(a.axis(), [0.0, 0.0, 1.0]);
/// let q = a.to_quaternion();
/// assert!(q.w().abs() < 1e-16 && q.z() == 1.0);
/// # Ok::<(), toolcup_rotation::RotationError>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct AxisAngle {
    axis: [f64; 3],
    angle: f64,
}

impl AxisAngle {
    /// Builds from any non-zero finite axis (normalised here) and a finite
    /// angle in radians.
    ///
    /// # Errors
    /// [`RotationError::InvalidAxis`], [`RotationError::NonFiniteAngle`].
    pub fn new(axis: [f64; 3], angle: f64) -> Result<Self> {
        let axis = unit_axis(axis)?;
        if !angle.is_finite() {
            return Err(RotationError::NonFiniteAngle {
                what: "angle",
                value: angle,
            });
        }
        Ok(Self { axis, angle })
    }

    /// The unit axis.
    pub fn axis(&self) -> [f64; 3] {
        self.axis
    }

    /// The angle in radians.
    pub fn angle(&self) -> f64 {
        self.angle
    }

    /// The rotation as a unit quaternion `±(cos θ/2, sin θ/2 · axis)`, in
    /// canonical sign (so an angle past 180° comes back as the shorter turn
    /// the other way).
    pub fn to_quaternion(&self) -> UnitQuaternion {
        let (s, c) = (0.5 * self.angle).sin_cos();
        let [x, y, z] = self.axis;
        // Axis is unit and (s, c) on the circle: the result is unit to rounding.
        UnitQuaternion::from_wxyz_unchecked([c, s * x, s * y, s * z]).canonical()
    }

    /// Axis and angle in `[0, π]` of a quaternion, computed with `atan2` so
    /// small and near-180° angles keep full precision.
    pub fn from_quaternion(q: UnitQuaternion) -> Self {
        let q = q.canonical();
        let [w, x, y, z] = <[f64; 4]>::from(q);
        let s = x.hypot(y).hypot(z);
        let angle = 2.0 * s.atan2(w);
        let axis = if s > 0.0 {
            [x / s, y / s, z / s]
        } else {
            [1.0, 0.0, 0.0]
        };
        Self { axis, angle }
    }
}

impl From<AxisAngle> for UnitQuaternion {
    fn from(a: AxisAngle) -> Self {
        a.to_quaternion()
    }
}

impl From<UnitQuaternion> for AxisAngle {
    fn from(q: UnitQuaternion) -> Self {
        Self::from_quaternion(q)
    }
}

/// The axis scaled to unit length. Scaled by its largest component first, so
/// that axes near the top of the `f64` range do not overflow and subnormal
/// ones keep their direction.
fn unit_axis(axis: [f64; 3]) -> Result<[f64; 3]> {
    let [x, y, z] = axis;
    let largest = axis.iter().fold(0.0_f64, |m, v| m.max(v.abs()));
    if !(largest.is_finite() && largest > 0.0) || axis.iter().any(|v| !v.is_finite()) {
        return Err(RotationError::InvalidAxis { x, y, z });
    }
    let [x, y, z] = axis.map(|v| v / largest);
    let n = x.hypot(y).hypot(z);
    Ok([x / n, y / n, z / n])
}

/// A rotation vector: axis times angle in radians (the exponential
/// coordinates of the rotation), norm in `[0, π]` when made from a rotation.
///
/// ```
/// use toolcup_rotation::{RotationVector, UnitQuaternion};
/// let q = RotationVector::new([0.0, 0.0, std::f64::consts::FRAC_PI_2])?.to_quaternion();
/// let back = RotationVector::from_quaternion(q);
/// assert!((back.vector()[2] - std::f64::consts::FRAC_PI_2).abs() < 1e-15);
/// # Ok::<(), toolcup_rotation::RotationError>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct RotationVector([f64; 3]);

impl RotationVector {
    /// Checks that all three components and the angle (the vector's
    /// length) are finite.
    ///
    /// # Errors
    /// [`RotationError::NonFiniteAngle`].
    pub fn new(v: [f64; 3]) -> Result<Self> {
        for (i, &value) in v.iter().enumerate() {
            if !value.is_finite() {
                return Err(RotationError::NonFiniteAngle {
                    what: [
                        "rotation vector x",
                        "rotation vector y",
                        "rotation vector z",
                    ][i],
                    value,
                });
            }
        }
        let [x, y, z] = v;
        let angle = x.hypot(y).hypot(z);
        if !angle.is_finite() {
            return Err(RotationError::NonFiniteAngle {
                what: "rotation vector length (its angle)",
                value: angle,
            });
        }
        Ok(Self(v))
    }

    /// The three components, radians.
    pub fn vector(&self) -> [f64; 3] {
        self.0
    }

    /// `±exp(v/2)` as a quaternion in canonical sign, with a series for tiny
    /// angles.
    pub fn to_quaternion(&self) -> UnitQuaternion {
        let [x, y, z] = self.0;
        let theta = x.hypot(y).hypot(z);
        let half = 0.5 * theta;
        // sin(θ/2)/θ, by Taylor series below 1e-4 where the quotient loses digits.
        let k = if theta < 1e-4 {
            let t2 = theta * theta;
            0.5 - t2 / 48.0 + t2 * t2 / 3840.0
        } else {
            half.sin() / theta
        };
        let q = [half.cos(), k * x, k * y, k * z];
        // Normalise: for huge angles sin and cos round independently.
        UnitQuaternion::from_array(q, crate::ScalarOrder::ScalarFirst)
            .unwrap_or(UnitQuaternion::IDENTITY)
            .canonical()
    }

    /// The rotation vector of a quaternion, norm in `[0, π]`.
    pub fn from_quaternion(q: UnitQuaternion) -> Self {
        let [w, x, y, z] = <[f64; 4]>::from(q.canonical());
        let s = x.hypot(y).hypot(z);
        let angle = 2.0 * s.atan2(w);
        // angle / sin(angle/2) → 2 as s → 0.
        let k = if s > 1e-8 { angle / s } else { 2.0 / w };
        Self([k * x, k * y, k * z])
    }
}

impl From<RotationVector> for UnitQuaternion {
    fn from(v: RotationVector) -> Self {
        v.to_quaternion()
    }
}

impl From<UnitQuaternion> for RotationVector {
    fn from(q: UnitQuaternion) -> Self {
        Self::from_quaternion(q)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refuses_bad_axis_and_angle() {
        assert!(AxisAngle::new([0.0, 0.0, 0.0], 1.0).is_err());
        assert!(AxisAngle::new([f64::NAN, 0.0, 1.0], 1.0).is_err());
        assert!(AxisAngle::new([1.0, 0.0, 0.0], f64::INFINITY).is_err());
        assert!(AxisAngle::new([1e300, 1e300, 0.0], 1.0).is_ok());
        assert!(RotationVector::new([0.0, f64::NAN, 0.0]).is_err());
        // Each component finite, but the length overflows: refused, where it
        // used to turn silently into the identity.
        assert!(matches!(
            RotationVector::new([1.5e308, 1.5e308, 0.0]),
            Err(RotationError::NonFiniteAngle { .. })
        ));
        // Axes of any finite non-zero length keep their direction.
        let s = std::f64::consts::FRAC_1_SQRT_2;
        for axis in [[1e308, 1e308, 0.0], [5e-324, 5e-324, 0.0], [3.0, 3.0, 0.0]] {
            let a = AxisAngle::new(axis, 1.0)
                .expect("finite non-zero axis")
                .axis();
            assert!(
                (a[0] - s).abs() < 2e-16 && (a[1] - s).abs() < 2e-16 && a[2] == 0.0,
                "{a:?}"
            );
        }
    }

    #[test]
    fn tiny_and_half_turn_angles() {
        let v = RotationVector::new([1e-12, -2e-12, 0.0]).expect("finite");
        let back = RotationVector::from_quaternion(v.to_quaternion()).vector();
        assert!((back[0] - 1e-12).abs() < 1e-27 && (back[1] + 2e-12).abs() < 1e-27);
        let a = AxisAngle::from_quaternion(UnitQuaternion::new(0.0, 0.0, 1.0, 0.0).expect("unit"));
        assert_eq!(
            (a.axis(), a.angle()),
            ([0.0, 1.0, 0.0], std::f64::consts::PI)
        );
        let id = AxisAngle::from_quaternion(UnitQuaternion::IDENTITY);
        assert_eq!((id.axis(), id.angle()), ([1.0, 0.0, 0.0], 0.0));
    }
}
