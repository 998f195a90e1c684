//! `toolcup rotation …`: convert between quaternions, rotation matrices,
//! Euler angles, axis–angle and rotation vectors; invert, compose, apply and
//! interpolate rotations; draw random ones; one call from the arguments or
//! many from stdin (`--batch`); and measure the converter's round-trip
//! accuracy.
//!
//! This module only parses and prints: how each form is read and written,
//! the number format and the messages are the recipe's
//! (`recipes::rotation`), shared with the Rotation tab.

use std::ffi::OsString;
use std::io::Write;

use anyhow::anyhow;
use toolcup_rotation::text::shown;
use toolcup_rotation::{EulerConvention, RotationSampler, ScalarOrder, Tolerance};

use super::Output;
use crate::exit_codes::ExitCode;
use crate::recipes::rotation::{Form, GIMBAL_LOCK, Reading, Rotation};

mod accuracy;
mod args;
mod batch;
mod json;
mod lines;
mod operation;

pub use args::*;
use operation::{Input, Operand, Operation};

/// One subcommand's call: what it computes and how it reads and writes.
#[derive(Debug, Clone, Copy)]
struct Call {
    operation: Operation,
    reading: Reading,
    json: bool,
    /// The Euler sequence a JSON operand's `"sequence"` must name.
    sequence: Option<EulerConvention>,
}

/// Run `toolcup rotation …`.
pub fn run(args: RotationArgs, out: &Output) -> anyhow::Result<ExitCode> {
    let (call, common, args) = match args.command {
        RotationCommand::Accuracy(a) => return accuracy::run(a, out),
        RotationCommand::Random(a) => return random(&a),
        command => match prepare(command) {
            Ok(prepared) => prepared,
            Err(refusal) => return Ok(refusal.report()),
        },
    };
    let single = matches!(
        call.operation,
        Operation::Convert { .. } | Operation::Inverse
    );
    if common.batch && single && !args.is_empty() {
        let what = call.operation.slot(0).name();
        return Ok(Refusal::usage(anyhow!(
            "--batch reads each {what} from a line of stdin: give none on the command line"
        ))
        .report());
    }
    // One operand's numbers may span arguments; the others take one each.
    let texts = if single && !args.is_empty() {
        vec![args.join(" ")]
    } else {
        args
    };
    let mut fixed = Vec::with_capacity(texts.len());
    for (i, text) in texts.iter().enumerate() {
        match call.operation.slot(i).read_text(text, &call.reading) {
            Ok(operand) => fixed.push(operand),
            Err(message) => return Ok(Refusal::input(anyhow!(message)).report()),
        }
    }
    if common.batch {
        let arity = call.operation.arity();
        if !call.operation.variadic() && fixed.len() >= arity {
            return Ok(Refusal::usage(anyhow!(
                "with --batch give at most {} operand(s) on the command line: each line gives the rest",
                arity - 1
            ))
            .report());
        }
        return batch::run(&call, &fixed);
    }
    run_single(&call, &fixed)
}

/// The call a subcommand asks for, its shared options, and its positional
/// arguments as text.
fn prepare(command: RotationCommand) -> Result<(Call, CommonArgs, Vec<String>), Refusal> {
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
    let written = |w: WriteArgs| {
        if w.matrix {
            Form::Matrix
        } else {
            Form::Quaternion
        }
    };
    let convert = |input: Form, output: Form| Operation::Convert {
        input: Input::Form(input),
        output,
    };
    let from_rotation = |output: Form| Operation::Convert {
        input: Input::Rotation,
        output,
    };
    use RotationCommand as C;
    let (operation, args, degrees, common, euler) = match command {
        C::ToMatrix(a) => (
            convert(Form::Quaternion, Form::Matrix),
            a.numbers,
            false,
            a.common,
            None,
        ),
        C::ToQuaternion(a) => (
            convert(Form::Matrix, Form::Quaternion),
            a.numbers,
            false,
            a.common,
            None,
        ),
        C::FromEuler(a) => {
            let c = sequence(&a.sequence)?;
            (
                convert(Form::Euler(c), written(a.write)),
                a.numbers,
                a.degrees,
                a.common,
                Some(c),
            )
        }
        C::ToEuler(a) => {
            let c = sequence(&a.sequence)?;
            (
                from_rotation(Form::Euler(c)),
                a.numbers,
                a.degrees,
                a.common,
                Some(c),
            )
        }
        C::FromAxisAngle(a) => (
            convert(Form::AxisAngle, written(a.write)),
            a.numbers,
            a.degrees,
            a.common,
            None,
        ),
        C::ToAxisAngle(a) => (
            from_rotation(Form::AxisAngle),
            a.numbers,
            a.degrees,
            a.common,
            None,
        ),
        C::FromRotationVector(a) => (
            convert(Form::RotationVector, written(a.write)),
            a.numbers,
            a.degrees,
            a.common,
            None,
        ),
        C::ToRotationVector(a) => (
            from_rotation(Form::RotationVector),
            a.numbers,
            a.degrees,
            a.common,
            None,
        ),
        C::Inverse(a) => (Operation::Inverse, a.numbers, false, a.common, None),
        C::Compose(a) => (
            Operation::Compose {
                output: written(a.write),
            },
            a.operands,
            false,
            a.common,
            None,
        ),
        C::Apply(a) => (Operation::Apply, a.operands, false, a.common, None),
        C::Slerp(a) => (
            Operation::Slerp {
                output: written(a.write),
            },
            a.operands,
            false,
            a.common,
            None,
        ),
        C::Random(_) | C::Accuracy(_) => {
            return Err(Refusal::usage(anyhow!("not an operation on rotations")));
        }
    };
    let args = utf8_arguments(args, operation.slot(0).name()).map_err(Refusal::input)?;
    let tolerance = Tolerance::new(common.tolerance)
        .map_err(|e| Refusal::usage(anyhow::Error::from(e).context("--tolerance")))?;
    let reading = Reading {
        order: scalar_order(common.scalar_last),
        degrees,
        tolerance,
        nearest: common.nearest,
    };
    let call = Call {
        operation,
        reading,
        json: common.json,
        sequence: euler,
    };
    Ok((call, common, args))
}

fn scalar_order(scalar_last: bool) -> ScalarOrder {
    if scalar_last {
        ScalarOrder::ScalarLast
    } else {
        ScalarOrder::ScalarFirst
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

/// Prints the gimbal-lock warning, unless `-q` or `-qq` silenced warnings.
fn warn_gimbal_lock() {
    if tracing::enabled!(tracing::Level::WARN) {
        eprintln!("toolcup: warning: {GIMBAL_LOCK}");
    }
}

/// One call from the command line; slerp answers once per T given.
fn run_single(call: &Call, operands: &[Operand]) -> anyhow::Result<ExitCode> {
    let arity = call.operation.arity();
    if operands.len() < arity {
        let needed = if call.operation.variadic() {
            format!("at least {arity} operands")
        } else {
            format!("{arity} operand(s)")
        };
        return Ok(Refusal::usage(anyhow!(
            "give {needed} (see --help), or --batch to read them from stdin; got {}",
            operands.len()
        ))
        .report());
    }
    let calls: Vec<Vec<Operand>> = match call.operation {
        Operation::Slerp { .. } => operands[2..]
            .iter()
            .map(|t| vec![operands[0], operands[1], *t])
            .collect(),
        _ if !call.operation.variadic() && operands.len() > arity => {
            return Ok(Refusal::usage(anyhow!(
                "give {arity} operand(s), not {} (each one argument)",
                operands.len()
            ))
            .report());
        }
        _ => vec![operands.to_vec()],
    };
    let mut answers = Vec::with_capacity(calls.len());
    for operands in &calls {
        match call.operation.answer(operands, &call.reading) {
            Ok(answer) => answers.push(answer),
            Err(message) => return Ok(Refusal::input(anyhow!(message)).report()),
        }
    }
    if answers.iter().any(|a| a.gimbal_lock()) {
        warn_gimbal_lock();
    }
    let mut stdout = std::io::stdout().lock();
    for answer in &answers {
        if call.json {
            writeln!(stdout, "{}", answer.json(&call.reading))?;
        } else if answers.len() > 1 {
            writeln!(stdout, "{}", answer.line())?;
        } else {
            writeln!(stdout, "{}", answer.text())?;
        }
    }
    Ok(ExitCode::Success)
}

/// `toolcup rotation random`: seeded uniform random rotations, one per line.
fn random(a: &RandomArgs) -> anyhow::Result<ExitCode> {
    let seed = a.seed.unwrap_or_else(|| {
        use std::hash::{BuildHasher, RandomState};
        RandomState::new().hash_one(std::time::SystemTime::now())
    });
    let reading = Reading {
        order: scalar_order(a.scalar_last),
        ..Reading::default()
    };
    let form = if a.write.matrix {
        Form::Matrix
    } else {
        Form::Quaternion
    };
    let call = Operation::Convert {
        input: Input::Form(Form::Quaternion),
        output: form,
    };
    let mut stdout = std::io::BufWriter::new(std::io::stdout().lock());
    let mut sampler = RotationSampler::new(seed);
    for _ in 0..a.count {
        let q = Operand::Rotation(Rotation::Quaternion(sampler.next_quaternion()));
        let answer = call
            .answer(&[q], &reading)
            .map_err(|message| anyhow!(message))?;
        if a.json {
            writeln!(stdout, "{}", answer.json(&reading))?;
        } else if a.count > 1 {
            writeln!(stdout, "{}", answer.line())?;
        } else {
            writeln!(stdout, "{}", answer.text())?;
        }
    }
    stdout.flush()?;
    Ok(ExitCode::Success)
}
