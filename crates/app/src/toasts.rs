//! Short notices in the corner of the window when a job ends.
//!
//! Failures always raise a toast; a success only when the job ran long
//! enough (one second) that the user may have looked away. Cancellations
//! (including superseded previews) stay quiet: the user asked for them.

use std::sync::Arc;
use std::time::{Duration, Instant};

use parking_lot::Mutex;
use toolcup_jobs::{JobEvent, JobState, Runner};

/// How long a toast stays.
const SHOW_FOR: Duration = Duration::from_secs(5);
/// The shortest job whose success is worth a toast.
const WORTH_A_TOAST: Duration = Duration::from_secs(1);

/// What a toast says.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Toast {
    /// The text, for example "Brew Latte: done in 4.2 s".
    pub text: String,
    /// Whether it reports a failure.
    pub failed: bool,
    shown_at: Instant,
}

/// The toasts of a window, fed by the runner's events.
#[derive(Clone, Default)]
pub struct Toasts {
    items: Arc<Mutex<Vec<Toast>>>,
}

impl Toasts {
    /// Listen to `runner` and keep a toast for every job end worth one.
    pub fn listen(runner: &Runner) -> Self {
        let toasts = Toasts::default();
        let items = Arc::clone(&toasts.items);
        runner.on_event(move |event| {
            let JobEvent::Finished(info) = event else {
                return;
            };
            let (text, failed) = match &info.state {
                JobState::Failed(msg) => (format!("{} failed: {msg}", info.name), true),
                JobState::Panicked(msg) => (format!("{} crashed: {msg}", info.name), true),
                JobState::Succeeded if info.elapsed >= WORTH_A_TOAST => (
                    format!("{}: done in {:.1} s", info.name, info.elapsed.as_secs_f64()),
                    false,
                ),
                _ => return,
            };
            items.lock().push(Toast {
                text,
                failed,
                shown_at: Instant::now(),
            });
        });
        toasts
    }

    /// Raise a warning toast that no job raised, for example for a dropped
    /// file no tab opens.
    pub fn warn(&self, text: impl Into<String>) {
        self.items.lock().push(Toast {
            text: text.into(),
            failed: true,
            shown_at: Instant::now(),
        });
    }

    /// The toasts showing now.
    pub fn current(&self) -> Vec<Toast> {
        let mut items = self.items.lock();
        items.retain(|t| t.shown_at.elapsed() < SHOW_FOR);
        items.clone()
    }

    /// Draw the current toasts in the bottom-right corner, each with a close
    /// button, and schedule a repaint for when the oldest expires.
    pub fn ui(&self, ctx: &egui::Context) {
        let current = self.current();
        if current.is_empty() {
            return;
        }
        let mut dismissed = None;
        egui::Area::new(egui::Id::unique("toasts"))
            .anchor(egui::Align2::RIGHT_BOTTOM, egui::vec2(-12.0, -40.0))
            .order(egui::Order::Foreground)
            .show(ctx, |ui| {
                for (index, toast) in current.iter().enumerate() {
                    egui::Frame::popup(ui.style()).show(ui, |ui| {
                        ui.set_max_width(360.0);
                        ui.horizontal(|ui| {
                            let visuals = ui.visuals();
                            let color = if toast.failed {
                                visuals.error_fg_color
                            } else {
                                visuals.text_color()
                            };
                            ui.add(
                                egui::Label::new(egui::RichText::new(&toast.text).color(color))
                                    .wrap(),
                            );
                            if ui.small_button("×").on_hover_text("Dismiss").clicked() {
                                dismissed = Some(index);
                            }
                        });
                    });
                }
            });
        if let Some(index) = dismissed {
            let text = &current[index].text;
            self.items.lock().retain(|t| &t.text != text);
        }
        if let Some(oldest) = current.iter().map(|t| t.shown_at).min() {
            ctx.request_repaint_after(SHOW_FOR.saturating_sub(oldest.elapsed()));
        }
    }
}
