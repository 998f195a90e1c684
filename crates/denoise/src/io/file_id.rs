//! File identity: whether two paths reach the same file.
//!
//! Names are no guide: a symlink, a hard link, `./a.png` and `dir/../a.png`
//! all reach one file under different names. Identity is the device and
//! inode number on Unix (after following links) and the volume serial number
//! and file index on Windows (through the `same-file` crate).

use std::path::Path;

/// The identity of an existing file, the same for every name and link that
/// reaches it.
///
/// ```
/// use toolcup_denoise::FileId;
/// let dir = tempfile::tempdir()?;
/// let photo = dir.path().join("photo.png");
/// std::fs::write(&photo, b"...")?;
/// let again = dir.path().join(".").join("photo.png");
/// assert_eq!(FileId::of(&photo)?, FileId::of(&again)?);
/// assert_eq!(FileId::of(&dir.path().join("missing.png"))?, None);
/// # Ok::<(), std::io::Error>(())
/// ```
#[derive(Debug, PartialEq, Eq, Hash)]
pub struct FileId(Inner);

#[cfg(unix)]
#[derive(Debug, PartialEq, Eq, Hash)]
struct Inner {
    device: u64,
    inode: u64,
}

#[cfg(not(unix))]
#[derive(Debug, PartialEq, Eq, Hash)]
struct Inner(same_file::Handle);

impl FileId {
    /// The identity of the file `path` reaches (following links), or `None`
    /// when nothing exists there (a dangling link included).
    ///
    /// # Errors
    /// Any other failure to look at the path, e.g. a folder on the way that
    /// may not be read.
    pub fn of(path: &Path) -> std::io::Result<Option<FileId>> {
        match Self::lookup(path) {
            Ok(id) => Ok(Some(id)),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
            Err(e) => Err(e),
        }
    }

    #[cfg(unix)]
    fn lookup(path: &Path) -> std::io::Result<FileId> {
        use std::os::unix::fs::MetadataExt;
        let metadata = std::fs::metadata(path)?;
        Ok(FileId(Inner {
            device: metadata.dev(),
            inode: metadata.ino(),
        }))
    }

    #[cfg(not(unix))]
    fn lookup(path: &Path) -> std::io::Result<FileId> {
        same_file::Handle::from_path(path).map(|handle| FileId(Inner(handle)))
    }
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;

    #[test]
    fn links_reach_the_same_file_and_copies_do_not() {
        let dir = tempfile::tempdir().expect("temp dir");
        let file = dir.path().join("a.png");
        std::fs::write(&file, b"x").expect("written");
        let soft = dir.path().join("soft.png");
        std::os::unix::fs::symlink(&file, &soft).expect("symlink");
        let hard = dir.path().join("hard.png");
        std::fs::hard_link(&file, &hard).expect("hard link");
        let copy = dir.path().join("copy.png");
        std::fs::copy(&file, &copy).expect("copy");
        let id = FileId::of(&file).expect("looked at");
        assert!(id.is_some());
        assert_eq!(FileId::of(&soft).expect("soft"), id);
        assert_eq!(FileId::of(&hard).expect("hard"), id);
        assert_ne!(FileId::of(&copy).expect("copy"), id);
        let dangling = dir.path().join("dangling.png");
        std::os::unix::fs::symlink(dir.path().join("nowhere"), &dangling).expect("symlink");
        assert_eq!(FileId::of(&dangling).expect("dangling"), None);
    }
}
