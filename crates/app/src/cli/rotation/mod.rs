//! `toolcup rotation …`: convert between quaternions, rotation matrices,
//! Euler angles, axis–angle and rotation vectors, one rotation from the
//! arguments or many from stdin (`--batch`), and measure the converter's
//! round-trip accuracy.
//!
//! This module only parses and prints: how each form is read and written,
//! the number format and the messages are the recipe's
//! (`recipes::rotation`), shared with the Rotation tab.

use std::ffi::OsString;
use std::io::Write;

use anyhow::anyhow;
use toolcup_rotation::text::{parse_numbers, shown};
use toolcup_rotation::{EulerConvention, ScalarOrder, Tolerance};

use super::Output;
use crate::exit_codes::ExitCode;
use crate::recipes::rotation::{Form, GIMBAL_LOCK, Reading};

mod accuracy;
mod args;
mod batch;
mod conversion;
mod json;
mod lines;

pub use args::*;
use conversion::{Conversion, Input};

/// Run `toolcup rotation …`.
pub fn run(args: RotationArgs, out: &Output) -> anyhow::Result<ExitCode> {
    let command = match args.command {
        RotationCommand::Accuracy(a) => return accuracy::run(a, out),
        command => command,
    };
    let (conversion, common, numbers) = match prepare(command) {
        Ok(prepared) => prepared,
        Err(refusal) => return Ok(refusal.report()),
    };
    if common.batch {
        batch::run(&conversion)
    } else {
        run_single(&conversion, &numbers)
    }
}

/// The conversion a subcommand asks for, its shared options, and its
/// positional numbers as text.
fn prepare(command: RotationCommand) -> Result<(Conversion, CommonArgs, Vec<String>), Refusal> {
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
    let rotation_or_matrix = |matrix: bool| {
        if matrix {
            Form::Matrix
        } else {
            Form::Quaternion
        }
    };
    let (input, output, args, degrees, common) = match command {
        RotationCommand::ToMatrix(a) => (
            Input::Form(Form::Quaternion),
            Form::Matrix,
            a.quaternion,
            false,
            a.common,
        ),
        RotationCommand::ToQuaternion(a) => (
            Input::Form(Form::Matrix),
            Form::Quaternion,
            a.matrix,
            false,
            a.common,
        ),
        RotationCommand::FromEuler(a) => (
            Input::Form(Form::Euler(sequence(&a.sequence)?)),
            rotation_or_matrix(a.matrix),
            a.angles,
            a.degrees,
            a.common,
        ),
        RotationCommand::ToEuler(a) => (
            Input::Rotation,
            Form::Euler(sequence(&a.sequence)?),
            a.rotation,
            a.degrees,
            a.common,
        ),
        RotationCommand::FromAxisAngle(a) => (
            Input::Form(Form::AxisAngle),
            rotation_or_matrix(a.matrix),
            a.axis_angle,
            a.degrees,
            a.common,
        ),
        RotationCommand::Accuracy(_) => {
            return Err(Refusal::usage(anyhow!("accuracy is not a conversion")));
        }
    };
    let what = input.name();
    let args = utf8_arguments(args, what).map_err(Refusal::input)?;
    if common.batch && !args.is_empty() {
        return Err(Refusal::usage(anyhow!(
            "--batch reads rotations from stdin: give no {what} on the command line"
        )));
    }
    let tolerance = Tolerance::new(common.tolerance)
        .map_err(|e| Refusal::usage(anyhow::Error::from(e).context("--tolerance")))?;
    let reading = Reading {
        order: if common.scalar_last {
            ScalarOrder::ScalarLast
        } else {
            ScalarOrder::ScalarFirst
        },
        degrees,
        tolerance,
        nearest: common.nearest,
    };
    let conversion = Conversion {
        input,
        output,
        reading,
        json: common.json,
    };
    Ok((conversion, common, args))
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

fn run_single(c: &Conversion, args: &[String]) -> anyhow::Result<ExitCode> {
    let numbers = parse_numbers(&args.join(" "))
        .map_err(|e| crate::recipes::rotation::refusal(c.input.name(), &e));
    let answer = match numbers.and_then(|v| c.convert(&v)) {
        Ok(answer) => answer,
        Err(message) => return Ok(Refusal::input(anyhow!(message)).report()),
    };
    if answer.gimbal_lock() {
        warn_gimbal_lock();
    }
    let mut stdout = std::io::stdout().lock();
    if c.json {
        writeln!(stdout, "{}", answer.json(&c.reading))?;
    } else {
        writeln!(stdout, "{}", answer.text)?;
    }
    Ok(ExitCode::Success)
}
