//! The readers of each kind of file: text in, pins with their line and
//! column out. None of them recurses on the input, so nesting cannot
//! overflow the stack; TOML goes to the `toml` crate only after a check of
//! its nesting depth.

mod containerfile;
mod ini;
mod lines;
mod python_source;
mod requirement;
mod toml_files;
mod yaml;

use std::path::Path;

use super::PinSite;
use super::files::FileKind;
use super::pin::{Pin, Source};
use crate::catalog::Product;

/// One pin found in a file, before it knows its file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Hit {
    pub line: u32,
    pub column: u32,
    pub source: Source,
    pub product: Product,
    pub text: String,
    pub pin: Pin,
    pub note: Option<String>,
}

impl Hit {
    pub fn at(self, path: &Path) -> PinSite {
        PinSite {
            path: path.to_owned(),
            line: self.line,
            column: self.column,
            source: self.source,
            product: self.product,
            text: self.text,
            pin: self.pin,
            note: self.note,
        }
    }
}

/// Collects hits with their positions.
#[derive(Default)]
pub(crate) struct Hits {
    hits: Vec<Hit>,
}

impl Hits {
    /// A hit at 0-based `line_index`, at byte `offset` of `line`.
    #[allow(clippy::too_many_arguments)] // where (3) and what (4): every reader calls it so
    pub fn push(
        &mut self,
        line_index: usize,
        line: &str,
        offset: usize,
        source: Source,
        product: Product,
        text: &str,
        pin: Pin,
    ) {
        self.push_noted(line_index, line, offset, source, product, text, pin, None);
    }

    #[allow(clippy::too_many_arguments)] // as `push`, with a note
    pub fn push_noted(
        &mut self,
        line_index: usize,
        line: &str,
        offset: usize,
        source: Source,
        product: Product,
        text: &str,
        pin: Pin,
        note: Option<String>,
    ) {
        let offset = offset.min(line.len());
        let column = line.get(..offset).map_or(offset, |s| s.chars().count()) + 1;
        self.hits.push(Hit {
            line: u32::try_from(line_index + 1).unwrap_or(u32::MAX),
            column: u32::try_from(column).unwrap_or(u32::MAX),
            source,
            product,
            text: text.to_owned(),
            pin,
            note,
        });
    }

    pub fn into_vec(self) -> Vec<Hit> {
        self.hits
    }
}

/// The byte offset of `inner` inside `outer`, when `inner` is a slice of it.
pub(crate) fn offset_in(outer: &str, inner: &str) -> usize {
    let start = outer.as_ptr() as usize;
    let at = inner.as_ptr() as usize;
    if at >= start && at <= start + outer.len() {
        at - start
    } else {
        0
    }
}

/// The pins of a file of `kind`, or why it could not be read.
pub(crate) fn parse(kind: FileKind, text: &str) -> Result<Vec<Hit>, String> {
    let mut hits = Hits::default();
    match kind {
        FileKind::PythonVersion => lines::python_version(text, &mut hits),
        FileKind::ToolVersions => lines::tool_versions(text, &mut hits),
        FileKind::RuntimeTxt => lines::runtime_txt(text, &mut hits),
        FileKind::Requirements => lines::requirements(text, &mut hits),
        FileKind::UvLock | FileKind::PoetryLock => lines::lock(text, &mut hits),
        FileKind::Pyproject => toml_files::pyproject(text, &mut hits)?,
        FileKind::Mise => toml_files::mise(text, &mut hits)?,
        FileKind::Pipfile => toml_files::pipfile(text, &mut hits)?,
        FileKind::ToxToml => toml_files::tox_toml(text, &mut hits)?,
        FileKind::SetupCfg => ini::setup_cfg(text, &mut hits),
        FileKind::ToxIni => ini::tox_ini(text, &mut hits),
        FileKind::SetupPy => python_source::setup_py(text, &mut hits),
        FileKind::Noxfile => python_source::noxfile(text, &mut hits),
        FileKind::Workflow => yaml::workflow(text, &mut hits),
        FileKind::CondaEnvironment => yaml::conda(text, &mut hits),
        FileKind::Containerfile => containerfile::containerfile(text, &mut hits),
    }
    Ok(hits.into_vec())
}

/// A trove classifier naming a Python or Django branch:
/// `Programming Language :: Python :: 3.9`, `Framework :: Django :: 4.2`.
/// `Python :: 3`, `Python :: 3 :: Only` and implementation classifiers are
/// not pins of a branch.
pub(crate) fn classifier(text: &str) -> Option<(Product, Pin)> {
    let parts: Vec<&str> = text.split("::").map(str::trim).collect();
    let (product, version) = match parts.as_slice() {
        ["Programming Language", "Python", v] => (Product::Python, *v),
        ["Framework", "Django", v] => (Product::Django, *v),
        _ => return None,
    };
    match crate::version::leading_numbers(version)? {
        (n, "") if n.len() == 2 => Some((
            product,
            Pin::Branch(crate::version::Branch::new(n[0], n[1])),
        )),
        _ => None,
    }
}

/// Tox factors and the like: `py38`, `py310`, `py3.11`, `py3`, `python3.9`,
/// `django42`, `dj32`, `django5.0`. Python's digits after the major are the
/// minor (`py310` is 3.10); so are Django's (`django42` is 4.2, `django111`
/// is 1.11).
pub(crate) fn factor(factor: &str) -> Option<(Product, Pin)> {
    let lower = factor.to_ascii_lowercase();
    if lower.starts_with("pypy") {
        return Some((
            Product::Python,
            Pin::Other("pypy is not CPython: no release data".to_owned()),
        ));
    }
    let (product, digits) = if let Some(rest) = lower
        .strip_prefix("python")
        .or_else(|| lower.strip_prefix("py"))
    {
        (Product::Python, rest)
    } else if let Some(rest) = lower
        .strip_prefix("django")
        .or_else(|| lower.strip_prefix("dj"))
    {
        (Product::Django, rest)
    } else {
        return None;
    };
    if digits.contains('.') {
        let (n, tail) = crate::version::leading_numbers(digits)?;
        return match (n.as_slice(), tail) {
            (&[major, minor], "") => Some((
                product,
                Pin::Branch(crate::version::Branch::new(major, minor)),
            )),
            (&[major], "") => Some((product, Pin::Major(major))),
            _ => None,
        };
    }
    if digits.is_empty() || digits.len() > 4 || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let major = u32::from(digits.as_bytes()[0] - b'0');
    if digits.len() == 1 {
        return Some((product, Pin::Major(major)));
    }
    let minor: u32 = digits[1..].parse().ok()?;
    Some((
        product,
        Pin::Branch(crate::version::Branch::new(major, minor)),
    ))
}

/// The string literals of a line of Python or YAML flow text: `(offset of
/// the content, content)` for each `"…"` or `'…'`, escapes not interpreted
/// (versions hold none).
pub(crate) fn quoted(line: &str) -> Vec<(usize, &str)> {
    let mut out = Vec::new();
    let bytes = line.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let q = bytes[i];
        if q == b'#' {
            break;
        }
        if q == b'"' || q == b'\'' {
            let start = i + 1;
            let mut j = start;
            while j < bytes.len() && bytes[j] != q {
                if bytes[j] == b'\\' {
                    j += 1;
                }
                j += 1;
            }
            if j >= bytes.len() {
                break;
            }
            if let Some(content) = line.get(start..j) {
                out.push((start, content));
            }
            i = j + 1;
        } else {
            i += 1;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn factors() {
        let shown = |f: &str| factor(f).map(|(p, pin)| format!("{p} {pin}"));
        assert_eq!(shown("py38").as_deref(), Some("Python 3.8"));
        assert_eq!(shown("py310").as_deref(), Some("Python 3.10"));
        assert_eq!(shown("py3.11").as_deref(), Some("Python 3.11"));
        assert_eq!(shown("py3").as_deref(), Some("Python 3"));
        assert_eq!(shown("python3.9").as_deref(), Some("Python 3.9"));
        assert_eq!(shown("django42").as_deref(), Some("Django 4.2"));
        assert_eq!(shown("dj111").as_deref(), Some("Django 1.11"));
        assert_eq!(shown("django5.0").as_deref(), Some("Django 5.0"));
        assert!(shown("pypy3").is_some_and(|s| s.contains("pypy")));
        for none in [
            "lint",
            "docs",
            "py",
            "djangomain",
            "py3x",
            "py99999",
            "pyflakes",
        ] {
            assert_eq!(shown(none), None, "{none}");
        }
    }

    #[test]
    fn classifiers() {
        let shown = |c: &str| classifier(c).map(|(p, pin)| format!("{p} {pin}"));
        assert_eq!(
            shown("Programming Language :: Python :: 3.9").as_deref(),
            Some("Python 3.9")
        );
        assert_eq!(
            shown("Framework :: Django :: 4.2").as_deref(),
            Some("Django 4.2")
        );
        assert_eq!(shown("Programming Language :: Python :: 3"), None);
        assert_eq!(shown("Programming Language :: Python :: 3 :: Only"), None);
        assert_eq!(
            shown("Programming Language :: Python :: Implementation :: CPython"),
            None
        );
        assert_eq!(shown("Framework :: Django"), None);
    }

    #[test]
    fn string_literals() {
        let line = r#"python=["3.9", '3.10', "a\"b"]  # "3.8""#;
        let found: Vec<&str> = quoted(line).into_iter().map(|(_, s)| s).collect();
        assert_eq!(found, ["3.9", "3.10", "a\\\"b"]);
        assert_eq!(quoted("\"unterminated"), []);
    }
}
