//! `requires-python` (PEP 621) and the PEP 440 version specifiers it holds,
//! read as `packaging` reads them ([`crate::pep440`]): every operator
//! (`~=`, `==`, `!=`, `<=`, `>=`, `<`, `>`, `===`), wildcards, pre-, post-
//! and development releases, local labels and epochs; the empty string allows
//! every version.

use std::fmt;
use std::path::Path;

use crate::catalog::Catalog;
use crate::error::{Error, Result};
use crate::pep440::{Pep440Version, Specifier, py_strip};
use crate::version::{Branch, Version};

/// The most clauses a specifier may have (real ones have one to four), which
/// bounds the work of [`RequiresPython::allows_branch`].
const MAX_CLAUSES: usize = 1024;

/// A set of PEP 440 clauses that must all hold, as `packaging`'s
/// `SpecifierSet`: comma-separated, empty clauses skipped.
///
/// ```
/// use toolcup_releases::{RequiresPython, Version};
/// let spec: RequiresPython = ">=3.9, !=3.10.*, <4".parse()?;
/// assert!(spec.allows(Version::new(3, 11, 2)));
/// assert!(!spec.allows(Version::new(3, 10, 4)));
/// assert!(!spec.allows(Version::new(3, 8, 18)));
/// // Pre-releases and four-number releases, as pip reads them.
/// let pre: RequiresPython = ">=3.14.0rc1".parse()?;
/// assert!(pre.allows("3.14.0rc2".parse()?) && !pre.allows(Version::new(3, 13, 9)));
/// assert!(!">=3.9.1.2".parse::<RequiresPython>()?.allows(Version::new(3, 9, 1)));
/// assert!("".parse::<RequiresPython>()?.allows(Version::new(2, 7, 18)));
/// # Ok::<(), toolcup_releases::Error>(())
/// ```
#[derive(Clone, Debug)]
pub struct RequiresPython {
    text: String,
    clauses: Vec<Specifier>,
}

impl PartialEq for RequiresPython {
    fn eq(&self, other: &Self) -> bool {
        self.text == other.text
    }
}

impl Eq for RequiresPython {}

impl std::str::FromStr for RequiresPython {
    type Err = Error;
    fn from_str(text: &str) -> Result<RequiresPython> {
        let parts: Vec<&str> = text
            .split(',')
            .map(py_strip)
            .filter(|c| !c.is_empty())
            .collect();
        if parts.len() > MAX_CLAUSES {
            return Err(Error::InvalidSpecifier {
                text: text.chars().take(80).collect(),
                reason: format!("{} clauses; at most {MAX_CLAUSES} are read", parts.len()),
            });
        }
        let clauses = parts
            .into_iter()
            .map(|clause| {
                clause.parse::<Specifier>().map_err(|e| match e {
                    Error::InvalidSpecifier { reason, .. } => Error::InvalidSpecifier {
                        text: text.chars().take(200).collect(),
                        reason: format!("clause {clause:?}: {reason}"),
                    },
                    other => other,
                })
            })
            .collect::<Result<Vec<_>>>()?;
        Ok(RequiresPython {
            text: py_strip(text).to_owned(),
            clauses,
        })
    }
}

impl fmt::Display for RequiresPython {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

impl RequiresPython {
    /// Whether `version` satisfies every clause.
    pub fn allows(&self, version: Version) -> bool {
        let version = Pep440Version::from(version);
        self.clauses.iter().all(|c| c.contains(&version))
    }

    /// Whether the version written `text` satisfies every clause, as
    /// `packaging`'s `SpecifierSet(...).contains(text, prereleases=True)`
    /// answers (`===` compares the text as written).
    pub fn allows_text(&self, text: &str) -> bool {
        self.clauses.iter().all(|c| c.contains_text(text))
    }

    /// Whether some release of `branch` (patch 0 to `max_patch`) is allowed.
    ///
    /// Within a branch each clause can change its answer only next to the
    /// patch it names, so only the patches next to those (and the two ends)
    /// are tried: the work grows with the clauses, never with `max_patch`,
    /// however large poisoned release data makes it.
    pub fn allows_branch(&self, branch: Branch, max_patch: u32) -> bool {
        let mut candidates = vec![0, max_patch];
        for clause in &self.clauses {
            if let Some(patch) = clause.patch_near(branch.major, branch.minor) {
                candidates.extend([patch.saturating_sub(1), patch, patch.saturating_add(1)]);
            }
        }
        candidates.retain(|p| *p <= max_patch);
        candidates.sort_unstable();
        candidates.dedup();
        candidates
            .into_iter()
            .any(|p| self.allows(Version::new(branch.major, branch.minor, p)))
    }

    /// The branches of `catalog` this specifier allows, oldest first.
    pub fn allowed_branches(&self, catalog: &Catalog) -> Vec<Branch> {
        catalog
            .cycles
            .iter()
            .filter(|c| {
                let max = c
                    .releases
                    .iter()
                    .map(|r| r.version.patch)
                    .max()
                    .unwrap_or(0);
                let max = c
                    .latest_reported
                    .map_or(max, |(v, _)| max.max(v.patch))
                    .max(50);
                self.allows_branch(c.branch, max)
            })
            .map(|c| c.branch)
            .collect()
    }

    /// Reads `[project] requires-python` from a `pyproject.toml` file.
    pub fn from_pyproject(path: &Path) -> Result<RequiresPython> {
        let text = crate::files::read_text(path, crate::files::MAX_PYPROJECT)?;
        let doc: toml::Table = toml::from_str(&text).map_err(|e| Error::InvalidFile {
            path: path.to_owned(),
            reason: format!("not valid TOML: {}", e.message()),
        })?;
        let value = doc
            .get("project")
            .and_then(|p| p.get("requires-python"))
            .ok_or_else(|| Error::InvalidFile {
                path: path.to_owned(),
                reason: "no [project] requires-python".to_owned(),
            })?;
        let spec = value.as_str().ok_or_else(|| Error::InvalidFile {
            path: path.to_owned(),
            reason: "[project] requires-python is not a string".to_owned(),
        })?;
        spec.parse().map_err(|e| Error::InvalidFile {
            path: path.to_owned(),
            reason: format!("[project] requires-python: {e}"),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn spec(s: &str) -> RequiresPython {
        s.parse().unwrap()
    }

    #[test]
    fn operators() {
        use std::ops::Not;
        let v = |a, b, c| Version::new(a, b, c);
        assert!(spec("~=3.10").allows(v(3, 13, 0)) && !spec("~=3.10").allows(v(4, 0, 0)));
        assert!(spec("~=3.10.2").allows(v(3, 10, 5)) && !spec("~=3.10.2").allows(v(3, 11, 0)));
        assert!(spec("==3.11.*").allows(v(3, 11, 9)) && !spec("==3.11.*").allows(v(3, 12, 0)));
        assert!(spec("==3.11").allows(v(3, 11, 0)) && !spec("==3.11").allows(v(3, 11, 1)));
        assert!(spec(">3.8").allows(v(3, 8, 1)));
        assert!(spec("<=3.12").allows(v(3, 12, 0)) && !spec("<=3.12").allows(v(3, 12, 1)));
        assert!(spec(">= 3.9 ,").allows(v(3, 9, 0)));
        assert!(spec("===3.12.1").allows(v(3, 12, 1)));
        assert!(spec("<3.9.2").allows_branch(Branch::new(3, 9), 20));
        // The forms issue 16 found refused, as packaging reads them.
        assert!(spec(">=3.9.0a1").allows(v(3, 9, 0)) && !spec(">=3.9.0a1").allows(v(3, 8, 18)));
        assert!(spec(">=3.14.0rc1").allows(v(3, 14, 0)));
        assert!(spec(">=3.9.1.2").allows(v(3, 9, 2)) && !spec(">=3.9.1.2").allows(v(3, 9, 1)));
        assert!(spec("").allows(v(2, 7, 18)) && spec(" , ").allows(v(3, 0, 0)));
        // >=3.9.1.2 and ==3.9.1.*: no final 3.9.p is both.
        assert!(!spec("~=3.9.1.2").allows_branch(Branch::new(3, 9), 5));
        assert!(spec("~=3.9.1").allows_branch(Branch::new(3, 9), 5));
        assert!(!spec("~=3.9.1").allows_branch(Branch::new(3, 10), 5));
        assert!(spec("===3.12.1").allows(v(3, 12, 1)) && !spec("===3.12").allows(v(3, 12, 0)));
        assert!(spec("==1!3.9").allows_branch(Branch::new(3, 9), 5).not());
    }

    #[test]
    fn work_is_bounded_by_the_clauses_not_the_data() {
        let many = vec![">=3.9"; MAX_CLAUSES + 1].join(",");
        let err = many.parse::<RequiresPython>().unwrap_err().to_string();
        assert!(err.contains("1025 clauses; at most 1024"), "{err}");
        let wide = spec("!=3.12.5, <3.12.999999999");
        assert!(wide.allows_branch(Branch::new(3, 12), u32::MAX));
        assert!(!spec("==3.12.999999999").allows_branch(Branch::new(3, 12), 999_999_998));
        assert!(spec("==3.12.999999999").allows_branch(Branch::new(3, 12), u32::MAX));
    }

    #[test]
    fn errors() {
        for bad in [
            "3.9",
            ">=three",
            ">=3.9.*",
            "~=3",
            "=>3.9",
            ">=3..9",
            ">=3.9+local",
            "~=3.9.*",
            "===a b",
            ">=3.9;<4",
        ] {
            let err = bad.parse::<RequiresPython>().unwrap_err().to_string();
            assert!(err.starts_with("invalid version specifier"), "{bad}: {err}");
        }
    }

    #[test]
    fn pyproject() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("pyproject.toml");
        std::fs::write(
            &path,
            "[project]\nname = \"x\"\nrequires-python = \">=3.9\"\n",
        )
        .unwrap();
        assert_eq!(
            RequiresPython::from_pyproject(&path).unwrap().to_string(),
            ">=3.9"
        );
        std::fs::write(&path, "[project]\nname = \"x\"\n").unwrap();
        let err = RequiresPython::from_pyproject(&path)
            .unwrap_err()
            .to_string();
        assert!(err.ends_with("no [project] requires-python"), "{err}");
        std::fs::write(&path, "[project\n").unwrap();
        assert!(
            RequiresPython::from_pyproject(&path)
                .unwrap_err()
                .to_string()
                .contains("not valid TOML")
        );
    }

    proptest! {
        /// `>=A` and `<A` partition every version; `==A.*` and `!=A.*` too.
        #[test]
        fn complements(a in (2u32..4, 0u32..15), v in (2u32..4, 0u32..15, 0u32..20)) {
            let version = Version::new(v.0, v.1, v.2);
            let ge = spec(&format!(">={}.{}", a.0, a.1)).allows(version);
            let lt = spec(&format!("<{}.{}", a.0, a.1)).allows(version);
            prop_assert!(ge != lt);
            let eq = spec(&format!("=={}.{}.*", a.0, a.1)).allows(version);
            let ne = spec(&format!("!={}.{}.*", a.0, a.1)).allows(version);
            prop_assert!(eq != ne);
            // Naive reference for the prefix match.
            prop_assert_eq!(eq, v.0 == a.0 && v.1 == a.1);
        }

        /// Trying only the patches next to the clauses' numbers equals trying
        /// every patch.
        #[test]
        fn allows_branch_matches_a_walk(
            clauses in proptest::collection::vec((0usize..7, 11u32..14, 0u32..12, proptest::bool::ANY), 1..4),
            minor in 10u32..15,
            max in 0u32..15,
        ) {
            let ops = ["==", "!=", "<", "<=", ">", ">=", "~="];
            let text: Vec<String> = clauses
                .iter()
                .map(|(op, m, p, short)| if *short && ops[*op] != "~=" {
                    format!("{}3.{m}", ops[*op])
                } else {
                    format!("{}3.{m}.{p}", ops[*op])
                })
                .collect();
            let parsed = spec(&text.join(","));
            let walked = (0..=max).any(|p| parsed.allows(Version::new(3, minor, p)));
            prop_assert_eq!(parsed.allows_branch(Branch::new(3, minor), max), walked, "{}", text.join(","));
        }

        #[test]
        fn never_panics(s in "\\PC{0,24}") {
            let _ = s.parse::<RequiresPython>();
        }
    }
}
