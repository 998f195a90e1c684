//! Taking an f-string apart as CPython 3.13's tokenizer does (PEP 701):
//! literal text, replacement fields with their expression's text, `=`,
//! conversion and format spec, and CPython's errors about malformed ones
//! (`f-string: single '}' is not allowed`, `f-string: expecting '}'`,
//! `f-string: valid expression required before '}'`, conversion errors).
//! Fields are kept on one line here; an f-string this engine does not take
//! apart (a field over several lines, a comment, a strange format spec) is
//! left whole, and the parser refuses it.

use super::{FField, FPiece, Lexer, is_ident_continue, is_ident_start, syntax};
use crate::error::PyException;
use crate::location::Location;

/// Whether CPython's tokenizer raises `e` (and reads no further), rather
/// than its parser (which reads on to the string's end).
pub(crate) fn stops_tokenizer(e: &PyException) -> bool {
    let m = e.message.as_str();
    m == "f-string: single '}' is not allowed"
        || m == "f-string: expecting '}'"
        || m.ends_with("' was never closed")
        || m == "f-string: expressions nested too deeply"
        || m.starts_with("f-string: unmatched")
        || m.starts_with("closing parenthesis")
        || m == "too many nested f-strings"
        || m.starts_with("unterminated f-string literal")
        || m == "too many nested parentheses"
}

/// CPython's tokenizer reads f-strings nested this deep (`MAXFSTRINGLEVEL`):
/// the 150th is "too many nested f-strings".
const MAX_FSTRING_LEVEL: u32 = 150;

/// Fields nested in format specs this deep are CPython's "expressions
/// nested too deeply" (`f'{1:{1:{1}}}'` is as deep as it goes).
const MAX_SPEC_NESTING: u32 = 3;

/// `Ok(None)`: not taken apart (see the module's note).
type Scan<T> = Result<Option<T>, PyException>;

impl Lexer<'_> {
    /// Whether the closing quote(s) of the string start at `self.i`.
    fn at_string_end(&self, quote: char, triple: bool) -> bool {
        self.peek(0) == Some(quote)
            && (!triple || (self.peek(1) == Some(quote) && self.peek(2) == Some(quote)))
    }

    /// A 1-based range over chars `from..to` (0-based, `to` exclusive) on the current line.
    fn char_range(&self, from: usize, to: usize) -> Location {
        let a = self.pos_at(from);
        let b = self.pos_at(to);
        Location {
            line: a.line,
            column: i64::from(a.col) + 1,
            end_line: b.line,
            end_column: i64::from(b.col) + 1,
        }
    }

    /// CPython's error "on the next token": the identifier, number or single
    /// character at `i`.
    fn next_token_range(&self, i: usize) -> Location {
        let mut j = i;
        while self
            .chars
            .get(j)
            .is_some_and(|&c| is_ident_continue(c) || c.is_ascii_digit())
        {
            j += 1;
        }
        self.char_range(i, j.max(i + 1))
    }

    /// Past a line break (`\r\n` is one) inside an f-string, counted as
    /// the tokenizer counts a string's lines.
    fn line_break(&mut self) {
        let crlf = self.peek(0) == Some('\r') && self.peek(1) == Some('\n');
        self.i += if crlf { 2 } else { 1 };
        self.continued_newline();
    }

    /// The body of an f-string after its opening quote(s), through its closing ones.
    pub(super) fn fstring_body(
        &mut self,
        quote: char,
        triple: bool,
        raw: bool,
    ) -> Scan<Vec<FPiece>> {
        let mut pieces = Vec::new();
        let mut lit = String::new();
        self.fstring_open_literal = false;
        loop {
            if self.at_string_end(quote, triple) {
                self.i += if triple { 3 } else { 1 };
                if !lit.is_empty() {
                    pieces.push(FPiece::Literal(lit));
                }
                return Ok(Some(pieces));
            }
            let Some(c) = self.peek(0) else {
                self.fstring_open_literal = true;
                return Ok(None);
            };
            match c {
                '\n' | '\r' if triple => {
                    lit.push('\n');
                    self.line_break();
                }
                '\n' | '\r' => {
                    self.fstring_open_literal = true;
                    return Ok(None);
                }
                '\\' => {
                    if !self.escape(raw, quote, &mut lit) {
                        self.fstring_open_literal = true;
                        return Ok(None);
                    }
                }
                '{' if self.peek(1) == Some('{') => {
                    lit.push('{');
                    self.i += 2;
                }
                '}' if self.peek(1) == Some('}') => {
                    lit.push('}');
                    self.i += 2;
                }
                '}' => {
                    return Err(syntax(
                        "f-string: single '}' is not allowed",
                        self.cursor_at(self.i + 1),
                    ));
                }
                '{' => {
                    if !lit.is_empty() {
                        pieces.push(FPiece::Literal(std::mem::take(&mut lit)));
                    }
                    match self.fstring_field(quote, 0)? {
                        Some(f) => pieces.push(FPiece::Field(f)),
                        None => return Ok(None),
                    }
                }
                _ => {
                    lit.push(c);
                    self.i += 1;
                }
            }
        }
    }

    /// A backslash in literal text, copied as written; false where it
    /// continues the line.
    fn escape(&mut self, raw: bool, quote: char, lit: &mut String) -> bool {
        lit.push('\\');
        self.i += 1;
        match self.peek(0) {
            None | Some('\n' | '\r') => false,
            Some(n) if raw => {
                if n == quote || n == '\\' {
                    lit.push(n);
                    self.i += 1;
                }
                true
            }
            Some('N') if !raw && self.peek(1) == Some('{') => {
                // `\N{NAME}`: its braces are no field.
                let Some(close) = (self.i..self.chars.len())
                    .take_while(|&k| !matches!(self.chars[k], '\n' | '\r'))
                    .find(|&k| self.chars[k] == '}')
                else {
                    return false;
                };
                lit.extend(&self.chars[self.i..=close]);
                self.i = close + 1;
                true
            }
            Some('{' | '}') => true,
            Some(n) => {
                lit.push(n);
                self.i += 1;
                true
            }
        }
    }

    /// CPython's tokenizer error for a bracket still open where the text
    /// ends: `'{' was never closed` at char `at`.
    fn never_closed(&self, bracket: char, at: usize) -> PyException {
        let p = self.pos_at(at);
        syntax(
            format!("'{bracket}' was never closed"),
            Location {
                line: p.line,
                column: i64::from(p.col) + 1,
                end_line: p.line,
                end_column: 0,
            },
        )
    }

    /// A replacement field, `self.i` at its `{`; `depth` counts the format
    /// specs it is inside. Where the text ends inside it, CPython's
    /// tokenizer reports its `{` (or the innermost bracket open in it).
    fn fstring_field(&mut self, quote: char, depth: u32) -> Scan<FField> {
        let brace = self.i;
        if self.brackets.len() + self.fstring_fields >= super::MAX_NESTING {
            return Err(syntax(
                "too many nested parentheses",
                self.cursor_at(self.i + 1),
            ));
        }
        self.fstring_fields += 1;
        let field = self.fstring_field_to_end(quote, depth);
        self.fstring_fields -= 1;
        match field? {
            None if self.i >= self.chars.len() && !self.fstring_open_literal => {
                Err(self.never_closed('{', brace))
            }
            other => Ok(other),
        }
    }

    /// [`Self::fstring_field`] without its end-of-text error.
    fn fstring_field_to_end(&mut self, quote: char, depth: u32) -> Scan<FField> {
        if depth >= MAX_SPEC_NESTING {
            return Err(syntax(
                "f-string: expressions nested too deeply",
                self.cursor_at(self.i),
            ));
        }
        self.i += 1;
        let start = self.i;
        let Some(term) = self.field_expression(start, quote)? else {
            return Ok(None);
        };
        let text: String = self.chars[start..self.i].iter().collect();
        let trimmed = text.trim_start_matches([' ', '\t', '\x0c']);
        if term == ':'
            && trimmed.starts_with("lambda")
            && !trimmed["lambda".len()..]
                .chars()
                .next()
                .is_some_and(is_ident_continue)
        {
            let lambda = start + (text.chars().count() - trimmed.chars().count());
            return Err(syntax(
                "f-string: lambda expressions are not allowed without parentheses",
                self.char_range(lambda, self.i + 1),
            ));
        }
        if text.chars().all(|c| matches!(c, ' ' | '\t' | '\x0c')) {
            return Err(syntax(
                format!("f-string: valid expression required before '{term}'"),
                self.char_range(self.i, self.i + 1),
            ));
        }
        let mut field = FField {
            text,
            start: self.pos_at(start),
            debug: None,
            conversion: None,
            spec: None,
            braces: (self.pos_at(start - 1), self.pos_at(start - 1)),
        };
        let mut term = term;
        if term == '=' {
            self.i += 1;
            self.skip_blanks();
            field.debug = Some(self.chars[start..self.i].iter().collect());
            let Some(next) = self.field_terminator(quote, true)? else {
                return Ok(None);
            };
            term = next;
        }
        if term == '!' {
            let Some(c) = self.conversion(quote)? else {
                return Ok(None);
            };
            field.conversion = Some(c);
            self.skip_blanks();
            let Some(next) = self.field_terminator(quote, false)? else {
                return Ok(None);
            };
            term = next;
        }
        if term == ':' {
            self.i += 1;
            let Some(spec) = self.format_spec(quote, depth)? else {
                return Ok(None);
            };
            field.spec = Some(spec);
        }
        if self.peek(0) != Some('}') {
            return Ok(None);
        }
        self.i += 1;
        field.braces.1 = self.pos_at(self.i);
        Ok(Some(field))
    }

    fn skip_blanks(&mut self) {
        while matches!(self.peek(0), Some(' ' | '\t' | '\x0c')) {
            self.i += 1;
        }
    }

    /// Scans a field's expression from `start` to the `}`, `!`, `:` or `=`
    /// that ends it at bracket depth 0, and returns that character.
    fn field_expression(&mut self, start: usize, quote: char) -> Scan<char> {
        let mut stack: Vec<(char, usize)> = Vec::new();
        loop {
            let Some(c) = self.peek(0) else {
                // The text ends inside a bracket of the field: the
                // tokenizer's error names the innermost one.
                return match stack.last() {
                    Some(&(o, at)) => Err(self.never_closed(o, at)),
                    None => Ok(None),
                };
            };
            match c {
                // PEP 701: a field's expression may span lines.
                '\n' | '\r' => self.line_break(),
                '#' => {
                    // A comment up to the line's end, inside the field.
                    while !matches!(self.peek(0), None | Some('\n' | '\r')) {
                        self.i += 1;
                    }
                    if self.peek(0).is_none() {
                        // The comment ran to the end of the text: the
                        // innermost bracket (or the field's brace) is open.
                        return Err(match stack.last() {
                            Some(&(o, at)) => self.never_closed(o, at),
                            None => self.never_closed('{', start - 1),
                        });
                    }
                }
                '\\' => return Ok(None),
                '\'' | '"' => {
                    if !self.nested_string(start, c, quote)? {
                        return Ok(None);
                    }
                }
                '(' | '[' | '{' => {
                    if self.brackets.len() + self.fstring_fields + stack.len() >= super::MAX_NESTING
                    {
                        return Err(syntax(
                            "too many nested parentheses",
                            self.cursor_at(self.i + 1),
                        ));
                    }
                    stack.push((c, self.i));
                    self.i += 1;
                }
                ')' | ']' | '}' => match stack.pop() {
                    None if c == '}' => return Ok(Some('}')),
                    None => {
                        return Err(syntax(
                            format!("f-string: unmatched '{c}'"),
                            self.cursor_at(self.i + 1),
                        ));
                    }
                    Some((o, _)) if matches!((o, c), ('(', ')') | ('[', ']') | ('{', '}')) => {
                        self.i += 1;
                    }
                    Some((o, _)) => {
                        return Err(syntax(
                            format!(
                                "closing parenthesis '{c}' does not match opening parenthesis '{o}'"
                            ),
                            self.cursor_at(self.i + 1),
                        ));
                    }
                },
                '!' if self.peek(1) == Some('=') => self.i += 2,
                '!' if stack.is_empty() => return Ok(Some('!')),
                ':' if stack.is_empty() => return Ok(Some(':')),
                '=' if stack.is_empty() => {
                    let prev = if self.i > start {
                        self.chars[self.i - 1]
                    } else {
                        ' '
                    };
                    if self.peek(1) == Some('=') {
                        self.i += 2;
                    } else if matches!(prev, '<' | '>' | '=' | '!') {
                        self.i += 1;
                    } else {
                        return Ok(Some('='));
                    }
                }
                _ => self.i += 1,
            }
        }
    }

    /// A string inside a field (`f"{'a'}"`, or with the f-string's own
    /// quote, PEP 701), on one line; false where this engine does not follow it.
    fn nested_string(
        &mut self,
        field_start: usize,
        q: char,
        outer: char,
    ) -> Result<bool, PyException> {
        // Its prefix letters were scanned as part of a name just before it.
        let mut from = self.i;
        while from > field_start && self.chars[from - 1].is_ascii_alphabetic() {
            from -= 1;
        }
        let prefix: String = self.chars[from..self.i]
            .iter()
            .collect::<String>()
            .to_ascii_lowercase();
        let is_prefix = matches!(
            prefix.as_str(),
            "r" | "u" | "b" | "f" | "br" | "rb" | "fr" | "rf"
        ) && (from == field_start || !is_ident_continue(self.chars[from - 1]));
        let string_start = if is_prefix { from } else { self.i };
        let triple = self.peek(1) == Some(q) && self.peek(2) == Some(q);
        if triple {
            return Ok(false);
        }
        if is_prefix && prefix.contains('f') {
            // An f-string in a field (PEP 701), with its own fields; the
            // parser reads it again from the field's text.
            if self.fstring_nesting + 2 >= MAX_FSTRING_LEVEL {
                return Err(syntax(
                    "too many nested f-strings",
                    self.char_range(self.i, self.i),
                ));
            }
            self.i += 1;
            self.fstring_nesting += 1;
            let raw = prefix.contains('r');
            let inner = crate::depth::grow(|| self.fstring_body(q, false, raw));
            self.fstring_nesting -= 1;
            let open_literal = std::mem::replace(&mut self.fstring_open_literal, false);
            let inner = inner?;
            if inner.is_none() && open_literal && self.i >= self.chars.len() {
                let p = self.pos_at(string_start);
                return Err(syntax(
                    format!(
                        "unterminated f-string literal (detected at line {})",
                        p.line
                    ),
                    self.char_range(string_start, string_start),
                ));
            }
            return Ok(inner.is_some());
        }
        let mut j = self.i + 1;
        loop {
            match self.chars.get(j) {
                Some(&c) if c == q => {
                    self.i = j + 1;
                    return Ok(true);
                }
                Some('\\') => j += 2,
                Some('\n' | '\r') | None => {
                    if q == outer {
                        return Err(syntax(
                            "f-string: expecting '}'",
                            self.cursor_at(string_start + 1),
                        ));
                    }
                    return Ok(false);
                }
                Some(_) => j += 1,
            }
        }
    }

    /// What may follow a field's `=` (`!` too, when `bang` allows it) or its
    /// conversion: `!`, `:` or `}`; CPython's error for anything else, or
    /// `None` where the string itself ends unfinished (the caller's error).
    fn field_terminator(&self, quote: char, bang: bool) -> Scan<char> {
        match self.peek(0) {
            Some('!') if bang && self.peek(1) != Some('=') => Ok(Some('!')),
            Some(c @ (':' | '}')) => Ok(Some(c)),
            Some(c) if c == quote => Err(syntax(
                "f-string: expecting '}'",
                self.cursor_at(self.i + 1),
            )),
            Some('\n' | '\r' | '\'' | '"' | '#') | None => Ok(None),
            Some(_) => Err(syntax(
                if bang {
                    "f-string: expecting '!', or ':', or '}'"
                } else {
                    "f-string: expecting ':' or '}'"
                },
                self.next_token_range(self.i),
            )),
        }
    }

    /// The conversion after a field's `!` (`self.i` at the `!`).
    fn conversion(&mut self, quote: char) -> Scan<char> {
        let bang = self.i;
        self.i += 1;
        let name_at = |lx: &Self, i: usize| -> usize {
            let mut j = i;
            while lx.chars.get(j).is_some_and(|&c| is_ident_continue(c)) {
                j += 1;
            }
            j
        };
        match self.peek(0) {
            Some(':' | '}') => Err(syntax(
                "f-string: missing conversion character",
                self.char_range(self.i, self.i + 1),
            )),
            Some(c) if c == quote => Err(syntax(
                "f-string: expecting '}'",
                self.cursor_at(self.i + 1),
            )),
            Some(' ' | '\t' | '\x0c') => {
                self.skip_blanks();
                match self.peek(0) {
                    Some(c) if is_ident_start(c) => {
                        let end = name_at(self, self.i);
                        Err(syntax(
                            "f-string: conversion type must come right after the exclamanation mark",
                            self.char_range(bang, end),
                        ))
                    }
                    _ => Ok(None),
                }
            }
            Some(c) if is_ident_start(c) => {
                let end = name_at(self, self.i);
                let name: String = self.chars[self.i..end].iter().collect();
                let prefix = name.to_ascii_lowercase();
                if matches!(
                    prefix.as_str(),
                    "r" | "u" | "b" | "f" | "br" | "rb" | "fr" | "rf"
                ) && self.chars.get(end) == Some(&quote)
                {
                    // `{1!r"`: the tokenizer reads `r"` as a string of the f-string's quote.
                    return Err(syntax(
                        "f-string: expecting '}'",
                        self.cursor_at(self.i + 1),
                    ));
                }
                match name.as_str() {
                    "s" | "r" | "a" => {
                        self.i = end;
                        Ok(name.chars().next())
                    }
                    _ => Err(syntax(
                        format!(
                            "f-string: invalid conversion character {}: expected 's', 'r', or 'a'",
                            crate::repr::str_repr(&name)
                        ),
                        self.char_range(self.i, end),
                    )),
                }
            }
            Some(_) => match self.non_name_token_end(self.i) {
                // `invalid_conversion_character`'s `'!' !NAME`, on the token
                // after the `!`.
                Some(end) => Err(syntax(
                    "f-string: invalid conversion character",
                    self.char_range(self.i, end),
                )),
                None => Ok(None),
            },
            None => Ok(None),
        }
    }

    /// Where the token at `i` ends when it is a number or an operator that
    /// CPython's tokenizer reads there without an error of its own (`2`,
    /// `1.5`, `0x1`, `1j`, `**`, `->`, `(`); `None` for anything else.
    fn non_name_token_end(&self, i: usize) -> Option<usize> {
        let at = |j: usize| self.chars.get(j).copied();
        let digits = |mut j: usize| {
            while at(j).is_some_and(|c| c.is_ascii_digit() || c == '_') {
                j += 1;
            }
            j
        };
        let c = at(i)?;
        let end = if c.is_ascii_digit()
            || (c == '.' && at(i + 1).is_some_and(|d| d.is_ascii_digit()))
        {
            let mut j;
            if c == '0' && at(i + 1).is_some_and(|x| matches!(x, 'x' | 'X' | 'o' | 'O' | 'b' | 'B'))
            {
                j = i + 2;
                while at(j).is_some_and(|d| d.is_ascii_hexdigit() || d == '_') {
                    j += 1;
                }
            } else {
                j = digits(i);
                if at(j) == Some('.') {
                    j = digits(j + 1);
                }
                if at(j).is_some_and(|e| e == 'e' || e == 'E') {
                    let k = if at(j + 1).is_some_and(|s| s == '+' || s == '-') {
                        j + 2
                    } else {
                        j + 1
                    };
                    if !at(k).is_some_and(|d| d.is_ascii_digit()) {
                        return None;
                    }
                    j = digits(k);
                }
                if at(j).is_some_and(|x| x == 'j' || x == 'J') {
                    j += 1;
                }
            }
            // `2x`: the tokenizer's own "invalid decimal literal".
            if at(j).is_some_and(is_ident_continue) {
                return None;
            }
            j
        } else {
            // Longest first, as the tokenizer reads them.
            const OPS: [&str; 24] = [
                "**=", "//=", ">>=", "<<=", "...", "**", "//", "<<", ">>", "<=", ">=", "->", "==",
                "!=", "+=", "-=", "*=", "/=", "%=", "&=", "|=", "^=", "@=", ":=",
            ];
            if let Some(op) = OPS
                .iter()
                .find(|op| op.chars().enumerate().all(|(k, oc)| at(i + k) == Some(oc)))
            {
                i + op.chars().count()
            } else if "+-*/%&|^~<>([,;@.!$".contains(c) {
                i + 1
            } else {
                return None;
            }
        };
        Some(end)
    }

    /// The f-string's quote inside a format spec ends the f-string with its
    /// field's `{` still open: CPython's tokenizer reads on as code and
    /// fails at the first closing bracket that does not match.
    fn after_spec_quote(&self) -> Scan<Vec<FPiece>> {
        let mut stack = vec!['{'];
        let mut j = self.i + 1;
        while let Some(&c) = self.chars.get(j) {
            match c {
                '\n' | '\r' | '#' | '\\' => return Ok(None),
                '\'' | '"' => {
                    let close = (j + 1..self.chars.len())
                        .take_while(|&k| !matches!(self.chars[k], '\n' | '\r' | '\\'))
                        .find(|&k| self.chars[k] == c);
                    match close {
                        Some(k) => j = k,
                        None => return Ok(None),
                    }
                }
                '(' | '[' | '{' => stack.push(c),
                ')' | ']' | '}' => {
                    let open = stack.pop().unwrap_or('{');
                    if !matches!((open, c), ('(', ')') | ('[', ']') | ('{', '}')) {
                        return Err(syntax(
                            format!(
                                "closing parenthesis '{c}' does not match opening parenthesis '{open}'"
                            ),
                            self.cursor_at(j + 1),
                        ));
                    }
                    if stack.is_empty() {
                        return Ok(None);
                    }
                }
                _ => {}
            }
            j += 1;
        }
        Ok(None)
    }

    /// A format spec after `:` up to (not through) its field's `}`.
    fn format_spec(&mut self, quote: char, depth: u32) -> Scan<Vec<FPiece>> {
        let mut pieces = Vec::new();
        let mut lit = String::new();
        loop {
            let Some(c) = self.peek(0) else {
                // After a nested field the tokenizer is back in the
                // f-string's text, which the end leaves unterminated.
                if pieces.iter().any(|p| matches!(p, FPiece::Field(_))) {
                    self.fstring_open_literal = true;
                }
                return Ok(None);
            };
            match c {
                '}' => {
                    if !lit.is_empty() {
                        pieces.push(FPiece::Literal(lit));
                    }
                    return Ok(Some(pieces));
                }
                '{' if self.peek(1) == Some('{') => return Ok(None),
                '{' => {
                    if !lit.is_empty() {
                        pieces.push(FPiece::Literal(std::mem::take(&mut lit)));
                    }
                    match self.fstring_field(quote, depth + 1)? {
                        Some(f) => pieces.push(FPiece::Field(f)),
                        None => return Ok(None),
                    }
                }
                '\n' | '\r' | '\\' => return Ok(None),
                c if c == quote => return self.after_spec_quote(),
                ')' | ']' => return Ok(None),
                _ => {
                    lit.push(c);
                    self.i += 1;
                }
            }
        }
    }
}
