//! Calls of Python's pure builtins, as CPython 3.13 answers them: results,
//! argument checking, and every exception's class and message.
//!
//! | builtin | notes |
//! |---|---|
//! | `int(x=0, base=10)` | from numbers (truncating floats) and from text: signs, underscores, `0x`/`0o`/`0b` with base 0, Unicode digits and spaces, the 4,300-digit limit |
//! | `float(x=0.0)` | from numbers and text (`inf`, `nan`, underscores, Unicode digits) |
//! | `complex(real=0, imag=0)` | from numbers and text (`'1+2j'`, `'(j)'`) |
//! | `str(object='')`, `str(bytes, encoding, errors)` | `repr`-based `str`; decoding with UTF-8, ASCII and Latin-1 (`strict`, `ignore`, `replace`, `backslashreplace`) |
//! | `bytes(…)` | from an int (zeros), an iterable of ints, bytes, or a str with an encoding |
//! | `bool(x)`, `repr(x)`, `ascii(x)` | |
//! | `format(value, format_spec='', /)` | CPython 3.13's format-spec mini-language for `str`, `int`, `bool`, `float` and `complex`; other values take the empty spec only (see [`crate::ops`]'s f-strings) |
//! | `len(x)` | |
//! | `abs(x)`, `divmod(a, b)`, `pow(base, exp, mod=None)`, `round(number, ndigits=None)` | `pow` with a modulus, including modular inverses; `round` correctly rounded, half to even |
//! | `sum(iterable, /, start=0)` | CPython's int and float fast paths (compensated float summation since 3.12) |
//! | `min`, `max` (`key`, `default`) | `key` may be any builtin here |
//! | `sorted(iterable, /, *, key=None, reverse=False)` | CPython's run detection and binary insertion, so that a mixed list fails on the same pair |
//! | `any`, `all` | |
//! | `hex`, `oct`, `bin`, `chr`, `ord` | |
//! | `tuple`, `list`, `set`, `frozenset`, `dict`, `range` | `set` and `frozenset` in CPython's order |
//! | `reversed`, `enumerate`, `zip` (`strict`) | lazy iterators ([`crate::LazyIterator`]), consumed by the builtins and by `*` unpacking |
//! | `hash(x)` | ints, floats, complex numbers, `None`, bools, ranges, and tuples and frozensets of them; the hash of `str` and `bytes` is randomised per CPython process, so we refuse it |
//!
//! ```
//! use toolcup_brew::{builtins, Budget, Builtin, Value};
//! let mut budget = Budget::default();
//! let v = builtins::call(Builtin::Round, vec![Value::Float(2.675), Value::from(2)], vec![], &mut budget).unwrap();
//! assert_eq!(v.repr(), "2.67");
//! let err = builtins::call(Builtin::Int, vec![Value::from("12a")], vec![], &mut budget).unwrap_err();
//! assert_eq!(err.to_string(), "ValueError: invalid literal for int() with base 10: '12a'");
//! ```

mod codecs;
mod collections;
mod convert;
mod numbers;
mod numeric;
mod sort;

use crate::error::{Error, PyException};
use crate::limits::Budget;
use crate::value::{Builtin, Value};

/// Calls `builtin` with positional `args` and keyword `kwargs` (in the order written).
pub fn call(
    builtin: Builtin,
    args: Vec<Value>,
    kwargs: Vec<(String, Value)>,
    budget: &mut Budget,
) -> Result<Value, Error> {
    budget.charge(1)?;
    let args = Args {
        name: builtin.name(),
        pos: args,
        kw: kwargs,
    };
    match builtin {
        Builtin::Abs => numeric::abs(args, budget),
        Builtin::All => collections::any_all(args, false, budget),
        Builtin::Any => collections::any_all(args, true, budget),
        Builtin::Ascii => convert::ascii(args, budget),
        Builtin::Bin => convert::int_text(args, 2),
        Builtin::Bool => convert::bool(args),
        Builtin::Bytes => convert::bytes(args, budget),
        Builtin::Chr => convert::chr(args),
        Builtin::Complex => convert::complex(args),
        Builtin::Dict => collections::dict(args, budget),
        Builtin::Divmod => numeric::divmod(args, budget),
        Builtin::Enumerate => collections::enumerate(args),
        Builtin::Float => convert::float(args),
        Builtin::Format => convert::format(args, budget),
        Builtin::FrozenSet => collections::set(args, true, budget),
        Builtin::Hash => convert::hash(args),
        Builtin::Hex => convert::int_text(args, 16),
        Builtin::Int => convert::int(args, budget),
        Builtin::Len => collections::len(args),
        Builtin::List => collections::sequence(args, false, budget),
        Builtin::Max => collections::min_max(args, false, budget),
        Builtin::Min => collections::min_max(args, true, budget),
        Builtin::Oct => convert::int_text(args, 8),
        Builtin::Ord => convert::ord(args),
        Builtin::Pow => numeric::pow(args, budget),
        Builtin::Range => collections::range(args),
        Builtin::Repr => convert::repr(args, budget),
        Builtin::Reversed => collections::reversed(args),
        Builtin::Round => numeric::round(args, budget),
        Builtin::Set => collections::set(args, false, budget),
        Builtin::Sorted => sort::sorted(args, budget),
        Builtin::Str => convert::str(args, budget),
        Builtin::Sum => numeric::sum(args, budget),
        Builtin::Tuple => collections::sequence(args, true, budget),
        Builtin::Zip => collections::zip(args),
    }
}

/// Calls a value: a builtin function or type, or an alias such as
/// `list[int]` (which calls `list`); anything else is `TypeError: 'int'
/// object is not callable`.
///
/// ```
/// use toolcup_brew::{builtins, Budget, Builtin, Value};
/// let mut budget = Budget::default();
/// let len = Value::Builtin(Builtin::Len);
/// assert_eq!(builtins::call_value(&len, vec![Value::from("oat")], vec![], &mut budget).unwrap().repr(), "3");
/// let err = builtins::call_value(&Value::from(3), vec![], vec![], &mut budget).unwrap_err();
/// assert_eq!(err.to_string(), "TypeError: 'int' object is not callable");
/// ```
pub fn call_value(
    callee: &Value,
    args: Vec<Value>,
    kwargs: Vec<(String, Value)>,
    budget: &mut Budget,
) -> Result<Value, Error> {
    match callee {
        Value::Builtin(b) => call(*b, args, kwargs, budget),
        Value::GenericAlias(ga) => call(ga.origin, args, kwargs, budget),
        other => Err(type_error(format!(
            "'{}' object is not callable",
            other.type_name()
        ))),
    }
}

/// The arguments of one builtin call, with CPython's ways of rejecting them.
pub(crate) struct Args {
    pub name: &'static str,
    pub pos: Vec<Value>,
    pub kw: Vec<(String, Value)>,
}

pub(crate) fn type_error(message: impl Into<String>) -> Error {
    PyException::type_error(message).into()
}

fn plural(n: usize, word: &str) -> String {
    if n == 1 {
        format!("1 {word}")
    } else {
        format!("{n} {word}s")
    }
}

impl Args {
    /// `X() takes no keyword arguments`.
    pub fn no_keywords(&self) -> Result<(), Error> {
        if self.kw.is_empty() {
            Ok(())
        } else {
            Err(type_error(format!(
                "{}() takes no keyword arguments",
                self.name
            )))
        }
    }

    /// A one-argument function (`METH_O`): `len() takes exactly one argument (2 given)`.
    pub fn one(mut self) -> Result<Value, Error> {
        self.no_keywords()?;
        if self.pos.len() != 1 {
            return Err(type_error(format!(
                "{}() takes exactly one argument ({} given)",
                self.name,
                self.pos.len()
            )));
        }
        Ok(self.pos.remove(0))
    }

    /// `float expected at most 1 argument, got 2`.
    pub fn expect_at_most(&self, max: usize) -> Result<(), Error> {
        if self.pos.len() > max {
            return Err(type_error(format!(
                "{} expected at most {}, got {}",
                self.name,
                plural(max, "argument"),
                self.pos.len()
            )));
        }
        Ok(())
    }

    /// `range expected at least 1 argument, got 0`.
    pub fn expect_at_least(&self, min: usize) -> Result<(), Error> {
        if self.pos.len() < min {
            return Err(type_error(format!(
                "{} expected at least {}, got {}",
                self.name,
                plural(min, "argument"),
                self.pos.len()
            )));
        }
        Ok(())
    }

    /// `divmod expected 2 arguments, got 1`.
    pub fn expect_exactly(&self, n: usize) -> Result<(), Error> {
        if self.pos.len() != n {
            return Err(type_error(format!(
                "{} expected {}, got {}",
                self.name,
                plural(n, "argument"),
                self.pos.len()
            )));
        }
        Ok(())
    }

    /// Removes and returns the keyword argument `name`.
    pub fn take_kw(&mut self, name: &str) -> Option<Value> {
        let i = self.kw.iter().position(|(k, _)| k == name)?;
        Some(self.kw.remove(i).1)
    }

    /// `X() got an unexpected keyword argument 'foo'` for any keyword left.
    pub fn no_other_keywords(&self) -> Result<(), Error> {
        match self.kw.first() {
            None => Ok(()),
            Some((k, _)) => Err(type_error(format!(
                "{}() got an unexpected keyword argument '{k}'",
                self.name
            ))),
        }
    }

    /// Parameters `names` that may be given by position or keyword (Argument
    /// Clinic), the first `positional_only` of them by position only and the
    /// first `required` of them required: CPython's errors, in its order, for
    /// too many, missing, doubled and unexpected arguments.
    pub fn clinic(
        mut self,
        names: &[&str],
        positional_only: usize,
        required: usize,
    ) -> Result<Vec<Option<Value>>, Error> {
        let given = self.pos.len() + self.kw.len();
        if given > names.len() {
            return Err(type_error(format!(
                "{}() takes at most {} ({given} given)",
                self.name,
                plural(names.len(), "argument")
            )));
        }
        let npos = self.pos.len();
        let mut out: Vec<Option<Value>> = self.pos.drain(..).map(Some).collect();
        out.resize(names.len(), None);
        for (i, name) in names.iter().enumerate().skip(npos.max(positional_only)) {
            out[i] = self.take_kw(name);
            if out[i].is_none() && i < required {
                return Err(type_error(format!(
                    "{}() missing required argument '{name}' (pos {})",
                    self.name,
                    i + 1
                )));
            }
        }
        if let Some((k, _)) = self.kw.first() {
            if let Some(i) = names[positional_only.min(npos)..npos]
                .iter()
                .position(|n| n == k)
            {
                return Err(type_error(format!(
                    "argument for {}() given by name ('{k}') and position ({})",
                    self.name,
                    positional_only.min(npos) + i + 1
                )));
            }
            return Err(type_error(format!(
                "{}() got an unexpected keyword argument '{k}'",
                self.name
            )));
        }
        Ok(out)
    }
}

/// `operator.index(v)` for the builtins: an int or bool, or `TypeError:
/// 'float' object cannot be interpreted as an integer`.
pub(crate) fn index(v: &Value) -> Result<num_bigint::BigInt, Error> {
    crate::ops::index_value(v).ok_or_else(|| {
        type_error(format!(
            "'{}' object cannot be interpreted as an integer",
            v.type_name()
        ))
    })
}

#[cfg(test)]
mod tests;
