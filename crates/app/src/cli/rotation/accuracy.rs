//! `toolcup rotation accuracy`: the round-trip experiment as a job, its
//! report as text or JSON. The seed, the default sample count and the
//! report's lines are the recipe's, shared with the Rotation tab.

use std::io::Write;

use anyhow::anyhow;
use toolcup_jobs::{JobSpec, Outcome};
use toolcup_rotation::RotationError;
use toolcup_rotation::accuracy::{
    AccuracyReport, ErrorStats, MAX_SAMPLES, Progress, round_trip_experiment,
};

use super::args::AccuracyArgs;
use crate::cli::Output;
use crate::exit_codes::ExitCode;
use crate::recipes::rotation::{ROUND_TRIPS, report_heading, stats_line};

/// Runs the experiment and prints its report.
pub fn run(a: AccuracyArgs, out: &Output) -> anyhow::Result<ExitCode> {
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
    for line in report_heading(r) {
        writeln!(w, "{line}")?;
    }
    let stats = [&r.quaternion_round_trip, &r.matrix_round_trip];
    for (title, stats) in ROUND_TRIPS.iter().zip(stats) {
        writeln!(w)?;
        write_stats(w, title, stats)?;
    }
    Ok(())
}

fn write_stats(w: &mut impl Write, title: &str, s: &ErrorStats) -> std::io::Result<()> {
    writeln!(w, "{title}")?;
    writeln!(w, "  {}", stats_line(s))?;
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
