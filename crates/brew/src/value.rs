//! Python values that can appear in a brew call, with Python's equality rules
//! for dict keys and set members.

use std::collections::HashMap;

use num_bigint::BigInt;
use num_traits::Zero;

use crate::error::PyException;

/// A Python value built from literals.
///
/// Containers keep Python's semantics: a dict keeps its first key and last
/// value for equal keys (`{1: 'a', True: 'b'}` is `{1: 'b'}`), a set keeps
/// the first of equal members. Sets keep their members in insertion order,
/// where CPython orders them by hash (see [`Value::repr`]).
#[derive(Debug, Clone, PartialEq)]
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
    /// A `set`.
    Set(Vec<Value>),
    /// A `dict`, in insertion order.
    Dict(Vec<(Value, Value)>),
}

/// What Python's `hash`/`==` make of a hashable value: equal keys are equal
/// Python values (`1 == 1.0 == True`).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(crate) enum HashKey {
    None,
    Ellipsis,
    Int(BigInt),
    Float(u64),
    Complex(Box<HashKey>, u64),
    Str(String),
    Bytes(Vec<u8>),
    Tuple(Vec<HashKey>),
}

fn float_key(f: f64) -> HashKey {
    if f.is_finite() && f.fract() == 0.0 {
        // Integral floats equal the int of the same value; -0.0 == 0.
        HashKey::Int(float_to_bigint(f))
    } else if f.is_nan() {
        // NaN never equals itself: give each its own identity by bits (literals cannot make NaN).
        HashKey::Float(f.to_bits())
    } else {
        HashKey::Float(f.to_bits())
    }
}

fn float_to_bigint(f: f64) -> BigInt {
    // Exact for integral finite floats: mantissa * 2^exp.
    let bits = f.to_bits();
    let sign = if bits >> 63 == 1 { -1 } else { 1 };
    let exp = ((bits >> 52) & 0x7ff) as i64;
    let frac = bits & ((1u64 << 52) - 1);
    if exp == 0 {
        return BigInt::zero(); // only integral subnormal is 0
    }
    let mant = BigInt::from(frac | (1u64 << 52));
    let shift = exp - 1075;
    let mag = if shift >= 0 {
        mant << shift as usize
    } else {
        mant >> (-shift) as usize
    };
    mag * sign
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
            Self::Dict(_) => "dict",
        }
    }

    /// The key Python's dict and set use, or the `unhashable type` TypeError.
    pub(crate) fn hash_key(&self) -> Result<HashKey, PyException> {
        Ok(match self {
            Self::None => HashKey::None,
            Self::Ellipsis => HashKey::Ellipsis,
            Self::Bool(b) => HashKey::Int(BigInt::from(u8::from(*b))),
            Self::Int(i) => HashKey::Int(i.clone()),
            Self::Float(f) => float_key(*f),
            Self::Complex { re, im } => {
                if *im == 0.0 {
                    float_key(*re)
                } else {
                    HashKey::Complex(Box::new(float_key(*re)), im.to_bits())
                }
            }
            Self::Str(s) => HashKey::Str(s.clone()),
            Self::Bytes(b) => HashKey::Bytes(b.clone()),
            Self::Tuple(items) => HashKey::Tuple(
                items
                    .iter()
                    .map(Value::hash_key)
                    .collect::<Result<_, _>>()?,
            ),
            Self::List(_) | Self::Set(_) | Self::Dict(_) => {
                return Err(PyException::type_error(format!(
                    "unhashable type: '{}'",
                    self.type_name()
                )));
            }
        })
    }

    /// Builds a set from members in order, as Python's `BUILD_SET` does.
    pub(crate) fn new_set(items: Vec<Value>) -> Result<Value, PyException> {
        let mut seen = HashMap::new();
        let mut out = Vec::with_capacity(items.len());
        for item in items {
            let key = item.hash_key()?;
            if let std::collections::hash_map::Entry::Vacant(e) = seen.entry(key) {
                e.insert(());
                out.push(item);
            }
        }
        Ok(Value::Set(out))
    }

    /// Builds a dict from pairs in order, as Python's `BUILD_MAP` does.
    pub(crate) fn new_dict(pairs: Vec<(Value, Value)>) -> Result<Value, PyException> {
        let mut index: HashMap<HashKey, usize> = HashMap::new();
        let mut out: Vec<(Value, Value)> = Vec::with_capacity(pairs.len());
        for (k, v) in pairs {
            let key = k.hash_key()?;
            match index.get(&key) {
                Some(&i) => out[i].1 = v,
                None => {
                    index.insert(key, out.len());
                    out.push((k, v));
                }
            }
        }
        Ok(Value::Dict(out))
    }

    /// What `*value` yields, or `None` when Python cannot iterate it.
    pub(crate) fn iterate(&self) -> Option<Vec<Value>> {
        Some(match self {
            Self::Str(s) => s.chars().map(|c| Value::Str(c.to_string())).collect(),
            Self::Bytes(b) => b.iter().map(|&x| Value::Int(BigInt::from(x))).collect(),
            Self::Tuple(items) | Self::List(items) | Self::Set(items) => items.clone(),
            Self::Dict(pairs) => pairs.iter().map(|(k, _)| k.clone()).collect(),
            _ => return None,
        })
    }

    /// The integer value of an `int` or `bool` (Python's bool is an int subclass).
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
