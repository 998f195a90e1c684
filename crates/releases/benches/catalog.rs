//! What a `check` costs besides starting processes: parsing the embedded data
//! and answering for one version.

use criterion::{Criterion, criterion_group, criterion_main};
use std::hint::black_box;
use toolcup_releases::{DataSet, Date, Product, Version};

fn bench(c: &mut Criterion) {
    let data = DataSet::embedded();
    c.bench_function("parse python catalog (embedded)", |b| {
        b.iter(|| {
            black_box(&data)
                .catalog(Product::Python)
                .map(|c| c.cycles.len())
        })
    });
    c.bench_function("parse django catalog (embedded)", |b| {
        b.iter(|| {
            black_box(&data)
                .catalog(Product::Django)
                .map(|c| c.cycles.len())
        })
    });
    let python = data.catalog(Product::Python).expect("embedded data parses");
    let today = Date::new(2026, 11, 25).expect("valid date");
    let version = Version::new(3, 12, 1);
    c.bench_function("check one version", |b| {
        b.iter(|| python.check(black_box(version), today).map(|v| v.status))
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);
