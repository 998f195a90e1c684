//! The findings as a text table for a terminal and as a Markdown table.
//! Every path and pin is escaped ([`escape_text`], [`escape_path`]) first.

use std::fmt::Write;

use super::{Finding, escape_text};
use crate::report::{ANSI_RESET, status_ansi};

/// Longest pin text shown in a table cell; longer ones end in `…`.
const MAX_PIN_CHARS: usize = 48;

fn days(d: i64) -> String {
    let n = d.unsigned_abs();
    let unit = if n == 1 { "day" } else { "days" };
    match d.signum() {
        0 => "today".to_owned(),
        1 => format!("in {n} {unit}"),
        _ => format!("{n} {unit} ago"),
    }
}

fn shorten(text: &str) -> String {
    let text = escape_text(text);
    if text.chars().count() <= MAX_PIN_CHARS {
        return text;
    }
    let mut short: String = text.chars().take(MAX_PIN_CHARS - 1).collect();
    short.push('…');
    short
}

/// The cells of one finding as every table shows them (the terminal's, the
/// Markdown one and the window's): location, source, pin, status, end of
/// life, upgrade, note, each escaped; the headers are [`TABLE_HEADER`].
///
/// ```
/// use std::path::PathBuf;
/// use toolcup_releases::scan::{Assessment, Finding, Pin, PinSite, Source, TABLE_HEADER, finding_cells};
/// use toolcup_releases::{Branch, Product};
/// let finding = Finding {
///     site: PinSite {
///         path: PathBuf::from("ci/.python-version"),
///         line: 2,
///         column: 1,
///         source: Source::PythonVersionFile,
///         product: Product::Python,
///         text: "3.9".into(),
///         pin: Pin::Branch(Branch::new(3, 9)),
///         note: None,
///     },
///     assessment: Assessment::default(),
/// };
/// let cells = finding_cells(&finding);
/// assert_eq!((TABLE_HEADER[0], cells[0].as_str()), ("LOCATION", "ci/.python-version:2"));
/// assert_eq!((cells[2].as_str(), cells[3].as_str()), ("Python 3.9", "unknown"));
/// ```
pub fn finding_cells(f: &Finding) -> [String; 7] {
    let a = &f.assessment;
    let mut note = [f.site.note.as_deref(), a.note.as_deref()]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join("; ");
    note = escape_text(&note);
    [
        f.site.location(),
        f.site.source.label().to_owned(),
        format!("{} {}", f.site.product, shorten(&f.site.text)),
        a.status
            .map_or_else(|| "unknown".to_owned(), |s| s.to_string()),
        match (a.end_of_life, a.days_to_end_of_life) {
            (Some(eol), Some(d)) => format!("{eol} ({})", days(d)),
            _ => "-".to_owned(),
        },
        a.suggestion
            .as_deref()
            .map_or_else(|| "-".to_owned(), escape_text),
        note,
    ]
}

/// The headers of [`finding_cells`].
pub const TABLE_HEADER: [&str; 7] = [
    "LOCATION",
    "SOURCE",
    "PINS",
    "STATUS",
    "END OF LIFE",
    "UPGRADE TO",
    "NOTE",
];

/// An aligned table, one finding a line, the status coloured when `color`.
///
/// ```
/// use toolcup_releases::scan::render_table;
/// assert_eq!(render_table(&[], false), "no Python or Django pins found\n");
/// ```
pub fn render_table(findings: &[Finding], color: bool) -> String {
    if findings.is_empty() {
        return "no Python or Django pins found\n".to_owned();
    }
    let rows: Vec<[String; 7]> = findings.iter().map(finding_cells).collect();
    let width = |i: usize| {
        rows.iter()
            .map(|r| r[i].chars().count())
            .chain([TABLE_HEADER[i].len()])
            .max()
            .unwrap_or(0)
    };
    let widths: Vec<usize> = (0..7).map(width).collect();
    let mut out = String::new();
    let mut line = |cells: [&str; 7], status: Option<crate::status::Status>| {
        let mut text = String::new();
        for (i, cell) in cells.iter().enumerate() {
            let pad = widths[i].saturating_sub(cell.chars().count());
            match status.filter(|_| color && i == 3) {
                Some(s) => {
                    let _ = write!(text, "{}{cell}{ANSI_RESET}", status_ansi(s));
                }
                None => text.push_str(cell),
            }
            if i < 6 {
                text.push_str(&" ".repeat(pad + 2));
            }
        }
        out.push_str(text.trim_end());
        out.push('\n');
    };
    line(TABLE_HEADER, None);
    for (f, r) in findings.iter().zip(&rows) {
        line(
            [&r[0], &r[1], &r[2], &r[3], &r[4], &r[5], &r[6]],
            f.assessment.status,
        );
    }
    out
}

/// One line counting the findings by status.
///
/// ```
/// use toolcup_releases::scan::summary;
/// assert_eq!(summary(&[], 3), "0 pins in 3 files read");
/// ```
pub fn summary(findings: &[Finding], files_read: u64) -> String {
    use crate::status::Status;
    let count = |s: Option<Status>| findings.iter().filter(|f| f.assessment.status == s).count();
    let mut parts = Vec::new();
    for (status, label) in [
        (Some(Status::EndOfLife), "end of life"),
        (Some(Status::Security), "security fixes only"),
        (Some(Status::Bugfix), "bug fixes"),
        (Some(Status::Prerelease), "pre-release"),
        (Some(Status::Feature), "in development"),
        (None, "unknown"),
    ] {
        let n = count(status);
        if n > 0 {
            parts.push(format!("{n} {label}"));
        }
    }
    let files = if files_read == 1 { "file" } else { "files" };
    let pins = if findings.len() == 1 { "pin" } else { "pins" };
    let mut text = format!("{} {pins} in {files_read} {files} read", findings.len());
    if !parts.is_empty() {
        let _ = write!(text, ": {}", parts.join(", "));
    }
    text
}

/// Markdown escaping for a table cell: the characters that would end the
/// cell or start markup.
fn markdown_cell(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if matches!(
            c,
            '|' | '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '~' | '#'
        ) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// A GitHub-flavoured Markdown table (for a pull request comment or a job summary).
pub fn render_markdown(findings: &[Finding]) -> String {
    if findings.is_empty() {
        return "No Python or Django pins found.\n".to_owned();
    }
    let mut out = String::from(
        "| Location | Source | Pins | Status | End of life | Upgrade to | Note |\n|---|---|---|---|---|---|---|\n",
    );
    for f in findings {
        let c = finding_cells(f);
        let status = match f.assessment.status {
            Some(crate::status::Status::EndOfLife) => format!("**{}**", c[3]),
            _ => c[3].clone(),
        };
        let _ = writeln!(
            out,
            "| {} | {} | {} | {status} | {} | {} | {} |",
            markdown_cell(&c[0]),
            markdown_cell(&c[1]),
            markdown_cell(&c[2]),
            markdown_cell(&c[4]),
            markdown_cell(&c[5]),
            markdown_cell(&c[6]),
        );
    }
    out
}
