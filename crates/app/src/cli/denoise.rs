//! `toolcup denoise …`: filter images with OpenCV-exact Gaussian, median,
//! min, max or non-local-means filters, one file or a batch, optionally
//! adding synthetic noise first and scoring against a clean reference.

use crate::exit_codes::ExitCode;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Instant;

use anyhow::{Context, anyhow, bail};
use clap::{Args, ValueEnum};
use serde::Serialize;
use toolcup_denoise::nlm::NlmParams;
use toolcup_denoise::{
    Filter, Image, KernelSize, Noise, OutputFormat, WriteOptions, non_local_means, psnr,
    read_image, ssim, write_image,
};
use toolcup_jobs::{JobContext, JobSpec, Outcome};

use super::Output;

const DENOISE_AFTER_HELP: &str = "\
Each filter gives OpenCV's result to the bit: gaussian = cv2.GaussianBlur(img, (k, k), 0),
median = cv2.medianBlur(img, k), min/max = cv2.erode/cv2.dilate with a k x k square,
nlm = cv2.fastNlMeansDenoisingColored(img, None, h, h_color, 7, 15) (grey images:
cv2.fastNlMeansDenoising). Alpha is kept as it is. 16-bit images are rounded to 8 bits.

Without -o or --out-dir, each result is written beside its input as
NAME-FILTERK.png (e.g. photo-median5.png). Existing files, inputs above all, are never
replaced unless --overwrite is given (and an input never is).

Examples:
  toolcup denoise photo.jpg --filter median --kernel 5 -o clean.png
  toolcup denoise shots/ --filter nlm --kernel 9 --out-dir cleaned --format jpeg --quality 92
  toolcup denoise clean.png --add-noise gaussian:20 --filter gaussian --kernel 5 --reference clean.png --json";

/// Denoise images with OpenCV-exact filters: Gaussian, median, minimum,
/// maximum, non-local means.
#[derive(Debug, Args)]
#[command(after_help = DENOISE_AFTER_HELP)]
pub struct DenoiseArgs {
    /// Image files (PNG, JPEG, WebP, TIFF, BMP) or folders of them.
    #[arg(required = true, value_name = "INPUT")]
    pub inputs: Vec<PathBuf>,
    /// The filter.
    #[arg(long, short, value_enum, default_value_t = FilterChoice::Median)]
    pub filter: FilterChoice,
    /// Kernel size: an odd number from 1 to 255. For nlm it is the strength
    /// used as both h and h-color, as the recipe's slider does.
    #[arg(long, short, default_value = "5", value_name = "K")]
    pub kernel: u32,
    /// Non-local means: luminance strength h (default: the kernel value).
    #[arg(long, value_name = "H")]
    pub h: Option<f32>,
    /// Non-local means: colour strength (default: the kernel value).
    #[arg(long, value_name = "H")]
    pub h_color: Option<f32>,
    /// Output file (only with a single input).
    #[arg(long, short, value_name = "FILE", conflicts_with = "out_dir")]
    pub output: Option<PathBuf>,
    /// Folder for the outputs (created if missing).
    #[arg(long, value_name = "DIR")]
    pub out_dir: Option<PathBuf>,
    /// Output format (default: from the -o extension, else png).
    #[arg(long, value_enum)]
    pub format: Option<FormatChoice>,
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
    /// Replace existing output files (never an input).
    #[arg(long)]
    pub overwrite: bool,
    /// Print one JSON array of results instead of text.
    #[arg(long)]
    pub json: bool,
}

/// The filters.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FilterChoice {
    /// Gaussian blur (cv2.GaussianBlur, sigma from the kernel size).
    Gaussian,
    /// Median (cv2.medianBlur).
    Median,
    /// Minimum, i.e. erosion (cv2.erode).
    Min,
    /// Maximum, i.e. dilation (cv2.dilate).
    Max,
    /// Non-local means (cv2.fastNlMeansDenoisingColored, 7x7 patches, 15x15 search).
    Nlm,
}

/// Output formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FormatChoice {
    /// PNG (lossless, keeps alpha).
    Png,
    /// JPEG (lossy, no alpha).
    Jpeg,
}

/// What one filter run does, validated once.
#[derive(Debug, Clone, Copy)]
enum Method {
    Window(Filter, KernelSize),
    NonLocalMeans(NlmParams),
}

impl Method {
    fn label(&self) -> String {
        match self {
            Method::Window(filter, k) => format!("{filter}{k}"),
            Method::NonLocalMeans(p) => format!("nlm{}", p.h()),
        }
    }
}

/// One result, as printed.
#[derive(Debug, Serialize)]
struct Report {
    input: PathBuf,
    output: PathBuf,
    filter: &'static str,
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
    overwrite: bool,
    noise: Option<Noise>,
    seed: u64,
    reference: Option<Image>,
}

/// Runs `toolcup denoise`.
pub fn run(args: DenoiseArgs, out: &Output) -> anyhow::Result<ExitCode> {
    let method = method(&args)?;
    let inputs = expand_inputs(&args.inputs)?;
    if args.output.is_some() && inputs.len() != 1 {
        bail!(
            "-o/--output takes a single input, got {}; use --out-dir for a batch",
            inputs.len()
        );
    }
    let format = match (args.format, &args.output) {
        (Some(FormatChoice::Png), _) => OutputFormat::Png,
        (Some(FormatChoice::Jpeg), _) => OutputFormat::Jpeg {
            quality: args.quality,
        },
        (None, Some(path)) => {
            OutputFormat::from_path(path, args.quality).unwrap_or(OutputFormat::Png)
        }
        (None, None) => OutputFormat::Png,
    };
    if let Some(dir) = &args.out_dir {
        std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
    }
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
    check_no_input_is_replaced(&inputs, &outputs)?;
    let reference = match &args.reference {
        Some(path) => Some(read_image(path).context("reading the reference")?),
        None => None,
    };
    let plan = Arc::new(Plan {
        method,
        format,
        overwrite: args.overwrite,
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
            out.wait(handle, &method.label())
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
    print_reports(&reports, args.json)?;
    if failed > 0 && !single {
        eprintln!("toolcup: {failed} of {} images failed", inputs.len());
    }
    Ok(if failed == 0 {
        ExitCode::Success
    } else {
        ExitCode::Error
    })
}

fn method(args: &DenoiseArgs) -> anyhow::Result<Method> {
    let filter = match args.filter {
        FilterChoice::Gaussian => Filter::Gaussian,
        FilterChoice::Median => Filter::Median,
        FilterChoice::Min => Filter::Min,
        FilterChoice::Max => Filter::Max,
        FilterChoice::Nlm => {
            let strength = args.kernel as f32;
            let params = NlmParams::new(
                args.h.unwrap_or(strength),
                args.h_color.unwrap_or(strength),
                NlmParams::RECIPE_TEMPLATE,
                NlmParams::RECIPE_SEARCH,
            )?;
            return Ok(Method::NonLocalMeans(params));
        }
    };
    if args.h.is_some() || args.h_color.is_some() {
        bail!("--h and --h-color only apply to --filter nlm");
    }
    Ok(Method::Window(filter, KernelSize::new(args.kernel)?))
}

const IMAGE_EXTENSIONS: [&str; 7] = ["png", "jpg", "jpeg", "webp", "tif", "tiff", "bmp"];

/// Files stay as given; a folder becomes its image files (by extension, not
/// recursive, sorted by name).
fn expand_inputs(inputs: &[PathBuf]) -> anyhow::Result<Vec<PathBuf>> {
    let mut files = Vec::new();
    for input in inputs {
        if input.is_dir() {
            let mut found: Vec<PathBuf> = std::fs::read_dir(input)
                .with_context(|| format!("cannot list {}", input.display()))?
                .filter_map(|entry| entry.ok().map(|e| e.path()))
                .filter(|p| {
                    p.is_file()
                        && p.extension().and_then(|e| e.to_str()).is_some_and(|e| {
                            IMAGE_EXTENSIONS.contains(&e.to_ascii_lowercase().as_str())
                        })
                })
                .collect();
            if found.is_empty() {
                bail!(
                    "{} holds no images ({})",
                    input.display(),
                    IMAGE_EXTENSIONS.join(", ")
                );
            }
            found.sort();
            files.extend(found);
        } else {
            files.push(input.clone());
        }
    }
    Ok(files)
}

fn output_path(
    input: &Path,
    output: Option<&Path>,
    out_dir: Option<&Path>,
    method: &Method,
    format: OutputFormat,
) -> PathBuf {
    if let Some(path) = output {
        return path.to_path_buf();
    }
    let stem = input
        .file_stem()
        .map_or_else(|| "image".into(), |s| s.to_string_lossy().into_owned());
    let name = format!("{stem}-{}.{}", method.label(), format.extension());
    match out_dir {
        Some(dir) => dir.join(name),
        None => input.with_file_name(name),
    }
}

/// Refuses outputs that are inputs, or that two inputs would both write.
fn check_no_input_is_replaced(inputs: &[PathBuf], outputs: &[PathBuf]) -> anyhow::Result<()> {
    let canonical = |p: &Path| {
        let parent = p
            .parent()
            .filter(|d| !d.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        parent
            .canonicalize()
            .map(|d| d.join(p.file_name().unwrap_or_default()))
            .unwrap_or_else(|_| p.to_path_buf())
    };
    let ins: Vec<PathBuf> = inputs.iter().map(|p| canonical(p)).collect();
    let mut seen = std::collections::HashSet::new();
    for output in outputs {
        let c = canonical(output);
        if ins.contains(&c) {
            bail!(
                "{} is an input: refusing to overwrite it; choose another output",
                output.display()
            );
        }
        if !seen.insert(c) {
            bail!(
                "two inputs would both be written to {}; use --out-dir with distinct names",
                output.display()
            );
        }
    }
    Ok(())
}

fn process(
    input: &Path,
    output: &Path,
    plan: &Plan,
    ctx: &JobContext<'_>,
) -> anyhow::Result<Report> {
    ctx.set_message("reading");
    let mut image = read_image(input)?;
    if let Some(noise) = plan.noise {
        image = noise.apply(&image, plan.seed)?;
    }
    ctx.set_message("filtering");
    let mut progress = |p: toolcup_denoise::Progress| ctx.report(p.done, p.total);
    let started = Instant::now();
    let result = match plan.method {
        Method::Window(filter, kernel) => filter.apply(&image, kernel, &mut progress),
        Method::NonLocalMeans(params) => non_local_means(&image, &params, &mut progress),
    }
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
    ctx.set_message("writing");
    write_image(
        &result,
        output,
        WriteOptions {
            format: plan.format,
            overwrite: plan.overwrite,
        },
    )?;
    let (filter, kernel, h, h_color) = match plan.method {
        Method::Window(f, k) => (f.name(), Some(k.get()), None, None),
        Method::NonLocalMeans(p) => ("nlm", None, Some(p.h()), Some(p.h_color())),
    };
    Ok(Report {
        input: input.to_path_buf(),
        output: output.to_path_buf(),
        filter,
        kernel,
        h,
        h_color,
        width: result.width(),
        height: result.height(),
        channels: result.channels(),
        noise: plan.noise.map(|n| n.to_string()),
        filter_seconds,
        scores,
    })
}

fn print_reports(reports: &[Report], json: bool) -> anyhow::Result<()> {
    let mut stdout = std::io::stdout().lock();
    if json {
        serde_json::to_writer_pretty(&mut stdout, reports).map_err(|e| anyhow!(e))?;
        writeln!(stdout)?;
        return Ok(());
    }
    for r in reports {
        let what = match (r.kernel, r.h, r.h_color) {
            (Some(k), _, _) => format!("{} k={k}", r.filter),
            (None, Some(h), Some(hc)) => format!("nlm h={h} h_color={hc}"),
            _ => r.filter.to_string(),
        };
        write!(
            stdout,
            "{} -> {} ({}x{}, {what}, {:.3} s)",
            r.input.display(),
            r.output.display(),
            r.width,
            r.height,
            r.filter_seconds
        )?;
        if let Some(s) = &r.scores {
            let db = |v: Option<f64>| v.map_or("inf".to_string(), |v| format!("{v:.2}"));
            let ss = |v: Option<f64>| v.map_or("n/a".to_string(), |v| format!("{v:.4}"));
            write!(
                stdout,
                " PSNR {} -> {} dB, SSIM {} -> {}",
                db(s.psnr_before),
                db(s.psnr_after),
                ss(s.ssim_before),
                ss(s.ssim_after)
            )?;
        }
        writeln!(stdout)?;
    }
    Ok(())
}
