//! Positions in the source text and Python's traceback shape for errors.

/// Where a syntax error points, with CPython's conventions: 1-based line
/// numbers, 1-based character columns (`SyntaxError.offset`), and an end
/// column that is exclusive (`end_offset`). CPython reports `0` or `-1` as the
/// end column for a few errors; those values are kept as they are.
///
/// ```
/// use toolcup_brew::{parse_call, Error};
/// let err = parse_call("brew_coffee(1, x=2, 3)").unwrap_err();
/// let Error::Python(exc) = err else { panic!() };
/// let loc = exc.location.unwrap();
/// assert_eq!((loc.line, loc.column, loc.end_line, loc.end_column), (1, 22, 1, 23));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub struct Location {
    /// 1-based line (`lineno`).
    pub line: u32,
    /// 1-based column in characters (`offset`).
    pub column: i64,
    /// 1-based end line (`end_lineno`).
    pub end_line: u32,
    /// Exclusive 1-based end column (`end_offset`); CPython uses 0 or -1 for "unknown".
    pub end_column: i64,
}

/// A position inside the text: 1-based line, 0-based character column.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub(crate) struct Pos {
    pub line: u32,
    /// Column in characters.
    pub col: u32,
    /// Column in UTF-8 bytes (CPython's compiler reports these unconverted).
    pub bcol: u32,
}

impl Pos {
    /// The location of a range `[start, end)` in CPython's `+1` convention.
    pub(crate) fn range(start: Pos, end: Pos) -> Location {
        Location {
            line: start.line,
            column: i64::from(start.col) + 1,
            end_line: end.line,
            end_column: i64::from(end.col) + 1,
        }
    }

    /// The location of a range in UTF-8 byte columns, as CPython's compiler
    /// (`keyword argument repeated`) and a few tokenizer errors report it.
    pub(crate) fn byte_range(start: Pos, end: Pos) -> Location {
        Location {
            line: start.line,
            column: i64::from(start.bcol) + 1,
            end_line: end.line,
            end_column: i64::from(end.bcol) + 1,
        }
    }

    /// A point location whose start and end columns are both `col` itself
    /// (CPython's tokenizer reports the cursor this way).
    pub(crate) fn cursor(self) -> Location {
        Location {
            line: self.line,
            column: i64::from(self.col),
            end_line: self.line,
            end_column: i64::from(self.col),
        }
    }

    /// Used by refusals, which name a plain 1-based column.
    pub(crate) fn start_location(self) -> Location {
        Pos::range(
            self,
            Pos {
                line: self.line,
                col: self.col + 1,
                bcol: self.bcol + 1,
            },
        )
    }
}

/// The 1-based line `line` of `source` without its line break.
pub(crate) fn source_line(source: &str, line: u32) -> Option<&str> {
    let idx = usize::try_from(line).ok()?.checked_sub(1)?;
    split_lines(source).nth(idx)
}

/// Splits like Python's tokenizer: on `\n`, `\r\n` and lone `\r`.
pub(crate) fn split_lines(source: &str) -> impl Iterator<Item = &str> {
    source
        .split('\n')
        .map(|l| l.strip_suffix('\r').unwrap_or(l))
}
