//! The jobs panel: every running and recent job with its progress and a
//! cancel button.

use egui::{Color32, RichText};
use toolcup_jobs::{JobInfo, JobState, Runner};

/// The colour that means a state everywhere in the window.
pub fn state_color(state: &JobState, visuals: &egui::Visuals) -> Color32 {
    match state {
        JobState::Queued => visuals.weak_text_color(),
        JobState::Running => visuals.hyperlink_color,
        JobState::Succeeded => Color32::from_rgb(0x2e, 0x9e, 0x44),
        JobState::Cancelled => visuals.warn_fg_color,
        JobState::Failed(_) | JobState::Panicked(_) => visuals.error_fg_color,
    }
}

/// Draw the jobs panel for `runner`: newest first, unfinished jobs with a
/// progress bar and a `Cancel <name>` button, and a button to clear the
/// finished ones.
pub fn jobs_panel_ui(ui: &mut egui::Ui, runner: &Runner) {
    let jobs = runner.jobs();
    ui.horizontal(|ui| {
        ui.heading("Jobs");
        let finished = jobs.iter().filter(|j| j.state.is_finished()).count();
        if ui
            .add_enabled(finished > 0, egui::Button::new("Clear finished"))
            .on_hover_text("Forget the jobs that have ended")
            .clicked()
        {
            runner.clear_history();
        }
    });
    ui.separator();
    if jobs.is_empty() {
        ui.weak("No jobs yet. Long work from every tab shows up here.");
        return;
    }
    egui::ScrollArea::vertical()
        .auto_shrink([false, true])
        .show(ui, |ui| {
            for job in jobs.iter().rev() {
                job_row_ui(ui, runner, job);
                ui.add_space(4.0);
            }
        });
}

/// What a row says of the earlier jobs with its key that it replaced (a
/// slider drag queues a preview per step; only the last one is listed).
pub fn replaced_text(replaced: u64) -> String {
    format!("replaced {replaced} earlier")
}

fn job_row_ui(ui: &mut egui::Ui, runner: &Runner, job: &JobInfo) {
    // Wrapped, so a long name or a running job's extra button moves to the
    // next line instead of widening the panel past the window.
    ui.horizontal_wrapped(|ui| {
        // Whole words move to the next line; a name too long for the panel
        // is cut with an ellipsis (the hover shows it whole).
        ui.add(egui::Label::new(RichText::new(&job.name).strong()).truncate());
        let color = state_color(&job.state, ui.visuals());
        let state = RichText::new(job.state.label()).color(color);
        ui.add(egui::Label::new(state).extend());
        let elapsed = RichText::new(format!("{:.1} s", job.elapsed.as_secs_f64())).weak();
        ui.add(egui::Label::new(elapsed).extend());
        if job.replaced > 0 {
            ui.add(egui::Label::new(RichText::new(replaced_text(job.replaced)).weak()).extend());
        }
        if !job.state.is_finished() {
            let cancel = ui
                .add_enabled(!job.cancel_requested, egui::Button::new("Cancel"))
                .on_hover_text(format!("Cancel {}", job.name));
            // The accessible name says which job, for screen readers and tests.
            let label = format!("Cancel {}", job.name);
            cancel
                .widget_info(|| egui::WidgetInfo::labeled(egui::Role::Button, true, label.clone()));
            if cancel.clicked() {
                runner.cancel(job.id);
            }
        }
    });
    if job.state == JobState::Running {
        let p = job.progress;
        match p.fraction() {
            Some(f) => {
                ui.add(egui::ProgressBar::new(f).text(format!("{}/{}", p.done, p.total)));
            }
            // No fraction to show: the stepping indicator, not an animated
            // bar, which would redraw the window on every frame.
            None => {
                ui.horizontal(|ui| {
                    crate::busy::indicator(ui);
                    ui.weak("running");
                });
            }
        }
    }
    let detail = match &job.state {
        JobState::Failed(msg) | JobState::Panicked(msg) => Some(msg.as_str()),
        _ if !job.message.is_empty() => Some(job.message.as_str()),
        _ => None,
    };
    if let Some(detail) = detail {
        ui.add(egui::Label::new(RichText::new(detail).small()).wrap());
    }
}
