//! `toolcup releases scan`: the fixture repository with a pin of every kind
//! (crates/releases/tests/fixtures/scan/every-kind) in every format, compared
//! with the files in `cli/expected/releases_scan/` (regenerate with
//! `UPDATE_EXPECTED=1`), the exit codes of `--fail-on`, and its errors.

use std::path::{Path, PathBuf};

use assert_cmd::Command;

fn fixture() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../crates/releases/tests/fixtures/scan/every-kind")
}

/// `toolcup releases scan ARGS` in `dir` on a fixed day with the embedded data.
fn scan(dir: &Path, cache: &Path) -> Command {
    let mut cmd = Command::cargo_bin("toolcup").expect("the toolcup binary is built");
    cmd.current_dir(dir)
        .env("TOOLCUP_TODAY", "2026-11-25")
        .env("TOOLCUP_CACHE_DIR", cache)
        .env("NO_COLOR", "1")
        .env_remove("TOOLCUP_LOG")
        .args(["releases", "scan"]);
    cmd
}

fn expect(name: &str, actual: &[u8]) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("cli/expected/releases_scan")
        .join(name);
    let actual = String::from_utf8_lossy(actual);
    if std::env::var_os("UPDATE_EXPECTED").is_some() {
        std::fs::create_dir_all(path.parent().expect("parent")).expect("folder");
        std::fs::write(&path, actual.as_bytes()).expect("write expected");
        return;
    }
    let expected = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("{}: {e} (run with UPDATE_EXPECTED=1)", path.display()));
    assert_eq!(actual, expected, "{name} differs from {}", path.display());
}

#[test]
fn every_format_of_the_fixture() {
    let cache = tempfile::tempdir().expect("temp dir");
    for (args, name) in [
        (&[][..], "every-kind.txt"),
        (&["--json"][..], "every-kind.json"),
        (&["--markdown"][..], "every-kind.md"),
        (&["--sarif"][..], "every-kind.sarif"),
    ] {
        let output = scan(&fixture(), cache.path())
            .args(args)
            .output()
            .expect("runs");
        assert_eq!(
            output.status.code(),
            Some(0),
            "{args:?}: {}",
            String::from_utf8_lossy(&output.stderr)
        );
        expect(name, &output.stdout);
    }
    // A DIR argument gives the same findings, with the paths under it.
    let parent = fixture().join("..");
    let output = scan(&parent, cache.path())
        .args(["every-kind", "--json"])
        .output()
        .expect("runs");
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).expect("json");
    assert_eq!(json["root"], "every-kind");
    assert_eq!(json["findings"][0]["path"], ".github/workflows/tests.yml");
    assert_eq!(json["exit_code"], 0);
}

#[test]
fn fail_on_exit_codes() {
    let cache = tempfile::tempdir().expect("temp dir");
    let code = |dir: &Path, args: &[&str]| {
        scan(dir, cache.path())
            .args(args)
            .output()
            .expect("runs")
            .status
            .code()
    };
    assert_eq!(code(&fixture(), &["--fail-on", "eol"]), Some(1));
    assert_eq!(
        code(&fixture(), &["--fail-on", "security", "--sarif"]),
        Some(1)
    );
    assert_eq!(
        code(&fixture(), &["--fail-on", "within:30", "--json"]),
        Some(1)
    );

    let dir = tempfile::tempdir().expect("temp dir");
    let pins =
        |text: &str| std::fs::write(dir.path().join(".python-version"), text).expect("write");
    // 3.13 is security-only from 2026-10; 3.14 gets bug fixes until 2027-10.
    pins("3.14\n");
    assert_eq!(code(dir.path(), &["--fail-on", "eol"]), Some(0));
    assert_eq!(code(dir.path(), &["--fail-on", "security"]), Some(0));
    assert_eq!(code(dir.path(), &["--fail-on", "within:36500"]), Some(5));
    assert_eq!(code(dir.path(), &["--fail-on", "within:30"]), Some(0));
    pins("3.13\n");
    assert_eq!(code(dir.path(), &["--fail-on", "security"]), Some(1));
    assert_eq!(
        code(
            dir.path(),
            &["--fail-on", "eol", "--fail-on", "within:36500"]
        ),
        Some(5)
    );
    pins("3.99\npypy3.10\n");
    assert_eq!(
        code(
            dir.path(),
            &[
                "--fail-on",
                "eol",
                "--fail-on",
                "security",
                "--fail-on",
                "within:99999"
            ]
        ),
        Some(0)
    );
    // No pins at all: nothing fails.
    std::fs::remove_file(dir.path().join(".python-version")).expect("remove");
    let output = scan(dir.path(), cache.path())
        .args(["--fail-on", "eol"])
        .output()
        .expect("runs");
    assert_eq!(output.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&output.stdout).starts_with("no Python or Django pins found"));
}

#[test]
fn usage_and_input_errors_are_one_line() {
    let cache = tempfile::tempdir().expect("temp dir");
    for bad in [
        &["--fail-on", "never"][..],
        &["--fail-on", "within:"][..],
        &["--fail-on", "within:-5"][..],
        &["--fail-on", "within:99999999999"][..],
        &["--json", "--sarif"][..],
        &["--max-depth", "0"][..],
        &["--max-depth", "100000"][..],
    ] {
        let output = scan(&fixture(), cache.path())
            .args(bad)
            .output()
            .expect("runs");
        assert_eq!(output.status.code(), Some(2), "{bad:?}");
        assert!(!String::from_utf8_lossy(&output.stderr).contains("panicked"));
    }
    let dir = tempfile::tempdir().expect("temp dir");
    let file = dir.path().join("file.txt");
    std::fs::write(&file, "x").expect("write");
    for (target, says) in [
        (dir.path().join("missing"), "missing"),
        (file, "not a folder"),
    ] {
        let output = scan(dir.path(), cache.path())
            .arg(&target)
            .output()
            .expect("runs");
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(10), "{stderr}");
        assert_eq!(stderr.lines().count(), 1, "{stderr}");
        assert!(
            stderr.starts_with("toolcup: ") && stderr.contains(says),
            "{stderr}"
        );
    }
}

#[test]
fn no_ignore_reads_ignored_files() {
    let cache = tempfile::tempdir().expect("temp dir");
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::write(dir.path().join(".gitignore"), "old/\n").expect("write");
    std::fs::create_dir(dir.path().join("old")).expect("folder");
    std::fs::write(dir.path().join("old/.python-version"), "2.7.18\n").expect("write");
    let count = |args: &[&str]| {
        let out = scan(dir.path(), cache.path())
            .args(args)
            .arg("--json")
            .output()
            .expect("runs");
        let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
        json["findings"].as_array().map_or(0, Vec::len)
    };
    assert_eq!(count(&[]), 0);
    assert_eq!(count(&["--no-ignore"]), 1);
}
