//! Looking a command up on `PATH` as Windows does (`PATHEXT`, in order,
//! case-insensitive file names): real Windows file semantics, so this runs
//! on Windows and under Wine (`scripts/test-windows`) only.
#![cfg(windows)]
#![allow(clippy::unwrap_used)]

use std::path::Path;

use toolcup_releases::discovery::Environment;

fn touch(path: &Path) {
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, b"MZ not really").unwrap();
}

#[test]
fn pathext_order_and_batch_wrappers() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join(".pyenv").join("pyenv-win");
    let shims = root.join("shims");
    let wrappers = dir.path().join("wrappers");
    let bin = dir.path().join("bin");
    touch(&shims.join("python.bat"));
    touch(&wrappers.join("python.cmd"));
    touch(&bin.join("PYTHON.EXE"));
    let mut env = Environment {
        path: std::env::join_paths([&wrappers, &shims, &bin]).unwrap(),
        cwd: dir.path().to_owned(),
        pathext: ".COM;.EXE;.BAT;.CMD".to_owned(),
        ..Environment::default()
    };
    // Without pyenv, both wrappers are passed over: python.exe is the first real executable.
    let found = env.which("python").unwrap();
    assert!(found.starts_with(&bin), "{}", found.display());
    // pyenv-win's shim is found (it is resolved by pyenv's rules, not run);
    // the unrelated .cmd wrapper before it is still passed over.
    env.pyenv_root = Some(root.clone());
    // (Named with PATHEXT's case, `python.BAT`: the same file on Windows.)
    let same = |a: &Path, b: &Path| {
        a.to_string_lossy().to_lowercase() == b.to_string_lossy().to_lowercase()
    };
    let shim = env.which("python").unwrap();
    assert!(same(&shim, &shims.join("python.bat")), "{}", shim.display());
    // PATHEXT without .BAT: the shim is not a command at all.
    env.pathext = ".EXE".to_owned();
    assert!(env.which("python").unwrap().starts_with(&bin));
    // An executable earlier in PATHEXT wins within one folder.
    touch(&bin.join("python3.com"));
    touch(&bin.join("python3.exe"));
    env.pathext = ".COM;.EXE".to_owned();
    let com = env.which("python3").unwrap();
    assert!(same(&com, &bin.join("python3.com")), "{}", com.display());
    assert!(env.which("python4").is_none());
}
