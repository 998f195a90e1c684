//! Spherical linear interpolation.

use crate::RotationVector;
use crate::error::{Result, RotationError};
use crate::quaternion::UnitQuaternion;

impl UnitQuaternion {
    /// Spherical linear interpolation along the shorter arc: `t = 0` gives
    /// `self`, `t = 1` gives `other` (possibly as `-other`, the same
    /// rotation), and other `t` extrapolate. Computed as
    /// `self * exp(t · log(self⁻¹ other))`, which stays accurate for tiny
    /// and near-180° differences where `acos` of the dot product does not.
    ///
    /// # Errors
    /// [`RotationError::InvalidInterpolation`] for non-finite `t`,
    /// [`RotationError::InterpolationOverflow`] when `t` times the angle
    /// between the rotations overflows.
    ///
    /// ```
    /// use toolcup_rotation::{AxisAngle, UnitQuaternion};
    /// let a = UnitQuaternion::IDENTITY;
    /// let b = AxisAngle::new([0.0, 0.0, 1.0], 1.0)?.to_quaternion();
    /// let mid = a.slerp(b, 0.5)?;
    /// assert!((AxisAngle::from(mid).angle() - 0.5).abs() < 1e-15);
    /// # Ok::<(), toolcup_rotation::RotationError>(())
    /// ```
    pub fn slerp(self, other: Self, t: f64) -> Result<Self> {
        if !t.is_finite() {
            return Err(RotationError::InvalidInterpolation { value: t });
        }
        // Relative rotation on the short arc (w ≥ 0 after canonical()).
        let delta = (self.inverse() * other).canonical();
        let v = RotationVector::from_quaternion(delta).vector();
        let step = RotationVector::new(v.map(|c| c * t))
            .map_err(|_| RotationError::InterpolationOverflow { value: t })?
            .to_quaternion();
        Ok(self * step)
    }
}

#[cfg(test)]
mod tests {
    use crate::{AxisAngle, RotationError};

    #[test]
    fn endpoints_and_short_arc() {
        let a = AxisAngle::new([1.0, 2.0, 3.0], 0.4)
            .expect("valid")
            .to_quaternion();
        let b = AxisAngle::new([-1.0, 0.0, 1.0], 2.5)
            .expect("valid")
            .to_quaternion();
        assert!(a.slerp(b, 0.0).expect("t").angle_to(a) < 1e-15);
        assert!(a.slerp(b, 1.0).expect("t").angle_to(b) < 1e-15);
        // Passing -b must give the same path.
        let m1 = a.slerp(b, 0.3).expect("t");
        let m2 = a.slerp(b.negated(), 0.3).expect("t");
        assert!(m1.angle_to(m2) < 1e-15);
        // Constant angular speed.
        let total = a.angle_to(b);
        assert!((a.angle_to(m1) - 0.3 * total).abs() < 1e-14);
        assert!(a.slerp(b, f64::NAN).is_err());
        assert_eq!(
            a.slerp(b, 1e308),
            Err(RotationError::InterpolationOverflow { value: 1e308 })
        );
        assert!(a.slerp(b, 1e300).is_ok());
    }
}
