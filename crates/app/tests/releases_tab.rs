//! The Releases tab driven by label: interpreters found with their verdicts
//! (fake interpreters, a fixed date), the product switch, the table, a Refresh
//! that fails against an address where nothing listens.
#![cfg(unix)]
#![allow(clippy::unwrap_used)]

use std::os::unix::fs::PermissionsExt;
use std::path::PathBuf;
use std::time::{Duration, Instant};

use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use toolcup::tabs::releases::ReleasesTab;
use toolcup_jobs::Runner;
use toolcup_releases::discovery::Environment;
use toolcup_releases::{Cache, Date, Sources};

/// A private folder with a fake `python` printing `version_line`.
fn sandbox(name: &str, version_line: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!(
        "toolcup-releases-tab-{name}-{}",
        std::process::id()
    ));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("bin")).unwrap();
    let python = dir.join("bin/python");
    std::fs::write(&python, format!("#!/bin/sh\nprintf '{version_line}'\n")).unwrap();
    std::fs::set_permissions(&python, std::fs::Permissions::from_mode(0o755)).unwrap();
    dir
}

fn tab(dir: &std::path::Path) -> ReleasesTab {
    let env = Environment {
        path: dir.join("bin").into_os_string(),
        cwd: dir.to_owned(),
        timeout: Duration::from_secs(5),
        ..Environment::default()
    };
    // Port 1 on loopback: nothing listens, the refresh fails at once.
    let sources = Sources {
        peps_base: "http://127.0.0.1:1/peps".to_owned(),
        eol_base: "http://127.0.0.1:1/eol".to_owned(),
    };
    ReleasesTab::with_context(
        Date::new(2026, 11, 25).unwrap(),
        env,
        Some(Cache::at(dir.join("cache"))),
        sources,
    )
}

/// Steps the harness until `done` holds, for at most 20 s.
fn step_until(harness: &mut Harness<'_, ReleasesTab>, done: impl Fn(&ReleasesTab) -> bool) {
    let deadline = Instant::now() + Duration::from_secs(20);
    while !done(harness.state()) {
        assert!(
            Instant::now() < deadline,
            "timed out waiting for the tab's job"
        );
        harness.step();
        std::thread::sleep(Duration::from_millis(10));
    }
    harness.run_steps(3);
}

#[test]
fn shows_the_interpreter_verdict_and_switches_product() {
    let dir = sandbox("verdict", "Python 3.10.12\\nDjango 5.2.1\\n");
    let runner = Runner::new();
    let mut harness =
        Harness::new_ui_state(|ui, tab: &mut ReleasesTab| tab.ui(ui, &runner), tab(&dir));
    harness.set_size(egui::vec2(1200.0, 900.0));
    step_until(&mut harness, ReleasesTab::discovery_done);

    // Status from the dates: 3.10 ended on 2026-10-31 though the data says "security".
    harness
        .get_all_by_label_contains(
            "Python 3.10.12: end-of-life, end of life 2026-10-31 (25 days ago), 9 behind 3.10.21",
        )
        .next()
        .unwrap();
    harness.get_by_label("Python release cycle");
    harness.get_by_label("3.10 (active)");
    harness.get_by_label("Timeline");
    harness.get_by_label("release data: embedded snapshot of 2026-08-22 (95 days old)");

    harness.get_by_label("Django").click();
    harness.run_steps(3);
    assert_eq!(harness.state().product(), toolcup_releases::Product::Django);
    harness.get_by_label("Django release cycle");
    harness.get_by_label("5.2 LTS (active)");
    harness
        .get_all_by_label_contains("Django 5.2.1: security")
        .next()
        .unwrap();
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn refresh_runs_on_the_job_runner_and_reports_failure() {
    let dir = sandbox("refresh", "Python 3.12.1\\n");
    let runner = Runner::new();
    let mut harness =
        Harness::new_ui_state(|ui, tab: &mut ReleasesTab| tab.ui(ui, &runner), tab(&dir));
    harness.set_size(egui::vec2(1200.0, 900.0));
    step_until(&mut harness, ReleasesTab::discovery_done);
    harness.get_by_label("Refresh").click();
    harness.step();
    step_until(&mut harness, |t| !t.refreshing());
    harness.get_by_label_contains(
        "Refresh failed: downloading http://127.0.0.1:1/peps/release-cycle.json",
    );
    // The data shown is still the snapshot, and nothing was written.
    harness.get_by_label("release data: embedded snapshot of 2026-08-22 (95 days old)");
    assert!(!dir.join("cache/release-data.json").exists());
    let _ = std::fs::remove_dir_all(&dir);
}
