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

use std::ops::Range;

use super::weights::WeightTable;

/// Tile width in pixels: keeps a tile's accumulators in the L2 cache.
const TILE_WIDTH: usize = 256;

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
}

impl<const CN: usize> PaddedPlanes<'_, CN> {
    /// The padding on each side: `search_radius + template_radius`.
    fn border(&self) -> usize {
        self.search_radius + self.template_radius
    }

    /// Filters image rows `rows` into `out`: `rows.len() * width` pixels of
    /// `CN` interleaved channels.
    pub(crate) fn filter_rows(&self, table: &WeightTable, rows: Range<usize>, out: &mut [u8]) {
        let mut scratch =
            Scratch::new(rows.len(), TILE_WIDTH.min(self.width), self.template_radius);
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
        let span = tile_width + 2 * self.template_radius;
        scratch.reset(rows.len() * tile_width);
        let Scratch {
            estimates,
            weight_sums,
            column_sums,
            weights,
        } = scratch;
        let column_sums = &mut column_sums[..span];
        let weights = &mut weights[..tile_width];
        let radius = self.search_radius as isize;
        for dy in -radius..=radius {
            for dx in -radius..=radius {
                for (i, y) in rows.clone().enumerate() {
                    if i == 0 {
                        self.start_column_sums(y, columns.start, dy, dx, column_sums);
                    } else {
                        self.slide_column_sums(y, columns.start, dy, dx, column_sums);
                    }
                    patch_weights(table, column_sums, 2 * self.template_radius + 1, weights);
                    let at = i * tile_width;
                    for (x, &w) in weight_sums[at..at + tile_width]
                        .iter_mut()
                        .zip(weights.iter())
                    {
                        *x += w;
                    }
                    let start = self.offset_index(y, columns.start, dy, dx);
                    for (channel, plane) in self.planes.iter().enumerate() {
                        let pixels = &plane[start..start + tile_width];
                        let sums = &mut estimates[channel][at..at + tile_width];
                        for ((sum, &w), &p) in sums.iter_mut().zip(weights.iter()).zip(pixels) {
                            *sum += w * u32::from(p);
                        }
                    }
                }
            }
        }
        for (i, _) in rows.enumerate() {
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

    /// Index in the padded planes of image pixel (y, x) moved by (dy, dx).
    fn offset_index(&self, y: usize, x: usize, dy: isize, dx: isize) -> usize {
        let border = self.border();
        let row = (y + border).wrapping_add_signed(dy);
        let column = (x + border).wrapping_add_signed(dx);
        row * self.padded_width + column
    }

    /// Column sums for image row `y`, columns from `x - template_radius`:
    /// squared differences summed over the template's rows.
    fn start_column_sums(&self, y: usize, x: usize, dy: isize, dx: isize, sums: &mut [i32]) {
        sums.fill(0);
        let t = self.template_radius as isize;
        for ky in -t..=t {
            let (a, b) = self.row_pair(y, x, ky, dy, dx, sums.len());
            for channel in 0..CN {
                for ((sum, &p), &q) in sums.iter_mut().zip(a[channel]).zip(b[channel]) {
                    let d = i32::from(p) - i32::from(q);
                    *sum += d * d;
                }
            }
        }
    }

    /// Moves column sums from image row `y - 1` to row `y`.
    fn slide_column_sums(&self, y: usize, x: usize, dy: isize, dx: isize, sums: &mut [i32]) {
        let t = self.template_radius as isize;
        let (enter_a, enter_b) = self.row_pair(y, x, t, dy, dx, sums.len());
        let (leave_a, leave_b) = self.row_pair(y, x, -t - 1, dy, dx, sums.len());
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

    /// The `len` pixels of padded row `y + ky` from column `x - template_radius`,
    /// and the same moved by (dy, dx), for every plane.
    #[allow(clippy::type_complexity)]
    fn row_pair(
        &self,
        y: usize,
        x: usize,
        ky: isize,
        dy: isize,
        dx: isize,
        len: usize,
    ) -> ([&[u8]; CN], [&[u8]; CN]) {
        let left = x + self.search_radius; // x + border - template_radius
        let row = (y + self.border()).wrapping_add_signed(ky);
        let here = row * self.padded_width + left;
        let there =
            (row.wrapping_add_signed(dy)) * self.padded_width + left.wrapping_add_signed(dx);
        (
            self.planes.map(|plane| &plane[here..here + len]),
            self.planes.map(|plane| &plane[there..there + len]),
        )
    }
}

/// Weights of one row of patch distances: each is the sum of `template`
/// neighbouring column sums.
fn patch_weights(table: &WeightTable, column_sums: &[i32], template: usize, weights: &mut [u32]) {
    let lut = table.weights();
    let last = lut.len() - 1;
    let shift = table.shift();
    for (x, w) in weights.iter_mut().enumerate() {
        let dist: i32 = column_sums[x..x + template].iter().sum();
        *w = lut[((dist as u32 >> shift) as usize).min(last)];
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
    fn new(rows: usize, tile_width: usize, template_radius: usize) -> Self {
        Scratch {
            estimates: std::array::from_fn(|_| vec![0; rows * tile_width]),
            weight_sums: vec![0; rows * tile_width],
            column_sums: vec![0; tile_width + 2 * template_radius],
            weights: vec![0; tile_width],
        }
    }

    fn reset(&mut self, len: usize) {
        for estimate in &mut self.estimates {
            estimate[..len].fill(0);
        }
        self.weight_sums[..len].fill(0);
    }
}
