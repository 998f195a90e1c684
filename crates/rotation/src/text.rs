//! Reading rotations from text: one rotation per line, numbers separated by
//! commas and/or white space (the CLI's `--batch` format and the tab's
//! fields).

pub use crate::error::shown;
use crate::error::{Result, RotationError};
use crate::matrix::{OffRotation, RotationMatrix, Tolerance};
use crate::quaternion::{ScalarOrder, UnitQuaternion};

/// Parses numbers separated by commas and/or white space. Empty fields
/// between two commas are refused.
///
/// # Errors
/// [`RotationError::NotANumber`] with the offending text and its 1-based
/// column.
///
/// ```
/// use toolcup_rotation::text::parse_numbers;
/// assert_eq!(parse_numbers("1, 2.5  -3e-1")?, vec![1.0, 2.5, -0.3]);
/// let err = parse_numbers("1, x2, 3").unwrap_err();
/// assert_eq!(err.to_string(), "'x2' at column 4 is not a number");
/// # Ok::<(), toolcup_rotation::RotationError>(())
/// ```
pub fn parse_numbers(line: &str) -> Result<Vec<f64>> {
    let mut out = Vec::new();
    let mut token = String::new();
    let mut start = 0;
    let mut after_comma = false;
    let mut column = 0;
    let flush = |token: &mut String, start: usize, out: &mut Vec<f64>| -> Result<()> {
        if token.is_empty() {
            return Ok(());
        }
        let value = token
            .parse::<f64>()
            .map_err(|_| RotationError::NotANumber {
                token: token.clone(),
                column: start,
            })?;
        out.push(value);
        token.clear();
        Ok(())
    };
    for c in line.chars() {
        column += 1;
        if c == ',' {
            if token.is_empty() && (after_comma || out.is_empty()) {
                return Err(RotationError::NotANumber {
                    token: String::new(),
                    column,
                });
            }
            flush(&mut token, start, &mut out)?;
            after_comma = true;
        } else if c.is_whitespace() {
            flush(&mut token, start, &mut out)?;
        } else {
            if token.is_empty() {
                start = column;
                after_comma = false;
            }
            token.push(c);
        }
    }
    flush(&mut token, start, &mut out)?;
    if after_comma {
        return Err(RotationError::NotANumber {
            token: String::new(),
            column: column + 1,
        });
    }
    Ok(out)
}

/// A rotation read from text: 4 numbers are a quaternion, 9 a row-major
/// matrix.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum RotationText {
    /// Four numbers.
    Quaternion(UnitQuaternion),
    /// Nine numbers, row-major.
    Matrix(RotationMatrix),
}

/// Parses one line as a quaternion (4 numbers in `order`) or a matrix (9
/// numbers, row-major), checking it as the constructors do.
///
/// # Errors
/// [`RotationError::NotANumber`], [`RotationError::WrongCount`], or the
/// constructors' errors.
///
/// ```
/// use toolcup_rotation::text::{parse_rotation, RotationText};
/// use toolcup_rotation::{OffRotation, ScalarOrder, Tolerance};
/// let r = parse_rotation("0,0,0,1", ScalarOrder::ScalarLast, Tolerance::default(), OffRotation::Refuse)?;
/// assert!(matches!(r, RotationText::Quaternion(q) if q.w() == 1.0));
/// assert!(parse_rotation("1,2", ScalarOrder::ScalarFirst, Tolerance::default(), OffRotation::Refuse).is_err());
/// # Ok::<(), toolcup_rotation::RotationError>(())
/// ```
pub fn parse_rotation(
    line: &str,
    order: ScalarOrder,
    tolerance: Tolerance,
    off: OffRotation,
) -> Result<RotationText> {
    let v = parse_numbers(line)?;
    match v.len() {
        4 => Ok(RotationText::Quaternion(UnitQuaternion::from_array(
            [v[0], v[1], v[2], v[3]],
            order,
        )?)),
        9 => {
            let rows = [[v[0], v[1], v[2]], [v[3], v[4], v[5]], [v[6], v[7], v[8]]];
            Ok(RotationText::Matrix(RotationMatrix::check(
                rows, tolerance, off,
            )?))
        }
        found => Err(RotationError::WrongCount {
            expected: "4 (quaternion) or 9 (matrix, row-major)",
            found,
        }),
    }
}

/// Parses exactly `N` numbers.
///
/// # Errors
/// [`RotationError::NotANumber`], or [`RotationError::WrongCount`] naming
/// `expected`.
pub fn parse_exactly<const N: usize>(line: &str, expected: &'static str) -> Result<[f64; N]> {
    let v = parse_numbers(line)?;
    <[f64; N]>::try_from(v.as_slice()).map_err(|_| RotationError::WrongCount {
        expected,
        found: v.len(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn separators_and_errors() {
        assert_eq!(parse_numbers("").expect("empty"), Vec::<f64>::new());
        assert_eq!(
            parse_numbers(" 1 ,2,\t3 ").expect("ok"),
            vec![1.0, 2.0, 3.0]
        );
        assert!(matches!(
            parse_numbers("1,,2"),
            Err(RotationError::NotANumber { column: 3, .. })
        ));
        assert!(matches!(
            parse_numbers(",1"),
            Err(RotationError::NotANumber { column: 1, .. })
        ));
        assert!(matches!(
            parse_numbers("1,"),
            Err(RotationError::NotANumber { column: 3, .. })
        ));
        assert!(matches!(
            parse_numbers("é 1,2y"),
            Err(RotationError::NotANumber { column: 1, .. })
        ));
        let e = parse_numbers("1 2y").expect_err("bad");
        assert_eq!(e.to_string(), "'2y' at column 3 is not a number");
        // NaN parses as a number and is refused by the constructors.
        let r = parse_rotation(
            "nan,0,0,1",
            ScalarOrder::ScalarFirst,
            Tolerance::DEFAULT,
            OffRotation::Refuse,
        );
        assert!(matches!(
            r,
            Err(RotationError::NonFiniteQuaternion { index: 0, .. })
        ));
        let e = parse_exactly::<3>("1 2", "3 angles").expect_err("short");
        assert_eq!(e.to_string(), "expected 3 angles, found 2 number(s)");
    }
}
