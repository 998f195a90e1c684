//! The precedence chain: `expression` (conditional, lambda) down through
//! `or`, `and`, `not`, comparisons, binary operators, unary operators and
//! `**` to `primary` (calls, attributes, subscripts).

use super::{Fail, PResult, Parser, apply_unary, cost, is_keyword, node};
use crate::ast::{BinOp, BoolOp, CmpOp, Expr, ExprKind, UnaryOp};
use crate::lexer::{Tok, Token};
use crate::location::Pos;

impl Parser<'_> {
    /// `expression`: a conditional expression, lambda, or disjunction.
    pub(crate) fn expression(&mut self) -> PResult<Expr> {
        if self.at_name("lambda") {
            return self.lambda();
        }
        let a = self.disjunction()?;
        if !self.at_name("if") {
            return Ok(a);
        }
        self.i += 1;
        let test = self.disjunction()?;
        if self.at_name("else") {
            self.i += 1;
            let orelse = self.deeper(cost::UNARY, Self::expression)?;
            let (start, end) = (a.start, orelse.end);
            return Ok(node(
                ExprKind::IfExp {
                    body: Box::new(a),
                    test: Box::new(test),
                    orelse: Box::new(orelse),
                },
                start,
                end,
            ));
        }
        if self.at_op(":") {
            return Err(Fail::Generic(self.i));
        }
        Err(Fail::syntax(
            "expected 'else' after 'if' expression",
            Pos::range(a.start, test.end),
        ))
    }

    /// `lambda [params]: body`; the parameters are names with optional
    /// defaults, `/`, `*`, `*args`, `**kwargs`.
    fn lambda(&mut self) -> PResult<Expr> {
        let start = self.bump()?.start;
        let mut defaults = Vec::new();
        let mut debug_param = None;
        loop {
            let t = self.peek()?;
            match &t.tok {
                Tok::Op(":") => break,
                Tok::Op("," | "/" | "*" | "**") => self.i += 1,
                Tok::Name(n) if !is_keyword(n) => {
                    if n == "__debug__" && debug_param.is_none() {
                        debug_param = Some((t.start, t.end));
                    }
                    self.i += 1;
                    if self.at_op("=") {
                        self.i += 1;
                        defaults.push(self.deeper(cost::LAMBDA_DEFAULT, Self::expression)?);
                    }
                }
                _ => return Err(Fail::Generic(self.i)),
            }
        }
        self.i += 1;
        let body = self.deeper(cost::POWER, Self::expression)?;
        // The node ends at its last token (a parenthesised body's `)`).
        let end = self.prev_end();
        Ok(node(
            ExprKind::Lambda {
                defaults,
                body: Box::new(body),
                debug_param,
            },
            start,
            end,
        ))
    }

    pub(crate) fn disjunction(&mut self) -> PResult<Expr> {
        self.bool_chain("or", BoolOp::Or, Self::conjunction)
    }

    fn conjunction(&mut self) -> PResult<Expr> {
        self.bool_chain("and", BoolOp::And, Self::inversion)
    }

    /// `a op b op c` as one node, as CPython builds it.
    fn bool_chain(
        &mut self,
        word: &str,
        op: BoolOp,
        operand: fn(&mut Self) -> PResult<Expr>,
    ) -> PResult<Expr> {
        let a = operand(self)?;
        if !self.at_name(word) {
            return Ok(a);
        }
        let start = a.start;
        let mut items = vec![a];
        while self.at_name(word) {
            self.i += 1;
            items.push(self.deeper(cost::BOOL, operand)?);
        }
        let end = self.prev_end();
        Ok(node(ExprKind::Bool(op, items), start, end))
    }

    fn inversion(&mut self) -> PResult<Expr> {
        if self.at_name("not") {
            let start = self.bump()?.start;
            let b = self.deeper(cost::UNARY, Self::inversion)?;
            let end = b.end;
            return Ok(node(ExprKind::Unary(UnaryOp::Not, Box::new(b)), start, end));
        }
        self.comparison()
    }

    fn comparison(&mut self) -> PResult<Expr> {
        let a = self.binary(0)?;
        let mut rest: Vec<(CmpOp, Expr)> = Vec::new();
        loop {
            let t = self.peek()?;
            let next = self.peek_at(1);
            let op = match &t.tok {
                Tok::Op("==") => CmpOp::Eq,
                Tok::Op("!=") => CmpOp::NotEq,
                Tok::Op("<") => CmpOp::Lt,
                Tok::Op("<=") => CmpOp::LtE,
                Tok::Op(">") => CmpOp::Gt,
                Tok::Op(">=") => CmpOp::GtE,
                Tok::Name(n) if n == "in" => CmpOp::In,
                Tok::Name(n) if n == "is" && next.is_some_and(|t| t.is_name("not")) => {
                    self.i += 1;
                    CmpOp::IsNot
                }
                Tok::Name(n) if n == "is" => CmpOp::Is,
                Tok::Name(n) if n == "not" && next.is_some_and(|t| t.is_name("in")) => {
                    self.i += 1;
                    CmpOp::NotIn
                }
                Tok::Name(n) if n == "not" => {
                    // CPython's `'not' 'in'` read the token after `not`: a
                    // generic error is reported there.
                    self.furthest_failure = self.furthest_failure.max(self.i + 1);
                    break;
                }
                _ => break,
            };
            self.i += 1;
            let b = self.deeper(cost::COMPARE, |p| p.binary(0))?;
            rest.push((op, b));
        }
        if rest.is_empty() {
            return Ok(a);
        }
        let (start, end) = (a.start, self.prev_end());
        Ok(node(ExprKind::Compare(Box::new(a), rest), start, end))
    }

    /// Binary operators by precedence climbing (one stack frame per level
    /// of precedence: `|`, `^`, `&`, shifts, `+ -`, `* / // % @`), left
    /// associative, as CPython nests them.
    pub(crate) fn binary(&mut self, min_level: usize) -> PResult<Expr> {
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
        let mut a = self.factor()?;
        while let Some(t) = self.toks.get(self.i)
            && let Some(level) = level_of(t)
            && level >= min_level
        {
            let Tok::Op(symbol) = &t.tok else { break };
            let op = BinOp::from_symbol(symbol).ok_or(Fail::Generic(self.i))?;
            self.i += 1;
            let b = self.binary(level + 1)?;
            let (start, end) = (a.start, b.end);
            a = node(ExprKind::Binary(Box::new(a), op, Box::new(b)), start, end);
        }
        Ok(a)
    }

    /// Unary `-`, `+`, `~` chains, one CPython level each, read in a loop.
    fn factor(&mut self) -> PResult<Expr> {
        let mut ops: Vec<(UnaryOp, Pos)> = Vec::new();
        while let Some(t) = self.toks.get(self.i) {
            let op = match &t.tok {
                Tok::Op("-") => UnaryOp::Neg,
                Tok::Op("+") => UnaryOp::Pos,
                Tok::Op("~") => UnaryOp::Invert,
                _ => break,
            };
            ops.push((op, t.start));
            self.i += 1;
        }
        if ops.is_empty() {
            return self.power();
        }
        let n = u32::try_from(ops.len()).unwrap_or(u32::MAX);
        let e = self.deeper(n.saturating_mul(cost::UNARY), Self::power)?;
        Ok(apply_unary(ops, e))
    }

    fn power(&mut self) -> PResult<Expr> {
        let a = self.await_primary()?;
        if self.at_op("**") {
            self.i += 1;
            let b = self.deeper(cost::POWER, Self::factor)?;
            let (start, end) = (a.start, b.end);
            return Ok(node(
                ExprKind::Binary(Box::new(a), BinOp::Pow, Box::new(b)),
                start,
                end,
            ));
        }
        Ok(a)
    }

    /// `await primary` or `primary` (`await await x` is not Python).
    fn await_primary(&mut self) -> PResult<Expr> {
        if self.at_name("await") {
            let start = self.bump()?.start;
            if self.at_name("await") {
                return Err(Fail::Generic(self.i));
            }
            let a = self.primary()?;
            let end = a.end;
            return Ok(node(ExprKind::Await(Box::new(a)), start, end));
        }
        self.primary()
    }

    /// A primary on its own (for the "forgot a comma" fallback).
    pub(crate) fn primary_only(&mut self) -> PResult<Expr> {
        self.primary()
    }

    fn primary(&mut self) -> PResult<Expr> {
        let top = self.statement_start == Some(self.i);
        let mut a = self.atom()?;
        loop {
            if self.at_op(".") {
                self.i += 1;
                let t = self.peek()?;
                let name = match &t.tok {
                    Tok::Name(n) if !is_keyword(n) => crate::unicode::nfkc_identifier(n),
                    _ => return Err(Fail::Generic(self.i)),
                };
                self.i += 1;
                let start = a.start;
                a = node(ExprKind::Attribute(Box::new(a), name), start, t.end);
            } else if self.at_op("(") {
                let open = self.i;
                self.i += 1;
                let base = if top {
                    cost::TOP_CALL_ARGS
                } else {
                    cost::CALL_ARGS
                };
                let args = match self.deeper(base, Self::arguments) {
                    Err(Fail::Generic(i)) => {
                        self.furthest_failure = self.furthest_failure.max(i);
                        // PEG backtracking: the atom alone, then whatever follows.
                        self.i = open;
                        return Ok(a);
                    }
                    Err(f) if self.skipped_without_invalid(&f) => {
                        self.i = open;
                        return Ok(a);
                    }
                    other => other?,
                };
                let (start, end) = (a.start, self.prev_end());
                a = node(ExprKind::Call(Box::new(a), args), start, end);
            } else if self.at_op("[") {
                let open = self.i;
                self.i += 1;
                let index = match self.deeper(cost::SUBSCRIPT, Self::subscript) {
                    Err(Fail::Generic(i)) => {
                        self.furthest_failure = self.furthest_failure.max(i);
                        self.i = open;
                        return Ok(a);
                    }
                    Err(f) if self.skipped_without_invalid(&f) => {
                        self.i = open;
                        return Ok(a);
                    }
                    other => other?,
                };
                let (start, end) = (a.start, self.prev_end());
                a = node(
                    ExprKind::Subscript(Box::new(a), Box::new(index)),
                    start,
                    end,
                );
            } else {
                return Ok(a);
            }
        }
    }

    /// The inside of `x[...]` through its `]`: a slice, an expression, or a
    /// tuple of them (`x[1:2, *y]`).
    fn subscript(&mut self) -> PResult<Expr> {
        if self.at_op("]") {
            // `x[]` is not a subscript.
            return Err(Fail::Generic(self.i));
        }
        let start = self.peek()?.start;
        let mut items: Vec<Expr> = Vec::new();
        let mut comma = false;
        loop {
            if self.at_op("]") {
                self.i += 1;
                break;
            }
            let item = if items.is_empty() {
                self.slice_item()?
            } else {
                self.shallower(cost::SUBSCRIPT, |p| {
                    p.deeper(cost::SUBSCRIPT_LATER, Self::slice_item)
                })?
            };
            if self.at_op(",") {
                self.i += 1;
                comma = true;
            } else if !self.at_op("]") {
                return Err(self.after_element(&item));
            }
            items.push(item);
        }
        if items.len() == 1 && !comma {
            return items.pop().ok_or(Fail::Generic(self.i));
        }
        let end = self.toks[self.i - 1].start;
        Ok(node(ExprKind::Tuple(items), start, end))
    }

    /// `lower:upper:step` (each part optional), `*x`, or an expression.
    fn slice_item(&mut self) -> PResult<Expr> {
        let start = self.peek()?.start;
        if self.at_op("*") {
            // `starred_expression`: `'*' expression` (`x[*a if b else c]`).
            self.i += 1;
            let e = self.expression()?;
            let end = e.end;
            return Ok(node(ExprKind::Starred(Box::new(e)), start, end));
        }
        let bound = |p: &mut Self| -> PResult<Option<Box<Expr>>> {
            if p.at_op(":") || p.at_op("]") || p.at_op(",") {
                Ok(None)
            } else {
                Ok(Some(Box::new(p.expression()?)))
            }
        };
        let lower = bound(self)?;
        if self.at_op(":=")
            && let Some(e) = lower
        {
            // `slice`'s `named_expression` (`x[y := 1]`).
            return self.named_after(*e);
        }
        if !self.at_op(":") {
            return lower.map(|b| *b).ok_or(Fail::Generic(self.i));
        }
        self.i += 1;
        let upper = bound(self)?;
        let step = if self.at_op(":") {
            self.i += 1;
            bound(self)?
        } else {
            None
        };
        Ok(node(
            ExprKind::Slice(lower, upper, step),
            start,
            self.prev_end(),
        ))
    }
}
