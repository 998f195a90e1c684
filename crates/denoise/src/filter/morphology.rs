//! Minimum and maximum filters (grey-level erosion and dilation with a square
//! of ones), bit-exact with `cv2.erode` / `cv2.dilate`.
//!
//! Pixels outside the image are ignored, which for a minimum or maximum is the
//! same as replicating the edge. The square is separable: a vertical pass over
//! whole rows, then a horizontal pass that doubles the window (1, 2, 4, …) and
//! covers the rest with one more overlapping step, so the horizontal cost grows
//! with log2(k) rather than k.

use std::ops::ControlFlow;

use super::border::{pad_row, replicate};
use super::{Geometry, Progress, run_bands};
use crate::{KernelSize, Result};

/// Minimum of each `kernel` x `kernel` window.
pub(crate) fn erode(
    src: &[u8],
    dst: &mut [u8],
    geometry: Geometry,
    kernel: KernelSize,
    progress: &mut dyn FnMut(Progress) -> ControlFlow<()>,
) -> Result<()> {
    window_extreme(src, dst, geometry, kernel, progress, u8::min)
}

/// Maximum of each `kernel` x `kernel` window.
pub(crate) fn dilate(
    src: &[u8],
    dst: &mut [u8],
    geometry: Geometry,
    kernel: KernelSize,
    progress: &mut dyn FnMut(Progress) -> ControlFlow<()>,
) -> Result<()> {
    window_extreme(src, dst, geometry, kernel, progress, u8::max)
}

fn window_extreme<P: Fn(u8, u8) -> u8 + Copy + Sync>(
    src: &[u8],
    dst: &mut [u8],
    geometry: Geometry,
    kernel: KernelSize,
    progress: &mut dyn FnMut(Progress) -> ControlFlow<()>,
    pick: P,
) -> Result<()> {
    let k = kernel.get() as usize;
    let radius = kernel.radius();
    run_bands(dst, geometry, progress, |first_row, band| {
        extreme_band(src, geometry, k, radius, pick, first_row, band);
    })
}

/// The output rows from `first_row` into `band`.
#[inline(always)]
fn extreme_band<P: Fn(u8, u8) -> u8 + Copy>(
    src: &[u8],
    geometry: Geometry,
    k: usize,
    radius: usize,
    pick: P,
    first_row: usize,
    band: &mut [u8],
) {
    let Geometry { width, height, cn } = geometry;
    let row_len = geometry.row_len();
    let padded_len = (width + 2 * radius) * cn;
    let mut vertical = vec![0u8; row_len];
    let mut ping = vec![0u8; padded_len];
    let mut pong = vec![0u8; padded_len];
    for (i, out_row) in band.chunks_exact_mut(row_len).enumerate() {
        let y = (first_row + i) as isize;
        let row = |dy: isize| {
            let r = replicate(y + dy, height);
            &src[r * row_len..(r + 1) * row_len]
        };
        vertical.copy_from_slice(row(-(radius as isize)));
        for dy in -(radius as isize) + 1..=radius as isize {
            combine_into(&mut vertical, row(dy), pick);
        }
        pad_row(&vertical, cn, radius, &mut ping, replicate);
        // After the loop, ping[x] is the extreme over a window of `span` pixels.
        let mut span = 1;
        while span * 2 <= k {
            let shift = span * cn;
            let valid = padded_len - (2 * span - 1) * cn;
            shifted_pair(
                &ping[..valid],
                &ping[shift..shift + valid],
                &mut pong[..valid],
                pick,
            );
            std::mem::swap(&mut ping, &mut pong);
            span *= 2;
        }
        let shift = (k - span) * cn;
        shifted_pair(
            &ping[..row_len],
            &ping[shift..shift + row_len],
            out_row,
            pick,
        );
    }
}

/// `acc[i] = pick(acc[i], other[i])`.
#[inline(always)]
fn combine_into(acc: &mut [u8], other: &[u8], pick: impl Fn(u8, u8) -> u8) {
    for (a, &b) in acc.iter_mut().zip(other) {
        *a = pick(*a, b);
    }
}

/// `out[i] = pick(a[i], b[i])`.
#[inline(always)]
fn shifted_pair(a: &[u8], b: &[u8], out: &mut [u8], pick: impl Fn(u8, u8) -> u8) {
    for ((o, &x), &y) in out.iter_mut().zip(a).zip(b) {
        *o = pick(x, y);
    }
}
