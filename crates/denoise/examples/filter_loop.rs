//! Times one filter on one image many times in one process, the way a
//! Python script times repeated `cv2` calls, and prints each run.
//!
//! `cargo run --release -p toolcup-denoise --example filter_loop -- IN FILTER K [RUNS] [OUT]`
//!
//! With OUT, the last call's result is written there (after the timing), so
//! that the output of the code timed can be compared with OpenCV's.
//!
//! The first call (which also starts the thread pool and meets the first
//! page faults of the allocator) is printed apart and left out of the median;
//! `scripts/compare-opencv` reads the runs it prints after `runs:`.

use std::path::Path;
use std::time::Instant;

use toolcup_denoise::{Filter, KernelSize, WriteOptions, no_progress, read_image, write_image};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let usage = "usage: filter_loop IN FILTER K [RUNS] [OUT]";
    let image = read_image(Path::new(&args.next().ok_or(usage)?))?;
    let filter: Filter = args.next().ok_or(usage)?.parse()?;
    let kernel: KernelSize = args.next().ok_or(usage)?.parse()?;
    let runs: usize = args.next().as_deref().unwrap_or("20").parse()?;
    let out_path = args.next();
    let time_once = || -> Result<f64, toolcup_denoise::Error> {
        let started = Instant::now();
        let out = filter.apply(&image, kernel, &mut no_progress)?;
        let ms = started.elapsed().as_secs_f64() * 1e3;
        drop(out);
        Ok(ms)
    };
    let first = time_once()?;
    let mut times = (0..runs.max(1))
        .map(|_| time_once())
        .collect::<Result<Vec<f64>, _>>()?;
    let shown: Vec<String> = times.iter().map(|t| format!("{t:.1}")).collect();
    times.sort_by(f64::total_cmp);
    println!(
        "{filter} k={kernel}: median {:.2} ms, fastest {:.2} ms, first call {first:.1} ms; runs: {}",
        times[times.len() / 2],
        times[0],
        shown.join(" ")
    );
    if let Some(path) = out_path {
        let out = filter.apply(&image, kernel, &mut no_progress)?;
        write_image(&out, Path::new(&path), WriteOptions::default())?;
    }
    Ok(())
}
