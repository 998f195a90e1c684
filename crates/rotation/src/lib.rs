//! Accurate conversions between quaternions, rotation matrices, axis-angle
//! and Euler angles.
//!
//! This crate will hold: quaternion to matrix and back (Sarabandi and Thomas),
//! axis-angle, rotation vectors, the twelve Euler sequences, composition,
//! slerp, batch kernels and interop with nalgebra and quaternion-core.
