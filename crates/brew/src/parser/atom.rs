//! Atoms: names, numbers, strings (implicit concatenation, f-strings) and
//! the bracketed forms (groups, tuples, lists, sets, dicts, comprehensions).

use super::{Fail, PResult, Parser, cost, expr_name, is_keyword, node};
use crate::ast::{CompKind, Construct, Expr, ExprKind, FPart};
use crate::depth::PARSER_MAXSTACK;
use crate::error::PyException;
use crate::lexer::{FField, FPiece, Number, StrToken, Tok, Token};
use crate::literal::{LiteralError, decode};
use crate::location::{Location, Pos};
use crate::value::Value;

/// How many levels deeper than its f-string CPython's parser reads a
/// replacement field's expression, beyond the parenthesis our re-read of
/// the field adds (fitted to where CPython 3.13 overflows its stack: 80 to
/// 148 nested f-strings around parentheses).
const FSTRING_FIELD_LEVELS: u32 = 5;

impl Parser<'_> {
    pub(crate) fn atom(&mut self) -> PResult<Expr> {
        let t = self.peek()?;
        // CPython tries names first, then strings, then numbers: a deeper
        // rule call for each later kind.
        let extra = match &t.tok {
            Tok::Number(_) | Tok::Op("...") => 1,
            Tok::Str(s) if s.formatted => 7,
            Tok::Str(_) => 4,
            _ => 0,
        };
        if self.level + extra >= PARSER_MAXSTACK {
            return Err(Fail::TooDeep);
        }
        let konst = |v: Value| node(ExprKind::Const(v), t.start, t.end);
        match &t.tok {
            Tok::Name(n) => {
                let e = match n.as_str() {
                    "True" => konst(Value::Bool(true)),
                    "False" => konst(Value::Bool(false)),
                    "None" => konst(Value::None),
                    n if is_keyword(n) => return Err(Fail::Generic(self.i)),
                    n => node(
                        ExprKind::Name(crate::unicode::nfkc_identifier(n)),
                        t.start,
                        t.end,
                    ),
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
            Tok::Op("(") => self.paren_body(),
            Tok::Op("[") => self.list_body(),
            Tok::Op("{") => self.brace_body(),
            _ => Err(Fail::Generic(self.i)),
        }
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
            self.i += 1;
            let kind = match decode(s) {
                Ok(v) => ExprKind::Const(v),
                Err(LiteralError::Syntax(msg)) => return Err(Fail::syntax(msg, t.range())),
                Err(LiteralError::LoneSurrogate) => ExprKind::Unsupported(Construct::LoneSurrogate),
            };
            return Ok(node(kind, t.start, t.end));
        }
        let first = self.i;
        let mut parts: Vec<Value> = Vec::new();
        let mut formatted = false;
        let mut surrogate = false;
        while let Some(t) = self.toks.get(self.i) {
            let Tok::Str(s) = &t.tok else { break };
            if let Some(e) = &s.fstring_error {
                return Err(Fail::Syntax((**e).clone()));
            }
            self.i += 1;
            if s.formatted {
                formatted = true;
                continue;
            }
            match decode(s) {
                Ok(v) => parts.push(v),
                Err(LiteralError::Syntax(msg)) => return Err(Fail::syntax(msg, t.range())),
                Err(LiteralError::LoneSurrogate) => surrogate = true,
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
            let loc = self.peek()?.range();
            return Err(Fail::syntax("cannot mix bytes and nonbytes literals", loc));
        }
        if formatted {
            return self.fstring(first, start, end);
        }
        if surrogate {
            return Ok(node(
                ExprKind::Unsupported(Construct::LoneSurrogate),
                start,
                end,
            ));
        }
        let value = if kinds.first().copied().unwrap_or(false) {
            let mut b = Vec::new();
            for v in parts {
                if let Value::Bytes(x) = v {
                    b.extend(x);
                }
            }
            Value::Bytes(b)
        } else {
            let mut s = String::new();
            for v in parts {
                if let Value::Str(x) = v {
                    s.push_str(&x);
                }
            }
            Value::Str(s)
        };
        Ok(node(ExprKind::Const(value), start, end))
    }

    /// Strings `first..self.i`, one or more of them f-strings, joined.
    fn fstring(&mut self, first: usize, start: Pos, end: Pos) -> PResult<Expr> {
        let mut exprs = Vec::new();
        let mut parts = Vec::new();
        for t in &self.toks[first..self.i] {
            let Tok::Str(s) = &t.tok else { continue };
            if !s.formatted {
                if let Ok(Value::Str(v)) = decode(s) {
                    parts.push(FPart::Literal(v));
                }
                continue;
            }
            let Some(pieces) = &s.pieces else {
                return Ok(node(ExprKind::FString(Vec::new(), None), start, end));
            };
            self.fstring_pieces(pieces, s.raw, t, &mut exprs, &mut parts)?;
        }
        Ok(node(ExprKind::FString(exprs, Some(parts)), start, end))
    }

    fn fstring_pieces(
        &mut self,
        pieces: &[FPiece],
        raw: bool,
        t: &Token,
        exprs: &mut Vec<Expr>,
        parts: &mut Vec<FPart>,
    ) -> PResult<()> {
        for piece in pieces {
            match piece {
                FPiece::Literal(text) => {
                    let lit = StrToken {
                        bytes: false,
                        raw,
                        formatted: false,
                        body: text.clone(),
                        pieces: None,
                        fstring_error: None,
                    };
                    match decode(&lit) {
                        Ok(Value::Str(v)) => parts.push(FPart::Literal(v)),
                        Ok(_) => {}
                        Err(LiteralError::Syntax(msg)) => return Err(Fail::syntax(msg, t.range())),
                        Err(LiteralError::LoneSurrogate) => {
                            return Err(Fail::Refused(crate::error::Error::Unsupported {
                                what: Construct::LoneSurrogate.describe().into(),
                                location: t.start.start_location(),
                            }));
                        }
                    }
                }
                FPiece::Field(f) => {
                    let e = self.fstring_expression(f)?;
                    let index = exprs.len();
                    exprs.push(e);
                    let spec = match &f.spec {
                        None => None,
                        Some(sp) => {
                            let mut sub = Vec::new();
                            self.fstring_pieces(sp, raw, t, exprs, &mut sub)?;
                            Some(sub)
                        }
                    };
                    parts.push(FPart::Field {
                        index,
                        debug: f.debug.clone(),
                        conversion: f.conversion,
                        spec,
                        braces: f.braces,
                    });
                }
            }
        }
        Ok(())
    }

    /// A replacement field's expression, parsed from its text as CPython's
    /// parser reads it (in parentheses: blanks and a tuple are allowed),
    /// with errors placed in the f-string.
    fn fstring_expression(&mut self, f: &FField) -> PResult<Expr> {
        let source = format!("({})", f.text);
        let mut lexed = crate::lexer::tokenize(&source);
        let col = i64::from(f.start.col);
        let rename = |mut e: PyException| {
            if e.message == "cannot use starred expression here" {
                e.message = "can't use starred expression here".into();
            }
            e
        };
        // The field's first line starts at its column in the f-string; its
        // later lines (PEP 701) start where the source's lines do.
        let shift = |mut e: PyException| {
            if let Some(l) = e.location.as_mut() {
                if l.line == 1 {
                    l.column += col - 1;
                }
                if l.end_line == 1 && l.end_column > 0 {
                    l.end_column += col - 1;
                }
                l.line += f.start.line - 1;
                l.end_line += f.start.line - 1;
            }
            if e.message == "cannot use starred expression here" {
                e.message = "can't use starred expression here".into();
            }
            e
        };
        let refused = || {
            Fail::Refused(crate::error::Error::Unsupported {
                what: "this f-string's replacement field".into(),
                location: f.start.start_location(),
            })
        };
        if let Some(err) = &lexed.error {
            return Err(Fail::Syntax(shift(err.clone())));
        }
        // The tokens where they stand in the f-string (after our `(`).
        for t in &mut lexed.tokens {
            for pos in [&mut t.start, &mut t.end] {
                if pos.line == 1 {
                    pos.col = (pos.col + f.start.col).saturating_sub(1);
                    pos.bcol = (pos.bcol + f.start.bcol).saturating_sub(1);
                }
                pos.line += f.start.line - 1;
            }
        }
        let mut p = Parser::new(&lexed.tokens);
        let r = p.at_level(self.level.saturating_add(FSTRING_FIELD_LEVELS), |p| {
            p.expression()
        });
        if let Some(err) = p.out_of_steps() {
            return Err(Fail::Refused(err));
        }
        match r {
            Ok(e) if matches!(p.peek().map(|t| &t.tok), Ok(Tok::Newline | Tok::EndMarker)) => Ok(e),
            Ok(_) => Err(refused()),
            Err(Fail::Syntax(e)) if e.message == "cannot use starred expression here" => {
                // `f'{*x}'` parses; the compiler refuses it (`compile_walk`).
                let mut p = Parser::new(&lexed.tokens);
                p.i = 2;
                match p.at_level(self.level.saturating_add(FSTRING_FIELD_LEVELS), |p| {
                    p.expression()
                }) {
                    Ok(inner)
                        if p.at_op(")") && lexed.tokens.get(1).is_some_and(|t| t.is_op("*")) =>
                    {
                        let start = lexed.tokens[1].start;
                        let end = inner.end;
                        Ok(node(ExprKind::Starred(Box::new(inner)), start, end))
                    }
                    _ => Err(Fail::Syntax(rename(e))),
                }
            }
            Err(Fail::Syntax(e) | Fail::ForgotComma(e)) => Err(Fail::Syntax(rename(e))),
            Err(Fail::TooDeep) => Err(Fail::TooDeep),
            Err(Fail::Refused(e)) => Err(Fail::Refused(e)),
            Err(_) => Err(refused()),
        }
    }

    /// An element of a tuple, list or set: an expression, a starred one,
    /// a named expression or the element of a comprehension.
    fn element(&mut self, comp: CompKind) -> PResult<Expr> {
        if self.at_op("*") {
            let start = self.bump()?.start;
            let e = self.shallower(cost::STARRED_BACK, |p| p.binary(0))?;
            let end = e.end;
            return Ok(node(ExprKind::Starred(Box::new(e)), start, end));
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
            // The rule's `!('=' | ':=')` reads the next token: at the end of
            // a text with open brackets, the tokenizer's error wins.
            self.peek()?;
            if self.at_op("=") || self.at_op(":=") {
                return Err(Fail::Generic(eq));
            }
            return Err(Fail::syntax(
                "invalid syntax. Maybe you meant '==' or ':=' instead of '='?",
                Pos::range(t.start, b.end),
            ));
        }
        let e = self.expression()?;
        if self.at_op("=") {
            // CPython's invalid_named_expression: `(1=2)` in a container.
            let a_name = expr_name(&e);
            let eq = self.i;
            self.i += 1;
            match self.binary(0) {
                Err(Fail::TooDeep) => return Err(Fail::TooDeep),
                Ok(_) if !self.at_op("=") && !self.at_op(":=") => {
                    if let Some(name) = a_name {
                        return Err(Fail::syntax(
                            format!(
                                "cannot assign to {name} here. Maybe you meant '==' instead of '='?"
                            ),
                            Pos::range(e.start, e.end),
                        ));
                    }
                }
                _ => {}
            }
            return Err(Fail::Generic(eq));
        }
        if self.at_op(":=") {
            return self.named_after(e);
        }
        if self.at_name("for") || self.at_name("async") {
            let start = e.start;
            let mut parts = vec![e];
            self.comprehension_clauses(&mut parts)?;
            return Ok(node(
                ExprKind::Comprehension(comp, parts),
                start,
                self.prev_end(),
            ));
        }
        Ok(e)
    }

    /// Comma-separated elements up to `close`, the first at `first` levels
    /// below the bracket and later ones at `later`; returns them and
    /// whether a comma was seen.
    fn elements(
        &mut self,
        close: &str,
        comp: CompKind,
        (first, later): (u32, u32),
    ) -> PResult<(Vec<Expr>, bool)> {
        let base = self.level;
        if self.at_op(close) && base + first + 1 >= PARSER_MAXSTACK {
            // CPython looks one rule deeper into an empty display.
            return Err(Fail::TooDeep);
        }
        let mut items = Vec::new();
        let mut comma = false;
        loop {
            if self.at_op(close) {
                self.i += 1;
                return Ok((items, comma));
            }
            let level = base.saturating_add(if items.is_empty() { first } else { later });
            let e = self.at_level(level, |p| p.element(comp))?;
            self.check_comprehension_element(&items, &e, comp, close)?;
            if self.at_op(",") {
                self.i += 1;
                comma = true;
                items.push(e);
                self.check_comma_before_for(&items, comp)?;
                continue;
            }
            if self.at_op(close) {
                items.push(e);
                continue;
            }
            return Err(self.after_element(&e));
        }
    }

    fn paren_body(&mut self) -> PResult<Expr> {
        let open = self.bump()?;
        if self.at_name("yield") {
            let e = self.deeper(cost::PAREN + 1, Self::yield_expression)?;
            self.expect_op(")")?;
            return Ok(e);
        }
        let (mut items, comma) =
            self.elements(")", CompKind::Generator, (cost::PAREN, cost::PAREN_LATER))?;
        let end = self.prev_end();
        if items.len() == 1 && !comma {
            let inner = items.pop().ok_or(Fail::Generic(self.i))?;
            if matches!(inner.kind, ExprKind::Starred(_)) {
                // `(*x)` is not a tuple: CPython says "cannot use starred expression here".
                return Err(Fail::syntax(
                    "cannot use starred expression here",
                    Pos::range(inner.start, inner.end),
                ));
            }
            let mut inner = inner;
            if let ExprKind::Comprehension(CompKind::Generator, parts) = &inner.kind
                && parts.first().is_some_and(|e| e.start == inner.start)
            {
                // A generator expression's node includes its parentheses.
                inner.start = open.start;
                inner.end = end;
            }
            inner.parenthesized(open.start, end);
            return Ok(inner);
        }
        Ok(node(ExprKind::Tuple(items), open.start, end))
    }

    /// `yield`, `yield value`, `yield a, b` or `yield from value` (only in parentheses).
    fn yield_expression(&mut self) -> PResult<Expr> {
        let t = self.bump()?;
        let from = self.at_name("from");
        if from {
            self.i += 1;
        }
        let mut end = t.end;
        let mut value = None;
        if from || self.starts_expression() || self.at_op("*") {
            let first = self.element(CompKind::Generator)?;
            let start = first.start;
            let v = if !from && self.at_op(",") {
                let mut items = vec![first];
                while self.at_op(",") {
                    self.i += 1;
                    if self.at_op(")") {
                        break;
                    }
                    items.push(self.element(CompKind::Generator)?);
                }
                node(ExprKind::Tuple(items), start, self.prev_end())
            } else {
                first
            };
            end = v.end;
            value = Some(Box::new(v));
        }
        Ok(node(ExprKind::Yield { from, value }, t.start, end))
    }

    fn list_body(&mut self) -> PResult<Expr> {
        let open = self.bump()?;
        let (items, _) =
            self.elements("]", CompKind::List, (cost::DISPLAY, cost::DISPLAY_LATER))?;
        let end = self.prev_end();
        if let [only] = &items[..]
            && let ExprKind::Comprehension(CompKind::List, _) = only.kind
        {
            let mut items = items;
            let mut comp = items.pop().ok_or(Fail::Generic(self.i))?;
            comp.start = open.start;
            comp.end = end;
            comp.parenthesized(open.start, end);
            return Ok(comp);
        }
        Ok(node(ExprKind::List(items), open.start, end))
    }

    fn brace_body(&mut self) -> PResult<Expr> {
        let open = self.bump()?;
        if self.at_op("}") {
            if self.level + cost::DISPLAY + 1 >= PARSER_MAXSTACK {
                return Err(Fail::TooDeep);
            }
            self.i += 1;
            return Ok(node(
                ExprKind::Dict(Vec::new()),
                open.start,
                self.prev_end(),
            ));
        }
        let base = self.level;
        let first_level = base.saturating_add(cost::DISPLAY);
        let later_level = base.saturating_add(cost::DISPLAY_LATER);
        // Decide between dict and set from the first entry.
        let mut pairs: Vec<(Option<Expr>, Expr)> = Vec::new();
        let mut key = if self.at_op("**") {
            self.i += 1;
            let m = self.at_level(first_level - cost::STARRED_BACK, |p| p.binary(0))?;
            pairs.push((None, m));
            None
        } else {
            let first = self.at_level(first_level, |p| p.element(CompKind::Set))?;
            self.check_comprehension_element(&[], &first, CompKind::Set, "}")?;
            let bare_named = matches!(first.kind, ExprKind::Named(..)) && first.parens.is_none();
            if (bare_named || matches!(first.kind, ExprKind::Starred(_))) && self.at_op(":") {
                // `{*x: 1}`, `{a := 1: 2}`: no dict entry (CPython fails at the `:`).
                return Err(Fail::Generic(self.i));
            }
            if !self.at_op(":") {
                return self.set_rest(open, first, later_level);
            }
            Some(first)
        };
        loop {
            if let Some(k) = key.take() {
                // At ':' after `k`.
                let colon = self.expect_op(":")?;
                if self.at_op("}") || self.at_op(",") {
                    return Err(Fail::syntax(
                        "expression expected after dictionary key and ':'",
                        colon.range(),
                    ));
                }
                let level = if pairs.is_empty() {
                    first_level
                } else {
                    later_level
                };
                if self.at_op("*") {
                    self.starred_dict_value(level)?;
                }
                let value = self.at_level(level, Self::expression)?;
                if self.at_name("for") {
                    let mut parts = vec![k, value];
                    self.comprehension_clauses(&mut parts)?;
                    self.expect_op("}")?;
                    return Ok(node(
                        ExprKind::Comprehension(CompKind::Dict, parts),
                        open.start,
                        self.prev_end(),
                    ));
                }
                pairs.push((Some(k), value));
            }
            if self.at_op("}") {
                self.i += 1;
                break;
            }
            if !self.at_op(",") {
                let (key, last) = pairs.last().ok_or(Fail::Generic(self.i))?;
                if key.is_none() {
                    // `**m` is a bitwise_or, which CPython's "forgot a comma" rule never follows.
                    return Err(Fail::Generic(self.i));
                }
                let last = last.clone();
                return Err(self.after_element(&last));
            }
            self.i += 1;
            if self.at_op("}") {
                self.i += 1;
                break;
            }
            if self.at_op("**") {
                self.i += 1;
                let m = self.at_level(later_level - cost::STARRED_BACK, |p| p.binary(0))?;
                pairs.push((None, m));
                continue;
            }
            let k = self.at_level(later_level, Self::expression)?;
            if !self.at_op(":") && (self.at_op(",") || self.at_op("}")) {
                return Err(Fail::syntax(
                    "':' expected after dictionary key",
                    Location {
                        line: k.start.line,
                        column: i64::from(k.start.col) + 1,
                        end_line: k.start.line,
                        end_column: 0,
                    },
                ));
            }
            if !self.at_op(":") {
                return Err(self.after_element(&k));
            }
            key = Some(k);
        }
        Ok(node(ExprKind::Dict(pairs), open.start, self.prev_end()))
    }

    /// `{k: *v}`: CPython's invalid_kvpair, marked from the `*` to the end
    /// of the token after `v` (its tokenizer's position, a raw byte column).
    fn starred_dict_value(&mut self, level: u32) -> PResult<()> {
        let star = self.bump()?;
        let saved = self.i;
        match self.at_level(level, |p| p.binary(0)) {
            Ok(_) => {
                let end = match self.toks.get(self.i) {
                    Some(t) => t.end,
                    None => return Err(Fail::PastEnd),
                };
                Err(Fail::SyntaxRawEnd(PyException::syntax(
                    "cannot use a starred expression in a dictionary value",
                    Location {
                        line: star.start.line,
                        column: i64::from(star.start.col) + 1,
                        end_line: end.line,
                        end_column: i64::from(end.bcol),
                    },
                )))
            }
            Err(Fail::Generic(_)) => Err(Fail::Generic(saved - 1)),
            Err(f) => Err(f),
        }
    }

    /// CPython's invalid_comprehension for an element of a display just
    /// parsed (`items` are the ones before it): `[*x for x in y]`, `[a, b for
    /// x in y]`, and a comprehension followed by more than its bracket.
    fn check_comprehension_element(
        &mut self,
        items: &[Expr],
        e: &Expr,
        comp: CompKind,
        close: &str,
    ) -> PResult<()> {
        if items.is_empty()
            && matches!(e.kind, ExprKind::Starred(_))
            && (self.at_name("for") || self.at_name("async"))
        {
            let mut parts = Vec::new();
            self.comprehension_clauses(&mut parts)?;
            return Err(Fail::syntax(
                "iterable unpacking cannot be used in comprehension",
                Pos::range(e.start, e.end),
            ));
        }
        let ExprKind::Comprehension(_, parts) = &e.kind else {
            return Ok(());
        };
        let Some(element) = parts.first() else {
            return Ok(());
        };
        if element.start != e.start {
            // Parenthesised: a generator expression of its own.
            return Ok(());
        }
        if let Some(first) = items.first() {
            if matches!(comp, CompKind::List | CompKind::Set) {
                return Err(Fail::syntax(
                    "did you forget parentheses around the comprehension target?",
                    Pos::range(first.start, element.end),
                ));
            }
            let at = self
                .toks
                .iter()
                .position(|t| t.start >= element.end && (t.is_name("for") || t.is_name("async")))
                .unwrap_or(self.i);
            return Err(Fail::Generic(at));
        }
        if !self.at_op(close) {
            return Err(Fail::Generic(self.i));
        }
        Ok(())
    }

    /// `[x, for x in y]`: CPython's invalid_comprehension, marked from the
    /// element through the comma.
    fn check_comma_before_for(&mut self, items: &[Expr], comp: CompKind) -> PResult<()> {
        if items.len() != 1
            || !matches!(comp, CompKind::List | CompKind::Set)
            || !(self.at_name("for") || self.at_name("async"))
        {
            return Ok(());
        }
        let comma = self.toks[self.i - 1].end;
        let saved = self.i;
        let mut parts = Vec::new();
        match self.comprehension_clauses(&mut parts) {
            Ok(()) => Err(Fail::syntax(
                "did you forget parentheses around the comprehension target?",
                Pos::range(items[0].start, comma),
            )),
            Err(Fail::Generic(_)) => {
                self.i = saved;
                Ok(())
            }
            Err(f) => Err(f),
        }
    }

    /// The rest of a set display (or set comprehension) after its first element.
    fn set_rest(&mut self, open: &Token, first: Expr, later_level: u32) -> PResult<Expr> {
        if let ExprKind::Comprehension(CompKind::Set, _) = first.kind {
            self.expect_op("}")?;
            let mut comp = first;
            comp.start = open.start;
            comp.end = self.prev_end();
            comp.parenthesized(comp.start, comp.end);
            return Ok(comp);
        }
        let mut items = vec![first];
        loop {
            if self.at_op("}") {
                self.i += 1;
                break;
            }
            if self.at_op(",") {
                self.i += 1;
                self.check_comma_before_for(&items, CompKind::Set)?;
                if self.at_op("}") {
                    self.i += 1;
                    break;
                }
                let e = self.at_level(later_level, |p| p.element(CompKind::Set))?;
                self.check_comprehension_element(&items, &e, CompKind::Set, "}")?;
                items.push(e);
                continue;
            }
            let last = items.last().ok_or(Fail::Generic(self.i))?.clone();
            return Err(self.after_element(&last));
        }
        Ok(node(ExprKind::Set(items), open.start, self.prev_end()))
    }

    /// `for x in y [if z]...` after a comprehension's element; the targets,
    /// iterables and conditions are appended to `parts`.
    pub(crate) fn comprehension_clauses(&mut self, parts: &mut Vec<Expr>) -> PResult<()> {
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
                parts.push(self.binary(0)?);
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
                // invalid_for_if_clause, at the token after the targets.
                return Err(Fail::syntax(
                    "'in' expected after for-loop variables",
                    self.peek()?.range(),
                ));
            }
            self.i += 1;
            parts.push(self.shallower(cost::COMP_ITER_BACK, Self::disjunction)?);
            while self.at_name("if") {
                self.i += 1;
                parts.push(self.disjunction()?);
            }
        }
        Ok(())
    }
}
