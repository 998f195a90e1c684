//! The filters against deliberately naive references, over random small
//! images, every channel count and kernel sizes up to 31 (wider than the
//! images, so the border rules are exercised to their limits).

use proptest::prelude::*;

use super::border::{reflect101, replicate};
use super::*;
use crate::ChannelLayout;

/// Applies `pixel(window)` at every pixel and channel, reading the window
/// through `border`.
fn naive(
    image: &Image,
    k: usize,
    border: fn(isize, usize) -> usize,
    pixel: impl Fn(&[(usize, usize, u8)]) -> u8,
) -> Vec<u8> {
    let (w, h, cn) = (
        image.width() as usize,
        image.height() as usize,
        image.channels(),
    );
    let r = (k / 2) as isize;
    let mut out = Vec::with_capacity(w * h * cn);
    for y in 0..h as isize {
        for x in 0..w as isize {
            for c in 0..cn {
                let window: Vec<(usize, usize, u8)> = (0..k)
                    .flat_map(|dy| (0..k).map(move |dx| (dy, dx)))
                    .map(|(dy, dx)| {
                        let sy = border(y + dy as isize - r, h);
                        let sx = border(x + dx as isize - r, w);
                        (dy, dx, image.as_bytes()[(sy * w + sx) * cn + c])
                    })
                    .collect();
                out.push(pixel(&window));
            }
        }
    }
    out
}

fn naive_filter(filter: Filter, image: &Image, kernel: KernelSize) -> Vec<u8> {
    let k = kernel.get() as usize;
    let mut out = match filter {
        Filter::Gaussian => {
            let q8 = gaussian_kernel_q8(kernel);
            naive(image, k, reflect101, |window| {
                let sum: u64 = window
                    .iter()
                    .map(|&(dy, dx, v)| u64::from(q8[dy]) * u64::from(q8[dx]) * u64::from(v))
                    .sum();
                ((sum + 32768) >> 16) as u8
            })
        }
        Filter::Median => naive(image, k, replicate, |window| {
            let mut values: Vec<u8> = window.iter().map(|w| w.2).collect();
            values.sort_unstable();
            values[values.len() / 2]
        }),
        Filter::Min => naive(image, k, replicate, |window| {
            window.iter().map(|w| w.2).min().unwrap_or(0)
        }),
        Filter::Max => naive(image, k, replicate, |window| {
            window.iter().map(|w| w.2).max().unwrap_or(0)
        }),
    };
    if image.layout().has_alpha() {
        let cn = image.channels();
        for (o, s) in out
            .chunks_exact_mut(cn)
            .zip(image.as_bytes().chunks_exact(cn))
        {
            o[cn - 1] = s[cn - 1];
        }
    }
    out
}

fn any_image(max_side: u32) -> impl Strategy<Value = Image> {
    (1..=max_side, 1..=max_side, 1u8..=4).prop_flat_map(|(w, h, cn)| {
        proptest::collection::vec(any::<u8>(), (w * h) as usize * cn as usize).prop_map(
            move |data| {
                let layout = ChannelLayout::from_count(cn).expect("1..=4");
                Image::new(w, h, layout, data).expect("sized to fit")
            },
        )
    })
}

fn any_kernel() -> impl Strategy<Value = KernelSize> {
    (0u32..16).prop_map(|i| KernelSize::new(2 * i + 1).expect("odd"))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn every_filter_matches_its_naive_reference(image in any_image(14), kernel in any_kernel()) {
        for filter in Filter::ALL {
            let got = filter.apply(&image, kernel, &mut no_progress).expect("no cancel");
            prop_assert_eq!(got.as_bytes(), &naive_filter(filter, &image, kernel)[..], "{} k={} {}", filter, kernel, image.shape());
        }
    }
}

#[test]
fn wide_images_cross_the_lane_and_band_boundaries() {
    // Wider than the 32-lane network blocks and taller than one band.
    let (w, h) = (77u32, 41u32);
    let data: Vec<u8> = (0..w * h * 3)
        .map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8)
        .collect();
    let image = Image::new(w, h, ChannelLayout::Rgb, data).expect("sized");
    for filter in Filter::ALL {
        for k in [3, 5, 7, 9, 11] {
            let kernel = KernelSize::new(k).expect("odd");
            let got = filter
                .apply(&image, kernel, &mut no_progress)
                .expect("no cancel");
            assert_eq!(
                got.as_bytes(),
                &naive_filter(filter, &image, kernel)[..],
                "{filter} k={k}"
            );
        }
    }
}

#[test]
fn cancelling_stops_with_cancelled() {
    let image = Image::zeroed(64, 512, ChannelLayout::Grey);
    let mut calls = 0;
    let result = Filter::Median.apply(&image, KernelSize::new(3).expect("odd"), &mut |_| {
        calls += 1;
        ControlFlow::Break(())
    });
    assert!(matches!(result, Err(Error::Cancelled)));
    assert_eq!(calls, 1);
}

#[test]
fn progress_reaches_every_row() {
    let image = Image::zeroed(8, 300, ChannelLayout::Rgb);
    let mut last = None;
    Filter::Gaussian
        .apply(&image, KernelSize::new(5).expect("odd"), &mut |p| {
            last = Some(p);
            ControlFlow::Continue(())
        })
        .expect("not cancelled");
    assert_eq!(
        last,
        Some(Progress {
            done: 300,
            total: 300
        })
    );
}

#[test]
fn filter_names_parse_back() {
    for filter in Filter::ALL {
        assert_eq!(filter.name().parse::<Filter>().expect("known"), filter);
    }
    let err = "blur".parse::<Filter>().expect_err("unknown").to_string();
    assert!(err.contains("blur") && err.contains("median"), "{err}");
}
