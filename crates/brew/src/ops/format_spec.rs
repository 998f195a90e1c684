//! `format(value, spec)` and f-strings' `{value:spec}`: CPython 3.13's
//! format-specification mini-language (`Python/formatter_unicode.c`) for
//! the values this engine has. `str`, `int` (and `bool`), `float` and
//! `complex` parse the spec (`[[fill]align][sign][z][#][0][width]
//! [grouping][.precision][type]`) with CPython's checks and messages; every
//! other value formats through `object.__format__`, which takes the empty
//! spec only. Floats are correctly rounded (Rust's `{:e}`/`{:.N}` are exact
//! decimal conversions, as CPython's dtoa), then laid out as
//! `PyOS_double_to_string` does; `n` is the C locale's (as `d` and `g`).
//!
//! Widths and precisions are bounded by the engine's limits
//! ([`crate::limits::MAX_ITEMS`] characters): CPython builds the string,
//! this engine refuses it with its own `Limit` error.

use num_bigint::BigInt;
use num_traits::{Signed, ToPrimitive};

use super::number::{int_to_f64, py_err};
use crate::error::{Error, PyErrorKind};
use crate::limits::Budget;
use crate::value::Value;

fn value_error(message: impl Into<String>) -> Error {
    py_err(PyErrorKind::ValueError, message)
}

/// Thousands separators asked for by the spec.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Grouping {
    None,
    Comma,
    Underscore,
    /// `_` with `b`, `o`, `x`, `X`: every four digits.
    UnderscoreFour,
}

/// A parsed spec (`InternalFormatSpec`); `kind` is `'\0'` when omitted.
#[derive(Debug, Clone)]
struct Spec {
    fill: char,
    align: char,
    alternate: bool,
    no_neg_0: bool,
    sign: Option<char>,
    width: Option<u64>,
    grouping: Grouping,
    precision: Option<u64>,
    kind: char,
}

/// A presentation type in a message: itself when printable ASCII, else `\x…`.
fn code_text(c: char) -> String {
    let n = u32::from(c);
    if n > 32 && n < 128 {
        c.to_string()
    } else {
        format!("\\x{n:x}")
    }
}

fn unknown_code(kind: char, type_name: &str) -> Error {
    value_error(format!(
        "Unknown format code '{}' for object of type '{type_name}'",
        code_text(kind)
    ))
}

/// `get_integer`: decimal digits (any Unicode decimal), or `None` when
/// there are none; past `PY_SSIZE_T_MAX` it is CPython's ValueError.
fn integer(chars: &[char], pos: &mut usize) -> Result<Option<u64>, Error> {
    let mut acc: i64 = 0;
    let mut digits = 0;
    while let Some(d) = chars
        .get(*pos)
        .and_then(|&c| crate::unicode::decimal_value(c))
    {
        let d = i64::from(d);
        if acc > (i64::MAX - d) / 10 {
            return Err(value_error("Too many decimal digits in format string"));
        }
        acc = acc * 10 + d;
        *pos += 1;
        digits += 1;
    }
    Ok((digits > 0).then_some(acc as u64))
}

/// `parse_internal_render_format_spec`.
fn parse(
    text: &str,
    type_name: &str,
    default_kind: char,
    default_align: char,
) -> Result<Spec, Error> {
    let c: Vec<char> = text.chars().collect();
    let end = c.len();
    let is_align = |ch: char| matches!(ch, '<' | '>' | '=' | '^');
    let mut spec = Spec {
        fill: ' ',
        align: default_align,
        alternate: false,
        no_neg_0: false,
        sign: None,
        width: None,
        grouping: Grouping::None,
        precision: None,
        kind: default_kind,
    };
    let mut pos = 0;
    let mut fill_given = false;
    let mut align_given = false;
    if end >= 2 && is_align(c[1]) {
        spec.align = c[1];
        spec.fill = c[0];
        fill_given = true;
        align_given = true;
        pos = 2;
    } else if end >= 1 && is_align(c[0]) {
        spec.align = c[0];
        align_given = true;
        pos = 1;
    }
    if pos < end && matches!(c[pos], ' ' | '+' | '-') {
        spec.sign = Some(c[pos]);
        pos += 1;
    }
    if pos < end && c[pos] == 'z' {
        spec.no_neg_0 = true;
        pos += 1;
    }
    if pos < end && c[pos] == '#' {
        spec.alternate = true;
        pos += 1;
    }
    if !fill_given && pos < end && c[pos] == '0' {
        spec.fill = '0';
        if !align_given && default_align == '>' {
            spec.align = '=';
        }
        pos += 1;
    }
    spec.width = integer(&c, &mut pos)?;
    if pos < end && c[pos] == ',' {
        spec.grouping = Grouping::Comma;
        pos += 1;
    }
    if pos < end && c[pos] == '_' {
        if spec.grouping != Grouping::None {
            return Err(value_error("Cannot specify both ',' and '_'."));
        }
        spec.grouping = Grouping::Underscore;
        pos += 1;
    }
    if pos < end && c[pos] == ',' && spec.grouping == Grouping::Underscore {
        return Err(value_error("Cannot specify both ',' and '_'."));
    }
    if pos < end && c[pos] == '.' {
        pos += 1;
        spec.precision = integer(&c, &mut pos)?;
        if spec.precision.is_none() {
            return Err(value_error("Format specifier missing precision"));
        }
    }
    if end - pos > 1 {
        return Err(value_error(format!(
            "Invalid format specifier '{text}' for object of type '{type_name}'"
        )));
    }
    if end - pos == 1 {
        spec.kind = c[pos];
    }
    if spec.grouping != Grouping::None {
        match spec.kind {
            'd' | 'e' | 'f' | 'g' | 'E' | 'G' | '%' | 'F' | '\0' => {}
            'b' | 'o' | 'x' | 'X' if spec.grouping == Grouping::Underscore => {
                spec.grouping = Grouping::UnderscoreFour;
            }
            kind => {
                let sep = if spec.grouping == Grouping::Comma {
                    ','
                } else {
                    '_'
                };
                return Err(value_error(format!(
                    "Cannot specify '{sep}' with '{}'.",
                    code_text(kind)
                )));
            }
        }
    }
    Ok(spec)
}

/// Python's `format(value, spec)` (`type(value).__format__(value, spec)`).
pub(crate) fn format_value(
    value: &Value,
    spec: &str,
    budget: &mut Budget,
) -> Result<String, Error> {
    if spec.is_empty() {
        // `str(value)`, which every `__format__` returns for the empty spec.
        let text = match value {
            Value::Str(s) => s.clone(),
            other => other.try_repr()?,
        };
        budget.charge_items("a str", text.len() as u128, 1)?;
        return Ok(text);
    }
    let type_name = value.type_name();
    match value {
        Value::Str(s) => format_str(s, &parse(spec, type_name, 's', '<')?, type_name, budget),
        Value::Int(_) | Value::Bool(_) => {
            let n = match value {
                Value::Int(i) => i.clone(),
                _ => BigInt::from(u8::from(matches!(value, Value::Bool(true)))),
            };
            let spec = parse(spec, type_name, 'd', '>')?;
            charge_width(&spec, budget)?;
            match spec.kind {
                'b' | 'c' | 'd' | 'o' | 'x' | 'X' | 'n' => format_int(&n, &spec, budget),
                'e' | 'E' | 'f' | 'F' | 'g' | 'G' | '%' => {
                    let f = int_to_f64(&n)?;
                    format_float(f, &spec, budget)
                }
                kind => Err(unknown_code(kind, type_name)),
            }
        }
        Value::Float(f) => {
            let spec = parse(spec, type_name, '\0', '>')?;
            charge_width(&spec, budget)?;
            match spec.kind {
                '\0' | 'e' | 'E' | 'f' | 'F' | 'g' | 'G' | 'n' | '%' => {
                    format_float(*f, &spec, budget)
                }
                kind => Err(unknown_code(kind, type_name)),
            }
        }
        Value::Complex { re, im } => {
            let spec = parse(spec, type_name, '\0', '>')?;
            charge_width(&spec, budget)?;
            match spec.kind {
                '\0' | 'e' | 'E' | 'f' | 'F' | 'g' | 'G' | 'n' => {
                    format_complex(*re, *im, &spec, budget)
                }
                kind => Err(unknown_code(kind, type_name)),
            }
        }
        Value::GenericAlias(_) | Value::Union(_) | Value::TypeParam(_) => {
            Err(crate::limits::Limit::NotSupported("a format spec for a typing object").into())
        }
        _ => Err(py_err(
            PyErrorKind::TypeError,
            format!("unsupported format string passed to {type_name}.__format__"),
        )),
    }
}

/// Pays for the padding a width asks for (our limit on the result's size).
fn charge_width(spec: &Spec, budget: &mut Budget) -> Result<(), Error> {
    if let Some(w) = spec.width {
        budget.charge_items("a formatted str", u128::from(w), 4)?;
    }
    Ok(())
}

/// `calc_padding`: the fill before and after `len` characters.
fn padding(len: u64, width: Option<u64>, align: char) -> (u64, u64) {
    let total = width.map_or(len, |w| w.max(len));
    let pad = total - len;
    let left = match align {
        '>' => pad,
        '^' => pad / 2,
        _ => 0,
    };
    (left, pad - left)
}

fn push_fill(out: &mut String, fill: char, n: u64) {
    out.extend(std::iter::repeat_n(fill, n as usize));
}

/// `format_string_internal`.
fn format_str(s: &str, spec: &Spec, type_name: &str, budget: &mut Budget) -> Result<String, Error> {
    if spec.kind != 's' {
        return Err(unknown_code(spec.kind, type_name));
    }
    match spec.sign {
        Some(' ') => return Err(value_error("Space not allowed in string format specifier")),
        Some(_) => return Err(value_error("Sign not allowed in string format specifier")),
        None => {}
    }
    if spec.no_neg_0 {
        return Err(value_error(
            "Negative zero coercion (z) not allowed in string format specifier",
        ));
    }
    if spec.alternate {
        return Err(value_error(
            "Alternate form (#) not allowed in string format specifier",
        ));
    }
    if spec.align == '=' {
        return Err(value_error(
            "'=' alignment not allowed in string format specifier",
        ));
    }
    charge_width(spec, budget)?;
    let len = s.chars().count() as u64;
    let shown = spec.precision.map_or(len, |p| p.min(len));
    let (left, right) = padding(shown, spec.width, spec.align);
    budget.charge_items("a formatted str", u128::from(left + shown + right), 4)?;
    let mut out = String::new();
    push_fill(&mut out, spec.fill, left);
    out.extend(s.chars().take(shown as usize));
    push_fill(&mut out, spec.fill, right);
    Ok(out)
}

/// The separator and group size of `grouping` (none for the C locale's `n`).
fn separator(spec: &Spec) -> Option<(char, i64)> {
    if spec.kind == 'n' {
        return None;
    }
    match spec.grouping {
        Grouping::None => None,
        Grouping::Comma => Some((',', 3)),
        Grouping::Underscore => Some(('_', 3)),
        Grouping::UnderscoreFour => Some(('_', 4)),
    }
}

/// `_PyUnicode_InsertThousandsGrouping`: the digits in groups, padded with
/// zeros (themselves grouped) up to `min_width` characters.
fn group(digits: &[char], min_width: i64, sep: Option<(char, i64)>) -> String {
    let mut remaining = digits.len() as i64;
    let mut min_width = min_width;
    let mut end = digits.len();
    let mut pieces: Vec<String> = Vec::new();
    let piece = |n_zeros: i64, chars: &[char], sep: Option<char>| {
        let mut p = "0".repeat(n_zeros.max(0) as usize);
        p.extend(chars.iter());
        p.extend(sep);
        p
    };
    match sep {
        None => {
            let l = remaining.max(min_width).max(1);
            let n_zeros = (l - remaining).max(0);
            pieces.push(piece(n_zeros, digits, None));
        }
        Some((sep, size)) => {
            let mut use_sep = false;
            loop {
                let l = size.min(remaining.max(min_width).max(1));
                let n_zeros = (l - remaining).max(0);
                let n_chars = remaining.min(l).max(0) as usize;
                pieces.push(piece(
                    n_zeros,
                    &digits[end - n_chars..end],
                    use_sep.then_some(sep),
                ));
                end -= n_chars;
                use_sep = true;
                remaining -= n_chars as i64;
                min_width -= l;
                if remaining <= 0 && min_width <= 0 {
                    break;
                }
                min_width -= 1;
            }
        }
    }
    pieces.reverse();
    pieces.concat()
}

/// `calc_number_widths` and `fill_number`: the sign (from the spec and the
/// number's own), the prefix, the padding, the grouped integer digits, the
/// decimal point and the rest.
struct Number<'a> {
    negative: bool,
    prefix: &'a str,
    digits: &'a str,
    decimal: bool,
    remainder: &'a str,
}

fn lay_out(n: &Number<'_>, spec: &Spec, forced_sign: Option<char>) -> String {
    let sign_mode = forced_sign.or(spec.sign);
    let sign = match sign_mode {
        Some('+') => Some(if n.negative { '-' } else { '+' }),
        Some(' ') => Some(if n.negative { '-' } else { ' ' }),
        _ => n.negative.then_some('-'),
    };
    let n_prefix = n.prefix.chars().count() as i64;
    let n_remainder = n.remainder.chars().count() as i64;
    let non_digit = i64::from(sign.is_some()) + n_prefix + i64::from(n.decimal) + n_remainder;
    let width = spec.width.map_or(-1, |w| w as i64);
    let min_width = if spec.fill == '0' && spec.align == '=' {
        width - non_digit
    } else {
        0
    };
    let digits: Vec<char> = n.digits.chars().collect();
    let grouped = if digits.is_empty() {
        String::new()
    } else {
        group(&digits, min_width, separator(spec))
    };
    let padding = width - (non_digit + grouped.chars().count() as i64);
    let (mut left, mut inner, mut right) = (0, 0, 0);
    if padding > 0 {
        let p = padding as u64;
        match spec.align {
            '<' => right = p,
            '^' => {
                left = p / 2;
                right = p - left;
            }
            '=' => inner = p,
            _ => left = p,
        }
    }
    let mut out = String::new();
    push_fill(&mut out, spec.fill, left);
    out.extend(sign);
    out.push_str(n.prefix);
    push_fill(&mut out, spec.fill, inner);
    out.push_str(&grouped);
    if n.decimal {
        out.push('.');
    }
    out.push_str(n.remainder);
    push_fill(&mut out, spec.fill, right);
    out
}

/// `format_long_internal`.
fn format_int(n: &BigInt, spec: &Spec, budget: &mut Budget) -> Result<String, Error> {
    if spec.precision.is_some() {
        return Err(value_error(
            "Precision not allowed in integer format specifier",
        ));
    }
    if spec.no_neg_0 {
        return Err(value_error(
            "Negative zero coercion (z) not allowed in integer format specifier",
        ));
    }
    if spec.kind == 'c' {
        if spec.sign.is_some() {
            return Err(value_error(
                "Sign not allowed with integer format specifier 'c'",
            ));
        }
        if spec.alternate {
            return Err(value_error(
                "Alternate form (#) not allowed with integer format specifier 'c'",
            ));
        }
        let x = n.to_i64().ok_or_else(|| {
            py_err(
                PyErrorKind::OverflowError,
                "Python int too large to convert to C long",
            )
        })?;
        let c = u32::try_from(x)
            .ok()
            .filter(|&x| x <= 0x10ffff)
            .ok_or_else(|| py_err(PyErrorKind::OverflowError, "%c arg not in range(0x110000)"))?;
        let c = char::from_u32(c).ok_or(crate::limits::Limit::NotSupported("a lone surrogate"))?;
        let text = c.to_string();
        return Ok(lay_out(
            &Number {
                negative: false,
                prefix: "",
                digits: "",
                decimal: false,
                remainder: &text,
            },
            spec,
            None,
        ));
    }
    budget.charge(1 + n.bits() / 64)?;
    let magnitude = n.abs();
    let (digits, prefix) = match spec.kind {
        'b' => (magnitude.to_str_radix(2), "0b"),
        'o' => (magnitude.to_str_radix(8), "0o"),
        'x' => (magnitude.to_str_radix(16), "0x"),
        'X' => (magnitude.to_str_radix(16).to_uppercase(), "0X"),
        _ => (
            crate::repr::int_repr(n)?
                .trim_start_matches('-')
                .to_string(),
            "",
        ),
    };
    let prefix = if spec.alternate { prefix } else { "" };
    let out = lay_out(
        &Number {
            negative: n.is_negative(),
            prefix,
            digits: &digits,
            decimal: false,
            remainder: "",
        },
        spec,
        None,
    );
    budget.charge_items("a formatted str", out.len() as u128, 1)?;
    Ok(out)
}

/// The largest precision CPython's float formatting takes (`INT_MAX`).
const MAX_FLOAT_PRECISION: u64 = i32::MAX as u64;

/// A double's exact decimal expansion ends within 1,074 digits after the
/// point and holds at most 767 significant digits: any precision past these
/// adds only zeros (and Rust's formatter takes precisions up to 65,535).
const EXACT_FRACTION_DIGITS: usize = 1100;
const EXACT_SIGNIFICANT_DIGITS: usize = 800;

/// `ax` with `precision` digits after the point, correctly rounded.
pub(crate) fn fixed(ax: f64, precision: usize) -> String {
    if precision <= EXACT_FRACTION_DIGITS {
        return format!("{ax:.precision$}");
    }
    let mut s = format!("{ax:.EXACT_FRACTION_DIGITS$}");
    s.extend(std::iter::repeat_n('0', precision - EXACT_FRACTION_DIGITS));
    s
}

/// `ax` as `d.ddd…e±x` with `precision` digits after the point, correctly
/// rounded (Rust's exponent text: `1.5e3`).
pub(crate) fn scientific(ax: f64, precision: usize) -> String {
    if precision <= EXACT_SIGNIFICANT_DIGITS {
        return format!("{ax:.precision$e}");
    }
    let s = format!("{ax:.EXACT_SIGNIFICANT_DIGITS$e}");
    let (m, e) = s.split_once('e').unwrap_or((&s, "0"));
    format!(
        "{m}{}e{e}",
        "0".repeat(precision - EXACT_SIGNIFICANT_DIGITS)
    )
}

/// Digits and decimal-point position of `ax` (finite, not negative) as
/// `_Py_dg_dtoa` returns them: `mode` 0 is the shortest repr, 2 is `n`
/// significant digits; trailing zeros removed, zero is `("0", 1)`.
fn dtoa(ax: f64, significant: Option<usize>) -> (String, i64) {
    if ax == 0.0 {
        return ("0".into(), 1);
    }
    let (digits, exp) = match significant {
        None => crate::repr::shortest_digits(ax),
        Some(n) => {
            let s = scientific(ax, n.saturating_sub(1));
            let (m, e) = s.split_once('e').unwrap_or((&s, "0"));
            (m.replace('.', ""), e.parse().unwrap_or(0))
        }
    };
    let digits = digits.trim_end_matches('0');
    let digits = if digits.is_empty() { "0" } else { digits };
    (digits.to_string(), exp + 1)
}

/// `PyOS_double_to_string` (`format_float_short`) for `kind` `e`, `f`,
/// `g` or `r` (lower case; `upper` for `E`, `F`, `G`).
fn double_to_string(
    x: f64,
    kind: char,
    precision: usize,
    upper: bool,
    alt: bool,
    add_dot_0: bool,
    no_neg_0: bool,
) -> String {
    let case = |s: String| if upper { s.to_uppercase() } else { s };
    if x.is_nan() {
        return case("nan".into());
    }
    if x.is_infinite() {
        return case(if x < 0.0 { "-inf" } else { "inf" }.into());
    }
    let ax = x.abs();
    let mut negative = x.is_sign_negative();
    match kind {
        'f' => {
            let mut s = fixed(ax, precision);
            if alt && precision == 0 {
                s.push('.');
            }
            if no_neg_0 && s.chars().all(|c| c == '0' || c == '.') {
                negative = false;
            }
            return format!("{}{s}", if negative { "-" } else { "" });
        }
        'e' => {
            let s = scientific(ax, precision);
            let (m, e) = s.split_once('e').unwrap_or((&s, "0"));
            let e: i64 = e.parse().unwrap_or(0);
            if no_neg_0 && ax == 0.0 {
                negative = false;
            }
            let point = if alt && precision == 0 { "." } else { "" };
            let e_char = if upper { 'E' } else { 'e' };
            let sign = if e < 0 { '-' } else { '+' };
            return format!(
                "{}{m}{point}{e_char}{sign}{:02}",
                if negative { "-" } else { "" },
                e.abs()
            );
        }
        _ => {}
    }
    // 'g' and 'r': the general layout of format_float_short.
    let (digits, mut decpt, precision) = if kind == 'g' {
        let p = precision.max(1);
        let (d, k) = dtoa(ax, Some(p));
        (d, k, p as i64)
    } else {
        let (d, k) = dtoa(ax, None);
        (d, k, 0)
    };
    if no_neg_0 && digits == "0" {
        negative = false;
    }
    let digits: Vec<char> = digits.chars().collect();
    let len = digits.len() as i64;
    let mut vdigits_end = len;
    let use_exp = if kind == 'g' {
        if alt {
            vdigits_end = precision;
        }
        decpt <= -4 || decpt > (if add_dot_0 { precision - 1 } else { precision })
    } else {
        decpt <= -4 || decpt > 16
    };
    let mut exp = 0;
    if use_exp {
        exp = decpt - 1;
        decpt = 1;
    }
    let vdigits_start = if decpt <= 0 { decpt - 1 } else { 0 };
    vdigits_end = if !use_exp && add_dot_0 {
        vdigits_end.max(decpt + 1)
    } else {
        vdigits_end.max(decpt)
    };
    let zeros = |n: i64| "0".repeat(n.max(0) as usize);
    let mut out = String::new();
    if negative {
        out.push('-');
    }
    if decpt <= 0 {
        out.push_str(&zeros(decpt - vdigits_start));
        out.push('.');
        out.push_str(&zeros(-decpt));
    } else {
        out.push_str(&zeros(-vdigits_start));
    }
    if 0 < decpt && decpt <= len {
        out.extend(&digits[..decpt as usize]);
        out.push('.');
        out.extend(&digits[decpt as usize..]);
    } else {
        out.extend(&digits);
    }
    if len < decpt {
        out.push_str(&zeros(decpt - len));
        out.push('.');
        out.push_str(&zeros(vdigits_end - decpt));
    } else {
        out.push_str(&zeros(vdigits_end - len));
    }
    if out.ends_with('.') && !alt {
        out.pop();
    }
    if use_exp {
        out.push(if upper { 'E' } else { 'e' });
        out.push(if exp < 0 { '-' } else { '+' });
        out.push_str(&format!("{:02}", exp.abs()));
    }
    out
}

/// The float `kind` and precision to hand `PyOS_double_to_string`, from
/// the spec's (`format_float_internal`'s defaults).
fn float_plan(spec: &Spec) -> Result<(char, usize, bool), Error> {
    if spec.precision.is_some_and(|p| p > MAX_FLOAT_PRECISION) {
        return Err(value_error("precision too big"));
    }
    let mut kind = spec.kind;
    let mut add_dot_0 = false;
    let mut default_precision = 6;
    if kind == '\0' {
        add_dot_0 = true;
        kind = 'r';
        default_precision = 0;
    }
    if kind == 'n' {
        kind = 'g';
    }
    let precision = match spec.precision {
        None => default_precision,
        Some(p) => {
            if kind == 'r' {
                kind = 'g';
            }
            p as usize
        }
    };
    Ok((kind, precision, add_dot_0))
}

/// Splits a formatted float into sign, integer digits, point and the rest
/// (`parse_number`).
fn number_parts(text: &str) -> Number<'_> {
    let (negative, body) = match text.strip_prefix('-') {
        Some(b) => (true, b),
        None => (false, text),
    };
    let int_len = body.bytes().take_while(u8::is_ascii_digit).count();
    let (digits, rest) = body.split_at(int_len);
    let (decimal, remainder) = match rest.strip_prefix('.') {
        Some(r) => (true, r),
        None => (false, rest),
    };
    Number {
        negative,
        prefix: "",
        digits,
        decimal,
        remainder,
    }
}

/// Pays for a float's digits: at most 309 before the point, and the precision.
fn charge_float(precision: usize, budget: &mut Budget) -> Result<(), Error> {
    budget.charge_items("a formatted float", precision as u128 + 330, 4)?;
    Ok(())
}

/// `format_float_internal`.
fn format_float(x: f64, spec: &Spec, budget: &mut Budget) -> Result<String, Error> {
    let (kind, precision, add_dot_0) = float_plan(spec)?;
    charge_float(precision, budget)?;
    let (kind, value, percent) = if kind == '%' {
        ('f', x * 100.0, true)
    } else {
        (kind, x, false)
    };
    let upper = kind.is_ascii_uppercase();
    let mut text = double_to_string(
        value,
        kind.to_ascii_lowercase(),
        precision,
        upper,
        spec.alternate,
        add_dot_0,
        spec.no_neg_0,
    );
    if percent {
        text.push('%');
    }
    Ok(lay_out(&number_parts(&text), spec, None))
}

/// `format_complex_internal`.
fn format_complex(re: f64, im: f64, spec: &Spec, budget: &mut Budget) -> Result<String, Error> {
    if spec.precision.is_some_and(|p| p > MAX_FLOAT_PRECISION) {
        return Err(value_error("precision too big"));
    }
    if spec.fill == '0' {
        return Err(value_error(
            "Zero padding is not allowed in complex format specifier",
        ));
    }
    if spec.align == '=' {
        return Err(value_error(
            "'=' alignment flag is not allowed in complex format specifier",
        ));
    }
    let mut kind = spec.kind;
    let mut default_precision = 6;
    let mut skip_re = false;
    let mut parens = false;
    if kind == '\0' {
        kind = 'r';
        default_precision = 0;
        if re == 0.0 && re.is_sign_positive() {
            skip_re = true;
        } else {
            parens = true;
        }
    }
    if kind == 'n' {
        kind = 'g';
    }
    let precision = match spec.precision {
        None => default_precision,
        Some(p) => {
            if kind == 'r' {
                kind = 'g';
            }
            p as usize
        }
    };
    charge_float(precision, budget)?;
    charge_float(precision, budget)?;
    let upper = kind.is_ascii_uppercase();
    let lower = kind.to_ascii_lowercase();
    let text = |x: f64| {
        double_to_string(
            x,
            lower,
            precision,
            upper,
            spec.alternate,
            false,
            spec.no_neg_0,
        )
    };
    let (re_text, im_text) = (text(re), text(im));
    // The parts without padding, then the padding around the whole.
    let bare = Spec {
        fill: '\0',
        align: '<',
        width: None,
        ..spec.clone()
    };
    let re_part = if skip_re {
        String::new()
    } else {
        lay_out(&number_parts(&re_text), &bare, None)
    };
    let im_part = lay_out(&number_parts(&im_text), &bare, (!skip_re).then_some('+'));
    let mut body = String::new();
    if parens {
        body.push('(');
    }
    body.push_str(&re_part);
    body.push_str(&im_part);
    body.push('j');
    if parens {
        body.push(')');
    }
    let (left, right) = padding(body.chars().count() as u64, spec.width, spec.align);
    let mut out = String::new();
    push_fill(&mut out, spec.fill, left);
    out.push_str(&body);
    push_fill(&mut out, spec.fill, right);
    Ok(out)
}
