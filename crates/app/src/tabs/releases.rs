//! The Releases tab: Python and Django release cycles, the interpreters found
//! on this machine with their verdicts, a timeline of every branch's life, and
//! a Refresh of the data on the job runner.

use std::ops::ControlFlow;
use std::time::Duration;

use egui::{Color32, RichText};
use egui_extras::{Column, TableBuilder};
use egui_plot::{AxisHints, Bar, BarChart, Corner, Legend, Plot, VLine};
use toolcup_jobs::{JobHandle, JobSpec, Outcome, Runner};
use toolcup_releases::discovery::{Environment, FoundBy, Interpreter, Want, find_active, find_all};
use toolcup_releases::{
    Branch, Cache, Catalog, DataSet, Date, Product, Sources, Status, Version, data_summary,
    list_rows, load_newest,
};

use super::{Tab, TabAction};

/// The colour of a status in the table and the timeline.
pub fn status_color(status: Status) -> Color32 {
    match status {
        Status::Feature => Color32::from_rgb(190, 110, 220),
        Status::Prerelease => Color32::from_rgb(90, 140, 230),
        Status::Bugfix => Color32::from_rgb(70, 170, 90),
        Status::Security => Color32::from_rgb(220, 170, 40),
        Status::EndOfLife => Color32::from_rgb(210, 70, 60),
    }
}

/// What the discovery job found.
struct Discovered {
    active: Result<Option<Interpreter>, String>,
    all: Vec<Result<Interpreter, String>>,
}

/// Everything that is not worth persisting: data, jobs, results.
struct Runtime {
    today: Date,
    env: Environment,
    cache: Option<Cache>,
    sources: Sources,
    data: DataSet,
    python: Result<Catalog, String>,
    django: Result<Catalog, String>,
    warnings: Vec<String>,
    discovered: Option<Discovered>,
    discovery: Option<JobHandle<Discovered, String>>,
    discovery_started: bool,
    refresh: Option<JobHandle<DataSet, String>>,
    refresh_message: Option<String>,
}

impl Runtime {
    fn new(today: Date, env: Environment, cache: Option<Cache>, sources: Sources) -> Runtime {
        let loaded = load_newest(cache.as_ref());
        let mut runtime = Runtime {
            today,
            env,
            cache,
            sources,
            python: Err(String::new()),
            django: Err(String::new()),
            data: loaded.data,
            warnings: loaded.warnings,
            discovered: None,
            discovery: None,
            discovery_started: false,
            refresh: None,
            refresh_message: None,
        };
        runtime.parse();
        runtime
    }

    fn parse(&mut self) {
        self.python = self
            .data
            .catalog(Product::Python)
            .map_err(|e| e.to_string());
        self.django = self
            .data
            .catalog(Product::Django)
            .map_err(|e| e.to_string());
    }

    fn catalog(&self, product: Product) -> &Result<Catalog, String> {
        match product {
            Product::Django => &self.django,
            _ => &self.python,
        }
    }
}

impl Default for Runtime {
    fn default() -> Self {
        let today = std::env::var("TOOLCUP_TODAY")
            .ok()
            .and_then(|t| Date::parse(&t).ok())
            .unwrap_or_else(Date::today_utc);
        let cache = match std::env::var_os("TOOLCUP_CACHE_DIR").filter(|v| !v.is_empty()) {
            Some(dir) => Some(Cache::at(dir)),
            None => Cache::platform().ok(),
        };
        Runtime::new(
            today,
            Environment::from_process(),
            cache,
            Sources::default(),
        )
    }
}

/// The inputs of the tab kept between runs.
#[derive(Debug, Default, serde::Serialize, serde::Deserialize)]
#[serde(default)]
pub struct ReleasesState {
    /// Python or Django.
    pub product: Product,
}

/// The Releases tab. `Default` loads the embedded data (or a newer cache).
#[derive(Default)]
pub struct ReleasesTab {
    /// Python or Django.
    product: Product,
    runtime: Runtime,
}

impl ReleasesTab {
    /// A tab with an injected clock, environment, cache and download sources (tests).
    pub fn with_context(
        today: Date,
        env: Environment,
        cache: Option<Cache>,
        sources: Sources,
    ) -> ReleasesTab {
        ReleasesTab {
            product: Product::Python,
            runtime: Runtime::new(today, env, cache, sources),
        }
    }

    /// The product shown.
    pub fn product(&self) -> Product {
        self.product
    }

    /// Whether the interpreter search has finished.
    pub fn discovery_done(&self) -> bool {
        self.runtime.discovered.is_some()
    }

    /// Whether a refresh is running.
    pub fn refreshing(&self) -> bool {
        self.runtime.refresh.is_some()
    }

    /// Draw the tab. Interpreter discovery and the refresh run on `jobs`.
    pub fn ui(&mut self, ui: &mut egui::Ui, jobs: &Runner) {
        self.poll_jobs();
        if !self.runtime.discovery_started {
            self.start_discovery(jobs);
        }
        self.toolbar_ui(ui, jobs);
        for warning in &self.runtime.warnings {
            ui.colored_label(Color32::from_rgb(220, 170, 40), warning);
        }
        ui.separator();
        egui::ScrollArea::vertical()
            .id_salt("releases-scroll")
            .show(ui, |ui| {
                ui.heading("Interpreters found");
                self.interpreters_ui(ui, jobs);
                ui.separator();
                ui.heading(format!("{} release cycle", self.product));
                self.table_ui(ui);
                ui.separator();
                ui.heading("Timeline");
                self.timeline_ui(ui);
            });
    }

    fn poll_jobs(&mut self) {
        let rt = &mut self.runtime;
        if let Some(handle) = &rt.discovery
            && let Some(outcome) = handle.try_take()
        {
            rt.discovery = None;
            rt.discovered = Some(match outcome {
                Outcome::Succeeded(found) => found,
                Outcome::Failed(e) => Discovered {
                    active: Err(e),
                    all: Vec::new(),
                },
                Outcome::Cancelled => Discovered {
                    active: Err("cancelled".to_owned()),
                    all: Vec::new(),
                },
                Outcome::Panicked(m) => Discovered {
                    active: Err(m),
                    all: Vec::new(),
                },
            });
        }
        if let Some(handle) = &rt.refresh
            && let Some(outcome) = handle.try_take()
        {
            rt.refresh = None;
            rt.refresh_message = Some(match outcome {
                Outcome::Succeeded(data) => {
                    rt.data = data;
                    rt.warnings.clear();
                    rt.parse();
                    "Refreshed".to_owned()
                }
                Outcome::Failed(e) => format!("Refresh failed: {e}"),
                Outcome::Cancelled => "Refresh cancelled".to_owned(),
                Outcome::Panicked(m) => format!("Refresh failed: {m}"),
            });
        }
    }

    fn start_discovery(&mut self, jobs: &Runner) {
        let env = self.runtime.env.clone();
        self.runtime.discovery_started = true;
        self.runtime.discovered = None;
        let handle = jobs.submit(
            JobSpec::blocking("releases: find interpreters").key("releases-discovery"),
            move |ctx| {
                let want = Want { django: true };
                ctx.set_message("active interpreter");
                let active = find_active(&env, want).map_err(|e| e.to_string());
                if ctx.is_cancelled() {
                    return Err("cancelled".to_owned());
                }
                ctx.set_message("every interpreter");
                let all = find_all(&env, want)
                    .into_iter()
                    .map(|r| r.map_err(|e| e.to_string()))
                    .collect();
                Ok::<_, String>(Discovered { active, all })
            },
        );
        self.runtime.discovery = Some(handle);
    }

    fn start_refresh(&mut self, jobs: &Runner) {
        let Some(cache) = self.runtime.cache.clone() else {
            self.runtime.refresh_message =
                Some("Refresh failed: no cache folder on this platform".to_owned());
            return;
        };
        let sources = self.runtime.sources.clone();
        let today = self.runtime.today;
        self.runtime.refresh_message = None;
        let handle = jobs.submit(
            JobSpec::blocking("releases: refresh data").key("releases-refresh"),
            move |ctx| {
                toolcup_releases::refresh(
                    &sources,
                    &cache,
                    Duration::from_secs(20),
                    today,
                    &mut |p| {
                        ctx.set_progress(u64::from(p.done), u64::from(p.total));
                        ctx.set_message(p.message);
                        if ctx.is_cancelled() {
                            ControlFlow::Break(())
                        } else {
                            ControlFlow::Continue(())
                        }
                    },
                )
                .map_err(|e| e.to_string())
            },
        );
        self.runtime.refresh = Some(handle);
    }

    fn toolbar_ui(&mut self, ui: &mut egui::Ui, jobs: &Runner) {
        ui.horizontal_wrapped(|ui| {
            ui.label("Product:");
            ui.selectable_value(&mut self.product, Product::Python, "Python");
            ui.selectable_value(&mut self.product, Product::Django, "Django");
            ui.separator();
            let rt = &self.runtime;
            ui.label(data_summary(&rt.data.origin, rt.data.date, rt.today));
            match &self.runtime.refresh {
                Some(handle) => {
                    let p = handle.progress();
                    ui.add(
                        egui::ProgressBar::new(p.fraction().unwrap_or(0.0))
                            .desired_width(120.0)
                            .text(handle.info().message),
                    );
                    if ui.button("Cancel refresh").clicked() {
                        handle.cancel();
                    }
                }
                None => {
                    if ui
                        .button("Refresh")
                        .on_hover_text(
                            "Download the current release data (PEPs site, endoflife.date)",
                        )
                        .clicked()
                    {
                        self.start_refresh(jobs);
                    }
                }
            }
            if let Some(message) = &self.runtime.refresh_message {
                ui.label(message);
            }
        });
    }

    fn verdict_text(&self, interpreter: &Interpreter) -> (String, Option<Status>) {
        let version = match self.product {
            Product::Django => match interpreter.django {
                Some(Some(v)) => v,
                _ => return ("no Django".to_owned(), None),
            },
            _ => interpreter.version,
        };
        match self.runtime.catalog(self.product) {
            Ok(catalog) => match catalog.check(version, self.runtime.today) {
                Ok(v) => {
                    let eol = match (v.end_of_life, v.days_to_end_of_life) {
                        (Some(d), Some(days)) if days >= 0 => {
                            format!(", end of life {d} (in {days} days)")
                        }
                        (Some(d), Some(days)) => format!(", end of life {d} ({} days ago)", -days),
                        _ => String::new(),
                    };
                    let behind = match v.latest_patch {
                        Some(l) if v.releases_behind > 0 => {
                            format!(", {} behind {l}", v.releases_behind)
                        }
                        _ => String::new(),
                    };
                    (
                        format!("{} {}: {}{eol}{behind}", self.product, version, v.status),
                        Some(v.status),
                    )
                }
                Err(e) => (e.to_string(), None),
            },
            Err(e) => (e.clone(), None),
        }
    }

    fn interpreters_ui(&mut self, ui: &mut egui::Ui, jobs: &Runner) {
        let Some(found) = &self.runtime.discovered else {
            ui.horizontal(|ui| {
                ui.spinner();
                ui.label("Looking for interpreters…");
            });
            return;
        };
        let active_path = match &found.active {
            Ok(Some(i)) => {
                let (text, status) = self.verdict_text(i);
                ui.horizontal_wrapped(|ui| {
                    ui.label("Active:");
                    ui.label(i.path.display().to_string());
                    ui.label(
                        RichText::new(text)
                            .color(status.map_or(ui.visuals().text_color(), status_color)),
                    );
                });
                Some(i.path.clone())
            }
            Ok(None) => {
                ui.label("No active interpreter: neither python nor python3 is on PATH");
                None
            }
            Err(e) => {
                ui.label(format!("Active interpreter: {e}"));
                None
            }
        };
        egui::Grid::new("releases-interpreters")
            .striped(true)
            .show(ui, |ui| {
                for entry in &found.all {
                    match entry {
                        Ok(i) => {
                            let (text, status) = self.verdict_text(i);
                            let mut path = RichText::new(i.path.display().to_string());
                            if Some(&i.path) == active_path.as_ref() {
                                path = path.strong();
                            }
                            ui.label(path);
                            ui.label(found_by_label(&i.found_by));
                            ui.label(
                                RichText::new(text)
                                    .color(status.map_or(ui.visuals().text_color(), status_color)),
                            );
                        }
                        Err(e) => {
                            ui.label(e);
                            ui.label("");
                            ui.label("");
                        }
                    }
                    ui.end_row();
                }
            });
        if ui.button("Search again").clicked() {
            self.runtime.discovery_started = false;
            self.start_discovery(jobs);
        }
    }

    /// The active branch of the shown product, from the discovered interpreter.
    fn active_branch(&self) -> Option<Branch> {
        let found = self.runtime.discovered.as_ref()?;
        let interpreter = found.active.as_ref().ok()?.as_ref()?;
        match self.product {
            Product::Django => interpreter.django.flatten().map(|v: Version| v.branch()),
            _ => Some(interpreter.version.branch()),
        }
    }

    fn table_ui(&mut self, ui: &mut egui::Ui) {
        let catalog = match self.runtime.catalog(self.product) {
            Ok(c) => c,
            Err(e) => {
                ui.label(format!("Release data unusable: {e}"));
                return;
            }
        };
        let mut rows = list_rows(catalog, self.runtime.today, self.active_branch());
        rows.reverse(); // newest first on screen
        let dash = |d: Option<String>| d.unwrap_or_else(|| "–".to_owned());
        TableBuilder::new(ui)
            .id_salt(("releases-table", self.product))
            .striped(true)
            .max_scroll_height(260.0)
            .column(Column::auto().at_least(70.0))
            .column(Column::auto().at_least(90.0))
            .columns(Column::auto().at_least(90.0), 3)
            .header(20.0, |mut header| {
                for title in [
                    "Version",
                    "Status",
                    "First release",
                    "End of life",
                    "Latest patch",
                ] {
                    header.col(|ui| {
                        ui.strong(title);
                    });
                }
            })
            .body(|mut body| {
                for r in &rows {
                    body.row(18.0, |mut row| {
                        row.set_selected(r.active);
                        row.col(|ui| {
                            let mut text = r.version.to_string();
                            if r.lts {
                                text.push_str(" LTS");
                            }
                            if r.active {
                                text.push_str(" (active)");
                            }
                            ui.label(text);
                        });
                        row.col(|ui| {
                            ui.label(
                                RichText::new(r.status.as_str()).color(status_color(r.status)),
                            );
                        });
                        row.col(|ui| {
                            ui.label(dash(r.first_release.map(|d| d.to_string())));
                        });
                        row.col(|ui| {
                            ui.label(dash(r.end_of_life.map(|d| d.to_string())));
                        });
                        row.col(|ui| {
                            ui.label(dash(r.latest_patch.map(|v| v.to_string())));
                        });
                    });
                }
            });
    }

    fn timeline_ui(&mut self, ui: &mut egui::Ui) {
        let Ok(catalog) = self.runtime.catalog(self.product) else {
            return;
        };
        let bars = timeline_bars(catalog, self.runtime.today);
        let labels: Vec<String> = bars.labels.clone();
        let today = year_fraction(self.runtime.today);
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
        Plot::new(("releases-timeline", self.product))
            .height(24.0 * labels.len().clamp(6, 24) as f32)
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
    }
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

fn found_by_label(found: &FoundBy) -> String {
    match found {
        FoundBy::Explicit => "given".to_owned(),
        FoundBy::VirtualEnv => "virtual environment".to_owned(),
        FoundBy::PythonVersionFile(p) => format!("{}", p.display()),
        FoundBy::Path(name) => format!("{name} on PATH"),
        FoundBy::PyenvShim(origin) => format!("pyenv ({origin})"),
        FoundBy::Pyenv => "pyenv".to_owned(),
        FoundBy::Uv => "uv".to_owned(),
        _ => String::new(),
    }
}

impl Tab for ReleasesTab {
    fn title(&self) -> &'static str {
        "Releases"
    }

    fn ui(&mut self, ui: &mut egui::Ui, jobs: &Runner) {
        ReleasesTab::ui(self, ui, jobs);
    }

    fn save_state(&self) -> Option<serde_json::Value> {
        serde_json::to_value(ReleasesState {
            product: self.product,
        })
        .ok()
    }

    fn load_state(&mut self, state: serde_json::Value) {
        if let Ok(saved) = serde_json::from_value::<ReleasesState>(state) {
            self.product = saved.product;
        }
    }

    fn shortcut(&mut self, action: TabAction, jobs: &Runner) -> bool {
        match action {
            // Ctrl+Enter checks again: a new search for interpreters.
            TabAction::Run => {
                self.start_discovery(jobs);
                true
            }
            TabAction::Cancel => {
                if let Some(handle) = &self.runtime.discovery {
                    handle.cancel();
                }
                if let Some(handle) = &self.runtime.refresh {
                    handle.cancel();
                }
                true
            }
            TabAction::Open | TabAction::Save => false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
