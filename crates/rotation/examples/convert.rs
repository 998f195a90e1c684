//! Converts one rotation through every representation and prints them.
//!
//! `cargo run -p toolcup-rotation --example convert -- 0.5 0.5 0.5 0.5`
//! (a quaternion, scalar first; 9 numbers are read as a row-major matrix).

use std::process::ExitCode;

use toolcup_rotation::text::{RotationText, parse_rotation};
use toolcup_rotation::{
    AxisAngle, EulerConvention, OffRotation, RotationMatrix, RotationVector, ScalarOrder, Tolerance,
};

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let text = if args.is_empty() {
        "0.5 0.5 0.5 0.5".to_string()
    } else {
        args.join(" ")
    };
    let q = match parse_rotation(
        &text,
        ScalarOrder::ScalarFirst,
        Tolerance::default(),
        OffRotation::Refuse,
    ) {
        Ok(RotationText::Quaternion(q)) => q,
        Ok(RotationText::Matrix(m)) => m.to_quaternion(),
        Err(e) => {
            eprintln!("convert: {e}");
            return ExitCode::FAILURE;
        }
    };
    println!("quaternion (w x y z): {q}");
    println!(
        "matrix (row-major):\n{}",
        RotationMatrix::from_quaternion(q)
    );
    let a = AxisAngle::from_quaternion(q);
    println!("axis {:?}, angle {}°", a.axis(), a.angle().to_degrees());
    println!(
        "rotation vector {:?}",
        RotationVector::from_quaternion(q).vector()
    );
    for name in ["ZYX", "xyz", "zxz"] {
        if let Ok(c) = name.parse::<EulerConvention>() {
            let e = c.from_quaternion(q);
            let deg = e.angles.map(f64::to_degrees);
            let lock = if e.gimbal_lock { " (gimbal lock)" } else { "" };
            println!("Euler {c}: {deg:?}°{lock}");
        }
    }
    ExitCode::SUCCESS
}
