//! 10,000 jobs with random panics, errors, cancels and supersessions: every
//! job ends exactly once and nothing hangs. In its own test binary because it
//! silences the panic hook.

use std::collections::HashMap;
use std::sync::Arc;
use std::time::{Duration, Instant};

use parking_lot::Mutex;
use toolcup_jobs::{JobEvent, JobSpec, JobState, Outcome, Runner, RunnerConfig};

/// A small deterministic generator (xorshift64*), so a failure replays.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }
}

#[test]
fn ten_thousand_random_jobs_each_end_exactly_once() {
    std::panic::set_hook(Box::new(|_| {}));
    let runner = Runner::with_config(RunnerConfig {
        cpu_threads: 2,
        max_blocking_threads: 16,
        ..RunnerConfig::default()
    });
    let ends: Arc<Mutex<HashMap<u64, (u32, JobState)>>> = Arc::default();
    let ends2 = Arc::clone(&ends);
    runner.on_event(move |event| {
        let JobEvent::Finished(info) = event else {
            return;
        };
        let mut ends = ends2.lock();
        let entry = ends.entry(info.id.get()).or_insert((0, info.state.clone()));
        entry.0 += 1;
    });

    let mut rng = Rng(0x5eed_cafe);
    let n = 10_000;
    let mut handles = Vec::with_capacity(n);
    for i in 0..n {
        let action = rng.next() % 6;
        let spin = rng.next() % 50;
        let spec = match rng.next() % 4 {
            0 => JobSpec::blocking(format!("job {i}")),
            1 => JobSpec::cpu(format!("job {i}")).key(format!("key {}", rng.next() % 8)),
            _ => JobSpec::cpu(format!("job {i}")),
        };
        let handle = runner.submit(spec, move |ctx| {
            for step in 0..spin {
                if ctx.is_cancelled() {
                    return Err("stopped".to_owned());
                }
                ctx.set_progress(step, spin);
                std::hint::black_box(step);
            }
            match action {
                0 => panic!("job {i} panicked"),
                1 => Err(format!("job {i} failed")),
                _ => Ok(i),
            }
        });
        if rng.next().is_multiple_of(5) {
            handle.cancel();
        }
        handles.push((i, action, handle));
    }

    let deadline = Instant::now() + Duration::from_secs(120);
    let mut counts = HashMap::new();
    for (i, action, handle) in handles {
        let left = deadline.saturating_duration_since(Instant::now());
        let id = handle.id().get();
        let outcome = handle
            .wait_timeout(left)
            .unwrap_or_else(|| panic!("job {i} did not end in time"));
        let kind = match outcome {
            Outcome::Succeeded(v) => {
                assert_eq!(v, i);
                assert!(action >= 2, "job {i} should not have succeeded");
                "succeeded"
            }
            Outcome::Failed(msg) => {
                assert_eq!(msg, format!("job {i} failed"));
                assert_eq!(action, 1);
                "failed"
            }
            Outcome::Panicked(msg) => {
                assert_eq!(msg, format!("job {i} panicked"));
                assert_eq!(action, 0);
                "panicked"
            }
            Outcome::Cancelled => "cancelled",
        };
        *counts.entry(kind).or_insert(0) += 1;
        let _ = id;
    }
    // Every end has been announced (the listener runs right after the result
    // is stored, so allow it a moment).
    let settle = Instant::now();
    while ends.lock().len() < n && settle.elapsed() < Duration::from_secs(10) {
        std::thread::sleep(Duration::from_millis(5));
    }
    let ends = ends.lock();
    assert_eq!(ends.len(), n, "every job ended");
    assert!(
        ends.values().all(|(count, _)| *count == 1),
        "no job ended twice"
    );
    assert_eq!(runner.active_count(), 0);
    for kind in ["succeeded", "failed", "panicked", "cancelled"] {
        assert!(
            counts.get(kind).copied().unwrap_or(0) > 0,
            "no job {kind}: {counts:?}"
        );
    }
    let _ = std::panic::take_hook();
}
