//! `.python-version`: the project's requested Python, as pyenv and uv read it.
//!
//! One request per line (pyenv allows several, the first installed one wins);
//! blank lines and `#` comments are ignored. A request is a version prefix
//! (`3.12`, `3.12.1`), optionally with an implementation (`cpython-3.12`,
//! `cpython@3.12`, uv's spelling), or a name (`system`, a pyenv virtualenv name).

use std::path::{Path, PathBuf};

use crate::error::Result;
use crate::files::{MAX_SMALL_FILE, is_not_found, read_text};

/// One line of a `.python-version` file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct VersionRequest {
    /// The line as written (trimmed).
    pub text: String,
    /// The version numbers it asks for, when it names CPython numbers:
    /// `[3, 12]` for `3.12`, `[3, 12, 1]` for `cpython@3.12.1`.
    pub numbers: Option<Vec<u32>>,
}

impl VersionRequest {
    /// Reads one request. Never fails: names it does not understand keep `numbers: None`.
    ///
    /// ```
    /// use toolcup_releases::discovery::VersionRequest;
    /// assert_eq!(VersionRequest::parse("cpython@3.12").numbers, Some(vec![3, 12]));
    /// assert_eq!(VersionRequest::parse("system").numbers, None);
    /// ```
    pub fn parse(text: &str) -> VersionRequest {
        let text = text.trim();
        let bare = text
            .strip_prefix("cpython@")
            .or_else(|| text.strip_prefix("cpython-"))
            .or_else(|| text.strip_prefix("python-"))
            .or_else(|| text.strip_prefix("python"))
            .unwrap_or(text);
        let numbers: Option<Vec<u32>> = bare
            .split('.')
            .map(|part| {
                if !part.is_empty() && part.len() <= 9 && part.bytes().all(|b| b.is_ascii_digit()) {
                    part.parse().ok()
                } else {
                    None
                }
            })
            .collect();
        let numbers = numbers.filter(|n| (1..=3).contains(&n.len()));
        VersionRequest {
            text: text.to_owned(),
            numbers,
        }
    }

    /// Whether `version` satisfies this request (a prefix match on the numbers).
    pub fn matches(&self, version: &crate::version::Version) -> bool {
        let have = [version.major, version.minor, version.patch];
        self.numbers
            .as_ref()
            .is_some_and(|want| want.iter().zip(have.iter()).all(|(w, h)| w == h))
    }
}

/// Parses the text of a `.python-version` file into its requests.
///
/// ```
/// use toolcup_releases::discovery::parse_python_version_file;
/// let requests = parse_python_version_file("# pinned\n3.12.1\n\n3.11\n");
/// assert_eq!(requests.len(), 2);
/// assert_eq!(requests[0].numbers, Some(vec![3, 12, 1]));
/// ```
pub fn parse_python_version_file(text: &str) -> Vec<VersionRequest> {
    // pyenv (`pyenv-version-file-read`) takes the first word of each line and
    // skips a line whose first word is missing or starts with `#`.
    text.lines()
        .filter_map(|line| line.split_whitespace().next())
        .filter(|word| !word.starts_with('#'))
        .map(VersionRequest::parse)
        .collect()
}

/// Looks for `.python-version` in `start` and its parents; returns the file and its requests.
pub fn find_python_version_file(start: &Path) -> Result<Option<(PathBuf, Vec<VersionRequest>)>> {
    for dir in start.ancestors() {
        let path = dir.join(".python-version");
        match read_text(&path, MAX_SMALL_FILE) {
            Ok(text) => return Ok(Some((path, parse_python_version_file(&text)))),
            Err(e) if is_not_found(&e) => {}
            Err(e) => return Err(e),
        }
    }
    Ok(None)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::version::Version;

    #[test]
    fn requests() {
        let r = parse_python_version_file(
            "3.12.1 3.11\n# comment\nmyenv  # trailing\n\ncpython-3.13\n",
        );
        let texts: Vec<&str> = r.iter().map(|r| r.text.as_str()).collect();
        // As pyenv reads it: the first word of each line only.
        assert_eq!(texts, ["3.12.1", "myenv", "cpython-3.13"]);
        assert!(VersionRequest::parse("3.11").matches(&Version::new(3, 11, 7)));
        assert!(VersionRequest::parse("python-3.11").matches(&Version::new(3, 11, 7)));
        assert!(!r[0].matches(&Version::new(3, 12, 2)));
        assert!(!r[1].matches(&Version::new(3, 12, 2)));
        assert_eq!(VersionRequest::parse("3.").numbers, None);
        assert_eq!(VersionRequest::parse("3.12.1.4").numbers, None);
    }

    #[test]
    fn finds_in_parent() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join(".python-version"), "3.11\n").unwrap();
        let sub = dir.path().join("a/b");
        std::fs::create_dir_all(&sub).unwrap();
        let (path, requests) = find_python_version_file(&sub).unwrap().unwrap();
        assert_eq!(path, dir.path().join(".python-version"));
        assert_eq!(requests[0].numbers, Some(vec![3, 11]));
    }
}
