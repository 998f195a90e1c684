//! Python: `release-cycle.json` and `python-releases.json` from the PEPs site,
//! completed by endoflife.date's Python data.
//!
//! Merge rules (each answers a caveat of the data, see `data/SOURCES.md`):
//! - first release and end of life come from `release-cycle.json`, whose planned
//!   dates are month-only (`2030-10`, the last day of that month); the same dates
//!   appear as the month's first day in `python-releases.json`, used only as a fallback;
//! - feature freeze and end of bug fixes come from `python-releases.json` metadata,
//!   then from endoflife.date's `eoas`;
//! - the latest patch is the newest of the listed final releases and endoflife.date's
//!   `latest` (it knows patches newer than the PEPs snapshot).

use std::collections::BTreeMap;

use serde::Deserialize;

use super::eol;
use crate::catalog::{Catalog, Cycle, Release};
use crate::date::Date;
use crate::error::{Error, Result};
use crate::version::{Branch, Version};

const RELEASE_CYCLE: &str = "release-cycle.json";
const PYTHON_RELEASES: &str = "python-releases.json";
const EOL_PYTHON: &str = "endoflife.date python";

#[derive(Deserialize)]
struct CycleEntry {
    pep: Option<u32>,
    status: Option<String>,
    first_release: Option<String>,
    end_of_life: Option<String>,
    release_manager: Option<String>,
}

#[derive(Deserialize)]
struct MetadataEntry {
    pep: Option<u32>,
    status: Option<String>,
    release_manager: Option<String>,
    feature_freeze: Option<String>,
    first_release: Option<String>,
    end_of_bugfix: Option<String>,
    end_of_life: Option<String>,
}

#[derive(Deserialize)]
struct ReleaseEntry {
    stage: String,
    state: Option<String>,
    date: String,
    #[serde(default)]
    note: Option<String>,
}

#[derive(Deserialize)]
struct PythonReleases {
    #[serde(default)]
    metadata: BTreeMap<String, MetadataEntry>,
    releases: BTreeMap<String, Vec<ReleaseEntry>>,
}

fn branch(source: &str, key: &str) -> Result<Branch> {
    key.parse()
        .map_err(|e| Error::data(source, format!("branch key {key:?}: {e}")))
}

fn date(source: &str, branch: Branch, field: &str, text: Option<&str>) -> Result<Option<Date>> {
    match text {
        None | Some("") => Ok(None),
        Some(t) => Date::parse_day_or_month(t)
            .map(Some)
            .map_err(|e| Error::data(source, format!("{branch} {field}: {e}"))),
    }
}

/// Builds the sorted Python cycles from the three texts.
pub(crate) fn cycles(
    release_cycle: &str,
    python_releases: &str,
    eol_python: &str,
) -> Result<Vec<Cycle>> {
    let summary: BTreeMap<String, CycleEntry> = serde_json::from_str(release_cycle)
        .map_err(|e| Error::data(RELEASE_CYCLE, e.to_string()))?;
    let full: PythonReleases = serde_json::from_str(python_releases)
        .map_err(|e| Error::data(PYTHON_RELEASES, e.to_string()))?;
    let eol_cycles = eol::parse(EOL_PYTHON, eol_python)?;

    let mut by_branch: BTreeMap<Branch, Cycle> = BTreeMap::new();
    for (key, meta) in &full.metadata {
        let b = branch(PYTHON_RELEASES, key)?;
        let cycle = by_branch.entry(b).or_insert_with(|| Cycle::new(b));
        let m = &mut cycle.milestones;
        m.feature_freeze = date(
            PYTHON_RELEASES,
            b,
            "feature_freeze",
            meta.feature_freeze.as_deref(),
        )?;
        m.first_release = date(
            PYTHON_RELEASES,
            b,
            "first_release",
            meta.first_release.as_deref(),
        )?;
        m.end_of_bugfix = date(
            PYTHON_RELEASES,
            b,
            "end_of_bugfix",
            meta.end_of_bugfix.as_deref(),
        )?;
        m.end_of_life = date(
            PYTHON_RELEASES,
            b,
            "end_of_life",
            meta.end_of_life.as_deref(),
        )?;
        cycle.pep = meta.pep;
        cycle.release_manager.clone_from(&meta.release_manager);
        cycle.recorded_status.clone_from(&meta.status);
    }
    for (key, entry) in &summary {
        let b = branch(RELEASE_CYCLE, key)?;
        let cycle = by_branch.entry(b).or_insert_with(|| Cycle::new(b));
        if let Some(d) = date(
            RELEASE_CYCLE,
            b,
            "first_release",
            entry.first_release.as_deref(),
        )? {
            cycle.milestones.first_release = Some(d);
        }
        if let Some(d) = date(
            RELEASE_CYCLE,
            b,
            "end_of_life",
            entry.end_of_life.as_deref(),
        )? {
            cycle.milestones.end_of_life = Some(d);
        }
        cycle.pep = entry.pep.or(cycle.pep);
        if entry.release_manager.is_some() {
            cycle.release_manager.clone_from(&entry.release_manager);
        }
        if entry.status.is_some() {
            cycle.recorded_status.clone_from(&entry.status);
        }
    }
    for (key, list) in &full.releases {
        let b = branch(PYTHON_RELEASES, key)?;
        let cycle = by_branch.entry(b).or_insert_with(|| Cycle::new(b));
        for entry in list {
            let version: Version = entry
                .stage
                .parse()
                .map_err(|e| Error::data(PYTHON_RELEASES, format!("{b} release stage: {e}")))?;
            if version.branch() != b {
                return Err(Error::data(
                    PYTHON_RELEASES,
                    format!("release {version} listed under branch {b}"),
                ));
            }
            let when = Date::parse(&entry.date)
                .map_err(|e| Error::data(PYTHON_RELEASES, format!("{version} date: {e}")))?;
            cycle.releases.push(Release {
                version,
                date: when,
                expected: entry.state.as_deref() == Some("expected"),
                note: entry.note.clone().unwrap_or_default(),
            });
        }
        cycle.releases.sort_by_key(|r| (r.version, r.date));
    }
    for e in eol_cycles {
        // endoflife.date only completes branches the PEPs data knows.
        let Some(cycle) = by_branch.get_mut(&e.cycle) else {
            continue;
        };
        let m = &mut cycle.milestones;
        if m.end_of_bugfix.is_none() {
            m.end_of_bugfix = e.eoas.or(if e.eoas_reached { m.end_of_life } else { None });
        }
        m.first_release = m.first_release.or(e.release_date);
        m.end_of_life = m.end_of_life.or(e.eol);
        if let Some(latest) = e.latest.filter(Version::is_final) {
            cycle.latest_reported = Some((latest, e.latest_date));
        }
    }
    if by_branch.is_empty() {
        return Err(Error::data(RELEASE_CYCLE, "no branches"));
    }
    let mut cycles: Vec<Cycle> = by_branch.into_values().collect();
    Catalog::sort_cycles(&mut cycles);
    Ok(cycles)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::Product;
    use crate::data::DataSet;
    use crate::status::Status;

    fn d(s: &str) -> Date {
        Date::parse(s).unwrap()
    }

    #[test]
    fn embedded_snapshot_merges_as_documented() {
        let cat = DataSet::embedded().catalog(Product::Python).unwrap();
        let today = d("2026-11-25");
        let c = |s: &str| cat.cycle(s.parse().unwrap()).unwrap();
        // Month-only end of life from release-cycle.json: the month's last day.
        assert_eq!(c("3.10").milestones.end_of_life, Some(d("2026-10-31")));
        // The data says security, the dates say end of life.
        assert_eq!(c("3.10").recorded_status.as_deref(), Some("security"));
        assert_eq!(c("3.10").status_on(today), Status::EndOfLife);
        assert_eq!(c("3.15").status_on(today), Status::Bugfix);
        assert_eq!(c("3.16").status_on(today), Status::Feature);
        assert_eq!(c("3.13").status_on(today), Status::Security);
        assert_eq!(c("3.14").status_on(today), Status::Bugfix);
        // endoflife.date knows 3.12.14; the PEPs data stops earlier.
        assert_eq!(
            c("3.12").latest_patch(today).unwrap().0.to_string(),
            "3.12.14"
        );
        // Scheduled (expected) releases do not count.
        assert_eq!(
            c("3.14").latest_patch(today).unwrap().0.to_string(),
            "3.14.7"
        );
        // Sorted numerically, 2.7 before 3.0, 3.9 before 3.10.
        let order: Vec<String> = cat.cycles.iter().map(|c| c.branch.to_string()).collect();
        let pos = |s: &str| order.iter().position(|o| o == s).unwrap();
        assert!(pos("2.7") < pos("3.0") && pos("3.9") < pos("3.10"));
        assert_eq!(
            cat.cycles.iter().map(|c| c.releases.len()).sum::<usize>(),
            651
        );
    }

    #[test]
    fn rejects_bad_data_with_its_name() {
        let err = cycles("{", "{}", "[]").unwrap_err().to_string();
        assert!(err.contains("release-cycle.json"), "{err}");
        let err = cycles(r#"{"3.x":{}}"#, r#"{"releases":{}}"#, "[]")
            .unwrap_err()
            .to_string();
        assert!(err.contains("\"3.x\""), "{err}");
        let bad_stage =
            r#"{"releases":{"3.1":[{"stage":"3.2.0","state":"actual","date":"2009-06-27"}]}}"#;
        let err = cycles("{}", bad_stage, "[]").unwrap_err().to_string();
        assert!(err.contains("listed under branch 3.1"), "{err}");
        assert!(cycles("{}", r#"{"releases":{}}"#, "[]").is_err());
    }
}
