//! A recursive-descent parser for one Python call statement. It accepts the
//! whole expression grammar a call can contain (so that syntax errors are
//! found where CPython finds them), builds values for literals and marks the
//! rest as unsupported. Error messages and locations follow CPython 3.13's
//! PEG parser, including its second-pass `invalid_*` rules for arguments.

use crate::ast::{Arg, ArgKind, Expr, ExprKind};
use crate::error::{Error, PyException};
use crate::lexer::{Lexed, Number, Tok, Token};
use crate::literal::{LiteralError, decode};
use crate::location::{Location, Pos};
use crate::value::Value;

/// Deepest expression nesting (unary chains, brackets) the parser follows.
pub(crate) const MAX_DEPTH: u32 = 100;

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

/// CPython's `_PyPegen_get_expr_name` for the expressions
/// `invalid_named_expression` reports; `None` where that rule does not apply
/// (names, lists, tuples, `True`/`False`/`None`).
fn expr_name(e: &Expr, first: &Token) -> Option<&'static str> {
    if first.is_op("(") && !matches!(e.kind, ExprKind::Tuple(_)) {
        // A parenthesized group is still its inner expression for the rule.
    }
    Some(match &e.kind {
        ExprKind::Const(Value::Bool(_) | Value::None) => return None,
        ExprKind::Const(Value::Ellipsis) => "ellipsis",
        ExprKind::Const(_) => "literal",
        ExprKind::Tuple(_) | ExprKind::List(_) | ExprKind::Name(_) => return None,
        ExprKind::Set(_) => "set display",
        ExprKind::Dict(_) => "dict literal",
        ExprKind::Unary(..) => "expression",
        ExprKind::Call(..) => "function call",
        ExprKind::Unsupported(what) => match *what {
            "an attribute access" => "attribute",
            "a subscript" => "subscript",
            "a comparison" => "comparison",
            "a conditional expression" => "conditional expression",
            "a lambda expression" => "lambda",
            "a yield expression" => "yield expression",
            "await" => "await expression",
            w if w.starts_with("an f-string") => "f-string expression",
            "a comprehension" | "a generator expression" | "an assignment expression" => {
                return None;
            }
            _ => "expression",
        },
    })
}

/// How parsing failed before it is resolved against tokenizer errors.
#[derive(Debug)]
pub(crate) enum Fail {
    /// A specific SyntaxError.
    Syntax(PyException),
    /// CPython's generic "invalid syntax" at token `i`.
    Generic(usize),
    /// The parser needed a token beyond the end of a text with open brackets
    /// or one the tokenizer could not produce.
    PastEnd,
    /// Our own refusal.
    Refused(Error),
}

pub(crate) type PResult<T> = Result<T, Fail>;

pub(crate) struct Parser<'a> {
    pub toks: &'a [Token],
    pub i: usize,
    depth: u32,
    /// The furthest generic failure seen before backtracking (CPython reports
    /// generic errors at the furthest token its first pass reached).
    pub furthest_failure: usize,
    /// Where the last "Perhaps you forgot a comma?" found its second expression.
    missing_comma_at: usize,
}

impl<'a> Parser<'a> {
    pub(crate) fn new(toks: &'a [Token]) -> Self {
        Self {
            toks,
            i: 0,
            depth: 0,
            furthest_failure: 0,
            missing_comma_at: 0,
        }
    }

    pub(crate) fn peek(&self) -> PResult<&'a Token> {
        self.toks.get(self.i).ok_or(Fail::PastEnd)
    }
    fn peek_at(&self, k: usize) -> Option<&'a Token> {
        self.toks.get(self.i + k)
    }
    pub(crate) fn at_op(&self, op: &str) -> bool {
        self.toks.get(self.i).is_some_and(|t| t.is_op(op))
    }
    fn at_name(&self, name: &str) -> bool {
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
    fn prev_end(&self) -> Pos {
        self.toks[self.i.saturating_sub(1)].end
    }

    fn enter(&mut self) -> PResult<()> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return Err(Fail::Refused(Error::TooLarge {
                what: "expression nesting depth",
                limit: MAX_DEPTH as usize,
            }));
        }
        Ok(())
    }

    /// Whether the current token can begin an expression (for "forgot a comma").
    fn starts_expression(&self) -> bool {
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

    /// `expression`: a conditional expression, lambda, or disjunction.
    pub(crate) fn expression(&mut self) -> PResult<Expr> {
        self.enter()?;
        let r = self.expression_inner();
        self.depth -= 1;
        r
    }

    fn expression_inner(&mut self) -> PResult<Expr> {
        if self.at_name("lambda") {
            let start = self.bump()?.start;
            // Parameters up to the colon, then the body.
            while !self.at_op(":") {
                let t = self.peek()?;
                if matches!(t.tok, Tok::Newline | Tok::EndMarker) || t.is_op(")") {
                    return Err(Fail::Generic(self.i));
                }
                self.i += 1;
            }
            self.i += 1;
            let body = self.expression()?;
            return Ok(Expr {
                kind: ExprKind::Unsupported("a lambda expression"),
                start,
                end: body.end,
            });
        }
        let a = self.disjunction()?;
        if self.at_name("if") {
            self.i += 1;
            let cond = self.disjunction()?;
            if self.at_name("else") {
                self.i += 1;
                let other = self.expression()?;
                return Ok(Expr {
                    kind: ExprKind::Unsupported("a conditional expression"),
                    start: a.start,
                    end: other.end,
                });
            }
            if self.at_op(":") {
                return Err(Fail::Generic(self.i));
            }
            return Err(Fail::Syntax(PyException::syntax(
                "expected 'else' after 'if' expression",
                Pos::range(a.start, cond.end),
            )));
        }
        Ok(a)
    }

    fn disjunction(&mut self) -> PResult<Expr> {
        let mut a = self.conjunction()?;
        while self.at_name("or") {
            self.i += 1;
            let b = self.conjunction()?;
            a = Expr {
                kind: ExprKind::Unsupported("a boolean operator"),
                start: a.start,
                end: b.end,
            };
        }
        Ok(a)
    }

    fn conjunction(&mut self) -> PResult<Expr> {
        let mut a = self.inversion()?;
        while self.at_name("and") {
            self.i += 1;
            let b = self.inversion()?;
            a = Expr {
                kind: ExprKind::Unsupported("a boolean operator"),
                start: a.start,
                end: b.end,
            };
        }
        Ok(a)
    }

    fn inversion(&mut self) -> PResult<Expr> {
        if self.at_name("not") {
            let start = self.bump()?.start;
            self.enter()?;
            let b = self.inversion();
            self.depth -= 1;
            let b = b?;
            return Ok(Expr {
                kind: ExprKind::Unsupported("the not operator"),
                start,
                end: b.end,
            });
        }
        self.comparison()
    }

    fn comparison(&mut self) -> PResult<Expr> {
        let mut a = self.binary(0)?;
        loop {
            let t = self.peek()?;
            let is_cmp = match &t.tok {
                Tok::Op(op) => matches!(*op, "==" | "!=" | "<" | ">" | "<=" | ">="),
                Tok::Name(n) => {
                    n == "in"
                        || n == "is"
                        || (n == "not" && self.peek_at(1).is_some_and(|t| t.is_name("in")))
                }
                _ => false,
            };
            if !is_cmp {
                return Ok(a);
            }
            if t.is_name("not")
                || (t.is_name("is") && self.peek_at(1).is_some_and(|t| t.is_name("not")))
            {
                self.i += 1;
            }
            self.i += 1;
            let b = self.binary(0)?;
            a = Expr {
                kind: ExprKind::Unsupported("a comparison"),
                start: a.start,
                end: b.end,
            };
        }
    }

    /// Binary operators by precedence climbing (one stack frame for all six
    /// levels: `|`, `^`, `&`, shifts, `+ -`, `* / // % @`).
    fn binary(&mut self, min_level: usize) -> PResult<Expr> {
        fn level_of(t: &Token) -> Option<usize> {
            match &t.tok {
                Tok::Op("|") => Some(0),
                Tok::Op("^") => Some(1),
                Tok::Op("&") => Some(2),
                Tok::Op("<<" | ">>") => Some(3),
                Tok::Op("+" | "-") => Some(4),
                Tok::Op("*" | "/" | "//" | "%" | "@") => Some(5),
                _ => None,
            }
        }
        let first = self.i;
        let mut a = self.factor()?;
        while let Some(level) = self.toks.get(self.i).and_then(level_of) {
            if level < min_level {
                break;
            }
            self.i += 1;
            self.enter()?;
            let b = self.binary(level + 1);
            self.depth -= 1;
            b?;
            a = Expr {
                kind: ExprKind::Unsupported("an arithmetic or bitwise operator"),
                start: self.toks[first].start,
                end: self.prev_end(),
            };
        }
        Ok(a)
    }

    /// Unary `-`, `+`, `~` chains, parsed without recursion.
    fn factor(&mut self) -> PResult<Expr> {
        let mut ops: Vec<(char, Pos)> = Vec::new();
        while let Some(t) = self.toks.get(self.i) {
            let Tok::Op(op @ ("-" | "+" | "~")) = &t.tok else {
                break;
            };
            ops.push((op.chars().next().unwrap_or('-'), t.start));
            self.i += 1;
            if ops.len() > MAX_DEPTH as usize {
                return Err(Fail::Refused(Error::TooLarge {
                    what: "chain of unary operators",
                    limit: MAX_DEPTH as usize,
                }));
            }
        }
        let mut e = self.power()?;
        let end = self.prev_end();
        for (sign, start) in ops.into_iter().rev() {
            e = Expr {
                start,
                end,
                kind: ExprKind::Unary(sign, Box::new(e)),
            };
        }
        Ok(e)
    }

    fn power(&mut self) -> PResult<Expr> {
        let a = self.primary()?;
        if self.at_op("**") {
            self.i += 1;
            let b = self.factor()?;
            return Ok(Expr {
                kind: ExprKind::Unsupported("the power operator"),
                start: a.start,
                end: b.end,
            });
        }
        Ok(a)
    }

    fn primary(&mut self) -> PResult<Expr> {
        if self.at_name("await") {
            let start = self.bump()?.start;
            let a = self.primary()?;
            return Ok(Expr {
                kind: ExprKind::Unsupported("await"),
                start,
                end: a.end,
            });
        }
        let mut a = self.atom()?;
        loop {
            if self.at_op(".") {
                self.i += 1;
                let t = self.peek()?;
                match &t.tok {
                    Tok::Name(n) if !is_keyword(n) => self.i += 1,
                    _ => return Err(Fail::Generic(self.i)),
                }
                a = Expr {
                    kind: ExprKind::Unsupported("an attribute access"),
                    start: a.start,
                    end: t.end,
                };
            } else if self.at_op("(") {
                let open = self.i;
                self.i += 1;
                self.enter()?;
                let args = self.arguments();
                self.depth -= 1;
                let args = match args {
                    Err(Fail::Generic(i)) => {
                        self.furthest_failure = self.furthest_failure.max(i);
                        // PEG backtracking: the atom alone, then whatever follows.
                        self.i = open;
                        return Ok(a);
                    }
                    other => other?,
                };
                let end = self.prev_end();
                a = Expr {
                    start: a.start,
                    end,
                    kind: ExprKind::Call(Box::new(a), args),
                };
            } else if self.at_op("[") {
                let open = self.i;
                self.i += 1;
                self.enter()?;
                let r = self.subscript();
                self.depth -= 1;
                match r {
                    Err(Fail::Generic(i)) => {
                        self.furthest_failure = self.furthest_failure.max(i);
                        self.i = open;
                        return Ok(a);
                    }
                    other => other?,
                }
                a = Expr {
                    kind: ExprKind::Unsupported("a subscript"),
                    start: a.start,
                    end: self.prev_end(),
                };
            } else {
                return Ok(a);
            }
        }
    }

    fn subscript(&mut self) -> PResult<()> {
        if self.at_op("]") {
            // `x[]` is not a subscript.
            return Err(Fail::Generic(self.i));
        }
        loop {
            if self.at_op(":") {
                self.i += 1;
            } else if self.at_op("]") {
                self.i += 1;
                return Ok(());
            } else if self.at_op(",") {
                self.i += 1;
            } else {
                if self.at_op("*") {
                    self.i += 1;
                }
                self.expression()?;
            }
        }
    }

    fn atom(&mut self) -> PResult<Expr> {
        let t = self.peek()?;
        let konst = |v: Value| Expr {
            kind: ExprKind::Const(v),
            start: t.start,
            end: t.end,
        };
        match &t.tok {
            Tok::Name(n) => {
                let e = match n.as_str() {
                    "True" => konst(Value::Bool(true)),
                    "False" => konst(Value::Bool(false)),
                    "None" => konst(Value::None),
                    "yield" => {
                        self.i += 1;
                        let mut end = t.end;
                        if self.at_name("from") {
                            self.i += 1;
                        }
                        if self.starts_expression() {
                            end = self.expression()?.end;
                        }
                        return Ok(Expr {
                            kind: ExprKind::Unsupported("a yield expression"),
                            start: t.start,
                            end,
                        });
                    }
                    n if is_keyword(n) => return Err(Fail::Generic(self.i)),
                    n => Expr {
                        kind: ExprKind::Name(n.to_string()),
                        start: t.start,
                        end: t.end,
                    },
                };
                self.i += 1;
                Ok(e)
            }
            Tok::Number(num) => {
                self.i += 1;
                Ok(konst(match num {
                    Number::Int(i) => Value::Int(i.clone()),
                    Number::Float(f) => Value::Float(*f),
                    Number::Imaginary(f) => Value::Complex { re: 0.0, im: *f },
                }))
            }
            Tok::Str(_) => self.strings(),
            Tok::Op("...") => {
                self.i += 1;
                Ok(konst(Value::Ellipsis))
            }
            Tok::Op("(") => self.bracketed(|p| p.paren_body()),
            Tok::Op("[") => self.bracketed(|p| p.list_body()),
            Tok::Op("{") => self.bracketed(|p| p.brace_body()),
            _ => Err(Fail::Generic(self.i)),
        }
    }

    fn bracketed(&mut self, body: impl FnOnce(&mut Self) -> PResult<Expr>) -> PResult<Expr> {
        self.enter()?;
        let r = body(self);
        self.depth -= 1;
        r
    }

    /// One or more adjacent string tokens, concatenated.
    fn strings(&mut self) -> PResult<Expr> {
        // Fast path: one plain string token, the common case.
        if let Some(t) = self.toks.get(self.i)
            && let Tok::Str(s) = &t.tok
            && !s.formatted
            && !self
                .toks
                .get(self.i + 1)
                .is_some_and(|n| matches!(n.tok, Tok::Str(_)))
        {
            let value = match decode(s) {
                Ok(v) => v,
                Err(LiteralError::Syntax(msg)) => {
                    return Err(Fail::Syntax(PyException::syntax(msg, t.range())));
                }
                Err(LiteralError::Unsupported(what)) => {
                    self.i += 1;
                    return Ok(Expr {
                        kind: ExprKind::Unsupported(what),
                        start: t.start,
                        end: t.end,
                    });
                }
            };
            self.i += 1;
            return Ok(Expr {
                kind: ExprKind::Const(value),
                start: t.start,
                end: t.end,
            });
        }
        let first = self.i;
        let mut parts: Vec<(&Token, Value)> = Vec::new();
        let mut formatted = None;
        let mut refused: Option<&'static str> = None;
        while let Some(t) = self.toks.get(self.i) {
            let Tok::Str(s) = &t.tok else { break };
            self.i += 1;
            if s.formatted {
                formatted.get_or_insert(t.start);
                continue;
            }
            match decode(s) {
                Ok(v) => parts.push((t, v)),
                Err(LiteralError::Syntax(msg)) => {
                    return Err(Fail::Syntax(PyException::syntax(msg, t.range())));
                }
                Err(LiteralError::Unsupported(what)) => {
                    refused.get_or_insert(what);
                }
            }
        }
        let start = self.toks[first].start;
        let end = self.prev_end();
        // Python checks mixing before anything else, at the token after the strings.
        let kinds: Vec<bool> = self.toks[first..self.i]
            .iter()
            .filter_map(|t| match &t.tok {
                Tok::Str(s) => Some(s.bytes),
                _ => None,
            })
            .collect();
        if kinds.iter().any(|&b| b) && kinds.iter().any(|&b| !b) {
            let loc = match self.toks.get(self.i) {
                Some(t) => t.range(),
                None => return Err(Fail::PastEnd),
            };
            return Err(Fail::Syntax(PyException::syntax(
                "cannot mix bytes and nonbytes literals",
                loc,
            )));
        }
        if formatted.is_some() {
            return Ok(Expr {
                kind: ExprKind::Unsupported("an f-string (it is an expression, not a literal)"),
                start,
                end,
            });
        }
        if let Some(what) = refused {
            return Ok(Expr {
                kind: ExprKind::Unsupported(what),
                start,
                end,
            });
        }
        let value = if kinds.first().copied().unwrap_or(false) {
            let mut b = Vec::new();
            for (_, v) in parts {
                if let Value::Bytes(x) = v {
                    b.extend(x);
                }
            }
            Value::Bytes(b)
        } else {
            let mut s = String::new();
            for (_, v) in parts {
                if let Value::Str(x) = v {
                    s.push_str(&x);
                }
            }
            Value::Str(s)
        };
        Ok(Expr {
            kind: ExprKind::Const(value),
            start,
            end,
        })
    }

    /// After an element inside brackets: CPython's "Perhaps you forgot a comma?".
    fn check_missing_comma(&mut self, a: &Expr) -> PResult<()> {
        if !self.starts_expression() {
            return Err(Fail::Generic(self.i));
        }
        let next_is_str = matches!(self.peek()?.tok, Tok::Str(_));
        if matches!(a.kind, ExprKind::Name(_)) && next_is_str {
            return Err(Fail::Generic(self.i));
        }
        let at = self.i;
        self.missing_comma_at = at;
        match self.expression() {
            Ok(b) => Err(Fail::Syntax(PyException::syntax(
                "invalid syntax. Perhaps you forgot a comma?",
                Pos::range(a.start, b.end),
            ))),
            Err(Fail::Generic(_)) => Err(Fail::Generic(at)),
            Err(other) => Err(other),
        }
    }

    /// An element of a tuple, list or set: an expression or a starred one.
    fn element(&mut self) -> PResult<Expr> {
        if self.at_op("*") {
            let start = self.bump()?.start;
            let e = self.binary(0)?;
            return Ok(Expr {
                kind: ExprKind::Unsupported("unpacking inside a container"),
                start,
                end: e.end,
            });
        }
        let t = self.peek()?;
        if matches!(&t.tok, Tok::Name(n) if !is_keyword(n))
            && self.peek_at(1).is_some_and(|n| n.is_op("="))
        {
            // CPython's invalid_named_expression: `(name=value)` in a container.
            let eq = self.i + 1;
            self.i += 2;
            let b = match self.binary(0) {
                Err(Fail::Generic(_)) => return Err(Fail::Generic(eq)),
                other => other?,
            };
            if self.at_op("=") || self.at_op(":=") {
                return Err(Fail::Generic(eq));
            }
            return Err(Fail::Syntax(PyException::syntax(
                "invalid syntax. Maybe you meant '==' or ':=' instead of '='?",
                Pos::range(t.start, b.end),
            )));
        }
        let first_tok = self.i;
        let e = self.expression()?;
        if self.at_op("=") {
            // CPython's invalid_named_expression: `(1=2)` in a container.
            let a_name = expr_name(&e, &self.toks[first_tok]);
            let eq = self.i;
            self.i += 1;
            let b = self.binary(0);
            if let (Some(name), Ok(_)) = (a_name, b)
                && !self.at_op("=")
                && !self.at_op(":=")
            {
                return Err(Fail::Syntax(PyException::syntax(
                    format!("cannot assign to {name} here. Maybe you meant '==' instead of '='?"),
                    Pos::range(e.start, e.end),
                )));
            }
            return Err(Fail::Generic(eq));
        }
        if self.at_op(":=") {
            self.i += 1;
            let v = self.expression()?;
            return Ok(Expr {
                kind: ExprKind::Unsupported("an assignment expression"),
                start: e.start,
                end: v.end,
            });
        }
        if self.at_name("for") || self.at_name("async") {
            self.comprehension_clauses()?;
            return Ok(Expr {
                kind: ExprKind::Unsupported("a comprehension"),
                start: e.start,
                end: self.prev_end(),
            });
        }
        Ok(e)
    }

    /// Comma-separated elements up to `close`; returns them and whether a comma was seen.
    fn elements(&mut self, close: &str) -> PResult<(Vec<Expr>, bool)> {
        let mut items = Vec::new();
        let mut comma = false;
        loop {
            if self.at_op(close) {
                self.i += 1;
                return Ok((items, comma));
            }
            let e = self.element()?;
            if self.at_op(",") {
                self.i += 1;
                comma = true;
                items.push(e);
                continue;
            }
            if self.at_op(close) {
                items.push(e);
                continue;
            }
            return Err(self
                .check_missing_comma(&e)
                .err()
                .unwrap_or(Fail::Generic(self.i)));
        }
    }

    fn paren_body(&mut self) -> PResult<Expr> {
        let open = self.bump()?;
        let (items, comma) = self.elements(")")?;
        let end = self.prev_end();
        if items.len() == 1 && !comma {
            let inner = items.into_iter().next().ok_or(Fail::Generic(self.i))?;
            if matches!(
                inner.kind,
                ExprKind::Unsupported("unpacking inside a container")
            ) {
                // `(*x)` is not a tuple: CPython says "cannot use starred expression here".
                return Err(Fail::Syntax(PyException::syntax(
                    "cannot use starred expression here",
                    Pos::range(inner.start, inner.end),
                )));
            }
            return Ok(inner);
        }
        Ok(Expr {
            kind: ExprKind::Tuple(items),
            start: open.start,
            end,
        })
    }

    fn list_body(&mut self) -> PResult<Expr> {
        let open = self.bump()?;
        let (items, _) = self.elements("]")?;
        Ok(Expr {
            kind: ExprKind::List(items),
            start: open.start,
            end: self.prev_end(),
        })
    }

    fn brace_body(&mut self) -> PResult<Expr> {
        let open = self.bump()?;
        if self.at_op("}") {
            self.i += 1;
            return Ok(Expr {
                kind: ExprKind::Dict(Vec::new()),
                start: open.start,
                end: self.prev_end(),
            });
        }
        // Decide between dict and set from the first entry.
        if self.at_op("**") {
            self.i += 1;
            let e = self.binary(0)?;
            let _ = e;
            return Err(Fail::Refused(Error::Unsupported {
                what: "unpacking inside a dict".into(),
                location: open.start.start_location(),
            }));
        }
        let first = self.element()?;
        if !self.at_op(":") {
            // A set.
            let mut items = vec![first];
            loop {
                if self.at_op("}") {
                    self.i += 1;
                    break;
                }
                if self.at_op(",") {
                    self.i += 1;
                    if self.at_op("}") {
                        self.i += 1;
                        break;
                    }
                    items.push(self.element()?);
                    continue;
                }
                let last = items.last().cloned().ok_or(Fail::Generic(self.i))?;
                return Err(self
                    .check_missing_comma(&last)
                    .err()
                    .unwrap_or(Fail::Generic(self.i)));
            }
            return Ok(Expr {
                kind: ExprKind::Set(items),
                start: open.start,
                end: self.prev_end(),
            });
        }
        let mut pairs = Vec::new();
        let mut key = first;
        loop {
            // At ':' after `key`.
            let colon = self.expect_op(":")?;
            if self.at_op("}") || self.at_op(",") {
                return Err(Fail::Syntax(PyException::syntax(
                    "expression expected after dictionary key and ':'",
                    colon.range(),
                )));
            }
            let value = self.expression()?;
            if self.at_name("for") {
                self.comprehension_clauses()?;
                self.expect_op("}")?;
                return Ok(Expr {
                    kind: ExprKind::Unsupported("a comprehension"),
                    start: open.start,
                    end: self.prev_end(),
                });
            }
            pairs.push((key, value));
            if self.at_op("}") {
                self.i += 1;
                break;
            }
            if !self.at_op(",") {
                let last = pairs
                    .last()
                    .map(|p| p.1.clone())
                    .ok_or(Fail::Generic(self.i))?;
                return Err(self
                    .check_missing_comma(&last)
                    .err()
                    .unwrap_or(Fail::Generic(self.i)));
            }
            self.i += 1;
            if self.at_op("}") {
                self.i += 1;
                break;
            }
            if self.at_op("**") {
                return Err(Fail::Refused(Error::Unsupported {
                    what: "unpacking inside a dict".into(),
                    location: self.peek()?.start.start_location(),
                }));
            }
            key = self.expression()?;
            if !self.at_op(":") && (self.at_op(",") || self.at_op("}")) {
                return Err(Fail::Syntax(PyException::syntax(
                    "':' expected after dictionary key",
                    Location {
                        line: key.start.line,
                        column: i64::from(key.start.col) + 1,
                        end_line: key.start.line,
                        end_column: 0,
                    },
                )));
            }
            if !self.at_op(":") {
                return Err(self
                    .check_missing_comma(&key)
                    .err()
                    .unwrap_or(Fail::Generic(self.i)));
            }
        }
        Ok(Expr {
            kind: ExprKind::Dict(pairs),
            start: open.start,
            end: self.prev_end(),
        })
    }

    /// The arguments of a call, after its `(`, through its `)`.
    fn arguments(&mut self) -> PResult<Vec<Arg>> {
        let mut args: Vec<Arg> = Vec::new();
        let mut seen_keyword = false;
        let mut seen_double_star = false;
        loop {
            if self.at_op(")") {
                self.i += 1;
                return Ok(args);
            }
            let t = self.peek()?;
            let arg = if t.is_op("*") {
                self.i += 1;
                if self.at_op(")") || self.at_op(",") {
                    let next = self.peek()?;
                    return Err(Fail::Syntax(PyException::syntax(
                        "Invalid star expression",
                        next.range(),
                    )));
                }
                if seen_double_star {
                    return Err(self.unpacking_after_double_star());
                }
                let e = match self.expression() {
                    Err(Fail::Generic(i)) => {
                        let at = self.toks.get(i).map(|t| t.range()).ok_or(Fail::PastEnd)?;
                        return Err(Fail::Syntax(PyException::syntax(
                            "Invalid star expression",
                            at,
                        )));
                    }
                    Err(Fail::Syntax(e))
                        if e.message == "invalid syntax. Perhaps you forgot a comma?" =>
                    {
                        // The starred-expression rule fails first, at the first pass's failure.
                        let i = self.missing_comma_at;
                        let at = self.toks.get(i).map(|t| t.range()).ok_or(Fail::PastEnd)?;
                        return Err(Fail::Syntax(PyException::syntax(
                            "Invalid star expression",
                            at,
                        )));
                    }
                    other => other?,
                };
                Arg {
                    start: t.start,
                    end: self.prev_end(),
                    kind: ArgKind::Star(e),
                }
            } else if t.is_op("**") {
                self.i += 1;
                let e = self.expression()?;
                seen_double_star = true;
                Arg {
                    start: t.start,
                    end: self.prev_end(),
                    kind: ArgKind::DoubleStar(e),
                }
            } else if let Some(arg) = self.keyword_argument(None)? {
                seen_keyword = true;
                arg
            } else {
                let first = self.i;
                let e = match self.positional_expression() {
                    Err(Fail::Generic(_)) if seen_keyword || seen_double_star => {
                        return Err(Fail::Generic(first));
                    }
                    other => other?,
                };
                if seen_keyword || seen_double_star {
                    let msg = if seen_double_star {
                        "positional argument follows keyword argument unpacking"
                    } else {
                        "positional argument follows keyword argument"
                    };
                    return Err(self.after_misplaced_positional(msg, e));
                }
                Arg {
                    start: e.start,
                    end: e.end,
                    kind: ArgKind::Positional(e),
                }
            };
            args.push(arg);
            if self.at_op(",") {
                self.i += 1;
                continue;
            }
            if self.at_op(")") {
                continue;
            }
            let last = args
                .last()
                .map(|a| a.expr().clone())
                .ok_or(Fail::Generic(self.i))?;
            return Err(self
                .check_missing_comma(&last)
                .err()
                .unwrap_or(Fail::Generic(self.i)));
        }
    }

    /// `name=value` (or the errors CPython gives for `None=`, `x.y=`, `name=`).
    /// Returns `None` when the current argument is not a keyword argument.
    /// In `pending` mode, `name=` without a value ends the arguments there.
    fn keyword_argument(&mut self, pending: Option<&'static str>) -> PResult<Option<Arg>> {
        let t = self.peek()?;
        let followed_by_eq = self.peek_at(1).is_some_and(|n| n.is_op("="));
        if !followed_by_eq {
            return Ok(None);
        }
        let Tok::Name(name) = &t.tok else {
            return Ok(None);
        };
        if matches!(name.as_str(), "True" | "False" | "None") {
            let eq = self.peek_at(1).ok_or(Fail::PastEnd)?;
            return Err(Fail::Syntax(PyException::syntax(
                format!("cannot assign to {name}"),
                Pos::range(t.start, eq.end),
            )));
        }
        if is_keyword(name) {
            return Ok(None);
        }
        self.i += 2;
        if self.at_op(")") || self.at_op(",") {
            if let Some(msg) = pending {
                return Err(Fail::Syntax(PyException::syntax(msg, self.peek()?.range())));
            }
            let eq = &self.toks[self.i - 1];
            return Err(Fail::Syntax(PyException::syntax(
                "expected argument value expression",
                Pos::range(t.start, eq.end),
            )));
        }
        let e = self.expression()?;
        Ok(Some(Arg {
            start: t.start,
            end: self.prev_end(),
            kind: ArgKind::Keyword(name.clone(), e),
        }))
    }

    /// A positional argument's expression; `x.y=` style mistakes fail here.
    fn positional_expression(&mut self) -> PResult<Expr> {
        let e = self.expression()?;
        if self.at_op("=") {
            let eq = self.peek()?;
            return Err(Fail::Syntax(PyException::syntax(
                "expression cannot contain assignment, perhaps you meant \"==\"?",
                Pos::range(e.start, eq.end),
            )));
        }
        if self.at_op(":=") {
            self.i += 1;
            let v = self.expression()?;
            return Ok(Expr {
                kind: ExprKind::Unsupported("an assignment expression"),
                start: e.start,
                end: v.end,
            });
        }
        if self.at_name("for") || self.at_name("async") {
            self.comprehension_clauses()?;
            return Ok(Expr {
                kind: ExprKind::Unsupported("a generator expression"),
                start: e.start,
                end: self.prev_end(),
            });
        }
        Ok(e)
    }

    /// After a positional argument that follows a keyword: CPython's second pass
    /// parses the rest as another argument list and reports the misplaced
    /// positional argument at the furthest token it looked at.
    fn after_misplaced_positional(&mut self, msg: &'static str, first: Expr) -> Fail {
        let at = |p: &Self, i: usize| match p.toks.get(i) {
            Some(t) => Fail::Syntax(PyException::syntax(msg, t.range())),
            None => Fail::PastEnd,
        };
        // 0: positional items, 1: keywords and `*x`, 2: keywords and `**m`.
        let mut section = 0;
        let mut last = first;
        loop {
            if self.at_op(",") {
                self.i += 1;
            } else if self.at_op(")") || !self.starts_expression() {
                return at(self, self.i);
            } else {
                return self
                    .check_missing_comma(&last)
                    .err()
                    .unwrap_or(Fail::Generic(self.i));
            }
            if self.at_op(")") {
                return at(self, self.i);
            }
            let Some(t) = self.toks.get(self.i) else {
                return Fail::PastEnd;
            };
            let r: PResult<Expr> = (|| {
                if t.is_op("*") {
                    if section == 2 {
                        return Err(Fail::Generic(self.i));
                    }
                    self.i += 1;
                    match self.expression() {
                        Err(Fail::Generic(i)) => {
                            let at = self.toks.get(i).map(|t| t.range()).ok_or(Fail::PastEnd)?;
                            Err(Fail::Syntax(PyException::syntax(
                                "Invalid star expression",
                                at,
                            )))
                        }
                        other => other,
                    }
                } else if t.is_op("**") {
                    section = 2;
                    self.i += 1;
                    self.expression()
                } else if let Some(arg) = self.keyword_argument(Some(msg))? {
                    section = section.max(1);
                    Ok(arg.expr().clone())
                } else {
                    let e = self.positional_expression()?;
                    if section > 0 {
                        if !self.at_op(",") && !self.at_op(")") && self.starts_expression() {
                            return Err(self
                                .check_missing_comma(&e)
                                .err()
                                .unwrap_or(Fail::Generic(self.i)));
                        }
                        return Err(Fail::Generic(self.i));
                    }
                    Ok(e)
                }
            })();
            match r {
                Ok(e) => last = e,
                Err(Fail::Generic(i)) => return at(self, i),
                Err(f) => return f,
            }
        }
    }

    /// `for x in y [if z]...` after a comprehension's element.
    fn comprehension_clauses(&mut self) -> PResult<()> {
        while self.at_name("for") || self.at_name("async") {
            if self.at_name("async") {
                self.i += 1;
            }
            if !self.at_name("for") {
                return Err(Fail::Generic(self.i));
            }
            self.i += 1;
            loop {
                if self.at_op("*") {
                    self.i += 1;
                }
                self.binary(0)?;
                if self.at_op(",") && !self.peek_at(1).is_some_and(|t| t.is_name("in")) {
                    self.i += 1;
                    continue;
                }
                break;
            }
            if self.at_op(",") {
                self.i += 1;
            }
            if !self.at_name("in") {
                return Err(Fail::Generic(self.i));
            }
            self.i += 1;
            self.disjunction()?;
            while self.at_name("if") {
                self.i += 1;
                self.disjunction()?;
            }
        }
        Ok(())
    }

    /// `f(**m, *x)`: CPython marks from the comma before the first such `*x`
    /// to the end of the token that follows the run of starred arguments.
    fn unpacking_after_double_star(&mut self) -> Fail {
        // self.i is just past the `*`; the comma is two tokens back.
        let comma = self
            .toks
            .get(self.i.wrapping_sub(2))
            .map(|t| t.start)
            .unwrap_or_default();
        let run = (|| -> PResult<Pos> {
            if let Err(Fail::Generic(i)) = self.expression() {
                // The starred expression itself is broken: CPython says so first.
                let at = self.toks.get(i).map(|t| t.range()).ok_or(Fail::PastEnd)?;
                return Err(Fail::Syntax(PyException::syntax(
                    "Invalid star expression",
                    at,
                )));
            }
            loop {
                if self.at_op(",") && self.peek_at(1).is_some_and(|t| t.is_op("*")) {
                    self.i += 2;
                    self.expression()?;
                    continue;
                }
                break;
            }
            if self.at_op(",") {
                self.i += 1;
            }
            Ok(self.peek()?.end)
        })();
        match run {
            Ok(end) => Fail::Syntax(PyException::syntax(
                "iterable argument unpacking follows keyword argument unpacking",
                Location {
                    line: comma.line,
                    column: i64::from(comma.col) + 1,
                    end_line: end.line,
                    // CPython hands this end over as a raw byte column (no +1);
                    // `convert_columns` knows.
                    end_column: i64::from(end.bcol),
                },
            )),
            Err(f) => f,
        }
    }
}

/// Turns a parse failure into the error CPython reports, given the tokenizer's outcome.
pub(crate) fn resolve(fail: Fail, lexed: &Lexed, source: &str, furthest_failure: usize) -> Error {
    let fail = match fail {
        Fail::Generic(i) => Fail::Generic(i.max(furthest_failure)),
        other => other,
    };
    match resolve_inner(fail, lexed) {
        Error::Python(mut e) if !lexed.error.as_ref().is_some_and(|l| *l == e) => {
            if let Some(loc) = e.location.as_mut() {
                let raw =
                    e.message == "iterable argument unpacking follows keyword argument unpacking";
                convert_columns(loc, lexed, source, raw);
            }
            Error::Python(e)
        }
        other => other,
    }
}

/// CPython computes parser-error columns in bytes and converts them to
/// characters against one "error line": the line itself, or, when the
/// tokenizer entered that line inside a multi-line token, its buffer from the
/// token's first line (so the conversion counts that line's characters).
/// Both columns are clamped to the error line's length + 1.
fn convert_columns(loc: &mut Location, lexed: &Lexed, source: &str, raw_byte_end: bool) {
    let line_of = |n: u32| crate::location::source_line(source, n).unwrap_or("");
    let byte_col = |text: &str, col1: i64| -> i64 {
        // 1-based character column to 1-based byte column within `text`.
        let chars = usize::try_from(col1 - 1).unwrap_or(0);
        let bytes: usize = text.chars().take(chars).map(char::len_utf8).sum();
        let extra = chars.saturating_sub(text.chars().count());
        (bytes + extra) as i64 + 1
    };
    let mut first = loc.line;
    while first > 1 && lexed.continued.contains(&first) {
        first -= 1;
    }
    let error_line: String = if first == loc.line {
        line_of(loc.line).to_string()
    } else {
        let mut b = String::new();
        for n in first..=loc.line {
            b.push_str(line_of(n));
            b.push('\n');
        }
        b
    };
    let to_chars = |b1: i64| -> i64 {
        let len = error_line.len() as i64;
        let take = b1.clamp(0, len + 1).min(len) as usize;
        let prefix = String::from_utf8_lossy(&error_line.as_bytes()[..take])
            .chars()
            .count() as i64;
        if b1 > len { prefix + 1 } else { prefix }
    };
    if loc.column > 0 {
        loc.column = to_chars(byte_col(line_of(loc.line), loc.column));
    }
    if loc.end_column > 0 {
        loc.end_column = if raw_byte_end {
            to_chars(loc.end_column)
        } else {
            to_chars(byte_col(line_of(loc.end_line), loc.end_column))
        };
    }
}

fn resolve_inner(fail: Fail, lexed: &Lexed) -> Error {
    if let Some(err) = &lexed.error
        && !matches!(fail, Fail::Refused(Error::TooLarge { .. }))
    {
        return Error::Python(err.clone());
    }
    let unclosed = |(c, pos): (char, Pos)| {
        Error::Python(PyException::syntax(
            format!("'{c}' was never closed"),
            Location {
                line: pos.line,
                column: i64::from(pos.col) + 1,
                end_line: pos.line,
                end_column: 0,
            },
        ))
    };
    match fail {
        Fail::PastEnd => match lexed.unclosed {
            Some(u) => unclosed(u),
            None => Error::Python(PyException::syntax(
                "invalid syntax",
                lexed.tokens.last().map(|t| t.range()).unwrap_or(Location {
                    line: 1,
                    column: 1,
                    end_line: 1,
                    end_column: 1,
                }),
            )),
        },
        Fail::Generic(i) => {
            let Some(t) = lexed.tokens.get(i) else {
                return match lexed.unclosed {
                    Some(u) => unclosed(u),
                    None => Error::Python(PyException::syntax(
                        "invalid syntax",
                        Location {
                            line: 1,
                            column: 1,
                            end_line: 1,
                            end_column: 1,
                        },
                    )),
                };
            };
            if let Some(u) = lexed.unclosed
                && t.start.line > u.1.line
            {
                return unclosed(u);
            }
            Error::Python(PyException::syntax("invalid syntax", t.range()))
        }
        Fail::Syntax(e) => {
            if let (Some(u), Some(loc)) = (lexed.unclosed, e.location)
                && loc.line > u.1.line
            {
                return unclosed(u);
            }
            Error::Python(e)
        }
        Fail::Refused(e) => e,
    }
}
