//! Non-local means on a 1-megapixel noisy image (1152x864), grey and colour,
//! with the recipe's windows (7, 15), at h = 3 and 9 (the strengths
//! `scripts/compare-opencv` times against OpenCV at 12 MP), on all threads
//! and on one. The kernel is the one the processor runs (AVX2 where it has
//! it). OpenCV's times for the same calls are measured side by side by
//! `scripts/compare-opencv` and `scripts/denoise-compare-nlm`.
//!
//! Run: `cargo bench -p toolcup-denoise --bench nlm`

use std::hint::black_box;
use std::ops::ControlFlow;

use criterion::{Criterion, criterion_group, criterion_main};
use toolcup_denoise::nlm::{self, ColorLayout, NlmParams};

const WIDTH: u32 = 1152;
const HEIGHT: u32 = 864;

/// A seeded gradient with uniform noise of +-30.
fn noisy(channels: usize) -> Vec<u8> {
    let mut state = 0x2545_f491_4f6c_dd1d_u64;
    let mut out = Vec::with_capacity(WIDTH as usize * HEIGHT as usize * channels);
    for y in 0..HEIGHT as usize {
        for x in 0..WIDTH as usize {
            for c in 0..channels {
                state ^= state << 13;
                state ^= state >> 7;
                state ^= state << 17;
                let base =
                    (x * 150 / WIDTH as usize + y * 60 / HEIGHT as usize + c * 30) as i64 + 20;
                out.push((base + (state % 61) as i64 - 30).clamp(0, 255) as u8);
            }
        }
    }
    out
}

fn bench(c: &mut Criterion) {
    let grey = noisy(1);
    let rgb = noisy(3);
    let one_thread = rayon::ThreadPoolBuilder::new()
        .num_threads(1)
        .build()
        .expect("a one-thread pool");
    let mut group = c.benchmark_group("nlm_1mp");
    group.sample_size(10);
    for h in [3.0, 9.0] {
        let params = NlmParams::recipe(h).expect("valid parameters");
        let grey_run = || {
            nlm::denoise_grey(black_box(&grey), WIDTH, HEIGHT, &params, &mut |_| {
                ControlFlow::Continue(())
            })
        };
        let colour_run = || {
            nlm::denoise_colored(
                black_box(&rgb),
                WIDTH,
                HEIGHT,
                ColorLayout::Rgb,
                &params,
                &mut |_| ControlFlow::Continue(()),
            )
        };
        group.bench_function(format!("grey_h{h}"), |b| b.iter(grey_run));
        group.bench_function(format!("colored_h{h}"), |b| b.iter(colour_run));
        group.bench_function(format!("grey_h{h}_1_thread"), |b| {
            b.iter(|| one_thread.install(grey_run))
        });
        group.bench_function(format!("colored_h{h}_1_thread"), |b| {
            b.iter(|| one_thread.install(colour_run))
        });
    }
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
