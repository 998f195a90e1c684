//! Opening input files: regular files only, and never a wait on one that is
//! not.
//!
//! A FIFO given as an input would block the `open` until some other process
//! writes to it, and a device such as `/dev/zero` would be read forever. So
//! the path is looked at first (following links) and anything but a regular
//! file is refused; the file is then opened without blocking (`O_NONBLOCK`
//! on Unix, which regular files ignore) and looked at again through the open
//! handle, so a file swapped for a FIFO in between is refused as well.

use std::fs::{File, FileType, Metadata, OpenOptions};
use std::path::Path;

use crate::{Error, Result};

/// Opens `path` for reading if it is a regular file (after following links).
///
/// # Errors
/// [`Error::Read`] when it cannot be opened, [`Error::NotRegularFile`] when
/// it is a folder, FIFO, device or socket.
pub(crate) fn open_regular(path: &Path) -> Result<File> {
    let read_error = |source| Error::Read {
        path: path.to_path_buf(),
        source,
    };
    ensure_regular(path, &std::fs::metadata(path).map_err(read_error)?)?;
    let mut options = OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(libc::O_NONBLOCK);
    }
    let file = options.open(path).map_err(read_error)?;
    ensure_regular(path, &file.metadata().map_err(read_error)?)?;
    Ok(file)
}

/// Fails with [`Error::NotRegularFile`] unless `metadata` is a regular file's.
pub(crate) fn ensure_regular(path: &Path, metadata: &Metadata) -> Result<()> {
    if metadata.is_file() {
        Ok(())
    } else {
        Err(Error::NotRegularFile {
            path: path.to_path_buf(),
            kind: kind_of(metadata.file_type()),
        })
    }
}

/// What a file that is not a regular file is, for messages: "a FIFO", …
pub(crate) fn kind_of(file_type: FileType) -> &'static str {
    if file_type.is_dir() {
        return "a folder";
    }
    if file_type.is_symlink() {
        return "a symbolic link";
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if file_type.is_fifo() {
            return "a FIFO (named pipe)";
        }
        if file_type.is_char_device() {
            return "a character device";
        }
        if file_type.is_block_device() {
            return "a block device";
        }
        if file_type.is_socket() {
            return "a socket";
        }
    }
    if file_type.is_file() {
        "a regular file"
    } else {
        "a special file"
    }
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;

    #[test]
    fn refuses_devices_and_folders_without_blocking() {
        for (path, kind) in [("/dev/null", "character device"), ("/", "folder")] {
            let err = open_regular(Path::new(path)).expect_err("not a regular file");
            assert!(err.to_string().contains(kind), "{err}");
            assert!(err.to_string().contains(path), "{err}");
        }
        let dir = tempfile::tempdir().expect("temp dir");
        let file = dir.path().join("a.png");
        std::fs::write(&file, b"x").expect("written");
        assert!(open_regular(&file).is_ok());
    }
}
