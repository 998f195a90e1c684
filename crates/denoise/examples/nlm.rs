//! Denoises an image file with OpenCV-exact non-local means (template 7,
//! search 15, as `cv2.fastNlMeansDenoisingColored(img, None, h, h_color, 7, 15)`)
//! and reports how long the filter took.
//!
//! ```text
//! cargo run --release -p toolcup-denoise --example nlm -- IN.png OUT.png [H [H_COLOR [REPEAT]]]
//! ```
//!
//! Grey and RGB(A) images; alpha is copied through. With REPEAT > 1 the
//! filter runs that many times. Each run's seconds go to stderr, the median
//! to stdout (used by `scripts/denoise-compare-nlm`).

use std::ops::ControlFlow;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use toolcup_denoise::nlm::{self, ColorLayout, NlmParams};
use toolcup_denoise::{ChannelLayout, Image, WriteOptions, read_image, write_image};

fn main() -> ExitCode {
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("nlm: {message}");
            ExitCode::FAILURE
        }
    }
}

fn run() -> Result<(), String> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if !(2..=5).contains(&args.len()) {
        return Err("usage: nlm IN OUT [H [H_COLOR [REPEAT]]]".into());
    }
    let number = |i: usize, default: f32| -> Result<f32, String> {
        args.get(i).map_or(Ok(default), |text| {
            text.parse().map_err(|_| format!("not a number: {text:?}"))
        })
    };
    let h = number(2, 10.0)?;
    let h_color = number(3, h)?;
    let repeat = number(4, 1.0)? as usize;
    let params = NlmParams::new(
        h,
        h_color,
        NlmParams::RECIPE_TEMPLATE,
        NlmParams::RECIPE_SEARCH,
    )
    .map_err(|err| err.to_string())?;
    let image = read_image(&PathBuf::from(&args[0])).map_err(|err| err.to_string())?;

    let mut seconds = Vec::new();
    let mut result = None;
    for _ in 0..repeat.max(1) {
        let start = Instant::now();
        let out = denoise(&image, &params).map_err(|err| err.to_string())?;
        seconds.push(start.elapsed().as_secs_f64());
        eprintln!("{:.3} s", seconds[seconds.len() - 1]);
        result = Some(out);
    }
    let out = result.ok_or("nothing ran")?;
    let out = Image::new(image.width(), image.height(), image.layout(), out)
        .map_err(|err| err.to_string())?;
    let options = WriteOptions {
        overwrite: true,
        ..WriteOptions::default()
    };
    write_image(&out, &PathBuf::from(&args[1]), options).map_err(|err| err.to_string())?;
    seconds.sort_by(f64::total_cmp);
    println!("{:.4}", seconds[seconds.len() / 2]);
    Ok(())
}

fn denoise(image: &Image, params: &NlmParams) -> toolcup_denoise::Result<Vec<u8>> {
    let (w, h, src) = (image.width(), image.height(), image.as_bytes());
    let mut progress = |_| ControlFlow::Continue(());
    match image.layout() {
        ChannelLayout::Grey => nlm::denoise_grey(src, w, h, params, &mut progress),
        ChannelLayout::GreyAlpha => {
            let grey: Vec<u8> = src.iter().step_by(2).copied().collect();
            let out = nlm::denoise_grey(&grey, w, h, params, &mut progress)?;
            Ok(out
                .iter()
                .zip(src.chunks_exact(2))
                .flat_map(|(&g, p)| [g, p[1]])
                .collect())
        }
        ChannelLayout::Rgb => {
            nlm::denoise_colored(src, w, h, ColorLayout::Rgb, params, &mut progress)
        }
        ChannelLayout::Rgba => {
            nlm::denoise_colored(src, w, h, ColorLayout::Rgba, params, &mut progress)
        }
    }
}
