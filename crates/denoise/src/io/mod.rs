//! Reading images from files and bytes, writing them atomically.

mod read;
mod write;

pub use read::{DecodeLimits, decode_image, read_image, read_image_with_limits};
pub use write::{OutputFormat, WriteOptions, encode_image, write_image};
