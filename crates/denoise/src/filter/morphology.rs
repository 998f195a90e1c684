//! Minimum and maximum filters (grey-level erosion and dilation with a square
//! of ones), bit-exact with `cv2.erode` / `cv2.dilate`.
//!
//! Pixels outside the image are ignored, which for a minimum or maximum is the
//! same as replicating the edge. The square is separable. Output rows are
//! made two at a time from the `k + 1` source rows around them: a vertical
//! pass over those rows into two padded rows (kept in cache), sharing the
//! extreme of the `k - 1` rows both windows hold, then a horizontal pass from
//! each straight into the output. Up to k = 9 the horizontal pass takes the
//! extreme of the `k` shifted copies of the row at once, in registers; wider
//! kernels double the window (1, 2, 4, …) and cover the rest with one more
//! overlapping step, so their cost grows with log2(k) rather than k.

use std::ops::ControlFlow;

use super::border::replicate;
use super::gaussian::blocks::{BlockPass, block, block_mut, for_each_block};
use super::{Geometry, Progress, run_bands};
use crate::{KernelSize, Result};

/// Bytes per block: four AVX2 registers.
const BLOCK: usize = 128;

/// The widest kernel whose horizontal pass reads every shift directly.
const DIRECT_MAX: usize = 9;

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
    run_bands(dst, geometry, progress, |first_row, band| {
        pulp::Arch::new().dispatch(ExtremeBand {
            src,
            geometry,
            k,
            pick,
            first_row,
            band,
        });
    })
}

/// One band as a [`pulp::WithSimd`] operation, dispatched here because the
/// closure handed to `run_bands` is compiled outside its AVX2 code.
/// Everything below `with_simd` is `#[inline(always)]`.
struct ExtremeBand<'a, P> {
    src: &'a [u8],
    geometry: Geometry,
    k: usize,
    pick: P,
    first_row: usize,
    band: &'a mut [u8],
}

impl<P: Fn(u8, u8) -> u8 + Copy> pulp::WithSimd for ExtremeBand<'_, P> {
    type Output = ();

    #[inline(always)]
    fn with_simd<S: pulp::Simd>(self, _simd: S) {
        let Self {
            src,
            geometry,
            k,
            pick,
            first_row,
            band,
        } = self;
        let Geometry { height, cn, .. } = geometry;
        let row_len = geometry.row_len();
        let radius = k / 2;
        let pad = radius * cn;
        let mut padded = vec![0u8; row_len + 2 * pad];
        let mut padded_next = vec![0u8; padded.len()];
        let mut scratch = vec![0u8; if k > DIRECT_MAX { padded.len() } else { 0 }];
        let mut rows = Vec::with_capacity(k + 1);
        let mut out_rows = band.chunks_exact_mut(row_len);
        let mut y = first_row as isize;
        // Two output rows at a time: their windows share k - 1 source rows,
        // whose extreme is taken once (k operations for two rows instead
        // of 2k - 2), as OpenCV's column filter does.
        while let Some(out) = out_rows.next() {
            let next = out_rows.next();
            let source_rows = if next.is_some() { k + 1 } else { k };
            rows.clear();
            rows.extend((0..source_rows).map(|j| {
                let r = replicate(y + j as isize - radius as isize, height);
                &src[r * row_len..(r + 1) * row_len]
            }));
            match next {
                Some(next_out) => {
                    let mut vertical = RowPairExtreme {
                        rows: &rows,
                        out: &mut padded[pad..pad + row_len],
                        out_next: &mut padded_next[pad..pad + row_len],
                        pick,
                    };
                    for_each_block::<BLOCK>(row_len, &mut vertical);
                    for (padded, out) in [(&mut padded, out), (&mut padded_next, next_out)] {
                        replicate_sides(padded, geometry, radius);
                        horizontal(padded, &mut scratch, k, cn, out, pick);
                    }
                }
                None => {
                    let mut vertical = RowsExtreme {
                        rows: &rows,
                        out: &mut padded[pad..pad + row_len],
                        pick,
                    };
                    for_each_block::<BLOCK>(row_len, &mut vertical);
                    replicate_sides(&mut padded, geometry, radius);
                    horizontal(&mut padded, &mut scratch, k, cn, out, pick);
                }
            }
            y += 2;
        }
    }
}

/// The horizontal pass from the padded vertical extremes into `out`.
/// `padded` may be used as scratch space (wide kernels).
#[inline(always)]
fn horizontal<P: Fn(u8, u8) -> u8 + Copy>(
    padded: &mut [u8],
    scratch: &mut [u8],
    k: usize,
    cn: usize,
    out: &mut [u8],
    pick: P,
) {
    let row_len = out.len();
    if k <= DIRECT_MAX {
        let mut shifts = [0; DIRECT_MAX];
        for (d, s) in shifts.iter_mut().enumerate() {
            *s = d * cn;
        }
        let mut direct = ShiftsExtreme {
            input: padded,
            shifts: &shifts[..k],
            out,
            pick,
        };
        for_each_block::<BLOCK>(row_len, &mut direct);
        return;
    }
    // After each step, `from[x]` is the extreme over `span` pixels from x.
    let (mut from, mut to) = (padded, scratch);
    let mut span = 1;
    while span * 2 <= k {
        let valid = from.len() - (2 * span - 1) * cn;
        let mut step = ShiftsExtreme {
            input: from,
            shifts: &[0, span * cn],
            out: &mut to[..valid],
            pick,
        };
        for_each_block::<BLOCK>(valid, &mut step);
        std::mem::swap(&mut from, &mut to);
        span *= 2;
    }
    let mut last = ShiftsExtreme {
        input: from,
        shifts: &[0, (k - span) * cn],
        out,
        pick,
    };
    for_each_block::<BLOCK>(row_len, &mut last);
}

/// Fills the `radius` pixels on each side of a padded row with copies of its
/// first and last pixels.
#[inline(always)]
fn replicate_sides(padded: &mut [u8], geometry: Geometry, radius: usize) {
    let Geometry { width, cn, .. } = geometry;
    let (first, last) = (radius * cn, (radius + width - 1) * cn);
    for i in 0..radius {
        padded.copy_within(first..first + cn, i * cn);
        padded.copy_within(last..last + cn, (radius + width + i) * cn);
    }
}

/// `out[x] = pick over the rows of row[x]`.
struct RowsExtreme<'a, P> {
    rows: &'a [&'a [u8]],
    out: &'a mut [u8],
    pick: P,
}

impl<P: Fn(u8, u8) -> u8 + Copy> BlockPass for RowsExtreme<'_, P> {
    #[inline(always)]
    fn run<const N: usize>(&mut self, x: usize) {
        let mut acc = *block::<N, u8>(self.rows[0], x);
        for row in &self.rows[1..] {
            combine(&mut acc, block(row, x), self.pick);
        }
        *block_mut(self.out, x) = acc;
    }
}

/// For two consecutive output rows from their k + 1 source rows: the
/// extreme of the k - 1 middle rows once, then with the first row into
/// `out` and with the last into `out_next`.
struct RowPairExtreme<'a, P> {
    rows: &'a [&'a [u8]],
    out: &'a mut [u8],
    out_next: &'a mut [u8],
    pick: P,
}

impl<P: Fn(u8, u8) -> u8 + Copy> BlockPass for RowPairExtreme<'_, P> {
    #[inline(always)]
    fn run<const N: usize>(&mut self, x: usize) {
        let (first, rest) = self.rows.split_first().expect("k + 1 rows");
        let (last, middle) = rest.split_last().expect("k + 1 rows");
        let mut shared = *block::<N, u8>(middle[0], x);
        for row in &middle[1..] {
            combine(&mut shared, block(row, x), self.pick);
        }
        let mut this = shared;
        combine(&mut this, block(first, x), self.pick);
        *block_mut(self.out, x) = this;
        combine(&mut shared, block(last, x), self.pick);
        *block_mut(self.out_next, x) = shared;
    }
}

/// `out[x] = pick over the shifts s of input[x + s]`.
struct ShiftsExtreme<'a, P> {
    input: &'a [u8],
    shifts: &'a [usize],
    out: &'a mut [u8],
    pick: P,
}

impl<P: Fn(u8, u8) -> u8 + Copy> BlockPass for ShiftsExtreme<'_, P> {
    #[inline(always)]
    fn run<const N: usize>(&mut self, x: usize) {
        let mut acc = *block::<N, u8>(self.input, x + self.shifts[0]);
        for &s in &self.shifts[1..] {
            combine(&mut acc, block(self.input, x + s), self.pick);
        }
        *block_mut(self.out, x) = acc;
    }
}

/// `acc[j] = pick(acc[j], other[j])`.
#[inline(always)]
fn combine<const N: usize>(acc: &mut [u8; N], other: &[u8; N], pick: impl Fn(u8, u8) -> u8) {
    for (a, &b) in acc.iter_mut().zip(other) {
        *a = pick(*a, b);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::filter::no_progress;

    /// The window extreme straight from its definition.
    fn naive(src: &[u8], geometry: Geometry, k: usize, pick: fn(u8, u8) -> u8) -> Vec<u8> {
        let Geometry { width, height, cn } = geometry;
        let r = (k / 2) as isize;
        let mut out = vec![0u8; src.len()];
        for y in 0..height {
            for x in 0..width {
                for c in 0..cn {
                    let mut acc = None;
                    for dy in -r..=r {
                        for dx in -r..=r {
                            let (sy, sx) = (y as isize + dy, x as isize + dx);
                            if (0..height as isize).contains(&sy)
                                && (0..width as isize).contains(&sx)
                            {
                                let p = src[(sy as usize * width + sx as usize) * cn + c];
                                acc = Some(acc.map_or(p, |a| pick(a, p)));
                            }
                        }
                    }
                    out[(y * width + x) * cn + c] = acc.unwrap_or_default();
                }
            }
        }
        out
    }

    /// Rows shorter than a block, exactly one, one past it, several with a
    /// ragged end; images narrower and shorter than the kernel; 1 to 4
    /// channels; both horizontal strategies (direct up to 9, doubling above).
    #[test]
    fn matches_the_definition_across_block_and_image_edges() {
        let shapes = [
            (1, 1, 1),
            (1, 1, 4),
            (2, 3, 3),
            (7, 2, 1),
            (128, 3, 1),
            (129, 4, 1),
            (32, 5, 4),
            (45, 9, 3),
            (70, 17, 2),
        ];
        for (width, height, cn) in shapes {
            let geometry = Geometry { width, height, cn };
            let len = width * height * cn;
            let src: Vec<u8> = (0..len)
                .map(|i| (i.wrapping_mul(2_654_435_761) >> 11) as u8)
                .collect();
            for k in [3, 5, 7, 9, 11, 15, 17, 31] {
                let kernel = KernelSize::new(k).expect("odd");
                let mut dst = vec![0u8; len];
                erode(&src, &mut dst, geometry, kernel, &mut no_progress).expect("no cancel");
                assert_eq!(
                    dst,
                    naive(&src, geometry, k as usize, u8::min),
                    "min k={k} {width}x{height}x{cn}"
                );
                dilate(&src, &mut dst, geometry, kernel, &mut no_progress).expect("no cancel");
                assert_eq!(
                    dst,
                    naive(&src, geometry, k as usize, u8::max),
                    "max k={k} {width}x{height}x{cn}"
                );
            }
        }
    }
}
