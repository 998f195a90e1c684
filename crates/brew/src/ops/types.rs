//! Builtin types as values in annotations: `list[str]` makes a
//! `types.GenericAlias`, `str | None` a `types.UnionType`, as in CPython 3.13.

use super::compare::py_eq;
use crate::error::{Error, PyException};
use crate::limits::Limit;
use crate::value::{Builtin, GenericAlias, Value};

/// Whether `a | b` makes a union: both are `None`, a type, an alias or a
/// union, and one of them is not `None` (which has no `|` of its own).
pub(crate) fn makes_union(a: &Value, b: &Value) -> bool {
    unionable(a) && unionable(b) && !(matches!(a, Value::None) && matches!(b, Value::None))
}

fn unionable(v: &Value) -> bool {
    match v {
        Value::None | Value::GenericAlias(_) | Value::Union(_) => true,
        Value::Builtin(b) => b.is_type(),
        _ => false,
    }
}

/// `a | b` for unionable operands: the members of both, without repeats;
/// a single member is returned as itself (`int | int` is `int`).
pub(crate) fn union(a: Value, b: Value) -> Value {
    let mut members: Vec<Value> = Vec::new();
    for side in [a, b] {
        let parts = match side {
            Value::Union(m) => m,
            other => vec![other],
        };
        for p in parts {
            if !members.iter().any(|m| py_eq(m, &p)) {
                members.push(p);
            }
        }
    }
    if members.len() == 1 {
        return members.pop().unwrap_or(Value::None);
    }
    Value::Union(members)
}

/// `type[a:b]`: CPython's TypeError for the builtins that are not generic;
/// `Ok(None)` when `container` is not a type.
pub(crate) fn slice(container: &Value) -> Result<Option<Value>, Error> {
    match container {
        Value::Builtin(b) if b.is_type() && !generic(*b) => Err(not_subscriptable(*b)),
        Value::Builtin(b) if b.is_type() => {
            Err(Limit::NotSupported("a slice as the parameter of a generic type").into())
        }
        Value::GenericAlias(_) | Value::Union(_) => {
            Err(substitution(container).unwrap_or_else(|| not_generic(container)))
        }
        _ => Ok(None),
    }
}

/// Whether an alias or union holds a type parameter, which a subscript
/// would substitute (`list[T][int]` is `list[int]`): not modelled.
fn holds_type_param(v: &Value) -> bool {
    crate::depth::grow(|| match v {
        Value::TypeParam(_) => true,
        Value::GenericAlias(ga) => ga.args.iter().any(holds_type_param),
        Value::Union(m) | Value::List(m) | Value::Tuple(m) => m.iter().any(holds_type_param),
        _ => false,
    })
}

fn substitution(container: &Value) -> Option<Error> {
    holds_type_param(container)
        .then(|| Limit::NotSupported("substituting a type parameter of a generic alias").into())
}

fn generic(b: Builtin) -> bool {
    matches!(
        b,
        Builtin::List
            | Builtin::Dict
            | Builtin::Tuple
            | Builtin::Set
            | Builtin::FrozenSet
            | Builtin::Enumerate
    )
}

fn not_subscriptable(b: Builtin) -> Error {
    PyException::type_error(format!("type '{}' is not subscriptable", b.name())).into()
}

fn not_generic(v: &Value) -> Error {
    PyException::type_error(format!("{} is not a generic class", v.repr())).into()
}

/// `type[index]`: an alias for the generic builtins, CPython's TypeError
/// for the others; `Ok(None)` when `container` is not a type.
pub(crate) fn subscript(container: &Value, index: &Value) -> Result<Option<Value>, Error> {
    match container {
        Value::Builtin(b) if b.is_type() => {
            if !generic(*b) {
                return Err(not_subscriptable(*b));
            }
            let args = match index {
                Value::Tuple(items) => items.clone(),
                other => vec![other.clone()],
            };
            Ok(Some(Value::GenericAlias(Box::new(GenericAlias {
                origin: *b,
                args,
                unpacked: false,
            }))))
        }
        Value::GenericAlias(_) | Value::Union(_) => {
            Err(substitution(container).unwrap_or_else(|| not_generic(container)))
        }
        _ => Ok(None),
    }
}
