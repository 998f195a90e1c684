//! Whether an image file is whole.
//!
//! PNG: the decoder stops after the last image data it needs, so a file
//! whose end chunk (`IEND`) is cut still decodes; the end chunk must be
//! there, whole, within the file's last 64 KiB (after it, other bytes may
//! follow). The other formats' decoders fail on a cut file by themselves.
//!
//! JPEG: the decoder fills whatever the file lacks with grey and reports
//! success: a download cut in half decodes as a photo with grey rows, and a
//! few hundred bytes of headers declaring 18000x18000 pixels as a
//! 324-megapixel grey image. So before decoding, the file's structure is
//! walked (ITU-T T.81, annex B): header segments are skipped by their
//! lengths, each scan's entropy-coded data is read up to the next marker,
//! and the file must reach the end-of-image marker. A whole file must also
//! carry at least one bit of entropy-coded data per 8x8 block of each
//! component: every block of a Huffman-coded frame (baseline, extended,
//! progressive or lossless) starts with at least one Huffman code of at
//! least one bit. Arithmetic-coded frames have no such floor and are only
//! checked for their end.

use std::io::{self, BufRead, Read, Seek, SeekFrom};

use image::ImageFormat;

/// What an image stream of `format` lacks, in words for a message; `None`
/// when it is whole, or not checked here. Reads from the current position
/// and leaves the position anywhere.
pub(crate) fn missing_part(
    format: ImageFormat,
    reader: &mut (impl BufRead + Seek),
) -> io::Result<Option<String>> {
    match format {
        ImageFormat::Jpeg => missing_jpeg_part(reader),
        ImageFormat::Png => missing_png_end(reader),
        _ => Ok(None),
    }
}

/// The PNG end chunk: length 0, `IEND`, its CRC.
const PNG_END: [u8; 12] = [0, 0, 0, 0, b'I', b'E', b'N', b'D', 0xAE, 0x42, 0x60, 0x82];

fn missing_png_end(reader: &mut (impl BufRead + Seek)) -> io::Result<Option<String>> {
    let start = reader.stream_position()?;
    let end = reader.seek(SeekFrom::End(0))?;
    let tail_len = (end - start).min(64 << 10);
    reader.seek(SeekFrom::Start(end - tail_len))?;
    let mut tail = Vec::with_capacity(tail_len as usize);
    reader.take(tail_len).read_to_end(&mut tail)?;
    let whole = tail.windows(PNG_END.len()).any(|w| w == PNG_END);
    Ok((!whole).then(|| {
        format!(
            "it ends after {} bytes without its end chunk (IEND) (truncated)",
            end - start
        )
    }))
}

/// What a JPEG stream lacks, in words for a message; `None` when it is whole
/// (or not a JPEG at all, which the decoder reports).
fn missing_jpeg_part(reader: &mut impl BufRead) -> io::Result<Option<String>> {
    let mut walker = Walker { reader, offset: 0 };
    if walker.byte()? != Some(0xFF) || walker.byte()? != Some(0xD8) {
        return Ok(None);
    }
    let mut frame: Option<Frame> = None;
    let mut entropy_bytes = 0u64;
    let mut scans = 0u32;
    let mut pending_marker = None;
    loop {
        let marker = match pending_marker.take() {
            Some(marker) => marker,
            None => match walker.marker()? {
                Some(marker) => marker,
                None => return Ok(Some(walker.ended("before the end-of-image marker"))),
            },
        };
        match marker {
            0xD9 => break,
            0x01 | 0xD0..=0xD7 => continue,
            _ => {}
        }
        let Some(length) = walker.u16()? else {
            return Ok(Some(walker.ended("inside a header")));
        };
        let Some(body) = usize::from(length).checked_sub(2) else {
            return Ok(None);
        };
        if is_start_of_frame(marker) {
            let Some(bytes) = walker.take(body)? else {
                return Ok(Some(walker.ended("inside the frame header")));
            };
            frame = Frame::parse(marker, &bytes);
        } else if !walker.skip(body)? {
            return Ok(Some(walker.ended("inside a header")));
        }
        if marker == 0xDA {
            scans += 1;
            match walker.entropy_coded_data()? {
                (bytes, Some(next)) => {
                    entropy_bytes += bytes;
                    pending_marker = Some(next);
                }
                (_, None) => return Ok(Some(walker.ended("inside the image data"))),
            }
        }
    }
    if scans == 0 {
        return Ok(Some("it has no image data (headers only)".to_string()));
    }
    Ok(frame.and_then(|frame| frame.too_little(entropy_bytes)))
}

fn is_start_of_frame(marker: u8) -> bool {
    matches!(marker, 0xC0..=0xCF) && !matches!(marker, 0xC4 | 0xC8 | 0xCC)
}

/// The frame header's sizes.
struct Frame {
    width: u64,
    height: u64,
    arithmetic: bool,
    /// Horizontal and vertical sampling factor of each component.
    sampling: Vec<(u64, u64)>,
}

impl Frame {
    fn parse(marker: u8, bytes: &[u8]) -> Option<Frame> {
        let [_precision, h0, h1, w0, w1, count, ref components @ ..] = *bytes else {
            return None;
        };
        let sampling = components
            .chunks_exact(3)
            .take(usize::from(count))
            .map(|c| (u64::from(c[1] >> 4), u64::from(c[1] & 15)))
            .collect();
        Some(Frame {
            width: u64::from(u16::from_be_bytes([w0, w1])),
            height: u64::from(u16::from_be_bytes([h0, h1])),
            arithmetic: marker >= 0xC9,
            sampling,
        })
    }

    /// The 8x8 blocks of all components (without the padding of
    /// interleaved scans, so a lower bound).
    fn blocks(&self) -> u64 {
        let h_max = self.sampling.iter().map(|s| s.0).max().unwrap_or(1).max(1);
        let v_max = self.sampling.iter().map(|s| s.1).max().unwrap_or(1).max(1);
        self.sampling
            .iter()
            .map(|&(h, v)| {
                let w = (self.width * h).div_ceil(h_max);
                let rows = (self.height * v).div_ceil(v_max);
                w.div_ceil(8) * rows.div_ceil(8)
            })
            .sum()
    }

    fn too_little(&self, entropy_bytes: u64) -> Option<String> {
        if self.arithmetic || self.height == 0 {
            return None;
        }
        let needed = self.blocks().div_ceil(8);
        (entropy_bytes < needed).then(|| {
            format!(
                "its image data is {entropy_bytes} bytes, fewer than the {needed} that {}x{} \
                 pixels need at the least (the rest is missing)",
                self.width, self.height
            )
        })
    }
}

struct Walker<'a, R> {
    reader: &'a mut R,
    offset: u64,
}

impl<R: BufRead> Walker<'_, R> {
    fn ended(&self, place: &str) -> String {
        format!("it ends after {} bytes, {place} (truncated)", self.offset)
    }

    fn byte(&mut self) -> io::Result<Option<u8>> {
        let buf = self.reader.fill_buf()?;
        let Some(&b) = buf.first() else {
            return Ok(None);
        };
        self.reader.consume(1);
        self.offset += 1;
        Ok(Some(b))
    }

    fn u16(&mut self) -> io::Result<Option<u16>> {
        let (Some(a), Some(b)) = (self.byte()?, self.byte()?) else {
            return Ok(None);
        };
        Ok(Some(u16::from_be_bytes([a, b])))
    }

    /// The next marker's code, skipping fill bytes; `None` at the end.
    fn marker(&mut self) -> io::Result<Option<u8>> {
        loop {
            match self.byte()? {
                None => return Ok(None),
                Some(0xFF) => loop {
                    match self.byte()? {
                        None => return Ok(None),
                        Some(0xFF) => {}
                        Some(code) => return Ok(Some(code)),
                    }
                },
                // Garbage between segments: decoders skip it, so do we.
                Some(_) => {}
            }
        }
    }

    fn skip(&mut self, mut n: usize) -> io::Result<bool> {
        while n > 0 {
            let buf = self.reader.fill_buf()?;
            if buf.is_empty() {
                return Ok(false);
            }
            let step = n.min(buf.len());
            self.reader.consume(step);
            self.offset += step as u64;
            n -= step;
        }
        Ok(true)
    }

    fn take(&mut self, n: usize) -> io::Result<Option<Vec<u8>>> {
        let mut bytes = Vec::with_capacity(n.min(1 << 16));
        for _ in 0..n {
            match self.byte()? {
                Some(b) => bytes.push(b),
                None => return Ok(None),
            }
        }
        Ok(Some(bytes))
    }

    /// Reads entropy-coded data up to the next marker that is not a
    /// restart marker; returns the data's length and that marker, or no
    /// marker when the file ends first.
    fn entropy_coded_data(&mut self) -> io::Result<(u64, Option<u8>)> {
        let mut count = 0u64;
        let mut after_ff = false;
        loop {
            let buf = self.reader.fill_buf()?;
            if buf.is_empty() {
                return Ok((count, None));
            }
            let mut used = 0;
            let mut found = None;
            for &b in buf {
                used += 1;
                if after_ff {
                    match b {
                        0x00 | 0xD0..=0xD7 => after_ff = false,
                        0xFF => {}
                        code => {
                            found = Some(code);
                            break;
                        }
                    }
                } else if b == 0xFF {
                    after_ff = true;
                } else {
                    count += 1;
                }
            }
            self.reader.consume(used);
            self.offset += used as u64;
            if found.is_some() {
                return Ok((count, found));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{ChannelLayout, Image, OutputFormat, encode_image};

    fn jpeg(width: u32, height: u32) -> Vec<u8> {
        let data = (0..width * height * 3)
            .map(|i| (i * 7 % 251) as u8)
            .collect();
        let image = Image::new(width, height, ChannelLayout::Rgb, data).expect("sized");
        encode_image(&image, OutputFormat::Jpeg { quality: 90 }).expect("encoded")
    }

    fn check(bytes: &[u8]) -> Option<String> {
        missing_part(ImageFormat::Jpeg, &mut io::Cursor::new(bytes)).expect("in memory")
    }

    #[test]
    fn a_png_must_end_with_its_end_chunk() {
        let image = Image::new(8, 8, ChannelLayout::Grey, vec![9; 64]).expect("sized");
        let png = encode_image(&image, OutputFormat::Png).expect("encoded");
        let png_check = |bytes: &[u8]| {
            missing_part(ImageFormat::Png, &mut io::Cursor::new(bytes)).expect("in memory")
        };
        assert_eq!(png_check(&png), None);
        let mut trailing = png.clone();
        trailing.extend_from_slice(b"trailing");
        assert_eq!(png_check(&trailing), None);
        for cut in 1..=PNG_END.len() {
            let why = png_check(&png[..png.len() - cut]).expect("cut");
            assert!(why.contains("IEND"), "{why}");
        }
    }

    #[test]
    fn a_whole_file_passes_and_every_cut_fails() {
        let whole = jpeg(64, 48);
        assert_eq!(check(&whole), None);
        let mut with_trailer = whole.clone();
        with_trailer.extend_from_slice(b"trailing bytes after the image");
        assert_eq!(check(&with_trailer), None);
        for cut in 2..whole.len() - 1 {
            assert!(
                check(&whole[..cut]).is_some(),
                "cut at {cut} of {}",
                whole.len()
            );
        }
    }

    #[test]
    fn headers_without_data_fail_even_with_an_end_marker() {
        let whole = jpeg(64, 48);
        let sos = whole
            .windows(2)
            .position(|w| w == [0xFF, 0xDA])
            .expect("a scan");
        let length = usize::from(u16::from_be_bytes([whole[sos + 2], whole[sos + 3]]));
        let headers = &whole[..sos + 2 + length];
        let mut closed = headers.to_vec();
        closed.extend_from_slice(&[0xFF, 0xD9]);
        let why = check(&closed).expect("no data");
        assert!(why.contains("fewer than"), "{why}");
        let mut no_scan = whole[..sos].to_vec();
        no_scan.extend_from_slice(&[0xFF, 0xD9]);
        assert!(check(&no_scan).expect("no scan").contains("headers only"));
    }

    #[test]
    fn other_formats_are_left_to_the_decoder() {
        assert_eq!(check(b"not a jpeg"), None);
        assert_eq!(check(b""), None);
    }
}
