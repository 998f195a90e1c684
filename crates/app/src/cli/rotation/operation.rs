//! What a `toolcup rotation` subcommand does with its operands: convert a
//! rotation, invert it, compose several, apply one to a vector, interpolate
//! between two. Each operand is read from text or JSON into a rotation, a
//! vector or a number; each answer is written as text, a batch line or
//! JSON. How forms are read and written, the number format and the refusal
//! texts are the recipe's (`recipes::rotation`), shared with the window.

use serde_json::{Value, json};
use toolcup_rotation::text::parse_numbers;
use toolcup_rotation::{EulerConvention, RotationError, ScalarOrder};

use super::json::value_numbers;
use crate::recipes::rotation::{Form, Reading, Rotation, Written, numbers, refusal};

/// What the numbers of a rotation operand are read as.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Input {
    /// Exactly this form.
    Form(Form),
    /// A quaternion (4 numbers) or a row-major matrix (9 numbers).
    Rotation,
}

impl Input {
    /// What the operand is, for messages.
    pub fn name(&self) -> &'static str {
        match self {
            Input::Form(form) => form.name(),
            Input::Rotation => "rotation",
        }
    }

    fn read(&self, v: &[f64], reading: &Reading) -> Result<Rotation, String> {
        let form = match (self, v.len()) {
            (Input::Form(form), _) => *form,
            (Input::Rotation, 4) => Form::Quaternion,
            (Input::Rotation, 9) => Form::Matrix,
            (Input::Rotation, found) => {
                let error = RotationError::WrongCount {
                    expected: "4 (quaternion) or 9 (matrix, row-major)",
                    found,
                };
                return Err(refusal(self.name(), &error));
            }
        };
        form.read(v, reading).map_err(|e| refusal(form.name(), &e))
    }
}

/// One operand's place: what it is and what it is called.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Slot {
    /// A rotation, read as the input says.
    Rotation(Input),
    /// Three numbers.
    Vector,
    /// The interpolation parameter of slerp.
    Parameter,
}

/// A read operand.
#[derive(Debug, Clone, Copy)]
pub enum Operand {
    /// A rotation.
    Rotation(Rotation),
    /// A vector.
    Vector([f64; 3]),
    /// A number.
    Parameter(f64),
}

impl Slot {
    /// What the operand is, for messages.
    pub fn name(&self) -> &'static str {
        match self {
            Slot::Rotation(input) => input.name(),
            Slot::Vector => "vector",
            Slot::Parameter => "t",
        }
    }

    fn read_numbers(&self, v: &[f64], reading: &Reading) -> Result<Operand, String> {
        let count = |expected: &'static str| {
            refusal(
                self.name(),
                &RotationError::WrongCount {
                    expected,
                    found: v.len(),
                },
            )
        };
        match self {
            Slot::Rotation(input) => input.read(v, reading).map(Operand::Rotation),
            Slot::Vector => {
                let v: [f64; 3] = v.try_into().map_err(|_| count("3 numbers (x y z)"))?;
                if let Some(index) = v.iter().position(|c| !c.is_finite()) {
                    let error = RotationError::NonFiniteVector {
                        index,
                        value: v[index],
                    };
                    return Err(refusal(self.name(), &error));
                }
                Ok(Operand::Vector(v))
            }
            Slot::Parameter => match v {
                [t] if t.is_finite() => Ok(Operand::Parameter(*t)),
                [t] => Err(refusal(
                    self.name(),
                    &RotationError::InvalidInterpolation { value: *t },
                )),
                _ => Err(count("1 number")),
            },
        }
    }

    /// Reads the operand from text: numbers separated by spaces or commas.
    ///
    /// # Errors
    /// The one-line refusal.
    pub fn read_text(&self, text: &str, reading: &Reading) -> Result<Operand, String> {
        let v = parse_numbers(text).map_err(|e| refusal(self.name(), &e))?;
        self.read_numbers(&v, reading)
    }

    /// Reads the operand from a JSON value.
    ///
    /// # Errors
    /// The one-line refusal.
    pub fn read_json(
        &self,
        value: &Value,
        reading: &Reading,
        sequence: Option<EulerConvention>,
    ) -> Result<Operand, String> {
        let v =
            value_numbers(value, reading, sequence).map_err(|e| format!("{}: {e}", self.name()))?;
        self.read_numbers(&v, reading)
    }
}

/// What a subcommand computes from its operands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Operation {
    /// One rotation, written in another form.
    Convert {
        /// How the rotation is given.
        input: Input,
        /// How it is written.
        output: Form,
    },
    /// The inverse, in the form the rotation was given in.
    Inverse,
    /// The product of two or more rotations (the last applied first).
    Compose {
        /// How the product is written.
        output: Form,
    },
    /// A rotation applied to a vector.
    Apply,
    /// Spherical linear interpolation from one rotation to another.
    Slerp {
        /// How the result is written.
        output: Form,
    },
}

impl Operation {
    /// How many operands: exactly this many, or for compose at least.
    pub fn arity(&self) -> usize {
        match self {
            Operation::Convert { .. } | Operation::Inverse => 1,
            Operation::Compose { .. } | Operation::Apply => 2,
            Operation::Slerp { .. } => 3,
        }
    }

    /// Whether the one slot repeats (compose).
    pub fn variadic(&self) -> bool {
        matches!(self, Operation::Compose { .. })
    }

    /// The slot of the `i`-th operand (0-based).
    pub fn slot(&self, i: usize) -> Slot {
        const ROTATION: Slot = Slot::Rotation(Input::Rotation);
        match self {
            Operation::Convert { input, .. } => Slot::Rotation(*input),
            Operation::Inverse | Operation::Compose { .. } => ROTATION,
            Operation::Apply => [ROTATION, Slot::Vector][i.min(1)],
            Operation::Slerp { .. } => [ROTATION, ROTATION, Slot::Parameter][i.min(2)],
        }
    }

    /// Computes the answer.
    ///
    /// # Errors
    /// The one-line refusal (a slerp whose parameter turns too far).
    pub fn answer(&self, operands: &[Operand], reading: &Reading) -> Result<Answer, String> {
        let rotation = |i: usize| match operands.get(i) {
            Some(Operand::Rotation(r)) => Ok(*r),
            _ => Err(format!("operand {} must be a rotation", i + 1)),
        };
        let written = |form: Form, r: Rotation| Answer::Rotation {
            written: form.write(&r, reading),
            text: form.text(&r, reading),
            form,
        };
        match self {
            Operation::Convert { output, .. } => Ok(written(*output, rotation(0)?)),
            Operation::Inverse => Ok(match rotation(0)? {
                Rotation::Matrix(m) => written(Form::Matrix, Rotation::Matrix(m.inverse())),
                Rotation::Quaternion(q) => {
                    written(Form::Quaternion, Rotation::Quaternion(q.inverse()))
                }
            }),
            Operation::Compose { output } => {
                let mut product = rotation(0)?;
                for i in 1..operands.len() {
                    product = match (product, rotation(i)?) {
                        (Rotation::Matrix(a), Rotation::Matrix(b)) => Rotation::Matrix(a * b),
                        (a, b) => Rotation::Quaternion(a.quaternion() * b.quaternion()),
                    };
                }
                Ok(written(*output, product))
            }
            Operation::Apply => {
                let Some(Operand::Vector(v)) = operands.get(1) else {
                    return Err("operand 2 must be a vector".to_string());
                };
                let turned = match rotation(0)? {
                    Rotation::Matrix(m) => m.rotate(*v),
                    Rotation::Quaternion(q) => q.rotate(*v),
                };
                if turned.iter().any(|c| !c.is_finite()) {
                    return Err(format!(
                        "vector: the rotated vector overflows (its length is near the largest \
                         number, {:e})",
                        f64::MAX
                    ));
                }
                Ok(Answer::Vector(turned))
            }
            Operation::Slerp { output } => {
                let Some(Operand::Parameter(t)) = operands.get(2) else {
                    return Err("operand 3 must be t".to_string());
                };
                let q = rotation(0)?
                    .quaternion()
                    .slerp(rotation(1)?.quaternion(), *t)
                    .map_err(|e| refusal("t", &e))?;
                Ok(written(*output, Rotation::Quaternion(q)))
            }
        }
    }
}

/// One answer.
#[derive(Debug, Clone)]
pub enum Answer {
    /// A rotation, written in a form.
    Rotation {
        /// The form.
        form: Form,
        /// Its numbers.
        written: Written,
        /// The plain text the command line prints for a single answer.
        text: String,
    },
    /// A rotated vector.
    Vector([f64; 3]),
}

impl Answer {
    /// Whether Euler angles came out in gimbal lock.
    pub fn gimbal_lock(&self) -> bool {
        matches!(self, Answer::Rotation { written, .. } if written.gimbal_lock)
    }

    /// The plain text of a single answer: numbers separated by spaces, a
    /// matrix as three rows.
    pub fn text(&self) -> String {
        match self {
            Answer::Rotation { text, .. } => text.clone(),
            Answer::Vector(v) => numbers(v, " "),
        }
    }

    /// The answer as one line of a plain-text batch: numbers and commas.
    pub fn line(&self) -> String {
        match self {
            Answer::Rotation { written, .. } => numbers(&written.numbers, ","),
            Answer::Vector(v) => numbers(v, ","),
        }
    }

    /// The answer as JSON: an object whose keys say what the numbers are,
    /// in the form a JSON batch line takes as input.
    pub fn json(&self, reading: &Reading) -> Value {
        let (form, written) = match self {
            Answer::Vector(v) => return json!({ "vector": v }),
            Answer::Rotation { form, written, .. } => (form, written),
        };
        let v = &written.numbers;
        match form {
            Form::Quaternion => json!({
                "quaternion": v,
                "order": match reading.order {
                    ScalarOrder::ScalarFirst => "scalar-first",
                    ScalarOrder::ScalarLast => "scalar-last",
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
                "gimbal_lock": written.gimbal_lock,
            }),
        }
    }
}
