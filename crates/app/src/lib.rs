//! Toolcup: one window with a tab per tool, and the same tools as headless
//! subcommands.
//!
//! `toolcup` with no arguments opens the window ([`app::ToolcupApp`]);
//! `toolcup <tool> …` runs a tool from the command line ([`cli`]). Both send
//! long work through one shared [`toolcup_jobs::Runner`].

pub mod about;
pub mod app;
pub mod busy;
pub mod cli;
pub mod errors;
pub mod exit_codes;
pub mod file_dialog;
pub mod interrupt;
pub mod jobs_panel;
pub mod logging;
pub mod recent;
pub mod recipes;
pub mod startup;
pub mod tabs;
pub mod terminal;
pub mod toasts;

use std::process::ExitCode;

use exit_codes::ExitCode as Exit;

use clap::Parser;

/// Parse the command line, then open the window or run the subcommand, and
/// turn the result into the process's exit code.
pub fn run() -> ExitCode {
    let cli = cli::Cli::parse();
    interrupt::install();
    if cli.command.is_some() && cli.tab.is_some() {
        use clap::CommandFactory;
        cli::Cli::command()
            .error(
                clap::error::ErrorKind::ArgumentConflict,
                "--tab opens the window on a tab; it cannot go with a subcommand",
            )
            .exit();
    }
    match cli.command {
        None => {
            // A file opens in its tab; a folder is scanned in Releases.
            if let Some(missing) = cli
                .files
                .iter()
                .find(|path| !path.is_file() && !path.is_dir())
            {
                eprintln!(
                    "toolcup: {} is neither a file nor a subcommand (see toolcup --help)",
                    missing.display()
                );
                return Exit::Usage.into();
            }
            let _log_guard = logging::init_gui(cli.global.log_options());
            match startup::run_window(cli.tab.map(cli::TabName::title), cli.files) {
                Ok(()) => ExitCode::SUCCESS,
                Err(err) => {
                    let line = errors::one_line(&err);
                    // Once on stderr, and in the log file for a window started
                    // from a desktop, which has no stderr to read.
                    tracing::error!(target: logging::FILE_ONLY, "{line}");
                    eprintln!("toolcup: {line}");
                    Exit::Error.into()
                }
            }
        }
        Some(command) => {
            logging::init_cli(cli.global.log_options());
            let out = cli::Output::new(&cli.global);
            cli::report(cli::run_command(command, &out)).into()
        }
    }
}
