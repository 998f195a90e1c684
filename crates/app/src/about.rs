//! The About window and the keyboard shortcuts sheet.

use crate::logging::log_dir;

/// The app's own licence.
pub const LICENSE: &str = "MIT OR Apache-2.0";

/// Where the bundled data comes from and under which licences.
pub const BUNDLED_DATA: &[(&str, &str)] = &[
    (
        "Python release cycle and releases",
        "python/peps release_management data: public domain or CC0-1.0",
    ),
    (
        "Python and Django release cycles",
        "endoflife.date: MIT licence",
    ),
    (
        "Sample photo (coffee)",
        "courtesy of Pikolo Espresso Bar, CC0 by the photographer, Rachel Michetti",
    ),
];

/// Every keyboard shortcut, as (keys, what it does). `Ctrl` is `Cmd` on macOS.
pub const SHORTCUTS: &[(&str, &str)] = &[
    ("Ctrl+1 … Ctrl+4", "Switch to the first … fourth tab"),
    ("Ctrl+O", "Open a file in the current tab"),
    ("Ctrl+S", "Save the current tab's result"),
    (
        "Ctrl+Enter",
        "Run the current tab's main action (brew, convert, check)",
    ),
    ("Esc", "Cancel the current tab's running job"),
    (
        "Ctrl+Plus / Ctrl+Minus / Ctrl+0",
        "Zoom the interface in / out / reset",
    ),
    ("F1", "Show this sheet"),
];

/// Draw the About window's contents.
pub fn about_ui(ui: &mut egui::Ui) {
    ui.heading(format!("Toolcup {}", env!("CARGO_PKG_VERSION")));
    ui.label("A coffee brew engine, an image denoiser, a rotation converter and a Python release-cycle checker.");
    ui.add_space(6.0);
    egui::Grid::new("about_grid")
        .num_columns(2)
        .spacing([12.0, 4.0])
        .show(ui, |ui| {
            ui.strong("Licence");
            ui.label(LICENSE);
            ui.end_row();
            for (what, licence) in BUNDLED_DATA {
                ui.strong(*what);
                ui.add(egui::Label::new(*licence).wrap());
                ui.end_row();
            }
            ui.strong("Settings");
            ui.monospace(path_text(eframe::storage_dir("toolcup")));
            ui.end_row();
            ui.strong("Logs");
            ui.monospace(path_text(log_dir()));
            ui.end_row();
        });
}

fn path_text(path: Option<std::path::PathBuf>) -> String {
    path.map_or_else(
        || "(no data folder on this system)".to_owned(),
        |p| p.display().to_string(),
    )
}

/// Draw the keyboard shortcuts sheet.
pub fn shortcuts_ui(ui: &mut egui::Ui) {
    egui::Grid::new("shortcuts_grid")
        .num_columns(2)
        .spacing([16.0, 4.0])
        .striped(true)
        .show(ui, |ui| {
            for (keys, what) in SHORTCUTS {
                ui.monospace(*keys);
                ui.label(*what);
                ui.end_row();
            }
        });
}
