//! Support status of a release branch, derived from its dates and today's date.

use std::fmt;

use crate::date::Date;

/// Where a branch is in its life, in order.
///
/// Derived from dates, never trusted from the data's own `status` field, which
/// goes stale (the embedded snapshot still calls 3.10 `security` after its end of life).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Status {
    /// Before the feature freeze (or, when that date is unknown, before the first release).
    Feature,
    /// Feature-frozen, not yet released (betas and candidates).
    Prerelease,
    /// Released, receiving bug fixes and security fixes.
    Bugfix,
    /// Only security fixes, until the end of life.
    Security,
    /// No fixes at all any more.
    EndOfLife,
}

impl Status {
    /// The name used by the Python release data: `feature`, `prerelease`,
    /// `bugfix`, `security`, `end-of-life`.
    ///
    /// ```
    /// use toolcup_releases::Status;
    /// assert_eq!(Status::EndOfLife.as_str(), "end-of-life");
    /// ```
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Feature => "feature",
            Status::Prerelease => "prerelease",
            Status::Bugfix => "bugfix",
            Status::Security => "security",
            Status::EndOfLife => "end-of-life",
        }
    }

    /// Whether the branch still receives fixes (bug fixes or security fixes).
    pub fn is_supported(self) -> bool {
        matches!(self, Status::Bugfix | Status::Security)
    }

    /// Every status, in life order.
    pub const ALL: [Status; 5] = [
        Status::Feature,
        Status::Prerelease,
        Status::Bugfix,
        Status::Security,
        Status::EndOfLife,
    ];
}

impl fmt::Display for Status {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The dates that decide a branch's status. Any may be unknown.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize)]
pub struct Milestones {
    /// Feature freeze (first beta).
    pub feature_freeze: Option<Date>,
    /// First final release (X.Y.0).
    pub first_release: Option<Date>,
    /// End of bug-fix releases (endoflife.date calls it end of active support).
    pub end_of_bugfix: Option<Date>,
    /// End of life: the day the branch stops receiving any fixes.
    pub end_of_life: Option<Date>,
}

impl Milestones {
    /// The status on `today`. Each phase starts on its date (inclusive): the
    /// branch is end-of-life **on** its end-of-life date.
    ///
    /// ```
    /// use toolcup_releases::{Date, Milestones, Status};
    /// let m = Milestones {
    ///     feature_freeze: None,
    ///     first_release: Some(Date::new(2021, 10, 4)?),
    ///     end_of_bugfix: Some(Date::new(2023, 4, 5)?),
    ///     end_of_life: Some(Date::parse_day_or_month("2026-10")?),
    /// };
    /// assert_eq!(m.status_on(Date::new(2026, 10, 30)?), Status::Security);
    /// assert_eq!(m.status_on(Date::new(2026, 10, 31)?), Status::EndOfLife);
    /// # Ok::<(), toolcup_releases::Error>(())
    /// ```
    pub fn status_on(&self, today: Date) -> Status {
        let reached = |date: Option<Date>| date.is_some_and(|d| today >= d);
        if reached(self.end_of_life) {
            Status::EndOfLife
        } else if reached(self.end_of_bugfix) {
            Status::Security
        } else if reached(self.first_release) {
            Status::Bugfix
        } else if reached(self.feature_freeze) {
            Status::Prerelease
        } else if self.first_release.is_none() && self.end_of_life.is_none() {
            // Nothing known but maybe a freeze in the future: still in development.
            Status::Feature
        } else if self.first_release.is_none() {
            // An end of life but no first release: data that only knows the end.
            Status::Bugfix
        } else {
            Status::Feature
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn d(s: &str) -> Date {
        Date::parse(s).unwrap()
    }

    #[test]
    fn phases_in_order() {
        let m = Milestones {
            feature_freeze: Some(d("2027-05-04")),
            first_release: Some(d("2027-10-06")),
            end_of_bugfix: Some(d("2029-10-06")),
            end_of_life: Some(d("2032-10-31")),
        };
        assert_eq!(m.status_on(d("2026-11-25")), Status::Feature);
        assert_eq!(m.status_on(d("2027-05-04")), Status::Prerelease);
        assert_eq!(m.status_on(d("2027-10-06")), Status::Bugfix);
        assert_eq!(m.status_on(d("2029-10-06")), Status::Security);
        assert_eq!(m.status_on(d("2032-10-31")), Status::EndOfLife);
    }

    proptest! {
        /// Status never goes backwards as days pass.
        #[test]
        fn monotonic_in_time(a in 0i64..30_000, b in 0i64..30_000, dates in proptest::collection::vec(0i64..30_000, 4)) {
            let mut sorted = dates.clone();
            sorted.sort();
            let at = |n: i64| Date::from_days_since_epoch(n);
            let m = Milestones { feature_freeze: at(sorted[0]), first_release: at(sorted[1]), end_of_bugfix: at(sorted[2]), end_of_life: at(sorted[3]) };
            let (lo, hi) = (a.min(b), a.max(b));
            prop_assert!(m.status_on(at(lo).unwrap()) <= m.status_on(at(hi).unwrap()));
        }
    }
}
