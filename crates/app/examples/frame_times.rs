//! Frame times and peak memory of the real window while the Denoise tab
//! previews a large photo with non-local means.
//!
//! `cargo run --release -p toolcup --example frame_times -- PHOTO [H] [--normal-priority] [--on-demand] [--immediate-waker]`
//! (`scripts/measure-window` makes a 12-megapixel photo and runs this under
//! Xvfb with software GL).
//!
//! It opens the same window as `toolcup` (same options, same app, the same
//! job runner settings; `--normal-priority` runs the CPU pool at normal
//! priority instead, for comparison), opens PHOTO in the Denoise tab with
//! the non-local-means filter at strength H (default 9), and asks for a new frame continuously, as dragging or an
//! animation would, until the preview has finished and two more seconds have
//! passed. With `--on-demand` it asks for none: frames come only when the app
//! asks (job progress), as for a person waiting without moving the mouse, and
//! the preview's duration is what counts. `--immediate-waker` redraws on
//! every job change instead of the window's coalesced waker
//! ([`toolcup::startup::wake_window`]), for comparison. It then closes the window and prints, for the frames drawn while
//! the preview ran, eframe's CPU time per frame (building the UI,
//! tessellating and issuing the GL calls; not the buffer swap) and the time
//! between consecutive frames, plus the process's peak resident memory.

use std::path::PathBuf;
use std::time::{Duration, Instant};

use toolcup::app::{APP_NAME, ToolcupApp};
use toolcup::startup::{native_options, wake_window, window_runner_config};
use toolcup::tabs::denoise::{DenoiseTab, FilterKind};
use toolcup_jobs::{Runner, RunnerConfig};

/// Where the measured window is in its run.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Phase {
    /// Waiting for the photo to open and its preview to start.
    Opening,
    /// The non-local-means preview is running.
    Previewing,
    /// The preview is done; a little longer for the result to show.
    Settling(Instant),
}

/// One frame: when it started, and eframe's CPU time for the frame before.
struct Frame {
    start: Instant,
    cpu: Option<f32>,
    phase: Phase,
}

struct Measured {
    app: ToolcupApp,
    /// The file name of the photo being measured.
    photo: String,
    launched: Instant,
    first_frame: Option<Duration>,
    phase: Phase,
    frames: Vec<Frame>,
    /// Ask for a new frame after every frame (`false`: `--on-demand`).
    continuous: bool,
    /// When the preview of the photo started and ended.
    preview: (Option<Instant>, Option<Instant>),
}

impl eframe::App for Measured {
    fn ui(&mut self, ui: &mut egui::Ui, frame: &mut eframe::Frame) {
        let now = Instant::now();
        self.first_frame.get_or_insert(now - self.launched);
        self.frames.push(Frame {
            start: now,
            cpu: frame.info().cpu_usage,
            phase: self.phase,
        });
        self.app.ui(ui);
        // Only the preview of the opened photo counts, not the one of the
        // sample shown while the photo loads.
        let photo = &self.photo;
        let previewing = self
            .app
            .with_tab(|tab: &mut DenoiseTab, _| tab.source_name() == photo && tab.is_previewing())
            .unwrap_or(false);
        self.phase = match self.phase {
            Phase::Opening if previewing => {
                self.preview.0 = Some(now);
                Phase::Previewing
            }
            Phase::Previewing if !previewing => {
                self.preview.1 = Some(now);
                Phase::Settling(now)
            }
            Phase::Settling(since) if now - since > Duration::from_secs(2) => {
                ui.ctx().send_viewport_cmd(egui::ViewportCommand::Close);
                self.phase
            }
            phase => phase,
        };
        if self.continuous {
            ui.ctx().request_repaint();
        } else if matches!(self.phase, Phase::Settling(_)) {
            // Nothing else would draw the frame that closes the window.
            ui.ctx().request_repaint_after(Duration::from_millis(100));
        }
    }
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let launched = Instant::now();
    let (flags, mut args): (Vec<String>, Vec<String>) =
        std::env::args().skip(1).partition(|a| a.starts_with("--"));
    const USAGE: &str =
        "usage: frame_times PHOTO [H] [--normal-priority] [--on-demand] [--immediate-waker]";
    let known = ["--normal-priority", "--on-demand", "--immediate-waker"];
    if let Some(unknown) = flags.iter().find(|f| !known.contains(&f.as_str())) {
        return Err(format!("unknown option {unknown}; {USAGE}").into());
    }
    let has = |flag: &str| flags.iter().any(|f| f == flag);
    let (normal_priority, on_demand, immediate) = (
        has("--normal-priority"),
        has("--on-demand"),
        has("--immediate-waker"),
    );
    args.reverse();
    let photo = PathBuf::from(args.pop().ok_or(USAGE)?);
    let h: u32 = args.pop().map_or(Ok(9), |s| s.parse())?;
    if !photo.is_file() {
        return Err(format!("{} is not a file", photo.display()).into());
    }
    let mut report = None;
    let slot = &mut report;
    let mut options = native_options();
    // Measure a clean start, never the user's saved settings.
    options.persist_window = false;
    eframe::run_native(
        APP_NAME,
        options,
        Box::new(move |cc| {
            // The window's runner, or for comparison one whose CPU pool
            // runs at normal priority (as before background priority).
            let runner = Runner::with_config(RunnerConfig {
                background_priority: !normal_priority,
                ..window_runner_config()
            });
            if immediate {
                let ctx = cc.egui_ctx.clone();
                runner.set_waker(move || ctx.request_repaint());
            } else {
                wake_window(&runner, &cc.egui_ctx);
            }
            let mut app = ToolcupApp::new(runner);
            app.with_tab(|tab: &mut DenoiseTab, _| {
                let settings = tab.settings_mut();
                settings.filter = FilterKind::Nlm;
                settings.kernel = h;
            });
            let name = photo
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            let refused = app.open_paths(&[photo]);
            if !refused.is_empty() {
                return Err("the Denoise tab does not open that file".into());
            }
            Ok(Box::new(Reporter {
                measured: Measured {
                    app,
                    photo: name,
                    launched,
                    first_frame: None,
                    phase: Phase::Opening,
                    frames: Vec::new(),
                    continuous: !on_demand,
                    preview: (None, None),
                },
                report: slot,
            }))
        }),
    )?;
    let text = report.ok_or("the window closed before the preview finished")?;
    println!("{text}");
    println!("peak resident memory: {}", peak_memory());
    Ok(())
}

/// Hands the summary out of the window when it closes.
struct Reporter<'a> {
    measured: Measured,
    report: &'a mut Option<String>,
}

impl eframe::App for Reporter<'_> {
    fn ui(&mut self, ui: &mut egui::Ui, frame: &mut eframe::Frame) {
        self.measured.ui(ui, frame);
    }

    fn on_exit(&mut self, _gl: Option<&eframe::glow::Context>) {
        if matches!(self.measured.phase, Phase::Settling(_)) {
            *self.report = Some(summary(&self.measured));
        }
    }
}

fn summary(m: &Measured) -> String {
    let first_cpu = m.frames.get(1).and_then(|f| f.cpu).unwrap_or_default();
    let mut text = format!(
        "launch to first frame: {:.0} ms (its CPU time, with font and GL setup: {:.0} ms)",
        m.first_frame.unwrap_or_default().as_secs_f64() * 1e3,
        f64::from(first_cpu) * 1e3
    );
    if let (Some(start), Some(end)) = m.preview {
        text += &format!(
            "\npreview duration (first frame showing it running to the first showing it done): {:.2} s",
            (end - start).as_secs_f64()
        );
    }
    for (name, wanted) in [
        ("while the photo opened", Phase::Opening),
        ("while the preview ran", Phase::Previewing),
        ("after it (result shown)", Phase::Settling(m.launched)),
    ] {
        // The first frame sets up fonts and GL; it is reported above.
        let during: Vec<usize> = (1..m.frames.len())
            .filter(|&i| {
                std::mem::discriminant(&m.frames[i].phase) == std::mem::discriminant(&wanted)
            })
            .collect();
        // eframe reports a frame's CPU time on the next frame.
        let cpu_ms: Vec<f64> = during
            .iter()
            .filter_map(|&i| m.frames.get(i + 1)?.cpu)
            .map(|s| f64::from(s) * 1e3)
            .collect();
        let gaps_ms: Vec<f64> = during
            .iter()
            .filter_map(|&i| {
                Some((m.frames.get(i + 1)?.start - m.frames[i].start).as_secs_f64() * 1e3)
            })
            .collect();
        let seconds = during.first().zip(during.last()).map_or(0.0, |(&a, &b)| {
            (m.frames[b].start - m.frames[a].start).as_secs_f64()
        });
        text += &format!(
            "\n{name}: {} frames over {seconds:.1} s\n  CPU time per frame (ms): {}\n  time between frames (ms): {}",
            during.len(),
            spread(cpu_ms),
            spread(gaps_ms),
        );
    }
    text
}

/// Median, 95th percentile, 99th percentile and maximum.
fn spread(mut v: Vec<f64>) -> String {
    if v.is_empty() {
        return "no frames".to_string();
    }
    v.sort_by(f64::total_cmp);
    let at = |q: f64| v[((v.len() - 1) as f64 * q).round() as usize];
    format!(
        "median {:.1}, p95 {:.1}, p99 {:.1}, max {:.1}",
        at(0.5),
        at(0.95),
        at(0.99),
        at(1.0)
    )
}

/// The process's peak resident set (VmHWM) on Linux.
fn peak_memory() -> String {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|status| {
            let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
            let kib: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
            Some(format!("{:.0} MiB", kib / 1024.0))
        })
        .unwrap_or_else(|| "unknown (no /proc/self/status)".to_string())
}
