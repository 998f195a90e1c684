//! The rotation recipe shared by `cli/rotation` and the Rotation tab: how the
//! numbers of each form are read into a rotation and written back out, the
//! number format, the refusal and gimbal-lock texts, and the accuracy
//! experiment's defaults and report lines. Both front ends call these, so
//! the same input gives the same text on the command line and in the window.
//!
//! The conversions themselves live in `toolcup-rotation`; this module only
//! decides what the app's two front ends show.

use toolcup_rotation::accuracy::{AccuracyReport, ErrorStats};
use toolcup_rotation::{
    AxisAngle, EulerConvention, OffRotation, RotationError, RotationMatrix, RotationVector,
    ScalarOrder, Tolerance, UnitQuaternion,
};

/// Seed of the accuracy experiment's random rotations, unless the command
/// line sets another: the same seed gives the same report everywhere.
pub const ACCURACY_SEED: u64 = 20_261_125;

/// How many rotations the accuracy experiment tries by default.
pub const ACCURACY_SAMPLES: u64 = 1_000_000;

/// What the gimbal-lock warning says, on stderr and under the Euler view.
pub const GIMBAL_LOCK: &str = "gimbal lock: the middle angle is at its singular value, so only \
    the sum (or difference) of the outer angles is determined; the third angle is set to 0";

/// Titles of the two round trips of the accuracy report.
pub const ROUND_TRIPS: [&str; 2] = [
    "q -> R -> q, |q - q'| (Euclidean, canonical sign)",
    "R -> q -> R, |R - R'| (Frobenius)",
];

/// A number as both front ends write it: the shortest text that reads back
/// to the same `f64`, in exponent form below 1e-4 and from 1e16 on (as
/// Python's `repr`), so tiny values do not print as hundreds of zeros.
///
/// ```
/// use toolcup::recipes::rotation::number;
/// assert_eq!(number(0.5), "0.5");
/// assert_eq!(number(-1.0), "-1");
/// assert_eq!(number(1.0477500027681816e-16), "1.0477500027681816e-16");
/// assert_eq!(number(1e-300), "1e-300");
/// assert_eq!(number(2e16), "2e16");
/// ```
pub fn number(v: f64) -> String {
    let magnitude = v.abs();
    if v != 0.0 && magnitude.is_finite() && !(1e-4..1e16).contains(&magnitude) {
        format!("{v:e}")
    } else {
        v.to_string()
    }
}

/// Numbers joined by `separator`.
pub fn numbers(values: &[f64], separator: &str) -> String {
    values
        .iter()
        .map(|v| number(*v))
        .collect::<Vec<_>>()
        .join(separator)
}

/// How numbers are read and written: the options both front ends offer.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Reading {
    /// Where the scalar sits in four quaternion numbers.
    pub order: ScalarOrder,
    /// Angles are in degrees (else radians).
    pub degrees: bool,
    /// Largest accepted `‖RᵀR − I‖` of a matrix.
    pub tolerance: Tolerance,
    /// Replace a matrix outside the tolerance by the nearest rotation.
    pub nearest: bool,
}

impl Default for Reading {
    fn default() -> Self {
        Self {
            order: ScalarOrder::ScalarFirst,
            degrees: false,
            tolerance: Tolerance::default(),
            nearest: false,
        }
    }
}

impl Reading {
    /// What to do with a matrix outside the tolerance.
    pub fn off_rotation(&self) -> OffRotation {
        if self.nearest {
            OffRotation::Nearest
        } else {
            OffRotation::Refuse
        }
    }

    /// An angle as given, in radians.
    pub fn radians(&self, shown: f64) -> f64 {
        if self.degrees {
            shown.to_radians()
        } else {
            shown
        }
    }

    /// An angle in radians, as shown.
    pub fn shown(&self, radians: f64) -> f64 {
        if self.degrees {
            radians.to_degrees()
        } else {
            radians
        }
    }

    /// The unit angles are shown in, for JSON.
    pub fn unit(&self) -> &'static str {
        if self.degrees { "deg" } else { "rad" }
    }
}

/// A rotation as it was given: a matrix stays a matrix (its inverse and
/// products stay exact matrix operations), anything else is a quaternion.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Rotation {
    /// A unit quaternion.
    Quaternion(UnitQuaternion),
    /// A checked rotation matrix.
    Matrix(RotationMatrix),
}

impl Rotation {
    /// The rotation as a unit quaternion.
    pub fn quaternion(&self) -> UnitQuaternion {
        match self {
            Rotation::Quaternion(q) => *q,
            Rotation::Matrix(m) => m.to_quaternion(),
        }
    }

    /// The rotation as a matrix.
    pub fn matrix(&self) -> RotationMatrix {
        match self {
            Rotation::Quaternion(q) => RotationMatrix::from_quaternion(*q),
            Rotation::Matrix(m) => *m,
        }
    }
}

/// A form a rotation is written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Form {
    /// Four numbers, in the reading's scalar order.
    Quaternion,
    /// Nine numbers, row-major.
    Matrix,
    /// Axis x, y, z and the angle.
    AxisAngle,
    /// Three numbers: the axis times the angle.
    RotationVector,
    /// Three angles of a sequence.
    Euler(EulerConvention),
}

/// A rotation written in a form: its numbers, and whether Euler angles are
/// in gimbal lock.
#[derive(Debug, Clone, PartialEq)]
pub struct Written {
    /// The numbers, in the form's order.
    pub numbers: Vec<f64>,
    /// Euler angles whose middle angle is at its singular value.
    pub gimbal_lock: bool,
}

impl Form {
    /// The form's name in messages and headings, lower case.
    pub fn name(&self) -> &'static str {
        match self {
            Form::Quaternion => "quaternion",
            Form::Matrix => "matrix",
            Form::AxisAngle => "axis-angle",
            Form::RotationVector => "rotation vector",
            Form::Euler(_) => "Euler angles",
        }
    }

    /// How many numbers the form has, and what they are, for messages.
    pub fn expected(&self) -> (usize, &'static str) {
        match self {
            Form::Quaternion => (4, "4 numbers (quaternion)"),
            Form::Matrix => (9, "9 numbers (row-major matrix)"),
            Form::AxisAngle => (4, "4 numbers (axis x y z, angle)"),
            Form::RotationVector => (3, "3 numbers (rotation vector)"),
            Form::Euler(_) => (3, "3 angles"),
        }
    }

    /// Reads a rotation from the form's numbers.
    ///
    /// # Errors
    /// [`RotationError::WrongCount`], or what the library refuses (a zero
    /// quaternion, a reflection, a non-finite angle, …).
    pub fn read(&self, v: &[f64], r: &Reading) -> Result<Rotation, RotationError> {
        let (count, expected) = self.expected();
        if v.len() != count {
            return Err(RotationError::WrongCount {
                expected,
                found: v.len(),
            });
        }
        Ok(match self {
            Form::Quaternion => Rotation::Quaternion(UnitQuaternion::from_array(
                [v[0], v[1], v[2], v[3]],
                r.order,
            )?),
            Form::Matrix => Rotation::Matrix(RotationMatrix::check(
                [[v[0], v[1], v[2]], [v[3], v[4], v[5]], [v[6], v[7], v[8]]],
                r.tolerance,
                r.off_rotation(),
            )?),
            Form::AxisAngle => Rotation::Quaternion(
                AxisAngle::new([v[0], v[1], v[2]], r.radians(v[3]))?.to_quaternion(),
            ),
            Form::RotationVector => Rotation::Quaternion(
                RotationVector::new([v[0], v[1], v[2]].map(|a| r.radians(a)))?.to_quaternion(),
            ),
            Form::Euler(c) => {
                Rotation::Quaternion(c.to_quaternion([v[0], v[1], v[2]].map(|a| r.radians(a)))?)
            }
        })
    }

    /// Writes a rotation in this form. Quaternions are written in canonical
    /// sign (`w ≥ 0`; when `w = 0`, the first non-zero component positive).
    pub fn write(&self, rotation: &Rotation, r: &Reading) -> Written {
        let plain = |numbers: Vec<f64>| Written {
            numbers,
            gimbal_lock: false,
        };
        match self {
            Form::Quaternion => plain(rotation.quaternion().canonical().to_array(r.order).to_vec()),
            Form::Matrix => plain(rotation.matrix().to_row_major().to_vec()),
            Form::AxisAngle => {
                let a = AxisAngle::from_quaternion(rotation.quaternion());
                let [x, y, z] = a.axis();
                plain(vec![x, y, z, r.shown(a.angle())])
            }
            Form::RotationVector => {
                let v = RotationVector::from_quaternion(rotation.quaternion()).vector();
                plain(v.map(|a| r.shown(a)).to_vec())
            }
            Form::Euler(c) => {
                let e = c.from_quaternion(rotation.quaternion());
                Written {
                    numbers: e.angles.map(|a| r.shown(a)).to_vec(),
                    gimbal_lock: e.gimbal_lock,
                }
            }
        }
    }

    /// The text of a rotation in this form, as the command line prints it
    /// and the window copies it: numbers separated by spaces, a matrix as
    /// three rows.
    pub fn text(&self, rotation: &Rotation, r: &Reading) -> String {
        let written = self.write(rotation, r);
        match self {
            Form::Matrix => written
                .numbers
                .chunks(3)
                .map(|row| numbers(row, " "))
                .collect::<Vec<_>>()
                .join("\n"),
            _ => numbers(&written.numbers, " "),
        }
    }
}

/// Why a rotation given as `what` (a form's name) was refused, as both
/// front ends say it.
///
/// ```
/// use toolcup::recipes::rotation::{Form, Reading, refusal};
/// let err = Form::Matrix.read(&[1.0, 0.0, 0.0, 0.0, 1.0, 0.0, 0.0, 0.0, -1.0], &Reading::default());
/// assert_eq!(
///     refusal(Form::Matrix.name(), &err.unwrap_err()),
///     "matrix: matrix is a reflection (determinant -1.000000e0 < 0), not a rotation"
/// );
/// ```
pub fn refusal(what: &str, error: &RotationError) -> String {
    format!("{what}: {error}")
}

/// One line of statistics of a round trip: largest and mean error, NaN count.
pub fn stats_line(s: &ErrorStats) -> String {
    format!("max {:.3e}  mean {:.3e}  NaN {}", s.max, s.mean, s.nan)
}

/// The accuracy report's opening lines: how many rotations, the seed, and
/// the largest norm error.
pub fn report_heading(r: &AccuracyReport) -> [String; 2] {
    [
        format!("{} random rotations (seed {})", r.samples, r.seed),
        format!(
            "largest |norm - 1| of converted quaternions: {:.3e}",
            r.max_norm_error
        ),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_form_reads_back_what_it_writes() {
        let reading = Reading {
            degrees: true,
            ..Reading::default()
        };
        let q = UnitQuaternion::new(0.1, 0.2, 0.3, 0.4).expect("non-zero");
        let rotation = Rotation::Quaternion(q);
        let forms = [
            Form::Quaternion,
            Form::Matrix,
            Form::AxisAngle,
            Form::RotationVector,
            Form::Euler("ZYX".parse().expect("sequence")),
            Form::Euler("zxz".parse().expect("sequence")),
        ];
        for form in forms {
            let written = form.write(&rotation, &reading);
            assert_eq!(written.numbers.len(), form.expected().0);
            let back = form.read(&written.numbers, &reading).expect("reads");
            assert!(back.quaternion().angle_to(q) < 1e-15, "{form:?}");
        }
        let err = Form::Quaternion
            .read(&[1.0, 2.0], &reading)
            .expect_err("short");
        assert_eq!(
            refusal(Form::Quaternion.name(), &err),
            "quaternion: expected 4 numbers (quaternion), found 2 number(s)"
        );
    }

    #[test]
    fn quaternions_are_written_canonical() {
        let q = UnitQuaternion::new(-0.5, 0.5, -0.5, 0.5).expect("unit");
        let w = Form::Quaternion.write(&Rotation::Quaternion(q), &Reading::default());
        assert_eq!(w.numbers, [0.5, -0.5, 0.5, -0.5]);
        let text = Form::Matrix.text(
            &Rotation::Quaternion(UnitQuaternion::new(0.0, 1.0, 0.0, 0.0).expect("unit")),
            &Reading::default(),
        );
        assert_eq!(text, "1 0 0\n0 -1 0\n0 0 -1");
    }
}
