//! An 8-bit image with 1 to 4 interleaved channels.

use crate::pixels::Pixels;
use crate::{Error, Result};

/// The channel layouts an [`Image`] can hold.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ChannelLayout {
    /// One grey channel.
    Grey,
    /// Grey then alpha.
    GreyAlpha,
    /// Red, green, blue.
    Rgb,
    /// Red, green, blue, alpha.
    Rgba,
}

impl ChannelLayout {
    /// The layout for a channel count from 1 to 4.
    ///
    /// # Errors
    /// [`Error::InvalidParameter`] for any other count.
    pub fn from_count(channels: u8) -> Result<Self> {
        match channels {
            1 => Ok(Self::Grey),
            2 => Ok(Self::GreyAlpha),
            3 => Ok(Self::Rgb),
            4 => Ok(Self::Rgba),
            _ => Err(Error::InvalidParameter {
                name: "channel count",
                value: channels.to_string(),
                allowed: "1 (grey), 2 (grey+alpha), 3 (RGB) or 4 (RGBA)",
            }),
        }
    }

    /// Channels per pixel, alpha included.
    pub fn count(self) -> usize {
        match self {
            Self::Grey => 1,
            Self::GreyAlpha => 2,
            Self::Rgb => 3,
            Self::Rgba => 4,
        }
    }

    /// Colour channels per pixel, alpha excluded: 1 or 3.
    pub fn colour_count(self) -> usize {
        match self {
            Self::Grey | Self::GreyAlpha => 1,
            Self::Rgb | Self::Rgba => 3,
        }
    }

    /// Whether the last channel is alpha.
    pub fn has_alpha(self) -> bool {
        matches!(self, Self::GreyAlpha | Self::Rgba)
    }
}

/// An 8-bit image: rows top to bottom, pixels left to right, channels
/// interleaved (`RGBRGB…`), no padding between rows.
///
/// ```
/// use toolcup_denoise::{ChannelLayout, Image};
/// let img = Image::new(2, 1, ChannelLayout::Rgb, vec![1, 2, 3, 4, 5, 6])?;
/// assert_eq!(img.pixel(1, 0), &[4, 5, 6]);
/// # Ok::<(), toolcup_denoise::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Image {
    width: u32,
    height: u32,
    layout: ChannelLayout,
    data: Pixels,
}

impl Image {
    /// Wraps `data`, which must hold exactly `width * height * channels` bytes.
    ///
    /// # Errors
    /// [`Error::BufferSize`] when the length does not fit the dimensions.
    pub fn new(width: u32, height: u32, layout: ChannelLayout, data: Vec<u8>) -> Result<Self> {
        let expected = (width as usize)
            .checked_mul(height as usize)
            .and_then(|n| n.checked_mul(layout.count()));
        if expected != Some(data.len()) {
            return Err(Error::BufferSize {
                len: data.len(),
                width,
                height,
                channels: layout.count() as u8,
                expected: expected.unwrap_or(usize::MAX),
            });
        }
        Ok(Self {
            width,
            height,
            layout,
            data: Pixels::Heap(data),
        })
    }

    /// An image of the given size with every byte zero.
    pub fn zeroed(width: u32, height: u32, layout: ChannelLayout) -> Self {
        let len = width as usize * height as usize * layout.count();
        Self {
            width,
            height,
            layout,
            data: Pixels::zeroed(len),
        }
    }

    /// An image of the given size for a filter to overwrite whole: its
    /// bytes are whatever the buffer held (see [`Pixels::for_overwrite`]).
    pub(crate) fn for_overwrite(width: u32, height: u32, layout: ChannelLayout) -> Self {
        let len = width as usize * height as usize * layout.count();
        Self {
            width,
            height,
            layout,
            data: Pixels::for_overwrite(len),
        }
    }

    /// Width in pixels.
    pub fn width(&self) -> u32 {
        self.width
    }

    /// Height in pixels.
    pub fn height(&self) -> u32 {
        self.height
    }

    /// The channel layout.
    pub fn layout(&self) -> ChannelLayout {
        self.layout
    }

    /// Channels per pixel, alpha included.
    pub fn channels(&self) -> usize {
        self.layout.count()
    }

    /// Bytes per row.
    pub fn row_len(&self) -> usize {
        self.width as usize * self.channels()
    }

    /// All bytes, row-major and interleaved.
    pub fn as_bytes(&self) -> &[u8] {
        &self.data
    }

    /// All bytes, mutable.
    pub fn as_bytes_mut(&mut self) -> &mut [u8] {
        &mut self.data
    }

    /// Gives up the bytes.
    pub fn into_bytes(self) -> Vec<u8> {
        self.data.into_vec()
    }

    /// The channels of the pixel at column `x`, row `y`.
    ///
    /// # Panics
    /// When `x` or `y` is outside the image.
    pub fn pixel(&self, x: u32, y: u32) -> &[u8] {
        assert!(
            x < self.width && y < self.height,
            "pixel ({x}, {y}) outside {}x{}",
            self.width,
            self.height
        );
        let cn = self.channels();
        let start = (y as usize * self.width as usize + x as usize) * cn;
        &self.data[start..start + cn]
    }

    /// `"WxHxC"`, for messages.
    pub fn shape(&self) -> String {
        format!("{}x{}x{}", self.width, self.height, self.channels())
    }

    /// Whether the image has no pixels.
    pub fn is_empty(&self) -> bool {
        self.data.is_empty()
    }

    /// Fails with [`Error::ShapeMismatch`] unless `other` has the same size and layout.
    pub fn ensure_same_shape(&self, other: &Image) -> Result<()> {
        if self.width == other.width && self.height == other.height && self.layout == other.layout {
            Ok(())
        } else {
            Err(Error::ShapeMismatch {
                left: self.shape(),
                right: other.shape(),
            })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refuses_a_buffer_of_the_wrong_length() {
        let err = Image::new(2, 2, ChannelLayout::Rgb, vec![0; 11]).expect_err("short");
        assert!(err.to_string().contains("2x2"), "{err}");
    }

    #[test]
    fn layouts_round_trip_through_counts() {
        for n in 1..=4 {
            assert_eq!(
                ChannelLayout::from_count(n).expect("valid").count(),
                n as usize
            );
        }
        assert!(ChannelLayout::from_count(0).is_err());
        assert!(ChannelLayout::from_count(5).is_err());
    }
}
