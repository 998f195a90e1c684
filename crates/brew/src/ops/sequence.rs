//! `str`, `bytes`, `tuple`, `list` and `range` as sequences: `+`, `*`,
//! `x[i]`, `x[a:b:c]` and `in`, with CPython's index clamping and messages.

use num_bigint::BigInt;
use num_traits::{Signed, ToPrimitive, Zero};

use super::compare::py_eq;
use super::number::py_err;
use crate::error::{Error, PyErrorKind, PyException};
use crate::limits::Budget;
use crate::value::{Range, Value};

/// `PY_SSIZE_T_MAX` on 64-bit builds.
const SSIZE_MAX: i64 = i64::MAX;

/// The int an index-like value holds (`bool` is an int), or `None`.
pub(crate) fn index_value(v: &Value) -> Option<BigInt> {
    match v {
        Value::Int(i) => Some(i.clone()),
        Value::Bool(b) => Some(BigInt::from(u8::from(*b))),
        _ => None,
    }
}

/// The number of items of a sized sequence value.
fn seq_len(v: &Value) -> Option<usize> {
    Some(match v {
        Value::Str(s) => s.chars().count(),
        Value::Bytes(b) => b.len(),
        Value::Tuple(x) | Value::List(x) => x.len(),
        _ => return None,
    })
}

fn is_sequence(v: &Value) -> bool {
    matches!(
        v,
        Value::Str(_) | Value::Bytes(_) | Value::Tuple(_) | Value::List(_)
    )
}

/// `a + b` where `a` is a `str`, `bytes`, `tuple` or `list`; `Ok(None)` when
/// `a` is none of them.
pub(crate) fn concat(a: Value, b: Value, budget: &mut Budget) -> Result<Option<Value>, Error> {
    let mismatch = |a: &Value, b: &Value| -> Error {
        let message = match a {
            Value::Bytes(_) => format!("can't concat {} to bytes", b.type_name()),
            _ => format!(
                "can only concatenate {} (not \"{}\") to {}",
                a.type_name(),
                b.type_name(),
                a.type_name()
            ),
        };
        PyException::type_error(message).into()
    };
    Ok(Some(match (a, b) {
        (Value::Str(mut x), Value::Str(y)) => {
            budget.charge_items("a str", (x.chars().count() + y.chars().count()) as u128, 1)?;
            x.push_str(&y);
            Value::Str(x)
        }
        (Value::Bytes(mut x), Value::Bytes(y)) => {
            budget.charge_items("a bytes", (x.len() + y.len()) as u128, 1)?;
            x.extend_from_slice(&y);
            Value::Bytes(x)
        }
        (Value::Tuple(mut x), Value::Tuple(mut y)) => {
            budget.charge_items("a tuple", (x.len() + y.len()) as u128, ITEM_BYTES)?;
            x.append(&mut y);
            Value::Tuple(x)
        }
        (Value::List(mut x), Value::List(mut y)) => {
            budget.charge_items("a list", (x.len() + y.len()) as u128, ITEM_BYTES)?;
            x.append(&mut y);
            Value::List(x)
        }
        (a, b) if is_sequence(&a) => return Err(mismatch(&a, &b)),
        _ => return Ok(None),
    }))
}

/// Bytes of one item of a tuple or list.
pub(crate) const ITEM_BYTES: u64 = std::mem::size_of::<Value>() as u64;

/// `seq * n` or `n * seq`; `Ok(None)` when neither operand is a sequence.
pub(crate) fn repeat(a: Value, b: Value, budget: &mut Budget) -> Result<Option<Value>, Error> {
    let (seq, count) = if is_sequence(&a) {
        (a, b)
    } else if is_sequence(&b) {
        (b, a)
    } else {
        return Ok(None);
    };
    let Some(n) = index_value(&count) else {
        return Err(PyException::type_error(format!(
            "can't multiply sequence by non-int of type '{}'",
            count.type_name()
        ))
        .into());
    };
    if n.to_i64().is_none() {
        return Err(py_err(
            PyErrorKind::OverflowError,
            "cannot fit 'int' into an index-sized integer",
        ));
    }
    let n = n.to_i64().unwrap_or(0).max(0) as u128;
    let len = seq_len(&seq).unwrap_or(0) as u128;
    let items = len * n;
    let n = n as usize;
    Ok(Some(match seq {
        Value::Str(s) => {
            budget.charge_items("a str", items, (s.len() as u64).div_ceil(len.max(1) as u64))?;
            Value::Str(if items == 0 {
                String::new()
            } else {
                s.repeat(n)
            })
        }
        Value::Bytes(b) => {
            budget.charge_items("a bytes", items, 1)?;
            Value::Bytes(if items == 0 { Vec::new() } else { b.repeat(n) })
        }
        Value::Tuple(x) => {
            budget.charge_items("a tuple", items, ITEM_BYTES)?;
            Value::Tuple(repeat_items(&x, n, items))
        }
        Value::List(x) => {
            budget.charge_items("a list", items, ITEM_BYTES)?;
            Value::List(repeat_items(&x, n, items))
        }
        _ => return Ok(None),
    }))
}

fn repeat_items(x: &[Value], n: usize, items: u128) -> Vec<Value> {
    let mut out = Vec::with_capacity(items as usize);
    for _ in 0..n {
        if x.is_empty() {
            break;
        }
        out.extend_from_slice(x);
    }
    out
}

/// Normalises a subscript `i` for a sequence of `len` items: `Ok(Some(index))`,
/// `Ok(None)` when out of range, or the IndexError of an index that does not fit a C `ssize_t`.
fn normalise(i: &BigInt, len: usize) -> Result<Option<usize>, Error> {
    let Some(i) = i.to_i64() else {
        return Err(py_err(
            PyErrorKind::IndexError,
            "cannot fit 'int' into an index-sized integer",
        ));
    };
    let len = len as i64;
    let i = if i < 0 { i + len } else { i };
    Ok((0..len).contains(&i).then_some(i as usize))
}

/// `seq[i]` for an index-like `i`, or `Ok(None)` when `container` is not a
/// sequence this module indexes.
pub(crate) fn item(
    container: &Value,
    index: &Value,
    budget: &mut Budget,
) -> Result<Option<Value>, Error> {
    let (noun, plural) = match container {
        Value::Str(_) => ("string", "string indices must be integers, not"),
        Value::Bytes(_) => ("", "byte indices must be integers or slices, not"),
        Value::Tuple(_) => ("tuple", "tuple indices must be integers or slices, not"),
        Value::List(_) => ("list", "list indices must be integers or slices, not"),
        Value::Range(_) => (
            "range object",
            "range indices must be integers or slices, not",
        ),
        _ => return Ok(None),
    };
    let Some(i) = index_value(index) else {
        let quote = if matches!(container, Value::Str(_)) {
            "'"
        } else {
            ""
        };
        return Err(PyException::type_error(format!(
            "{plural} {quote}{}{quote}",
            index.type_name()
        ))
        .into());
    };
    let out_of_range = || {
        let message = if noun.is_empty() {
            "index out of range".to_string()
        } else {
            format!("{noun} index out of range")
        };
        py_err(PyErrorKind::IndexError, message)
    };
    if let Value::Range(r) = container {
        let len = r.len();
        let i = if i.is_negative() { i + &len } else { i };
        if i.is_negative() || i >= len {
            return Err(out_of_range());
        }
        budget.charge(1)?;
        return Ok(Some(Value::Int(r.at(&i))));
    }
    let len = seq_len(container).unwrap_or(0);
    let Some(i) = normalise(&i, len)? else {
        return Err(out_of_range());
    };
    budget.charge(1 + len as u64 / 64)?;
    Ok(Some(match container {
        Value::Str(s) => Value::Str(s.chars().nth(i).map(String::from).unwrap_or_default()),
        Value::Bytes(b) => Value::Int(BigInt::from(b[i])),
        Value::Tuple(x) | Value::List(x) => x[i].clone(),
        _ => return Ok(None),
    }))
}

/// A bound of a slice: `None`, or an index-like value (else CPython's TypeError).
fn slice_bound(v: &Value) -> Result<Option<BigInt>, Error> {
    match v {
        Value::None => Ok(None),
        other => index_value(other).map(Some).ok_or_else(|| {
            PyException::type_error(
                "slice indices must be integers or None or have an __index__ method",
            )
            .into()
        }),
    }
}

fn clamp(i: &BigInt) -> i64 {
    i.to_i64()
        .unwrap_or(if i.is_negative() { i64::MIN } else { SSIZE_MAX })
}

/// `PySlice_Unpack` and `PySlice_AdjustIndices`: start, step and count of
/// the selected items of a sequence of `len` items.
fn adjust(
    len: usize,
    start: &Value,
    stop: &Value,
    step: &Value,
) -> Result<(i64, i64, usize), Error> {
    let step = match slice_bound(step)? {
        None => 1,
        Some(s) if s.is_zero() => {
            return Err(py_err(PyErrorKind::ValueError, "slice step cannot be zero"));
        }
        Some(s) => clamp(&s).max(-SSIZE_MAX),
    };
    let start = slice_bound(start)?
        .map(|s| clamp(&s))
        .unwrap_or(if step < 0 { SSIZE_MAX } else { 0 });
    let stop = slice_bound(stop)?
        .map(|s| clamp(&s))
        .unwrap_or(if step < 0 { i64::MIN } else { SSIZE_MAX });
    let len = len as i64;
    let fit = |i: i64| -> i64 {
        if i < 0 {
            let i = i.saturating_add(len);
            if i < 0 {
                if step < 0 { -1 } else { 0 }
            } else {
                i
            }
        } else if i >= len {
            if step < 0 { len - 1 } else { len }
        } else {
            i
        }
    };
    let (start, stop) = (fit(start), fit(stop));
    let count = if step < 0 {
        if stop < start {
            (start - stop - 1) / -step + 1
        } else {
            0
        }
    } else if start < stop {
        (stop - start - 1) / step + 1
    } else {
        0
    };
    Ok((start, step, count as usize))
}

/// `seq[start:stop:step]` (absent bounds are `None`), or `Ok(None)` when
/// `container` is not a sequence.
pub(crate) fn slice(
    container: &Value,
    start: &Value,
    stop: &Value,
    step: &Value,
    budget: &mut Budget,
) -> Result<Option<Value>, Error> {
    if let Value::Range(r) = container {
        return range_slice(r, start, stop, step).map(Some);
    }
    let Some(len) = seq_len(container) else {
        return Ok(None);
    };
    let (first, step, count) = adjust(len, start, stop, step)?;
    let positions = (0..count).map(|k| (first + k as i64 * step) as usize);
    budget.charge(1 + len as u64 / 8)?;
    Ok(Some(match container {
        Value::Str(s) => {
            let chars: Vec<char> = s.chars().collect();
            Value::Str(positions.map(|i| chars[i]).collect())
        }
        Value::Bytes(b) => Value::Bytes(positions.map(|i| b[i]).collect()),
        Value::Tuple(x) => Value::Tuple(positions.map(|i| x[i].clone()).collect()),
        Value::List(x) => Value::List(positions.map(|i| x[i].clone()).collect()),
        _ => return Ok(None),
    }))
}

/// `_PySlice_GetLongIndices` and `compute_slice`: a slice of a range is a range.
fn range_slice(r: &Range, start: &Value, stop: &Value, step: &Value) -> Result<Value, Error> {
    let step = match slice_bound(step)? {
        None => BigInt::from(1),
        Some(s) if s.is_zero() => {
            return Err(py_err(PyErrorKind::ValueError, "slice step cannot be zero"));
        }
        Some(s) => s,
    };
    let len = r.len();
    let negative = step.is_negative();
    let (lower, upper) = if negative {
        (BigInt::from(-1), &len - 1)
    } else {
        (BigInt::zero(), len.clone())
    };
    let fit = |bound: Option<BigInt>, default: &BigInt| -> BigInt {
        match bound {
            None => default.clone(),
            Some(mut i) => {
                if i.is_negative() {
                    i += &len;
                    if i < lower { lower.clone() } else { i }
                } else if i > upper {
                    upper.clone()
                } else {
                    i
                }
            }
        }
    };
    let start = fit(slice_bound(start)?, if negative { &upper } else { &lower });
    let stop = fit(slice_bound(stop)?, if negative { &lower } else { &upper });
    Ok(Value::Range(Range {
        start: &r.start + start * &r.step,
        stop: &r.start + stop * &r.step,
        step: &r.step * step,
    }))
}

/// `x in seq` for a `str`, `bytes`, `tuple`, `list` or `range`; `Ok(None)`
/// when `container` is none of them.
pub(crate) fn contains(
    container: &Value,
    x: &Value,
    budget: &mut Budget,
) -> Result<Option<bool>, Error> {
    Ok(Some(match container {
        Value::Str(s) => {
            let Value::Str(sub) = x else {
                return Err(PyException::type_error(format!(
                    "'in <string>' requires string as left operand, not {}",
                    x.type_name()
                ))
                .into());
            };
            budget
                .charge(1 + (s.len() as u64 / 8).saturating_mul(sub.len().max(1) as u64 / 8 + 1))?;
            s.contains(sub.as_str())
        }
        Value::Bytes(b) => match x {
            Value::Bytes(sub) => {
                budget.charge(1 + (b.len() * sub.len().max(1)) as u64 / 8)?;
                sub.is_empty() || b.windows(sub.len()).any(|w| w == sub.as_slice())
            }
            other => match index_value(other) {
                Some(i) => match i.to_u8() {
                    Some(byte) => b.contains(&byte),
                    None => {
                        return Err(py_err(
                            PyErrorKind::ValueError,
                            "byte must be in range(0, 256)",
                        ));
                    }
                },
                None => {
                    return Err(PyException::type_error(format!(
                        "a bytes-like object is required, not '{}'",
                        other.type_name()
                    ))
                    .into());
                }
            },
        },
        Value::Tuple(items) | Value::List(items) => {
            budget.charge(1 + items.len() as u64)?;
            items.iter().any(|item| py_eq(x, item))
        }
        Value::Range(r) => range_contains(r, x),
        _ => return Ok(None),
    }))
}

/// Whether a range holds a value equal to `x` (ints and bools by arithmetic;
/// floats and complex numbers when they equal such an int; nothing else).
fn range_contains(r: &Range, x: &Value) -> bool {
    let i = match x {
        Value::Float(f) => super::number::float_to_int_exact(*f),
        Value::Complex { re, im } if *im == 0.0 => super::number::float_to_int_exact(*re),
        other => index_value(other),
    };
    let Some(i) = i else { return false };
    let in_bounds = if r.step.is_positive() {
        r.start <= i && i < r.stop
    } else {
        r.stop < i && i <= r.start
    };
    in_bounds && ((&i - &r.start) % &r.step).is_zero()
}
