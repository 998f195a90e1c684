//! Unit tests of the operators against CPython 3.13's answers.

use super::*;

fn run(op: BinaryOp, a: Value, b: Value) -> String {
    match binary(op, a, b, &mut Budget::default()) {
        Ok(v) => v.repr(),
        Err(e) => e.to_string(),
    }
}

fn int(s: &str) -> Value {
    Value::Int(s.parse().expect("an int"))
}

#[test]
fn messages_match_cpython() {
    use BinaryOp::*;
    let s = |x: &str| Value::from(x);
    let cases: Vec<(BinaryOp, Value, Value, &str)> = vec![
        (
            TrueDiv,
            int("1"),
            int("0"),
            "ZeroDivisionError: division by zero",
        ),
        (
            TrueDiv,
            Value::Float(1.0),
            int("0"),
            "ZeroDivisionError: float division by zero",
        ),
        (
            FloorDiv,
            int("1"),
            int("0"),
            "ZeroDivisionError: integer division or modulo by zero",
        ),
        (
            Mod,
            int("1"),
            int("0"),
            "ZeroDivisionError: integer modulo by zero",
        ),
        (
            FloorDiv,
            Value::Float(1.0),
            int("0"),
            "ZeroDivisionError: float floor division by zero",
        ),
        (
            Mod,
            Value::Float(1.0),
            int("0"),
            "ZeroDivisionError: float modulo by zero",
        ),
        (
            Pow,
            int("0"),
            int("-1"),
            "ZeroDivisionError: 0.0 cannot be raised to a negative power",
        ),
        (
            Pow,
            Value::Float(10.0),
            int("400"),
            "OverflowError: (34, 'Numerical result out of range')",
        ),
        (Pow, int("2"), int("-10000"), "0.0"),
        (
            LShift,
            int("1"),
            int("-1"),
            "ValueError: negative shift count",
        ),
        (
            Add,
            int("1"),
            s("a"),
            "TypeError: unsupported operand type(s) for +: 'int' and 'str'",
        ),
        (
            Add,
            s("a"),
            int("1"),
            "TypeError: can only concatenate str (not \"int\") to str",
        ),
        (
            Add,
            Value::Bytes(b"a".to_vec()),
            s("a"),
            "TypeError: can't concat str to bytes",
        ),
        (
            Pow,
            s("a"),
            int("2"),
            "TypeError: unsupported operand type(s) for ** or pow(): 'str' and 'int'",
        ),
        (
            Mul,
            s("a"),
            Value::Float(1.5),
            "TypeError: can't multiply sequence by non-int of type 'float'",
        ),
        (
            Mul,
            Value::None,
            s("a"),
            "TypeError: can't multiply sequence by non-int of type 'NoneType'",
        ),
        (
            Mul,
            Value::Tuple(vec![int("1")]),
            int("9223372036854775808"),
            "OverflowError: cannot fit 'int' into an index-sized integer",
        ),
        (Mul, s(""), int("1000000000000000000"), "''"),
        (
            MatMul,
            int("1"),
            int("2"),
            "TypeError: unsupported operand type(s) for @: 'int' and 'int'",
        ),
        (
            TrueDiv,
            Value::Complex { re: 0.0, im: 1.0 },
            int("0"),
            "ZeroDivisionError: complex division by zero",
        ),
        (
            FloorDiv,
            Value::Complex { re: 0.0, im: 1.0 },
            int("1"),
            "TypeError: unsupported operand type(s) for //: 'complex' and 'int'",
        ),
        (
            Pow,
            Value::Complex { re: 0.0, im: 0.0 },
            Value::Complex { re: 0.0, im: 1.0 },
            "ZeroDivisionError: 0.0 to a negative or complex power",
        ),
        (
            Pow,
            Value::Complex { re: 0.0, im: 1e300 },
            int("3"),
            "OverflowError: complex exponentiation",
        ),
        (
            Pow,
            int("-8"),
            Value::Float(1.0 / 3.0),
            "(1.0000000000000002+1.7320508075688772j)",
        ),
        (
            Pow,
            Value::Complex { re: 1.0, im: 1.0 },
            int("1000"),
            "(3.273390607896366e+150-2.6303055750020937e+137j)",
        ),
        (
            Pow,
            Value::Float(2.0),
            Value::Complex { re: 0.0, im: 0.5 },
            "(0.9405421046832438+0.3396771251026685j)",
        ),
        (
            TrueDiv,
            int(
                "100000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000",
            ),
            int("1"),
            "OverflowError: integer division result too large for a float",
        ),
        (
            Add,
            Value::Float(1.0),
            Value::Int(num_bigint::BigInt::from(1) << 2000usize),
            "OverflowError: int too large to convert to float",
        ),
        (Mod, Value::Float(-5.0), Value::Float(f64::INFINITY), "inf"),
        (Mod, Value::Float(5.0), Value::Float(f64::INFINITY), "5.0"),
        (FloorDiv, Value::Float(f64::INFINITY), int("1"), "nan"),
        (BitOr, Value::Bool(true), int("2"), "3"),
        (BitAnd, Value::Bool(true), Value::Bool(false), "False"),
        (Add, Value::Bool(true), Value::Bool(true), "2"),
        (Mod, int("-7"), int("2"), "1"),
        (FloorDiv, int("7"), int("-2"), "-4"),
        (RShift, int("-5"), int("1000000000000000000000"), "-1"),
        (LShift, int("0"), int("1000000000000000000000"), "0"),
    ];
    for (op, a, b, want) in cases {
        let shown = format!("{} {} {}", a.repr(), op.symbol(), b.repr());
        assert_eq!(run(op, a, b), want, "{shown}");
    }
}

#[test]
fn huge_results_are_refused_at_once() {
    use BinaryOp::*;
    let ten_e10 = int("10000000000");
    for (op, a, b) in [
        (Pow, int("10"), ten_e10.clone()),
        (Pow, int("2"), int("100000000")),
        (LShift, int("1"), ten_e10.clone()),
        (Mul, Value::from("a"), int("1000000000000")),
        (Mul, Value::List(vec![int("0")]), ten_e10.clone()),
    ] {
        let err = binary(op, a, b, &mut Budget::default()).unwrap_err();
        assert!(matches!(err, Error::Limit(_)), "{err}");
    }
}

#[test]
fn int_size_limit_is_inclusive() {
    use crate::limits::MAX_INT_BITS;
    let mut budget = Budget::new(u64::MAX);
    // 2 ** (MAX_INT_BITS - 1) has exactly MAX_INT_BITS bits.
    let ok = binary(
        BinaryOp::Pow,
        int("2"),
        Value::from(MAX_INT_BITS as i64 - 1),
        &mut budget,
    );
    assert!(ok.is_ok());
    let err = binary(
        BinaryOp::Pow,
        int("2"),
        Value::from(MAX_INT_BITS as i64),
        &mut budget,
    );
    assert!(matches!(err, Err(Error::Limit(Limit::IntTooLarge { .. }))));
    let shifted = binary(
        BinaryOp::LShift,
        int("1"),
        Value::from(MAX_INT_BITS as i64 - 1),
        &mut budget,
    );
    assert!(shifted.is_ok());
    let err = binary(
        BinaryOp::LShift,
        int("1"),
        Value::from(MAX_INT_BITS as i64),
        &mut budget,
    );
    assert!(matches!(err, Err(Error::Limit(Limit::IntTooLarge { .. }))));
}

#[test]
fn item_limit_is_inclusive() {
    use crate::limits::MAX_ITEMS;
    let mut budget = Budget::new(u64::MAX);
    let ok = binary(
        BinaryOp::Mul,
        Value::from("a"),
        Value::from(MAX_ITEMS as i64),
        &mut budget,
    );
    assert!(ok.is_ok());
    let err = binary(
        BinaryOp::Mul,
        Value::from("a"),
        Value::from(MAX_ITEMS as i64 + 1),
        &mut budget,
    );
    assert!(matches!(err, Err(Error::Limit(Limit::TooManyItems { .. }))));
}

#[test]
fn many_small_operations_exhaust_the_budget() {
    let mut budget = Budget::new(1000);
    let mut v = Value::List(vec![Value::from(0); 100]);
    let mut failed = false;
    for _ in 0..100 {
        match binary(
            BinaryOp::Add,
            v.clone(),
            Value::List(vec![Value::from(0); 100]),
            &mut budget,
        ) {
            Ok(next) => v = next,
            Err(Error::Limit(Limit::OutOfWork { .. })) => {
                failed = true;
                break;
            }
            Err(e) => panic!("{e}"),
        }
    }
    assert!(failed);
}

#[test]
fn set_operations_keep_cpython_order_and_members() {
    let set = |xs: Vec<Value>| {
        let items = xs.into_iter().map(Item::One).collect();
        set_display(items, false, &mut Budget::default(), |v, _| Ok(v)).expect("a set")
    };
    let ints = |xs: &[i64]| set(xs.iter().map(|&x| Value::from(x)).collect());
    // CPython 3.13: {0, 16} ^ {0, 8} reuses the dummy slot of 0.
    assert_eq!(
        run(BinaryOp::BitXor, ints(&[0, 16]), ints(&[0, 8])),
        "{16, 8}"
    );
    // The smaller set's members are kept: {1} & frozenset({1.0}) is {1.0}.
    let frozen = Value::FrozenSet(match set(vec![Value::Float(1.0)]) {
        Value::Set(t) => t,
        _ => unreachable!(),
    });
    assert_eq!(run(BinaryOp::BitAnd, ints(&[1]), frozen.clone()), "{1.0}");
    assert_eq!(
        run(BinaryOp::BitOr, frozen, ints(&[2])),
        "frozenset({1.0, 2})"
    );
    assert_eq!(
        run(BinaryOp::Sub, ints(&[1, 2]), set(vec![Value::Float(1.0)])),
        "{2}"
    );
    assert_eq!(ints(&[-1, -2]).repr(), "{-1, -2}");
    assert_eq!(
        set(vec![int("2305843009213693952"), int("1")]).repr(),
        "{2305843009213693952, 1}"
    );
    assert_eq!(set(vec![Value::Float(0.5), int("1")]).repr(), "{0.5, 1}");
    assert_eq!(
        set(vec![Value::Tuple(vec![int("1"), int("2")]), int("3")]).repr(),
        "{3, (1, 2)}"
    );
}

#[test]
fn subscripts_and_slices_match_cpython() {
    let mut b = Budget::default();
    let sub = |c: Value, i: Value, b: &mut Budget| match subscript(&c, &i, b) {
        Ok(v) => v.repr(),
        Err(e) => e.to_string(),
    };
    assert_eq!(
        sub(Value::from("abc"), int("5"), &mut b),
        "IndexError: string index out of range"
    );
    assert_eq!(
        sub(Value::from("abc"), int("100000000000000000000"), &mut b),
        "IndexError: cannot fit 'int' into an index-sized integer"
    );
    assert_eq!(
        sub(Value::from("abc"), Value::from("a"), &mut b),
        "TypeError: string indices must be integers, not 'str'"
    );
    assert_eq!(
        sub(Value::Bytes(b"abc".to_vec()), Value::from("x"), &mut b),
        "TypeError: byte indices must be integers or slices, not str"
    );
    assert_eq!(
        sub(Value::Bytes(vec![]), int("0"), &mut b),
        "IndexError: index out of range"
    );
    assert_eq!(
        sub(Value::None, int("0"), &mut b),
        "TypeError: 'NoneType' object is not subscriptable"
    );
    assert_eq!(
        sub(Value::Dict(vec![]), Value::List(vec![]), &mut b),
        "TypeError: unhashable type: 'list'"
    );
    let r = Value::Range(crate::value::Range {
        start: 0.into(),
        stop: 10.into(),
        step: 1.into(),
    });
    let sl = |c: &Value, a: Value, z: Value, s: Value, b: &mut Budget| match slice(c, &a, &z, &s, b)
    {
        Ok(v) => v.repr(),
        Err(e) => e.to_string(),
    };
    assert_eq!(
        sl(&r, Value::None, Value::None, int("-1"), &mut b),
        "range(9, -1, -1)"
    );
    assert_eq!(
        sl(&r, int("2"), int("8"), int("3"), &mut b),
        "range(2, 8, 3)"
    );
    assert_eq!(
        sl(
            &Value::from("abc"),
            Value::from("a"),
            Value::None,
            int("0"),
            &mut b
        ),
        "ValueError: slice step cannot be zero"
    );
    assert_eq!(
        sl(
            &Value::from("abc"),
            Value::Float(1.5),
            Value::None,
            Value::None,
            &mut b
        ),
        "TypeError: slice indices must be integers or None or have an __index__ method"
    );
    assert_eq!(
        sl(
            &Value::Tuple(vec![int("1"), int("2"), int("3")]),
            int("-1000000000000000000000000000000"),
            int("1000000000000000000000000000000"),
            Value::None,
            &mut b
        ),
        "(1, 2, 3)"
    );
    assert_eq!(
        sl(
            &Value::Dict(vec![]),
            int("1"),
            int("2"),
            Value::None,
            &mut b
        ),
        "KeyError: slice(1, 2, None)"
    );
}

/// `str % args` and `bytes % args`, as CPython 3.13 formats them.
#[test]
fn printf_formatting_matches_cpython() {
    let s = |x: &str| Value::from(x);
    let t = |xs: Vec<Value>| Value::Tuple(xs);
    let f = Value::Float;
    let cases: Vec<(Value, Value, &str)> = vec![
        (
            s("%5d|%-5d|%05d|%+d|% d|%+05d"),
            t(vec![
                int("42"),
                int("42"),
                int("42"),
                int("42"),
                int("42"),
                int("-42"),
            ]),
            "'   42|42   |00042|+42| 42|-0042'",
        ),
        (
            s("%#x|%#X|%#o"),
            t(vec![int("255"), int("255"), int("8")]),
            "'0xff|0XFF|0o10'",
        ),
        (s("%#05x"), int("255"), "'0x0ff'"),
        (s("%.5d"), int("-3"), "'-00003'"),
        (s("%d"), f(-2.7), "'-2'"),
        (s("%.2f"), f(2.675), "'2.67'"),
        (s("%.0f|%.0f"), t(vec![f(0.5), f(1.5)]), "'0|2'"),
        (s("%e"), f(12345.678), "'1.234568e+04'"),
        (
            s("%g|%g|%g"),
            t(vec![f(0.00001), f(123456789.0), f(100000.0)]),
            "'1e-05|1.23457e+08|100000'",
        ),
        (
            s("%#g|%#.0f|%#.0e"),
            t(vec![f(1.0), f(3.0), f(3.0)]),
            "'1.00000|3.|3.e+00'",
        ),
        (
            s("%05f|%+f|%F"),
            t(vec![f(f64::INFINITY), f(f64::INFINITY), f(f64::NAN)]),
            "'00inf|+inf|NAN'",
        ),
        (s("%010.3g"), f(-1e-7), "'-00001e-07'"),
        (
            s("%.100f"),
            f(0.1),
            "'0.1000000000000000055511151231257827021181583404541015625000000000000000000000000000000000000000000000'",
        ),
        (s("%c%c"), t(vec![int("72"), s("i")]), "'Hi'"),
        (
            s("%5.1s|%-5s|%.0s|"),
            t(vec![s("xyz"), s("ab"), s("abc")]),
            "'    x|ab   ||'",
        ),
        (
            s("%*.*f"),
            t(vec![int("8"), int("2"), f(2.675)]),
            "'    2.67'",
        ),
        (
            s("%(a)s %(b)d"),
            Value::Dict(vec![(s("a"), s("x")), (s("b"), int("2"))]),
            "'x 2'",
        ),
        (
            s("%s %(a)s"),
            Value::Dict(vec![(s("a"), int("1"))]),
            "\"{'a': 1} 1\"",
        ),
        (s("%s"), Value::List(vec![]), "'[]'"),
        (s("abc"), Value::Bytes(b"x".to_vec()), "'abc'"),
        (
            Value::Bytes(b"%x|%c|%5b|%r".to_vec()),
            t(vec![
                int("255"),
                int("65"),
                Value::Bytes(b"ab".to_vec()),
                s("a"),
            ]),
            "b\"ff|A|   ab|'a'\"",
        ),
        (
            s("%s"),
            t(vec![int("1"), int("2")]),
            "TypeError: not all arguments converted during string formatting",
        ),
        (
            s("%s %s"),
            t(vec![int("1")]),
            "TypeError: not enough arguments for format string",
        ),
        (s("100%"), t(vec![]), "ValueError: incomplete format"),
        (
            s("%(a"),
            Value::Dict(vec![]),
            "ValueError: incomplete format key",
        ),
        (s("%(a)s"), int("1"), "TypeError: format requires a mapping"),
        (
            s("%(a)s %s"),
            Value::Dict(vec![(s("a"), int("1"))]),
            "TypeError: not enough arguments for format string",
        ),
        (
            s("%s %y"),
            t(vec![int("1"), int("2")]),
            "ValueError: unsupported format character 'y' (0x79) at index 4",
        ),
        (
            s("%5%"),
            t(vec![int("1")]),
            "ValueError: unsupported format character '%' (0x25) at index 2",
        ),
        (
            s("%d"),
            s("5"),
            "TypeError: %d format: a real number is required, not str",
        ),
        (
            s("%x"),
            f(2.5),
            "TypeError: %x format: an integer is required, not float",
        ),
        (s("%f"), s("1.5"), "TypeError: must be real number, not str"),
        (s("%c"), s("zz"), "TypeError: %c requires int or char"),
        (
            s("%c"),
            int("1114112"),
            "OverflowError: %c arg not in range(0x110000)",
        ),
        (
            s("%*d"),
            t(vec![s("a"), int("1")]),
            "TypeError: * wants int",
        ),
        (
            Value::Bytes(b"%s".to_vec()),
            s("ab"),
            "TypeError: %b requires a bytes-like object, or an object that implements __bytes__, not 'str'",
        ),
        (
            Value::Bytes(b"%f".to_vec()),
            Value::Dict(vec![]),
            "TypeError: float argument required, not dict",
        ),
        (
            Value::Bytes(b"abc".to_vec()),
            s("x"),
            "TypeError: not all arguments converted during bytes formatting",
        ),
        (
            Value::Bytes(b"%c".to_vec()),
            int("256"),
            "OverflowError: %c arg not in range(256)",
        ),
    ];
    for (fmt, args, want) in cases {
        let shown = format!("{} % {}", fmt.repr(), args.repr());
        assert_eq!(run(BinaryOp::Mod, fmt, args), want, "{shown}");
    }
}
