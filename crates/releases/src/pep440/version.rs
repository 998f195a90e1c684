//! One PEP 440 version: parsing every spelling `packaging` accepts, its
//! normal form, and its order.

use std::cmp::Ordering;
use std::fmt;
use std::str::FromStr;

use super::number::Number;
use crate::error::{Error, Result};

/// The kind of a pre-release, in order: `a` < `b` < `rc`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) enum PreLabel {
    /// `a`, `alpha`.
    A,
    /// `b`, `beta`.
    B,
    /// `rc`, `c`, `pre`, `preview`.
    Rc,
}

/// One part of a local label (`+ubuntu.1` has `ubuntu` and `1`): text sorts
/// before numbers, numbers compare as numbers.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) enum LocalPart {
    /// Letters and digits with a letter, lower-cased.
    Text(String),
    /// Digits only.
    Number(Number),
}

/// A PEP 440 version, as `packaging.version.Version` reads it.
///
/// Equality and order are PEP 440's: trailing zeros do not count
/// (`3.9 == 3.9.0`), and `3.9.dev0 < 3.9a1 < 3.9rc1 < 3.9 < 3.9+local < 3.9.post1`.
///
/// ```
/// use toolcup_releases::pep440::Pep440Version;
/// let v: Pep440Version = " V1!3.9.0-RC.1-2_DEV+Ubuntu-1 ".parse()?;
/// assert_eq!(v.to_string(), "1!3.9.0rc1.post2.dev0+ubuntu.1");
/// let order = ["3.9.dev0", "3.9a1", "3.9rc1", "3.9", "3.9+local", "3.9.post1", "3.10"];
/// let parsed: Vec<Pep440Version> = order.iter().map(|s| s.parse()).collect::<Result<_, _>>()?;
/// assert!(parsed.windows(2).all(|w| w[0] < w[1]));
/// assert_eq!("3.9".parse::<Pep440Version>()?, "3.9.0".parse()?);
/// # Ok::<(), toolcup_releases::Error>(())
/// ```
#[derive(Clone, Debug)]
pub struct Pep440Version {
    pub(crate) epoch: Number,
    pub(crate) release: Vec<Number>,
    pub(crate) pre: Option<(PreLabel, Number)>,
    pub(crate) post: Option<Number>,
    pub(crate) dev: Option<Number>,
    pub(crate) local: Option<Vec<LocalPart>>,
}

/// A cursor over lower-cased ASCII text.
struct Cursor<'a> {
    text: &'a [u8],
    pos: usize,
}

impl Cursor<'_> {
    fn peek(&self) -> Option<u8> {
        self.text.get(self.pos).copied()
    }

    fn eat(&mut self, byte: u8) -> bool {
        if self.peek() == Some(byte) {
            self.pos += 1;
            true
        } else {
            false
        }
    }

    fn eat_word(&mut self, word: &str) -> bool {
        if self.text[self.pos..].starts_with(word.as_bytes()) {
            self.pos += word.len();
            true
        } else {
            false
        }
    }

    /// `[._-]?`
    fn eat_separator(&mut self) {
        if matches!(self.peek(), Some(b'.' | b'_' | b'-')) {
            self.pos += 1;
        }
    }

    /// `[0-9]+` as a number; `Err` for more digits than Python converts.
    fn digits(&mut self) -> std::result::Result<Option<Number>, ()> {
        let start = self.pos;
        while self.peek().is_some_and(|b| b.is_ascii_digit()) {
            self.pos += 1;
        }
        if start == self.pos {
            return Ok(None);
        }
        let digits = std::str::from_utf8(&self.text[start..self.pos]).map_err(|_| ())?;
        Number::from_digits(digits).map(Some).ok_or(())
    }

    fn at_end(&self) -> bool {
        self.pos == self.text.len()
    }
}

/// What [`parse_parts`] found: the version and whether it ended in `.*`.
pub(crate) struct Parsed {
    pub(crate) version: Pep440Version,
    pub(crate) wildcard: bool,
}

/// Why text is not a version, for the error message.
pub(crate) enum Invalid {
    /// Not PEP 440.
    Syntax,
    /// A number longer than Python converts.
    TooLong,
}

/// Parses `text` (no surrounding whitespace) as PEP 440, greedily and without
/// backtracking, as `packaging`'s possessive regular expression does. With
/// `allow_wildcard`, a release may end in `.*` (then nothing may follow).
pub(crate) fn parse_parts(
    text: &str,
    allow_wildcard: bool,
) -> std::result::Result<Parsed, Invalid> {
    let lower = text.to_ascii_lowercase();
    let mut c = Cursor {
        text: lower.as_bytes(),
        pos: 0,
    };
    let number = |c: &mut Cursor| c.digits().map_err(|()| Invalid::TooLong);
    c.eat(b'v');
    // Epoch: `N!`, or nothing.
    let start = c.pos;
    let mut epoch = Number::zero();
    match number(&mut c)? {
        Some(n) if c.eat(b'!') => epoch = n,
        _ => c.pos = start,
    }
    // Release: `N(.N)*`.
    let mut release = vec![number(&mut c)?.ok_or(Invalid::Syntax)?];
    while c.peek() == Some(b'.') && c.text.get(c.pos + 1).is_some_and(|b| b.is_ascii_digit()) {
        c.pos += 1;
        release.push(number(&mut c)?.ok_or(Invalid::Syntax)?);
    }
    if allow_wildcard && c.text[c.pos..] == *b".*" {
        return Ok(Parsed {
            version: Pep440Version {
                epoch,
                release,
                pre: None,
                post: None,
                dev: None,
                local: None,
            },
            wildcard: true,
        });
    }
    // Pre-release: `[._-]? (alpha|a|beta|b|preview|pre|c|rc) [._-]? N?`.
    let start = c.pos;
    c.eat_separator();
    let label = [
        ("alpha", PreLabel::A),
        ("a", PreLabel::A),
        ("beta", PreLabel::B),
        ("b", PreLabel::B),
        ("preview", PreLabel::Rc),
        ("pre", PreLabel::Rc),
        ("c", PreLabel::Rc),
        ("rc", PreLabel::Rc),
    ]
    .into_iter()
    .find(|(word, _)| c.eat_word(word))
    .map(|(_, label)| label);
    let pre = match label {
        Some(label) => {
            c.eat_separator();
            Some((label, number(&mut c)?.unwrap_or_else(Number::zero)))
        }
        None => {
            c.pos = start;
            None
        }
    };
    // Post-release: `-N`, or `[._-]? (post|rev|r) [._-]? N?`.
    let start = c.pos;
    let mut post = None;
    if c.eat(b'-') {
        post = number(&mut c)?;
    }
    if post.is_none() {
        c.pos = start;
        c.eat_separator();
        if ["post", "rev", "r"].into_iter().any(|w| c.eat_word(w)) {
            c.eat_separator();
            post = Some(number(&mut c)?.unwrap_or_else(Number::zero));
        } else {
            c.pos = start;
        }
    }
    // Development release: `[._-]? dev [._-]? N?`.
    let start = c.pos;
    c.eat_separator();
    let dev = if c.eat_word("dev") {
        c.eat_separator();
        Some(number(&mut c)?.unwrap_or_else(Number::zero))
    } else {
        c.pos = start;
        None
    };
    // Local label: `+[a-z0-9]+([._-][a-z0-9]+)*`.
    let local = if c.eat(b'+') {
        let rest = std::str::from_utf8(&c.text[c.pos..]).map_err(|_| Invalid::Syntax)?;
        let mut parts = Vec::new();
        for part in rest.split(['.', '_', '-']) {
            if part.is_empty() || !part.bytes().all(|b| b.is_ascii_alphanumeric()) {
                return Err(Invalid::Syntax);
            }
            parts.push(if part.bytes().all(|b| b.is_ascii_digit()) {
                LocalPart::Number(Number::from_digits(part).ok_or(Invalid::TooLong)?)
            } else {
                LocalPart::Text(part.to_owned())
            });
        }
        c.pos = c.text.len();
        Some(parts)
    } else {
        None
    };
    if !c.at_end() {
        return Err(Invalid::Syntax);
    }
    Ok(Parsed {
        version: Pep440Version {
            epoch,
            release,
            pre,
            post,
            dev,
            local,
        },
        wildcard: false,
    })
}

impl Pep440Version {
    /// Whether this is a pre-release or a development release (`packaging`'s
    /// `is_prerelease`).
    pub fn is_prerelease(&self) -> bool {
        self.pre.is_some() || self.dev.is_some()
    }

    /// The release numbers that fit a `u32` (`3.12.1` gives `[3, 12, 1]`);
    /// `None` if one is larger.
    pub fn release_u32(&self) -> Option<Vec<u32>> {
        self.release.iter().map(Number::to_u32).collect()
    }

    /// Whether the epoch is 0 (written or not).
    pub fn has_default_epoch(&self) -> bool {
        self.epoch.is_zero()
    }

    /// The release without trailing zeros, as `packaging` compares releases.
    pub(crate) fn trimmed_release(&self) -> &[Number] {
        let mut end = self.release.len();
        while end > 0 && self.release[end - 1].is_zero() {
            end -= 1;
        }
        &self.release[..end]
    }

    /// Same epoch, same release (trailing zeros aside) and same pre-release:
    /// `V`, `V+local` and every `V.postN` belong to V's family for `>V`.
    pub(crate) fn same_release_and_pre(&self, other: &Pep440Version) -> bool {
        self.epoch == other.epoch
            && self.trimmed_release() == other.trimmed_release()
            && self.pre == other.pre
    }

    /// Equal when local labels are ignored (`3.9+a` and `3.9` are).
    pub(crate) fn same_public(&self, other: &Pep440Version) -> bool {
        self.same_release_and_pre(other) && self.post == other.post && self.dev == other.dev
    }

    /// This version without its local label.
    pub(crate) fn without_local(&self) -> Pep440Version {
        Pep440Version {
            local: None,
            ..self.clone()
        }
    }

    /// `packaging`'s sort key: pre-release rank and number, post rank and
    /// number, development rank and number.
    fn suffix(&self) -> (i8, &Number, u8, &Number, u8, &Number) {
        let zero: &Number = &ZERO_NUMBER;
        let (pre_rank, pre_n) = match (&self.pre, &self.post, &self.dev) {
            (None, None, Some(_)) => (-1, zero),
            (None, _, _) => (3, zero),
            (Some((label, n)), _, _) => (*label as i8, n),
        };
        let (post_rank, post_n) = self.post.as_ref().map_or((0, zero), |n| (1, n));
        let (dev_rank, dev_n) = self.dev.as_ref().map_or((1, zero), |n| (0, n));
        (pre_rank, pre_n, post_rank, post_n, dev_rank, dev_n)
    }
}

/// Zero, for sort keys that need a reference to one.
static ZERO_NUMBER: std::sync::LazyLock<Number> = std::sync::LazyLock::new(Number::zero);

impl FromStr for Pep440Version {
    type Err = Error;

    /// Parses a version, with Python whitespace allowed around it.
    fn from_str(text: &str) -> Result<Pep440Version> {
        let invalid = |reason: &'static str| Error::InvalidPep440Version {
            text: text.chars().take(200).collect(),
            reason,
        };
        match parse_parts(super::py_strip(text), false) {
            Ok(parsed) => Ok(parsed.version),
            Err(Invalid::Syntax) => Err(invalid("not a PEP 440 version")),
            Err(Invalid::TooLong) => Err(invalid(
                "a number of more than 4300 digits (Python's own limit)",
            )),
        }
    }
}

impl Ord for Pep440Version {
    fn cmp(&self, other: &Self) -> Ordering {
        self.epoch
            .cmp(&other.epoch)
            .then_with(|| self.trimmed_release().cmp(other.trimmed_release()))
            .then_with(|| self.suffix().cmp(&other.suffix()))
            .then_with(|| self.local.cmp(&other.local))
    }
}

impl PartialOrd for Pep440Version {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl PartialEq for Pep440Version {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}

impl Eq for Pep440Version {}

impl fmt::Display for Pep440Version {
    /// The normal form, as `str(packaging.version.Version(...))`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if !self.epoch.is_zero() {
            write!(f, "{}!", self.epoch)?;
        }
        for (i, n) in self.release.iter().enumerate() {
            if i > 0 {
                f.write_str(".")?;
            }
            write!(f, "{n}")?;
        }
        if let Some((label, n)) = &self.pre {
            let label = match label {
                PreLabel::A => "a",
                PreLabel::B => "b",
                PreLabel::Rc => "rc",
            };
            write!(f, "{label}{n}")?;
        }
        if let Some(n) = &self.post {
            write!(f, ".post{n}")?;
        }
        if let Some(n) = &self.dev {
            write!(f, ".dev{n}")?;
        }
        if let Some(parts) = &self.local {
            f.write_str("+")?;
            for (i, part) in parts.iter().enumerate() {
                if i > 0 {
                    f.write_str(".")?;
                }
                match part {
                    LocalPart::Text(t) => f.write_str(t)?,
                    LocalPart::Number(n) => write!(f, "{n}")?,
                }
            }
        }
        Ok(())
    }
}

impl From<crate::version::Version> for Pep440Version {
    fn from(v: crate::version::Version) -> Pep440Version {
        use crate::version::PreKind;
        Pep440Version {
            epoch: Number::zero(),
            release: vec![v.major.into(), v.minor.into(), v.patch.into()],
            pre: v.pre.map(|(kind, n)| {
                let label = match kind {
                    PreKind::Alpha => PreLabel::A,
                    PreKind::Beta => PreLabel::B,
                    PreKind::Candidate => PreLabel::Rc,
                };
                (label, n.into())
            }),
            post: None,
            dev: None,
            local: None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn v(text: &str) -> Pep440Version {
        text.parse().unwrap()
    }

    #[test]
    fn spellings_normalise_as_packaging_does() {
        for (text, normal) in [
            ("1.0", "1.0"),
            ("v1.0", "1.0"),
            ("1.0a", "1.0a0"),
            ("1.0.ALPHA.2", "1.0a2"),
            ("1.0-beta_3", "1.0b3"),
            ("1.0c1", "1.0rc1"),
            ("1.0pre1", "1.0rc1"),
            ("1.0preview1", "1.0rc1"),
            ("1.0-1", "1.0.post1"),
            ("1.0.post", "1.0.post0"),
            ("1.0rev2", "1.0.post2"),
            ("1.0r", "1.0.post0"),
            ("1.0dev", "1.0.dev0"),
            ("1.0-dev-3", "1.0.dev3"),
            ("1.0a1-1.dev2", "1.0a1.post1.dev2"),
            ("0!01.002", "1.2"),
            ("1.0+AbC-1_2.x", "1.0+abc.1.2.x"),
            ("\t 1.0 \n", "1.0"),
            ("1.0.post-", "1.0.post0"),
        ] {
            assert_eq!(v(text).to_string(), normal, "{text}");
        }
        for bad in [
            "", "1.", ".1", "1..0", "1.0-", "1.0+", "1.0+a..b", "1.0+a+b", "1.0.*", "1 .0", "１.0",
            "1.0ab", "!1.0", "1!", "v", "1.0_+x", "1.0 a1", "3.9a1b2",
        ] {
            assert!(bad.parse::<Pep440Version>().is_err(), "{bad:?}");
        }
    }

    #[test]
    fn order() {
        let ordered = [
            "1.0.dev0",
            "1.0a1.dev1",
            "1.0a1",
            "1.0a1.post1.dev1",
            "1.0a1.post1",
            "1.0b1",
            "1.0rc1",
            "1.0",
            "1.0+abc",
            "1.0+abc.1",
            "1.0+1",
            "1.0+2.abc",
            "1.0.post1.dev1",
            "1.0.post1",
            "1.0.1",
            "1.1.dev0",
            "2",
            "1!0.1",
        ];
        for pair in ordered.windows(2) {
            assert!(v(pair[0]) < v(pair[1]), "{} < {}", pair[0], pair[1]);
        }
        assert_eq!(v("1.0"), v("1.0.0.0"));
        assert_eq!(v("0"), v("0.0"));
        assert_ne!(v("1.0+a"), v("1.0"));
    }

    #[test]
    fn huge_numbers() {
        let big = v("99999999999999999999999.1");
        assert!(big > v("4294967296"));
        assert_eq!(big.release_u32(), None);
        let err = format!("1.{}", "9".repeat(4301))
            .parse::<Pep440Version>()
            .unwrap_err();
        assert!(err.to_string().contains("4300 digits"), "{err}");
    }
}
