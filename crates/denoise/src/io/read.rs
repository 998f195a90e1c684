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

use std::io::{BufRead, BufReader, Cursor, Seek};
use std::path::Path;

use image::{DynamicImage, ImageDecoder, ImageError, ImageFormat, ImageReader};

use super::metadata::Metadata;
use super::{complete, source};
use crate::{ChannelLayout, Error, Image, Result};

/// How large an image may be before decoding refuses it. Every limit is
/// checked against the file's header, before the pixels are allocated.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DecodeLimits {
    /// The longest side allowed, in pixels.
    pub max_side_px: u32,
    /// The most pixels (width x height) allowed.
    pub max_pixels: u64,
    /// The most bytes the decoded image may take at its native depth.
    pub max_bytes: u64,
}

impl Default for DecodeLimits {
    /// 32768 pixels a side, 2^30 pixels and 1 GiB decoded: room for a
    /// 100-megapixel 16-bit RGBA photo (800 MB), while a forged header
    /// claiming 65535x65535 is refused before anything is allocated.
    fn default() -> Self {
        Self {
            max_side_px: 32768,
            max_pixels: 1 << 30,
            max_bytes: 1 << 30,
        }
    }
}

impl DecodeLimits {
    /// Limits that allow `max_pixels` pixels of any shape and depth a
    /// decoder produces (up to 8 bytes a pixel, 16-bit RGBA), and no more.
    ///
    /// ```
    /// use toolcup_denoise::DecodeLimits;
    /// let limits = DecodeLimits::pixels(12_000_000);
    /// assert_eq!(limits.max_pixels, 12_000_000);
    /// assert_eq!(limits.max_bytes, 96_000_000);
    /// ```
    pub fn pixels(max_pixels: u64) -> Self {
        Self {
            max_side_px: u32::MAX,
            max_pixels,
            max_bytes: max_pixels.saturating_mul(8),
        }
    }

    fn describe(self) -> String {
        let mut parts = Vec::new();
        if self.max_side_px != u32::MAX {
            parts.push(format!("{} pixels a side", self.max_side_px));
        }
        parts.push(pixel_count(self.max_pixels));
        parts.push(format!("{} decoded", byte_count(self.max_bytes)));
        parts.join(", ")
    }
}

/// "4096 pixels", "12.0 megapixels".
fn pixel_count(pixels: u64) -> String {
    if pixels < 1_000_000 {
        format!("{pixels} pixels")
    } else {
        format!("{:.1} megapixels", pixels as f64 / 1e6)
    }
}

/// "1000 bytes", "1024 MiB".
fn byte_count(bytes: u64) -> String {
    if bytes < 1 << 20 {
        format!("{bytes} bytes")
    } else {
        format!("{} MiB", bytes >> 20)
    }
}

/// How [`read_image_with`] and [`decode_image_with`] decode.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ReadOptions {
    /// The size limits.
    pub limits: DecodeLimits,
    /// Decode an incomplete image (a truncated JPEG) anyway, the missing
    /// part grey, and say so in [`Decoded::incomplete`], instead of failing
    /// with [`Error::Incomplete`].
    pub accept_incomplete: bool,
}

/// A decoded image and what was noticed on the way.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Decoded {
    /// The pixels, 8 bits a sample, EXIF orientation applied.
    pub image: Image,
    /// What the file lacks, when it is incomplete and
    /// [`ReadOptions::accept_incomplete`] let it through.
    pub incomplete: Option<String>,
    /// Its ICC profile and EXIF (orientation reset, as the pixels are
    /// upright), to write back with [`write_image_with`](crate::write_image_with).
    pub metadata: Metadata,
}

/// Reads the image file at `path` with the default [`DecodeLimits`].
///
/// # Errors
/// [`Error::Read`] when the file cannot be opened, [`Error::NotRegularFile`]
/// for a folder, FIFO, device or socket, [`Error::Decode`] when it is not an
/// image or is damaged, [`Error::Incomplete`] when it is cut short,
/// [`Error::TooLarge`] past the limits, [`Error::Empty`] for a zero-sized
/// image. Each names the file.
pub fn read_image(path: &Path) -> Result<Image> {
    read_image_with_limits(path, DecodeLimits::default())
}

/// Reads the image file at `path`, refusing images larger than `limits`.
///
/// # Errors
/// As [`read_image`].
pub fn read_image_with_limits(path: &Path, limits: DecodeLimits) -> Result<Image> {
    let options = ReadOptions {
        limits,
        accept_incomplete: false,
    };
    read_image_with(path, &options).map(|decoded| decoded.image)
}

/// Reads the image file at `path` as `options` say. The file is decoded as
/// it is read, never held whole in memory (except JPEG, whose decoder needs
/// it whole), and only a regular file is opened: a FIFO or device would
/// block or never end.
///
/// # Errors
/// As [`read_image`]; [`Error::Incomplete`] only without
/// [`ReadOptions::accept_incomplete`].
pub fn read_image_with(path: &Path, options: &ReadOptions) -> Result<Decoded> {
    let file = source::open_regular(path)?;
    decode_from(BufReader::with_capacity(1 << 16, file), path, options)
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
/// As [`read_image`], except [`Error::Read`] and [`Error::NotRegularFile`].
pub fn decode_image(bytes: &[u8], name: &Path, limits: DecodeLimits) -> Result<Image> {
    let options = ReadOptions {
        limits,
        accept_incomplete: false,
    };
    decode_image_with(bytes, name, &options).map(|decoded| decoded.image)
}

/// Decodes an image held in memory as `options` say; `name` is used in
/// error messages.
///
/// # Errors
/// As [`decode_image`].
pub fn decode_image_with(bytes: &[u8], name: &Path, options: &ReadOptions) -> Result<Decoded> {
    decode_from(Cursor::new(bytes), name, options)
}

fn decode_from(reader: impl BufRead + Seek, name: &Path, options: &ReadOptions) -> Result<Decoded> {
    let limits = options.limits;
    let decode_error = |reason: String| Error::Decode {
        path: name.to_path_buf(),
        reason,
    };
    let too_large = |reason: String| Error::TooLarge {
        path: name.to_path_buf(),
        reason,
        limit: limits.describe(),
    };
    let map = |err: ImageError| match err {
        ImageError::Limits(e) => too_large(e.to_string()),
        ImageError::Unsupported(e) => {
            decode_error(format!("{e} (supported: PNG, JPEG, WebP, TIFF, BMP)"))
        }
        ImageError::IoError(e) if e.kind() == std::io::ErrorKind::UnexpectedEof => {
            Error::Incomplete {
                path: name.to_path_buf(),
                missing: "it ends before the image data does (truncated)".to_string(),
            }
        }
        ImageError::IoError(e) => Error::Read {
            path: name.to_path_buf(),
            source: e,
        },
        other => decode_error(other.to_string()),
    };
    let reader = ImageReader::new(reader)
        .with_guessed_format()
        .map_err(|e| decode_error(e.to_string()))?;
    let Some(format) = reader.format() else {
        return Err(decode_error(
            "not a recognised image (supported: PNG, JPEG, WebP, TIFF, BMP)".to_string(),
        ));
    };
    let mut incomplete = None;
    let mut reader = if matches!(format, ImageFormat::Jpeg | ImageFormat::Png) {
        let mut inner = reader.into_inner();
        let start = inner
            .stream_position()
            .map_err(|e| decode_error(e.to_string()))?;
        let missing = complete::missing_part(format, &mut inner).map_err(|source| Error::Read {
            path: name.to_path_buf(),
            source,
        })?;
        inner
            .seek(std::io::SeekFrom::Start(start))
            .map_err(|e| decode_error(e.to_string()))?;
        if let Some(missing) = missing {
            if !options.accept_incomplete {
                return Err(Error::Incomplete {
                    path: name.to_path_buf(),
                    missing,
                });
            }
            incomplete = Some(missing);
        }
        ImageReader::with_format(inner, format)
    } else {
        reader
    };
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
    let pixels = u64::from(width) * u64::from(height);
    if pixels > limits.max_pixels {
        return Err(too_large(format!(
            "{width}x{height} is {}",
            pixel_count(pixels)
        )));
    }
    if decoder.total_bytes() > limits.max_bytes {
        return Err(too_large(format!(
            "{width}x{height} needs {}",
            byte_count(decoder.total_bytes())
        )));
    }
    let metadata = Metadata::read_from(&mut decoder);
    let orientation = decoder.orientation().map_err(map)?;
    let mut decoded = DynamicImage::from_decoder(decoder).map_err(map)?;
    decoded.apply_orientation(orientation);
    Ok(Decoded {
        image: to_eight_bit(decoded),
        incomplete,
        metadata,
    })
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
        assert!(err.to_string().contains("cut.png"), "{err}");
        let small = DecodeLimits {
            max_side_px: 32,
            ..DecodeLimits::default()
        };
        let err = decode_image(&png, Path::new("big.png"), small).expect_err("too large");
        assert!(matches!(err, Error::TooLarge { .. }), "{err}");
        assert!(err.to_string().contains("32 pixels a side"), "{err}");
        let tiny = DecodeLimits {
            max_bytes: 1000,
            ..DecodeLimits::default()
        };
        let err = decode_image(&png, Path::new("big.png"), tiny).expect_err("too many bytes");
        assert!(err.to_string().contains("too large"), "{err}");
        let few = DecodeLimits::pixels(64 * 63);
        let err = decode_image(&png, Path::new("big.png"), few).expect_err("too many pixels");
        assert_eq!(
            err.to_string(),
            "big.png is too large: 64x64 is 4096 pixels (limit: 4032 pixels, 32256 bytes decoded)"
        );
        assert!(decode_image(&png, Path::new("ok.png"), DecodeLimits::pixels(64 * 64)).is_ok());
    }

    #[test]
    fn refuses_garbage_and_names_it() {
        let err = decode_image(&[0u8; 64], Path::new("x.png"), DecodeLimits::default())
            .expect_err("garbage");
        assert!(err.to_string().contains("x.png"), "{err}");
    }
}
