//! The project file section of the tab: what a dropped or opened
//! `pyproject.toml` or `.python-version` pins, each pin's verdict, or the
//! one-line reason it could not be read.

use egui::RichText;

use super::ReleasesTab;
use super::project::{pin_rows, rows_ui, summary};
use super::verdict::status_color;

impl ReleasesTab {
    /// The project file section: what the file pins and each pin's verdict, or
    /// the one-line reason it could not be read.
    pub(super) fn project_ui(&mut self, ui: &mut egui::Ui) {
        if self.runtime.project_job.is_some() {
            ui.horizontal(|ui| {
                crate::busy::indicator(ui);
                ui.label("Reading the project file…");
            });
        }
        let mut close = false;
        match &self.runtime.project {
            None => return,
            Some(Err(e)) => {
                ui.horizontal_wrapped(|ui| {
                    ui.colored_label(status_color(toolcup_releases::Status::EndOfLife), e);
                    close = ui.button("Dismiss").clicked();
                });
            }
            Some(Ok(file)) => {
                ui.horizontal_wrapped(|ui| {
                    ui.heading("Project file");
                    ui.label(RichText::new(file.path.display().to_string()).monospace());
                    close = ui.button("Close project file").clicked();
                });
                match &self.runtime.python {
                    Ok(python) => {
                        let rows = pin_rows(&file.pins, python, self.runtime.today);
                        ui.label(summary(file, &rows));
                        rows_ui(ui, &rows);
                    }
                    Err(e) => {
                        ui.label(format!("Python release data unusable: {e}"));
                    }
                }
            }
        }
        if close {
            self.runtime.project = None;
            self.project_path = None;
        }
        ui.separator();
    }
}
