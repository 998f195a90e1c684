//! Reader of `tests/data/reference.csv` (made by scripts/rotation_reference.py
//! with mpmath at 40 digits). Shared by the accuracy test and the
//! `reference_accuracy` example.

#![allow(dead_code)]

use std::path::PathBuf;

/// A double-double value: `hi + lo` is the exact value to about 1e-32.
#[derive(Debug, Clone, Copy)]
pub struct Exact {
    pub hi: f64,
    pub lo: f64,
}

impl Exact {
    /// `x − exact`, with no rounding error worth speaking of when x is close.
    pub fn error_of(self, x: f64) -> f64 {
        (x - self.hi) - self.lo
    }
}

/// Matrix to quaternion: a double matrix and the exact canonical quaternion
/// of its nearest rotation.
#[derive(Debug, Clone)]
pub struct MatrixCase {
    pub kind: String,
    pub rows: [[f64; 3]; 3],
    pub quaternion: [Exact; 4],
}

/// Quaternion to matrix: a double quaternion and its exact matrix.
#[derive(Debug, Clone)]
pub struct QuaternionCase {
    pub kind: String,
    pub quaternion: [f64; 4],
    pub rows: [[Exact; 3]; 3],
}

pub fn path() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/data/reference.csv")
}

pub fn load() -> (Vec<MatrixCase>, Vec<QuaternionCase>) {
    let text = std::fs::read_to_string(path()).expect("reference.csv is committed");
    let mut m2q = Vec::new();
    let mut q2m = Vec::new();
    for (n, line) in text.lines().enumerate() {
        if line.starts_with('#') || line.trim().is_empty() {
            continue;
        }
        let fields: Vec<&str> = line.split(',').collect();
        let nums: Vec<f64> = fields[2..]
            .iter()
            .map(|f| {
                f.parse()
                    .unwrap_or_else(|_| panic!("line {}: bad number {f}", n + 1))
            })
            .collect();
        let exact = |i: usize| Exact {
            hi: nums[i],
            lo: nums[i + 1],
        };
        match fields[0] {
            "m2q" => {
                assert_eq!(nums.len(), 17, "line {}", n + 1);
                m2q.push(MatrixCase {
                    kind: fields[1].to_string(),
                    rows: [
                        [nums[0], nums[1], nums[2]],
                        [nums[3], nums[4], nums[5]],
                        [nums[6], nums[7], nums[8]],
                    ],
                    quaternion: [exact(9), exact(11), exact(13), exact(15)],
                });
            }
            "q2m" => {
                assert_eq!(nums.len(), 22, "line {}", n + 1);
                let e = |i: usize, j: usize| exact(4 + 2 * (3 * i + j));
                q2m.push(QuaternionCase {
                    kind: fields[1].to_string(),
                    quaternion: [nums[0], nums[1], nums[2], nums[3]],
                    rows: [
                        [e(0, 0), e(0, 1), e(0, 2)],
                        [e(1, 0), e(1, 1), e(1, 2)],
                        [e(2, 0), e(2, 1), e(2, 2)],
                    ],
                });
            }
            other => panic!("line {}: unknown record {other}", n + 1),
        }
    }
    (m2q, q2m)
}

/// Euclidean error of a scalar-first quaternion against the exact one.
pub fn quaternion_error(q: [f64; 4], exact: &[Exact; 4]) -> f64 {
    (0..4)
        .map(|k| exact[k].error_of(q[k]).powi(2))
        .sum::<f64>()
        .sqrt()
}

/// Largest component error of a scalar-first quaternion.
pub fn quaternion_max_component_error(q: [f64; 4], exact: &[Exact; 4]) -> f64 {
    (0..4)
        .map(|k| exact[k].error_of(q[k]).abs())
        .fold(0.0, f64::max)
}

/// Frobenius error of a matrix against the exact one.
pub fn matrix_error(r: [[f64; 3]; 3], exact: &[[Exact; 3]; 3]) -> f64 {
    let mut s = 0.0;
    for i in 0..3 {
        for j in 0..3 {
            s += exact[i][j].error_of(r[i][j]).powi(2);
        }
    }
    s.sqrt()
}

/// Max and mean of a list.
pub fn max_mean(errors: &[f64]) -> (f64, f64) {
    let max = errors.iter().copied().fold(0.0, f64::max);
    let mean = errors.iter().sum::<f64>() / errors.len() as f64;
    (max, mean)
}
