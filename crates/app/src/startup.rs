//! Opening the window: its options, the checks before it, and start-up
//! errors a person can act on.

use std::path::PathBuf;
use std::time::Duration;

use toolcup_jobs::{Runner, RunnerConfig};

use crate::app::{APP_NAME, ToolcupApp};

/// The job runner's settings in the window: the CPU pool's threads run at
/// background priority, so the UI thread keeps its share of the cores while
/// a preview computes.
pub fn window_runner_config() -> RunnerConfig {
    RunnerConfig {
        background_priority: true,
        ..RunnerConfig::default()
    }
}

/// How soon the window redraws after a job changes (submitted, started,
/// progressed, ended): changes within this time share one frame, so a job
/// reporting progress thousands of times a second costs a few frames a
/// second instead of a frame per report. It is [`crate::busy::ACTIVITY_FRAME`]
/// (four frames a second): on software GL a frame takes 80-90 ms of CPU,
/// which a preview's workers would otherwise lack (see [`crate::busy`]).
pub const JOB_REPAINT_DELAY: Duration = crate::busy::ACTIVITY_FRAME;

/// The job runner's waker for the window: a redraw within
/// [`JOB_REPAINT_DELAY`] of any job change.
pub fn job_waker(ctx: egui::Context) -> impl Fn() + Send + Sync + 'static {
    move || ctx.request_repaint_after(JOB_REPAINT_DELAY)
}

/// Connects `runner` to the window: [`job_waker`] for progress, and a
/// redraw at once when a job ends, so that a result shows without waiting
/// out [`JOB_REPAINT_DELAY`].
pub fn wake_window(runner: &Runner, ctx: &egui::Context) {
    runner.set_waker(job_waker(ctx.clone()));
    let ctx = ctx.clone();
    runner.on_event(move |_| ctx.request_repaint());
}

/// The window's title, size and icon.
pub fn native_options() -> eframe::NativeOptions {
    eframe::NativeOptions {
        viewport: egui::ViewportBuilder::default()
            .with_title("Toolcup")
            .with_app_id("toolcup")
            .with_inner_size([1200.0, 780.0])
            .with_min_inner_size([720.0, 480.0])
            .with_icon(
                eframe::icon_data::from_png_bytes(include_bytes!("../assets/icon.png"))
                    .unwrap_or_default(),
            ),
        ..Default::default()
    }
}

/// Open the window, on the tab named `tab` if given, with `files` opened in
/// the tabs that take them, and run until it closes.
///
/// The window draws with OpenGL (glow) first and, when OpenGL cannot start
/// (no OpenGL 2.0 over remote desktop or in a VM, a broken driver), with
/// wgpu (Vulkan, Metal or Direct3D 12); `TOOLCUP_RENDERER=wgpu` starts with
/// wgpu instead. A start-up failure is also shown in a native message box
/// when the process has no terminal to print it on (a double-clicked app).
pub fn run_window(tab: Option<&str>, files: Vec<PathBuf>) -> anyhow::Result<()> {
    let result = check_display().and_then(|()| open_window(tab, &files));
    if let Err(err) = &result {
        show_start_error(&crate::errors::one_line(err));
    }
    result
}

fn open_window(tab: Option<&str>, files: &[PathBuf]) -> anyhow::Result<()> {
    let first = match std::env::var("TOOLCUP_RENDERER") {
        Ok(name) => parse_renderer(&name)?,
        Err(_) => eframe::Renderer::Glow,
    };
    let second = match first {
        eframe::Renderer::Glow => eframe::Renderer::Wgpu,
        eframe::Renderer::Wgpu => eframe::Renderer::Glow,
    };
    match run_with(first, tab, files) {
        Err(err) if is_renderer_failure(&err) => {
            tracing::warn!(
                "the {} renderer could not start ({}); trying {}",
                renderer_name(first),
                plain(&err.to_string()),
                renderer_name(second)
            );
            run_with(second, tab, files).map_err(|second_err| {
                anyhow::anyhow!(
                    "cannot open the window: {} failed ({}), and so did {} ({})",
                    renderer_name(first),
                    plain(&err.to_string()),
                    renderer_name(second),
                    plain(&second_err.to_string())
                )
            })
        }
        other => other
            .map_err(|err| anyhow::anyhow!("cannot open the window: {}", plain(&err.to_string()))),
    }
}

fn run_with(
    renderer: eframe::Renderer,
    tab: Option<&str>,
    files: &[PathBuf],
) -> Result<(), eframe::Error> {
    let tab = tab.map(str::to_owned);
    let files = files.to_vec();
    let options = eframe::NativeOptions {
        renderer,
        ..native_options()
    };
    tracing::info!(
        "opening the window with the {} renderer",
        renderer_name(renderer)
    );
    eframe::run_native(
        APP_NAME,
        options,
        Box::new(move |cc| {
            let runner = Runner::with_config(window_runner_config());
            wake_window(&runner, &cc.egui_ctx);
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
}

/// The renderer named by `TOOLCUP_RENDERER`.
fn parse_renderer(name: &str) -> anyhow::Result<eframe::Renderer> {
    match name.trim().to_ascii_lowercase().as_str() {
        "glow" | "opengl" | "gl" => Ok(eframe::Renderer::Glow),
        "wgpu" => Ok(eframe::Renderer::Wgpu),
        _ => anyhow::bail!("TOOLCUP_RENDERER is {name:?}: expected glow or wgpu"),
    }
}

fn renderer_name(renderer: eframe::Renderer) -> &'static str {
    match renderer {
        eframe::Renderer::Glow => "OpenGL (glow)",
        eframe::Renderer::Wgpu => "wgpu",
    }
}

/// Whether the other renderer may succeed where this error stopped one:
/// graphics failures, not a missing display or an error of the app itself.
fn is_renderer_failure(err: &eframe::Error) -> bool {
    matches!(
        err,
        eframe::Error::Glutin(_)
            | eframe::Error::NoGlutinConfigs(..)
            | eframe::Error::OpenGL(_)
            | eframe::Error::Wgpu(_)
            | eframe::Error::Winit(_)
    )
}

/// Show a start-up error in a native message box, for a window started from
/// a desktop (double-clicked, from a start menu), whose stderr nobody reads.
/// Skipped when stderr is a terminal (the error is printed there), when there
/// is no display, and when `TOOLCUP_NO_DIALOGS` is set (tests, kiosks).
fn show_start_error(line: &str) {
    use std::io::IsTerminal as _;
    if std::env::var_os("TOOLCUP_NO_DIALOGS").is_some() || std::io::stderr().is_terminal() {
        return;
    }
    if check_display().is_err() {
        return;
    }
    rfd::MessageDialog::new()
        .set_level(rfd::MessageLevel::Error)
        .set_title("Toolcup could not start")
        .set_description(line)
        .set_buttons(rfd::MessageButtons::Ok)
        .show();
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
    use super::{parse_renderer, plain};

    #[test]
    fn the_renderer_is_named_by_the_environment() {
        assert!(matches!(parse_renderer("wgpu"), Ok(eframe::Renderer::Wgpu)));
        assert!(matches!(
            parse_renderer(" GLOW "),
            Ok(eframe::Renderer::Glow)
        ));
        let err = parse_renderer("vulkan").expect_err("not a renderer");
        assert_eq!(
            err.to_string(),
            "TOOLCUP_RENDERER is \"vulkan\": expected glow or wgpu"
        );
    }

    #[test]
    fn source_locations_are_left_out_of_start_up_errors() {
        let winit = "winit EventLoopError: os error at /root/.cargo/registry/src/index.crates.io-1949cf8c6b5b557f/winit-0.30.13/src/platform_impl/linux/mod.rs:765: neither WAYLAND_DISPLAY nor WAYLAND_SOCKET nor DISPLAY is set.";
        assert_eq!(
            plain(winit),
            "winit EventLoopError: os error: neither WAYLAND_DISPLAY nor WAYLAND_SOCKET nor DISPLAY is set."
        );
    }

    #[test]
    fn progress_redraws_wait_and_a_finished_job_redraws_at_once() {
        use std::sync::mpsc;
        use std::time::Duration;
        use toolcup_jobs::{JobSpec, Runner};

        let ctx = egui::Context::default();
        let (delays, requested) = mpsc::channel();
        ctx.set_repaint_observer(move |info| {
            let _ = delays.send(info.delay);
        });
        let runner = Runner::with_config(super::window_runner_config());
        super::wake_window(&runner, &ctx);
        let (release, hold) = mpsc::channel::<()>();
        let (started, running) = mpsc::channel::<()>();
        let handle = runner.submit(JobSpec::cpu("held"), move |_| {
            let _ = started.send(());
            hold.recv().map_err(|err| err.to_string())
        });
        // Submitting is a change the window shows at the activity rate.
        let first = requested
            .recv_timeout(Duration::from_secs(10))
            .expect("a redraw for the new job");
        assert_eq!(first, super::JOB_REPAINT_DELAY);
        running
            .recv_timeout(Duration::from_secs(10))
            .expect("the job starts");
        assert!(
            requested.try_iter().all(|delay| delay != Duration::ZERO),
            "no immediate redraw while the job runs"
        );
        release.send(()).expect("the job is waiting");
        assert!(handle.wait_timeout(Duration::from_secs(10)).is_some());
        let immediate = std::iter::from_fn(|| requested.recv_timeout(Duration::from_secs(10)).ok())
            .any(|delay| delay == Duration::ZERO);
        assert!(immediate, "a redraw at once when the job ends");
    }

    #[test]
    fn other_uses_of_at_are_kept() {
        let text = "cannot bind at 127.0.0.1: refused";
        assert_eq!(plain(text), text);
    }
}
