//! Hostile inputs for `toolcup brew`: deep nesting (issue 12, "a paste
//! kills the window") under a 1 MiB stack, as a call, in `--batch` with
//! good lines after the deadly one, and as a `--signature` default.

use std::io::Write;
use std::process::Stdio;
use std::time::Duration;

#[cfg(unix)]
use crate::util::toolcup_small_stack;
use crate::util::{assert_one_line_error, run_bounded, toolcup};

const LIMIT: Duration = Duration::from_secs(60);

/// Calls nested past CPython's limits, each under the engine's size limit,
/// with the one-line error CPython prints for them.
fn deadly_calls() -> Vec<(String, &'static str)> {
    let memory = "MemoryError: Parser stack overflowed - Python source too complex to parse";
    let recursion = "RecursionError: maximum recursion depth exceeded during compilation";
    vec![
        (format!("brew_coffee({}2)", "2**".repeat(33_000)), memory),
        (format!("brew_coffee({}1)", "-".repeat(99_000)), memory),
        (format!("brew_coffee({}1)", "~".repeat(20_000)), memory),
        (format!("brew_coffee({}1)", "not ".repeat(24_000)), memory),
        (
            format!("brew_coffee({}1)", "lambda:".repeat(14_000)),
            memory,
        ),
        (
            format!("brew_coffee({}2)", "1if 1else ".repeat(9_000)),
            memory,
        ),
        (format!("brew_coffee(*{}1)", "+".repeat(50_000)), memory),
        (format!("brew_coffee(a={}1)", "1**-".repeat(20_000)), memory),
        (format!("brew_coffee({}1)", "1+".repeat(49_000)), recursion),
        (format!("brew_coffee{}", "()".repeat(20_000)), recursion),
        (format!("brew_coffee(x{})", ".a".repeat(40_000)), recursion),
        (
            format!(
                "brew_coffee({}{}1{})",
                "[".repeat(199),
                "-".repeat(20_000),
                "]".repeat(199)
            ),
            memory,
        ),
    ]
}

#[cfg(unix)]
#[test]
fn deep_calls_fail_with_one_line_on_a_small_stack() {
    for (call, error) in deadly_calls() {
        let out = run_bounded(&mut toolcup_small_stack(["brew", &call]), LIMIT);
        assert_one_line_error(&out, 1);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(stderr.trim_end(), error, "{}…", &call[..30]);
    }
}

#[cfg(unix)]
#[test]
fn unclosed_brackets_are_a_syntax_error_on_a_small_stack() {
    for open in ["(", "[", "{", "f'{", "(yield ", "brew_coffee("] {
        let call = format!("brew_coffee({}", open.repeat(90_000 / open.len()));
        let out = run_bounded(&mut toolcup_small_stack(["brew", &call]), LIMIT);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{open}: {stderr}");
        assert!(stderr.contains("SyntaxError: "), "{open}: {stderr}");
        assert!(!stderr.contains("panicked"), "{stderr}");
    }
}

/// `--batch`: each deadly line gets its own answer, and the good lines
/// after it are still answered.
#[cfg(unix)]
#[test]
fn batch_answers_the_lines_after_a_deadly_one() {
    let mut input = String::new();
    let calls = deadly_calls();
    for (call, _) in &calls {
        input.push_str(&serde_json::to_string(call).expect("a JSON string"));
        input.push('\n');
        input.push_str("\"brew_coffee('Mocha', strength=2)\"\n");
    }
    let mut cmd = toolcup_small_stack(["brew", "--batch"]);
    cmd.stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let mut child = cmd.spawn().expect("toolcup starts");
    let mut stdin = child.stdin.take().expect("stdin is piped");
    let writer = std::thread::spawn(move || stdin.write_all(input.as_bytes()));
    let out = child.wait_with_output().expect("toolcup runs");
    writer.join().expect("writer").expect("input written");
    assert_eq!(out.status.code(), Some(1));
    let answers: Vec<serde_json::Value> = String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).expect("a JSON answer per line"))
        .collect();
    assert_eq!(answers.len(), calls.len() * 2);
    for (pair, (_, error)) in answers.chunks(2).zip(&calls) {
        let (kind, message) = error.split_once(": ").expect("Kind: message");
        assert_eq!(pair[0]["error"]["type"], kind);
        assert_eq!(pair[0]["error"]["message"], message);
        assert_eq!(pair[1]["outcome"], "ok");
    }
}

#[cfg(unix)]
#[test]
fn deep_signature_defaults_fail_with_one_line() {
    for (call, error) in deadly_calls() {
        let Some(inner) = call
            .strip_prefix("brew_coffee(")
            .and_then(|c| c.strip_suffix(')'))
        else {
            continue;
        };
        if inner.starts_with(['*', ')']) || inner.contains('=') {
            continue;
        }
        let def = format!("def brew_coffee(coffee_type, strength={inner}, milk_amount=0)");
        let out = run_bounded(
            &mut toolcup_small_stack(["brew", "--signature", &def, "brew_coffee('Latte')"]),
            LIMIT,
        );
        assert_one_line_error(&out, 10);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(stderr.contains(error), "{stderr}");
    }
}

/// The default stack too (what most users have).
#[test]
fn deep_calls_fail_cleanly_on_the_default_stack() {
    for (call, error) in deadly_calls().into_iter().take(4) {
        let out = run_bounded(&mut toolcup(["brew", &call]), LIMIT);
        assert_one_line_error(&out, 1);
        assert!(String::from_utf8_lossy(&out.stderr).contains(error));
    }
}

/// Runs `toolcup brew --batch` on `input` and returns its JSON answers.
fn batch(input: Vec<u8>) -> (Option<i32>, Vec<serde_json::Value>) {
    let mut cmd = toolcup(["brew", "--batch"]);
    cmd.stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let mut child = cmd.spawn().expect("toolcup starts");
    let mut stdin = child.stdin.take().expect("stdin is piped");
    let writer = std::thread::spawn(move || stdin.write_all(&input));
    let out = child.wait_with_output().expect("toolcup runs");
    writer.join().expect("writer").expect("input written");
    let answers = String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).expect("a JSON answer per line"))
        .collect();
    (out.status.code(), answers)
}

/// Issue 12 item 12: every kind of invalid encoding gets its own answer
/// with its line number, and the lines after it are answered.
#[test]
fn batch_answers_each_line_that_is_not_utf8() {
    let bad: &[&[u8]] = &[
        b"\xff",
        b"\"brew_coffee('\xc3')\"",
        b"\"brew_coffee('\xc0\x80')\"",
        b"\"brew_coffee('\xed\xa0\x80')\"",
        b"\"brew_coffee('\xf4\x90\x80\x80')\"",
        b"\xfe\xff\x00\"\x00b",
        b"\"\x80\x80\x80\"",
        b"\"brew_coffee('Latte')\"\xf8",
    ];
    let mut input = Vec::new();
    for line in bad {
        input.extend_from_slice(line);
        input.extend_from_slice(b"\n\"brew_coffee('Mocha')\"\r\n");
    }
    let (code, answers) = batch(input);
    assert_eq!(code, Some(1));
    assert_eq!(answers.len(), bad.len() * 2);
    for (k, pair) in answers.chunks(2).enumerate() {
        assert_eq!(pair[0]["error"]["type"], "BadInput", "{pair:?}");
        let message = pair[0]["error"]["message"].as_str().unwrap_or_default();
        assert!(
            message.starts_with(&format!("line {}: not UTF-8", 2 * k + 1)),
            "{message}"
        );
        assert_eq!(pair[1]["outcome"], "ok", "{pair:?}");
    }
}

/// Lines beyond any call the engine reads, JSON nested past serde's limit,
/// NUL bytes and no final newline: each answered, in bounded memory.
#[test]
fn batch_bounds_each_line() {
    let mut input = Vec::new();
    input.extend(std::iter::repeat_n(b'"', 1).chain(std::iter::repeat_n(b'a', 5_000_000)));
    input.extend_from_slice(b"\"\n");
    input.extend_from_slice(b"\"brew_coffee('Mocha')\"\n");
    input.extend(std::iter::repeat_n(b'[', 100_000));
    input.push(b'\n');
    input.extend_from_slice(b"\"brew_coffee('Mo\\u0000cha')\"\n");
    input.extend_from_slice(b"\0\0\0\n");
    input.extend_from_slice(b"\"brew_coffee('Latte')\"");
    let (code, answers) = batch(input);
    assert_eq!(code, Some(1));
    let types: Vec<String> = answers
        .iter()
        .map(|a| {
            a["error"]["type"]
                .as_str()
                .unwrap_or(a["outcome"].as_str().unwrap_or_default())
                .to_string()
        })
        .collect();
    assert_eq!(
        types,
        [
            "BadInput",
            "ok",
            "BadInput",
            "SyntaxError",
            "BadInput",
            "ok"
        ],
        "{answers:?}"
    );
    assert!(
        answers[0]["error"]["message"]
            .as_str()
            .unwrap_or_default()
            .starts_with("line 1: longer than")
    );
    assert_eq!(
        answers[3]["error"]["message"],
        "source code string cannot contain null bytes"
    );
}
