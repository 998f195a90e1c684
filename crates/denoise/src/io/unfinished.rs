//! The temporary files of writes in progress, so that an interrupted process
//! can remove them.
//!
//! [`write_image`](crate::write_image) encodes into a hidden temporary file
//! beside the destination and renames it into place at the end. A process
//! stopped by Ctrl-C in between would leave that temporary behind, since
//! destructors do not run when a signal ends a process. Every temporary is
//! therefore registered here while it exists, and a signal handler installed
//! by the program (this crate installs none) calls
//! [`remove_unfinished_writes`] before exiting. The final rename happens
//! under the same lock, so a write is either finished or removed, never
//! half of each; writes that start or finish after the call fail with
//! [`Error::Interrupted`](crate::Error::Interrupted).

use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard};

struct Registry {
    temporaries: Vec<PathBuf>,
    interrupted: bool,
}

static REGISTRY: Mutex<Registry> = Mutex::new(Registry {
    temporaries: Vec::new(),
    interrupted: false,
});

fn registry() -> MutexGuard<'static, Registry> {
    // A panic while the lock was held leaves the list itself intact.
    REGISTRY
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// Removes the temporary file of every write in progress and makes every
/// later write fail with [`Error::Interrupted`](crate::Error::Interrupted);
/// returns how many files it removed. For a Ctrl-C handler to call just
/// before the process exits.
///
/// ```no_run
/// // In a Ctrl-C handler (installed with the ctrlc crate, say):
/// let removed = toolcup_denoise::remove_unfinished_writes();
/// eprintln!("interrupted; removed {removed} unfinished file(s)");
/// std::process::exit(130);
/// ```
pub fn remove_unfinished_writes() -> usize {
    let mut registry = registry();
    registry.interrupted = true;
    registry
        .temporaries
        .drain(..)
        .filter(|path| std::fs::remove_file(path).is_ok())
        .count()
}

/// A temporary file on the list; leaves it when dropped.
pub(crate) struct Registered(PathBuf);

/// Puts `path` on the list; `None` once the process was interrupted.
pub(crate) fn register(path: &Path) -> Option<Registered> {
    let mut registry = registry();
    if registry.interrupted {
        return None;
    }
    registry.temporaries.push(path.to_path_buf());
    Some(Registered(path.to_path_buf()))
}

impl Registered {
    /// Runs `finish` (the rename into place) unless the process was
    /// interrupted, holding the lock so no cleanup runs half-way through.
    pub(crate) fn finish<T>(self, finish: impl FnOnce() -> T) -> Option<T> {
        let registry = registry();
        if registry.interrupted {
            return None;
        }
        let done = finish();
        drop(registry);
        Some(done)
    }
}

impl Drop for Registered {
    fn drop(&mut self) {
        let mut registry = registry();
        if let Some(i) = registry.temporaries.iter().position(|p| *p == self.0) {
            registry.temporaries.swap_remove(i);
        }
    }
}
