//! How the window shows that work is going on without redrawing all the
//! time.
//!
//! egui's [`egui::Spinner`] (and an animated [`egui::ProgressBar`]) asks for
//! a new frame on every frame while it is visible. On software OpenGL (a
//! virtual machine, remote desktop, Mesa's llvmpipe) a frame of this window
//! costs 80-90 ms of CPU, so a spinner shown while a preview computes kept
//! the UI redrawing back to back and took most of the cores from the
//! preview's background-priority workers: measured with
//! `frame_times --on-demand` on a 12-megapixel non-local-means preview, 17-21 s
//! in the window against 5.7 s with the pool at normal priority and 2.8 s on
//! the command line. Everything that animates while a job runs here instead
//! moves in steps of [`ACTIVITY_FRAME`], which bounds the UI's share of the
//! machine whatever a frame costs.

use std::time::Duration;

use egui::{Color32, Response, Role, Sense, Ui, WidgetInfo, vec2};

/// How often the window redraws while work is going on and nobody touches
/// it: four times a second. Job progress, the busy indicator and the jobs
/// panel's bars move at this rate; input still redraws at once.
pub const ACTIVITY_FRAME: Duration = Duration::from_millis(250);

/// Dots around the busy indicator's ring; one turn takes
/// `DOTS * ACTIVITY_FRAME` (two seconds).
const DOTS: usize = 8;

/// A small ring of dots, one lit, that steps round every
/// [`ACTIVITY_FRAME`]: egui's spinner without its redraw on every frame.
/// Screen readers see a progress indicator, as for egui's spinner.
pub fn indicator(ui: &mut Ui) -> Response {
    let size = ui.style().spacing.interact_size.y;
    let (rect, response) = ui.allocate_exact_size(vec2(size, size), Sense::hover());
    response.widget_info(|| WidgetInfo::new(Role::ProgressIndicator));
    if ui.is_rect_visible(rect) {
        let step = ACTIVITY_FRAME.as_secs_f64();
        let time = ui.input(|i| i.time);
        // `time` is non-negative and finite (seconds since the app started).
        let lit = ((time / step) as u64 % DOTS as u64) as usize;
        let strong = ui.visuals().strong_text_color();
        let faint = ui.visuals().weak_text_color().gamma_multiply(0.5);
        let radius = rect.height() * 0.5 - 3.0;
        for i in 0..DOTS {
            let angle = i as f32 / DOTS as f32 * std::f32::consts::TAU;
            let centre = rect.center() + radius * vec2(angle.cos(), angle.sin());
            let (colour, r): (Color32, f32) = if i == lit {
                (strong, 2.5)
            } else {
                (faint, 1.5)
            };
            ui.painter().circle_filled(centre, r, colour);
        }
        // The next step, not the next frame.
        let into_step = time.rem_euclid(step);
        ui.ctx()
            .request_repaint_after(Duration::from_secs_f64((step - into_step).max(0.001)));
    }
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Runs one frame at `time` seconds and says when the frame after it is
    /// due, as the integration reads it.
    fn frame(ctx: &egui::Context, time: f64, ui_fn: impl FnMut(&mut Ui)) -> Duration {
        let input = egui::RawInput {
            time: Some(time),
            ..Default::default()
        };
        let mut output = ctx.run_ui(input, ui_fn);
        // No painter here: the font atlas upload is dropped on purpose.
        output.textures_delta.clear();
        output.viewport_output[&egui::ViewportId::ROOT].repaint_delay
    }

    /// A context past egui's first frames (which always ask for another),
    /// checked to be idle: nothing due.
    fn settled() -> egui::Context {
        let ctx = egui::Context::default();
        for i in 0..3 {
            frame(&ctx, f64::from(i) * 0.01, |ui| {
                ui.label("idle");
            });
        }
        let idle = frame(&ctx, 0.05, |ui| {
            ui.label("idle");
        });
        assert!(
            idle > Duration::from_secs(60),
            "an idle frame asks for one in {idle:?}"
        );
        ctx
    }

    #[test]
    fn indicator_asks_for_its_next_step_not_the_next_frame() {
        let ctx = settled();
        for (time, due) in [(1.0, 0.25), (1.1, 0.15), (1.26, 0.24)] {
            let next = frame(&ctx, time, |ui| {
                indicator(ui);
            })
            .as_secs_f64();
            assert!(
                (next - due).abs() < 1e-3,
                "at {time} s: next frame in {next} s, expected {due}"
            );
        }
    }

    #[test]
    fn egui_spinner_would_redraw_at_once() {
        // The reason for `indicator`: if egui's spinner stops asking for a
        // frame at once, this module can go.
        let ctx = settled();
        let next = frame(&ctx, 1.0, |ui| {
            ui.spinner();
        });
        assert_eq!(next, Duration::ZERO);
    }
}
