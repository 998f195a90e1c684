//! `--batch`: each line of stdin gives one call's operands (those not given
//! on the command line), each answer is one line of stdout, in the line's
//! own form (plain numbers or JSON). A bad line is answered with its error,
//! with its number, and the batch goes on.

use std::io::Write;

use anyhow::Context;
use serde_json::Value;

use super::Call;
use super::json::parse_line;
use super::lines::LineReader;
use super::operation::{Operand, Operation};
use crate::exit_codes::ExitCode;

/// Runs the call once per line of stdin, after the `fixed` operands.
pub fn run(call: &Call, fixed: &[Operand]) -> anyhow::Result<ExitCode> {
    let mut lines = LineReader::new(std::io::stdin());
    let mut stdout = std::io::BufWriter::new(std::io::stdout().lock());
    let mut failed = 0usize;
    loop {
        if lines.will_wait() {
            stdout.flush()?;
        }
        let Some((n, line)) = lines.next_line().context("reading a line of stdin")? else {
            break;
        };
        let (result, is_json) = match line.text() {
            Ok(text) => {
                let trimmed = text.trim();
                if trimmed.is_empty() {
                    writeln!(stdout)?;
                    continue;
                }
                let is_json = trimmed.starts_with('[') || trimmed.starts_with('{');
                let operands = if is_json {
                    json_operands(call, fixed, trimmed)
                } else {
                    text_operands(call, fixed, trimmed)
                };
                let answer = operands.and_then(|all| call.operation.answer(&all, &call.reading));
                (answer, is_json)
            }
            Err(reason) => (Err(reason), false),
        };
        match (result, is_json || call.json) {
            (Ok(answer), true) => writeln!(stdout, "{}", answer.json(&call.reading))?,
            (Ok(answer), false) => writeln!(stdout, "{}", answer.line())?,
            (Err(err), json) => {
                failed += 1;
                let message = format!("line {n}: {err}");
                if json {
                    writeln!(stdout, "{}", serde_json::json!({ "error": message }))?;
                } else {
                    writeln!(stdout, "error: {message}")?;
                }
            }
        }
    }
    stdout.flush()?;
    if failed > 0 {
        eprintln!("toolcup: {failed} line(s) could not be converted");
        return Ok(ExitCode::Rejected);
    }
    Ok(ExitCode::Success)
}

/// How many operands a line must give after the fixed ones: exactly this
/// many, or for compose at least.
fn wanted(operation: &Operation, fixed: usize) -> usize {
    operation.arity().saturating_sub(fixed).max(1)
}

/// Checks the count of a line's operands.
fn check_count(operation: &Operation, fixed: usize, given: usize) -> Result<(), String> {
    let want = wanted(operation, fixed);
    let ok = if operation.variadic() {
        given >= want
    } else {
        given == want
    };
    if ok {
        Ok(())
    } else {
        let at_least = if operation.variadic() {
            "at least "
        } else {
            ""
        };
        Err(format!(
            "expected {at_least}{want} operand(s) separated by ';', found {given}"
        ))
    }
}

/// The operands of a plain-text line: the whole line when one operand is
/// wanted, else the parts between ';'.
fn text_operands(call: &Call, fixed: &[Operand], line: &str) -> Result<Vec<Operand>, String> {
    let op = &call.operation;
    let parts: Vec<&str> = if wanted(op, fixed.len()) == 1 && !op.variadic() {
        vec![line]
    } else {
        line.split(';').map(str::trim).collect()
    };
    check_count(op, fixed.len(), parts.len())?;
    let mut all = fixed.to_vec();
    for (i, part) in parts.iter().enumerate() {
        all.push(op.slot(fixed.len() + i).read_text(part, &call.reading)?);
    }
    Ok(all)
}

/// The names of a JSON line's operands when it gives several.
fn keys(operation: &Operation) -> &'static [&'static str] {
    match operation {
        Operation::Apply => &["rotation", "vector"],
        Operation::Slerp { .. } => &["from", "to", "t"],
        Operation::Convert { .. } | Operation::Inverse | Operation::Compose { .. } => &[],
    }
}

/// The operands of a JSON line: one operand's value when one is wanted;
/// an object with `"rotations"` for compose; an object whose keys name the
/// operands (`"rotation"`, `"vector"`; `"from"`, `"to"`, `"t"`) otherwise.
fn json_operands(call: &Call, fixed: &[Operand], line: &str) -> Result<Vec<Operand>, String> {
    let op = &call.operation;
    let value = parse_line(line)?;
    let values: Vec<&Value> = match (&value, op) {
        (Value::Object(map), Operation::Compose { .. }) if map.contains_key("rotations") => {
            match &map["rotations"] {
                Value::Array(items) if map.len() == 1 => items.iter().collect(),
                _ => return Err("\"rotations\" must be the only key, with an array".to_string()),
            }
        }
        (_, Operation::Compose { .. }) => vec![&value],
        _ if wanted(op, fixed.len()) == 1 => vec![&value],
        (Value::Object(map), _) => {
            let names = &keys(op)[fixed.len()..];
            if let Some(extra) = map.keys().find(|k| !names.contains(&k.as_str())) {
                return Err(format!(
                    "unknown key \"{}\": this line gives {}",
                    toolcup_rotation::text::shown(extra),
                    names.join(", ")
                ));
            }
            let mut values = Vec::new();
            for name in names {
                values.push(
                    map.get(*name)
                        .ok_or_else(|| format!("missing key \"{name}\""))?,
                );
            }
            values
        }
        _ => {
            return Err(format!(
                "give an object with the keys {}",
                keys(op)[fixed.len()..].join(", ")
            ));
        }
    };
    check_count(op, fixed.len(), values.len())?;
    let mut all = fixed.to_vec();
    for (i, v) in values.into_iter().enumerate() {
        all.push(
            op.slot(fixed.len() + i)
                .read_json(v, &call.reading, call.sequence)?,
        );
    }
    Ok(all)
}
