//! The core loop: weighted averages over the search window, offset by offset.
//!
//! For pixel p, OpenCV's result is `(sum_o w_o * I(p + o) + W / 2) / W` over
//! the offsets o of the search window, with `W = sum_o w_o` and `w_o` the
//! table weight of the squared distance between the patches around p and
//! p + o, all in integers. OpenCV walks pixel by pixel and keeps running
//! column sums for every offset. The sums are exact integers, so any order of
//! summation gives the same bits; this loop goes offset by offset instead,
//! over a tile of pixels at a time, which turns the inner loops into long,
//! vectorisable runs over contiguous rows:
//!
//! 1. for each offset, column sums of squared differences over the template
//!    height, updated row by row (add the row entering, subtract the row
//!    leaving);
//! 2. the patch distance as the sum of `template` neighbouring column sums;
//! 3. the table weight, added to the pixel's weight sum, and weight times the
//!    offset pixel added to its estimate.
//!
//! Offsets come in pairs: the weight between p and p + o is the weight
//! between p + o and p, so steps 1 and 2 run once for o and -o together,
//! over a box of p a little larger than the tile, and step 3 feeds both.

use std::ops::Range;

use super::weights::WeightTable;

/// Tile width in pixels: keeps a tile's accumulators in the L2 cache.
pub(crate) const TILE_WIDTH: usize = 256;

/// Which loops run: chosen once per call by what the processor has.
#[derive(Clone, Copy, Debug)]
pub(crate) enum Kernel {
    /// The loops below, compiled for the baseline instruction set.
    Portable,
    /// [`super::avx2`]: eight lanes to a register, sums kept in L1.
    #[cfg(target_arch = "x86_64")]
    Avx2(pulp::x86::V3),
}

impl Kernel {
    /// The fastest kernel this processor runs.
    pub(crate) fn detect() -> Self {
        #[cfg(target_arch = "x86_64")]
        if let Some(v3) = pulp::x86::V3::try_new() {
            return Kernel::Avx2(v3);
        }
        Kernel::Portable
    }

    /// Zero columns the kernel needs right of the padded planes' border.
    pub(crate) fn slack(self) -> usize {
        match self {
            Kernel::Portable => 0,
            #[cfg(target_arch = "x86_64")]
            Kernel::Avx2(_) => super::avx2::SLACK,
        }
    }
}

/// One plane set (`CN` planes compared jointly) padded for filtering.
pub(crate) struct PaddedPlanes<'a, const CN: usize> {
    /// The padded planes, row-major, `padded_width` pixels per row.
    pub(crate) planes: [&'a [u8]; CN],
    /// Width of the padded planes.
    pub(crate) padded_width: usize,
    /// Width of the image being filtered.
    pub(crate) width: usize,
    /// Half the search window.
    pub(crate) search_radius: usize,
    /// Half the template window.
    pub(crate) template_radius: usize,
    /// Whether every weight fits in 16 bits (the table's first is the largest).
    pub(crate) narrow_weights: bool,
    /// The loops to run.
    pub(crate) kernel: Kernel,
}

impl<const CN: usize> PaddedPlanes<'_, CN> {
    /// The padding on each side: `search_radius + template_radius`.
    fn border(&self) -> usize {
        self.search_radius + self.template_radius
    }

    /// Filters image rows `rows` into `out`: `rows.len() * width` pixels of
    /// `CN` interleaved channels.
    pub(crate) fn filter_rows(&self, table: &WeightTable, rows: Range<usize>, out: &mut [u8]) {
        #[cfg(target_arch = "x86_64")]
        if let Kernel::Avx2(v3) = self.kernel {
            let op = super::avx2::Avx2Rows {
                v3,
                planes: self,
                table,
                rows,
                out,
            };
            return pulp::Simd::vectorize(v3, op);
        }
        let mut scratch = Scratch::new(
            rows.len(),
            TILE_WIDTH.min(self.width),
            self.search_radius,
            self.template_radius,
        );
        let mut x0 = 0;
        while x0 < self.width {
            let x1 = (x0 + TILE_WIDTH).min(self.width);
            self.filter_tile(table, rows.clone(), x0..x1, &mut scratch, out);
            x0 = x1;
        }
    }

    fn filter_tile(
        &self,
        table: &WeightTable,
        rows: Range<usize>,
        columns: Range<usize>,
        scratch: &mut Scratch<CN>,
        out: &mut [u8],
    ) {
        let tile_width = columns.len();
        let tile_height = rows.len();
        scratch.reset(tile_height * tile_width);
        self.add_centre(table, &rows, &columns, scratch);
        let radius = self.search_radius as isize;
        // Each offset pair (o, -o) shares its patch distances: w(p, p + o) is
        // w(p + o, p). Walk the half with dy > 0, or dy == 0 and dx > 0.
        for dy in 0..=radius {
            let first_dx = if dy == 0 { 1 } else { -radius };
            for dx in first_dx..=radius {
                self.add_offset_pair(table, &rows, &columns, dy, dx, scratch);
            }
        }
        let Scratch {
            estimates,
            weight_sums,
            ..
        } = scratch;
        for i in 0..tile_height {
            let at = i * tile_width;
            let row_out = &mut out[(i * self.width + columns.start) * CN..][..tile_width * CN];
            for (x, pixel) in row_out.chunks_exact_mut(CN).enumerate() {
                let total = weight_sums[at + x];
                for (channel, value) in pixel.iter_mut().enumerate() {
                    *value = ((estimates[channel][at + x] + total / 2) / total) as u8;
                }
            }
        }
    }

    /// Every pixel's own patch: distance 0, the table's first weight.
    fn add_centre(
        &self,
        table: &WeightTable,
        rows: &Range<usize>,
        columns: &Range<usize>,
        scratch: &mut Scratch<CN>,
    ) {
        let w = table.weights()[0];
        let tile_width = columns.len();
        for (i, y) in rows.clone().enumerate() {
            let at = i * tile_width;
            for x in &mut scratch.weight_sums[at..at + tile_width] {
                *x += w;
            }
            let start = self.index(y as isize, columns.start as isize);
            for (channel, plane) in self.planes.iter().enumerate() {
                let pixels = &plane[start..start + tile_width];
                for (sum, &p) in scratch.estimates[channel][at..at + tile_width]
                    .iter_mut()
                    .zip(pixels)
                {
                    *sum += w * u32::from(p);
                }
            }
        }
    }

    /// Adds offsets (dy, dx) and (-dy, -dx) to the tile's sums. The patch
    /// distances between p and p + o are computed once over the box of p
    /// that covers both uses: p in the tile (p gains p + o) and p + o in the
    /// tile (p + o gains p).
    fn add_offset_pair(
        &self,
        table: &WeightTable,
        rows: &Range<usize>,
        columns: &Range<usize>,
        dy: isize,
        dx: isize,
        scratch: &mut Scratch<CN>,
    ) {
        let tile_width = columns.len();
        let (y0, y1) = (rows.start as isize, rows.end as isize);
        let box_left = columns.start as isize - dx.max(0);
        let box_width = tile_width + dx.unsigned_abs();
        let span = box_width + 2 * self.template_radius;
        let Scratch {
            estimates,
            weight_sums,
            column_sums,
            weights,
        } = scratch;
        let column_sums = &mut column_sums[..span];
        let weights = &mut weights[..box_width];
        // Box columns whose p is in the tile, and whose p + o is.
        let here = dx.max(0) as usize;
        let there = (-dx).max(0) as usize;
        for y in y0 - dy..y1 {
            if y == y0 - dy {
                self.start_column_sums(y, box_left, dy, dx, column_sums);
            } else {
                self.slide_column_sums(y, box_left, dy, dx, column_sums);
            }
            patch_weights(table, column_sums, 2 * self.template_radius + 1, weights);
            if y >= y0 {
                // p = (y, box_left + here + x) gains p + o.
                let at = (y - y0) as usize * tile_width;
                let source = self.index(y + dy, columns.start as isize + dx);
                self.accumulate(
                    &weights[here..here + tile_width],
                    source,
                    at,
                    estimates,
                    weight_sums,
                );
            }
            if y + dy < y1 {
                // p + o = (y + dy, box_left + there + x + dx) gains p.
                let at = (y + dy - y0) as usize * tile_width;
                let source = self.index(y, columns.start as isize - dx);
                self.accumulate(
                    &weights[there..there + tile_width],
                    source,
                    at,
                    estimates,
                    weight_sums,
                );
            }
        }
    }

    /// Adds `weights[x] * pixel(source + x)` to the estimates at `at + x`.
    fn accumulate(
        &self,
        weights: &[u32],
        source: usize,
        at: usize,
        estimates: &mut [Vec<u32>; CN],
        weight_sums: &mut [u32],
    ) {
        let len = weights.len();
        for (sum, &w) in weight_sums[at..at + len].iter_mut().zip(weights) {
            *sum += w;
        }
        for (channel, plane) in self.planes.iter().enumerate() {
            let pixels = &plane[source..source + len];
            let sums = &mut estimates[channel][at..at + len];
            if self.narrow_weights {
                // Weights below 2^16 (search >= 13): 16-bit multiplies suffice,
                // which SSE2 has and 32-bit ones it lacks.
                for ((sum, &w), &p) in sums.iter_mut().zip(weights).zip(pixels) {
                    *sum += u32::from(w as u16) * u32::from(p);
                }
            } else {
                for ((sum, &w), &p) in sums.iter_mut().zip(weights).zip(pixels) {
                    *sum += w * u32::from(p);
                }
            }
        }
    }

    /// Index in the padded planes of image pixel (y, x); -border <= y, x.
    fn index(&self, y: isize, x: isize) -> usize {
        let border = self.border() as isize;
        ((y + border) * self.padded_width as isize + x + border) as usize
    }

    /// Column sums for image row `y`, `sums.len()` columns from
    /// `x - template_radius`: squared differences between the pixels and
    /// those (dy, dx) away, summed over the template's rows.
    fn start_column_sums(&self, y: isize, x: isize, dy: isize, dx: isize, sums: &mut [i32]) {
        sums.fill(0);
        let t = self.template_radius as isize;
        for ky in -t..=t {
            let (a, b) = self.row_pair(y + ky, x, dy, dx, sums.len());
            for channel in 0..CN {
                for ((sum, &p), &q) in sums.iter_mut().zip(a[channel]).zip(b[channel]) {
                    let d = i32::from(p) - i32::from(q);
                    *sum += d * d;
                }
            }
        }
    }

    /// Moves column sums from image row `y - 1` to row `y`.
    fn slide_column_sums(&self, y: isize, x: isize, dy: isize, dx: isize, sums: &mut [i32]) {
        let t = self.template_radius as isize;
        let (enter_a, enter_b) = self.row_pair(y + t, x, dy, dx, sums.len());
        let (leave_a, leave_b) = self.row_pair(y - t - 1, x, dy, dx, sums.len());
        for channel in 0..CN {
            let rows = enter_a[channel]
                .iter()
                .zip(enter_b[channel])
                .zip(leave_a[channel].iter().zip(leave_b[channel]));
            for (sum, ((&ea, &eb), (&la, &lb))) in sums.iter_mut().zip(rows) {
                let enter = i32::from(ea) - i32::from(eb);
                let leave = i32::from(la) - i32::from(lb);
                *sum += enter * enter - leave * leave;
            }
        }
    }

    /// The `len` pixels of image row `y` from column `x - template_radius`,
    /// and the same moved by (dy, dx), for every plane.
    #[allow(clippy::type_complexity)]
    fn row_pair(
        &self,
        y: isize,
        x: isize,
        dy: isize,
        dx: isize,
        len: usize,
    ) -> ([&[u8]; CN], [&[u8]; CN]) {
        let left = x - self.template_radius as isize;
        let here = self.index(y, left);
        let there = self.index(y + dy, left + dx);
        (
            self.planes.map(|plane| &plane[here..here + len]),
            self.planes.map(|plane| &plane[there..there + len]),
        )
    }
}

/// Weights of one row of patch distances: each distance is the sum of
/// `template` neighbouring column sums, kept as a running sum.
fn patch_weights(table: &WeightTable, column_sums: &[i32], template: usize, weights: &mut [u32]) {
    let lut = table.weights();
    let last = lut.len() - 1;
    let shift = table.shift();
    let mut dist: i32 = column_sums[..template - 1].iter().sum();
    for ((w, &entering), &leaving) in weights
        .iter_mut()
        .zip(&column_sums[template - 1..])
        .zip(column_sums)
    {
        dist += entering;
        *w = lut[((dist as u32 >> shift) as usize).min(last)];
        dist -= leaving;
    }
}

/// Per-tile buffers, reused across tiles.
struct Scratch<const CN: usize> {
    estimates: [Vec<u32>; CN],
    weight_sums: Vec<u32>,
    column_sums: Vec<i32>,
    weights: Vec<u32>,
}

impl<const CN: usize> Scratch<CN> {
    fn new(rows: usize, tile_width: usize, search_radius: usize, template_radius: usize) -> Self {
        Scratch {
            estimates: std::array::from_fn(|_| vec![0; rows * tile_width]),
            weight_sums: vec![0; rows * tile_width],
            column_sums: vec![0; tile_width + 2 * (search_radius + template_radius)],
            weights: vec![0; tile_width + search_radius],
        }
    }

    fn reset(&mut self, len: usize) {
        for estimate in &mut self.estimates {
            estimate[..len].fill(0);
        }
        self.weight_sums[..len].fill(0);
    }
}
