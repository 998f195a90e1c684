//! The CPython 3.13 the differential tests compare with: `$BREW_PYTHON`
//! (scripts/test sets it to any CPython 3.13.x it finds: pyenv, uv or PATH),
//! else pyenv's `~/.pyenv/versions/3.13.0/bin/python3`.

use std::path::PathBuf;
use std::process::Command;

/// The interpreter, or why there is none (for the test's "SKIPPED" line).
pub fn cpython_313() -> Result<PathBuf, String> {
    let candidate = std::env::var_os("BREW_PYTHON")
        .map(PathBuf::from)
        .or_else(|| {
            std::env::var_os("HOME")
                .map(|h| PathBuf::from(h).join(".pyenv/versions/3.13.0/bin/python3"))
        })
        .ok_or("neither BREW_PYTHON nor HOME is set")?;
    let out = Command::new(&candidate)
        .args(["-c", "import sys; print(sys.version_info[:2] == (3, 13))"])
        .output()
        .map_err(|e| {
            format!(
                "no CPython 3.13: {} cannot run ({e}); set BREW_PYTHON",
                candidate.display()
            )
        })?;
    if String::from_utf8_lossy(&out.stdout).trim() != "True" {
        return Err(format!(
            "{} is not CPython 3.13; set BREW_PYTHON",
            candidate.display()
        ));
    }
    Ok(candidate)
}
