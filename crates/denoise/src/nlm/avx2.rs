//! The AVX2 kernel: the sums of [`super::patch_search`], eight pixels to a
//! register, in an order that keeps every running sum in the L1 cache.
//!
//! The arithmetic is the portable kernel's (exact integers, so the bits are
//! OpenCV's); what differs is the order and the lanes:
//!
//! - Offsets are walked row by row: for each `dy`, every row of the tile, and
//!   for that row every `dx`. The `2 * search_radius + 1` rows of column
//!   sums of one `dy` (25 KiB for the recipe's windows and a 384-pixel tile)
//!   and the two accumulator rows that a row of offsets feeds (row `y` and
//!   row `y + dy`) then stay in L1, where walking offset by offset over the
//!   whole tile sent every accumulator through L2 once per offset.
//! - Column sums slide in `i32` lanes (a column holds up to `template *
//!   channels * 255^2`, over 16 bits), their change squared in `i16` pairs
//!   with `vpmaddwd`; a patch distance is the sum of `template`
//!   neighbouring column sums, shifted in registers for the recipe's 7
//!   and loaded at shifts otherwise (no running sum across lanes).
//! - Weights fall to 0 past a distance (`zero_from`: the table is cut after
//!   its first 0); a block of eight distances that are all past it adds
//!   nothing and is skipped after one compare, so the table lookups
//!   (scalar: a gather would need `unsafe`) and the accumulation are paid
//!   only where some weight is above 0: rarely on rough images at small
//!   `h`, almost always on smooth ones. A row of an offset whose blocks are
//!   mostly live is accumulated in one pass over all its blocks, otherwise
//!   through the list of live ones; when the row before (same offset) was
//!   mostly live, the row is weighed without the skip at all
//!   ([`Kernel::weigh_all`]), since a branch taken at random costs more
//!   than the lookups it saves.
//! - Accumulators are `u32` lanes with wrapping adds; the bound of the
//!   portable kernel holds (`sum w * p <= mult * search^2 * 255 <=
//!   i32::MAX`), and lanes that do not belong to the tile only collect
//!   values that are thrown away. Sums of integers modulo 2^32 do not
//!   depend on their order, so accumulating in any grouping gives the same
//!   bits.
//! - Mostly live rows of neighbouring offsets (`dx`, `dx + 1`, same `dy`
//!   and image row) are accumulated together, [`GROUP`] at a time: each
//!   block of accumulators is loaded and stored once for all of them. Their
//!   spans differ by a column or so at each end, so each row is read over
//!   the group's columns, with zeros put beyond its own span.
//!
//! Blocks run over whole multiples of eight columns: the last block of a row
//! may reach past the columns that matter, so its extra lanes get weight 0,
//! and the planes carry [`SLACK`] extra columns on the right so that its
//! loads stay inside them.

use std::arch::x86_64::{__m128i, __m256i};
use std::ops::Range;

use pulp::x86::V3;

use super::patch_search::PaddedPlanes;
use super::weights::{PADDED_LEN, WeightTable};

/// `u32` lanes in a register.
const LANES: usize = 8;

/// Tile width in pixels: keeps one `dy`'s column sums in L1 (32 KiB and
/// more); wider than 256, the columns a tile computes beyond its own (the
/// template's and the offset's reach) are a smaller share.
pub(crate) const TILE_WIDTH: usize = 384;

/// Columns the padded planes need right of their border for this kernel's
/// blocks: a row of column sums may run 2 * 8 - 1 columns past the patches
/// it serves, and its last block reads 8 bytes from there.
pub(crate) const SLACK: usize = 32;

/// Filters image rows `rows` into `out` as [`PaddedPlanes::filter_rows`]
/// does, under AVX2; a [`pulp::WithSimd`] operation so that the loops,
/// reached through `#[inline(always)]` calls only, are compiled for AVX2.
pub(super) struct Avx2Rows<'a, 'p, const CN: usize> {
    pub(super) v3: V3,
    pub(super) planes: &'a PaddedPlanes<'p, CN>,
    pub(super) table: &'a WeightTable,
    pub(super) rows: Range<usize>,
    pub(super) out: &'a mut [u8],
}

impl<const CN: usize> pulp::WithSimd for Avx2Rows<'_, '_, CN> {
    type Output = ();

    #[inline(always)]
    fn with_simd<S: pulp::Simd>(self, _simd: S) {
        let Avx2Rows {
            v3,
            planes,
            table,
            rows,
            out,
        } = self;
        Kernel::new(v3, planes, table).filter_rows(rows, out);
    }
}

/// The columns one offset's weights are needed for, as box columns `b`
/// (image column `x0 - search_radius + b`), and the blocks covering them.
#[derive(Clone, Copy)]
struct Span {
    /// First box column whose weight is used.
    lo: usize,
    /// One past the last.
    hi: usize,
    /// Blocks of eight weights from `lo`.
    blocks: usize,
    /// Blocks of eight column sums from `lo`: the weights' blocks plus the
    /// template's width.
    sum_blocks: usize,
}

impl Span {
    /// For offset `dx` of a tile `width` pixels wide: p at box column b
    /// gains p + o when p is in the tile (`r <= b < r + width`), and p + o
    /// gains p when p + o is (`r <= b + dx < r + width`).
    #[inline(always)]
    fn new(r: usize, t: usize, width: usize, dx: isize) -> Self {
        let lo = r - dx.max(0) as usize;
        let hi = r + width + (-dx).max(0) as usize;
        let blocks = (hi - lo).div_ceil(LANES);
        let sum_blocks = (blocks * LANES + 2 * t).div_ceil(LANES);
        Span {
            lo,
            hi,
            blocks,
            sum_blocks,
        }
    }
}

/// Dense rows of neighbouring offsets accumulated together (see
/// [`Kernel::accumulate_group`]). Two measured fastest, on a strip of the
/// 12 MP photo at h = 9, colour, against one at a time: 0.94x the time,
/// where three at a time took 0.97x and four 0.98x in the same run.
const GROUP: usize = 2;

/// Columns kept left of every weight row (see [`Scratch::weight_rows`]):
/// a group reads a row up to `GROUP - 1` columns before its span.
const PAD: usize = LANES;

// `flush` knows groups of one and of GROUP (so GROUP is at most 2), and
// the zero margins cover a group's reads beyond a row's span (`zero_edges`).
const _: () = assert!(GROUP >= 1 && GROUP <= 2 && PAD >= GROUP - 1 && GROUP + 6 <= 2 * LANES);

/// One offset's row of weights: its `dx` (the `dy` and image row are the
/// loop's) and the columns it weighs.
#[derive(Clone, Copy)]
struct Offset {
    dx: isize,
    span: Span,
}

/// The dense rows of neighbouring offsets weighed and not yet accumulated:
/// member `i` has its weights in `weight_rows[i]`.
struct Group {
    members: [Offset; GROUP],
    len: usize,
}

/// Where one image row of one `dy`'s offsets is accumulated: image row `y`
/// and its pixels moved by (dy, dx); the tile's rows are `y0..y1` and its
/// box column 0 is image column `left`.
#[derive(Clone, Copy)]
struct Place {
    y: isize,
    dy: isize,
    y0: isize,
    y1: isize,
    left: isize,
}

/// Per-band buffers, reused across tiles.
struct Scratch<const CN: usize> {
    /// One row of column sums per `dx` of the current `dy`, `sum_stride`
    /// apart; column `c` is image column `x0 - r - t + c`.
    column_sums: Vec<i32>,
    sum_stride: usize,
    /// Per tile row, `acc_stride` apart; column `a` is image column
    /// `x0 - r + a`.
    weight_sums: Vec<u32>,
    estimates: [Vec<u32>; CN],
    acc_stride: usize,
    /// Rows of weights, each of one offset, box column `b` at [`PAD`]` +
    /// b`: those of a [`Group`] waiting to be accumulated and the one being
    /// weighed.
    weight_rows: [Vec<u32>; GROUP],
    /// Their indices in the weight table, for the blocks in `live`.
    indices: Vec<u32>,
    /// The blocks of `weights` that are not all 0.
    live: Vec<usize>,
    /// Per `dx`: whether to weigh its next row with [`Kernel::weigh_all`].
    dense: Vec<bool>,
}

struct Kernel<'a, 'p, const CN: usize> {
    v3: V3,
    p: &'a PaddedPlanes<'p, CN>,
    /// The weight table, zero past its end.
    lut: &'a [u32; PADDED_LEN],
    /// `shift`, for `vpsrld`.
    shift: __m128i,
    /// The table's last index in every lane.
    last: __m256i,
    /// Distances from here on weigh 0, in every lane.
    zero_from: __m256i,
    /// Search and template radius.
    r: usize,
    t: usize,
}

impl<'a, 'p, const CN: usize> Kernel<'a, 'p, CN> {
    #[inline(always)]
    fn new(v3: V3, p: &'a PaddedPlanes<'p, CN>, table: &'a WeightTable) -> Self {
        let weights = table.weights();
        let zero_from = if weights.last() == Some(&0) {
            ((weights.len() as u64 - 1) << table.shift()).min(i32::MAX as u64) as i32
        } else {
            i32::MAX
        };
        let avx = v3.avx;
        Kernel {
            v3,
            p,
            lut: table.padded(),
            shift: v3.sse2._mm_set_epi64x(0, i64::from(table.shift())),
            last: avx._mm256_set1_epi32(weights.len() as i32 - 1),
            zero_from: avx._mm256_set1_epi32(zero_from),
            r: p.search_radius,
            t: p.template_radius,
        }
    }

    #[inline(always)]
    fn filter_rows(&self, rows: Range<usize>, out: &mut [u8]) {
        let tile = TILE_WIDTH.min(self.p.width);
        let sum_stride = tile + 2 * self.r + 2 * self.t + 2 * LANES;
        let acc_stride = tile + 2 * self.r + LANES;
        let acc_len = rows.len() * acc_stride;
        let mut scratch = Scratch::<CN> {
            column_sums: vec![0; (2 * self.r + 1) * sum_stride],
            sum_stride,
            weight_sums: vec![0; acc_len],
            estimates: std::array::from_fn(|_| vec![0; acc_len]),
            acc_stride,
            weight_rows: std::array::from_fn(|_| vec![0; PAD + acc_stride + 2 * LANES]),
            indices: vec![0; acc_stride],
            live: Vec::with_capacity(acc_stride / LANES),
            dense: vec![false; 2 * self.r + 1],
        };
        let mut x0 = 0;
        while x0 < self.p.width {
            let x1 = (x0 + TILE_WIDTH).min(self.p.width);
            self.filter_tile(rows.clone(), x0..x1, &mut scratch, out);
            x0 = x1;
        }
    }

    #[inline(always)]
    fn filter_tile(
        &self,
        rows: Range<usize>,
        columns: Range<usize>,
        scratch: &mut Scratch<CN>,
        out: &mut [u8],
    ) {
        let width = columns.len();
        let x0 = columns.start as isize;
        let (y0, y1) = (rows.start as isize, rows.end as isize);
        let r = self.r as isize;
        let Scratch {
            column_sums,
            sum_stride,
            weight_sums,
            estimates,
            acc_stride,
            weight_rows,
            indices,
            live,
            dense,
        } = scratch;
        weight_sums.fill(0);
        for estimate in estimates.iter_mut() {
            estimate.fill(0);
        }
        self.add_centre(&rows, &columns, *acc_stride, weight_sums, estimates);
        let mut acc = Accumulators {
            weight_sums,
            estimates,
            stride: *acc_stride,
        };
        let template = 2 * self.t + 1;
        for dy in 0..=r {
            let first_dx = if dy == 0 { 1 } else { -r };
            // Whether the row before of each dx had mostly live blocks: a
            // guess for this row's, which picks the loop to weigh it with.
            dense.fill(false);
            for y in y0 - dy..y1 {
                let place = Place {
                    y,
                    dy,
                    y0,
                    y1,
                    left: x0 - r,
                };
                let mut group = Group {
                    members: [Offset {
                        dx: 0,
                        span: Span::new(self.r, self.t, width, 0),
                    }; GROUP],
                    len: 0,
                };
                for dx in first_dx..=r {
                    let span = Span::new(self.r, self.t, width, dx);
                    let k = (dx + r) as usize;
                    let sums = &mut column_sums[k * *sum_stride..(k + 1) * *sum_stride];
                    let left = x0 - r - self.t as isize;
                    if y == y0 - dy {
                        self.start_sums(sums, &span, y, left, (dy, dx));
                    } else {
                        self.slide_sums(sums, &span, y, left, (dy, dx));
                    }
                    // The group's members hold rows 0 to len - 1.
                    let slot = group.len;
                    let weights = &mut weight_rows[slot][PAD + span.lo..];
                    let offset = Offset { dx, span };
                    if dense[k] {
                        let count = if template == 7 {
                            self.weigh_all::<7>(sums, &span, weights, indices)
                        } else {
                            self.weigh_all::<0>(sums, &span, weights, indices)
                        };
                        dense[k] = count * 2 > span.blocks;
                        if count == 0 {
                            self.flush(&mut acc, &mut group, weight_rows, place);
                            continue;
                        }
                    } else {
                        if template == 7 {
                            self.weigh::<7>(sums, &span, weights, indices, live);
                        } else {
                            self.weigh::<0>(sums, &span, weights, indices, live);
                        }
                        dense[k] = live.len() * 2 > span.blocks;
                        if !dense[k] {
                            // Few blocks live (or none): through the list.
                            self.flush(&mut acc, &mut group, weight_rows, place);
                            if !live.is_empty() {
                                let row = &weight_rows[slot];
                                self.accumulate_live(&mut acc, offset, row, live, place);
                            }
                            continue;
                        }
                        // Most blocks live (the others' weights are 0): one
                        // pass over all, as a member of the group.
                    }
                    self.zero_edges(&mut weight_rows[slot], &span);
                    group.members[slot] = offset;
                    group.len += 1;
                    if group.len == GROUP {
                        self.flush(&mut acc, &mut group, weight_rows, place);
                    }
                }
                self.flush(&mut acc, &mut group, weight_rows, place);
            }
        }
        let Accumulators {
            weight_sums,
            estimates,
            stride,
        } = acc;
        for i in 0..rows.len() {
            let at = i * stride + self.r;
            let row_out = &mut out[(i * self.p.width + columns.start) * CN..][..width * CN];
            for (j, pixel) in row_out.chunks_exact_mut(CN).enumerate() {
                let total = weight_sums[at + j];
                for (channel, value) in pixel.iter_mut().enumerate() {
                    *value = ((estimates[channel][at + j] + total / 2) / total) as u8;
                }
            }
        }
    }

    /// Every pixel's own patch: distance 0, the table's first weight.
    #[inline(always)]
    fn add_centre(
        &self,
        rows: &Range<usize>,
        columns: &Range<usize>,
        stride: usize,
        weight_sums: &mut [u32],
        estimates: &mut [Vec<u32>; CN],
    ) {
        let w = self.lut[0];
        let width = columns.len();
        for (i, y) in rows.clone().enumerate() {
            let at = i * stride + self.r;
            for sum in &mut weight_sums[at..at + width] {
                *sum += w;
            }
            let start = self.index(y as isize, columns.start as isize);
            for (channel, plane) in self.p.planes.iter().enumerate() {
                for (sum, &v) in estimates[channel][at..at + width]
                    .iter_mut()
                    .zip(&plane[start..start + width])
                {
                    *sum += w * u32::from(v);
                }
            }
        }
    }

    /// Index in the padded planes of image pixel (y, x).
    #[inline(always)]
    fn index(&self, y: isize, x: isize) -> usize {
        let border = (self.r + self.t) as isize;
        ((y + border) * self.p.padded_width as isize + x + border) as usize
    }

    /// Eight bytes, zero-extended to `i32` lanes.
    #[inline(always)]
    fn widen(&self, bytes: [u8; LANES]) -> __m256i {
        let low = self.v3.sse2._mm_set_epi64x(0, i64::from_le_bytes(bytes));
        self.v3.avx2._mm256_cvtepu8_epi32(low)
    }

    /// Image row `y` from column `x`, `len` pixels, of every plane, and the
    /// same moved by (dy, dx).
    #[allow(clippy::type_complexity)]
    #[inline(always)]
    fn row_pair(
        &self,
        y: isize,
        x: isize,
        (dy, dx): (isize, isize),
        len: usize,
    ) -> ([&'a [u8]; CN], [&'a [u8]; CN]) {
        let (here, there) = (self.index(y, x), self.index(y + dy, x + dx));
        (
            self.p.planes.map(|plane| &plane[here..here + len]),
            self.p.planes.map(|plane| &plane[there..there + len]),
        )
    }

    /// The squared differences, summed over the planes, between the eight
    /// pixels of block `j` of `a` and of `b`.
    #[inline(always)]
    fn squared_differences(
        &self,
        a: &[&[[u8; LANES]]; CN],
        b: &[&[[u8; LANES]]; CN],
        j: usize,
    ) -> __m256i {
        let avx2 = self.v3.avx2;
        let mut sum = self.v3.avx._mm256_setzero_si256();
        for (a, b) in a.iter().zip(b) {
            let d = avx2._mm256_sub_epi32(self.widen(a[j]), self.widen(b[j]));
            sum = avx2._mm256_add_epi32(sum, avx2._mm256_mullo_epi32(d, d));
        }
        sum
    }

    /// Column sums of the template rows around image row `y`, for the
    /// span's blocks; column `c` is image column `left + c`.
    #[inline(always)]
    fn start_sums(
        &self,
        sums: &mut [i32],
        span: &Span,
        y: isize,
        left: isize,
        offset: (isize, isize),
    ) {
        let avx2 = self.v3.avx2;
        let t = self.t as isize;
        let n = span.sum_blocks * LANES;
        let x = left + span.lo as isize;
        let sums = sums[span.lo..span.lo + n].as_chunks_mut::<LANES>().0;
        sums.fill([0; LANES]);
        for ky in -t..=t {
            let (a, b) = self.row_pair(y + ky, x, offset, n);
            let (a, b) = (a.map(blocks), b.map(blocks));
            for (j, sum) in sums.iter_mut().enumerate() {
                let d = self.squared_differences(&a, &b, j);
                *sum = pulp::cast(avx2._mm256_add_epi32(pulp::cast(*sum), d));
            }
        }
    }

    /// Moves the column sums from image row `y - 1` to row `y`.
    #[inline(always)]
    fn slide_sums(
        &self,
        sums: &mut [i32],
        span: &Span,
        y: isize,
        left: isize,
        offset: (isize, isize),
    ) {
        let avx2 = self.v3.avx2;
        let t = self.t as isize;
        let n = span.sum_blocks * LANES;
        let x = left + span.lo as isize;
        let sums = sums[span.lo..span.lo + n].as_chunks_mut::<LANES>().0;
        let (enter_a, enter_b) = self.row_pair(y + t, x, offset, n);
        let (leave_a, leave_b) = self.row_pair(y - t - 1, x, offset, n);
        let (enter_a, enter_b) = (enter_a.map(blocks), enter_b.map(blocks));
        let (leave_a, leave_b) = (leave_a.map(blocks), leave_b.map(blocks));
        for (j, sum) in sums.iter_mut().enumerate() {
            let change = match CN {
                1 => self.squared_change(
                    [enter_a[0][j], leave_a[0][j]],
                    [enter_b[0][j], leave_b[0][j]],
                ),
                2 => avx2._mm256_sub_epi32(
                    self.squared_pair(
                        [enter_a[0][j], enter_a[1][j]],
                        [enter_b[0][j], enter_b[1][j]],
                    ),
                    self.squared_pair(
                        [leave_a[0][j], leave_a[1][j]],
                        [leave_b[0][j], leave_b[1][j]],
                    ),
                ),
                _ => avx2._mm256_sub_epi32(
                    self.squared_differences(&enter_a, &enter_b, j),
                    self.squared_differences(&leave_a, &leave_b, j),
                ),
            };
            *sum = pulp::cast(avx2._mm256_add_epi32(pulp::cast(*sum), change));
        }
    }

    /// Eight pixels of `a[0]` and of `a[1]` interleaved byte by byte and
    /// widened to sixteen `i16` lanes: `a[0][0], a[1][0], a[0][1], ...`.
    #[inline(always)]
    fn interleave(&self, a: [[u8; LANES]; 2]) -> __m256i {
        let sse2 = self.v3.sse2;
        let first = sse2._mm_set_epi64x(0, i64::from_le_bytes(a[0]));
        let second = sse2._mm_set_epi64x(0, i64::from_le_bytes(a[1]));
        self.v3
            .avx2
            ._mm256_cvtepu8_epi16(sse2._mm_unpacklo_epi8(first, second))
    }

    /// `(a[0] - b[0])^2 - (a[1] - b[1])^2` for eight pixels, in one
    /// `vpmaddwd` on the differences interleaved (differences of bytes fit
    /// in `i16`, and so do their squares' sum and difference in `i32`),
    /// where squaring each in `i32` lanes takes two `vpmulld`.
    #[inline(always)]
    fn squared_change(&self, a: [[u8; LANES]; 2], b: [[u8; LANES]; 2]) -> __m256i {
        let avx2 = self.v3.avx2;
        let d = avx2._mm256_sub_epi16(self.interleave(a), self.interleave(b));
        let signs = self.v3.avx._mm256_set1_epi32(0xffff_0001_u32 as i32);
        avx2._mm256_madd_epi16(d, avx2._mm256_sign_epi16(d, signs))
    }

    /// `(a[0] - b[0])^2 + (a[1] - b[1])^2` for eight pixels, in one
    /// `vpmaddwd` (see [`Self::squared_change`]).
    #[inline(always)]
    fn squared_pair(&self, a: [[u8; LANES]; 2], b: [[u8; LANES]; 2]) -> __m256i {
        let avx2 = self.v3.avx2;
        let d = avx2._mm256_sub_epi16(self.interleave(a), self.interleave(b));
        avx2._mm256_madd_epi16(d, d)
    }

    /// The weights of one row of an offset's patch distances, into
    /// `weights` (from the span's first column, 0 for blocks of zeros), and
    /// the blocks that are not all 0 into `live`. `K` is the template width
    /// when known at compile time, else 0.
    ///
    /// Two passes: the first turns distances into table indices in vectors
    /// (into `indices`), the second looks them up one at a time through
    /// memory. Looking up straight from a register moves every index out
    /// and every weight in through the shuffle port (`vpextrd`, `vpinsrd`:
    /// about fifteen of its operations per block), which then limits rows
    /// where most blocks are live; loads and stores have ports to spare.
    #[inline(always)]
    fn weigh<const K: usize>(
        &self,
        sums: &[i32],
        span: &Span,
        weights: &mut [u32],
        indices: &mut [u32],
        live: &mut Vec<usize>,
    ) {
        let (avx, avx2) = (self.v3.avx, self.v3.avx2);
        let template = if K > 0 { K } else { 2 * self.t + 1 };
        let n = span.blocks * LANES;
        // The K = 7 loop loads whole blocks of eight: the last one reaches
        // past the sums that count (its extra lanes are not used), but not
        // past the row (see `sum_stride`).
        let sums_ahead = &sums[span.lo..span.lo + n + LANES];
        let sums = &sums[span.lo..span.lo + n + template - 1];
        let weights = weights[..n].as_chunks_mut::<LANES>().0;
        let indices = indices[..n].as_chunks_mut::<LANES>().0;
        let all = avx._mm256_set1_epi32(-1);
        let tail = tail_mask(span.hi - span.lo - (span.blocks - 1) * LANES);
        // An index whose entry is 0 whatever the table (it is shorter).
        let nothing = avx._mm256_set1_epi32(PADDED_LEN as i32 - 1);
        live.clear();
        // With K = 7, the next block's column sums, loaded once for both.
        let mut next = load_i32(sums, 0);
        for (j, (out, index)) in weights.iter_mut().zip(indices.iter_mut()).enumerate() {
            let at = j * LANES;
            let dist = self.block_distances::<K>(sums, sums_ahead, &mut next, at, template);
            // Past zero_from the table gives 0; lanes past the span weigh 0.
            let keep = if j + 1 == span.blocks { tail } else { all };
            let below = avx2._mm256_and_si256(avx2._mm256_cmpgt_epi32(self.zero_from, dist), keep);
            if avx._mm256_testz_si256(below, below) != 0 {
                *out = [0; LANES];
                continue;
            }
            // Distances past zero_from index the table's last entry, 0.
            let at = avx2._mm256_min_epu32(avx2._mm256_srl_epi32(dist, self.shift), self.last);
            *index = pulp::cast(avx2._mm256_blendv_epi8(nothing, at, keep));
            live.push(j);
        }
        for &j in live.iter() {
            for (w, &i) in weights[j].iter_mut().zip(&indices[j]) {
                *w = self.lut[i as usize & (PADDED_LEN - 1)];
            }
        }
    }

    /// The sums of seven neighbouring lanes, `c[i] + ... + c[i + 6]` for
    /// the eight `i` of `here`, where `next` holds the eight lanes after
    /// `here`: the neighbours are shifted in registers (`vpalignr`), which
    /// costs less than seven unaligned loads, half of which cross a cache
    /// line.
    #[inline(always)]
    fn seven_neighbours(&self, here: __m256i, next: __m256i) -> __m256i {
        let avx2 = self.v3.avx2;
        // Lanes 4 to 11.
        let middle = avx2._mm256_permute2x128_si256::<0x21>(here, next);
        let a = avx2._mm256_add_epi32(here, avx2._mm256_alignr_epi8::<4>(middle, here));
        let b = avx2._mm256_add_epi32(
            avx2._mm256_alignr_epi8::<8>(middle, here),
            avx2._mm256_alignr_epi8::<12>(middle, here),
        );
        let c = avx2._mm256_add_epi32(middle, avx2._mm256_alignr_epi8::<4>(next, middle));
        let d = avx2._mm256_alignr_epi8::<8>(next, middle);
        avx2._mm256_add_epi32(avx2._mm256_add_epi32(a, b), avx2._mm256_add_epi32(c, d))
    }

    /// The patch distances of the block at `at`, for [`Self::weigh`] and
    /// [`Self::weigh_all`]: for K = 7 from the column sums carried in `next`
    /// (advanced to the next block's), otherwise summed over the template.
    #[inline(always)]
    fn block_distances<const K: usize>(
        &self,
        sums: &[i32],
        sums_ahead: &[i32],
        next: &mut __m256i,
        at: usize,
        template: usize,
    ) -> __m256i {
        if K == 7 {
            let here = *next;
            *next = load_i32(&sums_ahead[at + LANES..], 0);
            self.seven_neighbours(here, *next)
        } else {
            let window = &sums[at..at + LANES + template - 1];
            let mut dist = load_i32(window, 0);
            for k in 1..template {
                dist = self.v3.avx2._mm256_add_epi32(dist, load_i32(window, k));
            }
            dist
        }
    }

    /// [`Self::weigh`] for rows where most blocks are live: every block's
    /// weights are looked up (0 for distances past the table), with no
    /// branch on whether a block is live, which a row of mixed blocks
    /// mispredicts. Returns how many blocks have a weight above 0.
    #[inline(always)]
    fn weigh_all<const K: usize>(
        &self,
        sums: &[i32],
        span: &Span,
        weights: &mut [u32],
        indices: &mut [u32],
    ) -> usize {
        let avx2 = self.v3.avx2;
        let template = if K > 0 { K } else { 2 * self.t + 1 };
        let n = span.blocks * LANES;
        let sums_ahead = &sums[span.lo..span.lo + n + LANES];
        let sums = &sums[span.lo..span.lo + n + template - 1];
        let indices_blocks = indices[..n].as_chunks_mut::<LANES>().0;
        let all = self.v3.avx._mm256_set1_epi32(-1);
        let tail = tail_mask(span.hi - span.lo - (span.blocks - 1) * LANES);
        let nothing = self.v3.avx._mm256_set1_epi32(PADDED_LEN as i32 - 1);
        let mut count = 0;
        let mut next = load_i32(sums, 0);
        for (j, index) in indices_blocks.iter_mut().enumerate() {
            let at = j * LANES;
            let dist = self.block_distances::<K>(sums, sums_ahead, &mut next, at, template);
            let keep = if j + 1 == span.blocks { tail } else { all };
            let below = avx2._mm256_and_si256(avx2._mm256_cmpgt_epi32(self.zero_from, dist), keep);
            count += usize::from(self.v3.avx._mm256_testz_si256(below, below) == 0);
            let at = avx2._mm256_min_epu32(avx2._mm256_srl_epi32(dist, self.shift), self.last);
            *index = pulp::cast(avx2._mm256_blendv_epi8(nothing, at, keep));
        }
        for (w, &i) in weights[..n].iter_mut().zip(&indices[..n]) {
            *w = self.lut[i as usize & (PADDED_LEN - 1)];
        }
        count
    }

    /// `len` pixels of every plane from image pixel (y, x).
    #[inline(always)]
    fn row(&self, y: isize, x: isize, len: usize) -> [&'a [u8]; CN] {
        let at = self.index(y, x);
        self.p.planes.map(|plane| &plane[at..at + len])
    }

    /// Zeros the weights around a row's span, where
    /// [`Self::accumulate_group`] may read: up to `GROUP - 1` columns before
    /// it and `GROUP + 6` after its last block (its neighbours' spans reach
    /// `GROUP - 1` columns further, rounded up to whole blocks); two blocks
    /// are zeroed after.
    #[inline(always)]
    fn zero_edges(&self, row: &mut [u32], span: &Span) {
        let start = PAD + span.lo;
        let end = start + span.blocks * LANES;
        row[start - (GROUP - 1)..start].fill(0);
        row[end..end + 2 * LANES].fill(0);
    }

    /// Accumulates the group's rows, if any, and empties it.
    #[inline(always)]
    fn flush(
        &self,
        acc: &mut Accumulators<'_, CN>,
        group: &mut Group,
        weight_rows: &[Vec<u32>; GROUP],
        place: Place,
    ) {
        let m = &group.members;
        match group.len {
            0 => {}
            1 => self.accumulate_group::<1>(acc, [m[0]], weight_rows, place),
            _ => self.accumulate_group::<GROUP>(acc, *m, weight_rows, place),
        }
        group.len = 0;
    }

    /// Adds the live blocks of one offset's row of weights (in `weight_row`
    /// at [`PAD`]) to both pixels of each pair it weighs: p = (y, x) gains
    /// p + o, and p + o gains p, where they lie in the tile.
    #[inline(always)]
    fn accumulate_live(
        &self,
        acc: &mut Accumulators<'_, CN>,
        Offset { dx, span }: Offset,
        weight_row: &[u32],
        live: &[usize],
        place: Place,
    ) {
        let (y, dy, left) = (place.y, place.dy, place.left);
        let (y0, y1) = (place.y0, place.y1);
        let n = span.blocks * LANES;
        let weights = &weight_row[PAD + span.lo..PAD + span.lo + n];
        let x = left + span.lo as isize;
        if y >= y0 {
            let sources = self.row(y + dy, x + dx, n);
            let target = ((y - y0) as usize, span.lo);
            self.accumulate(acc, target, weights, live, sources);
        }
        if y + dy < y1 {
            let sources = self.row(y, x, n);
            let target = ((y + dy - y0) as usize, (span.lo as isize + dx) as usize);
            self.accumulate(acc, target, weights, live, sources);
        }
    }

    /// Adds `K` rows of weights of neighbouring offsets (`dx`, `dx + 1`,
    /// ..., same `dy`; member `i`'s in `weight_rows[i]`) as
    /// [`Self::accumulate_live`] does, every block, loading and storing each
    /// accumulator once for all `K`. Their spans differ by at most `K - 1`
    /// columns at each end (the first's reaches furthest right, the last's
    /// furthest left); each row is read over all of them, which reaches
    /// past its own span where [`Self::zero_edges`] has put zeros.
    #[inline(always)]
    fn accumulate_group<const K: usize>(
        &self,
        acc: &mut Accumulators<'_, CN>,
        members: [Offset; K],
        weight_rows: &[Vec<u32>; GROUP],
        place: Place,
    ) {
        let (y, dy, left) = (place.y, place.dy, place.left);
        let (y0, y1) = (place.y0, place.y1);
        let (first, last) = (members[0], members[K - 1]);
        // Box columns from the last's first to the first's end; the same
        // count of accumulator columns in the moved row.
        let n = (first.span.hi - last.span.lo).div_ceil(LANES) * LANES;
        let weights_at = |i: usize, b: isize| {
            let at = (PAD as isize + b) as usize;
            &weight_rows[i][at..at + n]
        };
        if y >= y0 {
            // Box column b gains its pixel moved by each offset.
            let b = last.span.lo as isize;
            let weights = std::array::from_fn(|i| weights_at(i, b));
            let sources = members.map(|m| self.row(y + dy, left + b + m.dx, n));
            self.accumulate_rows(acc, ((y - y0) as usize, b as usize), weights, sources);
        }
        if y + dy < y1 {
            // Column a of the moved row gains the pixel at a - dx, weighed
            // at box column a - dx.
            let a = first.span.lo as isize + first.dx;
            let weights = std::array::from_fn(|i| weights_at(i, a - members[i].dx));
            let sources = members.map(|m| self.row(y, left + a - m.dx, n));
            self.accumulate_rows(acc, ((y + dy - y0) as usize, a as usize), weights, sources);
        }
    }

    /// Adds `K` rows of weights and of weighted `sources` to the
    /// accumulators of `row` from column `column`, every block.
    #[inline(always)]
    fn accumulate_rows<const K: usize>(
        &self,
        acc: &mut Accumulators<'_, CN>,
        at: (usize, usize),
        weights: [&[u32]; K],
        sources: [[&[u8]; CN]; K],
    ) {
        let avx2 = self.v3.avx2;
        let (weight_sums, mut estimates) = acc.blocks(at, weights[0].len());
        let weights = weights.map(|w| w.as_chunks::<LANES>().0);
        let sources = sources.map(|planes| planes.map(blocks));
        // Plain loops, no closures: a closure would be compiled without
        // AVX2 and call each intrinsic.
        let zero = self.v3.avx._mm256_setzero_si256();
        for (j, sum) in weight_sums.iter_mut().enumerate() {
            let mut w = [zero; K];
            for (w, row) in w.iter_mut().zip(&weights) {
                *w = pulp::cast(row[j]);
            }
            let mut total = w[0];
            for &w in &w[1..] {
                total = avx2._mm256_add_epi32(total, w);
            }
            *sum = pulp::cast(avx2._mm256_add_epi32(pulp::cast(*sum), total));
            for (channel, estimate) in estimates.iter_mut().enumerate() {
                let mut products = zero;
                for (&w, planes) in w.iter().zip(&sources) {
                    let product = avx2._mm256_mullo_epi32(w, self.widen(planes[channel][j]));
                    products = avx2._mm256_add_epi32(products, product);
                }
                let sum = &mut estimate[j];
                *sum = pulp::cast(avx2._mm256_add_epi32(pulp::cast(*sum), products));
            }
        }
    }

    /// Adds the weights and the weighted pixels of `sources` to the
    /// accumulators of `row` from column `column`: the blocks listed in
    /// `live`.
    #[inline(always)]
    fn accumulate(
        &self,
        acc: &mut Accumulators<'_, CN>,
        at: (usize, usize),
        weights: &[u32],
        live: &[usize],
        sources: [&[u8]; CN],
    ) {
        let weights = weights.as_chunks::<LANES>().0;
        let (weight_sums, mut estimates) = acc.blocks(at, weights.len() * LANES);
        let sources = sources.map(blocks);
        for &j in live {
            self.add_block(j, weights, weight_sums, &mut estimates, &sources);
        }
    }

    /// Block `j` of [`Self::accumulate`].
    #[inline(always)]
    fn add_block(
        &self,
        j: usize,
        weights: &[[u32; LANES]],
        weight_sums: &mut [[u32; LANES]],
        estimates: &mut [&mut [[u32; LANES]]; CN],
        sources: &[&[[u8; LANES]]; CN],
    ) {
        let avx2 = self.v3.avx2;
        let w: __m256i = pulp::cast(weights[j]);
        let sum = &mut weight_sums[j];
        *sum = pulp::cast(avx2._mm256_add_epi32(pulp::cast(*sum), w));
        for (estimate, source) in estimates.iter_mut().zip(sources) {
            let product = avx2._mm256_mullo_epi32(w, self.widen(source[j]));
            let sum = &mut estimate[j];
            *sum = pulp::cast(avx2._mm256_add_epi32(pulp::cast(*sum), product));
        }
    }
}

/// A tile's weight sums and estimates.
struct Accumulators<'s, const CN: usize> {
    weight_sums: &'s mut [u32],
    estimates: &'s mut [Vec<u32>; CN],
    stride: usize,
}

impl<const CN: usize> Accumulators<'_, CN> {
    /// The weight sums and the estimates of every plane of tile row `row`,
    /// `len` columns from `column`, as blocks of eight.
    #[allow(clippy::type_complexity)]
    #[inline(always)]
    fn blocks(
        &mut self,
        (row, column): (usize, usize),
        len: usize,
    ) -> (&mut [[u32; LANES]], [&mut [[u32; LANES]]; CN]) {
        let start = row * self.stride + column;
        let weight_sums = self.weight_sums[start..start + len]
            .as_chunks_mut::<LANES>()
            .0;
        let mut rows = self.estimates.iter_mut();
        let estimates = std::array::from_fn(|_| {
            let estimate = rows.next().expect("CN estimates");
            estimate[start..start + len].as_chunks_mut::<LANES>().0
        });
        (weight_sums, estimates)
    }
}

/// A row's whole blocks of eight bytes.
#[inline(always)]
fn blocks(row: &[u8]) -> &[[u8; LANES]] {
    row.as_chunks::<LANES>().0
}

/// All ones in the first `n` lanes (1 to 8), zero in the others.
#[inline(always)]
fn tail_mask(n: usize) -> __m256i {
    pulp::cast(std::array::from_fn::<i32, LANES, _>(|lane| {
        if lane < n { -1 } else { 0 }
    }))
}

#[inline(always)]
fn load_i32(s: &[i32], at: usize) -> __m256i {
    let lanes: [i32; LANES] = *s[at..].first_chunk().expect("blocks lie inside their rows");
    pulp::cast(lanes)
}
