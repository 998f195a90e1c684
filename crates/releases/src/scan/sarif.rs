//! SARIF 2.1.0 for code scanning (GitHub's upload-sarif and others): one rule
//! per kind of problem, one result per pin that has one, each with its file
//! (a relative, percent-encoded URI under `%SRCROOT%`), line and column.

use serde_json::{Value, json};

use super::escape::path_uri;
use super::{Finding, escape_text};
use crate::status::Status;

/// The schema the output follows.
pub const SARIF_SCHEMA: &str = "https://json.schemastore.org/sarif-2.1.0.json";

/// The rules: id, level, short and full description.
const RULES: [(&str, &str, &str, &str); 4] = [
    (
        "end-of-life",
        "error",
        "Python or Django version past its end of life",
        "The pinned or tested branch gets no fixes any more, not even for security problems.",
    ),
    (
        "security-only",
        "warning",
        "Python or Django version getting security fixes only",
        "The pinned or tested branch no longer gets bug fixes; its end of life is near.",
    ),
    (
        "ends-soon",
        "warning",
        "Python or Django version whose end of life is near",
        "The end of life of the pinned or tested branch is within the days asked for (--fail-on within:DAYS, else 180).",
    ),
    (
        "not-in-release-data",
        "note",
        "Version the release data does not know",
        "The branch is not in the release data: a typo, a version newer than the data (run `toolcup releases refresh`), or one that never existed.",
    ),
];

/// The rule a finding breaks, if any.
fn rule_of(f: &Finding, soon_days: u32) -> Option<usize> {
    let a = &f.assessment;
    match a.status {
        Some(Status::EndOfLife) => Some(0),
        Some(Status::Security) => Some(1),
        Some(_)
            if a.days_to_end_of_life
                .is_some_and(|d| d <= i64::from(soon_days)) =>
        {
            Some(2)
        }
        None if a.branch.is_some() => Some(3),
        _ => None,
    }
}

fn message(f: &Finding) -> String {
    let a = &f.assessment;
    let site = &f.site;
    let what = format!(
        "{} {} ({})",
        site.product,
        escape_text(&site.text),
        site.source.label()
    );
    let branch = a.branch.map_or_else(String::new, |b| format!(" {b}"));
    let mut text = match (a.status, a.end_of_life) {
        (Some(Status::EndOfLife), Some(eol)) => format!(
            "{what}: {}{branch} reached its end of life on {eol}.",
            site.product
        ),
        (Some(status), Some(eol)) => format!(
            "{what}: {}{branch} is in {status} status; its end of life is {eol}.",
            site.product
        ),
        (Some(status), None) => format!("{what}: {}{branch} is in {status} status.", site.product),
        (None, _) => format!(
            "{what}: {}.",
            a.note.as_deref().map_or_else(String::new, escape_text)
        ),
    };
    if let Some(s) = &a.suggestion {
        text.push_str(&format!(" Upgrade to {}.", escape_text(s)));
    }
    if let Some(n) = &site.note {
        text.push_str(&format!(" Note: {}.", escape_text(n)));
    }
    text
}

/// The SARIF log of `findings`: results for pins past or near their end of
/// life (`soon_days`), and for versions the data does not know.
pub fn render_sarif(findings: &[Finding], soon_days: u32) -> String {
    let rules: Vec<Value> = RULES
        .iter()
        .map(|(id, level, short, full)| {
            json!({
                "id": id,
                "name": id,
                "shortDescription": { "text": short },
                "fullDescription": { "text": full },
                "defaultConfiguration": { "level": level },
                "helpUri": "https://github.com/toolcup/toolcup#scan-a-repository",
            })
        })
        .collect();
    let results: Vec<Value> = findings
        .iter()
        .filter_map(|f| {
            let rule = rule_of(f, soon_days)?;
            let (id, level, _, _) = RULES[rule];
            Some(json!({
                "ruleId": id,
                "ruleIndex": rule,
                "level": level,
                "message": { "text": message(f) },
                "locations": [{
                    "physicalLocation": {
                        "artifactLocation": { "uri": path_uri(&f.site.path), "uriBaseId": "%SRCROOT%" },
                        "region": { "startLine": f.site.line, "startColumn": f.site.column },
                    }
                }],
            }))
        })
        .collect();
    let log = json!({
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": {
                "driver": {
                    "name": "toolcup",
                    "semanticVersion": env!("CARGO_PKG_VERSION"),
                    "informationUri": "https://github.com/toolcup/toolcup",
                    "rules": rules,
                }
            },
            "columnKind": "unicodeCodePoints",
            "results": results,
        }],
    });
    let mut text = serde_json::to_string_pretty(&log).unwrap_or_default();
    text.push('\n');
    text
}
