//! The tab's repository scan: "Scan folder…" (or a folder dropped on the
//! window) walks the folder on the job runner, as `toolcup releases scan`
//! does, and lists every Python and Django pin found with its status colour,
//! end of life and upgrade; each location copies as `file:line`.

use std::path::{Path, PathBuf};

use egui::RichText;
use egui_extras::{Column, TableBuilder};
use toolcup_jobs::{JobSpec, Outcome, Runner};
use toolcup_releases::Status;
use toolcup_releases::scan::{
    Finding, Found, ScanOptions, TABLE_HEADER, assess, escape_path, finding_cells, summary,
};

use super::ReleasesTab;
use super::verdict::status_color;
use crate::file_dialog::{self, no_dialog_text};
use crate::recipes::releases_scan::submit_scan;

/// What a finished scan shows.
pub(super) struct ScanView {
    /// The folder scanned.
    pub(super) root: PathBuf,
    /// What the walk found, or why it failed (one line).
    pub(super) found: Result<Found, String>,
    /// The pins assessed against the data shown (again after a refresh).
    pub(super) findings: Vec<Finding>,
}

/// The label of the button that starts a scan.
pub const SCAN_FOLDER_LABEL: &str = "Scan folder…";

impl ReleasesTab {
    /// Scan `root` on `jobs` for Python and Django pins (a new scan replaces
    /// the one running).
    pub fn scan_folder(&mut self, root: &Path, jobs: &Runner) {
        let root = root.to_owned();
        let handle = submit_scan(jobs, root.clone(), ScanOptions::default());
        self.runtime.scan_job = Some((root, handle));
    }

    /// Whether a scan (or the dialog choosing its folder) is running.
    pub fn scanning(&self) -> bool {
        self.runtime.scan_job.is_some() || self.runtime.scan_pick.is_some()
    }

    /// The findings of the last scan, as the table shows them.
    pub fn scan_findings(&self) -> &[Finding] {
        self.runtime.scan.as_ref().map_or(&[], |s| &s.findings)
    }

    /// Ask for a folder in a dialog (on `jobs`: the dialog blocks), then scan it.
    pub(super) fn pick_scan_folder(&mut self, jobs: &Runner) {
        if self.scanning() {
            return;
        }
        let start = self.runtime.scan.as_ref().map(|s| s.root.clone());
        self.runtime.scan_pick = Some(jobs.submit(
            JobSpec::blocking("releases: choose a folder to scan").key("releases-scan-pick"),
            move |_ctx| {
                if let Some(reason) = file_dialog::unavailable_reason() {
                    return Err(no_dialog_text(reason, "a folder"));
                }
                let mut dialog = rfd::FileDialog::new().set_title("Scan a repository folder");
                if let Some(start) = start {
                    dialog = dialog.set_directory(start);
                }
                Ok::<_, String>(dialog.pick_folder())
            },
        ));
    }

    /// Takes finished scan jobs: a chosen folder starts its scan, a finished
    /// scan is assessed against the data shown.
    pub(super) fn poll_scan(&mut self, jobs: &Runner) {
        if let Some(handle) = &self.runtime.scan_pick
            && let Some(outcome) = handle.try_take()
        {
            self.runtime.scan_pick = None;
            match outcome {
                Outcome::Succeeded(Some(folder)) => {
                    self.runtime.opened_files.push(folder.clone());
                    self.scan_folder(&folder, jobs);
                }
                Outcome::Succeeded(None) | Outcome::Cancelled => {}
                Outcome::Failed(e) | Outcome::Panicked(e) => {
                    self.runtime.scan = Some(ScanView {
                        root: PathBuf::new(),
                        found: Err(e),
                        findings: Vec::new(),
                    });
                }
            }
        }
        if let Some((root, handle)) = &self.runtime.scan_job
            && let Some(outcome) = handle.try_take()
        {
            let root = root.clone();
            self.runtime.scan_job = None;
            let found = match outcome {
                Outcome::Succeeded(found) => Ok(found),
                Outcome::Failed(e) => Err(e),
                Outcome::Cancelled => Err("scan cancelled".to_owned()),
                Outcome::Panicked(m) => Err(format!("the scan crashed: {m}")),
            };
            self.runtime.scan = Some(ScanView {
                root,
                found,
                findings: Vec::new(),
            });
            self.assess_scan();
        }
    }

    /// Assesses the last scan's pins against the data shown (after a scan or a refresh).
    pub(super) fn assess_scan(&mut self) {
        let rt = &mut self.runtime;
        let (Some(view), Ok(python)) = (&mut rt.scan, &rt.python) else {
            return;
        };
        if let Ok(found) = &view.found {
            view.findings = assess(&found.pins, python, rt.django.as_ref().ok(), rt.today);
        }
    }

    /// The scan section: progress while it runs, then the summary and one row
    /// per pin in the order found, or the one-line reason it failed.
    pub(super) fn scan_ui(&mut self, ui: &mut egui::Ui) {
        if let Some((root, handle)) = &self.runtime.scan_job {
            ui.horizontal(|ui| {
                crate::busy::indicator(ui);
                ui.label(format!(
                    "Scanning {}… {}",
                    root.display(),
                    handle.info().message
                ));
                if ui.button("Cancel scan").clicked() {
                    handle.cancel();
                }
            });
        }
        let mut close = false;
        let mut copied = None;
        match &self.runtime.scan {
            None => return,
            Some(view) => match &view.found {
                Err(e) => {
                    ui.horizontal_wrapped(|ui| {
                        ui.colored_label(status_color(Status::EndOfLife), e);
                        close = ui.button("Dismiss").clicked();
                    });
                }
                Ok(found) => {
                    ui.horizontal_wrapped(|ui| {
                        ui.heading("Scan");
                        ui.label(RichText::new(view.root.display().to_string()).monospace());
                        close = ui.button("Close scan").clicked();
                    });
                    ui.label(summary(&view.findings, found.files_read));
                    if !found.skipped.is_empty() {
                        ui.weak(format!(
                            "{} files or folders could not be read (`toolcup releases scan` names them)",
                            found.skipped.len()
                        ));
                    }
                    if !view.findings.is_empty() {
                        copied = findings_table_ui(ui, &view.root, &view.findings);
                    }
                }
            },
        }
        if let Some(location) = copied {
            ui.ctx().copy_text(location.clone());
            self.runtime.copied = Some(format!("Copied {location}"));
        }
        if close {
            self.runtime.scan = None;
        }
        ui.separator();
    }
}

/// The findings, one row each, at most about ten rows tall (then it scrolls,
/// with a scroll bar always drawn). Returns `root/file:line` when a location
/// was clicked.
fn findings_table_ui(ui: &mut egui::Ui, root: &Path, findings: &[Finding]) -> Option<String> {
    let mut copied = None;
    ui.push_id("releases-scan-findings", |ui| {
        ui.spacing_mut().scroll = egui::style::ScrollStyle::solid();
        let row_height = 20.0;
        TableBuilder::new(ui)
            .striped(true)
            .auto_shrink([false, true])
            .max_scroll_height(row_height * 10.0)
            .column(Column::auto().at_least(160.0).clip(true))
            .column(Column::auto().at_least(110.0).clip(true))
            .column(Column::auto().at_least(80.0))
            .column(Column::auto().at_least(150.0))
            .column(Column::remainder().at_least(120.0).clip(true))
            .header(row_height, |mut header| {
                for i in [0, 2, 3, 4, 5] {
                    header.col(|ui| {
                        ui.strong(title_case(TABLE_HEADER[i]));
                    });
                }
            })
            .body(|body| {
                body.rows(row_height, findings.len(), |mut row| {
                    let finding = &findings[row.index()];
                    let cells = finding_cells(finding);
                    row.col(|ui| {
                        if ui
                            .button(RichText::new(&cells[0]).monospace())
                            .on_hover_text("Copy file:line")
                            .clicked()
                        {
                            copied = Some(format!(
                                "{}:{}",
                                escape_path(&root.join(&finding.site.path)),
                                finding.site.line
                            ));
                        }
                    });
                    row.col(|ui| {
                        ui.label(&cells[2]);
                    });
                    row.col(|ui| {
                        let status = finding.assessment.status;
                        let text = RichText::new(&cells[3]);
                        ui.label(match status {
                            Some(s) => text.color(status_color(s)),
                            None => text.weak(),
                        });
                    });
                    row.col(|ui| {
                        ui.label(&cells[4]);
                    });
                    row.col(|ui| {
                        ui.label(&cells[5]);
                    });
                });
            });
    });
    copied
}

/// `END OF LIFE` as `End of life`.
fn title_case(header: &str) -> String {
    let lower = header.to_lowercase();
    let mut chars = lower.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headers_read_as_sentences() {
        assert_eq!(title_case("END OF LIFE"), "End of life");
        assert_eq!(title_case("UPGRADE TO"), "Upgrade to");
        assert_eq!(title_case(""), "");
    }
}
