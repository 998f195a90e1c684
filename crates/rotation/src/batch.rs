//! Conversions over slices of many rotations.
//!
//! The loops are compiled twice, for baseline x86-64 and for AVX2 with FMA,
//! and the wider one is picked at run time where the processor has it
//! (through [`pulp`], with no `unsafe` here). Neither form contracts a
//! multiply and an add into an FMA, so results are bit-identical to
//! converting one at a time on every processor.

use crate::error::{Result, RotationError};
use crate::kernel::quaternion_to_rows;
use crate::matrix::RotationMatrix;
use crate::quaternion::UnitQuaternion;

/// Converts every matrix of `input` into `output[i]`.
///
/// # Errors
/// [`RotationError::LengthMismatch`] when the slices differ in length.
///
/// ```
/// use toolcup_rotation::{batch, RotationMatrix, UnitQuaternion};
/// let ms = vec![RotationMatrix::IDENTITY; 10];
/// let mut qs = vec![UnitQuaternion::IDENTITY; 10];
/// batch::matrices_to_quaternions(&ms, &mut qs)?;
/// assert!(qs.iter().all(|q| *q == UnitQuaternion::IDENTITY));
/// # Ok::<(), toolcup_rotation::RotationError>(())
/// ```
pub fn matrices_to_quaternions(
    input: &[RotationMatrix],
    output: &mut [UnitQuaternion],
) -> Result<()> {
    check_lengths(input.len(), output.len())?;
    pulp::Arch::new().dispatch(MatricesToQuaternions { input, output });
    Ok(())
}

/// The slice conversion as a [`pulp::WithSimd`] operation, so that it is
/// compiled once more with AVX2 and FMA enabled and picked at run time where
/// the processor has them. Everything it calls is `#[inline(always)]`, which
/// is what puts that code under the wider instruction set.
struct MatricesToQuaternions<'a> {
    input: &'a [RotationMatrix],
    output: &'a mut [UnitQuaternion],
}

impl pulp::WithSimd for MatricesToQuaternions<'_> {
    type Output = ();

    #[inline(always)]
    fn with_simd<S: pulp::Simd>(self, _simd: S) {
        for (m, slot) in self.input.iter().zip(self.output.iter_mut()) {
            *slot = m.to_quaternion();
        }
    }
}

/// Converts every quaternion of `input` into `output[i]`.
///
/// # Errors
/// [`RotationError::LengthMismatch`] when the slices differ in length.
pub fn quaternions_to_matrices(
    input: &[UnitQuaternion],
    output: &mut [RotationMatrix],
) -> Result<()> {
    check_lengths(input.len(), output.len())?;
    pulp::Arch::new().dispatch(QuaternionsToMatrices { input, output });
    Ok(())
}

/// The slice conversion as a [`pulp::WithSimd`] operation (see
/// [`MatricesToQuaternions`]).
struct QuaternionsToMatrices<'a> {
    input: &'a [UnitQuaternion],
    output: &'a mut [RotationMatrix],
}

impl pulp::WithSimd for QuaternionsToMatrices<'_> {
    type Output = ();

    #[inline(always)]
    fn with_simd<S: pulp::Simd>(self, _simd: S) {
        for (q, slot) in self.input.iter().zip(self.output.iter_mut()) {
            *slot = RotationMatrix::from_rows_unchecked(quaternion_to_rows((*q).into()));
        }
    }
}

/// Allocating form of [`matrices_to_quaternions`].
pub fn to_quaternions(input: &[RotationMatrix]) -> Vec<UnitQuaternion> {
    let mut out = vec![UnitQuaternion::IDENTITY; input.len()];
    // Lengths are equal by construction.
    let _ = matrices_to_quaternions(input, &mut out);
    out
}

/// Allocating form of [`quaternions_to_matrices`].
pub fn to_matrices(input: &[UnitQuaternion]) -> Vec<RotationMatrix> {
    input
        .iter()
        .map(|q| RotationMatrix::from_quaternion(*q))
        .collect()
}

fn check_lengths(input: usize, output: usize) -> Result<()> {
    if input == output {
        Ok(())
    } else {
        Err(RotationError::LengthMismatch { input, output })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sampling::RotationSampler;

    #[test]
    fn batch_equals_one_at_a_time_bit_for_bit() {
        let mut s = RotationSampler::new(7);
        // 8k + 5 so the remainder path runs too; include exact half turns.
        let mut ms: Vec<RotationMatrix> = (0..8 * 40 + 5)
            .map(|_| RotationMatrix::from_quaternion(s.next_quaternion()))
            .collect();
        ms[3] = RotationMatrix::from_quaternion(
            UnitQuaternion::new(0.0, 0.6, 0.0, -0.8).expect("unit"),
        );
        let qs = to_quaternions(&ms);
        for (m, q) in ms.iter().zip(&qs) {
            assert_eq!(m.to_quaternion(), *q);
        }
        let back = to_matrices(&qs);
        assert_eq!(back.len(), ms.len());
        let mut short = vec![UnitQuaternion::IDENTITY; 3];
        assert!(matches!(
            matrices_to_quaternions(&ms, &mut short),
            Err(RotationError::LengthMismatch {
                input: 325,
                output: 3
            })
        ));
    }
}
