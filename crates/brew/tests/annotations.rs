//! Annotations and expression defaults, evaluated when the `def` runs as
//! CPython 3.13 runs it (expected texts recorded from CPython 3.13.0; the
//! differential tests compare many more against the interpreter itself).

#![allow(clippy::unwrap_used)]
use toolcup_brew::{Error, Signature, Value, bind_call};

fn annotations(def: &str) -> Vec<(String, String)> {
    let sig = Signature::parse(def).unwrap();
    let mut out: Vec<(String, String)> = sig
        .params
        .iter()
        .filter_map(|p| Some((p.name.clone(), p.annotation.as_ref()?.repr())))
        .collect();
    if let Some(r) = &sig.returns {
        out.push(("return".into(), r.repr()));
    }
    out
}

fn pairs(items: &[(&str, &str)]) -> Vec<(String, String)> {
    items
        .iter()
        .map(|(a, b)| (a.to_string(), b.to_string()))
        .collect()
}

#[test]
fn the_articles_signature_is_accepted() {
    let def = "def brew_coffee(coffee_type: str, strength: int, milk_amount: int):";
    let sig = Signature::parse(def).unwrap();
    assert_eq!(
        sig.to_string(),
        "def brew_coffee(coffee_type: str, strength: int, milk_amount: int)"
    );
    assert_eq!(
        annotations(def),
        pairs(&[
            ("coffee_type", "<class 'str'>"),
            ("strength", "<class 'int'>"),
            ("milk_amount", "<class 'int'>"),
        ])
    );
    let b = bind_call(&sig, "brew_coffee('Latte', 3, 2)").unwrap();
    assert_eq!(
        b.params[0].annotation.as_ref().map(Value::repr).as_deref(),
        Some("<class 'str'>")
    );
}

#[test]
fn types_as_values_print_as_cpython_prints_them() {
    let def = "def f(a: list[str], b: dict[str, int], c: str | None, d: 'str', e: None, \
               f: tuple[()]) -> int | float: pass";
    assert_eq!(
        annotations(def),
        pairs(&[
            ("a", "list[str]"),
            ("b", "dict[str, int]"),
            ("c", "str | None"),
            ("d", "'str'"),
            ("e", "None"),
            ("f", "tuple[()]"),
            ("return", "int | float"),
        ])
    );
    let sig = Signature::parse(def).unwrap();
    assert_eq!(
        sig.to_string(),
        "def f(a: list[str], b: dict[str, int], c: str | None, d: 'str', e: None, f: tuple[()]) -> int | float"
    );
}

#[test]
fn an_unknown_name_is_cpythons_name_error() {
    let err = Signature::parse("def brew_coffee(coffee_type: strr, strength: int)").unwrap_err();
    assert_eq!(
        err.to_string(),
        "NameError: name 'strr' is not defined. Did you mean: 'str'?"
    );
    // The function is not defined yet while its def runs.
    let err = Signature::parse("def brew_coffee(a: brew_coffee)").unwrap_err();
    assert_eq!(
        err.to_string(),
        "NameError: name 'brew_coffee' is not defined"
    );
}

#[test]
fn defaults_run_first_then_annotations_in_compiler_order() {
    // Positional-or-keyword annotations before positional-only ones.
    let err = Signature::parse("def f(a: 1/0, /, b: undefined_b): pass").unwrap_err();
    assert_eq!(
        err.to_string(),
        "NameError: name 'undefined_b' is not defined"
    );
    let err = Signature::parse("def f(a=undefined_d, *, b: undefined_b): pass").unwrap_err();
    assert_eq!(
        err.to_string(),
        "NameError: name 'undefined_d' is not defined"
    );
    let err = Signature::parse("def f(*, b: undefined_b=undefined_c): pass").unwrap_err();
    assert_eq!(
        err.to_string(),
        "NameError: name 'undefined_c' is not defined"
    );
    let sig = Signature::parse("def f(a=2+1, b=0 if False else 1, c=len('oat'))").unwrap();
    let defaults: Vec<&str> = sig
        .params
        .iter()
        .map(|p| p.default_text.as_deref().unwrap_or(""))
        .collect();
    assert_eq!(defaults, ["3", "1", "3"]);
}

#[test]
fn syntax_errors_of_annotations_are_cpythons() {
    let cases = [
        ("def f(a:): pass", "invalid syntax", 9, 10),
        (
            "def f(a: int = ): pass",
            "expected default value expression",
            14,
            15,
        ),
        ("def f(**a: *tuple[int]): pass", "invalid syntax", 12, 13),
        ("def f() -> : pass", "expected ':'", 9, 11),
        (
            "def f(a: (yield)): pass",
            "'yield' outside function",
            11,
            16,
        ),
        ("def f(a: *b): pass", "invalid syntax", 10, 11),
        (
            "def f(a=1, b: int | None): pass",
            "parameter without a default follows parameter with a default",
            12,
            25,
        ),
        (
            "def f(**k, a: int = 3): pass",
            "arguments cannot follow var-keyword argument",
            12,
            18,
        ),
        (
            "def f(*a: int, a: str): pass",
            "duplicate argument 'a' in function definition",
            8,
            14,
        ),
    ];
    for (def, message, start, end) in cases {
        let Err(Error::Python(e)) = Signature::parse(def) else {
            panic!("{def} should fail");
        };
        let loc = e.location.unwrap();
        assert_eq!(
            (e.message.as_str(), loc.column, loc.end_column),
            (message, start, end),
            "{def}"
        );
    }
}

#[test]
fn what_needs_a_runtime_is_refused_clearly() {
    for def in [
        "def f(a: lambda: 1)",
        "def f(*a: *tuple[int])",
        "def f(a: print)",
        "def f(a): x = a",
    ] {
        let err = Signature::parse(def).unwrap_err();
        assert!(matches!(err, Error::Unsupported { .. }), "{def}: {err}");
    }
    for def in [
        "def f(a): pass",
        "def f(a): ...",
        "def f(a): return a",
        "def f(a): 'doc'; return 1",
    ] {
        assert!(Signature::parse(def).is_ok(), "{def}");
    }
}
