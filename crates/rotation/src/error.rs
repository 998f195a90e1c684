//! The one error type of this crate.

/// What went wrong, with the offending value and the allowed range.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum RotationError {
    /// A quaternion component is NaN or infinite.
    #[error("quaternion component {index} is {value}, but every component must be finite")]
    NonFiniteQuaternion {
        /// Position of the component in the order it was given (0-based).
        index: usize,
        /// The offending value.
        value: f64,
    },
    /// All four quaternion components are zero (or too small to normalise).
    #[error("quaternion has norm {norm:e}, but a rotation needs a non-zero quaternion")]
    ZeroQuaternion {
        /// The measured Euclidean norm.
        norm: f64,
    },
    /// A matrix entry is NaN or infinite.
    #[error("matrix entry r{row}{col} is {value}, but every entry must be finite")]
    NonFiniteMatrix {
        /// Row, 1-based as in r11..r33.
        row: usize,
        /// Column, 1-based.
        col: usize,
        /// The offending value.
        value: f64,
    },
    /// The matrix has a negative determinant: it mirrors, it does not rotate.
    #[error("matrix is a reflection (determinant {determinant:.6e} < 0), not a rotation")]
    Reflection {
        /// The measured determinant.
        determinant: f64,
    },
    /// The matrix is too far from orthogonal to be a rotation.
    #[error(
        "matrix is not a rotation: |R^T R - I| = {deviation:.3e} exceeds the tolerance \
         {tolerance:.3e} (determinant {determinant:.6e})"
    )]
    NotOrthogonal {
        /// The measured Frobenius norm of `RᵀR − I`.
        deviation: f64,
        /// The measured determinant.
        determinant: f64,
        /// The tolerance the caller set.
        tolerance: f64,
    },
    /// The matrix is singular (or nearly), so no nearest rotation is defined.
    #[error("matrix is singular (determinant {determinant:.3e}): no nearest rotation exists")]
    Singular {
        /// The measured determinant.
        determinant: f64,
    },
    /// A tolerance is negative or not finite.
    #[error("tolerance {value} is invalid: it must be finite and at least 0")]
    InvalidTolerance {
        /// The offending value.
        value: f64,
    },
    /// An axis is zero or not finite.
    #[error("axis ({x}, {y}, {z}) is invalid: it must be finite and non-zero")]
    InvalidAxis {
        /// x component.
        x: f64,
        /// y component.
        y: f64,
        /// z component.
        z: f64,
    },
    /// An angle or rotation-vector component is not finite.
    #[error("{what} is {value}, but it must be finite")]
    NonFiniteAngle {
        /// Which value (for example "angle" or "rotation vector component 2").
        what: &'static str,
        /// The offending value.
        value: f64,
    },
    /// A vector component is not finite.
    #[error("vector component {index} is {value}, but it must be finite")]
    NonFiniteVector {
        /// 0-based position.
        index: usize,
        /// The offending value.
        value: f64,
    },
    /// An interpolation parameter is not finite.
    #[error("interpolation parameter t = {value} must be finite")]
    InvalidInterpolation {
        /// The offending value.
        value: f64,
    },
    /// An interpolation parameter so large that the rotation it asks for
    /// (t times the angle between the two) overflows.
    #[error(
        "interpolation parameter t = {value:e} is too large: t times the angle between the \
         rotations overflows"
    )]
    InterpolationOverflow {
        /// The offending value.
        value: f64,
    },
    /// A piece of text is not a number.
    #[error("'{}' at column {column} is not a number", shown(token))]
    NotANumber {
        /// The offending text.
        token: String,
        /// 1-based column (in characters) where it starts.
        column: usize,
    },
    /// A line has the wrong count of numbers.
    #[error("expected {expected}, found {found} number(s)")]
    WrongCount {
        /// What was expected, for example "4 (quaternion) or 9 (matrix)".
        expected: &'static str,
        /// How many were found.
        found: usize,
    },
    /// An Euler sequence name is not one of the twelve.
    #[error(
        "'{}' is not an Euler sequence: use three of x, y, z with no axis twice in a row \
         (e.g. zyx, zxz); lower case is extrinsic, upper case intrinsic",
        shown(text)
    )]
    UnknownEulerSequence {
        /// The offending text.
        text: String,
    },
    /// Two slices given to a batch conversion have different lengths.
    #[error("batch input has {input} rotations but the output has room for {output}")]
    LengthMismatch {
        /// Input length.
        input: usize,
        /// Output length.
        output: usize,
    },
    /// A sample count is out of range.
    #[error("sample count {value} is out of range 1..={max}")]
    InvalidSampleCount {
        /// The offending value.
        value: u64,
        /// The largest allowed count.
        max: u64,
    },
    /// A long operation was cancelled by its progress callback.
    #[error("cancelled after {done} of {total} samples")]
    Cancelled {
        /// Samples finished.
        done: u64,
        /// Samples asked for.
        total: u64,
    },
}

/// Most characters of offending text an error message repeats.
const SHOWN_CHARS: usize = 40;

/// Offending text as an error message shows it: control characters and
/// quotes escaped (so a message can neither break its line nor send escape
/// sequences to a terminal), and cut after 40 characters with the full
/// length given.
///
/// ```
/// use toolcup_rotation::text::shown;
/// assert_eq!(shown("x\u{1b}[2J"), "x\\u{1b}[2J");
/// assert_eq!(shown(&"y".repeat(50)), format!("{}... (50 characters)", "y".repeat(40)));
/// ```
pub fn shown(text: &str) -> String {
    let mut out: String = text
        .chars()
        .take(SHOWN_CHARS)
        .flat_map(char::escape_debug)
        .collect();
    let count = text.chars().count();
    if count > SHOWN_CHARS {
        out.push_str(&format!("... ({count} characters)"));
    }
    out
}

/// This crate's result type.
pub type Result<T, E = RotationError> = std::result::Result<T, E>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offending_text_is_escaped_and_cut() {
        let e = RotationError::NotANumber {
            token: "\u{1b}[31mred\n".to_string(),
            column: 2,
        };
        assert_eq!(
            e.to_string(),
            "'\\u{1b}[31mred\\n' at column 2 is not a number"
        );
        let e = RotationError::UnknownEulerSequence {
            text: "x".repeat(1000),
        };
        let text = e.to_string();
        assert!(text.starts_with(&format!("'{}... (1000 characters)'", "x".repeat(40))));
        assert!(text.len() < 250, "{text}");
        // Ordinary text, non-ASCII letters included, is shown as given.
        let e = RotationError::NotANumber {
            token: "é2".to_string(),
            column: 1,
        };
        assert_eq!(e.to_string(), "'é2' at column 1 is not a number");
    }
}
