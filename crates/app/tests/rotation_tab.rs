//! The Rotation tab, driven by accessible labels.

use std::time::{Duration, Instant};

use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use toolcup::tabs::rotation::RotationTab;
use toolcup_jobs::Runner;

fn harness(runner: &Runner) -> Harness<'_, RotationTab> {
    let mut h = Harness::builder()
        .with_size(egui::vec2(1100.0, 1400.0))
        .build_ui_state(
            |ui, tab: &mut RotationTab| tab.ui(ui, runner),
            RotationTab::default(),
        );
    h.run();
    h
}

fn value(h: &Harness<'_, RotationTab>, label: &str) -> f64 {
    let text = h.get_by_label(label).value().unwrap_or_default();
    text.parse()
        .unwrap_or_else(|_| panic!("{label} shows '{text}'"))
}

fn set(h: &mut Harness<'_, RotationTab>, label: &str, text: &str) {
    h.get_by_label(label).focus();
    h.run();
    h.get_by_label(label).set_text_value_accesskit(text);
    h.run();
}

#[test]
fn starts_on_the_sample_rotation_in_every_view() {
    let runner = Runner::new();
    let h = harness(&runner);
    // Yaw 30°, pitch 20°, roll 10° (intrinsic ZYX), as typed.
    for (label, text) in [("angle 1", "30"), ("angle 2", "20"), ("angle 3", "10")] {
        assert_eq!(h.get_by_label(label).value().as_deref(), Some(text));
    }
    let expected = "ZYX"
        .parse::<toolcup_rotation::EulerConvention>()
        .expect("sequence")
        .to_quaternion([30f64, 20.0, 10.0].map(f64::to_radians))
        .expect("finite");
    assert_eq!(h.state().rotation(), expected);
    assert!(expected.w() > 0.0);
    // No rotated axis lies on a reference axis (they would hide each other
    // in the drawing): every diagonal entry is well below 1.
    for label in ["r11", "r22", "r33"] {
        assert!(value(&h, label) < 0.95, "{label}");
    }
    h.get_by_label("Random");
    h.get_by_label("Copy quaternion");
    h.get_by_label("Copy matrix");
    h.get_by_label("Copy axis-angle");
    h.get_by_label("Copy Euler angles");
    h.get_by_label_contains("Dashed: the reference axes");
}

#[test]
fn editing_the_quaternion_updates_the_matrix_and_back() {
    let runner = Runner::new();
    let mut h = harness(&runner);
    // Half turn about x.
    set(&mut h, "w", "0");
    set(&mut h, "x", "1");
    set(&mut h, "y", "0");
    set(&mut h, "z", "0");
    assert_eq!(value(&h, "r11"), 1.0);
    assert_eq!(value(&h, "r22"), -1.0);
    assert_eq!(value(&h, "r33"), -1.0);
    assert!((value(&h, "angle") - 180.0).abs() < 1e-12);
    // Now edit the matrix into a quarter turn about z.
    for (label, text) in [
        ("r11", "0"),
        ("r12", "-1"),
        ("r13", "0"),
        ("r21", "1"),
        ("r22", "0"),
        ("r23", "0"),
        ("r31", "0"),
        ("r32", "0"),
        ("r33", "1"),
    ] {
        set(&mut h, label, text);
    }
    let h2 = std::f64::consts::FRAC_1_SQRT_2;
    assert!((value(&h, "w") - h2).abs() < 1e-16);
    assert!((value(&h, "z") - h2).abs() < 1e-16);
    assert!((value(&h, "angle") - 90.0).abs() < 1e-12);
}

#[test]
fn validation_messages_name_the_fault() {
    let runner = Runner::new();
    let mut h = harness(&runner);
    set(&mut h, "x", "abc");
    h.get_by_label_contains("'abc' at column 1 is not a number");
    // The other views keep the last good rotation.
    let r21 = value(&h, "r21");
    assert!((r21 - 0.4698463103929541).abs() < 1e-15, "{r21}");
    set(&mut h, "x", "0.5");
    assert!(h.query_by_label_contains("is not a number").is_none());
    // A mirror is refused with its determinant.
    h.get_by_label("Identity").click();
    h.run();
    set(&mut h, "r33", "-1");
    h.get_by_label_contains("reflection");
    // A zero axis is refused beside the axis-angle fields.
    for label in ["axis x", "axis y", "axis z"] {
        set(&mut h, label, "0");
    }
    h.get_by_label_contains("must be finite and non-zero");
}

#[test]
fn euler_view_follows_the_sequence_picker_and_round_trips() {
    let runner = Runner::new();
    let mut h = harness(&runner);
    set(&mut h, "angle 1", "30");
    set(&mut h, "angle 2", "-20");
    set(&mut h, "angle 3", "10");
    let w = value(&h, "w");
    // Random changes the rotation; the Euler fields follow it.
    h.get_by_label("Random").click();
    h.run();
    assert_ne!(value(&h, "w"), w);
    let q = h.state().rotation();
    let a = [
        value(&h, "angle 1"),
        value(&h, "angle 2"),
        value(&h, "angle 3"),
    ];
    let back = "ZYX"
        .parse::<toolcup_rotation::EulerConvention>()
        .expect("sequence")
        .to_quaternion(a.map(f64::to_radians))
        .expect("finite");
    assert!(back.angle_to(q) < 1e-12, "{q} vs {back} from {a:?}");
    h.get_by_role_and_label(egui::accesskit::Role::ComboBox, "Sequence")
        .click();
    h.run();
    // The popup lists 24 sequences and scrolls: bring the item into view.
    h.get_by_label("zxz (extrinsic)").scroll_to_me();
    h.run();
    h.get_by_label("zxz (extrinsic)").click();
    h.run();
    let a = [
        value(&h, "angle 1"),
        value(&h, "angle 2"),
        value(&h, "angle 3"),
    ];
    let back = "zxz"
        .parse::<toolcup_rotation::EulerConvention>()
        .expect("sequence")
        .to_quaternion(a.map(f64::to_radians))
        .expect("finite");
    assert!(back.angle_to(q) < 1e-12, "{q} vs {back} from {a:?}");
}

#[test]
fn accuracy_experiment_runs_as_a_job_and_plots_a_histogram() {
    let runner = Runner::new();
    let mut h = harness(&runner);
    h.get_by_label("Samples").set_value_accesskit(20_000.0);
    h.run();
    h.get_by_label("Run accuracy experiment").click();
    h.run_steps(2);
    let deadline = Instant::now() + Duration::from_secs(60);
    while h.state().is_running() {
        assert!(
            Instant::now() < deadline,
            "the accuracy job did not finish in 60 s"
        );
        std::thread::sleep(Duration::from_millis(20));
        h.run_steps(1);
    }
    h.run();
    h.get_by_label_contains("20000 random rotations (seed 20261125)");
    assert!(h.query_by_label_contains("Accuracy experiment:").is_none());
    // The report's lines are the command line's, with each round trip's
    // title and figures on one line.
    let (report, _) = cli(&["accuracy", "--samples", "20000"]);
    let lines: Vec<&str> = report.lines().collect();
    h.get_by_label(&format!("{}; {}", lines[0], lines[1]));
    for title in [
        "q -> R -> q, |q - q'| (Euclidean, canonical sign)",
        "R -> q -> R, |R - R'| (Frobenius)",
    ] {
        let at = lines.iter().position(|l| *l == title).expect("a section");
        h.get_by_label(&format!("{title}: {}", lines[at + 1].trim()));
    }
}

/// `toolcup rotation ARGS`: its stdout and stderr.
fn cli(args: &[&str]) -> (String, String) {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_toolcup"))
        .arg("rotation")
        .args(args)
        .env_remove("TOOLCUP_LOG")
        .output()
        .expect("toolcup runs");
    (
        String::from_utf8(out.stdout).expect("utf-8"),
        String::from_utf8(out.stderr).expect("utf-8"),
    )
}

fn copied_text(h: &mut Harness<'_, RotationTab>, button: &str) -> String {
    h.get_by_label(button).click();
    for _ in 0..4 {
        h.step();
        let copied = h
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
    panic!("{button} copied nothing");
}

fn texts(h: &Harness<'_, RotationTab>, labels: &[&str]) -> Vec<String> {
    labels
        .iter()
        .map(|l| h.get_by_label(l).value().unwrap_or_default())
        .collect()
}

const QUATERNION: [&str; 4] = ["w", "x", "y", "z"];
const MATRIX: [&str; 9] = [
    "r11", "r12", "r13", "r21", "r22", "r23", "r31", "r32", "r33",
];
const AXIS_ANGLE: [&str; 4] = ["axis x", "axis y", "axis z", "angle"];
const EULER: [&str; 3] = ["angle 1", "angle 2", "angle 3"];

/// The numbers of a command's output, as it printed them.
fn tokens(text: &str) -> Vec<String> {
    text.split_whitespace().map(str::to_owned).collect()
}

#[test]
fn the_window_shows_and_copies_what_the_command_line_prints() {
    let runner = Runner::new();
    let mut h = harness(&runner);
    let cases: [[&str; 3]; 4] = [
        ["30", "-20", "10"],
        ["-170", "89.99", "45"],
        ["0.5", "1e-7", "-0.25"],
        ["179", "-45", "-179"],
    ];
    for angles in cases {
        for (label, text) in EULER.iter().zip(angles) {
            set(&mut h, label, text);
        }
        let mut args = vec!["from-euler", "ZYX", "--degrees", "--"];
        args.extend(angles);
        let (quaternion, _) = cli(&args);
        assert_eq!(texts(&h, &QUATERNION), tokens(&quaternion), "{angles:?}");
        assert_eq!(
            copied_text(&mut h, "Copy quaternion"),
            quaternion.trim_end()
        );
        args.insert(1, "--matrix");
        let (matrix, _) = cli(&args);
        assert_eq!(texts(&h, &MATRIX), tokens(&matrix), "{angles:?}");
        assert_eq!(copied_text(&mut h, "Copy matrix"), matrix.trim_end());
        // And back from the quaternion the window shows.
        let q = texts(&h, &QUATERNION);
        let mut args = vec!["to-euler", "ZYX", "--degrees", "--"];
        args.extend(q.iter().map(String::as_str));
        let (euler, _) = cli(&args);
        assert_eq!(copied_text(&mut h, "Copy Euler angles"), euler.trim_end());
    }
    // A matrix typed in the window, converted on the command line.
    let typed = ["0", "-1", "0", "1", "0", "0", "0", "0", "1"];
    for (label, text) in MATRIX.iter().zip(typed) {
        set(&mut h, label, text);
    }
    let mut args = vec!["to-quaternion", "--"];
    args.extend(typed);
    let (quaternion, _) = cli(&args);
    assert_eq!(texts(&h, &QUATERNION), tokens(&quaternion));
    // Axis-angle typed in the window.
    let typed = ["1", "-2", "0.5", "-250"];
    for (label, text) in AXIS_ANGLE.iter().zip(typed) {
        set(&mut h, label, text);
    }
    let mut args = vec!["from-axis-angle", "--degrees", "--matrix", "--"];
    args.extend(typed);
    let (matrix, _) = cli(&args);
    assert_eq!(texts(&h, &MATRIX), tokens(&matrix));
}

#[test]
fn the_window_refuses_and_warns_in_the_command_lines_words() {
    let runner = Runner::new();
    let mut h = harness(&runner);
    let refusals: [(&[&str], &[&str], &[&str]); 4] = [
        (
            &MATRIX,
            &["1", "0", "0", "0", "1", "0", "0", "0", "-1"],
            &["to-quaternion"],
        ),
        (
            &MATRIX,
            &["1", "0.01", "0", "0", "1", "0", "0", "0", "1"],
            &["to-quaternion"],
        ),
        (&AXIS_ANGLE, &["0", "0", "0", "90"], &["from-axis-angle"]),
        (&EULER, &["1e999", "0", "0"], &["from-euler", "ZYX"]),
    ];
    for (labels, typed, command) in refusals {
        for (label, text) in labels.iter().zip(typed) {
            set(&mut h, label, text);
        }
        let mut args = command.to_vec();
        args.push("--");
        args.extend(typed);
        let (_, stderr) = cli(&args);
        let message = stderr
            .trim_end()
            .strip_prefix("toolcup: ")
            .expect("one error line");
        h.get_by_label(message);
        // Put the sample rotation back for the next case.
        h.get_by_label("Identity").click();
        h.run();
    }
    // Gimbal lock: the window's warning is the command line's.
    for (label, text) in EULER.iter().zip(["10", "90", "20"]) {
        set(&mut h, label, text);
    }
    let q = texts(&h, &QUATERNION);
    let mut args = vec!["to-euler", "ZYX", "--"];
    args.extend(q.iter().map(String::as_str));
    let (_, stderr) = cli(&args);
    let warning = stderr
        .trim_end()
        .strip_prefix("toolcup: warning: ")
        .expect("the warning");
    h.get_by_label(warning);
}

/// Where a widget found by its label is.
fn rect_of(h: &Harness<'_, RotationTab>, label: &str) -> egui::Rect {
    h.get_by_label(label).rect()
}

#[test]
fn the_frame_stands_beside_the_views_when_there_is_room_and_below_them_otherwise() {
    let runner = Runner::new();
    for (width, beside) in [(1100.0, true), (600.0, false)] {
        let mut h = Harness::builder()
            .with_size(egui::vec2(width, 1400.0))
            .build_ui_state(
                |ui, tab: &mut RotationTab| tab.ui(ui, &runner),
                RotationTab::default(),
            );
        h.run();
        let r13 = rect_of(&h, "r13");
        let frame = rect_of(&h, "Rotated frame");
        // The matrix's last field is whole, inside the window.
        assert!(
            r13.right() <= width,
            "r13 ends at {} of {width}",
            r13.right()
        );
        if beside {
            assert!(frame.left() >= r13.right(), "{frame:?} overlaps {r13:?}");
        } else {
            let angle3 = rect_of(&h, "angle 3");
            assert!(
                frame.top() >= angle3.bottom(),
                "{frame:?} is not below {angle3:?}"
            );
        }
    }
}
