//! One conversion subcommand: what its numbers are read as, what it writes,
//! and how an answer looks as text, as a batch line and as JSON. The forms
//! themselves, the number format and the refusal texts are the recipe's
//! (`recipes::rotation`), shared with the window.

use serde_json::json;
use toolcup_rotation::RotationError;

use crate::recipes::rotation::{Form, Reading, Rotation, Written, numbers, refusal};

/// What the numbers of one call are read as.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Input {
    /// Exactly this form.
    Form(Form),
    /// A quaternion (4 numbers) or a row-major matrix (9 numbers).
    Rotation,
}

impl Input {
    /// The form `v` is read as.
    fn form(&self, v: &[f64]) -> Option<Form> {
        match (self, v.len()) {
            (Input::Form(form), _) => Some(*form),
            (Input::Rotation, 4) => Some(Form::Quaternion),
            (Input::Rotation, 9) => Some(Form::Matrix),
            (Input::Rotation, _) => None,
        }
    }

    /// What the command line's numbers are, for messages.
    pub fn name(&self) -> &'static str {
        match self {
            Input::Form(form) => form.name(),
            Input::Rotation => "rotation",
        }
    }

    /// Reads one rotation.
    ///
    /// # Errors
    /// The refusal's text, prefixed by the form's name as the window shows
    /// it.
    pub fn read(&self, v: &[f64], reading: &Reading) -> Result<Rotation, String> {
        let Some(form) = self.form(v) else {
            let error = RotationError::WrongCount {
                expected: "4 (quaternion) or 9 (matrix, row-major)",
                found: v.len(),
            };
            return Err(refusal(self.name(), &error));
        };
        form.read(v, reading).map_err(|e| refusal(form.name(), &e))
    }
}

/// A conversion subcommand with its options.
#[derive(Debug, Clone, Copy)]
pub struct Conversion {
    /// What the numbers are read as.
    pub input: Input,
    /// What is written.
    pub output: Form,
    /// Scalar order, angle unit, tolerance and what to do off tolerance.
    pub reading: Reading,
    /// Write JSON.
    pub json: bool,
}

impl Conversion {
    /// Converts the numbers of one rotation.
    ///
    /// # Errors
    /// The one-line refusal.
    pub fn convert(&self, v: &[f64]) -> Result<Answer, String> {
        let rotation = self.input.read(v, &self.reading)?;
        Ok(Answer {
            written: self.output.write(&rotation, &self.reading),
            text: self.output.text(&rotation, &self.reading),
            form: self.output,
        })
    }
}

/// One answer, written in the output form.
#[derive(Debug, Clone)]
pub struct Answer {
    form: Form,
    written: Written,
    /// The plain text the command line prints for a single rotation.
    pub text: String,
}

impl Answer {
    /// Whether Euler angles came out in gimbal lock.
    pub fn gimbal_lock(&self) -> bool {
        self.written.gimbal_lock
    }

    /// The answer as one line of a plain-text batch: numbers and commas.
    pub fn line(&self) -> String {
        numbers(&self.written.numbers, ",")
    }

    /// The answer as JSON: an object whose keys say what the numbers are,
    /// in the form a JSON batch line takes as input.
    pub fn json(&self, reading: &Reading) -> serde_json::Value {
        let v = &self.written.numbers;
        match self.form {
            Form::Quaternion => json!({
                "quaternion": v,
                "order": match reading.order {
                    toolcup_rotation::ScalarOrder::ScalarFirst => "scalar-first",
                    toolcup_rotation::ScalarOrder::ScalarLast => "scalar-last",
                },
            }),
            Form::Matrix => json!({ "matrix": v.chunks(3).collect::<Vec<_>>() }),
            Form::AxisAngle => json!({
                "axis": &v[..3],
                "angle": v[3],
                "unit": reading.unit(),
            }),
            Form::RotationVector => json!({
                "rotation_vector": v,
                "unit": reading.unit(),
            }),
            Form::Euler(convention) => json!({
                "sequence": convention.to_string(),
                "angles": v,
                "unit": reading.unit(),
                "gimbal_lock": self.written.gimbal_lock,
            }),
        }
    }
}
