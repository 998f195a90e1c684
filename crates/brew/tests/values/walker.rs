//! Evaluates a generated expression with the value API in CPython's order,
//! tracking which parts CPython 3.13's AST optimiser folds into constants
//! (that decides how a set display is built, and so its order).

use toolcup_brew::ops::{self, DictItem, Item};
use toolcup_brew::{Budget, Error, Value, builtins};

use super::generator::Node;

/// A value, and whether CPython's optimiser made it a constant.
pub struct Evaluated {
    pub value: Value,
    pub constant: bool,
}

fn computed(value: Value) -> Evaluated {
    Evaluated {
        value,
        constant: false,
    }
}

/// Evaluates `node` as CPython would.
pub fn eval(node: &Node, budget: &mut Budget) -> Result<Evaluated, Error> {
    Ok(match node {
        Node::Lit(v, _) => Evaluated {
            value: v.clone(),
            constant: true,
        },
        Node::Name(b) => computed(Value::Builtin(*b)),
        Node::Unary(op, a) => {
            let a = eval(a, budget)?;
            let value = ops::unary(*op, a.value, budget)?;
            // The optimiser folds any unary operator on a constant that succeeds.
            Evaluated {
                value,
                constant: a.constant,
            }
        }
        Node::Binary(op, a, b) => {
            let a = eval(a, budget)?;
            let b = eval(b, budget)?;
            let folds = a.constant && b.constant && ops::folds(*op, &a.value, &b.value);
            Evaluated {
                value: ops::binary(*op, a.value, b.value, budget)?,
                constant: folds,
            }
        }
        Node::BoolOp(and, a, b) => {
            let a = eval(a, budget)?;
            if ops::truth(&a.value) == *and {
                computed(eval(b, budget)?.value)
            } else {
                computed(a.value)
            }
        }
        Node::Compare(first, links) => {
            let mut left = eval(first, budget)?.value;
            let mut result = true;
            for (op, rhs) in links {
                let right = eval(rhs, budget)?.value;
                result = ops::compare(*op, &left, &right, budget)?;
                if !result {
                    break;
                }
                left = right;
            }
            computed(Value::Bool(result))
        }
        Node::IfExp(c, a, b) => {
            let c = eval(c, budget)?;
            computed(if ops::truth(&c.value) {
                eval(a, budget)?.value
            } else {
                eval(b, budget)?.value
            })
        }
        Node::Subscript(c, i) => {
            let c = eval(c, budget)?;
            let i = eval(i, budget)?;
            Evaluated {
                value: ops::subscript(&c.value, &i.value, budget)?,
                constant: c.constant && i.constant,
            }
        }
        Node::Slice(c, bounds) => {
            let c = eval(c, budget)?.value;
            let mut parts = Vec::with_capacity(3);
            for b in bounds {
                parts.push(match b {
                    Some(n) => eval(n, budget)?.value,
                    None => Value::None,
                });
            }
            computed(ops::slice(&c, &parts[0], &parts[1], &parts[2], budget)?)
        }
        Node::Tuple(items) => {
            let constant = items
                .iter()
                .all(|i| matches!(i, Item::One(n) if is_constant(n)));
            let items = items.iter().map(by_ref).collect();
            let value = ops::tuple_display(items, budget, |n: &Node, b| Ok(eval(n, b)?.value))?;
            Evaluated { value, constant }
        }
        Node::List(items) => {
            let items = items.iter().map(by_ref).collect();
            computed(ops::list_display(items, budget, |n: &Node, b| {
                Ok(eval(n, b)?.value)
            })?)
        }
        Node::Set(items) => {
            let constant = items
                .iter()
                .all(|i| matches!(i, Item::One(n) if is_constant(n)));
            let items = items.iter().map(by_ref).collect();
            computed(ops::set_display(items, constant, budget, |n: &Node, b| {
                Ok(eval(n, b)?.value)
            })?)
        }
        Node::Dict(items) => {
            let items = items
                .iter()
                .map(|i| match i {
                    DictItem::Pair(k, v) => DictItem::Pair(k, v),
                    DictItem::Unpack(m) => DictItem::Unpack(m),
                })
                .collect();
            computed(ops::dict_display(items, budget, |n: &Node, b| {
                Ok(eval(n, b)?.value)
            })?)
        }
        Node::Call(b, args, kwargs) => {
            let mut values = Vec::with_capacity(args.len());
            for a in args {
                values.push(eval(a, budget)?.value);
            }
            let mut named = Vec::with_capacity(kwargs.len());
            for (k, v) in kwargs {
                named.push((k.clone(), eval(v, budget)?.value));
            }
            computed(builtins::call(*b, values, named, budget)?)
        }
    })
}

fn by_ref(i: &Item<Node>) -> Item<&Node> {
    match i {
        Item::One(n) => Item::One(n),
        Item::Star(n) => Item::Star(n),
    }
}

/// Whether CPython's optimiser turns `node` into a constant: literals,
/// tuples of constants, and unary and binary operators and subscripts on
/// constants that it folds and that succeed.
fn is_constant(node: &Node) -> bool {
    match node {
        Node::Lit(..) => true,
        Node::Unary(_, _) | Node::Binary(..) | Node::Subscript(..) | Node::Tuple(_) => {
            let mut probe = Budget::default();
            matches!(eval(node, &mut probe), Ok(Evaluated { constant: true, .. }))
        }
        _ => false,
    }
}
