//! The conversion builtins: `int`, `float`, `complex`, `str`, `bool`,
//! `bytes`, `repr`, `ascii`, `hex`, `oct`, `bin`, `chr`, `ord`, `hash`.

use num_traits::{Signed, ToPrimitive};

use super::codecs::{self, Direction};
use super::numbers::{Text, complex_from_text, float_from_text, int_from_text};
use super::{Args, index, type_error};
use crate::error::{Error, PyErrorKind};
use crate::limits::{Budget, Limit};
use crate::ops::{int_to_f64, iterate_owned, py_err};
use crate::value::Value;

fn text_of(v: &Value) -> Option<Text<'_>> {
    match v {
        Value::Str(s) => Some(Text::Str(s)),
        Value::Bytes(b) => Some(Text::Bytes(b)),
        _ => None,
    }
}

/// `int(x=0, /, base=10)`.
pub(crate) fn int(args: Args, budget: &mut Budget) -> Result<Value, Error> {
    if args.kw.is_empty() {
        args.expect_at_most(2)?;
    }
    let mut params = args.clinic(&["x", "base"], 1, 0)?.into_iter();
    let x = params.next().flatten();
    let base = params.next().flatten();
    let Some(x) = x else {
        if base.is_some() {
            return Err(type_error("int() missing string argument"));
        }
        return Ok(Value::from(0));
    };
    let Some(base) = base else {
        return int_of(&x, budget);
    };
    let base = index(&base)?;
    let base = base.to_i64().unwrap_or(i64::MAX);
    if base > 36 || (base != 0 && base < 2) {
        return Err(py_err(
            PyErrorKind::ValueError,
            "int() base must be >= 2 and <= 36, or 0",
        ));
    }
    match text_of(&x) {
        Some(t) => parse_int(&t, base as u32, budget),
        None => Err(type_error(
            "int() can't convert non-string with explicit base",
        )),
    }
}

fn parse_int(text: &Text, base: u32, budget: &mut Budget) -> Result<Value, Error> {
    let len = match text {
        Text::Str(s) => s.len(),
        Text::Bytes(b) => b.len(),
    } as u64;
    // Parsing is quadratic in the worst case for decimal text of 4,300 digits.
    budget.charge(1 + len * len.min(4300) / 64)?;
    Ok(Value::Int(int_from_text(text, base)?))
}

/// `int(x)` with no base.
fn int_of(x: &Value, budget: &mut Budget) -> Result<Value, Error> {
    match x {
        Value::Int(i) => Ok(Value::Int(i.clone())),
        Value::Bool(b) => Ok(Value::from(i64::from(*b))),
        Value::Float(f) => Ok(Value::Int(crate::ops::float_to_int_checked(*f)?)),
        Value::Str(_) | Value::Bytes(_) => {
            parse_int(&text_of(x).unwrap_or(Text::Str("")), 10, budget)
        }
        other => Err(type_error(format!(
            "int() argument must be a string, a bytes-like object or a real number, not '{}'",
            other.type_name()
        ))),
    }
}

/// `float(x=0.0, /)`.
pub(crate) fn float(args: Args) -> Result<Value, Error> {
    args.no_keywords()?;
    args.expect_at_most(1)?;
    let Some(x) = args.pos.first() else {
        return Ok(Value::Float(0.0));
    };
    Ok(Value::Float(match x {
        Value::Float(f) => *f,
        Value::Int(i) => int_to_f64(i)?,
        Value::Bool(b) => f64::from(u8::from(*b)),
        Value::Str(_) | Value::Bytes(_) => float_from_text(&text_of(x).unwrap_or(Text::Str("")))?,
        other => {
            return Err(type_error(format!(
                "float() argument must be a string or a real number, not '{}'",
                other.type_name()
            )));
        }
    }))
}

/// `complex(real=0, imag=0)`.
pub(crate) fn complex(args: Args) -> Result<Value, Error> {
    let mut params = args.clinic(&["real", "imag"], 0, 0)?.into_iter();
    let real = params.next().flatten();
    let imag = params.next().flatten();
    if let Some(r @ Value::Str(_)) = &real {
        if imag.is_some() {
            return Err(type_error(
                "complex() can't take second arg if first is a string",
            ));
        }
        let (re, im) = complex_from_text(&text_of(r).unwrap_or(Text::Str("")))?;
        return Ok(Value::Complex { re, im });
    }
    if let Some(Value::Str(_)) = &imag {
        return Err(type_error("complex() second arg can't be a string"));
    }
    let is_number = |v: &Value| {
        matches!(
            v,
            Value::Int(_) | Value::Bool(_) | Value::Float(_) | Value::Complex { .. }
        )
    };
    let real = real.unwrap_or(Value::from(0));
    if !is_number(&real) {
        return Err(type_error(format!(
            "complex() first argument must be a string or a number, not '{}'",
            real.type_name()
        )));
    }
    if let Some(i) = &imag
        && !is_number(i)
    {
        return Err(type_error(format!(
            "complex() second argument must be a number, not '{}'",
            i.type_name()
        )));
    }
    let parts = |v: &Value| -> Result<(f64, f64, bool), Error> {
        Ok(match v {
            Value::Complex { re, im } => (*re, *im, true),
            Value::Float(f) => (*f, 0.0, false),
            Value::Int(i) => (int_to_f64(i)?, 0.0, false),
            Value::Bool(b) => (f64::from(u8::from(*b)), 0.0, false),
            _ => (0.0, 0.0, false),
        })
    };
    let (mut re, real_im, real_complex) = parts(&real)?;
    let Some(imag) = imag else {
        return Ok(Value::Complex { re, im: real_im });
    };
    let (mut im, imag_im, imag_complex) = parts(&imag)?;
    if imag_complex {
        re -= imag_im;
    }
    if real_complex {
        im += real_im;
    }
    Ok(Value::Complex { re, im })
}

/// `bool(x=False, /)`.
pub(crate) fn bool(args: Args) -> Result<Value, Error> {
    args.no_keywords()?;
    args.expect_at_most(1)?;
    Ok(Value::Bool(args.pos.first().is_some_and(crate::ops::truth)))
}

/// `str(object='')` or `str(object=b'', encoding='utf-8', errors='strict')`.
pub(crate) fn str(args: Args, budget: &mut Budget) -> Result<Value, Error> {
    if args.kw.is_empty() {
        args.expect_at_most(3)?;
    }
    let mut params = args
        .clinic(&["object", "encoding", "errors"], 0, 0)?
        .into_iter();
    let object = params.next().flatten();
    let encoding = params.next().flatten();
    let errors = params.next().flatten();
    let as_text = |v: Option<Value>, what: &str| -> Result<Option<String>, Error> {
        match v {
            None => Ok(None),
            Some(Value::Str(s)) => Ok(Some(s)),
            Some(other) => Err(type_error(format!(
                "str() argument '{what}' must be str, not {}",
                other.type_name()
            ))),
        }
    };
    let encoding = as_text(encoding, "encoding")?;
    let errors = as_text(errors, "errors")?;
    let Some(object) = object else {
        return Ok(Value::Str(String::new()));
    };
    if encoding.is_none() && errors.is_none() {
        let text = match object {
            Value::Str(s) => s,
            other => other.try_repr()?,
        };
        charge_text(&text, budget)?;
        return Ok(Value::Str(text));
    }
    let data = match object {
        Value::Bytes(data) => data,
        Value::Str(_) => return Err(type_error("decoding str is not supported")),
        other => {
            return Err(type_error(format!(
                "decoding to str: need a bytes-like object, {} found",
                other.type_name()
            )));
        }
    };
    if data.is_empty() {
        return Ok(Value::Str(String::new()));
    }
    let codec = codecs::lookup(encoding.as_deref().unwrap_or("utf-8"), Direction::Decode)?;
    let text = codecs::decode(&data, codec, errors.as_deref().unwrap_or("strict"))?;
    charge_text(&text, budget)?;
    Ok(Value::Str(text))
}

/// `bytes(source=b'', encoding=…, errors=…)`.
pub(crate) fn bytes(args: Args, budget: &mut Budget) -> Result<Value, Error> {
    let mut params = args
        .clinic(&["source", "encoding", "errors"], 0, 0)?
        .into_iter();
    let source = params.next().flatten();
    let encoding = params.next().flatten();
    let errors = params.next().flatten();
    let as_text = |v: Option<Value>, what: &str| -> Result<Option<String>, Error> {
        match v {
            None => Ok(None),
            Some(Value::Str(s)) => Ok(Some(s)),
            Some(other) => Err(type_error(format!(
                "bytes() argument '{what}' must be str, not {}",
                other.type_name()
            ))),
        }
    };
    let encoding = as_text(encoding, "encoding")?;
    let errors = as_text(errors, "errors")?;
    let Some(source) = source else {
        if encoding.is_some() {
            return Err(type_error("encoding without a string argument"));
        }
        if errors.is_some() {
            return Err(type_error("errors without a string argument"));
        }
        return Ok(Value::Bytes(Vec::new()));
    };
    if let Some(encoding) = encoding {
        let Value::Str(text) = source else {
            return Err(type_error("encoding without a string argument"));
        };
        let codec = codecs::lookup(&encoding, Direction::Encode)?;
        let out = codecs::encode(&text, codec, errors.as_deref().unwrap_or("strict"))?;
        budget.charge_items("a bytes", out.len() as u128, 1)?;
        return Ok(Value::Bytes(out));
    }
    if errors.is_some() {
        return Err(type_error(if matches!(source, Value::Str(_)) {
            "string argument without an encoding"
        } else {
            "errors without a string argument"
        }));
    }
    match source {
        Value::Str(_) => Err(type_error("string argument without an encoding")),
        Value::Int(_) | Value::Bool(_) => {
            let n = index(&source)?;
            let Some(n) = n.to_i64() else {
                return Err(py_err(
                    PyErrorKind::OverflowError,
                    "cannot fit 'int' into an index-sized integer",
                ));
            };
            if n < 0 {
                return Err(py_err(PyErrorKind::ValueError, "negative count"));
            }
            budget.charge_items("a bytes", n as u128, 1)?;
            Ok(Value::Bytes(vec![0; n as usize]))
        }
        Value::Bytes(b) => Ok(Value::Bytes(b)),
        other if crate::ops::is_iterable(&other) => {
            let items = iterate_owned(other, budget)?;
            let mut out = Vec::with_capacity(items.len());
            for item in &items {
                let i = index(item)?;
                match i.to_u8() {
                    Some(b) => out.push(b),
                    None => {
                        return Err(py_err(
                            PyErrorKind::ValueError,
                            "bytes must be in range(0, 256)",
                        ));
                    }
                }
            }
            Ok(Value::Bytes(out))
        }
        other => Err(type_error(format!(
            "cannot convert '{}' object to bytes",
            other.type_name()
        ))),
    }
}

/// `repr(obj, /)`.
pub(crate) fn repr(args: Args, budget: &mut Budget) -> Result<Value, Error> {
    let text = args.one()?.try_repr()?;
    charge_text(&text, budget)?;
    Ok(Value::Str(text))
}

/// Pays for a str result and checks its size (a repr can be ten times as
/// long as the value it prints).
fn charge_text(text: &str, budget: &mut Budget) -> Result<(), Error> {
    budget.charge_items("a str", text.chars().count() as u128, 1)?;
    Ok(())
}

/// `format(value, format_spec='', /)`.
pub(crate) fn format(args: Args, budget: &mut Budget) -> Result<Value, Error> {
    args.no_keywords()?;
    args.expect_at_least(1)?;
    args.expect_at_most(2)?;
    let spec = match args.pos.get(1) {
        None => "",
        Some(Value::Str(s)) => s,
        Some(other) => {
            let name = match other {
                Value::None => "None",
                v => v.type_name(),
            };
            return Err(type_error(format!(
                "format() argument 2 must be str, not {name}"
            )));
        }
    };
    Ok(Value::Str(crate::ops::format_value(
        &args.pos[0],
        spec,
        budget,
    )?))
}

/// `ascii(obj, /)`: the repr with non-ASCII characters escaped.
pub(crate) fn ascii(args: Args, budget: &mut Budget) -> Result<Value, Error> {
    let text = args.one()?.try_repr()?;
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
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
    charge_text(&out, budget)?;
    Ok(Value::Str(out))
}

/// `hex`, `oct` and `bin`.
pub(crate) fn int_text(args: Args, radix: u32) -> Result<Value, Error> {
    let i = index(&args.one()?)?;
    let prefix = match radix {
        16 => "0x",
        8 => "0o",
        _ => "0b",
    };
    let sign = if i.is_negative() { "-" } else { "" };
    Ok(Value::Str(format!(
        "{sign}{prefix}{}",
        i.abs().to_str_radix(radix)
    )))
}

/// `chr(i, /)`.
pub(crate) fn chr(args: Args) -> Result<Value, Error> {
    let i = index(&args.one()?)?;
    let code = i
        .to_u32()
        .filter(|&c| c < 0x11_0000)
        .ok_or_else(|| py_err(PyErrorKind::ValueError, "chr() arg not in range(0x110000)"))?;
    match char::from_u32(code) {
        Some(c) => Ok(Value::Str(c.to_string())),
        None => Err(Limit::NotSupported("a lone surrogate such as chr(0xd800)").into()),
    }
}

/// `ord(c, /)`.
pub(crate) fn ord(args: Args) -> Result<Value, Error> {
    let v = args.one()?;
    let (len, code) = match &v {
        Value::Str(s) => {
            let mut chars = s.chars();
            let first = chars.next();
            (s.chars().count(), first.map(u32::from))
        }
        Value::Bytes(b) => (b.len(), b.first().map(|&x| u32::from(x))),
        other => {
            return Err(type_error(format!(
                "ord() expected string of length 1, but {} found",
                other.type_name()
            )));
        }
    };
    match code {
        Some(c) if len == 1 => Ok(Value::from(i64::from(c))),
        _ => Err(type_error(format!(
            "ord() expected a character, but string of length {len} found"
        ))),
    }
}

/// `hash(obj, /)`, where CPython's answer is the same in every process.
pub(crate) fn hash(args: Args) -> Result<Value, Error> {
    let v = args.one()?;
    let h = crate::hash::py_hash(&v)?;
    let mut stack = vec![&v];
    while let Some(x) = stack.pop() {
        let random = match x {
            Value::Str(s) => !s.is_empty(),
            Value::Bytes(b) => !b.is_empty(),
            Value::Float(f) => f.is_nan(),
            Value::Complex { re, im } => re.is_nan() || im.is_nan(),
            Value::Ellipsis
            | Value::Builtin(_)
            | Value::Iterator(_)
            | Value::GenericAlias(_)
            | Value::Union(_) => true,
            Value::Tuple(items) => {
                stack.extend(items);
                false
            }
            Value::FrozenSet(t) => {
                stack.extend(t.iter());
                false
            }
            _ => false,
        };
        if random {
            return Err(Limit::NotSupported(
                "hash() of a str, bytes, NaN, ..., function or iterator (CPython's differs from one process to the next)",
            )
            .into());
        }
    }
    Ok(Value::from(h))
}
