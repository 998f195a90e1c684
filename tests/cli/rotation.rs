//! `toolcup rotation …` on the real binary.

use assert_cmd::Command;
use predicates::prelude::*;

fn rotation() -> Command {
    let mut c = Command::cargo_bin("toolcup").expect("the toolcup binary is built");
    c.arg("rotation");
    c
}

fn stdout_of(args: &[&str]) -> String {
    let out = rotation()
        .args(args)
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    String::from_utf8(out).expect("utf-8")
}

fn numbers(text: &str) -> Vec<f64> {
    text.split(|c: char| c.is_whitespace() || c == ',')
        .filter(|t| !t.is_empty())
        .map(|t| t.parse().expect("a number"))
        .collect()
}

fn close(a: &[f64], b: &[f64], tol: f64) -> bool {
    a.len() == b.len() && a.iter().zip(b).all(|(x, y)| (x - y).abs() <= tol)
}

#[test]
fn to_matrix_of_a_half_turn_is_exact() {
    assert_eq!(
        stdout_of(&["to-matrix", "0", "1", "0", "0"]),
        "1 0 0\n0 -1 0\n0 0 -1\n"
    );
    // Scalar last, commas, and an unnormalised input.
    assert_eq!(
        stdout_of(&["to-matrix", "--scalar-last", "2,0,0,0"]),
        "1 0 0\n0 -1 0\n0 0 -1\n"
    );
}

#[test]
fn to_quaternion_is_canonical_and_takes_negative_numbers() {
    // 90° about z: w = z = 1/√2.
    let out = stdout_of(&[
        "to-quaternion",
        "0",
        "-1",
        "0",
        "1",
        "0",
        "0",
        "0",
        "0",
        "1",
    ]);
    let h = std::f64::consts::FRAC_1_SQRT_2;
    assert!(close(&numbers(&out), &[h, 0.0, 0.0, h], 1e-16), "{out}");
    let out = stdout_of(&[
        "to-quaternion",
        "--scalar-last",
        "--json",
        "0,-1,0,1,0,0,0,0,1",
    ]);
    let v: serde_json::Value = serde_json::from_str(&out).expect("json");
    assert_eq!(v["order"], "scalar-last");
    assert!((v["quaternion"][3].as_f64().expect("w") - h).abs() < 1e-16);
}

#[test]
fn bad_matrices_get_one_line_errors() {
    rotation()
        .args([
            "to-quaternion",
            "1",
            "0",
            "0",
            "0",
            "1",
            "0",
            "0",
            "0",
            "-1",
        ])
        .assert()
        .failure()
        .stderr(
            predicate::str::contains("reflection").and(predicate::str::contains("panicked").not()),
        );
    rotation()
        .args([
            "to-quaternion",
            "1",
            "0.01",
            "0",
            "0",
            "1",
            "0",
            "0",
            "0",
            "1",
        ])
        .assert()
        .failure()
        .stderr(predicate::str::contains("1.414e-2").and(predicate::str::contains("determinant")));
    // The same matrix is accepted when the nearest rotation is asked for.
    rotation()
        .args([
            "to-quaternion",
            "--nearest",
            "1",
            "0.01",
            "0",
            "0",
            "1",
            "0",
            "0",
            "0",
            "1",
        ])
        .assert()
        .success();
    rotation()
        .args(["to-quaternion", "1", "2", "x"])
        .assert()
        .failure()
        .stderr(predicate::str::contains("'x' at column 5 is not a number"));
    rotation()
        .args(["to-matrix", "0", "0", "0", "0"])
        .assert()
        .failure()
        .stderr(predicate::str::contains("non-zero quaternion"));
    rotation()
        .args(["to-matrix", "1", "0", "0"])
        .assert()
        .failure()
        .stderr(predicate::str::contains(
            "expected 4 numbers (quaternion), found 3",
        ));
}

#[test]
fn euler_both_ways_in_degrees() {
    let q = stdout_of(&["from-euler", "ZYX", "--degrees", "30", "-20", "10"]);
    let mut args = vec!["to-euler", "ZYX", "--degrees"];
    let parts: Vec<String> = numbers(&q).iter().map(|x| x.to_string()).collect();
    args.extend(parts.iter().map(String::as_str));
    let back = numbers(&stdout_of(&args));
    assert!(close(&back, &[30.0, -20.0, 10.0], 1e-12), "{back:?}");
    // Gimbal lock is reported on stderr and in JSON.
    rotation()
        .args([
            "from-euler",
            "zyx",
            "--degrees",
            "--matrix",
            "10",
            "90",
            "20",
        ])
        .assert()
        .success();
    let out = rotation()
        .args([
            "to-euler",
            "zyx",
            "--json",
            "0.7071067811865476",
            "0",
            "0.7071067811865476",
            "0",
        ])
        .assert()
        .success()
        .stderr(predicate::str::contains("gimbal lock"))
        .get_output()
        .stdout
        .clone();
    let v: serde_json::Value = serde_json::from_slice(&out).expect("json");
    assert_eq!(v["gimbal_lock"], true);
    assert_eq!(v["sequence"], "zyx");
    rotation()
        .args(["to-euler", "xxy", "1", "0", "0", "0"])
        .assert()
        .failure()
        .stderr(predicate::str::contains("'xxy' is not an Euler sequence"));
}

#[test]
fn from_axis_angle_quarter_turn() {
    let out = stdout_of(&[
        "from-axis-angle",
        "--degrees",
        "--matrix",
        "0",
        "0",
        "2",
        "90",
    ]);
    assert!(
        close(
            &numbers(&out),
            &[0.0, -1.0, 0.0, 1.0, 0.0, 0.0, 0.0, 0.0, 1.0],
            1e-15
        ),
        "{out}"
    );
}

#[test]
fn batch_answers_every_line_in_its_own_form() {
    let input = "0,1,0,0\nnot,a,rotation\n[0,0,1,0]\n{\"quaternion\":[0,0,0,1]}\n1,2\n";
    let out = rotation()
        .args(["to-matrix", "--batch"])
        .write_stdin(input)
        .assert()
        .code(1)
        .stderr(predicate::str::contains("2 line(s)"))
        .get_output()
        .stdout
        .clone();
    let text = String::from_utf8(out).expect("utf-8");
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 5, "{text}");
    assert_eq!(lines[0], "1,0,0,0,-1,0,0,0,-1");
    assert!(
        lines[1].starts_with("error: line 2: 'not' at column 1"),
        "{}",
        lines[1]
    );
    let v: serde_json::Value = serde_json::from_str(lines[2]).expect("json");
    assert_eq!(v["matrix"][1][1], 1.0);
    let v: serde_json::Value = serde_json::from_str(lines[3]).expect("json");
    assert_eq!(v["matrix"][2][2], 1.0);
    assert!(lines[4].contains("line 5") && lines[4].contains("found 2"));
    // Matrices in, quaternions out; a bad JSON line answered in JSON.
    let out = rotation()
        .args(["to-quaternion", "--batch"])
        .write_stdin("1,0,0,0,-1,0,0,0,-1\n{\"matrix\":[[1,0,0],[0,1,0],[0,0,-1]]}\n")
        .assert()
        .code(1)
        .get_output()
        .stdout
        .clone();
    let text = String::from_utf8(out).expect("utf-8");
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines[0], "0,1,0,0");
    let v: serde_json::Value = serde_json::from_str(lines[1]).expect("json");
    assert!(v["error"].as_str().expect("error").contains("reflection"));
}

#[test]
fn accuracy_prints_max_mean_and_histogram() {
    let out = stdout_of(&["accuracy", "--samples", "20000", "--seed", "1"]);
    assert!(out.contains("20000 random rotations"), "{out}");
    assert!(
        out.contains("max") && out.contains("mean") && out.contains('#'),
        "{out}"
    );
    let out = stdout_of(&["accuracy", "--samples", "1000", "--json"]);
    let v: serde_json::Value = serde_json::from_str(&out).expect("json");
    assert!(v["quaternion_round_trip"]["max"].as_f64().expect("max") < 6e-16);
    assert_eq!(v["quaternion_round_trip"]["nan"], 0);
    rotation()
        .args(["accuracy", "--samples", "0"])
        .assert()
        .failure()
        .stderr(predicate::str::contains("sample count 0 is out of range"));
}

#[test]
fn quiet_silences_the_gimbal_lock_warning() {
    let locked = [
        "to-euler",
        "zyx",
        "0.7071067811865476",
        "0",
        "0.7071067811865476",
        "0",
    ];
    rotation()
        .args(locked)
        .assert()
        .success()
        .stderr(predicate::str::contains("warning: gimbal lock"));
    for quiet in ["-q", "-qq"] {
        // Before the subcommand and after it.
        let out = Command::cargo_bin("toolcup")
            .expect("built")
            .arg(quiet)
            .arg("rotation")
            .args(locked)
            .assert()
            .success()
            .stderr("")
            .get_output()
            .stdout
            .clone();
        assert_eq!(String::from_utf8_lossy(&out), "0 1.5707963267948966 0\n");
        rotation()
            .args(locked)
            .arg(quiet)
            .assert()
            .success()
            .stderr("");
    }
}
