//! Measures matrix → quaternion and quaternion → matrix errors of this crate,
//! nalgebra, quaternion-core and the textbook (Chiaverini–Siciliano) formulas
//! against the committed 40-digit reference values.
//!
//! Run: `cargo run --release -p toolcup-rotation --example reference_accuracy`

#[path = "../tests/reference_data/mod.rs"]
mod reference_data;

use reference_data::{load, matrix_error, max_mean, quaternion_error};
use toolcup_rotation::{RotationMatrix, Tolerance, UnitQuaternion};

type Converter = fn(&[[f64; 3]; 3]) -> [f64; 4];
type MatrixMaker = fn([f64; 4]) -> [[f64; 3]; 3];

fn ours(r: &[[f64; 3]; 3]) -> [f64; 4] {
    match RotationMatrix::new(*r, Tolerance::default()) {
        Ok(m) => m.to_quaternion().into(),
        Err(_) => [f64::NAN; 4],
    }
}

fn nalgebra(r: &[[f64; 3]; 3]) -> [f64; 4] {
    let m = nalgebra::Matrix3::from_fn(|i, j| r[i][j]);
    let q = nalgebra::UnitQuaternion::from_rotation_matrix(
        &nalgebra::Rotation3::from_matrix_unchecked(m),
    );
    [q.w, q.i, q.j, q.k]
}

fn quaternion_core(r: &[[f64; 3]; 3]) -> [f64; 4] {
    let (w, [x, y, z]) = quaternion_core::from_dcm(*r);
    [w, x, y, z]
}

fn textbook(r: &[[f64; 3]; 3]) -> [f64; 4] {
    let [[r11, r12, r13], [r21, r22, r23], [r31, r32, r33]] = *r;
    let sgn = |v: f64| if v >= 0.0 { 1.0 } else { -1.0 };
    [
        0.5 * (1.0 + r11 + r22 + r33).sqrt(),
        0.5 * (1.0 + r11 - r22 - r33).sqrt() * sgn(r32 - r23),
        0.5 * (1.0 - r11 + r22 - r33).sqrt() * sgn(r13 - r31),
        0.5 * (1.0 - r11 - r22 + r33).sqrt() * sgn(r21 - r12),
    ]
}

/// Puts a foreign result in canonical sign (w ≥ 0, else first non-zero ≥ 0).
fn canonical(q: [f64; 4]) -> [f64; 4] {
    let lead = q.iter().copied().find(|v| *v != 0.0).unwrap_or(1.0);
    if lead < 0.0 { q.map(|v| -v) } else { q }
}

fn main() {
    let (m2q, q2m) = load();
    let converters: [(&str, Converter); 4] = [
        ("toolcup-rotation", ours),
        ("nalgebra", nalgebra),
        ("quaternion-core", quaternion_core),
        ("textbook", textbook),
    ];
    let groups = [
        ("random", "random"),
        ("half turns", "half-turn"),
        ("near half turns", "near-half-turn"),
        ("near identity", "near-identity"),
    ];
    println!("matrix -> quaternion, error = |q - q_exact| (Euclidean), canonical sign");
    println!(
        "{:<18} {:<16} {:>10} {:>10} {:>6} {:>11}",
        "library", "cases", "max", "mean", "NaN", "wrong sign"
    );
    for (name, convert) in converters {
        for (label, prefix) in groups {
            let mut errors = Vec::new();
            let (mut nan, mut wrong) = (0, 0);
            for case in m2q.iter().filter(|c| c.kind.starts_with(prefix)) {
                let q = canonical(convert(&case.rows));
                if q.iter().any(|v| v.is_nan()) {
                    nan += 1;
                    continue;
                }
                let dot: f64 = (0..4).map(|k| q[k] * case.quaternion[k].hi).sum();
                if dot < 0.0 {
                    wrong += 1;
                    continue;
                }
                errors.push(quaternion_error(q, &case.quaternion));
            }
            let (max, mean) = max_mean(&errors);
            println!("{name:<18} {label:<16} {max:>10.3e} {mean:>10.3e} {nan:>6} {wrong:>11}");
        }
    }
    println!();
    println!(
        "quaternion -> matrix, error = |R - R_exact| (Frobenius), {} cases",
        q2m.len()
    );
    let q2m_converters: [(&str, MatrixMaker); 3] = [
        ("toolcup-rotation", |q| {
            let u = UnitQuaternion::new(q[0], q[1], q[2], q[3]).expect("finite");
            RotationMatrix::from_quaternion(u).rows()
        }),
        ("nalgebra", |q| {
            let u = nalgebra::UnitQuaternion::new_unchecked(nalgebra::Quaternion::new(
                q[0], q[1], q[2], q[3],
            ));
            let m = u.to_rotation_matrix();
            [
                [m[(0, 0)], m[(0, 1)], m[(0, 2)]],
                [m[(1, 0)], m[(1, 1)], m[(1, 2)]],
                [m[(2, 0)], m[(2, 1)], m[(2, 2)]],
            ]
        }),
        ("quaternion-core", |q| {
            quaternion_core::to_dcm((q[0], [q[1], q[2], q[3]]))
        }),
    ];
    for (name, convert) in q2m_converters {
        let errors: Vec<f64> = q2m
            .iter()
            .map(|c| matrix_error(convert(c.quaternion), &c.rows))
            .collect();
        let (max, mean) = max_mean(&errors);
        println!("{name:<18} {max:>10.3e} {mean:>10.3e}");
    }
}
