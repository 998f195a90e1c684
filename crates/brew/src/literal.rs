//! Decoding of string and bytes literals with CPython 3.13's escape rules and
//! its `(unicode error)` / `(value error)` messages.

use crate::lexer::StrToken;
use crate::value::Value;

/// Why a literal cannot become a value.
pub(crate) enum LiteralError {
    /// CPython raises this SyntaxError message for the token.
    Syntax(String),
    /// A lone surrogate (`"\\ud800"`): valid Python, but no Rust string can hold it.
    LoneSurrogate,
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

/// The character `\N{name}` stands for, matched as CPython 3.13 matches
/// it: a character's name or one of its aliases, in any letter case, spelt
/// exactly (no extra spaces, no underscores, no hyphen for a space); the
/// names CPython builds from parts (`CJK UNIFIED IDEOGRAPH-4E00`,
/// `HANGUL SYLLABLE GA`) in upper case only.
///
/// unicode_names2 matches loosely (Unicode's UAX44-LM2), so a loose hit is
/// checked against the character's exact name. An alias cannot be checked
/// that way (the crate does not give their spelling): it is accepted when it
/// is not a respelling of the name and has single spaces or hyphens
/// between its words, which still lets a loose spelling of an alias
/// through (say `LINE-FEED` for `LINE FEED`).
fn character_named(name: &str) -> Option<char> {
    let upper = name.to_ascii_uppercase();
    // Names and aliases are letters, digits, spaces and hyphens, and start
    // with a letter or digit. (Checked first also because unicode_names2
    // overflows on a name that starts with a hyphen.)
    let allowed = |b: u8| b.is_ascii_alphanumeric() || b == b' ' || b == b'-';
    if !upper.starts_with(|c: char| c.is_ascii_alphanumeric()) || !upper.bytes().all(allowed) {
        return None;
    }
    // The one name that has a hyphen where a loose match ignores it.
    if upper == "HANGUL JUNGSEONG O-E" {
        return Some('\u{1180}');
    }
    let c = unicode_names2::character(&upper)?;
    // The names crate knows later Unicode versions: a character CPython
    // 3.13's Unicode 15.1 does not have has no name there.
    if !crate::unicode::is_assigned(c) {
        return None;
    }
    // Control characters have aliases but no name.
    let exact = unicode_names2::name(c).map_or_else(String::new, |n| n.to_string());
    if exact == upper {
        let built =
            upper.starts_with("CJK UNIFIED IDEOGRAPH-") || upper.starts_with("HANGUL SYLLABLE ");
        return (!built || name == upper).then_some(c);
    }
    let words = |s: &str| -> Vec<u8> { s.bytes().filter(u8::is_ascii_alphanumeric).collect() };
    let single_separators = !upper.ends_with([' ', '-'])
        && !upper
            .as_bytes()
            .windows(2)
            .any(|w| !w[0].is_ascii_alphanumeric() && !w[1].is_ascii_alphanumeric());
    (words(&upper) != words(&exact) && single_separators).then_some(c)
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
                match character_named(&name) {
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
            None => return Err(LiteralError::LoneSurrogate),
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
            pieces: None,
            fstring_error: None,
        }
    }

    fn s(body: &str) -> String {
        match decode(&tok(body)) {
            Ok(Value::Str(s)) => s,
            Ok(_) => "not a str".into(),
            Err(LiteralError::Syntax(m)) => m,
            Err(LiteralError::LoneSurrogate) => "lone surrogate".into(),
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

    /// `\N{...}` as CPython 3.13 answered for each name (None: "unknown
    /// Unicode character name"), including the loose spellings it refuses
    /// and a leading hyphen, which made unicode_names2 overflow.
    #[test]
    fn named_characters_match_cpython() {
        let cpython: [(&str, Option<u32>); 32] = [
            // Unicode 16.0 (after CPython 3.13's 15.1): unknown to CPython 3.13.
            ("CYRILLIC CAPITAL LETTER TJE", None),
            ("GARAY DIGIT ZERO", None),
            // Unicode 15.1 itself.
            (
                "IDEOGRAPHIC DESCRIPTION CHARACTER SURROUND FROM RIGHT",
                Some(0x2ffc),
            ),
            ("LATIN SMALL LETTER A", Some(0x61)),
            ("latin small letter a", Some(0x61)),
            ("Latin Small Letter A", Some(0x61)),
            (" latin small letter a", None),
            ("LATIN-SMALL LETTER A", None),
            ("LATIN_SMALL_LETTER_A", None),
            ("LATINSMALLLETTERA", None),
            ("LATIN SMALL  LETTER A", None),
            ("-", None),
            ("-a", None),
            ("CJK UNIFIED IDEOGRAPH-4E00", Some(0x4e00)),
            ("cjk unified ideograph-4E00", None),
            ("CJK UNIFIED IDEOGRAPH-4e00", None),
            ("HANGUL SYLLABLE GA", Some(0xac00)),
            ("hangul syllable GA", None),
            ("HANGUL SYLLABLE ga", None),
            ("NEW LINE", Some(0xa)),
            ("new line", Some(0xa)),
            ("LINE FEED", Some(0xa)),
            ("LF", Some(0xa)),
            ("BOM", Some(0xfeff)),
            ("TIBETAN MARK TSA -PHRU", Some(0xf39)),
            ("HANGUL JUNGSEONG O-E", Some(0x1180)),
            ("LATIN CAPITAL LETTER GHA", Some(0x1a2)),
            ("latin capital letter gha", Some(0x1a2)),
            ("SNOWMAN", Some(0x2603)),
            ("BLACK STAR", Some(0x2605)),
            ("NULL", Some(0)),
            ("CJK COMPATIBILITY IDEOGRAPH-F900", Some(0xf900)),
        ];
        for (name, want) in cpython {
            assert_eq!(
                character_named(name),
                want.and_then(char::from_u32),
                "\\N{{{name}}}"
            );
        }
        assert_eq!(
            s(r"\N{-}"),
            "(unicode error) 'unicodeescape' codec can't decode bytes in position 0-4: unknown Unicode character name"
        );
    }
}
