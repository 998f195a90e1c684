//! `toolcup releases check`: finds the interpreter(s), or the branches a
//! project's requires-python allows, gets each verdict from the recipe and
//! prints them (`releases_output`).

use std::io::Write;
use std::time::Duration;

use toolcup_releases::discovery::{
    Environment, Interpreter, Want, find_active, find_all, find_explicit,
};
use toolcup_releases::{Catalog, Date, Product, RequiresPython, Verdict, data_summary};

use super::Output;
use super::releases::{CheckArgs, fail, load_catalog};
use super::releases_output::{CheckReport, CheckResult, write_single, write_table};
use crate::exit_codes::ExitCode;
use crate::recipes::releases::{
    Context, Subject, check_branch, check_error_code, discovery_code, product_version,
    verdict_code, verdict_line, worst,
};

/// The result for one verdict (or the error instead of one).
fn verdict_result(
    interpreter: Option<Interpreter>,
    shown: String,
    verdict: toolcup_releases::Result<Verdict>,
    subject: Subject,
    warn_days: Option<u32>,
) -> CheckResult {
    match verdict {
        Ok(verdict) => CheckResult {
            exit_code: verdict_code(&verdict, warn_days),
            summary: Some(verdict_line(&shown, &verdict, subject)),
            interpreter,
            verdict: Some(verdict),
            error: None,
        },
        Err(e) => CheckResult {
            exit_code: check_error_code(&e),
            interpreter,
            verdict: None,
            summary: None,
            error: Some(e.to_string()),
        },
    }
}

/// The result for an interpreter's Python or its Django.
fn interpreter_result(
    catalog: &Catalog,
    interpreter: Interpreter,
    today: Date,
    warn_days: Option<u32>,
) -> CheckResult {
    match product_version(&interpreter, catalog.product) {
        Ok(version) => verdict_result(
            Some(interpreter),
            version.to_string(),
            catalog.check(version, today),
            Subject::Exact,
            warn_days,
        ),
        Err(error) => CheckResult {
            interpreter: Some(interpreter),
            verdict: None,
            summary: None,
            error: Some(error),
            exit_code: ExitCode::Usage,
        },
    }
}

/// The results of `check`, or the code to exit with at once (its one line printed).
fn check_results(
    args: &CheckArgs,
    catalog: &Catalog,
    today: Date,
    requires: Option<&RequiresPython>,
) -> Result<Vec<CheckResult>, ExitCode> {
    let mut env = Environment::from_process();
    env.timeout = Duration::from_millis(args.timeout_ms);
    let want = Want {
        django: catalog.product == Product::Django,
    };
    let stop = |code: ExitCode, err: &dyn std::fmt::Display| {
        eprintln!("toolcup: {err}");
        code
    };
    if let (Some(spec), Some(pyproject)) = (requires, &args.requires_python) {
        let allowed = spec.allowed_branches(catalog);
        if allowed.is_empty() {
            let why = format!(
                "{}: requires-python {spec} allows no known Python branch",
                pyproject.display()
            );
            return Err(stop(ExitCode::UnknownVersion, &why));
        }
        return Ok(allowed
            .into_iter()
            .map(|b| {
                let verdict = check_branch(catalog, b, today);
                verdict_result(
                    None,
                    b.to_string(),
                    verdict,
                    Subject::Branch,
                    args.warn_days,
                )
            })
            .collect());
    }
    if args.all {
        let mut found = find_all(&env, want);
        // Oldest Python first, failures last.
        found.sort_by_key(|r| {
            r.as_ref()
                .map(|i| i.version)
                .ok()
                .map_or((1, None), |v| (0, Some(v)))
        });
        if found.is_empty() {
            let why = "no Python interpreter found on PATH, in pyenv or in uv";
            return Err(stop(ExitCode::Usage, &why));
        }
        return Ok(found
            .into_iter()
            .map(|r| match r {
                Ok(interpreter) => interpreter_result(catalog, interpreter, today, args.warn_days),
                Err(e) => CheckResult {
                    interpreter: None,
                    verdict: None,
                    summary: None,
                    error: Some(e.to_string()),
                    exit_code: ExitCode::Usage,
                },
            })
            .collect());
    }
    let found = match &args.python {
        Some(path) => find_explicit(path, &env, want).map(Some),
        None => find_active(&env, want),
    };
    match found {
        Ok(Some(interpreter)) => Ok(vec![interpreter_result(
            catalog,
            interpreter,
            today,
            args.warn_days,
        )]),
        Ok(None) => Err(stop(
            ExitCode::Usage,
            &"no Python interpreter found: neither `python` nor `python3` is on PATH (use --python PATH)",
        )),
        Err(e) => Err(stop(discovery_code(&e), &e)),
    }
}

pub(super) fn check(args: CheckArgs, out: &Output, context: &Context) -> anyhow::Result<ExitCode> {
    let today = context.today;
    let product: Product = args.product.into();
    let (data, catalog) = match load_catalog(context, product) {
        Ok(loaded) => loaded,
        Err(code) => return Ok(code),
    };
    let requires = match &args.requires_python {
        Some(pyproject) => match RequiresPython::from_pyproject(pyproject) {
            Ok(spec) => Some(spec),
            Err(e) => return fail(ExitCode::Error, e),
        },
        None => None,
    };
    let results = match check_results(&args, &catalog, today, requires.as_ref()) {
        Ok(results) => results,
        Err(code) => return Ok(code),
    };
    let requires_text = requires.map(|s| s.to_string());
    for warning in results
        .iter()
        .filter_map(|r| r.interpreter.as_ref())
        .flat_map(|i| &i.warnings)
    {
        eprintln!("toolcup: warning: {warning}");
    }
    let code = worst(results.iter().map(|r| r.exit_code));
    // A single error (Django missing, unknown version) also gets its one line on stderr.
    let single_error = match results.as_slice() {
        [only] => only.error.clone(),
        _ => None,
    };
    let mut stdout = std::io::stdout().lock();
    if args.json {
        let report = CheckReport {
            product,
            today,
            data_date: data.date,
            data_origin: &data.origin,
            requires_python: requires_text,
            results,
            exit_code: code,
        };
        serde_json::to_writer_pretty(&mut stdout, &report)?;
        writeln!(stdout)?;
    } else {
        if let Some(spec) = &requires_text {
            writeln!(stdout, "requires-python {spec} allows:")?;
        }
        if results.len() == 1 && requires_text.is_none() {
            write_single(&mut stdout, &results[0], out.color())?;
        } else {
            write_table(&mut stdout, &results, out.color(), requires_text.is_some())?;
        }
        writeln!(stdout, "{}", data_summary(&data.origin, data.date, today))?;
    }
    if let Some(err) = single_error {
        eprintln!("toolcup: {err}");
    }
    Ok(code)
}
