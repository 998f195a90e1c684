//! The Denoise tab's picture panes: side by side or split by a draggable
//! divider, one zoom and pan for both.

use egui::{Color32, Pos2, Rect, Sense, Vec2};

use super::{DenoiseTab, ViewMode};

impl DenoiseTab {
    pub(super) fn views_ui(&mut self, ui: &mut egui::Ui) {
        let Some(input) = &self.input else {
            ui.label("No image");
            return;
        };
        let image_size = input.picture.size();
        let available = ui.available_size().max(Vec2::new(64.0, 64.0));
        match self.settings.view {
            ViewMode::SideBySide => {
                let pane = Vec2::new((available.x - 8.0) / 2.0, available.y);
                ui.horizontal(|ui| {
                    for (index, caption) in [(0, "Original"), (1, "Result")] {
                        let (rect, response) =
                            ui.allocate_exact_size(pane, Sense::click_and_drag());
                        self.navigate(ui, rect, &response);
                        let fitted = fitted_rect(rect, image_size, self.zoom, self.pan);
                        self.shown_scale =
                            Some(fitted.width() / image_size.x * ui.ctx().pixels_per_point());
                        let painter = ui.painter_at(rect);
                        painter.rect_filled(rect, 0.0, Color32::from_gray(24));
                        let shown = if index == 0 {
                            self.input.as_ref()
                        } else {
                            self.result.as_ref()
                        };
                        if let Some(shown) = shown {
                            shown.picture.paint(&painter, fitted);
                        }
                        caption_ui(&painter, rect, caption);
                    }
                });
            }
            ViewMode::Split => {
                let (rect, response) = ui.allocate_exact_size(available, Sense::click_and_drag());
                let divider_x = rect.left() + self.split * rect.width();
                let handle = Rect::from_center_size(
                    Pos2::new(divider_x, rect.center().y),
                    Vec2::new(12.0, rect.height()),
                );
                let divider = ui.interact(
                    handle,
                    ui.make_persistent_id("denoise split divider"),
                    Sense::drag(),
                );
                if divider.dragged()
                    && let Some(pos) = divider.interact_pointer_pos()
                {
                    self.split = ((pos.x - rect.left()) / rect.width()).clamp(0.0, 1.0);
                }
                if divider.hovered() || divider.dragged() {
                    ui.ctx().set_cursor_icon(egui::CursorIcon::ResizeHorizontal);
                }
                self.navigate(ui, rect, &response);
                let fitted = fitted_rect(rect, image_size, self.zoom, self.pan);
                self.shown_scale =
                    Some(fitted.width() / image_size.x * ui.ctx().pixels_per_point());
                let divider_x = rect.left() + self.split * rect.width();
                let painter = ui.painter_at(rect);
                painter.rect_filled(rect, 0.0, Color32::from_gray(24));
                let left = Rect::from_min_max(rect.min, Pos2::new(divider_x, rect.max.y));
                let right = Rect::from_min_max(Pos2::new(divider_x, rect.min.y), rect.max);
                if let Some(input) = &self.input {
                    input.picture.paint(&painter.with_clip_rect(left), fitted);
                }
                if let Some(result) = &self.result {
                    result.picture.paint(&painter.with_clip_rect(right), fitted);
                }
                painter.vline(divider_x, rect.y_range(), (2.0, Color32::WHITE));
                caption_ui(&painter, left, "Original");
                caption_ui(&painter, right, "Result");
            }
        }
    }

    /// Drag pans, scroll or pinch zooms about the pointer, double-click fits;
    /// one zoom and pan for every pane, so the panes stay in sync.
    pub(super) fn navigate(&mut self, ui: &egui::Ui, rect: Rect, response: &egui::Response) {
        if response.dragged() {
            self.pan += response.drag_delta();
        }
        if response.double_clicked() {
            self.zoom = 1.0;
            self.pan = Vec2::ZERO;
        }
        if let Some(pointer) = response.hover_pos() {
            let (scroll, pinch) = ui.input(|i| (i.smooth_scroll_delta.y, i.zoom_delta()));
            let factor = pinch * (scroll * 0.002).exp();
            if (factor - 1.0).abs() > f32::EPSILON {
                let new_zoom = (self.zoom * factor).clamp(0.1, 64.0);
                let from_centre = pointer - rect.center();
                self.pan = from_centre - (from_centre - self.pan) * (new_zoom / self.zoom);
                self.zoom = new_zoom;
            }
        }
    }
}

/// Where an image of `size` pixels lands in `pane` at `zoom` (1 = fit) and `pan`.
pub(super) fn fitted_rect(pane: Rect, size: Vec2, zoom: f32, pan: Vec2) -> Rect {
    let fit = (pane.width() / size.x).min(pane.height() / size.y);
    Rect::from_center_size(pane.center() + pan, size * fit * zoom)
}

pub(super) fn caption_ui(painter: &egui::Painter, rect: Rect, text: &str) {
    painter.text(
        rect.left_top() + Vec2::new(6.0, 4.0),
        egui::Align2::LEFT_TOP,
        text,
        egui::FontId::proportional(13.0),
        Color32::WHITE,
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    pub(super) fn fitted_rect_keeps_the_aspect_ratio() {
        let pane = Rect::from_min_size(Pos2::ZERO, Vec2::new(200.0, 100.0));
        let r = fitted_rect(pane, Vec2::new(600.0, 400.0), 1.0, Vec2::ZERO);
        assert!((r.width() / r.height() - 1.5).abs() < 1e-5);
        assert!((r.height() - 100.0).abs() < 1e-4);
    }
}
