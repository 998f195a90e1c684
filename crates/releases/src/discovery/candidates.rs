//! Listing every interpreter: `python*` names on PATH, pyenv and uv installs.

use std::collections::HashSet;
use std::path::PathBuf;

use super::{Environment, FoundBy, executable, install_prefix, is_shim};
use crate::error::Error;

/// Whether `name` is `python`, `python2`, `python3`, `pythonX.Y` or a
/// free-threaded `pythonX.Yt` (Windows: with `.exe`).
fn is_python_name(name: &str) -> bool {
    let name = name.strip_suffix(".exe").unwrap_or(name);
    let name = match name.strip_suffix('t') {
        Some(base) if base.contains('.') => base,
        _ => name,
    };
    let Some(rest) = name.strip_prefix("python") else {
        return false;
    };
    if rest.is_empty() {
        return true;
    }
    let mut parts = rest.split('.');
    let major_ok = parts.next().is_some_and(|p| p == "2" || p == "3");
    let minor_ok = parts
        .next()
        .is_none_or(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()));
    major_ok && minor_ok && parts.next().is_none()
}

/// Every interpreter candidate with how it was found, duplicates (same file
/// after resolving links) removed, pyenv shims skipped (their targets are listed).
/// A pyenv install whose folder leads outside `$PYENV_ROOT/versions` is never
/// a candidate (see [`install_prefix`]).
pub fn all_candidates(env: &Environment) -> Vec<(PathBuf, FoundBy)> {
    candidates_and_refusals(env).0
}

/// [`all_candidates`], and an error for each pyenv install refused because
/// its folder leads outside the versions folder.
pub(crate) fn candidates_and_refusals(env: &Environment) -> (Vec<(PathBuf, FoundBy)>, Vec<Error>) {
    let mut refused = Vec::new();
    let mut seen = HashSet::new();
    let mut out = Vec::new();
    let mut add = |exe: PathBuf, found_by: FoundBy| {
        let key = std::fs::canonicalize(&exe).unwrap_or_else(|_| exe.clone());
        if seen.insert(key) {
            out.push((exe, found_by));
        }
    };
    for dir in env.path_dirs() {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        let mut names: Vec<String> = entries
            .flatten()
            .filter_map(|e| e.file_name().into_string().ok())
            .filter(|n| is_python_name(n))
            .collect();
        names.sort();
        for name in names {
            // Windows lists `python3.exe`; `executable` adds `.exe` itself.
            let stem = match name.strip_suffix(".exe") {
                Some(stem) if cfg!(windows) => stem,
                _ => &name,
            };
            let Some(exe) = executable(&dir, stem) else {
                continue;
            };
            // Windows: the Store's alias stub opens the Store, it runs nothing.
            if cfg!(windows)
                && super::pep514::is_store_alias_stub(
                    &exe,
                    std::fs::metadata(&exe).ok().map(|m| m.len()),
                )
            {
                continue;
            }
            if env
                .pyenv_root
                .as_ref()
                .is_some_and(|root| is_shim(&exe, root))
            {
                continue;
            }
            add(exe, FoundBy::Path(name));
        }
    }
    // Windows: the PEP 514 registrations (python.org, uv, conda, the Store's
    // real installs), which need not be on PATH at all.
    for registered in env.installed_registrations() {
        add(registered.executable, FoundBy::Registry(registered.key));
    }
    let installs = |root: Option<PathBuf>| -> Vec<PathBuf> {
        let Some(Ok(entries)) = root.map(std::fs::read_dir) else {
            return Vec::new();
        };
        let mut dirs: Vec<PathBuf> = entries
            .flatten()
            .map(|e| e.path())
            .filter(|p| p.is_dir())
            .collect();
        dirs.sort();
        dirs
    };
    for listed in installs(env.pyenv_root.as_ref().map(|r| r.join("versions"))) {
        let (Some(root), Some(name)) = (
            env.pyenv_root.as_deref(),
            listed.file_name().and_then(|n| n.to_str()),
        ) else {
            continue;
        };
        let prefix = match install_prefix(root, name) {
            Ok(Some(prefix)) => prefix,
            Ok(None) => continue,
            Err(reason) => {
                refused.push(Error::Interpreter {
                    path: listed.clone(),
                    reason: format!("pyenv install refused: {reason}; nothing started from it"),
                });
                continue;
            }
        };
        if let Some(exe) = super::install_executable(&prefix, "python3")
            .or_else(|| super::install_executable(&prefix, "python"))
        {
            add(exe, FoundBy::Pyenv);
        }
    }
    for prefix in installs(env.uv_python_dir.clone()) {
        let exe =
            executable(&prefix.join("bin"), "python3").or_else(|| executable(&prefix, "python"));
        if let Some(exe) = exe {
            add(exe, FoundBy::Uv);
        }
    }
    for prefix in &env.conda_environments {
        if !super::conda::is_environment(prefix) {
            continue;
        }
        if let Some(exe) = super::conda::interpreter(prefix) {
            add(exe, FoundBy::Conda);
        }
    }
    (out, refused)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn python_names() {
        for ok in [
            "python",
            "python3",
            "python2",
            "python3.12",
            "python2.7",
            "python3.exe",
            "python3.13t",
        ] {
            assert!(is_python_name(ok), "{ok}");
        }
        for bad in [
            "python3-config",
            "python3.12-config",
            "pythonw",
            "python4",
            "python3.",
            "python3.12.1",
            "ipython",
            "python3t",
            "python3.t",
        ] {
            assert!(!is_python_name(bad), "{bad}");
        }
    }
}
