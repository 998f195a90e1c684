//! k = 3: two output rows per pass, straight from the source rows, 32 bytes
//! at a time, with nothing stored between the two halves of the network.
//!
//! The median of a 3x3 window is the median of three values: the largest of
//! the three row minima, the median of the three row medians and the
//! smallest of the three row maxima (the classic result for sorted columns,
//! read across rows instead). So:
//! 1. Across: for each of the four source rows under two output rows, sort
//!    the three pixels around every byte (6 min/max), loading the row at
//!    byte shifts -cn, 0 and +cn. Shifted loads straight from the row need
//!    no stored intermediate rows and no shuffles.
//! 2. Down: the two output rows share their two middle source rows, so the
//!    max of their minima, the min of their maxima and the sorted pair of
//!    their medians are computed once for both (20 min/max for two outputs).
//!
//! That is 22 min/max, 6 loads and 1 store per 32 output bytes, against 18
//! min/max, 12 loads and 4 stores when sorted columns are stored and read
//! back at shifts. The pixels at the row ends (where -cn or +cn leaves the
//! row) are read from small copies padded by border replicate.
//!
//! The channel count is a const parameter, so that every offset is known
//! and the loop's bounds checks fold into its condition. (No `[T; N]::map`
//! or closures on the lanes: calls that are not `#[inline(always)]` are not
//! inlined into the AVX2 code, and then nothing in them is vectorised.)

use std::ops::ControlFlow;

use super::super::border::replicate;
use super::super::{Geometry, Progress, run_bands};
use super::network::{LANES, Lanes, load, max, med3, min, sort2, store};
use crate::Result;

/// A block of 32 output bytes with `cn` bytes before and after it, plus room
/// for the largest `cn` (4).
type PaddedBlock = [u8; LANES + 8];

/// `[min, median, max]` of the pixels at byte shifts 0, `CN` and `2 * CN`
/// from `at` in `row`: the three pixels around each of the 32 bytes from
/// `at + CN`.
#[inline(always)]
fn sort_across<const CN: usize>(row: &[u8], at: usize) -> [Lanes; 3] {
    let (a, b, c) = (load(row, at), load(row, at + CN), load(row, at + 2 * CN));
    let (lo, hi) = sort2(a, b);
    [min(lo, c), max(lo, min(hi, c)), max(hi, c)]
}

/// The medians of two vertically adjacent windows, from the sorted triples
/// of their four rows (`rows[0..3]` for the first, `rows[1..4]` for the
/// second).
#[inline(always)]
fn two_medians(rows: [[Lanes; 3]; 4]) -> [Lanes; 2] {
    let [[l0, m0, h0], [l1, m1, h1], [l2, m2, h2], [l3, m3, h3]] = rows;
    let low = max(l1, l2);
    let high = min(h1, h2);
    let (mid_lo, mid_hi) = sort2(m1, m2);
    [
        med3(max(l0, low), max(mid_lo, min(mid_hi, m0)), min(h0, high)),
        med3(max(low, l3), max(mid_lo, min(mid_hi, m3)), min(high, h3)),
    ]
}

/// The bytes from `start - CN` of a row (`CN` bytes per pixel), pixels
/// outside it replaced by the nearest edge pixel: one copy of the part inside
/// the row and a few bytes either side.
fn padded_block<const CN: usize>(row: &[u8], start: usize) -> PaddedBlock {
    let len = row.len();
    let mut block = [0; LANES + 8];
    // Byte i of the block is byte x = start + i - CN of the row.
    let before = CN.saturating_sub(start);
    let from = (start + before) - CN;
    let inside = (block.len() - before).min(len - from);
    block[before..before + inside].copy_from_slice(&row[from..from + inside]);
    for (i, byte) in block.iter_mut().enumerate().take(before) {
        // x < 0: the first pixel's channel x mod CN.
        *byte = row[(start + i) % CN];
    }
    for (i, byte) in block.iter_mut().enumerate().skip(before + inside) {
        // x >= len: the last pixel's channel x mod CN (len is a multiple of CN).
        *byte = row[len - CN + (start + i - CN) % CN];
    }
    block
}

/// Two output rows from their four source rows (replicated at the image's
/// top and bottom): `out[0]` from `rows[0..3]`, `out[1]` from `rows[1..4]`.
/// Every slice is one row of `row_len` bytes.
#[inline(always)]
fn two_rows<const CN: usize>(rows: [&[u8]; 4], out: [&mut [u8]; 2]) {
    let row_len = out[0].len();
    let [out0, out1] = out;
    // Every slice cut to `row_len` here, so that one loop condition covers
    // the bounds of all the loads and stores below.
    let out1 = &mut out1[..row_len];
    let rows = [
        &rows[0][..row_len],
        &rows[1][..row_len],
        &rows[2][..row_len],
        &rows[3][..row_len],
    ];
    // Interior blocks: all three shifts lie inside the row.
    let mut start = LANES;
    while start + LANES + CN <= row_len {
        let at = start - CN;
        let [m0, m1] = two_medians([
            sort_across::<CN>(rows[0], at),
            sort_across::<CN>(rows[1], at),
            sort_across::<CN>(rows[2], at),
            sort_across::<CN>(rows[3], at),
        ]);
        store(out0, start, m0);
        store(out1, start, m1);
        start += LANES;
    }
    // The first block and the last one or two, from padded copies; a block
    // past the end is moved back to end at the row's end (recomputing a few
    // bytes identically), and a row shorter than a block gets one block.
    let ends = std::iter::once(0).chain((start..row_len).step_by(LANES));
    for start in ends {
        let start = start.min(row_len.saturating_sub(LANES));
        let padded = [
            padded_block::<CN>(rows[0], start),
            padded_block::<CN>(rows[1], start),
            padded_block::<CN>(rows[2], start),
            padded_block::<CN>(rows[3], start),
        ];
        let medians = two_medians([
            sort_across::<CN>(&padded[0], 0),
            sort_across::<CN>(&padded[1], 0),
            sort_across::<CN>(&padded[2], 0),
            sort_across::<CN>(&padded[3], 0),
        ]);
        let n = LANES.min(row_len);
        out0[start..start + n].copy_from_slice(&medians[0][..n]);
        out1[start..start + n].copy_from_slice(&medians[1][..n]);
    }
}

/// The output rows from `first_row` into `band`, two at a time.
#[inline(always)]
fn median3_band<const CN: usize>(
    src: &[u8],
    geometry: Geometry,
    first_row: usize,
    band: &mut [u8],
) {
    let height = geometry.height;
    let row_len = geometry.row_len();
    let source = |y: usize, dy: isize| {
        let r = replicate(y as isize + dy, height);
        &src[r * row_len..(r + 1) * row_len]
    };
    // The second row of a band's last pass when its row count is odd.
    let mut spare = Vec::new();
    let mut outs = band.chunks_exact_mut(row_len);
    let mut y = first_row;
    while let Some(out0) = outs.next() {
        let out1 = match outs.next() {
            Some(out1) => out1,
            None => {
                spare.resize(row_len, 0);
                &mut spare[..]
            }
        };
        let rows = [source(y, -1), source(y, 0), source(y, 1), source(y, 2)];
        two_rows::<CN>(rows, [out0, out1]);
        y += 2;
    }
}

/// One band as a [`pulp::WithSimd`] operation, so that its code is compiled
/// for AVX2 too.
struct Median3Band<'a, const CN: usize> {
    src: &'a [u8],
    geometry: Geometry,
    first_row: usize,
    band: &'a mut [u8],
}

impl<const CN: usize> pulp::WithSimd for Median3Band<'_, CN> {
    type Output = ();

    #[inline(always)]
    fn with_simd<S: pulp::Simd>(self, _simd: S) {
        median3_band::<CN>(self.src, self.geometry, self.first_row, self.band);
    }
}

/// The 3x3 median, band by band on all threads.
pub(super) fn median3(
    src: &[u8],
    dst: &mut [u8],
    geometry: Geometry,
    progress: &mut dyn FnMut(Progress) -> ControlFlow<()>,
) -> Result<()> {
    fn run<const CN: usize>(
        src: &[u8],
        dst: &mut [u8],
        geometry: Geometry,
        progress: &mut dyn FnMut(Progress) -> ControlFlow<()>,
    ) -> Result<()> {
        run_bands(dst, geometry, progress, |first_row, band| {
            pulp::Arch::new().dispatch(Median3Band::<CN> {
                src,
                geometry,
                first_row,
                band,
            });
        })
    }
    match geometry.cn {
        1 => run::<1>(src, dst, geometry, progress),
        2 => run::<2>(src, dst, geometry, progress),
        3 => run::<3>(src, dst, geometry, progress),
        4 => run::<4>(src, dst, geometry, progress),
        cn => unreachable!("images have 1 to 4 channels, not {cn}"),
    }
}

#[cfg(test)]
mod tests {
    use super::super::network::bit_lanes;
    use super::*;

    /// Every 0/1 pair of vertically adjacent 3x3 windows (a 4x3 block, 2^12
    /// of them): both medians are right, so by the 0-1 principle the
    /// min/max network selects the right medians of every input.
    #[test]
    fn two_medians_are_right_on_every_zero_one_block() {
        for base in (0u32..1 << 12).step_by(LANES) {
            // Row r, pixel x of the block: bit 3r + x.
            let rows: [[Lanes; 3]; 4] = std::array::from_fn(|r| {
                let px: [Lanes; 3] = std::array::from_fn(|x| bit_lanes(base, (3 * r + x) as u32));
                let (lo, hi) = sort2(px[0], px[1]);
                [min(lo, px[2]), max(lo, min(hi, px[2])), max(hi, px[2])]
            });
            let got = two_medians(rows);
            for lane in 0..LANES {
                let block = base + lane as u32;
                for (k, medians) in got.iter().enumerate() {
                    let window = block >> (3 * k) & 0x1ff;
                    let expected = u8::from(window.count_ones() > 4);
                    assert_eq!(medians[lane], expected, "block {block:012b}, window {k}");
                }
            }
        }
    }

    /// `sort_across` sorts the pixels at shifts 0, CN and 2 CN of every lane.
    #[test]
    fn sort_across_sorts_the_three_pixels_of_every_lane() {
        let row: Vec<u8> = (0..LANES as u32 + 8)
            .map(|i| (i.wrapping_mul(2_654_435_761) >> 24) as u8)
            .collect();
        let [lo, mid, hi] = sort_across::<3>(&row, 1);
        for lane in 0..LANES {
            let mut three = [row[1 + lane], row[4 + lane], row[7 + lane]];
            three.sort_unstable();
            assert_eq!([lo[lane], mid[lane], hi[lane]], three, "lane {lane}");
        }
    }

    #[test]
    fn padded_blocks_replicate_the_edge_pixels() {
        // Three RGB pixels.
        let row = [1, 2, 3, 4, 5, 6, 7, 8, 9];
        let block = padded_block::<3>(&row, 0);
        assert_eq!(block[..15], [1, 2, 3, 1, 2, 3, 4, 5, 6, 7, 8, 9, 7, 8, 9]);
        let right = block[15..].iter().enumerate();
        assert!(
            right.clone().all(|(i, &b)| usize::from(b) == 7 + i % 3),
            "{block:?}"
        );
        let block = padded_block::<3>(&row, 6);
        assert_eq!(block[..9], [4, 5, 6, 7, 8, 9, 7, 8, 9]);
    }
}
