//! The window: a tab bar, the selected tab, the jobs panel and a status line.

use toolcup_jobs::Runner;

use crate::jobs_panel::jobs_panel_ui;
use crate::tabs::{Tab, all_tabs};

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
}

/// The whole app state: the tabs, the selected one, and the job runner they
/// share. It draws into any `egui::Ui`, so tests drive it without a window.
pub struct ToolcupApp {
    runner: Runner,
    tabs: Vec<Box<dyn Tab>>,
    selected: usize,
    show_jobs: bool,
}

impl ToolcupApp {
    /// The app with every tab, sending work to `runner`.
    pub fn new(runner: Runner) -> Self {
        ToolcupApp::with_tabs(runner, all_tabs())
    }

    /// The app with the given tabs (tests use a subset).
    pub fn with_tabs(runner: Runner, tabs: Vec<Box<dyn Tab>>) -> Self {
        ToolcupApp {
            runner,
            tabs,
            selected: 0,
            show_jobs: true,
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

    /// Select the tab with this title; returns whether it exists.
    pub fn select(&mut self, title: &str) -> bool {
        match self.tabs.iter().position(|tab| tab.title() == title) {
            Some(index) => {
                self.selected = index;
                true
            }
            None => false,
        }
    }

    /// Restore settings from eframe's storage.
    fn load(&mut self, storage: &dyn eframe::Storage) {
        let Some(settings) = eframe::get_value::<Settings>(storage, SETTINGS_KEY) else {
            return;
        };
        if let Some(title) = &settings.tab {
            self.select(title);
        }
        self.show_jobs = !settings.hide_jobs;
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
        }
    }

    /// Draw the whole window into `ui`.
    pub fn ui(&mut self, ui: &mut egui::Ui) {
        egui::Panel::top("tab_bar").show(ui, |ui| self.tab_bar_ui(ui));
        egui::Panel::bottom("status_line").show(ui, |ui| self.status_line_ui(ui));
        if self.show_jobs {
            egui::Panel::right("jobs_panel")
                .default_size(260.0)
                .min_size(200.0)
                .show(ui, |ui| jobs_panel_ui(ui, &self.runner));
        }
        egui::CentralPanel::default().show(ui, |ui| {
            self.open_dropped_files(ui);
            match self.tabs.get_mut(self.selected) {
                Some(tab) => tab.ui(ui, &self.runner),
                None => {
                    ui.weak("No tools are built into this copy of Toolcup.");
                }
            }
        });
    }

    fn tab_bar_ui(&mut self, ui: &mut egui::Ui) {
        ui.horizontal(|ui| {
            ui.strong("Toolcup");
            ui.separator();
            for (index, tab) in self.tabs.iter().enumerate() {
                if ui
                    .selectable_label(self.selected == index, tab.title())
                    .clicked()
                {
                    self.selected = index;
                }
            }
            ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
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
                ui.spinner();
                ui.label(format!(
                    "{active} job{} running",
                    if active == 1 { "" } else { "s" }
                ));
            }
        });
    }

    /// Hand files dropped on the window to the first tab that accepts them,
    /// and switch to it.
    fn open_dropped_files(&mut self, ui: &egui::Ui) {
        let dropped = ui.input(|input| input.raw.dropped_files.clone());
        for file in dropped {
            let path = file.path().to_path_buf();
            if path.as_os_str().is_empty() {
                continue;
            }
            match self.tabs.iter().position(|tab| tab.accepts_file(&path)) {
                Some(index) => {
                    self.selected = index;
                    self.tabs[index].open_file(&path, &self.runner);
                }
                None => tracing::warn!("no tab opens {}", path.display()),
            }
        }
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

/// Open the window and run until it closes.
pub fn run_window() -> anyhow::Result<()> {
    let options = eframe::NativeOptions {
        viewport: egui::ViewportBuilder::default()
            .with_title("Toolcup")
            .with_app_id("toolcup")
            .with_inner_size([1200.0, 780.0])
            .with_min_inner_size([720.0, 480.0]),
        ..Default::default()
    };
    eframe::run_native(
        "toolcup",
        options,
        Box::new(|cc| {
            let runner = Runner::new();
            let ctx = cc.egui_ctx.clone();
            runner.set_waker(move || ctx.request_repaint());
            let mut app = ToolcupApp::new(runner);
            if let Some(storage) = cc.storage {
                app.load(storage);
            }
            Ok(Box::new(app))
        }),
    )
    .map_err(|err| anyhow::anyhow!("cannot open the window: {err}"))
}
