//! `scan` on committed fixture repositories: one with a pin of every kind, and
//! small real-looking projects (written for these tests, modelled on common
//! shapes). Each output format is compared with a committed file in
//! `fixtures/scan/expected/` (regenerate with `UPDATE_EXPECTED=1`), on a fixed
//! day with the embedded release data. SARIF is checked for the fields the
//! 2.1.0 schema requires, and against the schema itself where the oracle
//! (`scripts/setup --oracles`) is installed.

use std::ops::ControlFlow;
use std::path::{Path, PathBuf};

use toolcup_releases::scan::{
    self, FailOn, Finding, ScanOptions, render_markdown, render_sarif, render_table,
};
use toolcup_releases::{DataSet, Date, Error, Product, Status};

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/scan")
}

fn today() -> Date {
    Date::new(2026, 11, 25).expect("valid date")
}

fn scan_dir(dir: &Path) -> (scan::Found, Vec<Finding>) {
    let found = scan::find_pins(dir, &ScanOptions::default(), &mut |_| {
        ControlFlow::Continue(())
    })
    .expect("the fixture scans");
    let data = DataSet::embedded();
    let python = data.catalog(Product::Python).expect("python data");
    let django = data.catalog(Product::Django).expect("django data");
    let findings = scan::assess(&found.pins, &python, Some(&django), today());
    (found, findings)
}

/// Compares `actual` with the committed file, or rewrites it with `UPDATE_EXPECTED=1`.
fn expect(name: &str, actual: &str) {
    let path = fixtures().join("expected").join(name);
    if std::env::var_os("UPDATE_EXPECTED").is_some() {
        std::fs::create_dir_all(path.parent().expect("parent")).expect("folder");
        std::fs::write(&path, actual).expect("write expected");
        return;
    }
    let expected = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("{}: {e} (run with UPDATE_EXPECTED=1)", path.display()));
    assert_eq!(actual, expected, "{name} differs from {}", path.display());
}

#[test]
fn every_kind_of_pin_is_found_in_every_format() {
    let (found, findings) = scan_dir(&fixtures().join("every-kind"));
    assert!(found.skipped.is_empty(), "{:?}", found.skipped);
    expect("every-kind.txt", &render_table(&findings, false));
    expect("every-kind.md", &render_markdown(&findings));
    expect("every-kind.sarif", &render_sarif(&findings, 180));
    let json = serde_json::to_string_pretty(&findings).expect("json") + "\n";
    expect("every-kind.json", &json);

    // Each kind of place is there at least once.
    use toolcup_releases::scan::Source;
    for source in [
        Source::PythonVersionFile,
        Source::RequiresPython,
        Source::Classifier,
        Source::PoetryPython,
        Source::PythonRequires,
        Source::ToxEnv,
        Source::NoxSession,
        Source::SetupPython,
        Source::CiMatrix,
        Source::ContainerImage,
        Source::ToolVersions,
        Source::Mise,
        Source::RuntimeTxt,
        Source::Pipfile,
        Source::Conda,
        Source::Dependency,
        Source::Lock,
    ] {
        assert!(
            findings.iter().any(|f| f.site.source == source),
            "no {source} pin found"
        );
    }
    // Every file of the fixture holds a pin.
    let files: std::collections::BTreeSet<_> = findings.iter().map(|f| &f.site.path).collect();
    assert_eq!(files.len() as u64, found.files_read);
}

#[test]
fn real_looking_projects() {
    let mut all = String::new();
    let projects = fixtures().join("projects");
    let mut names: Vec<_> = std::fs::read_dir(&projects)
        .expect("projects")
        .map(|e| e.expect("entry").file_name())
        .collect();
    names.sort();
    for name in names {
        let (found, findings) = scan_dir(&projects.join(&name));
        all.push_str(&format!("== {}\n", name.to_string_lossy()));
        all.push_str(&render_table(&findings, false));
        all.push_str(&scan::summary(&findings, found.files_read));
        all.push('\n');
    }
    expect("projects.txt", &all);
}

#[test]
fn sarif_has_what_the_schema_requires() {
    let (_, findings) = scan_dir(&fixtures().join("every-kind"));
    let log: serde_json::Value =
        serde_json::from_str(&render_sarif(&findings, 180)).expect("SARIF is JSON");
    assert_eq!(log["version"], "2.1.0");
    assert!(
        log["$schema"]
            .as_str()
            .is_some_and(|s| s.contains("sarif-2.1.0"))
    );
    let run = &log["runs"][0];
    let driver = &run["tool"]["driver"];
    assert_eq!(driver["name"], "toolcup");
    let rules: Vec<&str> = driver["rules"]
        .as_array()
        .expect("rules")
        .iter()
        .map(|r| r["id"].as_str().expect("rule id"))
        .collect();
    let results = run["results"].as_array().expect("results");
    assert!(!results.is_empty());
    let end_of_life = findings
        .iter()
        .filter(|f| f.assessment.status == Some(Status::EndOfLife))
        .count();
    assert_eq!(
        results
            .iter()
            .filter(|r| r["ruleId"] == "end-of-life")
            .count(),
        end_of_life
    );
    for result in results {
        let rule = result["ruleId"].as_str().expect("ruleId");
        let index = result["ruleIndex"].as_u64().expect("ruleIndex") as usize;
        assert_eq!(rules[index], rule);
        assert!(["error", "warning", "note"].contains(&result["level"].as_str().expect("level")));
        assert!(
            result["message"]["text"]
                .as_str()
                .is_some_and(|t| !t.is_empty())
        );
        let location = &result["locations"][0]["physicalLocation"];
        let uri = location["artifactLocation"]["uri"].as_str().expect("uri");
        assert!(!uri.starts_with('/') && !uri.contains(' '), "{uri}");
        assert!(
            location["region"]["startLine"]
                .as_u64()
                .is_some_and(|l| l >= 1)
        );
        assert!(
            location["region"]["startColumn"]
                .as_u64()
                .is_some_and(|c| c >= 1)
        );
    }
}

/// Validates the fixture's SARIF against the official 2.1.0 schema with
/// Python's jsonschema, both installed by `scripts/setup --oracles`.
#[test]
fn sarif_validates_against_the_official_schema() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    // A venv's interpreter: Scripts\python.exe on Windows.
    let python = if cfg!(windows) {
        root.join("target/oracle-venv/Scripts/python.exe")
    } else {
        root.join("target/oracle-venv/bin/python")
    };
    let schema = root.join("target/oracle-schemas/sarif-schema-2.1.0.json");
    if !python.exists() || !schema.exists() {
        eprintln!(
            "skipped: the SARIF schema oracle is not installed ({} and {}; run scripts/setup --oracles)",
            python.display(),
            schema.display()
        );
        return;
    }
    let (_, findings) = scan_dir(&fixtures().join("every-kind"));
    let dir = tempfile::tempdir().expect("temp dir");
    let log = dir.path().join("scan.sarif");
    std::fs::write(&log, render_sarif(&findings, 180)).expect("write");
    let script = "import json, sys, jsonschema\n\
        schema = json.load(open(sys.argv[1]))\n\
        jsonschema.validate(json.load(open(sys.argv[2])), schema)\n\
        print('valid')\n";
    let output = std::process::Command::new(&python)
        .args(["-c", script])
        .arg(&schema)
        .arg(&log)
        .output()
        .expect("python runs");
    if String::from_utf8_lossy(&output.stderr).contains("No module named 'jsonschema'") {
        eprintln!("skipped: jsonschema is not installed in the oracle venv");
        return;
    }
    assert!(
        output.status.success(),
        "SARIF does not validate: {}",
        String::from_utf8_lossy(&output.stderr)
    );
}

#[test]
fn gitignore_is_honoured_unless_asked_not_to() {
    let dir = tempfile::tempdir().expect("temp dir");
    let write = |rel: &str, text: &str| {
        let path = dir.path().join(rel);
        std::fs::create_dir_all(path.parent().expect("parent")).expect("folder");
        std::fs::write(path, text).expect("write");
    };
    write(".gitignore", "build/\n/vendor\n*.old.txt\n");
    write("requirements.txt", "Django==5.2.1\n");
    write(
        "build/lib/pyproject.toml",
        "[project]\nrequires-python = \">=2.7\"\n",
    );
    write("vendor/.python-version", "2.7.18\n");
    write("requirements.old.txt", "Django==1.11\n");
    write("sub/.gitignore", "local/\n");
    write("sub/local/.python-version", "3.6\n");
    write("sub/.python-version", "3.13\n");
    write(".git/info/exclude", "excluded.txt\n");
    write(".git/.python-version", "2.6\n");
    let paths = |options: &ScanOptions| -> Vec<String> {
        scan::find_pins(dir.path(), options, &mut |_| ControlFlow::Continue(()))
            .expect("scan")
            .pins
            .iter()
            .map(|p| p.location())
            .collect()
    };
    assert_eq!(
        paths(&ScanOptions::default()),
        ["requirements.txt:1", "sub/.python-version:1"]
    );
    let all = ScanOptions {
        respect_ignore: false,
        ..ScanOptions::default()
    };
    assert_eq!(
        paths(&all),
        [
            "build/lib/pyproject.toml:2",
            "requirements.old.txt:1",
            "requirements.txt:1",
            "sub/.python-version:1",
            "sub/local/.python-version:1",
            "vendor/.python-version:1",
        ]
    );
}

#[test]
fn a_scan_can_be_cancelled_and_a_file_is_no_folder() {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::write(dir.path().join(".python-version"), "3.12\n").expect("write");
    let err = scan::find_pins(dir.path(), &ScanOptions::default(), &mut |_| {
        ControlFlow::Break(())
    })
    .expect_err("cancelled");
    assert!(matches!(err, Error::Cancelled), "{err}");
    let err = scan::find_pins(
        &dir.path().join(".python-version"),
        &ScanOptions::default(),
        &mut |_| ControlFlow::Continue(()),
    )
    .expect_err("not a folder");
    assert!(err.to_string().contains("not a folder"), "{err}");
    let err = scan::find_pins(
        &dir.path().join("missing"),
        &ScanOptions::default(),
        &mut |_| ControlFlow::Continue(()),
    )
    .expect_err("missing");
    assert!(err.to_string().contains("missing"), "{err}");
}

#[test]
fn fail_on_conditions_on_the_fixture() {
    let (_, findings) = scan_dir(&fixtures().join("every-kind"));
    let count = |c: FailOn| findings.iter().filter(|f| c.matches(f)).count();
    let eol = count(FailOn::EndOfLife);
    assert!(eol > 0);
    assert!(count(FailOn::Security) > eol);
    assert!(count(FailOn::Within(365 * 2)) >= count(FailOn::Within(30)));
    assert_eq!(count(FailOn::Within(0)), eol);
}
