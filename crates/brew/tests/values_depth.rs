//! Values tens of thousands of levels deep, built by hand, on a thread with
//! a 1 MiB stack: repr, ==, <, hash, clone, set and dict building and
//! lookups all finish (issue 12, "a paste kills the window", for values).

use toolcup_brew::ops::{self, CompareOp, DictItem, Item};
use toolcup_brew::{Budget, SetTable, Value, drop_deep, py_hash};

const DEPTH: usize = 50_000;

fn on_small_stack(f: impl FnOnce() + Send + 'static) {
    std::thread::Builder::new()
        .stack_size(1 << 20)
        .spawn(f)
        .expect("a thread")
        .join()
        .expect("no stack overflow");
}

fn nested_tuple(depth: usize) -> Value {
    let mut v = Value::from(0);
    for i in 0..depth {
        v = Value::Tuple(vec![Value::from(i as i64 % 7), v]);
    }
    v
}

fn nested_list(depth: usize) -> Value {
    let mut v = Value::List(vec![]);
    for _ in 0..depth {
        v = Value::List(vec![v]);
    }
    v
}

fn nested_frozenset(depth: usize) -> Value {
    let mut v = Value::from(1);
    for _ in 0..depth {
        let mut t = SetTable::new();
        let h = py_hash(&v).expect("hashable");
        t.insert(h, v, ops::py_eq);
        v = Value::FrozenSet(t);
    }
    v
}

#[test]
fn deep_lists_print_compare_and_clone() {
    on_small_stack(|| {
        let a = nested_list(DEPTH);
        let b = a.clone();
        let text = a.repr();
        assert_eq!(text.len(), 2 * DEPTH + 2);
        assert!(text.starts_with("[[[[") && text.ends_with("]]]]"));
        let mut budget = Budget::default();
        assert!(ops::compare(CompareOp::Eq, &a, &b, &mut budget).expect("=="));
        assert!(ops::compare(CompareOp::Le, &a, &b, &mut budget).expect("<="));
        drop_deep(a);
        drop_deep(b);
    });
}

#[test]
fn deep_tuples_hash_and_serve_as_set_members_and_dict_keys() {
    on_small_stack(|| {
        let key = nested_tuple(DEPTH);
        let h = py_hash(&key).expect("a tuple of ints is hashable");
        let copy = key.clone();
        assert_eq!(py_hash(&copy).expect("hashable"), h);
        let mut budget = Budget::default();
        let set = ops::set_display(vec![Item::One(key.clone())], false, &mut budget, |v, _| {
            Ok(v)
        })
        .expect("a set");
        assert!(ops::compare(CompareOp::In, &key, &set, &mut budget).expect("in"));
        let dict = ops::dict_display(
            vec![DictItem::Pair(key.clone(), Value::from("found"))],
            &mut budget,
            |v, _| Ok(v),
        )
        .expect("a dict");
        let found = ops::subscript(&dict, &key, &mut budget).expect("the key is there");
        assert_eq!(found, Value::from("found"));
        for v in [key, copy, set, dict] {
            drop_deep(v);
        }
    });
}

#[test]
fn deep_frozensets_compare_hash_and_print() {
    on_small_stack(|| {
        let depth = 20_000;
        let a = nested_frozenset(depth);
        let b = nested_frozenset(depth);
        assert_eq!(py_hash(&a).ok(), py_hash(&b).ok());
        assert!(ops::py_eq(&a, &b));
        let mut budget = Budget::default();
        assert!(ops::compare(CompareOp::Le, &a, &b, &mut budget).expect("<="));
        let text = a.repr();
        assert!(text.starts_with("frozenset({frozenset({") && text.ends_with("})})"));
        drop_deep(a);
        drop_deep(b);
    });
}
