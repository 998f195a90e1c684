//! Paths and text from a repository, made safe to print: a hostile file name
//! or pin can hold terminal escapes, newlines, bidirectional overrides or
//! bytes that are not UTF-8. One escaped form is used in every output format,
//! so a finding reads the same in the table, Markdown and JSON.

use std::fmt::Write;
use std::path::Path;

/// Whether `c` is shown escaped: control characters (C0, DEL, C1), the
/// backslash (the escape character itself), and the invisible format
/// characters that reorder or hide text (bidirectional overrides and
/// isolates, zero-width characters, the byte-order mark).
fn needs_escape(c: char) -> bool {
    c.is_control()
        || c == '\\'
        || matches!(c, '\u{200b}'..='\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2060}'..='\u{2069}' | '\u{feff}')
}

fn push_escaped(out: &mut String, text: &str) {
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if needs_escape(c) => {
                let _ = write!(out, "\\u{{{:x}}}", u32::from(c));
            }
            c => out.push(c),
        }
    }
}

/// `text` with control and invisible format characters escaped (`\n`,
/// `\u{1b}`, `\u{202e}`) and `\` doubled, so it prints on one line and cannot
/// drive a terminal.
///
/// ```
/// use toolcup_releases::scan::escape_text;
/// assert_eq!(escape_text("3.9\x1b[31m\nx"), "3.9\\u{1b}[31m\\nx");
/// assert_eq!(escape_text("plain 3.12"), "plain 3.12");
/// ```
pub fn escape_text(text: &str) -> String {
    if !text.chars().any(needs_escape) {
        return text.to_owned();
    }
    let mut out = String::with_capacity(text.len() + 8);
    push_escaped(&mut out, text);
    out
}

/// `path` as [`escape_text`] shows text, with `/` between components on
/// every platform, and each byte that is not UTF-8 (Unix file names are
/// bytes) written `\xNN`, so no two paths print the same.
///
/// ```
/// # #[cfg(unix)] {
/// use std::os::unix::ffi::OsStrExt;
/// use toolcup_releases::scan::escape_path;
/// let path = std::path::Path::new(std::ffi::OsStr::from_bytes(b"ci/\xffbad\nname.yml"));
/// assert_eq!(escape_path(path), "ci/\\xffbad\\nname.yml");
/// # }
/// ```
pub fn escape_path(path: &Path) -> String {
    let mut out = String::new();
    let mut separate = false;
    for part in path.components() {
        if separate {
            out.push('/');
        }
        match part {
            // `/`, and Windows' `\` after `C:`, shown as `/` like every separator.
            std::path::Component::RootDir => out.push('/'),
            _ => push_os(&mut out, part.as_os_str()),
        }
        // The root (`/`) and a Windows prefix (`C:`) need no separator after them.
        separate = !matches!(
            part,
            std::path::Component::RootDir | std::path::Component::Prefix(_)
        );
    }
    out
}

#[cfg(unix)]
fn push_os(out: &mut String, part: &std::ffi::OsStr) {
    use std::os::unix::ffi::OsStrExt;
    for chunk in part.as_bytes().utf8_chunks() {
        push_escaped(out, chunk.valid());
        for byte in chunk.invalid() {
            let _ = write!(out, "\\x{byte:02x}");
        }
    }
}

#[cfg(not(unix))]
fn push_os(out: &mut String, part: &std::ffi::OsStr) {
    match part.to_str() {
        Some(text) => push_escaped(out, text),
        // Windows names that are not valid UTF-16: the lossy form, marked.
        None => push_escaped(out, &part.to_string_lossy()),
    }
}

/// The bytes of `path`, percent-encoded as a relative URI reference (RFC
/// 3986): letters, digits, `-._~` and `/` between components as they are,
/// every other byte `%XX`. SARIF wants URIs; this keeps every byte.
pub(crate) fn path_uri(path: &Path) -> String {
    let mut out = String::new();
    let mut separate = false;
    for part in path.components() {
        if separate {
            out.push('/');
        }
        separate = part != std::path::Component::RootDir;
        if !separate {
            out.push('/');
            continue;
        }
        for &byte in os_bytes(part.as_os_str()).iter() {
            if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'.' | b'_' | b'~') {
                out.push(char::from(byte));
            } else {
                let _ = write!(out, "%{byte:02X}");
            }
        }
    }
    out
}

#[cfg(unix)]
fn os_bytes(part: &std::ffi::OsStr) -> std::borrow::Cow<'_, [u8]> {
    use std::os::unix::ffi::OsStrExt;
    std::borrow::Cow::Borrowed(part.as_bytes())
}

#[cfg(not(unix))]
fn os_bytes(part: &std::ffi::OsStr) -> std::borrow::Cow<'_, [u8]> {
    match part.to_string_lossy() {
        std::borrow::Cow::Borrowed(s) => std::borrow::Cow::Borrowed(s.as_bytes()),
        std::borrow::Cow::Owned(s) => std::borrow::Cow::Owned(s.into_bytes()),
    }
}

/// Serializes a path in its escaped form ([`escape_path`]).
pub(crate) fn serialize_path<S: serde::Serializer>(path: &Path, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(&escape_path(path))
}

/// Serializes text in its escaped form ([`escape_text`]).
pub(crate) fn serialize_text<S: serde::Serializer>(text: &str, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(&escape_text(text))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_dangerous_character_is_escaped() {
        for c in (0u32..0x20).chain([
            0x7f, 0x85, 0x9b, 0x200b, 0x200f, 0x202a, 0x202e, 0x2066, 0x2069, 0xfeff,
        ]) {
            let c = char::from_u32(c).expect("valid");
            let shown = escape_text(&format!("a{c}b"));
            assert!(
                shown.chars().all(|s| !needs_escape(s) || s == '\\'),
                "{c:?} -> {shown:?}"
            );
            assert!(shown.starts_with("a\\") && shown.ends_with('b'), "{shown}");
        }
        assert_eq!(escape_text("a\\b"), "a\\\\b");
        assert_eq!(escape_text("über 3.12"), "über 3.12");
    }

    #[test]
    fn absolute_paths_start_with_one_separator() {
        assert_eq!(escape_path(Path::new("/tmp/repo/x:1")), "/tmp/repo/x:1");
        assert_eq!(escape_path(Path::new("/")), "/");
        assert_eq!(escape_path(Path::new("a/b")), "a/b");
        assert_eq!(path_uri(Path::new("/tmp/a b")), "/tmp/a%20b");
        #[cfg(windows)]
        {
            assert_eq!(escape_path(Path::new(r"C:\repo\x:1")), "C:/repo/x:1");
            assert_eq!(escape_path(Path::new(r"\\?\C:\repo")), r"\\\\?\\C:/repo");
        }
    }

    #[test]
    fn uris_keep_every_byte() {
        assert_eq!(
            path_uri(Path::new("a b/.python-version")),
            "a%20b/.python-version"
        );
        assert_eq!(path_uri(Path::new("ci/x#1?.yml")), "ci/x%231%3F.yml");
        assert_eq!(path_uri(Path::new("é")), "%C3%A9");
        #[cfg(unix)]
        {
            use std::os::unix::ffi::OsStrExt;
            let p = Path::new(std::ffi::OsStr::from_bytes(b"\xff\x1b/x"));
            assert_eq!(path_uri(p), "%FF%1B/x");
            assert_eq!(escape_path(p), "\\xff\\u{1b}/x");
        }
    }
}
