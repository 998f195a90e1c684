//! A pin's status, end of life and suggested upgrade, from the release data.

use std::collections::HashMap;

use super::{Pin, PinSite};
use crate::catalog::{Catalog, Product};
use crate::date::Date;
use crate::error::Error;
use crate::status::Status;
use crate::version::{Branch, Version};

/// What the release data says of one pin.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize)]
pub struct Assessment {
    /// The branch the status is for: the pinned one, the newest release of a
    /// major version, or the oldest branch a specifier allows.
    pub branch: Option<Branch>,
    /// Status on the day of the scan; `None` when the data cannot tell (see `note`).
    pub status: Option<Status>,
    /// End of life of `branch`.
    pub end_of_life: Option<Date>,
    /// Days from the day of the scan to the end of life (negative once passed).
    pub days_to_end_of_life: Option<i64>,
    /// The latest final release of `branch`.
    pub latest_patch: Option<Version>,
    /// What to write instead, when the pin is end of life or behind its
    /// latest patch: a version (`3.12.8`), a branch (`3.14`), or a specifier
    /// (`>=3.10`).
    pub suggestion: Option<String>,
    /// Why there is no status, or how the branch was chosen.
    pub note: Option<String>,
}

/// A pin with its assessment.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct Finding {
    /// Where and what.
    #[serde(flatten)]
    pub site: PinSite,
    /// Status, end of life, suggestion.
    #[serde(flatten)]
    pub assessment: Assessment,
}

/// Assesses every pin on `today` with the Python and (when known) Django data.
///
/// A repository repeats the same pins (one `>=3.9` per package): each
/// distinct pin is assessed once.
pub fn assess(
    pins: &[PinSite],
    python: &Catalog,
    django: Option<&Catalog>,
    today: Date,
) -> Vec<Finding> {
    let mut seen: HashMap<(Product, std::mem::Discriminant<Pin>, String), Assessment> =
        HashMap::new();
    pins.iter()
        .map(|site| {
            let key = (
                site.product,
                std::mem::discriminant(&site.pin),
                site.pin.to_string(),
            );
            let assessment = seen
                .entry(key)
                .or_insert_with(|| {
                    let catalog = match site.product {
                        Product::Django => django,
                        _ => Some(python),
                    };
                    match catalog {
                        Some(catalog) => assess_pin(&site.pin, catalog, today),
                        None => Assessment {
                            note: Some(format!("no {} release data", site.product)),
                            ..Assessment::default()
                        },
                    }
                })
                .clone();
            Finding {
                site: site.clone(),
                assessment,
            }
        })
        .collect()
}

fn assess_pin(pin: &Pin, catalog: &Catalog, today: Date) -> Assessment {
    match pin {
        Pin::Version(version) => of_version(catalog, *version, today, false),
        Pin::Branch(branch) => of_version(
            catalog,
            Version::new(branch.major, branch.minor, 0),
            today,
            true,
        ),
        Pin::Major(major) => match newest_released(catalog, |b| b.major == *major, today) {
            Some(branch) => Assessment {
                note: Some(format!(
                    "newest {} {major}.x released: {branch}",
                    catalog.product
                )),
                ..of_version(
                    catalog,
                    Version::new(branch.major, branch.minor, 0),
                    today,
                    true,
                )
            },
            None => Assessment {
                note: Some(format!(
                    "no {} {major}.x release in the data",
                    catalog.product
                )),
                ..Assessment::default()
            },
        },
        Pin::Specifier(alternatives) => {
            let floor = alternatives
                .iter()
                .filter_map(|spec| spec.allowed_branches(catalog).first().copied())
                .min();
            let Some(floor) = floor else {
                return Assessment {
                    note: Some(format!(
                        "allows no {} branch in the release data",
                        catalog.product
                    )),
                    ..Assessment::default()
                };
            };
            let mut a = of_version(
                catalog,
                Version::new(floor.major, floor.minor, 0),
                today,
                true,
            );
            a.note = Some(format!("oldest allowed: {floor}"));
            a.suggestion = match a.status {
                Some(Status::EndOfLife) => {
                    oldest_supported(catalog, today).map(|b| format!(">={b}"))
                }
                _ => None,
            };
            a
        }
        Pin::Other(reason) => Assessment {
            note: Some(reason.clone()),
            ..Assessment::default()
        },
    }
}

/// The verdict of one version (`branch_only`: the pin names a branch, so no
/// patch is behind).
fn of_version(catalog: &Catalog, version: Version, today: Date, branch_only: bool) -> Assessment {
    let verdict = match catalog.check(version, today) {
        Ok(v) => v,
        Err(Error::UnknownVersion { .. }) => {
            return Assessment {
                branch: Some(version.branch()),
                note: Some(format!(
                    "{} {} is not in the release data of {}",
                    catalog.product,
                    version.branch(),
                    catalog.data_date
                )),
                ..Assessment::default()
            };
        }
        Err(e) => {
            return Assessment {
                branch: Some(version.branch()),
                note: Some(e.to_string()),
                ..Assessment::default()
            };
        }
    };
    let suggestion = if verdict.status == Status::EndOfLife {
        recommended(catalog, today).map(|(branch, latest)| match (branch_only, latest) {
            (false, Some(latest)) => latest.to_string(),
            _ => branch.to_string(),
        })
    } else if !branch_only && verdict.releases_behind > 0 {
        verdict.latest_patch.map(|v| v.to_string())
    } else {
        None
    };
    Assessment {
        branch: Some(verdict.branch),
        status: Some(verdict.status),
        end_of_life: verdict.end_of_life,
        days_to_end_of_life: verdict.days_to_end_of_life,
        latest_patch: verdict.latest_patch,
        suggestion,
        note: None,
    }
}

/// The newest branch matching `want` with a final release out by `today`.
fn newest_released(
    catalog: &Catalog,
    want: impl Fn(Branch) -> bool,
    today: Date,
) -> Option<Branch> {
    catalog
        .cycles
        .iter()
        .rev()
        .find(|c| {
            want(c.branch)
                && c.status_on(today) >= Status::Bugfix
                && c.latest_patch(today).is_some()
        })
        .map(|c| c.branch)
}

/// What to move an end-of-life pin to: for Python the newest branch getting
/// bug fixes, for Django the newest long-term-support branch still
/// supported (or the newest supported one), with its latest patch.
fn recommended(catalog: &Catalog, today: Date) -> Option<(Branch, Option<Version>)> {
    let supported = |lts: bool| {
        catalog.cycles.iter().rev().find(|c| {
            let status = c.status_on(today);
            status.is_supported()
                && (!lts || c.lts)
                && (catalog.product != Product::Python || status == Status::Bugfix)
        })
    };
    let cycle = match catalog.product {
        Product::Django => supported(true).or_else(|| supported(false)),
        _ => supported(false),
    }?;
    Some((cycle.branch, cycle.latest_patch(today).map(|l| l.0)))
}

/// The oldest branch still supported: what a specifier's floor should be.
fn oldest_supported(catalog: &Catalog, today: Date) -> Option<Branch> {
    catalog
        .cycles
        .iter()
        .find(|c| c.status_on(today).is_supported())
        .map(|c| c.branch)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::DataSet;
    use crate::scan::Source;
    use std::path::PathBuf;

    fn site(product: Product, pin: Pin) -> PinSite {
        PinSite {
            path: PathBuf::from("x"),
            line: 1,
            column: 1,
            source: Source::Dependency,
            product,
            text: String::new(),
            pin,
            note: None,
        }
    }

    fn assess_one(product: Product, pin: Pin) -> Assessment {
        let data = DataSet::embedded();
        let python = data.catalog(Product::Python).expect("python");
        let django = data.catalog(Product::Django).expect("django");
        let today = Date::new(2026, 1, 15).expect("date");
        assess(&[site(product, pin)], &python, Some(&django), today)
            .remove(0)
            .assessment
    }

    #[test]
    fn end_of_life_pins_get_the_newest_bugfix_branch() {
        let a = assess_one(Product::Python, Pin::Version(Version::new(3, 8, 10)));
        assert_eq!(a.status, Some(Status::EndOfLife));
        assert_eq!(
            a.end_of_life.map(|d| d.to_string()).as_deref(),
            Some("2024-10-07")
        );
        assert!(
            a.suggestion
                .as_deref()
                .is_some_and(|s| s.starts_with("3.14.")),
            "{a:?}"
        );
        let b = assess_one(Product::Python, Pin::Branch(Branch::new(3, 8)));
        assert_eq!(b.suggestion.as_deref(), Some("3.14"));
    }

    #[test]
    fn supported_pins_behind_get_their_latest_patch() {
        let a = assess_one(Product::Python, Pin::Version(Version::new(3, 12, 1)));
        assert_eq!(a.status, Some(Status::Security));
        assert_eq!(a.suggestion, a.latest_patch.map(|v| v.to_string()));
        assert!(a.suggestion.is_some());
        let b = assess_one(Product::Python, Pin::Branch(Branch::new(3, 12)));
        assert_eq!(b.suggestion, None);
    }

    #[test]
    fn specifiers_are_judged_by_their_floor() {
        let spec = ">=3.8, <4".parse().expect("spec");
        let a = assess_one(Product::Python, Pin::Specifier(vec![spec]));
        assert_eq!(a.branch, Some(Branch::new(3, 8)));
        assert_eq!(a.status, Some(Status::EndOfLife));
        assert_eq!(a.suggestion.as_deref(), Some(">=3.10"));
        let none = assess_one(
            Product::Python,
            Pin::Specifier(vec!["<1".parse().expect("spec")]),
        );
        assert_eq!(none.status, None);
        assert!(
            none.note
                .is_some_and(|n| n.contains("allows no Python branch"))
        );
    }

    #[test]
    fn django_end_of_life_moves_to_the_newest_lts() {
        let a = assess_one(Product::Django, Pin::Version(Version::new(3, 2, 25)));
        assert_eq!(a.status, Some(Status::EndOfLife));
        assert!(
            a.suggestion
                .as_deref()
                .is_some_and(|s| s.starts_with("5.2")),
            "{a:?}"
        );
    }

    #[test]
    fn unknown_and_other_pins_have_a_note_and_no_status() {
        let a = assess_one(Product::Python, Pin::Branch(Branch::new(3, 99)));
        assert_eq!(a.status, None);
        assert!(
            a.note
                .is_some_and(|n| n.contains("3.99 is not in the release data"))
        );
        let b = assess_one(Product::Python, Pin::Major(3));
        assert!(
            b.note
                .as_deref()
                .is_some_and(|n| n.starts_with("newest Python 3.x released: 3.14")),
            "{b:?}"
        );
        let c = assess_one(Product::Python, Pin::Other("pypy".to_owned()));
        assert_eq!((c.status, c.note.as_deref()), (None, Some("pypy")));
    }
}
