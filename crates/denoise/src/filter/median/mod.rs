//! Median filter, bit-exact with `cv2.medianBlur` (border replicate).
//!
//! The median of a window is unique, so exactness is a matter of the border
//! rule; speed is a matter of the algorithm:
//! - k = 3 ([`three`]): sort the three pixels across each byte of the four
//!   source rows under two output rows, straight from those rows, then take
//!   the median of the three rows' minima, medians and maxima for both
//!   outputs at once, 32 bytes at a time.
//! - k = 5 ([`network`]): sort every column of 5 values once, then select
//!   the median of 5 sorted columns with a short min/max network, 32 bytes
//!   at a time.
//! - k >= 7 ([`histogram`]): Perreault and Hébert's constant-time median.
//!   (Huang's O(k) sliding histogram, used for 7 <= k < 15 until the
//!   constant-time median searched its histograms without branches, took
//!   1.5 times as long at k = 7 on the 12 MP RGB photo and was removed.)

mod histogram;
mod network;
mod three;

use std::ops::ControlFlow;

use super::{Geometry, Progress};
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
        3 => three::median3(src, dst, geometry, progress),
        5 => network::median5(src, dst, geometry, progress),
        _ => histogram::histogram_median(src, dst, geometry, kernel, progress),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::filter::{Filter, no_progress};
    use crate::{ChannelLayout, Image};

    /// The median of every window, sorting it: deliberately naive.
    fn naive_median(image: &Image, k: usize) -> Vec<u8> {
        let (w, h, cn) = (
            image.width() as usize,
            image.height() as usize,
            image.channels(),
        );
        let r = (k / 2) as isize;
        let clamp = |p: isize, len: usize| p.clamp(0, len as isize - 1) as usize;
        let mut out = Vec::with_capacity(w * h * cn);
        for y in 0..h as isize {
            for x in 0..w as isize {
                for c in 0..cn {
                    let mut window: Vec<u8> = (-r..=r)
                        .flat_map(|dy| (-r..=r).map(move |dx| (dy, dx)))
                        .map(|(dy, dx)| {
                            let (sy, sx) = (clamp(y + dy, h), clamp(x + dx, w));
                            image.as_bytes()[(sy * w + sx) * cn + c]
                        })
                        .collect();
                    window.sort_unstable();
                    out.push(window[window.len() / 2]);
                }
            }
        }
        if image.layout().has_alpha() {
            for (o, s) in out
                .chunks_exact_mut(cn)
                .zip(image.as_bytes().chunks_exact(cn))
            {
                o[cn - 1] = s[cn - 1];
            }
        }
        out
    }

    fn noise_image(w: u32, h: u32, layout: ChannelLayout, seed: u32) -> Image {
        let mut state = seed;
        let data = (0..w as usize * h as usize * layout.count())
            .map(|_| {
                state = state.wrapping_mul(1_664_525).wrapping_add(1_013_904_223);
                (state >> 24) as u8
            })
            .collect();
        Image::new(w, h, layout, data).expect("sized")
    }

    /// Shapes at the edges of every path: single rows and columns, images
    /// narrower or shorter than the kernel, rows just under, at and over
    /// one 32-byte block and not a multiple of it, several bands tall, rows
    /// just under and over two blocks and a pixel (where the 3x3 median's
    /// first block away from the row ends appears).
    #[test]
    fn every_path_matches_the_naive_median_at_its_edges() {
        let shapes = [
            (1, 1),
            (1, 40),
            (40, 1),
            (2, 3),
            (10, 3),
            (31, 2),
            (32, 4),
            (33, 5),
            (11, 37),
            (45, 19),
            (22, 6),
            (23, 7),
        ];
        let layouts = [
            ChannelLayout::Grey,
            ChannelLayout::GreyAlpha,
            ChannelLayout::Rgb,
            ChannelLayout::Rgba,
        ];
        for (i, &(w, h)) in shapes.iter().enumerate() {
            for (j, &layout) in layouts.iter().enumerate() {
                let image = noise_image(w, h, layout, (i * 4 + j) as u32);
                for k in [3, 5, 7, 9, 13, 15, 17, 31, 33] {
                    let kernel = KernelSize::new(k).expect("odd");
                    let got = Filter::Median
                        .apply(&image, kernel, &mut no_progress)
                        .expect("no cancel");
                    assert_eq!(
                        got.as_bytes(),
                        &naive_median(&image, k as usize)[..],
                        "{w}x{h} {layout:?} k={k}"
                    );
                }
            }
        }
    }

    /// The constant-time path runs its own band loop: it must report every
    /// row and stop when asked.
    #[test]
    fn every_path_reports_progress_and_stops_when_asked() {
        let image = noise_image(40, 300, ChannelLayout::Rgb, 7);
        for k in [3, 5, 9, 31] {
            let kernel = KernelSize::new(k).expect("odd");
            let mut last = None;
            Filter::Median
                .apply(&image, kernel, &mut |p| {
                    last = Some(p);
                    ControlFlow::Continue(())
                })
                .expect("not cancelled");
            assert_eq!(
                last,
                Some(Progress {
                    done: 300,
                    total: 300
                }),
                "k={k}"
            );
            let mut calls = 0;
            let result = Filter::Median.apply(&image, kernel, &mut |_| {
                calls += 1;
                ControlFlow::Break(())
            });
            assert!(matches!(result, Err(crate::Error::Cancelled)), "k={k}");
            assert_eq!(calls, 1, "k={k}");
        }
    }
}
