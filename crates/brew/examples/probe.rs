//! Reads `[def, call]` JSON lines on stdin and prints one line per case: `ok
//! name=repr ...` when the call binds, `<stage> <Type>: <message> <location>`
//! when a def or call raises (the location as `Some((line, column, end_line,
//! end_column))` or `None`), or `refused <stage>: <reason>` for our own
//! refusals. `tests/cpython_suite.py` compares these lines with CPython 3.13.

use std::io::{BufRead, Write};

use toolcup_brew::{Error, Signature, bind_call};

fn describe(stage: &str, e: &Error) -> String {
    match e {
        Error::Python(exc) => {
            let loc = exc
                .location
                .map(|l| (l.line, l.column, l.end_line, l.end_column));
            format!("{stage} {}: {} {loc:?}", exc.kind.name(), exc.message)
        }
        other => format!("refused {stage}: {other}"),
    }
}

fn main() {
    let stdin = std::io::stdin();
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    for line in stdin.lock().lines() {
        let Ok(line) = line else { break };
        if line.trim().is_empty() {
            continue;
        }
        let answer = match serde_json::from_str::<(String, String)>(&line) {
            Err(e) => format!("bad input line: {e}"),
            Ok((def, call)) => match Signature::parse(&def) {
                Err(e) => describe("def", &e),
                Ok(sig) => match bind_call(&sig, &call) {
                    Err(e) => describe("call", &e),
                    Ok(b) => {
                        let mut s = String::from("ok");
                        for p in &b.params {
                            let r = p.value.try_repr().unwrap_or_else(|e| e.to_string());
                            s.push_str(&format!(" {}={r}", p.name));
                        }
                        s
                    }
                },
            },
        };
        if writeln!(out, "{}", answer.replace('\n', "\\n")).is_err() {
            return;
        }
    }
}
