//! The Brew tab driven by label: the sample call's binding and ticket, an
//! error with its caret as you type, a preset switch, the Brew job, and the
//! order queue.
#![allow(clippy::unwrap_used)]

use std::time::{Duration, Instant};

use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use toolcup::tabs::brew::BrewTab;
use toolcup_brew::Preset;
use toolcup_jobs::Runner;

fn harness<'a>(runner: &'a Runner, tab: BrewTab) -> Harness<'a, BrewTab> {
    let mut h = Harness::new_ui_state(move |ui, tab: &mut BrewTab| tab.ui(ui, runner), tab);
    h.set_size(egui::vec2(1100.0, 1400.0));
    h.run_steps(2);
    h
}

/// Focus the call editor, move to the end of the text, and type.
fn type_at_end(h: &mut Harness<'_, BrewTab>, text: &str) {
    h.get_by_role_and_label(egui::accesskit::Role::MultilineTextInput, "Call")
        .focus();
    h.run_steps(1);
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::End);
    h.run_steps(1);
    h.get_by_role_and_label(egui::accesskit::Role::MultilineTextInput, "Call")
        .type_text(text);
    h.run_steps(2);
}

#[test]
fn sample_call_shows_binding_and_ticket() {
    let runner = Runner::new();
    let h = harness(&runner, BrewTab::default());
    h.get_by_label("('vanilla syrup',)");
    h.get_by_label("collected from the keywords milk_type and temperature");
    h.get_by_label("collected from the 2nd positional argument");
    h.get_by_label("{'milk_type': 'oat', 'temperature': 'extra hot'}");
    h.get_all_by_label_contains("Coffee type: Latte")
        .next()
        .unwrap();
    h.get_all_by_label_contains("\ttemperature: extra hot")
        .next()
        .unwrap();
}

#[test]
fn typing_updates_the_binding_and_shows_the_caret() {
    let runner = Runner::new();
    let mut h = harness(
        &runner,
        BrewTab::with_call(Preset::Current, "brew_coffee(\"Mocha\", milk_amount=1"),
    );
    // Unclosed: Python's error with its caret under the bracket.
    h.get_all_by_label_contains("SyntaxError: '(' was never closed")
        .next()
        .unwrap();
    h.get_all_by_label_contains("           ^").next().unwrap();
    type_at_end(&mut h, ", 4)");
    h.get_all_by_label_contains("SyntaxError: positional argument follows keyword argument")
        .next()
        .unwrap();
    assert!(h.state().binding().is_none());
    // Fix it: the binding appears as soon as the text binds.
    for _ in 0..", 4)".len() {
        h.key_press(egui::Key::Backspace);
    }
    h.run_steps(1);
    type_at_end(&mut h, ")");
    assert!(h.state().binding().is_some());
    h.get_by_label("'Mocha'");
    h.get_by_label("keyword");
}

#[test]
fn preset_picker_switches_the_signature() {
    let runner = Runner::new();
    let mut h = harness(
        &runner,
        BrewTab::with_call(Preset::Current, "brew_coffee(\"Espresso\", 3, 0)"),
    );
    h.get_by_label("(3, 0)");
    h.get_by_role_and_label(egui::accesskit::Role::ComboBox, "Preset")
        .click();
    h.run_steps(2);
    h.get_by_label("basic").click();
    h.run_steps(2);
    h.get_all_by_label_contains(
        "TypeError: brew_coffee() takes 1 positional argument but 3 were given",
    )
    .next()
    .unwrap();
}

#[test]
fn brew_button_runs_a_job_and_reports_ready() {
    let runner = Runner::new();
    let mut tab = BrewTab::with_call(Preset::Current, "brew_coffee(\"Espresso\", strength=1)");
    tab.set_time_scale(100_000.0);
    let mut h = harness(&runner, tab);
    h.get_by_label("Brew").click();
    h.step();
    let deadline = Instant::now() + Duration::from_secs(20);
    while h.state().is_brewing() {
        assert!(Instant::now() < deadline, "the brew job did not finish");
        h.step();
        std::thread::sleep(Duration::from_millis(10));
    }
    h.run_steps(2);
    assert_eq!(h.state().brew_status(), Some("Espresso is ready"));
    h.get_by_label("Espresso is ready");
}

#[test]
fn queue_shows_waits_and_throughput() {
    let runner = Runner::new();
    let mut h = harness(&runner, BrewTab::default());
    for _ in 0..3 {
        h.get_by_label("Add to queue").click();
        h.run_steps(1);
    }
    h.run_steps(2);
    h.get_by_label("#3 Latte");
    h.get_all_by_label_contains("orders per hour")
        .next()
        .unwrap();
}

#[test]
fn cancel_stops_the_brew_job() {
    let runner = Runner::new();
    // At the machine's own pace a latte takes over a minute: plenty of time to cancel.
    let mut tab = BrewTab::with_call(Preset::Current, "brew_coffee(\"Latte\", milk_amount=3)");
    tab.set_time_scale(1.0);
    let mut h = harness(&runner, tab);
    h.get_by_label("Brew").click();
    h.step();
    h.step();
    assert!(h.state().is_brewing());
    h.get_by_label("Cancel brewing").click();
    let deadline = Instant::now() + Duration::from_secs(20);
    while h.state().is_brewing() {
        assert!(Instant::now() < deadline, "the brew job did not stop");
        h.step();
        std::thread::sleep(Duration::from_millis(10));
    }
    h.run_steps(2);
    assert_eq!(h.state().brew_status(), Some("Brewing cancelled"));
}

/// Issue 12: a paste nested past CPython's limits shows Python's error in
/// the window, on a 1 MiB stack (Windows' main thread), and the window
/// goes on.
#[test]
fn a_deadly_paste_shows_an_error_and_the_window_lives() {
    std::thread::Builder::new()
        .stack_size(1024 * 1024)
        .spawn(|| {
            let runner = Runner::new();
            let call = format!("brew_coffee({}2)", "2**".repeat(33_000));
            let mut h = harness(&runner, BrewTab::with_call(Preset::Current, &call));
            h.get_all_by_label_contains(
                "MemoryError: Parser stack overflowed - Python source too complex to parse",
            )
            .next()
            .unwrap();
            h.run_steps(2);
            assert!(h.state().binding().is_none());
        })
        .unwrap()
        .join()
        .unwrap();
}

/// A paste larger than the engine reads is cut at its limit, and says so.
#[test]
fn a_huge_paste_is_cut_at_the_engine_limit() {
    let runner = Runner::new();
    let mut h = harness(&runner, BrewTab::with_call(Preset::Current, ""));
    let paste = "1".repeat(toolcup_brew::MAX_SOURCE_CHARS + 50_000);
    type_at_end(&mut h, &paste);
    h.get_all_by_label_contains("The call is cut at 100000 characters")
        .next()
        .unwrap();
}
