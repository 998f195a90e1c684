//! The builtins on iterables: `len`, `min`, `max`, `any`, `all`,
//! `reversed`, `enumerate`, `zip`, `tuple`, `list`, `set`, `frozenset`,
//! `dict` and `range`.

use num_bigint::BigInt;
use num_traits::{ToPrimitive, Zero};

use super::{Args, index, type_error};
use crate::error::{Error, PyErrorKind};
use crate::limits::Budget;
use crate::ops::{self, CompareOp, DictBuilder, is_iterable, iterate_owned, py_err};
use crate::set_table::SetTable;
use crate::value::{IteratorKind, LazyIterator, Range, Value};

fn not_iterable(v: &Value) -> Error {
    type_error(format!("'{}' object is not iterable", v.type_name()))
}

/// `len(obj, /)`.
pub(crate) fn len(args: Args) -> Result<Value, Error> {
    let v = args.one()?;
    let n = match &v {
        Value::Str(s) => s.chars().count(),
        Value::Bytes(b) => b.len(),
        Value::Tuple(x) | Value::List(x) => x.len(),
        Value::Set(t) | Value::FrozenSet(t) => t.len(),
        Value::Dict(pairs) => pairs.len(),
        Value::Range(r) => {
            let len = r.len();
            if len.to_i64().is_none() {
                return Err(py_err(
                    PyErrorKind::OverflowError,
                    "Python int too large to convert to C ssize_t",
                ));
            }
            return Ok(Value::Int(len));
        }
        other => {
            return Err(type_error(format!(
                "object of type '{}' has no len()",
                other.type_name()
            )));
        }
    };
    Ok(Value::from(n as i64))
}

/// Calls a `key=` function on one item.
pub(crate) fn call_key(key: &Value, item: Value, budget: &mut Budget) -> Result<Value, Error> {
    super::call_value(key, vec![item], vec![], budget)
}

/// `min(…)` and `max(…)`: the first of the smallest (largest) items.
pub(crate) fn min_max(mut args: Args, min: bool, budget: &mut Budget) -> Result<Value, Error> {
    if args.pos.is_empty() {
        return Err(type_error(format!(
            "{} expected at least 1 argument, got 0",
            args.name
        )));
    }
    let key = args.take_kw("key").filter(|k| *k != Value::None);
    let default = args.take_kw("default");
    args.no_other_keywords()?;
    let positional = args.pos.len() > 1;
    if positional && default.is_some() {
        return Err(type_error(format!(
            "Cannot specify a default for {}() with multiple positional arguments",
            args.name
        )));
    }
    let items = if positional {
        args.pos
    } else {
        let v = args.pos.remove(0);
        if !is_iterable(&v) {
            return Err(not_iterable(&v));
        }
        iterate_owned(v, budget)?
    };
    let op = if min { CompareOp::Lt } else { CompareOp::Gt };
    let mut best: Option<(Value, Value)> = None;
    for item in items {
        let val = match &key {
            Some(k) => call_key(k, item.clone(), budget)?,
            None => item.clone(),
        };
        best = Some(match best {
            None => (item, val),
            Some((bi, bv)) => {
                if ops::compare(op, &val, &bv, budget)? {
                    (item, val)
                } else {
                    (bi, bv)
                }
            }
        });
    }
    match (best, default) {
        (Some((item, _)), _) => Ok(item),
        (None, Some(d)) => Ok(d),
        (None, None) => Err(py_err(
            PyErrorKind::ValueError,
            format!("{}() iterable argument is empty", args.name),
        )),
    }
}

/// `any(iterable, /)` and `all(iterable, /)`.
pub(crate) fn any_all(args: Args, any: bool, budget: &mut Budget) -> Result<Value, Error> {
    let v = args.one()?;
    if !is_iterable(&v) {
        return Err(not_iterable(&v));
    }
    let items = iterate_owned(v, budget)?;
    Ok(Value::Bool(if any {
        items.iter().any(ops::truth)
    } else {
        items.iter().all(ops::truth)
    }))
}

/// `reversed(sequence, /)`.
pub(crate) fn reversed(args: Args) -> Result<Value, Error> {
    args.no_keywords()?;
    args.expect_exactly(1)?;
    let v = args.pos.into_iter().next().unwrap_or(Value::None);
    match v {
        Value::List(_)
        | Value::Tuple(_)
        | Value::Str(_)
        | Value::Bytes(_)
        | Value::Range(_)
        | Value::Dict(_) => Ok(Value::Iterator(Box::new(LazyIterator {
            kind: IteratorKind::Reversed { source: v },
        }))),
        other => Err(type_error(format!(
            "'{}' object is not reversible",
            other.type_name()
        ))),
    }
}

/// `enumerate(iterable, start=0)`, with the argument checks of CPython's
/// `enum_vectorcall`.
pub(crate) fn enumerate(args: Args) -> Result<Value, Error> {
    let invalid = |k: &str| {
        type_error(format!(
            "'{k}' is an invalid keyword argument for enumerate()"
        ))
    };
    let kw_name = |i: usize| args.kw[i].0.as_str();
    let (nargs, nkw) = (args.pos.len(), args.kw.len());
    let (iterable, start) = match (nargs + nkw, nkw) {
        (2, 1) if kw_name(0) != "start" => return Err(invalid(kw_name(0))),
        (2, 2) if kw_name(0) == "start" && kw_name(1) != "iterable" => {
            return Err(invalid(kw_name(1)));
        }
        (2, 2) if kw_name(0) != "start" && kw_name(0) != "iterable" => {
            return Err(invalid(kw_name(0)));
        }
        (2, 2) if kw_name(0) != "start" && kw_name(1) != "start" => {
            return Err(invalid(kw_name(1)));
        }
        (1, 1) if kw_name(0) != "iterable" => return Err(invalid(kw_name(0))),
        (1 | 2, _) => {
            let mut all: Vec<(Option<&str>, Value)> =
                args.pos.iter().map(|v| (None, v.clone())).collect();
            all.extend(args.kw.iter().map(|(k, v)| (Some(k.as_str()), v.clone())));
            if nkw == 2 && kw_name(0) == "start" {
                all.swap(0, 1);
            }
            let mut it = all.into_iter().map(|(_, v)| v);
            (it.next().unwrap_or(Value::None), it.next())
        }
        _ if nargs == 0 => {
            return Err(type_error(
                "enumerate() missing required argument 'iterable'",
            ));
        }
        (n, _) => {
            return Err(type_error(format!(
                "enumerate() takes at most 2 arguments ({n} given)"
            )));
        }
    };
    let start = match start {
        Some(s) => index(&s)?,
        None => BigInt::zero(),
    };
    if !is_iterable(&iterable) {
        return Err(not_iterable(&iterable));
    }
    Ok(Value::Iterator(Box::new(LazyIterator {
        kind: IteratorKind::Enumerate {
            source: iterable,
            start,
        },
    })))
}

/// `zip(*iterables, strict=False)`.
pub(crate) fn zip(mut args: Args) -> Result<Value, Error> {
    let strict = args.take_kw("strict").is_some_and(|s| ops::truth(&s));
    args.no_other_keywords()?;
    if let Some(v) = args.pos.iter().find(|v| !is_iterable(v)) {
        return Err(not_iterable(v));
    }
    Ok(Value::Iterator(Box::new(LazyIterator {
        kind: IteratorKind::Zip {
            sources: args.pos,
            strict,
        },
    })))
}

/// `tuple(iterable=(), /)` and `list(iterable=(), /)`.
pub(crate) fn sequence(args: Args, tuple: bool, budget: &mut Budget) -> Result<Value, Error> {
    args.no_keywords()?;
    args.expect_at_most(1)?;
    let items = match args.pos.into_iter().next() {
        None => Vec::new(),
        Some(v) if !is_iterable(&v) => return Err(not_iterable(&v)),
        Some(v) => iterate_owned(v, budget)?,
    };
    budget.charge(1 + items.len() as u64 * ops::ITEM_BYTES / 8)?;
    Ok(if tuple {
        Value::Tuple(items)
    } else {
        Value::List(items)
    })
}

/// `set(iterable=(), /)` and `frozenset(iterable=(), /)`.
pub(crate) fn set(args: Args, frozen: bool, budget: &mut Budget) -> Result<Value, Error> {
    args.no_keywords()?;
    args.expect_at_most(1)?;
    let mut table = SetTable::new();
    if let Some(v) = args.pos.into_iter().next() {
        if frozen && let Value::FrozenSet(t) = v {
            return Ok(Value::FrozenSet(t));
        }
        if !is_iterable(&v) {
            return Err(not_iterable(&v));
        }
        ops::set_update(&mut table, v, budget)?;
    }
    Ok(if frozen {
        Value::FrozenSet(table)
    } else {
        Value::Set(table)
    })
}

/// `dict(mapping_or_iterable=(), /, **kwargs)`.
pub(crate) fn dict(args: Args, budget: &mut Budget) -> Result<Value, Error> {
    args.expect_at_most(1)?;
    let mut dict = DictBuilder::new();
    if let Some(source) = args.pos.into_iter().next() {
        match source {
            m @ Value::Dict(_) => dict.update(m, budget)?,
            m if ops::is_dict_type(&m) => dict.update(m, budget)?,
            other => {
                if !is_iterable(&other) {
                    return Err(not_iterable(&other));
                }
                for (i, element) in iterate_owned(other, budget)?.into_iter().enumerate() {
                    if !is_iterable(&element) {
                        return Err(type_error(format!(
                            "cannot convert dictionary update sequence element #{i} to a sequence"
                        )));
                    }
                    let pair = iterate_owned(element, budget)?;
                    if pair.len() != 2 {
                        return Err(py_err(
                            PyErrorKind::ValueError,
                            format!(
                                "dictionary update sequence element #{i} has length {}; 2 is required",
                                pair.len()
                            ),
                        ));
                    }
                    let mut pair = pair.into_iter();
                    let (k, v) = (pair.next(), pair.next());
                    dict.insert(k.unwrap_or(Value::None), v.unwrap_or(Value::None), budget)?;
                }
            }
        }
    }
    for (k, v) in args.kw {
        dict.insert(Value::Str(k), v, budget)?;
    }
    Ok(Value::Dict(dict.finish()))
}

/// `range(stop)`, `range(start, stop[, step])`.
pub(crate) fn range(args: Args) -> Result<Value, Error> {
    if !args.kw.is_empty() {
        return Err(type_error("range() takes no keyword arguments"));
    }
    args.expect_at_least(1)?;
    args.expect_at_most(3)?;
    let (start, stop, step) = match args.pos.as_slice() {
        [stop] => (BigInt::zero(), index(stop)?, BigInt::from(1)),
        [start, stop] => (index(start)?, index(stop)?, BigInt::from(1)),
        [start, stop, step] => {
            let (start, stop, step) = (index(start)?, index(stop)?, index(step)?);
            if step.is_zero() {
                return Err(py_err(
                    PyErrorKind::ValueError,
                    "range() arg 3 must not be zero",
                ));
            }
            (start, stop, step)
        }
        _ => return Err(type_error("range expected at most 3 arguments")),
    };
    Ok(Value::Range(Range { start, stop, step }))
}
