//! Decoding of string and bytes literals with CPython 3.13's escape rules and
//! its `(unicode error)` / `(value error)` messages.

use crate::lexer::StrToken;
use crate::value::Value;

/// Why a literal cannot become a value.
pub(crate) enum LiteralError {
    /// CPython raises this SyntaxError message for the token.
    Syntax(String),
    /// Valid Python this engine does not evaluate.
    Unsupported(&'static str),
}

pub(crate) fn decode(tok: &StrToken) -> Result<Value, LiteralError> {
    if tok.bytes {
        if !tok.body.is_ascii() {
            return Err(LiteralError::Syntax(
                "bytes can only contain ASCII literal characters".into(),
            ));
        }
        if tok.raw {
            return Ok(Value::Bytes(tok.body.as_bytes().to_vec()));
        }
        return decode_bytes(tok.body.as_bytes()).map(Value::Bytes);
    }
    if tok.raw {
        return Ok(Value::Str(tok.body.clone()));
    }
    decode_str(&tok.body).map(Value::Str)
}

fn decode_bytes(s: &[u8]) -> Result<Vec<u8>, LiteralError> {
    let mut out = Vec::with_capacity(s.len());
    let mut i = 0;
    while i < s.len() {
        let c = s[i];
        i += 1;
        if c != b'\\' {
            out.push(c);
            continue;
        }
        let Some(&e) = s.get(i) else {
            // A trailing backslash cannot occur: it would have escaped the quote.
            out.push(b'\\');
            break;
        };
        i += 1;
        match e {
            b'\n' => {}
            b'\\' => out.push(b'\\'),
            b'\'' => out.push(b'\''),
            b'"' => out.push(b'"'),
            b'b' => out.push(8),
            b'f' => out.push(12),
            b't' => out.push(b'\t'),
            b'n' => out.push(b'\n'),
            b'r' => out.push(b'\r'),
            b'v' => out.push(11),
            b'a' => out.push(7),
            b'0'..=b'7' => {
                let mut v = u32::from(e - b'0');
                for _ in 0..2 {
                    match s.get(i) {
                        Some(&d @ b'0'..=b'7') => {
                            v = v * 8 + u32::from(d - b'0');
                            i += 1;
                        }
                        _ => break,
                    }
                }
                out.push((v & 0xff) as u8);
            }
            b'x' => {
                let hex = |k: usize| s.get(k).and_then(|&d| (d as char).to_digit(16));
                match (hex(i), hex(i + 1)) {
                    (Some(a), Some(b)) => {
                        out.push((a * 16 + b) as u8);
                        i += 2;
                    }
                    _ => {
                        return Err(LiteralError::Syntax(format!(
                            "(value error) invalid \\x escape at position {}",
                            i - 2
                        )));
                    }
                }
            }
            other => {
                out.push(b'\\');
                out.push(other);
            }
        }
    }
    Ok(out)
}

/// CPython first rewrites every non-ASCII character as `\UXXXXXXXX` (and a
/// backslash before one as `\u005c`), then decodes with `unicode_escape`;
/// error positions count bytes of that rewritten buffer.
fn transformed(body: &str) -> Vec<u8> {
    let mut out = Vec::with_capacity(body.len());
    let mut chars = body.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\\' {
            out.push(b'\\');
            match chars.peek() {
                None => {
                    out.extend_from_slice(b"u005c");
                    break;
                }
                Some(&n) if !n.is_ascii() => out.extend_from_slice(b"u005c"),
                Some(&n) => {
                    out.push(n as u8);
                    chars.next();
                }
            }
            continue;
        }
        if c.is_ascii() {
            out.push(c as u8);
        } else {
            out.extend_from_slice(format!("\\U{:08x}", c as u32).as_bytes());
        }
    }
    out
}

fn unicode_error(buf: &[u8], start: usize, end: usize, message: &str) -> LiteralError {
    let text = if end - start == 1 {
        format!(
            "(unicode error) 'unicodeescape' codec can't decode byte 0x{:02x} in position {start}: {message}",
            buf[start]
        )
    } else {
        format!(
            "(unicode error) 'unicodeescape' codec can't decode bytes in position {start}-{}: {message}",
            end - 1
        )
    };
    LiteralError::Syntax(text)
}

fn decode_str(body: &str) -> Result<String, LiteralError> {
    if !body.contains('\\') {
        return Ok(body.to_string());
    }
    let s = transformed(body);
    let mut out = String::with_capacity(s.len());
    let mut i = 0;
    while i < s.len() {
        let c = s[i];
        i += 1;
        if c != b'\\' {
            out.push(c as char);
            continue;
        }
        let start = i - 1;
        let Some(&e) = s.get(i) else {
            return Err(unicode_error(&s, start, s.len(), "\\ at end of string"));
        };
        i += 1;
        let (count, message) = match e {
            b'\n' => continue,
            b'\\' => {
                out.push('\\');
                continue;
            }
            b'\'' => {
                out.push('\'');
                continue;
            }
            b'"' => {
                out.push('"');
                continue;
            }
            b'b' => {
                out.push('\u{8}');
                continue;
            }
            b'f' => {
                out.push('\u{c}');
                continue;
            }
            b't' => {
                out.push('\t');
                continue;
            }
            b'n' => {
                out.push('\n');
                continue;
            }
            b'r' => {
                out.push('\r');
                continue;
            }
            b'v' => {
                out.push('\u{b}');
                continue;
            }
            b'a' => {
                out.push('\u{7}');
                continue;
            }
            b'0'..=b'7' => {
                let mut v = u32::from(e - b'0');
                for _ in 0..2 {
                    match s.get(i) {
                        Some(&d @ b'0'..=b'7') => {
                            v = v * 8 + u32::from(d - b'0');
                            i += 1;
                        }
                        _ => break,
                    }
                }
                out.push(char::from_u32(v).unwrap_or('\u{fffd}'));
                continue;
            }
            b'x' => (2, "truncated \\xXX escape"),
            b'u' => (4, "truncated \\uXXXX escape"),
            b'U' => (8, "truncated \\UXXXXXXXX escape"),
            b'N' => {
                let message = "malformed \\N character escape";
                if s.get(i) != Some(&b'{') {
                    let end = if i >= s.len() { s.len() } else { i };
                    return Err(unicode_error(&s, start, end, message));
                }
                let name_start = i + 1;
                let mut j = name_start;
                while j < s.len() && s[j] != b'}' {
                    j += 1;
                }
                if j >= s.len() || j == name_start {
                    return Err(unicode_error(&s, start, j.min(s.len()), message));
                }
                let name = String::from_utf8_lossy(&s[name_start..j]);
                i = j + 1;
                match unicode_names2::character(&name) {
                    Some(c) => out.push(c),
                    None => {
                        return Err(unicode_error(
                            &s,
                            start,
                            i,
                            "unknown Unicode character name",
                        ));
                    }
                }
                continue;
            }
            other => {
                out.push('\\');
                out.push(other as char);
                continue;
            }
        };
        let mut ch: u32 = 0;
        for _ in 0..count {
            let Some(&d) = s.get(i) else {
                return Err(unicode_error(&s, start, s.len(), message));
            };
            let Some(v) = (d as char).to_digit(16) else {
                return Err(unicode_error(&s, start, i, message));
            };
            ch = (ch << 4) | v;
            i += 1;
        }
        if ch > 0x10ffff {
            return Err(unicode_error(&s, start, i, "illegal Unicode character"));
        }
        match char::from_u32(ch) {
            Some(c) => out.push(c),
            None => return Err(LiteralError::Unsupported("a lone surrogate in a string")),
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tok(body: &str) -> StrToken {
        StrToken {
            bytes: false,
            raw: false,
            formatted: false,
            body: body.into(),
        }
    }

    fn s(body: &str) -> String {
        match decode(&tok(body)) {
            Ok(Value::Str(s)) => s,
            Ok(_) => "not a str".into(),
            Err(LiteralError::Syntax(m)) => m,
            Err(LiteralError::Unsupported(m)) => m.into(),
        }
    }

    #[test]
    fn escapes() {
        assert_eq!(s(r"a\tb\x41\u00e9\U0001F600\101\q"), "a\tbAé😀A\\q");
        assert_eq!(s("line\\\nnext"), "linenext");
        assert_eq!(
            s(r"\x1"),
            "(unicode error) 'unicodeescape' codec can't decode bytes in position 0-2: truncated \\xXX escape"
        );
        assert_eq!(
            s(r"é\x1"),
            "(unicode error) 'unicodeescape' codec can't decode bytes in position 10-12: truncated \\xXX escape"
        );
    }
}
