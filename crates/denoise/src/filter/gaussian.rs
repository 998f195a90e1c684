//! Gaussian blur, bit-exact with OpenCV's 8-bit fixed-point path.
//!
//! `cv2.GaussianBlur(img, (k, k), 0)` on 8-bit images uses separable kernels
//! in Q8 fixed point (coefficients in 1/256 that sum to exactly 256). The
//! horizontal pass keeps exact Q8 sums, the vertical pass exact Q16 sums, and
//! the result is `(sum + 32768) >> 16`. Because every intermediate is exact,
//! the order of the passes does not change the result: we run the vertical
//! pass first (it vectorises over whole rows) and then the horizontal one.
//! Border: reflect-101.

use std::ops::ControlFlow;

use super::border::{pad_row, reflect101};
use super::{Geometry, Progress, run_bands};
use crate::{KernelSize, Result};

/// OpenCV's fixed kernels for sizes up to 9 when sigma is 0, in 1/256
/// (only the first half and the centre; they are symmetric).
const SMALL_KERNELS: [&[u16]; 5] = [
    &[256],
    &[64, 128],
    &[16, 64, 96],
    &[8, 28, 56, 72],
    &[4, 13, 30, 51, 60],
];

/// The Q8 coefficients (summing to 256) that `cv2.GaussianBlur` uses for
/// kernel size `k` and sigma 0.
///
/// Sizes up to 9 use OpenCV's fixed tables; from 11 up, sigma is
/// `0.3 * ((k - 1) / 2 - 1) + 0.8` and the normalised kernel is rounded to
/// 1/256 by error diffusion from the outside in, the centre taking what is
/// left of 256.
///
/// ```
/// use toolcup_denoise::{KernelSize, gaussian_kernel_q8};
/// assert_eq!(gaussian_kernel_q8(KernelSize::new(5)?), [16, 64, 96, 64, 16]);
/// let k11 = gaussian_kernel_q8(KernelSize::new(11)?);
/// assert_eq!(k11.iter().map(|&c| u32::from(c)).sum::<u32>(), 256);
/// # Ok::<(), toolcup_denoise::Error>(())
/// ```
pub fn gaussian_kernel_q8(kernel: KernelSize) -> Vec<u16> {
    let n = kernel.get() as usize;
    let half = n / 2;
    let mut left: Vec<u16> = match SMALL_KERNELS.get(half) {
        Some(table) => table[..half].to_vec(),
        None => {
            // OpenCV's getGaussianKernelBitExact: sigma = n * 0.15 + 0.35 (fused),
            // values exp(-x^2 / (2 sigma^2)) at x = i - (n-1)/2, normalised.
            let sigma = (n as f64).mul_add(0.15, 0.35);
            let scale = -0.125 / (sigma * sigma);
            let values: Vec<f64> = (0..half)
                .map(|i| {
                    let x = 1 - n as i64 + 2 * i as i64;
                    ((x * x) as f64 * scale).exp()
                })
                .collect();
            let sum = values.iter().sum::<f64>() * 2.0 + 1.0;
            let inv = 1.0 / sum;
            // Error diffusion to Q8 (OpenCV's getGaussianKernelFixedPoint_ED).
            let mut err = 0.0f64;
            values
                .iter()
                .map(|&v| {
                    let adjusted = v * inv * 256.0 + err;
                    let rounded = adjusted.round_ties_even();
                    err = adjusted - rounded;
                    rounded as u16
                })
                .collect()
        }
    };
    let side: u16 = left.iter().sum();
    let centre = 256 - 2 * side;
    let mut kernel = left.clone();
    kernel.push(centre);
    left.reverse();
    kernel.extend(left);
    kernel
}

/// Blurs interleaved 8-bit `src` into `dst`.
pub(crate) fn gaussian_blur(
    src: &[u8],
    dst: &mut [u8],
    geometry: Geometry,
    kernel: KernelSize,
    progress: &mut dyn FnMut(Progress) -> ControlFlow<()>,
) -> Result<()> {
    let coefficients = gaussian_kernel_q8(kernel);
    let radius = kernel.radius();
    run_bands(dst, geometry, progress, |first_row, band| {
        gaussian_band(src, geometry, &coefficients, radius, first_row, band);
    })
}

/// Blurs the output rows from `first_row` into `band`.
#[inline(always)]
fn gaussian_band(
    src: &[u8],
    geometry: Geometry,
    coefficients: &[u16],
    radius: usize,
    first_row: usize,
    band: &mut [u8],
) {
    let Geometry { width, height, cn } = geometry;
    let row_len = geometry.row_len();
    let mut vertical = vec![0u16; row_len];
    let mut padded = vec![0u16; (width + 2 * radius) * cn];
    let (mut high, mut low) = (vec![0u16; row_len], vec![0u16; row_len]);
    for (i, out_row) in band.chunks_exact_mut(row_len).enumerate() {
        let y = first_row + i;
        let row = |dy: isize| {
            let r = reflect101(y as isize + dy, height);
            &src[r * row_len..(r + 1) * row_len]
        };
        vertical_pass(coefficients, radius, row, &mut vertical);
        pad_row(&vertical, cn, radius, &mut padded, reflect101);
        horizontal_pass(
            coefficients,
            radius,
            cn,
            &padded,
            (&mut high, &mut low),
            out_row,
        );
    }
}

/// `out[x] = sum over dy of k[dy] * row(dy)[x]`, an exact Q8 value (at most 65280).
#[inline(always)]
fn vertical_pass<'a>(
    coefficients: &[u16],
    radius: usize,
    row: impl Fn(isize) -> &'a [u8],
    out: &mut [u16],
) {
    let centre = coefficients[radius];
    for (o, &c) in out.iter_mut().zip(row(0)) {
        *o = centre * u16::from(c);
    }
    for d in 1..=radius {
        let k = coefficients[radius - d];
        let (above, below) = (row(-(d as isize)), row(d as isize));
        for ((o, &a), &b) in out.iter_mut().zip(above).zip(below) {
            // Bounded by 65280 in total: the coefficients sum to 256.
            *o = o.wrapping_add(k.wrapping_mul(u16::from(a) + u16::from(b)));
        }
    }
}

/// `out[x] = (sum over dx of k[dx] * padded[x + dx] + 32768) >> 16` per channel.
///
/// The Q8 inputs are split into high and low bytes so every product and sum
/// fits in 16 bits (each partial sum is at most 255 * 256): 16-bit multiplies
/// vectorise twice as wide as 32-bit ones, and SSE2 has no 32-bit multiply.
/// `sum = 256 * high + low` is rebuilt exactly in 32 bits once per pixel.
#[inline(always)]
fn horizontal_pass(
    coefficients: &[u16],
    radius: usize,
    cn: usize,
    padded: &[u16],
    (high, low): (&mut [u16], &mut [u16]),
    out: &mut [u8],
) {
    let n = out.len();
    let centre = coefficients[radius];
    let middle = &padded[radius * cn..radius * cn + n];
    for ((h, l), &v) in high.iter_mut().zip(low.iter_mut()).zip(middle) {
        *h = centre.wrapping_mul(v >> 8);
        *l = centre.wrapping_mul(v & 0xFF);
    }
    for d in 1..=radius {
        let k = coefficients[radius - d];
        let left = &padded[(radius - d) * cn..(radius - d) * cn + n];
        let right = &padded[(radius + d) * cn..(radius + d) * cn + n];
        for (((h, l), &a), &b) in high.iter_mut().zip(low.iter_mut()).zip(left).zip(right) {
            // Bounded by 255 * 256 each: the coefficients sum to 256.
            *h = h.wrapping_add(k.wrapping_mul((a >> 8) + (b >> 8)));
            *l = l.wrapping_add(k.wrapping_mul((a & 0xFF) + (b & 0xFF)));
        }
    }
    for ((o, &h), &l) in out.iter_mut().zip(high.iter()).zip(low.iter()) {
        *o = ((u32::from(h) * 256 + u32::from(l) + 32768) >> 16) as u8;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn small_kernels_are_opencvs_tables() {
        let k = |n| gaussian_kernel_q8(KernelSize::new(n).expect("odd"));
        assert_eq!(k(1), [256]);
        assert_eq!(k(3), [64, 128, 64]);
        assert_eq!(k(7), [8, 28, 56, 72, 56, 28, 8]);
        assert_eq!(k(9), [4, 13, 30, 51, 60, 51, 30, 13, 4]);
    }

    #[test]
    fn every_kernel_sums_to_256_and_is_symmetric() {
        for n in (1..=255).step_by(2) {
            let k = gaussian_kernel_q8(KernelSize::new(n).expect("odd"));
            assert_eq!(k.len(), n as usize);
            assert_eq!(k.iter().map(|&c| u32::from(c)).sum::<u32>(), 256, "k={n}");
            assert!(k.iter().eq(k.iter().rev()), "k={n}");
        }
    }
}
