//! The scan recipe shared by `cli/releases_scan.rs` and the Releases tab's
//! scan view: the job that walks a folder (on the runner's blocking pool, as
//! it waits on the disk), and the error wording.

use std::path::PathBuf;

use toolcup_jobs::{JobHandle, JobSpec, Runner};
use toolcup_releases::scan::{Found, ScanOptions, find_pins};

/// The job's name and key: a new scan supersedes the one running.
pub const SCAN_JOB: &str = "releases scan";

/// Walks `root` on `jobs`, with progress ("N entries") and cancellation. The
/// error is one line naming the folder.
pub fn submit_scan(jobs: &Runner, root: PathBuf, options: ScanOptions) -> JobHandle<Found, String> {
    jobs.submit(JobSpec::blocking(SCAN_JOB).key(SCAN_JOB), move |ctx| {
        find_pins(&root, &options, &mut |p| {
            ctx.set_message(format!("{} entries", p.done));
            ctx.report(p.done, p.total)
        })
        .map_err(|e| e.to_string())
    })
}
