//! Unit tests of the builtins against CPython 3.13's answers.

use super::*;

fn run(b: Builtin, args: Vec<Value>) -> String {
    match call(b, args, vec![], &mut Budget::default()) {
        Ok(v) => v.repr(),
        Err(e) => e.to_string(),
    }
}

fn list(xs: Vec<Value>) -> Value {
    Value::List(xs)
}

#[test]
fn sum_uses_cpython_fast_paths() {
    let f = Value::Float;
    let i = |x: i64| Value::from(x);
    assert_eq!(
        run(Builtin::Sum, vec![list(vec![f(1e100), f(1.0), f(-1e100)])]),
        "1.0"
    );
    assert_eq!(
        run(Builtin::Sum, vec![list(vec![f(1e100), i(1), f(-1e100)])]),
        "0.0"
    );
    assert_eq!(run(Builtin::Sum, vec![list(vec![f(0.1); 10])]), "1.0");
    assert_eq!(run(Builtin::Sum, vec![list(vec![f(-0.0)])]), "0.0");
    assert_eq!(
        run(Builtin::Sum, vec![list(vec![f(-0.0)]), f(-0.0)]),
        "-0.0"
    );
    assert_eq!(
        run(Builtin::Sum, vec![list(vec![f(1e16), f(1.0), f(1.0)])]),
        "1.0000000000000002e+16"
    );
    assert_eq!(
        run(
            Builtin::Sum,
            vec![list(vec![Value::from("a")]), Value::from("b")]
        ),
        "TypeError: sum() can't sum strings [use ''.join(seq) instead]"
    );
    assert_eq!(
        run(Builtin::Sum, vec![list(vec![i(1), Value::from("a")])]),
        "TypeError: unsupported operand type(s) for +: 'int' and 'str'"
    );
}

#[test]
fn sorted_fails_on_the_pair_cpython_compares() {
    let s = Value::from;
    assert_eq!(
        run(
            Builtin::Sorted,
            vec![list(vec![Value::from(3), Value::from(1), s("a")])]
        ),
        "TypeError: '<' not supported between instances of 'str' and 'int'"
    );
    assert_eq!(
        run(Builtin::Sorted, vec![list(vec![s("a"), Value::from(1)])]),
        "TypeError: '<' not supported between instances of 'int' and 'str'"
    );
    assert_eq!(
        run(
            Builtin::Sorted,
            vec![list(vec![
                Value::Float(1.0),
                Value::from(1),
                Value::Bool(true)
            ])]
        ),
        "[1.0, 1, True]"
    );
}

#[test]
fn conversions_match_cpython() {
    let s = Value::from;
    assert_eq!(
        run(Builtin::Int, vec![s("  -0b101  "), Value::from(0)]),
        "-5"
    );
    assert_eq!(run(Builtin::Int, vec![Value::Float(-2.5)]), "-2");
    assert_eq!(
        run(Builtin::Int, vec![Value::Complex { re: 0.0, im: 1.0 }]),
        "TypeError: int() argument must be a string, a bytes-like object or a real number, not 'complex'"
    );
    assert_eq!(
        run(Builtin::Int, vec![Value::from(1), Value::from(10)]),
        "TypeError: int() can't convert non-string with explicit base"
    );
    assert_eq!(run(Builtin::Float, vec![s(" nan ")]), "nan");
    assert_eq!(
        run(
            Builtin::Complex,
            vec![
                Value::Complex { re: 0.0, im: 1.0 },
                Value::Complex { re: 0.0, im: 1.0 }
            ]
        ),
        "(-1+1j)"
    );
    assert_eq!(
        run(
            Builtin::Complex,
            vec![Value::Float(1.5), Value::Complex { re: 0.0, im: 2.0 }]
        ),
        "(-0.5+0j)"
    );
    assert_eq!(
        run(Builtin::Bytes, vec![Value::from(3)]),
        "b'\\x00\\x00\\x00'"
    );
    assert_eq!(
        run(Builtin::Bytes, vec![s("é")]),
        "TypeError: string argument without an encoding"
    );
    assert_eq!(run(Builtin::Hex, vec![Value::from(-255)]), "'-0xff'");
    assert_eq!(
        run(Builtin::Chr, vec![Value::from(0x11_0000)]),
        "ValueError: chr() arg not in range(0x110000)"
    );
    assert_eq!(
        run(Builtin::Ord, vec![Value::Bytes(b"ab".to_vec())]),
        "TypeError: ord() expected a character, but string of length 2 found"
    );
    assert_eq!(
        run(Builtin::Len, vec![]),
        "TypeError: len() takes exactly one argument (0 given)"
    );
    assert_eq!(run(Builtin::Round, vec![Value::Float(2.5)]), "2");
    assert_eq!(
        run(Builtin::Round, vec![Value::Complex { re: 1.0, im: 0.0 }]),
        "TypeError: type complex doesn't define __round__ method"
    );
    assert_eq!(
        run(Builtin::Divmod, vec![Value::Float(1.0), Value::from(0)]),
        "ZeroDivisionError: float divmod()"
    );
    assert_eq!(
        run(Builtin::Pow, vec![s("a"), Value::from(2), Value::from(3)]),
        "TypeError: unsupported operand type(s) for ** or pow(): 'str', 'int', 'int'"
    );
    assert_eq!(
        run(
            Builtin::Pow,
            vec![Value::from(2), Value::from(3), Value::Float(5.0)]
        ),
        "TypeError: pow() 3rd argument not allowed unless all arguments are integers"
    );
    assert!(run(Builtin::Hash, vec![s("a")]).starts_with("engine limit"));
    assert_eq!(
        run(
            Builtin::Hash,
            vec![Value::Tuple(vec![Value::from(1), Value::Float(2.5)])]
        ),
        "396935360214441795"
    );
}

#[test]
fn iterators_are_lazy_and_strict_zip_fails_when_consumed() {
    let one = list(vec![Value::from(1)]);
    let two = list(vec![Value::from(2), Value::from(3)]);
    let zip = call(
        Builtin::Zip,
        vec![one, two],
        vec![("strict".into(), Value::Bool(true))],
        &mut Budget::default(),
    )
    .expect("a zip");
    assert!(zip.try_repr().is_err());
    assert_eq!(
        run(Builtin::List, vec![zip]),
        "ValueError: zip() argument 2 is longer than argument 1"
    );
    let lens = [1usize, 1, 0];
    let cols: Vec<Value> = lens.iter().map(|&n| list(vec![Value::None; n])).collect();
    let z = call(
        Builtin::Zip,
        cols,
        vec![("strict".into(), Value::Bool(true))],
        &mut Budget::default(),
    )
    .expect("zip");
    assert_eq!(
        run(Builtin::List, vec![z]),
        "ValueError: zip() argument 3 is shorter than arguments 1-2"
    );
    let e = call(
        Builtin::Enumerate,
        vec![Value::from("ab"), Value::from(10)],
        vec![],
        &mut Budget::default(),
    )
    .expect("enumerate");
    assert_eq!(run(Builtin::List, vec![e]), "[(10, 'a'), (11, 'b')]");
    let r = call(
        Builtin::Reversed,
        vec![Value::Range(crate::value::Range {
            start: 0.into(),
            stop: 3.into(),
            step: 1.into(),
        })],
        vec![],
        &mut Budget::default(),
    )
    .expect("reversed");
    assert_eq!(run(Builtin::Tuple, vec![r]), "(2, 1, 0)");
}

/// The examples of issue 15: each is answered at once, by CPython's own
/// error where CPython has one, else by our limit.
#[test]
fn huge_work_is_refused_before_it_starts() {
    let range = |n: &str| {
        call(
            Builtin::Range,
            vec![Value::Int(n.parse().expect("an int"))],
            vec![],
            &mut Budget::default(),
        )
        .expect("a range")
    };
    let limit = |r: Result<Value, Error>| matches!(r, Err(Error::Limit(_)));
    assert!(limit(call(
        Builtin::List,
        vec![range("1000000000000")],
        vec![],
        &mut Budget::default()
    )));
    assert!(limit(call(
        Builtin::Sorted,
        vec![range("10000000")],
        vec![],
        &mut Budget::default()
    )));
    assert!(limit(call(
        Builtin::Sum,
        vec![range("1000000000")],
        vec![],
        &mut Budget::default()
    )));
    assert!(limit(call(
        Builtin::Bytes,
        vec![Value::from(10_000_000_000i64)],
        vec![],
        &mut Budget::default()
    )));
    let nines = Value::from("9".repeat(100_000));
    assert!(
        run(Builtin::Int, vec![nines]).starts_with(
            "ValueError: Exceeds the limit (4300 digits) for integer string conversion: value has 100000 digits"
        )
    );
    // CPython's own OverflowError comes first for a range beyond a C ssize_t.
    assert_eq!(
        run(Builtin::List, vec![range("100000000000000000000")]),
        "OverflowError: Python int too large to convert to C ssize_t"
    );
}
