//! Operands given as JSON in a `--batch` line: `[w,x,y,z]`, `[[r11,r12,r13],
//! …]`, a number, or an object whose key says what the numbers are (the
//! objects `--json` writes). Errors say what was expected and what was
//! found, in the user's terms.

use serde_json::{Map, Value};
use toolcup_rotation::text::shown;
use toolcup_rotation::{EulerConvention, ScalarOrder};

use crate::recipes::rotation::Reading;

/// The keys that hold numbers, for error messages.
const KEYS: &str = "\"quaternion\", \"matrix\", \"angles\", \"axis\" with \"angle\", \
    \"rotation_vector\", \"vector\" or \"t\"";

/// Parses one line of JSON.
///
/// # Errors
/// serde_json's own message, with its column; nesting deeper than
/// serde_json's limit of 128 is refused there, in bounded stack.
pub fn parse_line(line: &str) -> Result<Value, String> {
    serde_json::from_str(line).map_err(|e| format!("not valid JSON: {e}"))
}

/// The numbers of one JSON operand, in the order the text form lists them:
/// an array of numbers, a matrix's rows, a number, or an object whose key
/// says what the numbers are. The object's `"order"`, `"unit"` and
/// `"sequence"` (as `--json` writes them) must agree with `reading` and
/// `sequence`; `"gimbal_lock"` is ignored.
///
/// # Errors
/// A one-line message naming what is wrong.
pub fn value_numbers(
    value: &Value,
    reading: &Reading,
    sequence: Option<EulerConvention>,
) -> Result<Vec<f64>, String> {
    match value {
        Value::Array(items) => numbers_or_rows(items, "the array"),
        Value::Object(map) => object_numbers(map, reading, sequence),
        Value::Number(_) => Ok(vec![number(value, "the number")?]),
        other => Err(format!(
            "a JSON operand is an array, a number or an object with {KEYS}, not {}",
            kind(other)
        )),
    }
}

/// Checks that an informational key agrees with the command's options.
fn agrees(map: &Map<String, Value>, key: &str, wanted: &str, option: &str) -> Result<(), String> {
    match map.get(key) {
        None => Ok(()),
        Some(Value::String(s)) if s == wanted => Ok(()),
        Some(other) => Err(format!(
            "\"{key}\" is {}, but this command reads \"{wanted}\" ({option})",
            kind(other)
        )),
    }
}

fn object_numbers(
    map: &Map<String, Value>,
    reading: &Reading,
    sequence: Option<EulerConvention>,
) -> Result<Vec<f64>, String> {
    const NUMBERS: [&str; 8] = [
        "quaternion",
        "matrix",
        "angles",
        "axis",
        "angle",
        "rotation_vector",
        "vector",
        "t",
    ];
    const ABOUT: [&str; 4] = ["order", "unit", "sequence", "gimbal_lock"];
    if let Some(key) = map
        .keys()
        .find(|k| !NUMBERS.contains(&k.as_str()) && !ABOUT.contains(&k.as_str()))
    {
        return Err(format!("unknown key \"{}\": use {KEYS}", shown(key)));
    }
    let order = match reading.order {
        ScalarOrder::ScalarFirst => "scalar-first",
        ScalarOrder::ScalarLast => "scalar-last",
    };
    agrees(map, "order", order, "--scalar-last sets scalar-last")?;
    agrees(map, "unit", reading.unit(), "--degrees sets deg")?;
    if let Some(c) = sequence {
        agrees(map, "sequence", &c.to_string(), "the sequence argument")?;
    }
    let present: Vec<&str> = NUMBERS
        .iter()
        .copied()
        .filter(|k| map.contains_key(*k))
        .collect();
    match present.as_slice() {
        ["matrix"] => match &map["matrix"] {
            Value::Array(items) => numbers_or_rows(items, "\"matrix\""),
            other => Err(format!(
                "\"matrix\" must be an array of rows, not {}",
                kind(other)
            )),
        },
        ["axis", "angle"] => {
            let mut v = numbers(&map["axis"], "\"axis\"")?;
            v.push(number(&map["angle"], "\"angle\"")?);
            Ok(v)
        }
        ["t"] => Ok(vec![number(&map["t"], "\"t\"")?]),
        [key] if *key != "axis" && *key != "angle" => numbers(&map[*key], &format!("\"{key}\"")),
        _ => Err(format!("give exactly one of {KEYS}")),
    }
}

/// An array of numbers, or the three rows of a matrix.
fn numbers_or_rows(items: &[Value], what: &str) -> Result<Vec<f64>, String> {
    if items.iter().any(Value::is_array) {
        let shape_ok = items.len() == 3
            && items
                .iter()
                .all(|row| row.as_array().is_some_and(|r| r.len() == 3));
        if !shape_ok {
            let rows: Vec<String> = items
                .iter()
                .map(|row| match row {
                    Value::Array(r) => r.len().to_string(),
                    other => kind(other),
                })
                .collect();
            return Err(format!(
                "{what} holds rows, so it must be a matrix of 3 rows of 3 numbers, \
                 but its rows hold [{}]",
                rows.join(", ")
            ));
        }
        let mut out = Vec::new();
        for (i, row) in items.iter().enumerate() {
            out.extend(numbers(row, &format!("row {} of {what}", i + 1))?);
        }
        Ok(out)
    } else {
        numbers_of(items, what)
    }
}

fn numbers(value: &Value, what: &str) -> Result<Vec<f64>, String> {
    match value {
        Value::Array(items) => numbers_of(items, what),
        other => Err(format!(
            "{what} must be an array of numbers, not {}",
            kind(other)
        )),
    }
}

fn numbers_of(items: &[Value], what: &str) -> Result<Vec<f64>, String> {
    items
        .iter()
        .enumerate()
        .map(|(i, v)| number(v, &format!("element {} of {what}", i + 1)))
        .collect()
}

fn number(value: &Value, what: &str) -> Result<f64, String> {
    value
        .as_f64()
        .ok_or_else(|| format!("{what} must be a number, not {}", kind(value)))
}

/// What a JSON value is, as an error message names it.
fn kind(value: &Value) -> String {
    match value {
        Value::Null => "null".to_string(),
        Value::Bool(b) => b.to_string(),
        Value::Number(n) => format!("the number {n}"),
        Value::String(s) => format!("the string \"{}\"", shown(s)),
        Value::Array(_) => "an array".to_string(),
        Value::Object(_) => "an object".to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn json_numbers(line: &str) -> Result<Vec<f64>, String> {
        value_numbers(&parse_line(line)?, &Reading::default(), None)
    }

    #[test]
    fn every_form_reads_as_its_numbers() {
        assert_eq!(json_numbers("[1, 0, 0, 0]"), Ok(vec![1.0, 0.0, 0.0, 0.0]));
        assert_eq!(
            json_numbers("[[1,0,0],[0,1,0],[0,0,1]]").map(|v| v.len()),
            Ok(9)
        );
        assert_eq!(
            json_numbers(r#"{"quaternion": [0, 1, 0, 0]}"#),
            Ok(vec![0.0, 1.0, 0.0, 0.0])
        );
        assert_eq!(
            json_numbers(r#"{"matrix": [1,0,0,0,1,0,0,0,1]}"#).map(|v| v.len()),
            Ok(9)
        );
        assert_eq!(
            json_numbers(r#"{"axis": [0, 0, 1], "angle": 2}"#),
            Ok(vec![0.0, 0.0, 1.0, 2.0])
        );
    }

    #[test]
    fn errors_name_the_fault_in_the_users_terms() {
        let err = |line: &str| json_numbers(line).expect_err(line);
        assert_eq!(
            err(r#"{"foo": 1}"#),
            format!("unknown key \"foo\": use {KEYS}")
        );
        assert_eq!(
            err(r#"[1, 2, "x"]"#),
            "element 3 of the array must be a number, not the string \"x\""
        );
        assert_eq!(
            err(r#"{"matrix": [[1,0,0],[0,1,0],[0,0,null]]}"#),
            "element 3 of row 3 of \"matrix\" must be a number, not null"
        );
        assert_eq!(
            err("\"1 0 0 0\""),
            format!(
                "a JSON operand is an array, a number or an object with {KEYS}, not the string \"1 0 0 0\""
            )
        );
        assert_eq!(
            err(r#"{"quaternion": [1,0,0,0], "angles": [1,2,3]}"#),
            format!("give exactly one of {KEYS}")
        );
        assert_eq!(
            err("[[1, 0], [0, 1]]"),
            "the array holds rows, so it must be a matrix of 3 rows of 3 numbers, \
             but its rows hold [2, 2]"
        );
        assert!(err("[1, 2").starts_with("not valid JSON: EOF while parsing a list"));
        assert!(err("[1e400]").starts_with("not valid JSON: number out of range"));
        assert!(err("[NaN, 0, 0, 0]").starts_with("not valid JSON"));
        let deep = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
        assert!(err(&deep).contains("recursion limit exceeded"));
        for line in [
            r#"{"quaternion": 1}"#,
            "[true]",
            "{}",
            r#"{"\u001b[2J": 1}"#,
        ] {
            let e = err(line);
            assert!(!e.contains("JsonRotation") && !e.contains('\u{1b}'), "{e}");
        }
    }
}
