//! The denoise recipe shared by `cli/denoise.rs` and the Denoise tab: the
//! filters offered and their labels, the rule that the kernel value is the
//! non-local-means strength, how a run is described, how scores are
//! written, and how an output name chooses its format. Both front ends call
//! these, so the same settings give the same text on the command line and
//! in the window.
//!
//! What other projects would want too (the readable and writable
//! extensions, the NLM recipe's windows, the formats and what metadata each
//! keeps) lives in `toolcup-denoise`.

use std::ops::ControlFlow;
use std::path::Path;

use serde::{Deserialize, Serialize};
use toolcup_denoise::nlm::NlmParams;
use toolcup_denoise::{
    Filter, Image, KernelSize, OutputFormat, Progress, WRITABLE_EXTENSIONS, non_local_means,
};

/// The filters both front ends offer (the variant names are also the
/// command line's `--filter` values and the window's saved setting).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, clap::ValueEnum)]
pub enum FilterKind {
    /// Gaussian blur (cv2.GaussianBlur, sigma from the kernel size).
    Gaussian,
    /// Median (cv2.medianBlur).
    Median,
    /// Minimum, i.e. erosion (cv2.erode).
    Min,
    /// Maximum, i.e. dilation (cv2.dilate).
    Max,
    /// Non-local means (cv2.fastNlMeansDenoisingColored on the BGR pixels
    /// cv2.imread gives, 7x7 patches, 15x15 search).
    Nlm,
}

impl FilterKind {
    /// Every filter, in the order menus show them.
    pub const ALL: [FilterKind; 5] = [
        Self::Gaussian,
        Self::Median,
        Self::Min,
        Self::Max,
        Self::Nlm,
    ];

    /// The name people read in the window's filter menu.
    pub fn label(self) -> &'static str {
        match self {
            Self::Gaussian => "Gaussian blur",
            Self::Median => "Median",
            Self::Min => "Minimum (erode)",
            Self::Max => "Maximum (dilate)",
            Self::Nlm => "Non-local means",
        }
    }

    /// What the kernel value means for this filter, as the window labels
    /// its slider.
    pub fn kernel_label(self) -> &'static str {
        match self {
            Self::Nlm => "Strength h",
            _ => "Kernel size",
        }
    }

    /// The library's window filter, or `None` for non-local means.
    fn window_filter(self) -> Option<Filter> {
        match self {
            Self::Gaussian => Some(Filter::Gaussian),
            Self::Median => Some(Filter::Median),
            Self::Min => Some(Filter::Min),
            Self::Max => Some(Filter::Max),
            Self::Nlm => None,
        }
    }
}

/// What one filter run does, validated once at the edge.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Method {
    /// A window filter with its kernel size.
    Window(Filter, KernelSize),
    /// Non-local means with its strengths and windows.
    NonLocalMeans(NlmParams),
}

impl Method {
    /// Validates the settings: for the window filters `kernel` is the odd
    /// window size; for non-local means it is the strength, used as both `h`
    /// and `h_color` unless they are given (the recipe's single slider).
    ///
    /// ```
    /// use toolcup::recipes::denoise::{FilterKind, Method};
    /// assert_eq!(Method::new(FilterKind::Median, 5, None, None)?.describe(), "median k=5");
    /// assert_eq!(Method::new(FilterKind::Nlm, 9, None, Some(4.0))?.describe(), "nlm h=9 h_color=4");
    /// assert!(Method::new(FilterKind::Median, 4, None, None).is_err());
    /// # Ok::<(), anyhow::Error>(())
    /// ```
    ///
    /// # Errors
    /// A kernel that is not an odd number from 1 to 255, a strength that is
    /// not positive, or `h`/`h_color` given for a window filter.
    pub fn new(
        kind: FilterKind,
        kernel: u32,
        h: Option<f32>,
        h_color: Option<f32>,
    ) -> anyhow::Result<Self> {
        match kind.window_filter() {
            Some(filter) => {
                if h.is_some() || h_color.is_some() {
                    anyhow::bail!("--h and --h-color only apply to --filter nlm");
                }
                Ok(Self::Window(filter, KernelSize::new(kernel)?))
            }
            None => {
                let strength = kernel as f32;
                Ok(Self::NonLocalMeans(NlmParams::new(
                    h.unwrap_or(strength),
                    h_color.unwrap_or(strength),
                    NlmParams::RECIPE_TEMPLATE,
                    NlmParams::RECIPE_SEARCH,
                )?))
            }
        }
    }

    /// The run in words: `median k=5`, `nlm h=9 h_color=9`.
    pub fn describe(&self) -> String {
        match self {
            Self::Window(filter, k) => format!("{} k={k}", filter.name()),
            Self::NonLocalMeans(p) => format!("nlm h={} h_color={}", p.h(), p.h_color()),
        }
    }

    /// The run in a file name: `median5`, `nlm9`.
    pub fn file_label(&self) -> String {
        match self {
            Self::Window(filter, k) => format!("{filter}{k}"),
            Self::NonLocalMeans(p) => format!("nlm{}", p.h()),
        }
    }

    /// Filters `image`.
    ///
    /// # Errors
    /// [`toolcup_denoise::Error::Cancelled`] when `progress` asks to stop.
    pub fn apply(
        &self,
        image: &Image,
        progress: &mut dyn FnMut(Progress) -> ControlFlow<()>,
    ) -> toolcup_denoise::Result<Image> {
        match self {
            Self::Window(filter, kernel) => filter.apply(image, *kernel, progress),
            Self::NonLocalMeans(params) => non_local_means(image, params, progress),
        }
    }
}

/// PSNR in dB with two decimals, `inf` for identical images.
pub fn psnr_text(psnr: Option<f64>) -> String {
    psnr.map_or_else(|| "inf".to_string(), |v| format!("{v:.2}"))
}

/// SSIM with four decimals, `n/a` when it could not be computed.
pub fn ssim_text(ssim: Option<f64>) -> String {
    ssim.map_or_else(|| "n/a".to_string(), |v| format!("{v:.4}"))
}

/// The format an output is written in: the chosen one (`--format`), which
/// must agree with the name's extension when the name has a known one, or
/// else the one the extension names; standard output (`None`) without a
/// choice gets PNG.
///
/// ```
/// use std::path::Path;
/// use toolcup::recipes::denoise::output_format;
/// use toolcup_denoise::OutputFormat;
/// assert_eq!(output_format(Some(Path::new("a.webp")), None, 90)?, OutputFormat::WebP);
/// assert_eq!(output_format(Some(Path::new("a")), Some("tiff"), 90)?, OutputFormat::Tiff);
/// assert!(output_format(Some(Path::new("a")), None, 90).is_err());
/// assert!(output_format(Some(Path::new("a.png")), Some("jpeg"), 90).is_err());
/// # Ok::<(), anyhow::Error>(())
/// ```
///
/// # Errors
/// A name without a writable extension and no choice, a choice that is not
/// a format, or a choice that contradicts the extension; each lists the
/// formats.
pub fn output_format(
    path: Option<&Path>,
    chosen: Option<&str>,
    jpeg_quality: u8,
) -> anyhow::Result<OutputFormat> {
    let named = path.and_then(|p| OutputFormat::from_path(p, jpeg_quality));
    let Some(chosen) = chosen else {
        return match path {
            Some(path) => OutputFormat::for_path(path, jpeg_quality).map_err(|e| {
                anyhow::anyhow!("{e}; or choose one with --format ({})", format_names())
            }),
            None => Ok(OutputFormat::Png),
        };
    };
    let format = OutputFormat::from_name(chosen, jpeg_quality).ok_or_else(|| {
        anyhow::anyhow!(
            "--format {chosen} is not a format this can write ({})",
            format_names()
        )
    })?;
    if let (Some(named), Some(path)) = (named, path)
        && named.name() != format.name()
    {
        anyhow::bail!(
            "{} names {} but --format says {}: drop one or make them agree",
            path.display(),
            named.name(),
            format.name()
        );
    }
    Ok(format)
}

/// The format names, comma-separated: `png, jpeg, webp, tiff, bmp`.
pub fn format_names() -> String {
    OutputFormat::NAMES.join(", ")
}

/// The file dialog's filters: one per format with its extensions.
pub fn save_filters() -> Vec<(&'static str, Vec<&'static str>)> {
    OutputFormat::NAMES
        .iter()
        .filter_map(|name| OutputFormat::from_name(name, 90))
        .map(|format| {
            let extensions = WRITABLE_EXTENSIONS
                .iter()
                .copied()
                .filter(|ext| {
                    OutputFormat::from_name(ext, 90).map(OutputFormat::name) == Some(format.name())
                })
                .collect();
            (format_label(format), extensions)
        })
        .collect()
}

/// A format's name for people: `PNG`, `JPEG`, `WebP (lossless)`, `TIFF`, `BMP`.
pub fn format_label(format: OutputFormat) -> &'static str {
    match format {
        OutputFormat::Png => "PNG",
        OutputFormat::Jpeg { .. } => "JPEG",
        OutputFormat::WebP => "WebP (lossless)",
        OutputFormat::Tiff => "TIFF",
        OutputFormat::Bmp => "BMP",
        _ => "image",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_format_has_a_save_filter_with_its_extensions() {
        let filters = save_filters();
        assert_eq!(filters.len(), OutputFormat::NAMES.len());
        let all: Vec<&str> = filters.iter().flat_map(|(_, e)| e.clone()).collect();
        assert_eq!(all.len(), WRITABLE_EXTENSIONS.len());
        assert_eq!(filters[1], ("JPEG", vec!["jpg", "jpeg"]));
    }

    #[test]
    fn an_unknown_extension_lists_the_choices() {
        let err = output_format(Some(Path::new("out.gif")), None, 90).expect_err("gif");
        assert_eq!(
            err.to_string(),
            "cannot write out.gif: .gif is not a format this can write \
             (png, jpg, jpeg, webp, tif, tiff, bmp); or choose one with --format \
             (png, jpeg, webp, tiff, bmp)"
        );
        assert_eq!(
            output_format(Some(Path::new("x.TIF")), None, 90).expect("tif"),
            OutputFormat::Tiff
        );
        assert_eq!(
            output_format(None, Some("jpg"), 80).expect("jpg"),
            OutputFormat::Jpeg { quality: 80 }
        );
    }

    #[test]
    fn scores_read_the_same_everywhere() {
        assert_eq!(psnr_text(None), "inf");
        assert_eq!(psnr_text(Some(31.234)), "31.23");
        assert_eq!(ssim_text(Some(0.91234)), "0.9123");
        assert_eq!(ssim_text(None), "n/a");
    }
}
