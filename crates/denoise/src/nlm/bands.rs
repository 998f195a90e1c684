//! Splitting a filter pass into row bands on rayon's pool, with progress and
//! cancellation between waves of bands.
//!
//! OpenCV cuts the rows into one stripe per task and restarts its running
//! sums at each stripe; the result does not depend on the cut because every
//! sum is an exact integer. Here each band is independent for the same reason.
//! The caller's thread reports progress after each wave (two bands per pool
//! thread), so a cancel takes effect within one wave.

use std::ops::{ControlFlow, Range};

use rayon::prelude::*;

use crate::Progress;
use crate::{Error, Result};

/// Rows per band.
const BAND_ROWS: usize = 48;

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
    let mut bands: Vec<(Range<usize>, &mut [u8])> = out
        .chunks_mut(BAND_ROWS * row_len)
        .enumerate()
        .map(|(i, rows)| {
            let start = i * BAND_ROWS;
            (start..(start + BAND_ROWS).min(height), rows)
        })
        .collect();
    let wave = 2 * rayon::current_num_threads().max(1);
    for group in bands.chunks_mut(wave) {
        group
            .par_iter_mut()
            .for_each(|(rows, band)| filter(rows.clone(), band));
        let rows: usize = group.iter().map(|(rows, _)| rows.len()).sum();
        sink.advance(rows as u64 * units_per_row)?;
    }
    Ok(())
}
