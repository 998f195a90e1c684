//! The tabs of the window, one module per tool.
//!
//! Each tool's tab is a struct in `tabs/<tool>.rs` whose `Default` loads the
//! bundled sample data and whose inherent
//! `fn ui(&mut self, ui: &mut egui::Ui, jobs: &Runner)` draws it, so a test
//! can drive one tab alone; it also implements [`Tab`] so the window can hold
//! all of them in one list.

pub mod brew;
pub mod denoise;
pub mod releases;
pub mod rotation;

use std::any::Any;
use std::path::{Path, PathBuf};

use toolcup_jobs::Runner;

/// What the window needs from a tab. `Any` lets the window hand a caller the
/// concrete tab ([`crate::app::ToolcupApp::with_tab`]).
pub trait Tab: Any {
    /// The title in the tab bar, for example `"Brew"`.
    fn title(&self) -> &'static str;

    /// Draw the tab. Never block: long work goes through `jobs`.
    fn ui(&mut self, ui: &mut egui::Ui, jobs: &Runner);

    /// The tab's inputs worth keeping between runs, as JSON; `None` keeps
    /// nothing.
    fn save_state(&self) -> Option<serde_json::Value> {
        None
    }

    /// Restore inputs saved by [`Tab::save_state`]; unreadable state is
    /// ignored.
    fn load_state(&mut self, _state: serde_json::Value) {}

    /// Whether a file dropped on the window belongs to this tab.
    fn accepts_file(&self, _path: &Path) -> bool {
        false
    }

    /// Open a file dropped on the window (only called when
    /// [`Tab::accepts_file`] said yes).
    fn open_file(&mut self, _path: &Path, _jobs: &Runner) {}

    /// The files this tab opened itself (through its own dialog or path
    /// field) since the last call, for the window's recent-files menu.
    fn take_opened_files(&mut self) -> Vec<PathBuf> {
        Vec::new()
    }

    /// Run a keyboard shortcut's action in this tab; returns whether the tab
    /// has that action.
    fn shortcut(&mut self, _action: TabAction, _jobs: &Runner) -> bool {
        false
    }
}

/// The actions the window's keyboard shortcuts send to the current tab.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TabAction {
    /// Ctrl+O: open an input through a file dialog.
    Open,
    /// Ctrl+S: save the result through a file dialog.
    Save,
    /// Ctrl+Enter: the tab's main action (brew, convert, check).
    Run,
    /// Esc: cancel the tab's running job.
    Cancel,
}

/// Every tab of the window, in tab-bar order.
pub fn all_tabs() -> Vec<Box<dyn Tab>> {
    vec![
        Box::new(brew::BrewTab::default()),
        Box::new(denoise::DenoiseTab::default()),
        Box::new(rotation::RotationTab::default()),
        Box::new(releases::ReleasesTab::default()),
    ]
}
