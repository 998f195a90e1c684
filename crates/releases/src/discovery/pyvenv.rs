//! `pyvenv.cfg`: the file at the root of every virtual environment (PEP 405).
//!
//! It names the Python version, so a venv's version is known without starting
//! its interpreter. Writers differ: `venv` writes `version = 3.12.1`,
//! virtualenv `version_info = 3.12.1.final.0`, uv `version_info = 3.12.1`.

use std::path::{Path, PathBuf};

use crate::error::{Error, Result};
use crate::files::{MAX_SMALL_FILE, is_not_found, read_text};
use crate::version::{PreKind, Version};

/// What a `pyvenv.cfg` says.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PyvenvCfg {
    /// The folder of the base interpreter (`home`).
    pub home: Option<PathBuf>,
    /// The Python version, from `version`, `version_info` or `python`.
    pub version: Option<Version>,
    /// `include-system-site-packages = true`.
    pub include_system_site_packages: bool,
}

/// Reads `version_info` (`3.12.1.final.0`, `3.13.0.candidate.2`) or `version` (`3.12.1`).
fn parse_version_value(value: &str) -> Option<Version> {
    if let Ok(v) = value.parse::<Version>() {
        return Some(v);
    }
    let parts: Vec<&str> = value.split('.').collect();
    if parts.len() != 5 {
        return None;
    }
    let base: Version = format!("{}.{}.{}", parts[0], parts[1], parts[2])
        .parse()
        .ok()?;
    let serial: u32 = parts[4].parse().ok()?;
    let pre = match parts[3] {
        "final" => None,
        "alpha" => Some((PreKind::Alpha, serial)),
        "beta" => Some((PreKind::Beta, serial)),
        "candidate" => Some((PreKind::Candidate, serial)),
        _ => return None,
    };
    Some(Version { pre, ..base })
}

impl PyvenvCfg {
    /// Parses the text of a `pyvenv.cfg`. `path` names it in errors.
    ///
    /// ```
    /// use toolcup_releases::discovery::PyvenvCfg;
    /// let cfg = PyvenvCfg::parse("home = /usr/bin\nversion_info = 3.13.0.candidate.2\n", "pyvenv.cfg".as_ref())?;
    /// assert_eq!(cfg.version.map(|v| v.to_string()).as_deref(), Some("3.13.0rc2"));
    /// # Ok::<(), toolcup_releases::Error>(())
    /// ```
    pub fn parse(text: &str, path: &Path) -> Result<PyvenvCfg> {
        let mut cfg = PyvenvCfg::default();
        for (number, line) in text.lines().enumerate() {
            let line = line.trim();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let Some((key, value)) = line.split_once('=') else {
                return Err(Error::InvalidFile {
                    path: path.to_owned(),
                    reason: format!(
                        "line {}: expected `key = value`, found {line:?}",
                        number + 1
                    ),
                });
            };
            let (key, value) = (key.trim().to_ascii_lowercase(), value.trim());
            match key.as_str() {
                "home" => cfg.home = Some(PathBuf::from(value)),
                "version" | "version_info" | "python" => {
                    let parsed = parse_version_value(value).ok_or_else(|| Error::InvalidFile {
                        path: path.to_owned(),
                        reason: format!(
                            "line {}: {key} {value:?} is not a Python version",
                            number + 1
                        ),
                    })?;
                    // `version_info` is the most precise; keep the first otherwise.
                    if cfg.version.is_none() || key == "version_info" {
                        cfg.version = Some(parsed);
                    }
                }
                "include-system-site-packages" => {
                    cfg.include_system_site_packages = value.eq_ignore_ascii_case("true");
                }
                _ => {}
            }
        }
        Ok(cfg)
    }

    /// Reads and parses `<venv>/pyvenv.cfg`; `Ok(None)` if there is none.
    pub fn read(venv: &Path) -> Result<Option<PyvenvCfg>> {
        let path = venv.join("pyvenv.cfg");
        match read_text(&path, MAX_SMALL_FILE) {
            Ok(text) => PyvenvCfg::parse(&text, &path).map(Some),
            Err(e) if is_not_found(&e) => Ok(None),
            Err(e) => Err(e),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<PyvenvCfg> {
        PyvenvCfg::parse(text, Path::new("pyvenv.cfg"))
    }

    #[test]
    fn every_writer() {
        let venv = parse("home = /root/.pyenv/versions/3.11.7/bin\ninclude-system-site-packages = false\nversion = 3.11.7\nexecutable = /x\ncommand = /x -m venv /y\n").unwrap();
        assert_eq!(venv.version, Some(Version::new(3, 11, 7)));
        assert_eq!(
            venv.home.as_deref(),
            Some(Path::new("/root/.pyenv/versions/3.11.7/bin"))
        );
        let virtualenv = parse("home = /usr/bin\nimplementation = CPython\nversion_info = 3.12.1.final.0\nvirtualenv = 20.25.0\ninclude-system-site-packages = true\n").unwrap();
        assert_eq!(virtualenv.version, Some(Version::new(3, 12, 1)));
        assert!(virtualenv.include_system_site_packages);
        let uv = parse(
            "home = /opt/py/bin\nimplementation = CPython\nuv = 0.5.0\nversion_info = 3.13.0\n",
        )
        .unwrap();
        assert_eq!(uv.version, Some(Version::new(3, 13, 0)));
        assert_eq!(parse("").unwrap(), PyvenvCfg::default());
    }

    #[test]
    fn errors_name_file_and_line() {
        let err = parse("home = /usr\nversion = three\n")
            .unwrap_err()
            .to_string();
        assert!(err.starts_with("pyvenv.cfg: line 2"), "{err}");
        let err = parse("garbage\n").unwrap_err().to_string();
        assert!(err.contains("line 1"), "{err}");
    }
}
