//! Non-local means, giving the bits of OpenCV's `fastNlMeansDenoising` and
//! `fastNlMeansDenoisingColored`.
//!
//! Each pixel becomes a weighted average of the pixels in a search window
//! around it, weighted by how similar the patch (template window) around each
//! of them is to its own patch (Buades, Coll and Morel, "A non-local algorithm
//! for image denoising", CVPR 2005). The arithmetic is OpenCV's, in the same
//! integers, so results are identical:
//!
//! - borders are reflect-101 (`gfedcb|abcdefgh|gfedcba`), `search/2 +
//!   template/2` pixels wide;
//! - a patch distance is the integer sum of squared differences, shifted right
//!   by `ceil(log2(template^2))` (6 for 7x7) to index a weight table of
//!   `round(mult * exp(-d * 2^shift / template^2 / (h^2 * channels)))`, cut
//!   to 0 under 0.001 of `mult = INT_MAX / (search^2 * 255)`;
//! - the result is `(sum w * p + sum w / 2) / sum w`;
//! - colour images go to OpenCV's 8-bit Lab of *linear* BGR
//!   (`COLOR_LBGR2Lab`), L is filtered with `h`, a and b jointly with
//!   `h_color`, and the result goes back with `COLOR_Lab2LBGR` (so no output
//!   channel exceeds 254, as in OpenCV).
//!
//! Work runs on rayon's pool in bands of rows; the progress callback is called
//! on the caller's thread between waves of bands and can cancel. A
//! [`Progress`] unit is one image row of one channel filtered: a grey image
//! has `height` units, a colour image `3 * height` (L, then a and b together).
//!
//! ```
//! use std::ops::ControlFlow;
//! use toolcup_denoise::nlm::{self, NlmParams};
//!
//! // A flat grey 3x2 image with one bright pixel; h = 30, template 7, search 15.
//! let src = [100, 100, 100, 100, 160, 100];
//! let params = NlmParams::recipe(30.0)?;
//! let out = nlm::denoise_grey(&src, 3, 2, &params, &mut |_| ControlFlow::Continue(()))?;
//! // What cv2.fastNlMeansDenoising(img, None, 30, 7, 15) gives.
//! assert_eq!(out, [107, 108, 107, 108, 138, 108]);
//! # Ok::<(), toolcup_denoise::Error>(())
//! ```

#[cfg(target_arch = "x86_64")]
mod avx2;
mod bands;
mod colour;
#[cfg(test)]
pub(crate) mod oracle;
mod padding;
mod params;
mod patch_search;
#[cfg(test)]
mod reference;
#[cfg(test)]
mod tests;
mod weights;

use std::ops::ControlFlow;

pub use params::NlmParams;

use crate::{Error, Progress, Result};
use bands::ProgressSink;
use patch_search::{Kernel, PaddedPlanes};
use weights::WeightTable;

/// Channel order of an interleaved 8-bit colour buffer.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ColorLayout {
    /// Red, green, blue.
    Rgb,
    /// Blue, green, red (OpenCV's order).
    Bgr,
    /// Red, green, blue, alpha; alpha is copied through untouched.
    Rgba,
    /// Blue, green, red, alpha; alpha is copied through untouched.
    Bgra,
}

impl ColorLayout {
    /// Bytes per pixel.
    pub fn channels(self) -> usize {
        match self {
            ColorLayout::Rgb | ColorLayout::Bgr => 3,
            ColorLayout::Rgba | ColorLayout::Bgra => 4,
        }
    }

    /// Whether the first colour byte is blue.
    fn blue_first(self) -> bool {
        matches!(self, ColorLayout::Bgr | ColorLayout::Bgra)
    }
}

/// Denoises a grey image as `cv2.fastNlMeansDenoising(img, None, h, template,
/// search)` does, bit for bit. Uses `params.h()`; `h_color` is ignored.
///
/// `src` is `width * height` bytes, row-major.
///
/// # Errors
/// [`Error::InvalidParameter`] for a zero width or height,
/// [`Error::BufferSize`] if `src` does not hold the image, and
/// [`Error::Cancelled`] if `progress` returns `Break`.
pub fn denoise_grey(
    src: &[u8],
    width: u32,
    height: u32,
    params: &NlmParams,
    progress: &mut dyn FnMut(Progress) -> ControlFlow<()>,
) -> Result<Vec<u8>> {
    check_buffer(src, width, height, 1)?;
    let mut sink = ProgressSink {
        callback: progress,
        done: 0,
        total: u64::from(height),
    };
    filter_planes(
        [src],
        width as usize,
        height as usize,
        params.h(),
        params,
        &mut sink,
    )
}

/// Denoises a colour image as `cv2.fastNlMeansDenoisingColored(img, None, h,
/// h_color, template, search)` does, bit for bit, given the image in the
/// channel order OpenCV expects (`layout` says which order `src` is in; the
/// result is in the same layout). Alpha, if any, is copied through untouched
/// (OpenCV, given BGRA, returns alpha 255).
///
/// `src` is `width * height * layout.channels()` bytes, row-major.
///
/// ```
/// use std::ops::ControlFlow;
/// use toolcup_denoise::nlm::{self, ColorLayout, NlmParams};
///
/// // Two RGBA pixels: red-ish and green-ish, alpha 7 and 9.
/// let src = [200, 30, 30, 7, 60, 200, 40, 9];
/// let params = NlmParams::recipe(10.0)?;
/// let out = nlm::denoise_colored(&src, 2, 1, ColorLayout::Rgba, &params, &mut |_| ControlFlow::Continue(()))?;
/// // OpenCV's colours for the same pixels given as BGR; alpha untouched.
/// assert_eq!(out, [201, 29, 30, 7, 61, 200, 39, 9]);
///
/// // OpenCV's Lab round trip caps every channel at 254.
/// let white = nlm::denoise_colored(&[255; 6], 2, 1, ColorLayout::Rgb, &params, &mut |_| ControlFlow::Continue(()))?;
/// assert_eq!(white, [254; 6]);
/// # Ok::<(), toolcup_denoise::Error>(())
/// ```
///
/// # Errors
/// [`Error::InvalidParameter`] for a zero width or height,
/// [`Error::BufferSize`] if `src` does not hold the image, and
/// [`Error::Cancelled`] if `progress` returns `Break`.
pub fn denoise_colored(
    src: &[u8],
    width: u32,
    height: u32,
    layout: ColorLayout,
    params: &NlmParams,
    progress: &mut dyn FnMut(Progress) -> ControlFlow<()>,
) -> Result<Vec<u8>> {
    check_buffer(src, width, height, layout.channels())?;
    colour::denoise(
        src,
        width as usize,
        height as usize,
        layout,
        params,
        progress,
    )
}

/// Checks the image has pixels and `src` holds exactly them.
fn check_buffer(src: &[u8], width: u32, height: u32, channels: usize) -> Result<()> {
    if width == 0 || height == 0 {
        return Err(Error::InvalidParameter {
            name: "image size",
            value: format!("{width}x{height}"),
            allowed: "at least 1x1 pixels",
        });
    }
    let expected = (width as usize)
        .checked_mul(height as usize)
        .and_then(|n| n.checked_mul(channels));
    if expected != Some(src.len()) {
        return Err(Error::BufferSize {
            len: src.len(),
            width,
            height,
            channels: channels as u8,
            expected: expected.unwrap_or(usize::MAX),
        });
    }
    Ok(())
}

/// Filters `CN` planes jointly with strength `h`; returns interleaved pixels.
fn filter_planes<const CN: usize>(
    planes: [&[u8]; CN],
    width: usize,
    height: usize,
    h: f32,
    params: &NlmParams,
    sink: &mut ProgressSink<'_>,
) -> Result<Vec<u8>> {
    filter_planes_with(Kernel::detect(), planes, width, height, h, params, sink)
}

/// [`filter_planes`] with the kernel chosen by the caller (tests run each).
fn filter_planes_with<const CN: usize>(
    kernel: Kernel,
    planes: [&[u8]; CN],
    width: usize,
    height: usize,
    h: f32,
    params: &NlmParams,
    sink: &mut ProgressSink<'_>,
) -> Result<Vec<u8>> {
    let search_radius = (params.search() / 2) as usize;
    let template_radius = (params.template() / 2) as usize;
    let border = search_radius + template_radius;
    let slack = kernel.slack();
    let padded: Vec<Vec<u8>> = planes
        .iter()
        .map(|plane| padding::pad::<1>(plane, width, height, border, slack))
        .collect();
    let table = WeightTable::new(h, CN as u32, params.template(), params.search());
    let padded = PaddedPlanes::<CN> {
        planes: std::array::from_fn(|i| padded[i].as_slice()),
        padded_width: width + 2 * border + slack,
        width,
        search_radius,
        template_radius,
        narrow_weights: table.weights()[0] <= u32::from(u16::MAX),
        kernel,
    };
    let mut out = vec![0; width * height * CN];
    bands::run_bands(
        &mut out,
        height,
        width * CN,
        CN as u64,
        sink,
        |rows, band| padded.filter_rows(&table, rows, band),
    )?;
    Ok(out)
}
