//! Differential: the interpreter a pyenv shim resolves to, as we resolve it
//! without running anything, equals the one the real pyenv starts for the
//! shim (`pyenv exec`), for every form of `.python-version` and
//! `PYENV_VERSION` below and the shims `python`, `python3.12`, `python3.13`,
//! in a temporary PYENV_ROOT of fake installs. Skips with a printed reason
//! where pyenv is not installed.
#![cfg(unix)]
#![allow(clippy::unwrap_used)]

use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

use toolcup_releases::discovery::{Environment, Want, find_active, find_explicit};

/// The real pyenv's entry point, if this machine has one.
fn real_pyenv() -> Option<PathBuf> {
    let home = std::env::var_os("HOME")?;
    let pyenv = Path::new(&home).join(".pyenv/libexec/pyenv");
    pyenv.exists().then_some(pyenv)
}

fn fake(path: &Path, version: &str) {
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    // The version for our probe, and its own path on stderr for the oracle.
    std::fs::write(
        path,
        format!("#!/bin/sh\necho 'Python {version}'\necho \"$0\" >&2\n"),
    )
    .unwrap();
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o755)).unwrap();
}

/// The installs of the fake root: CPython patches of two branches, a
/// pre-release, a development build, and another implementation.
const INSTALLS: [(&str, &str); 7] = [
    ("3.11.7", "3.11"),
    ("3.12.1", "3.12"),
    ("3.12.10", "3.12"),
    ("3.13.0rc1", "3.13"),
    ("3.14-dev", "3.14"),
    ("pypy3.10-7.3.17", "3.10"),
    ("3.13.1t", "3.13"),
];

struct World {
    _dir: tempfile::TempDir,
    root: PathBuf,
    project: PathBuf,
    path: std::ffi::OsString,
}

fn world() -> World {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("pyenv");
    for (name, branch) in INSTALLS {
        let version = name
            .split('-')
            .next()
            .unwrap()
            .trim_start_matches("pypy")
            .trim_end_matches('t');
        let version = if version.contains('.') && version.matches('.').count() == 1 {
            format!("{version}.0")
        } else {
            version.to_owned()
        };
        for exe in ["python", "python3", &format!("python{branch}")] {
            fake(
                &root.join("versions").join(name).join("bin").join(exe),
                &version,
            );
        }
    }
    for exe in [
        "python",
        "python3",
        "python3.11",
        "python3.12",
        "python3.13",
    ] {
        fake(&root.join("shims").join(exe), "0.0.0");
    }
    // The "system" Python, after the shims on PATH.
    fake(&dir.path().join("system/python3"), "3.9.2");
    fake(&dir.path().join("system/python3.13"), "3.13.9");
    let project = dir.path().join("project/sub");
    std::fs::create_dir_all(&project).unwrap();
    let path = std::env::join_paths([
        root.join("shims"),
        dir.path().join("system"),
        "/usr/bin".into(),
        "/bin".into(),
    ])
    .unwrap();
    World {
        _dir: dir,
        root,
        project,
        path,
    }
}

/// The interpreter the shim NAME really starts (`pyenv exec NAME`, as the
/// shim runs it; the fake prints its own path on stderr), or `None` when
/// pyenv finds none.
fn pyenv_which(pyenv: &Path, w: &World, name: &str, version: Option<&str>) -> Option<PathBuf> {
    let mut cmd = Command::new(pyenv);
    cmd.args(["exec", name])
        .current_dir(&w.project)
        .env("PYENV_ROOT", &w.root)
        .env("PATH", &w.path)
        .env_remove("PYENV_VERSION")
        .env_remove("PYENV_DIR");
    if let Some(v) = version {
        cmd.env("PYENV_VERSION", v);
    }
    let out = cmd.output().unwrap();
    let said = String::from_utf8_lossy(&out.stderr);
    out.status
        .success()
        .then(|| PathBuf::from(said.lines().last().unwrap_or("").trim()))
}

fn ours(w: &World, name: &str, version: Option<&str>) -> Option<PathBuf> {
    let env = Environment {
        path: w.path.clone(),
        cwd: w.project.clone(),
        pyenv_root: Some(w.root.clone()),
        pyenv_version: version.map(str::to_owned),
        timeout: Duration::from_secs(5),
        ..Environment::default()
    };
    let found = if name == "python" {
        find_active(&env, Want::default()).ok().flatten()
    } else {
        find_explicit(&w.root.join("shims").join(name), &env, Want::default()).ok()
    };
    found.map(|i| i.path)
}

fn same(a: &Option<PathBuf>, b: &Option<PathBuf>) -> bool {
    let canon = |p: &Option<PathBuf>| {
        p.as_ref()
            .map(|p| std::fs::canonicalize(p).unwrap_or(p.clone()))
    };
    canon(a) == canon(b)
}

/// The `.python-version` forms tried (file text), in the order of the report.
const FORMS: [&str; 24] = [
    "3.12.1\n",
    "3.12\n",
    "3\n",
    "3.11\n",
    "python-3.12\n",
    "python-3.12.1\n",
    "system\n",
    "",
    "\n\n",
    "# only a comment\n",
    "# pinned\n3.11\n",
    "3.99.0\n",
    "3.99\n3.11.7\n",
    "3.99 3.11.7\n",
    "  3.11.7  \n",
    "3.12.1 # trailing comment\n",
    "cpython-3.12\n",
    "3.12.1\r\n",
    "3.1\n",
    "2.7\n",
    "3.13\n",
    "3.13t\n",
    "pypy3.10\n",
    "3.14\n",
];

#[test]
fn python_version_forms_resolve_as_pyenv_does() {
    let Some(pyenv) = real_pyenv() else {
        eprintln!("skipped: pyenv is not installed at ~/.pyenv");
        return;
    };
    let w = world();
    let file = w.project.parent().unwrap().join(".python-version");
    let mut mismatches = Vec::new();
    for form in FORMS {
        std::fs::write(&file, form).unwrap();
        for name in ["python", "python3.12", "python3.13"] {
            let theirs = pyenv_which(
                &pyenv,
                &w,
                if name == "python" { "python" } else { name },
                None,
            );
            let mine = ours(&w, name, None);
            eprintln!("{form:?} {name}: pyenv {theirs:?}, ours {mine:?}");
            if !same(&theirs, &mine) {
                mismatches.push(format!("{form:?} {name}: pyenv {theirs:?}, ours {mine:?}"));
            }
        }
    }
    std::fs::remove_file(&file).unwrap();
    for version in [
        "3.12",
        "3.11.7:3.12.1",
        "3.99:3.12",
        "system",
        "python-3.11",
        "3:3.11",
    ] {
        let theirs = pyenv_which(&pyenv, &w, "python", Some(version));
        let mine = ours(&w, "python", Some(version));
        eprintln!("PYENV_VERSION={version}: pyenv {theirs:?}, ours {mine:?}");
        if !same(&theirs, &mine) {
            mismatches.push(format!(
                "PYENV_VERSION={version}: pyenv {theirs:?}, ours {mine:?}"
            ));
        }
    }
    assert!(mismatches.is_empty(), "{}", mismatches.join("\n"));
}
