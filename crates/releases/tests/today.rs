//! "Today" is the user's local date, not UTC's: the test runs itself again in
//! child processes with `TZ` set to zones fourteen hours east and twelve hours
//! west of UTC, whose dates always differ, and checks each child's date
//! against the UTC clock shifted by the zone's offset.
#![allow(clippy::unwrap_used)]

use std::process::Command;
use std::time::{SystemTime, UNIX_EPOCH};

use toolcup_releases::Date;

/// Set in the child process: print `Date::today_local()` and stop.
const CHILD: &str = "TOOLCUP_TODAY_CHILD";

#[test]
fn child_prints_today_local() {
    if std::env::var_os(CHILD).is_some() {
        println!("today_local={}", Date::today_local());
    }
}

/// The date `offset_hours` from UTC now.
fn date_at_offset(offset_hours: i64) -> Date {
    let secs = i64::try_from(
        SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .unwrap()
            .as_secs(),
    )
    .unwrap();
    Date::from_days_since_epoch((secs + offset_hours * 3600).div_euclid(86_400)).unwrap()
}

/// Runs this test binary's child test with `TZ=tz`; returns the date it printed.
fn today_in(tz: &str) -> Date {
    let out = Command::new(std::env::current_exe().unwrap())
        .args(["--exact", "child_prints_today_local", "--nocapture"])
        .env(CHILD, "1")
        .env("TZ", tz)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    let line = stdout
        .lines()
        .find_map(|l| l.strip_prefix("today_local="))
        .unwrap_or_else(|| panic!("no date from the child with TZ={tz}: {stdout}"));
    line.trim().parse().unwrap()
}

/// Checks the child's date for `tz` against UTC shifted by `offset_hours`,
/// read before and after (a day may begin in between).
fn check(tz: &str, offset_hours: i64) {
    let before = date_at_offset(offset_hours);
    let got = today_in(tz);
    let after = date_at_offset(offset_hours);
    assert!(
        got == before || got == after,
        "TZ={tz}: got {got}, expected {before} (or {after})"
    );
}

#[test]
fn posix_rules_far_east_and_far_west() {
    // POSIX TZ rules need no time-zone database: the sign is inverted.
    check("<+14>-14", 14);
    check("<-12>+12", -12);
    check("UTC0", 0);
}

#[test]
fn iana_names_where_the_database_is_installed() {
    let zoneinfo = std::path::Path::new("/usr/share/zoneinfo");
    if !zoneinfo.join("Pacific/Kiritimati").is_file() || !zoneinfo.join("Etc/GMT+12").is_file() {
        println!("skipped: no time-zone database at {}", zoneinfo.display());
        return;
    }
    check("Pacific/Kiritimati", 14);
    check("Etc/GMT+12", -12);
}

#[test]
fn east_and_west_are_different_days() {
    let east = today_in("<+14>-14");
    let west = today_in("<-12>+12");
    let gap = west.days_until(east);
    assert!((1..=2).contains(&gap), "{west} to {east}: {gap} days");
}
