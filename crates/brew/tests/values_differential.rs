//! Differential test of the value semantics (operators, builtins, displays,
//! reprs) against CPython 3.13: seeded random constant expressions,
//! evaluated by this crate's `ops` and `builtins` and by one CPython process.
//!
//! - `corpus_matches_cpython` replays the committed corpus
//!   (`tests/values/cpython313.jsonl`: the generator's seed and CPython's
//!   recorded answer to each expression) on any machine.
//! - `fresh_expressions_match_cpython` generates new expressions (seed
//!   `BREW_SEED`, default 7; `BREW_CASES` of them, default 1500) and runs
//!   them through CPython 3.13 (`$BREW_PYTHON`, else
//!   `~/.pyenv/versions/3.13.0/bin/python3`), skipping with a printed
//!   reason when it is missing.
//!
//! `BREW_REGENERATE=1` rewrites the corpus from CPython's answers. CPython
//! runs with `PYTHONHASHSEED=0`, the string hashes this crate uses.
//! Expressions that go over this crate's limits are not sent to CPython
//! (which may compute them for a long time); they count as refused.

#[path = "values/generator.rs"]
mod generator;
#[path = "values/walker.rs"]
mod walker;

#[path = "support/cpython.rs"]
mod cpython;

use std::io::Write;
use std::path::PathBuf;
use std::process::{Command, Stdio};

use cpython::cpython_313;
use serde_json::{Value as Json, json};
use toolcup_brew::{Budget, Error};

use generator::{Gen, Node};

/// The corpus's generator settings.
const CORPUS_SEED: u64 = 20_261_125;
const CORPUS_CASES: usize = 3000;
/// Nesting depth of the generated expressions.
const DEPTH: u32 = 3;

fn corpus_path() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/values/cpython313.jsonl")
}

fn cases(seed: u64, n: usize) -> Vec<Node> {
    let mut g = Gen::new(seed);
    (0..n).map(|_| g.expr(DEPTH)).collect()
}

/// What this crate answers, in the driver's schema (plus `refused`).
fn ours(node: &Node) -> Json {
    let mut budget = Budget::default();
    let result = walker::eval(node, &mut budget).and_then(|e| e.value.try_repr());
    match result {
        Ok(text) => json!({ "ok": text }),
        Err(Error::Python(e)) => json!({ "error": format!("{}: {}", e.kind, e.message) }),
        Err(other) => json!({ "refused": other.to_string() }),
    }
}

/// CPython's answers to `exprs`, in order, from one process.
fn run_cpython(python: &PathBuf, exprs: &[String]) -> Vec<Json> {
    let driver = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/values/driver.py");
    let mut child = Command::new(python)
        .arg(driver)
        .env("PYTHONHASHSEED", "0")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("CPython starts");
    let mut stdin = child.stdin.take().expect("stdin");
    let input: String = exprs
        .iter()
        .map(|e| format!("{}\n", Json::String(e.clone())))
        .collect();
    let writer = std::thread::spawn(move || stdin.write_all(input.as_bytes()));
    let out = child.wait_with_output().expect("CPython answers");
    writer.join().expect("writer").expect("input written");
    let answers: Vec<Json> = String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).expect("one JSON answer per line"))
        .collect();
    assert_eq!(
        answers.len(),
        exprs.len(),
        "CPython answered every expression"
    );
    answers
}

/// How our answer compares with CPython's.
#[derive(Debug, PartialEq)]
enum Outcome {
    Identical,
    /// We refused (an engine limit); CPython may have answered.
    Refused,
    /// CPython did not answer within the driver's 5 seconds.
    CpythonTimeout,
    Different(String),
}

fn compare(expr: &str, ours: &Json, python: &Json) -> Outcome {
    if ours.get("refused").is_some() {
        return Outcome::Refused;
    }
    if ours == python {
        return Outcome::Identical;
    }
    if python.get("timeout").is_some() {
        return Outcome::CpythonTimeout;
    }
    Outcome::Different(format!(
        "{expr}\n    ours:    {ours}\n    CPython: {python}"
    ))
}

/// Our answers, and the expressions CPython should see (not those we refuse).
fn evaluate_all(nodes: &[Node]) -> (Vec<String>, Vec<Json>) {
    let exprs: Vec<String> = nodes.iter().map(Node::source).collect();
    let answers: Vec<Json> = nodes.iter().map(ours).collect();
    (exprs, answers)
}

fn ask_cpython(python: &PathBuf, exprs: &[String], answers: &[Json]) -> Vec<Json> {
    let wanted: Vec<usize> = (0..exprs.len())
        .filter(|&i| answers[i].get("refused").is_none())
        .collect();
    let asked: Vec<String> = wanted.iter().map(|&i| exprs[i].clone()).collect();
    let mut replies = run_cpython(python, &asked).into_iter();
    let mut out = vec![Json::Null; exprs.len()];
    for i in wanted {
        out[i] = replies.next().unwrap_or(Json::Null);
    }
    out
}

fn report(label: &str, exprs: &[String], ours: &[Json], python: &[Json]) -> Vec<String> {
    let mut identical = 0;
    let mut timeouts = 0;
    let mut refused = Vec::new();
    let mut different = Vec::new();
    for i in 0..exprs.len() {
        match compare(&exprs[i], &ours[i], &python[i]) {
            Outcome::Identical => identical += 1,
            Outcome::CpythonTimeout => timeouts += 1,
            Outcome::Refused => refused.push(format!("{}\n    ours: {}", exprs[i], ours[i])),
            Outcome::Different(d) => different.push(d),
        }
    }
    if let Some(path) = std::env::var_os("BREW_DIFFERENCES_FILE") {
        std::fs::write(path, different.join("\n")).expect("differences written");
    }
    if std::env::var_os("BREW_SHOW_REFUSED").is_some() {
        println!("{}", refused.join("\n"));
    }
    let refused = refused.len();
    println!(
        "{label}: {} expressions, {identical} identical, {refused} refused by the engine's limits, {timeouts} too slow for CPython, {} different",
        exprs.len(),
        different.len()
    );
    different
}

fn assert_none(different: &[String]) {
    assert!(
        different.is_empty(),
        "{} expressions differ from CPython 3.13:\n{}",
        different.len(),
        different
            .iter()
            .take(25)
            .cloned()
            .collect::<Vec<_>>()
            .join("\n")
    );
}

fn regenerate(python: &PathBuf) {
    let nodes = cases(CORPUS_SEED, CORPUS_CASES);
    let (exprs, answers) = evaluate_all(&nodes);
    let replies = ask_cpython(python, &exprs, &answers);
    let mut text = json!({"seed": CORPUS_SEED, "cases": CORPUS_CASES, "depth": DEPTH}).to_string();
    text.push('\n');
    for (e, p) in exprs.iter().zip(&replies) {
        text.push_str(&json!({"expr": e, "python": p}).to_string());
        text.push('\n');
    }
    std::fs::write(corpus_path(), text).expect("corpus written");
    println!("rewrote {}", corpus_path().display());
}

#[test]
fn corpus_matches_cpython() {
    if std::env::var("BREW_REGENERATE").as_deref() == Ok("1") {
        match cpython_313() {
            Ok(p) => regenerate(&p),
            Err(why) => panic!("BREW_REGENERATE=1 needs CPython 3.13: {why}"),
        }
    }
    let text = std::fs::read_to_string(corpus_path()).expect("the committed corpus");
    let mut lines = text.lines();
    let header: Json = serde_json::from_str(lines.next().expect("a header")).expect("JSON");
    assert_eq!(
        (
            header["seed"].as_u64(),
            header["cases"].as_u64(),
            header["depth"].as_u64()
        ),
        (
            Some(CORPUS_SEED),
            Some(CORPUS_CASES as u64),
            Some(u64::from(DEPTH))
        ),
        "the corpus was made with other settings: regenerate it with BREW_REGENERATE=1"
    );
    let nodes = cases(CORPUS_SEED, CORPUS_CASES);
    let (exprs, answers) = evaluate_all(&nodes);
    let mut python = Vec::with_capacity(exprs.len());
    for (line, expr) in lines.zip(&exprs) {
        let rec: Json = serde_json::from_str(line).expect("JSON");
        assert_eq!(
            rec["expr"].as_str(),
            Some(expr.as_str()),
            "the generator changed: regenerate the corpus with BREW_REGENERATE=1"
        );
        python.push(rec["python"].clone());
    }
    assert_eq!(python.len(), exprs.len(), "one record per expression");
    let different = report("committed corpus", &exprs, &answers, &python);
    assert_none(&different);
}

#[test]
fn fresh_expressions_match_cpython() {
    let python = match cpython_313() {
        Ok(p) => p,
        Err(why) => {
            println!("skipped: {why}");
            return;
        }
    };
    let seed = std::env::var("BREW_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(7);
    let n = std::env::var("BREW_CASES")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(1500);
    let nodes = cases(seed, n);
    let (exprs, answers) = evaluate_all(&nodes);
    let replies = ask_cpython(&python, &exprs, &answers);
    let different = report(&format!("seed {seed}"), &exprs, &answers, &replies);
    assert_none(&different);
}
