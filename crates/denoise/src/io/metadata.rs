//! What a file carries besides its pixels that is worth keeping: the ICC
//! colour profile (without it a Display P3 photo shifts colour) and EXIF
//! (camera, date, place).
//!
//! Reading keeps both as raw bytes ([`Decoded::metadata`](crate::Decoded));
//! writing puts back what the output format can hold (see
//! [`OutputFormat`](crate::OutputFormat)). XMP and text chunks are not kept.

use image::ImageDecoder;
use image::metadata::Orientation;

use super::format::OutputFormat;

/// An image file's colour profile and EXIF block, as raw bytes.
///
/// The EXIF orientation is reset to "as stored" on reading, since
/// [`read_image`](crate::read_image) turns the pixels upright: written back
/// with the orientation kept, viewers would turn them a second time.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Metadata {
    /// The embedded ICC profile (PNG iCCP, JPEG APP2, WebP ICCP, TIFF tag
    /// 34675), if any.
    pub icc_profile: Option<Vec<u8>>,
    /// The EXIF block as a TIFF structure (from PNG eXIf, JPEG APP1 or WebP
    /// EXIF), if any.
    pub exif: Option<Vec<u8>>,
}

impl Metadata {
    /// The largest EXIF block a JPEG can hold: one APP1 segment of 65535
    /// bytes minus its length field and `Exif\0\0` header. A larger one is
    /// not written to JPEG.
    pub const MAX_JPEG_EXIF_BYTES: usize = 65535 - 2 - 6;

    /// No profile and no EXIF.
    pub fn is_empty(&self) -> bool {
        self.icc_profile.is_none() && self.exif.is_none()
    }

    /// What of this a file in `format` keeps.
    ///
    /// ```
    /// use toolcup_denoise::{Metadata, OutputFormat};
    /// let both = Metadata { icc_profile: Some(vec![1; 8]), exif: Some(vec![2; 8]) };
    /// assert_eq!(both.kept_by(OutputFormat::Png), both);
    /// assert_eq!(both.kept_by(OutputFormat::Tiff).exif, None);
    /// assert!(both.kept_by(OutputFormat::Bmp).is_empty());
    /// ```
    pub fn kept_by(&self, format: OutputFormat) -> Metadata {
        let exif = self.exif.as_ref().filter(|exif| {
            format.keeps_exif()
                && (!matches!(format, OutputFormat::Jpeg { .. })
                    || exif.len() <= Self::MAX_JPEG_EXIF_BYTES)
        });
        Metadata {
            icc_profile: self
                .icc_profile
                .clone()
                .filter(|_| format.keeps_icc_profile()),
            exif: exif.cloned(),
        }
    }

    /// What is here, for people: `"ICC profile, EXIF"`, `"ICC profile"`,
    /// or `""` when empty.
    pub fn describe(&self) -> String {
        let mut parts = Vec::new();
        if self.icc_profile.is_some() {
            parts.push("ICC profile");
        }
        if self.exif.is_some() {
            parts.push("EXIF");
        }
        parts.join(", ")
    }

    /// Reads the profile and EXIF from `decoder`, before the pixels. A
    /// damaged profile or EXIF block is left out rather than failing the
    /// image: the pixels are what was asked for.
    pub(crate) fn read_from(decoder: &mut impl ImageDecoder) -> Self {
        let icc_profile = decoder
            .icc_profile()
            .ok()
            .flatten()
            .filter(|p| !p.is_empty());
        let exif = decoder
            .exif_metadata()
            .ok()
            .flatten()
            .filter(|e| !e.is_empty())
            .map(|mut exif| {
                // The pixels are turned upright on reading; say so.
                let _ = Orientation::remove_from_exif_chunk(&mut exif);
                exif
            });
        Self { icc_profile, exif }
    }
}
