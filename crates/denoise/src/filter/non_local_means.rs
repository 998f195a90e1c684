//! Non-local means on an [`Image`] of any layout, on top of [`crate::nlm`].

use std::ops::ControlFlow;

use crate::nlm::{self, ColorLayout, NlmParams};
use crate::{ChannelLayout, Image, Progress, Result};

/// Denoises `image` with non-local means, as OpenCV does for the same call:
/// grey images as `cv2.fastNlMeansDenoising(img, None, h, template, search)`,
/// colour images as `cv2.fastNlMeansDenoisingColored(img, None, h, h_color,
/// template, search)` given the colours in OpenCV's order. Alpha is copied
/// through untouched.
///
/// **Channel order.** An [`Image`] holds red, green, blue in that order (as
/// [`read_image`](crate::read_image) decodes files); it is handed to OpenCV's
/// arithmetic as BGR, so the result equals OpenCV's for the array
/// `cv2.imread` returns for the same file. OpenCV converts to Lab assuming
/// BGR, and the conversion weighs the channels differently, so OpenCV given
/// RGB pixels in BGR's place (a PIL, imageio or Streamlit upload, or an
/// array after `cv2.cvtColor(img, cv2.COLOR_BGR2RGB)`) gives other numbers.
/// From Python, pass BGR: `cv2.imread(path)`, or `rgb[:, :, ::-1]` for an
/// RGB array (and flip the result back). Buffers already in BGR go to
/// [`nlm::denoise_colored`] with [`ColorLayout::Bgr`].
///
/// ```
/// use toolcup_denoise::{ChannelLayout, Image, no_progress, non_local_means};
/// use toolcup_denoise::nlm::NlmParams;
/// let flat = Image::new(4, 4, ChannelLayout::GreyAlpha, [90, 7].repeat(16))?;
/// let out = non_local_means(&flat, &NlmParams::recipe(10.0)?, &mut no_progress)?;
/// assert_eq!(out, flat);
/// # Ok::<(), toolcup_denoise::Error>(())
/// ```
///
/// # Errors
/// [`crate::Error::Cancelled`] when `progress` asks to stop.
pub fn non_local_means(
    image: &Image,
    params: &NlmParams,
    progress: &mut dyn FnMut(Progress) -> ControlFlow<()>,
) -> Result<Image> {
    let (w, h) = (image.width(), image.height());
    if image.is_empty() {
        return Ok(image.clone());
    }
    let data = match image.layout() {
        ChannelLayout::Grey => nlm::denoise_grey(image.as_bytes(), w, h, params, progress)?,
        ChannelLayout::GreyAlpha => {
            let grey: Vec<u8> = image.as_bytes().chunks_exact(2).map(|p| p[0]).collect();
            let out = nlm::denoise_grey(&grey, w, h, params, progress)?;
            out.iter()
                .zip(image.as_bytes().chunks_exact(2))
                .flat_map(|(&g, p)| [g, p[1]])
                .collect()
        }
        ChannelLayout::Rgb => {
            nlm::denoise_colored(image.as_bytes(), w, h, ColorLayout::Rgb, params, progress)?
        }
        ChannelLayout::Rgba => {
            nlm::denoise_colored(image.as_bytes(), w, h, ColorLayout::Rgba, params, progress)?
        }
    };
    Image::new(w, h, image.layout(), data)
}
