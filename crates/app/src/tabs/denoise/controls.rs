//! The Denoise tab's controls (open, save, filter, strength, noise, view)
//! and its status line (progress, scores, what happened last).

use std::sync::Arc;

use egui::Vec2;
use toolcup_denoise::Noise;
use toolcup_jobs::{JobSpec, Runner};

use super::{DenoiseTab, FilterKind, Loaded, PathPurpose, ViewMode};
use crate::recipes::denoise::{psnr_text, ssim_text};

impl DenoiseTab {
    pub(super) fn controls_ui(&mut self, ui: &mut egui::Ui, jobs: &Runner) {
        let dialog_busy = self.choosing.is_some() || self.opening.is_some();
        ui.horizontal_wrapped(|ui| {
            if ui
                .add_enabled(!dialog_busy, egui::Button::new("Open image…"))
                .clicked()
            {
                self.choose(PathPurpose::Open, jobs);
            }
            let can_save = self.result.is_some() && self.saving.is_none() && !dialog_busy;
            if ui
                .add_enabled(can_save, egui::Button::new("Save result…"))
                .clicked()
            {
                self.choose(PathPurpose::Save, jobs);
            }
            let quality = ui.label("JPEG quality");
            ui.add(egui::Slider::new(&mut self.settings.jpeg_quality, 1..=100))
                .labelled_by(quality.id);
            ui.label(format!("Image: {} ({})", self.source, self.clean.shape()));
        });
        self.path_field_ui(ui, jobs);
        ui.horizontal_wrapped(|ui| {
            let filter = ui.label("Filter");
            egui::ComboBox::from_id_salt("denoise filter")
                .selected_text(self.settings.filter.label())
                .show_ui(ui, |ui| {
                    for kind in FilterKind::ALL {
                        ui.selectable_value(&mut self.settings.filter, kind, kind.label());
                    }
                })
                .response
                .labelled_by(filter.id);
            ui.separator();
            let kernel = ui.label(self.settings.filter.kernel_label());
            ui.add(egui::Slider::new(&mut self.settings.kernel, 1..=31).step_by(2.0))
                .labelled_by(kernel.id);
            self.settings.make_kernel_odd();
            if self.settings.filter == FilterKind::Nlm {
                ui.checkbox(
                    &mut self.settings.separate_colour,
                    "Separate colour strength",
                );
                if self.settings.separate_colour {
                    let colour = ui.label("Colour strength");
                    ui.add(egui::Slider::new(&mut self.settings.h_colour, 1.0..=40.0))
                        .labelled_by(colour.id);
                }
            }
        });
        ui.horizontal_wrapped(|ui| {
            let sigma = ui.label("Noise sigma");
            ui.add(egui::Slider::new(
                &mut self.settings.noise_sigma,
                1.0..=60.0,
            ))
            .labelled_by(sigma.id);
            if ui
                .add_enabled(self.noising.is_none(), egui::Button::new("Add noise"))
                .clicked()
            {
                let clean = Arc::clone(&self.clean);
                let sigma = f64::from(self.settings.noise_sigma);
                let seed = self.noise_seed;
                self.noise_seed += 1;
                let max_side = self.max_texture_side;
                self.noising = Some(jobs.submit(JobSpec::cpu("add noise"), move |_ctx| {
                    let noisy = Noise::Gaussian { sigma }
                        .apply(&clean, seed)
                        .map_err(|e| e.to_string())?;
                    Ok(Loaded::new(noisy, max_side))
                }));
            }
            if ui
                .add_enabled(
                    self.reference.is_some() && self.noising.is_none(),
                    egui::Button::new("Remove noise"),
                )
                .clicked()
            {
                let clean = Arc::clone(&self.clean);
                let max_side = self.max_texture_side;
                self.noising = Some(jobs.submit(JobSpec::cpu("remove noise"), move |_ctx| {
                    Ok(Loaded::shared(clean, max_side))
                }));
                self.reference = None;
            }
            ui.separator();
            ui.radio_value(
                &mut self.settings.view,
                ViewMode::SideBySide,
                "Side by side",
            );
            ui.radio_value(&mut self.settings.view, ViewMode::Split, "Split");
            if ui.button("Fit").clicked() {
                self.zoom = 1.0;
                self.pan = Vec2::ZERO;
            }
            ui.label(self.zoom_text());
        });
    }

    pub(super) fn status_ui(&mut self, ui: &mut egui::Ui) {
        ui.horizontal_wrapped(|ui| {
            if let Some(handle) = &self.preview {
                let progress = handle.progress();
                let fraction = progress.fraction().unwrap_or(0.0);
                ui.add(
                    egui::ProgressBar::new(fraction)
                        .desired_width(160.0)
                        .text("Computing preview…"),
                );
            } else if !self.result_text.is_empty() && self.result.is_some() {
                ui.label(&self.result_text);
            }
            if let Some((p, s)) = self.scores {
                ui.label(format!(
                    "PSNR {} dB · SSIM {} (against the clean image)",
                    psnr_text(p),
                    ssim_text(s)
                ));
            }
            if self.choosing.is_some()
                || self.opening.is_some()
                || self.noising.is_some()
                || self.saving.is_some()
            {
                crate::busy::indicator(ui);
            }
            if !self.status.is_empty() {
                ui.label(&self.status);
            }
        });
    }
}
