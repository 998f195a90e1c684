//! Journeys through the whole window, as a person would take them: by
//! keyboard shortcut and accessible label, with the real job runner. Every
//! wait on a job has a deadline.

use std::time::{Duration, Instant};

use egui::accesskit::Role;
use egui::{Key, Modifiers};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use toolcup::app::ToolcupApp;
use toolcup::tabs::denoise::DenoiseTab;
use toolcup_jobs::Runner;

const DEADLINE: Duration = Duration::from_secs(60);

fn window() -> Harness<'static, ToolcupApp> {
    let mut h = Harness::builder()
        .with_size(egui::vec2(1280.0, 1400.0))
        .build_ui_state(
            |ui, app: &mut ToolcupApp| app.ui(ui),
            ToolcupApp::new(Runner::new()),
        );
    h.run_steps(3);
    h
}

/// Step the window until a label containing `text` shows, or fail.
fn step_until_shown(h: &mut Harness<'_, ToolcupApp>, text: &str) {
    let start = Instant::now();
    while h.query_all_by_label_contains(text).next().is_none() {
        assert!(start.elapsed() < DEADLINE, "'{text}' never showed");
        h.step();
        std::thread::sleep(Duration::from_millis(10));
    }
    h.run_steps(2);
}

fn switch_to(h: &mut Harness<'_, ToolcupApp>, key: Key, title: &str) {
    h.key_press_modifiers(Modifiers::COMMAND, key);
    h.run_steps(2);
    assert_eq!(h.state().selected_title(), Some(title));
}

#[test]
fn every_tab_is_reachable_by_its_shortcut_in_order() {
    let mut h = window();
    for (key, title) in [
        (Key::Num1, "Brew"),
        (Key::Num2, "Denoise"),
        (Key::Num3, "Rotation"),
        (Key::Num4, "Releases"),
    ] {
        switch_to(&mut h, key, title);
    }
}

#[test]
fn brew_a_typed_call_and_see_the_ticket() {
    let mut h = window();
    switch_to(&mut h, Key::Num1, "Brew");
    // The sample call binds and its ticket shows at once.
    h.get_all_by_label_contains("Coffee type: Latte")
        .next()
        .expect("ticket");
    // Brew it: the job runs on the shared runner and reports in the jobs panel.
    h.get_by_role_and_label(Role::Button, "Brew").click();
    h.run_steps(2);
    step_until_shown(&mut h, "Latte is ready");
    assert!(
        h.state()
            .runner()
            .jobs()
            .iter()
            .any(|j| j.name.contains("Latte"))
    );
}

#[test]
fn denoise_previews_the_sample_photo() {
    let mut h = window();
    switch_to(&mut h, Key::Num2, "Denoise");
    step_until_shown(&mut h, "Result: median k=5");
}

/// A file dropped on the window, as the windowing layer hands it to egui.
#[derive(Debug)]
struct DroppedPath(std::path::PathBuf);

impl egui::DroppedFile for DroppedPath {
    fn path(&self) -> &std::path::Path {
        &self.0
    }

    fn bytes(&self) -> Result<Vec<u8>, String> {
        std::fs::read(&self.0).map_err(|e| e.to_string())
    }
}

#[test]
fn open_the_sample_photo_denoise_it_and_save_the_result() {
    let mut h = window();
    let photo = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/coffee.png");
    // Dropped on the window, the photo goes to the Denoise tab.
    h.input_mut()
        .dropped_files
        .push(std::sync::Arc::new(DroppedPath(photo)));
    h.run_steps(2);
    assert_eq!(h.state().selected_title(), Some("Denoise"));
    step_until_shown(&mut h, "Opened coffee.png");
    step_until_shown(&mut h, "Result: median k=5");

    let folder = tempfile::tempdir().expect("temporary folder");
    let target = folder.path().join("coffee-denoised.png");
    let saving = h
        .state_mut()
        .with_tab(|tab: &mut DenoiseTab, runner| tab.save_result_to(target.clone(), runner));
    assert_eq!(saving, Some(true), "the Denoise tab has a result to save");
    step_until_shown(&mut h, "Saved ");

    let saved = toolcup_denoise::read_image(&target).expect("the saved file decodes");
    h.state_mut().with_tab(|tab: &mut DenoiseTab, _| {
        let result = tab.result().expect("a result is shown");
        assert_eq!(saved.as_bytes(), result.as_bytes());
        assert_eq!(
            tab.settings().last_folder.as_deref(),
            Some(folder.path()),
            "the save folder is remembered for the next dialog"
        );
    });
}

#[test]
fn random_rotation_agrees_in_quaternion_and_matrix() {
    let mut h = window();
    switch_to(&mut h, Key::Num3, "Rotation");
    h.get_by_label("Random").click();
    h.run_steps(3);
    let read = |h: &Harness<'_, ToolcupApp>, label: &str| -> f64 {
        let text = h.get_by_label(label).value().unwrap_or_default();
        text.parse()
            .unwrap_or_else(|_| panic!("{label} shows '{text}'"))
    };
    let q = ["w", "x", "y", "z"].map(|l| read(&h, l));
    let shown = [
        "r11", "r12", "r13", "r21", "r22", "r23", "r31", "r32", "r33",
    ]
    .map(|l| read(&h, l));
    let [w, x, y, z] = q;
    let expected = [
        2.0 * (w * w + x * x) - 1.0,
        2.0 * (x * y - w * z),
        2.0 * (x * z + w * y),
        2.0 * (x * y + w * z),
        2.0 * (w * w + y * y) - 1.0,
        2.0 * (y * z - w * x),
        2.0 * (x * z - w * y),
        2.0 * (y * z + w * x),
        2.0 * (w * w + z * z) - 1.0,
    ];
    for (got, want) in shown.iter().zip(expected) {
        assert!(
            (got - want).abs() < 1e-12,
            "matrix {shown:?} disagrees with quaternion {q:?}"
        );
    }
    // And back: typing the matrix of a quarter turn about z gives its quaternion.
    let quarter_z = ["0", "-1", "0", "1", "0", "0", "0", "0", "1"];
    for (label, text) in [
        "r11", "r12", "r13", "r21", "r22", "r23", "r31", "r32", "r33",
    ]
    .iter()
    .zip(quarter_z)
    {
        h.get_by_label(label).focus();
        h.run_steps(1);
        h.get_by_label(label).set_text_value_accesskit(text);
        h.run_steps(1);
    }
    h.run_steps(3);
    let half = std::f64::consts::FRAC_1_SQRT_2;
    let q = ["w", "x", "y", "z"].map(|l| read(&h, l));
    for (got, want) in q.iter().zip([half, 0.0, 0.0, half]) {
        assert!((got - want).abs() < 1e-15, "quaternion {q:?}");
    }
}

#[test]
fn releases_switches_to_django() {
    let mut h = window();
    switch_to(&mut h, Key::Num4, "Releases");
    h.get_by_label("Python release cycle");
    h.get_by_label("Django").click();
    h.run_steps(3);
    h.get_by_label("Django release cycle");
    assert!(h.query_by_label("Python release cycle").is_none());
}

#[test]
fn the_menu_opens_about_and_the_shortcuts_sheet() {
    let mut h = window();
    h.get_by_label("Menu").click();
    h.run_steps(2);
    h.get_by_label("About Toolcup").click();
    h.run_steps(2);
    h.get_by_label("MIT OR Apache-2.0");
    h.get_by_label_contains("CC0 by the photographer");
    h.key_press(Key::F1);
    h.run_steps(2);
    h.get_by_label("Ctrl+Enter");
}

#[test]
fn a_failed_job_raises_a_toast() {
    let mut h = window();
    let job = h
        .state()
        .runner()
        .submit(toolcup_jobs::JobSpec::cpu("Fetch beans"), |_| {
            Err::<(), _>("the bag is empty")
        });
    assert!(job.wait_timeout(DEADLINE).is_some());
    step_until_shown(&mut h, "Fetch beans failed: the bag is empty");
}

#[test]
fn ctrl_enter_brews_and_escape_cancels() {
    let mut h = window();
    switch_to(&mut h, Key::Num1, "Brew");
    h.key_press_modifiers(Modifiers::COMMAND, Key::Enter);
    h.run_steps(2);
    let brewing = |h: &Harness<'_, ToolcupApp>| {
        h.state()
            .runner()
            .jobs()
            .into_iter()
            .find(|j| j.name.contains("Latte"))
    };
    let job = brewing(&h).expect("Ctrl+Enter started a brew job");
    assert!(
        !job.state.is_finished(),
        "a brew at normal speed takes a while"
    );
    h.key_press(Key::Escape);
    h.run_steps(2);
    let start = Instant::now();
    while !brewing(&h).is_some_and(|j| j.state == toolcup_jobs::JobState::Cancelled) {
        assert!(start.elapsed() < DEADLINE, "Esc did not cancel the brew");
        h.step();
        std::thread::sleep(Duration::from_millis(10));
    }
}
