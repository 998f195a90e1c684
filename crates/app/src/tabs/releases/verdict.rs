//! How a verdict reads and looks in the tab: one line per interpreter or pin,
//! coloured by status, the same colours in the table and the timeline.

use egui::Color32;
use toolcup_releases::{Status, Verdict};

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

/// What a verdict is about: one exact version, or a whole branch (a pin such as
/// `3.12`, or a branch a `requires-python` allows), where "releases behind"
/// means nothing and the latest patch is shown instead.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Subject {
    /// An exact version: say how many releases behind the latest patch it is.
    Exact,
    /// A branch: name its latest patch.
    Branch,
}

/// One line for a verdict, e.g.
/// `Python 3.10.12: end-of-life, end of life 2026-10-31 (25 days ago), 9 behind 3.10.21`
/// for an exact version, or `Python 3.12: security, end of life 2028-10-31 (in 706 days), latest 3.12.14`
/// for a branch; `shown` is the version as the line names it.
pub fn verdict_line(shown: &str, verdict: &Verdict, subject: Subject) -> String {
    let eol = match (verdict.end_of_life, verdict.days_to_end_of_life) {
        (Some(d), Some(days)) if days >= 0 => format!(", end of life {d} (in {days} days)"),
        (Some(d), Some(days)) => format!(", end of life {d} ({} days ago)", -days),
        _ => ", end of life unknown".to_owned(),
    };
    let latest = match (subject, verdict.latest_patch) {
        (Subject::Exact, Some(l)) if verdict.releases_behind > 0 => {
            format!(", {} behind {l}", verdict.releases_behind)
        }
        (Subject::Branch, Some(l)) => format!(", latest {l}"),
        (Subject::Branch, None) => ", no release yet".to_owned(),
        _ => String::new(),
    };
    format!(
        "{} {shown}: {}{eol}{latest}",
        verdict.product, verdict.status
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use toolcup_releases::{DataSet, Date, Product, Version};

    #[test]
    fn exact_versions_count_releases_behind_and_branches_name_the_latest() {
        let python = DataSet::embedded()
            .catalog(Product::Python)
            .expect("embedded data");
        let today = Date::new(2026, 11, 25).expect("valid date");
        let v = python
            .check(Version::new(3, 10, 12), today)
            .expect("known branch");
        assert_eq!(
            verdict_line("3.10.12", &v, Subject::Exact),
            "Python 3.10.12: end-of-life, end of life 2026-10-31 (25 days ago), 9 behind 3.10.21"
        );
        assert_eq!(
            verdict_line("3.10", &v, Subject::Branch),
            "Python 3.10: end-of-life, end of life 2026-10-31 (25 days ago), latest 3.10.21"
        );
        let newest = python
            .check(Version::new(3, 10, 21), today)
            .expect("known branch");
        assert!(verdict_line("3.10.21", &newest, Subject::Exact).ends_with("(25 days ago)"));
    }
}
