//! The real Windows registry through the PEP 514 reader: keys written under
//! `HKEY_CURRENT_USER\Software\Python\<test company>` are found with their
//! executable, version and key, and removed afterwards. Runs on Windows (and
//! under Wine: `scripts/test-windows`); compiled out elsewhere.
#![cfg(windows)]
#![allow(clippy::unwrap_used)]

use toolcup_releases::discovery::pep514::{Hive, launcher_default, registered_interpreters};
use toolcup_releases::discovery::windows_registry::WindowsRegistry;
use windows_registry::CURRENT_USER;

/// Removes the test company's keys when dropped, even after a failed assertion.
struct Company(String);

impl Drop for Company {
    fn drop(&mut self) {
        let _ = CURRENT_USER.remove_tree(format!(r"Software\Python\{}", self.0));
    }
}

fn exists(path: &std::path::Path) -> Option<u64> {
    std::fs::metadata(path)
        .ok()
        .filter(|m| m.is_file())
        .map(|m| m.len())
}

#[test]
fn registered_keys_are_read_from_the_registry() {
    let dir = tempfile::tempdir().unwrap();
    let company = Company(format!("ToolcupTest{}", std::process::id()));
    let base = format!(r"Software\Python\{}", company.0);
    // 3.98: InstallPath only (python.exe inside it); 3.99: ExecutablePath and Version.
    let folder = dir.path().join("Python398");
    std::fs::create_dir_all(&folder).unwrap();
    std::fs::write(folder.join("python.exe"), b"MZ not really").unwrap();
    let exe399 = dir.path().join("py399").join("python3.99.exe");
    std::fs::create_dir_all(exe399.parent().unwrap()).unwrap();
    std::fs::write(&exe399, b"MZ not really").unwrap();

    let key = CURRENT_USER
        .create(format!(r"{base}\3.98\InstallPath"))
        .unwrap();
    key.set_string("", folder.to_str().unwrap()).unwrap();
    let tag = CURRENT_USER.create(format!(r"{base}\3.99")).unwrap();
    tag.set_string("Version", "3.99.1").unwrap();
    tag.set_string("SysVersion", "3.99").unwrap();
    let install = CURRENT_USER
        .create(format!(r"{base}\3.99\InstallPath"))
        .unwrap();
    install
        .set_string("", dir.path().to_str().unwrap())
        .unwrap();
    install
        .set_string("ExecutablePath", exe399.to_str().unwrap())
        .unwrap();
    // A tag whose interpreter does not exist is skipped.
    let gone = CURRENT_USER
        .create(format!(r"{base}\3.97\InstallPath"))
        .unwrap();
    gone.set_string("", dir.path().join("nowhere").to_str().unwrap())
        .unwrap();

    let found = registered_interpreters(&WindowsRegistry, &exists);
    let ours: Vec<_> = found
        .iter()
        .filter(|r| r.key.starts_with(&company.0))
        .collect();
    assert_eq!(ours.len(), 2, "{found:?}");
    let by_tag = |tag: &str| {
        ours.iter()
            .find(|r| r.key == format!(r"{}\{tag}", company.0))
            .unwrap()
    };
    let r398 = by_tag("3.98");
    assert_eq!(r398.executable, folder.join("python.exe"));
    assert_eq!((r398.version, r398.hive), (None, Hive::CurrentUser));
    let r399 = by_tag("3.99");
    assert_eq!(r399.executable, exe399);
    assert_eq!(r399.version, Some("3.99.1".parse().unwrap()));
    // With only these registered (no PythonCore), the launcher picks the newest tag.
    let only: Vec<_> = ours.into_iter().cloned().collect();
    assert_eq!(
        launcher_default(&only, None).map(|r| r.executable.clone()),
        Some(exe399.clone())
    );
}
