//! OpenCV's 8-bit CIE L\*a\*b\* conversion of *linear* BGR, bit for bit.
//!
//! Provides the two conversions `cv::fastNlMeansDenoisingColored` runs around
//! its filter: `cvtColor(COLOR_LBGR2Lab)` ([`bgr_to_lab`]) and
//! `cvtColor(COLOR_Lab2LBGR)` ([`lab_to_bgr`]), both on 8-bit pixels. No gamma
//! curve is applied: the input is taken as linear light, as OpenCV does there.
//!
//! OpenCV computes both in fixed point from lookup tables that it builds once
//! with its software floating point (`cv::softfloat`, IEEE-754 binary32 and
//! binary64 with correct rounding, which `f32`/`f64` arithmetic reproduces):
//! a cube-root table over X, Y, Z in 1/2040 steps (its own rational cube root,
//! truncated to 24 bits), an L to (y, f(y)) table, an (a, b) to (x, z) table in
//! 1/16384 steps, and 12-bit coefficient matrices rounded from the sRGB/D65
//! matrices. Source: OpenCV `modules/imgproc/src/color_lab.cpp` (`RGB2Lab_b`,
//! `Lab2RGBinteger`, `initLabTabs`) and `modules/core/src/softfloat.cpp`
//! (`f32_cbrt`). Checked against `cv2.cvtColor` for all 2^24 inputs in both
//! directions (see the tests).

use std::sync::LazyLock;

/// Fixed-point shift of the RGB to XYZ coefficients (`xyz_shift`).
const XYZ_SHIFT: u32 = 12;
/// Extra precision of the 8-bit input before the matrix (`gamma_shift`).
const GAMMA_SHIFT: u32 = 3;
/// Shift of the cube-root table's values (`lab_shift2`).
const LAB_SHIFT2: u32 = XYZ_SHIFT + GAMMA_SHIFT;
/// Entries of the cube-root table (`LAB_CBRT_TAB_SIZE_B`).
const CBRT_TABLE_LEN: usize = 256 * 3 / 2 * (1 << GAMMA_SHIFT);
/// Fixed-point base of the inverse conversion (`LAB_BASE`, `LUT_BASE`).
const BASE: i32 = 1 << 14;
/// Smallest `f(x)` index of the (a, b) to (x, z) table (`minABvalue`).
const MIN_AB: i32 = -8145;
/// Entries of the linear inverse gamma table (`INV_GAMMA_TAB_SIZE`).
const INV_GAMMA_LEN: i32 = 1 << 12;
/// Shift of the XYZ to RGB products (`lab_shift + base_shift - inv_gamma_shift`).
const INV_SHIFT: u32 = 14;

/// sRGB to XYZ (D65), rows X, Y, Z, columns R, G, B (`sRGB2XYZ_D65`).
const RGB_TO_XYZ: [u64; 9] = [
    0x3fda65a14488c60d,
    0x3fd6e297396d0918,
    0x3fc71819d2391d58,
    0x3fcb38cda6e75ff6,
    0x3fe6e297396d0918,
    0x3fb279aae6c8f755,
    0x3f93cc4ac6cdaf4b,
    0x3fbe836eb4e98138,
    0x3fee68427418d691,
];
/// XYZ to sRGB (D65), rows R, G, B, columns X, Y, Z (`XYZ2sRGB_D65`).
const XYZ_TO_RGB: [u64; 9] = [
    0x4009ec804102ff8f,
    0xbff8982a9930be0e,
    0xbfdfe7ff583a53b9,
    0xbfef042528ae74f3,
    0x3ffe040f23897204,
    0x3fa546d3f9e7b80b,
    0x3fac7de5082cf52c,
    0xbfca1e14bdfd2631,
    0x3ff0eabef06b3786,
];
/// The D65 white point X, Y, Z (`D65`).
const WHITE: [u64; 3] = [0x3fee6a22b3892ee8, 0x3ff0000000000000, 0x3ff16b8950763a19];

/// The tables both conversions read, built once.
struct LabTables {
    /// `f(t)` of the Lab definition in Q15, for t = i/2040 (`LabCbrtTab_b`).
    cbrt: Vec<i32>,
    /// Linear BGR (times 8) to X, Y, Z in Q12: rows X, Y, Z; columns B, G, R.
    to_xyz: [[i32; 3]; 3],
    /// For each L: (y, f(y)) in Q14 (`LabToYF_b`).
    l_to_y_fy: [(i32, i32); 256],
    /// f(x) in Q14 (offset by `MIN_AB`) to x in Q14 (`abToXZ_b`).
    f_to_xz: Vec<i32>,
    /// XYZ in Q14 to linear B, G, R in Q12: rows B, G, R; columns X, Y, Z.
    to_bgr: [[i32; 3]; 3],
}

static TABLES: LazyLock<LabTables> = LazyLock::new(LabTables::build);

/// `cvRound` of OpenCV's soft floats: round half to even.
fn round_even_f32(x: f32) -> i32 {
    x.round_ties_even() as i32
}

/// `cvRound` of a double: round half to even.
fn round_even_f64(x: f64) -> i32 {
    x.round_ties_even() as i32
}

/// OpenCV's `f32_cbrt`: Turkowski's rational cube root, evaluated in binary64
/// on the mantissa and truncated (not rounded) back to 24 bits.
fn opencv_cbrt(x: f32) -> f32 {
    if x.is_nan() || x.is_infinite() {
        return x;
    }
    let bits = x.to_bits();
    let sign = bits >> 31;
    let exponent = ((bits >> 23) & 0xff) as i32 - 127;
    let mut shift = exponent % 3;
    if shift >= 0 {
        shift -= 3;
    }
    let root_exponent = (exponent - shift) / 3 - 1;
    let fr = f64::from_bits((((shift + 1023) as u64) << 52) | (u64::from(bits & 0x7f_ffff) << 29));
    let a = |raw: u64| f64::from_bits(raw);
    let numerator =
        (((a(0x4046a09e6653ba70) * fr + a(0x406808f46c6116e0)) * fr + a(0x405dca97439cae14)) * fr
            + a(0x402add70d2827500))
            * fr
            + a(0x3fc4f15f83f55d2d);
    let denominator =
        (((a(0x402d9e20660edb21) * fr + a(0x4062ff15c0285815)) * fr + a(0x406510d06a8112ce)) * fr
            + a(0x4040fecbc9e2c375))
            * fr
            + 1.0;
    let root = numerator / denominator;
    if bits & 0x7fff_ffff == 0 {
        return 0.0;
    }
    let mantissa = ((root.to_bits() & ((1 << 52) - 1)) >> 29) as u32;
    f32::from_bits((sign << 31) + (((root_exponent + 127) as u32) << 23) + mantissa)
}

impl LabTables {
    fn build() -> Self {
        let lthresh = 216.0f32 / 24389.0;
        let lscale = 841.0f32 / 108.0;
        let lbias = 16.0f32 / 116.0;

        let step = 1.0f32 / 2040.0;
        let cbrt = (0..CBRT_TABLE_LEN)
            .map(|i| {
                let t = step * i as f32;
                let f = if t < lthresh {
                    t.mul_add(lscale, lbias)
                } else {
                    opencv_cbrt(t)
                };
                round_even_f32(32768.0 * f)
            })
            .collect();

        let white = WHITE.map(f64::from_bits);
        let rgb_to_xyz = RGB_TO_XYZ.map(f64::from_bits);
        let xyz_to_rgb = XYZ_TO_RGB.map(f64::from_bits);
        let lshift = f64::from(1u32 << XYZ_SHIFT);
        let mut to_xyz = [[0; 3]; 3];
        for (row, coefficients) in to_xyz.iter_mut().enumerate() {
            // Columns B, G, R: reverse the matrix's R, G, B.
            for (column, coefficient) in coefficients.iter_mut().enumerate() {
                *coefficient =
                    round_even_f64(lshift * rgb_to_xyz[row * 3 + 2 - column] / white[row]);
            }
        }
        let mut to_bgr = [[0; 3]; 3];
        for (row, coefficients) in to_bgr.iter_mut().enumerate() {
            // Rows B, G, R: reverse the matrix's R, G, B.
            for (column, coefficient) in coefficients.iter_mut().enumerate() {
                *coefficient =
                    round_even_f64(lshift * xyz_to_rgb[(2 - row) * 3 + column] * white[column]);
            }
        }

        let mut l_to_y_fy = [(0, 0); 256];
        for (i, entry) in l_to_y_fy.iter_mut().enumerate() {
            let i = i as i32;
            *entry = if i <= 20 {
                let y = round_even_f32((i * BASE * 20 * 9) as f32 / (17 * 29 * 29 * 29) as f32);
                let fy = round_even_f32(
                    BASE as f32 * (16.0f32 / 116.0 + (i * 5) as f32 / (3 * 17 * 29) as f32),
                );
                (y, fy)
            } else {
                let fy =
                    (i * 100 * BASE) as f32 / (255 * 116) as f32 + (16 * BASE) as f32 / 116.0f32;
                let y = round_even_f32(fy * fy * fy / (BASE * BASE) as f32);
                (y, round_even_f32(fy))
            };
        }

        let f_to_xz = (MIN_AB..BASE * 9 / 4 + MIN_AB)
            .map(|i| {
                if i <= 3390 {
                    i * 108 / 841 - BASE * 16 / 116 * 108 / 841
                } else {
                    i * i / BASE * i / BASE
                }
            })
            .collect();

        LabTables {
            cbrt,
            to_xyz,
            l_to_y_fy,
            f_to_xz,
            to_bgr,
        }
    }
}

/// `(x + 2^(n-1)) >> n`, OpenCV's `CV_DESCALE`.
fn descale(x: i32, n: u32) -> i32 {
    (x + (1 << (n - 1))) >> n
}

/// Converts one linear BGR pixel to OpenCV's 8-bit Lab, exactly as
/// `cv2.cvtColor(img, cv2.COLOR_LBGR2Lab)`: L scaled to 0..=255, a and b
/// offset by 128.
pub(crate) fn bgr_to_lab(bgr: [u8; 3]) -> [u8; 3] {
    let tables = &*TABLES;
    let scaled = bgr.map(|v| i32::from(v) << GAMMA_SHIFT);
    let f = |row: &[i32; 3]| {
        let xyz = descale(
            row[0] * scaled[0] + row[1] * scaled[1] + row[2] * scaled[2],
            XYZ_SHIFT,
        );
        tables.cbrt[xyz as usize]
    };
    let fx = f(&tables.to_xyz[0]);
    let fy = f(&tables.to_xyz[1]);
    let fz = f(&tables.to_xyz[2]);
    let l_scale = (116 * 255 + 50) / 100;
    let l_shift = -((16 * 255 * (1 << LAB_SHIFT2) + 50) / 100);
    let l = descale(l_scale * fy + l_shift, LAB_SHIFT2);
    let a = descale(500 * (fx - fy) + 128 * (1 << LAB_SHIFT2), LAB_SHIFT2);
    let b = descale(200 * (fy - fz) + 128 * (1 << LAB_SHIFT2), LAB_SHIFT2);
    [l, a, b].map(|v| v.clamp(0, 255) as u8)
}

/// Converts one OpenCV 8-bit Lab pixel back to linear BGR, exactly as
/// `cv2.cvtColor(lab, cv2.COLOR_Lab2LBGR)`.
///
/// OpenCV's linear inverse gamma table truncates `255 * i / 4096`, so no
/// output channel ever exceeds 254.
pub(crate) fn lab_to_bgr(lab: [u8; 3]) -> [u8; 3] {
    let tables = &*TABLES;
    let (y, fy) = tables.l_to_y_fy[usize::from(lab[0])];
    let a = i32::from(lab[1]);
    let b = i32::from(lab[2]);
    let a_div = ((5 * a * 53687 + (1 << 7)) >> 13) - 128 * BASE / 500;
    let b_div = ((b * 41943 + (1 << 4)) >> 9) - 128 * BASE / 200 + 1;
    let x = tables.f_to_xz[(fy + a_div - MIN_AB) as usize];
    let z = tables.f_to_xz[(fy - b_div - MIN_AB) as usize];
    tables.to_bgr.map(|row| {
        let linear =
            descale(row[0] * x + row[1] * y + row[2] * z, INV_SHIFT).clamp(0, INV_GAMMA_LEN - 1);
        // linearInvGammaTab_b: cvTrunc(255 * i / 4096), exact in binary32.
        ((255 * linear) >> 12) as u8
    })
}

#[cfg(test)]
mod tests;
