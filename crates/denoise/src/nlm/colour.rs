//! Colour images: to OpenCV's 8-bit Lab, L and (a, b) filtered apart, back.

use std::ops::ControlFlow;

use rayon::prelude::*;

use super::bands::ProgressSink;
use super::{ColorLayout, NlmParams, filter_planes};
use crate::lab::{bgr_to_lab, lab_to_bgr};
use crate::{Progress, Result};

/// Pixels per parallel chunk of the colour conversions.
const CONVERT_CHUNK: usize = 1 << 14;

/// `fastNlMeansDenoisingColored` on a checked buffer.
pub(super) fn denoise(
    src: &[u8],
    width: usize,
    height: usize,
    layout: ColorLayout,
    params: &NlmParams,
    progress: &mut dyn FnMut(Progress) -> ControlFlow<()>,
) -> Result<Vec<u8>> {
    let channels = layout.channels();
    let blue_first = layout.blue_first();
    let pixels = width * height;
    let mut l = vec![0; pixels];
    let mut a = vec![0; pixels];
    let mut b = vec![0; pixels];
    l.par_chunks_mut(CONVERT_CHUNK)
        .zip(a.par_chunks_mut(CONVERT_CHUNK))
        .zip(b.par_chunks_mut(CONVERT_CHUNK))
        .zip(src.par_chunks(CONVERT_CHUNK * channels))
        .for_each(|(((l, a), b), src)| {
            for (i, pixel) in src.chunks_exact(channels).enumerate() {
                let [lv, av, bv] = bgr_to_lab(to_bgr(pixel, blue_first));
                (l[i], a[i], b[i]) = (lv, av, bv);
            }
        });

    let mut sink = ProgressSink {
        callback: progress,
        done: 0,
        total: 3 * height as u64,
    };
    let l_out = filter_planes([&l], width, height, params.h(), params, &mut sink)?;
    drop(l);
    let ab_out = filter_planes([&a, &b], width, height, params.h_color(), params, &mut sink)?;
    drop((a, b));

    let mut out = vec![0; pixels * channels];
    out.par_chunks_mut(CONVERT_CHUNK * channels)
        .zip(src.par_chunks(CONVERT_CHUNK * channels))
        .zip(l_out.par_chunks(CONVERT_CHUNK))
        .zip(ab_out.par_chunks(CONVERT_CHUNK * 2))
        .for_each(|(((out, src), l), ab)| {
            for (i, (pixel, original)) in out
                .chunks_exact_mut(channels)
                .zip(src.chunks_exact(channels))
                .enumerate()
            {
                let [blue, green, red] = lab_to_bgr([l[i], ab[2 * i], ab[2 * i + 1]]);
                let (first, last) = if blue_first { (blue, red) } else { (red, blue) };
                pixel[..3].copy_from_slice(&[first, green, last]);
                if channels == 4 {
                    pixel[3] = original[3];
                }
            }
        });
    Ok(out)
}

/// The pixel's colour bytes in B, G, R order.
fn to_bgr(pixel: &[u8], blue_first: bool) -> [u8; 3] {
    if blue_first {
        [pixel[0], pixel[1], pixel[2]]
    } else {
        [pixel[2], pixel[1], pixel[0]]
    }
}
