//! `toolcup brew 'CALL'`: bind a brew call to the Espressix's signature
//! exactly as CPython 3.13 would, check the order, print the ticket, and
//! optionally brew it.

use crate::exit_codes::ExitCode;
use std::io::{BufRead, Write};

use anyhow::{Context, anyhow, bail};
use clap::Args;
use serde_json::{Value as Json, json};
use toolcup_brew::{Error, Order, Signature, annotation_text};
use toolcup_jobs::Outcome;

use crate::recipes::brew::{
    CallReport, SignatureProblem, brew_job, brew_job_name, error_label, kind_label, param_label,
    ready_text,
};

use super::Output;

const BREW_AFTER_HELP: &str = "\
Signatures: a preset name (v1 … v6, current, basic, another-param) or a whole
`def brew_coffee(...)` line (annotations, defaults and type parameters as
CPython 3.13 runs them). The call is Python as CPython 3.13 reads it: literals,
displays, operators, conditional expressions, f-strings with format specs, the
pure builtins listed in the toolcup-brew README (int, len, sorted, format, ...),
*iterable and **mapping. What needs a running program (attributes, lambdas,
comprehensions, other functions) is refused in one line; errors are CPython's
own text and traceback.

Exit codes: 0 bound and ticket printed; 1 Python would raise (the traceback is on
stderr), the engine refuses the text, or the order breaks the machine's rules.

With --batch, each line of stdin is a JSON string holding one call, and each
answer is one JSON object per line (the --json shape); a line that is not UTF-8,
not a JSON string, or longer than any call the engine reads gets its own
\"BadInput\" answer naming its line number, and the batch goes on. The exit code
is 1 if any line failed.";

/// Bind a Python call to the Espressix's signature exactly as CPython 3.13
/// would, check the order against the machine's rules and print the ticket.
#[derive(Debug, Args)]
#[command(after_help = BREW_AFTER_HELP)]
pub struct BrewArgs {
    /// The call, for example 'brew_coffee("Latte", "vanilla syrup", milk_amount=2)'.
    #[arg(required_unless_present = "batch")]
    pub call: Option<String>,
    /// The signature: a preset name or a `def` line.
    #[arg(long, short, default_value = "current")]
    pub signature: String,
    /// Print one JSON object instead of the table and ticket.
    #[arg(long)]
    pub json: bool,
    /// Read one JSON string (a call) per line from stdin and answer one JSON object per line.
    #[arg(long, conflicts_with = "brew")]
    pub batch: bool,
    /// Brew the order (simulated) with a progress bar on stderr.
    #[arg(long)]
    pub brew: bool,
    /// Speed of the simulation: 1 is the machine's own pace, 60 a minute per second.
    #[arg(long, default_value_t = 60.0)]
    pub time_scale: f64,
}

/// Run `toolcup brew`.
pub fn run(args: BrewArgs, out: &Output) -> anyhow::Result<ExitCode> {
    let signature = signature_from(&args.signature)?;
    if args.batch {
        if args.call.is_some() {
            bail!("--batch reads calls from stdin: give no call on the command line");
        }
        return run_batch(&signature);
    }
    let call = args
        .call
        .ok_or_else(|| anyhow!("give a call, for example 'brew_coffee(\"Latte\")'"))?;
    let report = CallReport::new(&signature, &call);
    let mut stdout = std::io::stdout().lock();
    if args.json {
        writeln!(stdout, "{}", report_json(&report, &call))?;
    } else {
        write_text(&mut stdout, &signature, &report)?;
        if let Some(text) = report.error_text(&call) {
            drop(stdout);
            eprint!("{text}");
        }
    }
    if report.error.is_some() {
        return Ok(ExitCode::Rejected);
    }
    if args.brew {
        let order = report
            .order
            .clone()
            .ok_or_else(|| anyhow!("nothing to brew"))?;
        brew_order(order, args.time_scale, out)?;
    }
    Ok(ExitCode::Success)
}

/// A preset name or a `def` line, or the recipe's one-line (or traceback) reason.
pub fn signature_from(text: &str) -> anyhow::Result<Signature> {
    crate::recipes::brew::signature_from(text).map_err(|p| match p {
        SignatureProblem::Unknown(why) => anyhow!("--signature {why}"),
        SignatureProblem::Invalid(why) if !why.contains('\n') => {
            anyhow!("--signature is not a valid definition: {why}")
        }
        SignatureProblem::Invalid(why) => anyhow::Error::new(crate::errors::Traceback {
            what: "--signature is not a valid definition".to_owned(),
            text: why,
        }),
    })
}

/// The `--json` object for a call.
pub fn report_json(report: &CallReport, call: &str) -> Json {
    let bound: Vec<Json> = report
        .binding
        .iter()
        .flat_map(|b| &b.params)
        .map(|p| {
            json!({
                "name": p.name,
                "annotation": p.annotation.as_ref().map(annotation_text),
                "value": p.value.repr(),
                "kind": kind_label(p.kind),
                "source": p.source.describe(),
            })
        })
        .collect();
    json!({
        "call": call,
        "outcome": if report.error.is_none() { "ok" } else { "error" },
        "error": report.error.as_ref().map(error_json),
        "bound": bound,
        "ticket": report.ticket,
    })
}

/// The error as JSON: Python's class (or ours) and message, and where it points.
pub fn error_json(e: &Error) -> Json {
    let (message, loc) = match e {
        Error::Python(exc) => (exc.message.clone(), exc.location),
        Error::Unsupported { what, location } | Error::NotACall { what, location } => {
            (what.clone(), Some(*location))
        }
        other => (other.to_string(), None),
    };
    json!({
        "type": error_label(e),
        "message": message,
        "line": loc.map(|l| l.line),
        "column": loc.map(|l| l.column),
        "end_line": loc.map(|l| l.end_line),
        "end_column": loc.map(|l| l.end_column),
    })
}

fn write_text(
    w: &mut impl Write,
    signature: &Signature,
    report: &CallReport,
) -> std::io::Result<()> {
    writeln!(w, "{signature}")?;
    if let Some(b) = &report.binding {
        let labels: Vec<String> = b.params.iter().map(param_label).collect();
        let width = labels
            .iter()
            .map(|l| l.chars().count())
            .max()
            .unwrap_or(9)
            .max(9);
        let values: Vec<String> = b.params.iter().map(|p| p.value.repr()).collect();
        let vwidth = values
            .iter()
            .map(|v| v.chars().count())
            .max()
            .unwrap_or(5)
            .clamp(5, 40);
        writeln!(w, "{:<width$}  {:<vwidth$}  how", "parameter", "value")?;
        for ((p, v), label) in b.params.iter().zip(&values).zip(&labels) {
            writeln!(
                w,
                "{:<width$}  {:<vwidth$}  {}",
                label,
                v,
                p.source.describe()
            )?;
        }
    }
    if let Some(t) = &report.ticket {
        writeln!(w)?;
        write!(w, "{t}")?;
    }
    Ok(())
}

/// The longest `--batch` line read: a call at the engine's size limit
/// written as JSON with every character escaped (`\uXXXX\uXXXX` for one
/// astral character) still fits.
pub const MAX_BATCH_LINE_BYTES: usize = 12 * toolcup_brew::MAX_SOURCE_CHARS + 64;

/// One line of `--batch` input, read without holding more than the limit.
enum BatchLine {
    /// The bytes of the line, without its line break.
    Line(Vec<u8>),
    /// The line was longer than [`MAX_BATCH_LINE_BYTES`]; it was skipped.
    TooLong,
}

/// Reads the next line (up to `\n`), keeping at most `max` bytes of it.
fn read_batch_line(input: &mut impl BufRead, max: usize) -> std::io::Result<Option<BatchLine>> {
    let mut line = Vec::new();
    let mut too_long = false;
    let mut any = false;
    loop {
        let buf = input.fill_buf()?;
        if buf.is_empty() {
            break;
        }
        any = true;
        let (chunk, done) = match buf.iter().position(|&b| b == b'\n') {
            Some(i) => (&buf[..i], Some(i + 1)),
            None => (buf, None),
        };
        if !too_long {
            if line.len() + chunk.len() > max {
                too_long = true;
                line = Vec::new();
            } else {
                line.extend_from_slice(chunk);
            }
        }
        let used = done.unwrap_or(buf.len());
        input.consume(used);
        if done.is_some() {
            break;
        }
    }
    if !any {
        return Ok(None);
    }
    if too_long {
        return Ok(Some(BatchLine::TooLong));
    }
    if line.last() == Some(&b'\r') {
        line.pop();
    }
    Ok(Some(BatchLine::Line(line)))
}

/// The answer for a line that holds no call.
fn bad_input(n: usize, what: &str) -> Json {
    json!({"outcome": "error", "error": {"type": "BadInput", "message": format!("line {n}: {what}")}})
}

fn run_batch(signature: &Signature) -> anyhow::Result<ExitCode> {
    let mut stdin = std::io::stdin().lock();
    let mut stdout = std::io::stdout().lock();
    let mut failed = false;
    let mut n = 0;
    while let Some(line) = read_batch_line(&mut stdin, MAX_BATCH_LINE_BYTES)
        .with_context(|| format!("reading stdin line {}", n + 1))?
    {
        n += 1;
        let answer = match line {
            BatchLine::TooLong => bad_input(
                n,
                &format!(
                    "longer than {MAX_BATCH_LINE_BYTES} bytes, more than any call the engine reads"
                ),
            ),
            BatchLine::Line(bytes) => match String::from_utf8(bytes) {
                Err(e) => bad_input(
                    n,
                    &format!(
                        "not UTF-8 (invalid byte at offset {})",
                        e.utf8_error().valid_up_to()
                    ),
                ),
                Ok(line) if line.trim().is_empty() => continue,
                Ok(line) => match serde_json::from_str::<String>(&line) {
                    Ok(call) => {
                        let report = CallReport::new(signature, &call);
                        failed |= report.error.is_some();
                        writeln!(stdout, "{}", report_json(&report, &call))?;
                        continue;
                    }
                    Err(e) => bad_input(n, &format!("not a JSON string: {e}")),
                },
            },
        };
        failed = true;
        writeln!(stdout, "{answer}")?;
    }
    Ok(if failed {
        ExitCode::Rejected
    } else {
        ExitCode::Success
    })
}

fn brew_order(order: Order, time_scale: f64, out: &Output) -> anyhow::Result<()> {
    if !(time_scale.is_finite() && time_scale > 0.0) {
        bail!("--time-scale must be a positive number, got {time_scale}");
    }
    let name = brew_job_name(&order);
    let handle = out.runner().submit(
        crate::recipes::brew::brew_job_spec(&order),
        brew_job(&order, time_scale),
    );
    match out.wait(handle, &name) {
        Outcome::Succeeded(()) => {
            eprintln!("{}.", ready_text(&order));
            Ok(())
        }
        Outcome::Failed(e) => Err(anyhow!("brewing failed: {e}")),
        Outcome::Cancelled => Err(anyhow!("brewing was cancelled")),
        Outcome::Panicked(msg) => Err(anyhow!("brewing crashed: {msg}")),
    }
}
