//! The colour profile and EXIF of a photo survive reading and writing where
//! the output format can hold them, on files another encoder (Pillow) wrote.

use std::path::{Path, PathBuf};

use image::ImageDecoder;
use image::metadata::Orientation;
use toolcup_denoise::{
    Metadata, OutputFormat, ReadOptions, WriteOptions, read_image_with, write_image_with,
};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data/metadata")
        .join(name)
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

fn profile() -> Vec<u8> {
    std::fs::read(fixture("srgb.icc")).expect("the profile fixture")
}

#[test]
fn reading_keeps_the_profile_and_exif_with_the_orientation_applied() {
    for name in ["photo_icc_exif.png", "photo_icc_exif.jpg"] {
        let decoded = read_image_with(&fixture(name), &ReadOptions::default()).expect(name);
        // Stored 8x6 with orientation 6: upright it is 6x8.
        assert_eq!(
            (decoded.image.width(), decoded.image.height()),
            (6, 8),
            "{name}"
        );
        assert_eq!(decoded.metadata.icc_profile, Some(profile()), "{name}");
        let exif = decoded.metadata.exif.expect("EXIF");
        assert!(
            String::from_utf8_lossy(&exif).contains("Toolcup test"),
            "{name}"
        );
        assert_eq!(
            Orientation::from_exif_chunk(&exif),
            Some(Orientation::NoTransforms),
            "{name}: the orientation is reset, the pixels being upright"
        );
    }
}

#[test]
fn writing_puts_back_what_each_format_holds() {
    let dir = tempfile::tempdir().expect("temp dir");
    let decoded =
        read_image_with(&fixture("photo_icc_exif.png"), &ReadOptions::default()).expect("fixture");
    for format in [
        OutputFormat::Png,
        OutputFormat::Jpeg { quality: 95 },
        OutputFormat::WebP,
        OutputFormat::Tiff,
        OutputFormat::Bmp,
    ] {
        let path = dir.path().join(format!("out.{}", format.extension()));
        let options = WriteOptions {
            format,
            overwrite: false,
        };
        write_image_with(&decoded.image, &decoded.metadata, &path, options).expect("written");
        let mut decoder = image::ImageReader::open(&path)
            .expect("open")
            .with_guessed_format()
            .expect("sniff")
            .into_decoder()
            .expect("decoder");
        let icc = decoder.icc_profile().expect("icc");
        let exif = decoder.exif_metadata().expect("exif");
        if format == OutputFormat::Tiff {
            // The image crate writes the profile tag as BYTE and reads it
            // back only as UNDEFINED, so look for it in the file (Pillow
            // reads it: 588 bytes).
            let bytes = std::fs::read(&path).expect("written");
            assert!(contains(&bytes, &profile()), "{format:?}");
        } else {
            assert_eq!(icc.is_some(), format.keeps_icc_profile(), "{format:?}");
            if let Some(icc) = icc {
                assert_eq!(icc, profile(), "{format:?}");
            }
        }
        assert_eq!(exif, decoded.metadata.kept_by(format).exif, "{format:?}");
        assert_eq!(exif.is_some(), format.keeps_exif(), "{format:?}");
        // Read back through this crate: same shape, and (lossless) same pixels.
        let back = read_image_with(&path, &ReadOptions::default()).expect("read back");
        assert_eq!((back.image.width(), back.image.height()), (6, 8));
        if !matches!(format, OutputFormat::Jpeg { .. }) {
            assert_eq!(
                back.image.as_bytes(),
                decoded.image.as_bytes(),
                "{format:?}"
            );
        }
    }
}

#[test]
fn an_exif_block_too_large_for_jpeg_is_left_out() {
    let big = Metadata {
        icc_profile: None,
        exif: Some(vec![0; Metadata::MAX_JPEG_EXIF_BYTES + 1]),
    };
    assert_eq!(big.kept_by(OutputFormat::Jpeg { quality: 90 }).exif, None);
    assert!(big.kept_by(OutputFormat::Png).exif.is_some());
}

#[test]
fn grey_with_alpha_keeps_its_alpha_in_every_format_that_has_alpha() {
    use toolcup_denoise::{ChannelLayout, Image};
    let dir = tempfile::tempdir().expect("temp dir");
    let data: Vec<u8> = (0..4 * 3 * 2).map(|i| (i * 23 % 256) as u8).collect();
    let image = Image::new(4, 3, ChannelLayout::GreyAlpha, data).expect("sized");
    for format in [
        OutputFormat::Png,
        OutputFormat::WebP,
        OutputFormat::Tiff,
        OutputFormat::Bmp,
    ] {
        let path = dir.path().join(format!("ga.{}", format.extension()));
        let options = WriteOptions {
            format,
            overwrite: false,
        };
        write_image_with(&image, &Metadata::default(), &path, options).expect("written");
        let back = read_image_with(&path, &ReadOptions::default())
            .expect("read")
            .image;
        let alpha: Vec<u8> = match back.layout() {
            ChannelLayout::GreyAlpha => back.as_bytes().chunks(2).map(|p| p[1]).collect(),
            ChannelLayout::Rgba => back.as_bytes().chunks(4).map(|p| p[3]).collect(),
            other => panic!("{format:?} lost the alpha: {other:?}"),
        };
        let expected: Vec<u8> = image.as_bytes().chunks(2).map(|p| p[1]).collect();
        assert_eq!(alpha, expected, "{format:?}");
    }
}
