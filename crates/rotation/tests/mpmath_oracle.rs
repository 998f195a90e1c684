//! Differential test against mpmath at 50 digits
//! (`scripts/rotation_mpmath_oracle.py`): fresh seeded inputs for every
//! conversion, each answer compared with the exact value of the same double
//! input. Skips with a printed reason where Python with mpmath is missing
//! (`scripts/setup --oracles` installs it); the committed 40-digit values of
//! `tests/accuracy.rs` keep the two matrix conversions checked everywhere.
//!
//! It also measures what the command line's `--tolerance` help states: a
//! matrix with rounding noise, used as given, against its nearest rotation.

use std::io::Write;
use std::path::PathBuf;
use std::process::{Command, Stdio};

use toolcup_rotation::{
    EulerConvention, EulerKind, OffRotation, RotationMatrix, RotationSampler, RotationVector,
    Tolerance, UnitQuaternion,
};

/// The Python to run: `TOOLCUP_ORACLE_PYTHON`, else the venv `scripts/setup
/// --oracles` makes; `None` with the reason when it lacks mpmath.
fn oracle_python() -> Result<PathBuf, String> {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..");
    let python = std::env::var_os("TOOLCUP_ORACLE_PYTHON")
        .map(PathBuf::from)
        .unwrap_or_else(|| root.join("target/oracle-venv/bin/python"));
    let ok = Command::new(&python)
        .args(["-c", "import mpmath"])
        .stderr(Stdio::null())
        .status()
        .map(|s| s.success())
        .unwrap_or(false);
    if ok {
        Ok(python)
    } else {
        Err(format!(
            "{} with mpmath not found (run scripts/setup --oracles or set TOOLCUP_ORACLE_PYTHON)",
            python.display()
        ))
    }
}

/// Sends the requests to the oracle and reads its exact answers: each a
/// list of values as `hi + lo`.
fn exact(python: &PathBuf, requests: &[String]) -> Vec<Vec<(f64, f64)>> {
    let script =
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../scripts/rotation_mpmath_oracle.py");
    let mut child = Command::new(python)
        .arg(script)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("the oracle starts");
    let input = requests.join("\n") + "\n";
    let mut stdin = child.stdin.take().expect("piped");
    let writer = std::thread::spawn(move || stdin.write_all(input.as_bytes()));
    let out = child.wait_with_output().expect("the oracle answers");
    writer.join().expect("writer").expect("requests written");
    assert!(out.status.success(), "the oracle failed");
    let text = String::from_utf8(out.stdout).expect("utf-8");
    let answers: Vec<Vec<(f64, f64)>> = text
        .lines()
        .map(|line| {
            let v: Vec<f64> = line
                .split(',')
                .map(|t| t.parse().expect("a double"))
                .collect();
            v.chunks(2).map(|p| (p[0], p[1])).collect()
        })
        .collect();
    assert_eq!(answers.len(), requests.len());
    answers
}

/// Euclidean distance of doubles from exact values.
fn error(ours: &[f64], exact: &[(f64, f64)]) -> f64 {
    let distance = |sign: f64| {
        ours.iter()
            .zip(exact)
            .map(|(x, (hi, lo))| ((sign * x - hi) - lo).powi(2))
            .sum::<f64>()
            .sqrt()
    };
    // A quaternion whose exact w is within rounding of 0 (a double matrix
    // of a half turn is a few 1e-17 off one) has no sign to get right: q
    // and -q are the same rotation. Everywhere else the sign counts.
    if ours.len() == 4 && exact[0].0.abs() < 1e-15 {
        distance(1.0).min(distance(-1.0))
    } else {
        distance(1.0)
    }
}

fn csv(values: &[f64]) -> String {
    values
        .iter()
        .map(|v| format!("{v:?}"))
        .collect::<Vec<_>>()
        .join(",")
}

/// Largest and median of a list of errors.
fn max_median(mut errors: Vec<f64>) -> (f64, f64) {
    errors.sort_by(f64::total_cmp);
    (errors[errors.len() - 1], errors[errors.len() / 2])
}

struct Case {
    name: &'static str,
    requests: Vec<String>,
    ours: Vec<Vec<f64>>,
    bound: f64,
}

fn conventions() -> Vec<EulerConvention> {
    let mut all = EulerConvention::all(EulerKind::Extrinsic).to_vec();
    all.extend(EulerConvention::all(EulerKind::Intrinsic));
    all
}

#[test]
fn every_conversion_against_mpmath() {
    let python = match oracle_python() {
        Ok(p) => p,
        Err(reason) => {
            println!("skipped: {reason}");
            return;
        }
    };
    let mut rng = RotationSampler::new(2026);
    let quaternions: Vec<UnitQuaternion> = (0..960).map(|_| rng.next_quaternion()).collect();
    let mut cases = Vec::new();

    // Matrix -> quaternion: double matrices of random rotations, and half
    // turns about random axes (w = 0 exactly), where the textbook fails.
    let mut m2q = Case {
        name: "matrix -> quaternion",
        requests: Vec::new(),
        ours: Vec::new(),
        bound: 2e-16,
    };
    for (i, q) in quaternions[..600].iter().enumerate() {
        let q = if i % 5 == 0 {
            let [_, x, y, z] = <[f64; 4]>::from(*q);
            UnitQuaternion::new(0.0, x, y, z).expect("non-zero")
        } else {
            *q
        };
        let m = RotationMatrix::from_quaternion(q);
        m2q.requests.push(format!("m2q,{}", csv(&m.to_row_major())));
        m2q.ours.push(<[f64; 4]>::from(m.to_quaternion()).to_vec());
    }
    cases.push(m2q);

    let mut q2m = Case {
        name: "quaternion -> matrix",
        requests: Vec::new(),
        ours: Vec::new(),
        bound: 6e-16,
    };
    for q in &quaternions[..500] {
        let v = <[f64; 4]>::from(*q);
        q2m.requests.push(format!("q2m,{}", csv(&v)));
        q2m.ours
            .push(RotationMatrix::from_quaternion(*q).to_row_major().to_vec());
    }
    cases.push(q2m);

    let mut e2q = Case {
        name: "Euler angles -> quaternion",
        requests: Vec::new(),
        ours: Vec::new(),
        bound: 4e-16,
    };
    let mut q2e = Case {
        name: "quaternion -> Euler angles (middle angle 1e-3 or more from singular)",
        requests: Vec::new(),
        ours: Vec::new(),
        bound: 2e-15,
    };
    let pi = std::f64::consts::PI;
    for (n, c) in conventions().into_iter().enumerate() {
        for k in 0..40 {
            let mut angle = || (rng.next_unit_interval() - 0.5) * 2.0 * pi;
            let a = [angle(), angle(), angle()];
            e2q.requests.push(format!("e2q,{c},{}", csv(&a)));
            e2q.ours
                .push(<[f64; 4]>::from(c.to_quaternion(a).expect("finite")).to_vec());
            let q = quaternions[(40 * n + k) % quaternions.len()];
            let e = c.from_quaternion(q);
            let proper = c.axes()[0] == c.axes()[2];
            let singular = if proper {
                e.angles[1].min(pi - e.angles[1])
            } else {
                pi / 2.0 - e.angles[1].abs()
            };
            if singular > 1e-3 {
                q2e.requests
                    .push(format!("q2e,{c},{}", csv(&<[f64; 4]>::from(q))));
                q2e.ours.push(e.angles.to_vec());
            }
        }
    }
    cases.push(e2q);
    cases.push(q2e);

    let mut v2q = Case {
        name: "rotation vector -> quaternion",
        requests: Vec::new(),
        ours: Vec::new(),
        bound: 4e-16,
    };
    let mut q2v = Case {
        name: "quaternion -> rotation vector",
        requests: Vec::new(),
        ours: Vec::new(),
        bound: 2e-15,
    };
    for (i, q) in quaternions[..600].iter().enumerate() {
        // Ordinary, tiny (1e-9 rad) and near-half-turn rotations.
        let scale = [1.0, 1e-9, 1.0][i % 3];
        let v = RotationVector::from_quaternion(*q)
            .vector()
            .map(|c| c * scale);
        let v = if i % 3 == 2 {
            let n = v.iter().map(|c| c * c).sum::<f64>().sqrt();
            v.map(|c| c / n * (pi - 1e-7))
        } else {
            v
        };
        v2q.requests.push(format!("v2q,{}", csv(&v)));
        v2q.ours.push(
            <[f64; 4]>::from(RotationVector::new(v).expect("finite").to_quaternion()).to_vec(),
        );
        q2v.requests
            .push(format!("q2v,{}", csv(&<[f64; 4]>::from(*q))));
        q2v.ours
            .push(RotationVector::from_quaternion(*q).vector().to_vec());
    }
    cases.push(v2q);
    cases.push(q2v);

    for case in cases {
        let answers = exact(&python, &case.requests);
        let errors: Vec<f64> = case
            .ours
            .iter()
            .zip(&answers)
            .map(|(ours, exact)| error(ours, exact))
            .collect();
        let (max, median) = max_median(errors);
        println!("{:<70} max {max:.2e}  median {median:.2e}", case.name);
        assert!(
            max <= case.bound,
            "{}: {max:e} > {:e}",
            case.name,
            case.bound
        );
    }
}

/// What `--tolerance` costs: a matrix of a random rotation with every entry
/// moved by up to ±1e-9 (uniformly), converted as given (within the default
/// tolerance) and through its nearest rotation (`--tolerance 0 --nearest`),
/// each against the exact quaternion of the nearest rotation.
#[test]
fn noisy_matrices_as_given_and_through_the_nearest_rotation() {
    let python = match oracle_python() {
        Ok(p) => p,
        Err(reason) => {
            println!("skipped: {reason}");
            return;
        }
    };
    let mut rng = RotationSampler::new(9);
    let noise = 1e-9;
    let (mut requests, mut given, mut nearest) = (Vec::new(), Vec::new(), Vec::new());
    for _ in 0..500 {
        let q = rng.next_quaternion();
        let mut rows = RotationMatrix::from_quaternion(q).rows();
        for row in rows.iter_mut() {
            for e in row.iter_mut() {
                *e += noise * (2.0 * rng.next_unit_interval() - 1.0);
            }
        }
        let flat: Vec<f64> = rows.iter().flatten().copied().collect();
        requests.push(format!("m2q,{}", csv(&flat)));
        let as_given = RotationMatrix::check(rows, Tolerance::default(), OffRotation::Refuse)
            .expect("within the default tolerance");
        given.push(<[f64; 4]>::from(as_given.to_quaternion()));
        let zero = Tolerance::new(0.0).expect("valid");
        let repaired = RotationMatrix::check(rows, zero, OffRotation::Nearest).expect("invertible");
        nearest.push(<[f64; 4]>::from(repaired.to_quaternion()));
    }
    let answers = exact(&python, &requests);
    let errors = |ours: &[[f64; 4]]| {
        max_median(
            ours.iter()
                .zip(&answers)
                .map(|(q, exact)| error(q, exact))
                .collect(),
        )
    };
    let (given_max, given_median) = errors(&given);
    let (nearest_max, nearest_median) = errors(&nearest);
    println!(
        "noise ±{noise:e}: as given max {given_max:.2e} median {given_median:.2e}; \
         nearest max {nearest_max:.2e} median {nearest_median:.2e}"
    );
    // As given, the answer keeps a good part of the noise; through the
    // nearest rotation, about one rounding.
    assert!(given_max > 1e-10 && given_max < 2e-9, "{given_max:e}");
    assert!(nearest_max < 2e-15, "{nearest_max:e}");
}
