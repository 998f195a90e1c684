//! Image denoising filters that give OpenCV's exact results.
//!
//! This crate holds Gaussian, median, minimum, maximum and non-local-means
//! filters for 8-bit images, synthetic noise models, PSNR and SSIM, and image
//! reading and writing helpers.

mod error;
pub mod filter;
mod image;
mod io;
mod kernel;
mod lab;
mod metrics;
pub mod nlm;
mod noise;

pub use error::{Error, Result};
pub use filter::{Filter, Progress, gaussian_kernel_q8, no_progress};
pub use image::{ChannelLayout, Image};
pub use io::{
    DecodeLimits, OutputFormat, WriteOptions, decode_image, encode_image, read_image,
    read_image_with_limits, write_image,
};
pub use kernel::KernelSize;
pub use metrics::{psnr, ssim};
pub use noise::Noise;
