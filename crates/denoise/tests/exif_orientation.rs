//! A JPEG whose EXIF says "rotate 90° clockwise to display" comes out of the
//! reader the way a photo viewer shows it, not the way the sensor stored it.

use std::path::Path;

use image::ImageEncoder;
use toolcup_denoise::{DecodeLimits, decode_image};

/// A 32x16 JPEG, left half red and right half blue.
fn stored_jpeg() -> Vec<u8> {
    let (w, h) = (32u32, 16u32);
    let mut rgb = Vec::with_capacity((w * h * 3) as usize);
    for _y in 0..h {
        for x in 0..w {
            rgb.extend(if x < w / 2 {
                [220, 20, 20]
            } else {
                [20, 20, 220]
            });
        }
    }
    let mut jpeg = Vec::new();
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut jpeg, 95)
        .write_image(&rgb, w, h, image::ExtendedColorType::Rgb8)
        .expect("encodes");
    jpeg
}

/// `jpeg` with an EXIF APP1 segment right after the start marker holding one
/// tag: Orientation (0x0112) = `orientation`, big-endian TIFF.
fn with_orientation(jpeg: &[u8], orientation: u16) -> Vec<u8> {
    let mut tiff = Vec::new();
    tiff.extend(b"MM\0\x2a");
    tiff.extend(8u32.to_be_bytes()); // first IFD right after the header
    tiff.extend(1u16.to_be_bytes()); // one entry
    tiff.extend(0x0112u16.to_be_bytes()); // Orientation
    tiff.extend(3u16.to_be_bytes()); // SHORT
    tiff.extend(1u32.to_be_bytes()); // one value
    tiff.extend(orientation.to_be_bytes());
    tiff.extend([0, 0]); // value padded to four bytes
    tiff.extend(0u32.to_be_bytes()); // no next IFD
    let mut segment = b"Exif\0\0".to_vec();
    segment.extend(tiff);
    let length = u16::try_from(segment.len() + 2).expect("short segment");
    let mut out = jpeg[..2].to_vec(); // SOI
    out.extend([0xFF, 0xE1]);
    out.extend(length.to_be_bytes());
    out.extend(segment);
    out.extend(&jpeg[2..]);
    out
}

fn pixel(image: &toolcup_denoise::Image, x: usize, y: usize) -> [u8; 3] {
    let i = (y * image.width() as usize + x) * image.channels();
    let p = &image.as_bytes()[i..i + 3];
    [p[0], p[1], p[2]]
}

fn is_red(p: [u8; 3]) -> bool {
    p[0] > 150 && p[2] < 90
}

fn is_blue(p: [u8; 3]) -> bool {
    p[2] > 150 && p[0] < 90
}

#[test]
fn orientation_six_turns_the_photo_a_quarter_clockwise() {
    let jpeg = with_orientation(&stored_jpeg(), 6);
    let image =
        decode_image(&jpeg, Path::new("portrait.jpg"), DecodeLimits::default()).expect("decodes");
    // Turned a quarter clockwise, the stored left (red) half is on top.
    assert_eq!((image.width(), image.height()), (16, 32));
    assert!(is_red(pixel(&image, 8, 4)), "{:?}", pixel(&image, 8, 4));
    assert!(is_blue(pixel(&image, 8, 28)), "{:?}", pixel(&image, 8, 28));
}

#[test]
fn orientation_three_turns_it_half_way() {
    let jpeg = with_orientation(&stored_jpeg(), 3);
    let image = decode_image(&jpeg, Path::new("upside-down.jpg"), DecodeLimits::default())
        .expect("decodes");
    assert_eq!((image.width(), image.height()), (32, 16));
    assert!(is_blue(pixel(&image, 4, 8)));
    assert!(is_red(pixel(&image, 28, 8)));
}

#[test]
fn without_exif_the_stored_layout_is_kept() {
    let image = decode_image(
        &stored_jpeg(),
        Path::new("plain.jpg"),
        DecodeLimits::default(),
    )
    .expect("decodes");
    assert_eq!((image.width(), image.height()), (32, 16));
    assert!(is_red(pixel(&image, 4, 8)));
    assert!(is_blue(pixel(&image, 28, 8)));
}
