//! Whether a native file dialog can open at all.
//!
//! rfd returns `None` both when the person cancels and when no dialog could
//! be shown. On Linux and the BSDs its dialogs come from the XDG desktop
//! portal over the D-Bus session bus, with `zenity` as its only fallback
//! (rfd 0.17 does not use kdialog); without either, every dialog "returns"
//! at once with nothing. The tabs ask here first and offer a path field of
//! their own instead.

use std::path::Path;
use std::process::{Command, Stdio};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

/// The D-Bus name of the desktop portal.
const PORTAL: &str = "org.freedesktop.portal.Desktop";

/// Why no native dialog can open, or `None` when one may (on macOS and
/// Windows always). Worked out once per process; asking the session bus
/// takes at most two seconds, so call it off the UI thread the first time.
pub fn unavailable_reason() -> Option<&'static str> {
    static REASON: OnceLock<Option<&'static str>> = OnceLock::new();
    *REASON.get_or_init(|| {
        if std::env::var_os("TOOLCUP_NO_FILE_DIALOG").is_some() {
            return Some("TOOLCUP_NO_FILE_DIALOG is set");
        }
        if cfg!(any(target_os = "macos", target_os = "windows")) {
            return None;
        }
        probe_unix(
            std::env::var_os("PATH").as_deref(),
            session_bus_exists(),
            portal_on_bus,
        )
    })
}

/// What a tab without a path field of its own says when no native dialog can open (see
/// [`unavailable_reason`]): why, and the two other ways in.
pub fn no_dialog_text(reason: &str, what: &str) -> String {
    format!(
        "No file dialog could open ({reason}): drop {what} on the window, or pass it when starting: toolcup PATH"
    )
}

/// The Linux/BSD rule: zenity on PATH, or a session bus whose portal is
/// there (or that cannot be asked: no bus tool installed, so we let rfd try).
fn probe_unix(
    path: Option<&std::ffi::OsStr>,
    bus: bool,
    portal: impl FnOnce() -> Option<bool>,
) -> Option<&'static str> {
    if on_path(path, "zenity") {
        return None;
    }
    if !bus {
        return Some("no D-Bus session bus (for the desktop portal) and no zenity on PATH");
    }
    match portal() {
        Some(false) => Some("no desktop portal on the session bus and no zenity on PATH"),
        Some(true) | None => None,
    }
}

fn on_path(path: Option<&std::ffi::OsStr>, program: &str) -> bool {
    path.is_some_and(|path| std::env::split_paths(path).any(|dir| dir.join(program).is_file()))
}

/// A session bus address is set, or the usual socket exists.
fn session_bus_exists() -> bool {
    if std::env::var_os("DBUS_SESSION_BUS_ADDRESS").is_some_and(|a| !a.is_empty()) {
        return true;
    }
    std::env::var_os("XDG_RUNTIME_DIR").is_some_and(|dir| Path::new(&dir).join("bus").exists())
}

/// Asks the bus (with `busctl` or `dbus-send`, whichever is installed)
/// whether the portal is running or can be started; `None` when no tool
/// could ask or the answer did not come within two seconds.
fn portal_on_bus() -> Option<bool> {
    let attempts: [(&str, &[&str]); 2] = [
        (
            "busctl",
            &[
                "--user",
                "--no-pager",
                "--acquired",
                "--activatable",
                "list",
            ],
        ),
        (
            "dbus-send",
            &[
                "--session",
                "--print-reply",
                "--dest=org.freedesktop.DBus",
                "/org/freedesktop/DBus",
                "org.freedesktop.DBus.ListActivatableNames",
            ],
        ),
    ];
    for (program, args) in attempts {
        if let Some(listing) = run_briefly(program, args) {
            if listing.contains(PORTAL) {
                return Some(true);
            }
            if program == "dbus-send" {
                // Activatable names only: the running ones are asked too.
                let running = run_briefly(
                    program,
                    &[
                        "--session",
                        "--print-reply",
                        "--dest=org.freedesktop.DBus",
                        "/org/freedesktop/DBus",
                        "org.freedesktop.DBus.ListNames",
                    ],
                );
                return Some(running.is_some_and(|r| r.contains(PORTAL)));
            }
            return Some(false);
        }
    }
    None
}

/// Runs `program` with `args`, giving its standard output if it exits
/// successfully within two seconds (it is killed otherwise).
fn run_briefly(program: &str, args: &[&str]) -> Option<String> {
    let mut child = Command::new(program)
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .ok()?;
    let deadline = Instant::now() + Duration::from_secs(2);
    loop {
        match child.try_wait() {
            Ok(Some(status)) => {
                if !status.success() {
                    return None;
                }
                let mut out = String::new();
                use std::io::Read;
                child.stdout.take()?.read_to_string(&mut out).ok()?;
                return Some(out);
            }
            Ok(None) if Instant::now() < deadline => std::thread::sleep(Duration::from_millis(20)),
            _ => {
                let _ = child.kill();
                let _ = child.wait();
                return None;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn zenity_or_a_portal_makes_a_dialog_possible() {
        let dir = tempfile::tempdir().expect("temp dir");
        let empty = dir.path().as_os_str().to_owned();
        let no_portal = || Some(false);
        assert!(probe_unix(Some(&empty), false, no_portal).is_some());
        assert!(probe_unix(Some(&empty), true, no_portal).is_some());
        assert!(probe_unix(Some(&empty), true, || Some(true)).is_none());
        // A bus nobody can ask: rfd is left to try.
        assert!(probe_unix(Some(&empty), true, || None).is_none());
        std::fs::write(dir.path().join("zenity"), b"").expect("fake zenity");
        assert!(probe_unix(Some(&empty), false, no_portal).is_none());
        assert_eq!(
            probe_unix(None, false, no_portal),
            Some("no D-Bus session bus (for the desktop portal) and no zenity on PATH")
        );
    }
}
