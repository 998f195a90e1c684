//! Conda environments (conda, mamba, miniforge): where they are and which
//! Python each holds, read from files without starting anything.
//!
//! Conda records every environment it creates in `~/.conda/environments.txt`
//! (one prefix per line, the base install included), and the active one is
//! `CONDA_PREFIX`. Each environment's `conda-meta` folder has one JSON record
//! per installed package, named `NAME-VERSION-BUILD.json`: the Python
//! package's record names the interpreter's version.

use std::path::{Path, PathBuf};

use super::executable;
use crate::files::{MAX_SMALL_FILE, read_text};
use crate::version::Version;

/// Most environments listed: a longer file is cut here.
const MOST_ENVIRONMENTS: usize = 1000;

/// The conda environments of this user: `conda_prefix` (the active one)
/// first, then those `~/.conda/environments.txt` lists, each once, absolute
/// paths only. Reads one small file and looks at no folder (the window calls
/// this at start-up): whether each is a conda environment is checked when
/// interpreters are searched for, in a job.
pub(crate) fn environments(home: Option<&Path>, conda_prefix: Option<PathBuf>) -> Vec<PathBuf> {
    let listed = home
        .map(|h| h.join(".conda").join("environments.txt"))
        .and_then(|file| read_text(&file, MAX_SMALL_FILE).ok())
        .unwrap_or_default();
    let mut out: Vec<PathBuf> = Vec::new();
    let lines = listed
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(PathBuf::from);
    for prefix in conda_prefix.into_iter().chain(lines) {
        if out.len() >= MOST_ENVIRONMENTS {
            break;
        }
        if prefix.is_absolute() && !out.contains(&prefix) {
            out.push(prefix);
        }
    }
    out
}

/// A folder conda made: it has `conda-meta`.
pub(crate) fn is_environment(prefix: &Path) -> bool {
    prefix.join("conda-meta").is_dir()
}

/// The environment's interpreter: `bin/python3` or `bin/python`, or
/// `python.exe` at the top on Windows.
pub(crate) fn interpreter(prefix: &Path) -> Option<PathBuf> {
    executable(&prefix.join("bin"), "python3")
        .or_else(|| executable(&prefix.join("bin"), "python"))
        .or_else(|| executable(prefix, "python"))
}

/// The version of the `python` package installed in the environment, from
/// its `conda-meta/python-X.Y.Z-BUILD.json` record (other packages whose
/// names start with `python-`, such as `python-dateutil`, are not it).
pub(crate) fn python_version(prefix: &Path) -> Option<Version> {
    let entries = std::fs::read_dir(prefix.join("conda-meta")).ok()?;
    entries
        .flatten()
        .filter_map(|e| e.file_name().into_string().ok())
        .find_map(|name| record_version(&name))
}

/// `python-3.12.1-hd12c33a_0_cpython.json` gives 3.12.1.
fn record_version(file_name: &str) -> Option<Version> {
    let rest = file_name.strip_suffix(".json")?.strip_prefix("python-")?;
    let (version, build) = rest.split_once('-')?;
    if build.is_empty() || !version.starts_with(|c: char| c.is_ascii_digit()) {
        return None;
    }
    version.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn environments_txt_lists_absolute_folders_once_after_the_active_one() {
        let dir = tempfile::tempdir().unwrap();
        let home = dir.path().join("home");
        let env = |name: &str| {
            let prefix = dir.path().join(name);
            std::fs::create_dir_all(prefix.join("conda-meta")).unwrap();
            prefix
        };
        let (base, a, active) = (env("base"), env("a"), env("active"));
        let not_conda = dir.path().join("plain");
        std::fs::create_dir_all(&not_conda).unwrap();
        std::fs::create_dir_all(home.join(".conda")).unwrap();
        let listed = format!(
            "{}\n# a comment\n\n{}\n{}\nrelative/env\n{}\n{}\n",
            base.display(),
            a.display(),
            not_conda.display(),
            dir.path().join("gone").display(),
            a.display()
        );
        std::fs::write(home.join(".conda/environments.txt"), listed).unwrap();
        assert_eq!(
            environments(Some(&home), Some(active.clone())),
            [active, base, a, not_conda, dir.path().join("gone")]
        );
        assert!(environments(Some(&dir.path().join("nobody")), None).is_empty());
    }

    #[test]
    fn only_the_python_package_record_names_the_version() {
        let v = |s: &str| record_version(s).map(|v| v.to_string());
        assert_eq!(
            v("python-3.12.1-hd12c33a_0_cpython.json"),
            Some("3.12.1".into())
        );
        assert_eq!(
            v("python-3.13.0rc2-h2b2a5a2_0_cp313t.json"),
            Some("3.13.0rc2".into())
        );
        assert_eq!(v("python-dateutil-2.8.2-pyhd8ed1ab_0.json"), None);
        assert_eq!(v("python_abi-3.12-4_cp312.json"), None);
        assert_eq!(v("python-3.12.1.json"), None);
        assert_eq!(v("pythonnet-3.0.1-py312_0.json"), None);
    }
}
