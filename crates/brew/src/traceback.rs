//! Python's traceback shape for errors: what `python3` prints for an
//! exception raised by the call.

use crate::ast::{Expr, ExprKind};
use crate::error::{PyErrorKind, PyException, RaisedAt};
use crate::location::source_line;
use crate::unicode::{is_py_space, is_wide};

/// Formats a syntax error the way Python's traceback module prints it:
/// the file line, the offending source line stripped of its indentation, a
/// row of carets under the offending columns, and `Kind: message`.
///
/// A runtime error raised by the call (or by a `def`'s defaults and
/// annotations, `source` being that text) prints as CPython 3.13 prints it
/// for a script whose file is `source`: the `Traceback` header, the `File`
/// line with the failing expression's line, its lines with 3.13's carets.
///
/// ```
/// use toolcup_brew::{bind_call, format_exception, Error, Preset, Signature};
/// let src = "brew_coffee(\"Latte\",\n    strength=(1)/0)";
/// let sig = Signature::preset(Preset::Current);
/// let Error::Python(exc) = bind_call(&sig, src).unwrap_err() else { panic!() };
/// assert_eq!(
///     format_exception(&exc, src, "<call>"),
///     "Traceback (most recent call last):\n  File \"<call>\", line 2, in <module>\n    strength=(1)/0)\n             ~~~^~\nZeroDivisionError: division by zero\n"
/// );
/// ```
///
/// A syntax error:
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
    if let (None, Some(at)) = (exc.location, &exc.raised_at) {
        out.push_str("Traceback (most recent call last):\n");
        let mut scope = "<module>";
        if let Some(outer) = &exc.called_from {
            let (name, call) = &**outer;
            out.push_str(&format!(
                "  File \"{filename}\", line {}, in <module>\n",
                call.start.0
            ));
            out.push_str(&frame_source(call, source));
            scope = name;
        }
        out.push_str(&format!(
            "  File \"{filename}\", line {}, in {scope}\n",
            at.start.0
        ));
        out.push_str(&frame_source(at, source));
        out.push_str(&format!("{}: {}\n", exc.kind, exc.message));
        return out;
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

// CPython 3.13's `StackSummary.format_frame_summary` for the frame of the
// script's statement: the lines of the failing expression, dedented, each
// with its row of carets (`~` for operands, `^` for the operator or the
// brackets), where `_should_show_carets` shows them.

/// Python's `str.splitlines()` (no line ends kept, no empty last piece).
fn py_splitlines(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut chars = text.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        let breaks = matches!(
            c,
            '\n' | '\r'
                | '\x0b'
                | '\x0c'
                | '\x1c'
                | '\x1d'
                | '\x1e'
                | '\u{85}'
                | '\u{2028}'
                | '\u{2029}'
        );
        if !breaks {
            continue;
        }
        out.push(&text[start..i]);
        let mut next = i + c.len_utf8();
        if c == '\r' && chars.peek().is_some_and(|&(_, d)| d == '\n') {
            chars.next();
            next += 1;
        }
        start = next;
    }
    if start < text.len() {
        out.push(&text[start..]);
    }
    out
}

/// Python's `str.rstrip()`.
fn py_rstrip(s: &str) -> &str {
    s.trim_end_matches(is_py_space)
}

/// Python's `str.lstrip()`.
fn py_lstrip(s: &str) -> &str {
    s.trim_start_matches(is_py_space)
}

fn char_len(s: &str) -> usize {
    s.chars().count()
}

/// The first `n` characters of `s`.
fn prefix(s: &str, n: usize) -> &str {
    match s.char_indices().nth(n) {
        Some((i, _)) => &s[..i],
        None => s,
    }
}

/// The characters of `s` from the `n`th on.
fn suffix(s: &str, n: usize) -> &str {
    &s[prefix(s, n).len()..]
}

/// `textwrap.dedent`: removes the longest run of spaces and tabs common to
/// every line that is not blank; blank lines become empty.
fn textwrap_dedent(text: &str) -> String {
    let lines: Vec<&str> = text.split('\n').collect();
    let blank = |l: &str| !l.is_empty() && l.chars().all(|c| c == ' ' || c == '\t');
    let mut margin: Option<&str> = None;
    for l in &lines {
        if blank(l) || l.is_empty() {
            continue;
        }
        let ws = l.len() - l.trim_start_matches([' ', '\t']).len();
        let indent = &l[..ws];
        margin = Some(match margin {
            None => indent,
            Some(m) if indent.starts_with(m) => m,
            Some(m) if m.starts_with(indent) => indent,
            Some(m) => {
                let common = m
                    .bytes()
                    .zip(indent.bytes())
                    .take_while(|(x, y)| x == y)
                    .count();
                &m[..common]
            }
        });
    }
    let margin = margin.unwrap_or("");
    let out: Vec<&str> = lines
        .iter()
        .map(|l| {
            if blank(l) {
                ""
            } else {
                l.strip_prefix(margin).unwrap_or(l)
            }
        })
        .collect();
    out.join("\n")
}

/// `_display_width`: columns of the first `offset` characters of `line`,
/// East Asian wide and full-width characters counting two.
fn display_width(line: &str, offset: usize) -> usize {
    if line.is_ascii() {
        return offset;
    }
    line.chars()
        .take(offset)
        .map(|c| if is_wide(c) { 2 } else { 1 })
        .sum()
}

/// `_byte_offset_to_character_offset`: the characters in the first
/// `offset` UTF-8 bytes of `s`, a cut character counting one.
fn byte_to_char(s: &str, offset: usize) -> usize {
    let mut n = 0;
    for (i, _) in s.char_indices() {
        if i >= offset {
            break;
        }
        n += 1;
    }
    n
}

/// The UTF-8 byte offset of character column `col` of `line` (CPython's
/// `co_positions` count bytes).
fn char_to_byte(line: &str, col: u32) -> usize {
    let col = col as usize;
    let n = char_len(line);
    prefix(line, col).len() + col.saturating_sub(n)
}

/// Anchors in the segment's own lines: `(line, column)` of the left end and
/// of the right start of the `^` part.
type Anchors = ((usize, usize), (usize, usize));

/// `next_valid_char`: the first real character at or after `(l, c)`.
fn next_valid(lines: &[Vec<char>], mut l: usize, mut c: usize) -> Option<(usize, usize)> {
    while l < lines.len() && c >= lines[l].len() {
        c = 0;
        l += 1;
    }
    (l < lines.len() && c < lines[l].len()).then_some((l, c))
}

/// `increment_until`: skips to the next character `stop` accepts, a `\\` or
/// a `#` ending the line's search.
fn increment_until(
    lines: &[Vec<char>],
    (mut l, mut c): (usize, usize),
    stop: impl Fn(char) -> bool,
) -> Option<(usize, usize)> {
    loop {
        let ch = *lines.get(l)?.get(c)?;
        if ch == '\\' || ch == '#' {
            (l, c) = next_valid(lines, l + 1, 0)?;
        } else if !stop(ch) {
            (l, c) = next_valid(lines, l, c + 1)?;
        } else {
            return Some((l, c));
        }
    }
}

/// The shape traceback.py anchors carets on, from its re-parse of the
/// segment: positions in the re-parse's own lines (the segment's first
/// line is its line 2), as character columns of those lines.
enum Shape {
    /// A binary operator: its left operand's end and right operand's start.
    Operator {
        left_end: (u32, u32),
        right_start: (u32, u32),
    },
    /// A call (`(`) or a subscript (`[`): the value's end, the node's end.
    Bracket {
        value_end: (u32, u32),
        end: (u32, u32),
        open: char,
    },
    /// Anything else (a re-parse that fails included).
    Other,
}

/// `ast.parse(f"(\n{segment}\n)")`, with our own parser: the segment
/// as the only argument of a call on the line above it.
fn reparse(segment: &str) -> Shape {
    let wrapped = format!("f(\n{segment}\n)");
    let Ok((call, None)) = crate::call::parse_call_then(&wrapped) else {
        return Shape::Other;
    };
    let [arg] = &call.arguments[..] else {
        return Shape::Other;
    };
    if arg.kind != crate::call::ArgumentKind::Positional {
        return Shape::Other;
    }
    let e: &Expr = &arg.expr;
    let at = |p: crate::location::Pos| (p.line, p.col);
    match &e.kind {
        ExprKind::Binary(a, _, b) => Shape::Operator {
            left_end: at(a.cpython_range().1),
            right_start: at(b.cpython_range().0),
        },
        ExprKind::Call(f, _) => Shape::Bracket {
            value_end: at(f.cpython_range().1),
            end: at(e.cpython_range().1),
            open: '(',
        },
        ExprKind::Subscript(c, _) => Shape::Bracket {
            value_end: at(c.cpython_range().1),
            end: at(e.cpython_range().1),
            open: '[',
        },
        _ => Shape::Other,
    }
}

/// `_extract_caret_anchors_from_line_segment` on the segment's `lines`
/// (split as `str.splitlines` splits), the re-parse's positions turned
/// into them by `normalize` (a character column of the re-parse's line,
/// as UTF-8 bytes, then as characters of `lines`' line).
fn caret_anchors(lines: &[Vec<char>], wrapped_lines: &[&str], shape: &Shape) -> Option<Anchors> {
    let normalize = |(l, c): (u32, u32)| -> Option<(usize, usize)> {
        let sl = (l as usize).checked_sub(2)?;
        let line = lines.get(sl)?;
        let tokenized = wrapped_lines.get(l as usize - 1).copied().unwrap_or("");
        let bytes = char_to_byte(tokenized, c);
        let text: String = line.iter().collect();
        Some((sl, byte_to_char(&text, bytes)))
    };
    match *shape {
        Shape::Operator {
            left_end,
            right_start,
        } => {
            let (l, c) = normalize(left_end)?;
            let (l, c) = next_valid(lines, l, c)?;
            let (l, c) = increment_until(lines, (l, c), |x| !is_py_space(x) && x != ')')?;
            let mut right_col = c + 1;
            let line = &lines[l];
            if right_col < line.len() {
                let right_line = (right_start.0 as usize).checked_sub(2)?;
                let before_right = right_line > l || right_col < normalize(right_start)?.1;
                let ch = line[right_col];
                if before_right && !is_py_space(ch) && ch != '\\' && ch != '#' {
                    right_col += 1;
                }
            }
            Some(((l, c), (l, right_col)))
        }
        Shape::Bracket {
            value_end,
            end,
            open,
        } => {
            let (l, c) = normalize(value_end)?;
            let (l, c) = next_valid(lines, l, c)?;
            let left = increment_until(lines, (l, c), |x| x == open)?;
            Some((left, normalize(end)?))
        }
        Shape::Other => None,
    }
}

/// The source lines of the frame, with carets, as 3.13 prints them under
/// the `File` line (empty when the lines are blank).
fn frame_source(at: &RaisedAt, source: &str) -> String {
    let (lineno, end_lineno) = (at.start.0, at.end.0);
    if end_lineno < lineno || lineno == 0 {
        return String::new();
    }
    // `_set_lines`: linecache's lines, right-stripped.
    let mut text = String::new();
    for n in lineno..=end_lineno {
        text.push_str(py_rstrip(source_line(source, n).unwrap_or("")));
        text.push('\n');
    }
    let dedented = textwrap_dedent(&text);
    if py_lstrip(&dedented).is_empty() {
        return String::new();
    }
    let span = (end_lineno - lineno) as usize;
    let originals = py_splitlines(&text);
    let (Some(first_line), Some(last_line)) = (originals.first(), originals.get(span)) else {
        return String::new();
    };
    let line_of = |n: u32| source_line(source, n).unwrap_or("");
    let start_offset = byte_to_char(first_line, char_to_byte(line_of(lineno), at.start.1));
    let end_offset = byte_to_char(last_line, char_to_byte(line_of(end_lineno), at.end.1));
    let all_lines: Vec<&str> = py_splitlines(&dedented)
        .into_iter()
        .take(span + 1)
        .collect();
    let Some(last) = all_lines.last() else {
        return String::new();
    };
    let dedent = char_len(first_line).saturating_sub(char_len(all_lines[0]));
    let start_offset = start_offset.saturating_sub(dedent);
    let end_offset = end_offset.saturating_sub(dedent);
    let dp_start = display_width(all_lines[0], start_offset);
    let dp_end = display_width(last, end_offset);

    // The segment of the node, as lines of characters.
    let joined = all_lines.join("\n");
    let total = char_len(&joined);
    let cut = total.saturating_sub(char_len(last).saturating_sub(end_offset));
    let segment: String = joined
        .chars()
        .skip(start_offset)
        .take(cut.saturating_sub(start_offset))
        .collect();
    let seg_lines: Vec<Vec<char>> = py_splitlines(&segment)
        .iter()
        .map(|l| l.chars().collect())
        .collect();
    let n_lines = all_lines.len();
    let wrapped = format!("f(\n{segment}\n)");
    let wrapped_lines: Vec<&str> = crate::location::split_lines(&wrapped).collect();
    let shape = reparse(&segment);
    let anchors = caret_anchors(&seg_lines, &wrapped_lines, &shape)
        .filter(|((ll, _), (rl, _))| *ll < n_lines && *rl < n_lines);

    let show_carets = should_show_carets(start_offset, end_offset, &all_lines, anchors.is_some());

    let mut significant: Vec<usize> = vec![0, n_lines - 1];
    let (mut left_off, mut right_off) = (0, 0);
    if let Some(((ll, lc), (rl, rc))) = anchors {
        let lc = if ll == 0 { lc + start_offset } else { lc };
        let rc = if rl == 0 { rc + start_offset } else { rc };
        left_off = display_width(all_lines[ll], lc);
        right_off = display_width(all_lines[rl], rc);
        for center in [ll, rl] {
            significant.extend(center.saturating_sub(1)..=center + 1);
        }
    }
    significant.retain(|&k| k < n_lines);
    significant.sort_unstable();
    significant.dedup();

    let mut result = String::new();
    let output_line = |result: &mut String, k: usize| {
        let line = all_lines[k];
        result.push_str(line);
        result.push('\n');
        if !show_carets {
            return;
        }
        let num_spaces = char_len(line) - char_len(py_lstrip(line));
        let num_carets = if k == n_lines - 1 {
            dp_end
        } else {
            display_width(line, char_len(line))
        };
        for col in 0..num_carets {
            let within = anchors.is_some_and(|((ll, _), (rl, _))| {
                (k > ll || (k == ll && col >= left_off)) && (k < rl || (k == rl && col < right_off))
            });
            result.push(if col < num_spaces || (k == 0 && col < dp_start) {
                ' '
            } else if within {
                '^'
            } else if anchors.is_some() {
                '~'
            } else {
                '^'
            });
        }
        result.push('\n');
    };
    for (i, &k) in significant.iter().enumerate() {
        if i > 0 {
            let diff = k - significant[i - 1];
            if diff == 2 {
                output_line(&mut result, k - 1);
            } else if diff > 2 {
                result.push_str(&format!("...<{} lines>...\n", diff - 1));
            }
        }
        output_line(&mut result, k);
    }
    // `textwrap.indent(textwrap.dedent(...), '    ', lambda line: True)`.
    let dedented = textwrap_dedent(&result);
    let mut out = String::new();
    let mut rest = dedented.as_str();
    while !rest.is_empty() {
        let first = py_splitlines(rest).first().map_or(0, |l| l.len());
        // Keep the line break(s) that end this piece.
        let mut end = first;
        if let Some(c) = rest[end..].chars().next() {
            end += c.len_utf8();
            if c == '\r' && rest[end..].starts_with('\n') {
                end += 1;
            }
        }
        out.push_str("    ");
        out.push_str(&rest[..end]);
        rest = &rest[end..];
    }
    out
}

/// `_should_show_carets`: not for a call that is a whole `name = call`
/// statement (a keyword argument alone on its lines); always with anchors;
/// otherwise only when something else is on the first or last line.
fn should_show_carets(
    start_offset: usize,
    end_offset: usize,
    all_lines: &[&str],
    anchors: bool,
) -> bool {
    if assigns_whole_call(start_offset, end_offset, all_lines) {
        return false;
    }
    if anchors {
        return true;
    }
    let first = all_lines[0];
    let last = all_lines[all_lines.len() - 1];
    !py_lstrip(prefix(first, start_offset)).is_empty()
        || !py_rstrip(suffix(last, end_offset)).is_empty()
}

/// Whether `ast.parse` of the lines is `Assign(targets=[Name], value=Call)`
/// whose call spans them all, from `start_offset` on the first line to
/// `end_offset` on the last (CPython compares its byte columns with these
/// character offsets). The lines must tokenize as one logical line; then
/// our parser reads them as the first keyword argument of a call with a
/// second one (so that a trailing comma, a tuple to `ast.parse`, fails).
fn assigns_whole_call(start_offset: usize, end_offset: usize, all_lines: &[&str]) -> bool {
    let joined = all_lines.join("\n");
    let lexed = crate::lexer::tokenize(&joined);
    let logical_lines = lexed
        .tokens
        .iter()
        .filter(|t| t.tok == crate::lexer::Tok::Newline)
        .count();
    if lexed.error.is_some() || lexed.unclosed.is_some() || logical_lines > 1 {
        return false;
    }
    let wrapped = format!("f(\n{joined}\n, __brew_traceback__=0)");
    let Ok((call, None)) = crate::call::parse_call_then(&wrapped) else {
        return false;
    };
    let [arg, _] = &call.arguments[..] else {
        return false;
    };
    if !matches!(arg.kind, crate::call::ArgumentKind::Keyword(_))
        || !matches!(arg.expr.kind, ExprKind::Call(..))
    {
        return false;
    }
    let (start, end) = arg.expr.cpython_range();
    start.line == 2
        && end.line as usize == all_lines.len() + 1
        && start.bcol as usize == start_offset
        && end.bcol as usize == end_offset
}
