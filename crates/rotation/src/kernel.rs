//! The two scalar conversion kernels every other path builds on.
//!
//! Both work on raw arrays: scalar-first quaternions `[w, x, y, z]` and
//! row-major matrices `[[r11, r12, r13], [r21, r22, r23], [r31, r32, r33]]`.

/// Threshold η of Sarabandi and Thomas: `|qᵢ|` comes from `½√(1+dᵢ)` when
/// `dᵢ > η`, else from the off-diagonal form. Any value in `[−0.3, 0.9]`
/// measured the same; 0 keeps both branches far from their weak spots
/// (`1 + dᵢ ≥ 1` in the first, `3 − dᵢ ≥ 3` in the second).
pub(crate) const ETA: f64 = 0.0;

/// `|‖q‖² − 1|` above which the matrix-to-quaternion result is renormalised:
/// four ulps of 1, so a result left alone has `|‖q‖ − 1| ≤ 4.5e-16`.
pub(crate) const RENORMALISE_ABOVE: f64 = 4.0 * f64::EPSILON;

/// Quaternion to matrix, in the homogeneous form divided by `‖q‖²`:
/// `r11 = ((w²+x²) − (y²+z²)) / ‖q‖²`, `r12 = 2(xy − wz) / ‖q‖²`, …
///
/// Dividing by the norm removes the last-bit norm error a normalised double
/// quaternion still carries; against 40-digit references this halves the
/// largest error of the plain `2(w²+x²) − 1` form (4.3e-16 against 8.7e-16,
/// Frobenius). `q` must be unit to within a few ulps (every
/// [`UnitQuaternion`](crate::UnitQuaternion) is), so `1/‖q‖²` is
/// `2 − ‖q‖²` to within 1e-31 and needs no division.
#[inline(always)]
pub(crate) fn quaternion_to_rows(q: [f64; 4]) -> [[f64; 3]; 3] {
    let [w, x, y, z] = q;
    let (ww, xx, yy, zz) = (w * w, x * x, y * y, z * z);
    let inv = 2.0 - ((ww + xx) + (yy + zz));
    let two = 2.0 * inv;
    let (wx, wy, wz) = (w * x, w * y, w * z);
    let (xy, xz, yz) = (x * y, x * z, y * z);
    [
        [
            ((ww + xx) - (yy + zz)) * inv,
            two * (xy - wz),
            two * (xz + wy),
        ],
        [
            two * (xy + wz),
            ((ww + yy) - (xx + zz)) * inv,
            two * (yz - wx),
        ],
        [
            two * (xz - wy),
            two * (yz + wx),
            ((ww + zz) - (xx + yy)) * inv,
        ],
    ]
}

/// Matrix to canonical unit quaternion by Sarabandi and Thomas, "Accurate
/// Computation of Quaternions from Rotation Matrices" (ARK 2018), with the
/// signs taken from the largest component's row of `K` (the paper's own sign
/// rule fails near 180°) and then the canonical sign.
///
/// Never produces NaN for finite input; the result has unit norm to within
/// 4.5e-16.
#[inline(always)]
pub(crate) fn rows_to_quaternion(m: &[[f64; 3]; 3]) -> [f64; 4] {
    let mut soa = [[0.0; 1]; 9];
    for (e, slot) in soa.iter_mut().enumerate() {
        slot[0] = m[e / 3][e % 3];
    }
    let q = rows_to_quaternion_lanes(&soa);
    [q[0][0], q[1][0], q[2][0], q[3][0]]
}

/// `a` where `c`, else `b`, by bit masks. Written out because on baseline
/// x86-64 (SSE2, no `blendvpd`) LLVM lowers a floating-point `select` to a
/// branch, and the branches on random rotations mispredict (measured: the
/// kernel ran 2.7 times slower).
#[inline(always)]
fn select(c: bool, a: f64, b: f64) -> f64 {
    let mask = u64::from(c).wrapping_neg();
    f64::from_bits((a.to_bits() & mask) | (b.to_bits() & !mask))
}

/// Applies an expression to every lane, giving a new array.
macro_rules! lanewise {
    (|$l:ident| $e:expr) => {{
        let mut out = [Default::default(); L];
        for $l in 0..L {
            out[$l] = $e;
        }
        out
    }};
}

/// [`rows_to_quaternion`] on `L` matrices at once, structure of arrays:
/// `r[e][l]` is entry `e` (row-major) of matrix `l`, and the result
/// `q[c][l]` is component `c` (scalar first) of quaternion `l`.
///
/// Each step is its own loop over the lanes with no data-dependent branch,
/// so the compiler turns it into SIMD code; the scalar path is this with
/// `L = 1`, so both give bit-identical results.
#[inline(always)]
pub(crate) fn rows_to_quaternion_lanes<const L: usize>(r: &[[f64; L]; 9]) -> [[f64; L]; 4] {
    let [r11, r12, r13, r21, r22, r23, r31, r32, r33] = r;
    // dᵢ = 4qᵢ² − 1.
    let d0: [f64; L] = lanewise!(|l| r11[l] + r22[l] + r33[l]);
    let d1: [f64; L] = lanewise!(|l| r11[l] - r22[l] - r33[l]);
    let d2: [f64; L] = lanewise!(|l| -r11[l] + r22[l] - r33[l]);
    let d3: [f64; L] = lanewise!(|l| -r11[l] - r22[l] + r33[l]);
    // Off-diagonal terms of K = 4 q qᵀ.
    let k01: [f64; L] = lanewise!(|l| r32[l] - r23[l]);
    let k02: [f64; L] = lanewise!(|l| r13[l] - r31[l]);
    let k03: [f64; L] = lanewise!(|l| r21[l] - r12[l]);
    let k12: [f64; L] = lanewise!(|l| r12[l] + r21[l]);
    let k13: [f64; L] = lanewise!(|l| r13[l] + r31[l]);
    let k23: [f64; L] = lanewise!(|l| r23[l] + r32[l]);
    // |qᵢ| = ½√(1+dᵢ) where dᵢ > η, else ½√(Σ row i of K² / (3 − dᵢ)).
    let magnitude = |d: &[f64; L], a: &[f64; L], b: &[f64; L], c: &[f64; L]| -> [f64; L] {
        let arg: [f64; L] = lanewise!(|l| select(
            d[l] > ETA,
            1.0 + d[l],
            (a[l] * a[l] + b[l] * b[l] + c[l] * c[l]) / (3.0 - d[l])
        ));
        lanewise!(|l| 0.5 * arg[l].sqrt())
    };
    let a0 = magnitude(&d0, &k01, &k02, &k03);
    let a1 = magnitude(&d1, &k01, &k12, &k13);
    let a2 = magnitude(&d2, &k02, &k12, &k23);
    let a3 = magnitude(&d3, &k03, &k13, &k23);
    // Pivot: the largest magnitude (lowest index on ties) is positive; the
    // others take the signs of the pivot's row of K. A tournament of selects.
    let p1: [bool; L] = lanewise!(|l| a1[l] > a0[l]);
    let p3: [bool; L] = lanewise!(|l| a3[l] > a2[l]);
    let upper: [bool; L] = lanewise!(|l| select(p3[l], a3[l], a2[l]) > select(p1[l], a1[l], a0[l]));
    let one = [1.0; L];
    let pick = |x0: &[f64; L], x1: &[f64; L], x2: &[f64; L], x3: &[f64; L]| -> [f64; L] {
        lanewise!(|l| select(
            upper[l],
            select(p3[l], x3[l], x2[l]),
            select(p1[l], x1[l], x0[l])
        ))
    };
    let s0 = pick(&one, &k01, &k02, &k03);
    let s1 = pick(&k01, &one, &k12, &k13);
    let s2 = pick(&k02, &k12, &one, &k23);
    let s3 = pick(&k03, &k13, &k23, &one);
    let w: [f64; L] = lanewise!(|l| a0[l].copysign(s0[l]));
    let x: [f64; L] = lanewise!(|l| a1[l].copysign(s1[l]));
    let y: [f64; L] = lanewise!(|l| a2[l].copysign(s2[l]));
    let z: [f64; L] = lanewise!(|l| a3[l].copysign(s3[l]));
    // Canonical sign: the first non-zero component is positive.
    let sign: [f64; L] = lanewise!(|l| {
        let lead = select(
            w[l] != 0.0,
            w[l],
            select(x[l] != 0.0, x[l], select(y[l] != 0.0, y[l], z[l])),
        );
        1.0_f64.copysign(lead)
    });
    // Adding +0.0 turns -0.0 into +0.0.
    let mut q = [
        lanewise!(|l| w[l] * sign[l] + 0.0),
        lanewise!(|l| x[l] * sign[l] + 0.0),
        lanewise!(|l| y[l] * sign[l] + 0.0),
        lanewise!(|l| z[l] * sign[l] + 0.0),
    ];
    // Renormalise only when the input was visibly off orthogonal: for a
    // rotation the magnitudes are already within an ulp each, and a division
    // would add a rounding to every component (measured: the largest error
    // grows from 1.4e-16 to 2.9e-16). A branch, not a select: it is almost
    // never taken, and it spares a square root and a division per matrix.
    // From the magnitudes (`a0² = w²` exactly), so the check need not wait
    // for the signs.
    let n2: [f64; L] = lanewise!(|l| a0[l] * a0[l] + a1[l] * a1[l] + a2[l] * a2[l] + a3[l] * a3[l]);
    if n2.iter().any(|v| (v - 1.0).abs() > RENORMALISE_ABOVE) {
        for l in 0..L {
            if (n2[l] - 1.0).abs() > RENORMALISE_ABOVE {
                let n = n2[l].sqrt();
                for c in q.iter_mut() {
                    c[l] /= n;
                }
            }
        }
    }
    q
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn coordinate_half_turns_are_exact() {
        let x = rows_to_quaternion(&[[1.0, 0.0, 0.0], [0.0, -1.0, 0.0], [0.0, 0.0, -1.0]]);
        assert_eq!(x, [0.0, 1.0, 0.0, 0.0]);
        let y = rows_to_quaternion(&[[-1.0, 0.0, 0.0], [0.0, 1.0, 0.0], [0.0, 0.0, -1.0]]);
        assert_eq!(y, [0.0, 0.0, 1.0, 0.0]);
        let z = rows_to_quaternion(&[[-1.0, 0.0, 0.0], [0.0, -1.0, 0.0], [0.0, 0.0, 1.0]]);
        assert_eq!(z, [0.0, 0.0, 0.0, 1.0]);
        let i = rows_to_quaternion(&[[1.0, 0.0, 0.0], [0.0, 1.0, 0.0], [0.0, 0.0, 1.0]]);
        assert_eq!(i, [1.0, 0.0, 0.0, 0.0]);
    }

    #[test]
    fn pivot_signs_hold_at_half_turn_about_a_diagonal() {
        // 180° about (1, -1, 1)/√3: q = (0, 1, -1, 1)/√3.
        let s = 1.0 / 3f64.sqrt();
        let q = [0.0, s, -s, s];
        let back = rows_to_quaternion(&quaternion_to_rows(q));
        for k in 0..4 {
            assert!((back[k] - q[k]).abs() < 1e-15, "{back:?} vs {q:?}");
        }
    }
}
