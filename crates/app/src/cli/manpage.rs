//! `toolcup manpage`: the man page, generated from the command-line
//! definition itself.

use crate::exit_codes::ExitCode;
use std::io::Write;

use clap::{Args, CommandFactory};

use super::{Cli, Output};

/// Print the toolcup(1) man page (roff) to stdout.
///
/// For example: `toolcup manpage > /usr/local/share/man/man1/toolcup.1`.
#[derive(Debug, Args)]
pub struct ManpageArgs {}

/// Write the man page to stdout.
pub fn run(_args: ManpageArgs, _out: &Output) -> anyhow::Result<ExitCode> {
    let mut page = Vec::new();
    clap_mangen::Man::new(Cli::command()).render(&mut page)?;
    std::io::stdout().lock().write_all(&page)?;
    Ok(ExitCode::Success)
}
