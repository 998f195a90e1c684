//! Differential: PEP 440 specifiers as `packaging` (the library pip uses)
//! reads them. For each of the specifiers in `fixtures/pep440/oracle.py`
//! (over 200, the forms of issue 16 among them): whether it parses, and
//! which of its 44 versions it contains with pre-releases admitted, compared
//! with the committed answers of `packaging` in `fixtures/pep440/expected.json`.
//!
//! Where a Python with `packaging` is found (`TOOLCUP_PACKAGING_PYTHON`, or
//! `target/pep440-venv/bin/python`: `python3 -m venv target/pep440-venv &&
//! target/pep440-venv/bin/pip install packaging==26.3`), the oracle is also run
//! live and its answers must equal the committed ones; otherwise that part
//! skips with a printed reason.
#![allow(clippy::unwrap_used)]

use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;
use toolcup_releases::RequiresPython;

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/pep440")
}

/// Our answer in the oracle's shape: `{"spec", "valid", "contains"}`.
fn ours(spec: &str, versions: &[&str]) -> Value {
    match spec.parse::<RequiresPython>() {
        Err(_) => serde_json::json!({"spec": spec, "valid": false}),
        Ok(parsed) => {
            let bits: String = versions
                .iter()
                .map(|v| if parsed.allows_text(v) { '1' } else { '0' })
                .collect();
            serde_json::json!({"spec": spec, "valid": true, "contains": bits})
        }
    }
}

#[test]
fn agrees_with_packaging_on_every_committed_specifier() {
    let text = std::fs::read_to_string(fixtures().join("expected.json")).unwrap();
    let expected: Value = serde_json::from_str(&text).unwrap();
    let versions: Vec<&str> = expected["versions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap())
        .collect();
    let cases = expected["specifiers"].as_array().unwrap();
    assert!(cases.len() >= 200, "only {} specifiers", cases.len());
    let mut disagreements = Vec::new();
    let mut answers = 0;
    for case in cases {
        let spec = case["spec"].as_str().unwrap();
        let got = ours(spec, &versions);
        answers += 1 + versions.len();
        if &got != case {
            disagreements.push(format!("{spec:?}: packaging {case}, ours {got}"));
        }
    }
    println!(
        "PEP 440: {} of {} specifiers agree with packaging {} ({} answers: validity and {} memberships each)",
        cases.len() - disagreements.len(),
        cases.len(),
        expected["packaging"],
        answers,
        versions.len()
    );
    assert!(
        disagreements.is_empty(),
        "{} disagreements:\n{}",
        disagreements.len(),
        disagreements.join("\n")
    );
}

/// A Python that imports `packaging`, if this machine has one.
fn oracle_python() -> Option<PathBuf> {
    let candidates = [
        std::env::var_os("TOOLCUP_PACKAGING_PYTHON").map(PathBuf::from),
        Some(Path::new(env!("CARGO_MANIFEST_DIR")).join("../../target/pep440-venv/bin/python")),
        std::env::var_os("CARGO_TARGET_DIR").map(|d| Path::new(&d).join("pep440-venv/bin/python")),
    ];
    candidates.into_iter().flatten().find(|python| {
        Command::new(python)
            .args(["-c", "import packaging.specifiers"])
            .output()
            .is_ok_and(|o| o.status.success())
    })
}

#[test]
fn committed_answers_are_what_packaging_says_now() {
    let Some(python) = oracle_python() else {
        println!(
            "skipped: no Python with packaging (set TOOLCUP_PACKAGING_PYTHON, or make target/pep440-venv); the committed answers were checked"
        );
        return;
    };
    let out = Command::new(&python)
        .arg(fixtures().join("oracle.py"))
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let live: Value = serde_json::from_slice(&out.stdout).unwrap();
    let committed: Value =
        serde_json::from_str(&std::fs::read_to_string(fixtures().join("expected.json")).unwrap())
            .unwrap();
    if live["packaging"] != committed["packaging"] {
        println!(
            "note: live packaging {} differs from the committed {}",
            live["packaging"], committed["packaging"]
        );
    }
    assert_eq!(
        live["specifiers"],
        committed["specifiers"],
        "packaging at {} answers differently from fixtures/pep440/expected.json: rerun oracle.py",
        python.display()
    );
    assert_eq!(live["versions"], committed["versions"]);
}
