//! The Brew tab: pick or edit the machine's signature, type a call, and see
//! the binding as CPython 3.13 would make it (updated as you type), Python's
//! error with its caret, the ticket, a Brew button running the simulated
//! brew as a job, and the queue at the counter.

use toolcup_brew::{
    Binding, BrewPlan, Error, MAX_SOURCE_CHARS, Order, Preset, QueueReport, QueuedOrder, Signature,
    simulate_queue,
};

use crate::recipes::brew::{
    BINDING_ORDER_NOTE, CallReport, SignatureProblem, brew_job, brew_job_spec, param_label,
    ready_text,
};
use toolcup_jobs::{JobHandle, Outcome, Runner};

use super::{Tab, TabAction};

/// The sample call the tab opens with: the manual's example.
pub const SAMPLE_CALL: &str = "brew_coffee(\"Latte\", \"vanilla syrup\",\n    strength=3, milk_amount=2,\n    milk_type=\"oat\", temperature=\"extra hot\")";

/// The Brew tab's state.
#[derive(serde::Serialize, serde::Deserialize)]
#[serde(default)]
pub struct BrewTab {
    /// The selected preset; `None` while the definition is edited by hand.
    preset: Option<Preset>,
    /// The `def` line.
    def_text: String,
    /// The call being typed.
    call_text: String,
    /// Group heads brewing in parallel in the queue.
    group_heads: usize,
    /// Simulation speed for the Brew button.
    time_scale: f64,
    #[serde(skip)]
    view: View,
    #[serde(skip)]
    job: Option<Running>,
    #[serde(skip)]
    brew_status: Option<String>,
    #[serde(skip)]
    queue: Vec<QueuedOrder>,
    #[serde(skip)]
    queue_report: Option<QueueReport>,
}

struct Running {
    /// What to say when it succeeds.
    ready: String,
    handle: JobHandle<(), Error>,
}

/// What the engine made of the current inputs (recomputed when they change).
#[derive(Default)]
struct View {
    inputs: (String, String),
    signature: Option<Signature>,
    def_error: Option<String>,
    binding: Option<Binding>,
    error: Option<String>,
    order: Option<Order>,
    ticket: Option<String>,
}

impl Default for BrewTab {
    fn default() -> Self {
        BrewTab::with_call(Preset::Current, SAMPLE_CALL)
    }
}

impl BrewTab {
    /// The tab with a preset signature and a call.
    pub fn with_call(preset: Preset, call: &str) -> Self {
        BrewTab {
            preset: Some(preset),
            def_text: preset.def().to_owned(),
            call_text: call.to_owned(),
            group_heads: 2,
            time_scale: 60.0,
            view: View::default(),
            job: None,
            brew_status: None,
            queue: Vec::new(),
            queue_report: None,
        }
    }

    /// Whether a brew job is running.
    pub fn is_brewing(&self) -> bool {
        self.job.is_some()
    }

    /// The last brew's outcome, for example "Latte is ready".
    pub fn brew_status(&self) -> Option<&str> {
        self.brew_status.as_deref()
    }

    /// The binding of the current call, if it binds.
    pub fn binding(&self) -> Option<&Binding> {
        self.view.binding.as_ref()
    }

    /// Set the simulation speed (tests use a large one).
    pub fn set_time_scale(&mut self, scale: f64) {
        self.time_scale = scale;
    }

    fn refresh(&mut self) {
        let inputs = (self.def_text.clone(), self.call_text.clone());
        if self.view.inputs == inputs
            && (self.view.signature.is_some() || self.view.def_error.is_some())
        {
            return;
        }
        let mut view = View {
            inputs,
            ..View::default()
        };
        match crate::recipes::brew::signature_from(&self.def_text) {
            Ok(sig) => view.signature = Some(sig),
            Err(SignatureProblem::Unknown(why) | SignatureProblem::Invalid(why)) => {
                view.def_error = Some(why)
            }
        }
        if let Some(sig) = &view.signature {
            let report = CallReport::new(sig, &self.call_text);
            view.error = report.error_text(&self.call_text);
            view.binding = report.binding;
            view.order = report.order;
            view.ticket = report.ticket;
        }
        self.view = view;
    }

    /// Draw the tab.
    pub fn ui(&mut self, ui: &mut egui::Ui, jobs: &Runner) {
        self.poll_job();
        self.refresh();
        egui::ScrollArea::vertical().show(ui, |ui| {
            self.signature_ui(ui);
            ui.add_space(6.0);
            self.call_ui(ui);
            ui.add_space(6.0);
            self.result_ui(ui);
            ui.add_space(6.0);
            self.brew_ui(ui, jobs);
            ui.add_space(6.0);
            self.queue_ui(ui);
        });
    }

    fn signature_ui(&mut self, ui: &mut egui::Ui) {
        ui.horizontal(|ui| {
            ui.strong("Signature");
            let selected = self
                .preset
                .map_or("custom".to_owned(), |p| p.name().to_owned());
            let before = self.preset;
            egui::ComboBox::new("brew_preset", "Preset")
                .selected_text(selected)
                .show_ui(ui, |ui| {
                    for p in Preset::ALL {
                        ui.selectable_value(&mut self.preset, Some(p), p.name());
                    }
                });
            if self.preset != before
                && let Some(p) = self.preset
            {
                self.def_text = p.def().to_owned();
            }
        });
        let l = ui.label("Definition");
        let resp = ui
            .add(
                egui::TextEdit::singleline(&mut self.def_text)
                    .code_editor()
                    .char_limit(MAX_SOURCE_CHARS)
                    .desired_width(f32::INFINITY),
            )
            .labelled_by(l.id);
        if resp.changed() {
            self.preset = Preset::ALL
                .into_iter()
                .find(|p| p.def() == self.def_text.trim());
        }
        if let Some(err) = &self.view.def_error {
            ui.colored_label(
                ui.visuals().error_fg_color,
                egui::RichText::new(err).monospace(),
            );
        }
    }

    fn call_ui(&mut self, ui: &mut egui::Ui) {
        let l = ui.label("Call");
        // The engine reads at most MAX_SOURCE_CHARS (and its work is bounded
        // there): a larger paste is cut, and says so, so that neither the
        // editor nor the binding on this thread can stall the window.
        ui.add(
            egui::TextEdit::multiline(&mut self.call_text)
                .code_editor()
                .char_limit(MAX_SOURCE_CHARS)
                .desired_rows(4)
                .desired_width(f32::INFINITY),
        )
        .labelled_by(l.id);
        if self.call_text.chars().count() >= MAX_SOURCE_CHARS {
            ui.colored_label(
                ui.visuals().warn_fg_color,
                format!("The call is cut at {MAX_SOURCE_CHARS} characters, the engine's limit."),
            );
        }
    }

    fn result_ui(&mut self, ui: &mut egui::Ui) {
        if let Some(b) = &self.view.binding {
            ui.strong("Binding").on_hover_text(BINDING_ORDER_NOTE);
            egui::Grid::new("brew_binding")
                .striped(true)
                .num_columns(3)
                .show(ui, |ui| {
                    ui.label("Parameter");
                    ui.label("Value");
                    ui.label("How");
                    ui.end_row();
                    for p in &b.params {
                        ui.monospace(param_label(p));
                        ui.monospace(p.value.repr());
                        ui.label(p.source.describe());
                        ui.end_row();
                    }
                });
        }
        if let Some(err) = &self.view.error {
            ui.colored_label(
                ui.visuals().error_fg_color,
                egui::RichText::new(err.trim_end()).monospace(),
            );
        }
        if let Some(t) = &self.view.ticket {
            ui.strong("Ticket");
            ui.monospace(t.trim_end());
        }
    }

    fn brew_ui(&mut self, ui: &mut egui::Ui, jobs: &Runner) {
        ui.horizontal(|ui| {
            let can_brew = self.view.order.is_some() && self.job.is_none();
            if ui
                .add_enabled(can_brew, egui::Button::new("Brew"))
                .on_hover_text("Brew this order (Ctrl+Enter; Esc cancels)")
                .clicked()
                && let Some(order) = self.view.order.clone()
            {
                self.start_brew(order, jobs);
            }
            let l = ui.label("Speed");
            ui.add(
                egui::DragValue::new(&mut self.time_scale)
                    .range(1.0..=100_000.0)
                    .suffix("×"),
            )
            .labelled_by(l.id);
            if ui
                .add_enabled(self.view.order.is_some(), egui::Button::new("Add to queue"))
                .clicked()
                && let Some(order) = &self.view.order
            {
                let n = self.queue.len();
                self.queue.push(QueuedOrder {
                    label: format!("#{} {}", n + 1, order.drink),
                    arrival_seconds: 20.0 * n as f64,
                    brew_seconds: BrewPlan::for_order(order).total_seconds(),
                });
                self.queue_report = simulate_queue(&self.queue, self.group_heads).ok();
            }
        });
        if let Some(running) = &self.job {
            let info = running.handle.info();
            ui.horizontal(|ui| {
                let fraction = info.progress.fraction().unwrap_or(0.0);
                ui.add(
                    egui::ProgressBar::new(fraction)
                        .text(info.message.clone())
                        .desired_width(260.0),
                );
                if ui.button("Cancel brewing").clicked() {
                    running.handle.cancel();
                }
            });
        }
        if let Some(status) = &self.brew_status {
            ui.label(status);
        }
    }

    fn start_brew(&mut self, order: Order, jobs: &Runner) {
        let scale = self.time_scale.max(1.0);
        let handle = jobs.submit(brew_job_spec(&order), brew_job(&order, scale));
        self.brew_status = None;
        self.job = Some(Running {
            ready: ready_text(&order),
            handle,
        });
    }

    fn poll_job(&mut self) {
        let Some(running) = &self.job else { return };
        let Some(outcome) = running.handle.try_take() else {
            return;
        };
        self.brew_status = Some(match outcome {
            Outcome::Succeeded(()) => running.ready.clone(),
            Outcome::Failed(e) => format!("Brewing stopped: {e}"),
            Outcome::Cancelled => "Brewing cancelled".to_owned(),
            Outcome::Panicked(msg) => format!("Brewing crashed: {msg}"),
        });
        self.job = None;
    }

    fn queue_ui(&mut self, ui: &mut egui::Ui) {
        ui.horizontal(|ui| {
            ui.strong("Order queue");
            let l = ui.label("Group heads");
            let resp = ui
                .add(egui::DragValue::new(&mut self.group_heads).range(1..=8))
                .labelled_by(l.id);
            if resp.changed() {
                self.queue_report = simulate_queue(&self.queue, self.group_heads).ok();
            }
            if ui
                .add_enabled(!self.queue.is_empty(), egui::Button::new("Clear queue"))
                .clicked()
            {
                self.queue.clear();
                self.queue_report = None;
            }
        });
        let Some(report) = &self.queue_report else {
            ui.weak("Add orders to see how a rush is served (one every 20 s).");
            return;
        };
        egui::Grid::new("brew_queue")
            .striped(true)
            .num_columns(6)
            .show(ui, |ui| {
                for h in ["Order", "Head", "Arrives", "Starts", "Waits", "Ready"] {
                    ui.label(h);
                }
                ui.end_row();
                for s in &report.served {
                    ui.label(&s.label);
                    ui.label((s.head + 1).to_string());
                    ui.label(format!("{:.0} s", s.arrival_seconds));
                    ui.label(format!("{:.0} s", s.start_seconds));
                    ui.label(format!("{:.0} s", s.wait_seconds));
                    ui.label(format!("{:.0} s", s.finish_seconds));
                    ui.end_row();
                }
            });
        ui.label(format!(
            "Mean wait {:.0} s, longest {:.0} s, {:.1} orders per hour",
            report.mean_wait_seconds, report.max_wait_seconds, report.throughput_per_hour
        ));
    }
}

impl Tab for BrewTab {
    fn title(&self) -> &'static str {
        "Brew"
    }

    fn ui(&mut self, ui: &mut egui::Ui, jobs: &Runner) {
        BrewTab::ui(self, ui, jobs);
    }

    fn save_state(&self) -> Option<serde_json::Value> {
        serde_json::to_value(self).ok()
    }

    fn load_state(&mut self, state: serde_json::Value) {
        if let Ok(tab) = serde_json::from_value::<BrewTab>(state) {
            *self = tab;
        }
    }

    fn shortcut(&mut self, action: TabAction, jobs: &Runner) -> bool {
        match action {
            TabAction::Run => {
                if self.job.is_none()
                    && let Some(order) = self.view.order.clone()
                {
                    self.start_brew(order, jobs);
                }
                true
            }
            TabAction::Cancel => {
                if let Some(running) = &self.job {
                    running.handle.cancel();
                }
                true
            }
            TabAction::Open | TabAction::Save => false,
        }
    }
}
