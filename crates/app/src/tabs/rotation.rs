//! The Rotation tab: one rotation shown as a quaternion, a 3×3 matrix,
//! axis-angle and Euler angles, each editable and converted live into the
//! others; a drawing of the rotated frame; and the round-trip accuracy
//! experiment as a job with its error histogram.

use egui::{Color32, Pos2, Sense, Stroke, Vec2};
use serde::{Deserialize, Serialize};
use toolcup_jobs::{JobHandle, JobSpec, Outcome, Runner};
use toolcup_rotation::accuracy::{AccuracyReport, Progress, round_trip_experiment};
use toolcup_rotation::text::parse_exactly;
use toolcup_rotation::{
    AxisAngle, EulerConvention, EulerKind, OffRotation, RotationError, RotationMatrix,
    RotationSampler, ScalarOrder, Tolerance, UnitQuaternion,
};

use super::{Tab, TabAction};

const ERROR_COLOR: Color32 = Color32::from_rgb(220, 60, 60);
const AXIS_COLORS: [Color32; 3] = [
    Color32::from_rgb(230, 70, 70),
    Color32::from_rgb(70, 190, 70),
    Color32::from_rgb(80, 130, 240),
];
const QUATERNION_LABELS: [&str; 4] = ["w", "x", "y", "z"];
const MATRIX_LABELS: [&str; 9] = [
    "r11", "r12", "r13", "r21", "r22", "r23", "r31", "r32", "r33",
];
const AXIS_ANGLE_LABELS: [&str; 4] = ["axis x", "axis y", "axis z", "angle"];
const EULER_LABELS: [&str; 3] = ["angle 1", "angle 2", "angle 3"];

/// Which representation the user edited last (the others follow it).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Source {
    Quaternion,
    Matrix,
    AxisAngle,
    Euler,
    Other,
}

/// The Rotation tab's state. The inputs persist between runs.
#[derive(Serialize, Deserialize)]
#[serde(default)]
pub struct RotationTab {
    rotation: UnitQuaternion,
    quaternion_text: [String; 4],
    matrix_text: [String; 9],
    axis_angle_text: [String; 4],
    euler_text: [String; 3],
    /// The Euler sequence, lower case extrinsic, upper case intrinsic.
    sequence: EulerConvention,
    degrees: bool,
    /// Copy quaternions as x y z w.
    scalar_last: bool,
    /// Replace a matrix that is off orthogonal by the nearest rotation.
    nearest: bool,
    samples: u64,
    /// Seed of the next Random rotation.
    random_seed: u64,
    /// Orbit of the drawing: turn about the vertical, then tilt (radians).
    view_yaw: f32,
    view_pitch: f32,
    #[serde(skip)]
    errors: Errors,
    #[serde(skip)]
    gimbal_lock: bool,
    #[serde(skip)]
    job: Option<JobHandle<AccuracyReport, RotationError>>,
    #[serde(skip)]
    report: Option<AccuracyReport>,
    #[serde(skip)]
    job_error: Option<String>,
}

/// Validation messages: one per field, and one per representation.
#[derive(Default)]
struct Errors {
    quaternion: [Option<String>; 4],
    matrix: [Option<String>; 9],
    axis_angle: [Option<String>; 4],
    euler: [Option<String>; 3],
    quaternion_all: Option<String>,
    matrix_all: Option<String>,
    axis_angle_all: Option<String>,
    euler_all: Option<String>,
}

impl Default for RotationTab {
    /// Starts on the sample rotation: 120° about (1, 1, 1), which maps x to
    /// y, y to z and z to x.
    fn default() -> Self {
        let mut tab = RotationTab {
            rotation: UnitQuaternion::new(0.5, 0.5, 0.5, 0.5).unwrap_or_default(),
            quaternion_text: Default::default(),
            matrix_text: Default::default(),
            axis_angle_text: Default::default(),
            euler_text: Default::default(),
            sequence: EulerConvention::all(EulerKind::Intrinsic)[5],
            degrees: true,
            scalar_last: false,
            nearest: false,
            samples: 1_000_000,
            random_seed: 1,
            view_yaw: 0.6,
            view_pitch: 0.35,
            errors: Errors::default(),
            gimbal_lock: false,
            job: None,
            report: None,
            job_error: None,
        };
        tab.refresh(Source::Other);
        tab
    }
}

fn number(v: f64) -> String {
    v.to_string()
}

/// Parses one field: a single number.
fn parse_field(text: &str) -> Result<f64, String> {
    parse_exactly::<1>(text, "1 number")
        .map(|[v]| v)
        .map_err(|e| e.to_string())
}

/// Parses every field of a group, recording per-field errors.
fn parse_fields<const N: usize>(
    texts: &[String; N],
    errors: &mut [Option<String>; N],
) -> Option<[f64; N]> {
    let mut values = [0.0; N];
    let mut ok = true;
    for i in 0..N {
        match parse_field(&texts[i]) {
            Ok(v) => {
                values[i] = v;
                errors[i] = None;
            }
            Err(e) => {
                errors[i] = Some(e);
                ok = false;
            }
        }
    }
    ok.then_some(values)
}

impl RotationTab {
    /// The rotation currently shown.
    pub fn rotation(&self) -> UnitQuaternion {
        self.rotation
    }

    /// Rewrites every representation except `source` from `self.rotation`.
    fn refresh(&mut self, source: Source) {
        let q = self.rotation;
        if source != Source::Quaternion {
            let v: [f64; 4] = q.into();
            self.quaternion_text = v.map(number);
            self.errors.quaternion = Default::default();
            self.errors.quaternion_all = None;
        }
        if source != Source::Matrix {
            self.matrix_text = RotationMatrix::from_quaternion(q)
                .to_row_major()
                .map(number);
            self.errors.matrix = Default::default();
            self.errors.matrix_all = None;
        }
        if source != Source::AxisAngle {
            let a = AxisAngle::from_quaternion(q);
            let [x, y, z] = a.axis();
            self.axis_angle_text = [x, y, z, self.show_angle(a.angle())].map(number);
            self.errors.axis_angle = Default::default();
            self.errors.axis_angle_all = None;
        }
        if source != Source::Euler {
            let e = self.sequence.from_quaternion(q);
            self.euler_text = e.angles.map(|a| number(self.show_angle(a)));
            self.gimbal_lock = e.gimbal_lock;
            self.errors.euler = Default::default();
            self.errors.euler_all = None;
        }
    }

    fn show_angle(&self, radians: f64) -> f64 {
        if self.degrees {
            radians.to_degrees()
        } else {
            radians
        }
    }

    fn read_angle(&self, shown: f64) -> f64 {
        if self.degrees {
            shown.to_radians()
        } else {
            shown
        }
    }

    fn quaternion_edited(&mut self) {
        let Some(v) = parse_fields(&self.quaternion_text, &mut self.errors.quaternion) else {
            return;
        };
        match UnitQuaternion::from_array(v, ScalarOrder::ScalarFirst) {
            Ok(q) => {
                self.errors.quaternion_all = None;
                self.rotation = q;
                self.refresh(Source::Quaternion);
            }
            Err(e) => self.errors.quaternion_all = Some(e.to_string()),
        }
    }

    fn matrix_edited(&mut self) {
        let Some(v) = parse_fields(&self.matrix_text, &mut self.errors.matrix) else {
            return;
        };
        let off = if self.nearest {
            OffRotation::Nearest
        } else {
            OffRotation::Refuse
        };
        let rows = RotationMatrix::rows_from_row_major(v);
        match RotationMatrix::check(rows, Tolerance::default(), off) {
            Ok(m) => {
                self.errors.matrix_all = None;
                self.rotation = m.to_quaternion();
                self.refresh(Source::Matrix);
            }
            Err(e) => self.errors.matrix_all = Some(e.to_string()),
        }
    }

    fn axis_angle_edited(&mut self) {
        let Some([x, y, z, angle]) =
            parse_fields(&self.axis_angle_text, &mut self.errors.axis_angle)
        else {
            return;
        };
        match AxisAngle::new([x, y, z], self.read_angle(angle)) {
            Ok(a) => {
                self.errors.axis_angle_all = None;
                self.rotation = a.to_quaternion();
                self.refresh(Source::AxisAngle);
            }
            Err(e) => self.errors.axis_angle_all = Some(e.to_string()),
        }
    }

    fn euler_edited(&mut self) {
        let Some(v) = parse_fields(&self.euler_text, &mut self.errors.euler) else {
            return;
        };
        match self.sequence.to_quaternion(v.map(|a| self.read_angle(a))) {
            Ok(q) => {
                self.errors.euler_all = None;
                self.rotation = q;
                self.gimbal_lock = self.sequence.from_quaternion(q).gimbal_lock;
                self.refresh(Source::Euler);
            }
            Err(e) => self.errors.euler_all = Some(e.to_string()),
        }
    }

    /// Draws the tab. Never blocks: the accuracy experiment runs on `jobs`.
    pub fn ui(&mut self, ui: &mut egui::Ui, jobs: &Runner) {
        self.poll_job();
        egui::ScrollArea::vertical().show(ui, |ui| {
            ui.horizontal(|ui| {
                if ui.button("Random").clicked() {
                    let mut sampler = RotationSampler::new(self.random_seed);
                    self.random_seed = self.random_seed.wrapping_add(1);
                    self.rotation = sampler.next_quaternion();
                    self.refresh(Source::Other);
                }
                if ui.button("Identity").clicked() {
                    self.rotation = UnitQuaternion::IDENTITY;
                    self.refresh(Source::Other);
                }
                if ui.checkbox(&mut self.degrees, "Degrees").changed() {
                    self.refresh(Source::Other);
                }
            });
            ui.separator();
            ui.columns(2, |columns| {
                self.representations_ui(&mut columns[0]);
                self.frame_ui(&mut columns[1]);
            });
            ui.separator();
            self.accuracy_ui(ui, jobs);
        });
    }

    fn fields_ui<const N: usize>(
        ui: &mut egui::Ui,
        labels: &[&str; N],
        texts: &mut [String; N],
        errors: &[Option<String>; N],
        per_row: usize,
    ) -> bool {
        let mut changed = false;
        for (i, label) in labels.iter().enumerate() {
            let l = ui.label(*label);
            let response = ui
                .add_sized(
                    [100.0, ui.spacing().interact_size.y],
                    egui::TextEdit::singleline(&mut texts[i]).font(egui::TextStyle::Monospace),
                )
                .labelled_by(l.id);
            changed |= response.changed();
            if let Some(e) = &errors[i] {
                ui.colored_label(ERROR_COLOR, e);
            }
            if (i + 1) % per_row == 0 {
                ui.end_row();
            }
        }
        changed
    }

    fn section_error(ui: &mut egui::Ui, error: &Option<String>) {
        if let Some(e) = error {
            ui.colored_label(ERROR_COLOR, e);
        }
    }

    fn representations_ui(&mut self, ui: &mut egui::Ui) {
        ui.horizontal(|ui| {
            ui.heading("Quaternion");
            if ui.button("Copy quaternion").clicked() {
                let order = if self.scalar_last {
                    ScalarOrder::ScalarLast
                } else {
                    ScalarOrder::ScalarFirst
                };
                let v = self.rotation.to_array(order).map(number);
                ui.ctx().copy_text(v.join(", "));
            }
            ui.checkbox(&mut self.scalar_last, "Copy scalar last");
        });
        let changed = egui::Grid::new("rotation_quaternion")
            .show(ui, |ui| {
                Self::fields_ui(
                    ui,
                    &QUATERNION_LABELS,
                    &mut self.quaternion_text,
                    &self.errors.quaternion,
                    1,
                )
            })
            .inner;
        Self::section_error(ui, &self.errors.quaternion_all);
        if changed {
            self.quaternion_edited();
        }

        ui.add_space(8.0);
        ui.horizontal(|ui| {
            ui.heading("Matrix");
            if ui.button("Copy matrix").clicked() {
                let m = RotationMatrix::from_quaternion(self.rotation).rows();
                let rows: Vec<String> = m.iter().map(|r| r.map(number).join(", ")).collect();
                ui.ctx().copy_text(rows.join("\n"));
            }
            if ui.checkbox(&mut self.nearest, "Nearest rotation").changed() {
                self.matrix_edited();
            }
        });
        let changed = egui::Grid::new("rotation_matrix")
            .show(ui, |ui| {
                Self::fields_ui(
                    ui,
                    &MATRIX_LABELS,
                    &mut self.matrix_text,
                    &self.errors.matrix,
                    3,
                )
            })
            .inner;
        Self::section_error(ui, &self.errors.matrix_all);
        if changed {
            self.matrix_edited();
        }

        ui.add_space(8.0);
        ui.horizontal(|ui| {
            ui.heading("Axis-angle");
            if ui.button("Copy axis-angle").clicked() {
                let a = AxisAngle::from_quaternion(self.rotation);
                let [x, y, z] = a.axis();
                let v = [x, y, z, self.show_angle(a.angle())].map(number);
                ui.ctx().copy_text(v.join(", "));
            }
        });
        let changed = egui::Grid::new("rotation_axis_angle")
            .show(ui, |ui| {
                Self::fields_ui(
                    ui,
                    &AXIS_ANGLE_LABELS,
                    &mut self.axis_angle_text,
                    &self.errors.axis_angle,
                    1,
                )
            })
            .inner;
        Self::section_error(ui, &self.errors.axis_angle_all);
        if changed {
            self.axis_angle_edited();
        }

        ui.add_space(8.0);
        ui.horizontal(|ui| {
            ui.heading("Euler angles");
            let before = self.sequence;
            egui::ComboBox::new("rotation_euler_sequence", "Sequence")
                .selected_text(self.sequence.to_string())
                .show_ui(ui, |ui| {
                    for kind in [EulerKind::Intrinsic, EulerKind::Extrinsic] {
                        for c in EulerConvention::all(kind) {
                            let text = match kind {
                                EulerKind::Intrinsic => format!("{c} (intrinsic)"),
                                EulerKind::Extrinsic => format!("{c} (extrinsic)"),
                            };
                            ui.selectable_value(&mut self.sequence, c, text);
                        }
                    }
                });
            if self.sequence != before {
                self.refresh(Source::Other);
            }
            if ui.button("Copy Euler angles").clicked() {
                let e = self.sequence.from_quaternion(self.rotation);
                let v = e.angles.map(|a| number(self.show_angle(a)));
                ui.ctx()
                    .copy_text(format!("{} {}", self.sequence, v.join(", ")));
            }
        });
        let changed = egui::Grid::new("rotation_euler")
            .show(ui, |ui| {
                Self::fields_ui(
                    ui,
                    &EULER_LABELS,
                    &mut self.euler_text,
                    &self.errors.euler,
                    1,
                )
            })
            .inner;
        Self::section_error(ui, &self.errors.euler_all);
        if self.gimbal_lock {
            ui.colored_label(
                Color32::from_rgb(220, 160, 40),
                "Gimbal lock: the outer angles turn about one line; the third is set to 0.",
            );
        }
        if changed {
            self.euler_edited();
        }
    }

    /// The rotated frame (bold) over the reference axes (thin), drawn in an
    /// orthographic view that dragging orbits.
    fn frame_ui(&mut self, ui: &mut egui::Ui) {
        ui.heading("Rotated frame");
        let size = ui.available_width().clamp(160.0, 360.0);
        let (response, painter) = ui.allocate_painter(Vec2::splat(size), Sense::drag());
        let response = response.on_hover_text("Rotated frame: drag to orbit the view");
        if response.dragged() {
            let d = response.drag_delta();
            self.view_yaw += d.x * 0.01;
            self.view_pitch = (self.view_pitch + d.y * 0.01).clamp(-1.5, 1.5);
        }
        let rect = response.rect;
        painter.rect_filled(rect, 4.0, ui.visuals().extreme_bg_color);
        let center = rect.center();
        let scale = size * 0.38;
        let (sy, cy) = (self.view_yaw as f64).sin_cos();
        let (sp, cp) = (self.view_pitch as f64).sin_cos();
        // World z is up on screen; yaw turns about it, pitch tilts towards the viewer.
        let project = |v: [f64; 3]| -> (Pos2, f64) {
            let x1 = cy * v[0] - sy * v[1];
            let y1 = sy * v[0] + cy * v[1];
            let depth = cp * y1 - sp * v[2];
            let up = sp * y1 + cp * v[2];
            (
                Pos2::new(
                    center.x + (scale as f64 * x1) as f32,
                    center.y - (scale as f64 * up) as f32,
                ),
                depth,
            )
        };
        let names = ["x", "y", "z"];
        let font = egui::FontId::proportional(13.0);
        for k in 0..3 {
            let mut e = [0.0; 3];
            e[k] = 1.0;
            let (tip, _) = project(e);
            painter.line_segment(
                [center, tip],
                Stroke::new(1.0, AXIS_COLORS[k].gamma_multiply(0.45)),
            );
        }
        // Rotated axes, farthest first so nearer ones draw on top.
        let mut axes: Vec<(usize, Pos2, f64)> = (0..3)
            .map(|k| {
                let mut e = [0.0; 3];
                e[k] = 1.0;
                let (tip, depth) = project(self.rotation.rotate(e));
                (k, tip, depth)
            })
            .collect();
        axes.sort_by(|a, b| b.2.total_cmp(&a.2));
        for (k, tip, _) in axes {
            painter.line_segment([center, tip], Stroke::new(3.0, AXIS_COLORS[k]));
            painter.circle_filled(tip, 3.5, AXIS_COLORS[k]);
            let offset = (tip - center).normalized() * 10.0;
            painter.text(
                tip + offset,
                egui::Align2::CENTER_CENTER,
                names[k],
                font.clone(),
                AXIS_COLORS[k],
            );
        }
        ui.label("Bold: rotated axes. Thin: reference axes. Drag to orbit.");
    }

    fn poll_job(&mut self) {
        let Some(handle) = &self.job else { return };
        let Some(outcome) = handle.try_take() else {
            return;
        };
        self.job = None;
        match outcome {
            Outcome::Succeeded(report) => {
                self.report = Some(report);
                self.job_error = None;
            }
            Outcome::Failed(e) => self.job_error = Some(e.to_string()),
            Outcome::Cancelled => self.job_error = Some("cancelled".to_string()),
            Outcome::Panicked(m) => self.job_error = Some(format!("panicked: {m}")),
        }
    }

    fn accuracy_ui(&mut self, ui: &mut egui::Ui, jobs: &Runner) {
        ui.heading("Accuracy experiment");
        ui.label("Round trips q -> R -> q and R -> q -> R over seeded uniform random rotations.");
        ui.horizontal(|ui| {
            let l = ui.label("Samples");
            ui.add(
                egui::DragValue::new(&mut self.samples)
                    .range(1..=100_000_000)
                    .speed(1000.0),
            )
            .labelled_by(l.id);
            match &self.job {
                None => {
                    if ui.button("Run accuracy experiment").clicked() {
                        self.start_job(jobs);
                    }
                }
                Some(handle) => {
                    let fraction = handle.progress().fraction().unwrap_or(0.0);
                    ui.add(
                        egui::ProgressBar::new(fraction)
                            .show_percentage()
                            .desired_width(160.0),
                    );
                    if ui.button("Cancel").clicked() {
                        handle.cancel();
                    }
                }
            }
        });
        if let Some(e) = &self.job_error {
            ui.colored_label(ERROR_COLOR, format!("Accuracy experiment: {e}"));
        }
        if let Some(report) = &self.report {
            let q = &report.quaternion_round_trip;
            let r = &report.matrix_round_trip;
            ui.label(format!(
                "{} rotations: q -> R -> q max {:.3e}, mean {:.3e}; R -> q -> R max {:.3e}, mean {:.3e}; NaN {}; ||q| - 1| ≤ {:.3e}",
                report.samples,
                q.max,
                q.mean,
                r.max,
                r.mean,
                q.nan + r.nan,
                report.max_norm_error
            ));
            let bars: Vec<egui_plot::Bar> = q
                .histogram
                .counts
                .iter()
                .enumerate()
                .map(|(k, &count)| {
                    egui_plot::Bar::new(k as f64, count as f64).name(q.histogram.label(k))
                })
                .collect();
            // As tall as the window has room for (no scrolling at the default
            // size), between 110 and 180 points.
            let height = (ui.available_height() - 8.0).clamp(110.0, 180.0);
            egui_plot::Plot::new("rotation_accuracy_histogram")
                .height(height)
                .x_axis_label("error bin (0 = exact; then 1e-18 ... 1e-14, four per decade)")
                .y_axis_label("rotations")
                .allow_zoom(false)
                .allow_drag(false)
                .allow_scroll(false)
                .show(ui, |plot| {
                    plot.bar_chart(egui_plot::BarChart::new("q -> R -> q error", bars).width(0.9));
                });
        }
    }

    fn start_job(&mut self, jobs: &Runner) {
        let samples = self.samples;
        self.job_error = None;
        self.job = Some(jobs.submit(
            JobSpec::cpu("rotation accuracy").key("rotation-accuracy"),
            move |ctx| {
                round_trip_experiment(samples, 20_261_125, &mut |p: Progress| {
                    ctx.report(p.done, p.total)
                })
            },
        ));
    }

    /// Whether the accuracy experiment is running.
    pub fn is_running(&self) -> bool {
        self.job.is_some()
    }
}

impl Tab for RotationTab {
    fn title(&self) -> &'static str {
        "Rotation"
    }

    fn ui(&mut self, ui: &mut egui::Ui, jobs: &Runner) {
        RotationTab::ui(self, ui, jobs);
    }

    fn save_state(&self) -> Option<serde_json::Value> {
        serde_json::to_value(self).ok()
    }

    fn shortcut(&mut self, action: TabAction, jobs: &Runner) -> bool {
        match action {
            TabAction::Run => {
                if self.job.is_none() {
                    self.start_job(jobs);
                }
                true
            }
            TabAction::Cancel => match &self.job {
                Some(handle) => {
                    handle.cancel();
                    true
                }
                None => false,
            },
            TabAction::Open | TabAction::Save => false,
        }
    }

    fn load_state(&mut self, state: serde_json::Value) {
        if let Ok(mut tab) = serde_json::from_value::<RotationTab>(state) {
            tab.refresh(Source::Other);
            *self = tab;
        }
    }
}
