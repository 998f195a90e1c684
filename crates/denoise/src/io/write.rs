//! Encoding PNG, JPEG, WebP, TIFF and BMP with the input's colour profile
//! and EXIF, and writing files atomically.
//!
//! [`write_image`] encodes into a hidden temporary file beside the
//! destination (created exclusively, so nothing planted there is followed)
//! and renames it into place. It replaces only a regular file, and only when
//! asked: a FIFO, a device or a symbolic link at the destination is refused,
//! since renaming over it would destroy it (`/dev/null` included, for root).
//! A new file gets the permissions the umask leaves of `rw-rw-rw-`, as
//! `touch` gives; a replaced file keeps its permission bits.

use std::io::{BufWriter, Cursor, Seek, Write};
use std::path::Path;

use super::format::OutputFormat;
use super::metadata::Metadata;
use super::{source, unfinished};

use image::codecs::bmp::BmpEncoder;
use image::codecs::jpeg::JpegEncoder;
use image::codecs::png::PngEncoder;
use image::codecs::tiff::TiffEncoder;
use image::codecs::webp::WebPEncoder;
use image::{ExtendedColorType, ImageEncoder};

use crate::{ChannelLayout, Error, Image, Result};

/// How [`write_image`] writes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct WriteOptions {
    /// The file format.
    pub format: OutputFormat,
    /// Replace the file if it exists. Off by default: an existing file (an
    /// input, say) is never replaced unless asked.
    pub overwrite: bool,
}

impl Default for WriteOptions {
    fn default() -> Self {
        Self {
            format: OutputFormat::Png,
            overwrite: false,
        }
    }
}

/// Encodes `image` in `format` into `out`, e.g. standard output, with what
/// of `metadata` the format keeps (see [`Metadata::kept_by`]). TIFF needs
/// to seek, so it is encoded in memory first.
///
/// # Errors
/// As [`encode_image`]; [`Error::Write`] naming `name` when `out` fails.
pub fn encode_image_to(
    image: &Image,
    format: OutputFormat,
    metadata: &Metadata,
    out: &mut dyn Write,
    name: &Path,
) -> Result<()> {
    let mut writer = BufWriter::new(out);
    encode_into(image, format, metadata, Sink::Stream(&mut writer))
        .map_err(|failure| failure.into_error(name))
        .and_then(|()| {
            writer.flush().map_err(|e| Error::Write {
                path: name.to_path_buf(),
                reason: e.to_string(),
            })
        })
}

/// Encodes `image` in `format` into memory, without metadata.
///
/// # Errors
/// [`Error::InvalidParameter`] for a JPEG quality outside 1..=100 or an image
/// with alpha written as JPEG (JPEG cannot store alpha: write PNG).
pub fn encode_image(image: &Image, format: OutputFormat) -> std::result::Result<Vec<u8>, Error> {
    let mut out = Cursor::new(Vec::new());
    encode_into(
        image,
        format,
        &Metadata::default(),
        Sink::Seekable(&mut out),
    )
    .map_err(|failure| failure.into_error(Path::new("<memory>")))?;
    Ok(out.into_inner())
}

enum EncodeFailure {
    Invalid(Error),
    Encoder(String),
}

impl EncodeFailure {
    fn into_error(self, path: &Path) -> Error {
        match self {
            EncodeFailure::Invalid(e) => e,
            EncodeFailure::Encoder(reason) => Error::Write {
                path: path.to_path_buf(),
                reason,
            },
        }
    }
}

/// A writer that can seek, as the TIFF encoder needs.
trait WriteSeek: Write + Seek {}

impl<T: Write + Seek> WriteSeek for T {}

/// Where encoded bytes go.
enum Sink<'a> {
    /// A stream (standard output): TIFF is encoded in memory first.
    Stream(&'a mut dyn Write),
    /// A file or memory.
    Seekable(&'a mut dyn WriteSeek),
}

impl Sink<'_> {
    fn writer(&mut self) -> &mut dyn Write {
        match self {
            Sink::Stream(w) => *w,
            Sink::Seekable(w) => *w,
        }
    }
}

fn encode_into(
    image: &Image,
    format: OutputFormat,
    metadata: &Metadata,
    mut out: Sink<'_>,
) -> std::result::Result<(), EncodeFailure> {
    let kept = metadata.kept_by(format);
    let mut colour = match image.layout() {
        ChannelLayout::Grey => ExtendedColorType::L8,
        ChannelLayout::GreyAlpha => ExtendedColorType::La8,
        ChannelLayout::Rgb => ExtendedColorType::Rgb8,
        ChannelLayout::Rgba => ExtendedColorType::Rgba8,
    };
    let (w, h) = (image.width(), image.height());
    let mut bytes = std::borrow::Cow::Borrowed(image.as_bytes());
    if image.layout() == ChannelLayout::GreyAlpha
        && matches!(format, OutputFormat::Tiff | OutputFormat::Bmp)
    {
        // Neither encoder stores grey with alpha (BMP would drop the alpha).
        bytes = std::borrow::Cow::Owned(
            image
                .as_bytes()
                .chunks_exact(2)
                .flat_map(|p| [p[0], p[0], p[0], p[1]])
                .collect(),
        );
        colour = ExtendedColorType::Rgba8;
    }
    let with_metadata = |encoder: &mut dyn ImageEncoderMetadata| {
        if let Some(icc) = &kept.icc_profile {
            encoder.icc(icc.clone());
        }
        if let Some(exif) = &kept.exif {
            encoder.exif(exif.clone());
        }
    };
    let result = match format {
        OutputFormat::Png => {
            let mut encoder = PngEncoder::new(out.writer());
            with_metadata(&mut encoder);
            encoder.write_image(&bytes, w, h, colour)
        }
        OutputFormat::Jpeg { quality } => {
            if !(1..=100).contains(&quality) {
                return Err(EncodeFailure::Invalid(Error::InvalidParameter {
                    name: "JPEG quality",
                    value: quality.to_string(),
                    allowed: "1 to 100",
                }));
            }
            if image.layout().has_alpha() {
                return Err(EncodeFailure::Invalid(Error::InvalidParameter {
                    name: "format",
                    value: "jpeg".to_string(),
                    allowed: "png, webp, tiff or bmp for images with alpha (JPEG cannot store alpha)",
                }));
            }
            let mut encoder = JpegEncoder::new_with_quality(out.writer(), quality);
            with_metadata(&mut encoder);
            encoder.write_image(&bytes, w, h, colour)
        }
        OutputFormat::WebP => {
            let mut encoder = WebPEncoder::new_lossless(out.writer());
            with_metadata(&mut encoder);
            encoder.write_image(&bytes, w, h, colour)
        }
        OutputFormat::Bmp => {
            let mut writer = out.writer();
            BmpEncoder::new(&mut writer).write_image(&bytes, w, h, colour)
        }
        OutputFormat::Tiff => match &mut out {
            Sink::Seekable(file) => {
                let mut encoder = TiffEncoder::new(&mut **file);
                with_metadata(&mut encoder);
                encoder.write_image(&bytes, w, h, colour)
            }
            Sink::Stream(stream) => {
                let mut memory = Cursor::new(Vec::new());
                let mut encoder = TiffEncoder::new(&mut memory);
                with_metadata(&mut encoder);
                encoder.write_image(&bytes, w, h, colour).and_then(|()| {
                    stream
                        .write_all(memory.get_ref())
                        .map_err(image::ImageError::IoError)
                })
            }
        },
    };
    result.map_err(|e| EncodeFailure::Encoder(e.to_string()))
}

/// Setting what [`Metadata::kept_by`] allows on any encoder; the formats
/// that cannot hold a part are filtered out before, so a refusal here
/// cannot happen and is ignored.
trait ImageEncoderMetadata {
    fn icc(&mut self, profile: Vec<u8>);
    fn exif(&mut self, exif: Vec<u8>);
}

impl<E: ImageEncoder> ImageEncoderMetadata for E {
    fn icc(&mut self, profile: Vec<u8>) {
        let _ = self.set_icc_profile(profile);
    }
    fn exif(&mut self, exif: Vec<u8>) {
        let _ = self.set_exif_metadata(exif);
    }
}

/// Checks that [`write_image`] may write `path`: nothing is there, or a
/// regular file (not a symbolic link) and `overwrite` is on. Callers that
/// filter before writing check first, so that no work is lost to a refusal.
///
/// # Errors
/// As [`write_image`]: [`Error::WouldOverwrite`], [`Error::NotRegularFile`],
/// [`Error::Write`] when the path cannot be looked at.
pub fn check_destination(path: &Path, overwrite: bool) -> Result<()> {
    destination(path, overwrite).map(drop)
}

/// The metadata of the regular file `path` names, if any, when writing may
/// replace it.
fn destination(path: &Path, overwrite: bool) -> Result<Option<std::fs::Metadata>> {
    match std::fs::symlink_metadata(path) {
        Ok(metadata) if metadata.is_file() && overwrite => Ok(Some(metadata)),
        Ok(metadata) if metadata.is_file() => Err(Error::WouldOverwrite {
            path: path.to_path_buf(),
        }),
        Ok(metadata) => Err(Error::NotRegularFile {
            path: path.to_path_buf(),
            kind: source::kind_of(metadata.file_type()),
        }),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(Error::Write {
            path: path.to_path_buf(),
            reason: e.to_string(),
        }),
    }
}

/// Writes `image` to `path` atomically without metadata; see
/// [`write_image_with`].
///
/// ```
/// use toolcup_denoise::{ChannelLayout, Image, WriteOptions, read_image, write_image};
/// let dir = tempfile::tempdir()?;
/// let path = dir.path().join("grey.png");
/// let img = Image::new(2, 1, ChannelLayout::Grey, vec![0, 255])?;
/// write_image(&img, &path, WriteOptions::default())?;
/// assert_eq!(read_image(&path)?, img);
/// // A second write would replace the file: refused unless asked.
/// assert!(write_image(&img, &path, WriteOptions::default()).is_err());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// # Errors
/// As [`write_image_with`].
pub fn write_image(image: &Image, path: &Path, options: WriteOptions) -> Result<()> {
    write_image_with(image, &Metadata::default(), path, options)
}

/// Writes `image` to `path` atomically, with what of `metadata` (the
/// input's colour profile and EXIF) the format keeps: it is encoded into a temporary file
/// in the same folder, flushed to disk, then renamed over `path`, so a crash
/// or a full disk never leaves a half-written image behind (and an
/// interrupted process can remove the temporary: see
/// [`remove_unfinished_writes`](crate::remove_unfinished_writes)).
///
/// # Errors
/// [`Error::WouldOverwrite`] when `path` exists and `overwrite` is off;
/// [`Error::NotRegularFile`] when `path` is a folder, FIFO, device, socket
/// or symbolic link, whatever `overwrite` says; [`Error::InvalidParameter`]
/// as for [`encode_image`]; [`Error::Interrupted`] after
/// [`remove_unfinished_writes`](crate::remove_unfinished_writes);
/// [`Error::Write`] naming `path` when the folder is not writable or the
/// disk is full.
pub fn write_image_with(
    image: &Image,
    metadata: &Metadata,
    path: &Path,
    options: WriteOptions,
) -> Result<()> {
    let write_error = |reason: String| Error::Write {
        path: path.to_path_buf(),
        reason,
    };
    let replaced = destination(path, options.overwrite)?;
    let folder = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let mut builder = tempfile::Builder::new();
    builder.prefix(".toolcup-").suffix(".part");
    #[cfg(unix)]
    let mode = {
        use std::os::unix::fs::PermissionsExt;
        let mode = replaced
            .as_ref()
            .map_or(0o666, |m| m.permissions().mode() & 0o777);
        // Created with the mode the umask leaves, never wider than the end
        // result; a replaced file's exact bits are set below.
        builder.permissions(std::fs::Permissions::from_mode(mode));
        mode
    };
    let temp = builder
        .tempfile_in(folder)
        .map_err(|e| write_error(folder_error(folder, &e)))?;
    let interrupted = || Error::Interrupted {
        path: path.to_path_buf(),
    };
    let registered = unfinished::register(temp.path()).ok_or_else(interrupted)?;
    #[cfg(unix)]
    if replaced.is_some() {
        use std::os::unix::fs::PermissionsExt;
        temp.as_file()
            .set_permissions(std::fs::Permissions::from_mode(mode))
            .map_err(|e| write_error(e.to_string()))?;
    }
    // Windows keeps no mode bits to carry over to the new file.
    #[cfg(not(unix))]
    let _ = replaced;
    let mut writer = BufWriter::with_capacity(1 << 16, temp);
    encode_into(image, options.format, metadata, Sink::Seekable(&mut writer))
        .map_err(|failure| failure.into_error(path))?;
    let temp = writer
        .into_inner()
        .map_err(|e| write_error(e.error().to_string()))?;
    temp.as_file()
        .sync_all()
        .map_err(|e| write_error(e.to_string()))?;
    let persisted = registered
        .finish(|| {
            if options.overwrite {
                temp.persist(path).map(drop)
            } else {
                temp.persist_noclobber(path).map(drop)
            }
        })
        .ok_or_else(interrupted)?;
    persisted.map_err(|e| {
        if e.error.kind() == std::io::ErrorKind::AlreadyExists {
            Error::WouldOverwrite {
                path: path.to_path_buf(),
            }
        } else {
            write_error(e.error.to_string())
        }
    })
}

/// Why no file could be created in `folder`, naming the folder and not the
/// temporary file (whose name tempfile's errors carry).
fn folder_error(folder: &Path, err: &std::io::Error) -> String {
    if !folder.exists() {
        return format!("the folder {} does not exist", folder.display());
    }
    if !folder.is_dir() {
        return format!("{} is not a folder", folder.display());
    }
    let reason = err.raw_os_error().map_or_else(
        || err.kind().to_string(),
        |code| std::io::Error::from_raw_os_error(code).to_string(),
    );
    format!("cannot create a file in {}: {reason}", folder.display())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::read_image;

    fn sample(layout: ChannelLayout) -> Image {
        let data = (0..6 * 4 * layout.count())
            .map(|i| (i * 37 % 256) as u8)
            .collect();
        Image::new(6, 4, layout, data).expect("sized")
    }

    #[test]
    fn png_round_trips_every_layout() {
        let dir = tempfile::tempdir().expect("temp dir");
        for layout in [
            ChannelLayout::Grey,
            ChannelLayout::GreyAlpha,
            ChannelLayout::Rgb,
            ChannelLayout::Rgba,
        ] {
            let path = dir.path().join(format!("{}.png", layout.count()));
            let image = sample(layout);
            write_image(&image, &path, WriteOptions::default()).expect("written");
            assert_eq!(read_image(&path).expect("read back"), image);
        }
        // No temporary file is left behind.
        let leftovers = std::fs::read_dir(dir.path()).expect("listing").filter(|e| {
            e.as_ref()
                .map(|e| e.file_name().to_string_lossy().ends_with(".part"))
                .unwrap_or(false)
        });
        assert_eq!(leftovers.count(), 0);
    }

    #[test]
    fn jpeg_refuses_alpha_and_bad_quality() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("a.jpg");
        let rgba = sample(ChannelLayout::Rgba);
        let err = write_image(
            &rgba,
            &path,
            WriteOptions {
                format: OutputFormat::Jpeg { quality: 90 },
                overwrite: false,
            },
        )
        .expect_err("alpha");
        assert!(err.to_string().contains("alpha"), "{err}");
        let err = encode_image(
            &sample(ChannelLayout::Rgb),
            OutputFormat::Jpeg { quality: 0 },
        )
        .expect_err("quality");
        assert!(err.to_string().contains("quality"), "{err}");
        assert!(!path.exists());
    }

    #[test]
    fn jpeg_writes_and_reads_back_close() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("flat.jpg");
        let flat = Image::new(16, 16, ChannelLayout::Rgb, vec![120; 16 * 16 * 3]).expect("sized");
        let options = WriteOptions {
            format: OutputFormat::Jpeg { quality: 95 },
            overwrite: false,
        };
        write_image(&flat, &path, options).expect("written");
        let back = read_image(&path).expect("read");
        assert!(back.as_bytes().iter().all(|&v| v.abs_diff(120) <= 2));
    }

    #[test]
    fn overwrites_only_when_asked() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("x.png");
        std::fs::write(&path, b"precious").expect("seed file");
        let image = sample(ChannelLayout::Grey);
        let err = write_image(&image, &path, WriteOptions::default()).expect_err("exists");
        assert!(matches!(err, Error::WouldOverwrite { .. }));
        assert_eq!(std::fs::read(&path).expect("kept"), b"precious");
        write_image(
            &image,
            &path,
            WriteOptions {
                overwrite: true,
                ..WriteOptions::default()
            },
        )
        .expect("asked");
        assert_eq!(read_image(&path).expect("replaced"), image);
    }

    #[cfg(unix)]
    #[test]
    fn replaces_only_regular_files_and_keeps_their_mode() {
        use std::os::unix::fs::{PermissionsExt, symlink};
        let dir = tempfile::tempdir().expect("temp dir");
        let image = sample(ChannelLayout::Grey);
        let overwrite = WriteOptions {
            overwrite: true,
            ..WriteOptions::default()
        };
        let link = dir.path().join("link.png");
        symlink("/dev/null", &link).expect("symlink");
        let err = write_image(&image, &link, overwrite).expect_err("a link");
        assert_eq!(
            err.to_string(),
            format!("{} is a symbolic link, not a regular file", link.display())
        );
        assert!(
            std::fs::symlink_metadata(&link)
                .expect("kept")
                .file_type()
                .is_symlink()
        );
        let folder = dir.path().join("folder.png");
        std::fs::create_dir(&folder).expect("folder");
        assert!(matches!(
            write_image(&image, &folder, overwrite),
            Err(Error::NotRegularFile {
                kind: "a folder",
                ..
            })
        ));
        let kept = dir.path().join("kept.png");
        std::fs::write(&kept, b"old").expect("written");
        std::fs::set_permissions(&kept, std::fs::Permissions::from_mode(0o640)).expect("chmod");
        write_image(&image, &kept, overwrite).expect("replaced");
        let mode = std::fs::metadata(&kept)
            .expect("there")
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o640);
    }

    #[test]
    fn names_an_unwritable_folder() {
        let path = Path::new("/nonexistent-folder/x.png");
        let err = write_image(&sample(ChannelLayout::Grey), path, WriteOptions::default())
            .expect_err("no folder");
        let text = err.to_string();
        assert!(text.contains("/nonexistent-folder/x.png"), "{text}");
        assert!(
            text.contains("the folder /nonexistent-folder does not exist"),
            "{text}"
        );
        assert!(!text.contains(".part"), "names the temporary file: {text}");
    }
}
