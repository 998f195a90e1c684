//! `toolcup releases scan` on hostile repositories (issue 12's standard):
//! symbolic-link loops and links out of the tree, FIFOs, sockets and devices
//! (never opened for reading), huge and sparse files (read with a size cap),
//! deep nesting of folders, TOML, YAML and tox braces, file names and contents
//! that are not UTF-8, binary files, and control characters in names and pins,
//! which every output format escapes. Each class has many inputs; every run
//! ends within a time bound, under a 1 MiB stack, with exit 0 and the
//! unreadable files named on stderr.
#![cfg(unix)]

use std::os::unix::ffi::OsStrExt;
use std::os::unix::fs::symlink;
use std::path::Path;
use std::process::Output;
use std::time::Duration;

use crate::util::{run_bounded_with_stdin, toolcup_small_stack};

const LIMIT: Duration = Duration::from_secs(30);

/// Scans `dir` under a 1 MiB stack in the given format, within [`LIMIT`].
fn scan(dir: &Path, format: &[&str]) -> Output {
    let cache = dir.join(".toolcup-cache-unused");
    let mut cmd = toolcup_small_stack(["releases", "scan"]);
    cmd.arg(dir)
        .args(format)
        .env("TOOLCUP_TODAY", "2026-11-25")
        .env("TOOLCUP_CACHE_DIR", cache);
    run_bounded_with_stdin(&mut cmd, Vec::new(), LIMIT)
}

/// Every format ends with exit 0, no panic, stdout free of raw control
/// characters (but newlines), and valid JSON and SARIF. Returns the table.
fn scan_all_formats(dir: &Path) -> (String, String) {
    let mut table = String::new();
    let mut stderr_text = String::new();
    for format in [&[][..], &["--json"], &["--markdown"], &["--sarif"]] {
        let output = scan(dir, format);
        let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
        assert_eq!(output.status.code(), Some(0), "{format:?}: {stderr}");
        assert!(!stderr.contains("panicked"), "{stderr}");
        let stdout = std::str::from_utf8(&output.stdout).expect("stdout is UTF-8");
        assert!(
            !stdout.chars().any(|c| c.is_control() && c != '\n'),
            "{format:?} printed a control character: {stdout:?}"
        );
        assert!(
            !stderr.chars().any(|c| c.is_control() && c != '\n'),
            "stderr holds a control character: {stderr:?}"
        );
        if format
            .first()
            .is_some_and(|f| *f == "--json" || *f == "--sarif")
        {
            serde_json::from_str::<serde_json::Value>(stdout).expect("valid JSON");
        }
        if format.is_empty() {
            table = stdout.to_owned();
            stderr_text = stderr;
        }
    }
    (table, stderr_text)
}

fn write(path: &Path, bytes: &[u8]) {
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).expect("folder");
    }
    std::fs::write(path, bytes).expect("write");
}

#[test]
fn symlink_loops_and_links_out_of_the_tree_are_not_followed() {
    let dir = tempfile::tempdir().expect("temp dir");
    let root = dir.path();
    write(&root.join("a/b/.python-version"), b"3.9\n");
    symlink(root, root.join("a/b/up")).expect("link to the root");
    symlink("..", root.join("a/parent")).expect("relative link up");
    symlink("self", root.join("self")).expect("link to itself");
    symlink("loop2", root.join("loop1")).expect("chain");
    symlink("loop1", root.join("loop2")).expect("chain");
    symlink("/", root.join("slash")).expect("link to /");
    symlink("/proc/self/cwd", root.join("cwd")).expect("link through /proc");
    for (name, target) in [
        (".python-version", "/dev/zero"),
        ("runtime.txt", "/dev/urandom"),
        ("pyproject.toml", "/etc/passwd"),
        ("requirements.txt", "/proc/self/environ"),
        ("Dockerfile", "missing-target"),
        ("setup.cfg", "setup.cfg"),
    ] {
        symlink(target, root.join("links").join(name)).unwrap_or_else(|_| {
            std::fs::create_dir_all(root.join("links")).expect("folder");
            symlink(target, root.join("links").join(name)).expect("link");
        });
    }
    let (table, stderr) = scan_all_formats(root);
    assert!(table.contains("a/b/.python-version:1"), "{table}");
    assert_eq!(table.matches(".python-version:1").count(), 1, "{table}");
    for name in [
        ".python-version",
        "runtime.txt",
        "pyproject.toml",
        "requirements.txt",
        "Dockerfile",
        "setup.cfg",
    ] {
        assert!(
            stderr.contains(&format!("links/{name}: a symbolic link, not followed")),
            "{name}: {stderr}"
        );
    }
}

#[test]
fn fifos_sockets_and_devices_are_never_opened() {
    let dir = tempfile::tempdir().expect("temp dir");
    let root = dir.path();
    let names = [
        ".python-version",
        "pyproject.toml",
        "requirements.txt",
        "requirements/dev.txt",
        ".github/workflows/ci.yml",
        "Dockerfile",
        "uv.lock",
        "tox.ini",
        "environment.yml",
        "noxfile.py",
    ];
    for name in names {
        let path = root.join("fifo").join(name);
        std::fs::create_dir_all(path.parent().expect("parent")).expect("folder");
        let made = std::process::Command::new("mkfifo")
            .arg(&path)
            .status()
            .expect("mkfifo runs");
        assert!(made.success());
    }
    let socket = std::os::unix::net::UnixListener::bind(root.join("sock/setup.cfg").as_path());
    if socket.is_err() {
        std::fs::create_dir_all(root.join("sock")).expect("folder");
    }
    let _socket =
        std::os::unix::net::UnixListener::bind(root.join("sock/setup.cfg")).expect("socket");
    // Devices need CAP_MKNOD (root in CI); without it the FIFOs stand in.
    let device = std::process::Command::new("mknod")
        .arg(root.join("sock/Pipfile"))
        .args(["c", "1", "5"])
        .status()
        .is_ok_and(|s| s.success());
    if !device {
        eprintln!("note: mknod is not allowed here; the device input is skipped");
    }
    write(&root.join("ok/.python-version"), b"3.13\n");
    let (table, stderr) = scan_all_formats(root);
    assert!(table.contains("ok/.python-version:1"), "{table}");
    for name in names {
        assert!(
            stderr.contains(&format!("fifo/{name}: not a regular file")),
            "{name}: {stderr}"
        );
    }
    assert!(
        stderr.contains("sock/setup.cfg: not a regular file"),
        "{stderr}"
    );
    if device {
        assert!(
            stderr.contains("sock/Pipfile: not a regular file"),
            "{stderr}"
        );
    }
}

#[test]
fn huge_and_sparse_files_are_read_with_a_cap() {
    let dir = tempfile::tempdir().expect("temp dir");
    let root = dir.path();
    // Over the caps: 2 MiB for pin files, 32 MiB for lock files.
    let mut big = b"[project]\nrequires-python = \">=3.8\"\n".to_vec();
    big.resize(3 * 1024 * 1024, b'#');
    write(&root.join("big/pyproject.toml"), &big);
    write(
        &root.join("big/requirements.txt"),
        &b"Django==4.2\n".repeat(300_000),
    );
    write(
        &root.join("big/.python-version"),
        &b"3.12\n".repeat(500_000),
    );
    for (name, len) in [
        ("uv.lock", 10u64 << 30),
        ("poetry.lock", 40 << 20),
        ("Dockerfile", 1 << 40),
    ] {
        let path = root.join("sparse").join(name);
        std::fs::create_dir_all(path.parent().expect("parent")).expect("folder");
        let file = std::fs::File::create(&path).expect("create");
        file.set_len(len).expect("sparse file");
    }
    // Under the caps: read, with every pin.
    write(&root.join("fine/.python-version"), &b"3.13\n".repeat(1000));
    let (table, stderr) = scan_all_formats(root);
    for name in [
        "big/pyproject.toml",
        "big/requirements.txt",
        "big/.python-version",
    ] {
        assert!(
            stderr.contains(&format!("{name}: larger than 2 MiB, not read")),
            "{name}: {stderr}"
        );
    }
    for name in ["sparse/uv.lock", "sparse/poetry.lock"] {
        assert!(
            stderr.contains(&format!("{name}: larger than 32 MiB, not read")),
            "{name}: {stderr}"
        );
    }
    assert!(
        stderr.contains("sparse/Dockerfile: larger than 2 MiB"),
        "{stderr}"
    );
    assert_eq!(table.matches("fine/.python-version:").count(), 1000);
}

#[test]
fn deep_nesting_is_bounded() {
    let dir = tempfile::tempdir().expect("temp dir");
    let root = dir.path();
    // Folders: 200 deep (the walk stops at 64 and says so).
    let mut deep = root.join("deep");
    for _ in 0..200 {
        deep.push("d");
    }
    write(&deep.join(".python-version"), b"3.9\n");
    write(&root.join("deep/d/.python-version"), b"3.8\n");
    // TOML nested far past the parser's comfort.
    for (i, text) in [
        format!("a = {}{}\n", "[".repeat(200_000), "]".repeat(200_000)),
        format!("a = {}1{}\n", "{b = ".repeat(100_000), "}".repeat(100_000)),
        format!(
            "[project]\nrequires-python = \">=3.9\"\nx = {}\n",
            "[".repeat(500_000)
        ),
    ]
    .iter()
    .enumerate()
    {
        write(
            &root.join(format!("toml{i}/pyproject.toml")),
            text.as_bytes(),
        );
        write(&root.join(format!("toml{i}/mise.toml")), text.as_bytes());
        write(&root.join(format!("toml{i}/Pipfile")), text.as_bytes());
    }
    // YAML: deep indentation, huge flow lists, keys without end.
    let mut yaml = String::from("jobs:\n");
    for level in 0..1000 {
        yaml.push_str(&" ".repeat(level + 1));
        yaml.push_str("matrix:\n");
    }
    yaml.push_str(&" ".repeat(1001));
    yaml.push_str("python-version: [\"3.9\"\n");
    yaml.push_str(&"  \"3.10\",\n".repeat(100_000));
    write(&root.join(".github/workflows/deep.yml"), yaml.as_bytes());
    write(
        &root.join("conda/environment.yml"),
        "- - - - - python=3.9\n".repeat(50_000).as_bytes(),
    );
    // tox: brace bombs and endless env lists.
    let bomb = format!(
        "[tox]\nenvlist = py{}-django{}\n",
        "{38,39}".repeat(60),
        "{42,50}".repeat(60)
    );
    write(&root.join("tox/tox.ini"), bomb.as_bytes());
    write(
        &root.join("tox2/tox.ini"),
        format!("[tox]\nenvlist = {}\n", "py39,".repeat(300_000)).as_bytes(),
    );
    // nox: a python= that never closes.
    write(
        &root.join("nox/noxfile.py"),
        format!("@nox.session(python=[\n{}", "  \"3.9\",\n".repeat(100_000)).as_bytes(),
    );
    let (table, stderr) = scan_all_formats(root);
    assert!(stderr.contains("deeper than 64 folders"), "{stderr}");
    assert!(table.contains("deep/d/.python-version:1"), "{table}");
    for i in 0..2 {
        assert!(
            stderr.contains(&format!(
                "toml{i}/pyproject.toml: nested deeper than 64 levels"
            )),
            "{stderr}"
        );
    }
    assert!(table.contains(".github/workflows/deep.yml"), "{table}");
}

#[test]
fn names_and_contents_that_are_not_utf8_or_hold_control_characters_are_escaped() {
    let dir = tempfile::tempdir().expect("temp dir");
    let root = dir.path();
    let names: [&[u8]; 10] = [
        b"bad\xffname",
        b"\xc3\x28",
        b"\x1b[31mred\x1b[0m",
        b"new\nline",
        b"carriage\rreturn",
        b"bell\x07",
        b"tab\there",
        b"\xe2\x80\xaeevil",
        b"back\\slash",
        b"pipe|and`tick*",
    ];
    for name in names {
        let folder = root.join(std::ffi::OsStr::from_bytes(name));
        write(&folder.join(".python-version"), b"3.9.18\n");
    }
    // Contents: invalid UTF-8 around pins, escapes inside TOML strings.
    write(
        &root.join("content/.python-version"),
        b"\xff\xfe\n3.10\n\xc0\xaf\n",
    );
    write(
        &root.join("content/pyproject.toml"),
        b"[project]\nrequires-python = \">=3.8\\u001b[2J\\u202e\\n\"\n",
    );
    write(
        &root.join("content/requirements.txt"),
        b"Django==4.2.1\xff\n",
    );
    let (table, _) = scan_all_formats(root);
    for shown in [
        "bad\\xffname/.python-version:1",
        "\\xc3(/.python-version:1",
        "\\u{1b}[31mred\\u{1b}[0m/.python-version:1",
        "new\\nline/.python-version:1",
        "carriage\\rreturn/.python-version:1",
        "bell\\u{7}/.python-version:1",
        "tab\\there/.python-version:1",
        "\\u{202e}evil/.python-version:1",
        "back\\\\slash/.python-version:1",
        "content/.python-version:2",
        "content/pyproject.toml:2",
    ] {
        assert!(table.contains(shown), "{shown} not in {table}");
    }
    // Every escaped name is a row of its own: one line per finding.
    assert_eq!(table.matches("/.python-version:1").count(), names.len());
    let sarif = scan(root, &["--sarif"]);
    let sarif = String::from_utf8_lossy(&sarif.stdout);
    for uri in [
        "bad%FFname/.python-version",
        "%1B%5B31mred%1B%5B0m/.python-version",
        "new%0Aline/.python-version",
        "%E2%80%AEevil/.python-version",
    ] {
        assert!(sarif.contains(uri), "{uri} not in the SARIF");
    }
}

#[test]
fn binary_files_are_not_read() {
    let dir = tempfile::tempdir().expect("temp dir");
    let root = dir.path();
    let png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01\0\0\0\x01\x08\x06\0\0\0";
    let inputs: [(&str, &[u8]); 8] = [
        ("pyproject.toml", png),
        ("requirements.txt", b"Django==4.2\n\0\0\0"),
        (".python-version", b"3.9\0"),
        ("Dockerfile", b"\x7fELF\x02\x01\x01\0\0\0\0\0\0\0\0\0"),
        ("uv.lock", b"PK\x03\x04\x14\0\0\0\x08\0"),
        ("setup.py", b"\0\0\0\0\0\0\0\0"),
        ("environment.yml", b"\xff\xfe\0p\0y\0t\0h\0o\0n\0"),
        (".tool-versions", b"\xfe\xff\0p\0y"),
    ];
    for (name, bytes) in inputs {
        write(&root.join("bin").join(name), bytes);
    }
    write(&root.join("text/.python-version"), b"3.12\n");
    let (table, stderr) = scan_all_formats(root);
    assert!(table.contains("text/.python-version:1"), "{table}");
    for (name, _) in inputs {
        assert!(
            stderr.contains(&format!("bin/{name}: binary")),
            "{name}: {stderr}"
        );
    }
}
