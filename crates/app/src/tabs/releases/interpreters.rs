//! The interpreters found on this machine, each with its verdict.

use egui::RichText;
use toolcup_jobs::Runner;
use toolcup_releases::discovery::Interpreter;
use toolcup_releases::{Branch, Product, Status, Version};

use super::ReleasesTab;
use super::verdict::status_color;
use crate::recipes::releases::{Subject, found_by_text, product_version, verdict_line};

impl ReleasesTab {
    fn verdict_text(&self, interpreter: &Interpreter) -> (String, Option<Status>) {
        let version = match product_version(interpreter, self.product) {
            Ok(v) => v,
            Err(e) => return (e, None),
        };
        match self.runtime.catalog(self.product) {
            Ok(catalog) => match catalog.check(version, self.runtime.today) {
                Ok(v) => (
                    verdict_line(&version.to_string(), &v, Subject::Exact),
                    Some(v.status),
                ),
                Err(e) => (e.to_string(), None),
            },
            Err(e) => (e.clone(), None),
        }
    }

    pub(super) fn interpreters_ui(&mut self, ui: &mut egui::Ui, jobs: &Runner) {
        let Some(found) = &self.runtime.discovered else {
            ui.horizontal(|ui| {
                crate::busy::indicator(ui);
                ui.label("Looking for interpreters…");
            });
            return;
        };
        let active_path = match &found.active {
            Ok(Some(i)) => {
                let (text, status) = self.verdict_text(i);
                ui.horizontal_wrapped(|ui| {
                    ui.label("Active:");
                    ui.label(i.path.display().to_string());
                    ui.label(
                        RichText::new(text)
                            .color(status.map_or(ui.visuals().text_color(), status_color)),
                    );
                });
                for warning in &i.warnings {
                    ui.colored_label(
                        status_color(Status::Security),
                        format!("Warning: {warning}"),
                    );
                }
                Some(i.path.clone())
            }
            Ok(None) => {
                ui.label("No active interpreter: neither python nor python3 is on PATH");
                None
            }
            Err(e) => {
                ui.label(format!("Active interpreter: {e}"));
                None
            }
        };
        egui::Grid::new("releases-interpreters")
            .striped(true)
            .show(ui, |ui| {
                for entry in &found.all {
                    match entry {
                        Ok(i) => {
                            let (text, status) = self.verdict_text(i);
                            let mut path = RichText::new(i.path.display().to_string());
                            if Some(&i.path) == active_path.as_ref() {
                                path = path.strong();
                            }
                            ui.label(path);
                            ui.label(found_by_text(&i.found_by));
                            ui.label(
                                RichText::new(text)
                                    .color(status.map_or(ui.visuals().text_color(), status_color)),
                            );
                        }
                        Err(e) => {
                            ui.label(e);
                            ui.label("");
                            ui.label("");
                        }
                    }
                    ui.end_row();
                }
            });
        if ui.button("Search again").clicked() {
            self.runtime.discovery_started = false;
            self.start_discovery(jobs);
        }
    }

    /// The active branch of the shown product, from the discovered interpreter.
    pub(super) fn active_branch(&self) -> Option<Branch> {
        let found = self.runtime.discovered.as_ref()?;
        let interpreter = found.active.as_ref().ok()?.as_ref()?;
        match self.product {
            Product::Django => interpreter.django.flatten().map(|v: Version| v.branch()),
            _ => Some(interpreter.version.branch()),
        }
    }
}
