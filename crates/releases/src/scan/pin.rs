//! What a pin means ([`Pin`]), what kind of place holds it ([`Source`]), and
//! the readers of the version forms found in the wild: `3.12.1`, `3.12`, `3`,
//! `3.x`, `py312`, `python-3.12`, `cpython-3.12.1`, `3.13t`, `pypy3.10`, `^3.9`.

use std::fmt;

use crate::requires_python::RequiresPython;
use crate::version::{Branch, Version};

/// What kind of place a pin is in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Source {
    /// A line of `.python-version`.
    PythonVersionFile,
    /// `[project] requires-python` of `pyproject.toml`.
    RequiresPython,
    /// A trove classifier: `Programming Language :: Python :: 3.9`,
    /// `Framework :: Django :: 4.2`.
    Classifier,
    /// `[tool.poetry.dependencies] python`.
    PoetryPython,
    /// `python_requires` of `setup.cfg` or `setup.py`.
    PythonRequires,
    /// A factor of a tox environment (`py39`, `django42`) or its `basepython`.
    ToxEnv,
    /// A `python=` of a nox session, or a list of versions nox sessions use.
    NoxSession,
    /// `python-version` given to `actions/setup-python` in a GitHub workflow.
    SetupPython,
    /// An entry of a GitHub workflow's build matrix.
    CiMatrix,
    /// A container image: `FROM python:3.12-slim`, an `ARG PYTHON_VERSION=`,
    /// or a workflow's `image:`.
    ContainerImage,
    /// A line of asdf's `.tool-versions`.
    ToolVersions,
    /// `[tools] python` of `mise.toml`.
    Mise,
    /// `runtime.txt` (Heroku and friends).
    RuntimeTxt,
    /// `[requires] python_version` or `python_full_version` of a `Pipfile`.
    Pipfile,
    /// `python` in a conda `environment.yml`.
    Conda,
    /// A Django requirement: `pyproject.toml`, `setup.cfg`, `setup.py`,
    /// `Pipfile`, `environment.yml` or `requirements*.txt`.
    Dependency,
    /// The Django version a lock file (`uv.lock`, `poetry.lock`) installs.
    Lock,
}

impl Source {
    /// A short label for tables: `.python-version`, `requires-python`, `tox env`, …
    pub fn label(self) -> &'static str {
        match self {
            Source::PythonVersionFile => ".python-version",
            Source::RequiresPython => "requires-python",
            Source::Classifier => "classifier",
            Source::PoetryPython => "Poetry python",
            Source::PythonRequires => "python_requires",
            Source::ToxEnv => "tox env",
            Source::NoxSession => "nox session",
            Source::SetupPython => "setup-python",
            Source::CiMatrix => "CI matrix",
            Source::ContainerImage => "container image",
            Source::ToolVersions => ".tool-versions",
            Source::Mise => "mise",
            Source::RuntimeTxt => "runtime.txt",
            Source::Pipfile => "Pipfile",
            Source::Conda => "conda",
            Source::Dependency => "dependency",
            Source::Lock => "lock file",
        }
    }
}

impl fmt::Display for Source {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.label())
    }
}

/// What a pin means.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Pin {
    /// One release: `3.12.1`, `Django==4.2.11`, a lock file's version.
    Version(Version),
    /// A branch, any patch: `3.12`, `py312`, `python:3.12-slim`, a classifier.
    Branch(Branch),
    /// The newest release of a major version: `3`, `3.x`, `python:3`.
    Major(u32),
    /// Version specifiers (PEP 440), any of the alternatives: `>=3.9`,
    /// Poetry's `^3.9 || ^4.0`. Its floor (the oldest branch allowed) is what
    /// gets a status.
    Specifier(Vec<RequiresPython>),
    /// A pin the release data cannot answer for (PyPy, GraalPy, …), and why.
    Other(String),
}

impl fmt::Display for Pin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Pin::Version(v) => write!(f, "{v}"),
            Pin::Branch(b) => write!(f, "{b}"),
            Pin::Major(m) => write!(f, "{m}"),
            Pin::Specifier(alternatives) => {
                for (i, spec) in alternatives.iter().enumerate() {
                    if i > 0 {
                        f.write_str(" || ")?;
                    }
                    write!(f, "{spec}")?;
                }
                Ok(())
            }
            Pin::Other(reason) => f.write_str(reason),
        }
    }
}

impl serde::Serialize for Pin {
    /// `{"kind": "version" | "branch" | "major" | "specifier" | "other", "value": "…"}`.
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let kind = match self {
            Pin::Version(_) => "version",
            Pin::Branch(_) => "branch",
            Pin::Major(_) => "major",
            Pin::Specifier(_) => "specifier",
            Pin::Other(_) => "other",
        };
        let mut st = s.serialize_struct("Pin", 2)?;
        st.serialize_field("kind", kind)?;
        st.serialize_field("value", &super::escape_text(&self.to_string()))?;
        st.end()
    }
}

/// A CPython version as interpreters, CI and version managers write it:
/// `3.12.1`, `3.12`, `3`, `3.x`, `3.12.x`, `3.13t` (free-threaded),
/// `3.14-dev`, `3.13.0rc2`, `python-3.12`, `python3.12`, `cpython-3.12.1`,
/// `cpython@3.12`, `v3.12`. PyPy, GraalPy and other implementations give
/// [`Pin::Other`]; `system`, `latest` and text that is not a version give `None`.
pub(crate) fn python_version(text: &str) -> Option<Pin> {
    let text = text.trim();
    let lower = text.to_ascii_lowercase();
    for other in [
        "pypy",
        "graalpy",
        "jython",
        "ironpython",
        "micropython",
        "stackless",
        "anaconda",
        "miniconda",
        "miniforge",
        "mambaforge",
        "pyston",
    ] {
        if lower.starts_with(other) {
            return Some(Pin::Other(format!(
                "{other} is not CPython: no release data"
            )));
        }
    }
    if ["pp", "gp"].iter().any(|p| {
        lower
            .strip_prefix(p)
            .is_some_and(|r| r.starts_with(|c: char| c.is_ascii_digit()))
    }) {
        return Some(Pin::Other(format!(
            "{} is not CPython: no release data",
            &lower[..2]
        )));
    }
    // uv's compact `cp312`: the first digit is the major version.
    let compact = lower
        .strip_prefix("cp")
        .filter(|r| r.len() >= 2 && r.bytes().all(|b| b.is_ascii_digit()))
        .map(|r| format!("{}.{}", &r[..1], &r[1..]));
    let rest = match &compact {
        Some(dotted) => dotted.as_str(),
        None => [
            "cpython-", "cpython@", "cpython", "python-", "python@", "python", "v",
        ]
        .iter()
        .find_map(|p| lower.strip_prefix(p))
        .unwrap_or(&lower),
    };
    let (numbers, tail) = crate::version::leading_numbers(rest)?;
    // uv's variants: `t` (free-threaded), `d` (debug), `td`, `+freethreaded`, `+debug`.
    let tail = ["td", "d"]
        .iter()
        .find_map(|v| {
            tail.strip_prefix(v)
                .filter(|r| r.is_empty() || r.starts_with('-'))
        })
        .unwrap_or(tail);
    // What may follow: nothing, `.x` / `.*`, a free-threading `t`, `-dev`,
    // a pre-release tag, or a platform suffix of uv (`-linux-x86_64-gnu`).
    let tail_ok = tail.is_empty()
        || matches!(tail, ".x" | ".*" | "t" | "-dev" | "+")
        || tail.starts_with(['-', '+'])
        || tail.starts_with(['a', 'b', 'r', 'c', 't']);
    if !tail_ok {
        return None;
    }
    match *numbers.as_slice() {
        [major] => Some(Pin::Major(major)),
        [major, minor] => {
            let pre = pre_release(tail);
            match pre {
                Some(pre) => Some(Pin::Version(Version {
                    major,
                    minor,
                    patch: 0,
                    pre: Some(pre),
                })),
                None if tail == ".x"
                    || tail == ".*"
                    || tail.is_empty()
                    || !tail.starts_with(['a', 'b', 'r', 'c']) =>
                {
                    Some(Pin::Branch(Branch::new(major, minor)))
                }
                None => None,
            }
        }
        [major, minor, patch] => {
            let pre = pre_release(tail);
            if pre.is_none() && tail.starts_with(['a', 'b', 'r', 'c']) {
                return None;
            }
            Some(Pin::Version(Version {
                major,
                minor,
                patch,
                pre,
            }))
        }
        _ => None,
    }
}

/// A pre-release tag right after the numbers: `a1`, `b2`, `rc3`, `c1`,
/// `-alpha.1`, `-beta.2`, `-rc.3`.
fn pre_release(tail: &str) -> Option<(crate::version::PreKind, u32)> {
    use crate::version::PreKind;
    let tail = tail.strip_prefix('-').unwrap_or(tail);
    let (kind, rest) = [
        ("alpha", PreKind::Alpha),
        ("beta", PreKind::Beta),
        ("rc", PreKind::Candidate),
        ("a", PreKind::Alpha),
        ("b", PreKind::Beta),
        ("c", PreKind::Candidate),
    ]
    .iter()
    .find_map(|(p, k)| tail.strip_prefix(p).map(|r| (*k, r)))?;
    let rest = rest.strip_prefix('.').unwrap_or(rest);
    let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
    if digits == 0 || digits > 9 {
        return None;
    }
    Some((kind, rest[..digits].parse().ok()?))
}

/// A Python or Django specifier set as PEP 440 writes it (`>=3.9,<4`), read
/// into a pin: `==3.9.1` is that version, `==3.9.*` that branch, anything
/// else a [`Pin::Specifier`]. `None` when it does not read.
pub(crate) fn pep440(text: &str) -> Option<Pin> {
    let trimmed = text.trim();
    if trimmed.is_empty() {
        return None;
    }
    if let Some(exact) = trimmed
        .strip_prefix("===")
        .or_else(|| trimmed.strip_prefix("=="))
    {
        let exact = exact.trim();
        if !exact.contains(',') {
            if let Some(branch) = exact.strip_suffix(".*") {
                if let Some((n, "")) = crate::version::leading_numbers(branch) {
                    return match *n.as_slice() {
                        [major, minor] => Some(Pin::Branch(Branch::new(major, minor))),
                        [major] => Some(Pin::Major(major)),
                        _ => trimmed.parse().ok().map(|s| Pin::Specifier(vec![s])),
                    };
                }
            } else if let Ok(v) = exact.parse::<Version>() {
                return Some(Pin::Version(v));
            }
        }
    }
    trimmed.parse().ok().map(|s| Pin::Specifier(vec![s]))
}

/// A Poetry constraint: `^3.9`, `~3.9`, `~=3.9`, `3.9.*`, `>=3.8,<4.0`,
/// `>=3.8 <4.0`, alternatives joined by `||` (or `|`); a bare `3.9.1` is that
/// version. `*` and text that does not read give `None`.
pub(crate) fn poetry(text: &str) -> Option<Pin> {
    let text = text.trim();
    if text.is_empty() || text == "*" {
        return None;
    }
    let alternatives: Vec<&str> = text
        .split('|')
        .map(str::trim)
        .filter(|a| !a.is_empty())
        .collect();
    if alternatives.len() == 1 {
        let only = alternatives[0];
        if let Some((numbers, "")) = crate::version::leading_numbers(only) {
            return Some(match *numbers.as_slice() {
                [major] => Pin::Major(major),
                [major, minor] => Pin::Branch(Branch::new(major, minor)),
                _ => Pin::Version(Version::new(numbers[0], numbers[1], numbers[2])),
            });
        }
    }
    let specs = alternatives
        .iter()
        .map(|alt| poetry_to_pep440(alt)?.parse::<RequiresPython>().ok())
        .collect::<Option<Vec<_>>>()?;
    if specs.is_empty() {
        return None;
    }
    if specs.len() == 1
        && let Some(pin) = pep440(&specs[0].to_string())
    {
        return Some(pin);
    }
    Some(Pin::Specifier(specs))
}

/// One Poetry alternative in PEP 440: `^X.Y` is `>=X.Y,<X+1` (`^0.Y` is
/// `>=0.Y,<0.Y+1`), `~X.Y` is `>=X.Y,<X.Y+1`, `X.Y.*` is `==X.Y.*`; clauses
/// may be separated by spaces or commas.
fn poetry_to_pep440(alternative: &str) -> Option<String> {
    let mut clauses = Vec::new();
    for clause in alternative.split([',', ' ']).filter(|c| !c.is_empty()) {
        if let Some(v) = clause.strip_prefix('^') {
            let (n, tail) = crate::version::leading_numbers(v)?;
            if !tail.is_empty() && tail != ".*" {
                return None;
            }
            let upper = match n.as_slice() {
                [0, minor, ..] => format!("0.{}", minor.checked_add(1)?),
                [major, ..] => format!("{}", major.checked_add(1)?),
                [] => return None,
            };
            clauses.push(format!(">={v},<{upper}"));
        } else if let Some(v) = clause.strip_prefix('~').filter(|v| !v.starts_with('=')) {
            let (n, tail) = crate::version::leading_numbers(v)?;
            if !tail.is_empty() {
                return None;
            }
            let upper = match n.as_slice() {
                [major] => format!("{}", major.checked_add(1)?),
                [major, minor, ..] => format!("{major}.{}", minor.checked_add(1)?),
                [] => return None,
            };
            clauses.push(format!(">={v},<{upper}"));
        } else if clause.starts_with(|c: char| c.is_ascii_digit()) {
            clauses.push(format!("=={clause}"));
        } else {
            clauses.push(clause.to_owned());
        }
    }
    if clauses.is_empty() {
        return None;
    }
    Some(clauses.join(","))
}

/// A conda match spec's version for `python` or `django`: `=3.9` (any 3.9),
/// `=3.9.7`, `==3.9.7`, `3.9.*`, `>=3.8,<3.12`, `=3.9.7=h12_0` (a build
/// string after a second `=`).
pub(crate) fn conda(text: &str) -> Option<Pin> {
    let text = text.trim();
    if let Some(rest) = text.strip_prefix('=').filter(|r| !r.starts_with('=')) {
        let version = rest.split('=').next().unwrap_or(rest).trim();
        let version = version
            .strip_suffix(".*")
            .or_else(|| version.strip_suffix('*'))
            .unwrap_or(version);
        let (numbers, tail) = crate::version::leading_numbers(version)?;
        if !tail.is_empty() && tail != "." {
            return python_version(version);
        }
        return Some(match *numbers.as_slice() {
            [major] => Pin::Major(major),
            [major, minor] => Pin::Branch(Branch::new(major, minor)),
            _ => Pin::Version(Version::new(numbers[0], numbers[1], numbers[2])),
        });
    }
    if text.starts_with(|c: char| c.is_ascii_digit()) {
        // `python 3.9` or `python 3.9.*`: the version with a space.
        return conda(&format!("={text}"));
    }
    let spec = text.split_whitespace().next().unwrap_or(text);
    let spec = match spec.split_once("==") {
        Some((_, v)) if v.matches('=').count() == 1 => {
            spec.rsplit_once('=').map_or(spec, |(a, _)| a)
        }
        _ => spec,
    };
    pep440(spec)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shown(pin: Option<Pin>) -> String {
        match pin {
            None => "none".to_owned(),
            Some(Pin::Version(v)) => format!("version {v}"),
            Some(Pin::Branch(b)) => format!("branch {b}"),
            Some(Pin::Major(m)) => format!("major {m}"),
            Some(p @ Pin::Specifier(_)) => format!("spec {p}"),
            Some(Pin::Other(r)) => format!("other {}", r.split(' ').next().unwrap_or("")),
        }
    }

    #[test]
    fn python_versions_in_the_wild() {
        for (text, want) in [
            ("3.12.1", "version 3.12.1"),
            ("3.12", "branch 3.12"),
            ("3", "major 3"),
            ("3.x", "major 3"),
            ("3.12.x", "branch 3.12"),
            ("3.13t", "branch 3.13"),
            ("3.14-dev", "branch 3.14"),
            ("3.13.0rc2", "version 3.13.0rc2"),
            ("3.14.0-alpha.3", "version 3.14.0a3"),
            ("3.13.0b1", "version 3.13.0b1"),
            ("python-3.12", "branch 3.12"),
            ("python3.9", "branch 3.9"),
            ("cpython-3.12.1", "version 3.12.1"),
            ("cpython-3.12.1-linux-x86_64-gnu", "version 3.12.1"),
            ("cpython@3.11", "branch 3.11"),
            ("cp312", "branch 3.12"),
            ("cpython3.12", "branch 3.12"),
            ("3.13+freethreaded", "branch 3.13"),
            ("3.12.0d", "version 3.12.0"),
            ("3.13td", "branch 3.13"),
            (
                "cpython-3.13.1+freethreaded-linux-x86_64-gnu",
                "version 3.13.1",
            ),
            ("pp310", "other pp"),
            ("pypy@3.10", "other pypy"),
            ("  3.10  ", "branch 3.10"),
            ("pypy3.10", "other pypy"),
            ("pypy-3.9-7.3.13", "other pypy"),
            ("graalpy-24.1", "other graalpy"),
            ("miniconda3-4.7.12", "other miniconda"),
            ("system", "none"),
            ("latest", "none"),
            ("", "none"),
            ("3.", "none"),
            (".3", "none"),
            ("3.12.1.4", "none"),
            ("3.12rc", "none"),
            ("99999999999.1", "none"),
            ("3.12z", "none"),
        ] {
            assert_eq!(shown(python_version(text)), want, "{text:?}");
        }
        // The `.x` of 3.x leaves one number: a major version.
        assert_eq!(shown(python_version("3.x")), "major 3");
    }

    #[test]
    fn pep440_pins() {
        assert_eq!(shown(pep440("==4.2.11")), "version 4.2.11");
        assert_eq!(shown(pep440("==4.2.*")), "branch 4.2");
        assert_eq!(shown(pep440(">=3.8")), "spec >=3.8");
        assert_eq!(shown(pep440(">=3.2,<4.0")), "spec >=3.2,<4.0");
        assert_eq!(shown(pep440("")), "none");
        assert_eq!(shown(pep440("bogus")), "none");
    }

    #[test]
    fn poetry_constraints() {
        assert_eq!(shown(poetry("^3.9")), "spec >=3.9,<4");
        assert_eq!(shown(poetry("~3.9")), "spec >=3.9,<3.10");
        assert_eq!(shown(poetry(">=3.8 <4.0")), "spec >=3.8,<4.0");
        assert_eq!(shown(poetry("3.9")), "branch 3.9");
        assert_eq!(shown(poetry("3.9.1")), "version 3.9.1");
        assert_eq!(shown(poetry("3.9.*")), "branch 3.9");
        assert_eq!(shown(poetry("^2.7 || ^3.6")), "spec >=2.7,<3 || >=3.6,<4");
        assert_eq!(shown(poetry("*")), "none");
        assert_eq!(shown(poetry("^x")), "none");
        assert_eq!(shown(poetry(&format!("^{}", u32::MAX))), "none");
    }

    #[test]
    fn conda_specs() {
        assert_eq!(shown(conda("=3.9")), "branch 3.9");
        assert_eq!(shown(conda("=3.9.7=h12debd9_1")), "version 3.9.7");
        assert_eq!(shown(conda("==3.10.4")), "version 3.10.4");
        assert_eq!(shown(conda("3.9.*")), "branch 3.9");
        assert_eq!(shown(conda("3.11")), "branch 3.11");
        assert_eq!(shown(conda(">=3.8,<3.12")), "spec >=3.8,<3.12");
        assert_eq!(shown(conda("=3")), "major 3");
    }
}
