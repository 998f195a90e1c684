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
        let target = self.file();
        let temp = self
            .dir
            .join(format!(".{CACHE_FILE}.{}.tmp", std::process::id()));
        let write = || -> std::io::Result<()> {
            let mut f = std::fs::File::create(&temp)?;
            f.write_all(&json)?;
            f.sync_all()
        };
        if let Err(e) = write() {
            let _ = std::fs::remove_file(&temp);
            return Err(Error::io("writing", &temp, e));
        }
        std::fs::rename(&temp, &target).map_err(|e| {
            let _ = std::fs::remove_file(&temp);
            Error::io("renaming into", &target, e)
        })?;
        Ok(target)
    }

    /// Loads and validates the cached data set; `Ok(None)` when there is none.
    /// A corrupt, partial or invalid file is an error (callers warn and go on).
    pub fn load(&self) -> Result<Option<DataSet>> {
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
/// let loaded = load_newest(Some(&Cache::at(&dir)));
/// assert_eq!(loaded.data.origin, DataOrigin::Embedded);
/// ```
pub fn load_newest(cache: Option<&Cache>) -> Loaded {
    let embedded = DataSet::embedded();
    let mut warnings = Vec::new();
    let data = match cache.map(Cache::load) {
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

    #[test]
    fn round_trip_and_newer_wins() {
        let dir = tempfile::tempdir().unwrap();
        let cache = Cache::at(dir.path().join("sub"));
        assert!(cache.load().unwrap().is_none());
        let mut data = DataSet::embedded();
        data.date = Date::new(2026, 11, 25).unwrap();
        let path = cache.store(&data).unwrap();
        let loaded = load_newest(Some(&cache));
        assert!(loaded.warnings.is_empty());
        assert_eq!(loaded.data.date, data.date);
        assert_eq!(loaded.data.origin, DataOrigin::Cache { path: path.clone() });
        // An older cache loses to the snapshot.
        data.date = Date::new(2020, 1, 1).unwrap();
        cache.store(&data).unwrap();
        assert_eq!(load_newest(Some(&cache)).data.origin, DataOrigin::Embedded);
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
        let loaded = load_newest(Some(&cache));
        assert_eq!(loaded.data.origin, DataOrigin::Embedded);
        assert!(
            loaded.warnings[0].contains("corrupt cache"),
            "{:?}",
            loaded.warnings
        );
        // Valid JSON, invalid data.
        data.release_cycle = "[]".to_owned();
        cache.store(&data).unwrap();
        let loaded = load_newest(Some(&cache));
        assert_eq!(loaded.data.origin, DataOrigin::Embedded);
        assert!(
            loaded.warnings[0].contains("release-cycle.json"),
            "{:?}",
            loaded.warnings
        );
    }
}
