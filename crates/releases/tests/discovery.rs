//! Interpreter discovery with fake interpreters: shell scripts that print a
//! version on stdout or stderr, fail, or hang, and leave a mark when started.
#![cfg(unix)]
#![allow(clippy::unwrap_used)]

use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::time::Duration;

use toolcup_releases::discovery::pep514::{Hive, Registered};
use toolcup_releases::discovery::{
    Environment, FoundBy, Implementation, VersionSource, Want, find_active, find_all,
    find_explicit, probe, pyenv_win_root,
};
use toolcup_releases::{Error, Version};

/// Writes an executable script at `path` that marks `<path>.started` and runs `body`.
fn script(path: &Path, body: &str) -> PathBuf {
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    let mark = format!("{}.started", path.display());
    std::fs::write(path, format!("#!/bin/sh\ntouch '{mark}'\n{body}\n")).unwrap();
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o755)).unwrap();
    path.to_owned()
}

fn started(path: &Path) -> bool {
    Path::new(&format!("{}.started", path.display())).exists()
}

fn env(root: &Path, path_dirs: &[&Path]) -> Environment {
    let cwd = root.join("project");
    std::fs::create_dir_all(&cwd).unwrap();
    Environment {
        path: std::env::join_paths(path_dirs).unwrap(),
        cwd,
        virtual_env: None,
        pyenv_root: None,
        pyenv_version: None,
        uv_python_dir: None,
        conda_environments: Vec::new(),
        registered: Vec::new(),
        py_python: None,
        pathext: String::new(),
        timeout: Duration::from_secs(5),
    }
}

fn v(s: &str) -> Version {
    s.parse().unwrap()
}

#[test]
fn python_before_python3_and_stdout_or_stderr() {
    let dir = tempfile::tempdir().unwrap();
    let bin = dir.path().join("bin");
    script(&bin.join("python3"), "echo 'Python 3.12.1'");
    let e = env(dir.path(), &[&bin]);
    let found = find_active(&e, Want::default()).unwrap().unwrap();
    assert_eq!(
        (found.version, found.found_by.clone()),
        (v("3.12.1"), FoundBy::Path("python3".into()))
    );
    assert_eq!(found.version_source, VersionSource::Started);
    // Python 2 prints its version on stderr; `python` comes first.
    script(&bin.join("python"), "echo 'Python 2.7.18' >&2");
    let found = find_active(&e, Want::default()).unwrap().unwrap();
    assert_eq!(
        (found.version, found.found_by),
        (v("2.7.18"), FoundBy::Path("python".into()))
    );
}

#[test]
fn nothing_on_path_is_none() {
    let dir = tempfile::tempdir().unwrap();
    let empty = dir.path().join("empty");
    std::fs::create_dir_all(&empty).unwrap();
    assert!(
        find_active(&env(dir.path(), &[&empty]), Want::default())
            .unwrap()
            .is_none()
    );
}

#[test]
fn failing_and_hanging_interpreters_are_errors() {
    let dir = tempfile::tempdir().unwrap();
    let bad = script(
        &dir.path().join("bad/python"),
        "echo 'Fatal Python error: init' >&2; exit 1",
    );
    let err = probe(&bad, false, Duration::from_secs(5))
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("no version") && err.contains("Fatal Python error"),
        "{err}"
    );
    let slow = script(
        &dir.path().join("slow/python"),
        "sleep 5; echo 'Python 3.12.1'",
    );
    let err = probe(&slow, false, Duration::from_millis(200)).unwrap_err();
    assert!(
        matches!(err, Error::Interpreter { .. })
            && err.to_string().contains("no answer within 200 ms"),
        "{err}"
    );
    let missing = probe(
        &dir.path().join("nope/python"),
        false,
        Duration::from_secs(1),
    )
    .unwrap_err();
    assert!(missing.to_string().contains("cannot start"), "{missing}");
}

#[test]
fn virtualenv_answers_from_pyvenv_cfg_without_starting() {
    let dir = tempfile::tempdir().unwrap();
    let venv = dir.path().join("venv");
    let exe = script(&venv.join("bin/python"), "echo 'Python 9.9.9'");
    std::fs::write(
        venv.join("pyvenv.cfg"),
        "home = /usr/bin\nversion = 3.11.7\n",
    )
    .unwrap();
    let mut e = env(dir.path(), &[]);
    e.virtual_env = Some(venv.clone());
    let found = find_active(&e, Want::default()).unwrap().unwrap();
    assert_eq!(
        (found.version, found.found_by, found.version_source),
        (v("3.11.7"), FoundBy::VirtualEnv, VersionSource::PyvenvCfg)
    );
    assert!(!started(&exe));
    // Django from site-packages metadata, still without starting.
    let dist = venv.join("lib/python3.11/site-packages/django-5.2.1.dist-info");
    std::fs::create_dir_all(&dist).unwrap();
    std::fs::write(
        dist.join("METADATA"),
        "Metadata-Version: 2.1\nName: Django\nVersion: 5.2.1\n",
    )
    .unwrap();
    let found = find_active(&e, Want { django: true }).unwrap().unwrap();
    assert_eq!(found.django, Some(Some(v("5.2.1"))));
    assert!(!started(&exe));
}

#[test]
fn django_through_one_start_when_metadata_is_silent() {
    let dir = tempfile::tempdir().unwrap();
    let exe = script(
        &dir.path().join("bin/python"),
        "printf 'Python 3.12.1\\nDjango 4.2.21\\n'",
    );
    let found = find_explicit(&exe, &env(dir.path(), &[]), Want { django: true }).unwrap();
    assert_eq!(
        (found.version, found.django),
        (v("3.12.1"), Some(Some(v("4.2.21"))))
    );
    let none = script(
        &dir.path().join("bin2/python"),
        "printf 'Python 3.12.1\\nDjango -\\n'",
    );
    assert_eq!(
        find_explicit(&none, &env(dir.path(), &[]), Want { django: true })
            .unwrap()
            .django,
        Some(None)
    );
}

#[test]
fn pyenv_shim_resolved_without_starting_anything() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("pyenv");
    let shim = script(&root.join("shims/python"), "exit 99");
    let real = script(
        &root.join("versions/3.11.7/bin/python"),
        "echo 'Python 3.11.7'",
    );
    script(
        &root.join("versions/3.12.1/bin/python"),
        "echo 'Python 3.12.1'",
    );
    std::fs::write(root.join("version"), "3.11.7\n").unwrap();
    let mut e = env(dir.path(), &[&root.join("shims")]);
    e.pyenv_root = Some(root.clone());
    let found = find_active(&e, Want::default()).unwrap().unwrap();
    assert_eq!(
        (found.version, found.path.clone(), found.version_source),
        (v("3.11.7"), real.clone(), VersionSource::InstallName)
    );
    assert!(!started(&shim) && !started(&real));
    // The project's .python-version wins over the global version, PYENV_VERSION over both.
    std::fs::write(e.cwd.join(".python-version"), "3.12.1\n").unwrap();
    assert_eq!(
        find_active(&e, Want::default()).unwrap().unwrap().version,
        v("3.12.1")
    );
    e.pyenv_version = Some("3.11.7".into());
    assert_eq!(
        find_active(&e, Want::default()).unwrap().unwrap().version,
        v("3.11.7")
    );
    // Not installed and no system python: pyenv's "command not found".
    e.pyenv_version = Some("3.99.0".into());
    let err = find_active(&e, Want::default()).unwrap_err().to_string();
    assert!(err.contains("no system python"), "{err}");
}

#[test]
fn python_version_file_picks_a_matching_interpreter() {
    let dir = tempfile::tempdir().unwrap();
    let bin = dir.path().join("bin");
    script(&bin.join("python"), "echo 'Python 3.11.2'");
    script(&bin.join("python3.12"), "echo 'Python 3.12.1'");
    let other = script(&bin.join("python3.9"), "echo 'Python 3.9.18'");
    let e = env(dir.path(), &[&bin]);
    std::fs::write(e.cwd.join(".python-version"), "3.12\n").unwrap();
    let found = find_active(&e, Want::default()).unwrap().unwrap();
    assert_eq!(found.version, v("3.12.1"));
    assert_eq!(
        found.found_by,
        FoundBy::PythonVersionFile(e.cwd.join(".python-version"))
    );
    // A `python3.9` cannot be 3.12: it was not started.
    assert!(!started(&other));
    // No match: fall back to `python`, with a warning naming what is used.
    std::fs::write(e.cwd.join(".python-version"), "3.8\n").unwrap();
    let found = find_active(&e, Want::default()).unwrap().unwrap();
    assert_eq!(found.version, v("3.11.2"));
    assert_eq!(found.warnings.len(), 1);
    let used = format!(
        "is not installed; using {} instead",
        bin.join("python").display()
    );
    assert!(
        found.warnings[0].starts_with("3.8 (pinned in ") && found.warnings[0].ends_with(&used),
        "{:?}",
        found.warnings
    );
    // Lines are tried in order: the first installed one wins, not the first
    // interpreter found; each missing one before it is named.
    std::fs::write(e.cwd.join(".python-version"), "3.99\n3.9\n3.12\n").unwrap();
    let found = find_active(&e, Want::default()).unwrap().unwrap();
    assert_eq!(found.version, v("3.9.18"));
    assert_eq!(found.warnings.len(), 1, "{:?}", found.warnings);
    assert!(
        found.warnings[0].starts_with("3.99 (pinned in "),
        "{:?}",
        found.warnings
    );
}

#[test]
fn all_lists_path_pyenv_and_uv_once_each() {
    let dir = tempfile::tempdir().unwrap();
    let bin = dir.path().join("bin");
    script(&bin.join("python3"), "echo 'Python 3.12.1'");
    std::os::unix::fs::symlink(bin.join("python3"), bin.join("python3.12")).unwrap();
    script(&bin.join("python3-config"), "exit 1");
    script(&bin.join("python2"), "echo 'Python 2.7.18' >&2");
    let root = dir.path().join("pyenv");
    script(&root.join("shims/python3"), "exit 99");
    script(&root.join("versions/3.10.13/bin/python3"), "exit 1");
    let uv = dir.path().join("share/uv/python");
    script(
        &uv.join("cpython-3.13.0-linux-x86_64-gnu/bin/python3"),
        "exit 1",
    );
    let mut e = env(dir.path(), &[&bin, &root.join("shims")]);
    e.pyenv_root = Some(root);
    e.uv_python_dir = Some(uv);
    let found: Vec<(String, FoundBy)> = find_all(&e, Want::default())
        .into_iter()
        .map(|r| r.map(|i| (i.version.to_string(), i.found_by)).unwrap())
        .collect();
    assert_eq!(
        found,
        [
            ("2.7.18".into(), FoundBy::Path("python2".into())),
            ("3.12.1".into(), FoundBy::Path("python3".into())),
            ("3.10.13".into(), FoundBy::Pyenv),
            ("3.13.0".into(), FoundBy::Uv),
        ]
    );
}

/// Differential: the version we read from the install folder equals what the
/// real interpreter says when started.
#[test]
fn real_pyenv_interpreters_agree() {
    let Some(home) = std::env::var_os("HOME") else {
        eprintln!("skipped: no HOME");
        return;
    };
    let versions = Path::new(&home).join(".pyenv/versions");
    let Ok(entries) = std::fs::read_dir(&versions) else {
        eprintln!("skipped: no pyenv installs at {}", versions.display());
        return;
    };
    let mut checked = 0;
    for entry in entries.flatten() {
        let exe = entry.path().join("bin/python");
        if !exe.exists() {
            continue;
        }
        let e = Environment::from_process();
        let from_files = find_explicit(&exe, &e, Want::default()).unwrap();
        let started = probe(&exe, false, Duration::from_secs(10)).unwrap();
        assert_eq!(from_files.version, started.python, "{}", exe.display());
        checked += 1;
    }
    eprintln!("compared {checked} real interpreters");
}

/// uv's `.python-version` forms against uv-managed installs
/// (`<uv>/python/<key>/bin/python3`) and `pythonX.Y` on PATH: each line picks
/// the install uv would, its version read from the folder name (nothing started).
#[test]
fn uv_forms_pick_uv_managed_installs() {
    let dir = tempfile::tempdir().unwrap();
    let uv = dir.path().join("uv/python");
    let installs = [
        "cpython-3.12.1-linux-x86_64-gnu",
        "cpython-3.12.8-linux-x86_64-gnu",
        "cpython-3.13.1-linux-x86_64-gnu",
        "cpython-3.13.1+freethreaded-linux-x86_64-gnu",
        "cpython-3.12.8-macos-aarch64-none",
        "pypy-3.10.14-linux-x86_64-gnu",
    ];
    for key in installs {
        script(&uv.join(key).join("bin/python3"), "exit 1");
    }
    let bin = dir.path().join("bin");
    script(&bin.join("python3"), "echo 'Python 3.11.9'");
    let mut e = env(dir.path(), &[&bin]);
    e.uv_python_dir = Some(uv.clone());
    let pick = |line: &str| {
        std::fs::write(e.cwd.join(".python-version"), format!("{line}\n")).unwrap();
        let found = find_active(&e, Want::default()).unwrap().unwrap();
        let key = found
            .path
            .strip_prefix(&uv)
            .map(|p| p.iter().next().unwrap().to_string_lossy().into_owned())
            .unwrap_or_else(|_| found.path.display().to_string());
        (key, found.version.to_string(), found.warnings.len())
    };
    let linux = |key: &str, version: &str| (key.to_owned(), version.to_owned(), 0);
    assert_eq!(
        pick("3.12"),
        linux("cpython-3.12.8-linux-x86_64-gnu", "3.12.8")
    );
    assert_eq!(
        pick("cpython@3.12.1"),
        linux("cpython-3.12.1-linux-x86_64-gnu", "3.12.1")
    );
    assert_eq!(
        pick("cp313"),
        linux("cpython-3.13.1-linux-x86_64-gnu", "3.13.1")
    );
    assert_eq!(
        pick("cpython3.13"),
        linux("cpython-3.13.1-linux-x86_64-gnu", "3.13.1")
    );
    assert_eq!(
        pick("3.13t"),
        linux("cpython-3.13.1+freethreaded-linux-x86_64-gnu", "3.13.1")
    );
    assert_eq!(
        pick("3.13+freethreaded"),
        linux("cpython-3.13.1+freethreaded-linux-x86_64-gnu", "3.13.1")
    );
    assert_eq!(
        pick("pypy@3.10"),
        linux("pypy-3.10.14-linux-x86_64-gnu", "3.10.14")
    );
    assert_eq!(
        pick("pp310"),
        linux("pypy-3.10.14-linux-x86_64-gnu", "3.10.14")
    );
    assert_eq!(
        pick("cpython-3.12.8-macos-aarch64-none"),
        linux("cpython-3.12.8-macos-aarch64-none", "3.12.8")
    );
    assert_eq!(
        pick(">=3.12,<3.13"),
        linux("cpython-3.12.8-linux-x86_64-gnu", "3.12.8")
    );
    // The PATH's python3 answers 3.11 (started once), not a uv install.
    let (path, version, _) = pick("3.11");
    assert_eq!(
        (path.ends_with("bin/python3"), version.as_str()),
        (true, "3.11.9")
    );
    // Not installed: the PATH's python3, with a warning naming the pin.
    let (_, version, warnings) = pick("pypy@3.11");
    assert_eq!((version.as_str(), warnings), ("3.11.9", 1));
    for key in installs {
        assert!(
            !started(&uv.join(key).join("bin/python3")),
            "{key} was started"
        );
    }
}

#[test]
fn pypy_and_graalpy_are_named_and_warned_about() {
    let dir = tempfile::tempdir().unwrap();
    let e = env(dir.path(), &[]);
    // Known from its banner only: a `python3` that is PyPy.
    let banner = script(
        &dir.path().join("opt/bin/python3"),
        "echo 'Python 3.10.14 (39dc8d3c85a7, Aug 27 2024, 14:33:33)'\necho '[PyPy 7.3.17 with GCC 10.2.1 20210130]'",
    );
    let found = find_explicit(&banner, &e, Want::default()).unwrap();
    assert_eq!(found.version, v("3.10.14"));
    assert_eq!(found.implementation, Some(Implementation::PyPy));
    assert_eq!(
        found.warnings,
        [format!(
            "{} is PyPy, implementing Python 3.10.14: the dates shown are CPython 3.10's, not those of PyPy's own releases",
            banner.display()
        )]
    );
    // GraalPy's `sys.version` build line, as the Django probe prints it.
    let graal = script(
        &dir.path().join("graal/bin/python3"),
        "echo 'Python 3.11.7'\necho 'Build (Tue Oct 01 2024) [Graal, Oracle GraalVM, Java 23.0.1 (amd64)]'\necho 'Django -'",
    );
    let found = find_explicit(&graal, &e, Want { django: true }).unwrap();
    assert_eq!(found.implementation, Some(Implementation::GraalPy));
    assert_eq!(found.django, Some(None));
    // Known from pyenv's folder name, and from the executable's name.
    let pyenv = script(
        &dir.path().join("versions/pypy3.10-7.3.17/bin/python"),
        "echo 'Python 3.10.14'",
    );
    let found = find_explicit(&pyenv, &e, Want::default()).unwrap();
    assert_eq!(found.implementation, Some(Implementation::PyPy));
    let named = script(&dir.path().join("usr/bin/pypy3"), "echo 'Python 3.9.18'");
    assert_eq!(
        find_explicit(&named, &e, Want::default())
            .unwrap()
            .implementation,
        Some(Implementation::PyPy)
    );
    // CPython: no implementation, no warning.
    let cpython = script(
        &dir.path().join("usr/bin/python3.12"),
        "echo 'Python 3.12.1'",
    );
    let found = find_explicit(&cpython, &e, Want::default()).unwrap();
    assert_eq!((found.implementation, found.warnings.len()), (None, 0));
}

#[test]
fn conda_environments_are_listed_with_their_version_without_starting() {
    let dir = tempfile::tempdir().unwrap();
    let base = dir.path().join("miniforge3");
    let data = base.join("envs/data");
    for (prefix, record) in [
        (&base, "python-3.12.7-hc5c86c4_0_cpython.json"),
        (&data, "python-3.9.20-h13acc7a_1_cpython.json"),
    ] {
        let meta = prefix.join("conda-meta");
        std::fs::create_dir_all(&meta).unwrap();
        std::fs::write(meta.join(record), "{}").unwrap();
        // Another package whose name starts with python-.
        std::fs::write(meta.join("python-dateutil-2.9.0-pyhd8ed1ab_0.json"), "{}").unwrap();
        script(&prefix.join("bin/python3"), "echo 'Python 0.0.1'");
    }
    let mut e = env(dir.path(), &[]);
    // A listed folder that is not a conda environment (no conda-meta) is skipped.
    let plain = dir.path().join("plain");
    script(&plain.join("bin/python3"), "echo 'Python 3.12.1'");
    e.conda_environments = vec![base.clone(), plain.clone(), data.clone()];
    let all = find_all(&e, Want::default());
    let conda: Vec<(String, String)> = all
        .iter()
        .filter_map(|r| r.as_ref().ok())
        .filter(|i| i.found_by == FoundBy::Conda)
        .map(|i| (i.path.display().to_string(), i.version.to_string()))
        .collect();
    assert_eq!(
        conda,
        [
            (
                base.join("bin/python3").display().to_string(),
                "3.12.7".to_owned()
            ),
            (
                data.join("bin/python3").display().to_string(),
                "3.9.20".to_owned()
            ),
        ]
    );
    assert!(!started(&base.join("bin/python3")) && !started(&data.join("bin/python3")));
    assert!(!started(&plain.join("bin/python3")));
    // The same interpreter given by path is read the same way.
    let found = find_explicit(&data.join("bin/python3"), &e, Want::default()).unwrap();
    assert_eq!(
        (found.version, found.version_source),
        (v("3.9.20"), VersionSource::CondaMeta)
    );
}

#[test]
fn pyenv_win_layout_is_read_from_its_folder_names() {
    let dir = tempfile::tempdir().unwrap();
    let outer = dir.path().join(".pyenv");
    let root = outer.join("pyenv-win");
    // pyenv-win keeps python.exe at the top of each version's folder.
    let exe = script(&root.join("versions/3.12.1/python"), "echo 'Python 3.12.1'");
    assert_eq!(pyenv_win_root(&outer), Some(root.clone()));
    assert_eq!(pyenv_win_root(&root), None);
    let mut e = env(dir.path(), &[]);
    e.pyenv_root = Some(root);
    let listed: Vec<_> = find_all(&e, Want::default())
        .into_iter()
        .filter_map(Result::ok)
        .map(|i| (i.path, i.version.to_string(), i.found_by, i.version_source))
        .collect();
    assert_eq!(
        listed,
        [(
            exe.clone(),
            "3.12.1".to_owned(),
            FoundBy::Pyenv,
            VersionSource::InstallName
        )]
    );
    assert!(!started(&exe));
}

fn registered(exe: &Path, key: &str, version: Option<&str>) -> Registered {
    Registered {
        executable: exe.to_owned(),
        version: version.map(v),
        key: key.to_owned(),
        hive: Hive::CurrentUser,
    }
}

#[test]
fn registered_interpreters_are_listed_and_the_launchers_default_is_used_without_path() {
    let dir = tempfile::tempdir().unwrap();
    let empty = dir.path().join("empty");
    std::fs::create_dir_all(&empty).unwrap();
    let installs = dir.path().join("Programs");
    let py312 = script(
        &installs.join("Python312/python.exe"),
        "echo 'Python 3.12.8'",
    );
    let py313 = script(
        &installs.join("Python313/python.exe"),
        "echo 'Python 3.13.1'",
    );
    let py313t = script(
        &installs.join("Python313/python3.13t.exe"),
        "echo 'Python 3.13.1'",
    );
    let mut e = env(dir.path(), &[&empty]);
    e.registered = vec![
        registered(&py312, r"PythonCore\3.12", Some("3.12.8")),
        registered(&py313t, r"PythonCore\3.13t", Some("3.13.1")),
        registered(&py313, r"PythonCore\3.13", Some("3.13.1")),
        // Uninstalled without cleaning the registry: never listed or chosen.
        registered(
            &installs.join("Python314/python.exe"),
            r"PythonCore\3.14",
            Some("3.14.0"),
        ),
    ];
    // `releases list`: every registration, named by its key.
    let all: Vec<_> = find_all(&e, Want::default())
        .into_iter()
        .map(|r| r.unwrap())
        .map(|i| (i.version, i.found_by))
        .collect();
    assert_eq!(
        all,
        [
            (v("3.12.8"), FoundBy::Registry(r"PythonCore\3.12".into())),
            (v("3.13.1"), FoundBy::Registry(r"PythonCore\3.13t".into())),
            (v("3.13.1"), FoundBy::Registry(r"PythonCore\3.13".into())),
        ]
    );
    // No python on PATH: the newest non-free-threaded registration, as `py`.
    let found = find_active(&e, Want::default()).unwrap().unwrap();
    assert_eq!(found.path, py313);
    assert_eq!(found.found_by, FoundBy::Registry(r"PythonCore\3.13".into()));
    // PY_PYTHON=3.12 picks that one.
    e.py_python = Some("3.12".into());
    let found = find_active(&e, Want::default()).unwrap().unwrap();
    assert_eq!(found.path, py312);
    // A .python-version pin is matched against the registrations too.
    e.py_python = None;
    std::fs::write(e.cwd.join(".python-version"), "3.12\n").unwrap();
    let found = find_active(&e, Want::default()).unwrap().unwrap();
    assert_eq!((found.path, found.version), (py312, v("3.12.8")));
    // A pin that nothing satisfies falls back to the launcher's default, with a warning.
    std::fs::write(e.cwd.join(".python-version"), "3.9\n").unwrap();
    let found = find_active(&e, Want::default()).unwrap().unwrap();
    assert_eq!(found.path, py313);
    assert!(
        found
            .warnings
            .iter()
            .any(|w| w.starts_with("3.9 (pinned in")),
        "{:?}",
        found.warnings
    );
    // A python on PATH still comes first, as on every platform.
    let bin = dir.path().join("bin");
    let on_path = script(&bin.join("python"), "echo 'Python 3.11.4'");
    std::fs::remove_file(e.cwd.join(".python-version")).unwrap();
    e.path = std::env::join_paths([&bin]).unwrap();
    let found = find_active(&e, Want::default()).unwrap().unwrap();
    assert_eq!(found.path, on_path);
}
