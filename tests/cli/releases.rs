//! `toolcup releases`: fake interpreters on PATH, a fixed clock (TOOLCUP_TODAY),
//! a private cache folder, every exit code, outputs compared with the files in
//! `cli/expected/releases/` (regenerate with `UPDATE_EXPECTED=1`).
#![cfg(unix)]

use std::collections::HashMap;
use std::io::{BufRead, BufReader, Write};
use std::net::TcpListener;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};

use assert_cmd::Command;
use predicates::prelude::*;

/// A sandbox: a fake-interpreter folder used as the whole PATH, a project
/// folder as the working directory, a private HOME and cache.
struct Sandbox {
    dir: tempfile::TempDir,
}

impl Sandbox {
    fn new() -> Sandbox {
        let dir = tempfile::tempdir().expect("temp dir");
        for sub in ["bin", "project", "home", "cache"] {
            std::fs::create_dir_all(dir.path().join(sub)).expect("sandbox folder");
        }
        Sandbox { dir }
    }

    fn path(&self, rel: &str) -> PathBuf {
        self.dir.path().join(rel)
    }

    /// A fake interpreter `bin/<name>` running `body` (a shell snippet).
    fn fake(&self, rel: &str, body: &str) -> PathBuf {
        let path = self.path(rel);
        std::fs::create_dir_all(path.parent().expect("parent")).expect("folder");
        std::fs::write(&path, format!("#!/bin/sh\n{body}\n")).expect("script");
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755)).expect("chmod");
        path
    }

    fn cmd(&self) -> Command {
        let mut cmd = Command::cargo_bin("toolcup").expect("the toolcup binary is built");
        cmd.current_dir(self.path("project"))
            .env("PATH", self.path("bin"))
            .env("HOME", self.path("home"))
            .env("TOOLCUP_TODAY", "2026-11-25")
            .env("TOOLCUP_CACHE_DIR", self.path("cache"))
            .env("COLUMNS", "100")
            .env_remove("VIRTUAL_ENV")
            .env_remove("PYENV_ROOT")
            .env_remove("PYENV_VERSION")
            .env_remove("UV_PYTHON_INSTALL_DIR")
            .env_remove("XDG_DATA_HOME")
            .env_remove("NO_COLOR")
            .arg("releases");
        cmd
    }

    /// Runs and returns (exit code, stdout with the sandbox path replaced by `[SANDBOX]`, stderr).
    fn run(&self, args: &[&str]) -> (i32, String, String) {
        let output = self.cmd().args(args).output().expect("toolcup runs");
        let clean = |b: &[u8]| {
            String::from_utf8_lossy(b).replace(&self.dir.path().display().to_string(), "[SANDBOX]")
        };
        (
            output.status.code().unwrap_or(-1),
            clean(&output.stdout),
            clean(&output.stderr),
        )
    }
}

/// Compares `actual` with `cli/expected/releases/<name>`, or writes it when `UPDATE_EXPECTED` is set.
fn expect_file(name: &str, actual: &str) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("cli/expected/releases")
        .join(name);
    if std::env::var_os("UPDATE_EXPECTED").is_some() {
        std::fs::write(&path, actual).expect("write expected file");
        return;
    }
    let expected = std::fs::read_to_string(&path)
        .unwrap_or_else(|_| panic!("missing {} (run with UPDATE_EXPECTED=1)", path.display()));
    assert_eq!(actual, expected, "output differs from {}", path.display());
}

#[test]
fn supported_python_exits_0() {
    let s = Sandbox::new();
    s.fake("bin/python", "echo 'Python 3.12.1'");
    let (code, out, err) = s.run(&["check"]);
    assert_eq!(code, 0, "{err}");
    expect_file("check_3.12.1.txt", &out);
}

#[test]
fn end_of_life_from_dates_exits_1() {
    // The data still says "security" for 3.10; its end of life (2026-10) has passed.
    let s = Sandbox::new();
    s.fake("bin/python3", "echo 'Python 3.10.12'");
    let (code, out, _) = s.run(&["check"]);
    assert_eq!(code, 1);
    expect_file("check_3.10.12.txt", &out);
}

#[test]
fn python2_on_stderr_is_read() {
    let s = Sandbox::new();
    s.fake("bin/python", "echo 'Python 2.7.18' >&2");
    let (code, out, _) = s.run(&["check"]);
    assert_eq!(code, 1);
    assert!(
        out.starts_with("Python 2.7.18 at [SANDBOX]/bin/python (python on PATH)"),
        "{out}"
    );
    assert!(
        out.contains("end-of-life") && out.contains("2020-01-01"),
        "{out}"
    );
}

#[test]
fn no_interpreter_exits_2() {
    let s = Sandbox::new();
    let (code, out, err) = s.run(&["check"]);
    assert_eq!(code, 2);
    assert!(out.is_empty());
    assert!(err.contains("no Python interpreter found"), "{err}");
    // A failing interpreter is not found either, with its reason.
    s.fake("bin/python", "echo 'broken' >&2; exit 3");
    let (code, _, err) = s.run(&["check"]);
    assert_eq!(code, 2);
    assert!(
        err.contains("no version") && err.contains("broken"),
        "{err}"
    );
    // --python naming nothing.
    let (code, _, err) = s.run(&["check", "--python", "/nonexistent/python"]);
    assert_eq!(code, 2);
    assert!(err.contains("cannot start"), "{err}");
}

#[test]
fn unknown_version_exits_3() {
    let s = Sandbox::new();
    s.fake("bin/python", "echo 'Python 3.17.0'");
    let (code, _, err) = s.run(&["check"]);
    assert_eq!(code, 3);
    assert!(err.contains("Python 3.17.0 is not in the release data (data of 2026-08-22, newest known branch 3.16)"), "{err}");
}

/// A cache file newer than the snapshot, built by hand.
fn write_cache(s: &Sandbox, release_cycle: &str, eol_django: &str) {
    let cache = serde_json::json!({
        "format": 1,
        "date": "2026-11-20",
        "release_cycle": release_cycle,
        "python_releases": "{\"releases\":{}}",
        "eol_python": "[]",
        "eol_django": eol_django,
    });
    std::fs::write(s.path("cache/release-data.json"), cache.to_string()).expect("cache");
}

#[test]
fn missing_end_of_life_exits_4_and_the_newer_cache_is_used() {
    let s = Sandbox::new();
    write_cache(
        &s,
        r#"{"3.12":{"first_release":"2023-10-02"}}"#,
        r#"[{"cycle":"5.2"}]"#,
    );
    s.fake("bin/python", "echo 'Python 3.12.1'");
    let (code, out, _) = s.run(&["check"]);
    assert_eq!(code, 4);
    assert!(out.contains("end of life    unknown"), "{out}");
    assert!(
        out.contains(
            "release data: cache [SANDBOX]/cache/release-data.json of 2026-11-20 (5 days old)"
        ),
        "{out}"
    );
}

#[test]
fn corrupt_cache_is_ignored_with_a_warning() {
    let s = Sandbox::new();
    std::fs::write(
        s.path("cache/release-data.json"),
        "{\"format\": 1, \"date\": \"2026-11-",
    )
    .expect("cache");
    s.fake("bin/python", "echo 'Python 3.12.1'");
    let (code, out, err) = s.run(&["check"]);
    assert_eq!(code, 0);
    assert!(
        err.contains("warning: ignoring the cached release data") && err.contains("corrupt cache"),
        "{err}"
    );
    assert!(out.contains("embedded snapshot of 2026-08-22"), "{out}");
}

#[test]
fn warn_days_exits_5_within_the_window() {
    let s = Sandbox::new();
    s.fake("bin/python", "echo 'Python 3.11.7'"); // end of life 2027-10-31: 340 days away
    assert_eq!(s.run(&["check", "--warn-days", "400"]).0, 5);
    assert_eq!(s.run(&["check", "--warn-days", "339"]).0, 0);
    assert_eq!(s.run(&["check", "--warn-days", "340"]).0, 5);
    let (code, _, err) = s.run(&["check", "--warn-days", "-3"]);
    assert_eq!(code, 2, "{err}");
}

#[test]
fn usage_errors_and_bad_clock_exit_2() {
    let s = Sandbox::new();
    assert_eq!(s.run(&["check", "--all", "--python", "x"]).0, 2);
    assert_eq!(s.run(&["list", "--csv", "--json"]).0, 2);
    let out = s
        .cmd()
        .env("TOOLCUP_TODAY", "2026-13-01")
        .arg("list")
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("TOOLCUP_TODAY"));
}

#[test]
fn check_json_is_data() {
    let s = Sandbox::new();
    s.fake("bin/python", "echo 'Python 3.13.0'");
    let (code, out, _) = s.run(&["check", "--json"]);
    assert_eq!(code, 0);
    let json: serde_json::Value = serde_json::from_str(&out).expect("JSON");
    let verdict = &json["results"][0]["verdict"];
    assert_eq!(verdict["status"], "security");
    assert_eq!(verdict["end_of_life"], "2029-10-31");
    assert_eq!(verdict["days_to_end_of_life"], 1071);
    assert_eq!(json["data_date"], "2026-08-22");
    assert_eq!(json["exit_code"], 0);
    assert_eq!(
        json["results"][0]["interpreter"]["version_source"],
        "started"
    );
}

/// The days left as `check --json` counts them with `TZ=tz` and no `TOOLCUP_TODAY`.
fn days_left_in(s: &Sandbox, tz: &str) -> i64 {
    let out = s
        .cmd()
        .env_remove("TOOLCUP_TODAY")
        .env("TZ", tz)
        .args(["check", "--json"])
        .output()
        .expect("runs");
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    json["results"][0]["verdict"]["days_to_end_of_life"]
        .as_i64()
        .expect("days")
}

/// The hour of the day in UTC now.
fn utc_hour() -> u64 {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .expect("clock")
        .as_secs();
    secs % 86_400 / 3600
}

#[test]
fn today_is_the_local_date_not_utc() {
    let s = Sandbox::new();
    s.fake("bin/python", "echo 'Python 3.13.0'");
    let hour_before = utc_hour();
    let east = days_left_in(&s, "<+14>-14");
    let west = days_left_in(&s, "<-12>+12");
    let hour_after = utc_hour();
    if hour_before != hour_after {
        println!("skipped: the hour changed during the test");
        return;
    }
    // UTC+14 is a day ahead of UTC from 10:00 UTC, UTC-12 a day behind until
    // 12:00 UTC: between 10:00 and 12:00 they are two days apart.
    let apart = i64::from(hour_before >= 10) + i64::from(hour_before < 12);
    assert_eq!(west - east, apart, "UTC hour {hour_before}");
}

#[test]
fn virtualenv_is_read_without_starting_python() {
    let s = Sandbox::new();
    s.fake("venv/bin/python", "exit 1"); // would fail if started
    std::fs::write(
        s.path("venv/pyvenv.cfg"),
        "home = /usr/bin\nversion = 3.14.2\n",
    )
    .expect("cfg");
    let out = s
        .cmd()
        .env("VIRTUAL_ENV", s.path("venv"))
        .arg("check")
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("Python 3.14.2")
            && text.contains("active virtual environment")
            && text.contains("5 releases behind"),
        "{text}"
    );
}

#[test]
fn django_check() {
    let s = Sandbox::new();
    s.fake("bin/python", "printf 'Python 3.12.1\\nDjango 5.2.1\\n'");
    let (code, out, _) = s.run(&["check", "--product", "django"]);
    assert_eq!(code, 0);
    expect_file("check_django_5.2.1.txt", &out);
    s.fake("bin/python", "printf 'Python 3.12.1\\nDjango 4.2.21\\n'");
    assert_eq!(s.run(&["check", "--product", "django"]).0, 1);
    s.fake("bin/python", "printf 'Python 3.12.1\\nDjango -\\n'");
    let (code, _, err) = s.run(&["check", "--product", "django"]);
    assert_eq!(code, 2);
    assert!(err.contains("Django is not installed"), "{err}");
}

#[test]
fn all_checks_every_interpreter_in_one_table() {
    let s = Sandbox::new();
    s.fake("bin/python3", "echo 'Python 3.13.0'");
    s.fake("bin/python3.9", "echo 'Python 3.9.18'");
    s.fake("bin/python2", "echo 'Python 2.7.18' >&2");
    let (code, out, _) = s.run(&["check", "--all"]);
    assert_eq!(code, 1);
    expect_file("check_all.txt", &out);
}

#[test]
fn requires_python_reports_end_of_life_branches() {
    let s = Sandbox::new();
    std::fs::write(
        s.path("project/pyproject.toml"),
        "[project]\nname = \"demo\"\nrequires-python = \">=3.9, !=3.11.*\"\n",
    )
    .expect("pyproject");
    let (code, out, _) = s.run(&["check", "--requires-python"]);
    assert_eq!(code, 1);
    expect_file("check_requires_python.txt", &out);
    std::fs::write(
        s.path("project/pyproject.toml"),
        "[project]\nrequires-python = \">=3.11\"\n",
    )
    .expect("pyproject");
    assert_eq!(s.run(&["check", "--requires-python"]).0, 0);
    std::fs::write(
        s.path("project/pyproject.toml"),
        "[project]\nrequires-python = \">=3.x\"\n",
    )
    .expect("pyproject");
    let (code, _, err) = s.run(&["check", "--requires-python"]);
    assert_eq!(code, 10);
    assert!(
        err.contains("pyproject.toml: [project] requires-python: invalid version specifier"),
        "{err}"
    );
}

#[test]
fn colour_only_when_asked_and_never_with_no_color() {
    let s = Sandbox::new();
    s.fake("bin/python", "echo 'Python 3.10.12'");
    // Not a terminal: no colour.
    assert!(!s.run(&["check"]).1.contains('\x1b'));
    let forced = s
        .cmd()
        .args(["check", "--color", "always"])
        .output()
        .expect("runs");
    assert!(String::from_utf8_lossy(&forced.stdout).contains("\x1b[31mend-of-life"));
    let no_color = s
        .cmd()
        .env("NO_COLOR", "1")
        .args(["list"])
        .output()
        .expect("runs");
    assert!(!String::from_utf8_lossy(&no_color.stdout).contains('\x1b'));
}

#[test]
fn list_formats() {
    let s = Sandbox::new();
    s.fake("bin/python", "echo 'Python 3.12.1'");
    let (code, out, _) = s.run(&["list"]);
    assert_eq!(code, 0);
    expect_file("list_python.txt", &out);
    expect_file("list_python.md", &s.run(&["list", "--markdown"]).1);
    expect_file("list_python.csv", &s.run(&["list", "--csv"]).1);
    let narrow = s
        .cmd()
        .env("COLUMNS", "50")
        .args(["list", "--no-active"])
        .output()
        .expect("runs");
    let narrow = String::from_utf8_lossy(&narrow.stdout).into_owned();
    assert!(
        narrow
            .lines()
            .take_while(|l| !l.starts_with("release data"))
            .all(|l| l.len() <= 50),
        "{narrow}"
    );
    let json: serde_json::Value =
        serde_json::from_str(&s.run(&["list", "--json"]).1).expect("JSON");
    let releases = json["releases"].as_array().expect("rows");
    let versions: Vec<&str> = releases
        .iter()
        .filter_map(|r| r["version"].as_str())
        .collect();
    let pos = |v: &str| versions.iter().position(|x| *x == v).expect("listed");
    assert!(pos("2.7") < pos("3.0") && pos("3.9") < pos("3.10"));
    assert_eq!(releases.iter().filter(|r| r["active"] == true).count(), 1);
}

#[test]
fn list_django() {
    let s = Sandbox::new();
    s.fake("bin/python", "printf 'Python 3.12.1\\nDjango 5.2.1\\n'");
    let (code, out, _) = s.run(&["list", "--product", "django"]);
    assert_eq!(code, 0);
    expect_file("list_django.txt", &out);
}

/// Serves the embedded data files (or failures) on 127.0.0.1 for at most `max` requests.
fn serve(routes: HashMap<String, Option<String>>, max: usize) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
    let base = format!("http://{}", listener.local_addr().expect("addr"));
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
            let _ = match routes.get(&path).cloned().flatten() {
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

fn snapshot_file(name: &str) -> String {
    std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../crates/releases/data")
            .join(name),
    )
    .expect("snapshot file")
}

/// endoflife.date's v1 API sample response for `product` (committed in the releases crate).
fn eol_v1_sample(product: &str) -> String {
    std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../crates/releases/tests/fixtures/endoflife_v1")
            .join(format!("{product}.json")),
    )
    .expect("v1 sample")
}

fn routes() -> HashMap<String, Option<String>> {
    HashMap::from([
        (
            "/peps/release-cycle.json".to_owned(),
            Some(snapshot_file("release-cycle.json")),
        ),
        (
            "/peps/python-releases.json".to_owned(),
            Some(snapshot_file("python-releases.json")),
        ),
        (
            "/eol/products/python".to_owned(),
            Some(eol_v1_sample("python")),
        ),
        (
            "/eol/products/django".to_owned(),
            Some(eol_v1_sample("django")),
        ),
    ])
}

#[test]
fn refresh_from_a_local_server_then_use_the_cache() {
    let s = Sandbox::new();
    let base = serve(routes(), 4);
    let out = s
        .cmd()
        .env("TOOLCUP_PEPS_API", format!("{base}/peps"))
        .env("TOOLCUP_EOL_API", format!("{base}/eol"))
        .arg("refresh")
        .output()
        .expect("runs");
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(s.path("cache/release-data.json").exists());
    s.fake("bin/python", "echo 'Python 3.12.1'");
    let (_, text, _) = s.run(&["check"]);
    assert!(
        text.contains(
            "release data: cache [SANDBOX]/cache/release-data.json of 2026-11-25 (today)"
        ),
        "{text}"
    );
}

#[test]
fn refresh_failures_keep_the_data() {
    let s = Sandbox::new();
    let mut missing = routes();
    missing.insert("/eol/products/django".to_owned(), None);
    let mut bad = routes();
    bad.insert(
        "/peps/release-cycle.json".to_owned(),
        Some("{\"3.12\": ".to_owned()),
    );
    for (routes, says) in [(missing, "404"), (bad, "release-cycle.json")] {
        let base = serve(routes, 4);
        s.cmd()
            .env("TOOLCUP_PEPS_API", format!("{base}/peps"))
            .env("TOOLCUP_EOL_API", format!("{base}/eol"))
            .arg("refresh")
            .assert()
            // A failed refresh is an error (10), never the end-of-life code (1).
            .code(10)
            .stderr(
                predicate::str::contains("refresh failed, keeping the data we have")
                    .and(predicate::str::contains(says)),
            );
        assert!(!s.path("cache/release-data.json").exists());
    }
}

/// Every exit code of `releases` is documented in the help of the
/// subcommand that can return it.
#[test]
fn every_exit_code_is_in_the_help() {
    let s = Sandbox::new();
    for (sub, codes) in [
        ("check", &["0", "1", "2", "3", "4", "5", "10"][..]),
        ("list", &["0", "2", "4", "10"]),
        ("refresh", &["0", "2", "10"]),
    ] {
        let (code, out, _) = s.run(&[sub, "--help"]);
        assert_eq!(code, 0);
        let section = out
            .split("Exit codes:")
            .nth(1)
            .expect("an exit code section");
        for c in codes {
            assert!(
                section
                    .lines()
                    .any(|l| l.trim_start().starts_with(&format!("{c} "))),
                "{sub} --help lacks {c}: {section}"
            );
        }
    }
}

/// An unreadable input is "could not finish" (10), never the end-of-life
/// code or "no interpreter".
#[test]
fn unreadable_inputs_exit_10() {
    let s = Sandbox::new();
    let (code, _, err) = s.run(&["check", "--requires-python", "missing/pyproject.toml"]);
    assert_eq!(code, 10, "{err}");
    std::fs::write(s.path("project/.python-version"), b"3.12\xff\n").expect("file");
    s.fake("bin/python", "echo 'Python 3.12.1'");
    let (code, _, err) = s.run(&["check"]);
    assert_eq!(code, 10, "{err}");
    assert!(err.contains("not UTF-8"), "{err}");
}
