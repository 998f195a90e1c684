//! Decoding PNG, JPEG, WebP, TIFF and BMP into 8-bit [`Image`]s.
//!
//! - The format is recognised from the content, not the file name.
//! - EXIF orientation (JPEG, WebP, TIFF) is applied, so the pixels come out
//!   the way the photo is meant to be seen.
//! - 16-bit samples are scaled to 8 bits with rounding: `(v + 128) / 257`,
//!   which maps 0 to 0, 65535 to 255 and every value to the nearest 8-bit one.
//!   Floating-point samples are clamped to 0..=1 and rounded to 8 bits.
//! - Grey, grey+alpha, RGB and RGBA are kept as they are; other layouts
//!   become RGBA.

use std::io::Cursor;
use std::path::Path;

use image::{DynamicImage, ImageDecoder, ImageError, ImageReader};

use crate::{ChannelLayout, Error, Image, Result};

/// How large an image may be before decoding refuses it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DecodeLimits {
    /// The longest side allowed, in pixels.
    pub max_side_px: u32,
    /// The most bytes the decoded image may take at its native depth.
    pub max_bytes: u64,
}

impl Default for DecodeLimits {
    /// 32768 pixels a side and 1 GiB decoded: room for a 100-megapixel
    /// 16-bit RGBA photo (800 MB), while a forged header claiming
    /// 65535x65535 is refused before anything is allocated.
    fn default() -> Self {
        Self {
            max_side_px: 32768,
            max_bytes: 1 << 30,
        }
    }
}

impl DecodeLimits {
    fn describe(self) -> String {
        format!(
            "{} pixels a side, {} MiB decoded",
            self.max_side_px,
            self.max_bytes >> 20
        )
    }
}

/// Reads the image file at `path` with the default [`DecodeLimits`].
///
/// # Errors
/// [`Error::Read`] when the file cannot be opened, [`Error::Decode`] when it
/// is not an image or is damaged, [`Error::TooLarge`] past the limits,
/// [`Error::Empty`] for a zero-sized image. Each names the file.
pub fn read_image(path: &Path) -> Result<Image> {
    read_image_with_limits(path, DecodeLimits::default())
}

/// Reads the image file at `path`, refusing images larger than `limits`.
///
/// # Errors
/// As [`read_image`].
pub fn read_image_with_limits(path: &Path, limits: DecodeLimits) -> Result<Image> {
    let bytes = std::fs::read(path).map_err(|source| Error::Read {
        path: path.to_path_buf(),
        source,
    })?;
    decode_image(&bytes, path, limits)
}

/// Decodes an image held in memory; `name` is used in error messages.
///
/// ```
/// use std::path::Path;
/// use toolcup_denoise::{DecodeLimits, decode_image};
/// let err = decode_image(b"not an image", Path::new("notes.txt"), DecodeLimits::default())
///     .unwrap_err();
/// assert!(err.to_string().starts_with("cannot decode notes.txt"));
/// ```
///
/// # Errors
/// As [`read_image`], except [`Error::Read`].
pub fn decode_image(bytes: &[u8], name: &Path, limits: DecodeLimits) -> Result<Image> {
    let decode_error = |reason: String| Error::Decode {
        path: name.to_path_buf(),
        reason,
    };
    let map = |err: ImageError| match err {
        ImageError::Limits(e) => Error::TooLarge {
            path: name.to_path_buf(),
            reason: e.to_string(),
            limit: limits.describe(),
        },
        ImageError::Unsupported(e) => {
            decode_error(format!("{e} (supported: PNG, JPEG, WebP, TIFF, BMP)"))
        }
        ImageError::IoError(e) if e.kind() == std::io::ErrorKind::UnexpectedEof => {
            decode_error("the file is truncated".to_string())
        }
        other => decode_error(other.to_string()),
    };
    let mut reader = ImageReader::new(Cursor::new(bytes))
        .with_guessed_format()
        .map_err(|e| decode_error(e.to_string()))?;
    if reader.format().is_none() {
        return Err(decode_error(
            "not a recognised image (supported: PNG, JPEG, WebP, TIFF, BMP)".to_string(),
        ));
    }
    let mut image_limits = image::Limits::default();
    image_limits.max_image_width = Some(limits.max_side_px);
    image_limits.max_image_height = Some(limits.max_side_px);
    image_limits.max_alloc = Some(limits.max_bytes);
    reader.limits(image_limits);
    let mut decoder = reader.into_decoder().map_err(map)?;
    let (width, height) = decoder.dimensions();
    if width == 0 || height == 0 {
        return Err(Error::Empty {
            path: name.to_path_buf(),
            width,
            height,
        });
    }
    if decoder.total_bytes() > limits.max_bytes {
        return Err(Error::TooLarge {
            path: name.to_path_buf(),
            reason: format!("{width}x{height} needs {} MiB", decoder.total_bytes() >> 20),
            limit: limits.describe(),
        });
    }
    let orientation = decoder.orientation().map_err(map)?;
    let mut decoded = DynamicImage::from_decoder(decoder).map_err(map)?;
    decoded.apply_orientation(orientation);
    Ok(to_eight_bit(decoded))
}

/// Rounds a 16-bit sample to the nearest 8-bit one.
fn sixteen_to_eight(v: u16) -> u8 {
    ((u32::from(v) + 128) / 257) as u8
}

fn float_to_eight(v: f32) -> u8 {
    (v.clamp(0.0, 1.0) * 255.0).round() as u8
}

fn to_eight_bit(decoded: DynamicImage) -> Image {
    let (width, height) = (decoded.width(), decoded.height());
    let (layout, data) = match decoded {
        DynamicImage::ImageLuma8(b) => (ChannelLayout::Grey, b.into_raw()),
        DynamicImage::ImageLumaA8(b) => (ChannelLayout::GreyAlpha, b.into_raw()),
        DynamicImage::ImageRgb8(b) => (ChannelLayout::Rgb, b.into_raw()),
        DynamicImage::ImageRgba8(b) => (ChannelLayout::Rgba, b.into_raw()),
        DynamicImage::ImageLuma16(b) => (
            ChannelLayout::Grey,
            b.iter().map(|&v| sixteen_to_eight(v)).collect(),
        ),
        DynamicImage::ImageLumaA16(b) => (
            ChannelLayout::GreyAlpha,
            b.iter().map(|&v| sixteen_to_eight(v)).collect(),
        ),
        DynamicImage::ImageRgb16(b) => (
            ChannelLayout::Rgb,
            b.iter().map(|&v| sixteen_to_eight(v)).collect(),
        ),
        DynamicImage::ImageRgba16(b) => (
            ChannelLayout::Rgba,
            b.iter().map(|&v| sixteen_to_eight(v)).collect(),
        ),
        DynamicImage::ImageRgb32F(b) => (
            ChannelLayout::Rgb,
            b.iter().map(|&v| float_to_eight(v)).collect(),
        ),
        DynamicImage::ImageRgba32F(b) => (
            ChannelLayout::Rgba,
            b.iter().map(|&v| float_to_eight(v)).collect(),
        ),
        other => (ChannelLayout::Rgba, other.into_rgba8().into_raw()),
    };
    Image::new(width, height, layout, data)
        .unwrap_or_else(|_| unreachable!("decoder output matches its dimensions"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sixteen_bit_rounds_to_the_nearest_eight_bit_value() {
        for v in 0..=u16::MAX {
            let expected = (f64::from(v) * 255.0 / 65535.0).round() as u8;
            assert_eq!(sixteen_to_eight(v), expected, "{v}");
        }
    }

    #[test]
    fn sixteen_bit_png_is_rounded_to_eight_bits() {
        let samples: [u16; 6] = [0, 128, 129, 32896, 65406, 65535];
        let buffer =
            image::ImageBuffer::<image::Rgb<u16>, Vec<u16>>::from_raw(2, 1, samples.to_vec())
                .expect("sized");
        let mut png = Vec::new();
        image::DynamicImage::ImageRgb16(buffer)
            .write_to(&mut Cursor::new(&mut png), image::ImageFormat::Png)
            .expect("encode");
        let decoded =
            decode_image(&png, Path::new("deep.png"), DecodeLimits::default()).expect("decode");
        assert_eq!(decoded.layout(), ChannelLayout::Rgb);
        assert_eq!(decoded.as_bytes(), &[0, 0, 1, 128, 254, 255]);
    }

    #[test]
    fn truncated_and_oversized_files_are_refused_with_the_limit() {
        let image = Image::new(64, 64, ChannelLayout::Grey, vec![7; 64 * 64]).expect("sized");
        let png = crate::encode_image(&image, crate::OutputFormat::Png).expect("encode");
        let err = decode_image(
            &png[..png.len() / 2],
            Path::new("cut.png"),
            DecodeLimits::default(),
        )
        .expect_err("truncated");
        assert!(
            err.to_string().starts_with("cannot decode cut.png"),
            "{err}"
        );
        let small = DecodeLimits {
            max_side_px: 32,
            max_bytes: 1 << 20,
        };
        let err = decode_image(&png, Path::new("big.png"), small).expect_err("too large");
        assert!(matches!(err, Error::TooLarge { .. }), "{err}");
        assert!(err.to_string().contains("32 pixels a side"), "{err}");
        let tiny = DecodeLimits {
            max_side_px: 1000,
            max_bytes: 1000,
        };
        let err = decode_image(&png, Path::new("big.png"), tiny).expect_err("too many bytes");
        assert!(err.to_string().contains("too large"), "{err}");
    }

    #[test]
    fn refuses_garbage_and_names_it() {
        let err = decode_image(&[0u8; 64], Path::new("x.png"), DecodeLimits::default())
            .expect_err("garbage");
        assert!(err.to_string().contains("x.png"), "{err}");
    }
}
