//! Logging with `tracing`: on stderr for commands, and also to a rotating
//! file for the window. Nothing is ever logged to stdout.

use std::path::PathBuf;

use tracing_appender::non_blocking::WorkerGuard;
use tracing_appender::rolling::{RollingFileAppender, Rotation};
use tracing_subscriber::filter::filter_fn;
use tracing_subscriber::layer::SubscriberExt;
use tracing_subscriber::util::SubscriberInitExt;
use tracing_subscriber::{EnvFilter, Layer};

use std::io::IsTerminal;

use crate::terminal::ColorChoice;

/// The environment variable that overrides the log filter, in
/// `tracing_subscriber`'s `EnvFilter` syntax (for example `toolcup=debug`).
pub const LOG_ENV: &str = "TOOLCUP_LOG";

/// The target of events that go to the log file only, never to stderr: what
/// the window also says on stderr in its own words.
pub const FILE_ONLY: &str = "toolcup::log_file_only";

/// How many daily log files the window keeps.
pub const KEEP_LOG_FILES: usize = 7;

/// The folder where the window writes its log files, if the platform has a
/// data folder for this user.
pub fn log_dir() -> Option<PathBuf> {
    directories::ProjectDirs::from("", "", "toolcup").map(|dirs| dirs.data_dir().join("logs"))
}

/// What the user asked of the log: how much (`-v`/`-q`) and whether in colour.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct LogOptions {
    /// `-v` count minus `-q` count: 0 logs warnings, -1 errors only, -2 nothing,
    /// 1 info, 2 debug, 3 and more trace.
    pub verbosity: i16,
    /// Colour on stderr (only a terminal gets colour under `auto`).
    pub color: ColorChoice,
}

fn filter(options: LogOptions) -> EnvFilter {
    let level = match options.verbosity {
        i16::MIN..=-2 => "off",
        -1 => "error",
        0 => "warn",
        1 => "info",
        2 => "debug",
        _ => "trace",
    };
    match std::env::var(LOG_ENV) {
        Ok(spec) if !spec.trim().is_empty() => {
            EnvFilter::try_new(spec).unwrap_or_else(|_| EnvFilter::new(level))
        }
        _ => EnvFilter::new(level),
    }
}

fn stderr_colour(options: LogOptions) -> bool {
    options.color.enabled(std::io::stderr().is_terminal())
}

/// Log to stderr only, at the level `-v`/`-q` or `TOOLCUP_LOG` choose.
pub fn init_cli(options: LogOptions) {
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter(options))
        .with_writer(std::io::stderr)
        .with_ansi(stderr_colour(options))
        .with_target(false)
        .try_init();
}

/// Log to stderr and to a daily file in [`log_dir`], keeping the last
/// [`KEEP_LOG_FILES`]. The returned guard flushes the file when dropped.
pub fn init_gui(options: LogOptions) -> Option<WorkerGuard> {
    let stderr = tracing_subscriber::fmt::layer()
        .with_writer(std::io::stderr)
        .with_ansi(stderr_colour(options))
        .with_target(false)
        .with_filter(filter_fn(|meta| meta.target() != FILE_ONLY));
    let file = log_dir().and_then(|dir| {
        std::fs::create_dir_all(&dir).ok()?;
        RollingFileAppender::builder()
            .rotation(Rotation::DAILY)
            .filename_prefix("toolcup")
            .filename_suffix("log")
            .max_log_files(KEEP_LOG_FILES)
            .build(dir)
            .ok()
    });
    let (file_layer, guard) = match file {
        Some(appender) => {
            let (writer, guard) = tracing_appender::non_blocking(appender);
            let layer = tracing_subscriber::fmt::layer()
                .with_writer(writer)
                .with_ansi(false);
            (Some(layer), Some(guard))
        }
        None => (None, None),
    };
    let _ = tracing_subscriber::registry()
        .with(filter(options))
        .with(stderr)
        .with(file_layer)
        .try_init();
    guard
}
