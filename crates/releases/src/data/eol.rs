//! endoflife.date data in three shapes: the v1 API's product response
//! (`{"schema_version": "1.…", "result": {"releases": [...]}}` with `name`,
//! `isEol`/`eolFrom`, `latest: {name, date}`; what `refresh` downloads), the
//! product front matter (`{"releases": [...]}` with `releaseCycle`, `eoas`; the
//! embedded snapshot), and the retired v0 API list (`[...]` with `cycle`,
//! `support`; caches written by older versions).

use serde_json::Value;

use crate::date::Date;
use crate::error::{Error, Result};
use crate::version::{Branch, Version};

/// One release cycle as endoflife.date describes it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EolCycle {
    /// `3.12`, `5.2`.
    pub cycle: Branch,
    /// First release.
    pub release_date: Option<Date>,
    /// End of active support (bug fixes). `true` without a date becomes `None`
    /// with `eoas_reached` set.
    pub eoas: Option<Date>,
    /// Whether active support has ended though no date is given.
    pub eoas_reached: bool,
    /// End of life.
    pub eol: Option<Date>,
    /// Whether the end of life has passed though no date is given.
    pub eol_reached: bool,
    /// Latest release of the cycle.
    pub latest: Option<Version>,
    /// Its date.
    pub latest_date: Option<Date>,
    /// Long-term support.
    pub lts: bool,
    /// Supported Python versions (Django), as written.
    pub supported_python: Option<String>,
}

/// Reads a date field that may be a date string (`YYYY-MM-DD` or `YYYY-MM`),
/// a boolean, or absent. Returns (date, reached-without-date).
fn date_or_bool(
    source: &str,
    cycle: &str,
    field: &str,
    value: Option<&Value>,
) -> Result<(Option<Date>, bool)> {
    match value {
        None | Some(Value::Null) | Some(Value::Bool(false)) => Ok((None, false)),
        Some(Value::Bool(true)) => Ok((None, true)),
        Some(Value::String(s)) => Date::parse_day_or_month(s)
            .map(|d| (Some(d), false))
            .map_err(|e| Error::data(source, format!("cycle {cycle}, {field}: {e}"))),
        Some(other) => Err(Error::data(
            source,
            format!("cycle {cycle}, {field}: expected a date or a boolean, found {other}"),
        )),
    }
}

/// The major version of the v1 API's `schema_version` this crate reads.
const V1_SCHEMA_MAJOR: &str = "1";

/// Parses endoflife.date data in any of the three shapes. `source` names it in errors.
pub(crate) fn parse(source: &str, text: &str) -> Result<Vec<EolCycle>> {
    let root: Value = serde_json::from_str(text).map_err(|e| Error::data(source, e.to_string()))?;
    let shape_error = || {
        Error::data(
            source,
            "expected the v1 API's {\"result\": {\"releases\": [...]}}, a list of cycles or an object with \"releases\"",
        )
    };
    match &root {
        Value::Array(list) => parse_front_matter(source, list),
        Value::Object(map) if map.contains_key("schema_version") || map.contains_key("result") => {
            parse_v1(source, map)
        }
        Value::Object(map) => match map.get("releases") {
            Some(Value::Array(list)) => parse_front_matter(source, list),
            _ => Err(shape_error()),
        },
        _ => Err(shape_error()),
    }
}

/// Parses what the v1 API serves, and only that (a download must be current).
#[cfg(feature = "refresh")]
pub(crate) fn parse_v1_only(source: &str, text: &str) -> Result<Vec<EolCycle>> {
    let root: Value = serde_json::from_str(text).map_err(|e| Error::data(source, e.to_string()))?;
    match &root {
        Value::Object(map) => parse_v1(source, map),
        _ => Err(Error::data(
            source,
            "expected the v1 API's object with schema_version and result",
        )),
    }
}

/// Reads a v1 `ProductResponse`: checks the schema's major version, then each
/// release of `result.releases`.
fn parse_v1(source: &str, root: &serde_json::Map<String, Value>) -> Result<Vec<EolCycle>> {
    match root.get("schema_version") {
        Some(Value::String(v)) if v.split('.').next() == Some(V1_SCHEMA_MAJOR) => {}
        Some(Value::String(v)) => {
            return Err(Error::data(
                source,
                format!(
                    "schema_version {v:?}: only version {V1_SCHEMA_MAJOR}.x of the API is read"
                ),
            ));
        }
        _ => return Err(Error::data(source, "no schema_version string")),
    }
    let releases = match root.get("result").and_then(|r| r.get("releases")) {
        Some(Value::Array(list)) => list,
        _ => return Err(Error::data(source, "no result.releases list")),
    };
    releases
        .iter()
        .map(|entry| parse_v1_release(source, entry))
        .collect()
}

/// A v1 boolean field; absent (optional phases) is `false`.
fn v1_bool(source: &str, cycle: &str, field: &str, value: Option<&Value>) -> Result<bool> {
    match value {
        None | Some(Value::Null) => Ok(false),
        Some(Value::Bool(b)) => Ok(*b),
        Some(other) => Err(Error::data(
            source,
            format!("cycle {cycle}, {field}: expected a boolean, found {other}"),
        )),
    }
}

/// A v1 phase: `is<Phase>` and `<phase>From` (a date or null) as (date, reached-without-date).
fn v1_phase(
    source: &str,
    cycle: &str,
    entry: &serde_json::Map<String, Value>,
    flag: &str,
    from: &str,
) -> Result<(Option<Date>, bool)> {
    let reached = v1_bool(source, cycle, flag, entry.get(flag))?;
    let (date, _) = match entry.get(from) {
        Some(Value::Bool(_)) => {
            return Err(Error::data(
                source,
                format!("cycle {cycle}, {from}: expected a date or null"),
            ));
        }
        other => date_or_bool(source, cycle, from, other)?,
    };
    Ok((date, reached && date.is_none()))
}

/// One v1 `ProductRelease`.
fn parse_v1_release(source: &str, entry: &Value) -> Result<EolCycle> {
    let Value::Object(entry) = entry else {
        return Err(Error::data(source, "a release is not an object"));
    };
    let name = match entry.get("name") {
        Some(Value::String(s)) => s.clone(),
        _ => return Err(Error::data(source, "a release has no name string")),
    };
    let cycle: Branch = name
        .parse()
        .map_err(|e| Error::data(source, format!("cycle {name:?}: {e}")))?;
    if !matches!(entry.get("isEol"), Some(Value::Bool(_))) {
        return Err(Error::data(
            source,
            format!("cycle {name}, isEol: expected a boolean"),
        ));
    }
    let (release_date, _) = date_or_bool(source, &name, "releaseDate", entry.get("releaseDate"))?;
    let (eoas, eoas_reached) = v1_phase(source, &name, entry, "isEoas", "eoasFrom")?;
    let (eol, eol_reached) = v1_phase(source, &name, entry, "isEol", "eolFrom")?;
    let (latest, latest_date) = match entry.get("latest") {
        None | Some(Value::Null) => (None, None),
        Some(Value::Object(latest)) => {
            let version = match latest.get("name") {
                Some(Value::String(s)) => s
                    .parse::<Version>()
                    .map_err(|e| Error::data(source, format!("cycle {name}, latest: {e}")))?,
                _ => {
                    return Err(Error::data(
                        source,
                        format!("cycle {name}, latest: no name string"),
                    ));
                }
            };
            let (date, _) = date_or_bool(source, &name, "latest.date", latest.get("date"))?;
            (Some(version), date)
        }
        Some(other) => {
            return Err(Error::data(
                source,
                format!("cycle {name}, latest: expected an object or null, found {other}"),
            ));
        }
    };
    let lts = v1_bool(source, &name, "isLts", entry.get("isLts"))?;
    let supported_python = entry
        .get("custom")
        .and_then(|c| c.get("supportedPythonVersions"))
        .and_then(Value::as_str)
        .map(str::to_owned);
    Ok(EolCycle {
        cycle,
        release_date,
        eoas,
        eoas_reached,
        eol,
        eol_reached,
        latest,
        latest_date,
        lts,
        supported_python,
    })
}

/// Reads the front matter's or the v0 API's list of cycles.
fn parse_front_matter(source: &str, entries: &[Value]) -> Result<Vec<EolCycle>> {
    let mut cycles = Vec::with_capacity(entries.len());
    for entry in entries {
        let Value::Object(entry) = entry else {
            return Err(Error::data(source, "a cycle entry is not an object"));
        };
        let name = match entry.get("releaseCycle").or_else(|| entry.get("cycle")) {
            Some(Value::String(s)) => s.clone(),
            Some(Value::Number(n)) => n.to_string(),
            _ => {
                return Err(Error::data(
                    source,
                    "a cycle entry has no releaseCycle/cycle",
                ));
            }
        };
        let cycle: Branch = name
            .parse()
            .map_err(|e| Error::data(source, format!("cycle {name:?}: {e}")))?;
        let (release_date, _) =
            date_or_bool(source, &name, "releaseDate", entry.get("releaseDate"))?;
        let (eoas, eoas_reached) = date_or_bool(
            source,
            &name,
            "eoas",
            entry.get("eoas").or_else(|| entry.get("support")),
        )?;
        let (eol, eol_reached) = date_or_bool(source, &name, "eol", entry.get("eol"))?;
        let latest = match entry.get("latest") {
            Some(Value::String(s)) => Some(
                s.parse::<Version>()
                    .map_err(|e| Error::data(source, format!("cycle {name}, latest: {e}")))?,
            ),
            _ => None,
        };
        let (latest_date, _) = date_or_bool(
            source,
            &name,
            "latestReleaseDate",
            entry.get("latestReleaseDate"),
        )?;
        let lts = match entry.get("lts") {
            Some(Value::Bool(b)) => *b,
            Some(Value::String(_)) => true,
            _ => false,
        };
        let supported_python = entry
            .get("supportedPythonVersions")
            .and_then(Value::as_str)
            .map(str::to_owned);
        cycles.push(EolCycle {
            cycle,
            release_date,
            eoas,
            eoas_reached,
            eol,
            eol_reached,
            latest,
            latest_date,
            lts,
            supported_python,
        });
    }
    Ok(cycles)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_both_shapes() {
        let front = r#"{"releases":[{"releaseCycle":"5.2","lts":true,"releaseDate":"2025-04-02","eoas":"2025-12-03","eol":"2028-04","latest":"5.2.17","latestReleaseDate":"2026-08-04"}]}"#;
        let api = r#"[{"cycle":"5.2","lts":true,"releaseDate":"2025-04-02","support":"2025-12-03","eol":"2028-04-30","latest":"5.2.17","latestReleaseDate":"2026-08-04"}]"#;
        let a = parse("front", front).unwrap();
        let b = parse("api", api).unwrap();
        assert_eq!(a, b);
        assert_eq!(a[0].eol.unwrap().to_string(), "2028-04-30");
        assert!(a[0].lts);
    }

    /// The committed v1 sample responses (built from the snapshot by
    /// `tests/fixtures/endoflife_v1/make_samples.py`) read as the snapshot does.
    #[test]
    fn v1_samples_read_as_the_snapshot() {
        for (name, v1, front) in [
            (
                "python",
                include_str!("../../tests/fixtures/endoflife_v1/python.json"),
                include_str!("../../data/eol_python.json"),
            ),
            (
                "django",
                include_str!("../../tests/fixtures/endoflife_v1/django.json"),
                include_str!("../../data/eol_django.json"),
            ),
        ] {
            let v1 = parse(name, v1).unwrap();
            assert!(v1.len() > 10, "{name}");
            assert_eq!(v1, parse(name, front).unwrap(), "{name}");
        }
    }

    #[test]
    fn v1_fields() {
        let one = |release: &str| {
            parse(
                "t",
                &format!(r#"{{"schema_version":"1.2.0","result":{{"releases":[{release}]}}}}"#),
            )
        };
        let c = one(r#"{"name":"5.2","releaseDate":"2025-04-02","isLts":true,"isEoas":true,"eoasFrom":"2025-12-03","isEol":false,"eolFrom":"2028-04-30","isMaintained":true,"latest":{"name":"5.2.17","date":"2026-08-04","link":null},"custom":{"supportedPythonVersions":"3.10 - 3.14"}}"#).unwrap();
        assert_eq!(c[0].cycle, Branch::new(5, 2));
        assert_eq!(c[0].eol.unwrap().to_string(), "2028-04-30");
        assert_eq!(c[0].eoas.unwrap().to_string(), "2025-12-03");
        assert!(c[0].lts && !c[0].eol_reached && !c[0].eoas_reached);
        assert_eq!(c[0].latest.unwrap().to_string(), "5.2.17");
        assert_eq!(c[0].latest_date.unwrap().to_string(), "2026-08-04");
        assert_eq!(c[0].supported_python.as_deref(), Some("3.10 - 3.14"));
        // End of life reached with no date known; no latest version.
        let c = one(r#"{"name":"1.0","releaseDate":"2008-09-03","isLts":false,"isEol":true,"eolFrom":null,"latest":null}"#).unwrap();
        assert!(c[0].eol_reached && c[0].eol.is_none() && c[0].latest.is_none());
        for (bad, says) in [
            (r#"{"name":"5.2","releaseDate":"2025-04-02"}"#, "isEol"),
            (r#"{"name":"5.2","isEol":"no"}"#, "isEol"),
            (r#"{"name":5.2,"isEol":false}"#, "no name"),
            (r#"{"name":"5.2","isEol":false,"eolFrom":true}"#, "eolFrom"),
            (
                r#"{"name":"5.2","isEol":false,"eolFrom":"2028-13-01"}"#,
                "eolFrom",
            ),
            (r#"{"name":"5.2","isEol":false,"latest":"5.2.1"}"#, "latest"),
            (
                r#"{"name":"5.2","isEol":false,"latest":{"name":"five"}}"#,
                "latest",
            ),
            (r#"{"name":"5.2","isEol":false,"isLts":"yes"}"#, "isLts"),
            (r#"7"#, "not an object"),
        ] {
            let err = one(bad).unwrap_err().to_string();
            assert!(err.contains(says), "{bad}: {err}");
        }
        for (bad, says) in [
            (
                r#"{"schema_version":"2.0.0","result":{"releases":[]}}"#,
                "only version 1.x",
            ),
            (r#"{"result":{"releases":[]}}"#, "no schema_version"),
            (
                r#"{"schema_version":"1.0.0","result":{}}"#,
                "no result.releases",
            ),
            (
                r#"{"schema_version":"1.0.0","result":[]}"#,
                "no result.releases",
            ),
        ] {
            let err = parse("t", bad).unwrap_err().to_string();
            assert!(err.contains(says), "{bad}: {err}");
        }
    }

    #[test]
    fn booleans_and_errors() {
        let c = parse("t", r#"[{"cycle":"2.6","eoas":true,"eol":false}]"#).unwrap();
        assert!(c[0].eoas_reached && c[0].eol.is_none() && !c[0].eol_reached);
        for bad in [
            r#"{"#,
            r#"{"x":1}"#,
            r#"[1]"#,
            r#"[{"cycle":"three"}]"#,
            r#"[{"cycle":"3.1","eol":"soon"}]"#,
            r#"[{"cycle":"3.1","eol":3}]"#,
        ] {
            let err = parse("t", bad).unwrap_err().to_string();
            assert!(err.starts_with("invalid t data"), "{err}");
        }
    }
}
