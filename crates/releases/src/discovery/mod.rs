//! Finding the Python interpreter(s) to check, starting each at most once.
//!
//! Order for the active interpreter ([`find_active`]):
//! 1. the active virtual environment (`VIRTUAL_ENV`): its `pyvenv.cfg` names
//!    the version, so nothing is started;
//! 2. the project's `.python-version` (nearest in the current folder or a parent),
//!    matched against the installed interpreters (pyenv, uv, conda, `python3.X`
//!    on `PATH`, and on Windows the PEP 514 registrations);
//! 3. `python`, then `python3` on `PATH`, as pirel does. A pyenv shim is resolved
//!    the way pyenv resolves it, and a folder name or `pyvenv.cfg` that gives the
//!    version spares the start;
//! 4. on Windows with neither on `PATH`, the registered interpreter the `py`
//!    launcher starts by default (`PY_PYTHON` honoured; see
//!    [`pep514::launcher_default`]).
//!
//! When the version (or Django's) cannot be read from files, the interpreter is
//! started once, with a timeout.

mod candidates;
mod conda;
pub mod pep514;
mod probe;
mod pyenv;
mod python_version_file;
mod pyvenv;
mod site_packages;
#[cfg(windows)]
pub mod windows_registry;

use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::time::Duration;

pub use candidates::all_candidates;
pub use probe::{ProbeOutput, probe};
pub use pyenv::{
    Chosen, PyenvSelection, check_version_name, install_prefix, is_shim,
    select as select_pyenv_version,
};
pub use python_version_file::{
    Implementation, InstallFacts, Variant, VersionRequest, find_python_version_file, install_facts,
    parse_python_version_file,
};
pub use pyvenv::PyvenvCfg;
pub use site_packages::{find_django, site_packages_dirs};

use crate::error::{Error, Result};
use crate::version::Version;

/// The parts of the process environment discovery reads, injectable for tests.
#[derive(Clone, Debug, Default)]
pub struct Environment {
    /// `PATH`.
    pub path: OsString,
    /// The folder `.python-version` is looked for from.
    pub cwd: PathBuf,
    /// `VIRTUAL_ENV`.
    pub virtual_env: Option<PathBuf>,
    /// `PYENV_ROOT`, or `~/.pyenv` when that exists.
    pub pyenv_root: Option<PathBuf>,
    /// `PYENV_VERSION`.
    pub pyenv_version: Option<String>,
    /// Where uv keeps managed Pythons (`UV_PYTHON_INSTALL_DIR`, or `~/.local/share/uv/python`).
    pub uv_python_dir: Option<PathBuf>,
    /// Conda environments: `CONDA_PREFIX` and those listed in
    /// `~/.conda/environments.txt` (folders without `conda-meta` are skipped
    /// when searching).
    pub conda_environments: Vec<PathBuf>,
    /// Windows: the interpreters registered under PEP 514, in the `py`
    /// launcher's order (empty elsewhere), as the registry lists them: the
    /// search skips those whose file is missing ([`pep514::is_installed`]).
    pub registered: Vec<pep514::Registered>,
    /// Windows: `PY_PYTHON`, the `py` launcher's default version (`3.12`, `3`).
    pub py_python: Option<String>,
    /// Windows: `PATHEXT`, the extensions a command name is tried with
    /// (empty: Windows' default, `.COM;.EXE;.BAT;.CMD`).
    pub pathext: String,
    /// How long one interpreter may take to answer.
    pub timeout: Duration,
}

impl Environment {
    /// Reads the current process's environment.
    pub fn from_process() -> Environment {
        let var = |name| std::env::var_os(name).filter(|v| !v.is_empty());
        let home = var("HOME")
            .or_else(|| var("USERPROFILE"))
            .map(PathBuf::from);
        let pyenv_root = var("PYENV_ROOT")
            .map(PathBuf::from)
            .or_else(|| {
                home.as_ref()
                    .map(|h| h.join(".pyenv"))
                    .filter(|p| p.is_dir())
            })
            .map(|root| pyenv_win_root(&root).unwrap_or(root));
        let uv_python_dir = var("UV_PYTHON_INSTALL_DIR").map(PathBuf::from).or_else(|| {
            if cfg!(windows) {
                // uv on Windows: %APPDATA%\uv\data\python.
                var("APPDATA").map(|d| PathBuf::from(d).join("uv").join("data").join("python"))
            } else {
                var("XDG_DATA_HOME")
                    .map(PathBuf::from)
                    .or_else(|| home.as_ref().map(|h| h.join(".local/share")))
                    .map(|d| d.join("uv/python"))
            }
        });
        let mut path = var("PATH").unwrap_or_default();
        if cfg!(target_os = "macos") {
            // A window started from Finder gets launchd's short PATH.
            path = with_folders(
                &path,
                &usual_folders(home.as_deref(), pyenv_root.as_deref()),
            );
        }
        Environment {
            path,
            cwd: std::env::current_dir().unwrap_or_default(),
            virtual_env: var("VIRTUAL_ENV").map(PathBuf::from),
            pyenv_root,
            pyenv_version: var("PYENV_VERSION").and_then(|v| v.into_string().ok()),
            uv_python_dir,
            conda_environments: conda::environments(
                home.as_deref(),
                var("CONDA_PREFIX").map(PathBuf::from),
            ),
            registered: registered_interpreters(),
            py_python: var("PY_PYTHON").and_then(|v| v.into_string().ok()),
            pathext: var("PATHEXT")
                .and_then(|v| v.into_string().ok())
                .unwrap_or_default(),
            timeout: Duration::from_secs(5),
        }
    }

    /// The folders of `PATH`, in order.
    pub fn path_dirs(&self) -> Vec<PathBuf> {
        std::env::split_paths(&self.path)
            .filter(|p| !p.as_os_str().is_empty())
            .collect()
    }

    /// The [`registered`](Self::registered) interpreters whose file is there.
    pub fn installed_registrations(&self) -> Vec<pep514::Registered> {
        self.registered
            .iter()
            .filter(|r| pep514::is_installed(&r.executable))
            .cloned()
            .collect()
    }

    /// The first executable named `name` on `PATH`. On Windows each folder
    /// is searched with the extensions of `PATHEXT` in its order, as
    /// `cmd.exe` does; a batch or script wrapper found first (`python.bat`)
    /// is passed over unless it is a pyenv-win shim (resolved without
    /// running it), since only real executables are started.
    pub fn which(&self, name: &str) -> Option<PathBuf> {
        let dirs = self.path_dirs();
        if !cfg!(windows) {
            return dirs.into_iter().find_map(|dir| executable(&dir, name));
        }
        let shims = self.pyenv_root.as_ref().map(|root| root.join("shims"));
        dirs.into_iter().find_map(|dir| {
            let is_shims = shims.as_deref() == Some(dir.as_path());
            path_extensions(&self.pathext).find_map(|ext| {
                let path = dir.join(format!("{name}{ext}"));
                let runnable = [".exe", ".com"].iter().any(|e| ext.eq_ignore_ascii_case(e));
                (path.is_file() && (runnable || is_shims)).then_some(path)
            })
        })
    }
}

/// The extensions of a `PATHEXT` value in order (`.COM;.EXE;.BAT;.CMD` when
/// unset or empty); entries that do not start with a dot are ignored.
pub fn path_extensions(pathext: &str) -> impl Iterator<Item = &str> {
    let value = if pathext.trim().is_empty() {
        DEFAULT_PATHEXT
    } else {
        pathext
    };
    value
        .split(';')
        .map(str::trim)
        .filter(|ext| ext.len() > 1 && ext.starts_with('.'))
}

/// What Windows uses when `PATHEXT` is not set.
const DEFAULT_PATHEXT: &str = ".COM;.EXE;.BAT;.CMD";

#[cfg(test)]
mod pathext_tests {
    use super::path_extensions;

    #[test]
    fn pathext_in_order_with_the_default_when_unset() {
        fn all(v: &str) -> Vec<&str> {
            path_extensions(v).collect()
        }
        assert_eq!(all(""), [".COM", ".EXE", ".BAT", ".CMD"]);
        assert_eq!(all("  "), [".COM", ".EXE", ".BAT", ".CMD"]);
        assert_eq!(all(".exe;.PY; ;bat;.;.CMD"), [".exe", ".PY", ".CMD"]);
    }
}

/// The PEP 514 registrations of this Windows session (read-only registry
/// access, no file checked; none elsewhere).
fn registered_interpreters() -> Vec<pep514::Registered> {
    #[cfg(windows)]
    {
        pep514::registrations(&windows_registry::WindowsRegistry)
    }
    #[cfg(not(windows))]
    {
        Vec::new()
    }
}

/// pyenv-win keeps its versions and shims one level down, in
/// `%USERPROFILE%\.pyenv\pyenv-win`: that folder when `root` is the outer one.
pub fn pyenv_win_root(root: &Path) -> Option<PathBuf> {
    let inner = root.join("pyenv-win");
    (!root.join("versions").is_dir() && inner.join("versions").is_dir()).then_some(inner)
}

/// The folders where a login shell usually finds Python on macOS, and which
/// an app started from Finder lacks (launchd gives it `/usr/bin:/bin:/usr/sbin:/sbin`):
/// pyenv's shims, `~/.local/bin` (uv's and pipx's executables), Homebrew's
/// `/opt/homebrew/bin` (Apple silicon) and `/usr/local/bin` (Intel), and
/// MacPorts' `/opt/local/bin`, in that order.
pub fn usual_folders(home: Option<&Path>, pyenv_root: Option<&Path>) -> Vec<PathBuf> {
    let mut folders = Vec::new();
    if let Some(root) = pyenv_root {
        folders.push(root.join("shims"));
    }
    if let Some(home) = home {
        folders.push(home.join(".local/bin"));
    }
    folders.extend(["/opt/homebrew/bin", "/usr/local/bin", "/opt/local/bin"].map(PathBuf::from));
    folders
}

/// `path` with each of `folders` that is a folder and not on it yet put in
/// front, in the order given; folders already on `path` keep their place.
///
/// ```
/// use toolcup_releases::discovery::with_folders;
/// let dir = tempfile::tempdir()?;
/// let extra = dir.path().to_owned();
/// let path = std::env::join_paths(["/usr/bin", "/bin"])?;
/// let longer = with_folders(&path, &[extra.clone(), "/no/such/folder".into()]);
/// let folders: Vec<_> = std::env::split_paths(&longer).collect();
/// assert_eq!(folders, [extra.clone(), "/usr/bin".into(), "/bin".into()]);
/// assert_eq!(with_folders(&longer, &[extra]), longer);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn with_folders(path: &std::ffi::OsStr, folders: &[PathBuf]) -> OsString {
    let current: Vec<PathBuf> = std::env::split_paths(path).collect();
    let mut added: Vec<PathBuf> = Vec::new();
    for folder in folders {
        if folder.is_dir() && !current.contains(folder) && !added.contains(folder) {
            added.push(folder.clone());
        }
    }
    if added.is_empty() {
        return path.to_owned();
    }
    let all = added
        .into_iter()
        .chain(current.into_iter().filter(|p| !p.as_os_str().is_empty()));
    std::env::join_paths(all).unwrap_or_else(|_| path.to_owned())
}

/// `dir/name` (or `name.exe` on Windows) when it is an executable file.
pub(crate) fn executable(dir: &Path, name: &str) -> Option<PathBuf> {
    let candidates = if cfg!(windows) {
        vec![dir.join(format!("{name}.exe"))]
    } else {
        vec![dir.join(name)]
    };
    candidates.into_iter().find(|p| is_executable(p))
}

/// The executable `name` of an install prefix: `bin/NAME`, or `NAME` at
/// the top, where pyenv-win and Windows installs keep `python.exe`.
pub(crate) fn install_executable(prefix: &Path, name: &str) -> Option<PathBuf> {
    executable(&prefix.join("bin"), name).or_else(|| executable(prefix, name))
}

#[cfg(unix)]
fn is_executable(path: &Path) -> bool {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(path).is_ok_and(|m| m.is_file() && m.permissions().mode() & 0o111 != 0)
}

#[cfg(not(unix))]
fn is_executable(path: &Path) -> bool {
    path.is_file()
}

/// How the interpreter was chosen.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "kebab-case", tag = "kind", content = "detail")]
#[non_exhaustive]
pub enum FoundBy {
    /// `--python PATH`.
    Explicit,
    /// The active virtual environment (`VIRTUAL_ENV`).
    VirtualEnv,
    /// The project's `.python-version` (the file).
    PythonVersionFile(PathBuf),
    /// A name looked up on `PATH` (`python`, `python3`, `python3.12`).
    Path(String),
    /// A pyenv shim, resolved (where the choice came from).
    PyenvShim(String),
    /// A pyenv install.
    Pyenv,
    /// A uv-managed install.
    Uv,
    /// A conda environment.
    Conda,
    /// Registered under PEP 514 in the Windows registry (`PythonCore\3.12`,
    /// as `py --list` names it); with no `python` on `PATH`, the one the `py`
    /// launcher would start by default.
    Registry(String),
}

/// How the version was learnt.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum VersionSource {
    /// The interpreter was started once.
    Started,
    /// A `pyvenv.cfg` file.
    PyvenvCfg,
    /// The name of its pyenv or uv install folder.
    InstallName,
    /// Its conda environment's record of the `python` package.
    CondaMeta,
}

/// An interpreter and what we know of it.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct Interpreter {
    /// The executable (a resolved pyenv shim names the real interpreter).
    pub path: PathBuf,
    /// Its Python version.
    pub version: Version,
    /// How it was chosen.
    pub found_by: FoundBy,
    /// How its version was learnt.
    pub version_source: VersionSource,
    /// Django: `None` when not asked, `Some(None)` when asked and not installed.
    pub django: Option<Option<Version>>,
    /// PyPy or GraalPy, from its install folder's or file's name or its
    /// banner; `None` for CPython (and when nothing says otherwise). Its
    /// `version` is then the Python language version it implements.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub implementation: Option<Implementation>,
    /// What was skipped or replaced on the way, one line each (a pin refused
    /// as unsafe, a pin not installed and what was used instead).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub warnings: Vec<String>,
}

/// What a search for an interpreter should also learn.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Want {
    /// Also find the installed Django.
    pub django: bool,
}

/// What we can know of an interpreter without starting it.
#[derive(Default)]
struct FileFacts {
    version: Option<(Version, VersionSource)>,
    /// The prefix whose site-packages belong to this interpreter.
    prefix: Option<PathBuf>,
}

/// Reads the version from files beside the executable: a venv's `pyvenv.cfg`
/// (`<venv>/bin/python`) or a version-named install folder (`versions/3.11.7/bin/python`).
fn file_facts(exe: &Path) -> FileFacts {
    // `<prefix>/bin/python3`, `<prefix>\Scripts\python.exe`, or the
    // executable at the top of its prefix (pyenv-win, Windows installs).
    let parent = exe.parent();
    let in_bin = parent
        .and_then(Path::file_name)
        .is_some_and(|n| n == "bin" || n == "Scripts");
    let Some(prefix) = (if in_bin {
        parent.and_then(Path::parent)
    } else {
        parent
    }) else {
        return FileFacts::default();
    };
    // A conda environment: `<env>/bin/python3`, or `<env>\python.exe`.
    if let Some(env) = [exe.parent(), Some(prefix)]
        .into_iter()
        .flatten()
        .find(|p| conda::is_environment(p))
    {
        return FileFacts {
            version: conda::python_version(env).map(|v| (v, VersionSource::CondaMeta)),
            prefix: Some(env.to_owned()),
        };
    }
    if let Ok(Some(cfg)) = PyvenvCfg::read(prefix) {
        return FileFacts {
            version: cfg.version.map(|v| (v, VersionSource::PyvenvCfg)),
            prefix: Some(prefix.to_owned()),
        };
    }
    let name = prefix.file_name().and_then(|n| n.to_str()).unwrap_or("");
    // pyenv: `3.11.7`; uv: `cpython-3.12.1-linux-x86_64-gnu`,
    // `cpython-3.13.1+freethreaded-macos-aarch64-none`, `pypy-3.10.14-linux-x86_64-gnu`.
    let uv_key = VersionRequest::parse(name);
    let version = match (&uv_key.platform, uv_key.numbers.as_deref()) {
        (Some(_), Some(&[major, minor, patch])) => Some(Version {
            major,
            minor,
            patch,
            pre: uv_key.pre,
        }),
        _ => name
            .parse::<Version>()
            .ok()
            .filter(|v| v.to_string() == name),
    };
    let version = version
        .filter(|_| is_managed_install(prefix))
        .map(|v| (v, VersionSource::InstallName));
    FileFacts {
        version,
        prefix: Some(prefix.to_owned()),
    }
}

/// A folder that pyenv or uv manages (`.../versions/X` or `.../python/cpython-X`).
fn is_managed_install(prefix: &Path) -> bool {
    let parent = prefix
        .parent()
        .and_then(Path::file_name)
        .and_then(|n| n.to_str());
    matches!(parent, Some("versions" | "python"))
}

/// Learns the version (and Django's) of `exe`, from files where they answer,
/// otherwise by starting it once.
pub fn inspect(
    exe: &Path,
    found_by: FoundBy,
    want: Want,
    env: &Environment,
) -> Result<Interpreter> {
    let facts = file_facts(exe);
    let django_from_files = match (&facts.prefix, &facts.version) {
        (Some(prefix), Some((v, _))) if want.django => {
            find_django(&site_packages_dirs(prefix, v.branch()))
        }
        _ => None,
    };
    let named = named_implementation(exe);
    let mut found = match facts.version {
        Some((version, source)) if !want.django || django_from_files.is_some() => Interpreter {
            path: exe.to_owned(),
            version,
            found_by,
            version_source: source,
            django: want.django.then_some(django_from_files),
            implementation: named,
            warnings: Vec::new(),
        },
        _ => {
            let out = probe(exe, want.django, env.timeout)?;
            Interpreter {
                path: exe.to_owned(),
                version: out.python,
                found_by,
                version_source: VersionSource::Started,
                django: out.django,
                implementation: named.or(out.implementation),
                warnings: Vec::new(),
            }
        }
    };
    if let Some(implementation) = found.implementation {
        found.warnings.push(other_implementation_warning(
            &found.path,
            implementation,
            found.version,
        ));
    }
    Ok(found)
}

/// PyPy or GraalPy when the executable's name (`pypy3`) or its install
/// folder's (pyenv's `pypy3.10-7.3.17`, uv's `pypy-3.10.14-linux-x86_64-gnu`)
/// says so.
fn named_implementation(exe: &Path) -> Option<Implementation> {
    let prefix = exe.parent().and_then(Path::parent);
    [Some(exe), prefix]
        .into_iter()
        .flatten()
        .filter_map(|p| p.file_name()?.to_str())
        .find_map(|name| install_facts(name).implementation)
        .filter(|i| *i != Implementation::CPython)
}

/// The release data is CPython's: say so when the interpreter is another
/// implementation, whose own releases have their own support.
fn other_implementation_warning(
    path: &Path,
    implementation: Implementation,
    version: Version,
) -> String {
    let name = match implementation {
        Implementation::CPython => "CPython",
        Implementation::PyPy => "PyPy",
        Implementation::GraalPy => "GraalPy",
        Implementation::Pyodide => "Pyodide",
    };
    format!(
        "{} is {name}, implementing Python {}: the dates shown are CPython {}'s, not those of {name}'s own releases",
        path.display(),
        version,
        version.branch()
    )
}

/// The executable of a venv or install prefix (`bin/python`, `Scripts/python.exe`).
fn prefix_python(prefix: &Path) -> Option<PathBuf> {
    ["bin", "Scripts"]
        .iter()
        .flat_map(|dir| ["python", "python3"].map(|name| executable(&prefix.join(dir), name)))
        .flatten()
        .next()
}

/// Finds the active interpreter (see the module docs for the order).
/// `Ok(None)` when there is none.
pub fn find_active(env: &Environment, want: Want) -> Result<Option<Interpreter>> {
    if let Some(venv) = &env.virtual_env {
        // Only a real virtual environment (PEP 405: it has a pyvenv.cfg) is
        // trusted to say which interpreter is active.
        if !venv.join("pyvenv.cfg").is_file() {
            return Err(Error::Interpreter {
                path: venv.clone(),
                reason: "VIRTUAL_ENV names a folder without pyvenv.cfg, not a virtual environment"
                    .to_owned(),
            });
        }
        let exe = prefix_python(venv).ok_or_else(|| Error::Interpreter {
            path: venv.clone(),
            reason: "VIRTUAL_ENV names a folder without bin/python".to_owned(),
        })?;
        return inspect(&exe, FoundBy::VirtualEnv, want, env).map(Some);
    }
    // A pyenv shim first in PATH: pyenv itself reads .python-version.
    let first = ["python", "python3"]
        .iter()
        .find_map(|name| env.which(name).map(|p| (p, *name)));
    let shim_root = match (&first, &env.pyenv_root) {
        (Some((exe, _)), Some(root)) if is_shim(exe, root) => Some(root.clone()),
        _ => None,
    };
    let mut not_installed = Vec::new();
    if shim_root.is_none()
        && let Some((file, requests)) = find_python_version_file(&env.cwd)?
    {
        // Each pin in file order; the newest installed interpreter matching
        // it wins (as pyenv resolves `3.12` to the newest 3.12.x); `system`
        // means the PATH's own python.
        let candidates = all_candidates(env);
        let mut inspected: Vec<Option<Option<Interpreter>>> = vec![None; candidates.len()];
        for request in &requests {
            if request.text == "system" {
                break;
            }
            let mut best: Option<Interpreter> = None;
            for (i, (exe, found_by)) in candidates.iter().enumerate() {
                if !name_may_match(found_by, std::slice::from_ref(request)) {
                    continue;
                }
                let found = inspected[i]
                    .get_or_insert_with(|| inspect(exe, found_by.clone(), want, env).ok());
                if let Some(found) = found
                    && request.accepts(&found.version, &candidate_facts(exe, found_by))
                    && best.as_ref().is_none_or(|b| found.version > b.version)
                {
                    best = Some(found.clone());
                }
            }
            if let Some(found) = best {
                let warnings = not_installed_warnings(&not_installed, &found.path);
                return Ok(Some(Interpreter {
                    found_by: FoundBy::PythonVersionFile(file),
                    warnings,
                    ..found
                }));
            }
            not_installed.push(format!("{} (pinned in {})", request.text, file.display()));
        }
    }
    let (exe, found_by) = match first {
        Some((exe, name)) => {
            if let Some(root) = shim_root {
                return resolve_shim(&root, name, env, want).map(Some);
            }
            (exe, FoundBy::Path(name.to_owned()))
        }
        // Windows without python on PATH (python.org's installer's default):
        // what the `py` launcher would start.
        None => {
            match pep514::launcher_default(&env.installed_registrations(), env.py_python.as_deref())
            {
                Some(registered) => (
                    registered.executable.clone(),
                    FoundBy::Registry(registered.key.clone()),
                ),
                None => return Ok(None),
            }
        }
    };
    let mut found = inspect(&exe, found_by, want, env)?;
    found.warnings = not_installed_warnings(&not_installed, &exe);
    Ok(Some(found))
}

/// One warning per pin that no installed interpreter satisfied, naming the
/// interpreter used instead.
fn not_installed_warnings(not_installed: &[String], used: &Path) -> Vec<String> {
    not_installed
        .iter()
        .map(|wanted| {
            format!(
                "{wanted} is not installed; using {} instead",
                used.display()
            )
        })
        .collect()
}

/// What a candidate's install folder or file name says of it (implementation,
/// variant, uv platform).
fn candidate_facts(exe: &Path, found_by: &FoundBy) -> InstallFacts {
    match found_by {
        FoundBy::Path(name) => install_facts(name),
        FoundBy::Pyenv | FoundBy::Uv => {
            // `<prefix>/bin/python3`, or `<prefix>/python.exe` (uv on Windows).
            let parent = exe.parent();
            let prefix = match parent.and_then(Path::file_name).and_then(|n| n.to_str()) {
                Some("bin" | "Scripts") => parent.and_then(Path::parent),
                _ => parent,
            };
            prefix
                .and_then(Path::file_name)
                .and_then(|n| n.to_str())
                .map(install_facts)
                .unwrap_or_default()
        }
        _ => InstallFacts::default(),
    }
}

/// Whether a `pythonX.Y` name can satisfy one of `requests` (other names may: unknown until inspected).
fn name_may_match(found_by: &FoundBy, requests: &[VersionRequest]) -> bool {
    let FoundBy::Path(name) = found_by else {
        return true;
    };
    let Some(numbers) = name.strip_prefix("python").and_then(|rest| {
        let (major, minor) = rest.split_once('.')?;
        Some([major.parse::<u32>().ok()?, minor.parse::<u32>().ok()?])
    }) else {
        return true;
    };
    requests.iter().any(|r| {
        // A specifier or an implementation alone may match any numbers.
        let open = r.specifier.is_some() || r.numbers.is_none() && r.implementation.is_some();
        open || r
            .numbers
            .as_ref()
            .is_some_and(|want| want.iter().zip(numbers.iter()).all(|(w, n)| w == n))
    })
}

/// Resolves a pyenv shim to the interpreter pyenv would run, without running
/// the shim, as `pyenv-which` does: each chosen version in turn whose
/// `bin/NAME` exists, then `system` (the next `NAME` on `PATH` that is not a
/// shim). A requested version that is not installed gets a warning naming
/// what is used instead (pyenv itself falls back silently). Only a canonical
/// folder inside `$PYENV_ROOT/versions` (see [`install_prefix`]) or a folder
/// of `PATH` is started from.
fn resolve_shim(root: &Path, name: &str, env: &Environment, want: Want) -> Result<Interpreter> {
    let selection = select_pyenv_version(root, env.pyenv_version.as_deref(), &env.cwd)?;
    let shims = root.join("shims");
    let system = || {
        env.path_dirs()
            .into_iter()
            .filter(|d| *d != shims)
            .find_map(|d| executable(&d, name))
    };
    let mut missing = Vec::new();
    let mut exe = None;
    for chosen in selection.chosen.iter().chain([&Chosen::System]) {
        exe = match chosen {
            Chosen::Installed { prefix, .. } => install_executable(prefix, name),
            Chosen::System => system(),
            Chosen::NotInstalled(wanted) => {
                missing.push(wanted.clone());
                None
            }
        };
        if exe.is_some() {
            break;
        }
    }
    let mut warnings = selection.warnings;
    let Some(exe) = exe else {
        let mut reason = format!(
            "pyenv shim, but no version set by {} ({}) has {name}, and no system {name} is on PATH",
            selection.origin,
            selection.requested.join(":"),
        );
        for warning in &warnings {
            reason.push_str("; ");
            reason.push_str(warning);
        }
        return Err(Error::Interpreter {
            path: shims.join(name),
            reason,
        });
    };
    for wanted in missing {
        warnings.push(format!(
            "pyenv version {wanted} set by {} is not installed; using {} instead",
            selection.origin,
            exe.display()
        ));
    }
    let mut found = inspect(&exe, FoundBy::PyenvShim(selection.origin), want, env)?;
    found.warnings = warnings;
    Ok(found)
}

/// Checks one interpreter given by path (`--python PATH`).
pub fn find_explicit(path: &Path, env: &Environment, want: Want) -> Result<Interpreter> {
    if let Ok(metadata) = std::fs::metadata(path)
        && !metadata.is_dir()
        && !metadata.is_file()
    {
        return Err(Error::Interpreter {
            path: path.to_owned(),
            reason: "not a regular file or a folder (a FIFO or device?), not an interpreter"
                .to_owned(),
        });
    }
    let exe = if path.is_dir() {
        prefix_python(path).ok_or_else(|| Error::Interpreter {
            path: path.to_owned(),
            reason: "a folder without bin/python".to_owned(),
        })?
    } else {
        path.to_owned()
    };
    if let Some(root) = &env.pyenv_root
        && is_shim(&exe, root)
    {
        let name = exe
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or("python")
            .to_owned();
        return resolve_shim(root, &name, env, Want { ..want }).map(|i| Interpreter {
            found_by: FoundBy::Explicit,
            ..i
        });
    }
    inspect(&exe, FoundBy::Explicit, want, env)
}

/// Every interpreter on `PATH` and in pyenv and uv, each inspected (started at
/// most once), in parallel. Failures are returned beside successes.
pub fn find_all(env: &Environment, want: Want) -> Vec<Result<Interpreter>> {
    let (candidates, refused) = candidates::candidates_and_refusals(env);
    std::thread::scope(|scope| {
        let handles: Vec<_> = candidates
            .iter()
            .map(|(exe, found_by)| scope.spawn(move || inspect(exe, found_by.clone(), want, env)))
            .collect();
        handles
            .into_iter()
            .zip(&candidates)
            .map(|(h, (exe, _))| {
                h.join().unwrap_or_else(|_| {
                    Err(Error::Interpreter {
                        path: exe.clone(),
                        reason: "inspection panicked".to_owned(),
                    })
                })
            })
            .chain(refused.into_iter().map(Err))
            .collect()
    })
}
