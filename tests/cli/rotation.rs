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
        lines[1].starts_with("error: line 2: quaternion: 'not' at column 1"),
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

fn run_batch(args: &[&str], input: &str) -> Vec<String> {
    let out = rotation()
        .args(args)
        .arg("--batch")
        .write_stdin(input)
        .assert()
        .get_output()
        .stdout
        .clone();
    String::from_utf8(out)
        .expect("utf-8")
        .lines()
        .map(str::to_owned)
        .collect()
}

#[test]
fn axis_angle_and_rotation_vector_both_ways() {
    // 120° about (1,1,1)/√3.
    let out = stdout_of(&["to-axis-angle", "--degrees", "0.5", "0.5", "0.5", "0.5"]);
    let s = 1.0 / 3f64.sqrt();
    assert!(close(&numbers(&out), &[s, s, s, 120.0], 1e-13), "{out}");
    let out = stdout_of(&["to-rotation-vector", "0", "0", "0", "1"]);
    assert!(
        close(&numbers(&out), &[0.0, 0.0, std::f64::consts::PI], 0.0),
        "{out}"
    );
    // A matrix in, JSON out, read back by from-rotation-vector.
    let json = stdout_of(&[
        "to-rotation-vector",
        "--json",
        "--degrees",
        "0,-1,0,1,0,0,0,0,1",
    ]);
    let v: serde_json::Value = serde_json::from_str(&json).expect("json");
    assert_eq!(v["unit"], "deg");
    assert!((v["rotation_vector"][2].as_f64().expect("z") - 90.0).abs() < 1e-12);
    let back = run_batch(&["from-rotation-vector", "--degrees", "--matrix"], &json);
    let m: serde_json::Value = serde_json::from_str(&back[0]).expect("json");
    assert!((m["matrix"][0][1].as_f64().expect("r12") + 1.0).abs() < 1e-15);
    // Tiny vectors keep their digits; huge ones are refused, not turned
    // into the identity.
    let out = stdout_of(&["from-rotation-vector", "1e-12", "0", "0"]);
    assert_eq!(out, "1 5e-13 0 0\n");
    rotation()
        .args(["from-rotation-vector", "1.5e308", "1.5e308", "0"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("length (its angle) is inf"));
}

#[test]
fn inverse_compose_apply_agree() {
    let q = "0.1 0.2 -0.3 0.9";
    let m = stdout_of(&["to-matrix", "0.1", "0.2", "-0.3", "0.9"]).replace('\n', " ");
    // The inverse keeps the form: a quaternion's conjugate, a matrix's
    // transpose (exactly).
    let inv_q = stdout_of(&["inverse", "0.1", "0.2", "-0.3", "0.9"]);
    assert_eq!(numbers(&inv_q).len(), 4);
    let inv_m = stdout_of(&["inverse", "--", m.trim()]);
    let (a, b) = (numbers(&m), numbers(&inv_m));
    for i in 0..3 {
        for j in 0..3 {
            assert_eq!(a[3 * i + j], b[3 * j + i]);
        }
    }
    // q * q⁻¹ is the identity, whatever the forms.
    for other in [inv_q.trim(), inv_m.replace('\n', " ").trim()] {
        let id = numbers(&stdout_of(&["compose", "--", q, other]));
        assert!(close(&id, &[1.0, 0.0, 0.0, 0.0], 2e-16), "{id:?}");
    }
    // compose A B applies B first: a quarter turn about x, then about z,
    // takes y to z... and then to z; and x to x, then to y.
    let qx = "0.7071067811865476 0.7071067811865476 0 0";
    let qz = "0.7071067811865476 0 0 0.7071067811865476";
    let ab = stdout_of(&["compose", qz, qx]);
    let ab = ab.trim();
    let v = numbers(&stdout_of(&["apply", ab, "0 1 0"]));
    assert!(close(&v, &[0.0, 0.0, 1.0], 1e-15), "{v:?}");
    let v = numbers(&stdout_of(&["apply", ab, "1 0 0"]));
    assert!(close(&v, &[0.0, 1.0, 0.0], 1e-15), "{v:?}");
    // Matrices compose as matrices.
    let mm = stdout_of(&["compose", "--matrix", "--", m.trim(), m.trim()]);
    assert_eq!(numbers(&mm).len(), 9);
    // A fixed rotation applied to many vectors.
    let lines = run_batch(
        &["apply", qz],
        "1 0 0\n[0,1,0]\n{\"vector\":[0,0,2]}\n1 2\n",
    );
    assert!(
        close(&numbers(&lines[0]), &[0.0, 1.0, 0.0], 3e-16),
        "{}",
        lines[0]
    );
    for (line, expected) in [(&lines[1], [-1.0, 0.0, 0.0]), (&lines[2], [0.0, 0.0, 2.0])] {
        let v: serde_json::Value = serde_json::from_str(line).expect("json");
        let v: Vec<f64> = v["vector"]
            .as_array()
            .expect("vector")
            .iter()
            .map(|c| c.as_f64().expect("number"))
            .collect();
        assert!(close(&v, &expected, 3e-16), "{line}");
    }
    assert!(lines[3].starts_with("error: line 4: vector: expected 3 numbers"));
    // Each line a whole call.
    let lines = run_batch(
        &["compose"],
        &format!("{qz}; {qx}\n{{\"rotations\": [[1,0,0,0],[0,1,0,0],[0,0,1,0]]}}\n"),
    );
    assert_eq!(
        lines[0],
        stdout_of(&["compose", qz, qx]).trim().replace(' ', ",")
    );
    assert_eq!(
        lines[1],
        "{\"order\":\"scalar-first\",\"quaternion\":[0.0,0.0,0.0,1.0]}"
    );
    rotation()
        .args(["compose", q])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("at least 2 operands"));
}

#[test]
fn slerp_at_several_t_and_in_batches() {
    let (a, b) = ("1 0 0 0", "0 0 0 1");
    let out = stdout_of(&["slerp", a, b, "0", "0.5", "1"]);
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines[0], "1,0,0,0");
    assert_eq!(lines[1], "0.7071067811865476,0,0,0.7071067811865475");
    assert_eq!(lines[2], "6.123233995736766e-17,0,0,1");
    let lines = run_batch(&["slerp", a, b], "0.25\n{\"t\": 0.5}\nnan\n");
    assert_eq!(lines[0], "0.9238795325112867,0,0,0.3826834323650898");
    assert!(lines[1].contains("0.7071067811865476"));
    assert!(lines[2].contains("t: interpolation parameter t = NaN must be finite"));
    let lines = run_batch(
        &["slerp", "--json"],
        &format!(
            "{a}; {b}; 0.5\n{{\"from\": [1,0,0,0], \"to\": {{\"quaternion\": [0,0,0,1]}}, \"t\": 0.5}}\n"
        ),
    );
    assert_eq!(lines[0], lines[1]);
    // Huge t: refused with a reason, never NaN.
    rotation()
        .args(["slerp", a, b, "1e308"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("t = 1e308 is too large"));
}

#[test]
fn random_rotations_are_seeded_and_canonical() {
    let a = stdout_of(&["random", "--seed", "7", "--count", "500"]);
    assert_eq!(a, stdout_of(&["random", "--seed", "7", "--count", "500"]));
    assert_ne!(a, stdout_of(&["random", "--seed", "8", "--count", "500"]));
    assert_eq!(a.lines().count(), 500);
    for line in a.lines() {
        let q = numbers(line);
        assert!(q[0] >= 0.0 && (q.iter().map(|v| v * v).sum::<f64>() - 1.0).abs() < 1e-15);
    }
    let m = stdout_of(&["random", "--matrix", "--json"]);
    let v: serde_json::Value = serde_json::from_str(&m).expect("json");
    assert_eq!(v["matrix"].as_array().expect("rows").len(), 3);
}

/// Every quaternion printed has w >= 0: from-euler and from-axis-angle used
/// to print w < 0 for about a fifth of inputs.
#[test]
fn every_printed_quaternion_is_canonical() {
    let mut euler = String::new();
    let mut axis_angle = String::new();
    let mut x: f64 = 0.3;
    for _ in 0..2000 {
        let mut next = || {
            x = (x * 997.0 + 0.123).fract();
            (x - 0.5) * 1440.0
        };
        euler.push_str(&format!("{} {} {}\n", next(), next(), next()));
        axis_angle.push_str(&format!("{} {} {} {}\n", next(), next(), next(), next()));
    }
    for (args, input) in [
        (vec!["from-euler", "ZYX", "--degrees"], &euler),
        (vec!["from-euler", "xzx", "--degrees"], &euler),
        (vec!["from-axis-angle", "--degrees"], &axis_angle),
        (vec!["from-rotation-vector", "--degrees"], &euler),
    ] {
        let lines = run_batch(&args, input);
        assert_eq!(lines.len(), 2000);
        for line in lines {
            let q = numbers(&line);
            let lead = q.iter().copied().find(|v| *v != 0.0).expect("non-zero");
            assert!(lead > 0.0, "{args:?}: {line}");
        }
    }
}

#[test]
fn help_says_what_the_tolerance_costs() {
    let out = stdout_of(&["to-quaternion", "--help"]);
    let words = out.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(
        words.contains("used as given") && words.contains("--tolerance 0 --nearest"),
        "{out}"
    );
    let out = stdout_of(&["--help"]);
    for command in [
        "to-axis-angle",
        "to-rotation-vector",
        "from-rotation-vector",
        "inverse",
        "compose",
        "apply",
        "slerp",
        "random",
    ] {
        assert!(out.contains(command), "{command} missing from\n{out}");
    }
}
