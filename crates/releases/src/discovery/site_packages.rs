//! Finding Django's version in site-packages metadata, without starting Python.

use std::path::{Path, PathBuf};

use crate::version::{Branch, Version};

/// The site-packages folders of an interpreter installed under `prefix` for `branch`
/// (POSIX `lib/pythonX.Y/site-packages`, Windows `Lib/site-packages`).
pub fn site_packages_dirs(prefix: &Path, branch: Branch) -> Vec<PathBuf> {
    vec![
        prefix
            .join("lib")
            .join(format!("python{branch}"))
            .join("site-packages"),
        prefix.join("Lib").join("site-packages"),
    ]
}

/// Reads the `Version:` header of a `METADATA`/`PKG-INFO` text.
fn metadata_version(text: &str) -> Option<Version> {
    text.lines()
        .take_while(|line| !line.is_empty())
        .find_map(|line| line.strip_prefix("Version:"))
        .and_then(|v| v.trim().parse().ok())
}

/// Looks for an installed Django (`django-X.Y.Z.dist-info` or `Django-*.egg-info`) in `dirs`.
/// `None` when none of them holds one: not proof of absence (.pth files, PYTHONPATH).
pub fn find_django(dirs: &[PathBuf]) -> Option<Version> {
    for dir in dirs {
        let Ok(entries) = std::fs::read_dir(dir) else {
            continue;
        };
        for entry in entries.flatten() {
            let name = entry.file_name();
            let name = name.to_string_lossy().to_ascii_lowercase();
            let metadata = if name.starts_with("django-") && name.ends_with(".dist-info") {
                entry.path().join("METADATA")
            } else if name.starts_with("django-") && name.ends_with(".egg-info") {
                entry.path().join("PKG-INFO")
            } else {
                continue;
            };
            // The headers are at the top; a FIFO or device is skipped.
            if let Some(v) = crate::files::read_prefix(&metadata, 64 * 1024)
                .ok()
                .map(|bytes| String::from_utf8_lossy(&bytes).into_owned())
                .as_deref()
                .and_then(metadata_version)
            {
                return Some(v);
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_dist_info() {
        let dir = tempfile::tempdir().unwrap();
        let sp = site_packages_dirs(dir.path(), Branch::new(3, 12));
        std::fs::create_dir_all(sp[0].join("django-5.2.1.dist-info")).unwrap();
        std::fs::create_dir_all(sp[0].join("djangorestframework-3.15.dist-info")).unwrap();
        assert_eq!(find_django(&sp), None);
        std::fs::write(
            sp[0].join("django-5.2.1.dist-info/METADATA"),
            "Metadata-Version: 2.1\nName: Django\nVersion: 5.2.1\n\nbody Version: 9.9\n",
        )
        .unwrap();
        assert_eq!(find_django(&sp), Some(Version::new(5, 2, 1)));
    }
}
