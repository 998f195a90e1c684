//! Rendered snapshots of the whole window, one per tab, at the default window
//! size (1200×780): each tab with its sample data shown and its first job
//! finished, in the light theme, and the Releases tab once more in the dark
//! theme. kittest renders them headless through wgpu, on the CPU where the
//! machine has a software driver (lavapipe from Debian's
//! `mesa-vulkan-drivers`), and compares them with the PNGs in
//! `tests/snapshots/`.
//!
//! They render only when `TOOLCUP_SNAPSHOTS=1` (`scripts/test` sets it where
//! a Vulkan driver is installed); elsewhere each test prints why it skipped.
//! Pictures recorded on another rasteriser (macOS, Windows, a GPU) differ.
//!
//! ```text
//! TOOLCUP_SNAPSHOTS=1 cargo test -p toolcup --test snapshots
//! TOOLCUP_SNAPSHOTS=1 UPDATE_SNAPSHOTS=1 cargo test -p toolcup --test snapshots   # re-record
//! ```
//!
//! What varies between runs is pinned or hidden: the Releases tab gets a fixed
//! date, the embedded data, no cache and one fake interpreter at a fixed path;
//! the jobs panel's elapsed times and the Denoise preview's milliseconds are
//! covered by magenta boxes of a fixed size; toasts (which say how long a job
//! took) are dismissed. Record and compare on the same driver: another
//! rasteriser antialiases edges a little differently.
#![cfg(unix)]
#![allow(clippy::unwrap_used)]

use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

use egui::{Rect, Theme, Vec2, vec2};
use egui_kittest::kittest::{AccessKitNode, Queryable};
use egui_kittest::{Harness, SnapshotOptions};
use toolcup::app::ToolcupApp;
use toolcup::tabs::brew::BrewTab;
use toolcup::tabs::denoise::DenoiseTab;
use toolcup::tabs::releases::ReleasesTab;
use toolcup::tabs::rotation::RotationTab;
use toolcup::tabs::{Tab, TabAction};
use toolcup_jobs::Runner;
use toolcup_releases::discovery::Environment;
use toolcup_releases::{Date, Sources};

/// Whether to render: only where asked, as the pictures were recorded with
/// Mesa's lavapipe and need a Vulkan driver.
fn rendering() -> bool {
    let on = std::env::var("TOOLCUP_SNAPSHOTS").is_ok_and(|v| v == "1");
    if !on {
        eprintln!(
            "skipped: the rendered snapshots run with TOOLCUP_SNAPSHOTS=1, on a machine with \
             Mesa's software Vulkan driver (scripts/setup --snapshots); scripts/test does both"
        );
    }
    on
}

/// The window's default size (`toolcup::startup::native_options`).
const WINDOW: Vec2 = vec2(1200.0, 780.0);
const DEADLINE: Duration = Duration::from_secs(120);
/// Where the Releases tab's fake interpreter lives. Its path is drawn in the
/// window, so it must be the same on every machine (not the temp dir, not
/// the target dir).
const SANDBOX: &str = "/tmp/toolcup-snapshots";
/// Wide enough for the longest elapsed time ("999.9 s") and preview time
/// ("(99999 ms)") a test run can show; fixed, so the box never varies.
const ELAPSED_MASK_WIDTH: f32 = 60.0;
const MILLIS_MASK_WIDTH: f32 = 90.0;

/// How close a rendering must be to the recorded PNG. The per-pixel colour
/// tolerance (kittest's YIQ distance; its default is 0.6) absorbs the faint
/// antialiasing differences of another software rasteriser version; a moved
/// widget or changed word moves hundreds of text-edge pixels well past it, and
/// at most a handful of pixels may exceed it.
fn options() -> SnapshotOptions {
    SnapshotOptions::new().threshold(1.0).max_failed_pixels(8)
}

/// Every tab, as `toolcup::tabs::all_tabs` makes them, except that the
/// Releases tab sees a fixed date, one fake interpreter, the embedded data
/// and download addresses where nothing listens.
fn tabs() -> Vec<Box<dyn Tab>> {
    vec![
        Box::new(BrewTab::default()),
        Box::new(DenoiseTab::default()),
        Box::new(RotationTab::default()),
        Box::new(pinned_releases_tab()),
    ]
}

fn pinned_releases_tab() -> ReleasesTab {
    static WRITTEN: OnceLock<()> = OnceLock::new();
    let dir = Path::new(SANDBOX);
    WRITTEN.get_or_init(|| write_fake_python(&dir.join("bin")));
    let env = Environment {
        path: dir.join("bin").into_os_string(),
        cwd: dir.to_owned(),
        timeout: Duration::from_secs(10),
        ..Environment::default()
    };
    let sources = Sources {
        peps_base: "http://127.0.0.1:1/peps".to_owned(),
        eol_base: "http://127.0.0.1:1/eol".to_owned(),
    };
    ReleasesTab::with_context(Date::new(2026, 11, 25).unwrap(), env, None, sources)
}

/// A `python` that answers like CPython 3.12.7 with Django 5.2.1. Written
/// through a rename, so another test process running at the same time never
/// executes a half-written script.
fn write_fake_python(bin: &Path) {
    let script = "#!/bin/sh\nprintf 'Python 3.12.7\\nDjango 5.2.1\\n'\n";
    let python: PathBuf = bin.join("python");
    if std::fs::read_to_string(&python).is_ok_and(|s| s == script) {
        return;
    }
    std::fs::create_dir_all(bin).unwrap();
    let temp = bin.join(format!(".python.{}", std::process::id()));
    std::fs::write(&temp, script).unwrap();
    std::fs::set_permissions(&temp, std::fs::Permissions::from_mode(0o755)).unwrap();
    std::fs::rename(&temp, &python).unwrap();
}

/// The whole window on `tab`, rendered through wgpu, with no pointer drawn.
fn window(theme: Theme, tab: &str) -> Harness<'static, ToolcupApp> {
    let mut h = Harness::builder()
        .with_size(WINDOW)
        .with_theme(theme)
        .with_render_cursor(false)
        .with_options(options())
        .wgpu()
        .build_ui_state(
            |ui, app: &mut ToolcupApp| app.ui(ui),
            ToolcupApp::with_tabs(Runner::new(), tabs()),
        );
    assert!(h.state_mut().select(tab), "no tab {tab}");
    h
}

/// Step until `text` shows, letting every job finish before the next frame,
/// or fail. No frame ever draws a running job: the jobs panel keeps the
/// widest size its rows ever needed, and a running row (progress bar, Cancel
/// button) is wider than a finished one, so frames drawn while a job runs
/// would make the final layout depend on timing.
fn step_until_done(h: &mut Harness<'_, ToolcupApp>, text: &str) {
    let start = Instant::now();
    loop {
        while h.state().runner().active_count() > 0 {
            assert!(start.elapsed() < DEADLINE, "a job never finished");
            std::thread::sleep(Duration::from_millis(10));
        }
        if h.query_all_by_label_contains(text).next().is_some() {
            break;
        }
        assert!(start.elapsed() < DEADLINE, "'{text}' never showed");
        h.step();
    }
}

/// Start the tab's main action (what Ctrl+Enter does) between frames, so that
/// no frame draws it running.
fn run_tab_action<T: Tab>(h: &mut Harness<'_, ToolcupApp>) {
    let started = h
        .state_mut()
        .with_tab::<T, _>(|tab, runner| tab.shortcut(TabAction::Run, runner));
    assert_eq!(started, Some(true), "the tab has no main action");
}

/// Dismiss every toast (they say how long a job took), by their close
/// buttons' accessible action, so the pointer never hovers anything.
fn dismiss_toasts(h: &mut Harness<'_, ToolcupApp>) {
    let start = Instant::now();
    while !h.state().toasts().current().is_empty() {
        assert!(start.elapsed() < DEADLINE, "a toast stays");
        if let Some(close) = h.query_all_by_label("×").next() {
            close.click_accesskit();
        }
        h.run_steps(2);
    }
}

/// Step until two frames in a row render the same picture. Panels sized by
/// their content (the jobs panel) and the plots' bounds take a few frames to
/// reach their final size, and how many frames ran before depends on how long
/// the jobs took.
fn settle(h: &mut Harness<'_, ToolcupApp>) {
    const MOST_FRAMES: usize = 120;
    let mut last = h.render().unwrap();
    let mut same = 0;
    for _ in 0..MOST_FRAMES {
        h.step();
        let now = h.render().unwrap();
        if now == last {
            same += 1;
            if same == 2 {
                return;
            }
        } else {
            same = 0;
        }
        last = now;
    }
    panic!("the window still changes after {MOST_FRAMES} frames");
}

/// Whether `node` is a jobs-panel elapsed time such as "3.2 s".
fn is_elapsed(node: &AccessKitNode<'_>) -> bool {
    let text = node.value().or_else(|| node.label()).unwrap_or_default();
    text.strip_suffix(" s").is_some_and(|number| {
        number.split_once('.').is_some_and(|(whole, tenth)| {
            !whole.is_empty()
                && tenth.len() == 1
                && whole
                    .chars()
                    .chain(tenth.chars())
                    .all(|c| c.is_ascii_digit())
        })
    })
}

/// Settle the window, hide what varies between runs and compare it with
/// `tests/snapshots/<name>.png`.
fn snapshot(h: &mut Harness<'_, ToolcupApp>, name: &str) {
    dismiss_toasts(h);
    h.run();
    settle(h);
    let mut masks: Vec<Rect> = h
        .query_all_by(is_elapsed)
        .map(|n| {
            let r = n.rect();
            Rect::from_min_size(r.min, vec2(ELAPSED_MASK_WIDTH, r.height()))
        })
        .collect();
    // "Result: median k=5 (123 ms)": hide only the milliseconds.
    if let Some(result) = h.query_by_label_contains("Result: ") {
        let text = result.value().unwrap_or_default();
        let prefix = text.split(" (").next().unwrap_or_default().to_owned();
        let font = egui::TextStyle::Body.resolve(&h.ctx.global_style());
        let width = h.ctx.fonts_mut(|f| {
            f.layout_no_wrap(prefix, font, egui::Color32::WHITE)
                .size()
                .x
        });
        let r = result.rect();
        masks.push(Rect::from_min_size(
            r.min + vec2(width, 0.0),
            vec2(MILLIS_MASK_WIDTH, r.height()),
        ));
    }
    for mask in masks {
        h.mask(mask);
    }
    h.snapshot(name);
}

#[test]
fn brew_tab_after_brewing_the_sample_call() {
    if !rendering() {
        return;
    }
    let mut h = window(Theme::Light, "Brew");
    h.step();
    h.get_all_by_label_contains("Coffee type: Latte")
        .next()
        .expect("the sample call's ticket");
    run_tab_action::<BrewTab>(&mut h);
    step_until_done(&mut h, "Latte is ready");
    snapshot(&mut h, "brew_light");
}

#[test]
fn denoise_tab_with_the_sample_photo_previewed() {
    if !rendering() {
        return;
    }
    let mut h = window(Theme::Light, "Denoise");
    step_until_done(&mut h, "Result: median k=5 (");
    snapshot(&mut h, "denoise_light");
}

#[test]
fn rotation_tab_after_the_accuracy_experiment() {
    if !rendering() {
        return;
    }
    let mut h = window(Theme::Light, "Rotation");
    run_tab_action::<RotationTab>(&mut h);
    step_until_done(&mut h, "1000000 random rotations (seed");
    snapshot(&mut h, "rotation_light");
}

#[test]
fn releases_tab_with_its_interpreter_checked() {
    if !rendering() {
        return;
    }
    let mut h = window(Theme::Light, "Releases");
    step_until_done(&mut h, "Python 3.12.7: ");
    snapshot(&mut h, "releases_light");
}

#[test]
fn releases_tab_in_the_dark_theme() {
    if !rendering() {
        return;
    }
    let mut h = window(Theme::Dark, "Releases");
    step_until_done(&mut h, "Python 3.12.7: ");
    snapshot(&mut h, "releases_dark");
}
