//! Conversions over slices of many rotations.
//!
//! Where the processor has AVX2 (checked at run time, whatever the build's
//! target), matrix to quaternion runs four matrices at a time in AVX2
//! registers (see `avx2.rs`), and quaternion to matrix runs its loop compiled
//! with AVX2 enabled; elsewhere both run the one-at-a-time kernels for the
//! build's target. [`kernel`] says which this processor gets. Nothing
//! contracts a multiply and an add into an FMA, and every lane does the
//! one-at-a-time kernel's operations in its order, so results are
//! bit-identical to converting one at a time on every processor.

use crate::error::{Result, RotationError};
use crate::kernel::{quaternion_to_rows, rows_to_quaternion};
use crate::matrix::RotationMatrix;
use crate::quaternion::UnitQuaternion;

/// The kernels the slice conversions run with on this processor, chosen at
/// run time: `"AVX2"` or `"baseline"` (the build's target, SSE2 by default).
///
/// ```
/// let k = toolcup_rotation::batch::kernel();
/// assert!(k == "AVX2" || k == "baseline");
/// ```
pub fn kernel() -> &'static str {
    match Kernel::detect() {
        #[cfg(target_arch = "x86_64")]
        Kernel::Avx2(_) => "AVX2",
        Kernel::Baseline => "baseline",
    }
}

/// The slice loops a processor can run.
#[derive(Clone, Copy)]
enum Kernel {
    /// Compiled with AVX2 and FMA enabled (x86-64-v3), for processors that
    /// have them.
    #[cfg(target_arch = "x86_64")]
    Avx2(pulp::x86::V3),
    /// Compiled for the build's target.
    Baseline,
}

impl Kernel {
    /// The best kernel this processor can run.
    fn detect() -> Self {
        #[cfg(target_arch = "x86_64")]
        if let Some(v3) = pulp::x86::V3::try_new() {
            return Self::Avx2(v3);
        }
        Self::Baseline
    }
}

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
    matrices_with(Kernel::detect(), input, output);
    Ok(())
}

/// [`matrices_to_quaternions`] with the given kernel (equal lengths).
fn matrices_with(kernel: Kernel, input: &[RotationMatrix], output: &mut [UnitQuaternion]) {
    match kernel {
        #[cfg(target_arch = "x86_64")]
        Kernel::Avx2(v3) => crate::avx2::matrices_to_quaternions(v3, input, output),
        Kernel::Baseline => {
            for (m, q) in input.iter().zip(output.iter_mut()) {
                *q = UnitQuaternion::from_wxyz_unchecked(rows_to_quaternion(&m.rows));
            }
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
    quaternions_with(Kernel::detect(), input, output);
    Ok(())
}

/// [`quaternions_to_matrices`] with the given kernel (equal lengths).
fn quaternions_with(kernel: Kernel, input: &[UnitQuaternion], output: &mut [RotationMatrix]) {
    match kernel {
        #[cfg(target_arch = "x86_64")]
        Kernel::Avx2(v3) => crate::avx2::quaternions_to_matrices(v3, input, output),
        Kernel::Baseline => quaternions_loop(input, output),
    }
}

/// Quaternion to matrix one at a time, over the slices (equal lengths).
#[inline(always)]
pub(crate) fn quaternions_loop(input: &[UnitQuaternion], output: &mut [RotationMatrix]) {
    for (q, m) in input.iter().zip(output.iter_mut()) {
        *m = RotationMatrix::from_rows_unchecked(quaternion_to_rows(q.wxyz));
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
    let mut out = vec![RotationMatrix::IDENTITY; input.len()];
    // Lengths are equal by construction.
    let _ = quaternions_to_matrices(input, &mut out);
    out
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
    use crate::matrix::Tolerance;
    use crate::sampling::RotationSampler;

    fn bits_q(q: &UnitQuaternion) -> [u64; 4] {
        q.wxyz.map(f64::to_bits)
    }

    fn bits_m(m: &RotationMatrix) -> [[u64; 3]; 3] {
        m.rows.map(|row| row.map(f64::to_bits))
    }

    /// Matrices that take every path of the kernel: random rotations, exact
    /// half turns (zero components, pivot ties), the identity, matrices
    /// within the tolerance but off orthogonal (renormalised), and entries
    /// that are negative zeros.
    fn awkward_matrices() -> Vec<RotationMatrix> {
        let mut s = RotationSampler::new(7);
        let mut ms: Vec<RotationMatrix> = (0..8 * 40 + 5)
            .map(|_| RotationMatrix::from_quaternion(s.next_quaternion()))
            .collect();
        let loose = Tolerance::new(1e-3).expect("valid");
        let h = std::f64::consts::FRAC_1_SQRT_2;
        let special = [
            [[1.0, 0.0, 0.0], [0.0, -1.0, 0.0], [0.0, 0.0, -1.0]],
            [[-1.0, 0.0, 0.0], [0.0, 1.0, 0.0], [0.0, 0.0, -1.0]],
            [[-1.0, 0.0, 0.0], [0.0, -1.0, 0.0], [0.0, 0.0, 1.0]],
            [[1.0, 0.0, 0.0], [0.0, 1.0, 0.0], [0.0, 0.0, 1.0]],
            [[1.0, -0.0, 0.0], [0.0, 1.0, -0.0], [-0.0, 0.0, 1.0]],
            // Half turn about x whose K entry r32 − r23 is −0: the zero
            // component comes out −0 before the canonical sign clears it.
            [[1.0, 0.0, 0.0], [0.0, -1.0, 0.0], [0.0, -0.0, -1.0]],
            [[0.0, -1.0, 0.0], [1.0, 0.0, 0.0], [0.0, 0.0, 1.0]],
            [[0.0, 1.0, 0.0], [1.0, 0.0, 0.0], [0.0, 0.0, -1.0]],
            [[h, -h, 0.0], [h, h, 0.0], [0.0, 0.0, 1.0]],
            // Off orthogonal by about 1e-5: renormalised.
            [[1.0, 1e-5, 0.0], [0.0, 1.0, 0.0], [0.0, 0.0, 1.0]],
            [[0.0, -1.0, 2e-5], [1.0, 0.0, 0.0], [0.0, 0.0, 0.99999]],
        ];
        let n = ms.len();
        for (k, rows) in special.iter().enumerate() {
            let m = RotationMatrix::new(*rows, loose).expect("within the tolerance");
            // Spread over every lane position and the tail.
            ms[k * 37 % n] = m;
            ms[(k * 37 + 1) % n] = m;
            ms.push(m);
        }
        ms
    }

    /// Every kernel this processor can run: the detected one and the
    /// baseline loops.
    fn kernels() -> [Kernel; 2] {
        [Kernel::detect(), Kernel::Baseline]
    }

    #[test]
    fn every_kernel_equals_one_at_a_time_bit_for_bit() {
        let ms = awkward_matrices();
        for kernel in kernels() {
            let mut qs = vec![UnitQuaternion::IDENTITY; ms.len()];
            matrices_with(kernel, &ms, &mut qs);
            for (m, q) in ms.iter().zip(&qs) {
                assert_eq!(bits_q(&m.to_quaternion()), bits_q(q), "{m:?}");
            }
            let mut back = vec![RotationMatrix::IDENTITY; qs.len()];
            quaternions_with(kernel, &qs, &mut back);
            for (q, m) in qs.iter().zip(&back) {
                assert_eq!(bits_m(&RotationMatrix::from_quaternion(*q)), bits_m(m));
            }
        }
    }

    #[test]
    fn batch_equals_one_at_a_time_bit_for_bit() {
        let ms = awkward_matrices();
        // Every length up to 9, so each tail length runs, and the whole.
        for len in (0..=9).chain([ms.len()]) {
            let qs = to_quaternions(&ms[..len]);
            assert_eq!(qs.len(), len);
            for (m, q) in ms.iter().zip(&qs) {
                assert_eq!(bits_q(&m.to_quaternion()), bits_q(q), "{m:?}");
            }
            let back = to_matrices(&qs);
            for (q, m) in qs.iter().zip(&back) {
                assert_eq!(bits_m(&RotationMatrix::from_quaternion(*q)), bits_m(m));
            }
        }
    }

    #[test]
    fn renormalised_lanes_stay_apart() {
        // One off-orthogonal matrix among three rotations: only its lane is
        // divided by the norm, wherever it sits in the block of four.
        let loose = Tolerance::new(1e-3).expect("valid");
        let off = RotationMatrix::new([[1.0, 1e-5, 0.0], [0.0, 1.0, 0.0], [0.0, 0.0, 1.0]], loose)
            .expect("within the tolerance");
        let mut s = RotationSampler::new(3);
        for lane in 0..4 {
            let mut ms: Vec<RotationMatrix> = (0..4)
                .map(|_| RotationMatrix::from_quaternion(s.next_quaternion()))
                .collect();
            ms[lane] = off;
            let qs = to_quaternions(&ms);
            for (m, q) in ms.iter().zip(&qs) {
                assert_eq!(bits_q(&m.to_quaternion()), bits_q(q));
            }
        }
    }

    #[test]
    fn lengths_must_match() {
        let ms = vec![RotationMatrix::IDENTITY; 325];
        let mut short = vec![UnitQuaternion::IDENTITY; 3];
        assert!(matches!(
            matrices_to_quaternions(&ms, &mut short),
            Err(RotationError::LengthMismatch {
                input: 325,
                output: 3
            })
        ));
        let qs = vec![UnitQuaternion::IDENTITY; 2];
        let mut long = vec![RotationMatrix::IDENTITY; 5];
        assert!(matches!(
            quaternions_to_matrices(&qs, &mut long),
            Err(RotationError::LengthMismatch {
                input: 2,
                output: 5
            })
        ));
    }
}
