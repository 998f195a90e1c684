//! Conversion throughput beside nalgebra and quaternion-core, in one run, on
//! 65,536 seeded random rotations (too many for the branch predictor to
//! learn).
//!
//! `cargo bench -p toolcup-rotation --bench conversions -- --warm-up-time 1 --measurement-time 3`
//!
//! Prints the processor model and the slice kernel chosen at run time first:
//! the ratios depend on both.

use std::hint::black_box;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use toolcup_rotation::{RotationMatrix, RotationSampler, UnitQuaternion, batch};

#[path = "support/processor.rs"]
mod support;
use support::processor;

const COUNT: usize = 65_536;

fn matrix_to_quaternion(c: &mut Criterion) {
    println!(
        "processor: {}; slice kernel chosen at run time: {}",
        processor(),
        batch::kernel()
    );
    let qs: Vec<UnitQuaternion> = RotationSampler::new(1).take(COUNT).collect();
    let ours: Vec<RotationMatrix> = qs
        .iter()
        .map(|q| RotationMatrix::from_quaternion(*q))
        .collect();
    let na: Vec<nalgebra::Rotation3<f64>> = ours.iter().map(|m| (*m).into()).collect();
    let qc: Vec<[[f64; 3]; 3]> = ours.iter().map(|m| m.rows()).collect();
    let mut out = vec![UnitQuaternion::IDENTITY; COUNT];
    let mut out_na = vec![nalgebra::UnitQuaternion::identity(); COUNT];
    let mut out_qc = vec![(1.0, [0.0; 3]); COUNT];

    let mut g = c.benchmark_group("matrix_to_quaternion");
    g.throughput(Throughput::Elements(COUNT as u64));
    g.bench_function("toolcup-rotation/one-at-a-time", |b| {
        b.iter(|| {
            for (m, q) in black_box(&ours).iter().zip(out.iter_mut()) {
                *q = m.to_quaternion();
            }
            black_box(&out);
        })
    });
    g.bench_function("toolcup-rotation/slice", |b| {
        b.iter(|| {
            batch::matrices_to_quaternions(black_box(&ours), &mut out).expect("equal lengths");
            black_box(&out);
        })
    });
    g.bench_function("nalgebra/one-at-a-time", |b| {
        b.iter(|| {
            for (m, q) in black_box(&na).iter().zip(out_na.iter_mut()) {
                *q = nalgebra::UnitQuaternion::from_rotation_matrix(m);
            }
            black_box(&out_na);
        })
    });
    g.bench_function("quaternion-core/one-at-a-time", |b| {
        b.iter(|| {
            for (m, q) in black_box(&qc).iter().zip(out_qc.iter_mut()) {
                *q = quaternion_core::from_dcm(*m);
            }
            black_box(&out_qc);
        })
    });
    g.finish();
}

fn quaternion_to_matrix(c: &mut Criterion) {
    let ours: Vec<UnitQuaternion> = RotationSampler::new(2).take(COUNT).collect();
    let na: Vec<nalgebra::UnitQuaternion<f64>> = ours.iter().map(|q| (*q).into()).collect();
    let qc: Vec<(f64, [f64; 3])> = ours.iter().map(|q| (*q).into()).collect();
    let mut out = vec![RotationMatrix::IDENTITY; COUNT];
    let mut out_na = vec![nalgebra::Rotation3::identity(); COUNT];
    let mut out_qc = vec![[[0.0; 3]; 3]; COUNT];

    let mut g = c.benchmark_group("quaternion_to_matrix");
    g.throughput(Throughput::Elements(COUNT as u64));
    g.bench_function("toolcup-rotation/one-at-a-time", |b| {
        b.iter(|| {
            for (q, m) in black_box(&ours).iter().zip(out.iter_mut()) {
                *m = RotationMatrix::from_quaternion(*q);
            }
            black_box(&out);
        })
    });
    g.bench_function("toolcup-rotation/slice", |b| {
        b.iter(|| {
            batch::quaternions_to_matrices(black_box(&ours), &mut out).expect("equal lengths");
            black_box(&out);
        })
    });
    g.bench_function("nalgebra/one-at-a-time", |b| {
        b.iter(|| {
            for (q, m) in black_box(&na).iter().zip(out_na.iter_mut()) {
                *m = q.to_rotation_matrix();
            }
            black_box(&out_na);
        })
    });
    g.bench_function("quaternion-core/one-at-a-time", |b| {
        b.iter(|| {
            for (q, m) in black_box(&qc).iter().zip(out_qc.iter_mut()) {
                *m = quaternion_core::to_dcm(*q);
            }
            black_box(&out_qc);
        })
    });
    g.finish();
}

criterion_group!(benches, matrix_to_quaternion, quaternion_to_matrix);
criterion_main!(benches);
