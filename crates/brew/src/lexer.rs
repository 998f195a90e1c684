//! A tokenizer for the part of Python a brew call uses, with CPython 3.13's
//! tokenizer errors (message and location) for numbers, strings, brackets,
//! indentation and stray characters.

use num_bigint::BigInt;

use crate::error::{PyErrorKind, PyException};
use crate::location::{Location, Pos};

/// Deepest bracket nesting CPython's tokenizer accepts (`MAXLEVEL`).
pub const MAX_NESTING: usize = 200;

/// A number literal's value.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Number {
    Int(BigInt),
    Float(f64),
    Imaginary(f64),
}

/// A string literal token before decoding.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct StrToken {
    pub bytes: bool,
    pub raw: bool,
    pub formatted: bool,
    /// The text between the quotes.
    pub body: String,
    /// An f-string's literal text and replacement fields; `None` for other
    /// strings and for f-strings this engine does not take apart (fields
    /// over several lines, comments, ...), which the parser refuses.
    pub pieces: Option<Box<[FPiece]>>,
    /// CPython's error about a malformed f-string, raised when the parser
    /// reaches the string (as CPython's lazy tokenizer and its second
    /// parser pass do), not before.
    pub fstring_error: Option<Box<PyException>>,
}

/// A piece of an f-string.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum FPiece {
    /// Literal text as written (escapes not decoded; `{{` and `}}` halved).
    Literal(String),
    /// A replacement field.
    Field(FField),
}

/// A replacement field `{expr=!c:spec}` of an f-string.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct FField {
    /// The expression's text.
    pub text: String,
    /// Where the text starts.
    pub start: Pos,
    /// For `{expr=}`: the text from after the `{` through the `=` and the blanks after it.
    pub debug: Option<String>,
    /// `s`, `r` or `a` after `!`.
    pub conversion: Option<char>,
    /// The format spec after `:`.
    pub spec: Option<Vec<FPiece>>,
    /// The field from its `{` to after its `}` (CPython's FormattedValue node).
    pub braces: (Pos, Pos),
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Tok {
    Name(String),
    Number(Number),
    Str(StrToken),
    Op(&'static str),
    Newline,
    /// A block's indentation (only after a line that ends with `:`, the
    /// body of a `def` written below it).
    Indent,
    /// The end of an indented block.
    Dedent,
    EndMarker,
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Token {
    pub tok: Tok,
    pub start: Pos,
    pub end: Pos,
}

impl Token {
    pub(crate) fn is_op(&self, op: &str) -> bool {
        matches!(&self.tok, Tok::Op(o) if *o == op)
    }
    pub(crate) fn is_name(&self, name: &str) -> bool {
        matches!(&self.tok, Tok::Name(n) if n == name)
    }
    pub(crate) fn range(&self) -> Location {
        Pos::range(self.start, self.end)
    }
    /// Where CPython's first token of an f-string (`f'`, its FSTRING_START)
    /// ends; `None` for other tokens and f-strings over several lines.
    pub(crate) fn fstring_start_end(&self) -> Option<Pos> {
        let Tok::Str(s) = &self.tok else { return None };
        let halted = s
            .fstring_error
            .as_ref()
            .is_some_and(|e| fstring::stops_tokenizer(e));
        if !s.formatted || self.start.line != self.end.line || halted {
            return None;
        }
        let prefix = 1 + u32::from(s.raw);
        let total = self.end.col.checked_sub(self.start.col)?;
        let body = u32::try_from(s.body.chars().count()).ok()?;
        let quotes = total.checked_sub(prefix + body)? / 2;
        Some(Pos {
            col: self.start.col + prefix + quotes,
            bcol: self.start.bcol + prefix + quotes,
            ..self.start
        })
    }
}

/// The tokens of a source text and the tokenizer error that stopped it, if any.
#[derive(Debug, Clone)]
pub(crate) struct Lexed {
    pub tokens: Vec<Token>,
    /// A tokenizer error: it wins over any parser error.
    pub error: Option<PyException>,
    /// The innermost bracket still open at the end of the text.
    pub unclosed: Option<(char, Pos)>,
    /// Lines that begin inside a token (a multi-line string or a continuation).
    pub continued: Vec<u32>,
}

/// The operator starting at `i`, longest match first (`**=` before `**` before `*`).
fn operator_at(chars: &[char], i: usize) -> Option<&'static str> {
    let c0 = *chars.get(i)?;
    let c1 = chars.get(i + 1).copied().unwrap_or('\0');
    let c2 = chars.get(i + 2).copied().unwrap_or('\0');
    let three = match (c0, c1, c2) {
        ('*', '*', '=') => Some("**="),
        ('/', '/', '=') => Some("//="),
        ('>', '>', '=') => Some(">>="),
        ('<', '<', '=') => Some("<<="),
        ('.', '.', '.') => Some("..."),
        _ => None,
    };
    if three.is_some() {
        return three;
    }
    let two = match (c0, c1) {
        ('-', '>') => Some("->"),
        (':', '=') => Some(":="),
        ('*', '*') => Some("**"),
        ('/', '/') => Some("//"),
        ('<', '<') => Some("<<"),
        ('>', '>') => Some(">>"),
        ('<', '=') => Some("<="),
        ('>', '=') => Some(">="),
        ('=', '=') => Some("=="),
        ('!', '=') => Some("!="),
        ('+', '=') => Some("+="),
        ('-', '=') => Some("-="),
        ('*', '=') => Some("*="),
        ('/', '=') => Some("/="),
        ('%', '=') => Some("%="),
        ('&', '=') => Some("&="),
        ('|', '=') => Some("|="),
        ('^', '=') => Some("^="),
        ('@', '=') => Some("@="),
        _ => None,
    };
    if two.is_some() {
        return two;
    }
    Some(match c0 {
        '(' => "(",
        ')' => ")",
        '[' => "[",
        ']' => "]",
        '{' => "{",
        '}' => "}",
        ',' => ",",
        ':' => ":",
        ';' => ";",
        '.' => ".",
        '+' => "+",
        '-' => "-",
        '*' => "*",
        '/' => "/",
        '%' => "%",
        '&' => "&",
        '|' => "|",
        '^' => "^",
        '~' => "~",
        '<' => "<",
        '>' => ">",
        '=' => "=",
        '@' => "@",
        '$' => "$",
        '?' => "?",
        '!' => "!",
        '`' => "`",
        _ => return None,
    })
}

struct Lexer<'a> {
    chars: &'a [char],
    /// Byte offset of each character (and one past the end).
    byte_at: Vec<usize>,
    i: usize,
    line: u32,
    line_start: usize,
    brackets: Vec<(char, Pos)>,
    tokens: Vec<Token>,
    continued: Vec<u32>,
    /// The last f-string was given up on at the end of a line of its literal
    /// text: CPython calls it an unterminated *f-string* literal.
    fstring_open_literal: bool,
    /// How many f-strings enclose the one being scanned (PEP 701 nesting,
    /// `f'{f'{1}'}'`), for CPython's "too many nested f-strings".
    fstring_nesting: u32,
    /// How many f-string replacement fields enclose the text being scanned:
    /// CPython's tokenizer counts their braces with the brackets.
    fstring_fields: usize,
    /// The open blocks' indentation widths, with tabs to multiples of 8
    /// and of 1 (CPython's tokenizer compares both).
    indents: Vec<(usize, usize)>,
}

/// CPython's hint when a string that never ends holds an escaped quote of its own kind.
fn escaped_end(has_escaped_quote: bool) -> &'static str {
    if has_escaped_quote {
        "; perhaps you escaped the end quote?"
    } else {
        ""
    }
}

fn syntax(msg: impl Into<String>, loc: Location) -> PyException {
    PyException::syntax(msg, loc)
}

// Inlined: the lexer's inner loops call these once per character.
#[inline(always)]
fn is_ident_start(c: char) -> bool {
    c == '_' || c.is_ascii_alphabetic() || (!c.is_ascii() && crate::unicode::is_xid_start(c))
}
#[inline(always)]
fn is_ident_continue(c: char) -> bool {
    c == '_' || c.is_ascii_alphanumeric() || (!c.is_ascii() && crate::unicode::is_xid_continue(c))
}
fn is_potential_identifier_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_' || !c.is_ascii()
}

/// Tokenizes `source`. Never panics; stops at the first tokenizer error.
mod fstring;

pub(crate) use fstring::stops_tokenizer as fstring_stops_tokenizer;

pub(crate) fn tokenize(source: &str) -> Lexed {
    let chars: Vec<char> = source.chars().collect();
    let mut byte_at = Vec::with_capacity(chars.len() + 1);
    let mut total = 0;
    for c in &chars {
        byte_at.push(total);
        total += c.len_utf8();
    }
    byte_at.push(total);
    let mut lx = Lexer {
        chars: &chars,
        byte_at,
        i: 0,
        line: 1,
        line_start: 0,
        brackets: Vec::new(),
        tokens: Vec::new(),
        continued: Vec::new(),
        fstring_open_literal: false,
        fstring_nesting: 0,
        fstring_fields: 0,
        indents: Vec::new(),
    };
    let error = lx.run().err();
    let unclosed = lx.brackets.last().copied();
    Lexed {
        tokens: lx.tokens,
        error,
        unclosed,
        continued: lx.continued,
    }
}

impl Lexer<'_> {
    fn peek(&self, k: usize) -> Option<char> {
        self.chars.get(self.i + k).copied()
    }
    fn pos(&self) -> Pos {
        self.pos_at(self.i)
    }
    #[inline]
    fn pos_at(&self, i: usize) -> Pos {
        let i = i.min(self.chars.len());
        if i < self.line_start {
            return self.pos_before_line(i);
        }
        let bcol = self.byte_at[i] - self.byte_at[self.line_start];
        Pos {
            line: self.line,
            col: (i - self.line_start) as u32,
            bcol: bcol as u32,
        }
    }
    /// [`Self::pos_at`] on an earlier line (a field that spans lines): the
    /// line breaks back to it are counted.
    #[cold]
    #[inline(never)]
    fn pos_before_line(&self, i: usize) -> Pos {
        let start = self.line_start_of(i);
        let mut breaks = 0;
        let mut k = start;
        while k < self.line_start {
            match self.chars[k] {
                '\r' if self.chars.get(k + 1) == Some(&'\n') => {
                    breaks += 1;
                    k += 1;
                }
                '\n' | '\r' => breaks += 1,
                _ => {}
            }
            k += 1;
        }
        Pos {
            line: self.line.saturating_sub(breaks),
            col: (i - start) as u32,
            bcol: (self.byte_at[i] - self.byte_at[start]) as u32,
        }
    }
    /// CPython's "cursor" location: the column of the tokenizer's cursor, as both start and end.
    fn cursor_at(&self, i: usize) -> Location {
        self.pos_at(i).cursor()
    }
    fn newline(&mut self) {
        // self.i points just past the line break.
        self.line += 1;
        self.line_start = self.i;
    }
    /// A line break inside a token (a string or a backslash continuation):
    /// CPython's tokenizer keeps its buffer from the token's first line.
    fn continued_newline(&mut self) {
        self.newline();
        self.continued.push(self.line);
    }
    fn push(&mut self, tok: Tok, start: Pos) {
        let end = self.pos();
        self.tokens.push(Token { tok, start, end });
    }

    /// A logical line's indentation, chars `from..to`: an indented block
    /// after a line ending in `:` (INDENT), the end of blocks (DEDENT), or
    /// CPython's tokenizer's errors for indentation that fits no block.
    fn indentation(&mut self, from: usize, to: usize) -> Result<(), PyException> {
        let (mut wide, mut narrow) = (0, 0);
        for &c in &self.chars[from..to] {
            if c == '\t' {
                wide = (wide / 8 + 1) * 8;
            } else {
                wide += 1;
            }
            narrow += 1;
        }
        let current = self.indents.last().copied().unwrap_or((0, 0));
        let error = |lx: &Self, kind, message: &str, column, end_column| PyException {
            kind,
            message: message.into(),
            location: Some(Location {
                line: lx.line,
                column,
                end_line: lx.line,
                end_column,
            }),
            raised_at: None,
            called_from: None,
        };
        let inconsistent = |lx: &Self| {
            error(
                lx,
                PyErrorKind::TabError,
                "inconsistent use of tabs and spaces in indentation",
                1,
                0,
            )
        };
        let n = self.tokens.len();
        let opens_block = n >= 2
            && matches!(self.tokens[n - 1].tok, Tok::Newline)
            && self.tokens[n - 2].is_op(":");
        if wide > current.0 {
            if !opens_block {
                return Err(error(
                    self,
                    PyErrorKind::IndentationError,
                    "unexpected indent",
                    (to - self.line_start) as i64,
                    -1,
                ));
            }
            if narrow <= current.1 {
                return Err(inconsistent(self));
            }
            self.indents.push((wide, narrow));
            let p = self.pos_at(to);
            self.tokens.push(Token {
                tok: Tok::Indent,
                start: p,
                end: p,
            });
            return Ok(());
        }
        while self.indents.last().is_some_and(|&(w, _)| wide < w) {
            self.indents.pop();
            let p = self.pos_at(to);
            self.tokens.push(Token {
                tok: Tok::Dedent,
                start: p,
                end: p,
            });
        }
        let outer = self.indents.last().copied().unwrap_or((0, 0));
        if wide != outer.0 {
            let line_end = (to..self.chars.len())
                .find(|&k| matches!(self.chars[k], '\n' | '\r'))
                .unwrap_or(self.chars.len());
            return Err(error(
                self,
                PyErrorKind::IndentationError,
                "unindent does not match any outer indentation level",
                (line_end - self.line_start) as i64 + 1,
                -1,
            ));
        }
        if narrow != outer.1 {
            return Err(inconsistent(self));
        }
        Ok(())
    }

    fn run(&mut self) -> Result<(), PyException> {
        let mut at_line_start = true;
        loop {
            if at_line_start && self.brackets.is_empty() {
                // Measure indentation of a new logical line.
                let mut j = self.i;
                while matches!(self.chars.get(j), Some(' ' | '\t' | '\x0c')) {
                    j += 1;
                }
                let blank = matches!(self.chars.get(j), None | Some('#' | '\n' | '\r'));
                // A form feed resets the indentation count (CPython's tokenizer).
                let indent_from = (self.i..j)
                    .rev()
                    .find(|&k| self.chars[k] == '\x0c')
                    .map_or(self.i, |k| k + 1);
                if !blank {
                    self.indentation(indent_from, j)?;
                }
                self.i = j;
                at_line_start = false;
            }
            let Some(c) = self.peek(0) else {
                if !self.brackets.is_empty() {
                    return Ok(()); // the parser reports the unclosed bracket
                }
                if !matches!(
                    self.tokens.last(),
                    None | Some(Token {
                        tok: Tok::Newline,
                        ..
                    })
                ) {
                    // CPython's implicit NEWLINE spans the newline it adds.
                    let p = self.pos();
                    self.tokens.push(Token {
                        tok: Tok::Newline,
                        start: p,
                        end: Pos {
                            col: p.col + 1,
                            bcol: p.bcol + 1,
                            ..p
                        },
                    });
                }
                let p = self.pos();
                for _ in self.indents.drain(..) {
                    self.tokens.push(Token {
                        tok: Tok::Dedent,
                        start: p,
                        end: p,
                    });
                }
                self.tokens.push(Token {
                    tok: Tok::EndMarker,
                    start: p,
                    end: p,
                });
                return Ok(());
            };
            match c {
                ' ' | '\t' | '\x0c' => self.i += 1,
                '#' => {
                    while !matches!(self.peek(0), None | Some('\n' | '\r')) {
                        self.i += 1;
                    }
                }
                '\n' | '\r' => {
                    let start = self.pos();
                    self.i += if c == '\r' && self.peek(1) == Some('\n') {
                        2
                    } else {
                        1
                    };
                    let real_line = self.brackets.is_empty()
                        && !matches!(
                            self.tokens.last(),
                            None | Some(Token {
                                tok: Tok::Newline,
                                ..
                            })
                        );
                    if real_line {
                        self.tokens.push(Token {
                            tok: Tok::Newline,
                            start,
                            end: Pos {
                                col: start.col + 1,
                                bcol: start.bcol + 1,
                                ..start
                            },
                        });
                    }
                    self.newline();
                    at_line_start = self.brackets.is_empty();
                }
                '\\' => {
                    self.i += 1;
                    // A continuation with nothing after it: CPython's
                    // tokenizer ends the text one past the backslash (the
                    // parser reports a bracket still open instead).
                    let at = self.cursor_at(self.i);
                    let eof = Location {
                        column: at.column + 1,
                        end_column: -1,
                        ..at
                    };
                    match self.peek(0) {
                        Some('\n' | '\r') => {
                            let crlf = self.peek(0) == Some('\r') && self.peek(1) == Some('\n');
                            self.i += if crlf { 2 } else { 1 };
                            self.continued_newline();
                            if self.i >= self.chars.len() && self.brackets.is_empty() {
                                return Err(syntax("unexpected EOF while parsing", eof));
                            }
                        }
                        None if !self.brackets.is_empty() => return Ok(()),
                        None => {
                            return Err(syntax("unexpected EOF while parsing", eof));
                        }
                        Some(_) => {
                            let loc = Location {
                                end_column: 0,
                                ..self.cursor_at(self.i + 1)
                            };
                            return Err(syntax(
                                "unexpected character after line continuation character",
                                loc,
                            ));
                        }
                    }
                }
                c if c.is_ascii_digit()
                    || (c == '.' && self.peek(1).is_some_and(|d| d.is_ascii_digit())) =>
                {
                    self.number()?
                }
                c if is_ident_start(c)
                    || (!c.is_ascii() && is_potential_identifier_char(c) && !c.is_whitespace()) =>
                {
                    self.name_or_string()?
                }
                '\'' | '"' => {
                    let start = self.pos();
                    self.string(start, self.i, "")?
                }
                _ => self.operator(c)?,
            }
        }
    }

    fn operator(&mut self, c: char) -> Result<(), PyException> {
        let start = self.pos();
        let stray_control = c.is_ascii_control() && operator_at(self.chars, self.i).is_none();
        if !c.is_ascii() || stray_control {
            let loc = self.cursor_at(self.i + 1);
            let msg = if crate::repr::is_printable(c) {
                format!("invalid character '{c}' (U+{:04X})", c as u32)
            } else {
                format!("invalid non-printable character U+{:04X}", c as u32)
            };
            return Err(syntax(msg, loc));
        }
        if let Some(op) = operator_at(self.chars, self.i) {
            self.i += op.len();
            match op {
                "(" | "[" | "{" => {
                    if self.brackets.len() >= MAX_NESTING {
                        return Err(syntax(
                            "too many nested parentheses",
                            self.cursor_at(self.i),
                        ));
                    }
                    self.brackets.push((c, start));
                }
                ")" | "]" | "}" => match self.brackets.pop() {
                    None => return Err(syntax(format!("unmatched '{c}'"), self.cursor_at(self.i))),
                    Some((open, open_pos)) => {
                        let want = match open {
                            '(' => ')',
                            '[' => ']',
                            _ => '}',
                        };
                        if want != c {
                            let msg = if open_pos.line != self.line {
                                format!(
                                    "closing parenthesis '{c}' does not match opening parenthesis '{open}' on line {}",
                                    open_pos.line
                                )
                            } else {
                                format!(
                                    "closing parenthesis '{c}' does not match opening parenthesis '{open}'"
                                )
                            };
                            return Err(syntax(msg, self.cursor_at(self.i)));
                        }
                    }
                },
                _ => {}
            }
            self.push(Tok::Op(op), start);
            return Ok(());
        }
        // Any other ASCII character (a control character, for instance).
        self.i += 1;
        self.push(Tok::Op("?"), start);
        Ok(())
    }

    fn name_or_string(&mut self) -> Result<(), PyException> {
        let start_i = self.i;
        let start = self.pos();
        while self.peek(0).is_some_and(is_potential_identifier_char) {
            self.i += 1;
        }
        let text: String = self.chars[start_i..self.i].iter().collect();
        if matches!(self.peek(0), Some('\'' | '"')) {
            let lower = text.to_ascii_lowercase();
            if matches!(
                lower.as_str(),
                "r" | "u" | "b" | "f" | "br" | "rb" | "fr" | "rf"
            ) {
                return self.string(start, start_i, &lower);
            }
        }
        // Validate the identifier the way CPython does after reading it.
        for (k, ch) in text.chars().enumerate() {
            let ok = if k == 0 {
                is_ident_start(ch)
            } else {
                is_ident_continue(ch)
            };
            if !ok {
                let loc = self.cursor_at(start_i + k + 1);
                let msg = if crate::repr::is_printable(ch) {
                    format!("invalid character '{ch}' (U+{:04X})", ch as u32)
                } else {
                    format!("invalid non-printable character U+{:04X}", ch as u32)
                };
                return Err(syntax(msg, loc));
            }
        }
        // The parser's NFKC (`ｓtrength` is `strength`). CPython matches
        // keywords before normalising: a name that normalises to one stays
        // as written here, so that it is no keyword to the parser, and is
        // normalised where it becomes a name (`ｉｆ` is the name `if`).
        let name = crate::unicode::nfkc_identifier(&text);
        let name = if crate::parser::is_keyword(&name) && name != text {
            text
        } else {
            name
        };
        self.push(Tok::Name(name), start);
        Ok(())
    }

    fn string(&mut self, start: Pos, start_i: usize, prefix: &str) -> Result<(), PyException> {
        let quote = self.chars[self.i];
        let triple = self.peek(1) == Some(quote) && self.peek(2) == Some(quote);
        let qlen = if triple { 3 } else { 1 };
        self.i += qlen;
        let body_start = self.i;
        let mut pieces = None;
        let mut fstring_error = None;
        if prefix.contains('f') {
            let saved = (self.i, self.line, self.line_start, self.continued.len());
            match self.fstring_body(quote, triple, prefix.contains('r')) {
                Err(e) if fstring::stops_tokenizer(&e) => {
                    // CPython's tokenizer stops here; nothing after it is read.
                    let tok = StrToken {
                        bytes: false,
                        raw: prefix.contains('r'),
                        formatted: true,
                        body: String::new(),
                        pieces: None,
                        fstring_error: Some(Box::new(e)),
                    };
                    self.push(Tok::Str(tok), start);
                    self.i = self.chars.len();
                    // What is open stays unread, not unclosed.
                    self.brackets.clear();
                    return Ok(());
                }
                Err(e) => {
                    // A parser error: the string is read through its end.
                    (self.i, self.line, self.line_start) = (saved.0, saved.1, saved.2);
                    self.continued.truncate(saved.3);
                    fstring_error = Some(Box::new(e));
                }
                Ok(Some(p)) => {
                    let body: String = self.chars[body_start..self.i - qlen].iter().collect();
                    let tok = StrToken {
                        bytes: false,
                        raw: prefix.contains('r'),
                        formatted: true,
                        body,
                        pieces: Some(p.into_boxed_slice()),
                        fstring_error: None,
                    };
                    self.push(Tok::Str(tok), start);
                    return Ok(());
                }
                Ok(None) => {
                    // Not taken apart: scanned as a plain string, refused by the parser.
                    (self.i, self.line, self.line_start) = (saved.0, saved.1, saved.2);
                    self.continued.truncate(saved.3);
                    pieces = None;
                }
            }
        }
        let kind = if pieces.is_none() && self.fstring_open_literal && prefix.contains('f') {
            "f-string"
        } else {
            "string"
        };
        let mut has_escaped_quote = false;
        let start_line = self.line;
        let start_loc = Location {
            line: start.line,
            column: (start_i - self.line_start_of(start_i)) as i64 + 1,
            end_line: start.line,
            end_column: (start_i - self.line_start_of(start_i)) as i64 + 1,
        };
        loop {
            let Some(c) = self.peek(0) else {
                let ends_with_break = matches!(self.chars.last(), Some('\n' | '\r'));
                let detected = if ends_with_break {
                    self.line.saturating_sub(1).max(1)
                } else {
                    self.line
                };
                let msg = if triple {
                    format!(
                        "unterminated triple-quoted {kind} literal (detected at line {detected})"
                    )
                } else {
                    format!(
                        "unterminated {kind} literal (detected at line {detected}){}",
                        escaped_end(has_escaped_quote)
                    )
                };
                let _ = start_line;
                return Err(syntax(msg, start_loc));
            };
            if c == quote
                && (!triple || (self.peek(1) == Some(quote) && self.peek(2) == Some(quote)))
            {
                let body: String = self.chars[body_start..self.i].iter().collect();
                self.i += qlen;
                let tok = StrToken {
                    bytes: prefix.contains('b'),
                    raw: prefix.contains('r'),
                    formatted: prefix.contains('f'),
                    body,
                    pieces,
                    fstring_error,
                };
                self.push(Tok::Str(tok), start);
                return Ok(());
            }
            match c {
                '\\' => {
                    self.i += 1;
                    match self.peek(0) {
                        Some(q) if q == quote => {
                            has_escaped_quote = true;
                            self.i += 1;
                        }
                        Some('\r') => {
                            self.i += if self.peek(1) == Some('\n') { 2 } else { 1 };
                            self.continued_newline();
                        }
                        Some('\n') => {
                            self.i += 1;
                            self.continued_newline();
                        }
                        Some(_) => self.i += 1,
                        None => {}
                    }
                }
                '\n' | '\r' if !triple => {
                    let msg = format!(
                        "unterminated {kind} literal (detected at line {}){}",
                        self.line,
                        escaped_end(has_escaped_quote)
                    );
                    return Err(syntax(msg, start_loc));
                }
                '\n' => {
                    self.i += 1;
                    self.continued_newline();
                }
                '\r' => {
                    self.i += if self.peek(1) == Some('\n') { 2 } else { 1 };
                    self.continued_newline();
                }
                _ => self.i += 1,
            }
        }
    }

    /// The index where the line holding char index `i` starts (strings may span lines).
    fn line_start_of(&self, i: usize) -> usize {
        if i >= self.line_start {
            return self.line_start;
        }
        let mut j = i;
        while j > 0 && !matches!(self.chars[j - 1], '\n' | '\r') {
            j -= 1;
        }
        j
    }

    fn next_char(&mut self) -> Option<char> {
        let c = self.peek(0);
        self.i += 1; // may step past the end, like CPython's EOF char
        c
    }

    fn backup(&mut self) {
        self.i -= 1;
    }

    fn err_cursor(&self, msg: impl Into<String>) -> PyException {
        syntax(msg, self.cursor_at(self.i))
    }

    /// CPython's `tok_decimal_tail`: digits with single underscores between them.
    fn decimal_tail(&mut self) -> Result<Option<char>, PyException> {
        loop {
            let mut c;
            loop {
                c = self.next_char();
                if !c.is_some_and(|d| d.is_ascii_digit()) {
                    break;
                }
            }
            if c != Some('_') {
                return Ok(c);
            }
            let c2 = self.next_char();
            if !c2.is_some_and(|d| d.is_ascii_digit()) {
                self.backup();
                return Err(self.err_cursor("invalid decimal literal"));
            }
        }
    }

    /// CPython's `verify_end_of_number`; `c` is the character after the number
    /// (already consumed). Keywords such as `if` or `else` may follow directly.
    fn verify_end(&mut self, c: Option<char>, kind: &str) -> Result<(), PyException> {
        let Some(c) = c else { return Ok(()) };
        let rest =
            |s: &str| -> bool { s.chars().enumerate().all(|(k, x)| self.peek(k) == Some(x)) };
        let keyword_follows = match c {
            'a' => rest("nd"),
            'e' => rest("lse"),
            'f' => rest("or"),
            'i' => matches!(self.peek(0), Some('f' | 'n' | 's')),
            'o' => rest("r"),
            'n' => rest("ot"),
            _ => false,
        };
        if keyword_follows {
            return Ok(());
        }
        if c.is_ascii() && is_potential_identifier_char(c) {
            self.backup();
            return Err(self.err_cursor(format!("invalid {kind} literal")));
        }
        Ok(())
    }

    fn number(&mut self) -> Result<(), PyException> {
        let start_i = self.i;
        let start = self.pos();
        let first = self.next_char();
        let mut c;
        let kind;
        'done: {
            if first == Some('.') {
                // ".5": a fraction straight away.
                c = self.next_char();
                c = self.fraction_and_rest(c)?;
                kind = self.float_kind(c)?;
                break 'done;
            }
            if first == Some('0') {
                c = self.next_char();
                let radix = match c {
                    Some('x' | 'X') => Some((16, "hexadecimal")),
                    Some('o' | 'O') => Some((8, "octal")),
                    Some('b' | 'B') => Some((2, "binary")),
                    _ => None,
                };
                if let Some((radix, name)) = radix {
                    c = self.next_char();
                    loop {
                        if c == Some('_') {
                            c = self.next_char();
                        }
                        if !c.is_some_and(|d| d.is_digit(radix)) {
                            if radix < 10 && c.is_some_and(|d| d.is_ascii_digit()) {
                                let d = c.unwrap_or('0');
                                return Err(self
                                    .err_cursor(format!("invalid digit '{d}' in {name} literal")));
                            }
                            self.backup();
                            return Err(self.err_cursor(format!("invalid {name} literal")));
                        }
                        loop {
                            c = self.next_char();
                            if !c.is_some_and(|d| d.is_digit(radix)) {
                                break;
                            }
                        }
                        if c != Some('_') {
                            break;
                        }
                    }
                    if radix < 10 && c.is_some_and(|d| d.is_ascii_digit()) {
                        let d = c.unwrap_or('0');
                        return Err(
                            self.err_cursor(format!("invalid digit '{d}' in {name} literal"))
                        );
                    }
                    self.verify_end(c, name)?;
                    kind = NumKind::Int(radix);
                    break 'done;
                }
                // Leading zeros: only zeros may follow, unless it is a float.
                let mut nonzero = false;
                loop {
                    if c == Some('_') {
                        c = self.next_char();
                        if !c.is_some_and(|d| d.is_ascii_digit()) {
                            self.backup();
                            return Err(self.err_cursor("invalid decimal literal"));
                        }
                    }
                    if c != Some('0') {
                        break;
                    }
                    c = self.next_char();
                }
                let zeros_end = self.i;
                if c.is_some_and(|d| d.is_ascii_digit()) {
                    nonzero = true;
                    c = self.decimal_tail()?;
                }
                match c {
                    Some('.') => {
                        let c2 = self.next_char();
                        let c3 = self.fraction_and_rest(c2)?;
                        kind = self.float_kind(c3)?;
                        break 'done;
                    }
                    Some('e' | 'E') => {
                        let c2 = self.exponent(c.unwrap_or('e'))?;
                        kind = self.float_kind(c2)?;
                        break 'done;
                    }
                    Some('j' | 'J') => {
                        let c2 = self.next_char();
                        self.verify_end(c2, "imaginary")?;
                        kind = NumKind::Imag;
                        break 'done;
                    }
                    _ if nonzero => {
                        self.backup();
                        let zeros = self.pos_at(zeros_end);
                        let loc = Location {
                            line: start.line,
                            column: i64::from(start.bcol) + 1,
                            end_line: start.line,
                            end_column: i64::from(zeros.bcol),
                        };
                        return Err(syntax(
                            "leading zeros in decimal integer literals are not permitted; use an 0o prefix for octal integers",
                            loc,
                        ));
                    }
                    _ => {
                        self.verify_end(c, "decimal")?;
                        kind = NumKind::Int(10);
                        break 'done;
                    }
                }
            }
            // Decimal.
            c = self.decimal_tail()?;
            if c == Some('.') {
                let c2 = self.next_char();
                c = self.fraction_and_rest(c2)?;
                kind = self.float_kind(c)?;
                break 'done;
            }
            if matches!(c, Some('e' | 'E')) {
                let c2 = self.exponent(c.unwrap_or('e'))?;
                kind = self.float_kind(c2)?;
                break 'done;
            }
            if matches!(c, Some('j' | 'J')) {
                let c2 = self.next_char();
                self.verify_end(c2, "imaginary")?;
                kind = NumKind::Imag;
                break 'done;
            }
            self.verify_end(c, "decimal")?;
            kind = NumKind::Int(10);
        }
        self.backup();
        let text: String = self.chars[start_i..self.i]
            .iter()
            .filter(|&&ch| ch != '_')
            .collect();
        let value = match kind {
            NumKind::Int(radix) => {
                let digits = if radix == 10 { &text[..] } else { &text[2..] };
                if radix == 10 && digits.len() > crate::repr::INT_MAX_STR_DIGITS {
                    return Err(syntax(
                        format!(
                            "Exceeds the limit ({} digits) for integer string conversion: value has {} digits; use sys.set_int_max_str_digits() to increase the limit - Consider hexadecimal for huge integer literals to avoid decimal conversion limits.",
                            crate::repr::INT_MAX_STR_DIGITS,
                            digits.len()
                        ),
                        Location {
                            line: start.line,
                            column: 0,
                            end_line: start.line,
                            end_column: 0,
                        },
                    ));
                }
                Number::Int(BigInt::parse_bytes(digits.as_bytes(), radix).unwrap_or_default())
            }
            NumKind::Float => Number::Float(parse_float(&text)),
            NumKind::Imag => Number::Imaginary(parse_float(&text[..text.len() - 1])),
        };
        self.push(Tok::Number(value), start);
        Ok(())
    }

    /// After the `.` of a float: optional digits, optional exponent, optional `j`.
    /// Returns the first character after the literal (consumed).
    fn fraction_and_rest(&mut self, c: Option<char>) -> Result<Option<char>, PyException> {
        let mut c = c;
        if c.is_some_and(|d| d.is_ascii_digit()) {
            c = self.decimal_tail()?;
        }
        if matches!(c, Some('e' | 'E')) {
            c = self.exponent(c.unwrap_or('e'))?;
        }
        Ok(c)
    }

    /// After an `e`: sign and digits. Returns the next character (consumed).
    /// When no digits follow, the `e` is not part of the number.
    fn exponent(&mut self, e: char) -> Result<Option<char>, PyException> {
        let mut c = self.next_char();
        if matches!(c, Some('+' | '-')) {
            c = self.next_char();
            if !c.is_some_and(|d| d.is_ascii_digit()) {
                self.backup();
                return Err(self.err_cursor("invalid decimal literal"));
            }
        } else if !c.is_some_and(|d| d.is_ascii_digit()) {
            self.backup();
            self.verify_end(Some(e), "decimal")?;
            // Not reached for ASCII letters: `e` is an identifier character.
            return Ok(Some(e));
        }
        self.decimal_tail()
    }

    fn float_kind(&mut self, c: Option<char>) -> Result<NumKind, PyException> {
        if matches!(c, Some('j' | 'J')) {
            let c2 = self.next_char();
            self.verify_end(c2, "imaginary")?;
            return Ok(NumKind::Imag);
        }
        self.verify_end(c, "decimal")?;
        Ok(NumKind::Float)
    }
}

enum NumKind {
    Int(u32),
    Float,
    Imag,
}

fn parse_float(text: &str) -> f64 {
    // Rust accepts "1.", ".5", "1e5", "1.e5"; normalise "1.e5" defensively.
    let fixed = text.replace(".e", ".0e").replace(".E", ".0E");
    fixed.parse::<f64>().unwrap_or(f64::NAN)
}
