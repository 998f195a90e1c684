//! Python values: the constants a brew call can hold and the results of the
//! operations and builtins of [`crate::ops`] and [`crate::builtins`].

use num_bigint::BigInt;
use num_traits::{Signed, Zero};

use crate::error::{Error, PyException};
use crate::set_table::SetTable;

/// A Python value.
///
/// Containers keep Python's semantics: a dict keeps its first key and last
/// value for equal keys (`{1: 'a', True: 'b', 1.0: 'c'}` is `{1: 'c'}`) in
/// insertion order; a set or frozenset is CPython's own hash table, so it
/// iterates and prints its members in CPython's order (see
/// [`crate::SetTable`] and [`crate::py_hash`]).
///
/// The derived `PartialEq` compares the Rust structure (`Int(1) !=
/// Float(1.0)`, NaN differs from itself); Python's `==` is
/// [`crate::ops::compare`].
///
/// Cloning and dropping a value recurse into its containers; values the
/// engine builds from text are at most a few hundred levels deep (the
/// parser's nesting limit). Everything else that walks a value (`repr`,
/// `==`, `<`, `hash`) uses an explicit stack and takes any depth.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum Value {
    /// `None`.
    None,
    /// `Ellipsis` (`...`).
    Ellipsis,
    /// `True` or `False`.
    Bool(bool),
    /// An `int` of any size.
    Int(BigInt),
    /// A `float`.
    Float(f64),
    /// A `complex` number.
    Complex {
        /// Real part.
        re: f64,
        /// Imaginary part.
        im: f64,
    },
    /// A `str`.
    Str(String),
    /// A `bytes` object.
    Bytes(Vec<u8>),
    /// A `tuple`.
    Tuple(Vec<Value>),
    /// A `list`.
    List(Vec<Value>),
    /// A `set`, in CPython's hash-table order.
    Set(SetTable<Value>),
    /// A `frozenset`, in CPython's hash-table order.
    FrozenSet(SetTable<Value>),
    /// A `dict`, in insertion order, its keys distinct under Python's `==`.
    Dict(Vec<(Value, Value)>),
    /// A `range`.
    Range(Range),
}

/// A `range(start, stop, step)`; `step` is never zero.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Range {
    /// The first value.
    pub start: BigInt,
    /// The bound, excluded.
    pub stop: BigInt,
    /// The step, positive or negative.
    pub step: BigInt,
}

impl Range {
    /// Python's `len(range)` (as an unbounded int).
    ///
    /// ```
    /// use toolcup_brew::Range;
    /// let r = Range { start: 10.into(), stop: 0.into(), step: (-3).into() };
    /// assert_eq!(r.len(), 4.into());
    /// ```
    pub fn len(&self) -> BigInt {
        let (lo, hi, step) = if self.step.is_positive() {
            (&self.start, &self.stop, self.step.clone())
        } else {
            (&self.stop, &self.start, -&self.step)
        };
        if lo >= hi {
            return BigInt::zero();
        }
        (hi - lo - 1u8) / step + 1u8
    }

    /// Whether the range is empty.
    pub fn is_empty(&self) -> bool {
        self.len().is_zero()
    }

    /// The `i`-th value, for `0 <= i < len`.
    pub fn at(&self, i: &BigInt) -> BigInt {
        &self.start + i * &self.step
    }
}

impl From<bool> for Value {
    fn from(b: bool) -> Self {
        Value::Bool(b)
    }
}

impl From<i64> for Value {
    fn from(i: i64) -> Self {
        Value::Int(BigInt::from(i))
    }
}

impl From<i32> for Value {
    fn from(i: i32) -> Self {
        Value::Int(BigInt::from(i))
    }
}

impl From<BigInt> for Value {
    fn from(i: BigInt) -> Self {
        Value::Int(i)
    }
}

impl From<f64> for Value {
    fn from(f: f64) -> Self {
        Value::Float(f)
    }
}

impl From<&str> for Value {
    fn from(s: &str) -> Self {
        Value::Str(s.to_string())
    }
}

impl From<String> for Value {
    fn from(s: String) -> Self {
        Value::Str(s)
    }
}

/// A dict or set key with Python's `==` and `hash` (equal keys are equal
/// Python values: `1 == 1.0 == True`).
#[derive(Debug, Clone)]
pub(crate) struct HashKey {
    hash: i64,
    value: Value,
}

impl PartialEq for HashKey {
    fn eq(&self, other: &Self) -> bool {
        self.hash == other.hash && crate::ops::py_eq(&self.value, &other.value)
    }
}

impl Value {
    /// Python's type name, as in `type(v).__name__`.
    ///
    /// ```
    /// use toolcup_brew::Value;
    /// assert_eq!(Value::Bool(true).type_name(), "bool");
    /// assert_eq!(Value::Dict(vec![]).type_name(), "dict");
    /// ```
    pub fn type_name(&self) -> &'static str {
        match self {
            Self::None => "NoneType",
            Self::Ellipsis => "ellipsis",
            Self::Bool(_) => "bool",
            Self::Int(_) => "int",
            Self::Float(_) => "float",
            Self::Complex { .. } => "complex",
            Self::Str(_) => "str",
            Self::Bytes(_) => "bytes",
            Self::Tuple(_) => "tuple",
            Self::List(_) => "list",
            Self::Set(_) => "set",
            Self::FrozenSet(_) => "frozenset",
            Self::Dict(_) => "dict",
            Self::Range(_) => "range",
        }
    }

    /// The key Python's dict and set use, or the `unhashable type` TypeError.
    pub(crate) fn hash_key(&self) -> Result<HashKey, PyException> {
        match crate::hash::py_hash(self) {
            Ok(hash) => Ok(HashKey {
                hash,
                value: self.clone(),
            }),
            Err(Error::Python(e)) => Err(e),
            Err(other) => Err(PyException::type_error(other.to_string())),
        }
    }

    /// Builds a set display of literal members, as CPython compiles it
    /// (three or more constants become a frozenset constant first).
    pub(crate) fn new_set(items: Vec<Value>) -> Result<Value, PyException> {
        let constant = items.len() > 2;
        let items = items.into_iter().map(crate::ops::Item::One).collect();
        crate::ops::set_display(
            items,
            constant,
            &mut crate::limits::Budget::default(),
            |v, _| Ok(v),
        )
        .map_err(into_py)
    }

    /// Builds a dict from pairs in order, as Python's `BUILD_MAP` does.
    pub(crate) fn new_dict(pairs: Vec<(Value, Value)>) -> Result<Value, PyException> {
        let items = pairs
            .into_iter()
            .map(|(k, v)| crate::ops::DictItem::Pair(k, v))
            .collect();
        crate::ops::dict_display(items, &mut crate::limits::Budget::default(), |v, _| Ok(v))
            .map_err(into_py)
    }

    /// What `*value` yields, or `None` when Python cannot iterate it.
    pub(crate) fn iterate(&self) -> Option<Vec<Value>> {
        crate::ops::iterate(self, &mut crate::limits::Budget::default()).ok()
    }

    /// The integer value of an `int` (not of a `bool`).
    pub fn as_int(&self) -> Option<&BigInt> {
        match self {
            Self::Int(i) => Some(i),
            _ => None,
        }
    }

    /// Python's `str(value)`: the text itself for a `str`, the repr otherwise.
    ///
    /// ```
    /// use toolcup_brew::Value;
    /// assert_eq!(Value::Str("oat".into()).to_py_str(), "oat");
    /// assert_eq!(Value::Float(2.0).to_py_str(), "2.0");
    /// ```
    pub fn to_py_str(&self) -> String {
        match self {
            Self::Str(s) => s.clone(),
            other => other.repr(),
        }
    }
}

fn into_py(e: Error) -> PyException {
    match e {
        Error::Python(p) => p,
        other => PyException::type_error(other.to_string()),
    }
}

/// Drops a value of any depth without recursing: containers are emptied onto
/// a heap stack first. Dropping a value the usual way recurses once per
/// level, which a hand-built value tens of thousands of levels deep can
/// overflow.
///
/// ```
/// use toolcup_brew::{drop_deep, Value};
/// let mut v = Value::List(vec![]);
/// for _ in 0..100_000 {
///     v = Value::List(vec![v]);
/// }
/// drop_deep(v);
/// ```
pub fn drop_deep(value: Value) {
    let mut stack = vec![value];
    while let Some(mut v) = stack.pop() {
        match &mut v {
            Value::Tuple(items) | Value::List(items) => stack.append(items),
            Value::Dict(pairs) => {
                for (k, x) in pairs.drain(..) {
                    stack.push(k);
                    stack.push(x);
                }
            }
            Value::Set(t) | Value::FrozenSet(t) => {
                let table = std::mem::take(t);
                stack.extend(table.into_members());
            }
            _ => {}
        }
    }
}
