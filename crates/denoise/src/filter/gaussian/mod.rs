//! Gaussian blur, bit-exact with OpenCV's 8-bit fixed-point path.
//!
//! `cv2.GaussianBlur(img, (k, k), 0)` on 8-bit images uses separable kernels
//! in Q8 fixed point (coefficients in 1/256 that sum to exactly 256). The
//! horizontal pass keeps exact Q8 sums, the vertical pass exact Q16 sums, and
//! the result is `(sum + 32768) >> 16`. Because every intermediate is exact,
//! the order of the passes does not change the result: we run the vertical
//! pass first (it vectorises over whole rows) and then the horizontal one,
//! one output row at a time so that the intermediate row stays in cache.
//! Border: reflect-101. For k = 7 to 15 on processors with AVX2 the passes
//! are written with `vpmaddubsw` ([`avx2`]: two taps per instruction,
//! 10-15% faster than the portable passes at k = 7 to 11).

#[cfg(target_arch = "x86_64")]
mod avx2;
pub(super) mod blocks;
mod passes;

use std::ops::ControlFlow;

use super::border::reflect101;
use super::{Geometry, Progress, run_bands};
use crate::{KernelSize, Result};
use blocks::for_each_block;
use passes::{HorizontalNarrow, HorizontalSplit, VerticalNarrow, VerticalSplit};

/// Elements per block: 64 sums in 16-bit lanes are four AVX2 registers.
const BLOCK: usize = 64;

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
    let plan = Plan::new(gaussian_kernel_q8(kernel));
    #[cfg(target_arch = "x86_64")]
    let avx2 = avx2::Avx2Split::new(&plan).filter(|_| geometry.row_len() >= 32);
    run_bands(dst, geometry, progress, |first_row, band| {
        #[cfg(target_arch = "x86_64")]
        if let Some(avx2) = &avx2 {
            let op = BlurBand {
                blur: avx2,
                src,
                geometry,
                first_row,
                band,
            };
            return pulp::Simd::vectorize(avx2.v3(), op);
        }
        pulp::Arch::new().dispatch(BlurBand {
            blur: &plan,
            src,
            geometry,
            first_row,
            band,
        });
    })
}

/// One band as a [`pulp::WithSimd`] operation, so its code is compiled for
/// AVX2 too and picked at run time (the closure handed to `run_bands` is a
/// function of its own; dispatching around it measured SSE2-only code).
/// Everything below `with_simd` is `#[inline(always)]`.
struct BlurBand<'a, B> {
    blur: &'a B,
    src: &'a [u8],
    geometry: Geometry,
    first_row: usize,
    band: &'a mut [u8],
}

/// What blurs one band: the portable passes ([`Plan`]) or the AVX2 ones.
trait BandBlur {
    /// Blurs the output rows from `first_row` into `band`.
    fn blur_band(&self, src: &[u8], geometry: Geometry, first_row: usize, band: &mut [u8]);
}

impl<B: BandBlur> pulp::WithSimd for BlurBand<'_, B> {
    type Output = ();

    #[inline(always)]
    fn with_simd<S: pulp::Simd>(self, _simd: S) {
        let Self {
            blur,
            src,
            geometry,
            first_row,
            band,
        } = self;
        blur.blur_band(src, geometry, first_row, band);
    }
}

/// A kernel's taps and how its exact sums are kept in 16-bit lanes.
///
/// Narrow: when every coefficient is a multiple of `2^z` with `z >= 4`
/// (k = 3 and 5: 64 and 16), the taps divided by `2^z` sum to at most 16, so
/// the vertical sums (at most 255 * 16) and the horizontal ones (at most
/// 255 * 256) fit 16 bits whole, and the Q16 result is the horizontal sum
/// times `2^(2z)`. Split: otherwise the Q8 vertical sums are split into bytes
/// and each byte is weighed separately (see [`passes::HorizontalSplit`]).
struct Plan {
    taps: Vec<u16>,
    /// `2z` for narrow kernels.
    narrow_scale: Option<u32>,
}

impl Plan {
    fn new(q8: Vec<u16>) -> Self {
        let z = q8.iter().map(|c| c.trailing_zeros()).min().unwrap_or(0);
        // z = 8 only for k = 1, which never gets here: 2z must stay under 16.
        if (4..8).contains(&z) {
            Self {
                taps: q8.iter().map(|c| c >> z).collect(),
                narrow_scale: Some(2 * z),
            }
        } else {
            Self {
                taps: q8,
                narrow_scale: None,
            }
        }
    }
}

impl BandBlur for Plan {
    #[inline(always)]
    fn blur_band(&self, src: &[u8], geometry: Geometry, first_row: usize, band: &mut [u8]) {
        let radius = self.taps.len() / 2;
        let row_len = geometry.row_len();
        let pad = radius * geometry.cn;
        let padded_len = row_len + 2 * pad;
        let mut rows = Vec::with_capacity(self.taps.len());
        match self.narrow_scale {
            Some(scale) => {
                let mut sums = vec![0u16; padded_len];
                for (i, out) in band.chunks_exact_mut(row_len).enumerate() {
                    source_rows(src, geometry, first_row + i, radius, &mut rows);
                    let mut vertical = VerticalNarrow {
                        taps: &self.taps,
                        rows: &rows,
                        out: &mut sums[pad..pad + row_len],
                    };
                    for_each_block::<BLOCK>(row_len, &mut vertical);
                    reflect_sides(&mut sums, geometry, radius);
                    let mut horizontal = HorizontalNarrow {
                        taps: &self.taps,
                        cn: geometry.cn,
                        sums: &sums,
                        bias: 1 << (15 - scale),
                        shift: 16 - scale,
                        out,
                    };
                    for_each_block::<BLOCK>(row_len, &mut horizontal);
                }
            }
            None => {
                let (mut high, mut low) = (vec![0u8; padded_len], vec![0u8; padded_len]);
                for (i, out) in band.chunks_exact_mut(row_len).enumerate() {
                    source_rows(src, geometry, first_row + i, radius, &mut rows);
                    let mut vertical = VerticalSplit {
                        taps: &self.taps,
                        rows: &rows,
                        high: &mut high[pad..pad + row_len],
                        low: &mut low[pad..pad + row_len],
                    };
                    for_each_block::<BLOCK>(row_len, &mut vertical);
                    reflect_sides(&mut high, geometry, radius);
                    reflect_sides(&mut low, geometry, radius);
                    let mut horizontal = HorizontalSplit {
                        taps: &self.taps,
                        cn: geometry.cn,
                        high: &high,
                        low: &low,
                        out,
                    };
                    for_each_block::<BLOCK>(row_len, &mut horizontal);
                }
            }
        }
    }
}

/// The `2 * radius + 1` source rows around row `y`, reflected at the edges.
#[inline(always)]
fn source_rows<'a>(
    src: &'a [u8],
    geometry: Geometry,
    y: usize,
    radius: usize,
    rows: &mut Vec<&'a [u8]>,
) {
    let row_len = geometry.row_len();
    rows.clear();
    rows.extend((0..=2 * radius).map(|i| {
        let r = reflect101((y + i) as isize - radius as isize, geometry.height);
        &src[r * row_len..(r + 1) * row_len]
    }));
}

/// Fills the `radius` pixels on each side of a padded row from its middle,
/// reflect-101.
#[inline(always)]
fn reflect_sides<T: Copy>(padded: &mut [T], geometry: Geometry, radius: usize) {
    let Geometry { width, cn, .. } = geometry;
    for i in 0..radius {
        for (outside, to) in [
            (-(i as isize) - 1, radius - 1 - i),
            ((width + i) as isize, radius + width + i),
        ] {
            let from = (radius + reflect101(outside, width)) * cn;
            padded.copy_within(from..from + cn, to * cn);
        }
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

    #[test]
    fn only_k3_and_k5_are_narrow() {
        for n in (3..=255).step_by(2) {
            let plan = Plan::new(gaussian_kernel_q8(KernelSize::new(n).expect("odd")));
            assert_eq!(plan.narrow_scale.is_some(), n <= 5, "k={n}");
        }
        assert_eq!(Plan::new(vec![64, 128, 64]).taps, [1, 2, 1]);
        assert_eq!(Plan::new(vec![64, 128, 64]).narrow_scale, Some(12));
    }

    /// The AVX2 passes take k = 7 to 15 where the processor has AVX2, so
    /// the comparisons below test them there (and the portable passes
    /// everywhere else and for the other sizes).
    #[cfg(target_arch = "x86_64")]
    #[test]
    fn avx2_passes_take_k7_to_k15() {
        if pulp::x86::V3::try_new().is_none() {
            println!("skipped: this processor has no AVX2");
            return;
        }
        for n in (3..=33).step_by(2) {
            let plan = Plan::new(gaussian_kernel_q8(KernelSize::new(n).expect("odd")));
            let fast = avx2::Avx2Split::new(&plan).is_some();
            assert_eq!(fast, (7..=15).contains(&n), "k={n}");
        }
    }

    /// The blur straight from its definition: the 2-D sum of Q8 x Q8 weights
    /// over reflect-101 neighbours, rounded from Q16.
    fn naive_blur(src: &[u8], geometry: Geometry, q8: &[u16]) -> Vec<u8> {
        let Geometry { width, height, cn } = geometry;
        let r = (q8.len() / 2) as isize;
        let mut out = vec![0u8; src.len()];
        for y in 0..height {
            for x in 0..width {
                for c in 0..cn {
                    let mut sum = 0u64;
                    for (dy, &ky) in q8.iter().enumerate() {
                        for (dx, &kx) in q8.iter().enumerate() {
                            let sy = reflect101(y as isize + dy as isize - r, height);
                            let sx = reflect101(x as isize + dx as isize - r, width);
                            let p = src[(sy * width + sx) * cn + c];
                            sum += u64::from(ky) * u64::from(kx) * u64::from(p);
                        }
                    }
                    out[(y * width + x) * cn + c] = ((sum + 32768) >> 16) as u8;
                }
            }
        }
        out
    }

    /// Rows shorter than a block, exactly one, one past it, several with a
    /// ragged end; images narrower and shorter than the kernel; 1 to 4
    /// channels; extreme values (all 255 reaches the 16-bit bounds).
    #[test]
    fn matches_the_definition_across_block_and_image_edges() {
        let shapes = [
            (1, 1, 1),
            (1, 1, 3),
            (2, 3, 4),
            (5, 2, 1),
            (21, 4, 3),
            (64, 3, 1),
            (65, 5, 1),
            (16, 7, 4),
            (43, 9, 3),
            (50, 18, 2),
        ];
        for (width, height, cn) in shapes {
            let geometry = Geometry { width, height, cn };
            let len = width * height * cn;
            let noisy: Vec<u8> = (0..len)
                .map(|i| (i.wrapping_mul(2_654_435_761) >> 11) as u8)
                .collect();
            for src in [noisy, vec![255; len], vec![0; len]] {
                for k in [3, 5, 7, 9, 11, 13, 15, 31] {
                    let kernel = KernelSize::new(k).expect("odd");
                    let mut dst = vec![0u8; len];
                    gaussian_blur(
                        &src,
                        &mut dst,
                        geometry,
                        kernel,
                        &mut super::super::no_progress,
                    )
                    .expect("no cancel");
                    let want = naive_blur(&src, geometry, &gaussian_kernel_q8(kernel));
                    assert_eq!(dst, want, "k={k} {width}x{height}x{cn}");
                }
            }
        }
    }
}
