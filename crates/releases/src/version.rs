//! Version numbers: a release branch (`3.12`) and a full version (`3.12.1`, `3.13.0rc2`).
//!
//! Both order numerically, so `2.7 < 3.9 < 3.10`, and a pre-release comes before
//! its final release: `3.13.0a1 < 3.13.0rc2 < 3.13.0 < 3.13.1`.

use std::cmp::Ordering;
use std::fmt;
use std::str::FromStr;

use crate::error::{Error, Result};

/// A release branch (a "release cycle"): major and minor, e.g. `3.12` or Django `5.2`.
///
/// ```
/// use toolcup_releases::Branch;
/// let mut branches: Vec<Branch> = ["3.10", "2.7", "3.9"].iter().map(|s| s.parse().unwrap()).collect();
/// branches.sort();
/// assert_eq!(branches.iter().map(|b| b.to_string()).collect::<Vec<_>>(), ["2.7", "3.9", "3.10"]);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Branch {
    /// Major version.
    pub major: u32,
    /// Minor version.
    pub minor: u32,
}

impl Branch {
    /// A branch from its two numbers.
    pub const fn new(major: u32, minor: u32) -> Branch {
        Branch { major, minor }
    }
}

impl fmt::Display for Branch {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{}", self.major, self.minor)
    }
}

impl FromStr for Branch {
    type Err = Error;
    fn from_str(text: &str) -> Result<Branch> {
        let mut cursor = Cursor::new(text);
        let major = cursor.number("a major version number")?;
        cursor.expect('.', "'.' after the major version")?;
        let minor = cursor.number("a minor version number")?;
        cursor.end("end of text after MAJOR.MINOR")?;
        Ok(Branch { major, minor })
    }
}

/// The kind of a pre-release, in release order.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum PreKind {
    /// `a1`, `alpha 1`.
    Alpha,
    /// `b1`, `beta 1`.
    Beta,
    /// `rc1`, `candidate 1`.
    Candidate,
}

/// A full version: `major.minor.patch` with an optional pre-release tag.
///
/// Reads the forms found in the wild: `3.12.1`, `3.12` (patch 0), `3.13.0rc2`,
/// `3.14.0a1+` (a development build; the `+` is dropped), and the release-data
/// stage names `3.9.8 final` and `3.13.0 candidate 2`.
///
/// ```
/// use toolcup_releases::Version;
/// let v: Version = "3.13.0 candidate 2".parse()?;
/// assert_eq!(v.to_string(), "3.13.0rc2");
/// assert!(v < "3.13.0".parse()?);
/// assert!("2.7.18".parse::<Version>()? < "3.6.0".parse()?);
/// # Ok::<(), toolcup_releases::Error>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Version {
    /// Major version.
    pub major: u32,
    /// Minor version.
    pub minor: u32,
    /// Patch (micro) version; 0 when the text had none.
    pub patch: u32,
    /// Pre-release tag and its number, `None` for a final release.
    pub pre: Option<(PreKind, u32)>,
}

impl Version {
    /// A final release.
    pub const fn new(major: u32, minor: u32, patch: u32) -> Version {
        Version {
            major,
            minor,
            patch,
            pre: None,
        }
    }

    /// The branch this version belongs to.
    pub const fn branch(&self) -> Branch {
        Branch::new(self.major, self.minor)
    }

    /// Whether this is a final (not alpha, beta or candidate) release.
    pub const fn is_final(&self) -> bool {
        self.pre.is_none()
    }
}

impl Ord for Version {
    fn cmp(&self, other: &Self) -> Ordering {
        (self.major, self.minor, self.patch)
            .cmp(&(other.major, other.minor, other.patch))
            .then_with(|| match (self.pre, other.pre) {
                (None, None) => Ordering::Equal,
                (None, Some(_)) => Ordering::Greater,
                (Some(_), None) => Ordering::Less,
                (Some(a), Some(b)) => a.cmp(&b),
            })
    }
}

impl PartialOrd for Version {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl fmt::Display for Version {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{}.{}", self.major, self.minor, self.patch)?;
        match self.pre {
            Some((PreKind::Alpha, n)) => write!(f, "a{n}"),
            Some((PreKind::Beta, n)) => write!(f, "b{n}"),
            Some((PreKind::Candidate, n)) => write!(f, "rc{n}"),
            None => Ok(()),
        }
    }
}

impl serde::Serialize for Version {
    fn serialize<S: serde::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl serde::Serialize for Branch {
    fn serialize<S: serde::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl FromStr for Version {
    type Err = Error;
    fn from_str(text: &str) -> Result<Version> {
        let mut cursor = Cursor::new(text);
        let major = cursor.number("a major version number")?;
        cursor.expect('.', "'.' after the major version")?;
        let minor = cursor.number("a minor version number")?;
        let patch = if cursor.eat('.') {
            cursor.number("a patch version number")?
        } else {
            0
        };
        let spaced = cursor.eat(' ');
        let pre = if spaced {
            // Release-data stage names: "final", "alpha 1", "beta 2", "candidate 3".
            let word = cursor.word();
            let kind = match word {
                "final" => None,
                "alpha" => Some(PreKind::Alpha),
                "beta" => Some(PreKind::Beta),
                "candidate" => Some(PreKind::Candidate),
                _ => return Err(cursor.error("'final', 'alpha N', 'beta N' or 'candidate N'")),
            };
            match kind {
                Some(kind) => {
                    cursor.expect(' ', "a space before the pre-release number")?;
                    Some((kind, cursor.number("a pre-release number")?))
                }
                None => None,
            }
        } else {
            let kind = if cursor.eat_str("rc") || cursor.eat('c') {
                Some(PreKind::Candidate)
            } else if cursor.eat('a') {
                Some(PreKind::Alpha)
            } else if cursor.eat('b') {
                Some(PreKind::Beta)
            } else {
                None
            };
            match kind {
                Some(kind) => Some((kind, cursor.number("a pre-release number")?)),
                None => None,
            }
        };
        if !spaced {
            // A development build of CPython says e.g. "3.14.0a1+".
            cursor.eat('+');
        }
        cursor.end("end of version")?;
        Ok(Version {
            major,
            minor,
            patch,
            pre,
        })
    }
}

/// A tiny left-to-right reader that reports the byte position of errors.
struct Cursor<'a> {
    text: &'a str,
    pos: usize,
}

impl<'a> Cursor<'a> {
    fn new(text: &'a str) -> Self {
        Cursor { text, pos: 0 }
    }

    fn rest(&self) -> &'a str {
        &self.text[self.pos..]
    }

    fn error(&self, expected: &'static str) -> Error {
        Error::InvalidVersion {
            text: self.text.to_owned(),
            position: self.pos,
            reason: expected,
        }
    }

    fn number(&mut self, what: &'static str) -> Result<u32> {
        let digits = self.rest().bytes().take_while(u8::is_ascii_digit).count();
        if digits == 0 || digits > 9 {
            return Err(self.error(what));
        }
        let value = self.rest()[..digits]
            .parse()
            .map_err(|_| self.error(what))?;
        self.pos += digits;
        Ok(value)
    }

    fn eat(&mut self, c: char) -> bool {
        if self.rest().starts_with(c) {
            self.pos += c.len_utf8();
            true
        } else {
            false
        }
    }

    fn eat_str(&mut self, s: &str) -> bool {
        if self.rest().starts_with(s) {
            self.pos += s.len();
            true
        } else {
            false
        }
    }

    fn expect(&mut self, c: char, what: &'static str) -> Result<()> {
        if self.eat(c) {
            Ok(())
        } else {
            Err(self.error(what))
        }
    }

    fn word(&mut self) -> &'a str {
        let len = self
            .rest()
            .bytes()
            .take_while(u8::is_ascii_lowercase)
            .count();
        let word = &self.rest()[..len];
        self.pos += len;
        word
    }

    fn end(&self, what: &'static str) -> Result<()> {
        if self.rest().is_empty() {
            Ok(())
        } else {
            Err(self.error(what))
        }
    }
}

/// Up to three dot-separated numbers at the start of `text` (each at most 9
/// digits), and the rest.
pub(crate) fn leading_numbers(text: &str) -> Option<(Vec<u32>, &str)> {
    let mut numbers = Vec::new();
    let mut rest = text;
    loop {
        let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
        if digits == 0 || digits > 9 {
            return None;
        }
        numbers.push(rest[..digits].parse().ok()?);
        rest = &rest[digits..];
        match rest.strip_prefix('.') {
            Some(after) if numbers.len() < 3 && after.starts_with(|c: char| c.is_ascii_digit()) => {
                rest = after;
            }
            _ => return Some((numbers, rest)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn v(s: &str) -> Version {
        s.parse().unwrap()
    }

    #[test]
    fn reads_every_form() {
        assert_eq!(v("3.12.1"), Version::new(3, 12, 1));
        assert_eq!(v("6.1"), Version::new(6, 1, 0));
        assert_eq!(v("3.9.8 final"), Version::new(3, 9, 8));
        assert_eq!(v("3.13.0 alpha 1").pre, Some((PreKind::Alpha, 1)));
        assert_eq!(v("3.13.0 beta 4").pre, Some((PreKind::Beta, 4)));
        assert_eq!(v("3.13.0rc2").pre, Some((PreKind::Candidate, 2)));
        assert_eq!(v("3.14.0a1+").to_string(), "3.14.0a1");
        assert_eq!(v("4.2a1").to_string(), "4.2.0a1");
    }

    #[test]
    fn errors_say_where() {
        let err = "3.x".parse::<Version>().unwrap_err().to_string();
        assert!(err.contains("byte 2"), "{err}");
        for bad in [
            "",
            "3",
            "3.",
            ".3",
            "3.12.1.4",
            "3.12 final extra",
            "3.12.1rc",
            "3.12 omega 1",
            "99999999999.1",
            "3.12.1 final+",
            "-1.2",
        ] {
            assert!(bad.parse::<Version>().is_err(), "{bad}");
        }
        assert!("3.12.1".parse::<Branch>().is_err());
        assert_eq!("3.12".parse::<Branch>().unwrap(), Branch::new(3, 12));
    }

    #[test]
    fn orders_numerically_and_pre_before_final() {
        let mut list: Vec<Version> = [
            "3.10.0",
            "2.7.18",
            "3.9.1",
            "3.10.0rc1",
            "3.10.0a7",
            "3.10.0b1",
            "3.10.1",
        ]
        .iter()
        .map(|s| v(s))
        .collect();
        list.sort();
        let shown: Vec<String> = list.iter().map(ToString::to_string).collect();
        assert_eq!(
            shown,
            [
                "2.7.18",
                "3.9.1",
                "3.10.0a7",
                "3.10.0b1",
                "3.10.0rc1",
                "3.10.0",
                "3.10.1"
            ]
        );
    }

    proptest! {
        #[test]
        fn display_round_trips(major in 0u32..100, minor in 0u32..100, patch in 0u32..100, pre in proptest::option::of((0u8..3, 1u32..20))) {
            let pre = pre.map(|(k, n)| ([PreKind::Alpha, PreKind::Beta, PreKind::Candidate][usize::from(k)], n));
            let version = Version { major, minor, patch, pre };
            prop_assert_eq!(v(&version.to_string()), version);
        }

        #[test]
        fn order_matches_tuple_reference(a in (0u32..4, 0u32..15, 0u32..5), b in (0u32..4, 0u32..15, 0u32..5)) {
            // Reference: compare the numbers as a tuple of integers.
            let (va, vb) = (Version::new(a.0, a.1, a.2), Version::new(b.0, b.1, b.2));
            prop_assert_eq!(va.cmp(&vb), a.cmp(&b));
        }

        #[test]
        fn never_panics(s in "\\PC{0,20}") {
            let _ = s.parse::<Version>();
            let _ = s.parse::<Branch>();
        }
    }
}
