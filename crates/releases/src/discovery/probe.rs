//! Starting an interpreter (once) to ask its version, and Django's.

use std::io::Read;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::error::{Error, Result};
use crate::version::Version;

/// What one start of an interpreter told us.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ProbeOutput {
    /// The Python version.
    pub python: Version,
    /// Django's version, when asked for and installed: `Some(None)` means asked, not installed.
    pub django: Option<Option<Version>>,
}

/// A script that works on Python 2 and 3: prints `Python X.Y.Z` and `Django X.Y.Z` or `Django -`.
const DJANGO_PROBE: &str = "import sys\nprint('Python ' + sys.version.split()[0])\ntry:\n    import django\n    print('Django ' + django.__version__)\nexcept Exception:\n    print('Django -')\n";

/// Finds `Python X.Y.Z` in the output. Python 2 prints `--version` on stderr.
pub(crate) fn parse_version_output(stdout: &str, stderr: &str) -> Option<Version> {
    stdout
        .lines()
        .chain(stderr.lines())
        .filter_map(|line| line.trim().strip_prefix("Python "))
        .find_map(|rest| rest.split_whitespace().next()?.parse().ok())
}

/// Finds `Django X.Y.Z` (or `Django -`) in the probe's output.
fn parse_django_output(stdout: &str) -> Option<Option<Version>> {
    stdout
        .lines()
        .filter_map(|line| line.trim().strip_prefix("Django "))
        .map(|rest| rest.trim().parse().ok())
        .next()
}

/// Runs `interpreter` once: `--version`, or a short script when Django is wanted.
/// Kills it after `timeout`.
pub fn probe(interpreter: &Path, want_django: bool, timeout: Duration) -> Result<ProbeOutput> {
    let fail = |reason: String| Error::Interpreter {
        path: interpreter.to_owned(),
        reason,
    };
    let mut command = Command::new(interpreter);
    if want_django {
        command.args(["-c", DJANGO_PROBE]);
    } else {
        command.arg("--version");
    }
    let mut child = command
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .env("PYTHONDONTWRITEBYTECODE", "1")
        .spawn()
        .map_err(|e| fail(format!("cannot start: {e}")))?;
    // Read both pipes on threads so a chatty child never blocks on a full pipe.
    let mut stdout = child.stdout.take();
    let mut stderr = child.stderr.take();
    let out_thread = std::thread::spawn(move || read_capped(stdout.as_mut()));
    let err_thread = std::thread::spawn(move || read_capped(stderr.as_mut()));
    let deadline = Instant::now() + timeout;
    let status = loop {
        match child.try_wait() {
            Ok(Some(status)) => break status,
            Ok(None) if Instant::now() >= deadline => {
                let _ = child.kill();
                let _ = child.wait();
                return Err(fail(format!(
                    "no answer within {} ms; stopped it",
                    timeout.as_millis()
                )));
            }
            Ok(None) => std::thread::sleep(Duration::from_millis(1)),
            Err(e) => return Err(fail(format!("waiting for it: {e}"))),
        }
    };
    let stdout = out_thread.join().unwrap_or_default();
    let stderr = err_thread.join().unwrap_or_default();
    let Some(python) = parse_version_output(&stdout, &stderr) else {
        let said = stderr
            .lines()
            .chain(stdout.lines())
            .find(|l| !l.trim().is_empty())
            .unwrap_or("nothing");
        return Err(fail(format!(
            "exited with {status} and no version (it said: {said:?})"
        )));
    };
    let django = if want_django {
        Some(parse_django_output(&stdout).flatten())
    } else {
        None
    };
    Ok(ProbeOutput { python, django })
}

/// Reads at most 64 KiB of a pipe as lossy UTF-8.
fn read_capped(pipe: Option<&mut impl Read>) -> String {
    let mut buffer = Vec::new();
    if let Some(pipe) = pipe {
        let _ = pipe.take(64 * 1024).read_to_end(&mut buffer);
    }
    String::from_utf8_lossy(&buffer).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_stdout_or_stderr() {
        assert_eq!(
            parse_version_output("Python 3.12.1\n", ""),
            Some(Version::new(3, 12, 1))
        );
        assert_eq!(
            parse_version_output("", "Python 2.7.18\n"),
            Some(Version::new(2, 7, 18))
        );
        assert_eq!(
            parse_version_output("Python 3.14.0a1+\n", "")
                .map(|v| v.to_string())
                .as_deref(),
            Some("3.14.0a1")
        );
        assert_eq!(
            parse_version_output("pyenv: python: command not found", ""),
            None
        );
        assert_eq!(
            parse_django_output("Python 3.12.1\nDjango 5.2.1\n"),
            Some(Some(Version::new(5, 2, 1)))
        );
        assert_eq!(parse_django_output("Python 3.12.1\nDjango -\n"), Some(None));
    }
}
