//! Property tests for every conversion pair, against deliberately naive
//! references (elementary rotation matrices multiplied out, Shepperd's
//! branchy method, slerp by `acos`).

use proptest::prelude::*;
use toolcup_rotation::text::parse_numbers;
use toolcup_rotation::{
    AxisAngle, EulerConvention, EulerKind, RotationMatrix, RotationVector, ScalarOrder, Tolerance,
    UnitQuaternion, batch,
};

fn quaternion() -> impl Strategy<Value = UnitQuaternion> {
    prop::array::uniform4(-1.0f64..1.0)
        .prop_filter("non-zero", |v| v.iter().map(|c| c * c).sum::<f64>() > 1e-6)
        .prop_map(|v| UnitQuaternion::from_array(v, ScalarOrder::ScalarFirst).expect("non-zero"))
}

/// The bit patterns, so that `-0.0` and `0.0` differ.
fn bits<const N: usize>(v: [f64; N]) -> [u64; N] {
    v.map(f64::to_bits)
}

fn matmul(a: [[f64; 3]; 3], b: [[f64; 3]; 3]) -> [[f64; 3]; 3] {
    let mut c = [[0.0; 3]; 3];
    for i in 0..3 {
        for j in 0..3 {
            c[i][j] = (0..3).map(|k| a[i][k] * b[k][j]).sum();
        }
    }
    c
}

fn max_diff(a: [[f64; 3]; 3], b: [[f64; 3]; 3]) -> f64 {
    let mut m: f64 = 0.0;
    for i in 0..3 {
        for j in 0..3 {
            m = m.max((a[i][j] - b[i][j]).abs());
        }
    }
    m
}

/// Naive: the textbook elementary matrix about coordinate axis `k`.
fn elementary(k: usize, angle: f64) -> [[f64; 3]; 3] {
    let (s, c) = angle.sin_cos();
    match k {
        0 => [[1.0, 0.0, 0.0], [0.0, c, -s], [0.0, s, c]],
        1 => [[c, 0.0, s], [0.0, 1.0, 0.0], [-s, 0.0, c]],
        _ => [[c, -s, 0.0], [s, c, 0.0], [0.0, 0.0, 1.0]],
    }
}

/// Naive: Shepperd's method with branches, then the canonical sign.
fn shepperd(r: [[f64; 3]; 3]) -> [f64; 4] {
    let t = [
        1.0 + r[0][0] + r[1][1] + r[2][2],
        1.0 + r[0][0] - r[1][1] - r[2][2],
        1.0 - r[0][0] + r[1][1] - r[2][2],
        1.0 - r[0][0] - r[1][1] + r[2][2],
    ];
    let k = (0..4).fold(0, |b, i| if t[i] > t[b] { i } else { b });
    let s = 2.0 * t[k].sqrt();
    let q = match k {
        0 => [
            s / 4.0,
            (r[2][1] - r[1][2]) / s,
            (r[0][2] - r[2][0]) / s,
            (r[1][0] - r[0][1]) / s,
        ],
        1 => [
            (r[2][1] - r[1][2]) / s,
            s / 4.0,
            (r[0][1] + r[1][0]) / s,
            (r[0][2] + r[2][0]) / s,
        ],
        2 => [
            (r[0][2] - r[2][0]) / s,
            (r[0][1] + r[1][0]) / s,
            s / 4.0,
            (r[1][2] + r[2][1]) / s,
        ],
        _ => [
            (r[1][0] - r[0][1]) / s,
            (r[0][2] + r[2][0]) / s,
            (r[1][2] + r[2][1]) / s,
            s / 4.0,
        ],
    };
    let lead = q.iter().copied().find(|v| v.abs() > 1e-12).unwrap_or(1.0);
    if lead < 0.0 { q.map(|v| -v) } else { q }
}

fn all_conventions() -> Vec<EulerConvention> {
    let mut v = EulerConvention::all(EulerKind::Extrinsic).to_vec();
    v.extend(EulerConvention::all(EulerKind::Intrinsic));
    v
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(500))]

    #[test]
    fn quaternion_matrix_quaternion(q in quaternion()) {
        let back = RotationMatrix::from_quaternion(q).to_quaternion();
        let c: [f64; 4] = q.canonical().into();
        let b: [f64; 4] = back.into();
        for k in 0..4 {
            prop_assert!((c[k] - b[k]).abs() < 1e-15);
        }
    }

    #[test]
    fn matrix_to_quaternion_agrees_with_shepperd(q in quaternion()) {
        let r = RotationMatrix::from_quaternion(q);
        let ours: [f64; 4] = r.to_quaternion().into();
        let naive = shepperd(r.rows());
        for k in 0..4 {
            prop_assert!((ours[k] - naive[k]).abs() < 1e-14, "{ours:?} vs {naive:?}");
        }
    }

    #[test]
    fn scalar_order_round_trips(q in quaternion()) {
        let last = q.to_array(ScalarOrder::ScalarLast);
        prop_assert_eq!(UnitQuaternion::from_array(last, ScalarOrder::ScalarLast).expect("unit"), q);
        prop_assert_eq!(last[3], q.w());
    }

    #[test]
    fn composition_inverse_and_rotation_match_matrices(
        a in quaternion(), b in quaternion(), v in prop::array::uniform3(-10.0f64..10.0)
    ) {
        let (ra, rb) = (RotationMatrix::from_quaternion(a), RotationMatrix::from_quaternion(b));
        let rab = RotationMatrix::from_quaternion(a * b);
        prop_assert!(max_diff(rab.rows(), matmul(ra.rows(), rb.rows())) < 1e-14);
        prop_assert!(max_diff(RotationMatrix::from_quaternion(a.inverse()).rows(), ra.inverse().rows()) < 1e-15);
        let (x, y) = (a.rotate(v), ra.rotate(v));
        for k in 0..3 {
            prop_assert!((x[k] - y[k]).abs() < 1e-13);
        }
        let r = (ra * rb).rotate(v);
        let s = a.rotate(b.rotate(v));
        for k in 0..3 {
            prop_assert!((r[k] - s[k]).abs() < 1e-13);
        }
    }

    #[test]
    fn axis_angle_both_ways(axis in prop::array::uniform3(-1.0f64..1.0), angle in 0.0f64..std::f64::consts::PI) {
        prop_assume!(axis.iter().map(|c| c * c).sum::<f64>() > 1e-6);
        let a = AxisAngle::new(axis, angle).expect("valid");
        let q = a.to_quaternion();
        // Naive reference: Rodrigues' formula.
        let [x, y, z] = a.axis();
        let (s, c) = angle.sin_cos();
        let t = 1.0 - c;
        let rodrigues = [
            [c + x * x * t, x * y * t - z * s, x * z * t + y * s],
            [y * x * t + z * s, c + y * y * t, y * z * t - x * s],
            [z * x * t - y * s, z * y * t + x * s, c + z * z * t],
        ];
        prop_assert!(max_diff(RotationMatrix::from_quaternion(q).rows(), rodrigues) < 1e-14);
        let back = AxisAngle::from_quaternion(q);
        prop_assert!((back.angle() - angle).abs() < 1e-14);
        if angle > 1e-6 {
            for k in 0..3 {
                prop_assert!((back.axis()[k] - a.axis()[k]).abs() < 1e-9);
            }
        }
        prop_assert!(AxisAngle::from(q).to_quaternion().angle_to(q) < 1e-15);
    }

    #[test]
    fn rotation_vector_both_ways(q in quaternion()) {
        let v = RotationVector::from_quaternion(q);
        let n = v.vector().iter().map(|c| c * c).sum::<f64>().sqrt();
        prop_assert!(n <= std::f64::consts::PI + 1e-15);
        prop_assert!(v.to_quaternion().angle_to(q) < 1e-14);
        let aa = AxisAngle::from_quaternion(q);
        prop_assert!((aa.angle() - n).abs() < 1e-14);
    }

    #[test]
    fn euler_both_ways_for_all_24(angles in prop::array::uniform3(-3.1f64..3.1), q in quaternion()) {
        for c in all_conventions() {
            // Angles to rotation against multiplied-out elementary matrices.
            let axes = c.axes().map(|a| match a {
                toolcup_rotation::Axis::X => 0,
                toolcup_rotation::Axis::Y => 1,
                toolcup_rotation::Axis::Z => 2,
            });
            let m = [0, 1, 2].map(|k| elementary(axes[k], angles[k]));
            let naive = match c.kind() {
                EulerKind::Extrinsic => matmul(m[2], matmul(m[1], m[0])),
                EulerKind::Intrinsic => matmul(m[0], matmul(m[1], m[2])),
            };
            let ours = RotationMatrix::from_quaternion(c.to_quaternion(angles).expect("finite"));
            prop_assert!(max_diff(ours.rows(), naive) < 1e-14, "{c}");
            // Rotation to angles and back is the same rotation, never NaN.
            let e = c.from_quaternion(q);
            prop_assert!(e.angles.iter().all(|a| a.is_finite()));
            let back = c.to_quaternion(e.angles).expect("finite");
            let tol = if e.gimbal_lock { 1e-6 } else { 1e-14 };
            prop_assert!(back.angle_to(q) < tol, "{c}: {:?}", e.angles);
        }
    }

    #[test]
    fn slerp_matches_acos_formula(a in quaternion(), b in quaternion(), t in 0.0f64..1.0) {
        let d = a.dot(b);
        let b2 = if d < 0.0 { b.negated() } else { b };
        let d = d.abs().min(1.0);
        prop_assume!(d < 0.9999);
        let theta = d.acos();
        let (wa, wb) = (((1.0 - t) * theta).sin() / theta.sin(), (t * theta).sin() / theta.sin());
        let (x, y): ([f64; 4], [f64; 4]) = (a.into(), b2.into());
        let naive = [0, 1, 2, 3].map(|k| wa * x[k] + wb * y[k]);
        let ours: [f64; 4] = a.slerp(b, t).expect("finite").into();
        for k in 0..4 {
            prop_assert!((ours[k] - naive[k]).abs() < 1e-9, "{ours:?} vs {naive:?}");
        }
    }

    #[test]
    fn batch_equals_scalar(qs in prop::collection::vec(quaternion(), 0..40)) {
        let ms = batch::to_matrices(&qs);
        for (q, m) in qs.iter().zip(&ms) {
            prop_assert_eq!(bits(m.to_row_major()), bits(RotationMatrix::from_quaternion(*q).to_row_major()));
        }
        let back = batch::to_quaternions(&ms);
        for (m, q) in ms.iter().zip(&back) {
            prop_assert_eq!(bits(q.to_array(ScalarOrder::ScalarFirst)), bits(m.to_quaternion().to_array(ScalarOrder::ScalarFirst)));
        }
    }

    #[test]
    fn batch_equals_scalar_on_matrices_off_orthogonal(
        input in prop::collection::vec((quaternion(), prop::array::uniform9(-2e-7f64..2e-7)), 0..40)
    ) {
        // Within the default tolerance but visibly off orthogonal, so the
        // renormalising path runs in some lanes and not in others.
        let ms: Vec<RotationMatrix> = input
            .iter()
            .filter_map(|(q, noise)| {
                let mut rows = RotationMatrix::from_quaternion(*q).rows();
                for (e, n) in noise.iter().enumerate() {
                    rows[e / 3][e % 3] += n;
                }
                RotationMatrix::new(rows, Tolerance::default()).ok()
            })
            .collect();
        let qs = batch::to_quaternions(&ms);
        for (m, q) in ms.iter().zip(&qs) {
            prop_assert_eq!(bits(q.to_array(ScalarOrder::ScalarFirst)), bits(m.to_quaternion().to_array(ScalarOrder::ScalarFirst)));
        }
    }

    #[test]
    fn interop_round_trips(q in quaternion()) {
        let n: nalgebra::UnitQuaternion<f64> = q.into();
        prop_assert_eq!(UnitQuaternion::try_from(n).expect("finite"), q);
        let r: nalgebra::Rotation3<f64> = RotationMatrix::from_quaternion(q).into();
        prop_assert_eq!(RotationMatrix::try_from(r).expect("rotation"), RotationMatrix::from_quaternion(q));
        let qc: (f64, [f64; 3]) = q.into();
        prop_assert_eq!(UnitQuaternion::try_from(qc).expect("finite"), q);
    }

    #[test]
    fn printed_numbers_parse_back(v in prop::collection::vec(-1e6f64..1e6, 0..12), comma in any::<bool>()) {
        let sep = if comma { ", " } else { " " };
        let text = v.iter().map(|x| x.to_string()).collect::<Vec<_>>().join(sep);
        prop_assert_eq!(parse_numbers(&text).expect("numbers"), v);
    }

    #[test]
    fn parser_never_panics(s in ".{0,40}") {
        let _ = parse_numbers(&s);
    }
}

/// Every conversion to a quaternion returns the canonical sign, for angles
/// of any size (about a fifth of random Euler and axis-angle inputs used to
/// come back with w < 0).
#[test]
fn every_conversion_to_a_quaternion_is_canonical() {
    use toolcup_rotation::{EulerConvention, EulerKind, RotationSampler, RotationVector};
    let mut rng = RotationSampler::new(17);
    let mut angle = || (rng.next_unit_interval() - 0.5) * 8.0 * std::f64::consts::PI;
    let is_canonical = |q: UnitQuaternion| q == q.canonical();
    for _ in 0..20_000 {
        let axis = [angle(), angle(), angle()];
        let a = AxisAngle::new(axis, angle()).expect("finite axis");
        assert!(is_canonical(a.to_quaternion()), "{a:?}");
        let v = RotationVector::new([angle(), angle(), angle()]).expect("finite");
        assert!(is_canonical(v.to_quaternion()), "{v:?}");
        for kind in [EulerKind::Extrinsic, EulerKind::Intrinsic] {
            let c = EulerConvention::all(kind)[(angle().abs() * 10.0) as usize % 12];
            let q = c
                .to_quaternion([angle(), angle(), angle()])
                .expect("finite");
            assert!(is_canonical(q), "{c} {q}");
        }
    }
}
