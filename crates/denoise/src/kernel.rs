//! Kernel sizes, validated once at the edge.

use crate::{Error, Result};

/// The side of a square filter window: an odd number of pixels from 1 to 255.
///
/// Size 1 is the identity for every filter. Even and zero sizes are refused,
/// never rounded: OpenCV's filters are centred on a pixel, so only odd sizes
/// have a centre.
///
/// ```
/// use toolcup_denoise::KernelSize;
/// assert_eq!(KernelSize::new(5)?.get(), 5);
/// assert_eq!(KernelSize::new(5)?.radius(), 2);
/// assert!(KernelSize::new(4).is_err());
/// assert!(KernelSize::new(0).is_err());
/// # Ok::<(), toolcup_denoise::Error>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct KernelSize(u8);

impl KernelSize {
    /// The largest kernel size accepted (OpenCV's limit for 8-bit median filters).
    pub const MAX: u32 = 255;

    /// Validates `size`: it must be odd and between 1 and [`KernelSize::MAX`].
    ///
    /// # Errors
    /// [`Error::InvalidParameter`] naming the size when it is even, zero or too large.
    pub fn new(size: u32) -> Result<Self> {
        if size % 2 == 1 && size <= Self::MAX {
            // size <= 255 fits.
            Ok(Self(size as u8))
        } else {
            Err(Error::InvalidParameter {
                name: "kernel size",
                value: size.to_string(),
                allowed: "an odd number from 1 to 255 (even sizes have no centre pixel)",
            })
        }
    }

    /// The window side in pixels.
    pub fn get(self) -> u32 {
        u32::from(self.0)
    }

    /// The number of pixels on each side of the centre: `(size - 1) / 2`.
    pub fn radius(self) -> usize {
        usize::from(self.0 / 2)
    }
}

impl std::fmt::Display for KernelSize {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.0)
    }
}

impl std::str::FromStr for KernelSize {
    type Err = Error;

    /// Parses a decimal kernel size, e.g. `"5"`.
    fn from_str(s: &str) -> Result<Self> {
        let size: u32 = s.trim().parse().map_err(|_| Error::InvalidParameter {
            name: "kernel size",
            value: s.to_string(),
            allowed: "an odd number from 1 to 255",
        })?;
        Self::new(size)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_every_odd_size_and_refuses_the_rest() {
        for size in 0..300 {
            let got = KernelSize::new(size);
            if size % 2 == 1 && size <= 255 {
                assert_eq!(got.expect("odd size").get(), size);
            } else {
                let err = got.expect_err("even or too large").to_string();
                assert!(err.contains(&size.to_string()), "{err}");
            }
        }
    }

    #[test]
    fn parses_text() {
        assert_eq!("7".parse::<KernelSize>().expect("seven").get(), 7);
        assert!("seven".parse::<KernelSize>().is_err());
        assert!("8".parse::<KernelSize>().is_err());
    }
}
