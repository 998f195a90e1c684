//! What the hostile-input tests share: the binary under a small stack and a
//! wall-clock bound.

use std::path::PathBuf;
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

/// The stack the crash classes run under, in KiB: the 1 MiB of Windows' main
/// thread, well under Linux's usual 8 MiB.
pub const SMALL_STACK_KIB: u32 = 1024;

/// The `toolcup` binary in the target folder (`scripts/test` builds it first).
#[allow(deprecated)] // cargo_bin's replacement needs the binary in this package
pub fn toolcup_path() -> PathBuf {
    assert_cmd::cargo::cargo_bin("toolcup")
}

/// `toolcup ARGS` as a command (stdin closed unless set later).
pub fn toolcup<I, S>(args: I) -> Command
where
    I: IntoIterator<Item = S>,
    S: AsRef<std::ffi::OsStr>,
{
    let mut cmd = Command::new(toolcup_path());
    cmd.args(args).stdin(Stdio::null());
    cmd.env_remove("TOOLCUP_LOG").env("NO_COLOR", "1");
    cmd
}

/// `toolcup ARGS` on Windows, whose main thread already has a 1 MiB stack.
#[cfg(not(unix))]
pub fn toolcup_small_stack<I, S>(args: I) -> Command
where
    I: IntoIterator<Item = S>,
    S: AsRef<std::ffi::OsStr>,
{
    toolcup(args)
}

/// `toolcup ARGS` under `ulimit -s 1024` (on Unix, where `sh` sets it before
/// the binary starts, so the main thread gets 1 MiB as on Windows).
#[cfg(unix)]
pub fn toolcup_small_stack<I, S>(args: I) -> Command
where
    I: IntoIterator<Item = S>,
    S: AsRef<std::ffi::OsStr>,
{
    let mut cmd = Command::new("sh");
    cmd.arg("-c")
        .arg(format!("ulimit -s {SMALL_STACK_KIB} && exec \"$0\" \"$@\""))
        .arg(toolcup_path())
        .args(args)
        .stdin(Stdio::null());
    cmd.env_remove("TOOLCUP_LOG").env("NO_COLOR", "1");
    cmd
}

/// Runs a command to its end, killing it after `limit`; panics (failing the
/// test) with the command's name if it outlives the limit, so a hang is a
/// failure and never a stuck test run.
pub fn run_bounded(cmd: &mut Command, limit: Duration) -> Output {
    let mut child = cmd
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the command starts");
    // Drain both pipes while waiting: a child that writes more than a pipe
    // holds would otherwise block forever.
    let drain = |pipe: Option<Box<dyn std::io::Read + Send>>| {
        std::thread::spawn(move || {
            let mut bytes = Vec::new();
            if let Some(mut pipe) = pipe {
                let _ = pipe.read_to_end(&mut bytes);
            }
            bytes
        })
    };
    let stdout = drain(child.stdout.take().map(|p| Box::new(p) as _));
    let stderr = drain(child.stderr.take().map(|p| Box::new(p) as _));
    let started = Instant::now();
    let status = loop {
        match child.try_wait().expect("waiting on the child works") {
            Some(status) => break status,
            None if started.elapsed() > limit => {
                let _ = child.kill();
                let _ = child.wait();
                panic!("{cmd:?} still ran after {limit:?}");
            }
            None => std::thread::sleep(Duration::from_millis(20)),
        }
    };
    Output {
        status,
        stdout: stdout.join().expect("stdout is read"),
        stderr: stderr.join().expect("stderr is read"),
    }
}

/// Asserts that a run ended with a clear, one-line error: the given exit
/// code, no panic or backtrace, and a single `toolcup: ` line on stderr.
pub fn assert_one_line_error(output: &Output, code: i32) {
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(code), "stderr: {stderr}");
    assert!(!stderr.contains("panicked"), "panic: {stderr}");
    assert!(
        !stderr.contains("RUST_BACKTRACE"),
        "backtrace hint: {stderr}"
    );
    let lines: Vec<&str> = stderr.lines().filter(|l| !l.trim().is_empty()).collect();
    assert_eq!(lines.len(), 1, "one line expected: {stderr}");
}

/// Runs a command with `input` on its stdin, killing it after `limit` as
/// [`run_bounded`] does. Stdin is written and stdout and stderr are read on
/// threads of their own, so a command that answers while it reads never
/// blocks on a full pipe; a command that stops reading early is fine too.
pub fn run_bounded_with_stdin(cmd: &mut Command, input: Vec<u8>, limit: Duration) -> Output {
    use std::io::{Read, Write};
    let mut child = cmd
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the command starts");
    let mut stdin = child.stdin.take().expect("stdin is piped");
    let writer = std::thread::spawn(move || {
        // The command may exit before reading everything: not a failure here.
        let _ = stdin.write_all(&input);
    });
    let read_all = |mut pipe: Box<dyn Read + Send>| {
        std::thread::spawn(move || {
            let mut bytes = Vec::new();
            let _ = pipe.read_to_end(&mut bytes);
            bytes
        })
    };
    let stdout = read_all(Box::new(child.stdout.take().expect("stdout is piped")));
    let stderr = read_all(Box::new(child.stderr.take().expect("stderr is piped")));
    let started = Instant::now();
    let status = loop {
        match child.try_wait().expect("waiting on the child works") {
            Some(status) => break status,
            None if started.elapsed() > limit => {
                let _ = child.kill();
                let _ = child.wait();
                panic!("{cmd:?} still ran after {limit:?}");
            }
            None => std::thread::sleep(Duration::from_millis(20)),
        }
    };
    let _ = writer.join();
    Output {
        status,
        stdout: stdout.join().expect("stdout reader"),
        stderr: stderr.join().expect("stderr reader"),
    }
}
