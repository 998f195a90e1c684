//! Reading one file of a repository that may be hostile: only a regular file
//! is read (a FIFO, a device or a socket is never opened for reading on Unix,
//! and a file swapped for one between the walk and the open is refused
//! without blocking), never through a symbolic link, and never past a size
//! cap. A file with a NUL byte is binary and not read further.

use std::fs::File;
use std::io::Read;
use std::path::Path;

/// The text of `path` (bytes that are not UTF-8 become U+FFFD, so a stray
/// Latin-1 comment does not hide the pins around it), or why it was not read.
pub(crate) fn read_text(path: &Path, max_bytes: u64) -> Result<String, String> {
    let file = open_regular(path)?;
    let mut bytes = Vec::new();
    file.take(max_bytes.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(|e| format!("reading: {e}"))?;
    if bytes.len() as u64 > max_bytes {
        return Err(format!("larger than {}, not read", size_text(max_bytes)));
    }
    if bytes.contains(&0) {
        return Err("binary (holds a NUL byte), not read".to_owned());
    }
    Ok(match String::from_utf8(bytes) {
        Ok(text) => text,
        Err(e) => String::from_utf8_lossy(e.as_bytes()).into_owned(),
    })
}

fn size_text(bytes: u64) -> String {
    if bytes >= 1024 * 1024 {
        format!("{} MiB", bytes / (1024 * 1024))
    } else {
        format!("{} KiB", bytes / 1024)
    }
}

/// Opens `path` for reading only if it is a regular file, checked on the
/// open file itself.
fn open_regular(path: &Path) -> Result<File, String> {
    let file = open_no_block(path).map_err(|e| match e.raw_os_error() {
        #[cfg(unix)]
        Some(libc::ELOOP) => "a symbolic link, not followed".to_owned(),
        _ => format!("opening: {e}"),
    })?;
    let meta = file.metadata().map_err(|e| format!("reading: {e}"))?;
    if !meta.is_file() {
        return Err("not a regular file, not read".to_owned());
    }
    Ok(file)
}

/// On Unix: `O_NONBLOCK`, so opening a FIFO never waits for a writer (and the
/// file type is checked before any read), `O_NOFOLLOW`, so a file replaced by
/// a link after the walk saw it is not followed, and `O_NOCTTY`.
#[cfg(unix)]
fn open_no_block(path: &Path) -> std::io::Result<File> {
    use std::os::unix::fs::OpenOptionsExt;
    std::fs::OpenOptions::new()
        .read(true)
        .custom_flags(libc::O_NONBLOCK | libc::O_NOFOLLOW | libc::O_NOCTTY)
        .open(path)
}

#[cfg(not(unix))]
fn open_no_block(path: &Path) -> std::io::Result<File> {
    // Windows has no FIFOs in the file system; named pipes live under \\.\pipe\.
    File::open(path)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn caps_binary_and_encoding() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("f");
        std::fs::write(&path, b"3.12\n# caf\xe9\n").expect("write");
        assert_eq!(
            read_text(&path, 100).expect("read"),
            "3.12\n# caf\u{fffd}\n"
        );
        std::fs::write(&path, vec![b'x'; 101]).expect("write");
        assert_eq!(
            read_text(&path, 100).unwrap_err(),
            "larger than 0 KiB, not read"
        );
        std::fs::write(&path, b"3.12\0").expect("write");
        assert!(read_text(&path, 100).unwrap_err().starts_with("binary"));
        assert!(
            read_text(dir.path(), 100)
                .unwrap_err()
                .contains("not a regular file")
                || cfg!(not(unix))
        );
    }
}
