//! The Releases tab driven by label: interpreters found with their verdicts
//! (fake interpreters, a fixed date), the product switch, the table, a Refresh
//! that fails against an address where nothing listens, project files opened
//! or dropped on the window, a folder scanned (by the button's job or dropped
//! on the window) with each location copied as `file:line`, the table copied
//! as Markdown (compared with the CLI's), and the layout at the default
//! window size.
#![cfg(unix)]
#![allow(clippy::unwrap_used)]

use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT, Queryable};
use toolcup::app::ToolcupApp;
use toolcup::tabs::releases::{ReleasesTab, SCAN_FOLDER_LABEL, TIMELINE_LABEL};
use toolcup::tabs::{Tab, all_tabs};
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

/// Writes `contents` to `name` inside `dir` and returns its path.
fn project_file(dir: &Path, name: &str, contents: &str) -> PathBuf {
    let folder = dir.join("project");
    std::fs::create_dir_all(&folder).unwrap();
    let path = folder.join(name);
    std::fs::write(&path, contents).unwrap();
    path
}

fn tab_harness<'a>(dir: &Path, runner: &'a Runner) -> Harness<'a, ReleasesTab> {
    let mut harness =
        Harness::new_ui_state(|ui, tab: &mut ReleasesTab| tab.ui(ui, runner), tab(dir));
    harness.set_size(egui::vec2(1200.0, 900.0));
    step_until(&mut harness, ReleasesTab::discovery_done);
    harness
}

#[test]
fn a_python_version_file_shows_each_pin_with_its_status() {
    let dir = sandbox("pins", "Python 3.10.12\\n");
    let runner = Runner::new();
    let mut harness = tab_harness(&dir, &runner);
    let path = project_file(&dir, ".python-version", "# pinned\n3.12.1\n3.10\nmyenv\n");
    assert!(harness.state().accepts_file(&path));
    assert!(!harness.state().accepts_file(Path::new("/p/Cargo.toml")));
    assert!(!harness.state().accepts_file(Path::new("/p/photo.png")));
    harness.state_mut().open_file(&path, &runner);
    step_until(&mut harness, |t| !t.reading_project_file());

    harness.get_by_label("Project file");
    harness.get_by_label(&path.display().to_string());
    harness.get_by_label(".python-version pins 3 versions; the first one installed is used");
    harness.get_by_label(
        "Python 3.12.1: security, end of life 2028-10-31 (in 706 days), 13 behind 3.12.14",
    );
    harness.get_by_label(
        "Python 3.10: end-of-life, end of life 2026-10-31 (25 days ago), latest 3.10.21",
    );
    harness.get_by_label("myenv: not a CPython version number (a pyenv or virtualenv name?)");
    assert_eq!(harness.state().project_path(), Some(path.as_path()));
    // The window's recent-files menu learns of it once.
    assert_eq!(harness.state_mut().take_opened_files(), vec![path.clone()]);
    assert!(harness.state_mut().take_opened_files().is_empty());

    harness.get_by_label("Close project file").click();
    harness.run_steps(2);
    assert!(harness.query_by_label("Project file").is_none());
    assert_eq!(harness.state().project_path(), None);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_pyproject_shows_the_branches_requires_python_allows() {
    let dir = sandbox("pyproject", "Python 3.12.1\\n");
    let runner = Runner::new();
    let mut harness = tab_harness(&dir, &runner);
    let path = project_file(
        &dir,
        "pyproject.toml",
        "[project]\nname = \"demo\"\nrequires-python = \">=3.9, !=3.11.*, <3.14\"\n",
    );
    assert!(harness.state().accepts_file(&path));
    harness.state_mut().open_file(&path, &runner);
    step_until(&mut harness, |t| !t.reading_project_file());
    harness.get_by_label(
        "requires-python \">=3.9, !=3.11.*, <3.14\" allows 4 known branches, 2 of them end of life",
    );
    harness.get_by_label(
        "Python 3.13: security, end of life 2029-10-31 (in 1071 days), latest 3.13.15",
    );
    harness.get_by_label_contains("Python 3.9: end-of-life, end of life 2025-10-31");
    assert!(
        harness
            .query_all_by_label_contains("Python 3.11:")
            .next()
            .is_none(),
        "3.11 is excluded by !=3.11.*"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_bad_project_file_shows_one_line_naming_it() {
    let dir = sandbox("bad-project", "Python 3.12.1\\n");
    let runner = Runner::new();
    let mut harness = tab_harness(&dir, &runner);
    for (name, contents, reason) in [
        (
            "pyproject.toml",
            "[project]\nname = \"x\"\n",
            "no [project] requires-python",
        ),
        ("pyproject.toml", "[project\n", "not valid TOML"),
        (
            ".python-version",
            "# only a comment\n",
            "no Python version in it",
        ),
    ] {
        let path = project_file(&dir, name, contents);
        harness.state_mut().open_file(&path, &runner);
        step_until(&mut harness, |t| !t.reading_project_file());
        // The file named, then what is wrong with it, on one line.
        let line = format!("{}: {reason}", path.display());
        let shown = harness.get_by_label_contains(&line).accesskit_node();
        let text = shown.value().unwrap_or_default();
        assert!(text.starts_with(&line) && !text.contains('\n'), "{text:?}");
        harness.get_by_label("Dismiss").click();
        harness.run_steps(2);
        assert!(
            harness
                .query_by_label_contains(&path.display().to_string())
                .is_none()
        );
    }
    // A file that is not there at all.
    harness
        .state_mut()
        .open_file(&dir.join("gone/pyproject.toml"), &runner);
    step_until(&mut harness, |t| !t.reading_project_file());
    harness.get_by_label_contains("gone/pyproject.toml: No such file");
    assert_eq!(harness.state().project_path(), None);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn the_last_project_file_is_saved_and_read_again_at_start() {
    let dir = sandbox("persist", "Python 3.12.1\\n");
    let runner = Runner::new();
    let path = project_file(&dir, ".python-version", "3.13.0\n");
    let saved = {
        let mut harness = tab_harness(&dir, &runner);
        harness.state_mut().open_file(&path, &runner);
        step_until(&mut harness, |t| !t.reading_project_file());
        harness.state().save_state().unwrap()
    };
    assert_eq!(saved["project_file"], path.display().to_string());

    let mut restored = tab(&dir);
    restored.load_state(saved);
    assert_eq!(restored.project_path(), Some(path.as_path()));
    let mut harness =
        Harness::new_ui_state(|ui, tab: &mut ReleasesTab| tab.ui(ui, &runner), restored);
    harness.set_size(egui::vec2(1200.0, 900.0));
    step_until(&mut harness, |t| {
        t.discovery_done() && !t.reading_project_file()
    });
    harness.get_by_label(
        "Python 3.13.0: security, end of life 2029-10-31 (in 1071 days), 15 behind 3.13.15",
    );
    let _ = std::fs::remove_dir_all(&dir);
}

/// Steps until a frame copies text to the clipboard, and returns that text.
fn copied_text(harness: &mut Harness<'_, ReleasesTab>) -> String {
    for _ in 0..4 {
        harness.step();
        let copied = harness
            .output()
            .platform_output
            .commands
            .iter()
            .find_map(|c| match c {
                egui::OutputCommand::CopyText(text) => Some(text.clone()),
                _ => None,
            });
        if let Some(text) = copied {
            return text;
        }
    }
    panic!("nothing was copied to the clipboard");
}

/// `toolcup releases list --markdown` run in the sandbox: the same fake
/// interpreter on PATH, the same day, no cache.
fn cli_markdown(dir: &Path, product: &str) -> String {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_toolcup"))
        .args(["releases", "list", "--markdown", "--product", product])
        .env_clear()
        .env("PATH", dir.join("bin"))
        .env("HOME", dir)
        .env("TOOLCUP_TODAY", "2026-11-25")
        .env("TOOLCUP_CACHE_DIR", dir.join("cache"))
        .current_dir(dir)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn copy_as_markdown_puts_the_cli_table_on_the_clipboard() {
    let dir = sandbox("markdown", "Python 3.10.12\\nDjango 5.2.1\\n");
    let runner = Runner::new();
    let mut harness = tab_harness(&dir, &runner);

    harness.get_by_label("Copy as Markdown").click();
    let python = copied_text(&mut harness);
    assert!(
        python.starts_with("| Version | Status | First release | End of life | Latest patch |\n"),
        "{python}"
    );
    assert!(
        python
            .lines()
            .any(|l| l == "| 3.13 | security | 2024-10-07 | 2029-10-31 | 3.13.15 |"),
        "{python}"
    );
    assert!(
        python.contains("\n| **3.10** (active) | end-of-life |"),
        "{python}"
    );
    harness.run_steps(2);
    harness.get_by_label("Copied the Python table");
    assert_eq!(python, cli_markdown(&dir, "python"));

    harness.get_by_label("Django").click();
    harness.run_steps(2);
    harness.get_by_label("Copy as Markdown").click();
    let django = copied_text(&mut harness);
    assert!(django.contains("| **5.2 LTS** (active) |"), "{django}");
    assert_eq!(django, cli_markdown(&dir, "django"));
    let _ = std::fs::remove_dir_all(&dir);
}

/// The whole window at its default size, 1200x780, jobs panel open, with these tabs.
fn window(tabs: Vec<Box<dyn Tab>>, runner: Runner) -> Harness<'static, ToolcupApp> {
    let mut h = Harness::builder()
        .with_size(egui::vec2(1200.0, 780.0))
        .build_ui_state(
            |ui, app: &mut ToolcupApp| app.ui(ui),
            ToolcupApp::with_tabs(runner, tabs),
        );
    h.run_steps(3);
    h
}

fn step_window_until_shown(h: &mut Harness<'_, ToolcupApp>, text: &str) {
    let deadline = Instant::now() + Duration::from_secs(20);
    while h.query_all_by_label_contains(text).next().is_none() {
        assert!(Instant::now() < deadline, "'{text}' never showed");
        h.step();
        std::thread::sleep(Duration::from_millis(10));
    }
    h.run_steps(3);
}

#[test]
fn table_and_timeline_both_fit_the_default_window() {
    let dir = sandbox("layout", "Python 3.10.12\\n");
    let mut h = window(vec![Box::new(tab(&dir))], Runner::new());
    step_window_until_shown(&mut h, "Python 3.10.12: end-of-life");
    let screen = egui::Rect::from_min_size(egui::Pos2::ZERO, egui::vec2(1200.0, 780.0));
    let timeline = h.get_by_label(TIMELINE_LABEL).rect();
    let row = h.get_by_label("3.13").rect();
    let header = h.get_by_label("Latest patch").rect();
    assert!(screen.contains_rect(row), "table row 3.13 at {row:?}");
    assert!(
        screen.contains_rect(timeline),
        "timeline at {timeline:?} is cut off"
    );
    assert!(
        timeline.height() >= 200.0 && timeline.width() >= 250.0,
        "timeline too small: {timeline:?}"
    );
    assert!(
        header.right() <= timeline.left(),
        "table {header:?} overlaps timeline {timeline:?}"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

/// A file dropped on the window, as the platform integration hands it over.
#[derive(Debug)]
struct Dropped(PathBuf);

impl egui::DroppedFile for Dropped {
    fn path(&self) -> &Path {
        &self.0
    }

    fn bytes(&self) -> Result<Vec<u8>, String> {
        std::fs::read(&self.0).map_err(|e| e.to_string())
    }
}

#[test]
fn a_project_file_dropped_on_the_window_opens_in_the_releases_tab() {
    let dir = sandbox("drop", "Python 3.12.1\\n");
    // Every tab in the window's order (Denoise, which takes dropped images,
    // comes first), the Releases one sandboxed.
    let tabs: Vec<Box<dyn Tab>> = all_tabs()
        .into_iter()
        .map(|t| -> Box<dyn Tab> {
            if t.title() == "Releases" {
                Box::new(tab(&dir))
            } else {
                t
            }
        })
        .collect();
    let mut h = window(tabs, Runner::new());
    assert_eq!(h.state().selected_title(), Some("Brew"));
    let path = project_file(&dir, ".python-version", "3.11\n");
    h.input_mut().dropped_files.push(Arc::new(Dropped(path)));
    h.run_steps(2);
    assert_eq!(h.state().selected_title(), Some("Releases"));
    step_window_until_shown(
        &mut h,
        "Python 3.11: security, end of life 2027-10-31 (in 340 days), latest 3.11.",
    );

    // Back on Brew, a pyproject.toml dropped goes to Releases too.
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Num1);
    h.run_steps(2);
    assert_eq!(h.state().selected_title(), Some("Brew"));
    let path = project_file(
        &dir,
        "pyproject.toml",
        "[project]\nname = \"demo\"\nrequires-python = \">=3.12\"\n",
    );
    h.input_mut().dropped_files.push(Arc::new(Dropped(path)));
    h.run_steps(2);
    assert_eq!(h.state().selected_title(), Some("Releases"));
    step_window_until_shown(&mut h, "requires-python \">=3.12\" allows");
    let _ = std::fs::remove_dir_all(&dir);
}

/// `toolcup releases ARGS --json` in the sandbox (the same fake interpreter,
/// the given day, no cache), parsed.
fn cli_json(dir: &Path, today: &str, args: &[&str]) -> serde_json::Value {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_toolcup"))
        .arg("releases")
        .args(args)
        .arg("--json")
        .env_clear()
        .env("PATH", dir.join("bin"))
        .env("HOME", dir)
        .env("TOOLCUP_TODAY", today)
        .env("TOOLCUP_CACHE_DIR", dir.join("cache"))
        .current_dir(dir)
        .output()
        .unwrap();
    serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&out.stderr)))
}

/// The summaries (one verdict line each) of a `check --json` report.
fn summaries(report: &serde_json::Value) -> Vec<String> {
    report["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["summary"].as_str().unwrap().to_owned())
        .collect()
}

/// Issue 13: the command line and the window word a verdict the same way,
/// for an interpreter and for the branches a requires-python allows, on any
/// day (one day before an end of life reads "in 1 day" in both).
#[test]
fn the_command_line_and_the_window_give_the_same_verdict_text() {
    for (today, date, version) in [
        ("2026-11-25", Date::new(2026, 11, 25).unwrap(), "3.10.12"),
        ("2026-10-30", Date::new(2026, 10, 30).unwrap(), "3.10.12"),
        ("2026-10-31", Date::new(2026, 10, 31).unwrap(), "3.12.1"),
        ("2027-10-30", Date::new(2027, 10, 30).unwrap(), "3.11.7"),
    ] {
        let dir = sandbox(&format!("same-{today}"), &format!("Python {version}\\n"));
        let project = project_file(
            &dir,
            "pyproject.toml",
            "[project]\nrequires-python = \">=3.9, !=3.11.*\"\n",
        );
        let cli = summaries(&cli_json(&dir, today, &["check"]));
        let pins = summaries(&cli_json(
            &dir,
            today,
            &["check", "--requires-python", &project.display().to_string()],
        ));
        let runner = Runner::new();
        let env = Environment {
            path: dir.join("bin").into_os_string(),
            cwd: dir.clone(),
            timeout: Duration::from_secs(5),
            ..Environment::default()
        };
        let tab = ReleasesTab::with_context(
            date,
            env,
            Some(Cache::at(dir.join("cache"))),
            Sources::default(),
        );
        let mut harness =
            Harness::new_ui_state(|ui, tab: &mut ReleasesTab| tab.ui(ui, &runner), tab);
        harness.set_size(egui::vec2(1400.0, 1200.0));
        step_until(&mut harness, ReleasesTab::discovery_done);
        assert_eq!(cli.len(), 1);
        assert!(
            harness.query_all_by_label(&cli[0]).next().is_some(),
            "{today}: the window does not show {:?}",
            cli[0]
        );
        harness.state_mut().open_file(&project, &runner);
        step_until(&mut harness, |t| !t.reading_project_file());
        assert!(pins.len() >= 4, "{pins:?}");
        for line in &pins {
            assert!(
                harness.query_all_by_label(line).next().is_some(),
                "{today}: the window does not show {line:?}"
            );
        }
        if today == "2026-10-30" {
            assert!(cli[0].contains("(in 1 day)"), "{}", cli[0]);
        }
        let _ = std::fs::remove_dir_all(&dir);
    }
}

/// A small repository: an end-of-life `.python-version`, a `pyproject.toml`
/// and a workflow matrix.
fn repository(dir: &Path) -> PathBuf {
    let repo = dir.join("repo");
    std::fs::create_dir_all(repo.join(".github/workflows")).unwrap();
    std::fs::write(repo.join(".python-version"), "3.9\n").unwrap();
    std::fs::write(
        repo.join("pyproject.toml"),
        "[project]\nname = \"demo\"\nrequires-python = \">=3.12\"\n",
    )
    .unwrap();
    std::fs::write(
        repo.join(".github/workflows/ci.yml"),
        "jobs:\n  test:\n    strategy:\n      matrix:\n        python-version: [\"3.12\", \"3.14\"]\n",
    )
    .unwrap();
    repo
}

#[test]
fn a_scanned_folder_lists_each_pin_and_copies_its_location() {
    let dir = sandbox("scan", "Python 3.12.1\\n");
    let runner = Runner::new();
    let mut harness = tab_harness(&dir, &runner);
    harness.get_by_label(SCAN_FOLDER_LABEL);
    let repo = repository(&dir);
    harness.state_mut().scan_folder(&repo, &runner);
    harness.step();
    step_until(&mut harness, |t| !t.scanning());

    harness.get_by_label("Scan");
    harness.get_by_label(&repo.display().to_string());
    // "Status" is a header of the release table too.
    for header in ["Location", "Pins", "Status", "End of life", "Upgrade to"] {
        assert!(
            harness.query_all_by_label(header).next().is_some(),
            "{header}"
        );
    }
    // The same findings as `toolcup releases scan`, with the same words.
    let findings = harness.state().scan_findings();
    let mut rows: Vec<String> = findings
        .iter()
        .map(|f| {
            format!(
                "{} {}",
                f.site.location(),
                f.assessment.status.map_or("unknown", |s| s.as_str())
            )
        })
        .collect();
    rows.sort();
    assert_eq!(
        rows,
        [
            ".github/workflows/ci.yml:5 bugfix",
            ".github/workflows/ci.yml:5 security",
            ".python-version:1 end-of-life",
            "pyproject.toml:3 security",
        ],
        "{rows:?}"
    );
    // The status cell (the release table has end-of-life rows too) and the pin.
    assert!(harness.query_all_by_label("end-of-life").count() >= 2);
    harness.get_by_label("Python 3.9");

    harness.get_by_label(".python-version:1").click();
    let copied = copied_text(&mut harness);
    assert_eq!(
        copied,
        format!("{}:1", repo.join(".python-version").display())
    );
    harness.run_steps(2);
    harness.get_by_label(&format!("Copied {copied}"));

    harness.get_by_label("Close scan").click();
    harness.run_steps(2);
    assert!(harness.query_by_label(".python-version:1").is_none());
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_folder_dropped_on_the_window_is_scanned_in_the_releases_tab() {
    let dir = sandbox("scan-drop", "Python 3.12.1\\n");
    let tabs: Vec<Box<dyn Tab>> = all_tabs()
        .into_iter()
        .map(|t| -> Box<dyn Tab> {
            if t.title() == "Releases" {
                Box::new(tab(&dir))
            } else {
                t
            }
        })
        .collect();
    let mut h = window(tabs, Runner::new());
    let repo = repository(&dir);
    h.input_mut().dropped_files.push(Arc::new(Dropped(repo)));
    h.run_steps(2);
    assert_eq!(h.state().selected_title(), Some("Releases"));
    step_window_until_shown(&mut h, ".python-version:1");
    h.get_by_label("pyproject.toml:3");
    let _ = std::fs::remove_dir_all(&dir);
}
