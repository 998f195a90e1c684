//! Python's traceback shape for errors: what `python3` prints for an
//! exception raised by the call.

use crate::error::{PyErrorKind, PyException};
use crate::location::source_line;

/// Formats a syntax error the way Python's traceback module prints it:
/// the file line, the offending source line stripped of its indentation, a
/// row of carets under the offending columns, and `Kind: message`.
///
/// ```
/// use toolcup_brew::{format_exception, parse_call, Error};
/// let src = "brew_coffee(\"Americano\", milk_amount=1, 4)";
/// let Error::Python(exc) = parse_call(src).unwrap_err() else { panic!() };
/// assert_eq!(
///     format_exception(&exc, src, "<call>"),
///     "  File \"<call>\", line 1\n    brew_coffee(\"Americano\", milk_amount=1, 4)\n                                             ^\nSyntaxError: positional argument follows keyword argument\n"
/// );
/// ```
pub fn format_exception(exc: &PyException, source: &str, filename: &str) -> String {
    let mut out = String::new();
    if matches!(
        exc.kind,
        PyErrorKind::MemoryError | PyErrorKind::RecursionError
    ) || (exc.kind.is_syntax() && exc.location.is_none())
    {
        // Raised while compiling, with no line to show: Python prints the
        // exception alone.
        return format!("{}: {}\n", exc.kind, exc.message);
    }
    let Some(loc) = exc.location else {
        out.push_str("Traceback (most recent call last):\n");
        out.push_str(&format!("  File \"{filename}\", line 1, in <module>\n"));
        if let Some(first) = source
            .lines()
            .find(|l| !l.trim().is_empty() && !l.trim_start().starts_with('#'))
        {
            out.push_str(&format!("    {}\n", first.trim()));
        }
        out.push_str(&format!("{}: {}\n", exc.kind, exc.message));
        return out;
    };
    out.push_str(&format!("  File \"{filename}\", line {}\n", loc.line));
    if let Some(text) = source_line(source, loc.line) {
        let rtext: Vec<char> = text.chars().collect();
        let ltext_start = rtext
            .iter()
            .position(|c| !matches!(c, ' ' | '\n' | '\x0c'))
            .unwrap_or(rtext.len());
        let ltext = &rtext[ltext_start..];
        let spaces = ltext_start as i64;
        let text_len = rtext.len() as i64 + 1; // Python's text keeps its newline
        out.push_str("    ");
        out.extend(ltext.iter());
        out.push('\n');
        let mut offset = loc.column;
        let mut end_offset = if loc.line == loc.end_line {
            if loc.end_column == 0 {
                offset
            } else {
                loc.end_column
            }
        } else {
            rtext.len() as i64 + 1
        };
        if offset > text_len {
            offset = rtext.len() as i64 + 1;
        }
        if end_offset > text_len {
            end_offset = rtext.len() as i64 + 1;
        }
        if offset >= end_offset || end_offset < 0 {
            end_offset = offset + 1;
        }
        let colno = offset - 1 - spaces;
        let end_colno = end_offset - 1 - spaces;
        if colno >= 0 {
            out.push_str("    ");
            for i in 0..colno as usize {
                let c = ltext.get(i).copied().unwrap_or(' ');
                out.push(if c.is_whitespace() { c } else { ' ' });
            }
            for _ in colno..end_colno {
                out.push('^');
            }
            out.push('\n');
        }
    }
    out.push_str(&format!("{}: {}\n", exc.kind, exc.message));
    out
}
