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
