//! Which files scan reads, told by name alone so the walk opens nothing else.

use std::path::Path;

/// A kind of file that holds pins.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum FileKind {
    /// `.python-version` (pyenv, uv).
    PythonVersion,
    /// `pyproject.toml`.
    Pyproject,
    /// `setup.cfg`.
    SetupCfg,
    /// `setup.py`.
    SetupPy,
    /// `tox.ini`.
    ToxIni,
    /// `tox.toml`.
    ToxToml,
    /// `noxfile.py`.
    Noxfile,
    /// A GitHub Actions workflow: `.github/workflows/*.yml` or `*.yaml`.
    Workflow,
    /// `Dockerfile`, `Containerfile`, `Dockerfile.dev`, `app.Dockerfile`.
    Containerfile,
    /// `.tool-versions` (asdf).
    ToolVersions,
    /// `mise.toml`, `.mise.toml`.
    Mise,
    /// `runtime.txt`.
    RuntimeTxt,
    /// `Pipfile`.
    Pipfile,
    /// A conda environment: `environment.yml`, `environment-dev.yaml`.
    CondaEnvironment,
    /// `requirements*.txt`, or any `.txt` in a `requirements` folder.
    Requirements,
    /// `uv.lock`.
    UvLock,
    /// `poetry.lock`.
    PoetryLock,
}

impl FileKind {
    /// The kind of the file at `path` (relative to the scanned folder), from
    /// its name (and, for workflows and requirement folders, its parents).
    ///
    /// ```
    /// use std::path::Path;
    /// use toolcup_releases::scan::FileKind;
    /// assert_eq!(FileKind::of(Path::new(".github/workflows/ci.yml")), Some(FileKind::Workflow));
    /// assert_eq!(FileKind::of(Path::new("docker/Dockerfile.prod")), Some(FileKind::Containerfile));
    /// assert_eq!(FileKind::of(Path::new("requirements/dev.txt")), Some(FileKind::Requirements));
    /// assert_eq!(FileKind::of(Path::new("src/main.py")), None);
    /// ```
    pub fn of(path: &Path) -> Option<FileKind> {
        let name = path.file_name()?.to_str()?;
        let parent = path
            .parent()
            .and_then(Path::file_name)
            .and_then(|n| n.to_str());
        let kind = match name {
            ".python-version" => FileKind::PythonVersion,
            "pyproject.toml" => FileKind::Pyproject,
            "setup.cfg" => FileKind::SetupCfg,
            "setup.py" => FileKind::SetupPy,
            "tox.ini" => FileKind::ToxIni,
            "tox.toml" => FileKind::ToxToml,
            "noxfile.py" => FileKind::Noxfile,
            ".tool-versions" => FileKind::ToolVersions,
            "mise.toml" | ".mise.toml" => FileKind::Mise,
            "runtime.txt" => FileKind::RuntimeTxt,
            "Pipfile" => FileKind::Pipfile,
            "uv.lock" => FileKind::UvLock,
            "poetry.lock" => FileKind::PoetryLock,
            _ => {
                let lower = name.to_ascii_lowercase();
                let yaml = lower.ends_with(".yml") || lower.ends_with(".yaml");
                if yaml
                    && parent == Some("workflows")
                    && path
                        .parent()
                        .and_then(Path::parent)
                        .and_then(Path::file_name)
                        == Some(std::ffi::OsStr::new(".github"))
                {
                    FileKind::Workflow
                } else if yaml && lower.starts_with("environment") {
                    FileKind::CondaEnvironment
                } else if lower == "dockerfile"
                    || lower == "containerfile"
                    || lower.starts_with("dockerfile.")
                    || lower.starts_with("containerfile.")
                    || lower.ends_with(".dockerfile")
                    || lower.ends_with(".containerfile")
                {
                    FileKind::Containerfile
                } else if lower.ends_with(".txt")
                    && (lower.starts_with("requirements") || parent == Some("requirements"))
                {
                    FileKind::Requirements
                } else {
                    return None;
                }
            }
        };
        Some(kind)
    }

    /// The largest file of this kind read, in bytes: lock files can be large,
    /// the others are a few KiB in real repositories.
    pub fn max_bytes(self) -> u64 {
        match self {
            FileKind::UvLock | FileKind::PoetryLock => 32 * 1024 * 1024,
            _ => 2 * 1024 * 1024,
        }
    }
}
