//! `toolcup denoise …`: filter images with OpenCV-exact Gaussian, median,
//! min, max or non-local-means filters, one file or a batch, optionally
//! adding synthetic noise first and scoring against a clean reference.

use crate::exit_codes::ExitCode;
use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Instant;

use anyhow::{Context, anyhow, bail};
use clap::Args;
use clap::builder::{PossibleValue, PossibleValuesParser};
use serde::{Serialize, Serializer};
use toolcup_denoise::{
    DecodeLimits, Image, Metadata, Noise, OutputFormat, ReadOptions, WRITABLE_EXTENSIONS,
    WriteOptions, encode_image_to, psnr, read_image_with, ssim, write_image_with,
};
use toolcup_jobs::{JobContext, JobSpec, Outcome};

mod outputs;

use super::Output;
use crate::recipes::denoise::{FilterKind, Method, output_format, psnr_text, ssim_text};
use outputs::{check_outputs, expand_inputs, output_path};

const DENOISE_AFTER_HELP: &str = "\
Each filter gives OpenCV's result to the bit: gaussian = cv2.GaussianBlur(img, (k, k), 0),
median = cv2.medianBlur(img, k), min/max = cv2.erode/cv2.dilate with a k x k square,
nlm = cv2.fastNlMeansDenoisingColored(img, None, h, h_color, 7, 15) (grey images:
cv2.fastNlMeansDenoising). Alpha is kept as it is. 16-bit images are rounded to 8 bits.

Channel order: images are read in the file's RGB order, and every filter but nlm treats
channels alike. nlm converts colour to Lab as OpenCV does for BGR input, so its result
equals OpenCV's for the pixels cv2.imread returns (BGR) of the same file. A Python caller
holding RGB pixels (PIL, imageio, cv2.cvtColor(..., COLOR_BGR2RGB)) gets different
numbers from OpenCV than from this command; pass OpenCV BGR (img[:, :, ::-1]) to compare.

Output format: from -o's extension (png, jpg/jpeg, webp, tif/tiff, bmp), else --format
(both given must agree), else png; any other extension is refused. WebP is lossless;
JPEG cannot hold alpha. Metadata: the input's ICC colour profile is written to PNG,
JPEG, WebP and TIFF, and its EXIF (orientation reset, as the pixels are turned upright)
to PNG, JPEG (up to 64 KiB) and WebP; BMP keeps neither. XMP and text chunks are not
kept. --strip-metadata writes the pixels only.

Without -o or --out-dir, each result is written beside its input as
NAME-FILTERK.png (e.g. photo-median5.png); -o - writes it to standard output (the
summary then goes to stderr). Existing files are never replaced unless --overwrite is
given, and then only regular files, keeping their permissions; an input or the
reference never is, whatever name or link reaches it. New files get the permissions
the umask leaves. Inputs must be regular files (a FIFO or device is refused), and an
incomplete (truncated) image is an error unless --accept-incomplete is given.

Examples:
  toolcup denoise photo.jpg --filter median --kernel 5 -o clean.png
  toolcup denoise shots/ --filter nlm --kernel 9 --out-dir cleaned --format jpeg --quality 92
  toolcup denoise clean.png --add-noise gaussian:20 --filter gaussian --kernel 5 --reference clean.png --json";

/// Denoise images with OpenCV-exact filters: Gaussian, median, minimum,
/// maximum, non-local means.
#[derive(Debug, Args)]
#[command(after_help = DENOISE_AFTER_HELP)]
pub struct DenoiseArgs {
    /// Image files (PNG, JPEG, WebP, TIFF, BMP) or folders of them (files
    /// with those extensions).
    #[arg(required = true, value_name = "INPUT")]
    pub inputs: Vec<PathBuf>,
    /// The filter.
    #[arg(long, short, value_enum, default_value_t = FilterKind::Median)]
    pub filter: FilterKind,
    /// Kernel size: an odd number from 1 to 255. For nlm it is the strength,
    /// used as both h and h-color unless those are given (the window's single
    /// strength slider does the same).
    #[arg(long, short, default_value = "5", value_name = "K")]
    pub kernel: u32,
    /// Non-local means: luminance strength h (default: the kernel value).
    #[arg(long, value_name = "H")]
    pub h: Option<f32>,
    /// Non-local means: colour strength (default: the kernel value).
    #[arg(long, value_name = "H")]
    pub h_color: Option<f32>,
    /// Output file (only with a single input); - for standard output.
    #[arg(long, short, value_name = "FILE", conflicts_with = "out_dir")]
    pub output: Option<PathBuf>,
    /// Folder for the outputs (created if missing).
    #[arg(long, value_name = "DIR")]
    pub out_dir: Option<PathBuf>,
    /// Output format (default: from the -o extension, else png).
    #[arg(long, value_name = "FORMAT", value_parser = format_values())]
    pub format: Option<String>,
    /// JPEG quality, 1 to 100.
    #[arg(long, default_value_t = 90, value_parser = clap::value_parser!(u8).range(1..=100))]
    pub quality: u8,
    /// Add synthetic noise before filtering: gaussian:SIGMA or salt-pepper:DENSITY.
    #[arg(long, value_name = "MODEL:AMOUNT")]
    pub add_noise: Option<Noise>,
    /// Seed for --add-noise.
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// A clean image to score the results against: prints PSNR and SSIM of
    /// the filter's input and of its output.
    #[arg(long, value_name = "FILE")]
    pub reference: Option<PathBuf>,
    /// Replace existing output files (regular files only, never an input or
    /// the reference).
    #[arg(long)]
    pub overwrite: bool,
    /// Write the pixels only: no ICC colour profile, no EXIF.
    #[arg(long)]
    pub strip_metadata: bool,
    /// Decode an incomplete (truncated) image anyway, the missing part grey,
    /// with a warning.
    #[arg(long)]
    pub accept_incomplete: bool,
    /// Refuse images of more than this many megapixels (width x height /
    /// 1,000,000), before decoding them. Default: 32768 pixels a side and
    /// 1 GiB decoded, about 1074 megapixels of 8-bit grey.
    #[arg(long, value_name = "MP", value_parser = parse_megapixels)]
    pub max_megapixels: Option<u64>,
    /// Print one JSON array of results instead of text.
    #[arg(long)]
    pub json: bool,
}

/// `--max-megapixels`: a positive number of megapixels, as a pixel count.
fn parse_megapixels(text: &str) -> Result<u64, String> {
    match text.trim().parse::<f64>() {
        Ok(mp) if mp.is_finite() && mp > 0.0 && mp <= 1e9 => Ok((mp * 1e6).round() as u64),
        _ => Err(format!(
            "{text:?} is not a number of megapixels from 0.000001 to 1000000000"
        )),
    }
}

/// `--format`'s values: the library's format names, with the other
/// extensions (jpg, tif) as aliases.
fn format_values() -> PossibleValuesParser {
    PossibleValuesParser::new(OutputFormat::NAMES.map(|name| {
        let aliases = WRITABLE_EXTENSIONS.iter().copied().filter(|ext| {
            *ext != name && OutputFormat::from_name(ext, 90).map(OutputFormat::name) == Some(name)
        });
        PossibleValue::new(name).aliases(aliases)
    }))
}

/// One result, as printed.
#[derive(Debug, Serialize)]
struct Report {
    #[serde(serialize_with = "lossy_path")]
    input: PathBuf,
    #[serde(serialize_with = "lossy_path")]
    output: PathBuf,
    filter: &'static str,
    /// The run in words, as the window says it too.
    #[serde(skip)]
    what: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    kernel: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    h: Option<f32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    h_color: Option<f32>,
    width: u32,
    height: u32,
    channels: usize,
    #[serde(skip_serializing_if = "Option::is_none")]
    noise: Option<String>,
    /// Time spent filtering (not reading or writing), in seconds.
    filter_seconds: f64,
    #[serde(skip_serializing_if = "Option::is_none")]
    scores: Option<Scores>,
    /// What was carried from the input besides the pixels, e.g. "ICC
    /// profile, EXIF".
    #[serde(skip_serializing_if = "String::is_empty")]
    metadata_kept: String,
    /// What the input carried that the output format cannot hold.
    #[serde(skip_serializing_if = "String::is_empty")]
    metadata_dropped: String,
    /// What the input lacked, when it was incomplete and decoded anyway.
    #[serde(skip_serializing_if = "Option::is_none")]
    incomplete: Option<String>,
}

/// A path in JSON: as text, any bytes that are not UTF-8 replaced by U+FFFD
/// (JSON strings cannot hold them; the file itself keeps its exact name).
fn lossy_path<S: Serializer>(path: &Path, serializer: S) -> Result<S::Ok, S::Error> {
    serializer.serialize_str(&path.to_string_lossy())
}

/// PSNR (dB; null when identical) and SSIM of the filter's input and output
/// against the reference.
#[derive(Debug, Serialize)]
struct Scores {
    psnr_before: Option<f64>,
    ssim_before: Option<f64>,
    psnr_after: Option<f64>,
    ssim_after: Option<f64>,
}

/// Everything a job needs, shared by the batch.
struct Plan {
    method: Method,
    format: OutputFormat,
    read: ReadOptions,
    /// `-o -`: the image goes to standard output.
    to_stdout: bool,
    overwrite: bool,
    strip_metadata: bool,
    noise: Option<Noise>,
    seed: u64,
    reference: Option<Image>,
}

/// Runs `toolcup denoise`.
pub fn run(args: DenoiseArgs, out: &Output) -> anyhow::Result<ExitCode> {
    let method = Method::new(args.filter, args.kernel, args.h, args.h_color)?;
    let inputs = expand_inputs(&args.inputs)?;
    if args.output.is_some() && inputs.len() != 1 {
        bail!(
            "-o/--output takes a single input, got {}; use --out-dir for a batch",
            inputs.len()
        );
    }
    let named_output = args.output.as_deref().filter(|p| *p != Path::new("-"));
    let format = output_format(named_output, args.format.as_deref(), args.quality)?;
    if let Some(dir) = &args.out_dir {
        std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
    }
    let to_stdout = args.output.as_deref() == Some(Path::new("-"));
    if to_stdout {
        if args.json {
            bail!("-o - fills standard output with the image: it cannot go with --json");
        }
        if std::io::stdout().is_terminal() {
            bail!(
                "-o - would write image bytes to the terminal: redirect standard output to a file or a pipe"
            );
        }
    }
    let read = ReadOptions {
        limits: args
            .max_megapixels
            .map_or_else(DecodeLimits::default, DecodeLimits::pixels),
        accept_incomplete: args.accept_incomplete,
    };
    let outputs: Vec<PathBuf> = inputs
        .iter()
        .map(|input| {
            output_path(
                input,
                args.output.as_deref(),
                args.out_dir.as_deref(),
                &method,
                format,
            )
        })
        .collect();
    if !to_stdout {
        check_outputs(&inputs, args.reference.as_deref(), &outputs, args.overwrite)?;
    }
    let reference = match &args.reference {
        Some(path) => {
            let decoded = read_image_with(path, &read).context("reading the reference")?;
            if let Some(missing) = decoded.incomplete {
                eprintln!(
                    "toolcup: warning: {} is incomplete, decoded anyway: {missing}",
                    path.display()
                );
            }
            Some(decoded.image)
        }
        None => None,
    };
    let plan = Arc::new(Plan {
        method,
        format,
        read,
        to_stdout,
        overwrite: args.overwrite,
        strip_metadata: args.strip_metadata,
        noise: args.add_noise,
        seed: args.seed,
        reference,
    });

    let handles: Vec<_> = inputs
        .iter()
        .zip(&outputs)
        .map(|(input, output)| {
            let (input, output, plan) = (input.clone(), output.clone(), Arc::clone(&plan));
            let name = format!("denoise {}", input.display());
            out.runner().submit(JobSpec::cpu(name), move |ctx| {
                process(&input, &output, &plan, ctx)
            })
        })
        .collect();

    let mut reports = Vec::new();
    let mut failed = 0;
    let single = handles.len() == 1;
    let bar = (!single).then(|| out.progress_bar(handles.len() as u64));
    for (handle, input) in handles.into_iter().zip(&inputs) {
        let outcome = if single {
            out.wait(handle, &method.file_label())
        } else {
            let outcome = handle.wait();
            if let Some(bar) = &bar {
                bar.inc(1);
            }
            outcome
        };
        match outcome {
            Outcome::Succeeded(report) => reports.push(report),
            Outcome::Failed(err) => {
                failed += 1;
                if let Some(bar) = &bar {
                    bar.suspend(|| eprintln!("toolcup: {err:#}"));
                } else {
                    eprintln!("toolcup: {err:#}");
                }
            }
            Outcome::Cancelled => {
                failed += 1;
                eprintln!("toolcup: {}: cancelled", input.display());
            }
            Outcome::Panicked(msg) => {
                failed += 1;
                eprintln!("toolcup: {}: crashed: {msg}", input.display());
            }
        }
    }
    if let Some(bar) = bar {
        bar.finish_and_clear();
    }
    for report in &reports {
        if let Some(missing) = &report.incomplete {
            eprintln!(
                "toolcup: warning: {} is incomplete, decoded anyway: {missing}",
                report.input.display()
            );
        }
        if !report.metadata_dropped.is_empty() {
            eprintln!(
                "toolcup: note: {} cannot hold the {} of {}; not kept",
                format.name().to_uppercase(),
                report.metadata_dropped,
                report.input.display()
            );
        }
    }
    if to_stdout {
        print_reports(&reports, false, &mut std::io::stderr().lock())?;
    } else {
        print_reports(&reports, args.json, &mut std::io::stdout().lock())?;
    }
    if failed > 0 && !single {
        eprintln!("toolcup: {failed} of {} images failed", inputs.len());
    }
    Ok(if failed == 0 {
        ExitCode::Success
    } else {
        ExitCode::Error
    })
}

fn process(
    input: &Path,
    output: &Path,
    plan: &Plan,
    ctx: &JobContext<'_>,
) -> anyhow::Result<Report> {
    ctx.set_message("reading");
    let decoded = read_image_with(input, &plan.read)?;
    let incomplete = decoded.incomplete;
    let metadata = if plan.strip_metadata {
        Metadata::default()
    } else {
        decoded.metadata
    };
    let kept = metadata.kept_by(plan.format);
    let dropped = Metadata {
        icc_profile: metadata
            .icc_profile
            .clone()
            .filter(|_| kept.icc_profile.is_none()),
        exif: metadata.exif.clone().filter(|_| kept.exif.is_none()),
    };
    let mut image = decoded.image;
    if let Some(noise) = plan.noise {
        image = noise.apply(&image, plan.seed)?;
    }
    ctx.set_message("filtering");
    let mut progress = |p: toolcup_denoise::Progress| ctx.report(p.done, p.total);
    let started = Instant::now();
    let result = plan
        .method
        .apply(&image, &mut progress)
        .with_context(|| format!("filtering {}", input.display()))?;
    let filter_seconds = started.elapsed().as_secs_f64();
    let scores = match &plan.reference {
        Some(reference) => {
            ctx.set_message("scoring");
            let score = |img: &Image| -> anyhow::Result<(Option<f64>, Option<f64>)> {
                let p = psnr(img, reference)
                    .with_context(|| format!("comparing {} with the reference", input.display()))?;
                let s = ssim(img, reference).ok();
                Ok((p.is_finite().then_some(p), s))
            };
            let (psnr_before, ssim_before) = score(&image)?;
            let (psnr_after, ssim_after) = score(&result)?;
            Some(Scores {
                psnr_before,
                ssim_before,
                psnr_after,
                ssim_after,
            })
        }
        None => None,
    };
    // The input is no longer needed: the peak while encoding is the output.
    drop(image);
    ctx.set_message("writing");
    if plan.to_stdout {
        let name = Path::new("standard output");
        encode_image_to(
            &result,
            plan.format,
            &kept,
            &mut std::io::stdout().lock(),
            name,
        )?;
    } else {
        let options = WriteOptions {
            format: plan.format,
            overwrite: plan.overwrite,
        };
        write_image_with(&result, &kept, output, options)?;
    }
    let (filter, kernel, h, h_color) = match plan.method {
        Method::Window(f, k) => (f.name(), Some(k.get()), None, None),
        Method::NonLocalMeans(p) => ("nlm", None, Some(p.h()), Some(p.h_color())),
    };
    Ok(Report {
        input: input.to_path_buf(),
        output: output.to_path_buf(),
        filter,
        what: plan.method.describe(),
        kernel,
        h,
        h_color,
        width: result.width(),
        height: result.height(),
        channels: result.channels(),
        noise: plan.noise.map(|n| n.to_string()),
        filter_seconds,
        scores,
        metadata_kept: kept.describe(),
        metadata_dropped: dropped.describe(),
        incomplete,
    })
}

fn print_reports(reports: &[Report], json: bool, stdout: &mut dyn Write) -> anyhow::Result<()> {
    if json {
        serde_json::to_writer_pretty(&mut *stdout, reports).map_err(|e| anyhow!(e))?;
        writeln!(stdout)?;
        return Ok(());
    }
    for r in reports {
        write!(
            stdout,
            "{} -> {} ({}x{}, {}, {:.3} s)",
            r.input.display(),
            r.output.display(),
            r.width,
            r.height,
            r.what,
            r.filter_seconds
        )?;
        if let Some(s) = &r.scores {
            write!(
                stdout,
                " PSNR {} -> {} dB, SSIM {} -> {}",
                psnr_text(s.psnr_before),
                psnr_text(s.psnr_after),
                ssim_text(s.ssim_before),
                ssim_text(s.ssim_after)
            )?;
        }
        writeln!(stdout)?;
    }
    Ok(())
}
