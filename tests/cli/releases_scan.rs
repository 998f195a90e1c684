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

/// The `run:` scripts of the composite action (`action.yml` at the root), in
/// step order, read from its YAML block scalars.
#[cfg(all(target_os = "linux", target_arch = "x86_64"))]
fn action_scripts() -> Vec<String> {
    let text = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("../action.yml"))
        .expect("action.yml");
    let mut scripts = Vec::new();
    let mut current: Option<(usize, String)> = None;
    for line in text.lines() {
        if let Some((indent, script)) = &mut current {
            let this = line.len() - line.trim_start().len();
            if line.trim().is_empty() || this >= *indent {
                script.push_str(line.get(*indent..).unwrap_or(""));
                script.push('\n');
                continue;
            }
            scripts.push(current.take().expect("a script").1);
        }
        if line.trim() == "run: |" {
            current = Some((line.len() - line.trim_start().len() + 2, String::new()));
        }
    }
    scripts.extend(current.map(|c| c.1));
    scripts
}

/// Runs one of the action's scripts with bash in `cwd`, with `env`.
#[cfg(all(target_os = "linux", target_arch = "x86_64"))]
fn run_step(
    script: &str,
    cwd: &Path,
    env: &[(&str, &Path)],
    vars: &[(&str, &str)],
) -> std::process::Output {
    let mut cmd = std::process::Command::new("bash");
    cmd.arg("-c").arg(script).current_dir(cwd);
    for (k, v) in env {
        cmd.env(k, v);
    }
    for (k, v) in vars {
        cmd.env(k, v);
    }
    cmd.output().expect("bash runs")
}

/// The action's download step against a fake `gh` serving a release made from
/// the binary under test (checksum verified, a tampered archive refused),
/// then its scan step on the fixture: the exit code output, the SARIF file,
/// the job summary.
#[cfg(all(target_os = "linux", target_arch = "x86_64"))]
#[test]
fn the_github_action_downloads_verifies_and_scans() {
    use std::os::unix::fs::PermissionsExt;
    let scripts = action_scripts();
    assert_eq!(scripts.len(), 3, "download, scan, fail: {scripts:?}");
    let work = tempfile::tempdir().expect("temp dir");
    let w = work.path();
    // A release as release.yml publishes it.
    let name = "toolcup-0.1.0-x86_64-unknown-linux-gnu";
    let release = w.join("release");
    std::fs::create_dir_all(release.join(name)).expect("folder");
    #[allow(deprecated)]
    let binary = assert_cmd::cargo::cargo_bin("toolcup");
    std::fs::copy(&binary, release.join(name).join("toolcup")).expect("copy the binary");
    let sh = |script: &str| {
        let out = std::process::Command::new("sh")
            .arg("-c")
            .arg(script)
            .current_dir(&release)
            .output()
            .expect("sh");
        assert!(
            out.status.success(),
            "{script}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    };
    sh(&format!(
        "tar czf {name}.tar.gz {name} && sha256sum {name}.tar.gz > SHA256SUMS && rm -r {name}"
    ));
    // A fake gh: `gh release download TAG --repo R --pattern P...` copies the release files.
    let bin = w.join("bin");
    std::fs::create_dir_all(&bin).expect("folder");
    std::fs::write(
        bin.join("gh"),
        format!("#!/bin/sh\n[ \"$1 $2 $3\" = \"release download v0.1.0\" ] || {{ echo \"unexpected: $*\" >&2; exit 9; }}\ncp {}/* .\n", release.display()),
    )
    .expect("fake gh");
    std::fs::set_permissions(bin.join("gh"), std::fs::Permissions::from_mode(0o755))
        .expect("chmod");
    let path = format!(
        "{}:{}",
        bin.display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let runner_temp = w.join("runner-temp");
    std::fs::create_dir_all(&runner_temp).expect("folder");
    let output_file = w.join("github-output");
    let summary = w.join("step-summary");
    std::fs::write(&output_file, "").expect("output file");
    let files = [
        ("RUNNER_TEMP", runner_temp.as_path()),
        ("GITHUB_OUTPUT", output_file.as_path()),
        ("GITHUB_STEP_SUMMARY", summary.as_path()),
    ];
    let download_vars = [
        ("PATH", path.as_str()),
        ("GH_TOKEN", "token"),
        ("REQUESTED", ""),
        ("ACTION_REF", "v0.1.0"),
        ("ACTION_REPOSITORY", "toolcup/toolcup"),
        ("RUNNER_OS_NAME", "Linux"),
        ("RUNNER_ARCH_NAME", "X64"),
    ];
    let out = run_step(&scripts[0], w, &files, &download_vars);
    assert!(
        out.status.success(),
        "download: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let outputs = std::fs::read_to_string(&output_file).expect("outputs");
    let toolcup = outputs
        .lines()
        .find_map(|l| l.strip_prefix("bin="))
        .expect("bin output")
        .to_owned();
    assert!(Path::new(&toolcup).is_file(), "{toolcup}");

    // The scan step on the fixture: end-of-life pins, exit 1 recorded, SARIF written.
    std::fs::write(&output_file, "").expect("output file");
    let sarif = w.join("scan.sarif");
    let scan_vars = [
        ("TOOLCUP", toolcup.as_str()),
        ("SCAN_PATH", "."),
        ("FAIL_ON", "eol within:90"),
        ("SARIF_FILE", sarif.to_str().expect("utf-8")),
        ("EXTRA_ARGS", ""),
        ("TOOLCUP_TODAY", "2026-11-25"),
        ("TOOLCUP_CACHE_DIR", runner_temp.to_str().expect("utf-8")),
    ];
    let out = run_step(&scripts[1], &fixture(), &files, &scan_vars);
    assert!(
        out.status.success(),
        "scan step: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains(".python-version:2"));
    assert_eq!(
        std::fs::read_to_string(&output_file).expect("outputs"),
        "exit-code=1\n"
    );
    let log: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&sarif).expect("sarif")).expect("json");
    assert_eq!(log["version"], "2.1.0");
    assert!(
        std::fs::read_to_string(&summary)
            .expect("summary")
            .starts_with("| Location |")
    );
    // The last step fails the job with that code.
    let out = run_step(&scripts[2], w, &[], &[("CODE", "1"), ("FAIL_ON", "eol")]);
    assert_eq!(out.status.code(), Some(1));
    let out = run_step(&scripts[2], w, &[], &[("CODE", "0"), ("FAIL_ON", "eol")]);
    assert_eq!(out.status.code(), Some(0));

    // A tampered archive is refused before anything runs.
    sh(&format!("printf x >> {name}.tar.gz"));
    let out = run_step(&scripts[0], w, &files, &download_vars);
    assert!(!out.status.success());
    assert!(
        String::from_utf8_lossy(&out.stdout).contains("FAILED"),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    // A platform without a binary says so.
    let mut other = download_vars;
    other[6] = ("RUNNER_ARCH_NAME", "ARM");
    let out = run_step(&scripts[0], w, &files, &other);
    assert!(String::from_utf8_lossy(&out.stdout).contains("no release binary for Linux/ARM"));
}
