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
const RENORMALISE_ABOVE: f64 = 4.0 * f64::EPSILON;

/// Quaternion to matrix, in the homogeneous form divided by `‖q‖²`:
/// `r11 = ((w²+x²) − (y²+z²)) / ‖q‖²`, `r12 = 2(xy − wz) / ‖q‖²`, …
///
/// Dividing by the norm removes the last-bit norm error a normalised double
/// quaternion still carries; against 40-digit references this halves the
/// largest error of the plain `2(w²+x²) − 1` form (4.4e-16 against 8.7e-16,
/// Frobenius).
#[inline]
pub(crate) fn quaternion_to_rows(q: [f64; 4]) -> [[f64; 3]; 3] {
    let [w, x, y, z] = q;
    let (ww, xx, yy, zz) = (w * w, x * x, y * y, z * z);
    let inv = 1.0 / ((ww + xx) + (yy + zz));
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
#[inline]
pub(crate) fn rows_to_quaternion(m: &[[f64; 3]; 3]) -> [f64; 4] {
    let mut soa = [[0.0; 1]; 9];
    for (e, slot) in soa.iter_mut().enumerate() {
        slot[0] = m[e / 3][e % 3];
    }
    let q = rows_to_quaternion_lanes(&soa);
    [q[0][0], q[1][0], q[2][0], q[3][0]]
}

/// [`rows_to_quaternion`] on `L` matrices at once, structure of arrays:
/// `r[e][l]` is entry `e` (row-major) of matrix `l`, and the result
/// `q[c][l]` is component `c` (scalar first) of quaternion `l`.
///
/// Every step is a select, never a branch, so the loop autovectorises; the
/// scalar path is this with `L = 1`, so both give bit-identical results.
#[inline(always)]
pub(crate) fn rows_to_quaternion_lanes<const L: usize>(r: &[[f64; L]; 9]) -> [[f64; L]; 4] {
    let mut out = [[0.0; L]; 4];
    for l in 0..L {
        let (r11, r12, r13) = (r[0][l], r[1][l], r[2][l]);
        let (r21, r22, r23) = (r[3][l], r[4][l], r[5][l]);
        let (r31, r32, r33) = (r[6][l], r[7][l], r[8][l]);
        let d0 = r11 + r22 + r33;
        let d1 = r11 - r22 - r33;
        let d2 = -r11 + r22 - r33;
        let d3 = -r11 - r22 + r33;
        // Off-diagonal terms of K = 4 q qᵀ.
        let k01 = r32 - r23;
        let k02 = r13 - r31;
        let k03 = r21 - r12;
        let k12 = r12 + r21;
        let k13 = r13 + r31;
        let k23 = r23 + r32;
        let magnitude = |d: f64, row_sq: f64| {
            let arg = if d > ETA { 1.0 + d } else { row_sq / (3.0 - d) };
            0.5 * arg.sqrt()
        };
        let a0 = magnitude(d0, k01 * k01 + k02 * k02 + k03 * k03);
        let a1 = magnitude(d1, k01 * k01 + k12 * k12 + k13 * k13);
        let a2 = magnitude(d2, k02 * k02 + k12 * k12 + k23 * k23);
        let a3 = magnitude(d3, k03 * k03 + k13 * k13 + k23 * k23);
        // Pivot: the largest magnitude (lowest index on ties) is positive; the
        // others take the signs of the pivot's row of K. A tournament of
        // selects, so no branch depends on the data.
        let p1 = a1 > a0;
        let p3 = a3 > a2;
        let upper = if p3 { a3 } else { a2 } > if p1 { a1 } else { a0 };
        let pick = |x0: f64, x1: f64, x2: f64, x3: f64| {
            let lo = if p1 { x1 } else { x0 };
            let hi = if p3 { x3 } else { x2 };
            if upper { hi } else { lo }
        };
        let s0 = pick(1.0, k01, k02, k03);
        let s1 = pick(k01, 1.0, k12, k13);
        let s2 = pick(k02, k12, 1.0, k23);
        let s3 = pick(k03, k13, k23, 1.0);
        let (w, x, y, z) = (
            a0.copysign(s0),
            a1.copysign(s1),
            a2.copysign(s2),
            a3.copysign(s3),
        );
        // Renormalise only when the input was visibly off orthogonal: for a
        // rotation the magnitudes are already within an ulp each, and a
        // division would add a rounding to every component (measured: the
        // largest error grows from 1.4e-16 to 2.9e-16).
        let n2 = w * w + x * x + y * y + z * z;
        let n = if (n2 - 1.0).abs() > RENORMALISE_ABOVE {
            n2.sqrt()
        } else {
            1.0
        };
        // Canonical sign: the first non-zero component is positive.
        let lead = if w != 0.0 {
            w
        } else if x != 0.0 {
            x
        } else if y != 0.0 {
            y
        } else {
            z
        };
        let f = 1.0_f64.copysign(lead) / n;
        // Adding +0.0 turns -0.0 into +0.0.
        out[0][l] = w * f + 0.0;
        out[1][l] = x * f + 0.0;
        out[2][l] = y * f + 0.0;
        out[3][l] = z * f + 0.0;
    }
    out
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
