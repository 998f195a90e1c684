//! Reading the small files discovery and checks depend on, safely.
//!
//! Every input file (`.python-version`, `pyproject.toml`, `pyvenv.cfg`, the
//! cache, package metadata) may be a FIFO, a device, a folder or a huge file
//! planted by a repository. [`read_limited`] opens without blocking (on Unix
//! `O_NONBLOCK`, so a FIFO without a writer cannot hang the open), refuses
//! anything but a regular file (checked on the opened file, so the answer is
//! about what is read), and refuses files over a size limit.

use std::io::Read;
use std::path::Path;

use crate::error::{Error, Result};

/// Largest `.python-version`, pyenv `version` file or `pyvenv.cfg` read
/// (real ones are a few bytes).
pub const MAX_SMALL_FILE: u64 = 64 * 1024;
/// Largest `pyproject.toml` read (real ones are a few KiB).
pub const MAX_PYPROJECT: u64 = 4 * 1024 * 1024;

/// What a non-regular file is, for the error.
fn kind_of(metadata: &std::fs::Metadata) -> &'static str {
    let kind = metadata.file_type();
    if kind.is_dir() {
        return "a folder";
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if kind.is_fifo() {
            return "a FIFO";
        }
        if kind.is_char_device() {
            return "a character device";
        }
        if kind.is_block_device() {
            return "a block device";
        }
        if kind.is_socket() {
            return "a socket";
        }
    }
    "not a regular file"
}

/// Opens `path` for reading without blocking on a FIFO.
fn open(path: &Path) -> std::io::Result<std::fs::File> {
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        // The flags are bits of a C int; NONBLOCK fits.
        let nonblock = i32::try_from(rustix::fs::OFlags::NONBLOCK.bits()).unwrap_or(0);
        options.custom_flags(nonblock);
    }
    options.open(path)
}

/// Reads the regular file `path`, at most `limit` bytes.
///
/// A missing file is an [`Error::Io`] (kind `NotFound`, so callers can tell);
/// a FIFO, device, socket or folder, or a file over `limit`, is an
/// [`Error::InvalidFile`] naming it and saying what it is.
pub fn read_limited(path: &Path, limit: u64) -> Result<Vec<u8>> {
    read_up_to(path, limit, true)
}

/// Like [`read_limited`], but a longer file is cut at `limit` bytes instead of
/// refused (for headers at the top of a file).
pub fn read_prefix(path: &Path, limit: u64) -> Result<Vec<u8>> {
    read_up_to(path, limit, false)
}

fn read_up_to(path: &Path, limit: u64, whole: bool) -> Result<Vec<u8>> {
    // The path's own type first (no open at all for a FIFO or device), then
    // the opened file's, in case it was swapped in between.
    let before = std::fs::metadata(path).map_err(|e| Error::io("reading", path, e))?;
    let invalid = |reason: String| Error::InvalidFile {
        path: path.to_owned(),
        reason,
    };
    if !before.is_file() {
        return Err(invalid(format!(
            "is {}, not a regular file",
            kind_of(&before)
        )));
    }
    let file = open(path).map_err(|e| Error::io("reading", path, e))?;
    let opened = file.metadata().map_err(|e| Error::io("reading", path, e))?;
    if !opened.is_file() {
        return Err(invalid(format!(
            "is {}, not a regular file",
            kind_of(&opened)
        )));
    }
    let mut bytes = Vec::new();
    file.take(limit.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(|e| Error::io("reading", path, e))?;
    if bytes.len() as u64 > limit {
        if whole {
            return Err(invalid(format!(
                "larger than {} KiB, too large to be what it should be",
                limit / 1024
            )));
        }
        bytes.truncate(usize::try_from(limit).unwrap_or(usize::MAX));
    }
    Ok(bytes)
}

/// [`read_limited`] as UTF-8 text; invalid UTF-8 is an [`Error::InvalidFile`]
/// naming the first bad byte.
pub fn read_text(path: &Path, limit: u64) -> Result<String> {
    let bytes = read_limited(path, limit)?;
    String::from_utf8(bytes).map_err(|e| Error::InvalidFile {
        path: path.to_owned(),
        reason: format!("not UTF-8 text (byte {})", e.utf8_error().valid_up_to()),
    })
}

/// Whether an error is "the file is not there" (the caller moves on).
pub(crate) fn is_not_found(err: &Error) -> bool {
    matches!(err, Error::Io { source, .. }
        if matches!(source.kind(), std::io::ErrorKind::NotFound | std::io::ErrorKind::NotADirectory))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refuses_folders_and_large_files_and_reads_the_rest() {
        let dir = tempfile::tempdir().unwrap();
        let err = read_limited(dir.path(), 10).unwrap_err().to_string();
        assert!(err.ends_with("is a folder, not a regular file"), "{err}");
        let file = dir.path().join("f");
        std::fs::write(&file, b"0123456789A").unwrap();
        assert!(
            read_limited(&file, 10)
                .unwrap_err()
                .to_string()
                .contains("larger than")
        );
        assert_eq!(read_limited(&file, 11).unwrap(), b"0123456789A");
        assert_eq!(read_prefix(&file, 4).unwrap(), b"0123");
        assert!(is_not_found(
            &read_limited(&dir.path().join("nope"), 10).unwrap_err()
        ));
        std::fs::write(&file, b"3.12\xff").unwrap();
        let err = read_text(&file, 10).unwrap_err().to_string();
        assert!(err.ends_with("not UTF-8 text (byte 4)"), "{err}");
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn devices_are_refused_without_reading() {
        for (path, kind) in [
            ("/dev/zero", "a character device"),
            ("/dev/null", "a character device"),
        ] {
            let err = read_limited(Path::new(path), 10).unwrap_err().to_string();
            assert!(err.contains(kind), "{err}");
        }
    }
}
