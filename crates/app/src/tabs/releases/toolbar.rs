//! The tab's toolbar: product switch, "Open project file…", "Scan folder…", the data's
//! origin and age, and Refresh (run on the job runner); and the table's
//! "Copy as Markdown".

use std::time::Duration;

use toolcup_jobs::{JobSpec, Runner};
use toolcup_releases::{Product, data_summary};

use super::ReleasesTab;

impl ReleasesTab {
    pub(super) fn start_refresh(&mut self, jobs: &Runner) {
        let Some(cache) = self.runtime.cache.clone() else {
            self.runtime.refresh_message =
                Some("Refresh failed: no cache folder on this platform".to_owned());
            return;
        };
        let sources = self.runtime.sources.clone();
        let today = self.runtime.today;
        self.runtime.refresh_message = None;
        let handle = jobs.submit(
            JobSpec::blocking("releases: refresh data").key("releases-refresh"),
            move |ctx| {
                toolcup_releases::refresh(
                    &sources,
                    &cache,
                    Duration::from_secs(20),
                    today,
                    &mut |p| {
                        ctx.set_message(p.message);
                        ctx.report(u64::from(p.done), u64::from(p.total))
                    },
                )
                .map_err(|e| e.to_string())
            },
        );
        self.runtime.refresh = Some(handle);
    }

    pub(super) fn toolbar_ui(&mut self, ui: &mut egui::Ui, jobs: &Runner) {
        ui.horizontal_wrapped(|ui| {
            ui.label("Product:");
            ui.selectable_value(&mut self.product, Product::Python, "Python");
            ui.selectable_value(&mut self.product, Product::Django, "Django");
            ui.separator();
            if ui
                .add_enabled(
                    self.runtime.project_job.is_none(),
                    egui::Button::new("Open project file…"),
                )
                .on_hover_text(
                    "Read a pyproject.toml (requires-python) or .python-version (Ctrl+O); \
                     dropping one on the window works too",
                )
                .clicked()
            {
                self.pick_project_file(jobs);
            }
            if ui
                .add_enabled(
                    !self.scanning(),
                    egui::Button::new(super::SCAN_FOLDER_LABEL),
                )
                .on_hover_text(
                    "Find every Python and Django version a repository pins, with its status, \
                     as `toolcup releases scan` does; dropping a folder on the window works too",
                )
                .clicked()
            {
                self.pick_scan_folder(jobs);
            }
            ui.separator();
            let rt = &self.runtime;
            ui.label(data_summary(&rt.data.origin, rt.data.date, rt.today));
            match &self.runtime.refresh {
                Some(handle) => {
                    let p = handle.progress();
                    ui.add(
                        egui::ProgressBar::new(p.fraction().unwrap_or(0.0))
                            .desired_width(120.0)
                            .text(handle.info().message),
                    );
                    if ui.button("Cancel refresh").clicked() {
                        handle.cancel();
                    }
                }
                None => {
                    if ui
                        .button("Refresh")
                        .on_hover_text(
                            "Download the current release data (PEPs site, endoflife.date)",
                        )
                        .clicked()
                    {
                        self.start_refresh(jobs);
                    }
                }
            }
            if let Some(message) = &self.runtime.refresh_message {
                ui.label(message);
            }
        });
    }

    /// The "Copy as Markdown" button of the table, and what it last copied.
    pub(super) fn copy_markdown_ui(&mut self, ui: &mut egui::Ui) {
        let usable = self.runtime.catalog(self.product).is_ok();
        if ui
            .add_enabled(usable, egui::Button::new("Copy as Markdown"))
            .on_hover_text(format!(
                "Copy the {} table as Markdown, as `toolcup releases list --markdown` prints it",
                self.product
            ))
            .clicked()
            && let Some(text) = self.table_markdown()
        {
            ui.ctx().copy_text(text);
            self.runtime.copied = Some(format!("Copied the {} table", self.product));
        }
        if let Some(copied) = &self.runtime.copied {
            ui.weak(copied);
        }
    }
}
