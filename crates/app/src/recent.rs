//! The recent-files list of the window's menu, kept with its settings.

use std::path::{Path, PathBuf};

/// The files opened lately, most recent first, at most [`RecentFiles::MAX`].
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(transparent)]
pub struct RecentFiles(Vec<PathBuf>);

impl RecentFiles {
    /// How many files the list keeps.
    pub const MAX: usize = 10;

    /// Put `path` first (absolute when it can be made so), dropping an older
    /// entry for it and the oldest beyond [`RecentFiles::MAX`].
    pub fn add(&mut self, path: &Path) {
        let path = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
        self.0.retain(|known| *known != path);
        self.0.insert(0, path);
        self.0.truncate(Self::MAX);
    }

    /// Forget `path`.
    pub fn remove(&mut self, path: &Path) {
        self.0.retain(|known| known != path);
    }

    /// The files, most recent first.
    pub fn paths(&self) -> &[PathBuf] {
        &self.0
    }
}

#[cfg(test)]
mod tests {
    use super::RecentFiles;
    use std::path::Path;

    #[test]
    fn the_latest_comes_first_once_and_the_list_is_bounded() {
        let mut recent = RecentFiles::default();
        for i in 0..15 {
            recent.add(Path::new(&format!("/photos/{i}.png")));
        }
        recent.add(Path::new("/photos/12.png"));
        let paths = recent.paths();
        assert_eq!(paths.len(), RecentFiles::MAX);
        assert_eq!(paths[0], Path::new("/photos/12.png"));
        assert_eq!(paths[1], Path::new("/photos/14.png"));
        assert_eq!(paths.iter().filter(|p| p.ends_with("12.png")).count(), 1);
    }

    #[test]
    fn relative_paths_are_kept_absolute() {
        let mut recent = RecentFiles::default();
        recent.add(Path::new("photo.png"));
        assert!(recent.paths()[0].is_absolute());
        recent.remove(&recent.paths()[0].clone());
        assert!(recent.paths().is_empty());
    }
}
