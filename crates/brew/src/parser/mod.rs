//! A recursive-descent parser for the expressions of one Python call or
//! `def` line. It accepts the whole expression grammar (so that syntax
//! errors are found where CPython finds them) and builds CPython's tree
//! shapes. Error messages and locations follow CPython 3.13's PEG parser,
//! including its second-pass `invalid_*` rules for arguments, and its
//! nesting limits (see [`crate::depth`]): the parser counts CPython's rule
//! levels and fails as CPython does at `MAXSTACK`.
//!
//! - `expr.rs`: the precedence chain from `expression` down to `primary`;
//! - `atom.rs`: atoms, strings and bracketed displays;
//! - `args.rs`: a call's arguments and CPython's errors about them;
//! - `resolve.rs`: turning a failure into the error CPython reports.

mod args;
mod atom;
mod expr;
mod resolve;

pub(crate) use resolve::resolve;

use crate::ast::{Expr, ExprKind, UnaryOp};
use crate::depth::{PARSER_MAXSTACK, grow};
use crate::error::{Error, PyException};
use crate::lexer::{Tok, Token};
use crate::location::{Location, Pos};
use crate::value::Value;

pub(crate) fn is_keyword(name: &str) -> bool {
    matches!(
        name,
        "False"
            | "None"
            | "True"
            | "and"
            | "as"
            | "assert"
            | "async"
            | "await"
            | "break"
            | "class"
            | "continue"
            | "def"
            | "del"
            | "elif"
            | "else"
            | "except"
            | "finally"
            | "for"
            | "from"
            | "global"
            | "if"
            | "import"
            | "in"
            | "is"
            | "lambda"
            | "nonlocal"
            | "not"
            | "or"
            | "pass"
            | "raise"
            | "return"
            | "try"
            | "while"
            | "with"
            | "yield"
    )
}

/// CPython parser levels, measured against CPython 3.13.0 by bisecting the
/// length of the unary chain (`-` once per level) that first overflows in
/// each context. Each is relative to the level of an atom in the enclosing
/// context. `tests/depth.rs` pins the resulting thresholds.
pub(crate) mod cost {
    /// An atom of an expression statement.
    pub const STATEMENT: u32 = 30;
    /// A `def` line's defaults (its parameters' atoms).
    pub const DEF_DEFAULT: u32 = 35;
    /// The arguments of the statement's own call (CPython reaches them
    /// first through its assignment-target rules, nearer the top).
    pub const TOP_CALL_ARGS: u32 = 5;
    /// The arguments of any other call.
    pub const CALL_ARGS: u32 = 24;
    /// A first argument that is `name=value`, `*x` or `**m`.
    pub const FIRST_NAMED_ARG: u32 = 3;
    /// Any later argument (a later `**m` counts as a first named one).
    pub const LATER_ARG: u32 = 4;
    /// Inside `( )`: the first element, then later ones.
    pub const PAREN: u32 = 28;
    /// Later elements of a tuple.
    pub const PAREN_LATER: u32 = 30;
    /// Inside `[ ]` or `{ }`: the first element (or key and value).
    pub const DISPLAY: u32 = 29;
    /// Later elements of a list, set or dict.
    pub const DISPLAY_LATER: u32 = 30;
    /// Inside a subscript's `[ ]`: the first element.
    pub const SUBSCRIPT: u32 = 24;
    /// Later elements of a subscript's tuple.
    pub const SUBSCRIPT_LATER: u32 = 27;
    /// Each of `-`, `+`, `~`, `not`; a conditional's `else` branch.
    pub const UNARY: u32 = 1;
    /// The right side of `**`; a lambda's body.
    pub const POWER: u32 = 2;
    /// The right side of `and`/`or`.
    pub const BOOL: u32 = 2;
    /// The right side of a comparison.
    pub const COMPARE: u32 = 3;
    /// A lambda parameter's default.
    pub const LAMBDA_DEFAULT: u32 = 8;
    /// `*x` in a display is parsed this much nearer the top than an element.
    pub const STARRED_BACK: u32 = 6;
    /// A comprehension's iterable is parsed this much nearer the top than its element.
    pub const COMP_ITER_BACK: u32 = 2;
}

/// CPython's `_PyPegen_get_expr_name` for the expressions
/// `invalid_named_expression` reports; `None` where that rule does not apply
/// (names, lists, tuples, `True`/`False`/`None`, comprehensions, `:=`).
pub(crate) fn expr_name(e: &Expr) -> Option<&'static str> {
    use crate::ast::CompKind;
    Some(match &e.kind {
        ExprKind::Const(Value::Bool(_) | Value::None) => return None,
        ExprKind::Const(Value::Ellipsis) => "ellipsis",
        ExprKind::Const(_) | ExprKind::Unsupported(_) => "literal",
        ExprKind::Tuple(_) | ExprKind::List(_) | ExprKind::Name(_) => return None,
        ExprKind::Set(_) => "set display",
        ExprKind::Dict(_) => "dict literal",
        ExprKind::Unary(..) | ExprKind::Binary(..) | ExprKind::Bool(..) => "expression",
        ExprKind::Call(..) => "function call",
        ExprKind::Attribute(..) => "attribute",
        ExprKind::Subscript(..) => "subscript",
        ExprKind::Compare(..) => "comparison",
        ExprKind::IfExp { .. } => "conditional expression",
        ExprKind::Lambda { .. } => "lambda",
        ExprKind::Yield { .. } => "yield expression",
        ExprKind::Await(_) => "await expression",
        ExprKind::FString(..) => "f-string expression",
        ExprKind::Starred(_) => "starred",
        ExprKind::Slice(..) => "slice",
        ExprKind::Comprehension(CompKind::Generator | CompKind::List, _)
        | ExprKind::Comprehension(CompKind::Set | CompKind::Dict, _)
        | ExprKind::Named(..) => return None,
    })
}

/// How parsing failed before it is resolved against tokenizer errors.
#[derive(Debug)]
pub(crate) enum Fail {
    /// A specific SyntaxError.
    Syntax(PyException),
    /// CPython's "invalid syntax. Perhaps you forgot a comma?", which some
    /// callers replace with the error of an enclosing rule.
    ForgotComma(PyException),
    /// A SyntaxError whose end column CPython hands over as a raw byte
    /// offset (`iterable argument unpacking follows keyword argument unpacking`).
    SyntaxRawEnd(PyException),
    /// CPython's generic "invalid syntax" at token `i`.
    Generic(usize),
    /// The parser needed a token beyond the end of a text with open brackets
    /// or one the tokenizer could not produce.
    PastEnd,
    /// The parser went `MAXSTACK` rules deep: CPython's MemoryError.
    TooDeep,
    /// Our own refusal.
    Refused(Error),
}

impl Fail {
    pub(crate) fn syntax(message: impl Into<String>, location: Location) -> Fail {
        Fail::Syntax(PyException::syntax(message, location))
    }
}

pub(crate) type PResult<T> = Result<T, Fail>;

pub(crate) struct Parser<'a> {
    pub toks: &'a [Token],
    pub i: usize,
    /// CPython's parser level at an atom parsed here (see [`cost`]).
    level: u32,
    /// The token where the statement starts: a call there gets its
    /// arguments at [`cost::TOP_CALL_ARGS`].
    statement_start: Option<usize>,
    /// The furthest generic failure seen before backtracking (CPython reports
    /// generic errors at the furthest token its first pass reached).
    pub furthest_failure: usize,
    /// Where the last "Perhaps you forgot a comma?" found its second expression.
    missing_comma_at: usize,
    /// Rule entries left before parsing stops: backtracking over unclosed
    /// brackets can otherwise take exponential time on a short paste.
    steps_left: u64,
    /// The token where the last generator expression without parentheses
    /// of its own (a call's `f(x for x in y)`) starts.
    pub bare_genexp: Option<usize>,
    /// Inside CPython's `expression_without_invalid` (the second expression
    /// of "Perhaps you forgot a comma?"), where no `invalid_*` rule raises:
    /// a call or subscript whose brackets hold such an error is no trailer
    /// (`"a" g(x=1, y)` reads `g` there).
    pub without_invalid: bool,
}

/// Rule entries allowed per parse: a fixed allowance plus a share per token,
/// far above what any text that parses in linear time needs.
fn step_budget(tokens: usize) -> u64 {
    STEP_BASE.saturating_add(STEPS_PER_TOKEN.saturating_mul(tokens as u64))
}

/// The fixed part of [`step_budget`].
pub(crate) const STEP_BASE: u64 = 1_000_000;
/// The per-token part of [`step_budget`].
pub(crate) const STEPS_PER_TOKEN: u64 = 200;

impl<'a> Parser<'a> {
    pub(crate) fn new(toks: &'a [Token]) -> Self {
        Self {
            toks,
            i: 0,
            level: cost::STATEMENT,
            statement_start: None,
            furthest_failure: 0,
            missing_comma_at: 0,
            steps_left: step_budget(toks.len()),
            bare_genexp: None,
            without_invalid: false,
        }
    }

    pub(crate) fn peek(&self) -> PResult<&'a Token> {
        self.toks.get(self.i).ok_or(Fail::PastEnd)
    }
    pub(crate) fn peek_at(&self, k: usize) -> Option<&'a Token> {
        self.toks.get(self.i + k)
    }
    pub(crate) fn at_op(&self, op: &str) -> bool {
        self.toks.get(self.i).is_some_and(|t| t.is_op(op))
    }
    pub(crate) fn at_name(&self, name: &str) -> bool {
        self.toks.get(self.i).is_some_and(|t| t.is_name(name))
    }
    pub(crate) fn bump(&mut self) -> PResult<&'a Token> {
        let t = self.peek()?;
        self.i += 1;
        Ok(t)
    }
    pub(crate) fn expect_op(&mut self, op: &str) -> PResult<&'a Token> {
        let t = self.peek()?;
        if t.is_op(op) {
            self.i += 1;
            Ok(t)
        } else {
            Err(Fail::Generic(self.i))
        }
    }
    pub(crate) fn prev_end(&self) -> Pos {
        self.toks[self.i.saturating_sub(1)].end
    }

    /// Our refusal once the parse used up its step budget: whatever error
    /// the backtracking then produced is not the text's own.
    pub(crate) fn out_of_steps(&self) -> Option<Error> {
        (self.steps_left == 0).then(|| Error::TooLarge {
            what: "parser work (this text makes the parser backtrack too much; close its brackets)",
            limit: usize::try_from(step_budget(self.toks.len())).unwrap_or(usize::MAX),
        })
    }

    /// Runs `f` with atoms at CPython level `level`, failing as CPython
    /// does at `MAXSTACK`, on a stack with room to recurse.
    pub(crate) fn at_level<T>(
        &mut self,
        level: u32,
        f: impl FnOnce(&mut Self) -> PResult<T>,
    ) -> PResult<T> {
        if level >= PARSER_MAXSTACK {
            return Err(Fail::TooDeep);
        }
        if let Some(err) = self.out_of_steps() {
            return Err(Fail::Refused(err));
        }
        self.steps_left -= 1;
        let saved = self.level;
        self.level = level;
        let r = grow(|| f(self));
        self.level = saved;
        r
    }

    /// [`Self::at_level`] `cost` levels deeper than here.
    pub(crate) fn deeper<T>(
        &mut self,
        cost: u32,
        f: impl FnOnce(&mut Self) -> PResult<T>,
    ) -> PResult<T> {
        self.at_level(self.level.saturating_add(cost), f)
    }

    /// [`Self::at_level`] `back` levels nearer the top than here.
    pub(crate) fn shallower<T>(
        &mut self,
        back: u32,
        f: impl FnOnce(&mut Self) -> PResult<T>,
    ) -> PResult<T> {
        self.at_level(self.level.saturating_sub(back), f)
    }

    /// Parses an expression statement's expression: atoms at
    /// [`cost::STATEMENT`], its own call's arguments through CPython's
    /// assignment-target path.
    pub(crate) fn statement_expression(&mut self) -> PResult<Expr> {
        self.statement_start = Some(self.i);
        let r = self.at_level(cost::STATEMENT, Self::expression);
        self.statement_start = None;
        r
    }

    /// Whether the current token can begin an expression (for "forgot a comma").
    pub(crate) fn starts_expression(&self) -> bool {
        let Some(t) = self.toks.get(self.i) else {
            return false;
        };
        match &t.tok {
            Tok::Name(n) => {
                !is_keyword(n)
                    || matches!(
                        n.as_str(),
                        "True" | "False" | "None" | "not" | "lambda" | "await"
                    )
            }
            Tok::Number(_) | Tok::Str(_) => true,
            Tok::Op(op) => matches!(*op, "(" | "[" | "{" | "-" | "+" | "~" | "..."),
            _ => false,
        }
    }

    /// `e := value` at the `:=`, where CPython parses a `named_expression`
    /// (a display's element, a subscript): `NAME ':=' expression`, else, once
    /// the value parses, `invalid_named_expression`'s "cannot use assignment
    /// expressions with ..." at the target (`[1 := 2]`, `x[(y) := 1]`).
    pub(crate) fn named_after(&mut self, e: Expr) -> PResult<Expr> {
        let walrus = self.i;
        self.i += 1;
        let bare_name = matches!(e.kind, ExprKind::Name(_)) && e.parens.is_none();
        let v = match self.deeper(cost::UNARY, Self::expression) {
            // Without a value the rule does not match: the generic error
            // is at the `:=` (`[1 :=]`).
            Err(Fail::Generic(_)) if !bare_name => return Err(Fail::Generic(walrus)),
            other => other?,
        };
        if !bare_name {
            return Err(Fail::syntax(
                format!("cannot use assignment expressions with {}", target_name(&e)),
                Pos::range(e.start, e.end),
            ));
        }
        let (start, end) = (e.start, v.end);
        Ok(node(ExprKind::Named(Box::new(e), Box::new(v)), start, end))
    }

    /// After an element inside brackets: CPython's "Perhaps you forgot a comma?".
    pub(crate) fn check_missing_comma(&mut self, a: &Expr) -> PResult<()> {
        let a = comma_head(a);
        if !self.starts_expression() {
            return Err(Fail::Generic(self.i));
        }
        // `print x` and `exec x` are Python 2's statements.
        let legacy = match &a.kind {
            ExprKind::Name(n) if n == "print" || n == "exec" => Some(n.clone()),
            _ => None,
        };
        let next_is_str = matches!(self.peek()?.tok, Tok::Str(_));
        if legacy.is_none() && matches!(a.kind, ExprKind::Name(_)) && next_is_str {
            return Err(Fail::Generic(self.i));
        }
        // `!(NAME STRING | SOFT_KEYWORD)`: not after an element that starts
        // with a soft keyword (`type x`, `_ 1`).
        let first = self.toks.iter().find(|t| t.start == a.start);
        if first.is_some_and(|t| {
            matches!(&t.tok, Tok::Name(n) if matches!(n.as_str(), "_" | "match" | "case" | "type"))
        }) {
            return Err(Fail::Generic(self.i));
        }
        let at = self.i;
        self.missing_comma_at = at;
        let message = match &legacy {
            Some(n) => format!("Missing parentheses in call to '{n}'. Did you mean {n}(...)?"),
            None => "invalid syntax. Perhaps you forgot a comma?".to_string(),
        };
        // Through `deeper` for the stack: elements can chain this way
        // (`{f'' {f'' {…`) without a bracket of their own.
        let saved_without = std::mem::replace(&mut self.without_invalid, true);
        let b = self.deeper(0, Self::expression);
        self.without_invalid = saved_without;
        match b {
            Ok(b) => Err(Fail::ForgotComma(PyException::syntax(
                message,
                Pos::range(a.start, b.end),
            ))),
            // `expression_without_invalid`: an f-string's own parser errors
            // (not its tokenizer's) do not fire here.
            Err(Fail::Syntax(e))
                if e.message.starts_with("f-string:")
                    && !crate::lexer::fstring_stops_tokenizer(&e) =>
            {
                Err(Fail::Generic(at))
            }
            Err(Fail::Generic(_)) => {
                // A PEG parser backtracks to the longest prefix that is an
                // expression (`b` in `b /)`); a primary is the common case.
                let end_of_primary = {
                    let saved = (self.i, self.furthest_failure);
                    self.i = at;
                    let r = self
                        .deeper(0, Self::primary_only)
                        .ok()
                        .map(|e| (e.end, self.i));
                    (self.i, self.furthest_failure) = saved;
                    r
                };
                match end_of_primary {
                    Some((end, next)) if next > at => Err(Fail::ForgotComma(PyException::syntax(
                        message,
                        Pos::range(a.start, end),
                    ))),
                    _ => Err(Fail::Generic(at)),
                }
            }
            Err(other) => Err(other),
        }
    }

    /// Whether `f` is an `invalid_*` rule's error that CPython's
    /// `expression_without_invalid` would not raise (its tokenizer's errors
    /// still stop it; an f-string's parser errors are `invalid_*` rules).
    pub(crate) fn skipped_without_invalid(&self, f: &Fail) -> bool {
        if !self.without_invalid {
            return false;
        }
        match f {
            Fail::Syntax(e) | Fail::ForgotComma(e) | Fail::SyntaxRawEnd(e) => {
                !crate::lexer::fstring_stops_tokenizer(e)
            }
            _ => false,
        }
    }

    /// The failure after an element that is not followed by a separator.
    pub(crate) fn after_element(&mut self, a: &Expr) -> Fail {
        match self.check_missing_comma(a) {
            Err(f) => f,
            Ok(()) => Fail::Generic(self.i),
        }
    }
}

/// CPython's `_PyPegen_get_expr_name` for every expression.
fn target_name(e: &Expr) -> &'static str {
    use crate::ast::CompKind;
    match &e.kind {
        ExprKind::Name(_) => "name",
        ExprKind::Tuple(_) => "tuple",
        ExprKind::List(_) => "list",
        ExprKind::Const(Value::Bool(true)) => "True",
        ExprKind::Const(Value::Bool(false)) => "False",
        ExprKind::Const(Value::None) => "None",
        ExprKind::Named(..) => "named expression",
        ExprKind::Comprehension(CompKind::Generator, _) => "generator expression",
        ExprKind::Comprehension(CompKind::List, _) => "list comprehension",
        ExprKind::Comprehension(CompKind::Set, _) => "set comprehension",
        ExprKind::Comprehension(CompKind::Dict, _) => "dict comprehension",
        _ => expr_name(e).unwrap_or("expression"),
    }
}

/// The expression CPython's `invalid_expression` rule sees before a missing
/// comma: the rule sits in `expression`, so it fires first in the innermost
/// one that ends where the element ends: a conditional's `else` branch, a
/// lambda's body, a starred element's operand, a slice's last bound
/// (`0 if 1 else 2 3` and `x[1:2 3]` point at `2 3`).
fn comma_head(a: &Expr) -> &Expr {
    match &a.kind {
        ExprKind::IfExp { orelse: e, .. }
        | ExprKind::Lambda { body: e, .. }
        | ExprKind::Starred(e)
        | ExprKind::Named(_, e) => comma_head(e),
        ExprKind::Slice(lower, upper, step) => match step.as_deref().or(upper.as_deref()) {
            Some(e) => comma_head(e),
            None => lower.as_deref().map_or(a, comma_head),
        },
        _ => a,
    }
}

/// A node with the range from `start` to `end`.
pub(crate) fn node(kind: ExprKind, start: Pos, end: Pos) -> Expr {
    Expr::new(kind, start, end)
}

/// A unary chain applied innermost last (`ops` in source order).
pub(crate) fn apply_unary(ops: Vec<(UnaryOp, Pos)>, mut e: Expr) -> Expr {
    let end = e.end;
    for (op, start) in ops.into_iter().rev() {
        e = node(ExprKind::Unary(op, Box::new(e)), start, end);
    }
    e
}
