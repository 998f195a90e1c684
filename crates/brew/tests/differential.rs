//! Differential test against CPython 3.13: generated (def, call) cases, bound
//! or refused by this crate, compared with what CPython does.
//!
//! - `corpus_matches_cpython` replays the committed corpus
//!   (`tests/data/cpython313.jsonl`, CPython's recorded answers) on any machine.
//! - `live_cpython_agrees` runs freshly generated cases through the real
//!   interpreter (`~/.pyenv/versions/3.13.0/bin/python3`, or `$BREW_PYTHON`) and
//!   skips with a printed reason when it is missing. With `BREW_REGENERATE=1` it
//!   rewrites the corpus from CPython's answers.
//! - `handwritten_cases_match_cpython` checks the calls and defs written by
//!   hand in `tests/data/handwritten.jsonl` (what a teacher, a barista or an
//!   attacker types, which the generator does not make) against CPython's
//!   answers, live where CPython 3.13 is found, else as committed in
//!   `tests/data/handwritten_cpython.jsonl`.

#[path = "support/cpython.rs"]
mod cpython;

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use cpython::{cpython_313, live_or_committed};
use serde_json::{Value as Json, json};
use toolcup_brew::{Error, Signature, bind_call, format_exception};

#[path = "differential/generator.rs"]
mod generator;

fn corpus_path() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/data/cpython313.jsonl")
}

/// What this crate does with a case, in the driver's schema.
fn ours(def: &str, call: &str) -> Json {
    let sig = match Signature::parse(def) {
        Ok(s) => s,
        Err(e) => return error_json(&e, "def", def),
    };
    match bind_call(&sig, call) {
        Ok(b) => {
            // CPython prints the locals after the call; a repr can fail.
            let mut bound = Vec::new();
            for p in &b.params {
                match p.value.try_repr() {
                    Ok(r) => bound.push(json!([p.name, r])),
                    Err(e) => return error_json(&e, "repr", ""),
                }
            }
            json!({ "outcome": "ok", "bound": bound })
        }
        Err(e) => error_json(&e, "call", call),
    }
}

/// The error in the driver's schema; `source` is the text of the stage,
/// whose traceback a runtime error carries.
fn error_json(e: &Error, stage: &str, source: &str) -> Json {
    match e {
        Error::Python(exc) => {
            let loc = exc.location;
            let file = if stage == "def" { "<def>" } else { "<call>" };
            json!({
                "traceback": format_exception(exc, source, file),
                "outcome": "error",
                "type": exc.kind.name(),
                "stage": stage,
                "message": exc.message,
                "lineno": loc.map(|l| l.line),
                "offset": loc.map(|l| l.column),
                "end_lineno": loc.map(|l| l.end_line),
                "end_offset": loc.map(|l| l.end_column),
            })
        }
        other => json!({"outcome": "refused", "stage": stage, "message": other.to_string()}),
    }
}

/// Ok(true) when they agree, Ok(false) when we refused something CPython accepts
/// or fails at run time (allowed), Err(reason) on a mismatch.
fn compare(ours: &Json, python: &Json) -> Result<bool, String> {
    let outcome = |j: &Json| j["outcome"].as_str().unwrap_or("").to_string();
    match (outcome(ours).as_str(), outcome(python).as_str()) {
        ("refused", _) => {
            // A refused def never reaches the call, so only a SyntaxError of
            // the stage we refused counts against us.
            let t = python["type"].as_str().unwrap_or("");
            let same_stage = python["stage"] == ours["stage"];
            if (t == "SyntaxError" || t == "IndentationError") && same_stage {
                Err(format!(
                    "we refused ({}) but CPython raised {t}: {}",
                    ours["message"], python["message"]
                ))
            } else {
                Ok(false)
            }
        }
        ("ok", "ok") => {
            // In order: the binding lists parameters as `locals()` does.
            let a: Vec<Json> = ours["bound"].as_array().cloned().unwrap_or_default();
            let b: Vec<Json> = python["bound"].as_array().cloned().unwrap_or_default();
            if a == b {
                Ok(true)
            } else {
                Err(format!("bound {a:?} vs CPython {b:?}"))
            }
        }
        ("error", "error") => {
            for key in [
                "type",
                "message",
                "lineno",
                "offset",
                "end_lineno",
                "end_offset",
            ] {
                let x = &ours[key];
                let y = &python[key];
                let y = if y.is_null() && key != "type" && key != "message" && x.is_null() {
                    x
                } else {
                    y
                };
                if x != y {
                    return Err(format!(
                        "{key}: ours {x} vs CPython {y} (ours {ours}, CPython {python})"
                    ));
                }
            }
            // Where CPython's driver recorded the whole traceback.
            if let Some(tb) = python.get("traceback").and_then(Json::as_str)
                && ours["traceback"].as_str() != Some(tb)
            {
                return Err(format!(
                    "traceback: ours\n{}CPython\n{tb}",
                    ours["traceback"].as_str().unwrap_or("")
                ));
            }
            Ok(true)
        }
        (a, b) => Err(format!(
            "outcome {a} vs CPython {b} (ours {ours}, CPython {python})"
        )),
    }
}

struct Tally {
    compared: usize,
    agreed: usize,
    refused: usize,
    known: usize,
    mismatches: Vec<String>,
    /// Our refusals of valid Python, by reason (their text after the column).
    refusals: std::collections::BTreeMap<String, usize>,
}

/// Calls whose mismatch is understood and documented in `known_mismatches.txt`.
fn known_mismatches() -> Vec<String> {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/data/known_mismatches.txt");
    let text = std::fs::read_to_string(path).expect("known_mismatches.txt is committed");
    text.lines()
        .filter(|l| l.starts_with('"'))
        .map(|l| serde_json::from_str::<String>(l).expect("known mismatches are JSON strings"))
        .collect()
}

fn check_all(cases: &[(String, String, Json)]) -> Tally {
    let known = known_mismatches();
    let mut t = Tally {
        compared: 0,
        agreed: 0,
        refused: 0,
        known: 0,
        mismatches: Vec::new(),
        refusals: std::collections::BTreeMap::new(),
    };
    for (def, call, python) in cases {
        t.compared += 1;
        let listed = known.contains(call);
        match compare(&ours(def, call), python) {
            Ok(true) if listed => t.mismatches.push(format!(
                "call {call:?} is listed as a known mismatch but agrees now"
            )),
            Ok(true) => t.agreed += 1,
            Ok(false) => {
                t.refused += 1;
                let ours = ours(def, call);
                let message = ours["message"].as_str().unwrap_or("").to_string();
                let reason = message.rsplit(": ").next().unwrap_or("").to_string();
                *t.refusals.entry(reason).or_default() += 1;
            }
            Err(_) if listed => t.known += 1,
            Err(why) => t
                .mismatches
                .push(format!("def {def:?}\ncall {call:?}\n  {why}")),
        }
    }
    t
}

fn report(name: &str, t: &Tally) {
    println!(
        "{name}: {} cases, {} agree exactly, {} refused by us where CPython runs them, {} known mismatches, {} new mismatches",
        t.compared,
        t.agreed,
        t.refused,
        t.known,
        t.mismatches.len()
    );
    let mut reasons: Vec<_> = t.refusals.iter().collect();
    reasons.sort_by(|a, b| b.1.cmp(a.1));
    for (reason, n) in reasons.iter().take(12) {
        println!("  refused {n:>5}: {reason}");
    }
    for m in t.mismatches.iter().take(40) {
        println!("MISMATCH {m}");
    }
}

#[test]
fn corpus_matches_cpython() {
    let text = std::fs::read_to_string(corpus_path()).expect("the corpus is committed");
    let cases: Vec<(String, String, Json)> = text
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| {
            let j: Json = serde_json::from_str(l).expect("corpus lines are JSON");
            (
                j["def"].as_str().unwrap_or("").into(),
                j["call"].as_str().unwrap_or("").into(),
                j["cpython"].clone(),
            )
        })
        .collect();
    assert!(cases.len() >= 1000, "corpus too small: {}", cases.len());
    let t = check_all(&cases);
    report("corpus", &t);
    assert!(
        t.mismatches.is_empty(),
        "{} mismatches with CPython's recorded answers",
        t.mismatches.len()
    );
}

fn run_cpython(py: &Path, cases: &[(String, String)]) -> Vec<Json> {
    let driver = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/cpython_driver.py");
    let mut child = Command::new(py)
        .arg(driver)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("CPython starts");
    let mut input = String::new();
    for (d, c) in cases {
        input.push_str(&json!({"def": d, "call": c}).to_string());
        input.push('\n');
    }
    let mut stdin = child.stdin.take().expect("stdin is piped");
    let writer = std::thread::spawn(move || stdin.write_all(input.as_bytes()));
    let out = child.wait_with_output().expect("CPython runs");
    writer
        .join()
        .expect("writer thread")
        .expect("cases written");
    assert!(out.status.success(), "the driver failed");
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).expect("driver prints JSON"))
        .collect()
}

#[test]
fn live_cpython_agrees() {
    let py = match cpython_313() {
        Ok(py) => py,
        Err(why) => {
            println!("SKIPPED live_cpython_agrees: {why}");
            return;
        }
    };
    let regenerate = std::env::var("BREW_REGENERATE").is_ok_and(|v| v == "1");
    let seed = match std::env::var("BREW_SEED").ok().and_then(|s| s.parse().ok()) {
        Some(seed) => seed,
        None if regenerate => 0x5eed_c0ffee,
        None => 0xbeef_cafe,
    };
    let cases = generator::cases(seed, 4000);
    let answers = run_cpython(&py, &cases);
    assert_eq!(answers.len(), cases.len());
    let joined: Vec<(String, String, Json)> = cases
        .iter()
        .zip(&answers)
        .map(|((d, c), a)| (d.clone(), c.clone(), a.clone()))
        .collect();
    if regenerate {
        let mut text = String::new();
        for (d, c, a) in &joined {
            text.push_str(&json!({"def": d, "call": c, "cpython": a}).to_string());
            text.push('\n');
        }
        let path = corpus_path();
        let tmp = path.with_extension("jsonl.tmp");
        std::fs::write(&tmp, text).expect("corpus written");
        std::fs::rename(&tmp, &path).expect("corpus renamed into place");
        println!("regenerated {} with {} cases", path.display(), joined.len());
    }
    let t = check_all(&joined);
    report("live", &t);
    assert!(
        t.mismatches.is_empty(),
        "{} mismatches with CPython",
        t.mismatches.len()
    );
}

#[test]
fn handwritten_cases_match_cpython() {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/data/handwritten.jsonl");
    let text = std::fs::read_to_string(path).expect("the hand-written cases are committed");
    let cases: Vec<(String, String)> = text
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| {
            let j: Json = serde_json::from_str(l).expect("case lines are JSON");
            (
                j["def"].as_str().expect("a def").to_string(),
                j["call"].as_str().expect("a call").to_string(),
            )
        })
        .collect();
    assert!(
        cases.len() >= 150,
        "too few hand-written cases: {}",
        cases.len()
    );
    let answers = live_or_committed("tests/data/handwritten_cpython.jsonl", cases.len(), |py| {
        run_cpython(py, &cases)
    });
    let joined: Vec<(String, String, Json)> = cases
        .into_iter()
        .zip(answers)
        .map(|((d, c), a)| (d, c, a))
        .collect();
    let t = check_all(&joined);
    report("hand-written", &t);
    assert!(
        t.mismatches.is_empty(),
        "{} mismatches with CPython",
        t.mismatches.len()
    );
}
