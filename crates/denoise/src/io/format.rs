//! The image file formats this crate reads and writes, and their names.
//!
//! Reading recognises the format from the content; the extension lists here
//! are for picking files out of a folder or a file dialog. Writing takes the
//! format from the name a caller gives ([`OutputFormat::for_path`]) or
//! chooses ([`OutputFormat::from_name`]).

use std::path::Path;

use crate::{Error, Result};

/// The file extensions (lower case, without the dot) of the formats
/// [`read_image`](crate::read_image) decodes: PNG, JPEG, WebP, TIFF, BMP.
pub const READABLE_EXTENSIONS: [&str; 7] = ["png", "jpg", "jpeg", "webp", "tif", "tiff", "bmp"];

/// The file extensions (lower case, without the dot) that
/// [`OutputFormat::from_path`] knows: every format
/// [`write_image`](crate::write_image) encodes.
pub const WRITABLE_EXTENSIONS: [&str; 7] = ["png", "jpg", "jpeg", "webp", "tif", "tiff", "bmp"];

/// Whether `path`'s extension (any case) is one of [`READABLE_EXTENSIONS`].
///
/// ```
/// use std::path::Path;
/// use toolcup_denoise::is_readable_image_name;
/// assert!(is_readable_image_name(Path::new("shots/IMG_1.JPG")));
/// assert!(!is_readable_image_name(Path::new("notes.txt")));
/// ```
pub fn is_readable_image_name(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| READABLE_EXTENSIONS.contains(&e.to_ascii_lowercase().as_str()))
}

/// The file formats images can be written in.
///
/// What each keeps of the input besides the pixels:
///
/// | format | alpha | ICC profile | EXIF |
/// |---|---|---|---|
/// | PNG | yes | yes | yes |
/// | JPEG | refused | yes | yes, up to 64 KiB |
/// | WebP (lossless) | yes | yes | yes |
/// | TIFF | yes | yes | no |
/// | BMP | yes | no | no |
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum OutputFormat {
    /// Lossless PNG.
    Png,
    /// Lossy JPEG at a quality from 1 to 100; has no alpha.
    Jpeg {
        /// 1 (smallest) to 100 (best).
        quality: u8,
    },
    /// Lossless WebP (VP8L); the image crate has no lossy WebP encoder.
    WebP,
    /// Uncompressed TIFF; grey with alpha is written as RGBA.
    Tiff,
    /// Uncompressed BMP; grey with alpha is written as RGBA.
    Bmp,
}

impl OutputFormat {
    /// The format names [`OutputFormat::from_name`] accepts, one per format
    /// (it also takes every extension in [`WRITABLE_EXTENSIONS`]).
    pub const NAMES: [&'static str; 5] = ["png", "jpeg", "webp", "tiff", "bmp"];

    /// The format a name or extension asks for (`png`, `jpg`, `jpeg`,
    /// `webp`, `tif`, `tiff`, `bmp`, any case), with `jpeg_quality` for
    /// JPEG; `None` for anything else.
    ///
    /// ```
    /// use toolcup_denoise::OutputFormat;
    /// assert_eq!(OutputFormat::from_name("TIF", 90), Some(OutputFormat::Tiff));
    /// assert_eq!(OutputFormat::from_name("gif", 90), None);
    /// ```
    pub fn from_name(name: &str, jpeg_quality: u8) -> Option<Self> {
        match name.to_ascii_lowercase().as_str() {
            "png" => Some(Self::Png),
            "jpg" | "jpeg" => Some(Self::Jpeg {
                quality: jpeg_quality,
            }),
            "webp" => Some(Self::WebP),
            "tif" | "tiff" => Some(Self::Tiff),
            "bmp" => Some(Self::Bmp),
            _ => None,
        }
    }

    /// The format a file name's extension asks for (see
    /// [`OutputFormat::from_name`]); `None` without a known extension.
    ///
    /// ```
    /// use std::path::Path;
    /// use toolcup_denoise::OutputFormat;
    /// assert_eq!(OutputFormat::from_path(Path::new("a.JPG"), 90), Some(OutputFormat::Jpeg { quality: 90 }));
    /// assert_eq!(OutputFormat::from_path(Path::new("a.webp"), 90), Some(OutputFormat::WebP));
    /// assert_eq!(OutputFormat::from_path(Path::new("a.gif"), 90), None);
    /// ```
    pub fn from_path(path: &Path, jpeg_quality: u8) -> Option<Self> {
        Self::from_name(path.extension()?.to_str()?, jpeg_quality)
    }

    /// As [`OutputFormat::from_path`], with an error that says why not.
    ///
    /// ```
    /// use std::path::Path;
    /// use toolcup_denoise::OutputFormat;
    /// let err = OutputFormat::for_path(Path::new("out.gif"), 90).unwrap_err();
    /// assert_eq!(
    ///     err.to_string(),
    ///     "cannot write out.gif: .gif is not a format this can write (png, jpg, jpeg, webp, tif, tiff, bmp)"
    /// );
    /// ```
    ///
    /// # Errors
    /// [`Error::UnknownFormat`] when the name has no extension or one that
    /// is not in [`WRITABLE_EXTENSIONS`].
    pub fn for_path(path: &Path, jpeg_quality: u8) -> Result<Self> {
        Self::from_path(path, jpeg_quality).ok_or_else(|| Error::UnknownFormat {
            path: path.to_path_buf(),
            reason: match path.extension() {
                Some(ext) => format!(".{} is not a format this can write", ext.to_string_lossy()),
                None => "the name has no extension to tell the format by".to_string(),
            },
            choices: WRITABLE_EXTENSIONS.join(", "),
        })
    }

    /// The format's name, as in [`OutputFormat::NAMES`].
    pub fn name(self) -> &'static str {
        match self {
            Self::Png => "png",
            Self::Jpeg { .. } => "jpeg",
            Self::WebP => "webp",
            Self::Tiff => "tiff",
            Self::Bmp => "bmp",
        }
    }

    /// The usual file extension, without the dot.
    pub fn extension(self) -> &'static str {
        match self {
            Self::Png => "png",
            Self::Jpeg { .. } => "jpg",
            Self::WebP => "webp",
            Self::Tiff => "tif",
            Self::Bmp => "bmp",
        }
    }

    /// Whether the format can store an alpha channel (JPEG cannot).
    pub fn keeps_alpha(self) -> bool {
        !matches!(self, Self::Jpeg { .. })
    }

    /// Whether an ICC colour profile is written with the pixels.
    pub fn keeps_icc_profile(self) -> bool {
        !matches!(self, Self::Bmp)
    }

    /// Whether EXIF metadata is written with the pixels (for JPEG only up
    /// to [`MAX_JPEG_EXIF_BYTES`](crate::Metadata::MAX_JPEG_EXIF_BYTES)).
    pub fn keeps_exif(self) -> bool {
        matches!(self, Self::Png | Self::Jpeg { .. } | Self::WebP)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_extension_names_a_format_and_back() {
        for ext in WRITABLE_EXTENSIONS {
            let format = OutputFormat::from_name(ext, 90).expect("known");
            assert_eq!(
                OutputFormat::from_name(format.extension(), 90),
                Some(format)
            );
            assert_eq!(OutputFormat::from_name(format.name(), 90), Some(format));
            assert!(OutputFormat::NAMES.contains(&format.name()));
        }
        for name in OutputFormat::NAMES {
            assert!(OutputFormat::from_name(name, 90).is_some(), "{name}");
        }
    }

    #[test]
    fn a_name_without_extension_is_refused_with_the_choices() {
        let err = OutputFormat::for_path(Path::new("dir/out"), 90).expect_err("no extension");
        assert_eq!(
            err.to_string(),
            "cannot write dir/out: the name has no extension to tell the format by \
             (png, jpg, jpeg, webp, tif, tiff, bmp)"
        );
    }
}
