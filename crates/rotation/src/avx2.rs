//! The slice loops compiled with AVX2, for [`crate::batch`]: matrix to
//! quaternion on four matrices at once in 256-bit registers, and quaternion
//! to matrix as the one-at-a-time kernel, which the compiler vectorises.
//!
//! Matrix to quaternion loads four matrices as nine registers (their 36
//! entries in memory order) and transposes them with 18 blends and shuffles
//! into nine registers of one entry each (entry `e` of matrix `l` in lane
//! `l`); the kernel of [`crate::kernel::rows_to_quaternion`] runs on those,
//! and eight shuffles turn the four component registers back into four
//! quaternions. Every step is the scalar kernel's operation, in the scalar
//! kernel's order, on each lane: additions, multiplications, one division
//! and one square root are correctly rounded in both forms, nothing is fused
//! into an FMA, the selects pick bit patterns, and the sign operations work
//! on the sign bit as `f64::copysign` and `-` do. So each lane is
//! bit-identical to converting its matrix alone (the tests in `batch.rs` and
//! `tests/properties.rs` check this bit for bit). Written out this way it
//! measured 141 million matrices a second against 121 with the compiler's
//! own transposes and a lane-by-lane renormalisation check.
//!
//! The code is compiled with AVX2 enabled by [`pulp`]'s `vectorize`: it must
//! be inlined (`#[inline(always)]`) into the `with_simd` that `vectorize`
//! runs, or it would be compiled for baseline x86-64 (SSE2).

use std::arch::x86_64::__m256d;

use pulp::x86::V3;
use pulp::{f64x4, m64x4};

use crate::kernel::{ETA, RENORMALISE_ABOVE, rows_to_quaternion};
use crate::matrix::RotationMatrix;
use crate::quaternion::UnitQuaternion;

/// Rotations per register.
const LANES: usize = 4;

/// Converts `input[i]` into `output[i]` (equal lengths), compiled with
/// AVX2 enabled.
pub(crate) fn matrices_to_quaternions(
    v3: V3,
    input: &[RotationMatrix],
    output: &mut [UnitQuaternion],
) {
    pulp::Simd::vectorize(v3, MatricesToQuaternions { v3, input, output });
}

/// Converts `input[i]` into `output[i]` (equal lengths), compiled with
/// AVX2 enabled: the one-at-a-time kernel, which the compiler vectorises
/// four quaternions at a time. Written out with explicit transposes (as
/// matrix to quaternion is) it measured slower: the compiler rewrites the
/// shuffles either way, and the loop is bound by moving 104 bytes per
/// rotation, not by its arithmetic.
pub(crate) fn quaternions_to_matrices(
    v3: V3,
    input: &[UnitQuaternion],
    output: &mut [RotationMatrix],
) {
    pulp::Simd::vectorize(v3, QuaternionsToMatrices { input, output });
}

/// The matrix-to-quaternion loop as a [`pulp::WithSimd`] operation: pulp
/// compiles `with_simd` with AVX2 enabled, and with it everything inlined
/// into it, which is why every function it calls is `#[inline(always)]`.
struct MatricesToQuaternions<'a> {
    v3: V3,
    input: &'a [RotationMatrix],
    output: &'a mut [UnitQuaternion],
}

impl pulp::WithSimd for MatricesToQuaternions<'_> {
    type Output = ();

    #[inline(always)]
    fn with_simd<S: pulp::Simd>(self, _simd: S) {
        blocks_to_quaternions(self.v3, self.input, self.output);
    }
}

/// The quaternion-to-matrix loop as a [`pulp::WithSimd`] operation.
struct QuaternionsToMatrices<'a> {
    input: &'a [UnitQuaternion],
    output: &'a mut [RotationMatrix],
}

impl pulp::WithSimd for QuaternionsToMatrices<'_> {
    type Output = ();

    #[inline(always)]
    fn with_simd<S: pulp::Simd>(self, _simd: S) {
        crate::batch::quaternions_loop(self.input, self.output);
    }
}

/// Blocks of four matrices through [`rows_to_quaternion_x4`], the rest one
/// at a time (equal lengths).
#[inline(always)]
fn blocks_to_quaternions(v3: V3, input: &[RotationMatrix], output: &mut [UnitQuaternion]) {
    let (blocks, tail) = input.as_chunks::<LANES>();
    let (out_blocks, out_tail) = output.as_chunks_mut::<LANES>();
    let avx = v3.avx;
    for (ms, qs) in blocks.iter().zip(out_blocks) {
        // The four matrices' 36 entries, in memory order, as nine registers.
        let flat = |k: usize| ms[k / 9].rows[k % 9 / 3][k % 3];
        let y: [__m256d; 9] = std::array::from_fn(|i| {
            pulp::cast([
                flat(4 * i),
                flat(4 * i + 1),
                flat(4 * i + 2),
                flat(4 * i + 3),
            ])
        });
        // Pairs of entries: `a[k]` holds pair k of matrices 0 and 2 (k < 5:
        // (r11, r12), (r13, r21), (r22, r23), (r31, r32), (r33, next r11))
        // or of matrices 1 and 3 (k ≥ 5: (r12, r13), …, (r32, r33)).
        let a = [
            avx._mm256_blend_pd::<0b1100>(y[0], y[4]),
            avx._mm256_permute2f128_pd::<0x21>(y[0], y[5]),
            avx._mm256_blend_pd::<0b1100>(y[1], y[5]),
            avx._mm256_permute2f128_pd::<0x21>(y[1], y[6]),
            avx._mm256_blend_pd::<0b1100>(y[2], y[6]),
            avx._mm256_permute2f128_pd::<0x21>(y[2], y[7]),
            avx._mm256_blend_pd::<0b1100>(y[3], y[7]),
            avx._mm256_permute2f128_pd::<0x21>(y[3], y[8]),
            avx._mm256_blend_pd::<0b1100>(y[4], y[8]),
        ];
        // Entry e of the four matrices.
        let r: [f64x4; 9] = [
            avx._mm256_blend_pd::<0b1010>(a[0], a[4]),
            avx._mm256_shuffle_pd::<0b0101>(a[0], a[5]),
            avx._mm256_blend_pd::<0b1010>(a[1], a[5]),
            avx._mm256_shuffle_pd::<0b0101>(a[1], a[6]),
            avx._mm256_blend_pd::<0b1010>(a[2], a[6]),
            avx._mm256_shuffle_pd::<0b0101>(a[2], a[7]),
            avx._mm256_blend_pd::<0b1010>(a[3], a[7]),
            avx._mm256_shuffle_pd::<0b0101>(a[3], a[8]),
            avx._mm256_blend_pd::<0b1010>(a[4], a[8]),
        ]
        .map(pulp::cast);
        let [w, x, y, z]: [__m256d; 4] = rows_to_quaternion_x4(v3, r).map(pulp::cast);
        // Components to quaternions.
        let (t0, t1) = (avx._mm256_unpacklo_pd(w, x), avx._mm256_unpackhi_pd(w, x));
        let (t2, t3) = (avx._mm256_unpacklo_pd(y, z), avx._mm256_unpackhi_pd(y, z));
        qs[0].wxyz = pulp::cast(avx._mm256_permute2f128_pd::<0x20>(t0, t2));
        qs[1].wxyz = pulp::cast(avx._mm256_permute2f128_pd::<0x20>(t1, t3));
        qs[2].wxyz = pulp::cast(avx._mm256_permute2f128_pd::<0x31>(t0, t2));
        qs[3].wxyz = pulp::cast(avx._mm256_permute2f128_pd::<0x31>(t1, t3));
    }
    for (m, q) in tail.iter().zip(out_tail) {
        *q = UnitQuaternion::from_wxyz_unchecked(rows_to_quaternion(&m.rows));
    }
}

/// `-a`, lane by lane (flips the sign bit, as `-` on `f64` does).
#[inline(always)]
fn neg(v3: V3, a: f64x4) -> f64x4 {
    v3.xor_f64x4(a, v3.splat_f64x4(-0.0))
}

/// `a.copysign(s)`, lane by lane.
#[inline(always)]
fn copysign(v3: V3, a: f64x4, s: f64x4) -> f64x4 {
    v3.or_f64x4(v3.abs_f64x4(a), v3.and_f64x4(s, v3.splat_f64x4(-0.0)))
}

#[inline(always)]
fn add(v3: V3, a: f64x4, b: f64x4) -> f64x4 {
    v3.add_f64x4(a, b)
}

#[inline(always)]
fn sub(v3: V3, a: f64x4, b: f64x4) -> f64x4 {
    v3.sub_f64x4(a, b)
}

#[inline(always)]
fn mul(v3: V3, a: f64x4, b: f64x4) -> f64x4 {
    v3.mul_f64x4(a, b)
}

/// `|qᵢ| = ½√(1+dᵢ)` where `dᵢ > η`, else `½√((a² + b² + c²) / (3 − dᵢ))`.
#[inline(always)]
fn magnitude(v3: V3, d: f64x4, a: f64x4, b: f64x4, c: f64x4) -> f64x4 {
    let squares = add(v3, add(v3, mul(v3, a, a), mul(v3, b, b)), mul(v3, c, c));
    let off = v3.div_f64x4(squares, sub(v3, v3.splat_f64x4(3.0), d));
    let on = add(v3, v3.splat_f64x4(1.0), d);
    let arg = v3.select_f64x4(v3.cmp_gt_f64x4(d, v3.splat_f64x4(ETA)), on, off);
    mul(v3, v3.splat_f64x4(0.5), v3.sqrt_f64x4(arg))
}

/// The tournament's pick: `x3` or `x2` where `upper`, else `x1` or `x0`.
#[inline(always)]
fn pick(v3: V3, p: [m64x4; 3], x: [f64x4; 4]) -> f64x4 {
    let [p1, p3, upper] = p;
    v3.select_f64x4(
        upper,
        v3.select_f64x4(p3, x[3], x[2]),
        v3.select_f64x4(p1, x[1], x[0]),
    )
}

/// [`rows_to_quaternion`] on four matrices: `r[e]` holds entry `e`
/// (row-major) of the four, the result component `c` (scalar first) of the
/// four quaternions.
#[inline(always)]
fn rows_to_quaternion_x4(v3: V3, r: [f64x4; 9]) -> [f64x4; 4] {
    let [r11, r12, r13, r21, r22, r23, r31, r32, r33] = r;
    let n11 = neg(v3, r11);
    // dᵢ = 4qᵢ² − 1, in the scalar kernel's order.
    let d0 = add(v3, add(v3, r11, r22), r33);
    let d1 = sub(v3, sub(v3, r11, r22), r33);
    let d2 = sub(v3, add(v3, n11, r22), r33);
    let d3 = add(v3, sub(v3, n11, r22), r33);
    // Off-diagonal terms of K = 4 q qᵀ.
    let k01 = sub(v3, r32, r23);
    let k02 = sub(v3, r13, r31);
    let k03 = sub(v3, r21, r12);
    let k12 = add(v3, r12, r21);
    let k13 = add(v3, r13, r31);
    let k23 = add(v3, r23, r32);
    let a0 = magnitude(v3, d0, k01, k02, k03);
    let a1 = magnitude(v3, d1, k01, k12, k13);
    let a2 = magnitude(v3, d2, k02, k12, k23);
    let a3 = magnitude(v3, d3, k03, k13, k23);
    // Pivot: the largest magnitude (lowest index on ties) is positive; the
    // others take the signs of the pivot's row of K.
    let p1 = v3.cmp_gt_f64x4(a1, a0);
    let p3 = v3.cmp_gt_f64x4(a3, a2);
    let upper = v3.cmp_gt_f64x4(v3.select_f64x4(p3, a3, a2), v3.select_f64x4(p1, a1, a0));
    let p = [p1, p3, upper];
    let one = v3.splat_f64x4(1.0);
    let w = copysign(v3, a0, pick(v3, p, [one, k01, k02, k03]));
    let x = copysign(v3, a1, pick(v3, p, [k01, one, k12, k13]));
    let y = copysign(v3, a2, pick(v3, p, [k02, k12, one, k23]));
    let z = copysign(v3, a3, pick(v3, p, [k03, k13, k23, one]));
    // Canonical sign: the first non-zero component is positive.
    let zero = v3.splat_f64x4(0.0);
    let lead = v3.select_f64x4(
        v3.cmp_not_eq_f64x4(w, zero),
        w,
        v3.select_f64x4(
            v3.cmp_not_eq_f64x4(x, zero),
            x,
            v3.select_f64x4(v3.cmp_not_eq_f64x4(y, zero), y, z),
        ),
    );
    let sign = copysign(v3, one, lead);
    // Adding +0.0 turns -0.0 into +0.0.
    let mut q = [
        add(v3, mul(v3, w, sign), zero),
        add(v3, mul(v3, x, sign), zero),
        add(v3, mul(v3, y, sign), zero),
        add(v3, mul(v3, z, sign), zero),
    ];
    // Renormalise only the lanes visibly off orthogonal, as the scalar
    // kernel does (almost never: a branch, not a select).
    // From the magnitudes: `a0² = w²` exactly, and this way the check does
    // not wait for the signs.
    let n2 = add(
        v3,
        add(
            v3,
            add(v3, mul(v3, a0, a0), mul(v3, a1, a1)),
            mul(v3, a2, a2),
        ),
        mul(v3, a3, a3),
    );
    let renormalise = v3.cmp_gt_f64x4(
        v3.abs_f64x4(sub(v3, n2, v3.splat_f64x4(1.0))),
        v3.splat_f64x4(RENORMALISE_ABOVE),
    );
    if v3.avx._mm256_movemask_pd(pulp::cast(renormalise)) != 0 {
        let n2 = [n2.0, n2.1, n2.2, n2.3];
        let mut lanes = q.map(|c| [c.0, c.1, c.2, c.3]);
        for (l, v) in n2.iter().enumerate() {
            if (v - 1.0).abs() > RENORMALISE_ABOVE {
                let n = v.sqrt();
                for c in lanes.iter_mut() {
                    c[l] /= n;
                }
            }
        }
        q = lanes.map(|c| f64x4(c[0], c[1], c[2], c[3]));
    }
    q
}
