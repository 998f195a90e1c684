//! Every place a repository pins or tests a Python or Django version, and
//! which of them are past or near their end of life.
//!
//! Two steps, so a front end can assess again (after a refresh of the data, or
//! on another day) without walking the folder again:
//!
//! 1. [`find_pins`] walks a folder in parallel (honouring `.gitignore`, never
//!    following symbolic links, never opening anything but regular files, each
//!    read with a size cap) and reads the pins of every file it knows
//!    ([`FileKind`]): `.python-version`, `pyproject.toml`, `setup.cfg`,
//!    `setup.py`, `tox.ini`, `noxfile.py`, GitHub workflows, `Dockerfile`s,
//!    `.tool-versions`, `mise.toml`, `runtime.txt`, `Pipfile`, conda
//!    `environment.yml`, `requirements*.txt`, `uv.lock` and `poetry.lock`.
//! 2. [`assess`] gives each [`PinSite`] its status, end of life and suggested
//!    upgrade from the release data: a [`Finding`].
//!
//! The findings render as a text table, Markdown, JSON (serde) or SARIF 2.1.0
//! for code scanning ([`render_table`], [`render_markdown`], [`render_sarif`]).
//!
//! ```
//! use toolcup_releases::scan::{self, FailOn, ScanOptions};
//! use toolcup_releases::{DataSet, Date, Product, Status};
//! let dir = tempfile::tempdir()?;
//! std::fs::write(dir.path().join(".python-version"), "3.8.18\n")?;
//! std::fs::write(dir.path().join("requirements.txt"), "Django==5.2.1\nrequests\n")?;
//!
//! let found = scan::find_pins(dir.path(), &ScanOptions::default(), &mut |_| {
//!     std::ops::ControlFlow::Continue(())
//! })?;
//! let data = DataSet::embedded();
//! let (python, django) = (data.catalog(Product::Python)?, data.catalog(Product::Django)?);
//! let findings = scan::assess(&found.pins, &python, Some(&django), Date::new(2026, 1, 15)?);
//!
//! assert_eq!(findings.len(), 2);
//! let pin = &findings[0];
//! assert_eq!(pin.site.location(), ".python-version:1");
//! assert_eq!(pin.assessment.status, Some(Status::EndOfLife));
//! assert!(FailOn::EndOfLife.matches(pin));
//! assert_eq!(findings[1].site.product, Product::Django);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

mod assess;
mod escape;
mod files;
mod parse;
mod pin;
mod read;
mod render;
mod sarif;
mod walk;

use std::fmt;
use std::ops::ControlFlow;
use std::path::{Path, PathBuf};
use std::str::FromStr;

use crate::catalog::Product;
use crate::error::{Error, Result};
use crate::status::Status;

pub use assess::{Assessment, Finding, assess};
pub use escape::{escape_path, escape_text};
pub use files::FileKind;
pub use pin::{Pin, Source};
pub use render::{TABLE_HEADER, finding_cells, render_markdown, render_table, summary};
pub use sarif::{SARIF_SCHEMA, render_sarif};

/// How [`find_pins`] walks.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ScanOptions {
    /// Honour `.gitignore`, `.git/info/exclude` and `.ignore` files (also
    /// outside a Git repository). The user's global Git excludes are never
    /// read, so a scan gives the same answer on every machine.
    pub respect_ignore: bool,
    /// Threads walking the folder; 0 picks one per core (at most 8).
    pub threads: usize,
    /// Folders deeper than this below the root are not entered (and are
    /// listed as skipped).
    pub max_depth: usize,
}

impl Default for ScanOptions {
    fn default() -> Self {
        ScanOptions {
            respect_ignore: true,
            threads: 0,
            max_depth: 64,
        }
    }
}

/// Progress of a walk: entries looked at so far. The total is unknown until
/// the walk ends, so it is 0 while it runs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Progress {
    /// Files and folders looked at.
    pub done: u64,
    /// 0: unknown.
    pub total: u64,
}

/// One pin as written in one file: where, what kind of place, and what it pins.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct PinSite {
    /// The file, relative to the scanned folder.
    #[serde(serialize_with = "escape::serialize_path")]
    pub path: PathBuf,
    /// 1-based line.
    pub line: u32,
    /// 1-based column, in characters.
    pub column: u32,
    /// What kind of place this is (a classifier, a CI matrix entry, …).
    pub source: Source,
    /// Python or Django.
    pub product: Product,
    /// The pin as written, e.g. `>=3.8`, `py38`, `python:3.9-slim`.
    #[serde(serialize_with = "escape::serialize_text")]
    pub text: String,
    /// What it means.
    pub pin: Pin,
    /// Something the reader should know about how it was read (e.g. YAML
    /// reading an unquoted `3.10` as the number 3.1).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

impl PinSite {
    /// `path:line`, with the path escaped ([`escape_path`]): what an editor or
    /// terminal opens.
    pub fn location(&self) -> String {
        format!("{}:{}", escape_path(&self.path), self.line)
    }
}

/// A file or folder the walk could not read, and why.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct Skipped {
    /// The file or folder, relative to the scanned folder.
    #[serde(serialize_with = "escape::serialize_path")]
    pub path: PathBuf,
    /// Why: "larger than 1 MiB", "not a regular file", a read error, …
    pub reason: String,
}

/// What [`find_pins`] found.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize)]
pub struct Found {
    /// Every pin, sorted by file, line and column.
    pub pins: Vec<PinSite>,
    /// Files and folders that could not be read, sorted by path.
    pub skipped: Vec<Skipped>,
    /// Files and folders looked at (ignored ones are not counted).
    pub entries_seen: u64,
    /// Files read because their name is one scan knows.
    pub files_read: u64,
}

/// Walks `root` and reads the pins of every file it knows.
///
/// `progress` is called from this thread every few milliseconds while the
/// walk runs on others; returning `Break` stops the walk and gives
/// [`Error::Cancelled`]. A `root` that is not a readable folder is an error;
/// a file inside it that cannot be read is listed in [`Found::skipped`].
pub fn find_pins(
    root: &Path,
    options: &ScanOptions,
    progress: &mut dyn FnMut(Progress) -> ControlFlow<()>,
) -> Result<Found> {
    let meta = std::fs::metadata(root).map_err(|e| Error::io("scanning", root, e))?;
    if !meta.is_dir() {
        return Err(Error::InvalidFile {
            path: root.to_owned(),
            reason: "not a folder: scan takes a folder".to_owned(),
        });
    }
    walk::walk(root, options, progress)
}

/// A condition of `--fail-on`: which findings fail the scan.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FailOn {
    /// The branch is past its end of life.
    EndOfLife,
    /// The branch gets security fixes only (or none any more).
    Security,
    /// The end of life is at most this many days away, or has passed.
    Within(u32),
}

impl FailOn {
    /// Whether `finding` meets this condition. A pin without a status (not in
    /// the release data, not CPython) never does.
    pub fn matches(self, finding: &Finding) -> bool {
        let a = &finding.assessment;
        match self {
            FailOn::EndOfLife => a.status == Some(Status::EndOfLife),
            FailOn::Security => matches!(a.status, Some(Status::Security | Status::EndOfLife)),
            FailOn::Within(days) => {
                a.status == Some(Status::EndOfLife)
                    || a.days_to_end_of_life.is_some_and(|d| d <= i64::from(days))
            }
        }
    }
}

impl FromStr for FailOn {
    type Err = String;
    /// `eol`, `security` or `within:DAYS`.
    fn from_str(text: &str) -> std::result::Result<FailOn, String> {
        match text {
            "eol" => Ok(FailOn::EndOfLife),
            "security" => Ok(FailOn::Security),
            _ => match text.strip_prefix("within:") {
                Some(days) => days.parse().map(FailOn::Within).map_err(|_| {
                    format!("{days:?} is not a number of days from 0 to {}", u32::MAX)
                }),
                None => Err(format!(
                    "{text:?} is not eol, security or within:DAYS (e.g. within:90)"
                )),
            },
        }
    }
}

impl fmt::Display for FailOn {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            FailOn::EndOfLife => f.write_str("eol"),
            FailOn::Security => f.write_str("security"),
            FailOn::Within(days) => write!(f, "within:{days}"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fail_on_reads_its_three_forms() {
        assert_eq!("eol".parse(), Ok(FailOn::EndOfLife));
        assert_eq!("security".parse(), Ok(FailOn::Security));
        assert_eq!("within:90".parse(), Ok(FailOn::Within(90)));
        assert_eq!("within:0".parse(), Ok(FailOn::Within(0)));
        for bad in [
            "",
            "EOL",
            "within:",
            "within:-1",
            "within:1e3",
            "within:99999999999",
            "soon",
        ] {
            assert!(bad.parse::<FailOn>().is_err(), "{bad}");
        }
        for good in [FailOn::EndOfLife, FailOn::Security, FailOn::Within(7)] {
            assert_eq!(good.to_string().parse(), Ok(good));
        }
    }
}
