//! `toolcup releases check | list | refresh`: is this Python (or Django) still
//! supported, offline, in milliseconds.
//!
//! Exit codes (documented in each subcommand's help and the README): 0
//! supported, 1 end of life, 2 no interpreter (or Django) found and usage
//! errors, 3 version not in the release data, 4 release data missing what the
//! check needs, 5 end of life within `--warn-days`, 10 could not finish (an
//! input could not be read, the refresh failed).

use crate::exit_codes::ExitCode;
use std::io::Write;
use std::path::PathBuf;
use std::time::Duration;

use anyhow::{Context, anyhow};
use clap::{Args, Subcommand, ValueEnum};
use toolcup_jobs::{JobSpec, Outcome};
use toolcup_releases::discovery::{
    Environment, FoundBy, Interpreter, Want, find_active, find_all, find_explicit,
};
use toolcup_releases::{
    ANSI_RESET, Cache, Catalog, DataSet, Date, Error as ReleasesError, Product, RequiresPython,
    Sources, Status, Verdict, data_summary, list_rows, load_newest, render_csv, render_markdown,
    render_text, status_ansi,
};

use super::Output;

const ENVIRONMENT_HELP: &str = "\
Environment:
  NO_COLOR            never colour the output
  TOOLCUP_TODAY       YYYY-MM-DD used as today (for tests and reproducible output)
  TOOLCUP_CACHE_DIR   folder of the refreshed data instead of the platform cache folder
  TOOLCUP_PEPS_API    base address of the PEPs site API (tests, mirrors)
  TOOLCUP_EOL_API     base address of endoflife.date's API (tests, mirrors)";

/// Python and Django release cycles: is this interpreter still supported, until
/// when, and is it on the latest patch? Works offline from an embedded snapshot.
#[derive(Debug, Args)]
#[command(after_help = ENVIRONMENT_HELP)]
pub struct ReleasesArgs {
    /// What to do.
    #[command(subcommand)]
    pub command: ReleasesCommand,
}

/// The `releases` subcommands.
#[derive(Debug, Subcommand)]
pub enum ReleasesCommand {
    /// Check the active Python (or Django): status, first release, end of life, latest patch.
    #[command(after_help = CHECK_AFTER_HELP)]
    Check(CheckArgs),
    /// List every release branch, oldest first, the active one marked with `*`.
    #[command(after_help = LIST_AFTER_HELP)]
    List(ListArgs),
    /// Download the current release data (PEPs site, endoflife.date) into the cache.
    #[command(after_help = REFRESH_AFTER_HELP)]
    Refresh(RefreshArgs),
    /// Find every Python and Django version a repository pins or tests, with its status.
    Scan(super::releases_scan::ScanArgs),
}

const LIST_AFTER_HELP: &str = "\
Exit codes:
  0   listed
  2   a usage error (or a bad TOOLCUP_TODAY)
  4   the release data is unusable for the product
  10  could not finish (writing the output failed)

Environment:
  NO_COLOR            never colour the output
  TOOLCUP_TODAY       YYYY-MM-DD used as today (for tests and reproducible output)
  TOOLCUP_CACHE_DIR   folder of the refreshed data instead of the platform cache folder";

const REFRESH_AFTER_HELP: &str = "\
Exit codes:
  0   the data was downloaded, checked and stored
  2   a usage error (or a bad TOOLCUP_TODAY)
  10  the refresh failed (network, timeout, invalid data, cache not writable);
      the data already there is kept

Environment:
  TOOLCUP_TODAY       YYYY-MM-DD used as today (the date given to the data)
  TOOLCUP_CACHE_DIR   folder of the refreshed data instead of the platform cache folder
  TOOLCUP_PEPS_API    base address of the PEPs site API (tests, mirrors)
  TOOLCUP_EOL_API     base address of endoflife.date's API (tests, mirrors)";

const CHECK_AFTER_HELP: &str = "\
The interpreter: --python PATH, else the active virtual environment (VIRTUAL_ENV),
else the project's .python-version, else `python` then `python3` on PATH (pyenv
shims resolved without running them).

Exit codes:
  0   supported
  1   end of life
  2   no interpreter (or Django) found, or a usage error
  3   version not in the release data (try `toolcup releases refresh`)
  4   release data has no end-of-life date for the version
  5   end of life within --warn-days days
  10  could not finish: an input (.python-version, pyproject.toml) could not be
      read or decoded, or writing the output failed
With several results (--all, --requires-python) the most serious code wins, in
the order 10, 1, 2, 3, 4, 5, 0.

Environment:
  NO_COLOR            never colour the output
  TOOLCUP_TODAY       YYYY-MM-DD used as today (for tests and reproducible output)
  TOOLCUP_CACHE_DIR   folder of the refreshed data instead of the platform cache folder";

/// The product to check or list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum, Default)]
pub enum ProductArg {
    /// CPython.
    #[default]
    Python,
    /// Django, found through the interpreter.
    Django,
}

impl From<ProductArg> for Product {
    fn from(p: ProductArg) -> Product {
        match p {
            ProductArg::Python => Product::Python,
            ProductArg::Django => Product::Django,
        }
    }
}

/// Arguments of `releases check`.
#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Check Python or the Django installed for the interpreter.
    #[arg(long, value_enum, default_value_t = ProductArg::Python)]
    pub product: ProductArg,
    /// The interpreter to check (a file, or a virtual environment folder).
    #[arg(long, value_name = "PATH", conflicts_with = "all")]
    pub python: Option<PathBuf>,
    /// Check every interpreter on PATH and in pyenv and uv, in one table.
    #[arg(long)]
    pub all: bool,
    /// Report which Python versions a project's requires-python allows are end of life
    /// (reads PYPROJECT, default ./pyproject.toml).
    #[arg(long, value_name = "PYPROJECT", num_args = 0..=1, default_missing_value = "pyproject.toml",
          conflicts_with_all = ["python", "all", "product"])]
    pub requires_python: Option<PathBuf>,
    /// Exit 5 when the end of life is at most N days away (0 to 36500).
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(0..=36_500))]
    pub warn_days: Option<u32>,
    /// How long an interpreter may take to answer, in milliseconds (1 to 600000).
    #[arg(long, value_name = "MS", default_value_t = 5000,
          value_parser = clap::value_parser!(u64).range(1..=600_000))]
    pub timeout_ms: u64,
    /// Print JSON instead of text.
    #[arg(long)]
    pub json: bool,
}

/// Output format of `releases list`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ListFormat {
    /// Aligned text for a terminal.
    Text,
    /// JSON rows.
    Json,
    /// A Markdown table.
    Markdown,
    /// CSV with a header line.
    Csv,
}

/// Arguments of `releases list`.
#[derive(Debug, Args)]
pub struct ListArgs {
    /// List Python or Django.
    #[arg(long, value_enum, default_value_t = ProductArg::Python)]
    pub product: ProductArg,
    /// Print JSON.
    #[arg(long, conflicts_with_all = ["markdown", "csv"])]
    pub json: bool,
    /// Print a Markdown table.
    #[arg(long, conflicts_with = "csv")]
    pub markdown: bool,
    /// Print CSV.
    #[arg(long)]
    pub csv: bool,
    /// Do not look for the active interpreter to mark its row (no interpreter is started).
    #[arg(long)]
    pub no_active: bool,
}

/// Arguments of `releases refresh`.
#[derive(Debug, Args)]
pub struct RefreshArgs {
    /// Give up on a download after this many seconds (1 to 3600).
    #[arg(long, value_name = "SECONDS", default_value_t = 20,
          value_parser = clap::value_parser!(u64).range(1..=3600))]
    pub timeout: u64,
}

/// Run `toolcup releases …`.
pub fn run(args: ReleasesArgs, out: &Output) -> anyhow::Result<ExitCode> {
    let today = match today() {
        Ok(d) => d,
        Err(e) => return usage_error(e),
    };
    match args.command {
        ReleasesCommand::Check(a) => check(a, out, today),
        ReleasesCommand::List(a) => list(a, out, today),
        ReleasesCommand::Refresh(a) => refresh(a, out, today),
        ReleasesCommand::Scan(a) => super::releases_scan::run(a, out, today),
    }
}

/// Prints a one-line error and returns the given code.
fn fail(code: ExitCode, err: impl std::fmt::Display) -> anyhow::Result<ExitCode> {
    eprintln!("toolcup: {err:#}");
    Ok(code)
}

fn usage_error(err: anyhow::Error) -> anyhow::Result<ExitCode> {
    fail(ExitCode::Usage, format!("{err:#}"))
}

/// Today, or `TOOLCUP_TODAY` for tests.
fn today() -> anyhow::Result<Date> {
    match std::env::var("TOOLCUP_TODAY") {
        Ok(text) if !text.is_empty() => Date::parse(&text).context("TOOLCUP_TODAY"),
        _ => Ok(Date::today_utc()),
    }
}

/// The cache: `TOOLCUP_CACHE_DIR` or the platform folder.
fn cache() -> Option<Cache> {
    match std::env::var_os("TOOLCUP_CACHE_DIR").filter(|v| !v.is_empty()) {
        Some(dir) => Some(Cache::at(dir)),
        None => Cache::platform().ok(),
    }
}

/// The newer of cache and snapshot, warnings printed on stderr.
pub(super) fn load_data(today: Date) -> DataSet {
    let loaded = load_newest(cache().as_ref(), today);
    for warning in &loaded.warnings {
        eprintln!("toolcup: warning: {warning}");
    }
    loaded.data
}

fn found_by_text(found: &FoundBy) -> String {
    match found {
        FoundBy::Explicit => "--python".to_owned(),
        FoundBy::VirtualEnv => "active virtual environment".to_owned(),
        FoundBy::PythonVersionFile(path) => format!("project's {}", path.display()),
        FoundBy::Path(name) => format!("{name} on PATH"),
        FoundBy::PyenvShim(origin) => format!("pyenv shim, version from {origin}"),
        FoundBy::Pyenv => "pyenv".to_owned(),
        FoundBy::Uv => "uv".to_owned(),
        _ => "found".to_owned(),
    }
}

fn days_text(days: i64) -> String {
    match days {
        0 => "today".to_owned(),
        1 => "in 1 day".to_owned(),
        -1 => "1 day ago".to_owned(),
        d if d > 0 => format!("in {d} days"),
        d => format!("{} days ago", -d),
    }
}

fn paint(color: bool, status: Status) -> String {
    if color {
        format!("{}{status}{ANSI_RESET}", status_ansi(status))
    } else {
        status.to_string()
    }
}

/// The exit code of a failed search for the interpreter: none usable was
/// found (2, pirel's meaning), or an input file could not be read (10).
fn discovery_code(err: &ReleasesError) -> ExitCode {
    match err {
        ReleasesError::Interpreter { .. } => ExitCode::Usage,
        _ => ExitCode::Error,
    }
}

/// The exit code one verdict asks for.
fn verdict_code(verdict: &Verdict, warn_days: Option<u32>) -> ExitCode {
    if verdict.status == Status::EndOfLife {
        ExitCode::Rejected
    } else if verdict.end_of_life.is_none() {
        ExitCode::MissingData
    } else if warn_days.is_some_and(|n| verdict.ends_within(n)) {
        ExitCode::EndsSoon
    } else {
        ExitCode::Success
    }
}

/// The most serious of several codes: 10, 1, 2, 3, 4, 5, then 0.
fn worst(codes: impl IntoIterator<Item = ExitCode>) -> ExitCode {
    let rank = |c: ExitCode| match c {
        ExitCode::Error => 0,
        ExitCode::Rejected => 1,
        ExitCode::Usage => 2,
        ExitCode::UnknownVersion => 3,
        ExitCode::MissingData => 4,
        ExitCode::EndsSoon => 5,
        ExitCode::Success => 6,
    };
    codes
        .into_iter()
        .min_by_key(|c| rank(*c))
        .unwrap_or(ExitCode::Success)
}

/// One line of `check`'s result: an interpreter (or a requires-python branch) and its verdict.
#[derive(serde::Serialize)]
struct CheckResult {
    #[serde(skip_serializing_if = "Option::is_none")]
    interpreter: Option<Interpreter>,
    #[serde(skip_serializing_if = "Option::is_none")]
    verdict: Option<Verdict>,
    #[serde(skip_serializing_if = "Option::is_none")]
    error: Option<String>,
    exit_code: ExitCode,
}

/// The JSON document `check --json` prints.
#[derive(serde::Serialize)]
struct CheckReport<'a> {
    product: Product,
    today: Date,
    data_date: Date,
    data_origin: &'a toolcup_releases::DataOrigin,
    #[serde(skip_serializing_if = "Option::is_none")]
    requires_python: Option<String>,
    results: Vec<CheckResult>,
    exit_code: ExitCode,
}

fn verdict_result(
    catalog: &Catalog,
    interpreter: Option<Interpreter>,
    version: toolcup_releases::Version,
    today: Date,
    warn_days: Option<u32>,
) -> CheckResult {
    match catalog.check(version, today) {
        Ok(verdict) => CheckResult {
            exit_code: verdict_code(&verdict, warn_days),
            interpreter,
            verdict: Some(verdict),
            error: None,
        },
        Err(e @ ReleasesError::UnknownVersion { .. }) => CheckResult {
            interpreter,
            verdict: None,
            error: Some(e.to_string()),
            exit_code: ExitCode::UnknownVersion,
        },
        Err(e) => CheckResult {
            interpreter,
            verdict: None,
            error: Some(e.to_string()),
            exit_code: ExitCode::MissingData,
        },
    }
}

fn check(args: CheckArgs, out: &Output, today: Date) -> anyhow::Result<ExitCode> {
    let data = load_data(today);
    let product: Product = args.product.into();
    let catalog = match data.catalog(product) {
        Ok(c) => c,
        Err(e) => return fail(ExitCode::MissingData, e),
    };
    let mut env = Environment::from_process();
    env.timeout = Duration::from_millis(args.timeout_ms);
    let want = Want {
        django: product == Product::Django,
    };
    let mut requires_text = None;
    let results: Vec<CheckResult> = if let Some(pyproject) = &args.requires_python {
        let spec = match RequiresPython::from_pyproject(pyproject) {
            Ok(s) => s,
            Err(e) => return fail(ExitCode::Error, e),
        };
        requires_text = Some(spec.to_string());
        let allowed = spec.allowed_branches(&catalog);
        if allowed.is_empty() {
            return fail(
                ExitCode::UnknownVersion,
                format!(
                    "{}: requires-python {spec} allows no known Python branch",
                    pyproject.display()
                ),
            );
        }
        allowed
            .into_iter()
            .map(|b| {
                verdict_result(
                    &catalog,
                    None,
                    toolcup_releases::Version::new(b.major, b.minor, 0),
                    today,
                    args.warn_days,
                )
            })
            .map(|mut r| {
                // For a branch, "releases behind" from x.y.0 says nothing useful.
                if let Some(v) = r.verdict.as_mut() {
                    v.releases_behind = 0;
                }
                r
            })
            .collect()
    } else if args.all {
        let mut found = find_all(&env, want);
        // Oldest Python first, failures last.
        found.sort_by_key(|r| {
            r.as_ref()
                .map(|i| i.version)
                .ok()
                .map_or((1, None), |v| (0, Some(v)))
        });
        if found.is_empty() {
            return fail(
                ExitCode::Usage,
                "no Python interpreter found on PATH, in pyenv or in uv",
            );
        }
        found
            .into_iter()
            .map(|r| match r {
                Ok(interpreter) => product_result(&catalog, interpreter, today, args.warn_days),
                Err(e) => CheckResult {
                    interpreter: None,
                    verdict: None,
                    error: Some(e.to_string()),
                    exit_code: ExitCode::Usage,
                },
            })
            .collect()
    } else {
        let found = match &args.python {
            Some(path) => find_explicit(path, &env, want).map(Some),
            None => find_active(&env, want),
        };
        match found {
            Ok(Some(interpreter)) => {
                vec![product_result(&catalog, interpreter, today, args.warn_days)]
            }
            Ok(None) => {
                return fail(
                    ExitCode::Usage,
                    "no Python interpreter found: neither `python` nor `python3` is on PATH (use --python PATH)",
                );
            }
            Err(e) => return fail(discovery_code(&e), e),
        }
    };
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

/// The verdict for the interpreter's Python or its Django.
fn product_result(
    catalog: &Catalog,
    interpreter: Interpreter,
    today: Date,
    warn_days: Option<u32>,
) -> CheckResult {
    let version = match catalog.product {
        Product::Python => interpreter.version,
        _ => match interpreter.django {
            Some(Some(v)) => v,
            _ => {
                let error = format!(
                    "Django is not installed for {} (Python {})",
                    interpreter.path.display(),
                    interpreter.version
                );
                return CheckResult {
                    interpreter: Some(interpreter),
                    verdict: None,
                    error: Some(error),
                    exit_code: ExitCode::Usage,
                };
            }
        },
    };
    verdict_result(catalog, Some(interpreter), version, today, warn_days)
}

fn write_single(w: &mut impl Write, result: &CheckResult, color: bool) -> anyhow::Result<()> {
    if let Some(i) = &result.interpreter {
        writeln!(
            w,
            "Python {} at {} ({})",
            i.version,
            i.path.display(),
            found_by_text(&i.found_by)
        )?;
    }
    let Some(v) = &result.verdict else {
        if let Some(err) = &result.error {
            writeln!(w, "  {err}")?;
        }
        return Ok(());
    };
    if v.product != Product::Python {
        writeln!(
            w,
            "{} {}{}",
            v.product,
            v.version,
            if v.lts { " (LTS branch)" } else { "" }
        )?;
    }
    writeln!(w, "  status         {}", paint(color, v.status))?;
    writeln!(
        w,
        "  first release  {}",
        v.first_release
            .map_or("unknown".to_owned(), |d| d.to_string())
    )?;
    if let Some(d) = v.end_of_bugfix
        && v.status <= Status::Bugfix
    {
        writeln!(w, "  bug fixes end  {d}")?;
    }
    match (v.end_of_life, v.days_to_end_of_life) {
        (Some(eol), Some(days)) => writeln!(w, "  end of life    {eol} ({})", days_text(days))?,
        _ => writeln!(w, "  end of life    unknown")?,
    }
    match v.latest_patch {
        Some(latest) if v.releases_behind == 0 => {
            writeln!(w, "  latest patch   {latest} (up to date)")?
        }
        Some(latest) => writeln!(
            w,
            "  latest patch   {latest}{}: {} release{} behind",
            v.latest_patch_date
                .map_or(String::new(), |d| format!(" ({d})")),
            v.releases_behind,
            if v.releases_behind == 1 { "" } else { "s" }
        )?,
        None => writeln!(w, "  latest patch   none released yet")?,
    }
    Ok(())
}

/// The table of several results; `branches` shows X.Y (a requires-python report)
/// instead of the full version, and no interpreter column.
fn write_table(
    w: &mut impl Write,
    results: &[CheckResult],
    color: bool,
    branches: bool,
) -> anyhow::Result<()> {
    let rows: Vec<[String; 5]> = results
        .iter()
        .map(|r| {
            let where_ = r.interpreter.as_ref().map_or(String::new(), |i| {
                format!("{} ({})", i.path.display(), found_by_text(&i.found_by))
            });
            match &r.verdict {
                Some(v) => [
                    if branches {
                        v.branch.to_string()
                    } else {
                        v.version.to_string()
                    },
                    v.status.to_string(),
                    match (v.end_of_life, v.days_to_end_of_life) {
                        (Some(eol), Some(days)) => format!("{eol} ({})", days_text(days)),
                        _ => "unknown".to_owned(),
                    },
                    v.latest_patch.map_or("-".to_owned(), |l| {
                        if v.releases_behind > 0 {
                            format!("{l} (-{})", v.releases_behind)
                        } else {
                            l.to_string()
                        }
                    }),
                    where_,
                ],
                None => [
                    r.interpreter
                        .as_ref()
                        .map_or("?".to_owned(), |i| i.version.to_string()),
                    "error".to_owned(),
                    r.error.clone().unwrap_or_default(),
                    String::new(),
                    where_,
                ],
            }
        })
        .collect();
    let header = [
        "VERSION",
        "STATUS",
        "END OF LIFE",
        "LATEST",
        if branches { "" } else { "INTERPRETER" },
    ];
    let widths: Vec<usize> = (0..5)
        .map(|i| {
            rows.iter()
                .map(|r| r[i].len())
                .chain([header[i].len()])
                .max()
                .unwrap_or(0)
        })
        .collect();
    let line =
        |w: &mut dyn Write, cells: [&str; 5], status: Option<Status>| -> std::io::Result<()> {
            let mut text = String::new();
            for (i, cell) in cells.iter().enumerate() {
                let shown = match (i, status) {
                    (1, Some(s)) => paint(color, s),
                    _ => (*cell).to_owned(),
                };
                text.push_str(&shown);
                if i < 4 {
                    text.push_str(&" ".repeat(widths[i] - cell.len() + 2));
                }
            }
            writeln!(w, "{}", text.trim_end())
        };
    line(w, header, None)?;
    for (r, cells) in results.iter().zip(&rows) {
        line(
            w,
            [&cells[0], &cells[1], &cells[2], &cells[3], &cells[4]],
            r.verdict.as_ref().map(|v| v.status),
        )?;
    }
    Ok(())
}

fn list(args: ListArgs, out: &Output, today: Date) -> anyhow::Result<ExitCode> {
    let data = load_data(today);
    let product: Product = args.product.into();
    let catalog = match data.catalog(product) {
        Ok(c) => c,
        Err(e) => return fail(ExitCode::MissingData, e),
    };
    let active = if args.no_active {
        None
    } else {
        let env = Environment::from_process();
        let want = Want {
            django: product == Product::Django,
        };
        match find_active(&env, want) {
            Ok(Some(i)) => {
                for warning in &i.warnings {
                    eprintln!("toolcup: warning: {warning}");
                }
                match product {
                    Product::Python => Some(i.version.branch()),
                    _ => i.django.flatten().map(|v| v.branch()),
                }
            }
            Ok(None) => None,
            Err(e) => {
                eprintln!("toolcup: warning: no active interpreter to mark: {e}");
                None
            }
        }
    };
    let rows = list_rows(&catalog, today, active);
    let mut stdout = std::io::stdout().lock();
    if args.json {
        #[derive(serde::Serialize)]
        struct ListReport<'a> {
            product: Product,
            today: Date,
            data_date: Date,
            data_origin: &'a toolcup_releases::DataOrigin,
            releases: &'a [toolcup_releases::ListRow],
        }
        let report = ListReport {
            product,
            today,
            data_date: data.date,
            data_origin: &data.origin,
            releases: &rows,
        };
        serde_json::to_writer_pretty(&mut stdout, &report)?;
        writeln!(stdout)?;
    } else if args.markdown {
        write!(stdout, "{}", render_markdown(&rows))?;
        eprintln!("{}", data_summary(&data.origin, data.date, today));
    } else if args.csv {
        write!(stdout, "{}", render_csv(&rows))?;
        eprintln!("{}", data_summary(&data.origin, data.date, today));
    } else {
        let width = std::env::var("COLUMNS")
            .ok()
            .and_then(|c| c.parse().ok())
            .unwrap_or(80);
        write!(stdout, "{}", render_text(&rows, out.color(), width))?;
        writeln!(stdout, "{}", data_summary(&data.origin, data.date, today))?;
    }
    Ok(ExitCode::Success)
}

fn env_or(name: &str, default: String) -> String {
    std::env::var(name)
        .ok()
        .filter(|v| !v.is_empty())
        .unwrap_or(default)
}

fn refresh(args: RefreshArgs, out: &Output, today: Date) -> anyhow::Result<ExitCode> {
    let defaults = Sources::default();
    let sources = Sources {
        peps_base: env_or("TOOLCUP_PEPS_API", defaults.peps_base),
        eol_base: env_or("TOOLCUP_EOL_API", defaults.eol_base),
    };
    let cache = cache()
        .ok_or_else(|| anyhow!("no cache folder on this platform; set TOOLCUP_CACHE_DIR"))?;
    let timeout = Duration::from_secs(args.timeout);
    let handle = out.runner().submit(
        JobSpec::blocking("releases refresh").key("releases refresh"),
        move |ctx| {
            toolcup_releases::refresh(&sources, &cache, timeout, today, &mut |p| {
                ctx.set_message(p.message);
                ctx.report(u64::from(p.done), u64::from(p.total))
            })
        },
    );
    match out.wait(handle, "refresh") {
        Outcome::Succeeded(data) => {
            let mut stdout = std::io::stdout().lock();
            writeln!(
                stdout,
                "refreshed: {}",
                data_summary(&data.origin, data.date, today)
            )?;
            Ok(ExitCode::Success)
        }
        Outcome::Failed(e) => fail(
            ExitCode::Error,
            format!("refresh failed, keeping the data we have: {e}"),
        ),
        Outcome::Cancelled => fail(ExitCode::Error, "refresh cancelled"),
        Outcome::Panicked(msg) => fail(ExitCode::Error, format!("refresh failed: {msg}")),
    }
}
