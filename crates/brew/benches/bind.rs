//! Parse and bind a typical counter call against the current signature.
//! Target: under 5 µs per call.

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use toolcup_brew::{Preset, Signature, bind_call, parse_call};

const TYPICAL: &str = r#"brew_coffee("Latte", "vanilla syrup", strength=3, milk_amount=2, milk_type="oat", temperature="extra hot")"#;

fn bench(c: &mut Criterion) {
    let sig = Signature::preset(Preset::Current);
    c.bench_function("parse_and_bind_typical_call", |b| {
        b.iter(|| bind_call(black_box(&sig), black_box(TYPICAL)).expect("the typical call binds"))
    });
    c.bench_function("parse_typical_call", |b| {
        b.iter(|| parse_call(black_box(TYPICAL)).expect("parses"))
    });
    let err = r#"brew_coffee("Americano", milk_amount=1, 4)"#;
    c.bench_function("parse_syntax_error", |b| {
        b.iter(|| parse_call(black_box(err)).expect_err("fails"))
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);
