//! The round-trip accuracy experiment: how far `q → R → q` and `R → q → R`
//! drift over many random rotations.

use std::ops::ControlFlow;

use crate::error::{Result, RotationError};
use crate::kernel::{quaternion_to_rows, rows_to_quaternion};
use crate::sampling::RotationSampler;

/// Most samples one experiment may ask for.
pub const MAX_SAMPLES: u64 = 1_000_000_000;

/// How many samples pass between two progress reports.
const REPORT_EVERY: u64 = 1 << 16;

/// A progress report of a long operation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Progress {
    /// Samples done.
    pub done: u64,
    /// Samples asked for.
    pub total: u64,
}

/// Histogram of errors on a logarithmic scale: bin 0 counts exact zeros,
/// bin `k ≥ 1` counts errors in `[edges[k-1], edges[k])`, the last bin the
/// rest.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct ErrorHistogram {
    /// Upper edges of the non-zero bins: `1e-18 · 10^(k/4)` for `k = 0..=16`
    /// (1e-18 to 1e-14); errors at or above 1e-14 fall in the last bin.
    pub edges: Vec<f64>,
    /// Counts: `counts[0]` exact zeros, then one per edge, then overflow.
    pub counts: Vec<u64>,
}

impl ErrorHistogram {
    fn new() -> Self {
        let edges: Vec<f64> = (0..=16)
            .map(|k| 1e-18 * 10f64.powf(k as f64 / 4.0))
            .collect();
        let counts = vec![0; edges.len() + 2];
        Self { edges, counts }
    }

    fn add(&mut self, e: f64) {
        let bin = if e == 0.0 {
            0
        } else {
            1 + self.edges.iter().take_while(|&&edge| e >= edge).count()
        };
        self.counts[bin] += 1;
    }

    /// A label for bin `k`, such as `"[1.0e-16, 1.8e-16)"`.
    pub fn label(&self, k: usize) -> String {
        match k {
            0 => "0".to_string(),
            1 => format!("(0, {:.1e})", self.edges[0]),
            k if k <= self.edges.len() => {
                format!("[{:.1e}, {:.1e})", self.edges[k - 2], self.edges[k - 1])
            }
            _ => format!(">= {:.1e}", self.edges[self.edges.len() - 1]),
        }
    }
}

/// Statistics of one error measure.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct ErrorStats {
    /// Largest error seen.
    pub max: f64,
    /// Mean error.
    pub mean: f64,
    /// Count of NaN results (must be 0).
    pub nan: u64,
    /// Distribution of errors.
    pub histogram: ErrorHistogram,
}

impl ErrorStats {
    fn new() -> Self {
        Self {
            max: 0.0,
            mean: 0.0,
            nan: 0,
            histogram: ErrorHistogram::new(),
        }
    }

    fn add(&mut self, e: f64) {
        if e.is_nan() {
            self.nan += 1;
            return;
        }
        self.max = self.max.max(e);
        self.mean += e;
        self.histogram.add(e);
    }
}

/// The result of [`round_trip_experiment`].
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct AccuracyReport {
    /// Rotations tried.
    pub samples: u64,
    /// Seed of the random rotations.
    pub seed: u64,
    /// `‖q − q'‖₂` for `q → R → q'`, both in canonical sign (a wrong sign
    /// shows as an error near 2).
    pub quaternion_round_trip: ErrorStats,
    /// `‖R − R'‖_F` for `R → q → R'`.
    pub matrix_round_trip: ErrorStats,
    /// Largest `|‖q'‖ − 1|` of the converted quaternions.
    pub max_norm_error: f64,
}

/// Runs `samples` seeded uniform random rotations through both round trips.
/// `progress` is called every 65,536 samples and at the end; returning
/// `ControlFlow::Break` stops the run.
///
/// # Errors
/// [`RotationError::InvalidSampleCount`] outside `1..=MAX_SAMPLES`;
/// [`RotationError::Cancelled`] when `progress` breaks.
///
/// ```
/// use std::ops::ControlFlow;
/// use toolcup_rotation::accuracy::round_trip_experiment;
/// let report = round_trip_experiment(1000, 42, &mut |_| ControlFlow::Continue(()))?;
/// assert!(report.quaternion_round_trip.max < 1e-15);
/// # Ok::<(), toolcup_rotation::RotationError>(())
/// ```
pub fn round_trip_experiment(
    samples: u64,
    seed: u64,
    progress: &mut dyn FnMut(Progress) -> ControlFlow<()>,
) -> Result<AccuracyReport> {
    if samples == 0 || samples > MAX_SAMPLES {
        return Err(RotationError::InvalidSampleCount {
            value: samples,
            max: MAX_SAMPLES,
        });
    }
    let mut sampler = RotationSampler::new(seed);
    let mut quaternion_round_trip = ErrorStats::new();
    let mut matrix_round_trip = ErrorStats::new();
    let mut max_norm_error: f64 = 0.0;
    for done in 0..samples {
        if done % REPORT_EVERY == 0
            && done > 0
            && progress(Progress {
                done,
                total: samples,
            })
            .is_break()
        {
            return Err(RotationError::Cancelled {
                done,
                total: samples,
            });
        }
        let q: [f64; 4] = sampler.next_quaternion().into();
        let r = quaternion_to_rows(q);
        let q2 = rows_to_quaternion(&r);
        quaternion_round_trip.add(quaternion_distance(q, q2));
        let n2 = q2.iter().map(|v| v * v).sum::<f64>().sqrt();
        max_norm_error = max_norm_error.max((n2 - 1.0).abs());
        // The matrix round trip starts from the rounded matrix r.
        let r2 = quaternion_to_rows(q2);
        matrix_round_trip.add(frobenius_distance(&r, &r2));
    }
    let _ = progress(Progress {
        done: samples,
        total: samples,
    });
    quaternion_round_trip.mean /= samples as f64;
    matrix_round_trip.mean /= samples as f64;
    Ok(AccuracyReport {
        samples,
        seed,
        quaternion_round_trip,
        matrix_round_trip,
        max_norm_error,
    })
}

/// `‖a − b‖₂` of two scalar-first quaternions (no sign folding).
pub fn quaternion_distance(a: [f64; 4], b: [f64; 4]) -> f64 {
    a.iter()
        .zip(&b)
        .map(|(x, y)| (x - y) * (x - y))
        .sum::<f64>()
        .sqrt()
}

/// Frobenius norm of the difference of two matrices.
pub fn frobenius_distance(a: &[[f64; 3]; 3], b: &[[f64; 3]; 3]) -> f64 {
    let mut s = 0.0;
    for i in 0..3 {
        for j in 0..3 {
            let d = a[i][j] - b[i][j];
            s += d * d;
        }
    }
    s.sqrt()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refuses_bad_counts_and_stops_on_cancel() {
        let mut go = |_: Progress| ControlFlow::Continue(());
        assert!(round_trip_experiment(0, 1, &mut go).is_err());
        let mut calls = 0;
        let mut stop = |_: Progress| {
            calls += 1;
            ControlFlow::Break(())
        };
        let r = round_trip_experiment(200_000, 1, &mut stop);
        assert_eq!(
            r,
            Err(RotationError::Cancelled {
                done: 65_536,
                total: 200_000
            })
        );
        assert_eq!(calls, 1);
    }

    #[test]
    fn histogram_counts_every_sample() {
        let mut go = |_: Progress| ControlFlow::Continue(());
        let r = round_trip_experiment(5000, 9, &mut go).expect("runs");
        let total: u64 = r.quaternion_round_trip.histogram.counts.iter().sum();
        assert_eq!(total, 5000);
        let h = &r.quaternion_round_trip.histogram;
        assert_eq!(h.label(0), "0");
        assert_eq!(h.label(h.counts.len() - 1), ">= 1.0e-14");
    }
}
