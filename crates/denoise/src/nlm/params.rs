//! The filter's parameters, validated once.

use crate::{Error, Result};

/// Strengths and window sizes of a non-local-means run, as OpenCV takes them.
///
/// `h` filters luminance (and grey images), `h_color` the colour (a, b)
/// channels; bigger removes more noise and more detail. The template (patch)
/// window is compared between pixels; the search window is where similar
/// patches are looked for. Both are odd, the search window larger than the
/// template.
///
/// ```
/// use toolcup_denoise::nlm::NlmParams;
///
/// // What `cv2.fastNlMeansDenoisingColored(img, None, 10, 10, 7, 15)` uses.
/// let params = NlmParams::new(10.0, 10.0, 7, 15)?;
/// assert_eq!((params.template(), params.search()), (7, 15));
/// assert_eq!(params, NlmParams::recipe(10.0)?);
///
/// assert!(NlmParams::new(10.0, 10.0, 8, 15).is_err()); // even template
/// assert!(NlmParams::new(10.0, 10.0, 7, 7).is_err()); // search not larger
/// assert!(NlmParams::new(0.0, 10.0, 7, 15).is_err()); // h must be positive
/// # Ok::<(), toolcup_denoise::Error>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct NlmParams {
    h: f32,
    h_color: f32,
    template: u32,
    search: u32,
}

impl NlmParams {
    /// The template window the recipe uses, OpenCV's default.
    pub const RECIPE_TEMPLATE: u32 = 7;
    /// The search window the recipe uses (OpenCV's default is 21).
    pub const RECIPE_SEARCH: u32 = 15;
    /// The largest template window accepted: keeps patch distances in `i32`
    /// as OpenCV computes them.
    pub const MAX_TEMPLATE: u32 = 35;
    /// The largest search window accepted.
    pub const MAX_SEARCH: u32 = 101;

    /// Validates strengths and window sizes.
    ///
    /// # Errors
    /// [`Error::InvalidParameter`] if `h` or `h_color` is not a positive finite
    /// number, a window size is even or out of range, or `search <= template`.
    pub fn new(h: f32, h_color: f32, template: u32, search: u32) -> Result<Self> {
        for (name, value) in [("h", h), ("h_color", h_color)] {
            if !(value.is_finite() && value > 0.0) {
                return Err(Error::InvalidParameter {
                    name,
                    value: value.to_string(),
                    allowed: "a positive finite number",
                });
            }
        }
        if template.is_multiple_of(2) || template > Self::MAX_TEMPLATE {
            return Err(Error::InvalidParameter {
                name: "template window size",
                value: template.to_string(),
                allowed: "an odd number from 1 to 35",
            });
        }
        if search.is_multiple_of(2) || search <= template || search > Self::MAX_SEARCH {
            return Err(Error::InvalidParameter {
                name: "search window size",
                value: search.to_string(),
                allowed: "an odd number larger than the template window, at most 101",
            });
        }
        Ok(NlmParams {
            h,
            h_color,
            template,
            search,
        })
    }

    /// The recipe's call: `h = h_color = strength`, template 7, search 15.
    ///
    /// # Errors
    /// [`Error::InvalidParameter`] if `strength` is not a positive finite number.
    pub fn recipe(strength: f32) -> Result<Self> {
        Self::new(
            strength,
            strength,
            Self::RECIPE_TEMPLATE,
            Self::RECIPE_SEARCH,
        )
    }

    /// Strength for luminance and grey images.
    pub fn h(&self) -> f32 {
        self.h
    }

    /// Strength for the colour (a, b) channels.
    pub fn h_color(&self) -> f32 {
        self.h_color
    }

    /// Side of the square patch compared between pixels.
    pub fn template(&self) -> u32 {
        self.template
    }

    /// Side of the square window searched for similar patches.
    pub fn search(&self) -> u32 {
        self.search
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn message(result: Result<NlmParams>) -> String {
        result.expect_err("invalid").to_string()
    }

    #[test]
    fn errors_name_the_parameter_its_value_and_what_is_allowed() {
        assert_eq!(
            message(NlmParams::new(f32::NAN, 3.0, 7, 15)),
            "invalid h NaN: a positive finite number"
        );
        assert_eq!(
            message(NlmParams::new(3.0, -1.0, 7, 15)),
            "invalid h_color -1: a positive finite number"
        );
        assert_eq!(
            message(NlmParams::new(3.0, 3.0, 37, 41)),
            "invalid template window size 37: an odd number from 1 to 35"
        );
        assert_eq!(
            message(NlmParams::new(3.0, 3.0, 7, 5)),
            "invalid search window size 5: an odd number larger than the template window, at most 101"
        );
        assert!(NlmParams::new(3.0, 3.0, 7, 103).is_err());
        assert!(NlmParams::new(3.0, 3.0, 0, 3).is_err());
    }

    #[test]
    fn accepts_the_extremes() {
        assert!(NlmParams::new(f32::MIN_POSITIVE, f32::MAX, 1, 3).is_ok());
        assert!(NlmParams::new(1.0, 1.0, 35, 101).is_ok());
    }
}
