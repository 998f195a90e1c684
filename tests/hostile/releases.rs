//! Hostile inputs for `toolcup releases`: version names that walk out of
//! pyenv's versions folder, interpreters that hang or leave children behind,
//! special files as inputs, poisoned release data, planted links and
//! far-future caches, huge numbers. Every test runs the real binary in a
//! sandbox (its own PATH, HOME, cache and project folder) under a wall-clock
//! bound.
#![cfg(unix)]

use std::os::unix::fs::PermissionsExt;
use std::path::PathBuf;
use std::process::{Command, Output};
use std::time::Duration;

use super::util::{assert_one_line_error, run_bounded, toolcup};

/// Long enough for a loaded machine, short enough that a hang fails fast.
const LIMIT: Duration = Duration::from_secs(30);

/// A private folder tree: `bin` (the whole PATH), `project` (the working
/// directory), `home`, `cache`, and `outside` (where an attacker's
/// interpreter lives; it leaves `outside/STARTED` when run).
struct Sandbox {
    dir: tempfile::TempDir,
}

impl Sandbox {
    fn new() -> Sandbox {
        let dir = tempfile::tempdir().expect("temp dir");
        for sub in ["bin", "project", "home", "cache", "outside"] {
            std::fs::create_dir_all(dir.path().join(sub)).expect("sandbox folder");
        }
        let s = Sandbox { dir };
        // The attacker's interpreters: starting any of them is the defect.
        for rel in [
            "outside/bin/python",
            "outside/bin/python3",
            "project/evil/bin/python",
            "project/evil/bin/python3",
        ] {
            let mark = s.path("outside/STARTED");
            s.script(
                rel,
                &format!("touch '{}'; echo 'Python 3.12.1'", mark.display()),
            );
        }
        s
    }

    fn path(&self, rel: &str) -> PathBuf {
        self.dir.path().join(rel)
    }

    /// An executable shell script at `rel` running `body` (with the system's
    /// tools on its PATH: the sandbox's PATH has only fake interpreters).
    fn script(&self, rel: &str, body: &str) -> PathBuf {
        let path = self.path(rel);
        std::fs::create_dir_all(path.parent().expect("parent")).expect("folder");
        std::fs::write(
            &path,
            format!("#!/bin/sh\nPATH=/usr/bin:/bin:$PATH\n{body}\n"),
        )
        .expect("script");
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755)).expect("chmod");
        path
    }

    fn write(&self, rel: &str, contents: &[u8]) -> PathBuf {
        let path = self.path(rel);
        std::fs::create_dir_all(path.parent().expect("parent")).expect("folder");
        std::fs::write(&path, contents).expect("write");
        path
    }

    /// `toolcup releases ARGS` inside the sandbox.
    fn cmd(&self, args: &[&str]) -> Command {
        let mut cmd = toolcup(["releases"]);
        cmd.args(args)
            .current_dir(self.path("project"))
            .env("PATH", self.path("bin"))
            .env("HOME", self.path("home"))
            .env("TOOLCUP_TODAY", "2026-11-25")
            .env("TOOLCUP_CACHE_DIR", self.path("cache"))
            .env_remove("VIRTUAL_ENV")
            .env_remove("PYENV_ROOT")
            .env_remove("PYENV_VERSION")
            .env_remove("UV_PYTHON_INSTALL_DIR")
            .env_remove("XDG_DATA_HOME");
        cmd
    }

    fn run(&self, cmd: &mut Command) -> Output {
        run_bounded(cmd, LIMIT)
    }

    fn attacker_ran(&self) -> bool {
        self.path("outside/STARTED").exists()
    }

    /// A pyenv root at `pyenv` with its shims first on PATH, one real
    /// install (3.12.1), and a link `versions/linked` to the attacker's folder.
    fn pyenv(&self) -> PathBuf {
        let root = self.path("pyenv");
        for name in ["python", "python3"] {
            self.script(&format!("pyenv/shims/{name}"), "exit 99");
            self.script(
                &format!("pyenv/versions/3.12.1/bin/{name}"),
                "echo 'Python 3.12.1'",
            );
        }
        std::os::unix::fs::symlink(self.path("outside"), root.join("versions/linked"))
            .expect("link");
        root
    }
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// Every name an attacker might write to reach `outside/bin/python`.
fn traversal_names(s: &Sandbox) -> Vec<String> {
    let outside = s.path("outside").display().to_string();
    let project = s.path("project").display().to_string();
    vec![
        "../../outside".to_owned(),
        "../../../outside".to_owned(),
        format!("../../../../../../../../../../{outside}"),
        outside.clone(),
        format!("{outside}/"),
        format!("{outside}/."),
        "/proc/self/cwd/evil".to_owned(),
        "/proc/self/cwd/../outside".to_owned(),
        format!("{project}/evil"),
        "..".to_owned(),
        "..\\..\\outside".to_owned(),
        "3.12.1/../../../outside".to_owned(),
        "3.12.1/envs/../../../outside".to_owned(),
        "linked".to_owned(),
        "linked/".to_owned(),
        "./linked".to_owned(),
        "versions/../../outside".to_owned(),
        "//proc/self/cwd/evil".to_owned(),
    ]
}

/// Issue 12 item 1: a `.python-version` naming a folder outside pyenv's
/// versions folder never gets its interpreter started, whichever way the
/// name tries (traversal, absolute, /proc/self/cwd, backslashes, a link out).
#[test]
fn python_version_names_never_start_an_interpreter_outside_pyenv() {
    let s = Sandbox::new();
    let root = s.pyenv();
    for name in traversal_names(&s) {
        s.write("project/.python-version", format!("{name}\n").as_bytes());
        for args in [&["check"][..], &["list"], &["check", "--product", "django"]] {
            let mut cmd = s.cmd(args);
            cmd.env("PATH", root.join("shims")).env("PYENV_ROOT", &root);
            let out = s.run(&mut cmd);
            assert!(
                !s.attacker_ran(),
                "{name:?} started the attacker's interpreter with {args:?}: {}",
                stderr(&out)
            );
            if args == ["check"] {
                assert_eq!(out.status.code(), Some(2), "{name:?}: {}", stderr(&out));
                assert!(!stderr(&out).contains("panicked"), "{}", stderr(&out));
            }
        }
    }
}

/// The same names through `PYENV_VERSION` (one name, or several joined by `:`),
/// and through pyenv's global `version` file.
#[test]
fn pyenv_version_variable_and_global_file_are_checked_too() {
    let s = Sandbox::new();
    let root = s.pyenv();
    for name in traversal_names(&s) {
        for value in [
            name.clone(),
            format!("{name}:3.99.0"),
            format!("3.99.0:{name}"),
        ] {
            let mut cmd = s.cmd(&["check"]);
            cmd.env("PATH", root.join("shims"))
                .env("PYENV_ROOT", &root)
                .env("PYENV_VERSION", &value);
            let out = s.run(&mut cmd);
            assert!(!s.attacker_ran(), "PYENV_VERSION={value:?}");
            assert_eq!(out.status.code(), Some(2), "{value:?}: {}", stderr(&out));
        }
        std::fs::write(root.join("version"), format!("{name}\n")).expect("global version");
        let mut cmd = s.cmd(&["check"]);
        cmd.env("PATH", root.join("shims")).env("PYENV_ROOT", &root);
        let out = s.run(&mut cmd);
        assert!(!s.attacker_ran(), "global version {name:?}");
        assert_eq!(out.status.code(), Some(2), "{name:?}: {}", stderr(&out));
    }
}

/// A refused name is skipped with a warning naming it, and the next safe,
/// installed name is used (as pyenv skips an invalid version).
#[test]
fn a_refused_name_is_skipped_with_a_warning_and_the_next_one_used() {
    let s = Sandbox::new();
    let root = s.pyenv();
    s.write("project/.python-version", b"../../outside\n3.12.1\n");
    let mut cmd = s.cmd(&["check"]);
    cmd.env("PATH", root.join("shims")).env("PYENV_ROOT", &root);
    let out = s.run(&mut cmd);
    assert!(!s.attacker_ran());
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(
        err.contains("warning: ignoring the pyenv version set by")
            && err.contains("\"../../outside\" is a path"),
        "{err}"
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("Python 3.12.1 at"));
}

/// Without pyenv's shims, a `.python-version` is matched against the
/// interpreters found on PATH and in pyenv's and uv's folders: a name is never
/// turned into a path, so nothing outside is started either.
#[test]
fn python_version_without_shims_never_becomes_a_path() {
    let s = Sandbox::new();
    let root = s.pyenv();
    s.script("bin/python3", "echo 'Python 3.11.7'");
    for name in traversal_names(&s) {
        s.write("project/.python-version", format!("{name}\n").as_bytes());
        let out = s.run(s.cmd(&["check"]).env("PYENV_ROOT", &root));
        assert!(!s.attacker_ran(), "{name:?}: {}", stderr(&out));
        assert_eq!(out.status.code(), Some(0), "{name:?}: {}", stderr(&out));
    }
}

/// `check --all` lists pyenv's installs, but one whose folder is a link out
/// of the versions folder is reported, not started.
#[test]
fn all_refuses_a_pyenv_install_linked_outside() {
    let s = Sandbox::new();
    let root = s.pyenv();
    let mut cmd = s.cmd(&["check", "--all"]);
    cmd.env("PYENV_ROOT", &root);
    let out = s.run(&mut cmd);
    assert!(!s.attacker_ran(), "{}", stderr(&out));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("pyenv install refused") && text.contains("3.12.1"),
        "{text}"
    );
}

/// `VIRTUAL_ENV` naming a folder that is no virtual environment (no
/// `pyvenv.cfg`) is refused with one line, and nothing is started.
#[test]
fn virtual_env_without_pyvenv_cfg_is_refused() {
    let s = Sandbox::new();
    for venv in [
        s.path("outside"),
        s.path("project/evil"),
        PathBuf::from("/"),
    ] {
        let mut cmd = s.cmd(&["check"]);
        cmd.env("VIRTUAL_ENV", &venv);
        let out = s.run(&mut cmd);
        assert!(!s.attacker_ran(), "{}", venv.display());
        assert!(
            stderr(&out).contains("not a virtual environment"),
            "{}",
            stderr(&out)
        );
        assert_one_line_error(&out, 2);
    }
}

/// Whether process `pid` (from a file the fake interpreter wrote) still runs.
fn alive(pid_file: &std::path::Path) -> bool {
    let Ok(pid) = std::fs::read_to_string(pid_file) else {
        return false;
    };
    let pid = pid.trim();
    // A zombie has exited; only a live process counts.
    std::fs::read_to_string(format!("/proc/{pid}/stat"))
        .is_ok_and(|stat| !stat.split(") ").nth(1).unwrap_or("").starts_with('Z'))
}

/// Issue 12 item 3: an interpreter that answers, exits, and leaves a process
/// of its own holding its output (a wrapper that starts a daemon) no longer
/// hangs the probe: the answer is used at once and the daemon is ended with
/// the interpreter's process group.
#[test]
fn an_interpreter_leaving_a_daemon_on_its_output_does_not_hang() {
    let s = Sandbox::new();
    let pid_file = s.path("daemon.pid");
    let pid = pid_file.display();
    let starts = [
        format!("sleep 60 & echo $! > '{pid}'"),
        format!("(sleep 60 & echo $! > '{pid}')"),
        format!("nohup sleep 60 >&1 2>&2 & echo $! > '{pid}'"),
        format!("sh -c 'echo $$ > \"{pid}\"; exec sleep 60' &"),
        format!("sleep 60 >&2 & echo $! > '{pid}'"),
    ];
    for (i, start) in starts.iter().enumerate() {
        let _ = std::fs::remove_file(&pid_file);
        for (product, answer) in [
            ("python", "echo 'Python 3.12.1'"),
            ("django", "printf 'Python 3.12.1\\nDjango 5.2.1\\n'"),
        ] {
            s.script("bin/python", &format!("{answer}\n{start}\nexit 0"));
            let started = std::time::Instant::now();
            let out = s.run(&mut s.cmd(&["check", "--product", product, "--timeout-ms", "20000"]));
            assert_eq!(out.status.code(), Some(0), "case {i}: {}", stderr(&out));
            assert!(
                started.elapsed() < Duration::from_secs(15),
                "case {i} waited for the daemon: {:?}",
                started.elapsed()
            );
            std::thread::sleep(Duration::from_millis(100));
            assert!(!alive(&pid_file), "case {i}: the daemon outlived the probe");
        }
    }
}

/// The deadline covers reading: an interpreter that says nothing useful and
/// leaves a daemon on its output, never exits, or floods its output, is
/// stopped at `--timeout-ms` with one line, and its process group with it.
#[test]
fn silent_hung_or_flooding_interpreters_stop_at_the_deadline() {
    let s = Sandbox::new();
    let pid_file = s.path("daemon.pid");
    let pid = pid_file.display();
    let cases = [
        (
            format!("sleep 60 & echo $! > '{pid}'; exit 0"),
            "kept its output open",
        ),
        (
            format!("echo junk; sleep 60 & echo $! > '{pid}'"),
            "kept its output open",
        ),
        (
            format!("echo $$ > '{pid}'; exec sleep 60"),
            "no answer within 700 ms",
        ),
        (
            format!("sleep 60 & echo $! > '{pid}'; wait"),
            "no answer within 700 ms",
        ),
        (
            format!("echo 'Python 3.12.1'; echo $$ > '{pid}'; exec sleep 60"),
            "no answer within 700 ms",
        ),
        ("yes 'Python junk'".to_owned(), "no answer within 700 ms"),
        (
            "yes 'Python junk' >&2".to_owned(),
            "no answer within 700 ms",
        ),
        (
            "head -c 10000000 /dev/zero; exit 0".to_owned(),
            "no version",
        ),
        (
            format!("trap '' TERM INT HUP; echo $$ > '{pid}'; while :; do sleep 1; done"),
            "no answer within 700 ms",
        ),
    ];
    for (body, says) in &cases {
        let _ = std::fs::remove_file(&pid_file);
        s.script("bin/python", body);
        let started = std::time::Instant::now();
        let out = s.run(&mut s.cmd(&["check", "--timeout-ms", "700"]));
        assert!(
            started.elapsed() < Duration::from_secs(10),
            "{body}: took {:?}",
            started.elapsed()
        );
        assert!(stderr(&out).contains(says), "{body}: {}", stderr(&out));
        assert_one_line_error(&out, 2);
        std::thread::sleep(Duration::from_millis(100));
        assert!(!alive(&pid_file), "{body}: left a process running");
    }
}

/// `check --all` probes every interpreter at once; a few hostile ones among
/// them cost one deadline, not one each, and the good ones are still checked.
#[test]
fn all_with_hostile_interpreters_is_bounded() {
    let s = Sandbox::new();
    s.script("bin/python3.9", "echo 'Python 3.9.18'");
    s.script("bin/python3.10", "sleep 60 & exit 0");
    s.script("bin/python3.11", "exec sleep 60");
    s.script("bin/python3.12", "echo 'Python 3.12.1'; sleep 60 &");
    s.script("bin/python3.13", "yes");
    let started = std::time::Instant::now();
    let out = s.run(&mut s.cmd(&["check", "--all", "--timeout-ms", "1000"]));
    assert!(
        started.elapsed() < Duration::from_secs(10),
        "{:?}",
        started.elapsed()
    );
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("3.9.18") && text.contains("3.12.1"), "{text}");
    assert_eq!(text.matches("error").count(), 3, "{text}");
}

/// Makes a FIFO at `path` (nothing ever writes to it).
fn fifo(path: &std::path::Path) {
    std::fs::create_dir_all(path.parent().expect("parent")).expect("folder");
    let made = Command::new("mkfifo")
        .arg(path)
        .status()
        .expect("mkfifo runs");
    assert!(made.success(), "mkfifo {}", path.display());
}

/// Every kind of special or oversized file planted at `path` in turn, with
/// what the one-line error must say; `setup` is called with each.
fn special_files(path: &std::path::Path, mut check: impl FnMut(&str)) {
    let clear = |p: &std::path::Path| {
        let _ = std::fs::remove_file(p);
        let _ = std::fs::remove_dir_all(p);
    };
    clear(path);
    fifo(path);
    check("a FIFO");
    clear(path);
    std::os::unix::fs::symlink("/dev/zero", path).expect("link");
    check("a character device");
    clear(path);
    std::os::unix::fs::symlink("/dev/null", path).expect("link");
    check("a character device");
    clear(path);
    std::fs::create_dir_all(path).expect("folder");
    check("a folder");
    clear(path);
    let file = std::fs::File::create(path).expect("file");
    file.set_len(200 * 1024 * 1024).expect("sparse file");
    drop(file);
    check("too large");
    clear(path);
    let fifo_elsewhere = path.with_extension("fifo-target");
    fifo(&fifo_elsewhere);
    std::os::unix::fs::symlink(&fifo_elsewhere, path).expect("link");
    check("a FIFO");
    clear(path);
    let _ = std::fs::remove_file(&fifo_elsewhere);
}

/// Issue 12 item 4: a `.python-version` (in the project or a parent folder,
/// with or without pyenv's shims) that is a FIFO, a device, a folder or huge
/// is refused with one line naming it, at once.
#[test]
fn special_python_version_files_are_refused_not_read() {
    let s = Sandbox::new();
    let root = s.pyenv();
    s.script("bin/python3", "echo 'Python 3.12.1'");
    std::fs::create_dir_all(s.path("project/sub")).expect("sub folder");
    for rel in ["project/.python-version", "project/sub/.python-version"] {
        let planted = s.path(rel);
        special_files(&planted, |kind| {
            for shims in [false, true] {
                let mut cmd = s.cmd(&["check"]);
                if shims {
                    cmd.env("PATH", root.join("shims")).env("PYENV_ROOT", &root);
                }
                cmd.current_dir(s.path("project/sub"));
                let out = s.run(&mut cmd);
                let err = stderr(&out);
                assert!(
                    err.contains(".python-version") && err.contains(kind),
                    "{rel} as {kind}, shims {shims}: {err}"
                );
                assert_one_line_error(&out, 10);
            }
        });
    }
    // pyenv's global version file too.
    special_files(&root.join("version"), |kind| {
        let mut cmd = s.cmd(&["check"]);
        cmd.env("PATH", root.join("shims")).env("PYENV_ROOT", &root);
        let out = s.run(&mut cmd);
        assert!(stderr(&out).contains(kind), "{}", stderr(&out));
        assert_one_line_error(&out, 10);
    });
}

/// A `pyproject.toml` given to `--requires-python` that is special or huge.
#[test]
fn special_pyproject_files_are_refused_not_read() {
    let s = Sandbox::new();
    let planted = s.path("project/pyproject.toml");
    special_files(&planted, |kind| {
        for args in [
            &["check", "--requires-python"][..],
            &["check", "--requires-python", "pyproject.toml"],
        ] {
            let out = s.run(&mut s.cmd(args));
            let err = stderr(&out);
            assert!(
                err.contains("pyproject.toml") && err.contains(kind),
                "{kind}: {err}"
            );
            assert_one_line_error(&out, 10);
        }
    });
    for device in ["/dev/zero", "/dev/null", "/dev/stdin", "/proc/self/mem"] {
        let out = s.run(&mut s.cmd(&["check", "--requires-python", device]));
        assert_eq!(out.status.code(), Some(10), "{device}: {}", stderr(&out));
    }
}

/// A cache file that is special or huge is ignored with a warning naming
/// it, and the embedded data is used.
#[test]
fn special_cache_files_are_ignored_with_a_warning() {
    let s = Sandbox::new();
    s.script("bin/python", "echo 'Python 3.12.1'");
    special_files(&s.path("cache/release-data.json"), |kind| {
        for args in [&["check"][..], &["list", "--no-active"]] {
            let out = s.run(&mut s.cmd(args));
            let err = stderr(&out);
            assert_eq!(out.status.code(), Some(0), "{kind}: {err}");
            assert!(
                err.contains("warning: ignoring the cached release data") && err.contains(kind),
                "{kind}: {err}"
            );
            assert!(String::from_utf8_lossy(&out.stdout).contains("embedded snapshot"));
        }
    });
}

/// `--python` naming a FIFO or a device is refused with one line; a
/// virtual environment whose `pyvenv.cfg` is a FIFO is not one.
#[test]
fn special_files_as_the_interpreter_are_refused() {
    let s = Sandbox::new();
    fifo(&s.path("project/python"));
    for target in [
        s.path("project/python"),
        "/dev/zero".into(),
        "/dev/null".into(),
    ] {
        let out = s.run(&mut s.cmd(&["check", "--python", &target.display().to_string()]));
        assert!(
            stderr(&out).contains("not a regular file"),
            "{}",
            stderr(&out)
        );
        assert_one_line_error(&out, 2);
    }
    s.script("venv/bin/python", "echo 'Python 3.12.1'");
    fifo(&s.path("venv/pyvenv.cfg"));
    let out = s.run(s.cmd(&["check"]).env("VIRTUAL_ENV", s.path("venv")));
    assert_one_line_error(&out, 2);
    // Given explicitly, the venv's interpreter is asked instead of the FIFO.
    let out = s.run(&mut s.cmd(&["check", "--python", &s.path("venv").display().to_string()]));
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(String::from_utf8_lossy(&out.stdout).contains("Python 3.12.1"));
}

/// The embedded data file `name`.
fn snapshot(name: &str) -> String {
    std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../crates/releases/data")
            .join(name),
    )
    .expect("snapshot file")
}

/// A cache (newer than the snapshot, so it is used) holding the given texts.
fn write_cache(
    s: &Sandbox,
    date: &str,
    release_cycle: &str,
    python_releases: &str,
    eol_python: &str,
) {
    let cache = serde_json::json!({
        "format": 1,
        "date": date,
        "release_cycle": release_cycle,
        "python_releases": python_releases,
        "eol_python": eol_python,
        "eol_django": snapshot("eol_django.json"),
    });
    s.write("cache/release-data.json", cache.to_string().as_bytes());
}

/// Issue 12 item 5: release data whose patch numbers are huge (every branch
/// "latest 3.X.999999999") no longer makes `--requires-python` or the
/// releases-behind count walk every patch number.
#[test]
fn poisoned_patch_numbers_cost_no_time() {
    let s = Sandbox::new();
    s.script("bin/python", "echo 'Python 3.12.1'");
    let mut eol: serde_json::Value =
        serde_json::from_str(&snapshot("eol_python.json")).expect("eol json");
    for cycle in eol["releases"].as_array_mut().expect("releases") {
        let name = cycle["releaseCycle"].as_str().expect("cycle").to_owned();
        cycle["latest"] = serde_json::Value::String(format!("{name}.999999999"));
    }
    write_cache(
        &s,
        "2026-11-20",
        &snapshot("release-cycle.json"),
        &snapshot("python-releases.json"),
        &eol.to_string(),
    );
    s.write(
        "project/pyproject.toml",
        b"[project]\nrequires-python = \">=2.0, !=3.12.999999998, <=3.99.999999999\"\n",
    );
    for args in [
        &["check", "--requires-python"][..],
        &["check", "--requires-python", "--json"],
        &["check"],
        &["check", "--all"],
        &["list"],
    ] {
        let out = run_bounded(&mut s.cmd(args), Duration::from_secs(20));
        assert!(
            !stderr(&out).contains("panicked") && out.status.code().is_some(),
            "{args:?}: {}",
            stderr(&out)
        );
    }
    let out = s.run(&mut s.cmd(&["check"]));
    assert!(
        String::from_utf8_lossy(&out.stdout).contains("999999998 releases behind"),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    // A specifier of thousands of clauses is refused, not evaluated.
    let many = vec!["!=3.12.7"; 5000].join(",");
    s.write(
        "project/pyproject.toml",
        format!("[project]\nrequires-python = \"{many}\"\n").as_bytes(),
    );
    let out = s.run(&mut s.cmd(&["check", "--requires-python"]));
    assert!(stderr(&out).contains("5000 clauses"), "{}", stderr(&out));
    assert_one_line_error(&out, 10);
}

/// endoflife.date's v1 API sample response for `product` (committed in the releases crate).
fn eol_v1_sample(product: &str) -> String {
    std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../crates/releases/tests/fixtures/endoflife_v1")
            .join(format!("{product}.json")),
    )
    .expect("v1 sample")
}

/// Serves the embedded data files on 127.0.0.1 for at most `max` requests
/// and returns the base address (`/peps/...`, `/eol/...`).
fn serve_snapshot(max: usize) -> String {
    use std::io::{BufRead, BufReader, Write};
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let base = format!("http://{}", listener.local_addr().expect("addr"));
    let files = [
        ("/peps/release-cycle.json", snapshot("release-cycle.json")),
        (
            "/peps/python-releases.json",
            snapshot("python-releases.json"),
        ),
        ("/eol/products/python", eol_v1_sample("python")),
        ("/eol/products/django", eol_v1_sample("django")),
    ];
    std::thread::spawn(move || {
        for stream in listener.incoming().take(max) {
            let Ok(mut stream) = stream else { continue };
            let Ok(clone) = stream.try_clone() else {
                continue;
            };
            let mut reader = BufReader::new(clone);
            let mut request = String::new();
            let _ = reader.read_line(&mut request);
            loop {
                let mut header = String::new();
                if reader.read_line(&mut header).unwrap_or(0) <= 2 {
                    break;
                }
            }
            let path = request.split_whitespace().nth(1).unwrap_or("/").to_owned();
            let body = files
                .iter()
                .find(|(p, _)| *p == path)
                .map(|(_, b)| b.as_str());
            let _ = match body {
                Some(body) => write!(
                    stream,
                    "HTTP/1.1 200 OK\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
                    body.len()
                ),
                None => write!(
                    stream,
                    "HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
                ),
            };
        }
    });
    base
}

/// Issue 12 item 9: a refresh never writes through a link planted in the
/// cache folder, under any temporary name or as the cache file itself.
#[test]
fn refresh_never_follows_planted_links() {
    let s = Sandbox::new();
    let victim = s.write("home/precious.txt", b"precious");
    for name in [
        ".release-data.json.tmp".to_owned(),
        ".tmp".to_owned(),
        "release-data.json".to_owned(),
    ]
    .into_iter()
    .chain((0..200).map(|i| format!(".release-data.json.{i}.tmp")))
    {
        std::os::unix::fs::symlink(&victim, s.path("cache").join(name)).expect("link");
    }
    let base = serve_snapshot(4);
    let out = s.run(
        s.cmd(&["refresh", "--timeout", "10"])
            .env("TOOLCUP_PEPS_API", format!("{base}/peps"))
            .env("TOOLCUP_EOL_API", format!("{base}/eol")),
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(
        std::fs::read_to_string(&victim).expect("victim"),
        "precious"
    );
    let cache = s.path("cache/release-data.json");
    assert!(
        !std::fs::symlink_metadata(&cache)
            .expect("cache")
            .file_type()
            .is_symlink()
    );
    let out = s.run(&mut s.cmd(&["list", "--no-active"]));
    assert!(String::from_utf8_lossy(&out.stdout).contains("release data: cache"));
}

/// A cache dated after today is corrupt: ignored with a warning, whatever
/// the date, and the embedded data is used.
#[test]
fn a_cache_from_the_future_is_ignored() {
    let s = Sandbox::new();
    s.script("bin/python", "echo 'Python 3.12.1'");
    for date in ["2026-11-26", "2027-01-01", "2100-02-28", "9999-12-31"] {
        write_cache(
            &s,
            date,
            &snapshot("release-cycle.json"),
            &snapshot("python-releases.json"),
            &snapshot("eol_python.json"),
        );
        for args in [&["check"][..], &["list"]] {
            let out = s.run(&mut s.cmd(args));
            let err = stderr(&out);
            assert_eq!(out.status.code(), Some(0), "{date}: {err}");
            assert!(
                err.contains("ignoring the cached release data")
                    && err.contains(&format!("dated {date}, after today (2026-11-25)")),
                "{date}: {err}"
            );
            assert!(String::from_utf8_lossy(&out.stdout).contains("embedded snapshot"));
        }
    }
}

/// Issue 12 item 13: huge, negative, zero or malformed numbers for every
/// numeric option are usage errors (exit 2, one clap message), never a
/// panic inside the HTTP client or the clock.
#[test]
fn huge_and_malformed_numbers_are_usage_errors() {
    let s = Sandbox::new();
    let bad = [
        "18446744073709551615",
        "18446744073709551616",
        "99999999999999999999999999",
        "-1",
        "0",
        "1e9",
        "0x10",
        " 5",
        "",
        "4294967296",
        "NaN",
        "3601",
    ];
    for value in bad {
        let out = s.run(&mut s.cmd(&["refresh", "--timeout", value]));
        assert_eq!(
            out.status.code(),
            Some(2),
            "--timeout {value:?}: {}",
            stderr(&out)
        );
        assert!(!stderr(&out).contains("panicked"), "{}", stderr(&out));
    }
    for value in bad.iter().copied().chain(["600001"]) {
        let out = s.run(&mut s.cmd(&["check", "--timeout-ms", value]));
        assert_eq!(
            out.status.code(),
            Some(2),
            "--timeout-ms {value:?}: {}",
            stderr(&out)
        );
        assert!(!stderr(&out).contains("panicked"), "{}", stderr(&out));
    }
    for value in ["-1", "4294967296", "36501", "1e3", ""] {
        let out = s.run(&mut s.cmd(&["check", "--warn-days", value]));
        assert_eq!(
            out.status.code(),
            Some(2),
            "--warn-days {value:?}: {}",
            stderr(&out)
        );
    }
    // The largest accepted values work.
    s.script("bin/python", "echo 'Python 3.12.1'");
    let out = s.run(&mut s.cmd(&["check", "--timeout-ms", "600000", "--warn-days", "36500"]));
    assert_eq!(out.status.code(), Some(5), "{}", stderr(&out));
    let out = s.run(
        s.cmd(&["refresh", "--timeout", "3600"])
            .env("TOOLCUP_PEPS_API", "http://127.0.0.1:1/peps")
            .env("TOOLCUP_EOL_API", "http://127.0.0.1:1/eol"),
    );
    assert_one_line_error(&out, 10);
    // Clocks and sizes from the environment are checked too.
    for today in [
        "2026-13-01",
        "99999-01-01",
        "2026-02-30",
        "yesterday",
        "0000-01-01",
    ] {
        let out = s.run(s.cmd(&["list"]).env("TOOLCUP_TODAY", today));
        assert!(
            stderr(&out).contains("TOOLCUP_TODAY"),
            "{today}: {}",
            stderr(&out)
        );
        assert_one_line_error(&out, 2);
    }
    for columns in ["18446744073709551616", "-5", "0", "abc"] {
        let out = s.run(s.cmd(&["list", "--no-active"]).env("COLUMNS", columns));
        assert_eq!(
            out.status.code(),
            Some(0),
            "COLUMNS={columns}: {}",
            stderr(&out)
        );
    }
}
