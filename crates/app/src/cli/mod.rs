//! The headless subcommands: `toolcup <tool> …`.
//!
//! Conventions every subcommand follows:
//! - its arguments are a `#[derive(clap::Args)]` struct in `cli/<tool>.rs`
//!   whose doc comments are the help text, and it runs through
//!   `pub fn run(args, out: &Output) -> anyhow::Result<ExitCode>`;
//! - data goes to stdout (written with `writeln!` and `?`, so a closed pipe
//!   ends the command quietly), everything else to stderr;
//! - `--json` wherever the output is data;
//! - long work goes through [`Output::runner`] and shows a progress bar on
//!   stderr with [`Output::wait`];
//! - bad input is an `anyhow` error with context, printed as one line.

pub mod brew;
pub mod completions;
pub mod denoise;
pub mod manpage;
pub mod releases;
mod releases_check;
mod releases_output;
pub mod releases_scan;
pub mod rotation;

use std::io::IsTerminal;
use std::sync::OnceLock;
use std::time::Duration;

use clap::{Args, Parser, Subcommand, ValueEnum};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use toolcup_jobs::{JobHandle, Outcome, Runner};

use crate::exit_codes::ExitCode;
use crate::logging::LogOptions;

/// Toolcup: a coffee brew engine, an image denoiser, a rotation converter and
/// a Python release-cycle checker, in one window or on the command line.
///
/// Run without a subcommand to open the window.
#[derive(Debug, Parser)]
#[command(
    name = "toolcup",
    version = version_text(),
    about,
    long_about,
    max_term_width = 100,
    override_usage = "toolcup [OPTIONS] [FILE]...\n       toolcup [OPTIONS] <COMMAND>"
)]
pub struct Cli {
    /// Options every subcommand takes.
    #[command(flatten)]
    pub global: GlobalArgs,
    /// Open the window on this tab.
    #[arg(long, value_enum)]
    pub tab: Option<TabName>,
    /// Files to open in the window: an image in Denoise, a pyproject.toml or
    /// .python-version in Releases, a folder scanned for Python and Django
    /// pins in Releases (as dropping them on the window does).
    #[arg(value_name = "FILE")]
    pub files: Vec<std::path::PathBuf>,
    /// The tool to run headless; none opens the window.
    #[command(subcommand)]
    pub command: Option<Command>,
}

/// The text `toolcup --version` prints after the name: the version and the
/// date of the release data built into the binary.
fn version_text() -> &'static str {
    static TEXT: OnceLock<String> = OnceLock::new();
    TEXT.get_or_init(|| {
        format!(
            "{} (embedded release data of {})",
            env!("CARGO_PKG_VERSION"),
            toolcup_releases::EMBEDDED_DATE
        )
    })
}

/// Options every subcommand takes, before or after its name; the help lists
/// them apart from each subcommand's own.
#[derive(Debug, Clone, Args, Default)]
#[command(next_help_heading = "Global options")]
pub struct GlobalArgs {
    /// Log more on stderr (-v info, -vv debug, -vvv trace).
    #[arg(short, long, action = clap::ArgAction::Count, global = true)]
    pub verbose: u8,
    /// Log less on stderr and hide progress bars (-q errors only, -qq nothing).
    #[arg(short, long, action = clap::ArgAction::Count, global = true, conflicts_with = "verbose")]
    pub quiet: u8,
    /// When to colour the output: auto colours only a terminal, and never when
    /// NO_COLOR is set.
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto, global = true)]
    pub color: ColorChoice,
}

/// The tabs of the window, for `--tab`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum TabName {
    /// AlphaBrew.
    Brew,
    /// The denoiser.
    Denoise,
    /// The rotation converter.
    Rotation,
    /// The release-cycle checker.
    Releases,
}

impl TabName {
    /// The tab's title in the tab bar.
    pub fn title(self) -> &'static str {
        match self {
            TabName::Brew => "Brew",
            TabName::Denoise => "Denoise",
            TabName::Rotation => "Rotation",
            TabName::Releases => "Releases",
        }
    }
}

impl GlobalArgs {
    /// The logging options these flags ask for.
    pub fn log_options(&self) -> LogOptions {
        LogOptions {
            verbosity: i16::from(self.verbose) - i16::from(self.quiet),
            color: self.color,
        }
    }
}

pub use crate::terminal::ColorChoice;

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// AlphaBrew: bind a Python brew call exactly as CPython 3.13 would, check the order, print the ticket.
    Brew(brew::BrewArgs),
    /// Denoise images with OpenCV-exact Gaussian, median, min, max and non-local-means filters.
    Denoise(denoise::DenoiseArgs),
    /// Quaternions, rotation matrices, Euler angles and axis–angle, converted to the last bit.
    Rotation(rotation::RotationArgs),
    /// Python and Django release cycles: supported? until when? latest patch?
    Releases(releases::ReleasesArgs),
    /// Print a shell completion script for toolcup.
    Completions(completions::CompletionsArgs),
    /// Print the toolcup(1) man page.
    Manpage(manpage::ManpageArgs),
}

/// Run one subcommand.
pub fn run_command(command: Command, out: &Output) -> anyhow::Result<ExitCode> {
    match command {
        Command::Brew(args) => brew::run(args, out),
        Command::Denoise(args) => denoise::run(args, out),
        Command::Rotation(args) => rotation::run(args, out),
        Command::Releases(args) => releases::run(args, out),
        Command::Completions(args) => completions::run(args, out),
        Command::Manpage(args) => manpage::run(args, out),
    }
}

/// Turn a subcommand's result into the exit code: errors print as one line
/// on stderr (a [`Traceback`](crate::errors::Traceback): its line, then
/// CPython's traceback) and exit with [`ExitCode::Error`], except a closed
/// stdout pipe, which is a success.
pub fn report(result: anyhow::Result<ExitCode>) -> ExitCode {
    match result {
        Ok(code) => code,
        Err(err) if is_broken_pipe(&err) => ExitCode::Success,
        Err(err) if err.downcast_ref::<crate::errors::Traceback>().is_some() => {
            eprintln!("toolcup: {err}");
            ExitCode::Error
        }
        Err(err) => {
            eprintln!("toolcup: {}", crate::errors::one_line(&err));
            ExitCode::Error
        }
    }
}

fn is_broken_pipe(err: &anyhow::Error) -> bool {
    err.chain().any(|cause| {
        cause
            .downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
    })
}

/// What a subcommand needs besides its arguments: the colour decision, the
/// shared job runner, and progress bars on stderr.
pub struct Output {
    color: bool,
    progress: bool,
    runner: OnceLock<Runner>,
}

impl Output {
    /// Decide colour and progress display from the global options and the
    /// environment.
    pub fn new(global: &GlobalArgs) -> Self {
        let color = global.color.enabled(std::io::stdout().is_terminal());
        Output {
            color,
            progress: global.quiet == 0 && std::io::stderr().is_terminal(),
            runner: OnceLock::new(),
        }
    }

    /// Whether stdout should be coloured.
    pub fn color(&self) -> bool {
        self.color
    }

    /// The shared job runner, started on first use.
    pub fn runner(&self) -> &Runner {
        self.runner.get_or_init(Runner::new)
    }

    /// A progress bar on stderr for `total` steps, hidden when stderr is not
    /// a terminal or with `-q`.
    pub fn progress_bar(&self, total: u64) -> ProgressBar {
        let bar = ProgressBar::with_draw_target(
            Some(total),
            if self.progress {
                ProgressDrawTarget::stderr()
            } else {
                ProgressDrawTarget::hidden()
            },
        );
        if let Ok(style) = ProgressStyle::with_template(
            "{spinner} {prefix} [{bar:30}] {pos}/{len} {msg} ({elapsed})",
        ) {
            bar.set_style(style.progress_chars("=> "));
        }
        bar
    }

    /// Wait for a job while drawing its progress on stderr under `label`.
    pub fn wait<T, E>(&self, handle: JobHandle<T, E>, label: &str) -> Outcome<T, E>
    where
        T: Send + 'static,
        E: std::fmt::Display + Send + 'static,
    {
        let bar = self.progress_bar(0);
        bar.set_prefix(label.to_owned());
        loop {
            if let Some(outcome) = handle.wait_timeout(Duration::from_millis(50)) {
                bar.finish_and_clear();
                return outcome;
            }
            let info = handle.info();
            bar.set_length(info.progress.total);
            bar.set_position(info.progress.done);
            bar.set_message(info.message);
        }
    }
}
