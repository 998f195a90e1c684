//! Opening the window: its options, the checks before it, and start-up
//! errors a person can act on.

use std::path::PathBuf;

use toolcup_jobs::{Runner, RunnerConfig};

use crate::app::{APP_NAME, ToolcupApp};

/// The window's title, size and icon.
pub fn native_options() -> eframe::NativeOptions {
    eframe::NativeOptions {
        viewport: egui::ViewportBuilder::default()
            .with_title("Toolcup")
            .with_app_id("toolcup")
            .with_inner_size([1200.0, 780.0])
            .with_min_inner_size([720.0, 480.0])
            .with_icon(
                eframe::icon_data::from_png_bytes(include_bytes!("../../../assets/icon.png"))
                    .unwrap_or_default(),
            ),
        ..Default::default()
    }
}

/// Open the window, on the tab named `tab` if given, with `files` opened in
/// the tabs that take them, and run until it closes.
pub fn run_window(tab: Option<&str>, files: Vec<PathBuf>) -> anyhow::Result<()> {
    check_display()?;
    let tab = tab.map(str::to_owned);
    eframe::run_native(
        APP_NAME,
        native_options(),
        Box::new(|cc| {
            // The UI thread keeps its share of the cores while a preview computes.
            let runner = Runner::with_config(RunnerConfig {
                background_priority: true,
                ..RunnerConfig::default()
            });
            let ctx = cc.egui_ctx.clone();
            runner.set_waker(move || ctx.request_repaint());
            let mut app = ToolcupApp::new(runner);
            if let Some(storage) = cc.storage {
                app.load(storage);
            }
            if let Some(tab) = &tab
                && !app.select(tab)
            {
                return Err(format!("there is no tab called {tab:?}").into());
            }
            app.open_paths(&files);
            Ok(Box::new(app))
        }),
    )
    .map_err(|err| anyhow::anyhow!("cannot open the window: {}", plain(&err.to_string())))
}

/// On Linux and the BSDs a window needs an X11 or Wayland display: say so
/// before eframe fails with a message from deep inside winit.
fn check_display() -> anyhow::Result<()> {
    if !cfg!(any(
        target_os = "linux",
        target_os = "freebsd",
        target_os = "openbsd",
        target_os = "netbsd",
        target_os = "dragonfly"
    )) {
        return Ok(());
    }
    let set = |name: &str| std::env::var_os(name).is_some_and(|v| !v.is_empty());
    if set("DISPLAY") || set("WAYLAND_DISPLAY") || set("WAYLAND_SOCKET") {
        return Ok(());
    }
    anyhow::bail!(
        "no display to open the window on (DISPLAY and WAYLAND_DISPLAY are unset): \
         start toolcup from a desktop session or under xvfb-run, or run a tool \
         headless (toolcup --help)"
    )
}

/// A start-up error without the source locations some libraries put in
/// their messages (winit's "os error at /path/to/winit/src/…rs:765: …").
fn plain(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find(" at ") {
        let (before, after) = rest.split_at(at);
        let after = &after[" at ".len()..];
        // A source location: a path ending in `.rs:LINE` followed by `: `.
        let location_end = after.find(": ").filter(|&end| {
            let location = &after[..end];
            location.rsplit_once(':').is_some_and(|(file, line)| {
                file.ends_with(".rs") && line.chars().all(|c| c.is_ascii_digit())
            })
        });
        match location_end {
            Some(end) => {
                out.push_str(before);
                out.push_str(": ");
                rest = &after[end + 2..];
            }
            None => {
                out.push_str(before);
                out.push_str(" at ");
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::plain;

    #[test]
    fn source_locations_are_left_out_of_start_up_errors() {
        let winit = "winit EventLoopError: os error at /root/.cargo/registry/src/index.crates.io-1949cf8c6b5b557f/winit-0.30.13/src/platform_impl/linux/mod.rs:765: neither WAYLAND_DISPLAY nor WAYLAND_SOCKET nor DISPLAY is set.";
        assert_eq!(
            plain(winit),
            "winit EventLoopError: os error: neither WAYLAND_DISPLAY nor WAYLAND_SOCKET nor DISPLAY is set."
        );
    }

    #[test]
    fn other_uses_of_at_are_kept() {
        let text = "cannot bind at 127.0.0.1: refused";
        assert_eq!(plain(text), text);
    }
}
