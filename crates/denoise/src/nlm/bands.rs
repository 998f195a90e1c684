//! Splitting a filter pass into row bands on rayon's pool, with progress
//! after every band and prompt cancellation.
//!
//! OpenCV cuts the rows into one stripe per task and restarts its running
//! sums at each stripe; the result does not depend on the cut because every
//! sum is an exact integer. Here each band is independent for the same reason.
//! Bands run as rayon tasks and report to the caller's thread, which calls the
//! progress callback (it need not be `Send`) after each band; when it says
//! stop, bands not yet started are skipped, so a cancel takes effect within
//! one band per thread.

use std::ops::{ControlFlow, Range};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc;

use crate::Progress;
use crate::{Error, Result};

/// Rows per band.
pub(crate) const BAND_ROWS: usize = 96;

/// Where a pass sits in the whole run's progress.
pub(crate) struct ProgressSink<'a> {
    /// The caller's callback.
    pub(crate) callback: &'a mut dyn FnMut(Progress) -> ControlFlow<()>,
    /// Work units done before this pass.
    pub(crate) done: u64,
    /// Work units of the whole run.
    pub(crate) total: u64,
}

impl ProgressSink<'_> {
    /// Reports `units` more done; `Err(Cancelled)` if the callback says stop.
    pub(crate) fn advance(&mut self, units: u64) -> Result<()> {
        self.done += units;
        match (self.callback)(Progress {
            done: self.done,
            total: self.total,
        }) {
            ControlFlow::Continue(()) => Ok(()),
            ControlFlow::Break(()) => Err(Error::Cancelled),
        }
    }
}

/// Runs `filter(rows, out_rows)` over all `height` rows in bands, in parallel.
/// `out` holds `row_len` bytes per row. Each row counts `units_per_row` units
/// of progress.
pub(crate) fn run_bands<F>(
    out: &mut [u8],
    height: usize,
    row_len: usize,
    units_per_row: u64,
    sink: &mut ProgressSink<'_>,
    filter: F,
) -> Result<()>
where
    F: Fn(Range<usize>, &mut [u8]) + Sync,
{
    sink.advance(0)?;
    let cancelled = AtomicBool::new(false);
    let (report, reports) = mpsc::channel::<usize>();
    let bands = out.chunks_mut(BAND_ROWS * row_len);
    let count = bands.len();
    let mut result = Ok(());
    rayon::in_place_scope(|scope| {
        for (i, band) in bands.enumerate() {
            let rows = i * BAND_ROWS..((i + 1) * BAND_ROWS).min(height);
            let (report, filter, cancelled) = (report.clone(), &filter, &cancelled);
            scope.spawn(move |_| {
                let done = if cancelled.load(Ordering::Relaxed) {
                    0
                } else {
                    filter(rows.clone(), band);
                    rows.len()
                };
                // The receiver outlives the scope; a failed send cannot happen.
                let _ = report.send(done);
            });
        }
        drop(report);
        for _ in 0..count {
            let Some(rows) = next_report(&reports) else {
                break;
            };
            if result.is_ok() && rows > 0 {
                result = sink.advance(rows as u64 * units_per_row);
                if result.is_err() {
                    cancelled.store(true, Ordering::Relaxed);
                }
            }
        }
    });
    result
}

/// Waits for the next band's report. On a pool thread, runs pending pool work
/// meanwhile (the bands may be queued right here); elsewhere it just blocks.
fn next_report(reports: &mpsc::Receiver<usize>) -> Option<usize> {
    loop {
        match reports.try_recv() {
            Ok(rows) => return Some(rows),
            Err(mpsc::TryRecvError::Disconnected) => return None,
            Err(mpsc::TryRecvError::Empty) => {}
        }
        if rayon::yield_now() != Some(rayon::Yield::Executed) {
            // Not on a pool thread, or nothing left to run here: every band
            // is running or done elsewhere, so a report will come.
            return reports.recv().ok();
        }
    }
}
