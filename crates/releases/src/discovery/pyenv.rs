//! pyenv: resolving a shim to the real interpreter without running the shim.
//!
//! A pyenv shim is a shell script that starts `pyenv exec`, which costs a
//! tenth of a second or more. pyenv picks the version from, in order,
//! `PYENV_VERSION`, the nearest `.python-version`, then `$PYENV_ROOT/version`;
//! we follow the same order and read the version from the install's folder name.
//!
//! # Version names are not paths
//!
//! A version name comes from a file a repository controls (`.python-version`)
//! or from the environment, and becomes the folder whose `bin/python` is
//! started. A name that walks out of `$PYENV_ROOT/versions` (`../../x`, an
//! absolute path, `/proc/self/cwd/...`) would make us run a repository's own
//! code, the class of pyenv's CVE-2022-35861. So a name is checked twice,
//! before anything is started ([`check_version_name`], [`install_prefix`]):
//! - as text: not empty, not `.` or `..`, no `\`, no control character, and no
//!   `/` except in pyenv-virtualenv's `VERSION/envs/NAME`, each part of which
//!   obeys the same rule (stricter than pyenv, which accepts any `/` that
//!   stays inside `versions` once followed);
//! - as a folder: the canonical install folder (every link followed) must lie
//!   inside the canonical versions folder, so a link out of it is refused too.
//!
//! A refused name is skipped with a warning, as pyenv does ("invalid version
//! ignored"), and the next one is tried.

use std::path::{Path, PathBuf};

use super::python_version_file::{
    VersionRequest, find_python_version_file, parse_python_version_file,
};
use crate::error::Result;
use crate::files::{MAX_SMALL_FILE, is_not_found, read_text};

/// What pyenv would run for a shim.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Chosen {
    /// An installed version: its name and canonical install folder (inside
    /// `$PYENV_ROOT/versions`).
    Installed {
        /// The version name (`3.11.7`, a virtualenv name).
        name: String,
        /// The canonical install folder.
        prefix: PathBuf,
    },
    /// `system`: the next interpreter on `PATH` that is not a shim.
    System,
    /// None of the requested names is installed (or every one was refused).
    NotInstalled,
}

/// The pyenv version chosen for a shim, where the choice came from, and what
/// was skipped on the way.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PyenvSelection {
    /// The outcome.
    pub chosen: Chosen,
    /// Where the choice came from (`PYENV_VERSION`, a `.python-version` path,
    /// the global `version` file, or `default`).
    pub origin: String,
    /// The names requested, in order.
    pub requested: Vec<String>,
    /// Names skipped on the way, one line each (refused as unsafe).
    pub warnings: Vec<String>,
}

/// Whether `path` is a shim of the pyenv rooted at `root`.
pub fn is_shim(path: &Path, root: &Path) -> bool {
    path.parent() == Some(root.join("shims").as_path())
}

/// Checks one part of a version name (between `/`).
fn check_part(part: &str) -> std::result::Result<(), &'static str> {
    if part.is_empty() {
        Err("an empty name")
    } else if part == "." || part == ".." {
        Err("a relative path (`.` or `..`)")
    } else if part.contains('\\') {
        Err("a backslash")
    } else if part.chars().any(char::is_control) {
        Err("a control character")
    } else if part.contains(':') && cfg!(windows) {
        Err("a drive or stream name (`:`)")
    } else {
        Ok(())
    }
}

/// Checks that `name` can name a folder inside pyenv's `versions` folder and
/// nothing else (see the module docs); the error says what is wrong.
///
/// ```
/// use toolcup_releases::discovery::check_version_name;
/// assert!(check_version_name("3.12.1").is_ok());
/// assert!(check_version_name("3.11.7/envs/web").is_ok()); // pyenv-virtualenv
/// for bad in ["", "..", "../../x", "/usr", "/proc/self/cwd/x", "a/b", "a\\..\\b", "3.12/envs/.."] {
///     assert!(check_version_name(bad).is_err(), "{bad}");
/// }
/// ```
pub fn check_version_name(name: &str) -> std::result::Result<(), &'static str> {
    if name.starts_with('/') || name.starts_with('\\') {
        return Err("an absolute path");
    }
    let parts: Vec<&str> = name.split('/').collect();
    match parts.as_slice() {
        [one] => check_part(one),
        [version, "envs", env] => check_part(version).and_then(|()| check_part(env)),
        _ => Err("a path (only pyenv-virtualenv's VERSION/envs/NAME may hold `/`)"),
    }
}

/// The install folder of version `name` under `root`, canonical (every link
/// followed): `Ok(None)` when it is not installed, an error (one line) when
/// the name is unsafe or the folder lies outside the versions folder.
pub fn install_prefix(root: &Path, name: &str) -> std::result::Result<Option<PathBuf>, String> {
    check_version_name(name).map_err(|why| format!("{name:?} is {why}"))?;
    let versions = root.join("versions");
    let candidate = versions.join(name);
    if !candidate.is_dir() {
        return Ok(None);
    }
    let (Ok(versions), Ok(prefix)) = (
        std::fs::canonicalize(&versions),
        std::fs::canonicalize(&candidate),
    ) else {
        return Ok(None);
    };
    if prefix.starts_with(&versions) && prefix != versions {
        Ok(Some(prefix))
    } else {
        Err(format!(
            "{name:?} leads to {}, outside {}",
            prefix.display(),
            versions.display()
        ))
    }
}

/// Chooses the pyenv version the way pyenv does; the first installed name
/// wins, unsafe names are skipped with a warning.
pub fn select(root: &Path, env_version: Option<&str>, cwd: &Path) -> Result<PyenvSelection> {
    let (requests, origin): (Vec<VersionRequest>, String) =
        if let Some(v) = env_version.filter(|v| !v.trim().is_empty()) {
            (
                v.split(':').map(VersionRequest::parse).collect(),
                "PYENV_VERSION".to_owned(),
            )
        } else if let Some((path, requests)) = find_python_version_file(cwd)? {
            (requests, path.display().to_string())
        } else {
            let global = root.join("version");
            match read_text(&global, MAX_SMALL_FILE) {
                Ok(text) => (
                    parse_python_version_file(&text),
                    global.display().to_string(),
                ),
                Err(e) if is_not_found(&e) => {
                    (vec![VersionRequest::parse("system")], "default".to_owned())
                }
                Err(e) => return Err(e),
            }
        };
    let requested = requests.iter().map(|r| r.text.clone()).collect();
    let mut warnings = Vec::new();
    let mut chosen = Chosen::NotInstalled;
    for request in requests {
        if request.text == "system" {
            chosen = Chosen::System;
            break;
        }
        match install_prefix(root, &request.text) {
            Ok(Some(prefix)) => {
                chosen = Chosen::Installed {
                    name: request.text,
                    prefix,
                };
                break;
            }
            Ok(None) => {}
            Err(why) => warnings.push(format!(
                "ignoring the pyenv version set by {origin}: {why}; nothing started from it"
            )),
        }
    }
    Ok(PyenvSelection {
        chosen,
        origin,
        requested,
        warnings,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn follows_pyenv_order() {
        let root = tempfile::tempdir().unwrap();
        let project = tempfile::tempdir().unwrap();
        for v in ["3.11.7", "3.12.1"] {
            std::fs::create_dir_all(root.path().join("versions").join(v).join("bin")).unwrap();
        }
        std::fs::write(root.path().join("version"), "3.11.7\n").unwrap();
        let pick =
            |env: Option<&str>| match select(root.path(), env, project.path()).unwrap().chosen {
                Chosen::Installed { name, .. } => Some(name),
                Chosen::System => Some("system".to_owned()),
                _ => None,
            };
        assert_eq!(pick(None).as_deref(), Some("3.11.7"));
        std::fs::write(project.path().join(".python-version"), "3.9.0\n3.12.1\n").unwrap();
        assert_eq!(pick(None).as_deref(), Some("3.12.1"));
        assert_eq!(pick(Some("3.11.7")).as_deref(), Some("3.11.7"));
        assert_eq!(pick(Some("system")).as_deref(), Some("system"));
        assert_eq!(pick(Some("3.1")), None);
        assert!(is_shim(&root.path().join("shims/python"), root.path()));
    }

    #[cfg(unix)]
    #[test]
    fn names_that_leave_the_versions_folder_are_refused() {
        let root = tempfile::tempdir().unwrap();
        let outside = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(root.path().join("versions/3.12.1/bin")).unwrap();
        std::fs::create_dir_all(root.path().join("versions/3.12.1/envs/web/bin")).unwrap();
        std::fs::create_dir_all(outside.path().join("evil/bin")).unwrap();
        std::os::unix::fs::symlink(
            outside.path().join("evil"),
            root.path().join("versions/linked"),
        )
        .unwrap();
        std::os::unix::fs::symlink(
            root.path().join("versions/3.12.1/envs/web"),
            root.path().join("versions/web"),
        )
        .unwrap();
        let evil = outside.path().join("evil").display().to_string();
        let traversal = format!("../../../../../../../../{evil}");
        for bad in [
            "",
            ".",
            "..",
            "../3.12.1",
            traversal.as_str(),
            evil.as_str(),
            "/proc/self/cwd",
            "/proc/self/cwd/evil",
            "3.12.1/../../x",
            "3.12.1/bin",
            "3.12.1/envs/..",
            "..\\..\\x",
            "3.12.1\\..",
            "linked",
            "3.12.1\n",
        ] {
            assert!(
                install_prefix(root.path(), bad).is_err(),
                "{bad:?} was accepted"
            );
        }
        let prefix = |name| install_prefix(root.path(), name).unwrap().unwrap();
        assert!(prefix("3.12.1").ends_with("versions/3.12.1"));
        assert!(prefix("3.12.1/envs/web").ends_with("versions/3.12.1/envs/web"));
        assert!(prefix("web").ends_with("versions/3.12.1/envs/web"));
        assert_eq!(install_prefix(root.path(), "3.13.0").unwrap(), None);
    }
}
