//! Compile-time SyntaxErrors, table-driven: each row is a call (or, with
//! `def `, a signature) as a barista types it, CPython 3.13's message and its
//! `(lineno, offset, end_lineno, end_offset)`. The rows are committed, so the
//! check holds on any machine; `rows_match_live_cpython` also compiles each
//! row with CPython 3.13 (`~/.pyenv/versions/3.13.0/bin/python3` or
//! `$BREW_PYTHON`) and skips with a printed reason when it is missing.

#[path = "support/cpython.rs"]
mod cpython;

use cpython::{cpython_313, json_lines};
use toolcup_brew::{Error, Signature, bind_call};

type Position = (i64, i64, i64, i64);

/// (source, CPython 3.13's message, its position).
const ROWS: &[(&str, &str, Position)] = &[
    // invalid_arguments: a generator expression beside other arguments.
    (
        "brew_coffee(x for x in y, 1)",
        "Generator expression must be parenthesized",
        (1, 13, 1, 25),
    ),
    (
        "brew_coffee(x for x in y,)",
        "Generator expression must be parenthesized",
        (1, 13, 1, 25),
    ),
    (
        "brew_coffee(1, x for x in y)",
        "Generator expression must be parenthesized",
        (1, 16, 1, 28),
    ),
    (
        "brew_coffee(1, 2, x for x in y if q)",
        "Generator expression must be parenthesized",
        (1, 19, 1, 36),
    ),
    (
        "brew_coffee(x for x in y if a if b, 1)",
        "Generator expression must be parenthesized",
        (1, 13, 1, 35),
    ),
    (
        "brew_coffee(x for x in y for z in w, 1)",
        "Generator expression must be parenthesized",
        (1, 13, 1, 36),
    ),
    (
        "brew_coffee(x for x in (y), 1)",
        "Generator expression must be parenthesized",
        (1, 13, 1, 26),
    ),
    (
        "brew_coffee(a=1, x for x in y)",
        "Generator expression must be parenthesized",
        (1, 18, 1, 30),
    ),
    (
        "brew_coffee(**k, x for x in y)",
        "Generator expression must be parenthesized",
        (1, 18, 1, 30),
    ),
    (
        "brew_coffee(*z, x for x in y)",
        "Generator expression must be parenthesized",
        (1, 17, 1, 29),
    ),
    (
        "brew_coffee(x for x in y, 1) +",
        "Generator expression must be parenthesized",
        (1, 13, 1, 25),
    ),
    (
        "brew_coffee(x for x in y, [x, for x in z])",
        "did you forget parentheses around the comprehension target?",
        (1, 28, 1, 30),
    ),
    (
        "brew_coffee(x for x in y, 5 j, ())",
        "invalid syntax. Perhaps you forgot a comma?",
        (1, 27, 1, 30),
    ),
    (
        "brew_coffee(x for x in y z)",
        "invalid syntax",
        (1, 26, 1, 27),
    ),
    (
        "brew_coffee(**{}, *b'ab', f'{1!r}', 2)",
        "iterable argument unpacking follows keyword argument unpacking",
        (1, 17, 1, 28),
    ),
    (
        "brew_coffee(**{}, *a=1)",
        "cannot assign to iterable argument unpacking",
        (1, 19, 1, 23),
    ),
    (
        "brew_coffee({**{'a': 1} 'b': 2})",
        "invalid syntax",
        (1, 25, 1, 28),
    ),
    // invalid_kwarg / invalid_arguments: `name=value for ...`.
    (
        "brew_coffee(x=1 for x in y)",
        "invalid syntax. Maybe you meant '==' or ':=' instead of '='?",
        (1, 13, 1, 15),
    ),
    (
        "brew_coffee(1, x=1 for x in y)",
        "invalid syntax. Maybe you meant '==' or ':=' instead of '='?",
        (1, 16, 1, 18),
    ),
    // invalid_starred_expression, invalid_kwarg: assigned unpackings.
    (
        "brew_coffee(*a=1)",
        "cannot assign to iterable argument unpacking",
        (1, 13, 1, 17),
    ),
    (
        "brew_coffee(*a=1+2)",
        "cannot assign to iterable argument unpacking",
        (1, 13, 1, 19),
    ),
    (
        "brew_coffee(1, *a=1)",
        "cannot assign to iterable argument unpacking",
        (1, 16, 1, 20),
    ),
    (
        "brew_coffee(a=1, *b=2)",
        "cannot assign to iterable argument unpacking",
        (1, 18, 1, 22),
    ),
    (
        "brew_coffee(**k=1)",
        "cannot assign to keyword argument unpacking",
        (1, 13, 1, 18),
    ),
    (
        "brew_coffee(**k=1+2)",
        "cannot assign to keyword argument unpacking",
        (1, 13, 1, 20),
    ),
    // invalid_kvpair / invalid_double_starred_kvpairs.
    (
        "brew_coffee({1: *x})",
        "cannot use a starred expression in a dictionary value",
        (1, 17, 1, 19),
    ),
    (
        "brew_coffee({1: *x })",
        "cannot use a starred expression in a dictionary value",
        (1, 17, 1, 20),
    ),
    (
        "brew_coffee({1: *x|y})",
        "cannot use a starred expression in a dictionary value",
        (1, 17, 1, 21),
    ),
    (
        "brew_coffee({1: *x, 2: 3})",
        "cannot use a starred expression in a dictionary value",
        (1, 17, 1, 19),
    ),
    (
        "brew_coffee({1: 2, 3: *x})",
        "cannot use a starred expression in a dictionary value",
        (1, 23, 1, 25),
    ),
    ("brew_coffee({*x: 1})", "invalid syntax", (1, 16, 1, 17)),
    // invalid_comprehension.
    (
        "brew_coffee([*x for x in y])",
        "iterable unpacking cannot be used in comprehension",
        (1, 14, 1, 16),
    ),
    (
        "brew_coffee({*x for x in y})",
        "iterable unpacking cannot be used in comprehension",
        (1, 14, 1, 16),
    ),
    (
        "brew_coffee((*x for x in y))",
        "iterable unpacking cannot be used in comprehension",
        (1, 14, 1, 16),
    ),
    (
        "brew_coffee([x, y for x in z])",
        "did you forget parentheses around the comprehension target?",
        (1, 14, 1, 18),
    ),
    (
        "brew_coffee([*x, y for x in z])",
        "did you forget parentheses around the comprehension target?",
        (1, 14, 1, 19),
    ),
    (
        "brew_coffee([x, for x in y])",
        "did you forget parentheses around the comprehension target?",
        (1, 14, 1, 16),
    ),
    (
        "brew_coffee({x, for x in y})",
        "did you forget parentheses around the comprehension target?",
        (1, 14, 1, 16),
    ),
    (
        "brew_coffee({x, y for x in y})",
        "did you forget parentheses around the comprehension target?",
        (1, 14, 1, 18),
    ),
    (
        "brew_coffee((x, y for x in y))",
        "invalid syntax",
        (1, 19, 1, 22),
    ),
    (
        "brew_coffee([x for x in 1, 2])",
        "invalid syntax",
        (1, 26, 1, 27),
    ),
    (
        "brew_coffee([x for x in y z])",
        "invalid syntax",
        (1, 27, 1, 28),
    ),
    (
        "brew_coffee((*x))",
        "cannot use starred expression here",
        (1, 14, 1, 16),
    ),
    // invalid_named_expression and invalid_assignment.
    (
        "brew_coffee() = 1",
        "cannot assign to function call here. Maybe you meant '==' instead of '='?",
        (1, 1, 1, 14),
    ),
    (
        "brew_coffee(a)(b) = 1",
        "cannot assign to function call here. Maybe you meant '==' instead of '='?",
        (1, 1, 1, 18),
    ),
    (
        "(brew_coffee()) = 1",
        "cannot assign to function call here. Maybe you meant '==' instead of '='?",
        (1, 2, 1, 15),
    ),
    (
        "brew_coffee() = ",
        "cannot assign to function call",
        (1, 1, 1, 14),
    ),
    (
        "[brew_coffee()] = 1",
        "cannot assign to function call",
        (1, 2, 1, 15),
    ),
    (
        "1 = 1",
        "cannot assign to literal here. Maybe you meant '==' instead of '='?",
        (1, 1, 1, 2),
    ),
    (
        "-x = 1",
        "cannot assign to expression here. Maybe you meant '==' instead of '='?",
        (1, 1, 1, 3),
    ),
    ("True = 1", "cannot assign to True", (1, 1, 1, 5)),
    (
        "brew_coffee() += 1",
        "'function call' is an illegal expression for augmented assignment",
        (1, 1, 1, 14),
    ),
    (
        "(a, b) += 1",
        "'tuple' is an illegal expression for augmented assignment",
        (1, 1, 1, 7),
    ),
    (
        "1 += 1",
        "'literal' is an illegal expression for augmented assignment",
        (1, 1, 1, 2),
    ),
    // invalid_legacy_expression: the mark spans all of print's values.
    (
        "print 'a', b",
        "Missing parentheses in call to 'print'. Did you mean print(...)?",
        (1, 1, 1, 13),
    ),
    (
        "print 'a', b, 3",
        "Missing parentheses in call to 'print'. Did you mean print(...)?",
        (1, 1, 1, 16),
    ),
    (
        "print 'a',",
        "Missing parentheses in call to 'print'. Did you mean print(...)?",
        (1, 1, 1, 11),
    ),
    (
        "print 'a', *b",
        "Missing parentheses in call to 'print'. Did you mean print(...)?",
        (1, 1, 1, 14),
    ),
    // Malformed f-strings: the tokenizer's errors and the parser's.
    (
        "brew_coffee(f\"{\")",
        "f-string: expecting '}'",
        (1, 16, 1, 16),
    ),
    (
        "brew_coffee(f\"{1 \")",
        "f-string: expecting '}'",
        (1, 18, 1, 18),
    ),
    (
        "brew_coffee(f\"{1!\")",
        "f-string: expecting '}'",
        (1, 18, 1, 18),
    ),
    (
        "brew_coffee(f\"{1!r\")",
        "f-string: expecting '}'",
        (1, 18, 1, 18),
    ),
    (
        "brew_coffee(f\"{1:{\")",
        "f-string: expecting '}'",
        (1, 19, 1, 19),
    ),
    (
        "brew_coffee(f\"}\")",
        "f-string: single '}' is not allowed",
        (1, 15, 1, 15),
    ),
    (
        "brew_coffee(f\"a}b\")",
        "f-string: single '}' is not allowed",
        (1, 16, 1, 16),
    ),
    (
        "brew_coffee(f\"{1}}\")",
        "f-string: single '}' is not allowed",
        (1, 18, 1, 18),
    ),
    (
        "brew_coffee(\"a\" f\"}\")",
        "f-string: single '}' is not allowed",
        (1, 19, 1, 19),
    ),
    (
        "brew_coffee(f\"\\N{DIGIT ONE}}\")",
        "f-string: single '}' is not allowed",
        (1, 28, 1, 28),
    ),
    (
        "brew_coffee(f\"{}\")",
        "f-string: valid expression required before '}'",
        (1, 16, 1, 17),
    ),
    (
        "brew_coffee(f\"{ }\")",
        "f-string: valid expression required before '}'",
        (1, 17, 1, 18),
    ),
    (
        "brew_coffee(f\"{!r}\")",
        "f-string: valid expression required before '!'",
        (1, 16, 1, 17),
    ),
    (
        "brew_coffee(f\"{:}\")",
        "f-string: valid expression required before ':'",
        (1, 16, 1, 17),
    ),
    (
        "brew_coffee(f\"{=}\")",
        "f-string: valid expression required before '='",
        (1, 16, 1, 17),
    ),
    (
        "brew_coffee(f\"{1!}\")",
        "f-string: missing conversion character",
        (1, 18, 1, 19),
    ),
    (
        "brew_coffee(f\"{1!x}\")",
        "f-string: invalid conversion character 'x': expected 's', 'r', or 'a'",
        (1, 18, 1, 19),
    ),
    (
        "brew_coffee(f\"{1! r}\")",
        "f-string: conversion type must come right after the exclamanation mark",
        (1, 17, 1, 20),
    ),
    (
        "brew_coffee(f\"{1=x}\")",
        "f-string: expecting '!', or ':', or '}'",
        (1, 18, 1, 19),
    ),
    (
        "brew_coffee(f\"{1!r x}\")",
        "f-string: expecting ':' or '}'",
        (1, 20, 1, 21),
    ),
    (
        "brew_coffee(f\"{a[}\")",
        "closing parenthesis '}' does not match opening parenthesis '['",
        (1, 18, 1, 18),
    ),
    (
        "brew_coffee(f\"{)}\")",
        "f-string: unmatched ')'",
        (1, 16, 1, 16),
    ),
    (
        "brew_coffee(f\"{1:\")",
        "closing parenthesis ')' does not match opening parenthesis '{'",
        (1, 19, 1, 19),
    ),
    (
        "brew_coffee(f\"{#}\")",
        "'{' was never closed",
        (1, 15, 1, 0),
    ),
    (
        "brew_coffee(f\"{1 2}\")",
        "invalid syntax. Perhaps you forgot a comma?",
        (1, 16, 1, 19),
    ),
    (
        "brew_coffee(f\"{lambda x: 1}\")",
        "f-string: lambda expressions are not allowed without parentheses",
        (1, 16, 1, 25),
    ),
    (
        "brew_coffee(f\"{*x}\")",
        "can't use starred expression here",
        (1, 16, 1, 18),
    ),
    (
        "brew_coffee('é', f'{*x}')",
        "can't use starred expression here",
        (1, 22, 1, 24),
    ),
    (
        "brew_coffee(f\"{yield}\")",
        "'yield' outside function",
        (1, 16, 1, 21),
    ),
    ("brew_coffee(3j f'{}')", "invalid syntax", (1, 16, 1, 18)),
    (
        "brew_coffee([*x for x in y], f'}')",
        "iterable unpacking cannot be used in comprehension",
        (1, 14, 1, 16),
    ),
    (
        "brew_coffee(a=1, 2, f'}')",
        "f-string: single '}' is not allowed",
        (1, 23, 1, 23),
    ),
    (
        "brew_coffee(f'{1!x}', 0777)",
        "leading zeros in decimal integer literals are not permitted; use an 0o prefix for octal integers",
        (1, 23, 1, 24),
    ),
    (
        "brew_coffee(f'{1:{1:{1:{1}}}}')",
        "f-string: expressions nested too deeply",
        (1, 23, 1, 23),
    ),
    (
        "brew_coffee('Mocha' f'{1:', *{'x': 1}, *())",
        "closing parenthesis ')' does not match opening parenthesis '{'",
        (1, 43, 1, 43),
    ),
    (
        "f(f\"ab\\\n",
        "unterminated f-string literal (detected at line 1)",
        (1, 3, 1, 3),
    ),
    (
        "f(f\"ab{1}\n",
        "unterminated f-string literal (detected at line 1)",
        (1, 3, 1, 3),
    ),
    (
        "f(f\"\"\"ab\n",
        "unterminated triple-quoted f-string literal (detected at line 1)",
        (1, 3, 1, 3),
    ),
    (
        "f(f'ab', f'{1}' 'x\n",
        "unterminated string literal (detected at line 1)",
        (1, 17, 1, 17),
    ),
    // test_syntax.py: defs and comprehensions.
    (
        "def foo(a,**b: int=3):",
        "var-keyword argument cannot have default value",
        (1, 19, 1, 20),
    ),
    (
        "def foo(a,*b: int=,c):",
        "var-positional argument cannot have default value",
        (1, 18, 1, 19),
    ),
    ("def f -> int:", "expected '('", (1, 7, 1, 9)),
    (
        "brew_coffee(x for x if range(1))",
        "'in' expected after for-loop variables",
        (1, 21, 1, 23),
    ),
    (
        "brew_coffee(lambda __debug__: 0)",
        "cannot assign to __debug__",
        (1, 20, 1, 29),
    ),
    (
        "def f(*, x=lambda __debug__:0): pass",
        "cannot assign to __debug__",
        (1, 19, 1, 28),
    ),
    (
        "def f(*args:(lambda __debug__:0)): pass",
        "cannot assign to __debug__",
        (1, 21, 1, 30),
    ),
    // A broken later statement: CPython parses the whole text first.
    (
        "dict(x=34, x=1, y=2); x $ y",
        "invalid syntax",
        (1, 25, 1, 26),
    ),
    (
        "brew_coffee(2, 4, x=34); 1 $ 2",
        "invalid syntax",
        (1, 28, 1, 29),
    ),
    ("brew_coffee(1); 1 +", "invalid syntax", (1, 20, 1, 21)),
    (
        "brew_coffee(1); print 'a'",
        "Missing parentheses in call to 'print'. Did you mean print(...)?",
        (1, 17, 1, 26),
    ),
    (
        "brew_coffee(1); if x: pass",
        "invalid syntax",
        (1, 17, 1, 19),
    ),
    ("brew_coffee(1); ;", "invalid syntax", (1, 17, 1, 18)),
    ("1 +", "invalid syntax", (1, 4, 1, 5)),
    // A def without its parameters: the NEWLINE token's range.
    ("def brew_coffee", "expected '('", (1, 16, 1, 17)),
    ("def brew_coffee ", "expected '('", (1, 17, 1, 18)),
    ("def brew_coffee\n", "expected '('", (1, 16, 1, 17)),
    ("def brew_coffee # note\n", "expected '('", (1, 17, 1, 24)),
    ("def ｂrew_coffee #é", "expected '('", (1, 17, 1, 20)),
    // A parameter without a default after a `/` group with defaults: CPython's
    // rule wants it right after the `/`; later ones are plain invalid syntax.
    ("def f(a=1, /, b=1, c)", "invalid syntax", (1, 21, 1, 22)),
    (
        "def f(a=1, /, b=1, c: int, d)",
        "invalid syntax",
        (1, 26, 1, 27),
    ),
    (
        "def f(a=1, /, b=1, c=2, d)",
        "invalid syntax",
        (1, 26, 1, 27),
    ),
    (
        "def f(a=1, /, b=1, c, *, d)",
        "invalid syntax",
        (1, 21, 1, 22),
    ),
    (
        "def f(a, b=1, /, c)",
        "parameter without a default follows parameter with a default",
        (1, 18, 1, 19),
    ),
    (
        "def f(a=1, /, b, c)",
        "parameter without a default follows parameter with a default",
        (1, 15, 1, 16),
    ),
    // Type-parameter lists (PEP 695, with 3.13's defaults): the parser's
    // errors, then the symbol table's (repeated names, `yield`/`await`/`:=` in
    // bounds, defaults and a generic's annotations), then the compiler's.
    (
        "def f[T, T](a): pass",
        "duplicate type parameter 'T'",
        (1, 10, 1, 11),
    ),
    (
        "def f[T, *T](a): pass",
        "duplicate type parameter 'T'",
        (1, 10, 1, 12),
    ),
    (
        "def f[T, T=int, U](a): pass",
        "duplicate type parameter 'T'",
        (1, 10, 1, 15),
    ),
    (
        "def f[Tü, Tü](a): pass",
        "duplicate type parameter 'Tü'",
        (1, 12, 1, 15),
    ),
    (
        "def f[ä, T, T: int](a): pass",
        "duplicate type parameter 'T'",
        (1, 14, 1, 20),
    ),
    (
        "def f[T, T: (yield)](a): pass",
        "duplicate type parameter 'T'",
        (1, 10, 1, 20),
    ),
    (
        "def f[T, T](a, a): pass",
        "duplicate type parameter 'T'",
        (1, 10, 1, 11),
    ),
    (
        "def f[T=int, U](a: T): pass",
        "non-default type parameter 'U' follows default type parameter",
        (1, 14, 1, 15),
    ),
    (
        "def f[T=int, *Ts](a): pass",
        "non-default type parameter 'Ts' follows default type parameter",
        (1, 14, 1, 17),
    ),
    (
        "def f[T=int, **P](a): pass",
        "non-default type parameter 'P' follows default type parameter",
        (1, 14, 1, 17),
    ),
    (
        "def f[*Ts=int, T](a): pass",
        "non-default type parameter 'T' follows default type parameter",
        (1, 16, 1, 17),
    ),
    (
        "def f[T=int, U, __debug__](a): pass",
        "non-default type parameter 'U' follows default type parameter",
        (1, 14, 1, 15),
    ),
    (
        "def f[T=int, __debug__](a): pass",
        "non-default type parameter '__debug__' follows default type parameter",
        (1, 14, 1, 23),
    ),
    (
        "def f[__debug__](a): pass",
        "cannot assign to __debug__",
        (1, 7, 1, 16),
    ),
    (
        "def f[*__debug__](a): pass",
        "cannot assign to __debug__",
        (1, 7, 1, 17),
    ),
    (
        "def f[T, __debug__](a): pass",
        "cannot assign to __debug__",
        (1, 10, 1, 19),
    ),
    (
        "def f[__debug__](__debug__): pass",
        "cannot assign to __debug__",
        (1, 18, 1, 27),
    ),
    (
        "def f[*Ts: int](a): pass",
        "cannot use bound with TypeVarTuple",
        (1, 10, 1, 15),
    ),
    (
        "def f[**P: int](a): pass",
        "cannot use bound with ParamSpec",
        (1, 10, 1, 15),
    ),
    (
        "def f[*Ts: (int, str)](a): pass",
        "cannot use constraints with TypeVarTuple",
        (1, 10, 1, 22),
    ),
    (
        "def f[**P: (int,)](a): pass",
        "cannot use constraints with ParamSpec",
        (1, 10, 1, 18),
    ),
    ("def f[T: int: str](a): pass", "expected '('", (1, 6, 1, 7)),
    ("def f[T=](a): pass", "expected '('", (1, 6, 1, 7)),
    ("def f[T:](a): pass", "expected '('", (1, 6, 1, 7)),
    ("def f[1](a): pass", "expected '('", (1, 6, 1, 7)),
    ("def f[T U](a): pass", "expected '('", (1, 6, 1, 7)),
    ("def f[T,,](a): pass", "expected '('", (1, 6, 1, 7)),
    ("def f[,](a): pass", "expected '('", (1, 6, 1, 7)),
    ("def f[T: *int](a): pass", "expected '('", (1, 6, 1, 7)),
    ("def f[T=*int](a): pass", "expected '('", (1, 6, 1, 7)),
    ("def f[**P=*int](a): pass", "expected '('", (1, 6, 1, 7)),
    ("def f[T] -> str:", "expected '('", (1, 10, 1, 12)),
    (
        "def f[T](a: (T := 1)): pass",
        "named expression cannot be used within the definition of a generic",
        (1, 14, 1, 20),
    ),
    (
        "def f[T](a: (yield)): pass",
        "yield expression cannot be used within the definition of a generic",
        (1, 14, 1, 19),
    ),
    (
        "def f[T]() -> (yield): pass",
        "yield expression cannot be used within the definition of a generic",
        (1, 16, 1, 21),
    ),
    (
        "def f[T](a: await x): pass",
        "await expression cannot be used within the definition of a generic",
        (1, 13, 1, 20),
    ),
    (
        "def f[T: await x](): pass",
        "await expression cannot be used within a TypeVar bound",
        (1, 10, 1, 17),
    ),
    (
        "def f[T: (yield)](a, a): pass",
        "yield expression cannot be used within a TypeVar bound",
        (1, 11, 1, 16),
    ),
    (
        "def f[T: (yield), T](a): pass",
        "yield expression cannot be used within a TypeVar bound",
        (1, 11, 1, 16),
    ),
    (
        "def f[T](a: (yield), a): pass",
        "yield expression cannot be used within the definition of a generic",
        (1, 14, 1, 19),
    ),
    (
        "def f[T: int = (yield)](a): pass",
        "yield expression cannot be used within a TypeVar default",
        (1, 17, 1, 22),
    ),
    (
        "def f[T=(x:=1)](a): pass",
        "named expression cannot be used within a TypeVar default",
        (1, 10, 1, 14),
    ),
    (
        "def f[T: {x: (yield)}](a): pass",
        "yield expression cannot be used within a TypeVar bound",
        (1, 15, 1, 20),
    ),
    (
        "def f[T](a: (T, (yield))): pass",
        "yield expression cannot be used within the definition of a generic",
        (1, 18, 1, 23),
    ),
    (
        "def f[T](a: [(x:=1)]): pass",
        "named expression cannot be used within the definition of a generic",
        (1, 15, 1, 19),
    ),
    (
        "def f[T](a=(yield)): pass",
        "'yield' outside function",
        (1, 13, 1, 18),
    ),
    (
        "def f[T](a, a=(yield)): pass",
        "duplicate argument 'a' in function definition",
        (1, 13, 1, 14),
    ),
    (
        "def f[T](a=(yield), b: (x:=1)): pass",
        "parameter without a default follows parameter with a default",
        (1, 21, 1, 30),
    ),
    (
        "def f[*Ts = (yield)](): pass",
        "yield expression cannot be used within a TypeVarTuple default",
        (1, 14, 1, 19),
    ),
    (
        "def f[**P = (x:=1)](): pass",
        "named expression cannot be used within a ParamSpec default",
        (1, 14, 1, 18),
    ),
    (
        "def f[T=int, U](a=(yield)): pass",
        "'yield' outside function",
        (1, 20, 1, 25),
    ),
    (
        "def f[T](*a: (yield), **k: (x:=1)): pass",
        "yield expression cannot be used within the definition of a generic",
        (1, 15, 1, 20),
    ),
    (
        "def f[T](*, a: (yield), **k: (x:=1)): pass",
        "named expression cannot be used within the definition of a generic",
        (1, 31, 1, 35),
    ),
    // A broken bound or default: the expression's own error; a bound of `*Ts`
    // or `**P` ends where the next token starts.
    (
        "def f[T: a b](a)",
        "invalid syntax. Perhaps you forgot a comma?",
        (1, 10, 1, 13),
    ),
    (
        "def f[T=int 1](a)",
        "invalid syntax. Perhaps you forgot a comma?",
        (1, 9, 1, 14),
    ),
    (
        "def f[*Ts = a b](a)",
        "invalid syntax. Perhaps you forgot a comma?",
        (1, 13, 1, 16),
    ),
    (
        "def f[T: a, U: b c](a)",
        "invalid syntax. Perhaps you forgot a comma?",
        (1, 16, 1, 19),
    ),
    (
        "def f[T: int = a b](a)",
        "invalid syntax. Perhaps you forgot a comma?",
        (1, 16, 1, 19),
    ),
    (
        "def f[T: a if b](a)",
        "expected 'else' after 'if' expression",
        (1, 10, 1, 16),
    ),
    ("def f[T: 1 +](a)", "expected '('", (1, 6, 1, 7)),
    ("def f[T: int, U V](a)", "expected '('", (1, 6, 1, 7)),
    (
        "def f[*Ts: a b](a)",
        "cannot use bound with TypeVarTuple",
        (1, 10, 1, 14),
    ),
    (
        "def f[**P: (a, b) c](a)",
        "cannot use constraints with ParamSpec",
        (1, 10, 1, 19),
    ),
    (
        "def f[*Ts: int ](a)",
        "cannot use bound with TypeVarTuple",
        (1, 10, 1, 16),
    ),
    (
        "def f[**P: int  , T](a)",
        "cannot use bound with ParamSpec",
        (1, 10, 1, 17),
    ),
    // invalid_named_expression reads the token after the value: at the end of
    // a text with open brackets, the tokenizer's error wins.
    (
        "brew_coffee(add_ons=1e-5, coffee_type='', (1, _={'x',}",
        "'(' was never closed",
        (1, 43, 1, 0),
    ),
    (
        "brew_coffee((1, _=2)",
        "invalid syntax. Maybe you meant '==' or ':=' instead of '='?",
        (1, 17, 1, 20),
    ),
    // invalid_expression sits in `expression`: a missing comma after a
    // conditional, a lambda, a starred or named element or a slice is found in
    // its innermost expression (the `else` branch, the body, the operand, the
    // last bound).
    (
        "brew_coffee(0 if 1 else 2 3)",
        "invalid syntax. Perhaps you forgot a comma?",
        (1, 25, 1, 28),
    ),
    (
        "brew_coffee(lambda: 1 milk=())",
        "invalid syntax. Perhaps you forgot a comma?",
        (1, 21, 1, 27),
    ),
    (
        "brew_coffee(0 if 1 else lambda: 2 if 3 else 4 5)",
        "invalid syntax. Perhaps you forgot a comma?",
        (1, 45, 1, 48),
    ),
    (
        "brew_coffee(k=lambda: 1 2)",
        "invalid syntax. Perhaps you forgot a comma?",
        (1, 23, 1, 26),
    ),
    (
        "brew_coffee([0 if 1 else 2 3])",
        "invalid syntax. Perhaps you forgot a comma?",
        (1, 26, 1, 29),
    ),
    (
        "brew_coffee(0 if 1 else print 3)",
        "Missing parentheses in call to 'print'. Did you mean print(...)?",
        (1, 25, 1, 32),
    ),
    (
        "brew_coffee(0 if 1 else _ 3)",
        "invalid syntax",
        (1, 27, 1, 28),
    ),
    (
        "brew_coffee(0 if 1 else x 'b')",
        "invalid syntax",
        (1, 27, 1, 30),
    ),
    (
        "brew_coffee(*0 if 1 else 2 3)",
        "invalid syntax. Perhaps you forgot a comma?",
        (1, 26, 1, 29),
    ),
    (
        "brew_coffee([*a b])",
        "invalid syntax. Perhaps you forgot a comma?",
        (1, 15, 1, 18),
    ),
    (
        "brew_coffee([y := 1 2])",
        "invalid syntax. Perhaps you forgot a comma?",
        (1, 19, 1, 22),
    ),
    (
        "brew_coffee(x[1:2 3])",
        "invalid syntax. Perhaps you forgot a comma?",
        (1, 17, 1, 20),
    ),
    (
        "brew_coffee(x[::3 4])",
        "invalid syntax. Perhaps you forgot a comma?",
        (1, 17, 1, 20),
    ),
    (
        "brew_coffee(x[a, 1:2 3])",
        "invalid syntax. Perhaps you forgot a comma?",
        (1, 20, 1, 23),
    ),
    (
        "brew_coffee(x[1:print 3])",
        "Missing parentheses in call to 'print'. Did you mean print(...)?",
        (1, 17, 1, 24),
    ),
    (
        "brew_coffee(x[*a b])",
        "invalid syntax. Perhaps you forgot a comma?",
        (1, 16, 1, 19),
    ),
    (
        "brew_coffee(x[y := 1 2])",
        "invalid syntax. Perhaps you forgot a comma?",
        (1, 20, 1, 23),
    ),
    (
        "def brew_coffee(milk_amount=0 if False else 1 milk_amount=None or 3)",
        "invalid syntax. Perhaps you forgot a comma?",
        (1, 45, 1, 58),
    ),
    (
        "def brew_coffee(a: lambda: 2 b)",
        "invalid syntax. Perhaps you forgot a comma?",
        (1, 28, 1, 31),
    ),
    // expression_without_invalid: the second expression of a missing comma reads
    // no invalid_* rule, so a call or subscript whose brackets hold one is not a
    // trailer there.
    (
        "brew_coffee(\"Americano\" f(x=1, y), -1)",
        "invalid syntax. Perhaps you forgot a comma?",
        (1, 13, 1, 26),
    ),
    (
        "brew_coffee(\"a\" g(1)(x=1, y))",
        "invalid syntax. Perhaps you forgot a comma?",
        (1, 13, 1, 21),
    ),
    (
        "brew_coffee(\"a\" 1 + g(**k, *a))",
        "invalid syntax. Perhaps you forgot a comma?",
        (1, 13, 1, 22),
    ),
    (
        "brew_coffee(1 g(x for x in y, 1))",
        "invalid syntax. Perhaps you forgot a comma?",
        (1, 13, 1, 16),
    ),
    (
        "brew_coffee(1 g(a.b=1))",
        "invalid syntax. Perhaps you forgot a comma?",
        (1, 13, 1, 16),
    ),
    (
        "brew_coffee(1 g(2 3))",
        "invalid syntax. Perhaps you forgot a comma?",
        (1, 13, 1, 16),
    ),
    (
        "brew_coffee(1 g(f\"{}\"))",
        "invalid syntax. Perhaps you forgot a comma?",
        (1, 13, 1, 16),
    ),
    (
        "brew_coffee(1 x[a=1])",
        "invalid syntax. Perhaps you forgot a comma?",
        (1, 13, 1, 16),
    ),
    // named_expression: `:=` after anything but a bare name
    // (invalid_named_expression where a display's element or a subscript is
    // read; the call's assignment_expression fails at the `:=`).
    (
        "brew_coffee([1 := 1])",
        "cannot use assignment expressions with literal",
        (1, 14, 1, 15),
    ),
    (
        "brew_coffee([x, (y) := 2])",
        "cannot use assignment expressions with name",
        (1, 18, 1, 19),
    ),
    (
        "brew_coffee({y.a := 1})",
        "cannot use assignment expressions with attribute",
        (1, 14, 1, 17),
    ),
    (
        "brew_coffee([True := 1])",
        "cannot use assignment expressions with True",
        (1, 14, 1, 18),
    ),
    (
        "brew_coffee(x[(a, b) := 1])",
        "cannot use assignment expressions with tuple",
        (1, 15, 1, 21),
    ),
    ("brew_coffee([1 :=])", "invalid syntax", (1, 16, 1, 18)),
    ("brew_coffee((y) := 1)", "invalid syntax", (1, 17, 1, 19)),
    ("brew_coffee(1 := 1)", "invalid syntax", (1, 15, 1, 17)),
    ("brew_coffee({a := 1: 2})", "invalid syntax", (1, 20, 1, 21)),
    ("brew_coffee(x[y := 1:2])", "invalid syntax", (1, 21, 1, 22)),
    // invalid_conversion_character: a conversion that is no name, on the token
    // after the `!`.
    (
        "brew_coffee(f\"{1!2}\")",
        "f-string: invalid conversion character",
        (1, 18, 1, 19),
    ),
    (
        "brew_coffee(f\"{1!1.5}\")",
        "f-string: invalid conversion character",
        (1, 18, 1, 21),
    ),
    (
        "brew_coffee(f\"{1!0x1f}\")",
        "f-string: invalid conversion character",
        (1, 18, 1, 22),
    ),
    (
        "brew_coffee(f\"{1!**}\")",
        "f-string: invalid conversion character",
        (1, 18, 1, 20),
    ),
    (
        "brew_coffee(f\"{1!<<=}\")",
        "f-string: invalid conversion character",
        (1, 18, 1, 21),
    ),
    (
        "brew_coffee(f\"{1!(}\")",
        "f-string: invalid conversion character",
        (1, 18, 1, 19),
    ),
    (
        "brew_coffee(f\"{1!...}\")",
        "f-string: invalid conversion character",
        (1, 18, 1, 21),
    ),
    (
        "brew_coffee(f\"{1!$}\")",
        "f-string: invalid conversion character",
        (1, 18, 1, 19),
    ),
    // The text ends inside an f-string's field: the tokenizer's error names the
    // innermost open bracket or field brace; after a nested field in a format
    // spec, or inside a nested f-string's text, the f-string is unterminated.
    // Nested f-strings (PEP 701) are read, up to CPython's 150 levels.
    ("brew_coffee(f'{1", "'{' was never closed", (1, 15, 1, 0)),
    ("brew_coffee(f'{(1", "'(' was never closed", (1, 16, 1, 0)),
    (
        "brew_coffee(f'{ ([1,",
        "'[' was never closed",
        (1, 18, 1, 0),
    ),
    ("brew_coffee(f'{x!r", "'{' was never closed", (1, 15, 1, 0)),
    ("brew_coffee(f'{x:>5", "'{' was never closed", (1, 15, 1, 0)),
    ("brew_coffee(f'{x:{", "'{' was never closed", (1, 18, 1, 0)),
    (
        "brew_coffee(f'{x:{y}",
        "unterminated f-string literal (detected at line 1)",
        (1, 13, 1, 13),
    ),
    (
        "brew_coffee(1, f'''{x",
        "'{' was never closed",
        (1, 20, 1, 0),
    ),
    ("brew_coffee(f'{'a'", "'{' was never closed", (1, 15, 1, 0)),
    (
        "brew_coffee(f'{f'{1}'",
        "'{' was never closed",
        (1, 15, 1, 0),
    ),
    ("brew_coffee(f'{f'{1", "'{' was never closed", (1, 18, 1, 0)),
    (
        "brew_coffee(f'{f'a",
        "unterminated f-string literal (detected at line 1)",
        (1, 16, 1, 16),
    ),
    (
        "brew_coffee(f'{f'{}'}')",
        "f-string: valid expression required before '}'",
        (1, 19, 1, 20),
    ),
    (
        "brew_coffee(f'{f'{f'{f'{f'{f'{f'{f'{f'{f'{f'{f'{f'{f'{f'{f'{f'{f'{f'{f'{f'{f'{f'{f'{f'{f'{f'{f'{f'{f'{f'{f'{f'{f'{f'{f'{f'{f'{f'{f'{f'{f'{f'{f'{f'{f'{f'{f'{f'{f'{f'{f'{f'{f'{f'{f'{f'{f'{f'{f'{f'{f'{f'{f'{f'{f'{f'{f'{f'{f'{f'{f'{f'{f'{f'{f'{f'{f'{f'{f'{f'{f'{f'{f'{f'{f'{f'{f'{f'{f'{f'{f'{f'{f'{f'{f'{f'{f'{f'{f'{f'{f'{f'{f'{f'{f'{f'{f'{f'{f'{f'{f'{f'{f'{f'{f'{f'{f'{f'{f'{f'{f'{f'{f'{f'{f'{f'{f'{f'{f'{f'{f'{f'{f'{f'{f'{f'{f'{f'{f'{f'{f'{f'{f'{f'{f'{f'{f'{f'{f'{1}'}'}'}'}'}'}'}'}'}'}'}'}'}'}'}'}'}'}'}'}'}'}'}'}'}'}'}'}'}'}'}'}'}'}'}'}'}'}'}'}'}'}'}'}'}'}'}'}'}'}'}'}'}'}'}'}'}'}'}'}'}'}'}'}'}'}'}'}'}'}'}'}'}'}'}'}'}'}'}'}'}'}'}'}'}'}'}'}'}'}'}'}'}'}'}'}'}'}'}'}'}'}'}'}'}'}'}'}'}'}'}'}'}'}'}'}'}'}'}'}'}'}'}'}'}'}'}'}'}'}'}'}'}'}'}'}'}'}'}'}'}'}'}'}'}'}'}'}'}')",
        "too many nested f-strings",
        (1, 461, 1, 461),
    ),
    // A def line without its colon: the `&&':'` after the parameters and the
    // return annotation, also where an indented body follows (CPython's parser
    // reads the header before the INDENT); a continuation backslash with nothing
    // after it.
    ("def brew_coffee(a) 1", "expected ':'", (1, 20, 1, 21)),
    (
        "def brew_coffee(a, b) -> int str",
        "expected ':'",
        (1, 30, 1, 33),
    ),
    (
        "def brew_coffee(a) -> lambda: 2 b",
        "expected ':'",
        (1, 33, 1, 34),
    ),
    (
        "def brew_coffee(a)\n    pass",
        "expected ':'",
        (1, 19, 1, 20),
    ),
    (
        "def brew_coffee(a)  # c\n    pass",
        "expected ':'",
        (1, 21, 1, 25),
    ),
    (
        "def brew_coffee(a b)\n    pass",
        "invalid syntax",
        (1, 19, 1, 20),
    ),
    (
        "def brew_coffee(a, *)\n    return a",
        "named arguments must follow bare *",
        (1, 20, 1, 21),
    ),
    (
        "brew_coffee(\"Latte\") \\",
        "unexpected EOF while parsing",
        (1, 23, 1, -1),
    ),
    ("brew_coffee(1,\\", "'(' was never closed", (1, 12, 1, 0)),
    (
        "brew_coffee(1) \\\n",
        "unexpected EOF while parsing",
        (1, 17, 1, -1),
    ),
    (
        "brew_coffee(1)\n\\",
        "unexpected EOF while parsing",
        (2, 2, 2, -1),
    ),
    // A `not` without `in` after an operand: CPython's `'not' 'in'` read the
    // token after it, where the generic error is placed. A generic def whose
    // duplicated parameter has a walrus in its first annotation: the annotations
    // are visited (and rejected) before the duplicate is found.
    (
        "brew_coffee(milk_type={[1]} not)",
        "invalid syntax",
        (1, 32, 1, 33),
    ),
    ("brew_coffee(1 not, 2)", "invalid syntax", (1, 18, 1, 19)),
    ("brew_coffee(x[1 not])", "invalid syntax", (1, 20, 1, 21)),
    ("def brew_coffee(a=1 not)", "invalid syntax", (1, 24, 1, 25)),
    (
        "def brew_coffee[T](a: (x := T), a: T | None): pass",
        "named expression cannot be used within the definition of a generic",
        (1, 24, 1, 30),
    ),
    (
        "def brew_coffee[T](a: int, a: (x := 1)): pass",
        "named expression cannot be used within the definition of a generic",
        (1, 32, 1, 38),
    ),
    // A parameter without a default after one with a default: CPython's second
    // pass scans the later parameters for a `/` or an empty default, but only in
    // a parameter's place (a `/` or `*` in a default, `d=1/0`, is an operator).
    (
        "def brew_coffee(strength, /, ª: str | None='x', b, b=1/0): pass",
        "parameter without a default follows parameter with a default",
        (1, 49, 1, 50),
    ),
    (
        "def brew_coffee(a, /, c='x', b, d=x*y, /): pass",
        "/ may appear only once",
        (1, 40, 1, 41),
    ),
    (
        "def brew_coffee(a, /, c='x', b, d=[1/2], e=): pass",
        "expected default value expression",
        (1, 43, 1, 44),
    ),
];

/// Our error for a row: a `def` row is parsed as a signature, any other is
/// bound as a call of a signature that takes anything.
fn ours(source: &str) -> Result<(String, Position), String> {
    let result = if source.starts_with("def ") {
        Signature::parse(source).map(|_| ())
    } else {
        let sig = Signature::parse("def brew_coffee(*args, **kwargs): pass").expect("valid def");
        bind_call(&sig, source).map(|_| ())
    };
    match result {
        Err(Error::Python(e)) if e.kind.name() == "SyntaxError" => {
            let l = e.location.ok_or("no location")?;
            Ok((
                e.message,
                (l.line as i64, l.column, l.end_line as i64, l.end_column),
            ))
        }
        Err(other) => Err(format!("not a SyntaxError: {other}")),
        Ok(()) => Err("accepted".into()),
    }
}

#[test]
fn rows_match_our_parser() {
    let mut wrong = Vec::new();
    for (source, message, position) in ROWS {
        match ours(source) {
            Ok((m, p)) if m == *message && p == *position => {}
            other => wrong.push(format!(
                "{source:?}: ours {other:?}, CPython {message:?} {position:?}"
            )),
        }
    }
    assert!(
        wrong.is_empty(),
        "{} rows differ:\n{}",
        wrong.len(),
        wrong.join("\n")
    );
}

const COMPILE: &str = r#"
import json, sys
for line in sys.stdin:
    src = json.loads(line)
    try:
        compile(src, "<string>", "exec")
        print(json.dumps(None))
    except SyntaxError as e:
        print(json.dumps([e.msg, [e.lineno, e.offset, e.end_lineno, e.end_offset]]))
"#;

#[test]
fn rows_match_live_cpython() {
    let py = match cpython_313() {
        Ok(py) => py,
        Err(why) => {
            println!("SKIPPED rows_match_live_cpython: {why}");
            return;
        }
    };
    // The driver adds the body a def line needs after its `:`.
    let answers: Vec<serde_json::Value> = json_lines(
        &py,
        COMPILE,
        ROWS.iter().map(|(source, _, _)| source.to_string()),
    );
    assert_eq!(answers.len(), ROWS.len());
    let mut wrong = Vec::new();
    for ((source, message, (a, b, c, d)), answer) in ROWS.iter().zip(&answers) {
        let expected = serde_json::json!([message, [a, b, c, d]]);
        if *answer != expected {
            wrong.push(format!(
                "{source:?}: committed {expected}, CPython {answer}"
            ));
        }
    }
    assert!(
        wrong.is_empty(),
        "{} committed rows differ from CPython:\n{}",
        wrong.len(),
        wrong.join("\n")
    );
}
