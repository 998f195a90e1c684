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

/// One version pyenv would try for a shim, resolved as `pyenv-version-name` does.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Chosen {
    /// An installed version: its name (after prefix resolution: `3.12` may
    /// become `3.12.10`) and canonical install folder (inside `$PYENV_ROOT/versions`).
    Installed {
        /// The version name as installed.
        name: String,
        /// The canonical install folder.
        prefix: PathBuf,
    },
    /// `system`: the next interpreter on `PATH` that is not a shim.
    System,
    /// A requested name that is not installed (pyenv moves on, and finally
    /// falls back to `system`).
    NotInstalled(String),
}

/// The pyenv versions chosen for a shim, in the order pyenv tries them,
/// where the choice came from, and what was refused on the way.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PyenvSelection {
    /// Each requested name, resolved, in order (pyenv tries them in turn, then `system`).
    pub chosen: Vec<Chosen>,
    /// Where the choice came from (`PYENV_VERSION`, a `.python-version` path,
    /// the global `version` file, or `default`).
    pub origin: String,
    /// The names requested, in order.
    pub requested: Vec<String>,
    /// Names refused as unsafe, one line each.
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

/// The leading number of a dot-separated field, as `sort -n` reads it.
fn leading_number(field: &str) -> u64 {
    let digits: String = field
        .chars()
        .take_while(char::is_ascii_digit)
        .take(18)
        .collect();
    digits.parse().unwrap_or(0)
}

/// The newest installed version matching `prefix`, as `pyenv latest` picks it:
/// an exact name first; else names `PREFIX.…` or `PREFIX-…`, without
/// `-dev`/`-src`/`-latest` builds, pre-releases (`a1`, `b2`, `rc1`) and (unless
/// the prefix ends in `t`) free-threaded `…t` builds, the highest by version.
pub fn latest_installed(root: &Path, prefix: &str) -> Option<String> {
    let versions = root.join("versions");
    let mut names: Vec<String> = std::fs::read_dir(&versions)
        .ok()?
        .flatten()
        .filter(|e| e.path().is_dir())
        .filter_map(|e| e.file_name().into_string().ok())
        .collect();
    if names.iter().any(|n| n == prefix) {
        return Some(prefix.to_owned());
    }
    let (base, free_threaded) = match prefix.strip_suffix('t') {
        Some(b) if b.ends_with(|c: char| c.is_ascii_digit()) => (b, true),
        _ => (prefix, false),
    };
    let is_pre = |n: &str| {
        let tail = n.trim_end_matches(|c: char| c.is_ascii_digit());
        tail.len() < n.len()
            && (tail.ends_with('a') || tail.ends_with('b') || tail.ends_with("rc"))
            && tail
                .chars()
                .rev()
                .nth(if tail.ends_with("rc") { 2 } else { 1 })
                .is_some_and(|c| c.is_ascii_digit())
    };
    let ends_free_threaded = |n: &str| {
        n.strip_suffix('t')
            .is_some_and(|b| b.ends_with(|c: char| c.is_ascii_digit()))
    };
    names.retain(|n| {
        let Some(rest) = n.strip_prefix(base) else {
            return false;
        };
        (rest.starts_with('.') || rest.starts_with('-'))
            && !(n.ends_with("-dev") || n.ends_with("-src") || n.ends_with("-latest"))
            && !is_pre(n)
            && (free_threaded == ends_free_threaded(n))
    });
    // pyenv's sort key: a leading `impl-` becomes `impl.`, then field 1 as
    // text and fields 2 to 4 as numbers, all descending.
    let key = |n: &str| {
        let keyed = match n.split_once('-') {
            Some((head, tail)) if head.chars().all(|c| c.is_ascii_alphanumeric()) => {
                format!("{head}.{tail}")
            }
            _ => n.to_owned(),
        };
        let fields: Vec<&str> = keyed.split('.').collect();
        let number = |i: usize| fields.get(i).map_or(0, |f| leading_number(f));
        (fields[0].to_owned(), number(1), number(2), number(3))
    };
    names.into_iter().max_by(|a, b| key(a).cmp(&key(b)))
}

/// Resolves one requested name as `pyenv-version-name` does: `system`; an
/// installed name; the name without a `python-` prefix; the newest installed
/// match of the name as a prefix ([`latest_installed`]). A name that is not
/// safe ([`install_prefix`]) is an error.
fn resolve(root: &Path, name: &str) -> std::result::Result<Chosen, String> {
    if name == "system" {
        return Ok(Chosen::System);
    }
    let normalised = name.strip_prefix("python-").unwrap_or(name);
    let mut tries = vec![normalised];
    if normalised != name {
        tries.push(name);
    }
    for attempt in tries {
        check_version_name(attempt).map_err(|why| format!("{attempt:?} is {why}"))?;
        let resolved = latest_installed(root, attempt);
        if let Some(resolved) = resolved
            && let Some(prefix) = install_prefix(root, &resolved)?
        {
            return Ok(Chosen::Installed {
                name: resolved,
                prefix,
            });
        }
    }
    Ok(Chosen::NotInstalled(name.to_owned()))
}

/// Chooses the pyenv versions the way pyenv does: the names from
/// `PYENV_VERSION` (`:`-separated), else the nearest `.python-version`, else
/// `$PYENV_ROOT/version`, else `system`; an empty file means `system`. Unsafe
/// names are skipped with a warning.
pub fn select(root: &Path, env_version: Option<&str>, cwd: &Path) -> Result<PyenvSelection> {
    let (requests, origin): (Vec<VersionRequest>, String) =
        if let Some(v) = env_version.filter(|v| !v.trim().is_empty()) {
            (
                v.split(':')
                    .filter(|n| !n.is_empty())
                    .map(VersionRequest::parse)
                    .collect(),
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
                Err(e) if is_not_found(&e) => (Vec::new(), "default".to_owned()),
                Err(e) => return Err(e),
            }
        };
    let requested: Vec<String> = requests.iter().map(|r| r.text.clone()).collect();
    let mut warnings = Vec::new();
    let mut chosen = Vec::new();
    for request in &requested {
        match resolve(root, request) {
            Ok(c) => chosen.push(c),
            Err(why) => warnings.push(format!(
                "ignoring the pyenv version set by {origin}: {why}; nothing started from it"
            )),
        }
    }
    if requested.is_empty() {
        // No name at all (no file, an empty file, only comments): pyenv's `system`.
        chosen.push(Chosen::System);
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
        let pick = |env: Option<&str>| {
            select(root.path(), env, project.path())
                .unwrap()
                .chosen
                .into_iter()
                .find_map(|c| match c {
                    Chosen::Installed { name, .. } => Some(name),
                    Chosen::System => Some("system".to_owned()),
                    Chosen::NotInstalled(_) => None,
                })
        };
        assert_eq!(pick(None).as_deref(), Some("3.11.7"));
        std::fs::write(project.path().join(".python-version"), "3.9.0\n3.12.1\n").unwrap();
        assert_eq!(pick(None).as_deref(), Some("3.12.1"));
        assert_eq!(pick(Some("3.11.7")).as_deref(), Some("3.11.7"));
        assert_eq!(pick(Some("system")).as_deref(), Some("system"));
        assert_eq!(pick(Some("3.1")), None);
        // Prefixes resolve to the newest installed match, as `pyenv latest` does.
        assert_eq!(pick(Some("3.12")).as_deref(), Some("3.12.1"));
        assert_eq!(pick(Some("3")).as_deref(), Some("3.12.1"));
        assert_eq!(pick(Some("python-3.11")).as_deref(), Some("3.11.7"));
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
