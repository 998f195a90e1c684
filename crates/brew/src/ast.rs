//! The syntax tree of a call: literal expressions, plus markers for valid
//! Python that this engine refuses to evaluate.

use crate::location::Pos;
use crate::value::Value;

/// An expression with its source range (parentheses around it excluded, as in CPython's AST).
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Expr {
    pub kind: ExprKind,
    pub start: Pos,
    pub end: Pos,
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) enum ExprKind {
    /// A literal constant (number, string, bytes, True/False/None, `...`).
    Const(Value),
    Tuple(Vec<Expr>),
    List(Vec<Expr>),
    Set(Vec<Expr>),
    Dict(Vec<(Expr, Expr)>),
    /// `-x`, `+x`, `~x`.
    Unary(char, Box<Expr>),
    /// A bare name.
    Name(String),
    /// A call `func(args)`.
    Call(Box<Expr>, Vec<Arg>),
    /// Valid Python we do not evaluate; the text says what it is.
    Unsupported(&'static str),
}

/// One argument of a call.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Arg {
    pub kind: ArgKind,
    pub start: Pos,
    pub end: Pos,
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) enum ArgKind {
    Positional(Expr),
    Star(Expr),
    Keyword(String, Expr),
    DoubleStar(Expr),
}

impl Expr {
    /// The first refused construct inside this expression, depth first, left to right.
    pub(crate) fn first_unsupported(&self) -> Option<(&'static str, Pos)> {
        match &self.kind {
            ExprKind::Const(_) => None,
            ExprKind::Unsupported(what) => Some((what, self.start)),
            ExprKind::Name(_) => Some((
                "a variable name (only literal values can be evaluated)",
                self.start,
            )),
            ExprKind::Call(..) => Some(("a function call inside the arguments", self.start)),
            ExprKind::Tuple(items) | ExprKind::List(items) | ExprKind::Set(items) => {
                items.iter().find_map(Expr::first_unsupported)
            }
            ExprKind::Dict(pairs) => pairs
                .iter()
                .find_map(|(k, v)| k.first_unsupported().or_else(|| v.first_unsupported())),
            ExprKind::Unary(_, inner) => inner.first_unsupported(),
        }
    }
}

impl Arg {
    pub(crate) fn expr(&self) -> &Expr {
        match &self.kind {
            ArgKind::Positional(e)
            | ArgKind::Star(e)
            | ArgKind::Keyword(_, e)
            | ArgKind::DoubleStar(e) => e,
        }
    }
}
