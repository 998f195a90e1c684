//! Throughput of this crate beside nalgebra and quaternion-core, measured
//! interleaved (A, B, C, A, B, C, …) so that other load on a shared machine
//! hits every contender alike. Rates are the best of many rounds; the ratios
//! against nalgebra are the median of the per-round ratios (each round times
//! both contenders back to back). The criterion bench
//! (`benches/conversions.rs`) measures the same loops.
//!
//! Each direction also times a "memory floor": a loop that reads the same
//! input and writes the same output with no arithmetic (copying entries), the
//! most any conversion could reach on this machine at this size. Where the
//! contenders come close to it, the conversion is bound by memory, not by
//! its arithmetic.
//!
//! `cargo run --release -p toolcup-rotation --example speed_compare [ROUNDS [COUNT]]`
//! (defaults: 60 rounds of 65,536 rotations)

use std::hint::black_box;
use std::time::Instant;

use toolcup_rotation::{RotationMatrix, RotationSampler, UnitQuaternion, batch};

#[path = "../benches/support/processor.rs"]
mod support;
use support::processor;

/// Rotations per slice: 6.8 MB of input and output in all, more than a
/// core's L2 cache, as slices worth converting in bulk are.
const COUNT: usize = 65_536;
const ROUNDS: usize = 60;

/// Command-line argument `n` as a positive whole number, `default` when
/// absent; exits with a one-line error when it is something else.
fn positive_arg(n: usize, name: &str, default: usize) -> usize {
    match std::env::args().nth(n) {
        None => default,
        Some(a) => match a.parse::<usize>() {
            Ok(v) if v > 0 => v,
            _ => {
                eprintln!("speed_compare: {name} must be a positive whole number, got {a:?}");
                std::process::exit(2);
            }
        },
    }
}

/// The median of `values` (which must not be empty).
fn median(mut values: Vec<f64>) -> f64 {
    values.sort_by(f64::total_cmp);
    let n = values.len();
    if n % 2 == 1 {
        values[n / 2]
    } else {
        (values[n / 2 - 1] + values[n / 2]) / 2.0
    }
}

/// A named loop to time.
type Run<'a> = (&'static str, Box<dyn FnMut() + 'a>);

fn main() {
    let rounds = positive_arg(1, "ROUNDS", ROUNDS);
    let count = positive_arg(2, "COUNT", COUNT);
    let qs: Vec<UnitQuaternion> = RotationSampler::new(1).take(count).collect();
    let ours_m: Vec<RotationMatrix> = qs
        .iter()
        .map(|q| RotationMatrix::from_quaternion(*q))
        .collect();
    let na_m: Vec<nalgebra::Rotation3<f64>> = ours_m.iter().map(|m| (*m).into()).collect();
    let qc_m: Vec<[[f64; 3]; 3]> = ours_m.iter().map(|m| m.rows()).collect();
    let na_q: Vec<nalgebra::UnitQuaternion<f64>> = qs.iter().map(|q| (*q).into()).collect();
    let qc_q: Vec<(f64, [f64; 3])> = qs.iter().map(|q| (*q).into()).collect();

    let mut out_q = vec![UnitQuaternion::IDENTITY; count];
    let mut out_slice = vec![UnitQuaternion::IDENTITY; count];
    let slice_input = ours_m.clone();
    let mut out_na_q = vec![nalgebra::UnitQuaternion::identity(); count];
    let mut out_qc_q = vec![(1.0, [0.0; 3]); count];
    let mut out_m = vec![RotationMatrix::IDENTITY; count];
    let mut out_m_slice = vec![RotationMatrix::IDENTITY; count];
    let mut out_na_m = vec![nalgebra::Rotation3::identity(); count];
    let mut out_qc_m = vec![[[0.0; 3]; 3]; count];
    let mut out_copy_q = vec![[0.0; 4]; count];
    let mut out_copy_m = vec![[[0.0; 3]; 3]; count];

    let mut runs: Vec<Run> = vec![
        (
            "matrix -> quaternion  toolcup-rotation, one at a time",
            Box::new(|| {
                for (m, q) in black_box(&ours_m).iter().zip(out_q.iter_mut()) {
                    *q = m.to_quaternion();
                }
                black_box(&out_q);
            }),
        ),
        (
            "matrix -> quaternion  toolcup-rotation, slice",
            Box::new(|| {
                batch::matrices_to_quaternions(black_box(&slice_input), &mut out_slice)
                    .expect("equal lengths");
                black_box(&out_slice);
            }),
        ),
        (
            "matrix -> quaternion  nalgebra, one at a time",
            Box::new(|| {
                for (m, q) in black_box(&na_m).iter().zip(out_na_q.iter_mut()) {
                    *q = nalgebra::UnitQuaternion::from_rotation_matrix(m);
                }
                black_box(&out_na_q);
            }),
        ),
        (
            "matrix -> quaternion  quaternion-core, one at a time",
            Box::new(|| {
                for (m, q) in black_box(&qc_m).iter().zip(out_qc_q.iter_mut()) {
                    *q = quaternion_core::from_dcm(*m);
                }
                black_box(&out_qc_q);
            }),
        ),
        (
            "matrix -> quaternion  memory floor: 4 entries copied",
            Box::new(|| {
                for (m, q) in black_box(&qc_m).iter().zip(out_copy_q.iter_mut()) {
                    *q = [m[0][0], m[1][1], m[2][2], m[2][1]];
                }
                black_box(&out_copy_q);
            }),
        ),
        (
            "quaternion -> matrix  toolcup-rotation, one at a time",
            Box::new(|| {
                for (q, m) in black_box(&qs).iter().zip(out_m.iter_mut()) {
                    *m = RotationMatrix::from_quaternion(*q);
                }
                black_box(&out_m);
            }),
        ),
        (
            "quaternion -> matrix  toolcup-rotation, slice",
            Box::new(|| {
                batch::quaternions_to_matrices(black_box(&qs), &mut out_m_slice)
                    .expect("equal lengths");
                black_box(&out_m_slice);
            }),
        ),
        (
            "quaternion -> matrix  nalgebra, one at a time",
            Box::new(|| {
                for (q, m) in black_box(&na_q).iter().zip(out_na_m.iter_mut()) {
                    *m = q.to_rotation_matrix();
                }
                black_box(&out_na_m);
            }),
        ),
        (
            "quaternion -> matrix  quaternion-core, one at a time",
            Box::new(|| {
                for (q, m) in black_box(&qc_q).iter().zip(out_qc_m.iter_mut()) {
                    *m = quaternion_core::to_dcm(*q);
                }
                black_box(&out_qc_m);
            }),
        ),
    ];
    runs.push((
        "quaternion -> matrix  memory floor: components copied",
        Box::new(|| {
            for (q, m) in black_box(&qc_q).iter().zip(out_copy_m.iter_mut()) {
                let (w, [x, y, z]) = *q;
                *m = [[w, x, y], [z, w, x], [y, z, w]];
            }
            black_box(&out_copy_m);
        }),
    ));
    let mut times = vec![Vec::with_capacity(rounds); runs.len()];
    for _ in 0..rounds {
        for (k, (_, run)) in runs.iter_mut().enumerate() {
            let t = Instant::now();
            run();
            times[k].push(t.elapsed().as_secs_f64());
        }
    }
    let best = |k: usize| times[k].iter().copied().fold(f64::MAX, f64::min);
    let rate = |k: usize| count as f64 / best(k) / 1e6;
    // Ratio of throughputs, ours over nalgebra's, median over the rounds.
    let ratio = |ours: usize, theirs: usize| {
        median(
            times[ours]
                .iter()
                .zip(&times[theirs])
                .map(|(a, b)| b / a)
                .collect(),
        )
    };
    println!("processor: {}", processor());
    println!(
        "slice kernel chosen at run time: {}; built {}",
        batch::kernel(),
        if cfg!(target_feature = "avx2") {
            "with AVX2 enabled at compile time"
        } else {
            "for the baseline target"
        }
    );
    println!("{count} random rotations, {rounds} interleaved rounds; best rate of the rounds");
    for (k, (name, _)) in runs.iter().enumerate() {
        println!("{name:<56} {:>7.1} M/s", rate(k));
    }
    println!();
    println!("throughput / nalgebra's, median of the per-round ratios:");
    println!("matrix -> quaternion one at a time:  {:.2}x", ratio(0, 2));
    println!(
        "matrix -> quaternion slice:          {:.2}x (target >= 1.2x)",
        ratio(1, 2)
    );
    println!("matrix -> quaternion memory floor:   {:.2}x", ratio(4, 2));
    println!("quaternion -> matrix one at a time:  {:.2}x", ratio(5, 7));
    println!(
        "quaternion -> matrix slice:          {:.2}x (target >= 1.2x)",
        ratio(6, 7)
    );
    println!("quaternion -> matrix memory floor:   {:.2}x", ratio(9, 7));
}
