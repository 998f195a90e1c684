//! Accurate conversions between quaternions, rotation matrices, axis–angle,
//! rotation vectors and Euler angles.
//!
//! The matrix-to-quaternion direction uses Sarabandi and Thomas's method
//! (2018) with signs from the largest component, which stays within about
//! one rounding of the exact answer everywhere, including at and near 180°
//! where the textbook formulas return NaN or the wrong sign.
//!
//! # Conventions
//! Stated once here, and pinned by the example below:
//! - **Scalar first**: `[w, x, y, z]` means `w + xi + yj + zk`; every
//!   function that reads or writes four numbers takes a [`ScalarOrder`] for
//!   the scalar-last order `[x, y, z, w]`.
//! - **Active rotations**: a rotation moves vectors, `v' = R v = q v q*`, in
//!   a fixed frame.
//! - **Hamilton product**: `i j = k`; `a * b` rotates by `b` first, and
//!   `R(a * b) = R(a) R(b)`.
//! - **Row-major matrices** acting on column vectors: `rows[i][j]` is
//!   `r(i+1)(j+1)`, and nine numbers list `r11 r12 r13 r21 … r33`.
//! - **Right-handed** frames: a positive angle about `z` turns `x` towards `y`.
//! - **Canonical sign**: `q` and `−q` are one rotation; every conversion to
//!   a quaternion (from a matrix, axis–angle, a rotation vector or Euler
//!   angles) and [`RotationSampler`] return `w > 0`, or when `w = 0` the
//!   first non-zero component positive. The algebra keeps the sign its
//!   formula gives: [`UnitQuaternion::new`] (as given, normalised), the
//!   product, [`UnitQuaternion::inverse`], [`UnitQuaternion::negated`] and
//!   [`UnitQuaternion::slerp`]; call [`UnitQuaternion::canonical`] on those.
//!
//! ```
//! use toolcup_rotation::{AxisAngle, RotationMatrix, ScalarOrder, UnitQuaternion};
//! use std::f64::consts::FRAC_PI_2;
//!
//! // Right-handed, active: a quarter turn about z takes x to y.
//! let qz = AxisAngle::new([0.0, 0.0, 1.0], FRAC_PI_2)?.to_quaternion();
//! let r = RotationMatrix::from_quaternion(qz).rows();
//! // Row-major: r12 = -1, r21 = +1.
//! assert!((r[0][1] + 1.0).abs() < 1e-15 && (r[1][0] - 1.0).abs() < 1e-15);
//! // Scalar first by default, scalar last on request.
//! let s = 0.5f64.sqrt();
//! assert!((qz.to_array(ScalarOrder::ScalarFirst)[0] - s).abs() < 1e-16);
//! assert!((qz.to_array(ScalarOrder::ScalarLast)[3] - s).abs() < 1e-16);
//! // Hamilton product, b applied first: x-quarter-turn then z-quarter-turn takes y to z... and z to x.
//! let qx = AxisAngle::new([1.0, 0.0, 0.0], FRAC_PI_2)?.to_quaternion();
//! let v = (qz * qx).rotate([0.0, 1.0, 0.0]);
//! assert!(v[0].abs() < 1e-15 && v[1].abs() < 1e-15 && (v[2] - 1.0).abs() < 1e-15);
//! let v = (qz * qx).rotate([0.0, 0.0, 1.0]);
//! assert!((v[0] - 1.0).abs() < 1e-15);
//! // Canonical sign from every conversion, even for a turn past 180°.
//! let q = RotationMatrix::from_quaternion(UnitQuaternion::new(-0.5, 0.5, -0.5, 0.5)?).to_quaternion();
//! assert!(q.w() > 0.0);
//! let q = AxisAngle::new([0.0, 0.0, 1.0], 1.5 * std::f64::consts::PI)?.to_quaternion();
//! assert!(q.w() > 0.0 && q.z() < 0.0);
//! # Ok::<(), toolcup_rotation::RotationError>(())
//! ```
//!
//! Input is checked once, at construction: [`UnitQuaternion::new`] refuses
//! zero and non-finite input and normalises the rest; [`RotationMatrix::new`]
//! refuses non-finite entries, reflections, and matrices whose
//! `‖RᵀR − I‖` exceeds a [`Tolerance`], or replaces them by the nearest
//! rotation ([`OffRotation::Nearest`]).

pub mod accuracy;
#[cfg(target_arch = "x86_64")]
mod avx2;
mod axis_angle;
pub mod batch;
mod error;
mod euler;
mod interop;
mod kernel;
mod matrix;
mod quaternion;
mod sampling;
mod slerp;
pub mod text;

pub use axis_angle::{AxisAngle, RotationVector};
pub use error::{Result, RotationError};
pub use euler::{Axis, EulerAngles, EulerConvention, EulerKind, GIMBAL_LOCK_RAD};
pub use matrix::{OffRotation, Orthogonality, RotationMatrix, Tolerance};
pub use quaternion::{ScalarOrder, UnitQuaternion};
pub use sampling::RotationSampler;

/// The README's example, compiled and run as a doctest.
#[doc = include_str!("../README.md")]
#[cfg(doctest)]
pub struct ReadmeDoctests;
