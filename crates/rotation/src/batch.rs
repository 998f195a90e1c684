//! Conversions over slices of many rotations.
//!
//! Matrices go through the branch-free kernel four at a time (structure of
//! arrays), which the compiler turns into SIMD code; results are
//! bit-identical to converting one at a time.

use crate::error::{Result, RotationError};
use crate::kernel::{quaternion_to_rows, rows_to_quaternion_lanes};
use crate::matrix::RotationMatrix;
use crate::quaternion::UnitQuaternion;

/// Matrices per kernel call: four measured fastest on baseline x86-64 (SSE2)
/// and on AVX2 alike (eight spills registers).
const LANES: usize = 4;

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
    let mut ins = input.chunks_exact(LANES);
    let mut outs = output.chunks_exact_mut(LANES);
    for (chunk_in, chunk_out) in (&mut ins).zip(&mut outs) {
        let mut soa = [[0.0; LANES]; 9];
        for (l, m) in chunk_in.iter().enumerate() {
            let rows = m.rows();
            for (e, lane) in soa.iter_mut().enumerate() {
                lane[l] = rows[e / 3][e % 3];
            }
        }
        let q = rows_to_quaternion_lanes(&soa);
        for (l, slot) in chunk_out.iter_mut().enumerate() {
            *slot = UnitQuaternion::from_wxyz_unchecked([q[0][l], q[1][l], q[2][l], q[3][l]]);
        }
    }
    for (m, slot) in ins.remainder().iter().zip(outs.into_remainder()) {
        *slot = m.to_quaternion();
    }
    Ok(())
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
    for (q, slot) in input.iter().zip(output.iter_mut()) {
        *slot = RotationMatrix::from_rows_unchecked(quaternion_to_rows((*q).into()));
    }
    Ok(())
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
