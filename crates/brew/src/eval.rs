//! Evaluation of the expressions of a call or a `def` line (arguments,
//! defaults, annotations) exactly as CPython 3.13 runs them: operators
//! ([`crate::ops`]), the pure builtins ([`crate::builtins`]) and names of
//! the module, in CPython's order of evaluation, walking the tree on a grown
//! stack (see [`crate::depth`]).
//!
//! What needs a runtime (attributes, lambdas, comprehensions, f-strings,
//! calls of anything but a builtin, builtins this engine does not model)
//! is our own [`Error::Unsupported`], raised at the point where CPython
//! would start running it, so that every exception CPython raises earlier
//! is raised here too.

use crate::ast::{ArgKind, BinOp, BoolOp, CmpOp, CompKind, Expr, ExprKind, UnaryOp};
use crate::builtins;
use crate::depth::grow;
use crate::error::{Error, PyErrorKind, PyException, RaisedAt};
use crate::limits::Budget;
use crate::location::Pos;
use crate::ops::{self, BinaryOp, CompareOp, DictItem, Item};
use crate::suggest::{is_builtin, name_error_message};
use crate::value::{Builtin, Value};

/// The globals of a script run as `python3 script.py`, before its first
/// statement, in CPython 3.13's order.
pub(crate) const SCRIPT_GLOBALS: [&str; 9] = [
    "__name__",
    "__doc__",
    "__package__",
    "__loader__",
    "__spec__",
    "__annotations__",
    "__builtins__",
    "__file__",
    "__cached__",
];

/// The module the expressions run in: a script whose globals are
/// [`SCRIPT_GLOBALS`], plus the function once its `def` has run.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Scope<'a> {
    /// The function defined by the script, once defined.
    pub function: Option<&'a str>,
    /// The type parameters an annotation of a generic `def` sees (none
    /// elsewhere: its defaults are evaluated outside the annotation scope).
    pub type_params: &'a [crate::value::TypeParam],
}

impl Scope<'_> {
    /// The module's global names, in insertion order.
    pub(crate) fn globals(&self) -> Vec<&str> {
        let mut g: Vec<&str> = SCRIPT_GLOBALS.to_vec();
        g.extend(self.function);
        g
    }
}

/// Evaluates `e` in `scope`, paying for the work from `budget`.
pub(crate) fn eval_expr(e: &Expr, scope: Scope<'_>, budget: &mut Budget) -> Result<Value, Error> {
    eval(e, scope, budget)
}

fn refuse(what: impl Into<String>, at: Pos) -> Error {
    Error::Unsupported {
        what: what.into(),
        location: at.start_location(),
    }
}

fn eval(e: &Expr, scope: Scope<'_>, budget: &mut Budget) -> Result<Value, Error> {
    grow(|| eval_node(e, scope, budget)).map_err(|err| raised_in(err, e))
}

/// Marks a Python exception that no inner expression claimed as raised by
/// `e`'s own instruction (CPython's traceback points there).
pub(crate) fn raised_in(err: Error, e: &Expr) -> Error {
    match err {
        Error::Python(mut exc) if exc.raised_at.is_none() && !exc.kind.is_syntax() => {
            exc.raised_at = Some(raised_at(e));
            Error::Python(exc)
        }
        other => other,
    }
}

/// The range CPython's instruction for `e` carries.
pub(crate) fn raised_at(e: &Expr) -> RaisedAt {
    let (start, end) = e.cpython_range();
    RaisedAt {
        start: (start.line, start.col),
        end: (end.line, end.col),
    }
}

fn eval_node(e: &Expr, scope: Scope<'_>, budget: &mut Budget) -> Result<Value, Error> {
    match &e.kind {
        ExprKind::Const(v) => {
            budget.charge(1)?;
            Ok(v.clone())
        }
        ExprKind::Name(name) => lookup(name, e.start, scope),
        ExprKind::Tuple(items) => {
            ops::tuple_display(items.iter().map(item).collect(), budget, |x, b| {
                eval(x, scope, b)
            })
        }
        ExprKind::List(items) => {
            ops::list_display(items.iter().map(item).collect(), budget, |x, b| {
                eval(x, scope, b)
            })
        }
        ExprKind::Set(items) => {
            let constant = items.iter().all(|i| folded(i).is_some());
            ops::set_display(
                items.iter().map(item).collect(),
                constant,
                budget,
                |x, b| eval(x, scope, b),
            )
        }
        ExprKind::Dict(pairs) => {
            let items = pairs
                .iter()
                .map(|(k, v)| match k {
                    Some(k) => DictItem::Pair(k, v),
                    None => DictItem::Unpack(v),
                })
                .collect();
            ops::dict_display(items, budget, |x, b| eval(x, scope, b))
        }
        ExprKind::Starred(_) => Err(refuse("unpacking here", e.start)),
        ExprKind::Unary(op, inner) => {
            let v = eval(inner, scope, budget)?;
            ops::unary(unary_op(*op), v, budget)
        }
        ExprKind::Binary(a, op, b) => {
            let a = eval(a, scope, budget)?;
            let b = eval(b, scope, budget)?;
            ops::binary(binary_op(*op), a, b, budget)
        }
        ExprKind::Bool(op, values) => {
            let mut last = Value::None;
            for (i, x) in values.iter().enumerate() {
                last = eval(x, scope, budget)?;
                let stop = match op {
                    BoolOp::And => !ops::truth(&last),
                    BoolOp::Or => ops::truth(&last),
                };
                if stop || i + 1 == values.len() {
                    break;
                }
            }
            Ok(last)
        }
        ExprKind::Compare(first, links) => {
            let mut left = eval(first, scope, budget)?;
            for (op, rhs) in links {
                let right = eval(rhs, scope, budget)?;
                if !ops::compare(compare_op(*op), &left, &right, budget)? {
                    return Ok(Value::Bool(false));
                }
                left = right;
            }
            Ok(Value::Bool(true))
        }
        ExprKind::IfExp { body, test, orelse } => {
            if ops::truth(&eval(test, scope, budget)?) {
                eval(body, scope, budget)
            } else {
                eval(orelse, scope, budget)
            }
        }
        ExprKind::Subscript(container, index) => {
            let c = eval(container, scope, budget)?;
            match &index.kind {
                ExprKind::Slice(lower, upper, step) => {
                    let mut parts = Vec::with_capacity(3);
                    for part in [lower, upper, step] {
                        parts.push(match part {
                            Some(x) => eval(x, scope, budget)?,
                            None => Value::None,
                        });
                    }
                    ops::slice(&c, &parts[0], &parts[1], &parts[2], budget)
                }
                ExprKind::Tuple(items)
                    if items
                        .iter()
                        .any(|i| matches!(i.kind, ExprKind::Slice(..) | ExprKind::Starred(_))) =>
                {
                    Err(refuse(
                        "a slice or unpacking inside a tuple subscript",
                        index.start,
                    ))
                }
                _ => {
                    let i = eval(index, scope, budget)?;
                    ops::subscript(&c, &i, budget)
                }
            }
        }
        ExprKind::Slice(..) => Err(refuse("a slice outside a subscript", e.start)),
        ExprKind::Call(func, args) => call(func, args, scope, budget),
        ExprKind::Attribute(value, name) => {
            // CPython looks the object up first (`math.pi` is a NameError).
            eval(value, scope, budget)?;
            Err(refuse(format!("an attribute access (.{name})"), e.start))
        }
        ExprKind::Lambda { defaults, .. } => {
            for d in defaults {
                eval(d, scope, budget)?;
            }
            Err(refuse("a lambda expression", e.start))
        }
        ExprKind::Comprehension(kind, parts) => {
            // The first iterable runs in the enclosing scope, before anything else.
            let first_iter = if *kind == CompKind::Dict { 3 } else { 2 };
            if let Some(it) = parts.get(first_iter) {
                eval(it, scope, budget)?;
            }
            let what = if *kind == CompKind::Generator {
                "a generator expression"
            } else {
                "a comprehension"
            };
            Err(refuse(what, e.start))
        }
        ExprKind::Named(_, value) => {
            eval(value, scope, budget)?;
            Err(refuse("an assignment expression", e.start))
        }
        ExprKind::FString(fields, Some(parts)) => Ok(Value::Str(fstring_value(
            fields, parts, scope, budget, e.start,
        )?)),
        ExprKind::FString(fields, None) => {
            // The first field's value is computed before anything can fail.
            if let Some(first) = fields.first() {
                eval(first, scope, budget)?;
            }
            Err(refuse("an f-string", e.start))
        }
        ExprKind::Yield { .. } => Err(refuse("a yield expression", e.start)),
        ExprKind::Await(_) => Err(refuse("await", e.start)),
        ExprKind::Unsupported(c) => Err(refuse(c.describe(), e.start)),
    }
}

fn item(e: &Expr) -> Item<&Expr> {
    match &e.kind {
        ExprKind::Starred(inner) => Item::Star(inner),
        _ => Item::One(e),
    }
}

/// A name of the module: a builtin this engine calls, `__debug__`, or
/// CPython's `NameError` (with its suggestion) for a name the script does
/// not define. Other builtins and the module's own names are refused.
/// An f-string's value: each field's expression, its conversion (`!r`,
/// `!s`, `!a`, or `repr` for `=` without a spec), its format spec's fields,
/// then `format(value, spec)` (see [`crate::ops::format_value`]).
fn fstring_value(
    exprs: &[Expr],
    parts: &[crate::ast::FPart],
    scope: Scope<'_>,
    budget: &mut Budget,
    at: Pos,
) -> Result<String, Error> {
    use crate::ast::FPart;
    let mut out = String::new();
    for part in parts {
        match part {
            FPart::Literal(s) => out.push_str(s),
            FPart::Field {
                index,
                debug,
                conversion,
                spec,
                braces,
            } => {
                let expr = exprs.get(*index).ok_or_else(|| refuse("an f-string", at))?;
                let v = eval(expr, scope, budget)?;
                // CPython converts the value (`!r`, `!s`, `!a`), then
                // builds the spec, then formats (`format(value, spec)`).
                let conversion = match (conversion, debug, spec) {
                    (Some(c), _, _) => Some(*c),
                    (None, Some(_), None) => Some('r'),
                    _ => None,
                };
                // The conversion's and the formatting's errors are the
                // field's (`{` to `}`) in CPython's traceback.
                let field = |err: Error| match err {
                    Error::Python(mut exc) if exc.raised_at.is_none() => {
                        exc.raised_at = Some(RaisedAt {
                            start: (braces.0.line, braces.0.col),
                            end: (braces.1.line, braces.1.col),
                        });
                        Error::Python(exc)
                    }
                    other => other,
                };
                let converted = match (conversion, v) {
                    (Some('r'), v) => v.try_repr().map(Value::Str),
                    (Some('a'), v) => v.try_repr().map(|r| Value::Str(crate::ops::ascii_of(&r))),
                    (Some('s'), Value::Str(s)) => Ok(Value::Str(s)),
                    (Some('s'), v) => v.try_repr().map(Value::Str),
                    (_, v) => Ok(v),
                };
                let v = converted.map_err(field)?;
                let spec_text = match spec {
                    Some(sp) => fstring_value(exprs, sp, scope, budget, at)?,
                    None => String::new(),
                };
                if let Some(d) = debug {
                    out.push_str(d);
                }
                out.push_str(&crate::ops::format_value(&v, &spec_text, budget).map_err(field)?);
            }
        }
    }
    Ok(out)
}

fn lookup(name: &str, at: Pos, scope: Scope<'_>) -> Result<Value, Error> {
    if let Some(t) = scope.type_params.iter().find(|t| t.name == name) {
        return Ok(Value::TypeParam(Box::new(t.clone())));
    }
    if let Some(b) = Builtin::from_name(name) {
        return Ok(Value::Builtin(b));
    }
    if name == "__debug__" {
        return Ok(Value::Bool(true));
    }
    let mut globals = scope.globals();
    if globals.contains(&name) {
        return Err(refuse(
            format!("the module's name `{name}` (its value is not modelled)"),
            at,
        ));
    }
    if is_builtin(name) {
        return Err(refuse(
            format!(
                "the builtin `{name}` (the builtins evaluated here are {})",
                builtin_names()
            ),
            at,
        ));
    }
    // The annotation scope's locals (its type parameters) come first among
    // the names CPython suggests from.
    let mut candidates: Vec<&str> = scope.type_params.iter().map(|t| t.name.as_str()).collect();
    candidates.append(&mut globals);
    Err(Error::Python(PyException::new(
        PyErrorKind::NameError,
        name_error_message(name, &candidates),
    )))
}

fn builtin_names() -> String {
    let names: Vec<&str> = Builtin::ALL.iter().map(|b| b.name()).collect();
    names.join(", ")
}

/// A call inside an expression: the callee, then the arguments in order,
/// then the builtin. Unpacking in such a call is refused.
fn call(
    func: &Expr,
    args: &[crate::ast::Arg],
    scope: Scope<'_>,
    budget: &mut Budget,
) -> Result<Value, Error> {
    let callee = eval(func, scope, budget)?;
    let mut positional = Vec::new();
    let mut keywords = Vec::new();
    for a in args {
        match &a.kind {
            ArgKind::Positional(x) => positional.push(eval(x, scope, budget)?),
            ArgKind::Keyword(name, x) => keywords.push((name.clone(), eval(x, scope, budget)?)),
            ArgKind::Star(_) | ArgKind::DoubleStar(_) => {
                return Err(refuse("unpacking in a call inside the arguments", a.start));
            }
        }
    }
    builtins::call_value(&callee, positional, keywords, budget)
}

/// The constant CPython 3.13's AST optimiser turns `e` into, if it does:
/// literals, `__debug__`, tuples of constants, and unary and binary
/// operators and subscripts on constants that fold and succeed. Whether a
/// set display's members are all constants decides how CPython builds it,
/// and so its order.
pub(crate) fn folded(e: &Expr) -> Option<Value> {
    grow(|| {
        let mut probe = Budget::default();
        match &e.kind {
            ExprKind::Const(v) => Some(v.clone()),
            ExprKind::Name(n) if n == "__debug__" => Some(Value::Bool(true)),
            ExprKind::Tuple(items) => {
                let mut out = Vec::with_capacity(items.len());
                for i in items {
                    if matches!(i.kind, ExprKind::Starred(_)) {
                        return None;
                    }
                    out.push(folded(i)?);
                }
                Some(Value::Tuple(out))
            }
            ExprKind::Unary(op, a) => ops::unary(unary_op(*op), folded(a)?, &mut probe).ok(),
            ExprKind::Binary(a, op, b) => {
                let (a, b) = (folded(a)?, folded(b)?);
                let op = binary_op(*op);
                if !ops::folds(op, &a, &b) {
                    return None;
                }
                ops::binary(op, a, b, &mut probe).ok()
            }
            ExprKind::Subscript(c, i) => {
                let (c, i) = (folded(c)?, folded(i)?);
                ops::subscript(&c, &i, &mut probe).ok()
            }
            _ => None,
        }
    })
}

fn unary_op(op: UnaryOp) -> ops::UnaryOp {
    match op {
        UnaryOp::Neg => ops::UnaryOp::Neg,
        UnaryOp::Pos => ops::UnaryOp::Pos,
        UnaryOp::Invert => ops::UnaryOp::Invert,
        UnaryOp::Not => ops::UnaryOp::Not,
    }
}

fn binary_op(op: BinOp) -> BinaryOp {
    match op {
        BinOp::Add => BinaryOp::Add,
        BinOp::Sub => BinaryOp::Sub,
        BinOp::Mult => BinaryOp::Mul,
        BinOp::MatMult => BinaryOp::MatMul,
        BinOp::Div => BinaryOp::TrueDiv,
        BinOp::FloorDiv => BinaryOp::FloorDiv,
        BinOp::Mod => BinaryOp::Mod,
        BinOp::Pow => BinaryOp::Pow,
        BinOp::LShift => BinaryOp::LShift,
        BinOp::RShift => BinaryOp::RShift,
        BinOp::BitOr => BinaryOp::BitOr,
        BinOp::BitXor => BinaryOp::BitXor,
        BinOp::BitAnd => BinaryOp::BitAnd,
    }
}

fn compare_op(op: CmpOp) -> CompareOp {
    match op {
        CmpOp::Eq => CompareOp::Eq,
        CmpOp::NotEq => CompareOp::Ne,
        CmpOp::Lt => CompareOp::Lt,
        CmpOp::LtE => CompareOp::Le,
        CmpOp::Gt => CompareOp::Gt,
        CmpOp::GtE => CompareOp::Ge,
        CmpOp::Is => CompareOp::Is,
        CmpOp::IsNot => CompareOp::IsNot,
        CmpOp::In => CompareOp::In,
        CmpOp::NotIn => CompareOp::NotIn,
    }
}
