//! A deliberately naive non-local means with OpenCV's integer arithmetic,
//! for property tests: no padding buffer, no running sums, no weight table;
//! every patch distance summed from scratch and every weight computed from
//! its formula.

use super::padding::reflect101;
use super::weights::fixed_point_mult;

/// Filters `CN` interleaved channels jointly: output `(sum w p + W/2) / W`.
pub(crate) fn denoise<const CN: usize>(
    src: &[u8],
    width: usize,
    height: usize,
    h: f32,
    template: usize,
    search: usize,
) -> Vec<u8> {
    let pixel = |y: i64, x: i64| {
        let (y, x) = (reflect101(y, height as i64), reflect101(x, width as i64));
        &src[(y * width + x) * CN..(y * width + x + 1) * CN]
    };
    let (t, s) = (template as i64 / 2, search as i64 / 2);
    let area = (template * template) as u64;
    let shift = area.next_power_of_two().trailing_zeros();
    let mult = fixed_point_mult(search as u32);
    let weight = |dist: u64| {
        let scaled = (dist >> shift) as f64 * (1u64 << shift) as f64 / area as f64;
        let w = (-scaled / f64::from(h * h * CN as f32)).exp();
        let w = (f64::from(mult) * w).round_ties_even();
        if w < 0.001 * f64::from(mult) {
            0
        } else {
            w as u64
        }
    };
    let mut out = Vec::with_capacity(src.len());
    for y in 0..height as i64 {
        for x in 0..width as i64 {
            let mut sums = [0u64; CN];
            let mut total = 0;
            for oy in -s..=s {
                for ox in -s..=s {
                    let mut dist = 0u64;
                    for ky in -t..=t {
                        for kx in -t..=t {
                            let a = pixel(y + ky, x + kx);
                            let b = pixel(y + oy + ky, x + ox + kx);
                            for c in 0..CN {
                                let d = i64::from(a[c]) - i64::from(b[c]);
                                dist += (d * d) as u64;
                            }
                        }
                    }
                    let w = weight(dist);
                    total += w;
                    for (c, sum) in sums.iter_mut().enumerate() {
                        *sum += w * u64::from(pixel(y + oy, x + ox)[c]);
                    }
                }
            }
            out.extend(sums.map(|sum| ((sum + total / 2) / total) as u8));
        }
    }
    out
}
