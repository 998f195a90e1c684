//! Evaluation of a call's arguments in CPython 3.13's order: the positional
//! part (with `LIST_EXTEND` for `*x`), then keyword groups merged with
//! `DICT_MERGE`, then `CALL_FUNCTION_EX`'s checks.

use crate::ast::Expr;
use crate::call::{ArgumentKind, Call};
use crate::error::{Error, PyException};
use crate::eval::{Scope, eval_expr};
use crate::limits::Budget;
use crate::ops;
use crate::value::Value;

/// Where a value handed to the function came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Origin {
    /// Index of the argument in the call.
    pub argument: usize,
    /// Whether it came out of `*iterable` or `**mapping`.
    pub unpacked: bool,
}

/// The call's arguments as the function receives them.
pub(crate) struct Evaluated {
    pub positional: Vec<(Value, Origin)>,
    /// Keyword names are `str` keys; others fail "keywords must be strings".
    pub keywords: Vec<(String, Value, Origin)>,
}

/// The name CPython gives the function in the messages of the call's own
/// bytecodes (`_PyObject_FunctionStr`): its module, then its qualified name,
/// for a function defined in a script.
pub(crate) fn function_str(function: &str) -> String {
    format!("__main__.{function}()")
}

/// Evaluates the arguments of `call` to `function` the way CPython does, in
/// a script that defines `function`, each expression as it comes (an
/// expression we do not evaluate is refused where CPython would run it).
pub(crate) fn evaluate(call: Call, function: &str) -> Result<Evaluated, Error> {
    let kinds: Vec<ArgumentKind> = call.arguments.iter().map(|a| a.kind.clone()).collect();
    let exprs: Vec<Expr> = call.arguments.into_iter().map(|a| a.expr).collect();
    let scope = Scope {
        function: Some(function),
        type_params: &[],
    };
    let mut budget = Budget::default();
    let take = |i: usize, budget: &mut Budget| -> Result<Value, Error> {
        eval_expr(&exprs[i], scope, budget)
    };
    let fstr = function_str(function);
    let args = &kinds;
    let positional_args: Vec<usize> = (0..args.len())
        .filter(|&i| matches!(args[i], ArgumentKind::Positional | ArgumentKind::Star))
        .collect();
    let keyword_args: Vec<usize> = (0..args.len())
        .filter(|&i| matches!(args[i], ArgumentKind::Keyword(_) | ArgumentKind::DoubleStar))
        .collect();

    // Positional part.
    let mut positional = Vec::new();
    let mut deferred_star: Option<(Value, usize)> = None;
    if positional_args.len() == 1 && args[positional_args[0]] == ArgumentKind::Star {
        // `f(*x, ...)`: x is passed as is and checked by CALL_FUNCTION_EX.
        let i = positional_args[0];
        deferred_star = Some((take(i, &mut budget)?, i));
    } else {
        for &i in &positional_args {
            let v = take(i, &mut budget)?;
            if args[i] == ArgumentKind::Star {
                unpack_star(&v, i, "Value", &mut budget, &mut positional)?;
            } else {
                positional.push((
                    v,
                    Origin {
                        argument: i,
                        unpacked: false,
                    },
                ));
            }
        }
    }

    // Keyword part: plain keyword runs are built then merged; `**m` merged one by one.
    let mut keywords: Vec<(Value, Value, Origin)> = Vec::new();
    let mut run: Vec<(Value, Value, Origin)> = Vec::new();
    let merge = |into: &mut Vec<(Value, Value, Origin)>,
                 items: Vec<(Value, Value, Origin)>|
     -> Result<(), Error> {
        for (k, v, o) in items {
            if into.iter().any(|(x, _, _)| keys_equal(x, &k)) {
                return Err(PyException::type_error(format!(
                    "{fstr} got multiple values for keyword argument '{}'",
                    k.to_py_str()
                ))
                .into());
            }
            into.push((k, v, o));
        }
        Ok(())
    };
    for &i in &keyword_args {
        match &args[i] {
            ArgumentKind::Keyword(name) => {
                let v = take(i, &mut budget)?;
                run.push((
                    Value::Str(name.clone()),
                    v,
                    Origin {
                        argument: i,
                        unpacked: false,
                    },
                ));
            }
            _ => {
                if !run.is_empty() {
                    merge(&mut keywords, std::mem::take(&mut run))?;
                }
                let m = take(i, &mut budget)?;
                let Value::Dict(pairs) = m else {
                    return Err(PyException::type_error(format!(
                        "{fstr} argument after ** must be a mapping, not {}",
                        m.type_name()
                    ))
                    .into());
                };
                let items = pairs
                    .into_iter()
                    .map(|(k, v)| {
                        (
                            k,
                            v,
                            Origin {
                                argument: i,
                                unpacked: true,
                            },
                        )
                    })
                    .collect();
                merge(&mut keywords, items)?;
            }
        }
    }
    if !run.is_empty() {
        merge(&mut keywords, run)?;
    }

    if let Some((v, i)) = deferred_star {
        let what = format!("{fstr} argument");
        unpack_star(&v, i, &what, &mut budget, &mut positional)?;
    }

    let mut named = Vec::with_capacity(keywords.len());
    for (k, v, o) in keywords {
        match k {
            Value::Str(s) => named.push((s, v, o)),
            _ => return Err(PyException::type_error("keywords must be strings").into()),
        }
    }
    Ok(Evaluated {
        positional,
        keywords: named,
    })
}

/// Appends the items of `*v` (argument `i`) to `positional`, or raises
/// CPython's `TypeError: {what} after * must be an iterable, not …` (its
/// compiler and CALL_FUNCTION_EX word the start differently).
fn unpack_star(
    v: &Value,
    i: usize,
    what: &str,
    budget: &mut Budget,
    positional: &mut Vec<(Value, Origin)>,
) -> Result<(), Error> {
    if !ops::is_iterable(v) {
        return Err(PyException::type_error(format!(
            "{what} after * must be an iterable, not {}",
            v.type_name()
        ))
        .into());
    }
    let items = ops::iterate(v, budget)?;
    positional.extend(items.into_iter().map(|x| {
        (
            x,
            Origin {
                argument: i,
                unpacked: true,
            },
        )
    }));
    Ok(())
}

fn keys_equal(a: &Value, b: &Value) -> bool {
    if let (Value::Str(x), Value::Str(y)) = (a, b) {
        return x == y;
    }
    match (a.hash_key(), b.hash_key()) {
        (Ok(x), Ok(y)) => x == y,
        _ => false,
    }
}
