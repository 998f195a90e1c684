//! One PEP 440 version clause and its membership rules, as `packaging` 26
//! applies them with pre-releases admitted.

use std::fmt;
use std::str::FromStr;

use super::number::Number;
use super::version::{Invalid, Pep440Version, parse_parts};
use super::{is_py_space, py_strip};
use crate::error::{Error, Result};

/// A comparison operator.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Operator {
    /// `~=`
    Compatible,
    /// `==`
    Equal,
    /// `!=`
    NotEqual,
    /// `<=`
    LessEqual,
    /// `>=`
    GreaterEqual,
    /// `<`
    Less,
    /// `>`
    Greater,
    /// `===`
    Arbitrary,
}

impl Operator {
    fn as_str(self) -> &'static str {
        match self {
            Operator::Compatible => "~=",
            Operator::Equal => "==",
            Operator::NotEqual => "!=",
            Operator::LessEqual => "<=",
            Operator::GreaterEqual => ">=",
            Operator::Less => "<",
            Operator::Greater => ">",
            Operator::Arbitrary => "===",
        }
    }
}

/// One clause of a PEP 440 specifier: `>=3.9`, `!=3.10.*`, `~=3.11.2`,
/// `==3.9.1+local`, `===foobar`.
///
/// ```
/// use toolcup_releases::pep440::{Pep440Version, Specifier};
/// let v = |s: &str| s.parse::<Pep440Version>().unwrap();
/// let lt: Specifier = "<3.10".parse()?;
/// assert!(lt.contains(&v("3.9.20")) && !lt.contains(&v("3.10.0rc1")));
/// let gt: Specifier = ">3.9".parse()?;
/// assert!(!gt.contains(&v("3.9.post1")) && gt.contains(&v("3.9.1")));
/// let star: Specifier = "!=3.9.*".parse()?;
/// assert!(!star.contains(&v("3.9.0a1")) && star.contains(&v("3.10")));
/// assert!("~=3".parse::<Specifier>().is_err());
/// # Ok::<(), toolcup_releases::Error>(())
/// ```
#[derive(Clone, Debug)]
pub struct Specifier {
    operator: Operator,
    /// The version as written after the operator, trimmed (`3.9.*`, `foobar`).
    text: String,
    /// The version, without `.*`; `None` for `===`.
    version: Option<Pep440Version>,
    /// Ends in `.*`.
    wildcard: bool,
}

impl FromStr for Specifier {
    type Err = Error;

    /// Parses one clause, with Python whitespace allowed around it and after
    /// the operator.
    fn from_str(clause: &str) -> Result<Specifier> {
        let bad = |reason: String| Error::InvalidSpecifier {
            text: clause.chars().take(200).collect(),
            reason,
        };
        let stripped = py_strip(clause);
        let operators = [
            ("===", Operator::Arbitrary),
            ("~=", Operator::Compatible),
            ("==", Operator::Equal),
            ("!=", Operator::NotEqual),
            ("<=", Operator::LessEqual),
            (">=", Operator::GreaterEqual),
            ("<", Operator::Less),
            (">", Operator::Greater),
        ];
        let (operator, rest) = operators
            .iter()
            .find_map(|(s, op)| stripped.strip_prefix(s).map(|rest| (*op, rest)))
            .ok_or_else(|| {
                bad(format!(
                    "{stripped:?} does not start with ==, !=, <, <=, >, >=, ~= or ==="
                ))
            })?;
        let text = py_strip(rest);
        if operator == Operator::Arbitrary {
            // Anything but whitespace, `;` and `)`.
            if text.contains(|c: char| is_py_space(c) || c == ';' || c == ')') {
                return Err(bad(format!(
                    "{text:?} after === holds whitespace, `;` or `)`"
                )));
            }
            return Ok(Specifier {
                operator,
                text: text.to_owned(),
                version: None,
                wildcard: false,
            });
        }
        let equality = matches!(operator, Operator::Equal | Operator::NotEqual);
        let parsed = parse_parts(text, equality).map_err(|e| match e {
            Invalid::Syntax if text.ends_with(".*") && !equality => bad(format!(
                "`.*` goes only with == and !=, not {}",
                operator.as_str()
            )),
            Invalid::Syntax => bad(format!("{text:?} is not a PEP 440 version")),
            Invalid::TooLong => bad(format!(
                "{:?}… has a number of more than 4300 digits (Python's own limit)",
                text.chars().take(40).collect::<String>()
            )),
        })?;
        if parsed.version.local.is_some() && !equality {
            return Err(bad(format!(
                "a local version (+…) goes only with == and !=, not {}",
                operator.as_str()
            )));
        }
        if operator == Operator::Compatible && parsed.version.release.len() < 2 {
            return Err(bad(format!(
                "~= needs at least two release numbers (X.Y), not {text:?}"
            )));
        }
        Ok(Specifier {
            operator,
            text: text.to_owned(),
            version: Some(parsed.version),
            wildcard: parsed.wildcard,
        })
    }
}

impl fmt::Display for Specifier {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}{}", self.operator.as_str(), self.text)
    }
}

/// `V` with release `release` and `.dev0`, in V's epoch.
fn dev0(v: &Pep440Version, release: Vec<Number>) -> Pep440Version {
    Pep440Version {
        epoch: v.epoch.clone(),
        release,
        pre: None,
        post: None,
        dev: Some(Number::zero()),
        local: None,
    }
}

/// The smallest version after every version starting with `release`:
/// `1.2` gives `1.3.dev0`.
fn next_prefix_dev0(v: &Pep440Version, release: &[Number]) -> Pep440Version {
    let mut next = release.to_vec();
    if let Some(last) = next.last_mut() {
        *last = last.plus_one();
    }
    dev0(v, next)
}

impl Specifier {
    /// Whether `version` satisfies this clause (pre-releases admitted). For
    /// `===`, the version's normal form is compared with the text, ignoring
    /// case; [`Specifier::contains_text`] compares the text as given.
    pub fn contains(&self, version: &Pep440Version) -> bool {
        match &self.version {
            Some(v) => self.contains_parsed(v, version),
            None => version.to_string().to_lowercase() == self.text.to_lowercase(),
        }
    }

    /// Whether the version written `text` satisfies this clause, as
    /// `packaging`'s `contains("…", prereleases=True)` answers: `===`
    /// compares `text` itself, the others its parsed version (text that is
    /// not a version satisfies none of them).
    pub fn contains_text(&self, text: &str) -> bool {
        match &self.version {
            Some(v) => text
                .parse::<Pep440Version>()
                .is_ok_and(|p| self.contains_parsed(v, &p)),
            None => text.to_lowercase() == self.text.to_lowercase(),
        }
    }

    /// The version this clause names (without `.*`); `None` for `===`.
    pub fn version(&self) -> Option<&Pep440Version> {
        self.version.as_ref()
    }

    fn contains_parsed(&self, v: &Pep440Version, p: &Pep440Version) -> bool {
        if self.wildcard {
            let inside = *p >= dev0(v, v.release.clone()) && *p < next_prefix_dev0(v, &v.release);
            return if self.operator == Operator::Equal {
                inside
            } else {
                !inside
            };
        }
        let has_local = self.text.contains('+');
        let equal = || {
            if has_local { p == v } else { p.same_public(v) }
        };
        match self.operator {
            Operator::GreaterEqual => p >= v,
            Operator::LessEqual => p <= v || p.same_public(v),
            Operator::Equal => equal(),
            Operator::NotEqual => !equal(),
            Operator::Greater => {
                if let Some(dev) = &v.dev {
                    let bound = Pep440Version {
                        dev: Some(dev.plus_one()),
                        local: None,
                        ..v.clone()
                    };
                    *p >= bound
                } else if let Some(post) = &v.post {
                    let bound = Pep440Version {
                        post: Some(post.plus_one()),
                        dev: Some(Number::zero()),
                        local: None,
                        ..v.clone()
                    };
                    *p >= bound
                } else {
                    p > v && !p.same_release_and_pre(v)
                }
            }
            Operator::Less => {
                let bound = if v.is_prerelease() {
                    v.without_local()
                } else {
                    Pep440Version {
                        dev: Some(Number::zero()),
                        local: None,
                        ..v.clone()
                    }
                };
                bound > min_version() && *p < bound
            }
            Operator::Compatible => {
                let prefix = &v.release[..v.release.len() - 1];
                p >= v && *p < next_prefix_dev0(v, prefix)
            }
            Operator::Arbitrary => false,
        }
    }

    /// Whether this clause's answer for the final releases `major.minor.p`
    /// can change from one patch `p` to the next only near the patch it
    /// names: the patches worth trying, for [`crate::RequiresPython::allows_branch`].
    pub(crate) fn patch_near(&self, major: u32, minor: u32) -> Option<u32> {
        let v = match &self.version {
            Some(v) => v.clone(),
            None => self.text.parse::<Pep440Version>().ok()?,
        };
        if !v.has_default_epoch() {
            return None;
        }
        let number = |i: usize| v.release.get(i).cloned().unwrap_or_else(Number::zero);
        if number(0) != Number::from(major) || number(1) != Number::from(minor) {
            return None;
        }
        Some(number(2).to_u32().unwrap_or(u32::MAX))
    }
}

/// `packaging`'s `MIN_VERSION`, `0.dev0`: nothing sorts below it, so `<V`
/// with a bound at or below it admits nothing.
fn min_version() -> Pep440Version {
    Pep440Version {
        epoch: Number::zero(),
        release: vec![Number::zero()],
        pre: None,
        post: None,
        dev: Some(Number::zero()),
        local: None,
    }
}
