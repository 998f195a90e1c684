//! Reading images from files and bytes, writing them atomically.

mod complete;
mod file_id;
mod read;
mod source;
mod unfinished;
mod write;

pub use file_id::FileId;
pub use read::{
    DecodeLimits, Decoded, ReadOptions, decode_image, decode_image_with, read_image,
    read_image_with, read_image_with_limits,
};
pub use unfinished::remove_unfinished_writes;
pub use write::{
    OutputFormat, WriteOptions, check_destination, encode_image, encode_image_to, write_image,
};
