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

mod controls;
mod files;
mod picture;
mod polling;
mod views;

use std::path::{Path, PathBuf};
use std::sync::Arc;

use egui::Vec2;
use serde::{Deserialize, Serialize};
use toolcup_denoise::{
    DecodeLimits, Image, Metadata, decode_image, is_readable_image_name, psnr, ssim,
};
use toolcup_jobs::{JobContext, JobHandle, JobSpec, Runner};

use super::Tab;
pub use crate::recipes::denoise::FilterKind;
use crate::recipes::denoise::Method;
use files::{Chosen, Opened, PathField, PathPurpose};
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

impl DenoiseSettings {
    /// Moves an even kernel (from an old settings file, or the slider
    /// landing between its odd steps) to the next odd value, the only ones
    /// the window filters take.
    fn make_kernel_odd(&mut self) {
        if self.kernel.is_multiple_of(2) {
            self.kernel += 1;
        }
    }
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
            self.settings.make_kernel_odd();
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
