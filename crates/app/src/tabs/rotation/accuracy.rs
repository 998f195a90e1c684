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
        ui.label("Round trips q -> R -> q and R -> q -> R over seeded uniform random rotations.");
        ui.horizontal(|ui| {
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
        .map(|(k, &count)| egui_plot::Bar::new(k as f64, count as f64).name(q.histogram.label(k)))
        .collect();
    // As tall as the window has room for (no scrolling at the default
    // size), between 110 and 180 points.
    let height = (ui.available_height() - 8.0).clamp(110.0, 180.0);
    egui_plot::Plot::new("rotation_accuracy_histogram")
        .height(height)
        .x_axis_label("error bin (0 = exact; then 1e-18 ... 1e-14, four per decade)")
        .y_axis_label("rotations")
        .allow_zoom(false)
        .allow_drag(false)
        .allow_scroll(false)
        .show(ui, |plot| {
            plot.bar_chart(egui_plot::BarChart::new("q -> R -> q error", bars).width(0.9));
        });
}
