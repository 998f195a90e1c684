//! Python's `==` and ordering on values, without recursion: containers of
//! any depth are compared with an explicit stack (or, for `<`, a loop down
//! the first differing items).

use std::cmp::Ordering;
use std::collections::HashMap;

use num_bigint::BigInt;

use super::number::{as_num, num_cmp};
use super::{CompareOp, unsupported_comparison};
use crate::error::Error;
use crate::hash::py_hash;
use crate::set_table::SetTable;
use crate::value::{Range, Value};

/// Python's `a == b` for any two values (it never fails for builtin types).
///
/// ```
/// use toolcup_brew::{ops, Value};
/// assert!(ops::py_eq(&Value::from(1), &Value::Float(1.0)));
/// assert!(ops::py_eq(&Value::Bool(true), &Value::Complex { re: 1.0, im: 0.0 }));
/// assert!(!ops::py_eq(&Value::Float(f64::NAN), &Value::Float(f64::NAN)));
/// assert!(!ops::py_eq(&Value::List(vec![]), &Value::Tuple(vec![])));
/// ```
pub fn py_eq(a: &Value, b: &Value) -> bool {
    let mut pending: Vec<(&Value, &Value)> = vec![(a, b)];
    while let Some((a, b)) = pending.pop() {
        let same = match (a, b) {
            (Value::Tuple(x), Value::Tuple(y)) | (Value::List(x), Value::List(y)) => {
                if x.len() != y.len() {
                    return false;
                }
                pending.extend(x.iter().zip(y).rev());
                true
            }
            (Value::Dict(x), Value::Dict(y)) => {
                if x.len() != y.len() {
                    return false;
                }
                let index = DictIndex::new(y);
                for (k, v) in x {
                    match index.find(y, k) {
                        Some(i) => pending.push((v, &y[i].1)),
                        None => return false,
                    }
                }
                true
            }
            (Value::Set(x) | Value::FrozenSet(x), Value::Set(y) | Value::FrozenSet(y)) => {
                // Membership compares members with `==` again: nested
                // frozensets recurse, on a stack grown on the heap.
                x.len() == y.len() && crate::depth::grow(|| is_subset(x, y))
            }
            _ => leaf_eq(a, b),
        };
        if !same {
            return false;
        }
    }
    true
}

/// `==` of values that are not lists, tuples, dicts or sets (or of such
/// containers of different kinds, which are never equal).
fn leaf_eq(a: &Value, b: &Value) -> bool {
    if let (Some(x), Some(y)) = (as_num(a), as_num(b)) {
        return num_cmp(&x, &y) == Some(Ordering::Equal);
    }
    match (a, b) {
        (Value::None, Value::None) | (Value::Ellipsis, Value::Ellipsis) => true,
        (Value::Str(x), Value::Str(y)) => x == y,
        (Value::Bytes(x), Value::Bytes(y)) => x == y,
        (Value::Range(x), Value::Range(y)) => range_eq(x, y),
        (Value::Builtin(x), Value::Builtin(y)) => x == y,
        // Identity: a def's type parameters have distinct names.
        (Value::TypeParam(x), Value::TypeParam(y)) => x == y,
        (Value::GenericAlias(x), Value::GenericAlias(y)) => {
            x.origin == y.origin
                && x.unpacked == y.unpacked
                && x.args.len() == y.args.len()
                && x.args.iter().zip(&y.args).all(|(p, q)| py_eq(p, q))
        }
        (Value::Union(x), Value::Union(y)) => {
            x.len() == y.len() && x.iter().all(|m| y.iter().any(|n| py_eq(m, n)))
        }
        _ => false,
    }
}

/// Ranges are equal when they hold the same values.
fn range_eq(a: &Range, b: &Range) -> bool {
    let len = a.len();
    if len != b.len() {
        return false;
    }
    if len == BigInt::from(0) {
        return true;
    }
    a.start == b.start && (len == BigInt::from(1) || a.step == b.step)
}

/// Every member of `x` is in `y`.
pub(crate) fn is_subset(x: &SetTable<Value>, y: &SetTable<Value>) -> bool {
    x.len() <= y.len() && x.entries().all(|(h, k)| y.contains(h, k, py_eq))
}

/// The position of the pair whose key equals `key` (a linear search: dicts
/// of a brew call are small; [`DictIndex`] serves the large ones).
pub(crate) fn dict_lookup(pairs: &[(Value, Value)], key: &Value) -> Option<usize> {
    pairs.iter().position(|(k, _)| py_eq(k, key))
}

/// A hash index over a dict's keys, for lookups in large dicts.
pub(crate) struct DictIndex {
    by_hash: Option<HashMap<i64, Vec<usize>>>,
}

impl DictIndex {
    /// Below this many pairs a linear search is faster than hashing.
    const LINEAR: usize = 16;

    pub(crate) fn new(pairs: &[(Value, Value)]) -> Self {
        if pairs.len() <= Self::LINEAR {
            return Self { by_hash: None };
        }
        let mut by_hash: HashMap<i64, Vec<usize>> = HashMap::with_capacity(pairs.len());
        for (i, (k, _)) in pairs.iter().enumerate() {
            // Keys of a dict are hashable.
            by_hash.entry(py_hash(k).unwrap_or(0)).or_default().push(i);
        }
        Self {
            by_hash: Some(by_hash),
        }
    }

    /// The position of the pair whose key equals `key`.
    pub(crate) fn find(&self, pairs: &[(Value, Value)], key: &Value) -> Option<usize> {
        match &self.by_hash {
            None => dict_lookup(pairs, key),
            Some(by_hash) => {
                let candidates = by_hash.get(&py_hash(key).ok()?)?;
                candidates
                    .iter()
                    .copied()
                    .find(|&i| py_eq(&pairs[i].0, key))
            }
        }
    }

    /// Records that `pairs[i]` was appended.
    pub(crate) fn push(&mut self, hash: i64, i: usize) {
        if let Some(by_hash) = &mut self.by_hash {
            by_hash.entry(hash).or_default().push(i);
        }
    }

    /// Switches to hashing once the dict has grown past the linear size.
    pub(crate) fn grow(&mut self, pairs: &[(Value, Value)]) {
        if self.by_hash.is_none() && pairs.len() > Self::LINEAR {
            *self = Self::new(pairs);
        }
    }
}

/// `a op b` for `op` in `< <= > >=`: `Ok(bool)` or Python's `TypeError`.
pub(crate) fn order(op: CompareOp, a: &Value, b: &Value) -> Result<bool, Error> {
    let (mut a, mut b) = (a, b);
    loop {
        let ord = match (a, b) {
            (Value::Tuple(x), Value::Tuple(y)) | (Value::List(x), Value::List(y)) => {
                match x.iter().zip(y).position(|(p, q)| !py_eq(p, q)) {
                    Some(i) => {
                        // The first differing items decide, with the same operator.
                        a = &x[i];
                        b = &y[i];
                        continue;
                    }
                    None => x.len().cmp(&y.len()),
                }
            }
            (Value::Str(x), Value::Str(y)) => x.cmp(y),
            (Value::Bytes(x), Value::Bytes(y)) => x.cmp(y),
            (Value::Set(x) | Value::FrozenSet(x), Value::Set(y) | Value::FrozenSet(y)) => {
                return Ok(crate::depth::grow(|| match op {
                    CompareOp::Lt => x.len() < y.len() && is_subset(x, y),
                    CompareOp::Le => is_subset(x, y),
                    CompareOp::Gt => y.len() < x.len() && is_subset(y, x),
                    _ => is_subset(y, x),
                }));
            }
            _ => {
                let nums = as_num(a).zip(as_num(b));
                let complex = |v: &Value| matches!(v, Value::Complex { .. });
                match nums {
                    Some((x, y)) if !complex(a) && !complex(b) => match num_cmp(&x, &y) {
                        Some(o) => o,
                        None => return Ok(false), // NaN
                    },
                    _ => return Err(unsupported_comparison(op, a, b)),
                }
            }
        };
        return Ok(match op {
            CompareOp::Lt => ord == Ordering::Less,
            CompareOp::Le => ord != Ordering::Greater,
            CompareOp::Gt => ord == Ordering::Greater,
            _ => ord != Ordering::Less,
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn nested(depth: usize, list: bool) -> Value {
        let mut v = Value::from(0);
        for _ in 0..depth {
            v = if list {
                Value::List(vec![v])
            } else {
                Value::Tuple(vec![Value::from(1), v])
            };
        }
        v
    }

    /// Deep values on a thread with a 1 MiB stack: `==` and `<` use no recursion.
    #[test]
    fn deep_values_compare_on_a_small_stack() {
        std::thread::Builder::new()
            .stack_size(1 << 20)
            .spawn(|| {
                let (a, b) = (nested(50_000, false), nested(50_000, false));
                assert!(py_eq(&a, &b));
                assert_eq!(order(CompareOp::Le, &a, &b).ok(), Some(true));
                let c = nested(50_000, true);
                assert!(!py_eq(&a, &c));
                for v in [a, b, c] {
                    crate::value::drop_deep(v);
                }
            })
            .expect("thread")
            .join()
            .expect("no overflow");
    }
}
