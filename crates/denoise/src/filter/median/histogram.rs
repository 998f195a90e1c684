//! k >= 7: Perreault and Hébert's constant-time median.
//!
//! Every image column keeps a histogram of the k values above each other
//! in the window's rows; moving down a row removes one value and adds one.
//! Along a row, the window's histogram gains the column entering on the
//! right and loses the one leaving on the left: a whole-histogram add, which
//! costs the same for every k. Histograms are two-level: 16 coarse bins
//! (the high nibble), always kept up to date, and 256 fine bins, of which
//! only the 16 under the coarse bin holding the median are brought up to
//! date, lazily, when the median lands there. A 16-bin segment of `u16`
//! counts is one AVX2 register, so each add is one instruction.
//!
//! The image is cut into tiles of [`STRIP_PX`] columns by [`TILE_ROWS`]
//! rows so that a tile's column histograms (about 0.5 MiB for RGB) stay in
//! the core's L2 cache; tiles run on all threads.

use std::ops::ControlFlow;

use rayon::prelude::*;

use super::super::border::replicate;
use super::super::{Geometry, Progress};
use crate::{Error, KernelSize, Result};

/// Output columns per tile.
const STRIP_PX: usize = 256;
/// Output rows per tile; progress is reported after each band of tiles.
const TILE_ROWS: usize = 128;

/// A 16-bin histogram segment: one AVX2 register of `u16` counts. Counts
/// fit: a window holds at most 255 * 255 = 65025 values.
type Segment = [u16; 16];

/// `a + b - c`, bin by bin (never below zero: `c` is part of `a`). By
/// value, so that the segment stays in a register.
#[inline(always)]
fn add_sub(a: Segment, b: &Segment, c: &Segment) -> Segment {
    let mut out = a;
    for ((o, b), c) in out.iter_mut().zip(b).zip(c) {
        *o = *o + *b - *c;
    }
    out
}

#[inline(always)]
fn add(a: Segment, b: &Segment) -> Segment {
    let mut out = a;
    for (o, b) in out.iter_mut().zip(b) {
        *o += *b;
    }
    out
}

/// How the bin holding a rank is found in a 16-bin segment.
trait RankSearch: Copy {
    /// The bin of `segment` holding rank `half`, given `below` values in
    /// earlier segments, and the count below that bin. The rank must lie in
    /// the segment: `below <= half < below + sum(segment)`.
    fn find(self, segment: &Segment, half: u32, below: u32) -> (usize, u32);
}

/// Bin after bin: a loop whose exit the branch predictor guesses wrong
/// about once per search.
#[derive(Clone, Copy)]
struct ScalarSearch;

impl RankSearch for ScalarSearch {
    #[inline(always)]
    fn find(self, segment: &Segment, half: u32, below: u32) -> (usize, u32) {
        let (mut bin, mut below) = (0, below);
        while below + u32::from(segment[bin]) <= half {
            below += u32::from(segment[bin]);
            bin += 1;
        }
        (bin, below)
    }
}

/// Without branches, in one AVX2 register: the segment's running sums
/// (three shifts within each 128-bit half, then the low half's total
/// carried into the high half), compared with the rank at once; the bins
/// wholly below the rank are those whose running sum does not pass it, and
/// since running sums only grow they are the first ones, counted from the
/// comparison mask.
#[cfg(target_arch = "x86_64")]
#[derive(Clone, Copy)]
struct Avx2Search(pulp::x86::V3);

#[cfg(target_arch = "x86_64")]
impl RankSearch for Avx2Search {
    #[inline(always)]
    fn find(self, segment: &Segment, half: u32, below: u32) -> (usize, u32) {
        use std::arch::x86_64::__m256i;
        let (avx, avx2) = (self.0.avx, self.0.avx2);
        let add = |a, b| avx2._mm256_add_epi16(a, b);
        let x: __m256i = pulp::cast(*segment);
        let x = add(x, avx2._mm256_slli_si256::<2>(x));
        let x = add(x, avx2._mm256_slli_si256::<4>(x));
        let x = add(x, avx2._mm256_slli_si256::<8>(x));
        // Each half's last running sum in all of its lanes, then the low
        // half's moved to the high half (and zero to the low one).
        let last = avx2._mm256_shufflehi_epi16::<0xFF>(x);
        let last = avx2._mm256_unpackhi_epi64(last, last);
        let running = add(x, avx2._mm256_permute2x128_si256::<0x08>(last, last));
        // The rank within this segment: below 65536 since a window holds at
        // most 255 * 255 values.
        let rank = avx._mm256_set1_epi16((half - below) as u16 as i16);
        let passed = avx2._mm256_cmpeq_epi16(avx2._mm256_min_epu16(running, rank), running);
        let bin = (avx2._mm256_movemask_epi8(passed).count_ones() / 2) as usize;
        let sums: Segment = pulp::cast(running);
        let before = bin.checked_sub(1).map_or(0, |b| u32::from(sums[b]));
        (bin, below + before)
    }
}

/// The median of every window for k >= 7, tile band by tile band.
pub(super) fn histogram_median(
    src: &[u8],
    dst: &mut [u8],
    geometry: Geometry,
    kernel: KernelSize,
    progress: &mut dyn FnMut(Progress) -> ControlFlow<()>,
) -> Result<()> {
    let Geometry { width, height, cn } = geometry;
    let row_len = geometry.row_len();
    let strips = width.div_ceil(STRIP_PX);
    #[cfg(target_arch = "x86_64")]
    let v3 = pulp::x86::V3::try_new();
    for (band_index, band) in dst.chunks_mut(TILE_ROWS * row_len).enumerate() {
        // Cut every row of the band at the strip edges, so that each tile
        // owns its part of the output.
        let mut tiles: Vec<Vec<&mut [u8]>> = (0..strips).map(|_| Vec::new()).collect();
        for row in band.chunks_exact_mut(row_len) {
            let mut rest = row;
            for tile in &mut tiles {
                let len = rest.len().min(STRIP_PX * cn);
                let (piece, tail) = rest.split_at_mut(len);
                tile.push(piece);
                rest = tail;
            }
        }
        let first_row = band_index * TILE_ROWS;
        tiles.into_par_iter().enumerate().for_each(|(strip, rows)| {
            let tile = Tile {
                src,
                geometry,
                radius: kernel.radius(),
                first_col: strip * STRIP_PX,
                first_row,
                rows,
            };
            #[cfg(target_arch = "x86_64")]
            if let Some(v3) = v3 {
                return pulp::Simd::vectorize(
                    v3,
                    TileOp {
                        tile,
                        search: Avx2Search(v3),
                    },
                );
            }
            pulp::Arch::new().dispatch(TileOp {
                tile,
                search: ScalarSearch,
            });
        });
        let done = (first_row + band.len() / row_len) as u64;
        let report = Progress {
            done,
            total: height as u64,
        };
        if progress(report).is_break() {
            return Err(Error::Cancelled);
        }
    }
    Ok(())
}

/// One tile's work.
struct Tile<'a> {
    src: &'a [u8],
    geometry: Geometry,
    radius: usize,
    /// The first output column (pixel) of the tile.
    first_col: usize,
    first_row: usize,
    /// The tile's part of each output row.
    rows: Vec<&'a mut [u8]>,
}

/// One tile's work as a [`pulp::WithSimd`] operation, compiled with AVX2
/// where the processor has it, with the rank search to use.
struct TileOp<'a, R> {
    tile: Tile<'a>,
    search: R,
}

impl<R: RankSearch> pulp::WithSimd for TileOp<'_, R> {
    type Output = ();

    #[inline(always)]
    fn with_simd<S: pulp::Simd>(self, _simd: S) {
        filter_tile(self.tile, self.search);
    }
}

/// The column histograms of a tile: for window column p (image column
/// `first_col + p - radius`, replicated at the edges) and channel c, at
/// index `p * cn + c`.
struct Columns {
    coarse: Vec<Segment>,
    fine: Vec<[Segment; 16]>,
}

impl Columns {
    #[inline(always)]
    fn insert(&mut self, at: usize, value: u8) {
        let v = usize::from(value);
        self.coarse[at][v >> 4] += 1;
        self.fine[at][v >> 4][v & 15] += 1;
    }

    #[inline(always)]
    fn remove(&mut self, at: usize, value: u8) {
        let v = usize::from(value);
        self.coarse[at][v >> 4] -= 1;
        self.fine[at][v >> 4][v & 15] -= 1;
    }
}

#[inline(always)]
fn filter_tile(tile: Tile<'_>, search: impl RankSearch) {
    let Tile {
        src,
        geometry,
        radius,
        first_col,
        first_row,
        mut rows,
    } = tile;
    let Geometry { width, height, cn } = geometry;
    let row_len = geometry.row_len();
    let k = 2 * radius + 1;
    let out_cols = rows.first().map_or(0, |row| row.len() / cn);
    let window_cols = out_cols + 2 * radius;
    // Byte offset in a source row of each window column's pixel.
    let offsets: Vec<usize> = (0..window_cols)
        .map(|p| replicate((first_col + p) as isize - radius as isize, width) * cn)
        .collect();
    let src_row = |y: isize| {
        let r = replicate(y, height);
        &src[r * row_len..(r + 1) * row_len]
    };
    let mut columns = Columns {
        coarse: vec![[0; 16]; window_cols * cn],
        fine: vec![[[0; 16]; 16]; window_cols * cn],
    };
    let y0 = first_row as isize;
    for dy in -(radius as isize)..=radius as isize {
        let row = src_row(y0 + dy);
        for (p, &offset) in offsets.iter().enumerate() {
            for c in 0..cn {
                columns.insert(p * cn + c, row[offset + c]);
            }
        }
    }
    let half = (k * k / 2) as u32;
    for (i, out_row) in rows.iter_mut().enumerate() {
        let y = y0 + i as isize;
        if i > 0 {
            let (leaving, entering) = (
                src_row(y - radius as isize - 1),
                src_row(y + radius as isize),
            );
            if !std::ptr::eq(leaving, entering) {
                for (p, &offset) in offsets.iter().enumerate() {
                    for c in 0..cn {
                        columns.remove(p * cn + c, leaving[offset + c]);
                        columns.insert(p * cn + c, entering[offset + c]);
                    }
                }
            }
        }
        for c in 0..cn {
            sweep_row(&columns, k, cn, c, half, out_row, search);
        }
    }
}

/// Channel `c` of one output row of a tile, sliding the window histogram
/// along the column histograms.
#[inline(always)]
fn sweep_row(
    columns: &Columns,
    k: usize,
    cn: usize,
    c: usize,
    half: u32,
    out_row: &mut [u8],
    search: impl RankSearch,
) {
    let col = |p: usize| p * cn + c;
    let mut coarse: Segment = [0; 16];
    for p in 0..k {
        coarse = add(coarse, &columns.coarse[col(p)]);
    }
    let mut fine: [Segment; 16] = [[0; 16]; 16];
    // The output column at which each fine segment was last made exact.
    let mut fresh_at: [Option<usize>; 16] = [None; 16];
    for (x, out) in out_row.iter_mut().skip(c).step_by(cn).enumerate() {
        if x > 0 {
            coarse = add_sub(
                coarse,
                &columns.coarse[col(x + k - 1)],
                &columns.coarse[col(x - 1)],
            );
        }
        let (bin, below) = search.find(&coarse, half, 0);
        let mut segment = fine[bin];
        match fresh_at[bin] {
            // Catching up costs two adds per column moved; starting over
            // costs k.
            Some(last) if 2 * (x - last) <= k => {
                for step in last + 1..=x {
                    segment = add_sub(
                        segment,
                        &columns.fine[col(step + k - 1)][bin],
                        &columns.fine[col(step - 1)][bin],
                    );
                }
            }
            _ => {
                segment = [0; 16];
                for p in x..x + k {
                    segment = add(segment, &columns.fine[col(p)][bin]);
                }
            }
        }
        fine[bin] = segment;
        fresh_at[bin] = Some(x);
        let (value, _) = search.find(&segment, half, below);
        *out = (bin * 16 + value) as u8;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Segments with empty bins, full bins, counts up to 65025 in one bin,
    /// and every rank inside each: the AVX2 search agrees with the scalar one.
    #[cfg(target_arch = "x86_64")]
    #[test]
    fn avx2_search_agrees_with_the_scalar_search() {
        let Some(v3) = pulp::x86::V3::try_new() else {
            println!("skipped: this processor has no AVX2");
            return;
        };
        let mut state = 0x9e37_79b9_7f4a_7c15_u64;
        let mut next = move || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state
        };
        let mut segments: Vec<Segment> = vec![[0; 16], [0; 16], [4064; 16]];
        segments[0][0] = 65025;
        segments[1][15] = 65025;
        for _ in 0..2000 {
            let limit = [2, 16, 300, 4064][(next() % 4) as usize];
            let mut segment: Segment = [0; 16];
            for bin in &mut segment {
                if next() % 3 != 0 {
                    *bin = (next() % limit) as u16;
                }
            }
            segments.push(segment);
        }
        for segment in segments {
            let total: u32 = segment.iter().map(|&c| u32::from(c)).sum();
            for below in [0, 1, 1000] {
                let mut rank = below;
                while rank < below + total {
                    assert_eq!(
                        Avx2Search(v3).find(&segment, rank, below),
                        ScalarSearch.find(&segment, rank, below),
                        "{segment:?} rank {rank} below {below}"
                    );
                    rank += 1 + (next() % 97) as u32;
                }
            }
        }
    }
}
