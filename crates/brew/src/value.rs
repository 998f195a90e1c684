//! Python values: the constants a brew call can hold and the results of the
//! operations and builtins of [`crate::ops`] and [`crate::builtins`].

use num_bigint::BigInt;
use num_traits::{Signed, Zero};

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
/// Depth: values the engine builds from text are at most a few hundred
/// levels deep (CPython's limit of 200 nested brackets), but a value built by
/// hand may be far deeper. Python's operations on values (`repr`, `==`, `<`,
/// `hash`, sets and dicts) use explicit stacks or grow the stack on the heap,
/// and so does `clone`; Rust's derived `Debug` and `PartialEq` and the
/// ordinary `drop` recurse once per level: drop a very deep value with
/// [`drop_deep`].
#[derive(Debug, PartialEq)]
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
    /// A builtin function or type such as `len` or `int`, as a value.
    Builtin(Builtin),
    /// An iterator made by `zip`, `enumerate` or `reversed`, not yet consumed.
    Iterator(Box<LazyIterator>),
    /// A parameterised builtin type such as `list[str]` (`types.GenericAlias`).
    GenericAlias(Box<GenericAlias>),
    /// A union of types such as `str | None` (`types.UnionType`); `None`
    /// stands for `NoneType`.
    Union(Vec<Value>),
    /// A type parameter of a generic `def` (`def f[T](a: T)`, PEP 695), as
    /// its annotations see it.
    TypeParam(Box<TypeParam>),
}

/// A type parameter of a generic `def`: `T` (a `typing.TypeVar`), `*Ts`
/// (a `typing.TypeVarTuple`) or `**P` (a `typing.ParamSpec`). Its bound,
/// constraints and default are evaluated lazily by CPython and never here.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TypeParam {
    /// Its name (`T`), which is also its repr: PEP 695's type variables infer
    /// their variance, so CPython prints them without `~`.
    pub name: String,
    /// Which of the three it is.
    pub kind: TypeParamKind,
}

/// The three kinds of type parameter.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TypeParamKind {
    /// `T`, `T: bound`, `T: (constraints)`: a `typing.TypeVar`.
    TypeVar,
    /// `*Ts`: a `typing.TypeVarTuple`.
    TypeVarTuple,
    /// `**P`: a `typing.ParamSpec`.
    ParamSpec,
}

impl TypeParamKind {
    /// The Python type's name as CPython's messages write it (`typing.TypeVar`).
    pub fn type_name(self) -> &'static str {
        match self {
            Self::TypeVar => "typing.TypeVar",
            Self::TypeVarTuple => "typing.TypeVarTuple",
            Self::ParamSpec => "typing.ParamSpec",
        }
    }

    /// The kind's name in CPython's compile-time messages (`TypeVar`).
    pub fn short_name(self) -> &'static str {
        self.type_name().trim_start_matches("typing.")
    }
}

/// `origin[args]`, such as `dict[str, int]`.
#[derive(Debug, Clone, PartialEq)]
pub struct GenericAlias {
    /// The builtin type subscripted (`list`, `dict`, `tuple`, `set`,
    /// `frozenset` or `enumerate`).
    pub origin: Builtin,
    /// The subscript's items (`()` for `tuple[()]`).
    pub args: Vec<Value>,
    /// Whether this is `*origin[args]`, what iterating an alias yields.
    pub unpacked: bool,
}

/// The builtin functions and types this engine calls (see [`crate::builtins`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Builtin {
    /// `abs`
    Abs,
    /// `all`
    All,
    /// `any`
    Any,
    /// `ascii`
    Ascii,
    /// `bin`
    Bin,
    /// `bool`
    Bool,
    /// `bytes`
    Bytes,
    /// `chr`
    Chr,
    /// `complex`
    Complex,
    /// `dict`
    Dict,
    /// `divmod`
    Divmod,
    /// `enumerate`
    Enumerate,
    /// `float`
    Float,
    /// `format`
    Format,
    /// `frozenset`
    FrozenSet,
    /// `hash`
    Hash,
    /// `hex`
    Hex,
    /// `int`
    Int,
    /// `len`
    Len,
    /// `list`
    List,
    /// `max`
    Max,
    /// `min`
    Min,
    /// `oct`
    Oct,
    /// `ord`
    Ord,
    /// `pow`
    Pow,
    /// `range`
    Range,
    /// `repr`
    Repr,
    /// `reversed`
    Reversed,
    /// `round`
    Round,
    /// `set`
    Set,
    /// `sorted`
    Sorted,
    /// `str`
    Str,
    /// `sum`
    Sum,
    /// `tuple`
    Tuple,
    /// `zip`
    Zip,
}

impl Builtin {
    /// Every builtin this engine calls.
    pub const ALL: [Builtin; 35] = [
        Self::Abs,
        Self::All,
        Self::Any,
        Self::Ascii,
        Self::Bin,
        Self::Bool,
        Self::Bytes,
        Self::Chr,
        Self::Complex,
        Self::Dict,
        Self::Divmod,
        Self::Enumerate,
        Self::Float,
        Self::Format,
        Self::FrozenSet,
        Self::Hash,
        Self::Hex,
        Self::Int,
        Self::Len,
        Self::List,
        Self::Max,
        Self::Min,
        Self::Oct,
        Self::Ord,
        Self::Pow,
        Self::Range,
        Self::Repr,
        Self::Reversed,
        Self::Round,
        Self::Set,
        Self::Sorted,
        Self::Str,
        Self::Sum,
        Self::Tuple,
        Self::Zip,
    ];

    /// The builtin's name in Python.
    ///
    /// ```
    /// use toolcup_brew::Builtin;
    /// assert_eq!(Builtin::FrozenSet.name(), "frozenset");
    /// assert_eq!(Builtin::from_name("len"), Some(Builtin::Len));
    /// assert_eq!(Builtin::from_name("print"), None);
    /// ```
    pub fn name(self) -> &'static str {
        match self {
            Self::Abs => "abs",
            Self::All => "all",
            Self::Any => "any",
            Self::Ascii => "ascii",
            Self::Bin => "bin",
            Self::Bool => "bool",
            Self::Bytes => "bytes",
            Self::Chr => "chr",
            Self::Complex => "complex",
            Self::Dict => "dict",
            Self::Divmod => "divmod",
            Self::Enumerate => "enumerate",
            Self::Float => "float",
            Self::Format => "format",
            Self::FrozenSet => "frozenset",
            Self::Hash => "hash",
            Self::Hex => "hex",
            Self::Int => "int",
            Self::Len => "len",
            Self::List => "list",
            Self::Max => "max",
            Self::Min => "min",
            Self::Oct => "oct",
            Self::Ord => "ord",
            Self::Pow => "pow",
            Self::Range => "range",
            Self::Repr => "repr",
            Self::Reversed => "reversed",
            Self::Round => "round",
            Self::Set => "set",
            Self::Sorted => "sorted",
            Self::Str => "str",
            Self::Sum => "sum",
            Self::Tuple => "tuple",
            Self::Zip => "zip",
        }
    }

    /// The builtin called `name`, if this engine has it.
    pub fn from_name(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|b| b.name() == name)
    }

    /// Whether the builtin is a class (`int`, `zip`, …) rather than a function.
    pub fn is_type(self) -> bool {
        matches!(
            self,
            Self::Bool
                | Self::Bytes
                | Self::Complex
                | Self::Dict
                | Self::Enumerate
                | Self::Float
                | Self::FrozenSet
                | Self::Int
                | Self::List
                | Self::Range
                | Self::Reversed
                | Self::Set
                | Self::Str
                | Self::Tuple
                | Self::Zip
        )
    }
}

/// A lazy iterator of `zip`, `enumerate` or `reversed`: Python makes these
/// without consuming their arguments, and fails (`zip(strict=True)`) only
/// when they are consumed.
#[derive(Debug, Clone, PartialEq)]
pub struct LazyIterator {
    pub(crate) kind: IteratorKind,
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) enum IteratorKind {
    Zip { sources: Vec<Value>, strict: bool },
    Enumerate { source: Value, start: BigInt },
    Reversed { source: Value },
}

impl LazyIterator {
    /// The iterator's Python type name (`zip`, `list_reverseiterator`, …).
    pub fn type_name(&self) -> &'static str {
        match &self.kind {
            IteratorKind::Zip { .. } => "zip",
            IteratorKind::Enumerate { .. } => "enumerate",
            IteratorKind::Reversed { source } => match source {
                Value::List(_) => "list_reverseiterator",
                Value::Dict(_) => "dict_reversekeyiterator",
                Value::Range(r) if !r.len().fits_in_i64() => "longrange_iterator",
                Value::Range(_) => "range_iterator",
                _ => "reversed",
            },
        }
    }
}

trait FitsInI64 {
    fn fits_in_i64(&self) -> bool;
}

impl FitsInI64 for BigInt {
    fn fits_in_i64(&self) -> bool {
        i64::try_from(self).is_ok()
    }
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

impl Clone for Value {
    fn clone(&self) -> Self {
        // Containers clone their items through here: grow the stack on the
        // heap when it runs low, so that any depth clones.
        crate::depth::grow(|| match self {
            Self::None => Self::None,
            Self::Ellipsis => Self::Ellipsis,
            Self::Bool(b) => Self::Bool(*b),
            Self::Int(i) => Self::Int(i.clone()),
            Self::Float(f) => Self::Float(*f),
            Self::Complex { re, im } => Self::Complex { re: *re, im: *im },
            Self::Str(s) => Self::Str(s.clone()),
            Self::Bytes(b) => Self::Bytes(b.clone()),
            Self::Tuple(items) => Self::Tuple(items.clone()),
            Self::List(items) => Self::List(items.clone()),
            Self::Set(t) => Self::Set(t.clone()),
            Self::FrozenSet(t) => Self::FrozenSet(t.clone()),
            Self::Dict(pairs) => Self::Dict(pairs.clone()),
            Self::Range(r) => Self::Range(r.clone()),
            Self::Builtin(b) => Self::Builtin(*b),
            Self::Iterator(it) => Self::Iterator(it.clone()),
            Self::GenericAlias(ga) => Self::GenericAlias(ga.clone()),
            Self::Union(members) => Self::Union(members.clone()),
            Self::TypeParam(t) => Self::TypeParam(t.clone()),
        })
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
            Self::Builtin(b) if b.is_type() => "type",
            Self::Builtin(_) => "builtin_function_or_method",
            Self::Iterator(it) => it.type_name(),
            Self::GenericAlias(_) => "types.GenericAlias",
            Self::Union(_) => "types.UnionType",
            Self::TypeParam(t) => t.kind.type_name(),
        }
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
