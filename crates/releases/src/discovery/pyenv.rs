//! pyenv: resolving a shim to the real interpreter without running the shim.
//!
//! A pyenv shim is a shell script that starts `pyenv exec`, which costs a
//! tenth of a second or more. pyenv picks the version from, in order,
//! `PYENV_VERSION`, the nearest `.python-version`, then `$PYENV_ROOT/version`;
//! we follow the same order and read the version from the install's folder name.

use std::path::{Path, PathBuf};

use super::python_version_file::{
    VersionRequest, find_python_version_file, parse_python_version_file,
};
use crate::error::Result;

/// A pyenv version chosen for a shim.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PyenvSelection {
    /// The version name (`3.11.7`, `system`, a virtualenv name).
    pub name: String,
    /// Where the choice came from (`PYENV_VERSION`, a `.python-version` path, the global `version` file).
    pub origin: String,
    /// The install folder, `$PYENV_ROOT/versions/<name>`; `None` for `system`.
    pub prefix: Option<PathBuf>,
}

/// Whether `path` is a shim of the pyenv rooted at `root`.
pub fn is_shim(path: &Path, root: &Path) -> bool {
    path.parent() == Some(root.join("shims").as_path())
}

/// Chooses the pyenv version the way pyenv does; the first installed name wins.
pub fn select(
    root: &Path,
    env_version: Option<&str>,
    cwd: &Path,
) -> Result<Option<PyenvSelection>> {
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
            match std::fs::read_to_string(&global) {
                Ok(text) => (
                    parse_python_version_file(&text),
                    global.display().to_string(),
                ),
                Err(_) => (vec![VersionRequest::parse("system")], "default".to_owned()),
            }
        };
    for request in requests {
        if request.text == "system" {
            return Ok(Some(PyenvSelection {
                name: request.text,
                origin,
                prefix: None,
            }));
        }
        let prefix = root.join("versions").join(&request.text);
        if prefix.is_dir() {
            return Ok(Some(PyenvSelection {
                name: request.text,
                origin,
                prefix: Some(prefix),
            }));
        }
    }
    Ok(None)
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
                .map(|s| s.name)
        };
        assert_eq!(pick(None).as_deref(), Some("3.11.7"));
        std::fs::write(project.path().join(".python-version"), "3.9.0\n3.12.1\n").unwrap();
        assert_eq!(pick(None).as_deref(), Some("3.12.1"));
        assert_eq!(pick(Some("3.11.7")).as_deref(), Some("3.11.7"));
        assert_eq!(pick(Some("system")).as_deref(), Some("system"));
        assert_eq!(pick(Some("3.1")), None);
        assert!(is_shim(&root.path().join("shims/python"), root.path()));
    }
}
