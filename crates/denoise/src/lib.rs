//! Image denoising filters that give OpenCV's exact results.
//!
//! This crate holds Gaussian, median, minimum, maximum and non-local-means
//! filters for 8-bit images, synthetic noise models, PSNR and SSIM, and image
//! reading and writing helpers.

mod error;

pub use error::{Error, Result};
