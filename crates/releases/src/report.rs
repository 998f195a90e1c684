//! The release table of a product as text (for a terminal), Markdown, CSV or JSON rows.

use std::fmt::Write;

use crate::catalog::{Catalog, Product};
use crate::date::Date;
use crate::status::Status;
use crate::version::{Branch, Version};

/// One row of the release table.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct ListRow {
    /// The branch.
    pub version: Branch,
    /// Status on the day of the table.
    pub status: Status,
    /// First release.
    pub first_release: Option<Date>,
    /// End of bug fixes.
    pub end_of_bugfix: Option<Date>,
    /// End of life.
    pub end_of_life: Option<Date>,
    /// Latest final release.
    pub latest_patch: Option<Version>,
    /// Long-term support (Django).
    pub lts: bool,
    /// The active interpreter's (or Django's) branch.
    pub active: bool,
}

/// The rows of `catalog` on `today`, oldest branch first, `active` marked.
pub fn list_rows(catalog: &Catalog, today: Date, active: Option<Branch>) -> Vec<ListRow> {
    catalog
        .cycles
        .iter()
        .map(|c| ListRow {
            version: c.branch,
            status: c.status_on(today),
            first_release: c.milestones.first_release,
            end_of_bugfix: c.milestones.end_of_bugfix,
            end_of_life: c.milestones.end_of_life,
            latest_patch: c.latest_patch(today).map(|l| l.0),
            lts: c.lts,
            active: Some(c.branch) == active,
        })
        .collect()
}

/// The ANSI colour of a status: feature magenta, prerelease blue, bugfix green,
/// security yellow, end-of-life red.
pub fn status_ansi(status: Status) -> &'static str {
    match status {
        Status::Feature => "\x1b[35m",
        Status::Prerelease => "\x1b[34m",
        Status::Bugfix => "\x1b[32m",
        Status::Security => "\x1b[33m",
        Status::EndOfLife => "\x1b[31m",
    }
}

/// ANSI reset.
pub const ANSI_RESET: &str = "\x1b[0m";
/// ANSI bold.
pub const ANSI_BOLD: &str = "\x1b[1m";

fn opt<T: ToString>(value: Option<T>) -> String {
    value.map_or_else(|| "-".to_owned(), |v| v.to_string())
}

fn version_cell(row: &ListRow) -> String {
    if row.lts {
        format!("{} LTS", row.version)
    } else {
        row.version.to_string()
    }
}

/// A plain-text table for a terminal: `*` marks the active row, the status is
/// coloured when `color` is set. Under 60 columns of `width` the first-release
/// column is dropped so a row stays on one line.
///
/// ```
/// use toolcup_releases::{DataSet, Date, Product, list_rows, render_text};
/// let django = DataSet::embedded().catalog(Product::Django)?;
/// let rows = list_rows(&django, Date::new(2026, 11, 25)?, Some("5.2".parse()?));
/// let text = render_text(&rows, false, 80);
/// assert!(text.lines().any(|l| l.starts_with("* 5.2 LTS")));
/// # Ok::<(), toolcup_releases::Error>(())
/// ```
pub fn render_text(rows: &[ListRow], color: bool, width: usize) -> String {
    let narrow = width < 60;
    let mut header: Vec<&str> = vec!["VERSION", "STATUS"];
    if !narrow {
        header.push("RELEASED");
    }
    header.extend(["END OF LIFE", "LATEST"]);
    let cells: Vec<Vec<String>> = rows
        .iter()
        .map(|r| {
            let mut c = vec![version_cell(r), r.status.to_string()];
            if !narrow {
                c.push(opt(r.first_release));
            }
            c.extend([opt(r.end_of_life), opt(r.latest_patch)]);
            c
        })
        .collect();
    let widths: Vec<usize> = (0..header.len())
        .map(|i| {
            cells
                .iter()
                .map(|c| c[i].len())
                .chain([header[i].len()])
                .max()
                .unwrap_or(0)
        })
        .collect();
    let mut out = String::new();
    let line =
        |out: &mut String, mark: &str, cells: &[String], status: Option<Status>, bold: bool| {
            out.push_str(mark);
            for (i, cell) in cells.iter().enumerate() {
                let pad = widths[i] - cell.len();
                let styled = match (i, status) {
                    (1, Some(s)) if color => format!("{}{cell}{ANSI_RESET}", status_ansi(s)),
                    _ if color && bold => format!("{ANSI_BOLD}{cell}{ANSI_RESET}"),
                    _ => cell.clone(),
                };
                out.push_str(&styled);
                if i + 1 < cells.len() {
                    out.push_str(&" ".repeat(pad + 2));
                }
            }
            out.push('\n');
        };
    let header: Vec<String> = header.iter().map(|h| (*h).to_owned()).collect();
    line(&mut out, "  ", &header, None, false);
    for (row, cells) in rows.iter().zip(&cells) {
        line(
            &mut out,
            if row.active { "* " } else { "  " },
            cells,
            Some(row.status),
            row.active,
        );
    }
    out
}

/// A Markdown table; the active row's version is in bold.
pub fn render_markdown(rows: &[ListRow]) -> String {
    let mut out = String::from(
        "| Version | Status | First release | End of life | Latest patch |\n|---:|---|---|---|---:|\n",
    );
    for r in rows {
        let version = if r.active {
            format!("**{}** (active)", version_cell(r))
        } else {
            version_cell(r)
        };
        let _ = writeln!(
            out,
            "| {version} | {} | {} | {} | {} |",
            r.status,
            opt(r.first_release),
            opt(r.end_of_life),
            opt(r.latest_patch)
        );
    }
    out
}

/// CSV (RFC 4180; no field needs quoting) with a header line.
pub fn render_csv(rows: &[ListRow]) -> String {
    let mut out = String::from(
        "version,status,first_release,end_of_bugfix,end_of_life,latest_patch,lts,active\n",
    );
    let blank = |v: Option<String>| v.unwrap_or_default();
    for r in rows {
        let _ = writeln!(
            out,
            "{},{},{},{},{},{},{},{}",
            r.version,
            r.status,
            blank(r.first_release.map(|d| d.to_string())),
            blank(r.end_of_bugfix.map(|d| d.to_string())),
            blank(r.end_of_life.map(|d| d.to_string())),
            blank(r.latest_patch.map(|v| v.to_string())),
            r.lts,
            r.active
        );
    }
    out
}

/// A sentence saying where the data comes from and how old it is.
///
/// ```
/// use toolcup_releases::{DataSet, Date, data_summary};
/// let data = DataSet::embedded();
/// let line = data_summary(&data.origin, data.date, Date::new(2026, 11, 25)?);
/// assert_eq!(line, "release data: embedded snapshot of 2026-08-22 (95 days old)");
/// # Ok::<(), toolcup_releases::Error>(())
/// ```
pub fn data_summary(origin: &crate::catalog::DataOrigin, date: Date, today: Date) -> String {
    let age = date.days_until(today);
    let what = match origin {
        crate::catalog::DataOrigin::Embedded => "embedded snapshot".to_owned(),
        crate::catalog::DataOrigin::Cache { path } => format!("cache {}", path.display()),
    };
    let age = match age {
        0 => "today".to_owned(),
        1 => "1 day old".to_owned(),
        n => format!("{n} days old"),
    };
    format!("release data: {what} of {date} ({age})")
}

/// The display name of a product's table title, e.g. `Python releases`.
pub fn table_title(product: Product) -> String {
    format!("{product} releases")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::DataSet;

    #[test]
    fn narrow_drops_a_column_and_colour_is_opt_in() {
        let cat = DataSet::embedded().catalog(Product::Python).unwrap();
        let today = Date::new(2026, 11, 25).unwrap();
        let rows = list_rows(&cat, today, Some(Branch::new(3, 11)));
        let wide = render_text(&rows, false, 80);
        let narrow = render_text(&rows, false, 40);
        assert!(wide.contains("RELEASED") && !narrow.contains("RELEASED"));
        assert!(narrow.lines().all(|l| l.len() < 50), "{narrow}");
        assert!(!wide.contains('\x1b'));
        assert!(render_text(&rows, true, 80).contains("\x1b[31mend-of-life"));
        assert_eq!(wide.lines().filter(|l| l.starts_with('*')).count(), 1);
        let csv = render_csv(&rows);
        assert_eq!(csv.lines().count(), rows.len() + 1);
        assert!(
            csv.contains(
                "\n3.10,end-of-life,2021-10-04,2023-04-05,2026-10-31,3.10.21,false,false\n"
            )
        );
        assert!(render_markdown(&rows).contains("| **3.11** (active) | security |"));
    }
}
