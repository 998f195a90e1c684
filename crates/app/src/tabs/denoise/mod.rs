//! The Denoise tab: open a photo (dialog or drag and drop; the bundled coffee
//! photo is preloaded), pick a filter and strength, compare original and
//! result side by side or in a split view with a draggable divider (zoom and
//! pan kept in sync), add synthetic noise, read PSNR/SSIM against the clean
//! image, and save as PNG, JPEG, WebP, TIFF or BMP with the photo's colour
//! profile and EXIF where the format holds them. Without a native file
//! dialog (no desktop portal, no zenity) a path field opens and saves.
//!
//! The preview is a keyed job on the runner: moving the slider supersedes
//! (cancels) the previous preview, so only the latest settings are computed
//! and the window never waits. Decoding, noise and texture conversion happen
//! in jobs too; large photos are shown through an overview texture with
//! full-resolution tiles on zoom (the `picture` module).

mod picture;

use std::path::{Path, PathBuf};
use std::sync::Arc;

use egui::{Color32, Pos2, Rect, Sense, Vec2};
use serde::{Deserialize, Serialize};
use toolcup_denoise::{
    DecodeLimits, Image, Metadata, Noise, OutputFormat, READABLE_EXTENSIONS, ReadOptions,
    WriteOptions, decode_image, is_readable_image_name, psnr, read_image_with, ssim,
    write_image_with,
};
use toolcup_jobs::{JobContext, JobHandle, JobSpec, Outcome, Runner};

use super::Tab;
use crate::file_dialog;
pub use crate::recipes::denoise::FilterKind;
use crate::recipes::denoise::{Method, format_names, psnr_text, save_filters, ssim_text};
use picture::{Picture, PictureData};

/// The bundled sample photo (CC0, see crates/app/assets/ATTRIBUTION.md).
const SAMPLE_PNG: &[u8] = include_bytes!("../../../assets/coffee.png");
const SAMPLE_NAME: &str = "coffee.png";
const PREVIEW_KEY: &str = "denoise preview";

/// How original and result are shown.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum ViewMode {
    /// Two panes with the same zoom and pan.
    SideBySide,
    /// One pane: original left of the divider, result right of it.
    Split,
}

/// The settings worth keeping between runs.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct DenoiseSettings {
    /// The filter.
    pub filter: FilterKind,
    /// Kernel size (odd) for the window filters, strength for nlm.
    pub kernel: u32,
    /// Use a separate colour strength for nlm.
    pub separate_colour: bool,
    /// nlm colour strength when separate.
    pub h_colour: f32,
    /// Sigma of the Gaussian noise the Add noise button adds.
    pub noise_sigma: f32,
    /// Side by side or split.
    pub view: ViewMode,
    /// Quality for JPEG saves.
    pub jpeg_quality: u8,
    /// The folder of the last image opened or saved, where the file dialogs
    /// start.
    pub last_folder: Option<PathBuf>,
}

impl Default for DenoiseSettings {
    fn default() -> Self {
        Self {
            filter: FilterKind::Median,
            kernel: 5,
            separate_colour: false,
            h_colour: 10.0,
            noise_sigma: 20.0,
            view: ViewMode::SideBySide,
            jpeg_quality: 90,
            last_folder: None,
        }
    }
}

/// What a preview computes.
#[derive(Clone, Copy, Debug, PartialEq)]
struct PreviewRequest {
    method: Method,
    input_generation: u64,
}

/// What the path field (shown when no file dialog can open) is for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum PathPurpose {
    Open,
    Save,
}

/// The path field typed into instead of a file dialog.
struct PathField {
    purpose: PathPurpose,
    text: String,
}

/// An image with the texture-ready copy made off the UI thread.
struct Loaded {
    image: Arc<Image>,
    picture: PictureData,
}

impl Loaded {
    /// `image` with its texture data, for a GPU whose textures are at most
    /// `max_side` pixels a side.
    fn new(image: Image, max_side: usize) -> Self {
        Self::shared(Arc::new(image), max_side)
    }

    /// As [`Loaded::new`] for an image already shared.
    fn shared(image: Arc<Image>, max_side: usize) -> Self {
        let picture = PictureData::new(&image, max_side);
        Self { image, picture }
    }
}

/// A file opened off the UI thread.
struct Opened {
    name: String,
    path: Option<PathBuf>,
    loaded: Loaded,
    metadata: Metadata,
}

/// What a file dialog job gives back.
enum Chosen {
    /// A path was picked.
    Path(PathBuf),
    /// The dialog closed without one.
    Nothing,
    /// No dialog could open: the path field takes over.
    NoDialog(String),
}

struct Preview {
    loaded: Loaded,
    scores: Option<(Option<f64>, Option<f64>)>,
    millis: f64,
}

/// One picture on screen.
struct Shown {
    image: Arc<Image>,
    picture: Picture,
}

impl Shown {
    fn new(ctx: &egui::Context, name: &str, loaded: Loaded) -> Self {
        Self {
            image: loaded.image,
            picture: Picture::new(ctx, name, loaded.picture),
        }
    }
}

/// The Denoise tab.
pub struct DenoiseTab {
    settings: DenoiseSettings,
    source: String,
    source_path: Option<PathBuf>,
    clean: Arc<Image>,
    input: Option<Shown>,
    pending_input: Option<PictureData>,
    input_generation: u64,
    reference: Option<Arc<Image>>,
    result: Option<Shown>,
    result_text: String,
    scores: Option<(Option<f64>, Option<f64>)>,
    submitted: Option<PreviewRequest>,
    preview: Option<JobHandle<Preview, String>>,
    metadata: Metadata,
    choosing: Option<(PathPurpose, JobHandle<Chosen, String>)>,
    chosen: Option<(PathPurpose, PathBuf)>,
    path_field: Option<PathField>,
    dialog_missing: Option<String>,
    opening: Option<JobHandle<Opened, String>>,
    noising: Option<JobHandle<Loaded, String>>,
    saving: Option<JobHandle<PathBuf, String>>,
    noise_seed: u64,
    status: String,
    zoom: f32,
    /// Screen pixels per image pixel at the last frame, for the zoom label.
    shown_scale: Option<f32>,
    pan: Vec2,
    split: f32,
    max_texture_side: usize,
    /// Files opened since the window last asked (its recent-files menu).
    opened_files: Vec<PathBuf>,
}

impl Default for DenoiseTab {
    fn default() -> Self {
        let clean = decode_image(SAMPLE_PNG, Path::new(SAMPLE_NAME), DecodeLimits::default())
            .unwrap_or_else(|_| Image::zeroed(1, 1, toolcup_denoise::ChannelLayout::Rgb));
        let picture = PictureData::new(&clean, 16384);
        Self {
            settings: DenoiseSettings::default(),
            source: SAMPLE_NAME.to_string(),
            source_path: None,
            clean: Arc::new(clean),
            input: None,
            pending_input: Some(picture),
            input_generation: 0,
            reference: None,
            result: None,
            result_text: String::new(),
            scores: None,
            submitted: None,
            preview: None,
            metadata: Metadata::default(),
            choosing: None,
            chosen: None,
            path_field: None,
            dialog_missing: None,
            opening: None,
            noising: None,
            saving: None,
            noise_seed: 1,
            status: String::new(),
            zoom: 1.0,
            shown_scale: None,
            pan: Vec2::ZERO,
            split: 0.5,
            max_texture_side: 16384,
            opened_files: Vec::new(),
        }
    }
}

impl DenoiseTab {
    /// The current settings.
    pub fn settings(&self) -> &DenoiseSettings {
        &self.settings
    }

    /// The settings, to change them as the controls would; the next frame
    /// previews with them.
    pub fn settings_mut(&mut self) -> &mut DenoiseSettings {
        &mut self.settings
    }

    /// The name of the image shown, for example `coffee.png`.
    pub fn source_name(&self) -> &str {
        &self.source
    }

    /// Whether a preview is being computed.
    pub fn is_previewing(&self) -> bool {
        self.preview.is_some()
    }

    /// Uses the path field instead of native file dialogs, as when none
    /// can open (`reason` is shown beside it).
    pub fn without_file_dialog(mut self, reason: impl Into<String>) -> Self {
        self.dialog_missing = Some(reason.into());
        self
    }

    /// The zoom as the label shows it: `Fit (23%)` or `Zoom 150%`.
    pub fn zoom_text(&self) -> String {
        match self.shown_scale {
            Some(scale) if self.zoom == 1.0 => format!("Fit ({:.0}%)", scale * 100.0),
            Some(scale) => format!("Zoom {:.0}%", scale * 100.0),
            None => "Fit".to_string(),
        }
    }

    /// Whether a preview, open, noise or save job is still running.
    pub fn is_busy(&self) -> bool {
        self.preview.is_some()
            || self.choosing.is_some()
            || self.opening.is_some()
            || self.noising.is_some()
            || self.saving.is_some()
    }

    /// The last finished preview, if any.
    pub fn result(&self) -> Option<&Image> {
        self.result.as_ref().map(|r| r.image.as_ref())
    }

    /// The image the filter sees: the opened one, or it with noise added.
    pub fn input(&self) -> Arc<Image> {
        self.current_input_image()
    }

    /// PSNR (None when identical) and SSIM of the result against the clean
    /// image, once noise was added.
    pub fn scores(&self) -> Option<(Option<f64>, Option<f64>)> {
        self.scores
    }

    /// Where the split view's divider is, from 0 (left) to 1 (right).
    pub fn split_position(&self) -> f32 {
        self.split
    }

    /// Draws the tab; never blocks.
    pub fn ui(&mut self, ui: &mut egui::Ui, jobs: &Runner) {
        self.max_texture_side = ui.ctx().input(|i| i.max_texture_side).max(64);
        self.poll_jobs(ui.ctx());
        if let Some((purpose, path)) = self.chosen.take() {
            match purpose {
                PathPurpose::Open => self.open_path(path, jobs),
                // The dialog has already asked before replacing a file.
                PathPurpose::Save => {
                    self.save_to(path, true, jobs);
                }
            }
        }
        self.controls_ui(ui, jobs);
        self.request_preview(jobs);
        ui.separator();
        self.status_ui(ui);
        self.views_ui(ui);
    }

    fn poll_jobs(&mut self, ctx: &egui::Context) {
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

    fn current_input_image(&self) -> Arc<Image> {
        self.input
            .as_ref()
            .map_or_else(|| Arc::clone(&self.clean), |s| Arc::clone(&s.image))
    }

    fn set_input(&mut self, ctx: &egui::Context, loaded: Loaded) {
        self.input = Some(Shown::new(ctx, "denoise input", loaded));
        self.input_generation += 1;
        self.result = None;
        self.scores = None;
    }

    fn controls_ui(&mut self, ui: &mut egui::Ui, jobs: &Runner) {
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
            if self.settings.kernel.is_multiple_of(2) {
                self.settings.kernel += 1;
            }
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

    /// Opens a native file dialog in a job, or the path field when none can
    /// open.
    fn choose(&mut self, purpose: PathPurpose, jobs: &Runner) {
        if self.dialog_missing.is_some() {
            self.path_field = Some(PathField {
                purpose,
                text: self.suggested_path(purpose),
            });
            return;
        }
        let folder = self.settings.last_folder.clone().or_else(|| {
            self.source_path
                .as_ref()
                .and_then(|p| p.parent().map(Path::to_path_buf))
        });
        let default_name = self.default_save_name();
        let (name, title) = match purpose {
            PathPurpose::Open => ("choose an image", "Open image"),
            PathPurpose::Save => ("choose where to save", "Save result"),
        };
        let handle = jobs.submit(JobSpec::blocking(name), move |_ctx| {
            if let Some(reason) = file_dialog::unavailable_reason() {
                return Ok(Chosen::NoDialog(reason.to_string()));
            }
            let mut dialog = rfd::FileDialog::new().set_title(title);
            if let Some(folder) = folder {
                dialog = dialog.set_directory(folder);
            }
            let started = std::time::Instant::now();
            let picked = match purpose {
                PathPurpose::Open => dialog
                    .add_filter("Images", &READABLE_EXTENSIONS)
                    .pick_file(),
                PathPurpose::Save => {
                    dialog = dialog.set_file_name(&default_name);
                    for (label, extensions) in save_filters() {
                        dialog = dialog.add_filter(label, extensions.as_slice());
                    }
                    dialog.save_file()
                }
            };
            Ok(match picked {
                Some(path) => Chosen::Path(path),
                // Nobody closes a dialog within a quarter second: it failed
                // to open (rfd logs why and returns nothing).
                None if started.elapsed() < std::time::Duration::from_millis(250) => {
                    Chosen::NoDialog("the file dialog failed to open".to_string())
                }
                None => Chosen::Nothing,
            })
        });
        self.choosing = Some((purpose, handle));
    }

    fn default_save_name(&self) -> String {
        let stem = Path::new(&self.source)
            .file_stem()
            .map_or_else(|| "image".to_string(), |s| s.to_string_lossy().into_owned());
        format!("{stem}-denoised.png")
    }

    /// What the path field starts with: the open image's path, or the
    /// default name in its folder.
    fn suggested_path(&self, purpose: PathPurpose) -> String {
        let folder = self.settings.last_folder.clone().or_else(|| {
            self.source_path
                .as_ref()
                .and_then(|p| p.parent().map(Path::to_path_buf))
        });
        match (purpose, folder) {
            (PathPurpose::Save, Some(folder)) => {
                folder.join(self.default_save_name()).display().to_string()
            }
            (PathPurpose::Save, None) => self.default_save_name(),
            (PathPurpose::Open, Some(folder)) => format!("{}/", folder.display()),
            (PathPurpose::Open, None) => String::new(),
        }
    }

    /// The path field shown instead of a file dialog.
    fn path_field_ui(&mut self, ui: &mut egui::Ui, jobs: &Runner) {
        let Some(field) = &mut self.path_field else {
            return;
        };
        let (label, action) = match field.purpose {
            PathPurpose::Open => ("Image to open", "Open"),
            PathPurpose::Save => ("Save as", "Save"),
        };
        let mut submitted = None;
        let mut close = false;
        ui.horizontal_wrapped(|ui| {
            let name = ui.label(label);
            let edit = ui
                .add(egui::TextEdit::singleline(&mut field.text).desired_width(360.0))
                .labelled_by(name.id);
            let entered = edit.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
            let text = field.text.trim();
            if (ui
                .add_enabled(!text.is_empty(), egui::Button::new(action))
                .clicked()
                || entered)
                && !text.is_empty()
            {
                submitted = Some((field.purpose, PathBuf::from(text)));
            }
            if ui.button("Cancel").clicked() {
                close = true;
            }
            if let Some(reason) = &self.dialog_missing {
                ui.weak(format!("(no file dialog: {reason})"));
            }
            if field.purpose == PathPurpose::Save {
                ui.weak(format!("formats: {}", format_names()));
            }
        });
        if let Some((purpose, path)) = submitted {
            self.path_field = None;
            match purpose {
                PathPurpose::Open => self.open_path(path, jobs),
                // Typed, not confirmed by a dialog: never replace a file.
                PathPurpose::Save => {
                    self.save_to(path, false, jobs);
                }
            }
        } else if close {
            self.path_field = None;
        }
    }

    fn open_path(&mut self, path: PathBuf, jobs: &Runner) {
        let max_side = self.max_texture_side;
        let name = format!("open {}", path.display());
        self.opening = Some(jobs.submit(JobSpec::blocking(name), move |_ctx| {
            load_file(&path, max_side)
        }));
    }

    fn save_to(&mut self, path: PathBuf, overwrite: bool, jobs: &Runner) -> bool {
        let Some(result) = self.result.as_ref().map(|r| Arc::clone(&r.image)) else {
            return false;
        };
        let quality = self.settings.jpeg_quality;
        let metadata = self.metadata.clone();
        let name = format!("save {}", path.display());
        self.saving = Some(jobs.submit(JobSpec::blocking(name), move |_ctx| {
            save_image(&result, &metadata, path, quality, overwrite)
        }));
        true
    }

    fn wanted(&self) -> Option<PreviewRequest> {
        let nlm = self.settings.filter == FilterKind::Nlm;
        let h_colour = (nlm && self.settings.separate_colour).then_some(self.settings.h_colour);
        let method =
            Method::new(self.settings.filter, self.settings.kernel, None, h_colour).ok()?;
        Some(PreviewRequest {
            method,
            input_generation: self.input_generation,
        })
    }

    /// Submits a preview when the settings or the input changed since the
    /// last one; the key supersedes any preview still running.
    fn request_preview(&mut self, jobs: &Runner) {
        let Some(wanted) = self.wanted() else {
            return;
        };
        if self.submitted == Some(wanted) || self.input.is_none() {
            return;
        }
        self.submitted = Some(wanted);
        let input = self.current_input_image();
        let reference = self.reference.clone();
        let max_side = self.max_texture_side;
        let name = format!("preview {}", wanted.method.describe());
        self.preview = Some(
            jobs.submit(JobSpec::cpu(name).key(PREVIEW_KEY), move |ctx| {
                run_preview(&input, reference.as_deref(), wanted, max_side, ctx)
            }),
        );
    }

    /// Saves the last result to `path` in a job, as the Save dialog would
    /// but without asking: the format the name's extension says (PNG for a
    /// name without one; any other extension is refused), with the photo's
    /// colour profile and EXIF where the format holds them, and an existing
    /// file is never replaced (the job fails and says so). Returns whether
    /// there was a result to save.
    pub fn save_result_to(&mut self, path: PathBuf, jobs: &Runner) -> bool {
        self.save_to(path, false, jobs)
    }

    fn status_ui(&mut self, ui: &mut egui::Ui) {
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
                ui.spinner();
            }
            if !self.status.is_empty() {
                ui.label(&self.status);
            }
        });
    }

    fn views_ui(&mut self, ui: &mut egui::Ui) {
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
    fn navigate(&mut self, ui: &egui::Ui, rect: Rect, response: &egui::Response) {
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
fn fitted_rect(pane: Rect, size: Vec2, zoom: f32, pan: Vec2) -> Rect {
    let fit = (pane.width() / size.x).min(pane.height() / size.y);
    Rect::from_center_size(pane.center() + pan, size * fit * zoom)
}

fn caption_ui(painter: &egui::Painter, rect: Rect, text: &str) {
    painter.text(
        rect.left_top() + Vec2::new(6.0, 4.0),
        egui::Align2::LEFT_TOP,
        text,
        egui::FontId::proportional(13.0),
        Color32::WHITE,
    );
}

fn run_preview(
    input: &Image,
    reference: Option<&Image>,
    req: PreviewRequest,
    max_side: usize,
    ctx: &JobContext<'_>,
) -> Result<Preview, String> {
    let mut progress = |p: toolcup_denoise::Progress| ctx.report(p.done, p.total);
    let started = std::time::Instant::now();
    let result = req
        .method
        .apply(input, &mut progress)
        .map_err(|e| e.to_string())?;
    let millis = started.elapsed().as_secs_f64() * 1000.0;
    let scores = reference.map(|reference| {
        let p = psnr(&result, reference).ok().filter(|v| v.is_finite());
        (p, ssim(&result, reference).ok())
    });
    Ok(Preview {
        loaded: Loaded::new(result, max_side),
        scores,
        millis,
    })
}

fn load_file(path: &Path, max_side: usize) -> Result<Opened, String> {
    let decoded = read_image_with(path, &ReadOptions::default()).map_err(|e| e.to_string())?;
    let name = path.file_name().map_or_else(
        || path.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    );
    Ok(Opened {
        name,
        path: Some(path.to_path_buf()),
        loaded: Loaded::new(decoded.image, max_side),
        metadata: decoded.metadata,
    })
}

/// Writes `image` to `path` (temporary file, then rename) in the format its
/// extension names, with what of `metadata` that format keeps; a name
/// without an extension gets `.png`, an unknown extension is refused with
/// the list of formats.
fn save_image(
    image: &Image,
    metadata: &Metadata,
    mut path: PathBuf,
    quality: u8,
    overwrite: bool,
) -> Result<PathBuf, String> {
    if path.extension().is_none() {
        path.set_extension("png");
    }
    let format = OutputFormat::for_path(&path, quality).map_err(|e| e.to_string())?;
    write_image_with(image, metadata, &path, WriteOptions { format, overwrite })
        .map_err(|e| e.to_string())?;
    Ok(path)
}

impl Tab for DenoiseTab {
    fn title(&self) -> &'static str {
        "Denoise"
    }

    fn ui(&mut self, ui: &mut egui::Ui, jobs: &Runner) {
        DenoiseTab::ui(self, ui, jobs);
    }

    fn save_state(&self) -> Option<serde_json::Value> {
        serde_json::to_value(&self.settings).ok()
    }

    fn load_state(&mut self, state: serde_json::Value) {
        if let Ok(settings) = serde_json::from_value::<DenoiseSettings>(state) {
            self.settings = settings;
            if self.settings.kernel.is_multiple_of(2) {
                self.settings.kernel += 1;
            }
        }
    }

    fn accepts_file(&self, path: &Path) -> bool {
        is_readable_image_name(path)
    }

    fn take_opened_files(&mut self) -> Vec<PathBuf> {
        std::mem::take(&mut self.opened_files)
    }

    fn open_file(&mut self, path: &Path, jobs: &Runner) {
        self.open_path(path.to_path_buf(), jobs);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fitted_rect_keeps_the_aspect_ratio() {
        let pane = Rect::from_min_size(Pos2::ZERO, Vec2::new(200.0, 100.0));
        let r = fitted_rect(pane, Vec2::new(600.0, 400.0), 1.0, Vec2::ZERO);
        assert!((r.width() / r.height() - 1.5).abs() < 1e-5);
        assert!((r.height() - 100.0).abs() < 1e-4);
    }
}
