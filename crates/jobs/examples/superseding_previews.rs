//! A slider dragged through five values: each value submits a "preview" job
//! under the same key, so each new one cancels the one before, and only the
//! last value's preview runs to the end. Progress is polled as a window would.
//!
//! `cargo run -p toolcup-jobs --example superseding_previews`

use std::time::Duration;

use toolcup_jobs::{JobSpec, Outcome, Runner};

fn main() {
    let runner = Runner::new();
    let mut handles = Vec::new();
    for value in 1..=5u64 {
        let handle = runner.submit(
            JobSpec::cpu(format!("preview {value}")).key("preview"),
            move |ctx| {
                for step in 1..=20 {
                    if ctx.is_cancelled() {
                        return Err(format!("preview {value} was superseded"));
                    }
                    std::thread::sleep(Duration::from_millis(5));
                    ctx.set_progress(step, 20);
                }
                Ok(value * value)
            },
        );
        handles.push((value, handle));
        // The user keeps dragging: a little later, the next value.
        std::thread::sleep(Duration::from_millis(15));
    }
    let (_, last) = handles.pop().expect("five previews");
    // Poll as a window does each frame, until the last preview ends.
    while !last.is_finished() {
        let p = last.progress();
        println!("preview 5: {}/{}", p.done, p.total);
        std::thread::sleep(Duration::from_millis(20));
    }
    for (value, handle) in handles {
        match handle.wait() {
            Outcome::Cancelled => println!("preview {value}: cancelled (superseded)"),
            other => println!("preview {value}: {other:?}"),
        }
    }
    match last.wait() {
        Outcome::Succeeded(v) => println!("preview 5: done, {v}"),
        other => println!("preview 5: {other:?}"),
    }
}
