//! Parsing a brew call: the statement must be one call of a function by name.

use crate::ast::{Arg, ArgKind, Expr, ExprKind};
use crate::depth::{COMPILER_MAX_DEPTH, COMPILER_OVERFLOW};
use crate::error::{Error, PyErrorKind, PyException, RaisedAt, Result};
use crate::lexer::{Tok, tokenize};
use crate::location::{Location, Pos};
use crate::parser::{Fail, Parser, resolve};
use crate::value::Value;

/// Longest call text accepted, in characters.
pub const MAX_SOURCE_CHARS: usize = 100_000;

/// How an argument is passed.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(tag = "kind", content = "name", rename_all = "snake_case")]
pub enum ArgumentKind {
    /// `value`.
    Positional,
    /// `*iterable`.
    Star,
    /// `name=value`.
    Keyword(String),
    /// `**mapping`.
    DoubleStar,
}

/// One argument as written in the call.
#[derive(Debug, Clone, PartialEq)]
pub struct Argument {
    /// How it is passed.
    pub kind: ArgumentKind,
    /// Where it is in the text (start and exclusive end, CPython's 1-based columns).
    pub location: Location,
    pub(crate) expr: Expr,
}

impl Argument {
    /// The argument's value as CPython computes it in a script that defines
    /// nothing else, or CPython's exception (`-"a"`, `{[1]: 2}`, `1/0`, an
    /// undefined name), or our refusal of what the engine does not evaluate.
    pub fn value(&self) -> Result<Value> {
        let mut budget = crate::limits::Budget::default();
        crate::eval::eval_expr(
            &self.expr,
            crate::eval::Scope {
                function: None,
                type_params: &[],
            },
            &mut budget,
        )
    }
}

/// A parsed call statement `function(arguments)`.
#[derive(Debug, Clone, PartialEq)]
pub struct Call {
    /// The called name.
    pub function: String,
    /// Where the called name is.
    pub function_location: Location,
    /// The arguments in source order.
    pub arguments: Vec<Argument>,
    /// Where CPython's traceback points for an exception of the call itself
    /// (binding, unpacking): the call's node.
    pub(crate) raised_at: RaisedAt,
}

/// Parses one call statement, failing with CPython 3.13's SyntaxError (exact
/// message, line and columns) where Python would, and with our own refusal
/// for valid Python that is not a call of a function by name.
///
/// ```
/// use toolcup_brew::{parse_call, ArgumentKind};
/// let call = parse_call("brew_coffee('Latte',  # the drink\n    strength=4,\n)").unwrap();
/// assert_eq!(call.function, "brew_coffee");
/// assert_eq!(call.arguments[1].kind, ArgumentKind::Keyword("strength".into()));
///
/// let err = parse_call("brew_coffee(1, strength=3, strength=4)").unwrap_err();
/// assert_eq!(err.to_string(), "SyntaxError: keyword argument repeated: strength (line 1, column 28)");
/// ```
pub fn parse_call(source: &str) -> Result<Call> {
    let (call, after) = parse_call_then(source)?;
    match after {
        Some(refusal) => Err(refusal),
        None => Ok(call),
    }
}

/// [`parse_call`], with the refusal of what CPython would run after the
/// call (a second statement, a call of its result) kept apart: CPython
/// binds the call first, so its errors come before that.
pub(crate) fn parse_call_then(source: &str) -> Result<(Call, Option<Error>)> {
    let n = source.chars().count();
    if n > MAX_SOURCE_CHARS {
        return Err(Error::TooLarge {
            what: "call text (characters)",
            limit: MAX_SOURCE_CHARS,
        });
    }
    check_null_bytes(source)?;
    let lexed = tokenize(source);
    // Tokenizer errors win over anything the parser could find, except
    // overflowing the parser's stack on the tokens before them.
    let mut p = Parser::new(&lexed.tokens);
    let parsed = statement(&mut p);
    if let Some(err) = p.out_of_steps() {
        return Err(err);
    }
    let (expr, trailing) = match parsed {
        Ok(e) => e,
        Err(f) => return Err(resolve(f, &lexed, source, p.furthest_failure)),
    };
    if let Some(err) = &lexed.error {
        return Err(Error::Python(err.clone()));
    }
    check_depth(&expr)?;
    let mut expr = expr;
    let mut raised_at = crate::eval::raised_at(&expr);
    let ExprKind::Call(func, args) = expr.take_kind() else {
        if let Some(refusal) = trailing {
            return Err(refusal);
        }
        return Err(Error::NotACall {
            what: "the text is not a call; write brew_coffee(...)".into(),
            location: expr.start.start_location(),
        });
    };
    // Compile-time checks of the whole statement, in the compiler's order.
    compile_checks_call(&func, &args)?;
    let mut func = func;
    let mut args = args;
    let mut after = trailing;
    // `brew_coffee(...)(1)`: CPython calls brew_coffee first, then its
    // result; the outer arguments are evaluated only after that call.
    let mut outer = func.start.start_location();
    let function = loop {
        let func_at = crate::eval::raised_at(&func);
        match func.take_kind() {
            ExprKind::Call(inner, inner_args) => {
                raised_at = func_at;
                after.get_or_insert(Error::NotACall {
                    what: "only a call of a function by its name is understood".into(),
                    location: outer,
                });
                outer = inner.start.start_location();
                func = inner;
                args = inner_args;
            }
            ExprKind::Name(function) => break function,
            _ => {
                return Err(after.unwrap_or(Error::NotACall {
                    what: "only a call of a function by its name is understood".into(),
                    location: func.start.start_location(),
                }));
            }
        }
    };
    let call = Call {
        function,
        function_location: Pos::range(func.start, func.end),
        arguments: args.into_iter().map(to_argument).collect(),
        raised_at,
    };
    Ok((call, after))
}

fn to_argument(a: Arg) -> Argument {
    let location = Pos::range(a.start, a.end);
    let (kind, expr) = match a.kind {
        ArgKind::Positional(e) => (ArgumentKind::Positional, e),
        ArgKind::Star(e) => (ArgumentKind::Star, e),
        ArgKind::Keyword(n, e) => (ArgumentKind::Keyword(n), e),
        ArgKind::DoubleStar(e) => (ArgumentKind::DoubleStar, e),
    };
    Argument {
        kind,
        location,
        expr,
    }
}

/// CPython's `validate_keywords`: each keyword in turn may not be
/// `__debug__`, and may not be repeated later (the later one is reported).
fn check_repeated_keywords(args: &[Arg]) -> Result<()> {
    for (i, a) in args.iter().enumerate() {
        let ArgKind::Keyword(name, _) = &a.kind else {
            continue;
        };
        if name == "__debug__" {
            return Err(Error::Python(PyException::syntax(
                "cannot assign to __debug__",
                Pos::byte_range(a.start, a.end),
            )));
        }
        let later = args[i + 1..]
            .iter()
            .find(|b| matches!(&b.kind, ArgKind::Keyword(n, _) if n == name));
        if let Some(b) = later {
            return Err(Error::Python(PyException::syntax(
                format!("keyword argument repeated: {name}"),
                Pos::byte_range(b.start, b.end),
            )));
        }
    }
    Ok(())
}

/// The compiler's checks on an expression, in the order it compiles it
/// (depth first, a call's callee before its keywords are validated and its
/// keywords before its arguments): a repeated keyword argument, and `yield`
/// or `await` outside a function (a lambda's body is a function).
pub(crate) fn compile_checks(e: &Expr) -> Result<()> {
    compile_walk(e, false)
}

fn compile_checks_call(func: &Expr, args: &[Arg]) -> Result<()> {
    compile_walk(func, false)?;
    check_repeated_keywords(args)?;
    for a in args {
        compile_walk(a.expr(), false)?;
    }
    Ok(())
}

fn compile_walk(e: &Expr, in_function: bool) -> Result<()> {
    crate::depth::grow(|| match &e.kind {
        ExprKind::Yield { .. } | ExprKind::Await(_) if !in_function => {
            let what = if matches!(e.kind, ExprKind::Await(_)) {
                "await"
            } else {
                "yield"
            };
            Err(Error::Python(PyException::syntax(
                format!("'{what}' outside function"),
                Pos::byte_range(e.start, e.end),
            )))
        }
        ExprKind::Lambda {
            defaults,
            body,
            debug_param,
        } => {
            if let Some((start, end)) = debug_param {
                return Err(Error::Python(PyException::syntax(
                    "cannot assign to __debug__",
                    Pos::byte_range(*start, *end),
                )));
            }
            for d in defaults {
                compile_walk(d, in_function)?;
            }
            compile_walk(body, true)
        }
        ExprKind::FString(items, _) => {
            for item in items {
                if let ExprKind::Starred(_) = item.kind {
                    return Err(Error::Python(PyException::syntax(
                        "can't use starred expression here",
                        Pos::byte_range(item.start, item.end),
                    )));
                }
                compile_walk(item, in_function)?;
            }
            Ok(())
        }
        ExprKind::Call(func, args) => {
            compile_walk(func, in_function)?;
            check_repeated_keywords(args)?;
            for a in args {
                compile_walk(a.expr(), in_function)?;
            }
            Ok(())
        }
        _ => {
            for c in e.children() {
                compile_walk(c, in_function)?;
            }
            Ok(())
        }
    })
}

/// CPython refuses a source text holding a NUL before it reads anything.
pub(crate) fn check_null_bytes(source: &str) -> Result<()> {
    if source.contains('\0') {
        return Err(Error::Python(PyException::new(
            PyErrorKind::SyntaxError,
            "source code string cannot contain null bytes",
        )));
    }
    Ok(())
}

/// CPython's compiler refuses expressions nested [`COMPILER_MAX_DEPTH`] deep.
pub(crate) fn check_depth(e: &Expr) -> Result<()> {
    if e.depth() >= COMPILER_MAX_DEPTH {
        return Err(Error::Python(PyException::new(
            PyErrorKind::RecursionError,
            COMPILER_OVERFLOW,
        )));
    }
    Ok(())
}

/// The keywords that start a statement other than an expression statement.
const STATEMENT_KEYWORDS: [&str; 20] = [
    "if", "while", "for", "try", "with", "def", "class", "async", "import", "from", "global",
    "nonlocal", "del", "assert", "raise", "pass", "return", "break", "continue", "yield",
];

/// `statement`: one expression statement followed by the end of the text.
/// A second statement is refused, but only after the first one's compile-time
/// checks (Python compiles the first statement before it would run anything).
fn statement(p: &mut Parser<'_>) -> std::result::Result<(Expr, Option<Error>), Fail> {
    let first = p.peek()?;
    if matches!(first.tok, Tok::EndMarker) {
        return Err(Fail::Refused(Error::NotACall {
            what: "the text is empty; write brew_coffee(...)".into(),
            location: first.start.start_location(),
        }));
    }
    if let Tok::Name(n) = &first.tok
        && STATEMENT_KEYWORDS.contains(&n.as_str())
    {
        // `if x: brew_coffee(1)`, `import os`: valid Python that is no
        // expression statement; its syntax is not checked here.
        return Err(Fail::Refused(Error::NotACall {
            what: format!("a statement starting with `{n}`; write brew_coffee(...)"),
            location: first.start.start_location(),
        }));
    }
    let e = p.statement_expression()?;
    let t = p.peek()?;
    match &t.tok {
        Tok::Newline => {
            p.bump()?;
            let end = p.peek()?;
            if !matches!(end.tok, Tok::EndMarker) {
                let refusal = Error::NotACall {
                    what: "only one statement is allowed".into(),
                    location: end.start.start_location(),
                };
                later_statements(p)?;
                return Ok((e, Some(refusal)));
            }
            Ok((e, None))
        }
        Tok::Op(";") => {
            let refusal = Error::NotACall {
                what: "only one statement is allowed".into(),
                location: t.start.start_location(),
            };
            p.bump()?;
            // `brew_coffee(...);` alone is one statement.
            let more = later_statements(p)?;
            Ok((e, more.then_some(refusal)))
        }
        Tok::Op("=") if invalid_target(&e).is_some() => Err(invalid_assignment(p, &e)),
        Tok::Op(op) if AUGASSIGN.contains(op) && !is_single_target(&e) => {
            let at = p.i;
            p.bump()?;
            match p.expression() {
                Ok(_) => Err(Fail::syntax(
                    format!(
                        "'{}' is an illegal expression for augmented assignment",
                        target_name(&e)
                    ),
                    Pos::range(e.start, e.end),
                )),
                Err(_) => Err(Fail::Generic(at)),
            }
        }
        Tok::Op(op) if AUGASSIGN.contains(op) => Err(Fail::Refused(Error::NotACall {
            what: "an augmented assignment is not a call".into(),
            location: t.start.start_location(),
        })),
        Tok::Op("=" | ",") => Err(Fail::Refused(Error::NotACall {
            what: "an assignment or a tuple is not a call".into(),
            location: t.start.start_location(),
        })),
        _ => Err(legacy_print(p, &e).unwrap_or(Fail::Generic(p.i))),
    }
}

/// The statements after the first: CPython parses the whole text before
/// it runs anything, so a parse error there wins over the first
/// statement's own checks. Expression statements are checked; at any other
/// kind of statement (`x = 1`, `import os`) the check stops, unjudged.
/// Returns whether any statement follows.
fn later_statements(p: &mut Parser<'_>) -> std::result::Result<bool, Fail> {
    let mut any = false;
    // The caller consumed a `;`, or the first statement's newline.
    let mut after_semicolon = p.i > 0 && p.toks[p.i - 1].is_op(";");
    loop {
        while matches!(p.peek()?.tok, Tok::Newline) {
            p.bump()?;
            after_semicolon = false;
        }
        let t = p.peek()?;
        match &t.tok {
            Tok::EndMarker => return Ok(any),
            // A compound statement cannot follow `;`; these never start one.
            Tok::Name(n)
                if matches!(n.as_str(), "elif" | "else" | "except" | "finally")
                    || (after_semicolon
                        && matches!(
                            n.as_str(),
                            "if" | "while" | "for" | "try" | "with" | "def" | "class" | "async"
                        )) =>
            {
                return Err(Fail::Generic(p.i));
            }
            Tok::Name(n)
                if crate::parser::is_keyword(n)
                    && !matches!(
                        n.as_str(),
                        "True" | "False" | "None" | "not" | "lambda" | "await"
                    ) =>
            {
                return Ok(true);
            }
            _ => {}
        }
        any = true;
        let e = match p.statement_expression() {
            Ok(e) => e,
            Err(Fail::Refused(_)) => return Ok(true),
            Err(f) => return Err(f),
        };
        let next = p.peek()?;
        match &next.tok {
            Tok::Op(";") => {
                p.bump()?;
                after_semicolon = true;
            }
            Tok::Newline | Tok::EndMarker => {}
            Tok::Op(op) if *op == "=" || *op == "," || *op == ":" || AUGASSIGN.contains(op) => {
                return Ok(true);
            }
            _ => return Err(legacy_print(p, &e).unwrap_or(Fail::Generic(p.i))),
        }
    }
}

/// `print x` / `exec x`: Python 2's statement (`invalid_legacy_expression`),
/// marked over all of its values; `None` where the rule does not apply.
fn legacy_print(p: &mut Parser<'_>, e: &Expr) -> Option<Fail> {
    let ExprKind::Name(n) = &e.kind else {
        return None;
    };
    if !(n == "print" || n == "exec") || !p.starts_expression() {
        return None;
    }
    let at = p.i;
    let mut end = match p.expression() {
        Ok(b) => b.end,
        Err(_) => return Some(Fail::Generic(at)),
    };
    while p.at_op(",") {
        if p.bump().is_err() {
            break;
        }
        end = p.prev_end();
        let star = p.at_op("*");
        if !star && !p.starts_expression() {
            break;
        }
        let saved = p.i;
        if star {
            p.i += 1;
        }
        match if star { p.binary(0) } else { p.expression() } {
            Ok(b) => end = b.end,
            Err(_) => {
                p.i = saved;
                break;
            }
        }
    }
    Some(Fail::Syntax(PyException::syntax(
        format!("Missing parentheses in call to '{n}'. Did you mean {n}(...)?"),
        Pos::range(e.start, end),
    )))
}

/// The augmented assignment operators.
const AUGASSIGN: [&str; 13] = [
    "+=", "-=", "*=", "@=", "/=", "%=", "&=", "|=", "^=", "<<=", ">>=", "**=", "//=",
];

/// A name, attribute or subscript: what `x += 1` may assign to.
fn is_single_target(e: &Expr) -> bool {
    matches!(
        e.kind,
        ExprKind::Name(_) | ExprKind::Attribute(..) | ExprKind::Subscript(..)
    )
}

/// CPython's `_PyPegen_get_expr_name`, as its assignment errors print it.
fn target_name(e: &Expr) -> &'static str {
    match &e.kind {
        ExprKind::Const(Value::Bool(true)) => "True",
        ExprKind::Const(Value::Bool(false)) => "False",
        ExprKind::Const(Value::None) => "None",
        ExprKind::Tuple(_) => "tuple",
        ExprKind::List(_) => "list",
        ExprKind::Name(_) => "name",
        ExprKind::Named(..) => "named expression",
        ExprKind::Comprehension(crate::ast::CompKind::Generator, _) => "generator expression",
        ExprKind::Comprehension(crate::ast::CompKind::List, _) => "list comprehension",
        ExprKind::Comprehension(crate::ast::CompKind::Set, _) => "set comprehension",
        ExprKind::Comprehension(crate::ast::CompKind::Dict, _) => "dict comprehension",
        _ => crate::parser::expr_name(e).unwrap_or("expression"),
    }
}

/// CPython's `_PyPegen_get_invalid_target` for `star_targets`: the first
/// part of an assignment's target that cannot be assigned to.
fn invalid_target(e: &Expr) -> Option<&Expr> {
    match &e.kind {
        ExprKind::Name(_) | ExprKind::Attribute(..) | ExprKind::Subscript(..) => None,
        ExprKind::Tuple(items) | ExprKind::List(items) => items.iter().find_map(invalid_target),
        ExprKind::Starred(inner) => invalid_target(inner),
        _ => Some(e),
    }
}

/// `f() = 1`: invalid_named_expression's "... here. Maybe you meant '=='"
/// when a value follows (and no further `=`), else invalid_assignment's
/// "cannot assign to ...". `p` is at the `=`.
fn invalid_assignment(p: &mut Parser<'_>, e: &Expr) -> Fail {
    let bad = invalid_target(e).unwrap_or(e);
    let name = target_name(bad);
    let bitwise_or = !matches!(
        e.kind,
        ExprKind::Tuple(_)
            | ExprKind::List(_)
            | ExprKind::Comprehension(crate::ast::CompKind::Generator, _)
            | ExprKind::Const(Value::Bool(_) | Value::None)
            | ExprKind::Compare(..)
            | ExprKind::Bool(..)
            | ExprKind::IfExp { .. }
            | ExprKind::Lambda { .. }
            | ExprKind::Named(..)
    );
    if bitwise_or {
        let saved = p.i;
        p.i += 1;
        let here = p.binary(0).is_ok() && !p.at_op("=") && !p.at_op(":=");
        p.i = saved;
        if here {
            return Fail::syntax(
                format!("cannot assign to {name} here. Maybe you meant '==' instead of '='?"),
                Pos::range(bad.start, bad.end),
            );
        }
    }
    Fail::syntax(
        format!("cannot assign to {name}"),
        Pos::range(bad.start, bad.end),
    )
}
