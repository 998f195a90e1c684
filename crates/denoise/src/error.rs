//! The crate's one error type.

use std::path::PathBuf;

/// Everything that can go wrong in this crate.
///
/// Each variant names what was wrong and where: the parameter and its allowed
/// range, or the file path and the underlying reason.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// A parameter is outside its allowed range.
    #[error("invalid {name} {value}: {allowed}")]
    InvalidParameter {
        /// The parameter's name, e.g. `"kernel size"`.
        name: &'static str,
        /// The offending value as the caller gave it.
        value: String,
        /// What would have been accepted, e.g. `"an odd number from 1 to 255"`.
        allowed: &'static str,
    },
    /// The operation was stopped by its progress callback.
    #[error("cancelled")]
    Cancelled,
    /// A buffer does not fit the dimensions it was given with.
    #[error(
        "buffer of {len} bytes does not hold a {width}x{height} image with {channels} channel(s) ({expected} bytes)"
    )]
    BufferSize {
        /// The buffer's length in bytes.
        len: usize,
        /// The image width in pixels.
        width: u32,
        /// The image height in pixels.
        height: u32,
        /// Channels per pixel.
        channels: u8,
        /// The length the dimensions call for.
        expected: usize,
    },
    /// Two images that must have the same shape do not.
    #[error("image sizes differ: {left} vs {right}")]
    ShapeMismatch {
        /// The first image's shape, e.g. `"640x480x3"`.
        left: String,
        /// The second image's shape.
        right: String,
    },
    /// A file could not be opened or read.
    #[error("cannot read {}: {source}", path.display())]
    Read {
        /// The file.
        path: PathBuf,
        /// The reason.
        #[source]
        source: std::io::Error,
    },
    /// A file's content could not be decoded as an image.
    #[error("cannot decode {}: {reason}", path.display())]
    Decode {
        /// The file.
        path: PathBuf,
        /// What the decoder said (not an image, truncated, unsupported...).
        reason: String,
    },
    /// A path that must be a regular file is a folder, FIFO, device, socket
    /// or (for an output) a symbolic link: reading it could block forever,
    /// and replacing it would destroy something that is not an image.
    #[error("{} is {kind}, not a regular file", path.display())]
    NotRegularFile {
        /// The path.
        path: PathBuf,
        /// What it is instead, e.g. `"a FIFO (named pipe)"`.
        kind: &'static str,
    },
    /// An image file is cut short: decoding it would make up the rest.
    #[error("{} is incomplete: {missing}", path.display())]
    Incomplete {
        /// The file.
        path: PathBuf,
        /// What is missing and where the file ends.
        missing: String,
    },
    /// A write was stopped because the process is being interrupted (see
    /// [`remove_unfinished_writes`](crate::remove_unfinished_writes)).
    #[error("{} was not written: interrupted", path.display())]
    Interrupted {
        /// The destination file.
        path: PathBuf,
    },
    /// An image is larger than the decoder limits allow.
    #[error("{} is too large: {reason} (limit: {limit})", path.display())]
    TooLarge {
        /// The file.
        path: PathBuf,
        /// What exceeded the limit (dimensions or memory).
        reason: String,
        /// The limit, stated for people, e.g. `"32768 pixels a side, 1073.7
        /// megapixels, 1024 MiB decoded"`.
        limit: String,
    },
    /// An image has zero width or height.
    #[error("{} has no pixels ({width}x{height})", path.display())]
    Empty {
        /// The file.
        path: PathBuf,
        /// Width in pixels.
        width: u32,
        /// Height in pixels.
        height: u32,
    },
    /// An image could not be encoded or written.
    #[error("cannot write {}: {reason}", path.display())]
    Write {
        /// The destination file.
        path: PathBuf,
        /// The reason.
        reason: String,
    },
    /// An output name does not say a format this crate can write.
    #[error("cannot write {}: {reason} ({choices})", path.display())]
    UnknownFormat {
        /// The output file.
        path: PathBuf,
        /// What is wrong with its name.
        reason: String,
        /// The extensions that would be accepted, comma-separated.
        choices: String,
    },
    /// Writing would replace an existing file (an input) without permission.
    #[error("refusing to overwrite {}: it already exists (allow overwriting to replace it)", path.display())]
    WouldOverwrite {
        /// The existing file.
        path: PathBuf,
    },
}

/// The crate's result type.
pub type Result<T, E = Error> = std::result::Result<T, E>;
