//! A project's Python pins, from a `pyproject.toml` (its `[project]
//! requires-python`) or a `.python-version` (the versions it pins, one per
//! line), and the verdict for each pin against the release data.
//!
//! Reading a file ([`read_project_file`]) runs on the job runner; the verdicts
//! ([`pin_rows`]) are computed when drawn, so a refresh of the data or a new day
//! shows at once.

use std::path::{Path, PathBuf};

use egui::RichText;
use toolcup_releases::discovery::{Implementation, VersionRequest, parse_python_version_file};
use toolcup_releases::files::{MAX_SMALL_FILE, read_text};
use toolcup_releases::{Branch, Catalog, Date, RequiresPython, Status, Verdict, Version};

use super::verdict::status_color;
use crate::recipes::releases::{Subject, check_branch, verdict_line};

/// What a project file pins.
#[derive(Clone, Debug)]
pub enum Pins {
    /// `[project] requires-python` of a `pyproject.toml`.
    RequiresPython(RequiresPython),
    /// The requests of a `.python-version`, in file order (the first one
    /// installed wins).
    PythonVersion(Vec<VersionRequest>),
}

/// A project file read from disk.
#[derive(Clone, Debug)]
pub struct ProjectFile {
    /// The file.
    pub path: PathBuf,
    /// What it pins.
    pub pins: Pins,
}

/// Whether `path` is named like a project file the tab reads when dropped:
/// `pyproject.toml` or `.python-version`.
pub fn is_project_file_name(path: &Path) -> bool {
    path.file_name()
        .and_then(|n| n.to_str())
        .is_some_and(|n| n.eq_ignore_ascii_case("pyproject.toml") || n == ".python-version")
}

/// Reads a project file: a name ending in `python-version` is a
/// `.python-version`, anything else is read as a `pyproject.toml`. The error is
/// one line naming the file and what is wrong with it.
pub fn read_project_file(path: &Path) -> Result<ProjectFile, String> {
    let is_python_version = path
        .file_name()
        .and_then(|n| n.to_str())
        .is_some_and(|n| n.ends_with("python-version"));
    let pins = if is_python_version {
        Pins::PythonVersion(read_python_version(path)?)
    } else {
        Pins::RequiresPython(
            RequiresPython::from_pyproject(path).map_err(|e| one_line(&e.to_string()))?,
        )
    };
    Ok(ProjectFile {
        path: path.to_owned(),
        pins,
    })
}

fn read_python_version(path: &Path) -> Result<Vec<VersionRequest>, String> {
    let text = read_text(path, MAX_SMALL_FILE).map_err(|e| one_line(&e.to_string()))?;
    let requests = parse_python_version_file(&text);
    if requests.is_empty() {
        return Err(format!(
            "{}: no Python version in it (only blank lines or comments)",
            path.display()
        ));
    }
    Ok(requests)
}

/// Keeps an error on one line.
fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// One pin and its verdict, as the tab shows it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PinRow {
    /// The line shown, e.g. `Python 3.12.1: security, end of life … 13 behind 3.12.14`.
    pub text: String,
    /// The status, for the colour; `None` when the pin has no verdict.
    pub status: Option<Status>,
}

/// The verdict of every pin of `pins` against `python` on `today`: the
/// requests of a `.python-version` in file order, the branches a
/// `requires-python` allows newest first (like the table).
pub fn pin_rows(pins: &Pins, python: &Catalog, today: Date) -> Vec<PinRow> {
    let row = |shown: &str, verdict: Result<Verdict, String>, subject: Subject| match verdict {
        Ok(v) => PinRow {
            text: verdict_line(shown, &v, subject),
            status: Some(v.status),
        },
        Err(e) => PinRow {
            text: e,
            status: None,
        },
    };
    let check = |v: Version| python.check(v, today).map_err(|e| e.to_string());
    match pins {
        Pins::PythonVersion(requests) => requests
            .iter()
            .flat_map(|request| python_version_rows(request, python, today, &row, &check))
            .collect(),
        Pins::RequiresPython(spec) => spec
            .allowed_branches(python)
            .into_iter()
            .rev()
            .map(|b| {
                let verdict = check_branch(python, b, today).map_err(|e| e.to_string());
                row(&b.to_string(), verdict, Subject::Branch)
            })
            .collect(),
    }
}

/// Turns what is shown and its verdict into a row.
type RowFn = dyn Fn(&str, Result<Verdict, String>, Subject) -> PinRow;

/// The rows of one `.python-version` request: one for a version, one per
/// allowed branch for a range (uv's `>=3.12,<3.13`), an explanation otherwise.
fn python_version_rows(
    request: &VersionRequest,
    python: &Catalog,
    today: Date,
    row: &RowFn,
    check: &dyn Fn(Version) -> Result<Verdict, String>,
) -> Vec<PinRow> {
    if let Some(implementation) = request
        .implementation
        .filter(|i| *i != Implementation::CPython)
    {
        return vec![PinRow {
            text: format!(
                "{}: {} is not CPython, no release data",
                request.text,
                implementation.name()
            ),
            status: None,
        }];
    }
    if let Some(spec) = &request.specifier {
        return spec
            .allowed_branches(python)
            .into_iter()
            .rev()
            .map(|b| {
                let verdict = check_branch(python, b, today).map_err(|e| e.to_string());
                row(
                    &format!("{b} (from {})", request.text),
                    verdict,
                    Subject::Branch,
                )
            })
            .collect();
    }
    vec![match request.numbers.as_deref() {
        Some(&[major, minor, patch]) => row(
            &request.text,
            check(Version {
                pre: request.pre,
                ..Version::new(major, minor, patch)
            }),
            Subject::Exact,
        ),
        Some(&[major, minor]) => row(
            &request.text,
            check(Version::new(major, minor, 0)),
            Subject::Branch,
        ),
        Some(&[major]) => match newest_released(python, major, today) {
            Some(b) => row(
                &format!("{} (newest {b})", request.text),
                check(Version::new(b.major, b.minor, 0)),
                Subject::Branch,
            ),
            None => PinRow {
                text: format!(
                    "{}: no released Python {major}.x in the release data",
                    request.text
                ),
                status: None,
            },
        },
        _ => PinRow {
            text: format!(
                "{}: not a CPython version number (a pyenv or virtualenv name?)",
                request.text
            ),
            status: None,
        },
    }]
}

/// The newest branch of `major` with a final release by `today` (what `3` in a
/// `.python-version` picks among installed versions, at best).
fn newest_released(python: &Catalog, major: u32, today: Date) -> Option<Branch> {
    python
        .cycles
        .iter()
        .rev()
        .find(|c| c.branch.major == major && c.latest_patch(today).is_some())
        .map(|c| c.branch)
}

/// The summary line above the rows.
pub fn summary(file: &ProjectFile, rows: &[PinRow]) -> String {
    match &file.pins {
        Pins::PythonVersion(requests) => format!(
            ".python-version pins {} version{}; the first one installed is used",
            requests.len(),
            if requests.len() == 1 { "" } else { "s" }
        ),
        Pins::RequiresPython(spec) if rows.is_empty() => {
            format!("requires-python \"{spec}\" allows no known Python branch")
        }
        Pins::RequiresPython(spec) => {
            let ended = rows
                .iter()
                .filter(|r| r.status == Some(Status::EndOfLife))
                .count();
            format!(
                "requires-python \"{spec}\" allows {} known branch{}, {ended} of them end of life",
                rows.len(),
                if rows.len() == 1 { "" } else { "es" }
            )
        }
    }
}

/// Draws the rows of a project file.
pub fn rows_ui(ui: &mut egui::Ui, rows: &[PinRow]) {
    for row in rows {
        let color = row.status.map_or(ui.visuals().text_color(), status_color);
        ui.label(RichText::new(&row.text).color(color));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use toolcup_releases::{DataSet, Product};

    fn python() -> Catalog {
        DataSet::embedded()
            .catalog(Product::Python)
            .expect("embedded data")
    }

    fn today() -> Date {
        Date::new(2026, 11, 25).expect("valid date")
    }

    /// `name` holding `contents` in a folder of its own (removed on drop), so
    /// tests running in parallel never share a file.
    fn temp_file(name: &str, contents: &[u8]) -> (tempfile::TempDir, PathBuf) {
        let dir = tempfile::tempdir().expect("temp folder");
        let path = dir.path().join(name);
        std::fs::write(&path, contents).expect("write");
        (dir, path)
    }

    #[test]
    fn python_version_pins_get_a_verdict_each_in_file_order() {
        let (_dir, path) = temp_file(".python-version", b"# pinned\n3.12.1\n3.10\n3\nmyenv\n");
        let file = read_project_file(&path).expect("readable");
        let rows = pin_rows(&file.pins, &python(), today());
        let texts: Vec<&str> = rows.iter().map(|r| r.text.as_str()).collect();
        assert_eq!(texts.len(), 4, "{texts:?}");
        assert_eq!(
            texts[0],
            "Python 3.12.1: security, end of life 2028-10-31 (in 706 days), 13 behind 3.12.14"
        );
        assert_eq!(
            texts[1],
            "Python 3.10: end-of-life, end of life 2026-10-31 (25 days ago), latest 3.10.21"
        );
        assert!(
            texts[2].starts_with("Python 3 (newest 3.14): bugfix"),
            "{}",
            texts[2]
        );
        assert!(texts[3].starts_with("myenv: not a CPython version"));
        assert_eq!(rows[3].status, None);
    }

    #[test]
    fn uv_forms_get_verdicts_or_say_why_not() {
        let (_dir, path) = temp_file(
            ".python-version",
            b"pypy@3.10\n>=3.12,<3.14\ncp312\n3.13t\ncpython-3.12.1-linux-x86_64-gnu\n",
        );
        let file = read_project_file(&path).expect("readable");
        let rows = pin_rows(&file.pins, &python(), today());
        let texts: Vec<&str> = rows
            .iter()
            .map(|r| r.text.split(':').next().unwrap_or(""))
            .collect();
        assert_eq!(
            texts,
            [
                "pypy@3.10",
                "Python 3.13 (from >=3.12,<3.14)",
                "Python 3.12 (from >=3.12,<3.14)",
                "Python cp312",
                "Python 3.13t",
                "Python cpython-3.12.1-linux-x86_64-gnu"
            ]
        );
        assert!(
            rows[0]
                .text
                .ends_with("pypy is not CPython, no release data")
        );
        assert!(rows[1..].iter().all(|r| r.status.is_some()), "{rows:?}");
    }

    #[test]
    fn requires_python_lists_the_allowed_branches_newest_first() {
        let (_dir, path) = temp_file(
            "pyproject.toml",
            b"[project]\nname = \"x\"\nrequires-python = \">=3.9, !=3.11.*, <3.14\"\n",
        );
        let file = read_project_file(&path).expect("readable");
        let rows = pin_rows(&file.pins, &python(), today());
        let branches: Vec<&str> = rows
            .iter()
            .map(|r| r.text.split(':').next().unwrap_or(""))
            .collect();
        assert_eq!(
            branches,
            ["Python 3.13", "Python 3.12", "Python 3.10", "Python 3.9"]
        );
        assert_eq!(
            summary(&file, &rows),
            "requires-python \">=3.9, !=3.11.*, <3.14\" allows 4 known branches, 2 of them end of life"
        );
    }

    #[test]
    fn bad_files_are_one_line_naming_the_file() {
        let cases: [(&str, &[u8], &str); 4] = [
            (
                ".python-version",
                b"# nothing\n\n",
                "no Python version in it",
            ),
            (".python-version", b"3.12\xff\n", "not UTF-8 text (byte 4)"),
            ("pyproject.toml", b"[project\nname = 1\n", "not valid TOML"),
            (
                "pyproject.toml",
                b"[project]\nrequires-python = \">=three\"\n",
                "[project] requires-python: invalid version specifier",
            ),
        ];
        for (name, contents, want) in cases {
            let (_dir, path) = temp_file(name, contents);
            let err = read_project_file(&path).expect_err("bad file");
            assert!(err.contains(&path.display().to_string()), "{err}");
            assert!(err.contains(want), "{err}");
            assert!(!err.contains('\n'), "{err}");
        }
        let missing = std::env::temp_dir().join("toolcup-no-such-folder/.python-version");
        let err = read_project_file(&missing).expect_err("missing file");
        assert!(err.starts_with("reading ") && err.contains("toolcup-no-such-folder"));
    }

    /// A FIFO, a device or a folder dropped on the window is refused at once
    /// with one line, never read (a FIFO would block the reading job forever).
    #[cfg(unix)]
    #[test]
    fn special_files_are_refused_not_read() {
        let dir = tempfile::tempdir().expect("temp folder");
        let fifo = dir.path().join(".python-version");
        let made = std::process::Command::new("mkfifo").arg(&fifo).status();
        assert!(made.is_ok_and(|s| s.success()), "mkfifo");
        let folder = dir.path().join("pyproject.toml");
        std::fs::create_dir(&folder).expect("folder");
        for (path, kind) in [
            (fifo.as_path(), "a FIFO"),
            (folder.as_path(), "a folder"),
            (Path::new("/dev/zero"), "a character device"),
        ] {
            let err = read_project_file(path).expect_err("special file");
            assert!(err.contains(kind) && !err.contains('\n'), "{err}");
        }
    }

    #[test]
    fn only_project_file_names_are_accepted_when_dropped() {
        assert!(is_project_file_name(Path::new("/p/pyproject.toml")));
        assert!(is_project_file_name(Path::new("/p/.python-version")));
        assert!(!is_project_file_name(Path::new("/p/Cargo.toml")));
        assert!(!is_project_file_name(Path::new("/p/photo.png")));
    }
}
