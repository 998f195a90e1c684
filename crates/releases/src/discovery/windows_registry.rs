//! The real Windows registry behind [`Pep514Registry`] (Windows only).
//!
//! Keys are opened read-only; the 64-bit and 32-bit views of
//! `HKEY_LOCAL_MACHINE` are chosen with `KEY_WOW64_64KEY` / `KEY_WOW64_32KEY`
//! as the `py` launcher does, so a 32-bit build of Toolcup still sees the
//! 64-bit installs. What is listed is bounded: a registry that lists more
//! companies or tags than anyone installs is cut at [`MAX_KEYS`], and a value
//! that is not a string (or not valid UTF-16) is treated as absent.

use std::path::PathBuf;

use windows_registry::{CURRENT_USER, Key, LOCAL_MACHINE};

use super::pep514::{Hive, Pep514Registry, Pep514Values};

/// `KEY_WOW64_64KEY`: open the 64-bit view of the registry.
const KEY_WOW64_64KEY: u32 = 0x0100;
/// `KEY_WOW64_32KEY`: open the 32-bit view (`WOW6432Node`).
const KEY_WOW64_32KEY: u32 = 0x0200;
/// At most this many companies per hive and tags per company are read.
pub const MAX_KEYS: usize = 256;

/// The registry of the running Windows session.
#[derive(Clone, Copy, Debug, Default)]
pub struct WindowsRegistry;

fn open(hive: Hive, path: &str) -> Option<Key> {
    let (root, view) = match hive {
        Hive::CurrentUser => (CURRENT_USER, 0),
        Hive::LocalMachine64 => (LOCAL_MACHINE, KEY_WOW64_64KEY),
        Hive::LocalMachine32 => (LOCAL_MACHINE, KEY_WOW64_32KEY),
    };
    root.options().read().access(view).open(path).ok()
}

fn subkeys(key: &Key) -> Vec<String> {
    key.keys()
        .map(|names| names.take(MAX_KEYS).collect())
        .unwrap_or_default()
}

fn string(key: &Key, name: &str) -> Option<String> {
    key.get_string(name)
        .ok()
        .map(|s| s.trim_end_matches('\0').to_owned())
        .filter(|s| !s.is_empty())
}

impl Pep514Registry for WindowsRegistry {
    fn companies(&self, hive: Hive) -> Vec<String> {
        open(hive, r"Software\Python")
            .map(|key| subkeys(&key))
            .unwrap_or_default()
    }

    fn tags(&self, hive: Hive, company: &str) -> Vec<String> {
        open(hive, &format!(r"Software\Python\{company}"))
            .map(|key| subkeys(&key))
            .unwrap_or_default()
    }

    fn values(&self, hive: Hive, company: &str, tag: &str) -> Option<Pep514Values> {
        let key = open(hive, &format!(r"Software\Python\{company}\{tag}"))?;
        let install = key.open("InstallPath").ok();
        Some(Pep514Values {
            install_path: install
                .as_ref()
                .and_then(|k| string(k, ""))
                .map(PathBuf::from),
            executable_path: install
                .as_ref()
                .and_then(|k| string(k, "ExecutablePath"))
                .map(PathBuf::from),
            sys_version: string(&key, "SysVersion"),
            version: string(&key, "Version"),
        })
    }
}
