//! k = 5: min/max networks on 32 bytes at a time (k = 3 is in [`super::three`],
//! which shares the lane helpers below).
//!
//! Each output row is made in two passes:
//! 1. Column sort: for every byte of the replicate-padded row, sort the 5
//!    values above each other (9 comparators) and store rank j of every
//!    column in row j of [`ColumnRanks`]. A column is sorted once and serves
//!    the 5 outputs whose windows contain it.
//! 2. Selection: an output byte's window is 5 sorted columns, at byte shifts
//!    0, cn, 2cn, ... in those rows, and a short network selects their median
//!    (98 min/max, against 99 comparators, 198 min/max, for the classic
//!    25-input network).
//!
//! Every lane array is a `[u8; 32]` loaded from a slice at a fixed length, so
//! under AVX2 each min/max is one `vpminub`/`vpmaxub` and each load one
//! `vmovdqu`. The networks are proved on every input by the 0-1 principle
//! (a min/max network that selects the median of every 0/1 input selects the
//! median of every input), by the tests below.

use std::ops::ControlFlow;

use super::super::border::replicate;
use super::super::{Geometry, Progress, run_bands};
use crate::Result;

/// Bytes processed together: one AVX2 register.
pub(super) const LANES: usize = 32;

/// 32 bytes handled side by side.
pub(super) type Lanes = [u8; LANES];

#[inline(always)]
pub(super) fn min(a: Lanes, b: Lanes) -> Lanes {
    let mut out = a;
    for (o, b) in out.iter_mut().zip(b) {
        *o = (*o).min(b);
    }
    out
}

#[inline(always)]
pub(super) fn max(a: Lanes, b: Lanes) -> Lanes {
    let mut out = a;
    for (o, b) in out.iter_mut().zip(b) {
        *o = (*o).max(b);
    }
    out
}

/// `(min, max)`: one comparator.
#[inline(always)]
pub(super) fn sort2(a: Lanes, b: Lanes) -> (Lanes, Lanes) {
    (min(a, b), max(a, b))
}

/// The median of three.
#[inline(always)]
pub(super) fn med3(a: Lanes, b: Lanes, c: Lanes) -> Lanes {
    max(min(a, b), min(max(a, b), c))
}

/// The 32 bytes of `s` from `at`: one vector load. (Not `copy_from_slice`,
/// which is not always inlined into the AVX2 code, and then nothing around
/// it is vectorised.)
#[inline(always)]
pub(super) fn load(s: &[u8], at: usize) -> Lanes {
    *s[at..].first_chunk().expect("blocks lie inside their rows")
}

/// Stores 32 bytes into `s` from `at`: one vector store.
#[inline(always)]
pub(super) fn store(s: &mut [u8], at: usize, lanes: Lanes) {
    *s[at..]
        .first_chunk_mut()
        .expect("blocks lie inside their rows") = lanes;
}

/// The starts of 32-byte blocks covering `0..n`: the last block is moved
/// back to end at `n` (overlapping its neighbour, which is harmless because
/// outputs are recomputed identically), and rows shorter than a block get one
/// block at 0, read from padded copies.
fn blocks(n: usize) -> impl Iterator<Item = usize> {
    let last = n.saturating_sub(LANES);
    (0..last).step_by(LANES).chain(std::iter::once(last))
}

/// Rank `j` of every column of the padded row under an output row, one row
/// of `stride` bytes per rank.
struct ColumnRanks {
    data: Vec<u8>,
    stride: usize,
}

impl ColumnRanks {
    /// Room for `k` ranks of a row of `row_len` bytes padded by `pad` bytes
    /// on each side, and for a full block's reads past the end of short rows.
    fn new(k: usize, row_len: usize, pad: usize) -> Self {
        let stride = row_len.max(LANES) + 2 * pad;
        Self {
            data: vec![0; k * stride],
            stride,
        }
    }

    #[inline(always)]
    fn rank(&self, j: usize) -> &[u8] {
        &self.data[j * self.stride..(j + 1) * self.stride]
    }

    /// The sorted columns of the 32 bytes from `at`.
    #[inline(always)]
    fn column<const N: usize>(&self, at: usize) -> [Lanes; N] {
        let mut column = [[0; LANES]; N];
        for (j, lanes) in column.iter_mut().enumerate() {
            *lanes = load(self.rank(j), at);
        }
        column
    }

    #[inline(always)]
    fn rank_mut(&mut self, j: usize) -> &mut [u8] {
        &mut self.data[j * self.stride..(j + 1) * self.stride]
    }
}

/// Sorts each byte column of `rows` (N = 2r + 1 rows of `row_len` bytes,
/// readable to at least 32 bytes) with `sort`, into `ranks`, then fills the
/// r pixels of padding on each side with copies of the edge columns
/// (border replicate).
#[inline(always)]
fn sort_columns<const N: usize>(
    rows: &[&[u8]; N],
    row_len: usize,
    cn: usize,
    ranks: &mut ColumnRanks,
) where
    [Lanes; N]: Network,
{
    let pad = N / 2 * cn;
    for start in blocks(row_len) {
        let mut column = [[0; LANES]; N];
        for (lanes, row) in column.iter_mut().zip(rows) {
            *lanes = load(row, start);
        }
        column.sort_column();
        for (j, lanes) in column.iter().enumerate() {
            store(ranks.rank_mut(j), pad + start, *lanes);
        }
    }
    for j in 0..N {
        let rank = ranks.rank_mut(j);
        for px in 0..N / 2 {
            rank.copy_within(pad..pad + cn, px * cn);
            let last = pad + row_len - cn;
            rank.copy_within(last..last + cn, pad + row_len + px * cn);
        }
    }
}

/// The two halves of an N x N median network, as static calls so that
/// `#[inline(always)]` reaches them (calls through `Fn` or function
/// pointers are not inlined into the AVX2 code).
trait Network {
    /// Sorts a column of N lanes in place.
    fn sort_column(&mut self);
    /// The medians of the windows whose first byte is `start`.
    fn median_at(ranks: &ColumnRanks, start: usize, cn: usize) -> Lanes;
}

impl Network for [Lanes; 5] {
    #[inline(always)]
    fn sort_column(&mut self) {
        sort5(self);
    }

    #[inline(always)]
    fn median_at(ranks: &ColumnRanks, start: usize, cn: usize) -> Lanes {
        select5(ranks, start, cn)
    }
}

/// Sorts five lanes in place (9 comparators, the fewest possible).
#[inline(always)]
fn sort5(v: &mut [Lanes; 5]) {
    let [a, b, c, d, e] = *v;
    let (a, b) = sort2(a, b);
    let (d, e) = sort2(d, e);
    let (c, e) = sort2(c, e);
    let (c, d) = sort2(c, d);
    let (a, d) = sort2(a, d);
    let (a, c) = sort2(a, c);
    let (b, e) = sort2(b, e);
    let (b, d) = sort2(b, d);
    let (b, c) = sort2(b, c);
    *v = [a, b, c, d, e];
}

/// The 5x5 medians whose windows start at byte `start`.
#[inline(always)]
fn select5(ranks: &ColumnRanks, start: usize, cn: usize) -> Lanes {
    median_of_sorted_5([
        ranks.column(start),
        ranks.column(start + cn),
        ranks.column(start + 2 * cn),
        ranks.column(start + 3 * cn),
        ranks.column(start + 4 * cn),
    ])
}

/// The median of 25 values in five sorted columns A..E: merge A+B and C+D
/// (Batcher), take ranks 7 to 12 of the merge of those two (no other rank
/// can be the median once E's five values join), then the rank-12 element
/// of that and E.
#[inline(always)]
fn median_of_sorted_5(cols: [[Lanes; 5]; 5]) -> Lanes {
    let [a, b, c, d, e] = cols;
    rank_12_of(ranks_7_to_12(merge_5_5(a, b), merge_5_5(c, d)), e)
}

/// Batcher's odd-even merge of two sorted columns of five.
#[inline(always)]
fn merge_5_5(a: [Lanes; 5], b: [Lanes; 5]) -> [Lanes; 10] {
    let (l0, h0) = sort2(a[0], b[0]);
    let (l1, h1) = sort2(a[4], b[4]);
    let (l2, h2) = sort2(h0, l1);
    let (l3, h3) = sort2(a[2], b[2]);
    let (l4, h4) = sort2(l2, l3);
    let (l5, h5) = sort2(h2, h3);
    let (l6, h6) = sort2(a[1], b[1]);
    let (l7, h7) = sort2(a[3], b[3]);
    let (l8, h8) = sort2(h6, l7);
    let (l9, h9) = sort2(l4, l6);
    let (l10, h10) = sort2(h4, l8);
    let (l11, h11) = sort2(l5, h8);
    let (l12, h12) = sort2(h5, h7);
    [l0, l9, h9, l10, h10, l11, h11, l12, h12, h1]
}

/// Ranks 7 to 12 of the union of two sorted lists of ten: Batcher's
/// odd-even merge with every min/max that does not reach those ranks left
/// out (36 min/max instead of the full merge's 50).
#[inline(always)]
fn ranks_7_to_12(p: [Lanes; 10], r: [Lanes; 10]) -> [Lanes; 6] {
    let m0 = max(p[0], r[0]);
    let m1 = min(p[8], r[8]);
    let (l2, h2) = sort2(m0, m1);
    let (l3, h3) = sort2(p[4], r[4]);
    let m4 = max(l2, l3);
    let m5 = min(h2, h3);
    let m6 = max(p[2], r[2]);
    let m7 = min(p[6], r[6]);
    let (l8, h8) = sort2(m6, m7);
    let m9 = max(m4, l8);
    let (l10, h10) = sort2(m5, h8);
    let m11 = max(p[1], r[1]);
    let m12 = min(p[9], r[9]);
    let (l13, h13) = sort2(m11, m12);
    let (l14, h14) = sort2(p[5], r[5]);
    let m15 = max(l13, l14);
    let m16 = min(h13, h14);
    let m17 = max(p[3], r[3]);
    let m18 = min(p[7], r[7]);
    let (l19, h19) = sort2(m17, m18);
    let (l20, h20) = sort2(m15, l19);
    let m21 = min(m16, h19);
    let (l22, h22) = sort2(m9, l20);
    let (l23, h23) = sort2(l10, h20);
    let (l24, h24) = sort2(h10, m21);
    [l22, h22, l23, h23, l24, h24]
}

/// The 13th smallest (rank 12) of 25 values given as ranks 7 to 12 of
/// twenty of them (`q`) and the other five sorted (`e`). The k-th smallest
/// of two sorted lists Q, E is `min(Q[k], min over i + j = k - 1 of
/// max(Q[i], E[j]))`: some pair below it holds k values in all.
#[inline(always)]
fn rank_12_of(q: [Lanes; 6], e: [Lanes; 5]) -> Lanes {
    let mut out = q[5];
    for j in 0..5 {
        out = min(out, max(q[4 - j], e[j]));
    }
    out
}

/// The 5x5 median, band by band on all threads.
pub(super) fn median5(
    src: &[u8],
    dst: &mut [u8],
    geometry: Geometry,
    progress: &mut dyn FnMut(Progress) -> ControlFlow<()>,
) -> Result<()> {
    run_bands(dst, geometry, progress, |first_row, band| {
        pulp::Arch::new().dispatch(NetworkBand::<5> {
            src,
            geometry,
            first_row,
            band,
        });
    })
}

/// One band as a [`pulp::WithSimd`] operation, so its code is compiled for
/// AVX2 too; the band code must be reached from here through
/// `#[inline(always)]` calls only.
struct NetworkBand<'a, const N: usize> {
    src: &'a [u8],
    geometry: Geometry,
    first_row: usize,
    band: &'a mut [u8],
}

impl<const N: usize> pulp::WithSimd for NetworkBand<'_, N>
where
    [Lanes; N]: Network,
{
    type Output = ();

    #[inline(always)]
    fn with_simd<S: pulp::Simd>(self, _simd: S) {
        network_band::<N>(self.src, self.geometry, self.first_row, self.band);
    }
}

/// The output rows from `first_row` into `band` for an N x N window.
#[inline(always)]
fn network_band<const N: usize>(src: &[u8], geometry: Geometry, first_row: usize, band: &mut [u8])
where
    [Lanes; N]: Network,
{
    let Geometry { height, cn, .. } = geometry;
    let row_len = geometry.row_len();
    let radius = N / 2;
    let mut ranks = ColumnRanks::new(N, row_len, radius * cn);
    // Rows shorter than a block are read from zero-padded copies.
    let short_rows: Option<Vec<Lanes>> = (row_len < LANES).then(|| {
        (0..height)
            .map(|y| {
                let mut row = [0; LANES];
                row[..row_len].copy_from_slice(&src[y * row_len..(y + 1) * row_len]);
                row
            })
            .collect()
    });
    for (i, out_row) in band.chunks_exact_mut(row_len).enumerate() {
        let y = first_row + i;
        let rows: [&[u8]; N] = std::array::from_fn(|dy| {
            let r = replicate(y as isize + dy as isize - radius as isize, height);
            match &short_rows {
                Some(short) => &short[r][..],
                None => &src[r * row_len..(r + 1) * row_len],
            }
        });
        sort_columns(&rows, row_len, cn, &mut ranks);
        for start in blocks(row_len) {
            let median = <[Lanes; N]>::median_at(&ranks, start, cn);
            if row_len >= LANES {
                store(out_row, start, median);
            } else {
                out_row.copy_from_slice(&median[..row_len]);
            }
        }
    }
}

/// Lanes whose lane `l` holds bit `bit` of `base + l`: the 0/1 inputs of
/// the networks' exhaustive tests (here and in the 3x3 kernel's).
#[cfg(test)]
pub(super) fn bit_lanes(base: u32, bit: u32) -> Lanes {
    std::array::from_fn(|l| ((base + l as u32) >> bit & 1) as u8)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blocks_cover_every_byte_with_full_blocks() {
        assert_eq!(blocks(5).collect::<Vec<_>>(), [0]);
        assert_eq!(blocks(32).collect::<Vec<_>>(), [0]);
        assert_eq!(blocks(33).collect::<Vec<_>>(), [0, 1]);
        assert_eq!(blocks(64).collect::<Vec<_>>(), [0, 32]);
        assert_eq!(blocks(70).collect::<Vec<_>>(), [0, 32, 38]);
    }

    #[test]
    fn sort5_sorts_every_zero_one_input() {
        let mut v: [Lanes; 5] = std::array::from_fn(|bit| bit_lanes(0, bit as u32));
        sort5(&mut v);
        for lane in 0..32 {
            let column: Vec<u8> = v.iter().map(|r| r[lane]).collect();
            assert!(column.is_sorted(), "{lane:05b}: {column:?}");
        }
    }

    /// The 0/1 windows `base..base + 32` of n x n values, bit `dy * n + dx`
    /// of the window number giving the value at (dx, dy), as columns sorted
    /// by `sort`.
    fn sorted_zero_one_columns<const N: usize>(
        base: u32,
        sort: fn(&mut [Lanes; N]),
    ) -> [[Lanes; N]; N] {
        std::array::from_fn(|dx| {
            let mut column = std::array::from_fn(|dy| bit_lanes(base, (dy * N + dx) as u32));
            sort(&mut column);
            column
        })
    }

    /// Checks that lane l of `got` is the median of the 0/1 window `base + l`.
    fn assert_zero_one_medians(got: Lanes, base: u32, n: u32) {
        for (lane, &value) in got.iter().enumerate() {
            let window = base + lane as u32;
            let expected = u8::from(window.count_ones() > n * n / 2);
            assert_eq!(value, expected, "window {window:b}");
        }
    }

    /// Column sort then selection on every 0/1 5x5 window (2^25 of them):
    /// by the 0-1 principle it then selects the median of every window.
    #[test]
    fn median25_is_correct_on_every_zero_one_window() {
        for base in (0u32..1 << 25).step_by(LANES) {
            let cols = sorted_zero_one_columns::<5>(base, sort5);
            assert_zero_one_medians(median_of_sorted_5(cols), base, 5);
        }
    }
}
