//! Accuracy against the committed 40-digit reference values and over a
//! million seeded random round trips; robustness at the hard places.

mod reference_data;

use std::ops::ControlFlow;

use reference_data::{load, matrix_error, max_mean, quaternion_error};
use toolcup_rotation::accuracy::{frobenius_distance, quaternion_distance, round_trip_experiment};
use toolcup_rotation::{
    AxisAngle, OffRotation, RotationMatrix, RotationSampler, Tolerance, UnitQuaternion,
};

fn to_quaternion(rows: [[f64; 3]; 3]) -> [f64; 4] {
    RotationMatrix::new(rows, Tolerance::default())
        .expect("reference matrices are rotations")
        .to_quaternion()
        .into()
}

#[test]
fn matrix_to_quaternion_against_exact_reference() {
    let (m2q, _) = load();
    let random: Vec<f64> = m2q
        .iter()
        .filter(|c| c.kind == "random")
        .map(|c| quaternion_error(to_quaternion(c.rows), &c.quaternion))
        .collect();
    assert_eq!(random.len(), 1000);
    let (max, mean) = max_mean(&random);
    println!("random: max {max:.3e}, mean {mean:.3e}");
    assert!(max <= 2e-16, "max error {max:e} > 2e-16");
    assert!(mean <= 6e-17, "mean error {mean:e} > 6e-17");
    // The hard cases: same bound on the largest error, and every sign right
    // (a wrong sign would show as an error near 2).
    for case in m2q.iter().filter(|c| c.kind != "random") {
        let e = quaternion_error(to_quaternion(case.rows), &case.quaternion);
        assert!(e <= 2e-16, "{}: error {e:e}", case.kind);
    }
}

#[test]
fn exact_half_turns_come_back_with_an_exact_zero_scalar() {
    let (m2q, _) = load();
    for case in m2q.iter().filter(|c| c.kind.starts_with("half-turn")) {
        let q = to_quaternion(case.rows);
        assert_eq!(q[0], 0.0, "{}", case.kind);
        let lead = q.iter().copied().find(|v| *v != 0.0).expect("non-zero");
        assert!(lead > 0.0);
    }
}

#[test]
fn quaternion_to_matrix_against_exact_reference() {
    let (_, q2m) = load();
    let errors: Vec<f64> = q2m
        .iter()
        .map(|c| {
            let [w, x, y, z] = c.quaternion;
            let q = UnitQuaternion::new(w, x, y, z).expect("finite");
            matrix_error(RotationMatrix::from_quaternion(q).rows(), &c.rows)
        })
        .collect();
    let (max, mean) = max_mean(&errors);
    println!("q -> R: max {max:.3e}, mean {mean:.3e}");
    // Measured 4.3e-16 / 1.8e-16; one ulp of 1 per entry would be 6.7e-16.
    assert!(max <= 6e-16 && mean <= 2.5e-16);
}

#[test]
fn a_million_random_round_trips() {
    let report = round_trip_experiment(1_000_000, 20261125, &mut |_| ControlFlow::Continue(()))
        .expect("runs");
    let q = &report.quaternion_round_trip;
    let r = &report.matrix_round_trip;
    println!(
        "q->R->q max {:.3e} mean {:.3e}; R->q->R max {:.3e} mean {:.3e}; norm {:.3e}",
        q.max, q.mean, r.max, r.mean, report.max_norm_error
    );
    assert_eq!((q.nan, r.nan), (0, 0));
    assert!(q.max <= 6e-16, "q -> R -> q max {:e}", q.max);
    assert!(r.max <= 1.5e-15, "R -> q -> R max {:e}", r.max);
    assert!(
        report.max_norm_error <= 5e-16,
        "norm {:e}",
        report.max_norm_error
    );
}

/// Converts `q` to a matrix and back; checks no NaN, the canonical sign, the
/// norm, and closeness to `q`.
fn check_round_trip(q: UnitQuaternion, what: &str, tolerance: f64) {
    let q = q.canonical();
    let back = RotationMatrix::from_quaternion(q).to_quaternion();
    let b: [f64; 4] = back.into();
    assert!(b.iter().all(|v| v.is_finite()), "{what}: NaN for {q}");
    let e = quaternion_distance(q.into(), b);
    assert!(
        e <= tolerance,
        "{what}: {q} came back as {back} (error {e:e})"
    );
    assert!(
        (back.norm() - 1.0).abs() <= 5e-16,
        "{what}: norm {}",
        back.norm()
    );
}

#[test]
fn half_turns_about_coordinate_and_random_axes() {
    let pi = std::f64::consts::PI;
    for axis in [
        [1.0, 0.0, 0.0],
        [0.0, 1.0, 0.0],
        [0.0, 0.0, 1.0],
        [-1.0, 0.0, 0.0],
    ] {
        let q = UnitQuaternion::new(0.0, axis[0], axis[1], axis[2]).expect("unit");
        check_round_trip(q, "coordinate half turn", 0.0);
        // Through sin/cos: w = cos(π/2) = 6.1e-17, not 0.
        check_round_trip(
            AxisAngle::new(axis, pi).expect("valid").to_quaternion(),
            "pi",
            6e-16,
        );
    }
    let mut s = RotationSampler::new(5);
    for _ in 0..100_000 {
        let v = s.next_quaternion();
        let q = UnitQuaternion::new(0.0, v.x(), v.y(), v.z()).expect("non-zero");
        check_round_trip(q, "random half turn", 6e-16);
    }
}

#[test]
fn within_a_microradian_to_a_picoradian_of_half_turns() {
    let mut s = RotationSampler::new(6);
    for exponent in 6..=12 {
        for _ in 0..20_000 {
            let axis = AxisAngle::from_quaternion(s.next_quaternion()).axis();
            let delta = 10f64.powi(-exponent) * (1.0 + s.next_unit_interval());
            let sign = if s.next_unit_interval() < 0.5 {
                1.0
            } else {
                -1.0
            };
            let q = AxisAngle::new(axis, std::f64::consts::PI + sign * delta)
                .expect("valid")
                .to_quaternion();
            check_round_trip(q, "near half turn", 6e-16);
        }
    }
}

#[test]
fn near_identity() {
    let mut s = RotationSampler::new(8);
    for exponent in 3..=16 {
        for _ in 0..5_000 {
            let axis = AxisAngle::from_quaternion(s.next_quaternion()).axis();
            let angle = 10f64.powi(-exponent) * (s.next_unit_interval() - 0.5);
            let q = AxisAngle::new(axis, angle).expect("valid").to_quaternion();
            check_round_trip(q, "near identity", 6e-16);
        }
    }
}

#[test]
fn matrices_perturbed_by_1e_9_noise() {
    let mut s = RotationSampler::new(9);
    let special = [
        UnitQuaternion::new(0.0, 1.0, 0.0, 0.0).expect("unit"),
        UnitQuaternion::new(0.0, 0.0, 0.0, 1.0).expect("unit"),
        UnitQuaternion::new(0.0, 1.0, 1.0, 1.0).expect("unit"),
        UnitQuaternion::IDENTITY,
    ];
    for n in 0..100_000 {
        let q = if n < 4000 {
            special[n % 4]
        } else {
            s.next_quaternion()
        };
        let mut rows = RotationMatrix::from_quaternion(q).rows();
        for row in rows.iter_mut() {
            for e in row.iter_mut() {
                *e += 1e-9 * (2.0 * s.next_unit_interval() - 1.0);
            }
        }
        let m = RotationMatrix::check(rows, Tolerance::default(), OffRotation::Refuse)
            .expect("1e-9 noise is within the default tolerance");
        let back = m.to_quaternion();
        let b: [f64; 4] = back.into();
        assert!(b.iter().all(|v| v.is_finite()));
        assert!((back.norm() - 1.0).abs() <= 5e-16);
        // Same rotation to about the noise level: the angle between them.
        assert!(back.angle_to(q) < 1e-8, "{q} -> {back}");
        // Sign: canonical, and the same as q's unless q is a half turn
        // (where noise may legitimately pick either side of w = 0).
        if q.w() > 1e-6 {
            assert!(back.dot(q) > 0.0);
        }
        assert!(back.w() >= 0.0);
        let r2 = RotationMatrix::from_quaternion(back).rows();
        assert!(frobenius_distance(&rows, &r2) < 1e-8);
    }
}
