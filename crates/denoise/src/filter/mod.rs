//! The filters and the machinery they share: banding over threads, progress,
//! cancellation, alpha pass-through.
//!
//! Every filter works on each channel separately and returns what OpenCV's
//! call returns for the same 8-bit input, to the bit:
//!
//! | filter | OpenCV call | border |
//! |---|---|---|
//! | [`Filter::Gaussian`] | `cv2.GaussianBlur(img, (k, k), 0)` | reflect-101 |
//! | [`Filter::Median`] | `cv2.medianBlur(img, k)` | replicate |
//! | [`Filter::Min`] | `cv2.erode(img, np.ones((k, k)))` | outside pixels ignored |
//! | [`Filter::Max`] | `cv2.dilate(img, np.ones((k, k)))` | outside pixels ignored |
//!
//! Alpha is never filtered: it is copied from the input.

mod border;
mod gaussian;
mod median;
mod morphology;
mod non_local_means;

pub use gaussian::gaussian_kernel_q8;
pub use non_local_means::non_local_means;

use std::ops::ControlFlow;

use rayon::prelude::*;

use crate::{Error, Image, KernelSize, Result};

/// How far a long operation has come, in work units (rows for the filters).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Progress {
    /// Units finished.
    pub done: u64,
    /// Units in all.
    pub total: u64,
}

impl Progress {
    /// `done / total` as a fraction from 0 to 1 (1 when there is nothing to do).
    pub fn fraction(self) -> f32 {
        if self.total == 0 {
            1.0
        } else {
            self.done as f32 / self.total as f32
        }
    }
}

/// A progress callback that never cancels, for callers that do not watch.
pub fn no_progress(_: Progress) -> ControlFlow<()> {
    ControlFlow::Continue(())
}

/// The filters of this crate that take a kernel size.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Filter {
    /// Gaussian blur with OpenCV's default sigma for the kernel size.
    Gaussian,
    /// Median of the window.
    Median,
    /// Minimum of the window (grey-level erosion).
    Min,
    /// Maximum of the window (grey-level dilation).
    Max,
}

impl Filter {
    /// All filters, in the order menus show them.
    pub const ALL: [Filter; 4] = [Filter::Gaussian, Filter::Median, Filter::Min, Filter::Max];

    /// The lower-case name used on command lines and in JSON.
    pub fn name(self) -> &'static str {
        match self {
            Filter::Gaussian => "gaussian",
            Filter::Median => "median",
            Filter::Min => "min",
            Filter::Max => "max",
        }
    }

    /// Filters `image` with a `kernel` x `kernel` window.
    ///
    /// `progress` is called from the calling thread as rows are finished;
    /// returning [`ControlFlow::Break`] stops the work with [`Error::Cancelled`].
    ///
    /// ```
    /// use toolcup_denoise::{ChannelLayout, Filter, Image, KernelSize, no_progress};
    /// // One bright pixel in a dark 3x3 grey image.
    /// let img = Image::new(3, 3, ChannelLayout::Grey, vec![0, 0, 0, 0, 9, 0, 0, 0, 0])?;
    /// let k3 = KernelSize::new(3)?;
    /// let max = Filter::Max.apply(&img, k3, &mut no_progress)?;
    /// assert_eq!(max.as_bytes(), &[9; 9]);
    /// let median = Filter::Median.apply(&img, k3, &mut no_progress)?;
    /// assert_eq!(median.as_bytes(), &[0; 9]);
    /// # Ok::<(), toolcup_denoise::Error>(())
    /// ```
    ///
    /// # Errors
    /// [`Error::Cancelled`] when `progress` asks to stop.
    pub fn apply(
        self,
        image: &Image,
        kernel: KernelSize,
        progress: &mut dyn FnMut(Progress) -> ControlFlow<()>,
    ) -> Result<Image> {
        // Every byte of `out` is written below: by the filter, or the copy.
        let mut out = Image::for_overwrite(image.width(), image.height(), image.layout());
        let geometry = Geometry {
            width: image.width() as usize,
            height: image.height() as usize,
            cn: image.channels(),
        };
        let src = image.as_bytes();
        let dst = out.as_bytes_mut();
        if kernel.get() == 1 || image.is_empty() {
            dst.copy_from_slice(src);
        } else {
            match self {
                Filter::Gaussian => gaussian::gaussian_blur(src, dst, geometry, kernel, progress)?,
                Filter::Median => median::median_blur(src, dst, geometry, kernel, progress)?,
                Filter::Min => morphology::erode(src, dst, geometry, kernel, progress)?,
                Filter::Max => morphology::dilate(src, dst, geometry, kernel, progress)?,
            }
        }
        if image.layout().has_alpha() {
            copy_alpha(src, dst, geometry.cn);
        }
        Ok(out)
    }
}

impl std::fmt::Display for Filter {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

impl std::str::FromStr for Filter {
    type Err = Error;

    fn from_str(s: &str) -> Result<Self> {
        Filter::ALL
            .into_iter()
            .find(|f| f.name().eq_ignore_ascii_case(s.trim()))
            .ok_or_else(|| Error::InvalidParameter {
                name: "filter",
                value: s.to_string(),
                allowed: "gaussian, median, min or max",
            })
    }
}

/// Puts the input's alpha (the last channel) back into the output.
fn copy_alpha(src: &[u8], dst: &mut [u8], cn: usize) {
    for (d, s) in dst.chunks_exact_mut(cn).zip(src.chunks_exact(cn)) {
        d[cn - 1] = s[cn - 1];
    }
}

/// The shape of an interleaved 8-bit buffer.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Geometry {
    pub width: usize,
    pub height: usize,
    pub cn: usize,
}

impl Geometry {
    pub fn row_len(self) -> usize {
        self.width * self.cn
    }
}

/// Rows per band: the unit of work handed to one thread at a time.
const BAND_ROWS: usize = 16;

/// Fills `dst` band by band on rayon's pool. `filter_band(first_row, band)`
/// writes the output rows starting at `first_row` into `band`, which holds
/// whole rows. Progress is reported (and cancellation checked) between
/// batches of bands, from the calling thread.
///
/// Each filter's `filter_band` dispatches to AVX2 itself (a
/// [`pulp::WithSimd`] band operation): a dispatch here would not reach the
/// closure's body, which the compiler keeps as a separate function.
pub(crate) fn run_bands(
    dst: &mut [u8],
    geometry: Geometry,
    progress: &mut dyn FnMut(Progress) -> ControlFlow<()>,
    filter_band: impl Fn(usize, &mut [u8]) + Sync,
) -> Result<()> {
    let row_len = geometry.row_len();
    let band_len = BAND_ROWS * row_len;
    let bands_per_batch = rayon::current_num_threads() * 8;
    let total = geometry.height as u64;
    let mut done_rows = 0usize;
    for batch in dst.chunks_mut(band_len * bands_per_batch) {
        let first_row = done_rows;
        batch
            .par_chunks_mut(band_len)
            .enumerate()
            .for_each(|(i, band)| filter_band(first_row + i * BAND_ROWS, band));
        done_rows += batch.len() / row_len;
        let report = Progress {
            done: done_rows as u64,
            total,
        };
        if progress(report).is_break() {
            return Err(Error::Cancelled);
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests;
