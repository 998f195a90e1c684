//! `toolcup completions SHELL`: shell completion scripts generated from the
//! command-line definition itself, so they never go stale.

use crate::exit_codes::ExitCode;
use std::io::Write;

use clap::{Args, CommandFactory};
use clap_complete::Shell;

use super::{Cli, Output};

/// Print a completion script for a shell to stdout.
///
/// For example: `toolcup completions bash > ~/.local/share/bash-completion/completions/toolcup`.
#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// The shell to complete for.
    #[arg(value_enum)]
    pub shell: Shell,
}

/// Write the completion script for `args.shell` to stdout.
pub fn run(args: CompletionsArgs, _out: &Output) -> anyhow::Result<ExitCode> {
    let mut command = Cli::command();
    let mut script = Vec::new();
    clap_complete::generate(args.shell, &mut command, "toolcup", &mut script);
    std::io::stdout().lock().write_all(&script)?;
    Ok(ExitCode::Success)
}
