//! The release data of one product: its branches, their dates and releases.

use std::path::PathBuf;

use crate::date::Date;
use crate::error::{Error, Result};
pub use crate::product::Product;
use crate::status::{Milestones, Status};
use crate::version::{Branch, Version};

/// One published (or scheduled) release of a branch.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct Release {
    /// The version, e.g. `3.13.0rc2`.
    pub version: Version,
    /// Release date (planned date for an expected release).
    pub date: Date,
    /// `true` when the data lists it as scheduled, not yet out.
    pub expected: bool,
    /// Free-text note from the data ("security hotfix", "recalled ...").
    #[serde(skip_serializing_if = "String::is_empty")]
    pub note: String,
}

/// One release branch ("cycle") with its dates.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct Cycle {
    /// `3.12`, `5.2`.
    pub branch: Branch,
    /// Feature freeze, first release, end of bug fixes, end of life.
    #[serde(flatten)]
    pub milestones: Milestones,
    /// Long-term support release (Django).
    pub lts: bool,
    /// The PEP that schedules this branch (Python).
    pub pep: Option<u32>,
    /// The release manager(s) (Python).
    pub release_manager: Option<String>,
    /// Supported Python versions as the data writes them (Django), e.g. `3.10 - 3.14`.
    pub supported_python: Option<String>,
    /// The status written in the data, kept only to show when it is stale.
    pub recorded_status: Option<String>,
    /// Every known release, oldest first (Python; empty for Django).
    pub releases: Vec<Release>,
    /// The newest final release known from a source that lists only the latest
    /// (endoflife.date), with its date.
    pub latest_reported: Option<(Version, Option<Date>)>,
}

impl Cycle {
    /// A cycle with only a branch number and no dates.
    pub fn new(branch: Branch) -> Cycle {
        Cycle {
            branch,
            milestones: Milestones::default(),
            lts: false,
            pep: None,
            release_manager: None,
            supported_python: None,
            recorded_status: None,
            releases: Vec::new(),
            latest_reported: None,
        }
    }

    /// The status on `today`, from the dates.
    pub fn status_on(&self, today: Date) -> Status {
        self.milestones.status_on(today)
    }

    /// The newest final release out by `today`, from every source, with its date when known.
    ///
    /// Expected (scheduled) releases never count, even when their date has passed:
    /// the data cannot tell whether they shipped.
    pub fn latest_patch(&self, today: Date) -> Option<(Version, Option<Date>)> {
        let listed = self
            .releases
            .iter()
            .filter(|r| !r.expected && r.version.is_final() && r.date <= today)
            .max_by_key(|r| r.version)
            .map(|r| (r.version, Some(r.date)));
        match (listed, self.latest_reported) {
            (Some(a), Some(b)) => Some(if b.0 > a.0 { b } else { a }),
            (a, b) => a.or(b),
        }
    }

    /// How many final releases of this branch are newer than `version` (by `today`).
    ///
    /// Patch numbers of a branch are consecutive, so every patch number up to
    /// the latest counts, even one missing from the listing (a source may know
    /// the latest release but not the ones between).
    pub fn releases_behind(&self, version: Version, today: Date) -> u32 {
        let Some((latest, _)) = self.latest_patch(today) else {
            return 0;
        };
        if latest.branch() != version.branch() || version >= latest {
            return 0;
        }
        // Final patches `version.patch + 1 ..= latest.patch`, and
        // `version.patch` itself when `version` is its pre-release: counted,
        // not walked, so poisoned data with a huge patch number costs nothing.
        let newer_patches = latest.patch - version.patch;
        newer_patches + u32::from(!version.is_final())
    }
}

/// Where a catalog's data came from.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(tag = "kind", rename_all = "lowercase")]
pub enum DataOrigin {
    /// The snapshot compiled into this crate.
    Embedded,
    /// A file written by a refresh.
    Cache {
        /// The cache file.
        path: PathBuf,
    },
}

/// The release data of one product, branches sorted by version.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct Catalog {
    /// Which product.
    pub product: Product,
    /// How fresh the data is: the date of the snapshot, or of the download.
    pub data_date: Date,
    /// Embedded snapshot or cache file.
    pub origin: DataOrigin,
    /// Every branch, oldest first (`2.7` before `3.0` before `3.10`).
    pub cycles: Vec<Cycle>,
}

impl Catalog {
    /// The branch `branch`, if known.
    pub fn cycle(&self, branch: Branch) -> Option<&Cycle> {
        self.cycles
            .binary_search_by_key(&branch, |c| c.branch)
            .ok()
            .map(|i| &self.cycles[i])
    }

    /// The newest branch in the data.
    pub fn newest_branch(&self) -> Option<Branch> {
        self.cycles.last().map(|c| c.branch)
    }

    /// Checks `version` on `today`: status, dates, latest patch.
    ///
    /// A version whose branch is not in the data is an [`Error::UnknownVersion`]
    /// naming the newest known branch and the data's date.
    pub fn check(&self, version: Version, today: Date) -> Result<Verdict> {
        let cycle = self
            .cycle(version.branch())
            .ok_or_else(|| Error::UnknownVersion {
                product: self.product,
                version: version.to_string(),
                newest_known: self
                    .newest_branch()
                    .map(|b| b.to_string())
                    .unwrap_or_default(),
                data_date: self.data_date.to_string(),
            })?;
        let latest = cycle.latest_patch(today);
        Ok(Verdict {
            product: self.product,
            version,
            branch: cycle.branch,
            status: cycle.status_on(today),
            first_release: cycle.milestones.first_release,
            end_of_bugfix: cycle.milestones.end_of_bugfix,
            end_of_life: cycle.milestones.end_of_life,
            days_to_end_of_life: cycle
                .milestones
                .end_of_life
                .map(|eol| today.days_until(eol)),
            latest_patch: latest.map(|l| l.0),
            latest_patch_date: latest.and_then(|l| l.1),
            releases_behind: cycle.releases_behind(version, today),
            lts: cycle.lts,
            today,
        })
    }

    /// Sorts branches and merges duplicates (the last one wins). Used by the parsers.
    pub(crate) fn sort_cycles(cycles: &mut Vec<Cycle>) {
        cycles.sort_by_key(|c| c.branch);
        cycles.dedup_by(|later, earlier| {
            if later.branch == earlier.branch {
                std::mem::swap(later, earlier);
                true
            } else {
                false
            }
        });
    }
}

/// The answer for one version on one day.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct Verdict {
    /// Python or Django.
    pub product: Product,
    /// The version checked.
    pub version: Version,
    /// Its branch.
    pub branch: Branch,
    /// Status on `today`.
    pub status: Status,
    /// First release of the branch.
    pub first_release: Option<Date>,
    /// End of bug fixes of the branch.
    pub end_of_bugfix: Option<Date>,
    /// End of life of the branch.
    pub end_of_life: Option<Date>,
    /// Days from `today` to the end of life: negative once it has passed.
    pub days_to_end_of_life: Option<i64>,
    /// The latest final release of the branch.
    pub latest_patch: Option<Version>,
    /// Its date.
    pub latest_patch_date: Option<Date>,
    /// How many final releases of the branch are newer than `version`.
    pub releases_behind: u32,
    /// Long-term support branch (Django).
    pub lts: bool,
    /// The day the verdict is for.
    pub today: Date,
}

impl Verdict {
    /// Whether the end of life is at most `days` days away (and not yet passed).
    pub fn ends_within(&self, days: u32) -> bool {
        self.days_to_end_of_life
            .is_some_and(|d| d > 0 && d <= i64::from(days))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::version::PreKind;
    use proptest::prelude::*;

    proptest! {
        /// Counting equals the naive walk over every patch number.
        #[test]
        fn releases_behind_matches_a_walk(latest in 0u32..40, patch in 0u32..45, pre in proptest::option::of(1u32..3)) {
            let today = Date::new(2030, 1, 1).unwrap();
            let mut cycle = Cycle::new(Branch::new(3, 12));
            cycle.latest_reported = Some((Version::new(3, 12, latest), None));
            let version = Version { pre: pre.map(|n| (PreKind::Candidate, n)), ..Version::new(3, 12, patch) };
            let walked = (0..=latest).filter(|&p| Version::new(3, 12, p) > version).count();
            prop_assert_eq!(cycle.releases_behind(version, today) as usize, walked);
        }
    }

    #[test]
    fn a_huge_patch_number_is_counted_not_walked() {
        let today = Date::new(2030, 1, 1).unwrap();
        let mut cycle = Cycle::new(Branch::new(3, 12));
        cycle.latest_reported = Some((Version::new(3, 12, 999_999_999), None));
        assert_eq!(
            cycle.releases_behind(Version::new(3, 12, 0), today),
            999_999_999
        );
    }
}
