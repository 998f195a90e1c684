//! Gaussian, median, min and max on a 12-megapixel noisy RGB photo, the
//! image the OpenCV timings are for (scripts/compare-opencv times
//! OpenCV on the same kind of image side by side).
//!
//! Run: `cargo bench -p toolcup-denoise --bench filters -- --warm-up-time 1 --measurement-time 3`

use std::hint::black_box;
use std::path::Path;

use criterion::{Criterion, criterion_group, criterion_main};
use toolcup_denoise::{ChannelLayout, Filter, Image, KernelSize, Noise, no_progress, read_image};

/// The bundled coffee photo scaled to 4000x3000 (bilinear) with Gaussian
/// noise of sigma 20.
fn noisy_12mp() -> Image {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../app/assets/coffee.png");
    let small = read_image(&path).expect("crates/app/assets/coffee.png");
    let (sw, sh, cn) = (
        small.width() as usize,
        small.height() as usize,
        small.channels(),
    );
    let (w, h) = (4000usize, 3000usize);
    let mut data = vec![0u8; w * h * cn];
    for y in 0..h {
        let fy = ((y as f64 + 0.5) * sh as f64 / h as f64 - 0.5).clamp(0.0, (sh - 1) as f64);
        let (y0, ty) = (fy.floor() as usize, fy - fy.floor());
        let y1 = (y0 + 1).min(sh - 1);
        for x in 0..w {
            let fx = ((x as f64 + 0.5) * sw as f64 / w as f64 - 0.5).clamp(0.0, (sw - 1) as f64);
            let (x0, tx) = (fx.floor() as usize, fx - fx.floor());
            let x1 = (x0 + 1).min(sw - 1);
            for c in 0..cn {
                let p = |xx: usize, yy: usize| f64::from(small.as_bytes()[(yy * sw + xx) * cn + c]);
                let top = p(x0, y0) * (1.0 - tx) + p(x1, y0) * tx;
                let bottom = p(x0, y1) * (1.0 - tx) + p(x1, y1) * tx;
                data[(y * w + x) * cn + c] = (top * (1.0 - ty) + bottom * ty).round() as u8;
            }
        }
    }
    let layout = ChannelLayout::from_count(cn as u8).expect("photo layout");
    let image = Image::new(w as u32, h as u32, layout, data).expect("sized");
    Noise::Gaussian { sigma: 20.0 }
        .apply(&image, 1)
        .expect("valid sigma")
}

fn filters(c: &mut Criterion) {
    let image = noisy_12mp();
    let mut group = c.benchmark_group("12mp_rgb");
    group.sample_size(10);
    for filter in Filter::ALL {
        let kernels: &[u32] = if filter == Filter::Median {
            &[3, 5, 7, 9, 15, 31]
        } else {
            &[3, 5, 9, 31]
        };
        for &k in kernels {
            let kernel = KernelSize::new(k).expect("odd");
            group.bench_function(format!("{filter}_k{k}"), |b| {
                b.iter(|| {
                    filter
                        .apply(black_box(&image), kernel, &mut no_progress)
                        .expect("no cancel")
                })
            });
        }
    }
    group.finish();
    in_cache(c, &image);
}

/// Gaussian, min and max on a 1000x750 crop of the same photo (2.25 MB in
/// and out), which stays in the processor's caches: these time the
/// arithmetic, where the 12-megapixel runs are bound by memory traffic.
fn in_cache(c: &mut Criterion, image: &Image) {
    let (w, h, cn) = (1000usize, 750usize, image.channels());
    let data: Vec<u8> = image
        .as_bytes()
        .chunks_exact(image.row_len())
        .take(h)
        .flat_map(|row| &row[..w * cn])
        .copied()
        .collect();
    let crop = Image::new(w as u32, h as u32, image.layout(), data).expect("sized");
    let mut group = c.benchmark_group("1mp_rgb");
    for filter in [Filter::Gaussian, Filter::Min, Filter::Max] {
        for k in [3, 5, 9] {
            let kernel = KernelSize::new(k).expect("odd");
            group.bench_function(format!("{filter}_k{k}"), |b| {
                b.iter(|| {
                    filter
                        .apply(black_box(&crop), kernel, &mut no_progress)
                        .expect("no cancel")
                })
            });
        }
    }
    group.finish();
}

criterion_group!(benches, filters);
criterion_main!(benches);
