//! The refreshed data in the platform cache folder, and choosing the newer of
//! cache and embedded snapshot.

use std::io::Write;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::catalog::DataOrigin;
use crate::data::DataSet;
use crate::date::Date;
use crate::error::{Error, Result};

/// Name of the cache file inside the cache folder.
pub const CACHE_FILE: &str = "release-data.json";
/// Format version of the cache file; another number is ignored with a warning.
const FORMAT: u32 = 1;
/// Names of the temporary files of [`Cache::store`]: `.release-data.json.XXXXXX.tmp`.
const TEMP_PREFIX: &str = ".release-data.json.";
const TEMP_SUFFIX: &str = ".tmp";
/// Largest cache file read: four downloads at their limit, JSON-escaped.
const MAX_CACHE_BYTES: u64 = 8 * crate::refresh::MAX_BYTES;

#[derive(Serialize, Deserialize)]
struct CacheFile {
    format: u32,
    date: String,
    release_cycle: String,
    python_releases: String,
    eol_python: String,
    eol_django: String,
}

/// A cache folder holding one data set.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Cache {
    dir: PathBuf,
}

impl Cache {
    /// The platform's cache folder for toolcup (`~/.cache/toolcup` on Linux,
    /// `~/Library/Caches/toolcup` on macOS, `%LOCALAPPDATA%\toolcup\cache` on Windows).
    pub fn platform() -> Result<Cache> {
        directories::ProjectDirs::from("", "", "toolcup")
            .map(|d| Cache {
                dir: d.cache_dir().join("releases"),
            })
            .ok_or(Error::NoCacheDir)
    }

    /// A cache in `dir` (tests, `TOOLCUP_CACHE_DIR`).
    pub fn at(dir: impl Into<PathBuf>) -> Cache {
        Cache { dir: dir.into() }
    }

    /// The cache file.
    pub fn file(&self) -> PathBuf {
        self.dir.join(CACHE_FILE)
    }

    /// Stores `data` atomically: a temporary file in the same folder, then a rename.
    ///
    /// The temporary file gets a fresh random name and is created exclusively
    /// (`O_EXCL`: a file or link planted under any name is never followed or
    /// reused), and is removed on every error. Temporaries left by a process
    /// that was killed mid-write are removed by a later store once they are
    /// an hour old.
    pub fn store(&self, data: &DataSet) -> Result<PathBuf> {
        std::fs::create_dir_all(&self.dir).map_err(|e| Error::io("creating", &self.dir, e))?;
        let file = CacheFile {
            format: FORMAT,
            date: data.date.to_string(),
            release_cycle: data.release_cycle.clone(),
            python_releases: data.python_releases.clone(),
            eol_python: data.eol_python.clone(),
            eol_django: data.eol_django.clone(),
        };
        let json = serde_json::to_vec(&file).map_err(|e| Error::data(CACHE_FILE, e.to_string()))?;
        self.remove_stale_temporaries();
        let target = self.file();
        let mut temp = tempfile::Builder::new()
            .prefix(TEMP_PREFIX)
            .suffix(TEMP_SUFFIX)
            .tempfile_in(&self.dir)
            .map_err(|e| Error::io("creating a temporary file in", &self.dir, e))?;
        let written = temp
            .write_all(&json)
            .and_then(|()| temp.as_file().sync_all());
        if let Err(e) = written {
            let path = temp.path().to_owned();
            drop(temp); // removes it
            return Err(Error::io("writing", path, e));
        }
        temp.persist(&target)
            .map_err(|e| Error::io("renaming into", &target, e.error))?;
        Ok(target)
    }

    /// Removes temporaries of [`Cache::store`] older than an hour (left by a
    /// process killed mid-write); younger ones may belong to a store running now.
    fn remove_stale_temporaries(&self) {
        let Ok(entries) = std::fs::read_dir(&self.dir) else {
            return;
        };
        for entry in entries.flatten() {
            let name = entry.file_name();
            let name = name.to_string_lossy();
            if !(name.starts_with(TEMP_PREFIX) && name.ends_with(TEMP_SUFFIX)) {
                continue;
            }
            // The entry itself, not what a link points to.
            let old = entry
                .metadata()
                .ok()
                .and_then(|m| m.modified().ok())
                .is_some_and(|t| {
                    t.elapsed()
                        .is_ok_and(|age| age > std::time::Duration::from_secs(3600))
                });
            if old {
                let _ = std::fs::remove_file(entry.path());
            }
        }
    }

    /// Loads and validates the cached data set; `Ok(None)` when there is none.
    /// A corrupt, partial or invalid file is an error (callers warn and go on),
    /// and so is one dated after `today`: a refresh dates its data with the
    /// day it ran, so a later date can only be damage or tampering (and would
    /// otherwise win over every newer snapshot for years).
    pub fn load(&self, today: Date) -> Result<Option<DataSet>> {
        let path = self.file();
        let bytes = match crate::files::read_limited(&path, MAX_CACHE_BYTES) {
            Ok(b) => b,
            Err(e) if crate::files::is_not_found(&e) => return Ok(None),
            Err(e) => return Err(e),
        };
        let invalid = |reason: String| Error::InvalidFile {
            path: path.clone(),
            reason,
        };
        let file: CacheFile =
            serde_json::from_slice(&bytes).map_err(|e| invalid(format!("corrupt cache: {e}")))?;
        if file.format != FORMAT {
            return Err(invalid(format!(
                "cache format {} (this version reads {FORMAT})",
                file.format
            )));
        }
        let date = Date::parse(&file.date).map_err(|e| invalid(e.to_string()))?;
        if date > today {
            return Err(invalid(format!(
                "corrupt cache: dated {date}, after today ({today})"
            )));
        }
        let data = DataSet {
            date,
            origin: DataOrigin::Cache { path: path.clone() },
            release_cycle: file.release_cycle,
            python_releases: file.python_releases,
            eol_python: file.eol_python,
            eol_django: file.eol_django,
        };
        data.validate().map_err(|e| invalid(e.to_string()))?;
        Ok(Some(data))
    }

    /// The folder.
    pub fn dir(&self) -> &Path {
        &self.dir
    }
}

/// The data set to use and what went wrong finding it.
#[derive(Clone, Debug)]
pub struct Loaded {
    /// The newer of cache and embedded snapshot.
    pub data: DataSet,
    /// One line per problem (a corrupt cache, say); the data is still usable.
    pub warnings: Vec<String>,
}

/// The newer of the cached data (if any and valid) and the embedded snapshot.
///
/// ```
/// use toolcup_releases::{load_newest, DataOrigin, Cache};
/// let dir = std::env::temp_dir().join("toolcup-doc-empty-cache");
/// let today = toolcup_releases::Date::new(2026, 11, 25)?;
/// let loaded = load_newest(Some(&Cache::at(&dir)), today);
/// assert_eq!(loaded.data.origin, DataOrigin::Embedded);
/// # Ok::<(), toolcup_releases::Error>(())
/// ```
pub fn load_newest(cache: Option<&Cache>, today: Date) -> Loaded {
    let embedded = DataSet::embedded();
    let mut warnings = Vec::new();
    let data = match cache.map(|c| c.load(today)) {
        Some(Ok(Some(cached))) if cached.date >= embedded.date => cached,
        Some(Err(e)) => {
            warnings.push(format!("ignoring the cached release data: {e}"));
            embedded
        }
        _ => embedded,
    };
    Loaded { data, warnings }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn today() -> Date {
        Date::new(2026, 11, 25).unwrap()
    }

    #[test]
    fn a_cache_dated_after_today_is_corrupt() {
        let dir = tempfile::tempdir().unwrap();
        let cache = Cache::at(dir.path());
        let mut data = DataSet::embedded();
        for future in ["2026-11-26", "2099-01-01", "9999-12-31"] {
            data.date = Date::parse(future).unwrap();
            cache.store(&data).unwrap();
            let loaded = load_newest(Some(&cache), today());
            assert_eq!(loaded.data.origin, DataOrigin::Embedded);
            assert!(
                loaded.warnings[0].contains(&format!("dated {future}, after today")),
                "{:?}",
                loaded.warnings
            );
        }
        data.date = today();
        cache.store(&data).unwrap();
        assert!(load_newest(Some(&cache), today()).warnings.is_empty());
    }

    #[cfg(unix)]
    #[test]
    fn planted_links_are_never_followed_and_stale_temporaries_go() {
        let dir = tempfile::tempdir().unwrap();
        let victim = dir.path().join("victim");
        std::fs::write(&victim, "precious").unwrap();
        let cache = Cache::at(dir.path().join("cache"));
        std::fs::create_dir_all(cache.dir()).unwrap();
        // Links under every name a store could pick for its temporary, and as the cache file.
        for i in 0..50 {
            std::os::unix::fs::symlink(
                &victim,
                cache.dir().join(format!("{TEMP_PREFIX}{i}{TEMP_SUFFIX}")),
            )
            .unwrap();
        }
        std::os::unix::fs::symlink(
            &victim,
            cache
                .dir()
                .join(format!(".{CACHE_FILE}.{}.tmp", std::process::id())),
        )
        .unwrap();
        std::os::unix::fs::symlink(&victim, cache.file()).unwrap();
        let mut data = DataSet::embedded();
        data.date = today();
        cache.store(&data).unwrap();
        assert_eq!(std::fs::read_to_string(&victim).unwrap(), "precious");
        assert!(
            !std::fs::symlink_metadata(cache.file())
                .unwrap()
                .file_type()
                .is_symlink()
        );
        assert_eq!(cache.load(today()).unwrap().unwrap().date, today());
    }

    #[test]
    fn round_trip_and_newer_wins() {
        let dir = tempfile::tempdir().unwrap();
        let cache = Cache::at(dir.path().join("sub"));
        assert!(cache.load(today()).unwrap().is_none());
        let mut data = DataSet::embedded();
        data.date = Date::new(2026, 11, 25).unwrap();
        let path = cache.store(&data).unwrap();
        let loaded = load_newest(Some(&cache), today());
        assert!(loaded.warnings.is_empty());
        assert_eq!(loaded.data.date, data.date);
        assert_eq!(loaded.data.origin, DataOrigin::Cache { path: path.clone() });
        // An older cache loses to the snapshot.
        data.date = Date::new(2020, 1, 1).unwrap();
        cache.store(&data).unwrap();
        assert_eq!(
            load_newest(Some(&cache), today()).data.origin,
            DataOrigin::Embedded
        );
        // No temporary files left behind.
        assert_eq!(std::fs::read_dir(cache.dir()).unwrap().count(), 1);
    }

    #[test]
    fn corrupt_or_partial_cache_is_ignored_with_a_warning() {
        let dir = tempfile::tempdir().unwrap();
        let cache = Cache::at(dir.path());
        let mut data = DataSet::embedded();
        data.date = Date::new(2026, 11, 25).unwrap();
        cache.store(&data).unwrap();
        let full = std::fs::read(cache.file()).unwrap();
        std::fs::write(cache.file(), &full[..full.len() / 2]).unwrap();
        let loaded = load_newest(Some(&cache), today());
        assert_eq!(loaded.data.origin, DataOrigin::Embedded);
        assert!(
            loaded.warnings[0].contains("corrupt cache"),
            "{:?}",
            loaded.warnings
        );
        // Valid JSON, invalid data.
        data.release_cycle = "[]".to_owned();
        cache.store(&data).unwrap();
        let loaded = load_newest(Some(&cache), today());
        assert_eq!(loaded.data.origin, DataOrigin::Embedded);
        assert!(
            loaded.warnings[0].contains("release-cycle.json"),
            "{:?}",
            loaded.warnings
        );
    }
}
