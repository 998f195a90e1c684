//! `--batch`: one rotation per line of stdin, one answer per line of
//! stdout, in the line's own form (plain numbers or JSON). A bad line is
//! answered with its error, with its number, and the batch goes on.

use std::io::Write;

use anyhow::Context;
use toolcup_rotation::text::parse_numbers;

use super::conversion::Conversion;
use super::json::json_numbers;
use super::lines::LineReader;
use crate::exit_codes::ExitCode;

/// Converts every line of stdin.
pub fn run(c: &Conversion) -> anyhow::Result<ExitCode> {
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
                let numbers = if is_json {
                    json_numbers(trimmed)
                } else {
                    parse_numbers(trimmed).map_err(|e| e.to_string())
                };
                (numbers.and_then(|v| c.convert(&v)), is_json)
            }
            Err(reason) => (Err(reason), false),
        };
        match (result, is_json || c.json) {
            (Ok(answer), true) => writeln!(stdout, "{}", answer.json(&c.reading))?,
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
