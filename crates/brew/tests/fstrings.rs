//! Well-formed f-strings are evaluated as CPython 3.13 evaluates them
//! (`str()` of each field, `!r`/`!s`/`!a`, `{x=}`, nested quotes of PEP 701);
//! a non-empty format spec is our refusal (`format()` is not modelled).
//! Expected values recorded from CPython 3.13.0 (`tests/cpython_driver.py`).

use toolcup_brew::{Error, Signature, bind_call};

fn first_argument(call: &str) -> Result<String, Error> {
    let sig = Signature::parse("def brew_coffee(a, *rest): pass").expect("valid def");
    let b = bind_call(&sig, call)?;
    Ok(b.get("a").expect("bound").repr())
}

#[test]
fn values_are_cpythons() {
    let cases = [
        (r#"brew_coffee(f"ab")"#, r#"'ab'"#),
        (r#"brew_coffee(f"{1}")"#, r#"'1'"#),
        (r#"brew_coffee(f"a{{b}}c")"#, r#"'a{b}c'"#),
        (r#"brew_coffee(f"{{1}}")"#, r#"'{1}'"#),
        (r#"brew_coffee(f"{1=}")"#, r#"'1=1'"#),
        (r#"brew_coffee(f"{ 1 = }")"#, r#"' 1 = 1'"#),
        (r#"brew_coffee(f"{1=!s}")"#, r#"'1=1'"#),
        (r#"brew_coffee(f"{'a'=}")"#, r#""'a'='a'""#),
        (r#"brew_coffee(f"{'é'!a}")"#, r#""'\\xe9'""#),
        (r#"brew_coffee(f"{'é'!s}")"#, r#"'é'"#),
        (r#"brew_coffee(f"{'é'!r}")"#, r#""'é'""#),
        (r#"brew_coffee(f"{"a"}")"#, r#"'a'"#),
        (r#"brew_coffee(f"{(1, 'a')}")"#, r#""(1, 'a')""#),
        (r#"brew_coffee(f"{1,2}")"#, r#"'(1, 2)'"#),
        (r#"brew_coffee(f"{1:}")"#, r#"'1'"#),
        (r#"brew_coffee(f"\N{BULLET} {2**10}")"#, r#"'• 1024'"#),
        (
            r#"brew_coffee(F'{True and 3}' 'x' f"{None}")"#,
            r#"'3xNone'"#,
        ),
        (r#"brew_coffee(f"{1 if 2 else 3}")"#, r#"'1'"#),
        (r#"brew_coffee(f"{[1,2][0]}")"#, r#"'1'"#),
        (r#"brew_coffee(f"{1<=2}")"#, r#"'True'"#),
        (r#"brew_coffee(f'''{1}''')"#, r#"'1'"#),
        (r#"brew_coffee(f"\{1}")"#, r#"'\\1'"#),
        (r#"brew_coffee(rf"\d{1}")"#, r#"'\\d1'"#),
    ];
    for (call, expected) in cases {
        assert_eq!(
            first_argument(call).as_deref().ok(),
            Some(expected),
            "{call}"
        );
    }
}

#[test]
fn runtime_errors_and_refusals() {
    let e = first_argument(r#"brew_coffee(f"{x}")"#).unwrap_err();
    assert_eq!(e.to_string(), "NameError: name 'x' is not defined");
    let e = first_argument(r#"brew_coffee(f"{1/0}")"#).unwrap_err();
    assert_eq!(e.to_string(), "ZeroDivisionError: division by zero");
    // A format spec is format()'s (tests/format_spec.rs has CPython's table).
    assert_eq!(
        first_argument(r#"brew_coffee(f"{1:>3}")"#).unwrap(),
        "'  1'"
    );
    let e = first_argument(r#"brew_coffee(f"{1.5:d}")"#).unwrap_err();
    assert_eq!(
        e.to_string(),
        "ValueError: Unknown format code 'd' for object of type 'float'"
    );
    let e = first_argument(r#"brew_coffee(f"{x:>3}")"#).unwrap_err();
    assert_eq!(e.to_string(), "NameError: name 'x' is not defined");
    // A field over several lines (PEP 701) is read; a newline in a format
    // spec is not taken apart: ours.
    assert_eq!(
        first_argument("brew_coffee(f'''{\n1 +\n 2}''')").unwrap(),
        "'3'"
    );
    let e = first_argument("brew_coffee(f'''{1:\n>5}''')").unwrap_err();
    assert!(matches!(e, Error::Unsupported { .. }), "{e}");
}
