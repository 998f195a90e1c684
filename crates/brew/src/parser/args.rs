//! A call's arguments, through its `)`, with the errors CPython's second
//! pass reports about them (misplaced positional arguments, `*` after `**`,
//! `name=` without a value, assignments in place of arguments).

use super::{Fail, PResult, Parser, cost, is_keyword};
use crate::ast::{Arg, ArgKind, CompKind, Expr, ExprKind};
use crate::error::PyException;
use crate::lexer::Tok;
use crate::location::{Location, Pos};

/// "Generator expression must be parenthesized", marked from the element
/// to the last comprehension's iterable or last `if` condition.
fn unparenthesized_genexp(e: &Expr) -> Fail {
    let end = match &e.kind {
        ExprKind::Comprehension(_, parts) => parts.last().map_or(e.end, |p| p.end),
        _ => e.end,
    };
    let start = match &e.kind {
        ExprKind::Comprehension(_, parts) => parts.first().map_or(e.start, |p| p.start),
        _ => e.start,
    };
    Fail::syntax(
        "Generator expression must be parenthesized",
        Pos::range(start, end),
    )
}

/// Where the arguments after a misplaced positional one stand.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Section {
    /// Positional items.
    Positional,
    /// Keywords and `*x`.
    Keywords,
    /// Keywords and `**m`.
    DoubleStars,
}

impl Parser<'_> {
    /// The arguments of a call, after its `(`, through its `)`.
    pub(crate) fn arguments(&mut self) -> PResult<Vec<Arg>> {
        let base = self.level;
        if self.at_op(")") && base + 1 >= crate::depth::PARSER_MAXSTACK {
            // CPython looks one rule deeper into empty arguments.
            return Err(Fail::TooDeep);
        }
        let mut args: Vec<Arg> = Vec::new();
        let mut seen_keyword = false;
        let mut seen_double_star = false;
        loop {
            if self.at_op(")") {
                self.i += 1;
                return Ok(args);
            }
            let t = self.peek()?;
            let named = t.is_op("*")
                || t.is_op("**")
                || (matches!(t.tok, Tok::Name(_)) && self.peek_at(1).is_some_and(|n| n.is_op("=")));
            let offset = match (args.is_empty(), named) {
                (true, false) => 0,
                (true, true) => cost::FIRST_NAMED_ARG,
                (false, _) if t.is_op("**") => cost::FIRST_NAMED_ARG,
                (false, _) => cost::LATER_ARG,
            };
            let arg = self.at_level(base.saturating_add(offset), |p| {
                p.argument(seen_keyword, &mut seen_double_star)
            })?;
            if matches!(arg.kind, ArgKind::Keyword(..)) {
                seen_keyword = true;
            }
            let bare_genexp = matches!(&arg.kind, ArgKind::Positional(e)
                if self.bare_genexp.is_some_and(|i| self.toks[i].start == e.start));
            // invalid_arguments: a generator expression without its own
            // parentheses beside other arguments (before or after it).
            if bare_genexp {
                // The token after the clauses is read first.
                self.peek()?;
            }
            if bare_genexp && !args.is_empty() {
                return Err(unparenthesized_genexp(arg.expr()));
            }
            if bare_genexp && self.at_op(",") {
                // `[args | expression for_if_clauses]` after its comma is
                // parsed first: an error of its own there wins.
                let saved = (self.i, self.furthest_failure);
                self.i += 1;
                let mut later_double_star = false;
                while !self.at_op(")") {
                    match self.argument(false, &mut later_double_star) {
                        // The outer call's own rules come after this one.
                        Err(Fail::Syntax(e))
                            if e.message.contains(" follows ")
                                || e.message == "expected argument value expression" =>
                        {
                            break;
                        }
                        Err(f @ (Fail::Syntax(_) | Fail::TooDeep | Fail::PastEnd)) => {
                            return Err(f);
                        }
                        Err(_) => break,
                        Ok(_) if self.at_op(",") => self.i += 1,
                        Ok(_) if self.at_op(")") => break,
                        Ok(a) => match self.after_element(a.expr()) {
                            f @ (Fail::ForgotComma(_) | Fail::PastEnd) => return Err(f),
                            _ => break,
                        },
                    }
                }
                (self.i, self.furthest_failure) = saved;
                return Err(unparenthesized_genexp(arg.expr()));
            }
            if bare_genexp && !self.at_op(")") {
                return Err(Fail::Generic(self.i));
            }
            args.push(arg);
            if self.at_op(",") {
                self.i += 1;
                continue;
            }
            if self.at_op(")") {
                continue;
            }
            let last = args.last().ok_or(Fail::Generic(self.i))?;
            return Err(self.after_element(last.expr()));
        }
    }

    /// One argument: `*x`, `**m`, `name=value` or a positional expression.
    fn argument(&mut self, seen_keyword: bool, seen_double_star: &mut bool) -> PResult<Arg> {
        let t = self.peek()?;
        if t.is_op("*") {
            self.i += 1;
            if self.at_op(")") || self.at_op(",") {
                return Err(Fail::syntax(
                    "Invalid star expression",
                    self.peek()?.range(),
                ));
            }
            if *seen_double_star {
                return Err(self.unpacking_after_double_star());
            }
            let e = match self.expression() {
                Err(Fail::Generic(i)) => return Err(self.invalid_star_at(i)),
                // The starred-expression rule fails first, at the first pass's failure.
                Err(Fail::ForgotComma(_)) => {
                    return Err(self.invalid_star_at(self.missing_comma_at));
                }
                other => other?,
            };
            self.assigned_unpacking(t.start, "cannot assign to iterable argument unpacking")?;
            return Ok(Arg {
                start: t.start,
                end: self.prev_end(),
                kind: ArgKind::Star(e),
            });
        }
        if t.is_op("**") {
            self.i += 1;
            let e = self.expression()?;
            self.assigned_unpacking(t.start, "cannot assign to keyword argument unpacking")?;
            *seen_double_star = true;
            return Ok(Arg {
                start: t.start,
                end: self.prev_end(),
                kind: ArgKind::DoubleStar(e),
            });
        }
        if let Some(arg) = self.keyword_argument(None)? {
            return Ok(arg);
        }
        let first = self.i;
        let misplaced = seen_keyword || *seen_double_star;
        let e = match self.positional_expression() {
            Err(Fail::Generic(_)) if misplaced => return Err(Fail::Generic(first)),
            other => other?,
        };
        if misplaced && self.bare_genexp == Some(first) {
            // `f(a=1, x for x in y)`: invalid_arguments' `args ',' expression
            // for_if_clauses` comes before its misplaced-positional rule.
            return Err(unparenthesized_genexp(&e));
        }
        if misplaced {
            let msg = if *seen_double_star {
                "positional argument follows keyword argument unpacking"
            } else {
                "positional argument follows keyword argument"
            };
            return Err(self.after_misplaced_positional(msg, e));
        }
        Ok(Arg {
            start: e.start,
            end: e.end,
            kind: ArgKind::Positional(e),
        })
    }

    /// invalid_starred_expression and invalid_kwarg: `*a = b` or `**k = b`
    /// as an argument, marked from the stars through `b`.
    fn assigned_unpacking(&mut self, star: Pos, msg: &'static str) -> PResult<()> {
        if !self.at_op("=") {
            return Ok(());
        }
        let saved = self.i;
        self.i += 1;
        match self.expression() {
            Ok(b) => Err(Fail::syntax(msg, Pos::range(star, b.end))),
            Err(Fail::Generic(_)) => {
                self.i = saved;
                Ok(())
            }
            Err(f) => Err(f),
        }
    }

    /// CPython's "Invalid star expression" at token `i`.
    fn invalid_star_at(&self, i: usize) -> Fail {
        match self.toks.get(i) {
            Some(t) => Fail::syntax("Invalid star expression", t.range()),
            None => Fail::PastEnd,
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
            return Err(Fail::syntax(
                format!("cannot assign to {name}"),
                Pos::range(t.start, eq.end),
            ));
        }
        if is_keyword(name) {
            return Ok(None);
        }
        let t_index = self.i;
        self.i += 2;
        if self.at_op(")") || self.at_op(",") {
            if let Some(msg) = pending {
                return Err(Fail::syntax(msg, self.peek()?.range()));
            }
            let eq = &self.toks[self.i - 1];
            return Err(Fail::syntax(
                "expected argument value expression",
                Pos::range(t.start, eq.end),
            ));
        }
        let e = self.expression()?;
        if self.at_name("for") || self.at_name("async") {
            // invalid_kwarg: `name=value for x in y`, once its clauses and
            // the token after them are read.
            let saved = self.i;
            let mut parts = Vec::new();
            self.comprehension_clauses(&mut parts)?;
            self.peek()?;
            self.i = saved;
            let eq = &self.toks[self.i - 1];
            let eq = self.toks.get(t_index + 1).unwrap_or(eq);
            return Err(Fail::syntax(
                "invalid syntax. Maybe you meant '==' or ':=' instead of '='?",
                Pos::range(t.start, eq.end),
            ));
        }
        Ok(Some(Arg {
            start: t.start,
            end: self.prev_end(),
            kind: ArgKind::Keyword(crate::unicode::nfkc_identifier(name), e),
        }))
    }

    /// A positional argument's expression; `x.y=` style mistakes fail here.
    fn positional_expression(&mut self) -> PResult<Expr> {
        let e = self.expression()?;
        if self.at_op("=") {
            let eq = self.peek()?;
            return Err(Fail::syntax(
                "expression cannot contain assignment, perhaps you meant \"==\"?",
                Pos::range(e.start, eq.end),
            ));
        }
        if self.at_op(":=") {
            // `assignment_expression` takes a bare name only (`f((y) := 1)`
            // fails at the `:=`).
            if !matches!(e.kind, ExprKind::Name(_)) || e.parens.is_some() {
                return Err(Fail::Generic(self.i));
            }
            self.i += 1;
            let v = self.deeper(cost::UNARY, Self::expression)?;
            let (start, end) = (e.start, v.end);
            return Ok(super::node(
                ExprKind::Named(Box::new(e), Box::new(v)),
                start,
                end,
            ));
        }
        if self.at_name("for") || self.at_name("async") {
            let start = e.start;
            let first = self.toks.iter().position(|t| t.start == start);
            let mut parts = vec![e];
            self.comprehension_clauses(&mut parts)?;
            self.bare_genexp = first;
            return Ok(super::node(
                ExprKind::Comprehension(CompKind::Generator, parts),
                start,
                self.prev_end(),
            ));
        }
        Ok(e)
    }

    /// After a positional argument that follows a keyword: CPython's second
    /// pass parses the rest as another argument list and reports the
    /// misplaced positional argument at the furthest token it looked at.
    fn after_misplaced_positional(&mut self, msg: &'static str, first: Expr) -> Fail {
        let at = |p: &Self, i: usize| match p.toks.get(i) {
            Some(t) => Fail::syntax(msg, t.range()),
            None => Fail::PastEnd,
        };
        let mut section = Section::Positional;
        let mut last = first;
        loop {
            if self.at_op(",") {
                self.i += 1;
            } else if self.at_op(")") || !self.starts_expression() {
                return at(self, self.i);
            } else {
                return self.after_element(&last);
            }
            if self.at_op(")") {
                return at(self, self.i);
            }
            let Some(t) = self.toks.get(self.i) else {
                return Fail::PastEnd;
            };
            let r: PResult<Expr> = if t.is_op("*") {
                if section == Section::DoubleStars {
                    Err(Fail::Generic(self.i))
                } else {
                    let star = t.start;
                    self.i += 1;
                    match self.expression() {
                        Err(Fail::Generic(i)) => Err(self.invalid_star_at(i)),
                        Ok(e) => self
                            .assigned_unpacking(
                                star,
                                "cannot assign to iterable argument unpacking",
                            )
                            .map(|()| e),
                        other => other,
                    }
                }
            } else if t.is_op("**") {
                section = Section::DoubleStars;
                let star = t.start;
                self.i += 1;
                self.expression().and_then(|e| {
                    self.assigned_unpacking(star, "cannot assign to keyword argument unpacking")
                        .map(|()| e)
                })
            } else {
                match self.keyword_argument(Some(msg)) {
                    Ok(Some(arg)) => {
                        section = section.max(Section::Keywords);
                        match arg.kind {
                            ArgKind::Keyword(_, e) => Ok(e),
                            _ => Err(Fail::Generic(self.i)),
                        }
                    }
                    Ok(None) => self.positional_expression().and_then(|e| {
                        if let ExprKind::Comprehension(_, parts) = &e.kind
                            && self
                                .bare_genexp
                                .is_some_and(|i| self.toks[i].start == e.start)
                        {
                            // CPython's second pass stops at the generator's `for`.
                            let element_end = parts.first().map_or(e.end, |p| p.end);
                            let at_for = self
                                .toks
                                .iter()
                                .position(|t| t.start >= element_end)
                                .unwrap_or(self.i);
                            return Err(Fail::Generic(at_for));
                        }
                        if section == Section::Positional {
                            return Ok(e);
                        }
                        if !self.at_op(",") && !self.at_op(")") && self.starts_expression() {
                            return Err(self.after_element(&e));
                        }
                        Err(Fail::Generic(self.i))
                    }),
                    Err(f) => Err(f),
                }
            };
            match r {
                Ok(e) => last = e,
                Err(Fail::Generic(i)) => return at(self, i),
                Err(f) => return f,
            }
        }
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
        let star = self
            .toks
            .get(self.i.wrapping_sub(1))
            .map(|t| t.start)
            .unwrap_or_default();
        let run = (|| -> PResult<Pos> {
            match self.expression() {
                // The starred expression itself is broken: CPython says so first.
                Err(Fail::Generic(i)) => return Err(self.invalid_star_at(i)),
                Err(Fail::TooDeep) => return Err(Fail::TooDeep),
                // An error of the second pass inside it (`*(('a' 1),)`) is raised first.
                Err(f @ (Fail::Syntax(_) | Fail::ForgotComma(_) | Fail::SyntaxRawEnd(_))) => {
                    return Err(f);
                }
                Ok(_) => {
                    self.assigned_unpacking(star, "cannot assign to iterable argument unpacking")?
                }
                _ => {}
            }
            while self.at_op(",") && self.peek_at(1).is_some_and(|t| t.is_op("*")) {
                let star = self.toks[self.i + 1].start;
                self.i += 2;
                self.expression()?;
                self.assigned_unpacking(star, "cannot assign to iterable argument unpacking")?;
            }
            if self.at_op(",") {
                self.i += 1;
            }
            let next = self.peek()?;
            // CPython's f-string is several tokens; the first is `f'`.
            Ok(next.fstring_start_end().unwrap_or(next.end))
        })();
        match run {
            Ok(end) => Fail::SyntaxRawEnd(PyException::syntax(
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
