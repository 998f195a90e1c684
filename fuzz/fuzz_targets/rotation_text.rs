//! Fuzz the text inputs of `toolcup rotation` and the Rotation tab: number
//! lists, whole rotations (4 or 9 numbers) and Euler sequence names, then
//! every conversion of whatever parses. Nothing may panic, and nothing that
//! parsed may turn into NaN.

#![no_main]

use libfuzzer_sys::fuzz_target;
use toolcup_rotation::text::{parse_numbers, parse_rotation, RotationText};
use toolcup_rotation::{
    AxisAngle, EulerConvention, EulerKind, OffRotation, RotationMatrix, RotationVector,
    ScalarOrder, Tolerance, UnitQuaternion,
};

fn check(q: UnitQuaternion) {
    let m = RotationMatrix::from_quaternion(q);
    let back = m.to_quaternion();
    assert!(back.to_array(ScalarOrder::ScalarFirst).iter().all(|v| v.is_finite()));
    let _ = AxisAngle::from_quaternion(q);
    let _ = RotationVector::from_quaternion(q);
    for kind in [EulerKind::Extrinsic, EulerKind::Intrinsic] {
        for c in EulerConvention::all(kind) {
            let e = c.from_quaternion(q);
            assert!(e.angles.iter().all(|a| a.is_finite()));
        }
    }
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let (first, rest) = text.split_once('\n').unwrap_or((text, ""));
    if let Ok(c) = first.parse::<EulerConvention>() {
        if let Ok(v) = parse_numbers(rest) {
            if let Ok(a) = <[f64; 3]>::try_from(v.as_slice()) {
                if let Ok(q) = c.to_quaternion(a) {
                    check(q);
                }
            }
        }
    }
    let _ = parse_numbers(text);
    for order in [ScalarOrder::ScalarFirst, ScalarOrder::ScalarLast] {
        for off in [OffRotation::Refuse, OffRotation::Nearest] {
            match parse_rotation(text, order, Tolerance::default(), off) {
                Ok(RotationText::Quaternion(q)) => check(q),
                Ok(RotationText::Matrix(m)) => check(m.to_quaternion()),
                Err(_) => {}
            }
        }
    }
});
