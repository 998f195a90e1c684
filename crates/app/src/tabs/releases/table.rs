//! The release table of the shown product, newest branch first, and the same
//! table as Markdown for the clipboard.

use egui::RichText;
use egui_extras::{Column, TableBuilder};
use toolcup_releases::{list_rows, render_markdown};

use super::ReleasesTab;
use super::verdict::status_color;

impl ReleasesTab {
    /// The shown table as Markdown, exactly as `toolcup releases list
    /// --markdown` prints it (oldest branch first, the active one in bold);
    /// `None` when the release data is unusable.
    pub fn table_markdown(&self) -> Option<String> {
        let catalog = self.runtime.catalog(self.product).as_ref().ok()?;
        Some(render_markdown(&list_rows(
            catalog,
            self.runtime.today,
            self.active_branch(),
        )))
    }

    pub(super) fn table_ui(&mut self, ui: &mut egui::Ui) {
        let catalog = match self.runtime.catalog(self.product) {
            Ok(c) => c,
            Err(e) => {
                ui.label(format!("Release data unusable: {e}"));
                return;
            }
        };
        let mut rows = list_rows(catalog, self.runtime.today, self.active_branch());
        rows.reverse(); // newest first on screen
        let dash = |d: Option<String>| d.unwrap_or_else(|| "–".to_owned());
        // A scroll bar always drawn when rows are cut off (the default
        // floating one is invisible until hovered: issue 14).
        ui.spacing_mut().scroll = egui::style::ScrollStyle::solid();
        TableBuilder::new(ui)
            .id_salt(("releases-table", self.product))
            .striped(true)
            .auto_shrink([false, false])
            .column(Column::auto().at_least(70.0))
            .column(Column::auto().at_least(90.0))
            .columns(Column::auto().at_least(90.0), 3)
            .header(20.0, |mut header| {
                for title in [
                    "Version",
                    "Status",
                    "First release",
                    "End of life",
                    "Latest patch",
                ] {
                    header.col(|ui| {
                        ui.strong(title);
                    });
                }
            })
            .body(|mut body| {
                for r in &rows {
                    body.row(18.0, |mut row| {
                        row.set_selected(r.active);
                        row.col(|ui| {
                            let mut text = r.version.to_string();
                            if r.lts {
                                text.push_str(" LTS");
                            }
                            if r.active {
                                text.push_str(" (active)");
                            }
                            ui.label(text);
                        });
                        row.col(|ui| {
                            ui.label(
                                RichText::new(r.status.as_str()).color(status_color(r.status)),
                            );
                        });
                        row.col(|ui| {
                            ui.label(dash(r.first_release.map(|d| d.to_string())));
                        });
                        row.col(|ui| {
                            ui.label(dash(r.end_of_life.map(|d| d.to_string())));
                        });
                        row.col(|ui| {
                            ui.label(dash(r.latest_patch.map(|v| v.to_string())));
                        });
                    });
                }
            });
    }
}
