//! `toolcup rotation …`: convert between quaternions, rotation matrices,
//! Euler angles and axis–angle, one rotation from the arguments or many from
//! stdin (`--batch`), and measure the converter's round-trip accuracy.

use crate::exit_codes::ExitCode;
use std::ffi::OsString;
use std::io::Write;

use anyhow::{Context, anyhow};
use clap::{Args, Subcommand};
use toolcup_jobs::{JobSpec, Outcome};
use toolcup_rotation::accuracy::{
    AccuracyReport, ErrorStats, MAX_SAMPLES, Progress, round_trip_experiment,
};
use toolcup_rotation::text::{parse_numbers, shown};
use toolcup_rotation::{
    AxisAngle, EulerAngles, EulerConvention, OffRotation, RotationError, RotationMatrix,
    ScalarOrder, Tolerance, UnitQuaternion,
};

use super::Output;

mod json;
mod lines;

use lines::LineReader;

const ROTATION_AFTER_HELP: &str = "\
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
    #[arg(long, default_value_t = 1_000_000, value_name = "N")]
    pub samples: u64,
    /// Seed of the random rotations (same seed, same rotations).
    #[arg(long, default_value_t = 20_261_125)]
    pub seed: u64,
    /// Write the report as JSON.
    #[arg(long)]
    pub json: bool,
}

/// Run `toolcup rotation …`.
pub fn run(args: RotationArgs, out: &Output) -> anyhow::Result<ExitCode> {
    match args.command {
        RotationCommand::Accuracy(a) => run_accuracy(a, out),
        command => {
            let conversion = match Conversion::from_command(command) {
                Ok(conversion) => conversion,
                Err(refusal) => return Ok(refusal.report()),
            };
            if conversion.common.batch {
                run_batch(&conversion)
            } else {
                run_single(&conversion)
            }
        }
    }
}

/// What a conversion subcommand does with the numbers of one rotation.
#[derive(Debug)]
enum Task {
    ToMatrix,
    ToQuaternion,
    FromEuler(EulerConvention),
    ToEuler(EulerConvention),
    FromAxisAngle,
}

#[derive(Debug)]
struct Conversion {
    task: Task,
    /// The positional numbers (unused with --batch).
    args: Vec<String>,
    /// What the positional numbers are, for error messages.
    what: &'static str,
    degrees: bool,
    want_matrix: bool,
    common: CommonArgs,
    order: ScalarOrder,
    tolerance: Tolerance,
}

impl Conversion {
    fn from_command(command: RotationCommand) -> Result<Self, Refusal> {
        let sequence = |s: &OsString| -> Result<EulerConvention, Refusal> {
            let text = s.to_str().ok_or_else(|| {
                Refusal::input(anyhow!(
                    "Euler sequence '{}' is not UTF-8 text",
                    shown(&s.to_string_lossy())
                ))
            })?;
            text.parse::<EulerConvention>()
                .map_err(|e| Refusal::input(e.into()))
        };
        let (task, args, what, degrees, want_matrix, common) = match command {
            RotationCommand::ToMatrix(a) => (
                Task::ToMatrix,
                a.quaternion,
                "quaternion",
                false,
                true,
                a.common,
            ),
            RotationCommand::ToQuaternion(a) => (
                Task::ToQuaternion,
                a.matrix,
                "matrix",
                false,
                false,
                a.common,
            ),
            RotationCommand::FromEuler(a) => (
                Task::FromEuler(sequence(&a.sequence)?),
                a.angles,
                "Euler angles",
                a.degrees,
                a.matrix,
                a.common,
            ),
            RotationCommand::ToEuler(a) => (
                Task::ToEuler(sequence(&a.sequence)?),
                a.rotation,
                "rotation",
                a.degrees,
                false,
                a.common,
            ),
            RotationCommand::FromAxisAngle(a) => (
                Task::FromAxisAngle,
                a.axis_angle,
                "axis and angle",
                a.degrees,
                a.matrix,
                a.common,
            ),
            RotationCommand::Accuracy(_) => {
                return Err(Refusal::usage(anyhow!("accuracy is not a conversion")));
            }
        };
        let args = utf8_arguments(args, what).map_err(Refusal::input)?;
        if common.batch && !args.is_empty() {
            return Err(Refusal::usage(anyhow!(
                "--batch reads rotations from stdin: give no {what} on the command line"
            )));
        }
        let tolerance = Tolerance::new(common.tolerance)
            .context("--tolerance")
            .map_err(Refusal::usage)?;
        let order = if common.scalar_last {
            ScalarOrder::ScalarLast
        } else {
            ScalarOrder::ScalarFirst
        };
        Ok(Self {
            task,
            args,
            what,
            degrees,
            want_matrix,
            common,
            order,
            tolerance,
        })
    }

    fn off(&self) -> OffRotation {
        if self.common.nearest {
            OffRotation::Nearest
        } else {
            OffRotation::Refuse
        }
    }

    fn matrix(&self, v: &[f64]) -> Result<RotationMatrix, RotationError> {
        RotationMatrix::check(
            RotationMatrix::rows_from_row_major(exactly::<9>(v, "9 numbers (row-major matrix)")?),
            self.tolerance,
            self.off(),
        )
    }

    fn quaternion(&self, v: &[f64]) -> Result<UnitQuaternion, RotationError> {
        UnitQuaternion::from_array(exactly::<4>(v, "4 numbers (quaternion)")?, self.order)
    }

    fn angle(&self, a: f64) -> f64 {
        if self.degrees { a.to_radians() } else { a }
    }

    /// Converts the numbers of one rotation.
    fn convert(&self, v: &[f64]) -> Result<Answer, RotationError> {
        let rotation = |q: UnitQuaternion| {
            if self.want_matrix {
                Answer::Matrix(RotationMatrix::from_quaternion(q))
            } else {
                Answer::Quaternion(q)
            }
        };
        Ok(match &self.task {
            Task::ToMatrix => Answer::Matrix(RotationMatrix::from_quaternion(self.quaternion(v)?)),
            Task::ToQuaternion => Answer::Quaternion(self.matrix(v)?.to_quaternion()),
            Task::FromEuler(c) => {
                let a = exactly::<3>(v, "3 angles")?;
                rotation(c.to_quaternion(a.map(|x| self.angle(x)))?)
            }
            Task::ToEuler(c) => {
                let q = match v.len() {
                    9 => self.matrix(v)?.to_quaternion(),
                    _ => self.quaternion(v).map_err(|e| match e {
                        RotationError::WrongCount { found, .. } => RotationError::WrongCount {
                            expected: "4 (quaternion) or 9 (matrix, row-major)",
                            found,
                        },
                        other => other,
                    })?,
                };
                Answer::Euler(*c, c.from_quaternion(q))
            }
            Task::FromAxisAngle => {
                let [x, y, z, angle] = exactly::<4>(v, "4 numbers (axis x y z, angle)")?;
                rotation(AxisAngle::new([x, y, z], self.angle(angle))?.to_quaternion())
            }
        })
    }
}

/// Why a command refused to start, and the exit code that says so.
struct Refusal {
    code: ExitCode,
    error: anyhow::Error,
}

impl Refusal {
    /// A usage error: the options do not go together or are out of range.
    fn usage(error: anyhow::Error) -> Self {
        Self {
            code: ExitCode::Usage,
            error,
        }
    }

    /// The rotation given cannot be converted.
    fn input(error: anyhow::Error) -> Self {
        Self {
            code: ExitCode::Rejected,
            error,
        }
    }

    /// Prints the reason as one line and gives the exit code.
    fn report(self) -> ExitCode {
        eprintln!("toolcup: {:#}", self.error);
        self.code
    }
}

/// The positional arguments as text, or an error naming the first that is
/// not UTF-8.
fn utf8_arguments(args: Vec<OsString>, what: &str) -> anyhow::Result<Vec<String>> {
    args.into_iter()
        .enumerate()
        .map(|(i, arg)| {
            arg.into_string().map_err(|arg| {
                anyhow!(
                    "{what}: argument {} ('{}') is not UTF-8 text",
                    i + 1,
                    shown(&arg.to_string_lossy())
                )
            })
        })
        .collect()
}

fn exactly<const N: usize>(v: &[f64], expected: &'static str) -> Result<[f64; N], RotationError> {
    <[f64; N]>::try_from(v).map_err(|_| RotationError::WrongCount {
        expected,
        found: v.len(),
    })
}

/// One converted rotation.
enum Answer {
    Quaternion(UnitQuaternion),
    Matrix(RotationMatrix),
    Euler(EulerConvention, EulerAngles),
}

impl Answer {
    fn numbers(&self, c: &Conversion) -> Vec<f64> {
        match self {
            Answer::Quaternion(q) => q.to_array(c.order).to_vec(),
            Answer::Matrix(m) => m.to_row_major().to_vec(),
            Answer::Euler(_, e) => e
                .angles
                .iter()
                .map(|a| if c.degrees { a.to_degrees() } else { *a })
                .collect(),
        }
    }

    fn json(&self, c: &Conversion) -> serde_json::Value {
        let order = if c.common.scalar_last {
            "scalar-last"
        } else {
            "scalar-first"
        };
        match self {
            Answer::Quaternion(q) => serde_json::json!({
                "quaternion": q.to_array(c.order),
                "order": order,
            }),
            Answer::Matrix(m) => serde_json::json!({ "matrix": m.rows() }),
            Answer::Euler(convention, e) => serde_json::json!({
                "sequence": convention.to_string(),
                "angles": self.numbers(c),
                "unit": if c.degrees { "deg" } else { "rad" },
                "gimbal_lock": e.gimbal_lock,
            }),
        }
    }

    /// Plain text for one rotation from the arguments: a matrix as three rows.
    fn text(&self, c: &Conversion) -> String {
        let join = |v: &[f64]| {
            v.iter()
                .map(|x| x.to_string())
                .collect::<Vec<_>>()
                .join(" ")
        };
        match self {
            Answer::Matrix(m) => m
                .rows()
                .iter()
                .map(|r| join(r))
                .collect::<Vec<_>>()
                .join("\n"),
            _ => join(&self.numbers(c)),
        }
    }
}

fn run_single(c: &Conversion) -> anyhow::Result<ExitCode> {
    let answer = match parse_numbers(&c.args.join(" ")).and_then(|v| c.convert(&v)) {
        Ok(answer) => answer,
        Err(e) => return Ok(Refusal::input(anyhow::Error::from(e).context(c.what)).report()),
    };
    // A warning, so `-q` (errors only) and `-qq` silence it.
    if let Answer::Euler(_, e) = &answer
        && e.gimbal_lock
        && tracing::enabled!(tracing::Level::WARN)
    {
        eprintln!(
            "toolcup: warning: gimbal lock: the middle angle is at its singular value, so only the \
             sum (or difference) of the outer angles is determined; the third angle is set to 0"
        );
    }
    let mut stdout = std::io::stdout().lock();
    if c.common.json {
        writeln!(stdout, "{}", answer.json(c))?;
    } else {
        writeln!(stdout, "{}", answer.text(c))?;
    }
    Ok(ExitCode::Success)
}

fn run_batch(c: &Conversion) -> anyhow::Result<ExitCode> {
    let mut lines = LineReader::new(std::io::stdin());
    let mut stdout = std::io::BufWriter::new(std::io::stdout().lock());
    let mut failed = 0usize;
    loop {
        if lines.will_wait() {
            stdout.flush()?;
        }
        let Some((n, line)) = lines.next_line().context("reading a line of stdin")? else {
            break;
        };
        let (result, is_json) = match line.text() {
            Ok(text) => {
                let trimmed = text.trim();
                if trimmed.is_empty() {
                    writeln!(stdout)?;
                    continue;
                }
                let is_json = trimmed.starts_with('[') || trimmed.starts_with('{');
                let numbers = if is_json {
                    json::json_numbers(trimmed)
                } else {
                    parse_numbers(trimmed).map_err(|e| e.to_string())
                };
                let result = numbers.and_then(|v| c.convert(&v).map_err(|e| e.to_string()));
                (result, is_json)
            }
            Err(reason) => (Err(reason), false),
        };
        match (result, is_json || c.common.json) {
            (Ok(answer), true) => writeln!(stdout, "{}", answer.json(c))?,
            (Ok(answer), false) => {
                let text: Vec<String> = answer.numbers(c).iter().map(|x| x.to_string()).collect();
                writeln!(stdout, "{}", text.join(","))?;
            }
            (Err(err), json) => {
                failed += 1;
                let message = format!("line {n}: {err}");
                if json {
                    writeln!(stdout, "{}", serde_json::json!({ "error": message }))?;
                } else {
                    writeln!(stdout, "error: {message}")?;
                }
            }
        }
    }
    stdout.flush()?;
    if failed > 0 {
        eprintln!("toolcup: {failed} line(s) could not be converted");
        return Ok(ExitCode::Rejected);
    }
    Ok(ExitCode::Success)
}

fn run_accuracy(a: AccuracyArgs, out: &Output) -> anyhow::Result<ExitCode> {
    let (samples, seed) = (a.samples, a.seed);
    if !(1..=MAX_SAMPLES).contains(&samples) {
        let error = RotationError::InvalidSampleCount {
            value: samples,
            max: MAX_SAMPLES,
        };
        eprintln!("toolcup: --samples: {error}");
        return Ok(ExitCode::Usage);
    }
    let handle = out
        .runner()
        .submit(JobSpec::cpu("rotation accuracy"), move |ctx| {
            round_trip_experiment(samples, seed, &mut |p: Progress| {
                ctx.report(p.done, p.total)
            })
        });
    let report = match out.wait(handle, "round trips") {
        Outcome::Succeeded(report) => report,
        Outcome::Failed(err) => return Err(anyhow::Error::from(err).context("accuracy experiment")),
        Outcome::Cancelled => return Err(anyhow!("accuracy experiment was cancelled")),
        Outcome::Panicked(message) => {
            return Err(anyhow!("accuracy experiment panicked: {message}"));
        }
    };
    let mut stdout = std::io::stdout().lock();
    if a.json {
        writeln!(stdout, "{}", serde_json::to_string(&report)?)?;
    } else {
        write_report(&mut stdout, &report)?;
    }
    Ok(ExitCode::Success)
}

fn write_report(w: &mut impl Write, r: &AccuracyReport) -> std::io::Result<()> {
    writeln!(w, "{} random rotations (seed {})", r.samples, r.seed)?;
    writeln!(
        w,
        "largest |norm - 1| of converted quaternions: {:.3e}",
        r.max_norm_error
    )?;
    let sections = [
        (
            "q -> R -> q, |q - q'| (Euclidean, canonical sign)",
            &r.quaternion_round_trip,
        ),
        ("R -> q -> R, |R - R'| (Frobenius)", &r.matrix_round_trip),
    ];
    for (title, stats) in sections {
        writeln!(w)?;
        write_stats(w, title, stats)?;
    }
    Ok(())
}

fn write_stats(w: &mut impl Write, title: &str, s: &ErrorStats) -> std::io::Result<()> {
    writeln!(w, "{title}")?;
    writeln!(w, "  max {:.3e}  mean {:.3e}  NaN {}", s.max, s.mean, s.nan)?;
    let total: u64 = s.histogram.counts.iter().sum();
    let peak = s.histogram.counts.iter().copied().max().unwrap_or(0).max(1);
    for (k, &count) in s.histogram.counts.iter().enumerate() {
        if count == 0 {
            continue;
        }
        let bar = "#".repeat(((count as f64 / peak as f64) * 40.0).ceil() as usize);
        let share = 100.0 * count as f64 / total.max(1) as f64;
        writeln!(
            w,
            "  {:<22} {count:>10} {share:>6.2}% {bar}",
            s.histogram.label(k)
        )?;
    }
    Ok(())
}
