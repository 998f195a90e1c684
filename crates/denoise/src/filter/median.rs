//! Median filter, bit-exact with `cv2.medianBlur` (border replicate).
//!
//! The median of a window is unique, so exactness is a matter of the border
//! rule; speed is a matter of the algorithm:
//! - k = 3: sort each column of three once, then the median of the 3x3 window
//!   is `med3(max of the lows, med3 of the middles, min of the highs)`.
//! - k = 5: a 25-input median selection network run on 32 pixels at a time
//!   (proved on every 0/1 input by a test, which by the 0-1 principle proves it
//!   on every input).
//! - k >= 7: Huang's sliding histogram per channel, with the count of values
//!   below the running median kept up to date, so each step costs 2k
//!   histogram updates and a short walk of the median.

use std::ops::ControlFlow;

use super::border::{pad_row, replicate};
use super::{Geometry, Progress, run_bands};
use crate::{KernelSize, Result};

/// Median-filters interleaved 8-bit `src` into `dst`.
pub(crate) fn median_blur(
    src: &[u8],
    dst: &mut [u8],
    geometry: Geometry,
    kernel: KernelSize,
    progress: &mut dyn FnMut(Progress) -> ControlFlow<()>,
) -> Result<()> {
    match kernel.get() {
        3 | 5 => network_median(src, dst, geometry, kernel, progress),
        _ => histogram_median(src, dst, geometry, kernel, progress),
    }
}

/// The replicate-padded rows a band of output rows reads: `rows + 2 * radius`
/// rows of `(width + 2 * radius) * cn` bytes.
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

fn network_median(
    src: &[u8],
    dst: &mut [u8],
    geometry: Geometry,
    kernel: KernelSize,
    progress: &mut dyn FnMut(Progress) -> ControlFlow<()>,
) -> Result<()> {
    let radius = kernel.radius();
    run_bands(dst, geometry, progress, |first_row, band| {
        network_band(src, geometry, radius, first_row, band);
    })
}

/// The output rows from `first_row` into `band`.
#[inline(always)]
fn network_band(src: &[u8], geometry: Geometry, radius: usize, first_row: usize, band: &mut [u8]) {
    let cn = geometry.cn;
    let row_len = geometry.row_len();
    let padded_len = (geometry.width + 2 * radius) * cn;
    let rows = band.len() / row_len;
    let padded = padded_band(src, geometry, first_row, rows, radius);
    let mut sorted = [
        vec![0u8; padded_len],
        vec![0u8; padded_len],
        vec![0u8; padded_len],
    ];
    for (i, out_row) in band.chunks_exact_mut(row_len).enumerate() {
        let window = |dy: usize| &padded[(i + dy) * padded_len..(i + dy + 1) * padded_len];
        if radius == 1 {
            median3x3_row(window(0), window(1), window(2), cn, &mut sorted, out_row);
        } else {
            let inputs: [&[u8]; 5] = [window(0), window(1), window(2), window(3), window(4)];
            median5x5_row(&inputs, cn, out_row);
        }
    }
}

#[inline(always)]
fn sort2(a: &mut u8, b: &mut u8) {
    let (lo, hi) = ((*a).min(*b), (*a).max(*b));
    *a = lo;
    *b = hi;
}

#[inline(always)]
fn med3(a: u8, b: u8, c: u8) -> u8 {
    a.min(b).max(a.max(b).min(c))
}

/// One output row of the 3x3 median from three padded rows.
#[inline(always)]
fn median3x3_row(
    r0: &[u8],
    r1: &[u8],
    r2: &[u8],
    cn: usize,
    sorted: &mut [Vec<u8>; 3],
    out: &mut [u8],
) {
    let [lo, mid, hi] = sorted;
    for ((((l, m), h), &a), (&b, &c)) in lo
        .iter_mut()
        .zip(mid.iter_mut())
        .zip(hi.iter_mut())
        .zip(r0)
        .zip(r1.iter().zip(r2))
    {
        let (mut a, mut b, mut c) = (a, b, c);
        sort2(&mut a, &mut b);
        sort2(&mut b, &mut c);
        sort2(&mut a, &mut b);
        (*l, *m, *h) = (a, b, c);
    }
    let n = out.len();
    let lows = (&lo[..n], &lo[cn..cn + n], &lo[2 * cn..2 * cn + n]);
    let mids = (&mid[..n], &mid[cn..cn + n], &mid[2 * cn..2 * cn + n]);
    let highs = (&hi[..n], &hi[cn..cn + n], &hi[2 * cn..2 * cn + n]);
    for (i, o) in out.iter_mut().enumerate() {
        let low = lows.0[i].max(lows.1[i]).max(lows.2[i]);
        let middle = med3(mids.0[i], mids.1[i], mids.2[i]);
        let high = highs.0[i].min(highs.1[i]).min(highs.2[i]);
        *o = med3(low, middle, high);
    }
}

/// Lanes processed together by the selection network.
const LANES: usize = 32;

/// Devillard's 99-comparator network that leaves the median of 25 in slot 12.
#[cfg(test)]
const MEDIAN25: [(u8, u8); 99] = [
    (0, 1),
    (3, 4),
    (2, 4),
    (2, 3),
    (6, 7),
    (5, 7),
    (5, 6),
    (9, 10),
    (8, 10),
    (8, 9),
    (12, 13),
    (11, 13),
    (11, 12),
    (15, 16),
    (14, 16),
    (14, 15),
    (18, 19),
    (17, 19),
    (17, 18),
    (21, 22),
    (20, 22),
    (20, 21),
    (23, 24),
    (2, 5),
    (3, 6),
    (0, 6),
    (0, 3),
    (4, 7),
    (1, 7),
    (1, 4),
    (11, 14),
    (8, 14),
    (8, 11),
    (12, 15),
    (9, 15),
    (9, 12),
    (13, 16),
    (10, 16),
    (10, 13),
    (20, 23),
    (17, 23),
    (17, 20),
    (21, 24),
    (18, 24),
    (18, 21),
    (19, 22),
    (8, 17),
    (9, 18),
    (0, 18),
    (0, 9),
    (10, 19),
    (1, 19),
    (1, 10),
    (11, 20),
    (2, 20),
    (2, 11),
    (12, 21),
    (3, 21),
    (3, 12),
    (13, 22),
    (4, 22),
    (4, 13),
    (14, 23),
    (5, 23),
    (5, 14),
    (15, 24),
    (6, 24),
    (6, 15),
    (7, 16),
    (7, 19),
    (13, 21),
    (15, 23),
    (7, 13),
    (7, 15),
    (1, 9),
    (3, 11),
    (5, 17),
    (11, 17),
    (9, 17),
    (4, 10),
    (6, 12),
    (7, 14),
    (4, 6),
    (4, 7),
    (12, 14),
    (10, 14),
    (6, 7),
    (10, 12),
    (6, 10),
    (6, 17),
    (12, 17),
    (7, 17),
    (7, 10),
    (12, 18),
    (7, 12),
    (10, 18),
    (12, 20),
    (10, 20),
    (10, 12),
];

/// Elementwise minimum into `a` and maximum into `b`: `pminub`/`pmaxub`.
#[inline(always)]
fn sort2_lanes(a: &mut [u8; LANES], b: &mut [u8; LANES]) {
    for (x, y) in a.iter_mut().zip(b.iter_mut()) {
        sort2(x, y);
    }
}

/// Runs Devillard's median-of-25 network (the `MEDIAN25` table, unrolled so every index is a
/// constant and the 25 vectors can live in registers) on `LANES` independent
/// sets at once.
#[inline(always)]
fn median25_lanes(v: &mut [[u8; LANES]; 25]) -> [u8; LANES] {
    let [
        mut v0,
        mut v1,
        mut v2,
        mut v3,
        mut v4,
        mut v5,
        mut v6,
        mut v7,
        mut v8,
        mut v9,
        mut v10,
        mut v11,
        mut v12,
        mut v13,
        mut v14,
        mut v15,
        mut v16,
        mut v17,
        mut v18,
        mut v19,
        mut v20,
        mut v21,
        mut v22,
        mut v23,
        mut v24,
    ] = *v;
    sort2_lanes(&mut v0, &mut v1);
    sort2_lanes(&mut v3, &mut v4);
    sort2_lanes(&mut v2, &mut v4);
    sort2_lanes(&mut v2, &mut v3);
    sort2_lanes(&mut v6, &mut v7);
    sort2_lanes(&mut v5, &mut v7);
    sort2_lanes(&mut v5, &mut v6);
    sort2_lanes(&mut v9, &mut v10);
    sort2_lanes(&mut v8, &mut v10);
    sort2_lanes(&mut v8, &mut v9);
    sort2_lanes(&mut v12, &mut v13);
    sort2_lanes(&mut v11, &mut v13);
    sort2_lanes(&mut v11, &mut v12);
    sort2_lanes(&mut v15, &mut v16);
    sort2_lanes(&mut v14, &mut v16);
    sort2_lanes(&mut v14, &mut v15);
    sort2_lanes(&mut v18, &mut v19);
    sort2_lanes(&mut v17, &mut v19);
    sort2_lanes(&mut v17, &mut v18);
    sort2_lanes(&mut v21, &mut v22);
    sort2_lanes(&mut v20, &mut v22);
    sort2_lanes(&mut v20, &mut v21);
    sort2_lanes(&mut v23, &mut v24);
    sort2_lanes(&mut v2, &mut v5);
    sort2_lanes(&mut v3, &mut v6);
    sort2_lanes(&mut v0, &mut v6);
    sort2_lanes(&mut v0, &mut v3);
    sort2_lanes(&mut v4, &mut v7);
    sort2_lanes(&mut v1, &mut v7);
    sort2_lanes(&mut v1, &mut v4);
    sort2_lanes(&mut v11, &mut v14);
    sort2_lanes(&mut v8, &mut v14);
    sort2_lanes(&mut v8, &mut v11);
    sort2_lanes(&mut v12, &mut v15);
    sort2_lanes(&mut v9, &mut v15);
    sort2_lanes(&mut v9, &mut v12);
    sort2_lanes(&mut v13, &mut v16);
    sort2_lanes(&mut v10, &mut v16);
    sort2_lanes(&mut v10, &mut v13);
    sort2_lanes(&mut v20, &mut v23);
    sort2_lanes(&mut v17, &mut v23);
    sort2_lanes(&mut v17, &mut v20);
    sort2_lanes(&mut v21, &mut v24);
    sort2_lanes(&mut v18, &mut v24);
    sort2_lanes(&mut v18, &mut v21);
    sort2_lanes(&mut v19, &mut v22);
    sort2_lanes(&mut v8, &mut v17);
    sort2_lanes(&mut v9, &mut v18);
    sort2_lanes(&mut v0, &mut v18);
    sort2_lanes(&mut v0, &mut v9);
    sort2_lanes(&mut v10, &mut v19);
    sort2_lanes(&mut v1, &mut v19);
    sort2_lanes(&mut v1, &mut v10);
    sort2_lanes(&mut v11, &mut v20);
    sort2_lanes(&mut v2, &mut v20);
    sort2_lanes(&mut v2, &mut v11);
    sort2_lanes(&mut v12, &mut v21);
    sort2_lanes(&mut v3, &mut v21);
    sort2_lanes(&mut v3, &mut v12);
    sort2_lanes(&mut v13, &mut v22);
    sort2_lanes(&mut v4, &mut v22);
    sort2_lanes(&mut v4, &mut v13);
    sort2_lanes(&mut v14, &mut v23);
    sort2_lanes(&mut v5, &mut v23);
    sort2_lanes(&mut v5, &mut v14);
    sort2_lanes(&mut v15, &mut v24);
    sort2_lanes(&mut v6, &mut v24);
    sort2_lanes(&mut v6, &mut v15);
    sort2_lanes(&mut v7, &mut v16);
    sort2_lanes(&mut v7, &mut v19);
    sort2_lanes(&mut v13, &mut v21);
    sort2_lanes(&mut v15, &mut v23);
    sort2_lanes(&mut v7, &mut v13);
    sort2_lanes(&mut v7, &mut v15);
    sort2_lanes(&mut v1, &mut v9);
    sort2_lanes(&mut v3, &mut v11);
    sort2_lanes(&mut v5, &mut v17);
    sort2_lanes(&mut v11, &mut v17);
    sort2_lanes(&mut v9, &mut v17);
    sort2_lanes(&mut v4, &mut v10);
    sort2_lanes(&mut v6, &mut v12);
    sort2_lanes(&mut v7, &mut v14);
    sort2_lanes(&mut v4, &mut v6);
    sort2_lanes(&mut v4, &mut v7);
    sort2_lanes(&mut v12, &mut v14);
    sort2_lanes(&mut v10, &mut v14);
    sort2_lanes(&mut v6, &mut v7);
    sort2_lanes(&mut v10, &mut v12);
    sort2_lanes(&mut v6, &mut v10);
    sort2_lanes(&mut v6, &mut v17);
    sort2_lanes(&mut v12, &mut v17);
    sort2_lanes(&mut v7, &mut v17);
    sort2_lanes(&mut v7, &mut v10);
    sort2_lanes(&mut v12, &mut v18);
    sort2_lanes(&mut v7, &mut v12);
    sort2_lanes(&mut v10, &mut v18);
    sort2_lanes(&mut v12, &mut v20);
    sort2_lanes(&mut v10, &mut v20);
    sort2_lanes(&mut v10, &mut v12);
    v12
}

/// One output row of the 5x5 median from five padded rows.
#[inline(always)]
fn median5x5_row(rows: &[&[u8]; 5], cn: usize, out: &mut [u8]) {
    let n = out.len();
    let mut v = [[0u8; LANES]; 25];
    let mut start = 0;
    while start < n {
        let len = LANES.min(n - start);
        for (dy, row) in rows.iter().enumerate() {
            for dx in 0..5 {
                let from = start + dx * cn;
                v[dy * 5 + dx][..len].copy_from_slice(&row[from..from + len]);
            }
        }
        let median = median25_lanes(&mut v);
        out[start..start + len].copy_from_slice(&median[..len]);
        start += len;
    }
}

/// Huang's sliding-histogram median for any odd kernel size.
fn histogram_median(
    src: &[u8],
    dst: &mut [u8],
    geometry: Geometry,
    kernel: KernelSize,
    progress: &mut dyn FnMut(Progress) -> ControlFlow<()>,
) -> Result<()> {
    let radius = kernel.radius() as isize;
    let Geometry { width, height, cn } = geometry;
    let row_len = geometry.row_len();
    // The median is the value at rank `half` (0-based) among k*k values.
    let half = kernel.get() * kernel.get() / 2;
    run_bands(dst, geometry, progress, |first_row, band| {
        let mut rows: Vec<&[u8]> = Vec::with_capacity(2 * radius as usize + 1);
        for (i, out_row) in band.chunks_exact_mut(row_len).enumerate() {
            let y = (first_row + i) as isize;
            rows.clear();
            rows.extend((-radius..=radius).map(|dy| {
                let r = replicate(y + dy, height);
                &src[r * row_len..(r + 1) * row_len]
            }));
            for c in 0..cn {
                let mut hist = [0u32; 256];
                for row in &rows {
                    for dx in -radius..=radius {
                        hist[usize::from(row[replicate(dx, width) * cn + c])] += 1;
                    }
                }
                // `below` counts the values smaller than `median`.
                let (mut median, mut below) = (0usize, 0u32);
                while below + hist[median] <= half {
                    below += hist[median];
                    median += 1;
                }
                out_row[c] = median as u8;
                for x in 1..width as isize {
                    let leaving = replicate(x - radius - 1, width) * cn + c;
                    let entering = replicate(x + radius, width) * cn + c;
                    if leaving != entering {
                        for row in &rows {
                            let (old, new) =
                                (usize::from(row[leaving]), usize::from(row[entering]));
                            hist[old] -= 1;
                            hist[new] += 1;
                            below = below + u32::from(new < median) - u32::from(old < median);
                        }
                    }
                    while below > half {
                        median -= 1;
                        below -= hist[median];
                    }
                    while below + hist[median] <= half {
                        below += hist[median];
                        median += 1;
                    }
                    out_row[x as usize * cn + c] = median as u8;
                }
            }
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_unrolled_network_is_the_table() {
        let mut state = 12345u32;
        for _ in 0..200 {
            let mut v = [[0u8; LANES]; 25];
            for slot in v.iter_mut().flatten() {
                state = state.wrapping_mul(1_664_525).wrapping_add(1_013_904_223);
                *slot = (state >> 24) as u8;
            }
            let mut table = v;
            for &(a, b) in &MEDIAN25 {
                let (lo, hi) = table.split_at_mut(usize::from(b));
                sort2_lanes(&mut lo[usize::from(a)], &mut hi[0]);
            }
            assert_eq!(median25_lanes(&mut v), table[12]);
        }
    }

    /// By the 0-1 principle, a comparator network selects the median of every
    /// input if it does so for every input of zeros and ones: 2^25 of them,
    /// checked 32 at a time.
    #[test]
    fn median25_network_is_correct_on_every_zero_one_input() {
        let mut v = [[0u8; LANES]; 25];
        for base in (0u32..1 << 25).step_by(LANES) {
            for (lane, pattern) in (base..base + LANES as u32).enumerate() {
                for (bit, slot) in v.iter_mut().enumerate() {
                    slot[lane] = ((pattern >> bit) & 1) as u8;
                }
            }
            let got = median25_lanes(&mut v);
            for (lane, pattern) in (base..base + LANES as u32).enumerate() {
                let expected = u8::from(pattern.count_ones() >= 13);
                assert_eq!(got[lane], expected, "pattern {pattern:025b}");
            }
        }
    }
}
