//! The Releases tab: Python and Django release cycles, the interpreters found
//! on this machine with their verdicts, a project's pins (a `pyproject.toml`
//! or `.python-version` dropped on the window or opened), a repository's pins
//! ("Scan folder…" or a folder dropped on the window, as `toolcup releases
//! scan`), the release table (copyable as Markdown) and a timeline of every
//! branch's life, and a Refresh of the data on the job runner.
//!
//! Layout, top to bottom: the toolbar; a band (as tall as its content, at most
//! about a third of the tab, then it scrolls) with the project file, the scan
//! and the interpreters found; then the table on the left and
//! the timeline on the right, both filling the height left, so both show
//! without scrolling at the default window size.

mod interpreters;
mod project;
mod project_view;
mod scan_view;
mod table;
mod timeline;
mod toolbar;
mod verdict;

use std::path::{Path, PathBuf};

use egui::Color32;
use toolcup_jobs::{JobHandle, JobSpec, Outcome, Runner};
use toolcup_releases::discovery::{Environment, Interpreter, Want, find_active, find_all};
use toolcup_releases::{Cache, Catalog, DataSet, Date, Product, Sources, load_newest};

use crate::file_dialog::{self, no_dialog_text};
use crate::recipes::releases::Context;

pub use project::is_project_file_name;
pub use scan_view::SCAN_FOLDER_LABEL;
pub use timeline::TIMELINE_LABEL;
pub use verdict::status_color;

use super::{Tab, TabAction};
use project::{ProjectFile, read_project_file};

/// What the discovery job found.
struct Discovered {
    active: Result<Option<Interpreter>, String>,
    all: Vec<Result<Interpreter, String>>,
}

/// Everything that is not worth persisting: data, jobs, results.
struct Runtime {
    today: Date,
    env: Environment,
    cache: Option<Cache>,
    sources: Sources,
    data: DataSet,
    python: Result<Catalog, String>,
    django: Result<Catalog, String>,
    warnings: Vec<String>,
    discovered: Option<Discovered>,
    discovery: Option<JobHandle<Discovered, String>>,
    discovery_started: bool,
    refresh: Option<JobHandle<DataSet, String>>,
    refresh_message: Option<String>,
    /// The project file shown, or why it could not be read.
    project: Option<Result<ProjectFile, String>>,
    /// Reading a project file (or asking for one in a dialog: `Ok(None)` when
    /// the dialog was cancelled).
    project_job: Option<JobHandle<Option<ProjectFile>, String>>,
    /// Read the saved project file again on the next frame.
    reopen_project: bool,
    /// Project files and folders opened through the tab's own dialogs since
    /// the window last asked, for its recent-files menu.
    opened_files: Vec<PathBuf>,
    /// Feedback of the last copy to the clipboard.
    copied: Option<String>,
    /// Height of the project and interpreters band's content last frame, so
    /// the band is no taller than what it shows.
    band_content: Option<f32>,
    /// The last scan of a folder and its findings.
    scan: Option<scan_view::ScanView>,
    /// The scan running, and its folder.
    scan_job: Option<(PathBuf, JobHandle<toolcup_releases::scan::Found, String>)>,
    /// The dialog choosing a folder to scan (`Ok(None)`: cancelled).
    scan_pick: Option<JobHandle<Option<PathBuf>, String>>,
}

impl Runtime {
    fn new(today: Date, env: Environment, cache: Option<Cache>, sources: Sources) -> Runtime {
        let loaded = load_newest(cache.as_ref(), today);
        let mut runtime = Runtime {
            today,
            env,
            cache,
            sources,
            python: Err(String::new()),
            django: Err(String::new()),
            data: loaded.data,
            warnings: loaded.warnings,
            discovered: None,
            discovery: None,
            discovery_started: false,
            refresh: None,
            refresh_message: None,
            project: None,
            project_job: None,
            opened_files: Vec::new(),
            reopen_project: false,
            copied: None,
            band_content: None,
            scan: None,
            scan_job: None,
            scan_pick: None,
        };
        runtime.parse();
        runtime
    }

    fn parse(&mut self) {
        self.python = self
            .data
            .catalog(Product::Python)
            .map_err(|e| e.to_string());
        self.django = self
            .data
            .catalog(Product::Django)
            .map_err(|e| e.to_string());
    }

    fn catalog(&self, product: Product) -> &Result<Catalog, String> {
        match product {
            Product::Django => &self.django,
            _ => &self.python,
        }
    }
}

impl Default for Runtime {
    /// The day, cache and download sources the command line uses too (the
    /// recipe's [`Context`]); a bad `TOOLCUP_TODAY` is shown as a warning and
    /// the system clock's date is used, as a window has no exit code to give.
    fn default() -> Self {
        let (context, problem) = match Context::from_env() {
            Ok(context) => (context, None),
            Err(e) => {
                let context = Context::from_env_without_today();
                (
                    context,
                    Some(format!("{e:#}; using the system clock's date")),
                )
            }
        };
        let mut runtime = Runtime::new(
            context.today,
            Environment::from_process(),
            context.cache,
            context.sources,
        );
        runtime.warnings.extend(problem);
        runtime
    }
}

/// The inputs of the tab kept between runs.
#[derive(Debug, Default, serde::Serialize, serde::Deserialize)]
#[serde(default)]
pub struct ReleasesState {
    /// Python or Django.
    pub product: Product,
    /// The last project file opened (read again at start).
    pub project_file: Option<PathBuf>,
}

/// The Releases tab. `Default` loads the embedded data (or a newer cache).
#[derive(Default)]
pub struct ReleasesTab {
    /// Python or Django.
    product: Product,
    /// The last project file read successfully.
    project_path: Option<PathBuf>,
    runtime: Runtime,
}

impl ReleasesTab {
    /// A tab with an injected clock, environment, cache and download sources (tests).
    pub fn with_context(
        today: Date,
        env: Environment,
        cache: Option<Cache>,
        sources: Sources,
    ) -> ReleasesTab {
        ReleasesTab {
            product: Product::Python,
            project_path: None,
            runtime: Runtime::new(today, env, cache, sources),
        }
    }

    /// The product shown.
    pub fn product(&self) -> Product {
        self.product
    }

    /// Whether the interpreter search has finished.
    pub fn discovery_done(&self) -> bool {
        self.runtime.discovered.is_some()
    }

    /// Whether a refresh is running.
    pub fn refreshing(&self) -> bool {
        self.runtime.refresh.is_some()
    }

    /// Whether a project file is being read (or chosen in a dialog), or is
    /// about to be read again after a restart.
    pub fn reading_project_file(&self) -> bool {
        self.runtime.project_job.is_some() || self.runtime.reopen_project
    }

    /// The last project file read successfully (it is saved with the tab's state).
    pub fn project_path(&self) -> Option<&Path> {
        self.project_path.as_deref()
    }

    /// Read a `pyproject.toml` or `.python-version` on `jobs` and show what it pins.
    pub fn open_project_file(&mut self, path: &Path, jobs: &Runner) {
        let path = path.to_owned();
        self.runtime.project_job = Some(jobs.submit(
            JobSpec::blocking("releases: read project file").key("releases-project"),
            move |_ctx| read_project_file(&path).map(Some),
        ));
    }

    /// Ask for a project file in a dialog (on `jobs`: the dialog blocks) and read it.
    fn pick_project_file(&mut self, jobs: &Runner) {
        if self.runtime.project_job.is_some() {
            return;
        }
        let folder = self
            .project_path
            .as_deref()
            .and_then(Path::parent)
            .map(Path::to_owned);
        self.runtime.project_job = Some(jobs.submit(
            JobSpec::blocking("releases: open project file").key("releases-project"),
            move |_ctx| {
                if let Some(reason) = file_dialog::unavailable_reason() {
                    return Err(no_dialog_text(
                        reason,
                        "a pyproject.toml or .python-version",
                    ));
                }
                let mut dialog = rfd::FileDialog::new()
                    .set_title("Open a pyproject.toml or .python-version")
                    .add_filter(
                        "pyproject.toml, .python-version",
                        &["toml", "python-version"],
                    );
                if let Some(folder) = folder {
                    dialog = dialog.set_directory(folder);
                }
                match dialog.pick_file() {
                    Some(path) => read_project_file(&path).map(Some),
                    None => Ok(None),
                }
            },
        ));
    }

    /// Draw the tab. Interpreter discovery, the refresh and reading project
    /// files run on `jobs`.
    pub fn ui(&mut self, ui: &mut egui::Ui, jobs: &Runner) {
        self.poll_jobs();
        self.poll_scan(jobs);
        if !self.runtime.discovery_started {
            self.start_discovery(jobs);
        }
        if self.runtime.reopen_project {
            self.runtime.reopen_project = false;
            if let Some(path) = self.project_path.clone() {
                self.open_project_file(&path, jobs);
            }
        }
        self.toolbar_ui(ui, jobs);
        for warning in &self.runtime.warnings {
            ui.colored_label(Color32::from_rgb(220, 170, 40), warning);
        }
        ui.separator();
        // As tall as its content, at most about a third of the tab (then it
        // scrolls), so the table and timeline get the rest.
        let most = (ui.available_height() * 0.36).max(80.0);
        let band_height = self
            .runtime
            .band_content
            .map_or(most, |content| (content + 6.0).clamp(60.0, most));
        egui::Panel::top("releases-found")
            .exact_size(band_height)
            .frame(egui::Frame::NONE.inner_margin(egui::Margin {
                bottom: 6,
                ..egui::Margin::ZERO
            }))
            .show(ui, |ui| {
                let shown = egui::ScrollArea::vertical()
                    .id_salt("releases-found-scroll")
                    .auto_shrink([false, false])
                    .show(ui, |ui| {
                        self.project_ui(ui);
                        self.scan_ui(ui);
                        ui.heading(match &self.runtime.discovered {
                            Some(found) => format!("Interpreters found ({})", found.all.len()),
                            None => "Interpreters found".to_owned(),
                        });
                        self.interpreters_ui(ui, jobs);
                    });
                if self.runtime.band_content != Some(shown.content_size.y) {
                    self.runtime.band_content = Some(shown.content_size.y);
                    ui.ctx().request_repaint();
                }
            });
        let width = ui.available_width();
        egui::Panel::left("releases-table")
            .resizable(true)
            .default_size(500.0_f32.min(width * 0.6))
            .size_range(200.0..=(width - 160.0).max(200.0))
            .frame(egui::Frame::NONE.inner_margin(egui::Margin {
                top: 6,
                right: 8,
                ..egui::Margin::ZERO
            }))
            .show(ui, |ui| {
                ui.horizontal_wrapped(|ui| {
                    ui.heading(format!("{} release cycle", self.product));
                    self.copy_markdown_ui(ui);
                });
                self.table_ui(ui);
            });
        egui::CentralPanel::no_frame().show(ui, |ui| {
            ui.add_space(6.0);
            ui.horizontal(|ui| {
                ui.add_space(8.0);
                ui.heading("Timeline");
            });
            if let Ok(catalog) = self.runtime.catalog(self.product) {
                timeline::timeline_ui(ui, catalog, self.runtime.today, self.product);
            }
        });
    }

    fn poll_jobs(&mut self) {
        let mut rescan = false;
        let rt = &mut self.runtime;
        if let Some(handle) = &rt.discovery
            && let Some(outcome) = handle.try_take()
        {
            rt.discovery = None;
            rt.discovered = Some(match outcome {
                Outcome::Succeeded(found) => found,
                Outcome::Failed(e) => Discovered {
                    active: Err(e),
                    all: Vec::new(),
                },
                Outcome::Cancelled => Discovered {
                    active: Err("cancelled".to_owned()),
                    all: Vec::new(),
                },
                Outcome::Panicked(m) => Discovered {
                    active: Err(m),
                    all: Vec::new(),
                },
            });
        }
        if let Some(handle) = &rt.refresh
            && let Some(outcome) = handle.try_take()
        {
            rt.refresh = None;
            rt.refresh_message = Some(match outcome {
                Outcome::Succeeded(data) => {
                    rt.data = data;
                    rt.warnings.clear();
                    rt.parse();
                    rescan = true;
                    "Refreshed".to_owned()
                }
                Outcome::Failed(e) => format!("Refresh failed: {e}"),
                Outcome::Cancelled => "Refresh cancelled".to_owned(),
                Outcome::Panicked(m) => format!("Refresh failed: {m}"),
            });
        }
        if let Some(handle) = &rt.project_job
            && let Some(outcome) = handle.try_take()
        {
            rt.project_job = None;
            match outcome {
                Outcome::Succeeded(Some(file)) => {
                    self.project_path = Some(file.path.clone());
                    rt.opened_files.push(file.path.clone());
                    rt.project = Some(Ok(file));
                }
                Outcome::Succeeded(None) | Outcome::Cancelled => {}
                Outcome::Failed(e) => rt.project = Some(Err(e)),
                Outcome::Panicked(m) => {
                    rt.project = Some(Err(format!("reading the project file crashed: {m}")));
                }
            }
        }
        if rescan {
            self.assess_scan();
        }
    }

    fn start_discovery(&mut self, jobs: &Runner) {
        let env = self.runtime.env.clone();
        self.runtime.discovery_started = true;
        self.runtime.discovered = None;
        let handle = jobs.submit(
            JobSpec::blocking("releases: find interpreters").key("releases-discovery"),
            move |ctx| {
                let want = Want { django: true };
                ctx.set_message("active interpreter");
                let active = find_active(&env, want).map_err(|e| e.to_string());
                if ctx.is_cancelled() {
                    return Err("cancelled".to_owned());
                }
                ctx.set_message("every interpreter");
                let all = find_all(&env, want)
                    .into_iter()
                    .map(|r| r.map_err(|e| e.to_string()))
                    .collect();
                Ok::<_, String>(Discovered { active, all })
            },
        );
        self.runtime.discovery = Some(handle);
    }
}

impl Tab for ReleasesTab {
    fn title(&self) -> &'static str {
        "Releases"
    }

    fn ui(&mut self, ui: &mut egui::Ui, jobs: &Runner) {
        ReleasesTab::ui(self, ui, jobs);
    }

    fn save_state(&self) -> Option<serde_json::Value> {
        serde_json::to_value(ReleasesState {
            product: self.product,
            project_file: self.project_path.clone(),
        })
        .ok()
    }

    fn load_state(&mut self, state: serde_json::Value) {
        if let Ok(saved) = serde_json::from_value::<ReleasesState>(state) {
            self.product = saved.product;
            self.runtime.reopen_project = saved.project_file.is_some();
            self.project_path = saved.project_file;
        }
    }

    /// A project file, or a folder (scanned for pins).
    fn accepts_file(&self, path: &Path) -> bool {
        is_project_file_name(path) || path.is_dir()
    }

    fn take_opened_files(&mut self) -> Vec<PathBuf> {
        std::mem::take(&mut self.runtime.opened_files)
    }

    fn open_file(&mut self, path: &Path, jobs: &Runner) {
        if path.is_dir() {
            self.scan_folder(path, jobs);
        } else {
            self.open_project_file(path, jobs);
        }
    }

    fn shortcut(&mut self, action: TabAction, jobs: &Runner) -> bool {
        match action {
            // Ctrl+Enter checks again: a new search for interpreters.
            TabAction::Run => {
                self.start_discovery(jobs);
                true
            }
            TabAction::Cancel => {
                if let Some(handle) = &self.runtime.discovery {
                    handle.cancel();
                }
                if let Some(handle) = &self.runtime.refresh {
                    handle.cancel();
                }
                if let Some((_, handle)) = &self.runtime.scan_job {
                    handle.cancel();
                }
                true
            }
            // Ctrl+O opens a project file.
            TabAction::Open => {
                self.pick_project_file(jobs);
                true
            }
            TabAction::Save => false,
        }
    }
}
