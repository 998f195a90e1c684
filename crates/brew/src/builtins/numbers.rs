//! Numbers from text, as `int()`, `float()` and `complex()` read them:
//! CPython's `_PyUnicode_TransformDecimalAndSpaceToASCII` (Unicode digits
//! and spaces), `PyLong_FromString`, the underscore rules of PEP 515, and
//! `_PyOS_ascii_strtod`'s grammar.

use num_bigint::BigInt;
use num_traits::Num;

use crate::error::{Error, PyErrorKind};
use crate::ops::py_err;
use crate::repr::INT_MAX_STR_DIGITS;

use crate::unicode::decimal_value;

/// Python's `str.isspace` outside ASCII (CPython 3.13's Unicode tables).
fn is_unicode_space(c: char) -> bool {
    crate::unicode::is_space(c)
}

/// CPython's `Py_ISSPACE`: ASCII whitespace.
fn is_ascii_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | b'\r' | 0x0b | 0x0c)
}

/// `_PyUnicode_TransformDecimalAndSpaceToASCII`: ASCII kept, other spaces
/// become `' '`, other decimal digits their ASCII digit; anything else ends
/// the text with a `?` that no number accepts.
fn transform(s: &str) -> Vec<u8> {
    let mut out = Vec::with_capacity(s.len());
    for c in s.chars() {
        if (c as u32) < 127 {
            out.push(c as u8);
        } else if is_unicode_space(c) {
            out.push(b' ');
        } else if let Some(d) = decimal_value(c) {
            out.push(b'0' + d);
        } else {
            out.push(b'?');
            break;
        }
    }
    out
}

/// Text of a `str` or `bytes` argument for parsing, with the object's repr
/// for error messages.
pub(crate) enum Text<'a> {
    Str(&'a str),
    Bytes(&'a [u8]),
}

impl Text<'_> {
    fn ascii(&self) -> Vec<u8> {
        match self {
            Text::Str(s) => transform(s),
            Text::Bytes(b) => b.to_vec(),
        }
    }

    fn repr(&self) -> String {
        match self {
            Text::Str(s) => crate::repr::str_repr(s),
            Text::Bytes(b) => crate::repr::bytes_repr(b),
        }
    }
}

fn digit_value(b: u8) -> u32 {
    match b {
        b'0'..=b'9' => u32::from(b - b'0'),
        b'a'..=b'z' => u32::from(b - b'a') + 10,
        b'A'..=b'Z' => u32::from(b - b'A') + 10,
        _ => 99,
    }
}

/// `int(text, base)`, with CPython's errors (`invalid literal for int() with
/// base 10: '12a'`, the 4,300-digit limit for bases that are not powers of two).
pub(crate) fn int_from_text(text: &Text, base: u32) -> Result<BigInt, Error> {
    let invalid = || {
        let repr: String = text.repr().chars().take(200).collect();
        py_err(
            PyErrorKind::ValueError,
            format!("invalid literal for int() with base {base}: {repr}"),
        )
    };
    let s = text.ascii();
    let mut i = 0;
    while i < s.len() && is_ascii_space(s[i]) {
        i += 1;
    }
    let mut negative = false;
    if i < s.len() && (s[i] == b'+' || s[i] == b'-') {
        negative = s[i] == b'-';
        i += 1;
    }
    let at = |k: usize| s.get(k).copied().unwrap_or(0);
    let mut radix = base;
    let mut old_octal = false;
    if base == 0 {
        radix = if at(i) != b'0' {
            10
        } else {
            match at(i + 1) {
                b'x' | b'X' => 16,
                b'o' | b'O' => 8,
                b'b' | b'B' => 2,
                _ => {
                    old_octal = true;
                    10
                }
            }
        };
    }
    let prefixed = at(i) == b'0'
        && matches!(
            (radix, at(i + 1)),
            (16, b'x' | b'X') | (8, b'o' | b'O') | (2, b'b' | b'B')
        );
    if prefixed {
        i += 2;
        if at(i) == b'_' {
            i += 1;
        }
    }
    if at(i) == b'_' {
        return Err(invalid());
    }
    let start = i;
    let mut digits = 0usize;
    let mut prev = 0u8;
    while i < s.len() && (digit_value(s[i]) < radix || s[i] == b'_') {
        if s[i] == b'_' {
            if prev == b'_' {
                return Err(invalid());
            }
        } else {
            digits += 1;
        }
        prev = s[i];
        i += 1;
    }
    if prev == b'_' || digits == 0 {
        return Err(invalid());
    }
    if !radix.is_power_of_two() && digits > INT_MAX_STR_DIGITS {
        return Err(py_err(
            PyErrorKind::ValueError,
            format!(
                "Exceeds the limit ({INT_MAX_STR_DIGITS} digits) for integer string conversion: value has {digits} digits; use sys.set_int_max_str_digits() to increase the limit"
            ),
        ));
    }
    let body: String = s[start..i]
        .iter()
        .filter(|&&b| b != b'_')
        .map(|&b| b as char)
        .collect();
    let mut value = BigInt::from_str_radix(&body, radix).map_err(|_| invalid())?;
    if old_octal && value != BigInt::from(0) {
        return Err(invalid());
    }
    while i < s.len() && is_ascii_space(s[i]) {
        i += 1;
    }
    if i != s.len() {
        return Err(invalid());
    }
    if negative {
        value = -value;
    }
    Ok(value)
}

/// `_Py_string_to_number_with_underscores`: removes underscores that stand
/// between two digits; `None` when any other underscore is present.
fn strip_underscores(s: &[u8]) -> Option<Vec<u8>> {
    if !s.contains(&b'_') {
        return Some(s.to_vec());
    }
    let mut out = Vec::with_capacity(s.len());
    let mut prev = 0u8;
    for &c in s {
        if c == b'_' {
            if !prev.is_ascii_digit() {
                return None;
            }
        } else {
            out.push(c);
            if prev == b'_' && !c.is_ascii_digit() {
                return None;
            }
        }
        prev = c;
    }
    (prev != b'_').then_some(out)
}

/// The length of the longest prefix of `s` that `_PyOS_ascii_strtod` reads
/// as a float (0 when there is none).
fn float_prefix(s: &[u8]) -> usize {
    let mut i = 0;
    if matches!(s.first(), Some(b'+' | b'-')) {
        i = 1;
    }
    let rest = &s[i..];
    let lower: Vec<u8> = rest.iter().take(8).map(u8::to_ascii_lowercase).collect();
    if lower.starts_with(b"infinity") {
        return i + 8;
    }
    if lower.starts_with(b"inf") || lower.starts_with(b"nan") {
        return i + 3;
    }
    let digits = |mut k: usize| {
        while k < s.len() && s[k].is_ascii_digit() {
            k += 1;
        }
        k
    };
    let int_end = digits(i);
    let mut end = int_end;
    let mut mantissa_digits = int_end - i;
    if end < s.len() && s[end] == b'.' {
        let frac_end = digits(end + 1);
        mantissa_digits += frac_end - end - 1;
        end = frac_end;
    }
    if mantissa_digits == 0 {
        return 0;
    }
    if end < s.len() && (s[end] == b'e' || s[end] == b'E') {
        let mut k = end + 1;
        if k < s.len() && (s[k] == b'+' || s[k] == b'-') {
            k += 1;
        }
        let exp_end = digits(k);
        if exp_end > k {
            end = exp_end;
        }
    }
    end
}

/// Parses exactly `s` (a float prefix) as Rust does, which rounds correctly.
fn parse_float(s: &[u8]) -> f64 {
    std::str::from_utf8(s)
        .ok()
        .and_then(|t| t.parse::<f64>().ok())
        .unwrap_or(f64::NAN)
}

/// `float(text)`.
pub(crate) fn float_from_text(text: &Text) -> Result<f64, Error> {
    let invalid = || {
        py_err(
            PyErrorKind::ValueError,
            format!("could not convert string to float: {}", text.repr()),
        )
    };
    let s = strip_underscores(&text.ascii()).ok_or_else(invalid)?;
    let mut a = 0;
    let mut b = s.len();
    while a < b && is_ascii_space(s[a]) {
        a += 1;
    }
    if a == b {
        return Err(invalid());
    }
    while b > a + 1 && is_ascii_space(s[b - 1]) {
        b -= 1;
    }
    let body = &s[a..b];
    if float_prefix(body) != body.len() {
        return Err(invalid());
    }
    Ok(parse_float(body))
}

/// `complex(text)`: `1`, `2j`, `1+2j`, `1-j`, `j`, optionally in parentheses.
pub(crate) fn complex_from_text(text: &Text) -> Result<(f64, f64), Error> {
    let malformed = || {
        py_err(
            PyErrorKind::ValueError,
            "complex() arg is a malformed string",
        )
    };
    let s = strip_underscores(&text.ascii()).ok_or_else(|| {
        py_err(
            PyErrorKind::ValueError,
            format!("could not convert string to complex: {}", text.repr()),
        )
    })?;
    let at = |k: usize| s.get(k).copied().unwrap_or(0);
    let mut i = 0;
    while is_ascii_space(at(i)) {
        i += 1;
    }
    let bracket = at(i) == b'(';
    if bracket {
        i += 1;
        while is_ascii_space(at(i)) {
            i += 1;
        }
    }
    let (mut re, mut im) = (0.0, 0.0);
    let n = float_prefix(&s[i..]);
    if n > 0 {
        let z = parse_float(&s[i..i + n]);
        i += n;
        if at(i) == b'+' || at(i) == b'-' {
            re = z;
            let m = float_prefix(&s[i..]);
            if m > 0 {
                im = parse_float(&s[i..i + m]);
                i += m;
            } else {
                im = if at(i) == b'+' { 1.0 } else { -1.0 };
                i += 1;
            }
            if !matches!(at(i), b'j' | b'J') {
                return Err(malformed());
            }
            i += 1;
        } else if matches!(at(i), b'j' | b'J') {
            im = z;
            i += 1;
        } else {
            re = z;
        }
    } else {
        im = match at(i) {
            b'+' => {
                i += 1;
                1.0
            }
            b'-' => {
                i += 1;
                -1.0
            }
            _ => 1.0,
        };
        if !matches!(at(i), b'j' | b'J') {
            return Err(malformed());
        }
        i += 1;
    }
    while is_ascii_space(at(i)) {
        i += 1;
    }
    if bracket {
        if at(i) != b')' {
            return Err(malformed());
        }
        i += 1;
        while is_ascii_space(at(i)) {
            i += 1;
        }
    }
    if i != s.len() {
        return Err(malformed());
    }
    Ok((re, im))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn int(s: &str, base: u32) -> String {
        match int_from_text(&Text::Str(s), base) {
            Ok(i) => i.to_string(),
            Err(e) => e.to_string(),
        }
    }

    /// CPython 3.13's answers.
    #[test]
    fn int_text_matches_cpython() {
        for (s, base, want) in [
            (" 1_000 ", 10, "1000"),
            ("0x_10", 16, "16"),
            ("0b_1", 0, "1"),
            ("00_0", 0, "0"),
            (
                "0_7",
                0,
                "ValueError: invalid literal for int() with base 0: '0_7'",
            ),
            (
                "_1",
                10,
                "ValueError: invalid literal for int() with base 10: '_1'",
            ),
            (
                "1__0",
                10,
                "ValueError: invalid literal for int() with base 10: '1__0'",
            ),
            (
                "0b__1",
                0,
                "ValueError: invalid literal for int() with base 0: '0b__1'",
            ),
            (
                "0x",
                16,
                "ValueError: invalid literal for int() with base 16: '0x'",
            ),
            ("\u{661}\u{662}", 16, "18"),
            ("\u{e51}\u{e52}", 10, "12"),
            ("\u{a0}12\u{3000}", 10, "12"),
            (
                " \x1c12\x1f ",
                10,
                "ValueError: invalid literal for int() with base 10: ' \\x1c12\\x1f '",
            ),
            (
                "\u{200b}12",
                10,
                "ValueError: invalid literal for int() with base 10: '\\u200b12'",
            ),
            ("-0B101", 0, "-5"),
        ] {
            assert_eq!(int(s, base), want, "int({s:?}, {base})");
        }
        let long = "1".repeat(4301);
        assert!(int(&long, 10).contains("value has 4301 digits"));
        assert!(int(&"1".repeat(5000), 2).len() > 1000);
    }

    #[test]
    fn float_and_complex_text_match_cpython() {
        let f = |s: &str| match float_from_text(&Text::Str(s)) {
            Ok(x) => crate::repr::float_repr(x),
            Err(e) => e.to_string(),
        };
        assert_eq!(f("1_000.000_1"), "1000.0001");
        assert_eq!(f(" -iNF "), "-inf");
        assert_eq!(f("0_0.0_0e0_0"), "0.0");
        assert_eq!(f("1e1_0"), "10000000000.0");
        assert_eq!(
            f("1._5"),
            "ValueError: could not convert string to float: '1._5'"
        );
        assert_eq!(
            f("infinit"),
            "ValueError: could not convert string to float: 'infinit'"
        );
        assert_eq!(f("\u{661}.\u{665}"), "1.5");
        let c = |s: &str| match complex_from_text(&Text::Str(s)) {
            Ok((re, im)) => crate::repr::complex_repr(re, im),
            Err(e) => e.to_string(),
        };
        assert_eq!(c(" ( 1+2j ) "), "(1+2j)");
        assert_eq!(c("-j"), "-1j");
        assert_eq!(c("(j)"), "1j");
        assert_eq!(c("1.e-5+.5j"), "(1e-05+0.5j)");
        assert_eq!(
            c("1+-2j"),
            "ValueError: complex() arg is a malformed string"
        );
        assert_eq!(
            c("1__0"),
            "ValueError: could not convert string to complex: '1__0'"
        );
        assert_eq!(c("()"), "ValueError: complex() arg is a malformed string");
    }
}
