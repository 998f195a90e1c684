//! The jobs panel, driven by accessible labels: a submitted job shows up with
//! its progress, and its cancel button cancels it.

use std::time::{Duration, Instant};

use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use toolcup::app::ToolcupApp;
use toolcup::jobs_panel::jobs_panel_ui;
use toolcup_jobs::{JobSpec, JobState, Outcome, Runner};

const DEADLINE: Duration = Duration::from_secs(20);

fn wait_until(what: &str, mut condition: impl FnMut() -> bool) {
    let start = Instant::now();
    while !condition() {
        assert!(start.elapsed() < DEADLINE, "timed out waiting until {what}");
        std::thread::sleep(Duration::from_millis(2));
    }
}

#[test]
fn a_running_job_shows_its_progress_and_can_be_cancelled() {
    let runner = Runner::new();
    let handle = runner.submit(JobSpec::cpu("Grind beans"), |ctx| {
        ctx.set_progress(3, 10);
        ctx.set_message("burr 3 of 10");
        let start = Instant::now();
        while !ctx.is_cancelled() && start.elapsed() < DEADLINE {
            std::thread::sleep(Duration::from_millis(1));
        }
        Ok::<_, String>(())
    });
    wait_until("progress is reported", || handle.progress().done == 3);

    let mut harness = Harness::new_ui(|ui| jobs_panel_ui(ui, &runner));
    harness.run_steps(2);
    harness.get_by_label("Grind beans");
    harness.get_by_label("running");
    harness.get_by_label("burr 3 of 10");
    harness.get_by_label_contains("3/10");

    harness.get_by_label("Cancel Grind beans").click();
    harness.run_steps(2);
    assert!(matches!(
        handle.wait_timeout(DEADLINE),
        Some(Outcome::Cancelled)
    ));
    harness.run_steps(2);
    harness.get_by_label("cancelled");
    assert!(harness.query_by_label("Cancel Grind beans").is_none());
    drop(harness);
    assert_eq!(runner.jobs()[0].state, JobState::Cancelled);
}

#[test]
fn clear_finished_empties_the_history() {
    let runner = Runner::new();
    let done = runner.submit(JobSpec::cpu("Quick job"), |_| Ok::<_, String>(()));
    assert!(done.wait_timeout(DEADLINE).is_some());
    wait_until("the job is in the history", || {
        runner.jobs().iter().any(|j| j.state.is_finished())
    });

    let mut harness = Harness::new_ui(|ui| jobs_panel_ui(ui, &runner));
    harness.run_steps(2);
    harness.get_by_label("succeeded");
    harness.get_by_label("Clear finished").click();
    harness.run_steps(2);
    assert!(harness.query_by_label("Quick job").is_none());
    harness.get_by_label_contains("No jobs yet");
}

#[test]
fn the_whole_window_shows_the_jobs_panel_and_the_status_line() {
    let mut harness = Harness::new_ui_state(
        |ui, app: &mut ToolcupApp| app.ui(ui),
        ToolcupApp::new(Runner::new()),
    );
    harness.set_size(egui::vec2(1200.0, 780.0));
    harness.run_steps(2);
    harness.get_by_label("Clear finished");
    harness.get_by_label("Ready");
    // Hiding the jobs panel removes it.
    harness.get_by_label("Jobs panel").click();
    harness.run_steps(2);
    assert!(harness.query_by_label("Clear finished").is_none());
}

#[test]
fn a_slider_drag_lists_one_preview_that_replaced_the_others() {
    let runner = Runner::with_config(toolcup_jobs::RunnerConfig {
        cpu_threads: 1,
        ..Default::default()
    });
    let (open, gated) = crossbeam_gate();
    let blocker = runner.submit(JobSpec::cpu("Blocker"), move |_| {
        let _ = gated.recv_timeout(DEADLINE);
        Ok::<_, String>(())
    });
    wait_until("the blocker runs", || blocker.state() == JobState::Running);
    let previews: Vec<_> = (1..=8)
        .map(|i| {
            runner.submit(JobSpec::cpu(format!("Preview {i}")).key("preview"), |_| {
                Ok::<_, String>(())
            })
        })
        .collect();
    drop(open);
    for preview in previews {
        assert!(preview.wait_timeout(DEADLINE).is_some());
    }
    wait_until("every job ended", || runner.active_count() == 0);

    let mut harness = Harness::new_ui(|ui| jobs_panel_ui(ui, &runner));
    harness.run_steps(2);
    harness.get_by_label("Preview 8");
    harness.get_by_label("replaced 7 earlier");
    for i in 1..=7 {
        assert!(harness.query_by_label(&format!("Preview {i}")).is_none());
    }
    assert!(harness.query_by_label("cancelled").is_none());
}

/// A gate a job waits on until the test drops the sender.
fn crossbeam_gate() -> (std::sync::mpsc::Sender<()>, std::sync::mpsc::Receiver<()>) {
    std::sync::mpsc::channel()
}
