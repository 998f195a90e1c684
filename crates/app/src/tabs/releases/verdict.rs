//! How a verdict looks in the tab: the colour of each status, the same in the
//! verdict lines, the table and the timeline. How it reads is the recipe's
//! (`recipes::releases::verdict_line`), shared with the command line.

use egui::Color32;
use toolcup_releases::Status;

/// The colour of a status in the table, the timeline and the verdict lines.
pub fn status_color(status: Status) -> Color32 {
    match status {
        Status::Feature => Color32::from_rgb(190, 110, 220),
        Status::Prerelease => Color32::from_rgb(90, 140, 230),
        Status::Bugfix => Color32::from_rgb(70, 170, 90),
        Status::Security => Color32::from_rgb(220, 170, 40),
        Status::EndOfLife => Color32::from_rgb(210, 70, 60),
    }
}
