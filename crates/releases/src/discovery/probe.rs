//! Starting an interpreter (once) to ask its version, and Django's.

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use super::Implementation;
use crate::error::{Error, Result};
use crate::version::Version;

/// What one start of an interpreter told us.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ProbeOutput {
    /// The Python version.
    pub python: Version,
    /// Django's version, when asked for and installed: `Some(None)` means asked, not installed.
    pub django: Option<Option<Version>>,
    /// PyPy or GraalPy when its banner says so (`[PyPy 7.3.17 …]`);
    /// `None` for CPython and when nothing says.
    pub implementation: Option<Implementation>,
}

/// A script that works on Python 2 and 3: prints `Python X.Y.Z`, the build
/// line of `sys.version` (where PyPy and GraalPy name themselves), and
/// `Django X.Y.Z` or `Django -`.
const DJANGO_PROBE: &str = "import sys\nprint('Python ' + sys.version.split()[0])\nprint('Build ' + ' '.join(sys.version.split()[1:]))\ntry:\n    import django\n    print('Django ' + django.__version__)\nexcept Exception:\n    print('Django -')\n";

/// Finds `Python X.Y.Z` in the output. Python 2 prints `--version` on stderr.
pub(crate) fn parse_version_output(stdout: &str, stderr: &str) -> Option<Version> {
    stdout
        .lines()
        .chain(stderr.lines())
        .filter_map(|line| line.trim().strip_prefix("Python "))
        .find_map(|rest| rest.split_whitespace().next()?.parse().ok())
}

/// The implementation an interpreter's banner names: PyPy's `--version`
/// and `sys.version` carry `[PyPy 7.3.17 with GCC …]`, GraalPy's `[Graal, …]`.
pub(crate) fn parse_implementation(stdout: &str, stderr: &str) -> Option<Implementation> {
    let said = |needle: &str| stdout.contains(needle) || stderr.contains(needle);
    if said("[PyPy ") {
        Some(Implementation::PyPy)
    } else if said("[Graal") || said("GraalPy") {
        Some(Implementation::GraalPy)
    } else {
        None
    }
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
///
/// The `timeout` bounds the whole probe, reading included: an interpreter
/// that hangs, or that answers and exits but leaves a process of its own
/// holding its output open (a wrapper that starts a daemon), is stopped at
/// the deadline. On Unix the interpreter starts in a process group of its own
/// and the whole group is killed then, so nothing it started lingers; a
/// process that left the group (`setsid`) is not reached, but we stop reading
/// and close our ends of its pipes. On other platforms only the interpreter
/// itself is killed (no job object), and reading stops at the deadline too.
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
    command
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .env("PYTHONDONTWRITEBYTECODE", "1");
    #[cfg(unix)]
    std::os::unix::process::CommandExt::process_group(&mut command, 0);
    let mut child = command
        .spawn()
        .map_err(|e| fail(format!("cannot start: {e}")))?;
    // A timeout too long for the clock means no deadline worth having: a day.
    let deadline = Instant::now()
        .checked_add(timeout)
        .unwrap_or_else(|| Instant::now() + Duration::from_secs(24 * 3600));
    let complete = |out: &[u8], err: &[u8]| {
        let (out, err) = (String::from_utf8_lossy(out), String::from_utf8_lossy(err));
        parse_version_output(&out, &err).is_some()
            && (!want_django || parse_django_output(&out).is_some())
    };
    let captured = capture::collect(&mut child, deadline, &complete);
    let stdout = String::from_utf8_lossy(&captured.stdout);
    let stderr = String::from_utf8_lossy(&captured.stderr);
    let status = match captured.ending {
        capture::Ending::Exited(status) => status,
        capture::Ending::Abandoned(status) => {
            // Done once the answer is in, even if a child of the interpreter
            // still holds the pipes (it was ended with the group).
            if complete(captured.stdout.as_slice(), captured.stderr.as_slice()) {
                status
            } else {
                return Err(fail(format!(
                    "exited ({status}) but a process it started kept its output open, with no version within {} ms; stopped them",
                    timeout.as_millis()
                )));
            }
        }
        capture::Ending::TimedOut => {
            return Err(fail(format!(
                "no answer within {} ms; stopped it",
                timeout.as_millis()
            )));
        }
        capture::Ending::Failed(e) => return Err(fail(format!("waiting for it: {e}"))),
    };
    let Some(python) = parse_version_output(&stdout, &stderr) else {
        let said = stderr
            .lines()
            .chain(stdout.lines())
            .find(|l| !l.trim().is_empty())
            .unwrap_or("nothing");
        let said: String = said.chars().take(200).collect();
        return Err(fail(format!(
            "exited with {status} and no version (it said: {said:?})"
        )));
    };
    let django = if want_django {
        Some(parse_django_output(&stdout).flatten())
    } else {
        None
    };
    Ok(ProbeOutput {
        python,
        django,
        implementation: parse_implementation(&stdout, &stderr),
    })
}

/// Reading a child's two pipes under a deadline, and ending it (and on Unix
/// its process group) when the deadline passes.
mod capture {
    use std::process::{Child, ExitStatus};
    use std::time::Instant;

    /// At most this much of each pipe is kept (the rest is read and dropped,
    /// so a chatty child never blocks on a full pipe).
    pub(super) const CAP: usize = 64 * 1024;

    /// How a capture ended.
    pub(super) enum Ending {
        /// The child exited and both pipes closed.
        Exited(ExitStatus),
        /// The child exited but its pipes stayed open (a process it started
        /// holds them): reading stopped once the answer was in, or at the
        /// deadline, and the process group was ended.
        Abandoned(ExitStatus),
        /// The deadline passed before the child exited: it was killed.
        TimedOut,
        /// Waiting for the child failed.
        Failed(std::io::Error),
    }

    /// What was read and how it ended.
    pub(super) struct Captured {
        pub stdout: Vec<u8>,
        pub stderr: Vec<u8>,
        pub ending: Ending,
    }

    fn keep(buffer: &mut Vec<u8>, chunk: &[u8]) {
        let room = CAP.saturating_sub(buffer.len());
        buffer.extend_from_slice(&chunk[..chunk.len().min(room)]);
    }

    /// Ends the child and, on Unix, every process still in its group.
    fn end(child: &mut Child) {
        #[cfg(unix)]
        if let Some(pid) = i32::try_from(child.id())
            .ok()
            .and_then(rustix::process::Pid::from_raw)
        {
            let _ = rustix::process::kill_process_group(pid, rustix::process::Signal::KILL);
        }
        let _ = child.kill();
        let _ = child.wait();
    }

    /// Reads both pipes with poll(2) until the child exited and both closed,
    /// or it exited and `complete` holds, or the deadline.
    #[cfg(unix)]
    pub(super) fn collect(
        child: &mut Child,
        deadline: Instant,
        complete: &dyn Fn(&[u8], &[u8]) -> bool,
    ) -> Captured {
        use rustix::event::{PollFd, PollFlags, Timespec, poll};
        use std::io::Read;
        use std::time::Duration;

        let mut out_pipe = child.stdout.take();
        let mut err_pipe = child.stderr.take();
        let (mut stdout, mut stderr) = (Vec::new(), Vec::new());
        let mut status = None;
        let mut chunk = [0u8; 8192];
        let ending = loop {
            if status.is_none() {
                match child.try_wait() {
                    Ok(s) => status = s,
                    Err(e) => {
                        end(child);
                        break Ending::Failed(e);
                    }
                }
            }
            let open = out_pipe.is_some() || err_pipe.is_some();
            match status {
                Some(s) if !open => break Ending::Exited(s),
                Some(s) if complete(&stdout, &stderr) => {
                    end(child);
                    break Ending::Abandoned(s);
                }
                _ => {}
            }
            let now = Instant::now();
            if now >= deadline {
                end(child);
                break match status {
                    Some(s) => Ending::Abandoned(s),
                    None => Ending::TimedOut,
                };
            }
            // Wake at least every 10 ms to notice the child's exit.
            let slice = (deadline - now).min(Duration::from_millis(10));
            if !open {
                std::thread::sleep(slice);
                continue;
            }
            let timeout = Timespec::try_from(slice).unwrap_or_default();
            let events = PollFlags::IN | PollFlags::HUP | PollFlags::ERR;
            let (ready_out, ready_err) = {
                let mut fds: Vec<PollFd<'_>> = Vec::with_capacity(2);
                if let Some(p) = &out_pipe {
                    fds.push(PollFd::new(p, events));
                }
                if let Some(p) = &err_pipe {
                    fds.push(PollFd::new(p, events));
                }
                if poll(&mut fds, Some(&timeout)).is_err() {
                    (false, false)
                } else {
                    let mut ready = fds.iter().map(|f| !f.revents().is_empty());
                    (
                        out_pipe.is_some() && ready.next().unwrap_or(false),
                        err_pipe.is_some() && ready.next().unwrap_or(false),
                    )
                }
            };
            if ready_out && let Some(pipe) = out_pipe.as_mut() {
                match pipe.read(&mut chunk) {
                    Ok(0) | Err(_) => out_pipe = None,
                    Ok(n) => keep(&mut stdout, &chunk[..n]),
                }
            }
            if ready_err && let Some(pipe) = err_pipe.as_mut() {
                match pipe.read(&mut chunk) {
                    Ok(0) | Err(_) => err_pipe = None,
                    Ok(n) => keep(&mut stderr, &chunk[..n]),
                }
            }
        };
        Captured {
            stdout,
            stderr,
            ending,
        }
    }

    /// Reads both pipes on threads that hand over chunks, until the child
    /// exited and both closed, or it exited and `complete` holds, or the
    /// deadline; a thread still blocked on a pipe another process holds is
    /// left behind and ends when that pipe closes.
    #[cfg(not(unix))]
    pub(super) fn collect(
        child: &mut Child,
        deadline: Instant,
        complete: &dyn Fn(&[u8], &[u8]) -> bool,
    ) -> Captured {
        use std::io::Read;
        use std::sync::mpsc;
        use std::time::Duration;

        let (sender, receiver) = mpsc::channel::<(bool, Option<Vec<u8>>)>();
        let spawn = |pipe: Option<Box<dyn Read + Send>>, is_out: bool| {
            let sender = sender.clone();
            if let Some(mut pipe) = pipe {
                std::thread::spawn(move || {
                    let mut chunk = [0u8; 8192];
                    loop {
                        match pipe.read(&mut chunk) {
                            Ok(0) | Err(_) => {
                                let _ = sender.send((is_out, None));
                                return;
                            }
                            Ok(n) => {
                                if sender.send((is_out, Some(chunk[..n].to_vec()))).is_err() {
                                    return;
                                }
                            }
                        }
                    }
                });
                true
            } else {
                false
            }
        };
        let mut open_out = spawn(child.stdout.take().map(|p| Box::new(p) as _), true);
        let mut open_err = spawn(child.stderr.take().map(|p| Box::new(p) as _), false);
        drop(sender);
        let (mut stdout, mut stderr) = (Vec::new(), Vec::new());
        let mut status = None;
        let ending = loop {
            if status.is_none() {
                match child.try_wait() {
                    Ok(s) => status = s,
                    Err(e) => {
                        end(child);
                        break Ending::Failed(e);
                    }
                }
            }
            match status {
                Some(s) if !open_out && !open_err => break Ending::Exited(s),
                Some(s) if complete(&stdout, &stderr) => {
                    end(child);
                    break Ending::Abandoned(s);
                }
                _ => {}
            }
            let now = Instant::now();
            if now >= deadline {
                end(child);
                break match status {
                    Some(s) => Ending::Abandoned(s),
                    None => Ending::TimedOut,
                };
            }
            let slice = (deadline - now).min(Duration::from_millis(10));
            match receiver.recv_timeout(slice) {
                Ok((true, Some(c))) => keep(&mut stdout, &c),
                Ok((false, Some(c))) => keep(&mut stderr, &c),
                Ok((true, None)) => open_out = false,
                Ok((false, None)) => open_err = false,
                Err(_) => {}
            }
        };
        Captured {
            stdout,
            stderr,
            ending,
        }
    }
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
