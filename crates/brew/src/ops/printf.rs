//! `str % args` and `bytes % args`: printf-style formatting as CPython
//! 3.13's `PyUnicode_Format` and `_PyBytes_FormatEx` do it, with their
//! order of checks and messages. Floats are formatted correctly rounded
//! (ties to even), as CPython's dtoa does.

use num_bigint::BigInt;
use num_traits::Signed;

use super::number::{int_to_f64, py_err};
use super::sequence::index_value;
use crate::error::{Error, PyErrorKind, PyException};
use crate::limits::{Budget, MAX_ITEMS};
use crate::value::Value;

/// Whether CPython treats `args` as a mapping for `%(key)s`
/// (`PyMapping_Check`, less the sequence types formatting excludes).
fn mapping(args: &Value, bytes: bool) -> bool {
    match args {
        Value::Dict(_)
        | Value::List(_)
        | Value::Range(_)
        | Value::GenericAlias(_)
        | Value::Union(_) => true,
        Value::Bytes(_) => !bytes,
        _ => false,
    }
}

/// The text built so far: characters for `str`, bytes (as chars below 256) for `bytes`.
#[derive(Default)]
struct Out {
    chars: Vec<char>,
}

/// Flags of one conversion.
#[derive(Default, Clone, Copy)]
struct Spec {
    left: bool,
    sign: bool,
    blank: bool,
    alt: bool,
    zero: bool,
    width: usize,
    prec: Option<usize>,
}

fn type_error(message: impl Into<String>) -> Error {
    PyException::type_error(message).into()
}

/// `fmt % args` for a `str` format (`bytes == false`) or a `bytes` one
/// (its characters are then bytes, `0..=255`).
pub(crate) fn format(
    fmt: &[char],
    args: &Value,
    bytes: bool,
    budget: &mut Budget,
) -> Result<Value, Error> {
    let what = if bytes { "bytes" } else { "string" };
    let dict = if mapping(args, bytes) {
        Some(args)
    } else {
        None
    };
    let mut state = match args {
        Value::Tuple(items) => Args::Tuple(items, 0),
        other => Args::Single(other.clone(), false),
    };
    let mut out = Out::default();
    let mut i = 0;
    while i < fmt.len() {
        let c = fmt[i];
        i += 1;
        if c != '%' {
            out.chars.push(c);
            continue;
        }
        if i < fmt.len() && fmt[i] == '%' {
            out.chars.push('%');
            i += 1;
            continue;
        }
        // A mapping key, `%(name)s` with nested parentheses: its value
        // becomes the one argument left.
        if i < fmt.len() && fmt[i] == '(' {
            let Some(map) = dict else {
                return Err(type_error("format requires a mapping"));
            };
            let start = i + 1;
            let mut depth = 1;
            i += 1;
            while i < fmt.len() && depth > 0 {
                match fmt[i] {
                    '(' => depth += 1,
                    ')' => depth -= 1,
                    _ => {}
                }
                i += 1;
            }
            if depth > 0 {
                return Err(py_err(PyErrorKind::ValueError, "incomplete format key"));
            }
            let name: String = fmt[start..i - 1].iter().collect();
            let k = if bytes {
                Value::Bytes(name.chars().map(|c| c as u8).collect())
            } else {
                Value::Str(name)
            };
            state = Args::Single(super::subscript(map, &k, budget)?, false);
        }
        let mut spec = Spec::default();
        while i < fmt.len() {
            match fmt[i] {
                '-' => spec.left = true,
                '+' => spec.sign = true,
                ' ' => spec.blank = true,
                '#' => spec.alt = true,
                '0' => spec.zero = true,
                _ => break,
            }
            i += 1;
        }
        // `*` takes an int argument: a C ssize_t for the width, a C int
        // for the precision.
        let star = |v: Value, precision: bool| -> Result<i64, Error> {
            if !matches!(v, Value::Int(_) | Value::Bool(_)) {
                return Err(type_error("* wants int"));
            }
            let n = index_value(&v).unwrap_or_default();
            let fits = if precision {
                i32::try_from(&n).map(i64::from).ok()
            } else {
                i64::try_from(&n).ok()
            };
            fits.ok_or_else(|| {
                py_err(
                    PyErrorKind::OverflowError,
                    if precision {
                        "Python int too large to convert to C int"
                    } else {
                        "Python int too large to convert to C ssize_t"
                    },
                )
            })
        };
        if i < fmt.len() && fmt[i] == '*' {
            let w = star(state.next()?, false)?;
            if w < 0 {
                spec.left = true;
            }
            spec.width = w.unsigned_abs() as usize;
            i += 1;
        } else {
            while i < fmt.len() && fmt[i].is_ascii_digit() {
                spec.width = spec
                    .width
                    .saturating_mul(10)
                    .saturating_add(fmt[i] as usize - 48);
                i += 1;
            }
        }
        if i < fmt.len() && fmt[i] == '.' {
            i += 1;
            let mut p = 0usize;
            if i < fmt.len() && fmt[i] == '*' {
                p = star(state.next()?, true)?.max(0) as usize;
                i += 1;
            } else {
                while i < fmt.len() && fmt[i].is_ascii_digit() {
                    p = p.saturating_mul(10).saturating_add(fmt[i] as usize - 48);
                    i += 1;
                }
            }
            spec.prec = Some(p);
        }
        let widest = spec.width.max(spec.prec.unwrap_or(0));
        if widest as u64 > MAX_ITEMS {
            budget.charge_items("a formatted field", widest as u128, 4)?;
        }
        while i < fmt.len() && matches!(fmt[i], 'h' | 'l' | 'L') {
            i += 1;
        }
        if i >= fmt.len() {
            return Err(py_err(PyErrorKind::ValueError, "incomplete format"));
        }
        let conv = fmt[i];
        let conv_index = i;
        i += 1;
        let arg = state.next()?;
        if spec.left {
            spec.zero = false;
        }
        let field = convert(conv, conv_index, &arg, &spec, bytes, budget)?;
        emit(&mut out, &field, conv, &spec);
        if out.chars.len() as u64 > MAX_ITEMS {
            budget.charge_items(
                if bytes { "a bytes" } else { "a str" },
                out.chars.len() as u128,
                1,
            )?;
        }
    }
    if dict.is_none() && !state.all_used() {
        return Err(type_error(format!(
            "not all arguments converted during {what} formatting"
        )));
    }
    budget.charge_items(
        if bytes { "a bytes" } else { "a str" },
        out.chars.len() as u128,
        1,
    )?;
    Ok(if bytes {
        Value::Bytes(out.chars.into_iter().map(|c| c as u8).collect())
    } else {
        Value::Str(out.chars.into_iter().collect())
    })
}

/// What the conversions take their arguments from: the items of a tuple in
/// turn, or one value (the right operand, or what the last `%(key)` found).
enum Args<'a> {
    Tuple(&'a [Value], usize),
    Single(Value, bool),
}

impl Args<'_> {
    fn next(&mut self) -> Result<Value, Error> {
        match self {
            Args::Tuple(items, i) if *i < items.len() => {
                *i += 1;
                Ok(items[*i - 1].clone())
            }
            Args::Single(v, used) if !*used => {
                *used = true;
                Ok(v.clone())
            }
            _ => Err(type_error("not enough arguments for format string")),
        }
    }

    fn all_used(&self) -> bool {
        match self {
            Args::Tuple(items, i) => *i == items.len(),
            Args::Single(_, used) => *used,
        }
    }
}

/// A converted field before padding, and whether it is a number (whose
/// sign and `0x` prefix the padding goes after).
struct Field {
    text: String,
    numeric: bool,
}

fn convert(
    conv: char,
    index: usize,
    arg: &Value,
    spec: &Spec,
    bytes: bool,
    budget: &mut Budget,
) -> Result<Field, Error> {
    let text = |s: String| Field {
        text: s,
        numeric: false,
    };
    let truncate = |s: String| match spec.prec {
        Some(p) => s.chars().take(p).collect(),
        None => s,
    };
    Ok(match conv {
        's' if !bytes => text(truncate(arg.to_py_str_checked()?)),
        's' | 'b' if bytes => match arg {
            Value::Bytes(b) => text(truncate(b.iter().map(|&x| char::from(x)).collect())),
            other => {
                return Err(type_error(format!(
                    "%b requires a bytes-like object, or an object that implements __bytes__, not '{}'",
                    other.type_name()
                )));
            }
        },
        'r' if !bytes => text(truncate(arg.try_repr()?)),
        'a' | 'r' => text(truncate(ascii_of(&arg.try_repr()?))),
        'c' => text(char_of(arg, bytes)?),
        'd' | 'i' | 'u' | 'x' | 'X' | 'o' => Field {
            text: integer(conv, arg, spec, budget)?,
            numeric: true,
        },
        'e' | 'E' | 'f' | 'F' | 'g' | 'G' => {
            let x = match arg {
                Value::Float(f) => *f,
                Value::Int(i) => int_to_f64(i)?,
                Value::Bool(b) => f64::from(u8::from(*b)),
                other => {
                    let required = if bytes {
                        "float argument required"
                    } else {
                        "must be real number"
                    };
                    return Err(type_error(format!("{required}, not {}", other.type_name())));
                }
            };
            Field {
                text: float(conv, x, spec),
                numeric: true,
            }
        }
        other => {
            return Err(py_err(
                PyErrorKind::ValueError,
                format!(
                    "unsupported format character '{}' (0x{:x}) at index {index}",
                    if (31..=126).contains(&(other as u32)) {
                        other.to_string()
                    } else {
                        "?".to_string()
                    },
                    other as u32
                ),
            ));
        }
    })
}

impl Value {
    /// `str(v)` that fails as CPython's does (huge ints, iterators).
    fn to_py_str_checked(&self) -> Result<String, Error> {
        match self {
            Value::Str(s) => Ok(s.clone()),
            other => other.try_repr(),
        }
    }
}

/// `ascii()`'s escaping of a repr's non-ASCII characters.
pub(crate) fn ascii_of(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        let n = u32::from(c);
        if n < 0x80 {
            out.push(c);
        } else if n < 0x100 {
            out.push_str(&format!("\\x{n:02x}"));
        } else if n < 0x10000 {
            out.push_str(&format!("\\u{n:04x}"));
        } else {
            out.push_str(&format!("\\U{n:08x}"));
        }
    }
    out
}

fn char_of(arg: &Value, bytes: bool) -> Result<String, Error> {
    if bytes {
        let wrong = || type_error("%c requires an integer in range(256) or a single byte");
        return match arg {
            Value::Bytes(b) if b.len() == 1 => Ok(char::from(b[0]).to_string()),
            Value::Int(_) | Value::Bool(_) => {
                let n = index_value(arg).ok_or_else(wrong)?;
                match u8::try_from(&n) {
                    Ok(b) => Ok(char::from(b).to_string()),
                    Err(_) => Err(py_err(
                        PyErrorKind::OverflowError,
                        "%c arg not in range(256)",
                    )),
                }
            }
            _ => Err(wrong()),
        };
    }
    match arg {
        Value::Str(s) if s.chars().count() == 1 => Ok(s.clone()),
        Value::Int(_) | Value::Bool(_) => {
            let n = index_value(arg).unwrap_or_default();
            let code = u32::try_from(&n)
                .ok()
                .filter(|&c| c < 0x11_0000)
                .ok_or_else(|| {
                    py_err(PyErrorKind::OverflowError, "%c arg not in range(0x110000)")
                })?;
            char::from_u32(code)
                .map(|c| c.to_string())
                .ok_or_else(|| crate::limits::Limit::NotSupported("a lone surrogate").into())
        }
        _ => Err(type_error("%c requires int or char")),
    }
}

/// `%d`, `%x`, `%o` and friends: digits, at least `prec` of them, the
/// `0x`/`0X`/`0o` prefix with `#`, the sign first.
fn integer(conv: char, arg: &Value, spec: &Spec, budget: &mut Budget) -> Result<String, Error> {
    let n: BigInt = match (conv, arg) {
        (_, Value::Int(i)) => i.clone(),
        (_, Value::Bool(b)) => BigInt::from(u8::from(*b)),
        ('d' | 'i' | 'u', Value::Float(f)) => super::number::float_to_int_checked(*f)?,
        ('d' | 'i' | 'u', other) => {
            return Err(type_error(format!(
                "%{conv} format: a real number is required, not {}",
                other.type_name()
            )));
        }
        (_, other) => {
            return Err(type_error(format!(
                "%{conv} format: an integer is required, not {}",
                other.type_name()
            )));
        }
    };
    budget.charge(1 + n.bits() / 64)?;
    let mut digits = match conv {
        'x' => n.abs().to_str_radix(16),
        'X' => n.abs().to_str_radix(16).to_uppercase(),
        'o' => n.abs().to_str_radix(8),
        _ => {
            let text = crate::repr::int_repr(&n)?;
            text.trim_start_matches('-').to_string()
        }
    };
    if let Some(p) = spec.prec
        && digits.len() < p
    {
        digits = format!("{}{digits}", "0".repeat(p - digits.len()));
    }
    let prefix = match (spec.alt, conv) {
        (true, 'x') => "0x",
        (true, 'X') => "0X",
        (true, 'o') => "0o",
        _ => "",
    };
    let sign = if n.is_negative() { "-" } else { "" };
    Ok(format!("{sign}{prefix}{digits}"))
}

/// `%e`, `%f`, `%g` (and capitals), without the sign flags (padding adds them).
fn float(conv: char, x: f64, spec: &Spec) -> String {
    let upper = conv.is_ascii_uppercase();
    let case = |s: String| if upper { s.to_uppercase() } else { s };
    if !x.is_finite() {
        let body = if x.is_nan() { "nan" } else { "inf" };
        let sign = if x.is_infinite() && x < 0.0 { "-" } else { "" };
        return case(format!("{sign}{body}"));
    }
    let prec = spec.prec.unwrap_or(6);
    let sign = if x.is_sign_negative() { "-" } else { "" };
    let ax = x.abs();
    let body = match conv.to_ascii_lowercase() {
        'f' => {
            let mut s = super::format_spec::fixed(ax, prec);
            if spec.alt && prec == 0 {
                s.push('.');
            }
            s
        }
        'e' => exp_form(ax, prec, spec.alt),
        _ => {
            let p = prec.max(1);
            // The exponent after rounding to p significant digits.
            let e_text = super::format_spec::scientific(ax, p - 1);
            let exp: i64 = e_text
                .split_once('e')
                .and_then(|(_, e)| e.parse().ok())
                .unwrap_or(0);
            if exp < -4 || exp >= p as i64 {
                let s = exp_form(ax, p - 1, spec.alt);
                if spec.alt {
                    s
                } else {
                    let (m, e) = s.split_once('e').unwrap_or((&s, ""));
                    let m = if m.contains('.') {
                        m.trim_end_matches('0').trim_end_matches('.')
                    } else {
                        m
                    };
                    format!("{m}e{e}")
                }
            } else {
                let decimals = (p as i64 - 1 - exp).max(0) as usize;
                let s = super::format_spec::fixed(ax, decimals);
                if spec.alt {
                    if s.contains('.') { s } else { format!("{s}.") }
                } else if s.contains('.') {
                    s.trim_end_matches('0').trim_end_matches('.').to_string()
                } else {
                    s
                }
            }
        }
    };
    case(format!("{sign}{body}"))
}

/// `d.ddde±XX`: Rust's correctly rounded `{:e}` with C's exponent.
fn exp_form(ax: f64, prec: usize, alt: bool) -> String {
    let s = super::format_spec::scientific(ax, prec);
    let (m, e) = s.split_once('e').unwrap_or((&s, "0"));
    let e: i64 = e.parse().unwrap_or(0);
    let point = if alt && prec == 0 { "." } else { "" };
    format!("{m}{point}e{}{:02}", if e < 0 { '-' } else { '+' }, e.abs())
}

/// Pads a field as `unicode_format_arg_output` does: numbers take the
/// sign (`+`, space) and, with `0`, zeros between the sign/prefix and digits.
fn emit(out: &mut Out, field: &Field, conv: char, spec: &Spec) {
    let chars: Vec<char> = field.text.chars().collect();
    let mut body: &[char] = &chars;
    let mut sign: Option<char> = None;
    if field.numeric {
        match body.first() {
            Some(&c) if c == '-' || c == '+' => {
                sign = Some(c);
                body = &body[1..];
            }
            _ if spec.sign => sign = Some('+'),
            _ if spec.blank => sign = Some(' '),
            _ => {}
        }
    }
    let prefix_len = if field.numeric && spec.alt && matches!(conv, 'x' | 'X' | 'o') {
        2
    } else {
        0
    };
    let (prefix, digits) = body.split_at(prefix_len.min(body.len()));
    let len = sign.is_some() as usize + prefix.len() + digits.len();
    let pad = spec.width.saturating_sub(len);
    let zero = spec.zero && field.numeric;
    if !spec.left && !zero {
        out.chars.extend(std::iter::repeat_n(' ', pad));
    }
    out.chars.extend(sign);
    out.chars.extend_from_slice(prefix);
    if !spec.left && zero {
        out.chars.extend(std::iter::repeat_n('0', pad));
    }
    out.chars.extend_from_slice(digits);
    if spec.left {
        out.chars.extend(std::iter::repeat_n(' ', pad));
    }
}
