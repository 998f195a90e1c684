//! Never panic, whatever the barista types: token soup, random bytes, and
//! random cuts of real calls go through the parsers, the binder and the
//! traceback formatter.

use proptest::prelude::*;
use toolcup_brew::{Error, Order, Preset, Signature, bind_call, format_exception, parse_call};

const PIECES: &[&str] = &[
    "brew_coffee",
    "(",
    ")",
    "[",
    "]",
    "{",
    "}",
    ",",
    "=",
    "==",
    "*",
    "**",
    "/",
    ":",
    ";",
    "-",
    "+",
    "~",
    ".",
    "...",
    "1",
    "0x1F",
    "012",
    "1e",
    "1_",
    "1.5",
    "2j",
    "'a'",
    "\"b\"",
    "'''c",
    "b'\\x4'",
    "r'\\q'",
    "f'x'",
    "'\\N{",
    "None",
    "True",
    "lambda",
    "yield",
    "for",
    "in",
    "if",
    "else",
    "not",
    "x",
    "strength",
    "milk_amount",
    "\n",
    "  ",
    "#c\n",
    "\\\n",
    "“",
    "$",
    "\t",
    "def",
    "é",
    "'\\ud800'",
];

fn exercise(text: &str) {
    if let Err(Error::Python(exc)) = parse_call(text) {
        let shown = format_exception(&exc, text, "<call>");
        assert!(shown.ends_with('\n'));
    }
    for preset in [Preset::V1Positional, Preset::Current, Preset::AnotherParam] {
        if let Ok(b) = bind_call(&Signature::preset(preset), text)
            && let Ok(order) = Order::from_binding(&b)
        {
            let _ = order.ticket();
        }
    }
    let _ = Signature::parse(text);
    let _ = Signature::parse(&format!("def brew_coffee({text})"));
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 3000, ..ProptestConfig::default() })]

    #[test]
    fn token_soup_never_panics(parts in prop::collection::vec(prop::sample::select(PIECES), 0..30)) {
        exercise(&parts.concat());
    }

    #[test]
    fn calls_with_soup_inside_never_panic(parts in prop::collection::vec(prop::sample::select(PIECES), 0..20)) {
        exercise(&format!("brew_coffee({})", parts.concat()));
    }

    #[test]
    fn arbitrary_text_never_panics(text in ".{0,80}") {
        exercise(&text);
    }
}

#[test]
fn huge_inputs_are_bounded() {
    for text in [
        "[".repeat(100_000),
        format!("brew_coffee({})", "0x".to_string() + &"f".repeat(50_000)),
        format!("brew_coffee({})", "'a' ".repeat(20_000)),
        format!("brew_coffee({})", "1, ".repeat(30_000)),
        "x".repeat(200_000),
    ] {
        exercise(&text);
    }
}
