//! endoflife.date data: product front matter (`{"releases": [...]}` with
//! `releaseCycle`, `eoas`) or the v0 API list (`[...]` with `cycle`, `support`).

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

/// Parses endoflife.date data in either shape. `source` names it in errors.
pub(crate) fn parse(source: &str, text: &str) -> Result<Vec<EolCycle>> {
    let root: Value = serde_json::from_str(text).map_err(|e| Error::data(source, e.to_string()))?;
    let entries = match &root {
        Value::Array(list) => list,
        Value::Object(map) => match map.get("releases") {
            Some(Value::Array(list)) => list,
            _ => {
                return Err(Error::data(
                    source,
                    "expected a list of cycles or an object with \"releases\"",
                ));
            }
        },
        _ => {
            return Err(Error::data(
                source,
                "expected a list of cycles or an object with \"releases\"",
            ));
        }
    };
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
