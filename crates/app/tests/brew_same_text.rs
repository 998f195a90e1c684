//! Issue 13: the command line and the window say the same thing for the
//! same call: the error text (Python's traceback, the engine's refusal, the
//! machine's rules), the binding table's values and sources, and the ticket.
#![allow(clippy::unwrap_used)]

use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use toolcup::tabs::brew::BrewTab;
use toolcup_brew::Preset;
use toolcup_jobs::Runner;

fn cli(call: &str) -> (String, String) {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_toolcup"))
        .args(["brew", call])
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    (
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

const CALLS: &[&str] = &[
    "brew_coffee(\"Latte\", \"vanilla syrup\", milk_amount=2, milk_type=\"oat\")",
    "brew_coffee(\"Americano\", milk_amount=1, 4)",
    "brew_coffee('Tea')",
    "brew_coffee('Latte', strength=True)",
    "brew_coffee('Mocha', 'cream', 2)",
    "brew_coffee(latte)",
    "brew_cofee('Latte')",
    "brew_coffee(coffee_type='Latte')",
    "brew_coffee('Latte', **{'strength': 2, 'milk_type': 'oat'})",
];

#[test]
fn the_window_shows_what_the_command_line_prints() {
    for call in CALLS {
        let (stdout, stderr) = cli(call);
        let runner = Runner::new();
        let mut h = Harness::new_ui_state(
            |ui, tab: &mut BrewTab| tab.ui(ui, &runner),
            BrewTab::with_call(Preset::Current, call),
        );
        h.set_size(egui::vec2(1100.0, 1400.0));
        h.run_steps(2);
        if !stderr.is_empty() {
            // The whole error text, caret line included, is one label.
            h.get_by_label(stderr.trim_end());
        }
        // Each row of the binding table: the value and how it got there.
        for row in stdout
            .lines()
            .skip_while(|l| !l.starts_with("parameter"))
            .skip(1)
        {
            if row.is_empty() {
                break;
            }
            let cells: Vec<&str> = row.split("  ").filter(|c| !c.trim().is_empty()).collect();
            let (value, how) = (cells[1].trim(), cells[cells.len() - 1].trim());
            h.get_by_label(value);
            assert!(h.query_all_by_label(how).next().is_some(), "{call}: {how}");
        }
        if let Some(ticket) = stdout.split("\n\n").nth(1) {
            h.get_by_label(ticket.trim_end());
        }
    }
}
