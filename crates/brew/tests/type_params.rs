//! Generic `def`s (PEP 695 type parameters, with 3.13's PEP 696 defaults):
//! what the annotations see and what CPython 3.13 raises while running the
//! `def`. Each row is a def line and CPython 3.13.0's answer, committed (the
//! signature as `inspect.signature` writes it, or the exception's last
//! traceback line); `rows_match_live_cpython` re-runs every row under
//! CPython 3.13 when present and skips with a printed reason when not. The
//! compile-time errors of type-parameter lists are rows of
//! `syntax_errors.rs`.

#![allow(clippy::unwrap_used)]

#[path = "support/cpython.rs"]
mod cpython;

use cpython::{cpython_313, json_lines};
use toolcup_brew::{Error, Signature, TypeParamKind, Value};

/// (def line, CPython 3.13's answer).
const ROWS: &[(&str, &str)] = &[
    ("def f[T](a: T): pass", "def f(a: T)"),
    ("def f[T: int](a: T): pass", "def f(a: T)"),
    ("def f[T: (int, str)](a: T): pass", "def f(a: T)"),
    ("def f[*Ts](a: Ts): pass", "def f(a: Ts)"),
    ("def f[**P](a: P): pass", "def f(a: P)"),
    (
        "def f[T, *Ts, **P](a: T, b: Ts, c: P) -> T: pass",
        "def f(a: T, b: Ts, c: P) -> T",
    ),
    (
        "def f[T, U=int](a: T, /, *b: U, c: T, **d: U) -> list[T]: pass",
        "def f(a: T, /, *b: U, c: T, **d: U) -> list[T]",
    ),
    (
        "def f[T](a: list[T], b: dict[str, T], c: tuple[T, ...], d: list[T] | None): pass",
        "def f(a: list[T], b: dict[str, T], c: tuple[T, ...], d: list[T] | None)",
    ),
    (
        "def f[T](a: 'T', b: str(T), c: repr(T), d: f'{T}', e: '%s' % T): pass",
        "def f(a: 'T', b: 'T', c: 'T', d: 'T', e: 'T')",
    ),
    (
        "def f[T](a: [T, 1], b: (T, T), c: [T] * 2, d: dict(x=T), e: max([T]), f: [T][0]): pass",
        "def f(a: [T, 1], b: (T, T), c: [T, T], d: {'x': T}, e: T, f: T)",
    ),
    (
        "def f[T, U](a: T == T, b: T != T, c: T == U, d: T in [T], e: not T, f: bool(T)): pass",
        "def f(a: True, b: False, c: False, d: True, e: False, f: True)",
    ),
    (
        "def f[T: undefined, U: (undefined, int) = also_undefined](a: T, b: U): pass",
        "def f(a: T, b: U)",
    ),
    (
        "def f[T = int, *Ts = *tuple[int], **P = [int]](a: T = 1): pass",
        "def f(a: T = 1)",
    ),
    ("def f[int](a: int, b: str): pass", "def f(a: int, b: str)"),
    ("def f[Ｔ](a: T): pass", "def f(a: T)"),
    ("def f[T](T): pass", "def f(T)"),
    ("def f[T,](a): pass", "def f(a)"),
    ("def f[T](a=T): pass", "NameError: name 'T' is not defined"),
    (
        "def f[T](a: T = T): pass",
        "NameError: name 'T' is not defined",
    ),
    (
        "def f[Tea](a: tea): pass",
        "NameError: name 'tea' is not defined. Did you mean: 'Tea'?",
    ),
    (
        "def f[Tea](a=Tee): pass",
        "NameError: name 'Tee' is not defined",
    ),
    ("def f[T](a: U): pass", "NameError: name 'U' is not defined"),
    (
        "def f[T](a: T[int]): pass",
        "TypeError: 'typing.TypeVar' object is not subscriptable",
    ),
    (
        "def f[*Ts](a: Ts[int]): pass",
        "TypeError: 'typing.TypeVarTuple' object is not subscriptable",
    ),
    (
        "def f[**P](a: P[int]): pass",
        "TypeError: 'typing.ParamSpec' object is not subscriptable",
    ),
    (
        "def f[T](a: [*T]): pass",
        "TypeError: Value after * must be an iterable, not typing.TypeVar",
    ),
    (
        "def f[**P](a: [*P]): pass",
        "TypeError: Value after * must be an iterable, not typing.ParamSpec",
    ),
    (
        "def f[T](a: T + 1): pass",
        "TypeError: unsupported operand type(s) for +: 'typing.TypeVar' and 'int'",
    ),
    (
        "def f[T](a: -T): pass",
        "TypeError: bad operand type for unary -: 'typing.TypeVar'",
    ),
    (
        "def f[T, U](a: T < U): pass",
        "TypeError: '<' not supported between instances of 'typing.TypeVar' and 'typing.TypeVar'",
    ),
    (
        "def f[T, U](a: sorted([T, U])): pass",
        "TypeError: '<' not supported between instances of 'typing.TypeVar' and 'typing.TypeVar'",
    ),
    (
        "def f[T](a: int(T)): pass",
        "TypeError: int() argument must be a string, a bytes-like object or a real number, not 'typing.TypeVar'",
    ),
    (
        "def f[T](a: abs(T)): pass",
        "TypeError: bad operand type for abs(): 'typing.TypeVar'",
    ),
    (
        "def f[T](a: len(T)): pass",
        "TypeError: object of type 'typing.TypeVar' has no len()",
    ),
];

/// Valid generic defs whose annotations need what this engine does not
/// model: `typing.Union`/`Optional` (`T | None`), `typing.Unpack` (`*Ts`),
/// hashes by address (`{T}`, `hash(T)`), substitution (`list[T][int]`).
const REFUSED: &[&str] = &[
    "def f[T](a: T | None): pass",
    "def f[T](a: int | T): pass",
    "def f[*Ts](*a: *Ts): pass",
    "def f[*Ts](a: [*Ts]): pass",
    "def f[*Ts](*a: *tuple[int, *Ts]): pass",
    "def f[T](a: {T}): pass",
    "def f[T](a: {T: 1}): pass",
    "def f[T](a: hash(T)): pass",
    "def f[T](a: list[T][int]): pass",
];

fn ours(def: &str) -> String {
    match Signature::parse(def) {
        Ok(sig) => sig.to_string(),
        Err(e) => e.to_string(),
    }
}

#[test]
fn rows_match_our_engine() {
    let wrong: Vec<String> = ROWS
        .iter()
        .filter(|(def, want)| ours(def) != *want)
        .map(|(def, want)| format!("{def:?}: CPython {want:?}, ours {:?}", ours(def)))
        .collect();
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn an_annotation_naming_a_type_parameter_is_its_type_variable() {
    let sig = Signature::parse("def f[T, *Ts, **P](a: T, b: Ts, c: P): pass").unwrap();
    let kinds: Vec<(String, Option<TypeParamKind>)> = sig
        .params
        .iter()
        .map(|p| {
            let kind = match &p.annotation {
                Some(Value::TypeParam(t)) => Some(t.kind),
                _ => None,
            };
            (
                p.annotation.as_ref().map(Value::repr).unwrap_or_default(),
                kind,
            )
        })
        .collect();
    assert_eq!(
        kinds,
        vec![
            ("T".to_string(), Some(TypeParamKind::TypeVar)),
            ("Ts".to_string(), Some(TypeParamKind::TypeVarTuple)),
            ("P".to_string(), Some(TypeParamKind::ParamSpec)),
        ]
    );
    assert_eq!(
        sig.params[0].annotation.as_ref().unwrap().type_name(),
        "typing.TypeVar"
    );
}

#[test]
fn what_is_not_modelled_is_refused_not_guessed() {
    for def in REFUSED {
        match Signature::parse(def) {
            Err(Error::Unsupported { .. } | Error::Limit(_)) => {}
            other => panic!("{def:?}: expected our refusal, got {other:?}"),
        }
    }
}

/// Runs each def under CPython and prints `[def, answer]` as JSON lines.
const RUN: &str = r#"
import inspect, json, sys, traceback
for line in sys.stdin:
    s = json.loads(line)
    ns = {}
    try:
        exec(s, ns)
        print(json.dumps([s, "def f" + str(inspect.signature(ns["f"]))]))
    except Exception as e:
        print(json.dumps([s, traceback.format_exception(e)[-1].rstrip()]))
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
    let defs = ROWS.iter().map(|(d, _)| *d).chain(REFUSED.iter().copied());
    let answers: Vec<(String, String)> = json_lines(&py, RUN, defs.map(str::to_string));
    assert_eq!(answers.len(), ROWS.len() + REFUSED.len());
    let mut wrong = Vec::new();
    for ((def, want), (_, got)) in ROWS.iter().zip(&answers) {
        if want != got {
            wrong.push(format!("{def:?}: committed {want:?}, CPython {got:?}"));
        }
    }
    // The refused defs are valid Python that CPython runs.
    for (def, got) in answers.iter().skip(ROWS.len()) {
        if !got.starts_with("def f(") {
            wrong.push(format!("{def:?}: CPython raised {got:?}"));
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}
