//! Image denoising filters that give OpenCV's exact results, for 8-bit
//! images with 1 to 4 channels (grey, grey+alpha, RGB, RGBA).
//!
//! | filter | same bits as | border |
//! |---|---|---|
//! | [`Filter::Gaussian`] | `cv2.GaussianBlur(img, (k, k), 0)` | reflect-101 |
//! | [`Filter::Median`] | `cv2.medianBlur(img, k)` | replicate |
//! | [`Filter::Min`] / [`Filter::Max`] | `cv2.erode` / `cv2.dilate`, k x k ones | outside ignored |
//! | [`non_local_means`] | `cv2.fastNlMeansDenoisingColored(img, None, h, hColor, 7, 15)` | reflect-101 |
//!
//! Alpha is never filtered; it is copied through. Also here: synthetic
//! [`Noise`] (seeded), [`psnr`] and [`ssim`] against a reference, and image
//! reading ([`read_image`]: PNG, JPEG with EXIF orientation, WebP, TIFF, BMP;
//! 16-bit rounded to 8) and atomic writing ([`write_image`]: PNG, JPEG,
//! lossless WebP, TIFF, BMP; [`write_image_with`] carries the input's ICC
//! profile and EXIF where the format can hold them).
//!
//! Long operations take a progress callback that can cancel:
//! `&mut dyn FnMut(Progress) -> ControlFlow<()>`; pass [`no_progress`] when
//! you do not watch. Work runs on rayon's thread pool.
//!
//! ```
//! use toolcup_denoise::{ChannelLayout, Filter, Image, KernelSize, Noise, no_progress, psnr};
//! let clean = Image::new(32, 32, ChannelLayout::Grey, vec![128; 32 * 32])?;
//! let noisy = Noise::SaltAndPepper { density: 0.05 }.apply(&clean, 1)?;
//! let median = Filter::Median.apply(&noisy, KernelSize::new(3)?, &mut no_progress)?;
//! assert!(psnr(&median, &clean)? > psnr(&noisy, &clean)?);
//! # Ok::<(), toolcup_denoise::Error>(())
//! ```

mod error;
pub mod filter;
mod image;
mod io;
mod kernel;
mod lab;
mod metrics;
pub mod nlm;
mod noise;
mod pixels;

pub use error::{Error, Result};
pub use filter::{Filter, Progress, gaussian_kernel_q8, no_progress, non_local_means};
pub use image::{ChannelLayout, Image};
pub use io::{
    DecodeLimits, Decoded, FileId, Metadata, OutputFormat, READABLE_EXTENSIONS, ReadOptions,
    WRITABLE_EXTENSIONS, WriteOptions, check_destination, decode_image, decode_image_with,
    encode_image, encode_image_to, is_readable_image_name, read_image, read_image_with,
    read_image_with_limits, remove_unfinished_writes, write_image, write_image_with,
};
pub use kernel::KernelSize;
pub use metrics::{psnr, ssim};
pub use noise::Noise;
