//! Seeded uniform random rotations.

use rand::{RngExt, SeedableRng, rngs::Xoshiro256PlusPlus};

use crate::quaternion::UnitQuaternion;

/// Uniformly distributed random rotations (Haar measure on SO(3)) by
/// Shoemake's method, from a seeded Xoshiro256++ generator: the same seed
/// gives the same rotations on every machine.
///
/// ```
/// use toolcup_rotation::RotationSampler;
/// let a: Vec<_> = RotationSampler::new(1).take(3).collect();
/// let b: Vec<_> = RotationSampler::new(1).take(3).collect();
/// assert_eq!(a, b);
/// ```
#[derive(Debug, Clone)]
pub struct RotationSampler {
    rng: Xoshiro256PlusPlus,
}

impl RotationSampler {
    /// A sampler seeded with `seed`.
    pub fn new(seed: u64) -> Self {
        Self {
            rng: Xoshiro256PlusPlus::seed_from_u64(seed),
        }
    }

    /// The next random rotation, in canonical sign.
    pub fn next_quaternion(&mut self) -> UnitQuaternion {
        loop {
            let u1: f64 = self.rng.random();
            let u2: f64 = self.rng.random();
            let u3: f64 = self.rng.random();
            let (a, b) = ((1.0 - u1).sqrt(), u1.sqrt());
            let (s2, c2) = (std::f64::consts::TAU * u2).sin_cos();
            let (s3, c3) = (std::f64::consts::TAU * u3).sin_cos();
            // Normalising absorbs the rounding of the square roots and sines.
            if let Ok(q) = UnitQuaternion::new(b * c3, a * s2, a * c2, b * s3) {
                return q.canonical();
            }
        }
    }

    /// A uniform number in `[0, 1)`, for callers that perturb samples.
    pub fn next_unit_interval(&mut self) -> f64 {
        self.rng.random()
    }
}

impl Iterator for RotationSampler {
    type Item = UnitQuaternion;
    fn next(&mut self) -> Option<UnitQuaternion> {
        Some(self.next_quaternion())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mean_of_w_squared_is_a_quarter() {
        // For Haar-uniform rotations E[w²] = 1/4 and E[|w|] = 4/(3π).
        let n = 200_000;
        let (mut sq, mut abs) = (0.0, 0.0);
        for q in RotationSampler::new(3).take(n) {
            sq += q.w() * q.w();
            abs += q.w().abs();
        }
        assert!((sq / n as f64 - 0.25).abs() < 3e-3);
        assert!((abs / n as f64 - 4.0 / (3.0 * std::f64::consts::PI)).abs() < 3e-3);
    }
}
