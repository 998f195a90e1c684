//! The Rotation tab: one rotation shown as a quaternion, a 3×3 matrix,
//! axis-angle and Euler angles, each editable and converted live into the
//! others; a drawing of the rotated frame; and the round-trip accuracy
//! experiment as a job with its error histogram.
//!
//! The tab only parses fields and draws: how each form is read and written,
//! the number format and the messages are the recipe's
//! (`recipes::rotation`), shared with `toolcup rotation`.

mod accuracy;
mod frame;
mod views;

use serde::{Deserialize, Serialize};
use toolcup_jobs::Runner;
use toolcup_rotation::{EulerConvention, EulerKind, RotationSampler, ScalarOrder, UnitQuaternion};

use super::{Tab, TabAction};
use crate::recipes::rotation::{ACCURACY_SAMPLES, GIMBAL_LOCK, Reading, Rotation};
use accuracy::Accuracy;
use views::{View, ViewKind, WARNING_COLOR};

/// The Rotation tab's state. The inputs persist between runs; the field
/// texts are rewritten from the rotation.
#[derive(Serialize, Deserialize)]
#[serde(default)]
pub struct RotationTab {
    rotation: UnitQuaternion,
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
    views: [View; 4],
    #[serde(skip)]
    gimbal_lock: bool,
    #[serde(skip)]
    accuracy: Accuracy,
}

/// The sample rotation's Euler angles, intrinsic ZYX in degrees: yaw 30°,
/// pitch 20°, roll 10°. Every rotated axis stands clear of the reference
/// axes (a rotation that maps axes onto axes would hide them).
const SAMPLE_EULER: [&str; 3] = ["30", "20", "10"];

/// About the width the views need: three rows of label and 100-point field
/// for the matrix, with the grid's spacing.
const VIEWS_WIDTH: f32 = 470.0;

/// The narrowest the rotated frame is drawn beside the views.
const FRAME_MIN_WIDTH: f32 = 260.0;

impl Default for RotationTab {
    /// Starts on the sample rotation, typed into the Euler view.
    fn default() -> Self {
        let mut tab = RotationTab {
            rotation: UnitQuaternion::IDENTITY,
            sequence: EulerConvention::all(EulerKind::Intrinsic)[5],
            degrees: true,
            scalar_last: false,
            nearest: false,
            samples: ACCURACY_SAMPLES,
            random_seed: 1,
            view_yaw: 0.6,
            view_pitch: 0.35,
            views: Default::default(),
            gimbal_lock: false,
            accuracy: Accuracy::default(),
        };
        tab.refresh(None);
        let euler = &mut tab.views[ViewKind::Euler as usize];
        euler.set_texts(&SAMPLE_EULER);
        tab.edited(ViewKind::Euler);
        tab
    }
}

impl RotationTab {
    /// The rotation currently shown.
    pub fn rotation(&self) -> UnitQuaternion {
        self.rotation
    }

    /// How the fields are read and written: quaternion fields scalar first,
    /// angles as the Degrees box says, matrices as the Nearest box says.
    fn reading(&self) -> Reading {
        Reading {
            degrees: self.degrees,
            nearest: self.nearest,
            ..Reading::default()
        }
    }

    /// Rewrites every view except `source` from the rotation.
    fn refresh(&mut self, source: Option<ViewKind>) {
        let reading = self.reading();
        let rotation = Rotation::Quaternion(self.rotation);
        for kind in ViewKind::ALL {
            let written = kind.form(self.sequence).write(&rotation, &reading);
            if kind == ViewKind::Euler {
                self.gimbal_lock = written.gimbal_lock;
            }
            if Some(kind) != source {
                self.views[kind as usize].show(&written.numbers);
            }
        }
    }

    /// Reads the edited view; when it holds a rotation, the others follow.
    fn edited(&mut self, kind: ViewKind) {
        let form = kind.form(self.sequence);
        let reading = self.reading();
        if let Some(rotation) = self.views[kind as usize].read(form, &reading) {
            self.rotation = rotation.quaternion().canonical();
            self.refresh(Some(kind));
        }
    }

    /// Draws the tab. Never blocks: the accuracy experiment runs on `jobs`.
    pub fn ui(&mut self, ui: &mut egui::Ui, jobs: &Runner) {
        self.accuracy.poll();
        egui::ScrollArea::vertical().show(ui, |ui| {
            ui.horizontal(|ui| {
                if ui.button("Random").clicked() {
                    let mut sampler = RotationSampler::new(self.random_seed);
                    self.random_seed = self.random_seed.wrapping_add(1);
                    self.rotation = sampler.next_quaternion();
                    self.refresh(None);
                }
                if ui.button("Identity").clicked() {
                    self.rotation = UnitQuaternion::IDENTITY;
                    self.refresh(None);
                }
                if ui.checkbox(&mut self.degrees, "Degrees").changed() {
                    self.refresh(None);
                }
            });
            ui.separator();
            // The views take the width their fields need (a matrix row is
            // three 100-point fields); the frame takes the rest, or goes
            // below them when the window is too narrow for both.
            if ui.available_width() >= VIEWS_WIDTH + FRAME_MIN_WIDTH {
                ui.horizontal_top(|ui| {
                    ui.vertical(|ui| self.views_ui(ui));
                    ui.add_space(16.0);
                    ui.vertical(|ui| self.frame_ui(ui));
                });
            } else {
                self.views_ui(ui);
                ui.add_space(8.0);
                self.frame_ui(ui);
            }
            ui.separator();
            self.accuracy.ui(ui, jobs, &mut self.samples);
        });
    }

    fn frame_ui(&mut self, ui: &mut egui::Ui) {
        frame::frame_ui(ui, self.rotation, &mut self.view_yaw, &mut self.view_pitch);
    }

    /// The text a view's copy button copies: the command line's output.
    fn copied_text(&self, kind: ViewKind) -> String {
        let reading = Reading {
            order: if self.scalar_last {
                ScalarOrder::ScalarLast
            } else {
                ScalarOrder::ScalarFirst
            },
            ..self.reading()
        };
        kind.form(self.sequence)
            .text(&Rotation::Quaternion(self.rotation), &reading)
    }

    /// The four views, one under the other.
    pub(super) fn views_ui(&mut self, ui: &mut egui::Ui) {
        for kind in ViewKind::ALL {
            if kind != ViewKind::Quaternion {
                ui.add_space(8.0);
            }
            ui.horizontal(|ui| {
                ui.heading(kind.heading());
                if ui.button(kind.copy_label()).clicked() {
                    ui.ctx().copy_text(self.copied_text(kind));
                }
                self.view_options_ui(ui, kind);
            });
            if self.views[kind as usize].fields_ui(ui, kind) {
                self.edited(kind);
            }
            if kind == ViewKind::Euler && self.gimbal_lock {
                ui.colored_label(WARNING_COLOR, GIMBAL_LOCK);
            }
        }
    }

    /// What a view's heading row offers besides copying.
    fn view_options_ui(&mut self, ui: &mut egui::Ui, kind: ViewKind) {
        match kind {
            ViewKind::Quaternion => {
                ui.checkbox(&mut self.scalar_last, "Copy scalar last");
            }
            ViewKind::Matrix => {
                if ui.checkbox(&mut self.nearest, "Nearest rotation").changed() {
                    self.edited(ViewKind::Matrix);
                }
            }
            ViewKind::AxisAngle => {}
            ViewKind::Euler => {
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
                    self.refresh(None);
                }
            }
        }
    }

    /// Whether the accuracy experiment is running.
    pub fn is_running(&self) -> bool {
        self.accuracy.is_running()
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
                if !self.accuracy.is_running() {
                    self.accuracy.start(jobs, self.samples);
                }
                true
            }
            TabAction::Cancel => self.accuracy.cancel(),
            TabAction::Open | TabAction::Save => false,
        }
    }

    fn load_state(&mut self, state: serde_json::Value) {
        if let Ok(mut tab) = serde_json::from_value::<RotationTab>(state) {
            tab.refresh(None);
            *self = tab;
        }
    }
}
