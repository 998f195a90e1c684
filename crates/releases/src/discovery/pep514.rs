//! Windows: the interpreters registered under PEP 514
//! (`Software\Python\<Company>\<Tag>` in `HKEY_CURRENT_USER`, then
//! `HKEY_LOCAL_MACHINE` 64-bit and 32-bit views, as the `py` launcher reads
//! them), and the Microsoft Store's `python.exe` alias stub to skip on `PATH`.
//!
//! The registry is read through [`Pep514Registry`], so the rules here are
//! compiled and tested on every platform with a fake; on Windows the real
//! registry is read through the same trait (read-only, both views of
//! `HKEY_LOCAL_MACHINE`), and [`launcher_default`] picks what `py` would
//! start when no `python` is on `PATH`.

use std::path::{Path, PathBuf};

use crate::version::Version;

/// A registry view PEP 514 is read from, in its order of precedence.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Hive {
    /// `HKEY_CURRENT_USER\Software\Python`.
    CurrentUser,
    /// `HKEY_LOCAL_MACHINE\Software\Python`, 64-bit view.
    LocalMachine64,
    /// `HKEY_LOCAL_MACHINE\Software\WOW6432Node\Python` (32-bit view).
    LocalMachine32,
}

/// The values PEP 514 defines for one tag (all optional in the registry).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Pep514Values {
    /// `InstallPath` (default value): the install folder.
    pub install_path: Option<PathBuf>,
    /// `InstallPath\ExecutablePath`: the interpreter.
    pub executable_path: Option<PathBuf>,
    /// `SysVersion`: `3.12`.
    pub sys_version: Option<String>,
    /// `Version`: `3.12.1`.
    pub version: Option<String>,
}

/// Read access to the PEP 514 keys of a registry.
pub trait Pep514Registry {
    /// The company keys under `Software\Python` of `hive` (`PythonCore`, `ContinuumAnalytics`…).
    fn companies(&self, hive: Hive) -> Vec<String>;
    /// The tag keys of `company` (`3.12`, `3.12-32`, `3.13t`).
    fn tags(&self, hive: Hive, company: &str) -> Vec<String>;
    /// The values of one tag, `None` when the key vanished meanwhile.
    fn values(&self, hive: Hive, company: &str, tag: &str) -> Option<Pep514Values>;
}

/// One interpreter found in the registry.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Registered {
    /// The executable.
    pub executable: PathBuf,
    /// Its version, when the registry gives all three numbers.
    pub version: Option<Version>,
    /// `PythonCore\3.12`, as `py --list` names it.
    pub key: String,
    /// Where: which hive.
    pub hive: Hive,
}

/// Whether `path` is the Microsoft Store's app-execution alias for Python
/// (`%LOCALAPPDATA%\Microsoft\WindowsApps\python.exe`, `python3.exe`,
/// `python3.12.exe`): a zero-length stub that opens the Store instead of
/// running anything. `len` is the file's length as reported (`None` when
/// unknown: a reparse point that cannot be read is treated as the stub).
pub fn is_store_alias_stub(path: &Path, len: Option<u64>) -> bool {
    let text = path
        .to_string_lossy()
        .replace('\\', "/")
        .to_ascii_lowercase();
    let Some((folder, name)) = text.rsplit_once('/') else {
        return false;
    };
    folder.ends_with("/microsoft/windowsapps")
        && name.starts_with("python")
        && name.ends_with(".exe")
        && len.is_none_or(|l| l == 0)
}

/// Every interpreter registered under PEP 514, in the launcher's order
/// (current user, then machine 64-bit, then 32-bit; tags as listed), skipping
/// the `PyLauncher` key (the launcher's own settings) and tags that name no
/// interpreter (`InstallPath\ExecutablePath`, else `InstallPath\python.exe`).
/// The same executable registered twice is listed once. Only the registry is
/// read: whether each file exists is [`is_installed`]'s question, asked where
/// the interpreters are searched (not when a window starts).
pub fn registrations(registry: &dyn Pep514Registry) -> Vec<Registered> {
    let mut out: Vec<Registered> = Vec::new();
    let mut seen = std::collections::HashSet::new();
    for hive in [
        Hive::CurrentUser,
        Hive::LocalMachine64,
        Hive::LocalMachine32,
    ] {
        for company in registry.companies(hive) {
            if company.eq_ignore_ascii_case("PyLauncher") {
                continue;
            }
            for tag in registry.tags(hive, &company) {
                let Some(values) = registry.values(hive, &company, &tag) else {
                    continue;
                };
                let executable = values.executable_path.clone().or_else(|| {
                    values
                        .install_path
                        .as_ref()
                        .map(|folder| folder.join("python.exe"))
                });
                let Some(executable) = executable else {
                    continue;
                };
                if !seen.insert(executable.clone()) {
                    continue;
                }
                let version = values
                    .version
                    .as_deref()
                    .and_then(|v| v.parse::<Version>().ok())
                    .filter(|v| values.version.as_deref() == Some(v.to_string().as_str()));
                out.push(Registered {
                    executable,
                    version,
                    key: format!("{company}\\{tag}"),
                    hive,
                });
            }
        }
    }
    out
}

/// [`registrations`] whose interpreter `exists` (its length, `None` when
/// missing) and is not a Store alias stub.
pub fn registered_interpreters(
    registry: &dyn Pep514Registry,
    exists: &dyn Fn(&Path) -> Option<u64>,
) -> Vec<Registered> {
    registrations(registry)
        .into_iter()
        .filter(|r| {
            exists(&r.executable).is_some_and(|len| !is_store_alias_stub(&r.executable, Some(len)))
        })
        .collect()
}

/// Whether a registered interpreter is a file on disk and not the Store's
/// alias stub.
pub fn is_installed(executable: &Path) -> bool {
    std::fs::metadata(executable)
        .ok()
        .filter(std::fs::Metadata::is_file)
        .is_some_and(|m| !is_store_alias_stub(executable, Some(m.len())))
}

/// The numbers of a tag (`3.12` → `[3, 12]`, `3.12-32` → `[3, 12]`), and
/// whether it names a 32-bit or a free-threaded (`3.13t`) build.
fn tag_numbers(tag: &str) -> (Vec<u32>, bool, bool) {
    let (base, bits32) = match tag.strip_suffix("-32") {
        Some(base) => (base, true),
        None => (tag.strip_suffix("-64").unwrap_or(tag), false),
    };
    let (base, threaded) = match base.strip_suffix('t') {
        Some(base) => (base, true),
        None => (base, false),
    };
    let numbers = base
        .split('.')
        .map_while(|part| part.parse::<u32>().ok())
        .collect();
    (numbers, bits32, threaded)
}

/// Whether `tag` is what a `py -V:`/`PY_PYTHON` request such as `3`, `3.12`
/// or `3.12-32` asks for: the same text, or the request followed by more
/// numbers or a `-32`/`-64` suffix (`3.1` is not `3.12`).
fn tag_matches(tag: &str, request: &str) -> bool {
    let Some(rest) = tag.strip_prefix(request) else {
        return false;
    };
    rest.is_empty() || rest.starts_with(['.', '-'])
}

/// The interpreter the `py` launcher starts by default among `registered`:
/// the `PY_PYTHON` request when given (a tag prefix such as `3`, `3.12` or
/// `3.12-32`), otherwise any; then `PythonCore` before other companies, the
/// newest version, 64-bit before 32-bit, and never a free-threaded build
/// unless asked for by its tag. `None` when nothing matches.
pub fn launcher_default<'a>(
    registered: &'a [Registered],
    py_python: Option<&str>,
) -> Option<&'a Registered> {
    let request = py_python.map(str::trim).filter(|r| !r.is_empty());
    registered
        .iter()
        .filter(|r| {
            let tag = r.key.rsplit_once('\\').map_or(r.key.as_str(), |(_, t)| t);
            let (_, _, threaded) = tag_numbers(tag);
            // A free-threaded build only when the request names one (`3.13t`).
            threaded == request.is_some_and(|r| r.ends_with('t'))
                && request.is_none_or(|request| tag_matches(tag, request))
        })
        .min_by(|a, b| {
            let rank = |r: &Registered| {
                let (company, tag) = r.key.rsplit_once('\\').unwrap_or(("", r.key.as_str()));
                let (numbers, bits32, _) = tag_numbers(tag);
                (
                    !company.eq_ignore_ascii_case("PythonCore"),
                    std::cmp::Reverse(numbers),
                    bits32,
                    std::cmp::Reverse(r.version),
                )
            };
            rank(a).cmp(&rank(b))
        })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    /// A registry of (hive, company, tag) → values, listed in insertion order.
    #[derive(Default)]
    struct FakeRegistry {
        keys: Vec<(Hive, String, String, Pep514Values)>,
    }

    impl FakeRegistry {
        fn add(&mut self, hive: Hive, company: &str, tag: &str, values: Pep514Values) {
            self.keys
                .push((hive, company.to_owned(), tag.to_owned(), values));
        }
    }

    impl Pep514Registry for FakeRegistry {
        fn companies(&self, hive: Hive) -> Vec<String> {
            let mut seen = Vec::new();
            for (h, c, _, _) in &self.keys {
                if *h == hive && !seen.contains(c) {
                    seen.push(c.clone());
                }
            }
            seen
        }
        fn tags(&self, hive: Hive, company: &str) -> Vec<String> {
            self.keys
                .iter()
                .filter(|(h, c, _, _)| *h == hive && c == company)
                .map(|(_, _, t, _)| t.clone())
                .collect()
        }
        fn values(&self, hive: Hive, company: &str, tag: &str) -> Option<Pep514Values> {
            self.keys
                .iter()
                .find(|(h, c, t, _)| *h == hive && c == company && t == tag)
                .map(|(_, _, _, v)| v.clone())
        }
    }

    fn values(install: Option<&str>, exe: Option<&str>, version: Option<&str>) -> Pep514Values {
        Pep514Values {
            install_path: install.map(PathBuf::from),
            executable_path: exe.map(PathBuf::from),
            sys_version: None,
            version: version.map(str::to_owned),
        }
    }

    #[test]
    fn the_launchers_order_and_what_is_skipped() {
        let mut reg = FakeRegistry::default();
        let user = r"C:\Users\me\AppData\Local\Programs\Python\Python313";
        reg.add(
            Hive::CurrentUser,
            "PythonCore",
            "3.13",
            values(Some(user), None, Some("3.13.1")),
        );
        reg.add(
            Hive::CurrentUser,
            "PyLauncher",
            "x",
            values(Some(r"C:\launcher"), None, None),
        );
        reg.add(
            Hive::LocalMachine64,
            "PythonCore",
            "3.12",
            values(
                Some(r"C:\Python312"),
                Some(r"C:\Python312\python.exe"),
                Some("3.12.8"),
            ),
        );
        // Registered, but the folder was deleted.
        reg.add(
            Hive::LocalMachine64,
            "PythonCore",
            "3.11",
            values(Some(r"C:\Gone"), None, Some("3.11.9")),
        );
        // The Store's alias stub registered by a broken installer.
        let stub = r"C:\Users\me\AppData\Local\Microsoft\WindowsApps\python.exe";
        reg.add(
            Hive::LocalMachine64,
            "Odd",
            "1",
            values(None, Some(stub), None),
        );
        // A second registration of the same executable, and a company's own scheme.
        reg.add(
            Hive::LocalMachine32,
            "PythonCore",
            "3.12-32",
            values(None, Some(r"C:\Python312\python.exe"), Some("3.12.8")),
        );
        reg.add(
            Hive::LocalMachine32,
            "ContinuumAnalytics",
            "Anaconda311-64",
            values(Some(r"C:\Anaconda3"), None, Some("2024.06")),
        );
        let files: HashMap<PathBuf, u64> = [
            (PathBuf::from(user).join("python.exe"), 100_000),
            (PathBuf::from(r"C:\Python312\python.exe"), 100_000),
            (PathBuf::from(stub), 0),
            (PathBuf::from(r"C:\Anaconda3").join("python.exe"), 90_000),
        ]
        .into();
        let found = registered_interpreters(&reg, &|p| files.get(p).copied());
        let shown: Vec<(String, Option<String>)> = found
            .iter()
            .map(|r| (r.key.clone(), r.version.map(|v| v.to_string())))
            .collect();
        assert_eq!(
            shown,
            [
                ("PythonCore\\3.13".to_owned(), Some("3.13.1".to_owned())),
                ("PythonCore\\3.12".to_owned(), Some("3.12.8".to_owned())),
                ("ContinuumAnalytics\\Anaconda311-64".to_owned(), None),
            ]
        );
        assert_eq!(found[0].hive, Hive::CurrentUser);
    }

    #[test]
    fn store_alias_stubs() {
        let apps = r"C:\Users\me\AppData\Local\Microsoft\WindowsApps";
        for name in ["python.exe", "python3.exe", "python3.12.exe", "PYTHON.EXE"] {
            let path = PathBuf::from(format!("{apps}\\{name}"));
            assert!(is_store_alias_stub(&path, Some(0)), "{name}");
            assert!(is_store_alias_stub(&path, None), "{name}");
            assert!(
                !is_store_alias_stub(&path, Some(102_400)),
                "{name}: a real file"
            );
        }
        let package =
            format!(r"{apps}\PythonSoftwareFoundation.Python.3.12_qbz5n2kfra8p0\python.exe");
        assert!(!is_store_alias_stub(Path::new(&package), Some(0)));
        assert!(!is_store_alias_stub(
            Path::new(r"C:\Python312\python.exe"),
            Some(0)
        ));
        assert!(!is_store_alias_stub(
            Path::new(&format!("{apps}\\pip.exe")),
            Some(0)
        ));
        assert!(!is_store_alias_stub(Path::new("python.exe"), Some(0)));
    }

    fn reg(key: &str, exe: &str, version: Option<&str>) -> Registered {
        Registered {
            executable: PathBuf::from(exe),
            version: version.and_then(|v| v.parse().ok()),
            key: key.to_owned(),
            hive: Hive::CurrentUser,
        }
    }

    #[test]
    fn the_launchers_default_choice() {
        let list = [
            reg(r"ContinuumAnalytics\Anaconda39-64", "conda", Some("3.9.18")),
            reg(r"PythonCore\3.12-32", "p312-32", Some("3.12.8")),
            reg(r"PythonCore\3.12", "p312", Some("3.12.8")),
            reg(r"PythonCore\3.13t", "p313t", Some("3.13.1")),
            reg(r"PythonCore\3.13", "p313", Some("3.13.1")),
            reg(r"PythonCore\3.1", "p31", None),
            reg(r"Astral\CPython3.14.0", "uv314", Some("3.14.0")),
        ];
        let pick = |request: Option<&str>| {
            launcher_default(&list, request).map(|r| r.executable.to_string_lossy().into_owned())
        };
        // PythonCore first, newest, never free-threaded by default.
        assert_eq!(pick(None).as_deref(), Some("p313"));
        assert_eq!(pick(Some("3")).as_deref(), Some("p313"));
        // 64-bit before 32-bit; an explicit -32 tag picks the 32-bit build.
        assert_eq!(pick(Some("3.12")).as_deref(), Some("p312"));
        assert_eq!(pick(Some("3.12-32")).as_deref(), Some("p312-32"));
        // `3.1` is the tag 3.1, not 3.12 or 3.13.
        assert_eq!(pick(Some("3.1")).as_deref(), Some("p31"));
        assert_eq!(pick(Some("3.13t")).as_deref(), Some("p313t"));
        assert_eq!(pick(Some(" 3.13 ")).as_deref(), Some("p313"));
        assert_eq!(pick(Some("2.7")), None);
        // Only other companies: the newest of them.
        assert_eq!(
            launcher_default(&list[..1], None).map(|r| r.key.as_str()),
            Some(r"ContinuumAnalytics\Anaconda39-64")
        );
        assert_eq!(launcher_default(&[], None), None);
    }
}
