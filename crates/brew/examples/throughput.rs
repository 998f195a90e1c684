//! Parses and binds the manual's typical call N times (default 200 000) and
//! prints the time per call. Run under `/usr/bin/time -f "user %U s"` on a
//! busy machine to see CPU time rather than wall time:
//!
//!     cargo run --release -p toolcup-brew --example throughput -- 200000

use std::hint::black_box;
use std::time::Instant;

use toolcup_brew::{Preset, Signature, bind_call};

fn main() {
    let n: u32 = std::env::args()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(200_000);
    let sig = Signature::preset(Preset::Current);
    let call = r#"brew_coffee("Latte", "vanilla syrup", strength=3, milk_amount=2, milk_type="oat", temperature="extra hot")"#;
    let start = Instant::now();
    let mut bound = 0u32;
    for _ in 0..n {
        if bind_call(black_box(&sig), black_box(call)).is_ok() {
            bound += 1;
        }
    }
    let elapsed = start.elapsed();
    println!(
        "{bound} of {n} calls bound; {:.2} µs per call (wall clock)",
        elapsed.as_secs_f64() * 1e6 / f64::from(n)
    );
}
