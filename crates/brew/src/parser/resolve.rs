//! Turning a parse failure into the error CPython reports: tokenizer errors
//! first, unclosed brackets, generic "invalid syntax" at the furthest token,
//! and CPython's conversion of byte columns to character columns.

use super::Fail;
use crate::error::{Error, PyErrorKind, PyException};
use crate::lexer::Lexed;
use crate::location::{Location, Pos};

/// Turns a parse failure into the error CPython reports, given the tokenizer's outcome.
pub(crate) fn resolve(fail: Fail, lexed: &Lexed, source: &str, furthest_failure: usize) -> Error {
    let (fail, raw) = match fail {
        Fail::Generic(i) => (Fail::Generic(i.max(furthest_failure)), false),
        Fail::ForgotComma(e) => (Fail::Syntax(e), false),
        Fail::SyntaxRawEnd(e) => (Fail::Syntax(e), true),
        other => (other, false),
    };
    match resolve_inner(fail, lexed) {
        Error::Python(mut e) if !lexed.error.as_ref().is_some_and(|l| *l == e) => {
            if let Some(loc) = e.location.as_mut() {
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
/// Both columns are clamped to the error line's length (with its newline) + 1.
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
    let last_line = source.trim_end_matches(['\n', '\r']).lines().count().max(1);
    let on_last_line = first == loc.line && usize::try_from(loc.line).is_ok_and(|l| l == last_line);
    let to_chars = |b1: i64| -> i64 {
        let len = error_line.len() as i64;
        let take = b1.clamp(0, len + 1).min(len) as usize;
        let prefix = String::from_utf8_lossy(&error_line.as_bytes()[..take])
            .chars()
            .count() as i64;
        // On the line the tokenizer stopped in (the text's last here),
        // CPython's error line ends with the newline its tokenizer adds and
        // the decoding may take one byte past it (its NUL): up to two more.
        // An earlier line is read back without its newline: one more.
        if b1 > len {
            prefix + (b1 - len).min(if on_last_line { 2 } else { 1 })
        } else {
            prefix
        }
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
    if matches!(fail, Fail::TooDeep) {
        // The parser got that deep on tokens before any tokenizer error.
        return Error::Python(PyException::new(
            PyErrorKind::MemoryError,
            crate::depth::PARSER_OVERFLOW,
        ));
    }
    if let Some(err) = &lexed.error {
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
            // An f-string's first token is its `f'`.
            let range = Pos::range(t.start, t.fstring_start_end().unwrap_or(t.end));
            Error::Python(PyException::syntax("invalid syntax", range))
        }
        Fail::Syntax(e) | Fail::ForgotComma(e) | Fail::SyntaxRawEnd(e) => {
            if let (Some(u), Some(loc)) = (lexed.unclosed, e.location)
                && loc.line > u.1.line
            {
                return unclosed(u);
            }
            Error::Python(e)
        }
        Fail::Refused(e) => e,
        Fail::TooDeep => Error::Python(PyException::new(
            PyErrorKind::MemoryError,
            crate::depth::PARSER_OVERFLOW,
        )),
    }
}
