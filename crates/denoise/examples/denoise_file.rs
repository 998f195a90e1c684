//! Filters one image file and reports PSNR/SSIM against the input.
//!
//! `cargo run -p toolcup-denoise --example denoise_file -- IN.png OUT.png [gaussian|median|min|max] [K]`

use std::ops::ControlFlow;
use std::path::PathBuf;

use toolcup_denoise::{Filter, KernelSize, WriteOptions, psnr, read_image, ssim, write_image};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let usage = "usage: denoise_file IN OUT [gaussian|median|min|max] [K]";
    let input = PathBuf::from(args.next().ok_or(usage)?);
    let output = PathBuf::from(args.next().ok_or(usage)?);
    let filter: Filter = args.next().as_deref().unwrap_or("median").parse()?;
    let kernel: KernelSize = args.next().as_deref().unwrap_or("5").parse()?;

    let image = read_image(&input)?;
    let result = filter.apply(&image, kernel, &mut |p| {
        eprint!("\r{:3.0}%", p.fraction() * 100.0);
        ControlFlow::Continue(())
    })?;
    eprintln!();
    write_image(&result, &output, WriteOptions::default())?;
    println!(
        "{filter} k={kernel}: {} -> {} ({}), PSNR {:.2} dB, SSIM {:.4} against the input",
        input.display(),
        output.display(),
        result.shape(),
        psnr(&result, &image)?,
        ssim(&result, &image)?
    );
    Ok(())
}
