//! The arguments of `toolcup rotation …`; their doc comments are the help.

use std::ffi::OsString;

use clap::{Args, Subcommand};

use crate::recipes::rotation::{ACCURACY_SAMPLES, ACCURACY_SEED};

pub(super) const ROTATION_AFTER_HELP: &str = "\
Conventions: quaternions are scalar first (w x y z) unless --scalar-last; matrices
are row-major (r11 r12 r13 r21 ... r33) and act on column vectors; rotations are
active, right-handed, composed with the Hamilton product (compose A B applies B
first). Euler sequences are three of x, y, z: lower case extrinsic (fixed axes),
upper case intrinsic. Every quaternion printed has w >= 0 (when w = 0, its first
non-zero component is positive): q and -q are the same rotation.

Numbers may be separated by spaces or commas. An operand that starts with '-' and
holds several numbers (\"-0.5 0.5 0.5 0.5\") goes after --, as in
compose -- \"-0.5 0.5 0.5 0.5\" \"0 0 0 1\". With --batch, each line of stdin
holds one call's operands (those not given on the command line), separated by
';' when there are several: numbers, or JSON such as [w,x,y,z],
{\"quaternion\": [...]}, {\"matrix\": [[...],[...],[...]]}, {\"angles\": [...]},
{\"axis\": [...], \"angle\": a}, {\"rotation_vector\": [...]}, {\"vector\": [...]}
(what --json writes reads back). Each answer is one line in the line's form, and
a bad line (also one that is not UTF-8 or is longer than 1 MiB) is answered with
its error while the rest still run.

Exit codes: 0 done; 1 a rotation (or a --batch line) could not be converted;
2 usage error; 10 stdin or stdout failed.";

/// Convert rotations between quaternions, rotation matrices, Euler angles,
/// axis–angle and rotation vectors, accurately to the last bit; compose,
/// invert, apply and interpolate them; and measure that accuracy.
#[derive(Debug, Args)]
#[command(after_help = ROTATION_AFTER_HELP)]
pub struct RotationArgs {
    /// What to do.
    #[command(subcommand)]
    pub command: RotationCommand,
}

/// The `rotation` subcommands.
#[derive(Debug, Subcommand)]
pub enum RotationCommand {
    /// Quaternion (W X Y Z) to rotation matrix.
    #[command(after_help = ROTATION_AFTER_HELP)]
    ToMatrix(NumbersArgs),
    /// Rotation matrix (R11 R12 R13 R21 ... R33, row-major) to quaternion.
    #[command(after_help = ROTATION_AFTER_HELP)]
    ToQuaternion(NumbersArgs),
    /// Euler angles to quaternion (or matrix).
    #[command(after_help = ROTATION_AFTER_HELP)]
    FromEuler(FromEulerArgs),
    /// Quaternion (4 numbers) or matrix (9 numbers) to Euler angles.
    #[command(after_help = ROTATION_AFTER_HELP)]
    ToEuler(ToEulerArgs),
    /// Axis and angle (X Y Z ANGLE) to quaternion (or matrix).
    #[command(after_help = ROTATION_AFTER_HELP)]
    FromAxisAngle(FromArgs),
    /// Quaternion (4 numbers) or matrix (9 numbers) to axis and angle (X Y Z
    /// ANGLE, angle in [0, 180°]).
    #[command(after_help = ROTATION_AFTER_HELP)]
    ToAxisAngle(ToArgs),
    /// Rotation vector (axis times angle: X Y Z) to quaternion (or matrix).
    #[command(after_help = ROTATION_AFTER_HELP)]
    FromRotationVector(FromArgs),
    /// Quaternion (4 numbers) or matrix (9 numbers) to rotation vector (axis
    /// times angle, length in [0, 180°]).
    #[command(after_help = ROTATION_AFTER_HELP)]
    ToRotationVector(ToArgs),
    /// The inverse rotation, in the form given (a matrix's transpose).
    #[command(after_help = ROTATION_AFTER_HELP)]
    Inverse(NumbersArgs),
    /// The product of rotations, each one argument ("W X Y Z" or nine
    /// numbers): compose A B applies B first, then A.
    #[command(after_help = ROTATION_AFTER_HELP)]
    Compose(ComposeArgs),
    /// Rotate a vector: ROTATION ("W X Y Z" or nine numbers) applied to
    /// VECTOR ("X Y Z").
    #[command(after_help = ROTATION_AFTER_HELP)]
    Apply(ApplyArgs),
    /// Spherical linear interpolation from START to END (each one argument)
    /// at each T (0 gives START, 1 END, others extrapolate), along the
    /// shorter arc.
    #[command(after_help = ROTATION_AFTER_HELP)]
    Slerp(SlerpArgs),
    /// Uniformly distributed random rotations.
    Random(RandomArgs),
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
    /// Read one call's operands per line from stdin and answer one per line.
    #[arg(long)]
    pub batch: bool,
    /// Largest accepted ‖RᵀR − I‖ (Frobenius) of an input matrix. A matrix
    /// within it is used as given, so its answer keeps part of the matrix's
    /// own noise (measured: entries off by up to ±1e-9 give quaternions up
    /// to 4.3e-10 from the nearest rotation's, median 9.5e-11);
    /// `--tolerance 0 --nearest` converts the nearest rotation instead (at
    /// most 4.6e-16 off at the same noise).
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

/// Arguments of the subcommands that take one rotation's numbers.
#[derive(Debug, Args)]
pub struct NumbersArgs {
    /// The numbers: a quaternion W X Y Z (X Y Z W with --scalar-last,
    /// normalised), or a row-major matrix R11 R12 … R33, as the command says.
    #[arg(allow_negative_numbers = true, value_name = "NUMBER")]
    pub numbers: Vec<OsString>,
    /// Options shared by the conversions.
    #[command(flatten)]
    pub common: CommonArgs,
}

/// How a rotation is written by the subcommands that make one.
#[derive(Debug, Clone, Copy, Args)]
pub struct WriteArgs {
    /// Print the matrix instead of the quaternion.
    #[arg(long)]
    pub matrix: bool,
}

/// Arguments of `from-axis-angle` and `from-rotation-vector`.
#[derive(Debug, Args)]
pub struct FromArgs {
    /// The numbers: axis X Y Z (any non-zero length) and ANGLE, or the
    /// rotation vector X Y Z; angles in radians (degrees with --degrees).
    #[arg(allow_negative_numbers = true, value_name = "NUMBER")]
    pub numbers: Vec<OsString>,
    /// Angles are in degrees.
    #[arg(long)]
    pub degrees: bool,
    /// How the rotation is written.
    #[command(flatten)]
    pub write: WriteArgs,
    /// Options shared by the conversions.
    #[command(flatten)]
    pub common: CommonArgs,
}

/// Arguments of `to-axis-angle` and `to-rotation-vector`.
#[derive(Debug, Args)]
pub struct ToArgs {
    /// A quaternion (4 numbers) or a row-major matrix (9 numbers).
    #[arg(allow_negative_numbers = true, value_name = "NUMBER")]
    pub numbers: Vec<OsString>,
    /// Print angles in degrees.
    #[arg(long)]
    pub degrees: bool,
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
    pub numbers: Vec<OsString>,
    /// Angles are in degrees.
    #[arg(long)]
    pub degrees: bool,
    /// How the rotation is written.
    #[command(flatten)]
    pub write: WriteArgs,
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
    pub numbers: Vec<OsString>,
    /// Print angles in degrees.
    #[arg(long)]
    pub degrees: bool,
    /// Options shared by the conversions.
    #[command(flatten)]
    pub common: CommonArgs,
}

/// Arguments of `compose`.
#[derive(Debug, Args)]
pub struct ComposeArgs {
    /// The rotations, each one argument: "W X Y Z" or nine numbers; with
    /// --batch, the first ones, and each line gives the rest.
    #[arg(allow_negative_numbers = true, value_name = "ROTATION")]
    pub operands: Vec<OsString>,
    /// How the product is written.
    #[command(flatten)]
    pub write: WriteArgs,
    /// Options shared by the conversions.
    #[command(flatten)]
    pub common: CommonArgs,
}

/// Arguments of `apply`.
#[derive(Debug, Args)]
pub struct ApplyArgs {
    /// ROTATION ("W X Y Z" or nine numbers) and VECTOR ("X Y Z"), each one
    /// argument; with --batch, give the rotation alone and each line a
    /// vector, or nothing and each line "ROTATION; VECTOR".
    #[arg(allow_negative_numbers = true, value_name = "OPERAND")]
    pub operands: Vec<OsString>,
    /// Options shared by the conversions.
    #[command(flatten)]
    pub common: CommonArgs,
}

/// Arguments of `slerp`.
#[derive(Debug, Args)]
pub struct SlerpArgs {
    /// START and END (each one argument: "W X Y Z" or nine numbers), then
    /// one or more T; with --batch, give START and END and each line a T,
    /// or fewer and each line the rest ("START; END; T").
    #[arg(allow_negative_numbers = true, value_name = "OPERAND")]
    pub operands: Vec<OsString>,
    /// How the rotations are written.
    #[command(flatten)]
    pub write: WriteArgs,
    /// Options shared by the conversions.
    #[command(flatten)]
    pub common: CommonArgs,
}

/// Arguments of `random`.
#[derive(Debug, Args)]
pub struct RandomArgs {
    /// How many rotations, one per line.
    #[arg(long, default_value_t = 1, value_name = "N")]
    pub count: u64,
    /// Seed (same seed, same rotations on every machine); a fresh one each
    /// run without it.
    #[arg(long)]
    pub seed: Option<u64>,
    /// How the rotations are written.
    #[command(flatten)]
    pub write: WriteArgs,
    /// Quaternions are x y z w (scalar last).
    #[arg(long)]
    pub scalar_last: bool,
    /// Write JSON Lines instead of plain numbers.
    #[arg(long)]
    pub json: bool,
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
