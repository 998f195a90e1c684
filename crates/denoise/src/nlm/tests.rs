//! Non-local means against committed OpenCV outputs, live OpenCV where
//! installed, and the naive reference.

use std::ops::ControlFlow;

use proptest::prelude::*;

use super::bands::ProgressSink;
use super::patch_search::Kernel;
use super::{
    ColorLayout, NlmParams, denoise_colored, denoise_grey, filter_planes_with, oracle, reference,
};
use crate::{Error, Progress};

/// The widest tile of the kernels this processor can run.
#[cfg(target_arch = "x86_64")]
const TILE_WIDTH: usize = super::avx2::TILE_WIDTH;
#[cfg(not(target_arch = "x86_64"))]
const TILE_WIDTH: usize = super::patch_search::TILE_WIDTH;

fn keep_going(_: Progress) -> ControlFlow<()> {
    ControlFlow::Continue(())
}

/// One committed OpenCV case from `tests/data/nlm/cases.txt`.
struct Case {
    name: String,
    grey: bool,
    width: u32,
    height: u32,
    params: NlmParams,
}

fn committed_cases() -> Vec<Case> {
    let text = std::fs::read_to_string(oracle::data_dir().join("cases.txt")).expect("read cases");
    text.lines()
        .filter(|line| !line.starts_with('#'))
        .map(|line| {
            let f: Vec<&str> = line.split(' ').collect();
            let number = |i: usize| f[i].parse::<f32>().expect("number");
            Case {
                name: f[0].to_string(),
                grey: f[1] == "grey",
                width: number(2) as u32,
                height: number(3) as u32,
                params: NlmParams::new(number(4), number(5), number(6) as u32, number(7) as u32)
                    .expect("valid parameters"),
            }
        })
        .collect()
}

fn read_case(case: &Case, extension: &str) -> Vec<u8> {
    std::fs::read(oracle::data_dir().join(format!("{}.{extension}", case.name)))
        .expect("read case data")
}

/// Swaps the first and third byte of every `channels`-byte pixel.
fn swap_red_blue(pixels: &[u8], channels: usize) -> Vec<u8> {
    let mut out = pixels.to_vec();
    for pixel in out.chunks_exact_mut(channels) {
        pixel.swap(0, 2);
    }
    out
}

/// Adds an alpha byte (a ramp) after every 3-byte pixel.
fn with_alpha(pixels: &[u8]) -> Vec<u8> {
    pixels
        .chunks_exact(3)
        .enumerate()
        .flat_map(|(i, p)| [p[0], p[1], p[2], (i * 7) as u8])
        .collect()
}

#[test]
fn matches_committed_opencv_outputs() {
    let cases = committed_cases();
    assert!(cases.len() >= 10);
    for case in &cases {
        let (src, expected) = (read_case(case, "in"), read_case(case, "out"));
        let (w, h) = (case.width, case.height);
        if case.grey {
            let ours = denoise_grey(&src, w, h, &case.params, &mut keep_going).expect("denoise");
            assert_eq!(ours, expected, "{}", case.name);
            continue;
        }
        let ours = denoise_colored(&src, w, h, ColorLayout::Bgr, &case.params, &mut keep_going)
            .expect("denoise");
        assert_eq!(ours, expected, "{} (BGR)", case.name);
        let rgb = swap_red_blue(&src, 3);
        let ours = denoise_colored(&rgb, w, h, ColorLayout::Rgb, &case.params, &mut keep_going)
            .expect("denoise");
        assert_eq!(ours, swap_red_blue(&expected, 3), "{} (RGB)", case.name);
        let rgba = with_alpha(&rgb);
        let ours = denoise_colored(
            &rgba,
            w,
            h,
            ColorLayout::Rgba,
            &case.params,
            &mut keep_going,
        )
        .expect("denoise");
        assert_eq!(
            ours,
            with_alpha(&swap_red_blue(&expected, 3)),
            "{} (RGBA)",
            case.name
        );
    }
}

/// A seeded noisy test image: gradient, disc and uniform noise.
fn noisy(width: usize, height: usize, channels: usize, seed: u64) -> Vec<u8> {
    let mut state = seed
        .wrapping_mul(6364136223846793005)
        .wrapping_add(1442695040888963407);
    let mut out = Vec::with_capacity(width * height * channels);
    for y in 0..height {
        for x in 0..width {
            let inside = (x * 2).abs_diff(width) * (x * 2).abs_diff(width)
                + (y * 2).abs_diff(height).pow(2)
                < width.min(height).pow(2) / 2;
            for c in 0..channels {
                state = state
                    .wrapping_mul(6364136223846793005)
                    .wrapping_add(1442695040888963407);
                let noise = ((state >> 33) % 61) as i64 - 30;
                let base = 40
                    + (150 * x / width.max(1)) as i64
                    + (60 * c) as i64
                    + if inside { 50 } else { 0 };
                out.push((base + noise).clamp(0, 255) as u8);
            }
        }
    }
    out
}

#[test]
fn matches_live_opencv() {
    let python = match oracle::python() {
        Ok(python) => python,
        Err(reason) => {
            eprintln!("skipping the live NLM check: {reason}");
            return;
        }
    };
    let dir = tempfile::tempdir().expect("temp dir");
    // Widths over one tile (384 pixels for the AVX2 kernel, 256 for the
    // portable one) and heights over one 96-row band.
    let runs = [
        ("grey", 400, 100, 10.0, 10.0, 7, 15),
        ("grey", 61, 45, 4.0, 4.0, 7, 21),
        ("grey", 5, 3, 30.0, 30.0, 3, 11),
        ("bgr", 390, 98, 10.0, 10.0, 7, 15),
        ("bgr", 47, 66, 3.0, 17.0, 5, 13),
        ("bgr", 4, 9, 8.0, 8.0, 7, 15),
    ];
    for (i, &(kind, w, h, strength, strength_color, template, search)) in runs.iter().enumerate() {
        let channels = if kind == "grey" { 1 } else { 3 };
        let src = noisy(w, h, channels, i as u64);
        let (input, output) = (
            dir.path().join(format!("{i}.in")),
            dir.path().join(format!("{i}.out")),
        );
        std::fs::write(&input, &src).expect("write input");
        let arg = |v: &dyn ToString| v.to_string();
        let args = [
            arg(&"nlm"),
            input.display().to_string(),
            output.display().to_string(),
            arg(&w),
            arg(&h),
            arg(&kind),
            arg(&strength),
            arg(&strength_color),
            arg(&template),
            arg(&search),
        ];
        oracle::run(
            &python,
            &args.iter().map(String::as_str).collect::<Vec<_>>(),
        );
        let expected = std::fs::read(&output).expect("read oracle output");
        let params = NlmParams::new(strength, strength_color, template, search).expect("params");
        let ours = if kind == "grey" {
            denoise_grey(&src, w as u32, h as u32, &params, &mut keep_going)
        } else {
            denoise_colored(
                &src,
                w as u32,
                h as u32,
                ColorLayout::Bgr,
                &params,
                &mut keep_going,
            )
        }
        .expect("denoise");
        let differing = ours.iter().zip(&expected).filter(|(a, b)| a != b).count();
        assert_eq!(
            differing, 0,
            "run {i} ({kind} {w}x{h}): {differing} bytes differ from OpenCV"
        );
    }
}

/// Every kernel this processor runs: the portable one always, and AVX2
/// where the processor has it (said once, so a run without it shows).
fn kernels() -> Vec<Kernel> {
    let mut kernels = vec![Kernel::Portable];
    match Kernel::detect() {
        Kernel::Portable => eprintln!("no AVX2 here: only the portable NLM kernel is tested"),
        simd => kernels.push(simd),
    }
    kernels
}

/// Runs `filter_planes_with(kernel)` on interleaved `CN`-channel pixels.
fn fast<const CN: usize>(
    kernel: Kernel,
    src: &[u8],
    width: usize,
    height: usize,
    h: f32,
    params: &NlmParams,
) -> Vec<u8> {
    let planes: Vec<Vec<u8>> = (0..CN)
        .map(|c| src.iter().skip(c).step_by(CN).copied().collect())
        .collect();
    let mut callback = keep_going;
    let mut sink = ProgressSink {
        callback: &mut callback,
        done: 0,
        total: (height * CN) as u64,
    };
    filter_planes_with::<CN>(
        kernel,
        std::array::from_fn(|c| planes[c].as_slice()),
        width,
        height,
        h,
        params,
        &mut sink,
    )
    .expect("filter")
}

fn image_and_params(channels: usize) -> impl Strategy<Value = (Vec<u8>, usize, usize, NlmParams)> {
    (
        1usize..18,
        1usize..14,
        0usize..4,
        1u32..5,
        0.5f32..60.0,
        any::<bool>(),
    )
        .prop_flat_map(move |(w, h, t, k, strength, smooth)| {
            let template = 2 * t as u32 + 1;
            let params =
                NlmParams::new(strength, strength, template, template + 2 * k).expect("params");
            // Smooth images keep many weights non-zero; rough ones test the cut-off.
            let values = if smooth { 100u8..=130 } else { 0u8..=255 };
            (
                proptest::collection::vec(values, w * h * channels),
                Just(w),
                Just(h),
                Just(params),
            )
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    #[test]
    fn one_channel_matches_the_naive_reference((src, w, h, params) in image_and_params(1)) {
        let naive = reference::denoise::<1>(&src, w, h, params.h(), params.template() as usize, params.search() as usize);
        for kernel in kernels() {
            prop_assert_eq!(fast::<1>(kernel, &src, w, h, params.h(), &params), naive.clone(), "{:?}", kernel);
        }
    }

    #[test]
    fn two_channels_match_the_naive_reference((src, w, h, params) in image_and_params(2)) {
        let naive = reference::denoise::<2>(&src, w, h, params.h(), params.template() as usize, params.search() as usize);
        for kernel in kernels() {
            prop_assert_eq!(fast::<2>(kernel, &src, w, h, params.h(), &params), naive.clone(), "{:?}", kernel);
        }
    }
}

/// The kernels agree on images over several tiles and bands, for every
/// template and search shape the fast paths special-case or not, weights
/// that are mostly zero (rough image, small h), mostly not (smooth image,
/// large h), never zero (huge h) and wider than 16 bits (small search),
/// one and two planes; widths that leave every remainder of a block of 8.
#[test]
fn every_kernel_gives_the_same_bits() {
    let kernels = kernels();
    let shapes = [(7, 15), (7, 21), (5, 13), (3, 9), (1, 3), (9, 11), (7, 9)];
    for (i, &(template, search)) in shapes.iter().enumerate() {
        for (j, &h) in [3.0f32, 9.0, 40.0, 1e20].iter().enumerate() {
            let params = NlmParams::new(h, h, template, search).expect("params");
            // Over one tile of every kernel and over one band.
            let (w, ht) = (391 + 7 * i + j, 98 + 3 * j);
            assert!(w > TILE_WIDTH && ht > super::bands::BAND_ROWS);
            let seed = (i * 4 + j) as u64;
            let mut grey = noisy(w, ht, 1, seed);
            if j % 2 == 1 {
                // Smooth: many weights above zero.
                grey.iter_mut().for_each(|v| *v = 100 + *v / 16);
            }
            let ab = noisy(w, ht, 2, seed + 100);
            let first = fast::<1>(kernels[0], &grey, w, ht, h, &params);
            let first_ab = fast::<2>(kernels[0], &ab, w, ht, h, &params);
            for &kernel in &kernels[1..] {
                let label = format!("{kernel:?} {w}x{ht} t{template} s{search} h{h}");
                assert!(
                    fast::<1>(kernel, &grey, w, ht, h, &params) == first,
                    "{label}: grey"
                );
                assert!(
                    fast::<2>(kernel, &ab, w, ht, h, &params) == first_ab,
                    "{label}: two planes"
                );
            }
        }
    }
}

#[test]
fn extreme_strengths_give_identity_and_box_mean() {
    let (w, h) = (9, 7);
    let src = noisy(w, h, 1, 21);
    // h so small that h^2 is 0 in f32: OpenCV's NaN rule keeps only the
    // patch itself (weight exp(NaN) -> 1), every other weight is 0.
    let tiny = NlmParams::new(1e-30, 1e-30, 3, 5).expect("params");
    let out = denoise_grey(&src, w as u32, h as u32, &tiny, &mut keep_going).expect("denoise");
    assert_eq!(out, src);
    // h so large that h^2 is infinite: every weight is the fixed-point one,
    // a plain mean over the 5x5 search window with reflect-101 borders.
    let huge = NlmParams::new(f32::MAX, f32::MAX, 3, 5).expect("params");
    let out = denoise_grey(&src, w as u32, h as u32, &huge, &mut keep_going).expect("denoise");
    let mult = u64::from(super::weights::fixed_point_mult(5));
    for y in 0..h as i64 {
        for x in 0..w as i64 {
            let sum: u64 = (-2..=2)
                .flat_map(|dy| (-2..=2).map(move |dx| (dy, dx)))
                .map(|(dy, dx)| {
                    let (yy, xx) = (
                        super::padding::reflect101(y + dy, h as i64),
                        super::padding::reflect101(x + dx, w as i64),
                    );
                    u64::from(src[yy * w + xx])
                })
                .sum();
            let expected = (mult * sum + mult * 25 / 2) / (mult * 25);
            assert_eq!(
                u64::from(out[y as usize * w + x as usize]),
                expected,
                "({x}, {y})"
            );
        }
    }
}

#[test]
fn progress_rises_to_the_total() {
    let src = noisy(40, 100, 3, 7);
    let mut seen = Vec::new();
    denoise_colored(
        &src,
        40,
        100,
        ColorLayout::Rgb,
        &NlmParams::recipe(10.0).expect("params"),
        &mut |p| {
            seen.push(p);
            ControlFlow::Continue(())
        },
    )
    .expect("denoise");
    assert!(seen.windows(2).all(|w| w[0].done <= w[1].done));
    assert_eq!(
        seen.last(),
        Some(&Progress {
            done: 300,
            total: 300
        })
    );
}

#[test]
fn progress_comes_after_every_band() {
    let src = noisy(30, 200, 1, 11);
    let params = NlmParams::recipe(10.0).expect("params");
    let mut seen = Vec::new();
    denoise_grey(&src, 30, 200, &params, &mut |p| {
        seen.push(p.done);
        ControlFlow::Continue(())
    })
    .expect("denoise");
    // A start report and one per band, in any order.
    let bands = 200usize.div_ceil(super::bands::BAND_ROWS);
    assert!(bands > 1, "the test needs several bands");
    assert_eq!(seen.len(), 1 + bands);
    assert_eq!((seen[0], seen[bands]), (0, 200));
}

#[test]
fn runs_inside_a_one_thread_pool() {
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(1)
        .build()
        .expect("pool");
    let src = noisy(30, 150, 3, 5);
    let params = NlmParams::recipe(10.0).expect("params");
    let run = || {
        denoise_colored(&src, 30, 150, ColorLayout::Rgb, &params, &mut keep_going).expect("denoise")
    };
    assert_eq!(pool.install(run), run());
}

#[test]
fn a_break_cancels_the_run() {
    let src = noisy(40, 200, 1, 3);
    let params = NlmParams::recipe(10.0).expect("params");
    let mut calls = 0;
    let result = denoise_grey(&src, 40, 200, &params, &mut |p| {
        calls += 1;
        if p.done > 0 {
            ControlFlow::Break(())
        } else {
            ControlFlow::Continue(())
        }
    });
    assert!(matches!(result, Err(Error::Cancelled)));
    assert_eq!(calls, 2, "stops at the first report after work started");
}

#[test]
fn bad_buffers_are_refused() {
    let params = NlmParams::recipe(10.0).expect("params");
    let err = denoise_grey(&[1, 2, 3], 2, 2, &params, &mut keep_going).expect_err("short buffer");
    assert!(
        matches!(
            err,
            Error::BufferSize {
                len: 3,
                expected: 4,
                ..
            }
        ),
        "{err}"
    );
    let err = denoise_colored(&[], 0, 5, ColorLayout::Rgb, &params, &mut keep_going)
        .expect_err("no pixels");
    assert_eq!(
        err.to_string(),
        "invalid image size 0x5: at least 1x1 pixels"
    );
    let err = denoise_colored(&[0; 12], 2, 2, ColorLayout::Rgba, &params, &mut keep_going)
        .expect_err("RGB given as RGBA");
    assert!(
        matches!(
            err,
            Error::BufferSize {
                channels: 4,
                expected: 16,
                ..
            }
        ),
        "{err}"
    );
}
