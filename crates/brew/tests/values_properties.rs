//! Property tests of the value operations against deliberately naive
//! references: Python's int arithmetic against `i128`, exact int/float
//! comparisons and conversions against exact or decimal-text references,
//! the set table against a plain hash set, `sorted` against Rust's stable
//! sort, and the invariants CPython's hashes promise.

use std::collections::HashSet;

use num_bigint::BigInt;
use proptest::prelude::*;
use toolcup_brew::ops::{self, BinaryOp, CompareOp};
use toolcup_brew::{Budget, Builtin, SetTable, Value, builtins, py_hash};

fn int(i: i128) -> Value {
    Value::Int(BigInt::from(i))
}

fn binary(op: BinaryOp, a: Value, b: Value) -> Result<Value, String> {
    ops::binary(op, a, b, &mut Budget::default()).map_err(|e| e.to_string())
}

/// Python's floor division and modulo, spelt out on `i128`.
fn floor_divmod(a: i128, b: i128) -> (i128, i128) {
    let mut q = a / b;
    if a % b != 0 && ((a < 0) != (b < 0)) {
        q -= 1;
    }
    (q, a - q * b)
}

proptest! {
    #[test]
    fn int_arithmetic_matches_i128(a in -(1i128 << 40)..(1i128 << 40), b in -(1i128 << 40)..(1i128 << 40)) {
        prop_assert_eq!(binary(BinaryOp::Add, int(a), int(b)), Ok(int(a + b)));
        prop_assert_eq!(binary(BinaryOp::Sub, int(a), int(b)), Ok(int(a - b)));
        prop_assert_eq!(binary(BinaryOp::Mul, int(a), int(b)), Ok(int(a * b)));
        prop_assert_eq!(binary(BinaryOp::BitAnd, int(a), int(b)), Ok(int(a & b)));
        prop_assert_eq!(binary(BinaryOp::BitOr, int(a), int(b)), Ok(int(a | b)));
        prop_assert_eq!(binary(BinaryOp::BitXor, int(a), int(b)), Ok(int(a ^ b)));
        if b != 0 {
            let (q, r) = floor_divmod(a, b);
            prop_assert_eq!(binary(BinaryOp::FloorDiv, int(a), int(b)), Ok(int(q)));
            prop_assert_eq!(binary(BinaryOp::Mod, int(a), int(b)), Ok(int(r)));
        }
    }

    #[test]
    fn shifts_and_powers_match_i128(a in -(1i128 << 40)..(1i128 << 40), n in 0u32..60, e in 0u32..3) {
        prop_assert_eq!(binary(BinaryOp::LShift, int(a), int(i128::from(n))), Ok(int(a << n)));
        prop_assert_eq!(binary(BinaryOp::RShift, int(a), int(i128::from(n))), Ok(int(a >> n)));
        prop_assert_eq!(binary(BinaryOp::Pow, int(a), int(i128::from(e))), Ok(int(a.pow(e))));
    }

    /// Below 2**53 an int converts to a float exactly, so comparing the
    /// converted values is a correct (if naive) reference.
    #[test]
    fn int_float_comparisons_are_exact(a in -(1i64 << 53)..(1i64 << 53), f in any::<f64>()) {
        let mut budget = Budget::default();
        let reference = (a as f64).partial_cmp(&f);
        let lt = ops::compare(CompareOp::Lt, &Value::from(a), &Value::Float(f), &mut budget).expect("<");
        let eq = ops::compare(CompareOp::Eq, &Value::from(a), &Value::Float(f), &mut budget).expect("==");
        prop_assert_eq!(lt, reference == Some(std::cmp::Ordering::Less));
        prop_assert_eq!(eq, reference == Some(std::cmp::Ordering::Equal));
    }

    /// `float(int)` is the nearest float: Rust's parse of the decimal text
    /// is correctly rounded too; beyond the largest float both overflow.
    #[test]
    fn int_to_float_matches_decimal_parsing(digits in "[1-9][0-9]{0,330}", negative in any::<bool>()) {
        let text = if negative { format!("-{digits}") } else { digits };
        let i: BigInt = text.parse().expect("an int");
        let reference: f64 = text.parse().expect("a float");
        let ours = builtins::call(Builtin::Float, vec![Value::Int(i)], vec![], &mut Budget::default());
        match ours {
            Ok(Value::Float(f)) => prop_assert_eq!(f, reference),
            Ok(other) => prop_assert!(false, "not a float: {}", other.repr()),
            Err(e) => {
                prop_assert!(reference.is_infinite());
                prop_assert_eq!(e.to_string(), "OverflowError: int too large to convert to float");
            }
        }
    }

    /// True division depends only on the exact quotient: scaling both ints
    /// by the same power of two leaves the float unchanged.
    #[test]
    fn true_division_is_exact_rational_rounding(a in -(1i64 << 60)..(1i64 << 60), b in 1i64..(1i64 << 60), k in 0usize..2000) {
        let small = binary(BinaryOp::TrueDiv, Value::from(a), Value::from(b));
        let scaled = binary(
            BinaryOp::TrueDiv,
            Value::Int(BigInt::from(a) << k),
            Value::Int(BigInt::from(b) << k),
        );
        prop_assert_eq!(small, scaled);
    }

    #[test]
    fn integral_floats_hash_as_their_int(m in -(1i64 << 53)..(1i64 << 53), e in 0i32..900) {
        let f = m as f64 * 2f64.powi(e);
        prop_assume!(f.is_finite());
        let i = ops::py_eq(&Value::Float(f), &Value::Float(f));
        prop_assert!(i);
        let as_int = builtins::call(Builtin::Int, vec![Value::Float(f)], vec![], &mut Budget::default()).expect("int(f)");
        prop_assert_eq!(py_hash(&Value::Float(f)).ok(), py_hash(&as_int).ok());
    }

    /// Any sequence of insertions and removals leaves the table holding
    /// exactly the members a plain hash set holds, each once.
    #[test]
    fn set_table_holds_what_a_hash_set_holds(ops_list in prop::collection::vec((any::<bool>(), -40i64..200), 0..400)) {
        let mut table: SetTable<i64> = SetTable::new();
        let mut reference = HashSet::new();
        for (insert, x) in ops_list {
            // Small ints hash to themselves (and -1 to -2) in CPython.
            let h = if x == -1 { -2 } else { x };
            if insert {
                prop_assert_eq!(table.insert(h, x, |a, b| a == b), reference.insert(x));
            } else {
                prop_assert_eq!(table.discard(h, &x, |a, b| a == b), reference.remove(&x));
            }
            prop_assert_eq!(table.len(), reference.len());
        }
        let members: Vec<i64> = table.iter().copied().collect();
        let unique: HashSet<i64> = members.iter().copied().collect();
        prop_assert_eq!(members.len(), unique.len());
        prop_assert_eq!(unique, reference);
    }

    /// A frozenset's hash does not depend on the order its members came in.
    #[test]
    fn frozenset_hash_ignores_insertion_order(mut xs in prop::collection::vec(-100i64..1000, 0..60)) {
        let build = |xs: &[i64]| {
            let items = xs.iter().map(|&x| Value::from(x)).collect();
            let list = Value::List(items);
            builtins::call(Builtin::FrozenSet, vec![list], vec![], &mut Budget::default()).expect("a frozenset")
        };
        let a = build(&xs);
        xs.reverse();
        let b = build(&xs);
        prop_assert_eq!(py_hash(&a).ok(), py_hash(&b).ok());
        prop_assert!(ops::py_eq(&a, &b));
    }

    /// With a consistent order, `sorted` is a stable sort: items that
    /// compare equal (`1`, `1.0`, `True`) keep their order.
    #[test]
    fn sorted_is_a_stable_sort(xs in prop::collection::vec((0i64..20, 0u8..3), 0..200), reverse in any::<bool>()) {
        let value = |&(x, kind): &(i64, u8)| match kind {
            0 => Value::from(x),
            1 => Value::Float(x as f64),
            _ => Value::Bool(x % 2 == 1),
        };
        let key = |&(x, kind): &(i64, u8)| if kind == 2 { x % 2 } else { x };
        let mut reference = xs.clone();
        if reverse {
            // Python: reverse, stable sort, reverse; that is a stable sort descending.
            reference.sort_by_key(|x| std::cmp::Reverse(key(x)));
        } else {
            reference.sort_by_key(key);
        }
        let list = Value::List(xs.iter().map(value).collect());
        let got = builtins::call(
            Builtin::Sorted,
            vec![list],
            vec![("reverse".into(), Value::Bool(reverse))],
            &mut Budget::default(),
        )
        .expect("sorted");
        let want = Value::List(reference.iter().map(value).collect());
        prop_assert_eq!(got.repr(), want.repr());
    }
}
