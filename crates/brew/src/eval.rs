//! Evaluation of one expression of a call: literals, displays and unary
//! signs, walking the tree on a grown stack (see [`crate::depth`]).

use num_bigint::BigInt;

use crate::ast::{Expr, ExprKind, UnaryOp};
use crate::depth::grow;
use crate::error::PyException;
use crate::value::Value;

/// Evaluates an expression made of literals, displays and unary signs (the
/// caller has refused anything else, see [`Expr::first_unsupported`]).
pub(crate) fn eval_expr(e: &Expr) -> Result<Value, PyException> {
    grow(|| match &e.kind {
        ExprKind::Const(v) => Ok(v.clone()),
        ExprKind::Tuple(items) => Ok(Value::Tuple(eval_all(items)?)),
        ExprKind::List(items) => Ok(Value::List(eval_all(items)?)),
        ExprKind::Set(items) => Value::new_set(eval_all(items)?),
        ExprKind::Dict(pairs) => {
            let mut evaluated = Vec::with_capacity(pairs.len());
            for (k, v) in pairs {
                let Some(k) = k else {
                    return Err(not_evaluated());
                };
                let k = eval_expr(k)?;
                let v = eval_expr(v)?;
                evaluated.push((k, v));
            }
            Value::new_dict(evaluated)
        }
        ExprKind::Unary(op, inner) => unary(*op, eval_expr(inner)?),
        _ => Err(not_evaluated()),
    })
}

fn eval_all(items: &[Expr]) -> Result<Vec<Value>, PyException> {
    items.iter().map(eval_expr).collect()
}

/// Refused before evaluation; reaching here is a bug, reported as Python would not.
fn not_evaluated() -> PyException {
    PyException::type_error("expression cannot be evaluated")
}

fn unary(op: UnaryOp, v: Value) -> Result<Value, PyException> {
    let as_int = |v: &Value| match v {
        Value::Int(i) => Some(i.clone()),
        Value::Bool(b) => Some(BigInt::from(u8::from(*b))),
        _ => None,
    };
    let out = match (op, &v) {
        (UnaryOp::Neg, Value::Float(f)) => Some(Value::Float(-f)),
        (UnaryOp::Pos, Value::Float(f)) => Some(Value::Float(*f)),
        (UnaryOp::Neg, Value::Complex { re, im }) => Some(Value::Complex { re: -re, im: -im }),
        (UnaryOp::Pos, Value::Complex { re, im }) => Some(Value::Complex { re: *re, im: *im }),
        (UnaryOp::Neg, _) => as_int(&v).map(|i| Value::Int(-i)),
        (UnaryOp::Pos, _) => as_int(&v).map(Value::Int),
        (UnaryOp::Invert, _) => as_int(&v).map(|i: BigInt| Value::Int(-(i + BigInt::from(1)))),
        (UnaryOp::Not, _) => None,
    };
    let op = match op {
        UnaryOp::Neg => "-",
        UnaryOp::Pos => "+",
        UnaryOp::Invert => "~",
        UnaryOp::Not => "not",
    };
    out.ok_or_else(|| {
        PyException::type_error(format!(
            "bad operand type for unary {op}: '{}'",
            v.type_name()
        ))
    })
}
