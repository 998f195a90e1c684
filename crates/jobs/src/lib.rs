//! The shared job runner of Toolcup: the one place where threads live.
//!
//! Two kinds of work run on two separate pools:
//!
//! - [`JobKind::Cpu`] jobs run on a fixed pool with one thread per core;
//! - [`JobKind::Blocking`] jobs (network, timers, waiting on a machine) run on a
//!   separate pool that grows on demand up to a bound and shrinks when idle,
//!   so waiting never starves computing and computing never waits for a free
//!   waiter.
//!
//! A job is a closure that receives a [`JobContext`] to report progress and to
//! check for cancellation. Submitting it returns a [`JobHandle`] that gives the
//! job's state and progress, cancels it, polls for its result without blocking
//! (for a UI) or waits for it (for a command line).
//!
//! Every job ends exactly once, in one of four ways ([`Outcome`]): it
//! succeeded, failed with its error, was cancelled, or panicked (with the
//! panic message). A panic is caught: it never takes a worker away and never
//! leaves a waiter hanging. A job whose cancellation was requested before it
//! finished ends as cancelled and its result is dropped.
//!
//! Jobs submitted with a key supersede each other: a new job with the key of
//! a queued or running job cancels the older one (latest wins), which is what
//! a preview recomputed while a slider moves needs.
//!
//! ```
//! use toolcup_jobs::{JobSpec, Outcome, Runner};
//!
//! let runner = Runner::new();
//! let handle = runner.submit(JobSpec::cpu("sum"), |ctx| {
//!     let mut sum = 0u64;
//!     for i in 0..100u64 {
//!         if ctx.is_cancelled() {
//!             return Err("stopped");
//!         }
//!         sum += i;
//!         ctx.set_progress(i + 1, 100);
//!     }
//!     Ok(sum)
//! });
//! assert!(matches!(handle.wait(), Outcome::Succeeded(4950)));
//! ```

mod job;
mod pool;
mod priority;
mod runner;

pub use job::{JobContext, JobHandle, JobId, JobInfo, JobKind, JobState, Outcome, Progress};
pub use runner::{JobEvent, JobSpec, Runner, RunnerConfig};
