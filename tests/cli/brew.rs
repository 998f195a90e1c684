//! `toolcup brew`: binding table and ticket, Python's errors, JSON and batch.

use assert_cmd::Command;
use predicates::prelude::*;

fn brew() -> Command {
    let mut cmd = Command::cargo_bin("toolcup").expect("the toolcup binary is built");
    cmd.arg("brew");
    cmd
}

#[test]
fn prints_binding_and_ticket() {
    brew()
        .arg(r#"brew_coffee("Latte", "vanilla syrup", strength=3, milk_amount=2, milk_type="oat", temperature="extra hot")"#)
        .assert()
        .success()
        .stdout(predicate::str::contains("add_ons"))
        .stdout(predicate::str::contains("('vanilla syrup',)"))
        .stdout(predicate::str::contains(
            "Coffee type: Latte\nStrength: 3\nMilk Amount: 2\nAdd-ons: vanilla syrup\nInstructions:\n\tmilk type: oat\n\ttemperature: extra hot\n",
        ));
}

#[test]
fn syntax_error_in_python_shape() {
    brew()
        .arg(r#"brew_coffee("Americano", milk_amount=1, 4)"#)
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "  File \"<call>\", line 1\n    brew_coffee(\"Americano\", milk_amount=1, 4)\n                                             ^\nSyntaxError: positional argument follows keyword argument",
        ));
}

#[test]
fn type_error_with_preset() {
    brew()
        .args(["--signature", "basic", r#"brew_coffee("Espresso", 3, 0)"#])
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "TypeError: brew_coffee() takes 1 positional argument but 3 were given",
        ));
}

#[test]
fn def_line_signature_and_invalid_def() {
    brew()
        .args([
            "--signature",
            "def brew_coffee(coffee_type, strength, milk_amount)",
            r#"brew_coffee("Americano", 1, 4)"#,
        ])
        .assert()
        .success()
        .stdout(predicate::str::contains("Strength: 1\nMilk Amount: 4"));
    brew()
        .args([
            "--signature",
            "def brew_coffee_variant(coffee_type, strength=3, milk_amount, **instructions)",
            "brew_coffee_variant(1)",
        ])
        .assert()
        .failure()
        .stderr(predicate::str::contains(
            "parameter without a default follows parameter with a default",
        ));
}

#[test]
fn a_def_that_raises_or_is_invalid_shows_cpythons_traceback() {
    // A default raising while the def runs: CPython's traceback, with the
    // def line and 3.13's markers under the failing expression.
    brew()
        .args([
            "--signature",
            "def brew_coffee(a, b=1/0): pass",
            "brew_coffee(1)",
        ])
        .assert()
        .code(10)
        .stderr(
            "toolcup: --signature is not a valid definition:\n\
             Traceback (most recent call last):\n  \
             File \"<def>\", line 1, in <module>\n    \
             def brew_coffee(a, b=1/0): pass\n                         \
             ~^~\n\
             ZeroDivisionError: division by zero\n",
        );
    brew()
        .args(["--signature", "def brew_coffee(a b): pass", "brew_coffee(1)"])
        .assert()
        .code(10)
        .stderr(predicate::str::ends_with(
            "    def brew_coffee(a b): pass\n                      ^\nSyntaxError: invalid syntax\n",
        ));
}

#[test]
fn json_object() {
    let out = brew()
        .args([
            "--json",
            r#"brew_coffee(coffee_type="Cappuccino", milk_amount=2)"#,
        ])
        .assert()
        .code(1)
        .get_output()
        .stdout
        .clone();
    let v: serde_json::Value = serde_json::from_slice(&out).expect("one JSON object");
    assert_eq!(v["outcome"], "error");
    assert_eq!(v["error"]["type"], "TypeError");
    assert_eq!(
        v["error"]["message"],
        "brew_coffee() missing 1 required positional argument: 'coffee_type'"
    );
}

#[test]
fn batch_answers_each_line() {
    let input = concat!(
        "\"brew_coffee('Mocha', strength=2)\"\n",
        "\"brew_coffee('Mocha', strength=2, 1)\"\n",
        "not json\n",
    );
    let out = brew()
        .arg("--batch")
        .write_stdin(input)
        .assert()
        .code(1)
        .get_output()
        .stdout
        .clone();
    let lines: Vec<serde_json::Value> = String::from_utf8_lossy(&out)
        .lines()
        .map(|l| serde_json::from_str(l).expect("JSON line"))
        .collect();
    assert_eq!(lines.len(), 3);
    assert_eq!(lines[0]["outcome"], "ok");
    // Bound parameters come in the order of Python's locals().
    assert_eq!(lines[0]["bound"][1]["name"], "strength");
    assert_eq!(lines[0]["bound"][1]["value"], "2");
    assert_eq!(lines[1]["error"]["type"], "SyntaxError");
    assert_eq!(lines[1]["error"]["column"], 35);
    assert_eq!(lines[2]["error"]["type"], "BadInput");
}

#[test]
fn machine_rules_refuse_bad_orders() {
    brew()
        .arg("brew_coffee('Lattee', strength=True)")
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "unknown drink \"Lattee\" for coffee_type. Did you mean \"Latte\"?",
        ));
}

#[test]
fn brews_with_time_scale() {
    brew()
        .args([
            "--brew",
            "--time-scale",
            "100000",
            "brew_coffee('Espresso')",
        ])
        .assert()
        .success()
        .stderr(predicate::str::contains("Espresso is ready."));
}

#[test]
fn bad_signature_is_one_line() {
    brew()
        .args(["--signature", "v99", "brew_coffee(1)"])
        .assert()
        .failure()
        .stderr(predicate::str::contains("neither a preset"));
}

#[test]
fn refusal_is_ours_not_pythons() {
    brew()
        .arg("brew_coffee('oat'.upper())")
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "The engine does not run this call",
        ))
        .stderr(predicate::str::contains("Error:").not());
}

#[test]
fn json_success_has_bound_values_and_ticket() {
    let out = brew()
        .args(["--json", "brew_coffee('Mocha', 'cream', milk_amount=1)"])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let v: serde_json::Value = serde_json::from_slice(&out).expect("one JSON object");
    assert_eq!(v["outcome"], "ok");
    assert_eq!(v["error"], serde_json::Value::Null);
    // locals() order: coffee_type, strength, milk_amount, add_ons, instructions.
    assert_eq!(v["bound"][3]["name"], "add_ons");
    assert_eq!(v["bound"][3]["annotation"], serde_json::Value::Null);
    assert_eq!(v["bound"][3]["value"], "('cream',)");
    assert_eq!(v["bound"][3]["kind"], "var-positional");
    assert_eq!(
        v["bound"][3]["source"],
        "collected from the 2nd positional argument"
    );
    assert!(
        v["ticket"]
            .as_str()
            .unwrap()
            .starts_with("Coffee type: Mocha\nStrength: 3\nMilk Amount: 1\nAdd-ons: cream\n")
    );
}

#[test]
fn batch_goes_on_after_a_line_that_is_not_utf8() {
    let mut input: Vec<u8> = b"\"brew_coffee('Mocha')\"\n".to_vec();
    input.extend_from_slice(b"\"brew_coffee('Lat\xffte')\"\n");
    input.extend_from_slice(b"\"brew_coffee('Latte', strength=2)\"\n");
    let out = brew()
        .arg("--batch")
        .write_stdin(input)
        .assert()
        .code(1)
        .get_output()
        .stdout
        .clone();
    let lines: Vec<serde_json::Value> = String::from_utf8_lossy(&out)
        .lines()
        .map(|l| serde_json::from_str(l).expect("JSON line"))
        .collect();
    assert_eq!(lines.len(), 3);
    assert_eq!(lines[0]["outcome"], "ok");
    assert_eq!(lines[1]["error"]["type"], "BadInput");
    assert_eq!(
        lines[1]["error"]["message"],
        "line 2: not UTF-8 (invalid byte at offset 17)"
    );
    assert_eq!(lines[2]["outcome"], "ok");
}

#[test]
fn json_labels_the_size_limit_as_an_input_limit() {
    let call = format!("brew_coffee({})", " ".repeat(toolcup_brew_limit()));
    let out = brew()
        .args(["--json", &call])
        .assert()
        .code(1)
        .get_output()
        .stdout
        .clone();
    let v: serde_json::Value = serde_json::from_slice(&out).expect("one JSON object");
    assert_eq!(v["error"]["type"], "TooLarge");
    assert_eq!(
        v["error"]["message"],
        "input too large: call text (characters) (limit 100000)"
    );
}

/// The engine's size limit (`toolcup_brew::MAX_SOURCE_CHARS`).
fn toolcup_brew_limit() -> usize {
    100_000
}
