//! Opening and saving in the Denoise tab: the native file dialog (in a job),
//! the path field that replaces it where none can open, and the jobs that
//! decode and write the files.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use toolcup_denoise::{
    Image, Metadata, OutputFormat, READABLE_EXTENSIONS, ReadOptions, WriteOptions, read_image_with,
    write_image_with,
};
use toolcup_jobs::{JobSpec, Runner};

use super::{DenoiseTab, Loaded};
use crate::file_dialog;
use crate::recipes::denoise::{format_names, save_filters};

/// What the path field (shown when no file dialog can open) is for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum PathPurpose {
    Open,
    Save,
}

/// The path field typed into instead of a file dialog.
pub(super) struct PathField {
    pub(super) purpose: PathPurpose,
    pub(super) text: String,
}

/// A file opened off the UI thread.
pub(super) struct Opened {
    pub(super) name: String,
    pub(super) path: Option<PathBuf>,
    pub(super) loaded: Loaded,
    pub(super) metadata: Metadata,
}

/// What a file dialog job gives back.
pub(super) enum Chosen {
    /// A path was picked.
    Path(PathBuf),
    /// The dialog closed without one.
    Nothing,
    /// No dialog could open: the path field takes over.
    NoDialog(String),
}

impl DenoiseTab {
    /// Opens a native file dialog in a job, or the path field when none can
    /// open.
    pub(super) fn choose(&mut self, purpose: PathPurpose, jobs: &Runner) {
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

    pub(super) fn default_save_name(&self) -> String {
        let stem = Path::new(&self.source)
            .file_stem()
            .map_or_else(|| "image".to_string(), |s| s.to_string_lossy().into_owned());
        format!("{stem}-denoised.png")
    }

    /// What the path field starts with: the open image's path, or the
    /// default name in its folder.
    pub(super) fn suggested_path(&self, purpose: PathPurpose) -> String {
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
    pub(super) fn path_field_ui(&mut self, ui: &mut egui::Ui, jobs: &Runner) {
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

    pub(super) fn open_path(&mut self, path: PathBuf, jobs: &Runner) {
        let max_side = self.max_texture_side;
        let name = format!("open {}", path.display());
        self.opening = Some(jobs.submit(JobSpec::blocking(name), move |_ctx| {
            load_file(&path, max_side)
        }));
    }

    pub(super) fn save_to(&mut self, path: PathBuf, overwrite: bool, jobs: &Runner) -> bool {
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
}

pub(super) fn load_file(path: &Path, max_side: usize) -> Result<Opened, String> {
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
pub(super) fn save_image(
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
