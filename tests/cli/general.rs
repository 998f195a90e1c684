//! The binary as a whole: help, version, usage errors.

use assert_cmd::Command;
use predicates::prelude::*;

fn toolcup() -> Command {
    Command::cargo_bin("toolcup").expect("the toolcup binary is built")
}

#[test]
fn help_lists_every_subcommand() {
    toolcup()
        .arg("--help")
        .assert()
        .success()
        .stdout(predicate::str::contains("Usage: toolcup"));
}

#[test]
fn version_names_the_package_version() {
    toolcup()
        .arg("--version")
        .assert()
        .success()
        .stdout(predicate::str::contains(env!("CARGO_PKG_VERSION")));
}

#[test]
fn unknown_subcommand_is_a_usage_error() {
    toolcup()
        .arg("frobnicate")
        .assert()
        .code(2)
        .stderr(predicate::str::contains("frobnicate"));
}

#[test]
fn a_missing_file_to_open_is_a_usage_error_before_any_window() {
    toolcup()
        .arg("no-such-photo.png")
        .env_remove("DISPLAY")
        .env_remove("WAYLAND_DISPLAY")
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "no-such-photo.png is neither a file nor a subcommand",
        ));
}

/// Options every subcommand takes work before the subcommand as well as
/// after it, as in every clap tool.
#[test]
fn global_options_work_before_and_after_the_subcommand() {
    let call = r#"brew_coffee("Latte")"#;
    for args in [
        vec!["-q", "brew", call],
        vec!["brew", "-q", call],
        vec!["--color", "never", "brew", call],
        vec!["brew", "--color", "never", call],
        vec!["-v", "brew", call],
        vec!["-qq", "brew", call],
    ] {
        toolcup()
            .args(&args)
            .assert()
            .success()
            .stdout(predicate::str::contains("coffee_type"));
    }
    toolcup()
        .args([
            "-v",
            "rotation",
            "to-quaternion",
            "1",
            "0",
            "0",
            "0",
            "1",
            "0",
            "0",
            "0",
            "1",
        ])
        .assert()
        .success()
        .stdout("1 0 0 0\n");
}

#[test]
fn the_window_only_options_do_not_go_with_a_subcommand() {
    toolcup()
        .args(["--tab", "brew", "brew", r#"brew_coffee("Latte")"#])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--tab"));
}
