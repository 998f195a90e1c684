//! `toolcup releases check | list | refresh`: is this Python (or Django) still
//! supported, offline, in milliseconds.
//!
//! Exit codes (documented in each subcommand's help and the README): 0
//! supported, 1 end of life, 2 no interpreter (or Django) found and usage
//! errors, 3 version not in the release data, 4 release data missing what the
//! check needs, 5 end of life within `--warn-days`, 10 could not finish (an
//! input could not be read, the refresh failed).

use std::io::Write;
use std::path::PathBuf;
use std::time::Duration;

use anyhow::anyhow;
use clap::{Args, Subcommand, ValueEnum};
use toolcup_jobs::{JobSpec, Outcome};
use toolcup_releases::discovery::{Environment, Want, find_active};
use toolcup_releases::{
    DataSet, Date, Product, data_summary, list_rows, render_csv, render_markdown, render_text,
};

use super::Output;
use crate::exit_codes::ExitCode;
use crate::recipes::releases::{Context, ENVIRONMENT_HELP};

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
  TOOLCUP_TODAY       YYYY-MM-DD used as today (default: the local date)
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
  TOOLCUP_TODAY       YYYY-MM-DD used as today (default: the local date)
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
    let context = match Context::from_env() {
        Ok(c) => c,
        Err(e) => return fail(ExitCode::Usage, format!("{e:#}")),
    };
    match args.command {
        ReleasesCommand::Check(a) => super::releases_check::check(a, out, &context),
        ReleasesCommand::List(a) => list(a, out, &context),
        ReleasesCommand::Refresh(a) => refresh(a, out, &context),
        ReleasesCommand::Scan(a) => super::releases_scan::run(a, out, context.today),
    }
}

/// Prints a one-line error and returns the given code.
pub(super) fn fail(code: ExitCode, err: impl std::fmt::Display) -> anyhow::Result<ExitCode> {
    eprintln!("toolcup: {err:#}");
    Ok(code)
}

/// The newer of cache and snapshot for `today`, warnings printed on stderr.
pub(super) fn load_data(today: Date) -> DataSet {
    let context = Context::from_env().map_or_else(
        |_| Context {
            today,
            cache: None,
            sources: toolcup_releases::Sources::default(),
        },
        |c| Context { today, ..c },
    );
    print_loaded(&context)
}

/// Loads the data of `context`, its warnings printed on stderr.
pub(super) fn print_loaded(context: &Context) -> DataSet {
    let loaded = context.load();
    for warning in &loaded.warnings {
        eprintln!("toolcup: warning: {warning}");
    }
    loaded.data
}

/// The data of `context` (its warnings printed) and the catalog of
/// `product` in it, or the code to exit with (its one line printed).
pub(super) fn load_catalog(
    context: &Context,
    product: Product,
) -> Result<(DataSet, toolcup_releases::Catalog), ExitCode> {
    let data = print_loaded(context);
    match data.catalog(product) {
        Ok(catalog) => Ok((data, catalog)),
        Err(e) => {
            eprintln!("toolcup: {e}");
            Err(ExitCode::MissingData)
        }
    }
}

fn list(args: ListArgs, out: &Output, context: &Context) -> anyhow::Result<ExitCode> {
    let today = context.today;
    let product: Product = args.product.into();
    let (data, catalog) = match load_catalog(context, product) {
        Ok(loaded) => loaded,
        Err(code) => return Ok(code),
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

fn refresh(args: RefreshArgs, out: &Output, context: &Context) -> anyhow::Result<ExitCode> {
    let today = context.today;
    let sources = context.sources.clone();
    let cache = context
        .cache
        .clone()
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
