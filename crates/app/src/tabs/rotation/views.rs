//! The four editable views of the rotation: quaternion, matrix, axis-angle
//! and Euler angles. Each is a grid of labelled fields with a copy button;
//! the copied text is what `toolcup rotation` prints for the same rotation.

use egui::Color32;
use toolcup_rotation::EulerConvention;
use toolcup_rotation::text::parse_exactly;

use crate::recipes::rotation::{Form, Reading, Rotation, number, refusal};

/// Colour of validation messages.
pub(super) const ERROR_COLOR: Color32 = Color32::from_rgb(220, 60, 60);
pub(super) const WARNING_COLOR: Color32 = Color32::from_rgb(220, 160, 40);

/// The views, in the order they are drawn (and index the tab's views).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum ViewKind {
    Quaternion = 0,
    Matrix = 1,
    AxisAngle = 2,
    Euler = 3,
}

impl ViewKind {
    pub(super) const ALL: [ViewKind; 4] = [
        ViewKind::Quaternion,
        ViewKind::Matrix,
        ViewKind::AxisAngle,
        ViewKind::Euler,
    ];

    /// The form the view's fields hold.
    pub(super) fn form(self, sequence: EulerConvention) -> Form {
        match self {
            ViewKind::Quaternion => Form::Quaternion,
            ViewKind::Matrix => Form::Matrix,
            ViewKind::AxisAngle => Form::AxisAngle,
            ViewKind::Euler => Form::Euler(sequence),
        }
    }

    /// The fields' accessible labels.
    pub(super) fn labels(self) -> &'static [&'static str] {
        match self {
            ViewKind::Quaternion => &["w", "x", "y", "z"],
            ViewKind::Matrix => &[
                "r11", "r12", "r13", "r21", "r22", "r23", "r31", "r32", "r33",
            ],
            ViewKind::AxisAngle => &["axis x", "axis y", "axis z", "angle"],
            ViewKind::Euler => &["angle 1", "angle 2", "angle 3"],
        }
    }

    pub(super) fn heading(self) -> &'static str {
        match self {
            ViewKind::Quaternion => "Quaternion",
            ViewKind::Matrix => "Matrix",
            ViewKind::AxisAngle => "Axis-angle",
            ViewKind::Euler => "Euler angles",
        }
    }

    pub(super) fn copy_label(self) -> &'static str {
        match self {
            ViewKind::Quaternion => "Copy quaternion",
            ViewKind::Matrix => "Copy matrix",
            ViewKind::AxisAngle => "Copy axis-angle",
            ViewKind::Euler => "Copy Euler angles",
        }
    }

    pub(super) fn per_row(self) -> usize {
        if self == ViewKind::Matrix { 3 } else { 1 }
    }
}

/// The fields of one view and their messages.
#[derive(Default)]
pub(super) struct View {
    texts: Vec<String>,
    field_errors: Vec<Option<String>>,
    error: Option<String>,
}

impl View {
    /// Shows `numbers`, clearing every message.
    pub(super) fn show(&mut self, numbers: &[f64]) {
        self.texts = numbers.iter().map(|v| number(*v)).collect();
        self.field_errors = vec![None; numbers.len()];
        self.error = None;
    }

    /// Puts `texts` in the fields, as if typed.
    pub(super) fn set_texts(&mut self, texts: &[&str]) {
        self.texts = texts.iter().map(|t| t.to_string()).collect();
    }

    /// Reads the fields as `form`, recording why they do not hold a rotation.
    pub(super) fn read(&mut self, form: Form, reading: &Reading) -> Option<Rotation> {
        let mut values = Vec::with_capacity(self.texts.len());
        for (text, error) in self.texts.iter().zip(self.field_errors.iter_mut()) {
            match parse_exactly::<1>(text, "1 number") {
                Ok([v]) => {
                    values.push(v);
                    *error = None;
                }
                Err(e) => *error = Some(e.to_string()),
            }
        }
        if values.len() < self.texts.len() {
            return None;
        }
        match form.read(&values, reading) {
            Ok(rotation) => {
                self.error = None;
                Some(rotation)
            }
            Err(e) => {
                self.error = Some(refusal(form.name(), &e));
                None
            }
        }
    }

    /// Draws the fields in a grid; returns whether one was edited.
    pub(super) fn fields_ui(&mut self, ui: &mut egui::Ui, kind: ViewKind) -> bool {
        let mut changed = false;
        egui::Grid::new(("rotation_view", kind as usize)).show(ui, |ui| {
            for (i, label) in kind.labels().iter().enumerate() {
                let l = ui.label(*label);
                let response = ui
                    .add_sized(
                        [100.0, ui.spacing().interact_size.y],
                        egui::TextEdit::singleline(&mut self.texts[i])
                            .font(egui::TextStyle::Monospace),
                    )
                    .labelled_by(l.id);
                changed |= response.changed();
                if let Some(e) = &self.field_errors[i] {
                    ui.colored_label(ERROR_COLOR, e);
                }
                if (i + 1) % kind.per_row() == 0 {
                    ui.end_row();
                }
            }
        });
        if let Some(e) = &self.error {
            ui.colored_label(ERROR_COLOR, e);
        }
        changed
    }
}
