//! `toolcup releases scan [DIR]`: every place a repository pins or tests a
//! Python or Django version, with its status, end of life and the upgrade to
//! make; a table, JSON, Markdown or SARIF; `--fail-on` for CI.

use std::io::Write;
use std::path::PathBuf;

use clap::Args;
use toolcup_jobs::Outcome;
use toolcup_releases::scan::{
    self, FailOn, Finding, ScanOptions, escape_path, render_markdown, render_sarif, render_table,
};
use toolcup_releases::{Date, Product, Status, data_summary};

use super::Output;
use crate::exit_codes::ExitCode;
use crate::recipes::releases_scan::submit_scan;

const SCAN_AFTER_HELP: &str = "\
Files read (by name; .gitignore is honoured, symbolic links are not followed):
  .python-version, pyproject.toml (requires-python, classifiers, Poetry's python,
  Django dependencies, tool.tox), setup.cfg, setup.py, tox.ini, tox.toml,
  noxfile.py, .github/workflows/*.yml (setup-python, matrices, container images),
  Dockerfile and Containerfile (FROM python:…, ARG PYTHON_VERSION=…),
  .tool-versions, mise.toml, runtime.txt, Pipfile, environment*.yml (conda),
  requirements*.txt, uv.lock and poetry.lock (Django).

Exit codes:
   0  no pin meets a --fail-on condition (or no --fail-on given)
   1  a pin meets a condition and is end of life, or is security-only under
      --fail-on security
   5  the only pins meeting a condition are supported branches whose end of
      life is within DAYS (--fail-on within:DAYS)
   2  usage error
  10  DIR could not be read, or the output could not be written
Pins whose version the release data does not know never fail the scan (SARIF
lists them as notes). Files that cannot be read are warned about on stderr.

Environment:
  NO_COLOR            never colour the output
  TOOLCUP_TODAY       YYYY-MM-DD used as today (default: the local date)
  TOOLCUP_CACHE_DIR   folder of the refreshed data instead of the platform cache folder";

/// Arguments of `releases scan`.
#[derive(Debug, Args)]
#[command(after_help = SCAN_AFTER_HELP)]
pub struct ScanArgs {
    /// The folder to scan (default: the current folder).
    #[arg(value_name = "DIR", default_value = ".")]
    pub dir: PathBuf,
    /// Print JSON: every pin with its file, line, status, end of life and upgrade.
    #[arg(long, conflicts_with_all = ["markdown", "sarif"])]
    pub json: bool,
    /// Print a Markdown table (for a pull request comment or a job summary).
    #[arg(long, conflicts_with = "sarif")]
    pub markdown: bool,
    /// Print SARIF 2.1.0 for code scanning: pins past their end of life are
    /// errors, security-only and ending ones warnings.
    #[arg(long)]
    pub sarif: bool,
    /// Fail when a pin is end of life (eol), security-only or worse
    /// (security), or ends within DAYS days or has ended (within:DAYS).
    /// May be given more than once.
    #[arg(long, value_name = "eol|security|within:DAYS", value_parser = parse_fail_on)]
    pub fail_on: Vec<FailOn>,
    /// Read ignored files too (.gitignore, .ignore, .git/info/exclude).
    #[arg(long)]
    pub no_ignore: bool,
    /// Do not enter folders deeper than this below DIR.
    #[arg(long, value_name = "N", default_value_t = 64, value_parser = clap::value_parser!(u16).range(1..=4096))]
    pub max_depth: u16,
}

fn parse_fail_on(text: &str) -> Result<FailOn, String> {
    text.parse()
}

/// The exit code `--fail-on` asks for: 1 for an end-of-life (or, with
/// `security`, a security-only) pin, 5 for a supported pin ending within the
/// days given.
fn exit_code(findings: &[Finding], fail_on: &[FailOn]) -> ExitCode {
    let mut code = ExitCode::Success;
    for finding in findings {
        for condition in fail_on.iter().filter(|c| c.matches(finding)) {
            let this = match (finding.assessment.status, condition) {
                (Some(Status::EndOfLife), _) | (_, FailOn::Security) => ExitCode::Rejected,
                _ => ExitCode::EndsSoon,
            };
            if this == ExitCode::Rejected {
                return this;
            }
            code = this;
        }
    }
    code
}

/// The days `ends-soon` covers in SARIF: the smallest `within:DAYS` asked
/// for, else 180.
fn soon_days(fail_on: &[FailOn]) -> u32 {
    fail_on
        .iter()
        .filter_map(|c| match c {
            FailOn::Within(days) => Some(*days),
            _ => None,
        })
        .min()
        .unwrap_or(180)
}

/// The JSON document `scan --json` prints.
#[derive(serde::Serialize)]
struct ScanReport<'a> {
    root: String,
    today: Date,
    data_date: Date,
    data_origin: &'a toolcup_releases::DataOrigin,
    fail_on: Vec<String>,
    entries_seen: u64,
    files_read: u64,
    findings: &'a [Finding],
    skipped: &'a [scan::Skipped],
    exit_code: ExitCode,
}

/// Run `toolcup releases scan`.
pub fn run(args: ScanArgs, out: &Output, today: Date) -> anyhow::Result<ExitCode> {
    let data = super::releases::load_data(today);
    let python = match data.catalog(Product::Python) {
        Ok(c) => c,
        Err(e) => {
            eprintln!("toolcup: {e}");
            return Ok(ExitCode::MissingData);
        }
    };
    let django = data.catalog(Product::Django).ok();
    let options = ScanOptions {
        respect_ignore: !args.no_ignore,
        max_depth: usize::from(args.max_depth),
        ..ScanOptions::default()
    };
    let handle = submit_scan(out.runner(), args.dir.clone(), options);
    let found = match out.wait(handle, "scan") {
        Outcome::Succeeded(found) => found,
        Outcome::Failed(e) => anyhow::bail!("{e}"),
        Outcome::Cancelled => anyhow::bail!("scan cancelled"),
        Outcome::Panicked(msg) => anyhow::bail!("scan failed: {msg}"),
    };
    for skipped in &found.skipped {
        eprintln!(
            "toolcup: warning: skipped {}: {}",
            escape_path(&args.dir.join(&skipped.path)),
            skipped.reason
        );
    }
    let findings = scan::assess(&found.pins, &python, django.as_ref(), today);
    let code = exit_code(&findings, &args.fail_on);
    let mut stdout = std::io::stdout().lock();
    if args.json {
        let report = ScanReport {
            root: escape_path(&args.dir),
            today,
            data_date: data.date,
            data_origin: &data.origin,
            fail_on: args.fail_on.iter().map(ToString::to_string).collect(),
            entries_seen: found.entries_seen,
            files_read: found.files_read,
            findings: &findings,
            skipped: &found.skipped,
            exit_code: code,
        };
        serde_json::to_writer_pretty(&mut stdout, &report)?;
        writeln!(stdout)?;
    } else if args.sarif {
        write!(
            stdout,
            "{}",
            render_sarif(&findings, soon_days(&args.fail_on))
        )?;
    } else if args.markdown {
        write!(stdout, "{}", render_markdown(&findings))?;
        eprintln!("{}", scan::summary(&findings, found.files_read));
    } else {
        write!(stdout, "{}", render_table(&findings, out.color()))?;
        writeln!(stdout, "{}", scan::summary(&findings, found.files_read))?;
        writeln!(stdout, "{}", data_summary(&data.origin, data.date, today))?;
    }
    stdout.flush()?;
    Ok(code)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::PathBuf;
    use toolcup_releases::scan::{Assessment, Pin, PinSite, Source};

    fn finding(status: Option<Status>, days: Option<i64>) -> Finding {
        Finding {
            site: PinSite {
                path: PathBuf::from("x"),
                line: 1,
                column: 1,
                source: Source::PythonVersionFile,
                product: Product::Python,
                text: "3.9".to_owned(),
                pin: Pin::Major(3),
                note: None,
            },
            assessment: Assessment {
                status,
                days_to_end_of_life: days,
                ..Assessment::default()
            },
        }
    }

    #[test]
    fn fail_on_picks_the_documented_code() {
        let eol = finding(Some(Status::EndOfLife), Some(-3));
        let security = finding(Some(Status::Security), Some(300));
        let soon = finding(Some(Status::Bugfix), Some(20));
        let unknown = finding(None, None);
        let all = [eol.clone(), security.clone(), soon.clone(), unknown.clone()];
        assert_eq!(exit_code(&all, &[]), ExitCode::Success);
        assert_eq!(exit_code(&all, &[FailOn::EndOfLife]), ExitCode::Rejected);
        assert_eq!(
            exit_code(&[security.clone(), soon.clone()], &[FailOn::EndOfLife]),
            ExitCode::Success
        );
        assert_eq!(
            exit_code(std::slice::from_ref(&security), &[FailOn::Security]),
            ExitCode::Rejected
        );
        assert_eq!(
            exit_code(&[soon.clone(), security.clone()], &[FailOn::Within(30)]),
            ExitCode::EndsSoon
        );
        assert_eq!(
            exit_code(std::slice::from_ref(&soon), &[FailOn::Within(19)]),
            ExitCode::Success
        );
        assert_eq!(exit_code(&[eol], &[FailOn::Within(0)]), ExitCode::Rejected);
        assert_eq!(
            exit_code(
                &[unknown],
                &[FailOn::EndOfLife, FailOn::Security, FailOn::Within(99_999)]
            ),
            ExitCode::Success
        );
        assert_eq!(
            soon_days(&[FailOn::EndOfLife, FailOn::Within(30), FailOn::Within(90)]),
            30
        );
        assert_eq!(soon_days(&[]), 180);
    }
}
