//! How deep a text may nest, and how recursion over it stays off the end of
//! the stack.
//!
//! CPython 3.13 bounds nesting three ways, and this crate reproduces each:
//!
//! - its tokenizer refuses a 201st open bracket: `SyntaxError: too many
//!   nested parentheses` ([`crate::MAX_NESTING`]);
//! - its parser counts the depth of its rule calls and stops at `MAXSTACK`
//!   (6000) with `MemoryError: Parser stack overflowed - Python source too
//!   complex to parse`: about 5,960 unary operators or `not`s, 2,980 `**` or
//!   `lambda`s, fewer inside brackets. The parser here counts CPython's
//!   levels ([`PARSER_MAXSTACK`], costs measured against CPython 3.13.0 and
//!   pinned by tests);
//! - its compiler recurses over the tree and stops at a depth of 9,998
//!   expressions (`RecursionError: maximum recursion depth exceeded during
//!   compilation`): `1+1+…+1` with 9,998 ones, `f()()…()`, `x.a.a…`
//!   ([`COMPILER_MAX_DEPTH`]).
//!
//! Within those limits every recursive walk (parser, evaluator, the tree's
//! clone, comparison, debug print and drop) runs through [`grow`], which
//! moves onto a fresh heap-allocated stack segment when less than
//! [`RED_ZONE`] is left, so a 1 MiB thread stack (Windows' main thread, or
//! `ulimit -s 1024`) is as safe as any.

/// CPython's `MAXSTACK`: the parser's deepest rule nesting.
pub(crate) const PARSER_MAXSTACK: u32 = 6000;

/// The expression depth at which CPython 3.13's compiler raises RecursionError.
pub(crate) const COMPILER_MAX_DEPTH: u32 = 9998;

/// The message of CPython's parser-stack `MemoryError`.
pub(crate) const PARSER_OVERFLOW: &str =
    "Parser stack overflowed - Python source too complex to parse";

/// The message of CPython's compiler `RecursionError`.
pub(crate) const COMPILER_OVERFLOW: &str = "maximum recursion depth exceeded during compilation";

/// Stack left below which [`grow`] switches to a new segment: room for the
/// largest run of frames between two calls of it (debug builds included).
pub(crate) const RED_ZONE: usize = 128 * 1024;

/// Size of each new stack segment.
const SEGMENT: usize = 2 * 1024 * 1024;

/// Runs `f`, first moving to a new stack segment if this one is nearly used up.
#[inline]
pub(crate) fn grow<R>(f: impl FnOnce() -> R) -> R {
    stacker::maybe_grow(RED_ZONE, SEGMENT, f)
}
