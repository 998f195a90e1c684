//! Feeds arbitrary text to the brew call parser, the def parser and the
//! binder: none may panic, and deep nesting or huge literals must stay bounded
//! (the parsers enforce explicit limits).
#![no_main]

use libfuzzer_sys::fuzz_target;
use toolcup_brew::{Preset, Signature, bind_call, format_exception, parse_call};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    if let Err(toolcup_brew::Error::Python(exc)) = parse_call(text) {
        let _ = format_exception(&exc, text, "<call>");
    }
    let _ = Signature::parse(text);
    let _ = bind_call(&Signature::preset(Preset::Current), text);
    // The text as a parameter list too.
    let _ = Signature::parse(&format!("def brew_coffee({text})"));
});
