//! A name whose NFKC form is a keyword (`ｉｆ`, `ｄｅｆ`): CPython 3.13 matches
//! keywords on the text as written, then normalises, so `ｉｆ` is the name
//! `if`. Expected answers recorded from CPython 3.13.0 (`compile`, then the
//! call's `locals()`), as `tests/cpython_driver.py` runs them.

use toolcup_brew::{Signature, bind_call};

fn bound(def: &str, call: &str) -> Result<Vec<(String, String)>, String> {
    let sig = Signature::parse(def).map_err(|e| e.to_string())?;
    let b = bind_call(&sig, call).map_err(|e| e.to_string())?;
    Ok(b.params
        .iter()
        .map(|p| (p.name.clone(), p.value.repr()))
        .collect())
}

fn pairs(x: &[(&str, &str)]) -> Vec<(String, String)> {
    x.iter()
        .map(|(a, b)| (a.to_string(), b.to_string()))
        .collect()
}

#[test]
fn keyword_spelled_in_fullwidth_is_a_name() {
    let def = "def brew_coffee(a, b=2, *args, c=3, **kw): pass";
    assert_eq!(
        bound(def, "brew_coffee(1, ｄｅｆ=2)"),
        Ok(pairs(&[
            ("a", "1"),
            ("b", "2"),
            ("c", "3"),
            ("args", "()"),
            ("kw", "{'def': 2}")
        ]))
    );
    assert_eq!(
        bound(def, "brew_coffee(ｉｆ)"),
        Err("NameError: name 'if' is not defined. Did you mean: 'id'?".to_string())
    );
    assert_eq!(
        bound("def brew_coffee(ｉｆ): pass", "brew_coffee(1)"),
        Ok(pairs(&[("if", "1")]))
    );
    assert_eq!(
        bound("def brew_coffee(*ｉｆ): pass", "brew_coffee(1)"),
        Ok(pairs(&[("if", "(1,)")]))
    );
    assert_eq!(
        bound("def brew_coffee(a, *, ｉｆ=3): pass", "brew_coffee(1)"),
        Ok(pairs(&[("a", "1"), ("if", "3")]))
    );
    assert_eq!(
        bound("def brew_coffee(ｉｆ): pass", "brew_coffee(**{'if': 4})"),
        Ok(pairs(&[("if", "4")]))
    );
    // Two spellings of one name are one parameter, twice.
    let err = Signature::parse("def brew_coffee(ｉｆ, ｉｆ): pass").unwrap_err();
    assert!(
        err.to_string()
            .starts_with("SyntaxError: duplicate argument 'if' in function definition"),
        "{err}"
    );
    // The keyword itself, as written in ASCII, is still a keyword.
    assert!(Signature::parse("def brew_coffee(if): pass").is_err());
}
