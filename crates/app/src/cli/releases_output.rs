//! How `toolcup releases check` prints its results: one interpreter in
//! detail, several as a table, or everything as JSON. The wording of each
//! part comes from the recipe (`recipes::releases`), shared with the tab.

use std::io::Write;

use toolcup_releases::discovery::Interpreter;
use toolcup_releases::{ANSI_RESET, DataOrigin, Date, Product, Status, Verdict, status_ansi};

use crate::exit_codes::ExitCode;
use crate::recipes::releases::{end_of_life_text, found_by_text};

/// One result of `check`: an interpreter (or a requires-python branch) and
/// its verdict, or why there is none.
#[derive(serde::Serialize)]
pub(super) struct CheckResult {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub interpreter: Option<Interpreter>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub verdict: Option<Verdict>,
    /// The verdict in one line, exactly as the Releases tab shows it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub summary: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
    pub exit_code: ExitCode,
}

/// The JSON document `check --json` prints.
#[derive(serde::Serialize)]
pub(super) struct CheckReport<'a> {
    pub product: Product,
    pub today: Date,
    pub data_date: Date,
    pub data_origin: &'a DataOrigin,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub requires_python: Option<String>,
    pub results: Vec<CheckResult>,
    pub exit_code: ExitCode,
}

fn paint(color: bool, status: Status) -> String {
    if color {
        format!("{}{status}{ANSI_RESET}", status_ansi(status))
    } else {
        status.to_string()
    }
}

pub(super) fn write_single(
    w: &mut impl Write,
    result: &CheckResult,
    color: bool,
) -> anyhow::Result<()> {
    if let Some(i) = &result.interpreter {
        writeln!(
            w,
            "Python {} at {} ({})",
            i.version,
            i.path.display(),
            found_by_text(&i.found_by)
        )?;
    }
    let Some(v) = &result.verdict else {
        if let Some(err) = &result.error {
            writeln!(w, "  {err}")?;
        }
        return Ok(());
    };
    if v.product != Product::Python {
        writeln!(
            w,
            "{} {}{}",
            v.product,
            v.version,
            if v.lts { " (LTS branch)" } else { "" }
        )?;
    }
    writeln!(w, "  status         {}", paint(color, v.status))?;
    writeln!(
        w,
        "  first release  {}",
        v.first_release
            .map_or("unknown".to_owned(), |d| d.to_string())
    )?;
    if let Some(d) = v.end_of_bugfix
        && v.status <= Status::Bugfix
    {
        writeln!(w, "  bug fixes end  {d}")?;
    }
    writeln!(w, "  end of life    {}", end_of_life_text(v))?;
    match v.latest_patch {
        Some(latest) if v.releases_behind == 0 => {
            writeln!(w, "  latest patch   {latest} (up to date)")?
        }
        Some(latest) => writeln!(
            w,
            "  latest patch   {latest}{}: {} release{} behind",
            v.latest_patch_date
                .map_or(String::new(), |d| format!(" ({d})")),
            v.releases_behind,
            if v.releases_behind == 1 { "" } else { "s" }
        )?,
        None => writeln!(w, "  latest patch   none released yet")?,
    }
    Ok(())
}

/// The table of several results; `branches` shows X.Y (a requires-python
/// report) instead of the full version, and no interpreter column.
pub(super) fn write_table(
    w: &mut impl Write,
    results: &[CheckResult],
    color: bool,
    branches: bool,
) -> anyhow::Result<()> {
    let rows: Vec<[String; 5]> = results
        .iter()
        .map(|r| {
            let where_ = r.interpreter.as_ref().map_or(String::new(), |i| {
                format!("{} ({})", i.path.display(), found_by_text(&i.found_by))
            });
            match &r.verdict {
                Some(v) => [
                    if branches {
                        v.branch.to_string()
                    } else {
                        v.version.to_string()
                    },
                    v.status.to_string(),
                    end_of_life_text(v),
                    v.latest_patch.map_or("-".to_owned(), |l| {
                        if v.releases_behind > 0 {
                            format!("{l} (-{})", v.releases_behind)
                        } else {
                            l.to_string()
                        }
                    }),
                    where_,
                ],
                None => [
                    r.interpreter
                        .as_ref()
                        .map_or("?".to_owned(), |i| i.version.to_string()),
                    "error".to_owned(),
                    r.error.clone().unwrap_or_default(),
                    String::new(),
                    where_,
                ],
            }
        })
        .collect();
    let header = [
        "VERSION",
        "STATUS",
        "END OF LIFE",
        "LATEST",
        if branches { "" } else { "INTERPRETER" },
    ];
    let widths: Vec<usize> = (0..5)
        .map(|i| {
            rows.iter()
                .map(|r| r[i].len())
                .chain([header[i].len()])
                .max()
                .unwrap_or(0)
        })
        .collect();
    let line =
        |w: &mut dyn Write, cells: [&str; 5], status: Option<Status>| -> std::io::Result<()> {
            let mut text = String::new();
            for (i, cell) in cells.iter().enumerate() {
                let shown = match (i, status) {
                    (1, Some(s)) => paint(color, s),
                    _ => (*cell).to_owned(),
                };
                text.push_str(&shown);
                if i < 4 {
                    text.push_str(&" ".repeat(widths[i] - cell.len() + 2));
                }
            }
            writeln!(w, "{}", text.trim_end())
        };
    line(w, header, None)?;
    for (r, cells) in results.iter().zip(&rows) {
        line(
            w,
            [&cells[0], &cells[1], &cells[2], &cells[3], &cells[4]],
            r.verdict.as_ref().map(|v| v.status),
        )?;
    }
    Ok(())
}
