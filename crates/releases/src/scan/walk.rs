//! The parallel walk: `ignore`'s walker (the one ripgrep uses) on several
//! threads, each reading and parsing the files it meets, while the calling
//! thread reports progress and passes on cancellation.

use std::ops::ControlFlow;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Mutex, mpsc};
use std::time::Duration;

use ignore::{WalkBuilder, WalkState};

use super::files::FileKind;
use super::{Found, PinSite, Progress, ScanOptions, Skipped, parse, read};
use crate::error::{Error, Result};

/// What the walking threads share.
struct Shared<'a> {
    root: &'a Path,
    max_depth: usize,
    cancelled: AtomicBool,
    seen: AtomicU64,
    read: AtomicU64,
    pins: Mutex<Vec<PinSite>>,
    skipped: Mutex<Vec<Skipped>>,
}

impl Shared<'_> {
    fn relative(&self, path: &Path) -> PathBuf {
        path.strip_prefix(self.root).unwrap_or(path).to_owned()
    }

    fn skip(&self, path: &Path, reason: String) {
        let path = self.relative(path);
        self.skipped
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .push(Skipped { path, reason });
    }

    fn visit(&self, entry: std::result::Result<ignore::DirEntry, ignore::Error>) -> WalkState {
        if self.cancelled.load(Ordering::Relaxed) {
            return WalkState::Quit;
        }
        self.seen.fetch_add(1, Ordering::Relaxed);
        let entry = match entry {
            Ok(entry) => entry,
            Err(err) => {
                let path = error_path(&err).unwrap_or_else(|| self.root.to_owned());
                self.skip(&path, one_line(&err.to_string()));
                return WalkState::Continue;
            }
        };
        let Some(file_type) = entry.file_type() else {
            return WalkState::Continue;
        };
        if file_type.is_dir() {
            if entry.depth() >= self.max_depth && entry.depth() > 0 {
                self.skip(
                    entry.path(),
                    format!("deeper than {} folders, not entered", self.max_depth),
                );
            }
            return WalkState::Continue;
        }
        let relative = self.relative(entry.path());
        let Some(kind) = FileKind::of(&relative) else {
            return WalkState::Continue;
        };
        if file_type.is_symlink() {
            self.skip(entry.path(), "a symbolic link, not followed".to_owned());
            return WalkState::Continue;
        }
        if !file_type.is_file() {
            self.skip(entry.path(), "not a regular file, not read".to_owned());
            return WalkState::Continue;
        }
        self.read.fetch_add(1, Ordering::Relaxed);
        match read::read_text(entry.path(), kind.max_bytes()) {
            Ok(text) => {
                let hits = parse::parse(kind, &text);
                match hits {
                    Ok(hits) if !hits.is_empty() => {
                        let mut pins = self
                            .pins
                            .lock()
                            .unwrap_or_else(std::sync::PoisonError::into_inner);
                        pins.extend(hits.into_iter().map(|h| h.at(&relative)));
                    }
                    Ok(_) => {}
                    Err(reason) => self.skip(entry.path(), reason),
                }
            }
            Err(reason) => self.skip(entry.path(), reason),
        }
        WalkState::Continue
    }
}

fn error_path(err: &ignore::Error) -> Option<PathBuf> {
    match err {
        ignore::Error::WithPath { path, .. } => Some(path.clone()),
        ignore::Error::WithDepth { err, .. } | ignore::Error::WithLineNumber { err, .. } => {
            error_path(err)
        }
        ignore::Error::Loop { child, .. } => Some(child.clone()),
        _ => None,
    }
}

fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Folders never entered: version-control internals.
fn is_vcs_dir(name: &std::ffi::OsStr) -> bool {
    name == ".git" || name == ".hg" || name == ".svn" || name == ".jj"
}

pub(crate) fn walk(
    root: &Path,
    options: &ScanOptions,
    progress: &mut dyn FnMut(Progress) -> ControlFlow<()>,
) -> Result<Found> {
    let threads = if options.threads == 0 {
        std::thread::available_parallelism().map_or(2, |n| n.get().min(8))
    } else {
        options.threads
    };
    let mut builder = WalkBuilder::new(root);
    builder
        .hidden(false)
        .follow_links(false)
        .git_global(false)
        .git_ignore(options.respect_ignore)
        .git_exclude(options.respect_ignore)
        .ignore(options.respect_ignore)
        .parents(options.respect_ignore)
        .require_git(false)
        .max_depth(Some(options.max_depth))
        .threads(threads)
        .filter_entry(|entry| {
            !(entry.file_type().is_some_and(|t| t.is_dir()) && is_vcs_dir(entry.file_name()))
        });
    let walker = builder.build_parallel();
    let shared = Shared {
        root,
        max_depth: options.max_depth,
        cancelled: AtomicBool::new(false),
        seen: AtomicU64::new(0),
        read: AtomicU64::new(0),
        pins: Mutex::new(Vec::new()),
        skipped: Mutex::new(Vec::new()),
    };
    let (done_tx, done_rx) = mpsc::channel::<()>();
    std::thread::scope(|scope| {
        let shared = &shared;
        scope.spawn(move || {
            walker.run(|| Box::new(move |entry| shared.visit(entry)));
            let _ = done_tx.send(());
        });
        loop {
            let report = Progress {
                done: shared.seen.load(Ordering::Relaxed),
                total: 0,
            };
            if progress(report).is_break() {
                shared.cancelled.store(true, Ordering::Relaxed);
            }
            match done_rx.recv_timeout(Duration::from_millis(25)) {
                Err(mpsc::RecvTimeoutError::Timeout) => {}
                _ => break,
            }
        }
    });
    if shared.cancelled.load(Ordering::Relaxed) {
        return Err(Error::Cancelled);
    }
    let entries_seen = shared.seen.load(Ordering::Relaxed);
    let mut pins = shared
        .pins
        .into_inner()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    let mut skipped = shared
        .skipped
        .into_inner()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    pins.sort_by(|a, b| (&a.path, a.line, a.column).cmp(&(&b.path, b.line, b.column)));
    skipped.sort_by(|a, b| a.path.cmp(&b.path));
    let _ = progress(Progress {
        done: entries_seen,
        total: entries_seen,
    });
    Ok(Found {
        pins,
        skipped,
        entries_seen,
        files_read: shared.read.load(Ordering::Relaxed),
    })
}
