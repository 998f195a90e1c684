//! Reading images from files and bytes, writing them atomically.

mod complete;
mod file_id;
mod format;
mod metadata;
mod read;
mod source;
mod unfinished;
mod write;

pub use file_id::FileId;
pub use format::{OutputFormat, READABLE_EXTENSIONS, WRITABLE_EXTENSIONS, is_readable_image_name};
pub use metadata::Metadata;
pub use read::{
    DecodeLimits, Decoded, ReadOptions, decode_image, decode_image_with, read_image,
    read_image_with, read_image_with_limits,
};
pub use unfinished::remove_unfinished_writes;
pub use write::{
    WriteOptions, check_destination, encode_image, encode_image_to, write_image, write_image_with,
};
