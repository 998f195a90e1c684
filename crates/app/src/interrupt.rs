//! Ctrl-C, SIGTERM and SIGHUP: remove the temporary files of unfinished
//! writes, then exit with [`ExitCode::INTERRUPTED`] (130).
//!
//! Without a handler the signal ends the process at once, and the hidden
//! temporary a write was filling stays in the user's folder. The handler
//! runs on a thread of its own (the `ctrlc` crate); the libraries keep the
//! list of their temporaries and finish each rename under the same lock the
//! cleanup takes, so a file is either written whole or not at all.

use crate::exit_codes::ExitCode;

/// Installs the handler, once per process; later calls do nothing.
pub fn install() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        if let Err(err) = ctrlc::set_handler(on_interrupt) {
            tracing::warn!("no Ctrl-C handler: unfinished files may be left behind: {err}");
        }
    });
}

fn on_interrupt() {
    let removed = toolcup_denoise::remove_unfinished_writes();
    tracing::info!("interrupted; removed {removed} unfinished file(s)");
    eprintln!("toolcup: interrupted");
    std::process::exit(i32::from(ExitCode::INTERRUPTED));
}
