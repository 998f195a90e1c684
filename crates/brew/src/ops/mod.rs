//! Python's operators on values, exactly as CPython 3.13 computes them:
//! results, the order of checks, and every exception's class and message.
//!
//! Each function takes the [`Budget`] of the evaluation it belongs to and
//! returns [`Error::Python`] where CPython raises, or [`Error::Limit`] where
//! the result would exceed the engine's documented limits
//! ([`crate::limits`]).
//!
//! | Python | function | notes |
//! |---|---|---|
//! | `a + b`, `-`, `*`, `/`, `//`, `%`, `**`, `@`, `<<`, `>>`, `&`, `\|`, `^` | [`binary`] | numbers (`bool`, `int`, `float`, `complex`); `str`/`bytes`/`tuple`/`list` `+` and `*`; set and frozenset `\| & - ^`; dict `\|` |
//! | `-x`, `+x`, `~x`, `not x` | [`unary`] | |
//! | `==`, `!=`, `<`, `<=`, `>`, `>=` | [`compare`], [`py_eq`] | exact int/float comparison; sequences lexicographically; sets by inclusion |
//! | `x in y`, `x not in y` | [`compare`] | `str`, `bytes`, `tuple`, `list`, `range`, `set`, `frozenset`, `dict` |
//! | `x is y`, `x is not y` | [`compare`] | decided for `None`, `True`, `False` and `...`; other identities are refused (they depend on CPython's caching) |
//! | `a < b < c` | [`compare`] per link | a chain is `a < b and b < c` with `b` evaluated once; stop at the first false link (builtin comparisons always give a `bool`) |
//! | `x and y`, `x or y`, `y if c else z` | [`truth`] | the evaluator decides which operand to evaluate and returns it |
//! | `x[i]` | [`subscript`] | `str`, `bytes`, `tuple`, `list`, `range` by index, `dict` by key |
//! | `x[a:b:c]` | [`slice()`] | `str`, `bytes`, `tuple`, `list`; a `range` slice is a `range` |
//! | `(a, *b)`, `[a, *b]` | [`tuple_display`], [`list_display`] | |
//! | `{a, *b}` | [`set_display`] | CPython's order of members, which depends on whether the members are compile-time constants ([`folds`]) |
//! | `{k: v, **m}` | [`dict_display`] | |
//! | `*x` in a call, `for` | [`iterate`] | |
//!
//! Displays take their elements unevaluated, with a callback that evaluates
//! one, because CPython interleaves evaluation and building (`{[], 1/0}`
//! raises `ZeroDivisionError` before `unhashable type: 'list'`, but
//! `{[], *x}` fails on the list before `x` is evaluated).
//!
//! ```
//! use toolcup_brew::{ops::{self, BinaryOp}, Budget, Value};
//! let mut budget = Budget::default();
//! let v = ops::binary(BinaryOp::Add, Value::from(2), Value::Float(0.5), &mut budget).unwrap();
//! assert_eq!(v.repr(), "2.5");
//! let err = ops::binary(BinaryOp::Add, Value::from("a"), Value::from(1), &mut budget).unwrap_err();
//! assert_eq!(err.to_string(), "TypeError: can only concatenate str (not \"int\") to str");
//! ```

mod collection;
mod compare;
mod format_spec;
mod keys;
mod number;
mod printf;
mod sequence;
mod types;

use num_bigint::BigInt;
use num_traits::{Signed, ToPrimitive, Zero};

pub(crate) use collection::{DictBuilder, is_dict_type, is_iterable, iterate_owned, set_update};
pub use compare::py_eq;
pub(crate) use format_spec::format_value;
pub(crate) use number::float_to_int_checked;
#[cfg(test)]
pub(crate) use number::float_to_int_exact;
pub(crate) use number::{Num, as_num, bits, py_err};
pub(crate) use number::{float_divmod, int_divmod, int_to_f64};
pub(crate) use printf::ascii_of;
pub(crate) use sequence::{ITEM_BYTES, index_value};

use crate::error::{Error, PyErrorKind, PyException};
use crate::limits::{Budget, Limit};
use crate::value::Value;

/// A binary operator.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum BinaryOp {
    /// `+`
    Add,
    /// `-`
    Sub,
    /// `*`
    Mul,
    /// `@`
    MatMul,
    /// `/`
    TrueDiv,
    /// `//`
    FloorDiv,
    /// `%`
    Mod,
    /// `**`
    Pow,
    /// `<<`
    LShift,
    /// `>>`
    RShift,
    /// `&`
    BitAnd,
    /// `|`
    BitOr,
    /// `^`
    BitXor,
}

impl BinaryOp {
    /// Every binary operator.
    pub const ALL: [BinaryOp; 13] = [
        Self::Add,
        Self::Sub,
        Self::Mul,
        Self::MatMul,
        Self::TrueDiv,
        Self::FloorDiv,
        Self::Mod,
        Self::Pow,
        Self::LShift,
        Self::RShift,
        Self::BitAnd,
        Self::BitOr,
        Self::BitXor,
    ];

    /// The operator as written in Python.
    ///
    /// ```
    /// assert_eq!(toolcup_brew::ops::BinaryOp::FloorDiv.symbol(), "//");
    /// ```
    pub fn symbol(self) -> &'static str {
        match self {
            Self::Add => "+",
            Self::Sub => "-",
            Self::Mul => "*",
            Self::MatMul => "@",
            Self::TrueDiv => "/",
            Self::FloorDiv => "//",
            Self::Mod => "%",
            Self::Pow => "**",
            Self::LShift => "<<",
            Self::RShift => ">>",
            Self::BitAnd => "&",
            Self::BitOr => "|",
            Self::BitXor => "^",
        }
    }

    /// The operator written `symbol`, if any.
    pub fn from_symbol(symbol: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|op| op.symbol() == symbol)
    }
}

/// A unary operator.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum UnaryOp {
    /// `-x`
    Neg,
    /// `+x`
    Pos,
    /// `~x`
    Invert,
    /// `not x`
    Not,
}

impl UnaryOp {
    /// The operator as written in Python.
    pub fn symbol(self) -> &'static str {
        match self {
            Self::Neg => "-",
            Self::Pos => "+",
            Self::Invert => "~",
            Self::Not => "not",
        }
    }
}

/// A comparison operator.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CompareOp {
    /// `==`
    Eq,
    /// `!=`
    Ne,
    /// `<`
    Lt,
    /// `<=`
    Le,
    /// `>`
    Gt,
    /// `>=`
    Ge,
    /// `in`
    In,
    /// `not in`
    NotIn,
    /// `is`
    Is,
    /// `is not`
    IsNot,
}

impl CompareOp {
    /// The operator as written in Python.
    pub fn symbol(self) -> &'static str {
        match self {
            Self::Eq => "==",
            Self::Ne => "!=",
            Self::Lt => "<",
            Self::Le => "<=",
            Self::Gt => ">",
            Self::Ge => ">=",
            Self::In => "in",
            Self::NotIn => "not in",
            Self::Is => "is",
            Self::IsNot => "is not",
        }
    }
}

/// One element of a tuple, list or set display: `x` or `*x`.
#[derive(Debug, Clone, PartialEq)]
pub enum Item<T> {
    /// `x`
    One(T),
    /// `*x`
    Star(T),
}

/// One element of a dict display: `k: v` or `**m`.
#[derive(Debug, Clone, PartialEq)]
pub enum DictItem<T> {
    /// `k: v`
    Pair(T, T),
    /// `**m`
    Unpack(T),
}

fn unsupported(op: BinaryOp, a: &Value, b: &Value) -> Error {
    let symbol = if op == BinaryOp::Pow {
        "** or pow()"
    } else {
        op.symbol()
    };
    PyException::type_error(format!(
        "unsupported operand type(s) for {symbol}: '{}' and '{}'",
        a.type_name(),
        b.type_name()
    ))
    .into()
}

pub(crate) fn unsupported_comparison(op: CompareOp, a: &Value, b: &Value) -> Error {
    PyException::type_error(format!(
        "'{}' not supported between instances of '{}' and '{}'",
        op.symbol(),
        a.type_name(),
        b.type_name()
    ))
    .into()
}

/// `a op b` for a binary operator.
///
/// ```
/// use toolcup_brew::{ops::{self, BinaryOp}, Budget, Value};
/// let mut b = Budget::default();
/// let r = |op, x: Value, y: Value, b: &mut Budget| match ops::binary(op, x, y, b) {
///     Ok(v) => v.repr(),
///     Err(e) => e.to_string(),
/// };
/// assert_eq!(r(BinaryOp::FloorDiv, Value::Float(-7.5), Value::from(2), &mut b), "-4.0");
/// assert_eq!(r(BinaryOp::Pow, Value::from(2), Value::from(-1), &mut b), "0.5");
/// assert_eq!(r(BinaryOp::Mod, Value::from(1), Value::from(0), &mut b), "ZeroDivisionError: integer modulo by zero");
/// assert_eq!(r(BinaryOp::Mul, Value::from("ab"), Value::from(2), &mut b), "'abab'");
/// ```
pub fn binary(op: BinaryOp, a: Value, b: Value, budget: &mut Budget) -> Result<Value, Error> {
    budget.charge(1)?;
    if let (Some(x), Some(y)) = (as_num(&a), as_num(&b)) {
        if let (Value::Bool(p), Value::Bool(q)) = (&a, &b) {
            match op {
                BinaryOp::BitAnd => return Ok(Value::Bool(*p & *q)),
                BinaryOp::BitOr => return Ok(Value::Bool(*p | *q)),
                BinaryOp::BitXor => return Ok(Value::Bool(*p ^ *q)),
                _ => {}
            }
        }
        return match number::binary(op, &x, &y, budget)? {
            Some(v) => Ok(v),
            None => Err(unsupported(op, &a, &b)),
        };
    }
    let (a_type, b_type) = (a.clone_type_marker(), b.clone_type_marker());
    let result = match op {
        BinaryOp::Add => sequence::concat(a, b, budget)?,
        BinaryOp::Mul => sequence::repeat(a, b, budget)?,
        BinaryOp::Mod => match &a {
            Value::Str(s) => {
                let fmt: Vec<char> = s.chars().collect();
                return printf::format(&fmt, &b, false, budget);
            }
            Value::Bytes(x) => {
                let fmt: Vec<char> = x.iter().map(|&c| char::from(c)).collect();
                return printf::format(&fmt, &b, true, budget);
            }
            _ => None,
        },
        BinaryOp::BitOr if types::makes_union(&a, &b) => Some(types::union(a, b)),
        BinaryOp::BitOr if matches!(a, Value::TypeParam(_)) || matches!(b, Value::TypeParam(_)) => {
            return Err(Limit::NotSupported(
                "`|` with a type parameter (it makes a `typing.Union`)",
            )
            .into());
        }
        BinaryOp::BitOr | BinaryOp::BitAnd | BinaryOp::BitXor | BinaryOp::Sub => {
            collection::binary(op, a, b, budget)?
        }
        _ => None,
    };
    result.ok_or_else(|| unsupported(op, &a_type, &b_type))
}

impl Value {
    /// An empty value of the same Python type, for error messages after the
    /// operands have been moved.
    fn clone_type_marker(&self) -> Value {
        match self {
            Value::Str(_) => Value::Str(String::new()),
            Value::Bytes(_) => Value::Bytes(Vec::new()),
            Value::Tuple(_) => Value::Tuple(Vec::new()),
            Value::List(_) => Value::List(Vec::new()),
            Value::Set(_) => Value::Set(Default::default()),
            Value::FrozenSet(_) => Value::FrozenSet(Default::default()),
            Value::Dict(_) => Value::Dict(Vec::new()),
            Value::Range(_) => Value::Range(crate::value::Range {
                start: BigInt::zero(),
                stop: BigInt::zero(),
                step: BigInt::from(1),
            }),
            other => other.clone(),
        }
    }
}

/// `op x` for a unary operator.
///
/// ```
/// use toolcup_brew::{ops::{self, UnaryOp}, Budget, Value};
/// let mut b = Budget::default();
/// assert_eq!(ops::unary(UnaryOp::Invert, Value::Bool(true), &mut b).unwrap().repr(), "-2");
/// assert_eq!(ops::unary(UnaryOp::Neg, Value::Complex { re: 0.0, im: 0.0 }, &mut b).unwrap().repr(), "(-0-0j)");
/// assert_eq!(ops::unary(UnaryOp::Not, Value::List(vec![]), &mut b).unwrap().repr(), "True");
/// ```
pub fn unary(op: UnaryOp, v: Value, budget: &mut Budget) -> Result<Value, Error> {
    budget.charge(1)?;
    if op == UnaryOp::Not {
        return Ok(Value::Bool(!truth(&v)));
    }
    let out = match (op, as_num(&v)) {
        (UnaryOp::Neg, Some(Num::Float(f))) => Some(Value::Float(-f)),
        (UnaryOp::Pos, Some(Num::Float(f))) => Some(Value::Float(f)),
        (UnaryOp::Neg, Some(Num::Complex(re, im))) => Some(Value::Complex { re: -re, im: -im }),
        (UnaryOp::Pos, Some(Num::Complex(re, im))) => Some(Value::Complex { re, im }),
        (_, Some(Num::Int(i))) => {
            budget.charge_int("an int", bits(&i) + 1, 1 + bits(&i) / 64)?;
            match op {
                UnaryOp::Neg => Some(Value::Int(-i.into_owned())),
                UnaryOp::Pos => Some(Value::Int(i.into_owned())),
                UnaryOp::Invert => Some(Value::Int(-(i.into_owned() + 1u8))),
                UnaryOp::Not => None,
            }
        }
        _ => None,
    };
    out.ok_or_else(|| {
        PyException::type_error(format!(
            "bad operand type for unary {}: '{}'",
            op.symbol(),
            v.type_name()
        ))
        .into()
    })
}

/// Python's truth value, `bool(v)`.
///
/// ```
/// use toolcup_brew::{ops, Value};
/// assert!(!ops::truth(&Value::Float(-0.0)));
/// assert!(ops::truth(&Value::Float(f64::NAN)));
/// assert!(!ops::truth(&Value::Str(String::new())));
/// ```
pub fn truth(v: &Value) -> bool {
    match v {
        Value::None => false,
        Value::Ellipsis => true,
        Value::Bool(b) => *b,
        Value::Int(i) => !i.is_zero(),
        Value::Float(f) => *f != 0.0,
        Value::Complex { re, im } => *re != 0.0 || *im != 0.0,
        Value::Str(s) => !s.is_empty(),
        Value::Bytes(b) => !b.is_empty(),
        Value::Tuple(x) | Value::List(x) => !x.is_empty(),
        Value::Set(t) | Value::FrozenSet(t) => !t.is_empty(),
        Value::Dict(pairs) => !pairs.is_empty(),
        Value::Range(r) => !r.is_empty(),
        Value::Builtin(_)
        | Value::Iterator(_)
        | Value::GenericAlias(_)
        | Value::Union(_)
        | Value::TypeParam(_) => true,
    }
}

/// `a op b` for a comparison operator: builtin comparisons always give a `bool`.
///
/// ```
/// use toolcup_brew::{ops::{self, CompareOp}, Budget, Value};
/// let mut b = Budget::default();
/// let big: Value = Value::Int("9007199254740993".parse().unwrap());
/// assert!(!ops::compare(CompareOp::Eq, &big, &Value::Float(9007199254740992.0), &mut b).unwrap());
/// assert!(ops::compare(CompareOp::In, &Value::from("ff"), &Value::from("coffee"), &mut b).unwrap());
/// let err = ops::compare(CompareOp::Lt, &Value::from(1), &Value::from("a"), &mut b).unwrap_err();
/// assert_eq!(err.to_string(), "TypeError: '<' not supported between instances of 'int' and 'str'");
/// ```
pub fn compare(op: CompareOp, a: &Value, b: &Value, budget: &mut Budget) -> Result<bool, Error> {
    budget.charge(1)?;
    match op {
        CompareOp::Eq => Ok(py_eq(a, b)),
        CompareOp::Ne => Ok(!py_eq(a, b)),
        CompareOp::Lt | CompareOp::Le | CompareOp::Gt | CompareOp::Ge => compare::order(op, a, b),
        CompareOp::In => contains(b, a, budget),
        CompareOp::NotIn => contains(b, a, budget).map(|x| !x),
        CompareOp::Is => identical(a, b),
        CompareOp::IsNot => identical(a, b).map(|x| !x),
    }
}

/// `a is b`, where the answer does not depend on CPython's object caches.
fn identical(a: &Value, b: &Value) -> Result<bool, Error> {
    let singleton = |v: &Value| matches!(v, Value::None | Value::Ellipsis | Value::Bool(_));
    if singleton(a) || singleton(b) {
        return Ok(singleton(a) && singleton(b) && a == b);
    }
    Err(Limit::NotSupported(
        "`is` between values other than None, True, False and ... (their identity depends on CPython's caches)",
    )
    .into())
}

/// `x in container`.
fn contains(container: &Value, x: &Value, budget: &mut Budget) -> Result<bool, Error> {
    if let Some(found) = sequence::contains(container, x, budget)? {
        return Ok(found);
    }
    if let Some(found) = collection::contains(container, x)? {
        return Ok(found);
    }
    if let Value::GenericAlias(_) = container {
        // Found by iteration: an alias yields only its unpacked self.
        return Ok(iterate(container, budget)?.iter().any(|v| py_eq(x, v)));
    }
    Err(PyException::type_error(format!(
        "argument of type '{}' is not iterable",
        container.type_name()
    ))
    .into())
}

/// `container[index]`.
///
/// ```
/// use toolcup_brew::{ops, Budget, Value};
/// let mut b = Budget::default();
/// assert_eq!(ops::subscript(&Value::from("abc"), &Value::from(-1), &mut b).unwrap().repr(), "'c'");
/// let err = ops::subscript(&Value::Dict(vec![]), &Value::from("milk"), &mut b).unwrap_err();
/// assert_eq!(err.to_string(), "KeyError: 'milk'");
/// ```
pub fn subscript(container: &Value, index: &Value, budget: &mut Budget) -> Result<Value, Error> {
    budget.charge(1)?;
    if let Some(v) = sequence::item(container, index, budget)? {
        return Ok(v);
    }
    if let Some(v) = types::subscript(container, index)? {
        return Ok(v);
    }
    if let Value::Dict(pairs) = container {
        crate::hash::py_hash(index)?;
        return match compare::dict_lookup(pairs, index) {
            Some(i) => Ok(pairs[i].1.clone()),
            None => Err(py_err(PyErrorKind::KeyError, index.repr())),
        };
    }
    Err(PyException::type_error(format!(
        "'{}' object is not subscriptable",
        container.type_name()
    ))
    .into())
}

/// `container[start:stop:step]`; pass `Value::None` for an absent bound.
///
/// ```
/// use toolcup_brew::{ops, Budget, Value};
/// let mut b = Budget::default();
/// let v = ops::slice(&Value::from("abcdef"), &Value::None, &Value::None, &Value::from(-2), &mut b).unwrap();
/// assert_eq!(v.repr(), "'fdb'");
/// ```
pub fn slice(
    container: &Value,
    start: &Value,
    stop: &Value,
    step: &Value,
    budget: &mut Budget,
) -> Result<Value, Error> {
    budget.charge(1)?;
    if let Some(v) = sequence::slice(container, start, stop, step, budget)? {
        return Ok(v);
    }
    if let Some(v) = types::slice(container)? {
        return Ok(v);
    }
    if let Value::Dict(_) = container {
        // A slice is a key (hashable since 3.12, if its parts are) that no
        // constant dict holds.
        for part in [start, stop, step] {
            crate::hash::py_hash(part)?;
        }
        return Err(py_err(
            PyErrorKind::KeyError,
            format!("slice({}, {}, {})", start.repr(), stop.repr(), step.repr()),
        ));
    }
    Err(PyException::type_error(format!(
        "'{}' object is not subscriptable",
        container.type_name()
    ))
    .into())
}

/// What iterating `v` yields (`*v`, `list(v)`), or `TypeError: 'int' object is not iterable`.
pub fn iterate(v: &Value, budget: &mut Budget) -> Result<Vec<Value>, Error> {
    collection::iterate_owned(v.clone(), budget)
}

/// A tuple display `(a, *b, c)`, evaluating each element with `eval`.
pub fn tuple_display<T>(
    items: Vec<Item<T>>,
    budget: &mut Budget,
    eval: impl FnMut(T, &mut Budget) -> Result<Value, Error>,
) -> Result<Value, Error> {
    collection::sequence_display(items, budget, eval).map(Value::Tuple)
}

/// A list display `[a, *b, c]`, evaluating each element with `eval`.
pub fn list_display<T>(
    items: Vec<Item<T>>,
    budget: &mut Budget,
    eval: impl FnMut(T, &mut Budget) -> Result<Value, Error>,
) -> Result<Value, Error> {
    collection::sequence_display(items, budget, eval).map(Value::List)
}

/// A set display `{a, *b, c}`, evaluating each element with `eval`.
///
/// `constant` must say whether every element is a constant after CPython's
/// AST optimiser: a literal, a tuple of constants, or an operator on
/// constants that [`folds`] (and that succeeds). CPython builds such a
/// display of three or more elements differently, and its members then
/// often come out in another order (`{0, 1, 2, 4, 16}` prints `{0, 1, 2, 16,
/// 4}` as a constant, `{0, 1, 2, 4, 16}` when an element is computed).
///
/// ```
/// use toolcup_brew::{ops::{self, Item}, Budget, Value};
/// let mut b = Budget::default();
/// let items = |xs: &[i64]| xs.iter().map(|&x| Item::One(Value::from(x))).collect::<Vec<_>>();
/// let s = ops::set_display(items(&[3, 1, 2]), true, &mut b, |v, _| Ok(v)).unwrap();
/// assert_eq!(s.repr(), "{1, 2, 3}");
/// let s = ops::set_display(items(&[0, 1, 2, 4, 16]), true, &mut b, |v, _| Ok(v)).unwrap();
/// assert_eq!(s.repr(), "{0, 1, 2, 16, 4}");
/// let s = ops::set_display(items(&[0, 1, 2, 4, 16]), false, &mut b, |v, _| Ok(v)).unwrap();
/// assert_eq!(s.repr(), "{0, 1, 2, 4, 16}");
/// ```
pub fn set_display<T>(
    items: Vec<Item<T>>,
    constant: bool,
    budget: &mut Budget,
    eval: impl FnMut(T, &mut Budget) -> Result<Value, Error>,
) -> Result<Value, Error> {
    collection::set_display(items, constant, budget, eval)
}

/// A dict display `{k: v, **m}`, evaluating each key, value and mapping with `eval`.
///
/// ```
/// use toolcup_brew::{ops::{self, DictItem}, Budget, Value};
/// let mut b = Budget::default();
/// let items = vec![
///     DictItem::Pair(Value::from(1), Value::from("a")),
///     DictItem::Pair(Value::Bool(true), Value::from("b")),
///     DictItem::Pair(Value::Float(1.0), Value::from("c")),
/// ];
/// assert_eq!(ops::dict_display(items, &mut b, |v, _| Ok(v)).unwrap().repr(), "{1: 'c'}");
/// ```
pub fn dict_display<T>(
    items: Vec<DictItem<T>>,
    budget: &mut Budget,
    eval: impl FnMut(T, &mut Budget) -> Result<Value, Error>,
) -> Result<Value, Error> {
    collection::dict_display(items, budget, eval)
}

/// Whether CPython 3.13's AST optimiser folds `a op b` of two constants into
/// a constant (provided the operation succeeds): it declines products,
/// powers and shifts of ints beyond 128 bits (by its own estimate), sequences
/// repeated beyond 4096 characters or 256 items, `%` on `str` and `bytes`,
/// and `@`.
///
/// ```
/// use toolcup_brew::{ops::{self, BinaryOp}, Value};
/// // 2**64 is folded, 2**100 is computed at run time (2 bits * 100 > 128).
/// assert!(ops::folds(BinaryOp::Pow, &Value::from(2), &Value::from(64)));
/// assert!(!ops::folds(BinaryOp::Pow, &Value::from(2), &Value::from(100)));
/// assert!(ops::folds(BinaryOp::Mul, &Value::from("ab"), &Value::from(2048)));
/// assert!(!ops::folds(BinaryOp::Mul, &Value::from("ab"), &Value::from(2049)));
/// ```
pub fn folds(op: BinaryOp, a: &Value, b: &Value) -> bool {
    const MAX_INT_SIZE: u64 = 128;
    const MAX_COLLECTION_SIZE: i64 = 256;
    const MAX_STR_SIZE: i64 = 4096;
    const MAX_TOTAL_ITEMS: i64 = 1024;
    let int = |v: &Value| index_value(v).filter(|_| matches!(v, Value::Int(_) | Value::Bool(_)));
    match op {
        BinaryOp::MatMul => false,
        BinaryOp::Mod => !matches!(a, Value::Str(_) | Value::Bytes(_)),
        BinaryOp::Mul => {
            let (n, seq) = match (int(a), int(b)) {
                (Some(x), Some(y)) => {
                    return x.is_zero() || y.is_zero() || bits(&x) + bits(&y) <= MAX_INT_SIZE;
                }
                (Some(x), None) => (x, b),
                (None, Some(y)) => (y, a),
                (None, None) => return true,
            };
            let n = n.to_i64().unwrap_or(-1);
            match seq {
                Value::Tuple(items) if !items.is_empty() => {
                    n >= 0
                        && n <= MAX_COLLECTION_SIZE / items.len() as i64
                        && (n == 0 || complexity_within(seq, MAX_TOTAL_ITEMS / n))
                }
                Value::Str(s) if !s.is_empty() => {
                    n >= 0 && n <= MAX_STR_SIZE / s.chars().count() as i64
                }
                Value::Bytes(x) if !x.is_empty() => n >= 0 && n <= MAX_STR_SIZE / x.len() as i64,
                _ => true,
            }
        }
        BinaryOp::Pow => match (int(a), int(b)) {
            (Some(x), Some(y)) if !x.is_zero() && y.is_positive() => match y.to_u64() {
                Some(e) => bits(&x) <= MAX_INT_SIZE / e,
                None => false,
            },
            _ => true,
        },
        BinaryOp::LShift => match (int(a), int(b)) {
            (Some(x), Some(y)) if !x.is_zero() && !y.is_zero() => match y.to_u64() {
                Some(n) => n <= MAX_INT_SIZE && bits(&x) <= MAX_INT_SIZE - n,
                None => false,
            },
            _ => true,
        },
        _ => true,
    }
}

/// CPython's `check_complexity`: the items of nested tuples and frozensets
/// stay within `limit`.
fn complexity_within(v: &Value, limit: i64) -> bool {
    let mut limit = limit;
    let mut stack = vec![v];
    while let Some(v) = stack.pop() {
        match v {
            Value::Tuple(items) => {
                limit -= items.len() as i64;
                stack.extend(items);
            }
            Value::FrozenSet(t) => {
                limit -= t.len() as i64;
                stack.extend(t.iter());
            }
            _ => {}
        }
        if limit < 0 {
            return false;
        }
    }
    true
}

#[cfg(test)]
mod tests;
