//! The Releases recipe, shared by `toolcup releases` (`cli/releases.rs`) and
//! the Releases tab: where the day, the cache and the download sources come
//! from ([`Context`]), how a verdict reads ([`verdict_line`], [`days_text`],
//! [`end_of_life_text`]), how an interpreter was found, and which exit code
//! a verdict asks for. Both front ends call these; neither words a verdict
//! or reads these environment variables itself.

use anyhow::Context as _;
use toolcup_releases::discovery::{FoundBy, Interpreter};
use toolcup_releases::{
    Branch, Cache, Catalog, Date, Error as ReleasesError, Loaded, Product, Sources, Status,
    Verdict, Version, load_newest,
};

use crate::exit_codes::ExitCode;

/// The variables the releases commands and tab read, for the help texts.
pub const ENVIRONMENT_HELP: &str = "\
Environment:
  NO_COLOR            never colour the output
  TOOLCUP_TODAY       YYYY-MM-DD used as today (default: the local date)
  TOOLCUP_CACHE_DIR   folder of the refreshed data instead of the platform cache folder
  TOOLCUP_PEPS_API    base address of the PEPs site API (tests, mirrors)
  TOOLCUP_EOL_API     base address of endoflife.date's API (tests, mirrors)";

/// Where the releases tool's day, cached data and downloads come from: the
/// one place that reads `TOOLCUP_TODAY`, `TOOLCUP_CACHE_DIR`,
/// `TOOLCUP_PEPS_API` and `TOOLCUP_EOL_API`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Context {
    /// The day verdicts are for.
    pub today: Date,
    /// The cache of refreshed data; `None` when the platform has no cache folder.
    pub cache: Option<Cache>,
    /// Where a refresh downloads from.
    pub sources: Sources,
}

impl Context {
    /// Reads the process environment. A `TOOLCUP_TODAY` that is not a valid
    /// `YYYY-MM-DD` is an error naming it.
    pub fn from_env() -> anyhow::Result<Context> {
        Ok(Context {
            today: today_from_env()?,
            cache: cache_from_env(),
            sources: sources_from_env(),
        })
    }

    /// The cache and sources of the process environment, and the system
    /// clock's day whatever `TOOLCUP_TODAY` says (for a front end that
    /// reports a bad `TOOLCUP_TODAY` and goes on).
    pub fn from_env_without_today() -> Context {
        Context {
            today: Date::today_local(),
            cache: cache_from_env(),
            sources: sources_from_env(),
        }
    }

    /// The newer of the cached data and the embedded snapshot, with one line
    /// per problem found on the way (a corrupt cache, say).
    pub fn load(&self) -> Loaded {
        load_newest(self.cache.as_ref(), self.today)
    }
}

fn var(name: &str) -> Option<String> {
    std::env::var(name).ok().filter(|v| !v.is_empty())
}

/// Today: `TOOLCUP_TODAY` when set (tests, reproducible output), else the
/// local date ([`Date::today_local`]: the system clock in the system time
/// zone, not UTC). The one function both front ends get their day from.
pub fn today_from_env() -> anyhow::Result<Date> {
    match var("TOOLCUP_TODAY") {
        Some(text) => Date::parse(&text).context("TOOLCUP_TODAY"),
        None => Ok(Date::today_local()),
    }
}

/// The cache: `TOOLCUP_CACHE_DIR`, or the platform's cache folder.
fn cache_from_env() -> Option<Cache> {
    match std::env::var_os("TOOLCUP_CACHE_DIR").filter(|v| !v.is_empty()) {
        Some(dir) => Some(Cache::at(dir)),
        None => Cache::platform().ok(),
    }
}

/// The download sources, with `TOOLCUP_PEPS_API` and `TOOLCUP_EOL_API` as overrides.
fn sources_from_env() -> Sources {
    let defaults = Sources::default();
    Sources {
        peps_base: var("TOOLCUP_PEPS_API").unwrap_or(defaults.peps_base),
        eol_base: var("TOOLCUP_EOL_API").unwrap_or(defaults.eol_base),
    }
}

/// A signed number of days in words: `today`, `in 1 day`, `in 3 days`,
/// `1 day ago`, `25 days ago`.
pub fn days_text(days: i64) -> String {
    match days {
        0 => "today".to_owned(),
        1 => "in 1 day".to_owned(),
        -1 => "1 day ago".to_owned(),
        d if d > 0 => format!("in {d} days"),
        d => format!("{} days ago", d.unsigned_abs()),
    }
}

/// A verdict's end of life: `2028-10-31 (in 706 days)`, or `unknown`.
pub fn end_of_life_text(verdict: &Verdict) -> String {
    match (verdict.end_of_life, verdict.days_to_end_of_life) {
        (Some(eol), Some(days)) => format!("{eol} ({})", days_text(days)),
        _ => "unknown".to_owned(),
    }
}

/// How an interpreter was found, in words.
pub fn found_by_text(found: &FoundBy) -> String {
    match found {
        FoundBy::Explicit => "--python".to_owned(),
        FoundBy::VirtualEnv => "active virtual environment".to_owned(),
        FoundBy::PythonVersionFile(path) => format!("project's {}", path.display()),
        FoundBy::Path(name) => format!("{name} on PATH"),
        FoundBy::PyenvShim(origin) => format!("pyenv shim, version from {origin}"),
        FoundBy::Pyenv => "pyenv".to_owned(),
        FoundBy::Uv => "uv".to_owned(),
        FoundBy::Conda => "conda environment".to_owned(),
        FoundBy::Registry(key) => format!("Windows registry ({key})"),
        _ => "found".to_owned(),
    }
}

/// What a verdict is about: one exact version, or a whole branch (a pin such as
/// `3.12`, or a branch a `requires-python` allows), where "releases behind"
/// means nothing and the latest patch is named instead.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Subject {
    /// An exact version: say how many releases behind the latest patch it is.
    Exact,
    /// A branch: name its latest patch.
    Branch,
}

/// One line for a verdict, e.g.
/// `Python 3.10.12: end-of-life, end of life 2026-10-31 (25 days ago), 9 behind 3.10.21`
/// for an exact version, or `Python 3.12: security, end of life 2028-10-31 (in 706 days), latest 3.12.14`
/// for a branch; `shown` is the version as the line names it.
pub fn verdict_line(shown: &str, verdict: &Verdict, subject: Subject) -> String {
    let latest = match (subject, verdict.latest_patch) {
        (Subject::Exact, Some(l)) if verdict.releases_behind > 0 => {
            format!(", {} behind {l}", verdict.releases_behind)
        }
        (Subject::Branch, Some(l)) => format!(", latest {l}"),
        (Subject::Branch, None) => ", no release yet".to_owned(),
        _ => String::new(),
    };
    format!(
        "{} {shown}: {}, end of life {}{latest}",
        verdict.product,
        verdict.status,
        end_of_life_text(verdict)
    )
}

/// The version of `product` an interpreter has: its Python, or the Django
/// installed for it (an error in words when there is none).
pub fn product_version(interpreter: &Interpreter, product: Product) -> Result<Version, String> {
    match product {
        Product::Django => match interpreter.django {
            Some(Some(v)) => Ok(v),
            _ => Err(format!(
                "Django is not installed for {} (Python {})",
                interpreter.path.display(),
                interpreter.version
            )),
        },
        _ => Ok(interpreter.version),
    }
}

/// A branch checked as its `.0` release, with no releases-behind count
/// (meaningless for a whole branch).
pub fn check_branch(
    catalog: &Catalog,
    branch: Branch,
    today: Date,
) -> toolcup_releases::Result<Verdict> {
    let mut verdict = catalog.check(Version::new(branch.major, branch.minor, 0), today)?;
    verdict.releases_behind = 0;
    Ok(verdict)
}

/// The exit code one verdict asks for.
pub fn verdict_code(verdict: &Verdict, warn_days: Option<u32>) -> ExitCode {
    if verdict.status == Status::EndOfLife {
        ExitCode::Rejected
    } else if verdict.end_of_life.is_none() {
        ExitCode::MissingData
    } else if warn_days.is_some_and(|n| verdict.ends_within(n)) {
        ExitCode::EndsSoon
    } else {
        ExitCode::Success
    }
}

/// The exit code of a check that gave no verdict: unknown version (3), or
/// data missing what the check needs (4).
pub fn check_error_code(err: &ReleasesError) -> ExitCode {
    match err {
        ReleasesError::UnknownVersion { .. } => ExitCode::UnknownVersion,
        _ => ExitCode::MissingData,
    }
}

/// The exit code of a failed search for the interpreter: none usable was
/// found (2, pirel's meaning), or an input file could not be read (10).
pub fn discovery_code(err: &ReleasesError) -> ExitCode {
    match err {
        ReleasesError::Interpreter { .. } => ExitCode::Usage,
        _ => ExitCode::Error,
    }
}

/// The most serious of several codes: 10, 1, 2, 3, 4, 5, then 0.
pub fn worst(codes: impl IntoIterator<Item = ExitCode>) -> ExitCode {
    let rank = |c: ExitCode| match c {
        ExitCode::Error => 0,
        ExitCode::Rejected => 1,
        ExitCode::Usage => 2,
        ExitCode::UnknownVersion => 3,
        ExitCode::MissingData => 4,
        ExitCode::EndsSoon => 5,
        ExitCode::Success => 6,
    };
    codes
        .into_iter()
        .min_by_key(|c| rank(*c))
        .unwrap_or(ExitCode::Success)
}

#[cfg(test)]
mod tests {
    use super::*;
    use toolcup_releases::DataSet;

    #[test]
    fn days_read_well_in_both_directions() {
        let cases = [
            (0, "today"),
            (1, "in 1 day"),
            (2, "in 2 days"),
            (-1, "1 day ago"),
            (-25, "25 days ago"),
            (i64::MIN, "9223372036854775808 days ago"),
        ];
        for (days, text) in cases {
            assert_eq!(days_text(days), text);
        }
    }

    #[test]
    fn verdict_lines_name_the_latest_patch_or_the_gap() {
        let python = DataSet::embedded()
            .catalog(Product::Python)
            .expect("embedded");
        let today = Date::new(2026, 11, 25).expect("date");
        let v = python.check(Version::new(3, 10, 12), today).expect("known");
        assert_eq!(
            verdict_line("3.10.12", &v, Subject::Exact),
            "Python 3.10.12: end-of-life, end of life 2026-10-31 (25 days ago), 9 behind 3.10.21"
        );
        let branch = check_branch(&python, Branch::new(3, 10), today).expect("known");
        assert_eq!(
            verdict_line("3.10", &branch, Subject::Branch),
            "Python 3.10: end-of-life, end of life 2026-10-31 (25 days ago), latest 3.10.21"
        );
        // One day before the end of life: singular.
        let eve = Date::new(2026, 10, 30).expect("date");
        let v = python.check(Version::new(3, 10, 21), eve).expect("known");
        assert!(verdict_line("3.10.21", &v, Subject::Exact).ends_with("(in 1 day)"));
    }

    #[test]
    fn the_most_serious_code_wins() {
        use ExitCode::*;
        assert_eq!(worst([Success, EndsSoon, Rejected, Usage]), Rejected);
        assert_eq!(worst([Rejected, Error]), Error);
        assert_eq!(
            worst([Success, MissingData, UnknownVersion]),
            UnknownVersion
        );
        assert_eq!(worst([]), Success);
    }
}
