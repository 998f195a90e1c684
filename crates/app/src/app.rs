//! The window: a tab bar, the selected tab, the jobs panel and a status line.

use std::path::PathBuf;

use egui::{Key, KeyboardShortcut, Modifiers};
use toolcup_jobs::Runner;

use crate::about::{about_ui, shortcuts_ui};
use crate::jobs_panel::jobs_panel_ui;
use crate::recent::RecentFiles;
use crate::tabs::{Tab, TabAction, all_tabs};
use crate::toasts::Toasts;

/// The key under which the window's own settings are stored.
const SETTINGS_KEY: &str = "toolcup-settings";

/// The window's settings kept between runs.
#[derive(Debug, Default, serde::Serialize, serde::Deserialize)]
#[serde(default)]
struct Settings {
    /// Title of the last selected tab.
    tab: Option<String>,
    /// Whether the jobs panel is shown.
    hide_jobs: bool,
    /// Each tab's saved inputs, by title.
    tabs: std::collections::BTreeMap<String, serde_json::Value>,
    /// Files opened lately, most recent first.
    recent: RecentFiles,
}

/// The whole app state: the tabs, the selected one, and the job runner they
/// share. It draws into any `egui::Ui`, so tests drive it without a window.
pub struct ToolcupApp {
    runner: Runner,
    tabs: Vec<Box<dyn Tab>>,
    selected: usize,
    show_jobs: bool,
    show_about: bool,
    show_shortcuts: bool,
    /// The window was asked to close while jobs ran: ask before closing.
    confirm_close: bool,
    /// The user chose to close: let the next close request through.
    closing: bool,
    toasts: Toasts,
    recent: RecentFiles,
}

impl ToolcupApp {
    /// The app with every tab, sending work to `runner`.
    pub fn new(runner: Runner) -> Self {
        ToolcupApp::with_tabs(runner, all_tabs())
    }

    /// The app with the given tabs (tests use a subset).
    pub fn with_tabs(runner: Runner, tabs: Vec<Box<dyn Tab>>) -> Self {
        let toasts = Toasts::listen(&runner);
        ToolcupApp {
            runner,
            tabs,
            selected: 0,
            show_jobs: true,
            show_about: false,
            show_shortcuts: false,
            confirm_close: false,
            closing: false,
            toasts,
            recent: RecentFiles::default(),
        }
    }

    /// The shared job runner.
    pub fn runner(&self) -> &Runner {
        &self.runner
    }

    /// The title of the selected tab, if there is any tab.
    pub fn selected_title(&self) -> Option<&'static str> {
        self.tabs.get(self.selected).map(|tab| tab.title())
    }

    /// Select the tab with this title (any case); returns whether it exists.
    pub fn select(&mut self, title: &str) -> bool {
        match self
            .tabs
            .iter()
            .position(|tab| tab.title().eq_ignore_ascii_case(title))
        {
            Some(index) => {
                self.selected = index;
                true
            }
            None => false,
        }
    }

    /// Run `f` on the tab of type `T` with the runner it sends work to, for
    /// callers that drive one tab directly; `None` when there is no such tab.
    pub fn with_tab<T: Tab, R>(&mut self, f: impl FnOnce(&mut T, &Runner) -> R) -> Option<R> {
        let tab = self
            .tabs
            .iter_mut()
            .find_map(|tab| (tab.as_mut() as &mut dyn std::any::Any).downcast_mut::<T>())?;
        Some(f(tab, &self.runner))
    }

    /// Open each file in the first tab that accepts it (an image in Denoise,
    /// a `pyproject.toml` or `.python-version` in Releases) and switch to
    /// that tab, as dropping them on the window does. A file no tab opens
    /// raises a warning toast; those files are returned.
    pub fn open_paths(&mut self, paths: &[PathBuf]) -> Vec<PathBuf> {
        let mut refused = Vec::new();
        for path in paths {
            match self.tabs.iter().position(|tab| tab.accepts_file(path)) {
                Some(index) => {
                    self.selected = index;
                    self.tabs[index].open_file(path, &self.runner);
                    self.recent.add(path);
                }
                None => {
                    self.toasts.warn(format!("No tab opens {}", path.display()));
                    refused.push(path.clone());
                }
            }
        }
        refused
    }

    /// Restore settings from eframe's storage.
    pub fn load(&mut self, storage: &dyn eframe::Storage) {
        let Some(settings) = eframe::get_value::<Settings>(storage, SETTINGS_KEY) else {
            return;
        };
        if let Some(title) = &settings.tab {
            self.select(title);
        }
        self.show_jobs = !settings.hide_jobs;
        self.recent = settings.recent;
        for tab in &mut self.tabs {
            if let Some(state) = settings.tabs.get(tab.title()) {
                tab.load_state(state.clone());
            }
        }
    }

    fn settings(&self) -> Settings {
        Settings {
            tab: self.selected_title().map(str::to_owned),
            hide_jobs: !self.show_jobs,
            tabs: self
                .tabs
                .iter()
                .filter_map(|tab| Some((tab.title().to_owned(), tab.save_state()?)))
                .collect(),
            recent: self.recent.clone(),
        }
    }

    /// The files opened lately, most recent first.
    pub fn recent_files(&self) -> &[PathBuf] {
        self.recent.paths()
    }

    /// The toasts raised by finished jobs.
    pub fn toasts(&self) -> &Toasts {
        &self.toasts
    }

    /// Draw the whole window into `ui`.
    pub fn ui(&mut self, ui: &mut egui::Ui) {
        self.handle_shortcuts(ui.ctx());
        self.handle_close_request(ui.ctx());
        egui::Panel::top("tab_bar").show(ui, |ui| self.tab_bar_ui(ui));
        egui::Panel::bottom("status_line").show(ui, |ui| self.status_line_ui(ui));
        if self.show_jobs {
            egui::Panel::right("jobs_panel")
                .default_size(260.0)
                .size_range(200.0..=480.0)
                .show(ui, |ui| jobs_panel_ui(ui, &self.runner));
        }
        egui::CentralPanel::default().show(ui, |ui| {
            self.open_dropped_files(ui);
            match self.tabs.get_mut(self.selected) {
                Some(tab) => {
                    tab.ui(ui, &self.runner);
                    for path in tab.take_opened_files() {
                        self.recent.add(&path);
                    }
                }
                None => {
                    ui.weak("No tools are built into this copy of Toolcup.");
                }
            }
            self.drop_preview_ui(ui);
        });
        self.windows_ui(ui.ctx());
        self.toasts.ui(ui.ctx());
    }

    fn handle_shortcuts(&mut self, ctx: &egui::Context) {
        let tab_keys = [
            Key::Num1,
            Key::Num2,
            Key::Num3,
            Key::Num4,
            Key::Num5,
            Key::Num6,
        ];
        for (index, key) in tab_keys.into_iter().enumerate().take(self.tabs.len()) {
            if ctx
                .input_mut(|i| i.consume_shortcut(&KeyboardShortcut::new(Modifiers::COMMAND, key)))
            {
                self.selected = index;
            }
        }
        if ctx.input_mut(|i| i.consume_key(Modifiers::NONE, Key::F1)) {
            self.show_shortcuts = !self.show_shortcuts;
        }
        let actions = [
            (
                KeyboardShortcut::new(Modifiers::COMMAND, Key::O),
                TabAction::Open,
            ),
            (
                KeyboardShortcut::new(Modifiers::COMMAND, Key::S),
                TabAction::Save,
            ),
            (
                KeyboardShortcut::new(Modifiers::COMMAND, Key::Enter),
                TabAction::Run,
            ),
            (
                KeyboardShortcut::new(Modifiers::NONE, Key::Escape),
                TabAction::Cancel,
            ),
        ];
        for (shortcut, action) in actions {
            if ctx.input_mut(|i| i.consume_shortcut(&shortcut))
                && let Some(tab) = self.tabs.get_mut(self.selected)
            {
                tab.shortcut(action, &self.runner);
            }
        }
    }

    /// Closing while jobs run asks first; confirming cancels the jobs, and
    /// the runner joins them as the app drops, so nothing is left half-done
    /// (the tools write files through a temporary file and a rename).
    fn handle_close_request(&mut self, ctx: &egui::Context) {
        let requested = ctx.input(|i| i.viewport().close_requested());
        if requested && !self.closing && self.runner.active_count() > 0 {
            ctx.send_viewport_cmd(egui::ViewportCommand::CancelClose);
            self.confirm_close = true;
        }
    }

    fn windows_ui(&mut self, ctx: &egui::Context) {
        // Centred, so they never cover the tab bar.
        egui::Window::new("About Toolcup")
            .open(&mut self.show_about)
            .collapsible(false)
            .resizable(false)
            .anchor(egui::Align2::CENTER_CENTER, egui::Vec2::ZERO)
            .show(ctx, about_ui);
        egui::Window::new("Keyboard shortcuts")
            .open(&mut self.show_shortcuts)
            .collapsible(false)
            .resizable(false)
            .anchor(egui::Align2::CENTER_CENTER, egui::Vec2::ZERO)
            .show(ctx, shortcuts_ui);
        if self.confirm_close {
            let active = self.runner.active_count();
            if active == 0 {
                self.confirm_close = false;
                return;
            }
            let modal = egui::Modal::new(egui::Id::unique("confirm_close")).show(ctx, |ui| {
                ui.heading("Jobs are still running");
                ui.label(format!(
                    "{active} job{} will be cancelled if you quit now.",
                    if active == 1 { "" } else { "s" }
                ));
                ui.horizontal(|ui| {
                    if ui.button("Cancel jobs and quit").clicked() {
                        self.runner.cancel_all();
                        self.closing = true;
                        self.confirm_close = false;
                        ui.ctx().send_viewport_cmd(egui::ViewportCommand::Close);
                    }
                    if ui.button("Keep working").clicked() {
                        self.confirm_close = false;
                    }
                });
            });
            if modal.should_close() {
                self.confirm_close = false;
            }
        }
    }

    fn tab_bar_ui(&mut self, ui: &mut egui::Ui) {
        ui.horizontal(|ui| {
            ui.strong("Toolcup");
            ui.separator();
            for (index, tab) in self.tabs.iter().enumerate() {
                let selected = self.selected == index;
                let response = ui
                    .selectable_label(selected, tab.title())
                    .on_hover_text(format!("Ctrl+{}", index + 1));
                // A tab, not a button: screen readers say so, and a tab's
                // title never clashes with a button of the same name.
                let title = tab.title();
                response.widget_info(|| {
                    egui::WidgetInfo::selected(egui::Role::Tab, true, selected, title)
                });
                if response.clicked() {
                    self.selected = index;
                }
            }
            ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                ui.menu_button("Menu", |ui| {
                    self.recent_menu_ui(ui);
                    ui.separator();
                    ui.label("Theme");
                    let mut theme = ui.options(|o| o.theme_preference);
                    ui.radio_value(
                        &mut theme,
                        egui::ThemePreference::System,
                        "Follow the system",
                    );
                    ui.radio_value(&mut theme, egui::ThemePreference::Light, "Light");
                    ui.radio_value(&mut theme, egui::ThemePreference::Dark, "Dark");
                    ui.ctx().set_theme(theme);
                    ui.separator();
                    if ui.button("Keyboard shortcuts").clicked() {
                        self.show_shortcuts = true;
                    }
                    if ui.button("About Toolcup").clicked() {
                        self.show_about = true;
                    }
                });
                ui.toggle_value(&mut self.show_jobs, "Jobs panel")
                    .on_hover_text("Show or hide the jobs panel");
            });
        });
    }

    fn status_line_ui(&self, ui: &mut egui::Ui) {
        ui.horizontal(|ui| {
            let active = self.runner.active_count();
            if active == 0 {
                ui.weak("Ready");
            } else {
                crate::busy::indicator(ui);
                ui.label(format!(
                    "{active} job{} running",
                    if active == 1 { "" } else { "s" }
                ));
            }
        });
    }

    fn recent_menu_ui(&mut self, ui: &mut egui::Ui) {
        ui.menu_button("Open recent", |ui| {
            if self.recent.paths().is_empty() {
                ui.weak("No files opened yet");
                return;
            }
            let mut chosen = None;
            for path in self.recent.paths() {
                let name = path.file_name().map_or_else(
                    || path.display().to_string(),
                    |name| name.to_string_lossy().into_owned(),
                );
                if ui
                    .button(name)
                    .on_hover_text(path.display().to_string())
                    .clicked()
                {
                    chosen = Some(path.clone());
                }
            }
            ui.separator();
            if ui.button("Clear recent files").clicked() {
                self.recent = RecentFiles::default();
            }
            if let Some(path) = chosen {
                if path.is_file() {
                    self.open_paths(std::slice::from_ref(&path));
                } else {
                    self.toasts
                        .warn(format!("{} is no longer there", path.display()));
                    self.recent.remove(&path);
                }
                ui.close();
            }
        });
    }

    /// While files are dragged over the window, say where each would go.
    fn drop_preview_ui(&self, ui: &egui::Ui) {
        let hovered: Vec<PathBuf> = ui.input(|input| {
            input
                .raw
                .hovered_files
                .iter()
                .filter_map(|file| file.path.clone())
                .collect()
        });
        let any_hovered = ui.input(|input| !input.raw.hovered_files.is_empty());
        if !any_hovered {
            return;
        }
        let lines: Vec<String> = if hovered.is_empty() {
            vec!["Drop to open".to_owned()]
        } else {
            hovered
                .iter()
                .map(|path| self.drop_target_text(path))
                .collect()
        };
        let rect = ui.max_rect();
        let painter = ui.ctx().layer_painter(egui::LayerId::new(
            egui::Order::Foreground,
            egui::Id::unique("drop_preview"),
        ));
        let visuals = ui.visuals();
        painter.rect_filled(rect, 8.0, visuals.extreme_bg_color.gamma_multiply(0.85));
        painter.rect_stroke(
            rect.shrink(4.0),
            8.0,
            egui::Stroke::new(2.0, visuals.selection.stroke.color),
            egui::StrokeKind::Inside,
        );
        painter.text(
            rect.center(),
            egui::Align2::CENTER_CENTER,
            lines.join("\n"),
            egui::FontId::proportional(20.0),
            visuals.strong_text_color(),
        );
    }

    /// What dropping `path` would do: open it in a tab, or nothing.
    pub fn drop_target_text(&self, path: &std::path::Path) -> String {
        let name = path.file_name().map_or_else(
            || path.display().to_string(),
            |name| name.to_string_lossy().into_owned(),
        );
        match self.tabs.iter().find(|tab| tab.accepts_file(path)) {
            Some(tab) => format!("Drop to open {name} in {}", tab.title()),
            None => format!("No tab opens {name}"),
        }
    }

    /// Hand files dropped on the window to the first tab that accepts them,
    /// and switch to it.
    fn open_dropped_files(&mut self, ui: &egui::Ui) {
        let dropped: Vec<PathBuf> = ui.input(|input| {
            input
                .raw
                .dropped_files
                .iter()
                .map(|file| file.path().to_path_buf())
                .filter(|path| !path.as_os_str().is_empty())
                .collect()
        });
        self.open_paths(&dropped);
    }
}

impl eframe::App for ToolcupApp {
    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        ToolcupApp::ui(self, ui);
    }

    fn save(&mut self, storage: &mut dyn eframe::Storage) {
        eframe::set_value(storage, SETTINGS_KEY, &self.settings());
    }
}

/// The name eframe stores settings under.
pub const APP_NAME: &str = "toolcup";
