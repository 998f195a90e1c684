//! `.python-version`: the project's requested Python, as pyenv and uv read it.
//!
//! One request per line (pyenv allows several, the first installed one wins);
//! blank lines and `#` comments are ignored. A request is, as pyenv and uv
//! write them:
//! - a version prefix: `3`, `3.12`, `3.12.1`, `3.13.0rc2`, `python-3.12`, `python3.12`;
//! - uv's forms: an implementation alone (`cpython`, `pypy`), with a version
//!   (`cpython@3.12`, `pypy@3.10`, `cpython3.12`, `cp312`, `pp310`), a variant
//!   (`3.13t` and `3.13+freethreaded` free-threaded, `3.12d` and `3.12+debug`
//!   debug, `3.13td`), a specifier (`>=3.12,<3.13`, `cpython>=3.12`) or a full
//!   key (`cpython-3.12.1-linux-x86_64-gnu`, `cpython-3.13.1+freethreaded-macos-aarch64-none`);
//! - a name (`system`, a pyenv virtualenv name), which only pyenv resolves.
//!
//! uv also accepts a path to an interpreter or a folder: such a line is never
//! started from (it is file content), and reads as a name.

use std::path::{Path, PathBuf};

use crate::error::Result;
use crate::files::{MAX_SMALL_FILE, is_not_found, read_text};
use crate::requires_python::RequiresPython;
use crate::version::{PreKind, Version};

/// A Python implementation named by a request or an install.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Implementation {
    /// CPython (`cpython`, `cp`).
    CPython,
    /// PyPy (`pypy`, `pp`).
    PyPy,
    /// GraalPy (`graalpy`, `gp`).
    GraalPy,
    /// Pyodide (`pyodide`).
    Pyodide,
}

impl Implementation {
    /// The names uv accepts for it, longest first.
    fn names(self) -> &'static [&'static str] {
        match self {
            Implementation::CPython => &["cpython", "cp"],
            Implementation::PyPy => &["pypy", "pp"],
            Implementation::GraalPy => &["graalpy", "gp"],
            Implementation::Pyodide => &["pyodide"],
        }
    }

    /// `cpython`, `pypy`, `graalpy`, `pyodide`.
    pub fn name(self) -> &'static str {
        self.names()[0]
    }
}

/// The build variant: uv's `t` / `+freethreaded` and `d` / `+debug`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Variant {
    /// The usual build (with the GIL).
    #[default]
    Default,
    /// Free-threaded (no GIL): `3.13t`.
    Freethreaded,
    /// A debug build: `3.12d`.
    Debug,
    /// Free-threaded and debug: `3.13td`.
    FreethreadedDebug,
}

/// What is known of an installed interpreter without starting it, from its
/// install folder's name (uv's `cpython-3.13.1+freethreaded-linux-x86_64-gnu`,
/// pyenv's `pypy3.10-7.3.17` or `3.13.1t`) or its file name (`python3.13t`).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct InstallFacts {
    /// The implementation, when the name says.
    pub implementation: Option<Implementation>,
    /// The variant, when the name says.
    pub variant: Option<Variant>,
    /// uv's platform part (`linux-x86_64-gnu`), for uv installs.
    pub platform: Option<String>,
}

/// One line of a `.python-version` file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct VersionRequest {
    /// The line as written (trimmed).
    pub text: String,
    /// The version numbers it asks for (any implementation):
    /// `[3, 12]` for `3.12`, `[3, 12, 1]` for `cpython@3.12.1`, `[3, 10]` for `pypy@3.10`.
    pub numbers: Option<Vec<u32>>,
    /// A pre-release it asks for exactly (`3.13.0rc2`).
    pub pre: Option<(PreKind, u32)>,
    /// The implementation it names (`None`: any).
    pub implementation: Option<Implementation>,
    /// The variant it asks for.
    pub variant: Variant,
    /// A version specifier instead of numbers (`>=3.12,<3.13`).
    pub specifier: Option<RequiresPython>,
    /// uv's platform part of a full key (`linux-x86_64-gnu`).
    pub platform: Option<String>,
}

/// Reads a pre-release tag (`a1`, `b2`, `rc3`) at the start of `tail`.
fn pre_release(tail: &str) -> Option<((PreKind, u32), &str)> {
    let (kind, rest) = if let Some(r) = tail.strip_prefix("rc") {
        (PreKind::Candidate, r)
    } else if let Some(r) = tail.strip_prefix('a') {
        (PreKind::Alpha, r)
    } else if let Some(r) = tail.strip_prefix('b') {
        (PreKind::Beta, r)
    } else {
        return None;
    };
    let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
    if digits == 0 || digits > 9 {
        return None;
    }
    Some(((kind, rest[..digits].parse().ok()?), &rest[digits..]))
}

/// Reads a variant: `t`, `d`, `td`, `+freethreaded`, `+debug`, `+gil`.
fn variant(tail: &str) -> Option<(Variant, &str)> {
    for (spelling, variant) in [
        ("+freethreaded+debug", Variant::FreethreadedDebug),
        ("+freethreaded", Variant::Freethreaded),
        ("+debug", Variant::Debug),
        ("+gil", Variant::Default),
        ("td", Variant::FreethreadedDebug),
        ("t", Variant::Freethreaded),
        ("d", Variant::Debug),
    ] {
        if let Some(rest) = tail.strip_prefix(spelling) {
            return Some((variant, rest));
        }
    }
    None
}

impl VersionRequest {
    /// A request that names nothing we can match (a pyenv name, `system`).
    fn name_only(text: &str) -> VersionRequest {
        VersionRequest {
            text: text.to_owned(),
            numbers: None,
            pre: None,
            implementation: None,
            variant: Variant::Default,
            specifier: None,
            platform: None,
        }
    }

    /// Reads one request. Never fails: names it does not understand keep `numbers: None`.
    ///
    /// ```
    /// use toolcup_releases::discovery::{Implementation, Variant, VersionRequest};
    /// assert_eq!(VersionRequest::parse("cpython@3.12").numbers, Some(vec![3, 12]));
    /// let pypy = VersionRequest::parse("pypy@3.10");
    /// assert_eq!((pypy.implementation, pypy.numbers), (Some(Implementation::PyPy), Some(vec![3, 10])));
    /// assert_eq!(VersionRequest::parse("cp312").numbers, Some(vec![3, 12]));
    /// assert_eq!(VersionRequest::parse("3.13t").variant, Variant::Freethreaded);
    /// let key = VersionRequest::parse("cpython-3.12.1-linux-x86_64-gnu");
    /// assert_eq!(key.platform.as_deref(), Some("linux-x86_64-gnu"));
    /// assert!(VersionRequest::parse(">=3.12,<3.13").specifier.is_some());
    /// assert_eq!(VersionRequest::parse("system").numbers, None);
    /// ```
    pub fn parse(text: &str) -> VersionRequest {
        let text = text.trim();
        let lower = text.to_ascii_lowercase();
        let mut request = VersionRequest::name_only(text);
        // An implementation name first (uv), or pyenv's `python-`/`python`.
        let mut rest = lower.as_str();
        let mut compact = false;
        let implementations = [
            Implementation::CPython,
            Implementation::PyPy,
            Implementation::GraalPy,
            Implementation::Pyodide,
        ];
        'found: for implementation in implementations {
            for name in implementation.names() {
                if let Some(after) = rest.strip_prefix(name) {
                    request.implementation = Some(implementation);
                    compact = name.len() == 2 && after.starts_with(|c: char| c.is_ascii_digit());
                    rest = after;
                    break 'found;
                }
            }
        }
        if request.implementation.is_none() {
            rest = rest
                .strip_prefix("python-")
                .or_else(|| rest.strip_prefix("python"))
                .unwrap_or(rest);
        }
        if request.implementation.is_some() && rest.is_empty() {
            return request; // `cpython`, `pypy`: any version of it.
        }
        let key_form = request.implementation.is_some() && rest.starts_with('-');
        let rest = rest
            .strip_prefix('@')
            .or_else(|| rest.strip_prefix('-'))
            .unwrap_or(rest);
        // A specifier: `>=3.12,<3.13`, `cpython>=3.12`.
        if rest.starts_with(['<', '>', '=', '!', '~']) {
            request.specifier = rest.parse::<RequiresPython>().ok();
            if request.specifier.is_none() {
                request.implementation = None;
            }
            return request;
        }
        // `cp312`: the first digit is the major version, the rest the minor.
        let (numbers, tail) = if compact {
            let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
            let (all, tail) = rest.split_at(digits);
            let (major, minor) = all.split_at(1);
            let mut numbers = vec![major.parse().unwrap_or(0)];
            if !minor.is_empty() {
                match minor.parse() {
                    Ok(m) if minor.len() <= 9 => numbers.push(m),
                    _ => return VersionRequest::name_only(text),
                }
            }
            (numbers, tail)
        } else {
            match crate::version::leading_numbers(rest) {
                Some(found) => found,
                None => return VersionRequest::name_only(text),
            }
        };
        let mut tail = tail;
        if let Some((pre, after)) = pre_release(tail) {
            request.pre = Some(pre);
            tail = after;
        }
        if let Some((variant, after)) = variant(tail) {
            request.variant = variant;
            tail = after;
        }
        if key_form && let Some(platform) = tail.strip_prefix('-') {
            // `-os-arch-libc`: three parts, letters, digits and `_`.
            let parts: Vec<&str> = platform.split('-').collect();
            if parts.len() == 3
                && parts.iter().all(|p| {
                    !p.is_empty() && p.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_')
                })
            {
                request.platform = Some(platform.to_owned());
                tail = "";
            }
        }
        if !tail.is_empty() || request.pre.is_some() && numbers.len() != 3 {
            return VersionRequest::name_only(text);
        }
        request.numbers = Some(numbers);
        request
    }

    /// Whether `version` satisfies this request's numbers, pre-release and
    /// specifier (implementation, variant and platform aside; see
    /// [`VersionRequest::accepts`]).
    pub fn matches(&self, version: &Version) -> bool {
        if let Some(spec) = &self.specifier {
            return spec.allows(*version);
        }
        let have = [version.major, version.minor, version.patch];
        let numbers_match = self
            .numbers
            .as_ref()
            .is_some_and(|want| want.iter().zip(have.iter()).all(|(w, h)| w == h));
        numbers_match && (self.pre.is_none() || self.pre == version.pre)
    }

    /// Whether an installed interpreter of `version`, of which `facts` are
    /// known, satisfies this request. An implementation the install does not
    /// name counts as CPython; a variant it does not name as the usual build
    /// (as uv, free-threaded builds only answer requests that ask for them).
    /// A platform is compared only where the install names one (uv's).
    pub fn accepts(&self, version: &Version, facts: &InstallFacts) -> bool {
        let implementation = facts.implementation.unwrap_or(Implementation::CPython);
        let implementation_ok = self.implementation.is_none_or(|i| i == implementation);
        let no_version = self.numbers.is_none() && self.specifier.is_none();
        let version_ok = if no_version {
            self.implementation.is_some()
        } else {
            self.matches(version)
        };
        let variant_ok = facts.variant.unwrap_or_default() == self.variant;
        let platform_ok = match (&self.platform, &facts.platform) {
            (Some(want), Some(have)) => want == have,
            _ => true,
        };
        implementation_ok && version_ok && variant_ok && platform_ok
    }
}

/// What the name of an install folder or executable says
/// ([`InstallFacts`]): uv's `cpython-3.13.1+freethreaded-linux-x86_64-gnu`,
/// pyenv's `pypy3.10-7.3.17`, `graalpy-24.1.0`, `3.13.1t`, or `python3.13t`.
pub fn install_facts(name: &str) -> InstallFacts {
    let request = VersionRequest::parse(name);
    let lower = name.to_ascii_lowercase();
    let implementation = request.implementation.or_else(|| {
        if lower.starts_with("pypy") {
            Some(Implementation::PyPy)
        } else if lower.starts_with("graalpy") {
            Some(Implementation::GraalPy)
        } else {
            None
        }
    });
    let variant = if request.numbers.is_some() {
        Some(request.variant)
    } else {
        None
    };
    InstallFacts {
        implementation,
        variant,
        platform: request.platform,
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

    /// Every form of uv's documentation ("Requesting a version") and what it asks for.
    #[test]
    fn uv_forms() {
        use Implementation::*;
        let shown = |text: &str| {
            let r = VersionRequest::parse(text);
            format!(
                "{:?} {:?} {:?} {:?} {} {:?}",
                r.implementation,
                r.numbers,
                r.pre,
                r.variant,
                r.specifier.map(|s| s.to_string()).unwrap_or_default(),
                r.platform
            )
        };
        for (text, want) in [
            ("3", "None Some([3]) None Default  None"),
            ("3.12", "None Some([3, 12]) None Default  None"),
            ("3.12.3", "None Some([3, 12, 3]) None Default  None"),
            (
                "3.13.0rc2",
                "None Some([3, 13, 0]) Some((Candidate, 2)) Default  None",
            ),
            (">=3.12,<3.13", "None None None Default >=3.12,<3.13 None"),
            ("3.13t", "None Some([3, 13]) None Freethreaded  None"),
            ("3.12.0d", "None Some([3, 12, 0]) None Debug  None"),
            ("3.13td", "None Some([3, 13]) None FreethreadedDebug  None"),
            (
                "3.13+freethreaded",
                "None Some([3, 13]) None Freethreaded  None",
            ),
            ("3.12.0+debug", "None Some([3, 12, 0]) None Debug  None"),
            ("cpython", "Some(CPython) None None Default  None"),
            ("pypy", "Some(PyPy) None None Default  None"),
            (
                "cpython@3.12",
                "Some(CPython) Some([3, 12]) None Default  None",
            ),
            ("pypy@3.10", "Some(PyPy) Some([3, 10]) None Default  None"),
            ("graalpy@24", "Some(GraalPy) Some([24]) None Default  None"),
            (
                "cpython3.12",
                "Some(CPython) Some([3, 12]) None Default  None",
            ),
            ("cp312", "Some(CPython) Some([3, 12]) None Default  None"),
            ("pp310", "Some(PyPy) Some([3, 10]) None Default  None"),
            (
                "cpython>=3.12",
                "Some(CPython) None None Default >=3.12 None",
            ),
            (
                "cpython-3.12.3-macos-aarch64-none",
                "Some(CPython) Some([3, 12, 3]) None Default  Some(\"macos-aarch64-none\")",
            ),
            (
                "cpython-3.13.1+freethreaded-linux-x86_64-gnu",
                "Some(CPython) Some([3, 13, 1]) None Freethreaded  Some(\"linux-x86_64-gnu\")",
            ),
            (
                "CPython@3.12",
                "Some(CPython) Some([3, 12]) None Default  None",
            ),
            ("python-3.12", "None Some([3, 12]) None Default  None"),
            ("python3.12", "None Some([3, 12]) None Default  None"),
            // Names and paths: nothing to match (pyenv resolves names).
            ("system", "None None None Default  None"),
            ("myenv", "None None None Default  None"),
            ("/opt/homebrew/bin/python3", "None None None Default  None"),
            ("3.12x", "None None None Default  None"),
            ("cpython@", "None None None Default  None"),
            ("cp", "Some(CPython) None None Default  None"),
            (">=three", "None None None Default  None"),
            ("3.12rc1", "None None None Default  None"),
        ] {
            assert_eq!(shown(text), want, "{text:?}");
        }
        let _ = (CPython, PyPy);
    }

    #[test]
    fn accepts_by_implementation_variant_and_platform() {
        let v = Version::new(3, 13, 1);
        let facts = |name: &str| install_facts(name);
        let cpython = facts("cpython-3.13.1-linux-x86_64-gnu");
        let free = facts("cpython-3.13.1+freethreaded-linux-x86_64-gnu");
        let pypy = facts("pypy-3.13.1-linux-x86_64-gnu");
        let on_path = InstallFacts::default();
        let r = VersionRequest::parse;
        assert!(r("3.13").accepts(&v, &cpython) && r("3.13").accepts(&v, &on_path));
        assert!(!r("3.13").accepts(&v, &free) && r("3.13t").accepts(&v, &free));
        assert!(!r("3.13t").accepts(&v, &cpython) && !r("3.13t").accepts(&v, &on_path));
        assert!(r("pypy@3.13").accepts(&v, &pypy) && !r("pypy@3.13").accepts(&v, &cpython));
        assert!(
            r("3.13").accepts(&v, &pypy),
            "a bare version takes any implementation"
        );
        assert!(r("cpython").accepts(&v, &cpython) && !r("cpython").accepts(&v, &pypy));
        assert!(r("cpython-3.13.1-linux-x86_64-gnu").accepts(&v, &cpython));
        assert!(!r("cpython-3.13.1-macos-aarch64-none").accepts(&v, &cpython));
        assert!(r(">=3.12,<3.14").accepts(&v, &on_path) && !r(">=3.14").accepts(&v, &on_path));
        assert!(r("3.13.0rc2").matches(&"3.13.0rc2".parse().unwrap()));
        assert!(!r("3.13.0rc2").matches(&Version::new(3, 13, 0)));
        // pyenv's names.
        assert_eq!(
            facts("pypy3.10-7.3.17").implementation,
            Some(Implementation::PyPy)
        );
        assert_eq!(facts("3.13.1t").variant, Some(Variant::Freethreaded));
        assert_eq!(facts("python3.13t").variant, Some(Variant::Freethreaded));
        assert_eq!(facts("3.12.1").implementation, None);
        assert_eq!(facts("myenv"), InstallFacts::default());
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
