//! Nesting limits (issue 12, "a paste kills the window"): every recursive
//! path of the lexer, parser and evaluator, fed depths of 20,000 and more
//! on a thread with a 1 MiB stack, answers with CPython's own error and
//! never overflows the stack; below CPython's limits the same paths parse,
//! bind and evaluate.
//!
//! The thresholds are CPython 3.13.0's, found by bisection (`compile()` of
//! the text in a script): the first length at which it raises
//! `MemoryError: Parser stack overflowed - Python source too complex to
//! parse` (its parser's MAXSTACK) or `RecursionError: maximum recursion
//! depth exceeded during compilation` (its compiler's limit).
#![allow(clippy::unwrap_used)]

use toolcup_brew::{
    Error, MAX_SOURCE_CHARS, Preset, PyErrorKind, Signature, bind_call, format_exception,
    parse_call,
};

const MIB: usize = 1024 * 1024;

/// Runs `f` on a thread with a 1 MiB stack (Windows' main thread).
fn on_small_stack<T: Send + 'static>(f: impl FnOnce() -> T + Send + 'static) -> T {
    std::thread::Builder::new()
        .stack_size(MIB)
        .spawn(f)
        .unwrap()
        .join()
        .unwrap()
}

/// What parsing `text` as a call (or, starting with `def`, as a signature) gives.
fn outcome(text: &str) -> Option<PyErrorKind> {
    let r = if text.starts_with("def ") {
        Signature::parse(text).map(|_| ())
    } else {
        parse_call(text).map(|_| ())
    };
    match r {
        Err(Error::Python(e)) => Some(e.kind),
        _ => None,
    }
}

/// (template with `@` for the chain, the chain's unit, CPython's first failing count, its error)
const THRESHOLDS: &[(&str, &str, usize, PyErrorKind)] = &[
    ("f(@x)", "-", 5965, PyErrorKind::MemoryError),
    ("f(@x)", "~", 5965, PyErrorKind::MemoryError),
    ("f(@x)", "not ", 5965, PyErrorKind::MemoryError),
    ("f(a=@x)", "-", 5962, PyErrorKind::MemoryError),
    ("f(*@x)", "-", 5962, PyErrorKind::MemoryError),
    ("f(**@x)", "-", 5962, PyErrorKind::MemoryError),
    ("f(1, @x)", "-", 5961, PyErrorKind::MemoryError),
    ("f((@x))", "-", 5937, PyErrorKind::MemoryError),
    ("f([@x])", "-", 5936, PyErrorKind::MemoryError),
    ("f({1: @x})", "-", 5936, PyErrorKind::MemoryError),
    ("f(g(@x))", "-", 5941, PyErrorKind::MemoryError),
    ("f(x[@x])", "-", 5941, PyErrorKind::MemoryError),
    ("f(lambda: @x)", "-", 5963, PyErrorKind::MemoryError),
    ("f(1 if 1 else @x)", "-", 5964, PyErrorKind::MemoryError),
    ("f(1 < @x)", "-", 5962, PyErrorKind::MemoryError),
    ("f(1 or @x)", "-", 5963, PyErrorKind::MemoryError),
    ("f(2**@x)", "-", 5963, PyErrorKind::MemoryError),
    ("f(@2)", "2**", 2982, PyErrorKind::MemoryError),
    ("f(@2)", "1 if x else ", 5964, PyErrorKind::MemoryError),
    ("f(@2)", "lambda: ", 2982, PyErrorKind::MemoryError),
    ("f(@'a')", "-", 5961, PyErrorKind::MemoryError),
    ("f(@...)", "-", 5964, PyErrorKind::MemoryError),
    ("f(@[])", "-", 5935, PyErrorKind::MemoryError),
    ("f(@x())", "-", 5940, PyErrorKind::MemoryError),
    ("def f(a=@x): pass", "-", 5965, PyErrorKind::MemoryError),
    ("def f(a=@2): pass", "2**", 2982, PyErrorKind::MemoryError),
    ("f(@1)", "1+", 9996, PyErrorKind::RecursionError),
    ("f(@1)", "1*", 9996, PyErrorKind::RecursionError),
    ("f(a=@1)", "1+", 9996, PyErrorKind::RecursionError),
    ("def f(a=@1): pass", "1+", 9997, PyErrorKind::RecursionError),
    ("f@", "()", 9997, PyErrorKind::RecursionError),
    ("f(x@)", ".a", 9996, PyErrorKind::RecursionError),
    ("f(x@)", "[0]", 9996, PyErrorKind::RecursionError),
];

#[test]
fn limits_are_cpythons() {
    on_small_stack(|| {
        for &(template, unit, first_failing, error) in THRESHOLDS {
            let text = |n: usize| template.replace('@', &unit.repeat(n));
            assert_eq!(
                outcome(&text(first_failing)),
                Some(error),
                "{template} with {first_failing} × {unit:?} fails in CPython"
            );
            assert_ne!(
                outcome(&text(first_failing - 1)),
                Some(error),
                "{template} with {} × {unit:?} passes in CPython",
                first_failing - 1
            );
        }
    });
}

#[test]
fn call_and_attribute_chains_hit_the_compiler_limit() {
    on_small_stack(|| {
        // `f()()…()` and `f(x.a.a…)`: 9,997 and 9,996 trailers are too deep for CPython.
        assert_eq!(
            outcome(&format!("f{}", "()".repeat(9997))),
            Some(PyErrorKind::RecursionError)
        );
        assert_eq!(outcome(&format!("f{}", "()".repeat(9996))), None);
        assert_eq!(
            outcome(&format!("f(x{})", ".a".repeat(9996))),
            Some(PyErrorKind::RecursionError)
        );
        assert_eq!(outcome(&format!("f(x{})", ".a".repeat(9995))), None);
        assert_eq!(
            outcome(&format!("f(x{})", "[0]".repeat(9996))),
            Some(PyErrorKind::RecursionError)
        );
    });
}

/// Every recursive path, far past the limits, on a 1 MiB stack: a clear
/// Python error, never an overflow; the traceback printer copes too. Each
/// chain is as long as the engine's size limit allows (20,000 and more for
/// every unit of up to four characters), and longer texts get our
/// `TooLarge` at once.
#[test]
fn far_past_the_limits_on_a_small_stack() {
    on_small_stack(|| {
        let cases: &[(&str, &str, &str, &str)] = &[
            ("brew_coffee(", "2**", "2)", "MemoryError"),
            ("brew_coffee(", "await ", "x)", "SyntaxError"),
            ("brew_coffee(", "-", "1)", "MemoryError"),
            ("brew_coffee(", "~+-", "1)", "MemoryError"),
            ("brew_coffee(", "not ", "1)", "MemoryError"),
            ("brew_coffee(", "lambda: ", "1)", "MemoryError"),
            ("brew_coffee(", "1 if 1 else ", "2)", "MemoryError"),
            ("brew_coffee(", "lambda a=", "1)", "MemoryError"),
            ("brew_coffee(*", "-", "1)", "MemoryError"),
            ("brew_coffee(**", "-", "1)", "MemoryError"),
            ("brew_coffee(a=", "-", "1)", "MemoryError"),
            ("brew_coffee(", "1+", "1)", "RecursionError"),
            ("brew_coffee(", "1**-", "1)", "MemoryError"),
            ("brew_coffee(", "1 < ", "1)", ""),
            ("brew_coffee(", "1 and ", "1)", ""),
            ("brew_coffee", "()", "", "RecursionError"),
            ("brew_coffee(x", ".a", ")", "RecursionError"),
            ("brew_coffee(x", "[0]", ")", "RecursionError"),
            ("brew_coffee(", "(", "", "SyntaxError"),
            ("brew_coffee(", "[", "", "SyntaxError"),
            ("brew_coffee(", "{", "", "SyntaxError"),
            ("brew_coffee(", "f'{", "", "SyntaxError"),
            ("brew_coffee(", "(yield ", "", "SyntaxError"),
        ];
        let sig = Signature::preset(Preset::Current);
        let check = |text: &str, want: &str| {
            let head: String = text.chars().take(40).collect();
            let r = bind_call(&sig, text);
            let got = match &r {
                Err(Error::Python(e)) => {
                    let shown = format_exception(e, text, "<call>");
                    assert!(shown.ends_with('\n'));
                    e.kind.name().to_string()
                }
                Err(Error::TooLarge { .. }) => "TooLarge".to_string(),
                _ => String::new(),
            };
            assert_eq!(got, want, "{head}…: {r:?}");
        };
        for &(prefix, unit, suffix, want) in cases {
            let room = MAX_SOURCE_CHARS - prefix.len() - suffix.len();
            let n = room / unit.chars().count();
            if unit.chars().count() <= 4 {
                assert!(n >= 20_000, "{unit:?}");
            }
            let text = format!("{prefix}{}{suffix}", unit.repeat(n));
            check(&text, want);
            // The same chain as a signature's default value.
            let def = format!("def f(a={}): pass", unit.repeat(n / 2));
            let _ = Signature::parse(&def);
            // Longer than the engine takes: refused before any parsing.
            check(
                &format!("{prefix}{}{suffix}", unit.repeat(100_000)),
                "TooLarge",
            );
        }
        // Under the bracket limit, deep in the parser's levels.
        let lists = format!(
            "brew_coffee({}{}1{})",
            "[".repeat(199),
            "-".repeat(20_000),
            "]".repeat(199)
        );
        check(&lists, "MemoryError");
        let parens = format!("brew_coffee({}-1{})", "(-".repeat(199), ")".repeat(199));
        check(&parens, "");
    });
}

/// Just under the limits, the deep trees parse, evaluate, clone, compare,
/// print and drop on a 1 MiB stack.
#[test]
fn deepest_accepted_trees_are_walked_safely() {
    on_small_stack(|| {
        let sig = Signature::preset(Preset::Current);
        let unary = format!("brew_coffee('Latte', strength={}3)", "--".repeat(2979));
        let b = bind_call(&sig, &unary).unwrap();
        assert_eq!(b.get("strength").unwrap().repr(), "3");
        let inverted = format!("brew_coffee('Latte', strength={}3)", "~".repeat(5959));
        assert_eq!(
            bind_call(&sig, &inverted)
                .unwrap()
                .get("strength")
                .unwrap()
                .repr(),
            "-4"
        );
        let sum = format!("brew_coffee({}1)", "1+".repeat(9990));
        let call = parse_call(&sum).unwrap();
        let copy = call.clone();
        assert_eq!(copy, call);
        assert!(format!("{call:?}").len() > 9990);
        drop(copy);
        // Evaluated, operator by operator, on the small stack.
        let b = bind_call(&sig, &sum).unwrap();
        assert_eq!(b.get("coffee_type").unwrap().repr(), "9991");
        let lists = format!("brew_coffee({}{})", "[".repeat(190), "]".repeat(190));
        let b = bind_call(&sig, &lists).unwrap();
        assert!(b.get("coffee_type").unwrap().repr().starts_with("[[[["));
    });
}

/// A 77-byte paste found by the fuzzer (unclosed brackets of three kinds
/// with starred and operator tokens) made the parser backtrack for seconds,
/// and each repetition multiplied the time: the parse now stops at its step
/// budget with our own one-line refusal.
#[test]
fn backtracking_pastes_stop_at_the_step_budget() {
    let found = include_str!("data/fuzz-backtracking.txt");
    let tail = found.trim_start_matches("S[eS[eh(((S[eh(((");
    for text in [found.to_owned(), format!("{found}{tail}")] {
        match toolcup_brew::parse_call(&text) {
            Err(toolcup_brew::Error::TooLarge { what, .. }) => {
                assert!(what.starts_with("parser work"), "{what}")
            }
            other => panic!("{text:?}: {other:?}"),
        }
    }
}
