//! The examples from the Espressix manual, exactly as the issue states them.

use toolcup_brew::{
    Error, INVALID_VARIANT, Preset, Signature, bind_call, format_exception, parse_call,
};

fn err(preset: Preset, call: &str) -> String {
    bind_call(&Signature::preset(preset), call)
        .expect_err("the call must fail")
        .to_string()
}

#[test]
fn positional_integers_bind_in_order() {
    let sig = Signature::preset(Preset::V1Positional);
    let b = bind_call(&sig, r#"brew_coffee("Americano", 1, 4)"#).unwrap();
    assert_eq!(b.get("strength").unwrap().repr(), "1");
    assert_eq!(b.get("milk_amount").unwrap().repr(), "4");
    let b = bind_call(
        &sig,
        r#"brew_coffee("Americano", milk_amount=1, strength=4)"#,
    )
    .unwrap();
    assert_eq!(b.get("strength").unwrap().repr(), "4");
    assert_eq!(b.get("milk_amount").unwrap().repr(), "1");
}

#[test]
fn manual_errors() {
    assert_eq!(
        err(
            Preset::Current,
            r#"brew_coffee("Americano", milk_amount=1, 4)"#
        ),
        "SyntaxError: positional argument follows keyword argument (line 1, column 42)"
    );
    assert_eq!(
        err(
            Preset::V3KeywordOnly,
            r#"brew_coffee("Latte", "vanilla syrup", 3, 2)"#
        ),
        "TypeError: brew_coffee() missing 2 required keyword-only arguments: 'strength' and 'milk_amount'"
    );
    assert_eq!(
        err(
            Preset::Current,
            r#"brew_coffee(coffee_type="Cappuccino", milk_amount=2, temperature="extra hot", cup_size="large cup")"#
        ),
        "TypeError: brew_coffee() missing 1 required positional argument: 'coffee_type'"
    );
    assert_eq!(
        err(Preset::BasicModel, r#"brew_coffee("Espresso", 3, 0)"#),
        "TypeError: brew_coffee() takes 1 positional argument but 3 were given"
    );
}

#[test]
fn invalid_variant_is_refused() {
    let e = Signature::parse(INVALID_VARIANT).unwrap_err();
    let Error::Python(exc) = e else {
        panic!("not a Python error")
    };
    assert_eq!(
        exc.message,
        "parameter without a default follows parameter with a default"
    );
}

#[test]
fn presets_parse_and_print_back() {
    for p in Preset::ALL {
        let sig = Signature::parse(p.def()).unwrap();
        assert_eq!(sig.to_string(), p.def());
        assert_eq!(Signature::preset(p), sig);
    }
}

#[test]
fn traceback_shape_with_caret() {
    let src = "brew_coffee(\"Latte\",\n    strength=3,\n    2)";
    let Error::Python(exc) = parse_call(src).unwrap_err() else {
        panic!()
    };
    assert_eq!(
        format_exception(&exc, src, "<call>"),
        "  File \"<call>\", line 3\n    2)\n     ^\nSyntaxError: positional argument follows keyword argument\n"
    );
}

#[test]
fn refusals_are_ours() {
    let sig = Signature::preset(Preset::Current);
    // An undefined name is CPython's NameError; builtins we do not model,
    // attributes and f-strings' format specs are ours.
    let e = bind_call(&sig, "brew_coffee(latte)").unwrap_err();
    assert_eq!(e.to_string(), "NameError: name 'latte' is not defined");
    let e = bind_call(&sig, "brew_coffee(print)").unwrap_err();
    assert!(matches!(e, Error::Unsupported { .. }), "{e}");
    let e = bind_call(&sig, "brew_coffee('oat'.upper())").unwrap_err();
    assert!(matches!(e, Error::Unsupported { .. }), "{e}");
    let e = bind_call(&sig, "brew_coffee(math.pi)").unwrap_err();
    assert_eq!(
        e.to_string(),
        "NameError: name 'math' is not defined. Did you forget to import 'math'?"
    );
    // An f-string is evaluated, its format spec as `format()` applies it.
    let b = bind_call(&sig, "brew_coffee(f'{1}', milk_amount=0)").unwrap();
    assert_eq!(b.get("coffee_type").unwrap().repr(), "'1'");
    let b = bind_call(&sig, "brew_coffee(f'{3.14159:.2f}', milk_amount=0)").unwrap();
    assert_eq!(b.get("coffee_type").unwrap().repr(), "'3.14'");
    let e = bind_call(&sig, "brew_cofee('Latte')").unwrap_err();
    assert_eq!(
        e.to_string(),
        "NameError: name 'brew_cofee' is not defined. Did you mean: 'brew_coffee'?"
    );
}

#[test]
fn deep_nesting_and_huge_literals_are_bounded() {
    let deep = format!("brew_coffee({}1{})", "(".repeat(250), ")".repeat(250));
    let e = parse_call(&deep).unwrap_err();
    assert_eq!(
        e.as_python().unwrap().message,
        "too many nested parentheses"
    );
    // Deeper than CPython's parser goes: its MemoryError (see tests/depth.rs).
    let nots = format!("brew_coffee({}1)", "not ".repeat(6000));
    assert_eq!(
        parse_call(&nots).unwrap_err().to_string(),
        "MemoryError: Parser stack overflowed - Python source too complex to parse"
    );
    let huge = format!("brew_coffee({})", "9".repeat(5000));
    assert!(
        parse_call(&huge)
            .unwrap_err()
            .to_string()
            .contains("Exceeds the limit (4300 digits)")
    );
}

#[test]
fn nesting_at_the_tokenizer_limit_parses() {
    for depth in 1..=199 {
        let src = format!("brew_coffee({}1{})", "(".repeat(depth), ")".repeat(depth));
        let r = parse_call(&src);
        assert!(r.is_ok(), "depth {depth}: {r:?}");
    }
}

#[test]
fn null_bytes_are_cpythons_syntax_error() {
    for text in ["brew_coffee('a\0b')", "brew_coffee(1)\0", "\0"] {
        let e = parse_call(text).unwrap_err();
        let exc = e.as_python().unwrap();
        assert_eq!(exc.message, "source code string cannot contain null bytes");
        assert_eq!(exc.location, None);
        assert_eq!(
            toolcup_brew::format_exception(exc, text, "<call>"),
            "SyntaxError: source code string cannot contain null bytes\n"
        );
    }
    let e = toolcup_brew::Signature::parse("def f(a=\0)").unwrap_err();
    assert_eq!(
        e.to_string(),
        "SyntaxError: source code string cannot contain null bytes"
    );
}
