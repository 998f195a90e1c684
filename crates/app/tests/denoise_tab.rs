//! The Denoise tab driven by label: the sample photo previews on the runner,
//! the filter and kernel controls recompute it (superseding stale work), Add
//! noise gives PSNR/SSIM against the clean photo, the split view's divider
//! drags, and a dropped file opens.
#![allow(clippy::unwrap_used)]

use std::time::{Duration, Instant};

use egui::accesskit::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use toolcup::tabs::Tab;
use toolcup::tabs::denoise::{DenoiseTab, FilterKind, ViewMode};
use toolcup_denoise::{Filter, KernelSize, no_progress};
use toolcup_jobs::Runner;

/// Steps the harness until `done` holds, for at most 60 s.
fn step_until(harness: &mut Harness<'_, DenoiseTab>, done: impl Fn(&DenoiseTab) -> bool) {
    let deadline = Instant::now() + Duration::from_secs(60);
    while !done(harness.state()) {
        assert!(
            Instant::now() < deadline,
            "timed out waiting for the tab's job"
        );
        harness.step();
        std::thread::sleep(Duration::from_millis(10));
    }
    harness.run_steps(2);
}

fn idle_with_result(tab: &DenoiseTab) -> bool {
    !tab.is_busy() && tab.result().is_some()
}

#[test]
fn the_sample_photo_previews_with_the_default_median() {
    let runner = Runner::new();
    let mut harness = Harness::new_ui_state(
        |ui, tab: &mut DenoiseTab| tab.ui(ui, &runner),
        DenoiseTab::default(),
    );
    harness.set_size(egui::vec2(1200.0, 800.0));
    step_until(&mut harness, idle_with_result);
    harness.get_by_label("Open image…");
    harness.get_by_label("Save result…");
    harness.get_by_label("Add noise");
    harness.get_by_label_contains("Result: median k=5");
    let expected = Filter::Median
        .apply(
            &harness.state().input(),
            KernelSize::new(5).unwrap(),
            &mut no_progress,
        )
        .unwrap();
    assert_eq!(harness.state().result(), Some(&expected));
}

#[test]
fn moving_the_kernel_slider_and_changing_filter_recompute() {
    let runner = Runner::new();
    let mut harness = Harness::new_ui_state(
        |ui, tab: &mut DenoiseTab| tab.ui(ui, &runner),
        DenoiseTab::default(),
    );
    harness.set_size(egui::vec2(1200.0, 800.0));
    step_until(&mut harness, idle_with_result);
    // Several slider moves in a row: each supersedes the one before.
    for k in [7.0, 9.0, 3.0] {
        harness
            .get_by_role_and_label(Role::Slider, "Kernel size")
            .set_value_accesskit(k);
        harness.step();
    }
    step_until(&mut harness, |t| {
        idle_with_result(t) && t.settings().kernel == 3
    });
    harness.get_by_label("Filter").click();
    harness.run_steps(2);
    harness.get_by_label("Maximum (dilate)").click();
    harness.run_steps(2);
    assert_eq!(harness.state().settings().filter, FilterKind::Max);
    step_until(&mut harness, |t| {
        idle_with_result(t)
            && t.result()
                != Some(
                    &Filter::Median
                        .apply(&t.input(), KernelSize::new(3).unwrap(), &mut no_progress)
                        .unwrap(),
                )
    });
    let expected = Filter::Max
        .apply(
            &harness.state().input(),
            KernelSize::new(3).unwrap(),
            &mut no_progress,
        )
        .unwrap();
    assert_eq!(harness.state().result(), Some(&expected));
    harness.get_by_label_contains("Result: max k=3");
}

#[test]
fn adding_noise_scores_the_result_against_the_clean_photo() {
    let runner = Runner::new();
    let mut harness = Harness::new_ui_state(
        |ui, tab: &mut DenoiseTab| tab.ui(ui, &runner),
        DenoiseTab::default(),
    );
    harness.set_size(egui::vec2(1200.0, 800.0));
    step_until(&mut harness, idle_with_result);
    assert!(harness.query_by_label_contains("PSNR").is_none());
    harness.get_by_label("Add noise").click();
    step_until(&mut harness, |t| {
        idle_with_result(t) && t.scores().is_some()
    });
    harness.get_by_label_contains("PSNR");
    let (psnr, ssim) = harness.state().scores().unwrap();
    assert!(psnr.unwrap() > 20.0, "{psnr:?}");
    assert!(ssim.unwrap() > 0.3 && ssim.unwrap() < 1.0, "{ssim:?}");
    harness.get_by_label("Remove noise").click();
    step_until(&mut harness, |t| {
        idle_with_result(t) && t.scores().is_none()
    });
}

#[test]
fn split_view_divider_drags() {
    let runner = Runner::new();
    let mut harness = Harness::new_ui_state(
        |ui, tab: &mut DenoiseTab| tab.ui(ui, &runner),
        DenoiseTab::default(),
    );
    harness.set_size(egui::vec2(1000.0, 700.0));
    step_until(&mut harness, idle_with_result);
    harness.get_by_label("Split").click();
    harness.run_steps(2);
    assert_eq!(harness.state().settings().view, ViewMode::Split);
    assert_eq!(harness.state().split_position(), 0.5);
    // Drag the divider (the middle of the view) to the left.
    let ctx = harness.ctx.clone();
    let view = ctx.content_rect();
    let start = egui::pos2(view.center().x, view.bottom() - 100.0);
    harness.hover_at(start);
    harness.step();
    harness.drag_at(start);
    harness.step();
    let end = start - egui::vec2(200.0, 0.0);
    harness.hover_at(end);
    harness.step();
    harness.drop_at(end);
    harness.run_steps(2);
    let split = harness.state().split_position();
    assert!(split < 0.4, "divider moved left: {split}");
}

#[test]
fn a_dropped_image_file_opens() {
    let runner = Runner::new();
    let mut harness = Harness::new_ui_state(
        |ui, tab: &mut DenoiseTab| tab.ui(ui, &runner),
        DenoiseTab::default(),
    );
    harness.set_size(egui::vec2(1000.0, 700.0));
    step_until(&mut harness, idle_with_result);
    let grey = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../denoise/tests/data/opencv/coffee_grey_40x27.png");
    assert!(harness.state().accepts_file(&grey));
    assert!(
        !harness
            .state()
            .accepts_file(std::path::Path::new("notes.txt"))
    );
    harness.state_mut().open_file(&grey, &runner);
    step_until(&mut harness, |t| {
        idle_with_result(t) && t.input().width() == 40
    });
    harness.get_by_label_contains("Image: coffee_grey_40x27.png");
    assert_eq!(harness.state().result().map(|r| r.channels()), Some(1));
}

#[test]
fn labels_stand_before_their_widgets_and_name_them() {
    let runner = Runner::new();
    let mut harness = Harness::new_ui_state(
        |ui, tab: &mut DenoiseTab| tab.ui(ui, &runner),
        DenoiseTab::default(),
    );
    harness.set_size(egui::vec2(1200.0, 800.0));
    step_until(&mut harness, idle_with_result);
    // Each label is left of the widget it names, and the widget answers to it.
    for (label, role) in [
        ("Filter", Role::ComboBox),
        ("Kernel size", Role::Slider),
        ("JPEG quality", Role::Slider),
        ("Noise sigma", Role::Slider),
    ] {
        let widget = harness.get_by_role_and_label(role, label).rect();
        let text = harness
            .get_all_by_role(Role::Label)
            .find(|n| n.value().as_deref() == Some(label))
            .unwrap_or_else(|| panic!("a {label} label"))
            .rect();
        assert!(
            text.max.x <= widget.min.x + 1.0,
            "{label}: {text:?} then {widget:?}"
        );
        assert!(
            (text.center().y - widget.center().y).abs() < widget.height(),
            "{label}"
        );
    }
    // "Filter" names the menu, not the kernel slider after it.
    let filter = harness
        .get_by_role_and_label(Role::ComboBox, "Filter")
        .rect();
    let kernel = harness
        .get_by_role_and_label(Role::Slider, "Kernel size")
        .rect();
    assert!(filter.max.x < kernel.min.x);
}

#[test]
fn the_zoom_label_says_fit_with_the_real_scale() {
    let runner = Runner::new();
    let mut harness = Harness::new_ui_state(
        |ui, tab: &mut DenoiseTab| tab.ui(ui, &runner),
        DenoiseTab::default(),
    );
    harness.set_size(egui::vec2(1000.0, 700.0));
    step_until(&mut harness, idle_with_result);
    let text = harness.state().zoom_text();
    assert!(text.starts_with("Fit ("), "{text}");
    let percent: f32 = text
        .trim_start_matches("Fit (")
        .trim_end_matches("%)")
        .parse()
        .expect("a percentage");
    // The sample photo is shrunk to fit two panes of a 1000-point window.
    let width = harness.state().input().width() as f32;
    assert!(percent < 100.0 && percent > 0.0, "{text}");
    assert!((percent / 100.0 * width) < 500.0, "{text} of {width} px");
    harness.get_by_label(&text);
    assert!(harness.query_by_label("Zoom 100%").is_none());
}

#[test]
fn without_a_file_dialog_a_path_field_opens_and_saves() {
    let runner = Runner::new();
    let mut harness = Harness::new_ui_state(
        |ui, tab: &mut DenoiseTab| tab.ui(ui, &runner),
        DenoiseTab::default().without_file_dialog("no portal in this test"),
    );
    harness.set_size(egui::vec2(1200.0, 800.0));
    step_until(&mut harness, idle_with_result);
    harness.get_by_label("Open image…").click();
    harness.run_steps(2);
    let grey = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../denoise/tests/data/opencv/coffee_grey_40x27.png");
    harness
        .get_by_role_and_label(Role::TextInput, "Image to open")
        .set_text_value_accesskit(&grey.display().to_string());
    harness.run_steps(2);
    harness.get_by_label("Open").click();
    step_until(&mut harness, |t| {
        idle_with_result(t) && t.input().width() == 40
    });
    harness.get_by_label_contains("Image: coffee_grey_40x27.png");
    // Nothing pretends: the jobs say what they did.
    assert!(
        runner.jobs().iter().all(|j| !j.name.contains("choose")),
        "no dialog job ran"
    );

    let folder = tempfile::tempdir().expect("temp dir");
    let target = folder.path().join("typed.tif");
    harness.get_by_label("Save result…").click();
    harness.run_steps(2);
    harness
        .get_by_role_and_label(Role::TextInput, "Save as")
        .set_text_value_accesskit(&target.display().to_string());
    harness.run_steps(2);
    harness.get_by_label("Save").click();
    step_until(&mut harness, |t| !t.is_busy() && target.exists());
    harness.get_by_label_contains("Saved ");
    let bytes = std::fs::read(&target).expect("saved");
    assert!(
        bytes.starts_with(b"II*\0") || bytes.starts_with(b"MM\0*"),
        "TIFF bytes"
    );
    let saved = toolcup_denoise::read_image(&target).expect("decodes");
    assert_eq!(Some(&saved), harness.state().result());
}
