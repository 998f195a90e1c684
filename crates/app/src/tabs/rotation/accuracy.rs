//! The accuracy experiment in the tab: a job on the shared runner, its
//! progress and cancel button, and the report: the command line's lines
//! (from the recipe) and a histogram of the q -> R -> q errors.

use toolcup_jobs::{JobHandle, JobSpec, Outcome, Runner};
use toolcup_rotation::RotationError;
use toolcup_rotation::accuracy::{AccuracyReport, Progress, round_trip_experiment};

use super::views::ERROR_COLOR;
use crate::recipes::rotation::{ACCURACY_SEED, ROUND_TRIPS, report_heading, stats_line};

/// The experiment's job and its last result.
#[derive(Default)]
pub(super) struct Accuracy {
    job: Option<JobHandle<AccuracyReport, RotationError>>,
    report: Option<AccuracyReport>,
    error: Option<String>,
}

impl Accuracy {
    /// Whether the experiment is running.
    pub(super) fn is_running(&self) -> bool {
        self.job.is_some()
    }

    /// Starts the experiment on `samples` rotations (superseding a running
    /// one).
    pub(super) fn start(&mut self, jobs: &Runner, samples: u64) {
        self.error = None;
        self.job = Some(jobs.submit(
            JobSpec::cpu("rotation accuracy").key("rotation-accuracy"),
            move |ctx| {
                round_trip_experiment(samples, ACCURACY_SEED, &mut |p: Progress| {
                    ctx.report(p.done, p.total)
                })
            },
        ));
    }

    /// Cancels a running experiment; returns whether one was running.
    pub(super) fn cancel(&self) -> bool {
        match &self.job {
            Some(handle) => {
                handle.cancel();
                true
            }
            None => false,
        }
    }

    /// Takes the job's result when it has ended.
    pub(super) fn poll(&mut self) {
        let Some(handle) = &self.job else { return };
        let Some(outcome) = handle.try_take() else {
            return;
        };
        self.job = None;
        match outcome {
            Outcome::Succeeded(report) => {
                self.report = Some(report);
                self.error = None;
            }
            Outcome::Failed(e) => self.error = Some(e.to_string()),
            Outcome::Cancelled => self.error = Some("cancelled".to_string()),
            Outcome::Panicked(m) => self.error = Some(format!("panicked: {m}")),
        }
    }

    /// The experiment's controls and report.
    pub(super) fn ui(&mut self, ui: &mut egui::Ui, jobs: &Runner, samples: &mut u64) {
        ui.heading("Accuracy experiment");
        ui.horizontal_wrapped(|ui| {
            ui.label(
                "Round trips q -> R -> q and R -> q -> R over seeded uniform random rotations.",
            );
            let l = ui.label("Samples");
            ui.add(
                egui::DragValue::new(samples)
                    .range(1..=100_000_000)
                    .speed(1000.0),
            )
            .labelled_by(l.id);
            match &self.job {
                None => {
                    if ui.button("Run accuracy experiment").clicked() {
                        self.start(jobs, *samples);
                    }
                }
                Some(handle) => {
                    let fraction = handle.progress().fraction().unwrap_or(0.0);
                    ui.add(
                        egui::ProgressBar::new(fraction)
                            .show_percentage()
                            .desired_width(160.0),
                    );
                    if ui.button("Cancel").clicked() {
                        handle.cancel();
                    }
                }
            }
        });
        if let Some(e) = &self.error {
            ui.colored_label(ERROR_COLOR, format!("Accuracy experiment: {e}"));
        }
        if let Some(report) = &self.report {
            report_ui(ui, report);
        }
    }
}

/// The report's lines, as `toolcup rotation accuracy` prints them, and the
/// histogram of the q -> R -> q errors.
fn report_ui(ui: &mut egui::Ui, report: &AccuracyReport) {
    let [count, norm] = report_heading(report);
    ui.label(format!("{count}; {norm}"));
    let stats = [&report.quaternion_round_trip, &report.matrix_round_trip];
    for (title, s) in ROUND_TRIPS.iter().zip(stats) {
        ui.label(format!("{title}: {}", stats_line(s)));
    }
    let q = &report.quaternion_round_trip;
    let bars: Vec<egui_plot::Bar> = q
        .histogram
        .counts
        .iter()
        .enumerate()
        .map(|(k, &count)| {
            egui_plot::Bar::new(bin_position(k, q.histogram.counts.len()), count as f64)
                .width(0.9 * BIN_WIDTH)
                .name(q.histogram.label(k))
        })
        .collect();
    // As tall as the window has room for (no scrolling at the default
    // size), between 110 and 180 points.
    let height = (ui.available_height() - 8.0).clamp(110.0, 180.0);
    egui_plot::Plot::new("rotation_accuracy_histogram")
        .height(height)
        .x_axis_label("q -> R -> q error |q - q'|, four bins per power of ten (0: exact)")
        .y_axis_label("rotations")
        .x_grid_spacer(|input| {
            let (low, high) = input.bounds;
            let mut marks = vec![egui_plot::GridMark {
                value: ZERO_BIN_AT,
                step_size: 1.0,
            }];
            // Only the powers of ten the bins span: left of 1e-18 stands
            // the bin of exact zeros, not smaller errors.
            let first = (low.ceil() as i32).max(-18);
            let last = (high.floor() as i32).min(-14);
            marks.extend((first..=last).map(|e| egui_plot::GridMark {
                value: f64::from(e),
                step_size: 1.0,
            }));
            marks
        })
        .x_axis_formatter(|mark, _| exponent_label(mark.value))
        .allow_zoom(false)
        .allow_drag(false)
        .allow_scroll(false)
        .show(ui, |plot| {
            plot.bar_chart(egui_plot::BarChart::new("q -> R -> q error", bars));
        });
}

/// Width of one histogram bin on the plot's axis: a quarter of a power of
/// ten (the axis is log10 of the error).
const BIN_WIDTH: f64 = 0.25;

/// Where the bin of exact zeros stands, left of the smallest power of ten.
const ZERO_BIN_AT: f64 = -18.75;

/// The centre of histogram bin `k` of `bins` on the log10 axis: bin 0 exact
/// zeros, bin 1 errors below 1e-18, bins 2.. a quarter decade each from
/// 1e-18, the last one errors from 1e-14 up.
fn bin_position(k: usize, bins: usize) -> f64 {
    match k {
        0 => ZERO_BIN_AT,
        1 => -18.0 - BIN_WIDTH / 2.0,
        k if k + 1 == bins => -14.0 + BIN_WIDTH / 2.0,
        k => -18.0 + (k - 2) as f64 * BIN_WIDTH + BIN_WIDTH / 2.0,
    }
}

/// An axis label: `1e-16` at whole powers of ten (the exponent form the
/// tab's numbers use; egui's default font has no superscript digits), `0`
/// at the exact bin.
fn exponent_label(value: f64) -> String {
    if (value - ZERO_BIN_AT).abs() < 1e-9 {
        return "0".to_string();
    }
    if (value - value.round()).abs() > 1e-9 {
        return String::new();
    }
    format!("1e{}", value.round() as i64)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_axis_reads_in_powers_of_ten() {
        assert_eq!(exponent_label(-16.0), "1e-16");
        assert_eq!(exponent_label(-18.0), "1e-18");
        assert_eq!(exponent_label(ZERO_BIN_AT), "0");
        assert_eq!(exponent_label(-16.5), "");
        // Bins sit in order, a quarter decade apart, between 1e-18 and 1e-14.
        let bins = 19;
        let positions: Vec<f64> = (0..bins).map(|k| bin_position(k, bins)).collect();
        assert!(positions.windows(2).all(|w| w[1] > w[0]));
        assert_eq!(bin_position(2, bins), -17.875);
        assert_eq!(bin_position(17, bins), -14.125);
        assert_eq!(bin_position(18, bins), -13.875);
    }
}
