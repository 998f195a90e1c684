//! What the Denoise tab's jobs give back, taken once a frame: chosen paths,
//! opened files, previews, noise and saves, turned into the tab's state and
//! its status line.

use std::path::Path;
use std::sync::Arc;

use egui::Vec2;
use toolcup_jobs::{JobHandle, Outcome};

use super::picture::Picture;
use super::{Chosen, DenoiseTab, Opened, PathField, PathPurpose, Shown};

impl DenoiseTab {
    pub(super) fn poll_jobs(&mut self, ctx: &egui::Context) {
        if let Some(picture) = self.pending_input.take() {
            let image = self.current_input_image();
            self.input = Some(Shown {
                image,
                picture: Picture::new(ctx, "denoise input", picture),
            });
        }
        for shown in self.input.iter_mut().chain(self.result.iter_mut()) {
            shown.picture.upload_some(ctx);
        }
        if let Some(outcome) = self.choosing.as_ref().and_then(|(_, h)| h.try_take()) {
            let purpose = self.choosing.take().map_or(PathPurpose::Open, |(p, _)| p);
            match outcome {
                Outcome::Succeeded(Chosen::Path(path)) => {
                    self.chosen = Some((purpose, path));
                }
                Outcome::Succeeded(Chosen::Nothing) | Outcome::Cancelled => {
                    self.status = match purpose {
                        PathPurpose::Open => "No image chosen".to_string(),
                        PathPurpose::Save => "Not saved".to_string(),
                    };
                }
                Outcome::Succeeded(Chosen::NoDialog(reason)) => {
                    self.status = format!("No file dialog could open ({reason}): type a path");
                    self.dialog_missing = Some(reason);
                    self.path_field = Some(PathField {
                        purpose,
                        text: String::new(),
                    });
                }
                Outcome::Failed(e) => self.status = e,
                Outcome::Panicked(msg) => self.status = format!("file dialog crashed: {msg}"),
            }
        }
        if let Some(outcome) = self.opening.as_ref().and_then(JobHandle::try_take) {
            self.opening = None;
            match outcome {
                Outcome::Succeeded(Opened {
                    name,
                    path,
                    loaded,
                    metadata,
                }) => {
                    if let Some(folder) = path.as_deref().and_then(Path::parent) {
                        self.settings.last_folder = Some(folder.to_path_buf());
                    }
                    if let Some(path) = &path {
                        self.opened_files.push(path.clone());
                    }
                    self.source = name;
                    self.source_path = path;
                    self.metadata = metadata;
                    self.clean = Arc::clone(&loaded.image);
                    self.reference = None;
                    self.set_input(ctx, loaded);
                    self.zoom = 1.0;
                    self.pan = Vec2::ZERO;
                    self.status = format!("Opened {}", self.source);
                }
                Outcome::Failed(e) => self.status = e,
                Outcome::Cancelled => {}
                Outcome::Panicked(msg) => self.status = format!("opening crashed: {msg}"),
            }
        }
        if let Some(outcome) = self.noising.as_ref().and_then(JobHandle::try_take) {
            self.noising = None;
            match outcome {
                Outcome::Succeeded(loaded) if Arc::ptr_eq(&loaded.image, &self.clean) => {
                    self.reference = None;
                    self.set_input(ctx, loaded);
                    self.status = "Noise removed".to_string();
                }
                Outcome::Succeeded(loaded) => {
                    self.reference = Some(Arc::clone(&self.clean));
                    self.set_input(ctx, loaded);
                    self.status =
                        format!("Added Gaussian noise, sigma {}", self.settings.noise_sigma);
                }
                Outcome::Failed(e) => self.status = e,
                Outcome::Cancelled => {}
                Outcome::Panicked(msg) => self.status = format!("adding noise crashed: {msg}"),
            }
        }
        if let Some(outcome) = self.preview.as_ref().and_then(JobHandle::try_take) {
            self.preview = None;
            match outcome {
                Outcome::Succeeded(preview) => {
                    self.result = Some(Shown::new(ctx, "denoise result", preview.loaded));
                    self.scores = preview.scores;
                    if let Some(req) = self.submitted {
                        self.result_text = format!(
                            "Result: {} ({:.0} ms)",
                            req.method.describe(),
                            preview.millis
                        );
                    }
                }
                Outcome::Failed(e) => self.status = e,
                Outcome::Cancelled => {}
                Outcome::Panicked(msg) => self.status = format!("preview crashed: {msg}"),
            }
        }
        if let Some(outcome) = self.saving.as_ref().and_then(JobHandle::try_take) {
            self.saving = None;
            self.status = match outcome {
                Outcome::Succeeded(path) => {
                    if let Some(folder) = path.parent() {
                        self.settings.last_folder = Some(folder.to_path_buf());
                    }
                    format!("Saved {}", path.display())
                }
                Outcome::Cancelled => self.status.clone(),
                Outcome::Failed(e) => e,
                Outcome::Panicked(msg) => format!("saving crashed: {msg}"),
            };
        }
    }
}
