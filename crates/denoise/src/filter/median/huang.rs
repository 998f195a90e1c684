//! Small k >= 7: Huang's sliding histogram per channel, with the count of
//! values below the running median kept up to date, so each step costs 2k
//! histogram updates and a short walk of the median. Below k = 15 this beats
//! the constant-time method, whose fixed cost per pixel is higher.

use std::ops::ControlFlow;

use super::super::border::{pad_row, replicate};
use super::super::{Geometry, Progress, run_bands};
use crate::{KernelSize, Result};

/// Huang's sliding-histogram median for any odd kernel size.
pub(super) fn huang_median(
    src: &[u8],
    dst: &mut [u8],
    geometry: Geometry,
    kernel: KernelSize,
    progress: &mut dyn FnMut(Progress) -> ControlFlow<()>,
) -> Result<()> {
    let radius = kernel.radius();
    // The median is the value at rank `half` (0-based) among k*k values.
    let half = kernel.get() * kernel.get() / 2;
    run_bands(dst, geometry, progress, |first_row, band| {
        pulp::Arch::new().dispatch(HuangBand {
            src,
            geometry,
            radius,
            half,
            first_row,
            band,
        });
    })
}

/// One band as a [`pulp::WithSimd`] operation, so its loops are compiled
/// for AVX2 too and picked at run time; everything it calls is
/// `#[inline(always)]` so that the wider code reaches them.
struct HuangBand<'a> {
    src: &'a [u8],
    geometry: Geometry,
    radius: usize,
    half: u32,
    first_row: usize,
    band: &'a mut [u8],
}

impl pulp::WithSimd for HuangBand<'_> {
    type Output = ();

    #[inline(always)]
    fn with_simd<S: pulp::Simd>(self, _simd: S) {
        let Self {
            src,
            geometry,
            radius,
            half,
            first_row,
            band,
        } = self;
        let Geometry { width, cn, .. } = geometry;
        let row_len = geometry.row_len();
        let padded_len = (width + 2 * radius) * cn;
        let rows = band.len() / row_len;
        let padded = padded_band(src, geometry, first_row, rows, radius);
        for (i, out_row) in band.chunks_exact_mut(row_len).enumerate() {
            let window: Vec<&[u8]> = padded[i * padded_len..]
                .chunks_exact(padded_len)
                .take(2 * radius + 1)
                .collect();
            for c in 0..cn {
                huang_row(&window, cn, c, half, out_row);
            }
        }
    }
}

/// The replicate-padded rows a band of output rows reads: `rows + 2 * radius`
/// rows of `(width + 2 * radius) * cn` bytes.
#[inline(always)]
fn padded_band(
    src: &[u8],
    geometry: Geometry,
    first_row: usize,
    rows: usize,
    radius: usize,
) -> Vec<u8> {
    let Geometry { width, height, cn } = geometry;
    let row_len = geometry.row_len();
    let padded_len = (width + 2 * radius) * cn;
    let mut out = vec![0u8; (rows + 2 * radius) * padded_len];
    for (i, padded) in out.chunks_exact_mut(padded_len).enumerate() {
        let r = replicate(first_row as isize + i as isize - radius as isize, height);
        pad_row(
            &src[r * row_len..(r + 1) * row_len],
            cn,
            radius,
            padded,
            replicate,
        );
    }
    out
}

/// Channel `c` of one output row from the k padded rows of its windows.
#[inline(always)]
fn huang_row(window: &[&[u8]], cn: usize, c: usize, half: u32, out_row: &mut [u8]) {
    let k = window.len();
    let width = out_row.len() / cn;
    let mut hist = [0u32; 256];
    for row in window {
        for dx in 0..k {
            hist[usize::from(row[dx * cn + c])] += 1;
        }
    }
    // `below` counts the values smaller than `median`.
    let (mut median, mut below) = (0usize, 0u32);
    while below + hist[median] <= half {
        below += hist[median];
        median += 1;
    }
    out_row[c] = median as u8;
    for x in 1..width {
        let leaving = (x - 1) * cn + c;
        let entering = (x + k - 1) * cn + c;
        for row in window {
            let (old, new) = (usize::from(row[leaving]), usize::from(row[entering]));
            hist[old] -= 1;
            hist[new] += 1;
            below = below + u32::from(new < median) - u32::from(old < median);
        }
        while below > half {
            median -= 1;
            below -= hist[median];
        }
        while below + hist[median] <= half {
            below += hist[median];
            median += 1;
        }
        out_row[x * cn + c] = median as u8;
    }
}
