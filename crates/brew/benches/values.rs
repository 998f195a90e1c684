//! The value operations a barista's call uses: the reprs of the binding
//! table, a set and a dict display of a few strings, small-int and str
//! arithmetic, and the builtins most likely in a call (`int`, `round`,
//! `len`). Each should cost a small fraction of the 5 µs that parsing and
//! binding the typical call may take.

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use toolcup_brew::ops::{self, BinaryOp, DictItem, Item};
use toolcup_brew::{Budget, Builtin, Value, builtins};

fn strs(xs: &[&str]) -> Vec<Value> {
    xs.iter().map(|&s| Value::from(s)).collect()
}

fn bench(c: &mut Criterion) {
    let bound = [
        Value::from("Latte"),
        Value::Tuple(strs(&["vanilla syrup", "caramel"])),
        Value::from(3),
        Value::Dict(vec![
            (Value::from("milk_type"), Value::from("oat")),
            (Value::from("temperature"), Value::from("extra hot")),
        ]),
    ];
    c.bench_function("repr_of_a_binding_table", |b| {
        b.iter(|| {
            for v in black_box(&bound) {
                black_box(v.repr());
            }
        })
    });
    c.bench_function("set_display_of_three_strings", |b| {
        b.iter(|| {
            let items = strs(&["oat", "soy", "almond"])
                .into_iter()
                .map(Item::One)
                .collect();
            ops::set_display(items, true, &mut Budget::default(), |v, _| Ok(v)).expect("a set")
        })
    });
    c.bench_function("dict_display_of_two_pairs", |b| {
        b.iter(|| {
            let items = vec![
                DictItem::Pair(Value::from("milk"), Value::from("oat")),
                DictItem::Pair(Value::from("shots"), Value::from(2)),
            ];
            ops::dict_display(items, &mut Budget::default(), |v, _| Ok(v)).expect("a dict")
        })
    });
    c.bench_function("small_int_sum", |b| {
        b.iter(|| {
            ops::binary(
                BinaryOp::Add,
                black_box(Value::from(2)),
                Value::from(1),
                &mut Budget::default(),
            )
            .expect("3")
        })
    });
    c.bench_function("str_concatenation", |b| {
        b.iter(|| {
            ops::binary(
                BinaryOp::Add,
                black_box(Value::from("extra ")),
                Value::from("hot"),
                &mut Budget::default(),
            )
            .expect("a str")
        })
    });
    c.bench_function("int_of_text", |b| {
        b.iter(|| {
            builtins::call(
                Builtin::Int,
                vec![black_box(Value::from("3"))],
                vec![],
                &mut Budget::default(),
            )
            .expect("3")
        })
    });
    c.bench_function("round_of_a_float", |b| {
        b.iter(|| {
            builtins::call(
                Builtin::Round,
                vec![black_box(Value::Float(2.675)), Value::from(2)],
                vec![],
                &mut Budget::default(),
            )
            .expect("2.67")
        })
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);
