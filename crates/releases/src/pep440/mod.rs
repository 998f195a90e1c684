//! PEP 440 versions and specifiers, read as `packaging` (the library pip uses)
//! reads them: every spelling its regular expressions accept, its
//! normalisation, its ordering and the membership rules of its specifiers.
//!
//! - [`Pep440Version`]: `1!3.9.0rc1.post2.dev3+ubuntu.1` and every alternative
//!   spelling (`3.9-1`, `3.9preview1`, `v3.9.0_RC1`), ordered as `packaging`
//!   orders them (`3.9.dev0 < 3.9a1 < 3.9 < 3.9+local < 3.9.post1`).
//! - [`Specifier`]: one clause (`>=3.9`, `!=3.10.*`, `~=3.11.2`, `===foobar`),
//!   with `packaging`'s rules for `<V` (no pre-release of V), `>V` (no
//!   post-release or local of V), local labels ignored unless the clause names
//!   one, wildcards from `V.dev0` to the next prefix.
//!
//! Pre-releases are always admitted (what `packaging` does with
//! `prereleases=True`, and what pip does when it checks `requires-python`).
//!
//! Numbers are kept as decimal digits of any length up to Python's own limit
//! for converting text to an integer (4,300 digits), so `>=99999999999999999999999`
//! compares as `packaging` compares it. Letters match without regard to
//! ASCII case; `packaging` also folds a few non-ASCII letters (the Kelvin
//! sign, the dotless i and the long s) in `~=` clauses, which is not copied.
//! The agreement is measured by `tests/pep440_differential.rs` against
//! `tests/fixtures/pep440/expected.json`, written by `packaging` itself.

mod number;
mod specifier;
mod version;

pub use specifier::Specifier;
pub use version::Pep440Version;

/// Python's whitespace (`str.isspace`, the `\s` of its regular expressions):
/// Unicode's, plus the four information separators U+001C–U+001F.
pub(crate) fn is_py_space(c: char) -> bool {
    c.is_whitespace() || ('\u{1c}'..='\u{1f}').contains(&c)
}

/// `text` without Python whitespace at either end (`str.strip()`).
pub(crate) fn py_strip(text: &str) -> &str {
    text.trim_matches(is_py_space)
}
