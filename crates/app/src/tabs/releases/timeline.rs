//! The timeline: every branch's life as horizontal bars (pre-release, bug
//! fixes, security), with a line for today, like the Python developer guide's
//! chart.

use egui_plot::{AxisHints, Bar, BarChart, Corner, Legend, Plot, VLine};
use toolcup_releases::{Catalog, Date, Product, Status};

use super::verdict::status_color;

/// The accessible label of the plot (what tests and screen readers find).
pub const TIMELINE_LABEL: &str = "Release timeline";

/// Draws the timeline of `catalog` on `today`, filling the height left in `ui`.
pub fn timeline_ui(ui: &mut egui::Ui, catalog: &Catalog, today: Date, product: Product) {
    let bars = timeline_bars(catalog, today);
    let labels: Vec<String> = bars.labels.clone();
    let today = year_fraction(today);
    let chart = |name: &str, phase: Status, spans: &[(usize, f64, f64)]| {
        BarChart::new(
            name,
            spans
                .iter()
                .map(|&(y, start, end)| {
                    Bar::new(y as f64, end - start)
                        .base_offset(start)
                        .width(0.7)
                        .name(&labels[y])
                })
                .collect(),
        )
        .horizontal()
        .color(status_color(phase))
    };
    let (prerelease, bugfix, security) = (
        chart("prerelease", Status::Prerelease, &bars.prerelease),
        chart("bugfix", Status::Bugfix, &bars.bugfix),
        chart("security", Status::Security, &bars.security),
    );
    let axis_labels = labels.clone();
    let shown = Plot::new(("releases-timeline", product))
        .height(ui.available_height().max(160.0))
        .legend(Legend::default().position(Corner::LeftTop))
        .allow_scroll(false)
        .include_x(today - 6.0)
        .include_x(today + 6.0)
        .y_grid_spacer(|input| {
            // One mark per branch row, so every row has its label.
            let (lo, hi) = input.bounds;
            let (lo, hi) = (lo.ceil().max(0.0) as i64, hi.floor().max(0.0) as i64);
            (lo..=hi.min(lo + 200))
                .map(|i| egui_plot::GridMark {
                    value: i as f64,
                    step_size: 1.0,
                })
                .collect()
        })
        .custom_y_axes(vec![
            AxisHints::new_y()
                .label_spacing(8.0..=12.0)
                .formatter(move |mark, _| {
                    let i = mark.value.round();
                    if (mark.value - i).abs() < 1e-6 && i >= 0.0 {
                        axis_labels.get(i as usize).cloned().unwrap_or_default()
                    } else {
                        String::new()
                    }
                }),
        ])
        .show(ui, |plot| {
            plot.add(prerelease);
            plot.add(bugfix);
            plot.add(security);
            plot.add(
                VLine::new("today", today)
                    .color(status_color(Status::EndOfLife))
                    .width(1.5),
            );
        });
    let enabled = ui.is_enabled();
    shown
        .response
        .widget_info(|| egui::WidgetInfo::labeled(egui::Role::Figure, enabled, TIMELINE_LABEL));
}

/// Horizontal spans of each phase, per branch row (y index, start year, end year).
struct TimelineBars {
    labels: Vec<String>,
    prerelease: Vec<(usize, f64, f64)>,
    bugfix: Vec<(usize, f64, f64)>,
    security: Vec<(usize, f64, f64)>,
}

/// A date as a fractional year (2026-07-02 ≈ 2026.5).
fn year_fraction(date: Date) -> f64 {
    1970.0 + date.days_since_epoch() as f64 / 365.2425
}

/// The phases of every branch with a first release and an end of life no more than ten
/// years before `today`, oldest at the bottom.
fn timeline_bars(catalog: &Catalog, today: Date) -> TimelineBars {
    let mut bars = TimelineBars {
        labels: Vec::new(),
        prerelease: Vec::new(),
        bugfix: Vec::new(),
        security: Vec::new(),
    };
    for cycle in &catalog.cycles {
        let m = &cycle.milestones;
        let (Some(first), Some(eol)) = (m.first_release, m.end_of_life) else {
            continue;
        };
        // Like the developer guide's chart: branches that ended within ten years, and later ones.
        if eol.days_until(today) > 3653 {
            continue;
        }
        let y = bars.labels.len();
        bars.labels.push(cycle.branch.to_string());
        if let Some(freeze) = m.feature_freeze.filter(|f| *f < first) {
            bars.prerelease
                .push((y, year_fraction(freeze), year_fraction(first)));
        }
        let bugfix_end = m
            .end_of_bugfix
            .filter(|d| *d <= eol && *d >= first)
            .unwrap_or(eol);
        bars.bugfix
            .push((y, year_fraction(first), year_fraction(bugfix_end)));
        if bugfix_end < eol {
            bars.security
                .push((y, year_fraction(bugfix_end), year_fraction(eol)));
        }
    }
    bars
}
#[cfg(test)]
mod tests {
    use super::*;
    use toolcup_releases::DataSet;

    #[test]
    fn timeline_phases_follow_the_dates() {
        let catalog = DataSet::embedded()
            .catalog(Product::Python)
            .expect("embedded data");
        let bars = timeline_bars(&catalog, Date::new(2026, 11, 25).expect("valid date"));
        assert_eq!(bars.labels.first().map(String::as_str), Some("2.7"));
        let y = bars
            .labels
            .iter()
            .position(|l| l == "3.10")
            .expect("3.10 drawn");
        let bugfix = bars.bugfix.iter().find(|b| b.0 == y).expect("bugfix span");
        let security = bars
            .security
            .iter()
            .find(|b| b.0 == y)
            .expect("security span");
        assert!(
            (bugfix.2 - security.1).abs() < 1e-9,
            "security starts where bug fixes end"
        );
        assert!(security.2 > 2026.8 && security.2 < 2026.9, "{}", security.2);
    }
}
