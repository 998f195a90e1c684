//! The arguments of `toolcup rotation …`; their doc comments are the help.

use std::ffi::OsString;

use clap::{Args, Subcommand};

use crate::recipes::rotation::{ACCURACY_SAMPLES, ACCURACY_SEED};

pub(super) const ROTATION_AFTER_HELP: &str = "\
Conventions: quaternions are scalar first (w x y z) unless --scalar-last; matrices
are row-major (r11 r12 r13 r21 ... r33) and act on column vectors; rotations are
active, right-handed, composed with the Hamilton product. Euler sequences are
three of x, y, z: lower case extrinsic (fixed axes), upper case intrinsic.

Numbers may be separated by spaces or commas. With --batch, each line of stdin is
one rotation (comma-separated numbers, or a JSON value such as [w,x,y,z],
{\"quaternion\": [...]}, {\"matrix\": [[...],[...],[...]]}, {\"angles\": [...]},
{\"axis\": [...], \"angle\": a}); each answer is one line in the same form, and a bad
line is answered with its error while the rest are still converted. A line that
is not UTF-8 or is longer than 1 MiB is such a bad line too.

Exit codes: 0 converted; 1 a rotation (or a --batch line) could not be converted;
2 usage error; 10 stdin or stdout failed.";

/// Convert rotations between quaternions, rotation matrices, Euler angles and
/// axis–angle, accurately to the last bit, and measure that accuracy.
#[derive(Debug, Args)]
#[command(after_help = ROTATION_AFTER_HELP)]
pub struct RotationArgs {
    /// What to convert.
    #[command(subcommand)]
    pub command: RotationCommand,
}

/// The `rotation` subcommands.
#[derive(Debug, Subcommand)]
pub enum RotationCommand {
    /// Quaternion (W X Y Z) to rotation matrix.
    #[command(after_help = ROTATION_AFTER_HELP)]
    ToMatrix(ToMatrixArgs),
    /// Rotation matrix (R11 R12 R13 R21 ... R33, row-major) to quaternion.
    #[command(after_help = ROTATION_AFTER_HELP)]
    ToQuaternion(ToQuaternionArgs),
    /// Euler angles to quaternion (or matrix).
    #[command(after_help = ROTATION_AFTER_HELP)]
    FromEuler(FromEulerArgs),
    /// Quaternion (4 numbers) or matrix (9 numbers) to Euler angles.
    #[command(after_help = ROTATION_AFTER_HELP)]
    ToEuler(ToEulerArgs),
    /// Axis and angle (X Y Z ANGLE) to quaternion (or matrix).
    #[command(after_help = ROTATION_AFTER_HELP)]
    FromAxisAngle(FromAxisAngleArgs),
    /// Round-trip q → R → q and R → q → R over random rotations: max, mean and
    /// a histogram of the errors.
    Accuracy(AccuracyArgs),
}

/// Options shared by the conversions.
#[derive(Debug, Clone, Args)]
pub struct CommonArgs {
    /// Quaternions are x y z w (scalar last) in input and output.
    #[arg(long)]
    pub scalar_last: bool,
    /// Write JSON instead of plain numbers.
    #[arg(long)]
    pub json: bool,
    /// Read one rotation per line from stdin and answer one per line.
    #[arg(long)]
    pub batch: bool,
    /// Largest accepted ‖RᵀR − I‖ (Frobenius) for an input matrix.
    #[arg(
        long,
        default_value_t = 1e-6,
        value_name = "T",
        allow_hyphen_values = true
    )]
    pub tolerance: f64,
    /// Replace a matrix outside the tolerance by the nearest rotation (SVD)
    /// instead of refusing it. Reflections are always refused.
    #[arg(long)]
    pub nearest: bool,
}

/// Arguments of `to-matrix`.
#[derive(Debug, Args)]
pub struct ToMatrixArgs {
    /// The quaternion: W X Y Z (X Y Z W with --scalar-last); normalised.
    #[arg(allow_negative_numbers = true, value_name = "NUMBER")]
    pub quaternion: Vec<OsString>,
    /// Options shared by the conversions.
    #[command(flatten)]
    pub common: CommonArgs,
}

/// Arguments of `to-quaternion`.
#[derive(Debug, Args)]
pub struct ToQuaternionArgs {
    /// The matrix, row-major: R11 R12 R13 R21 R22 R23 R31 R32 R33.
    #[arg(allow_negative_numbers = true, value_name = "NUMBER")]
    pub matrix: Vec<OsString>,
    /// Options shared by the conversions.
    #[command(flatten)]
    pub common: CommonArgs,
}

/// Arguments of `from-euler`.
#[derive(Debug, Args)]
pub struct FromEulerArgs {
    /// Axis sequence: xyz, zyx, zxz, … (lower case extrinsic, upper case intrinsic).
    pub sequence: OsString,
    /// The three angles, in radians (degrees with --degrees).
    #[arg(allow_negative_numbers = true, value_name = "ANGLE")]
    pub angles: Vec<OsString>,
    /// Angles are in degrees.
    #[arg(long)]
    pub degrees: bool,
    /// Print the matrix instead of the quaternion.
    #[arg(long)]
    pub matrix: bool,
    /// Options shared by the conversions.
    #[command(flatten)]
    pub common: CommonArgs,
}

/// Arguments of `to-euler`.
#[derive(Debug, Args)]
pub struct ToEulerArgs {
    /// Axis sequence: xyz, zyx, zxz, … (lower case extrinsic, upper case intrinsic).
    pub sequence: OsString,
    /// A quaternion (4 numbers) or a row-major matrix (9 numbers).
    #[arg(allow_negative_numbers = true, value_name = "NUMBER")]
    pub rotation: Vec<OsString>,
    /// Print angles in degrees.
    #[arg(long)]
    pub degrees: bool,
    /// Options shared by the conversions.
    #[command(flatten)]
    pub common: CommonArgs,
}

/// Arguments of `from-axis-angle`.
#[derive(Debug, Args)]
pub struct FromAxisAngleArgs {
    /// Axis (any non-zero length) and angle in radians (degrees with --degrees): X Y Z ANGLE.
    #[arg(allow_negative_numbers = true, value_name = "NUMBER")]
    pub axis_angle: Vec<OsString>,
    /// The angle is in degrees.
    #[arg(long)]
    pub degrees: bool,
    /// Print the matrix instead of the quaternion.
    #[arg(long)]
    pub matrix: bool,
    /// Options shared by the conversions.
    #[command(flatten)]
    pub common: CommonArgs,
}

/// Arguments of `accuracy`.
#[derive(Debug, Args)]
pub struct AccuracyArgs {
    /// How many random rotations to try.
    #[arg(long, default_value_t = ACCURACY_SAMPLES, value_name = "N")]
    pub samples: u64,
    /// Seed of the random rotations (same seed, same rotations).
    #[arg(long, default_value_t = ACCURACY_SEED)]
    pub seed: u64,
    /// Write the report as JSON.
    #[arg(long)]
    pub json: bool,
}
