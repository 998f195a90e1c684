//! Any bytes given to the image decoder must give an image or an error, never
//! a panic or an allocation past the limits; a decoded image must survive
//! every filter, and the noise and kernel-size parsers any text.
#![no_main]

use std::path::Path;

use libfuzzer_sys::fuzz_target;
use toolcup_denoise::{DecodeLimits, Filter, KernelSize, Noise, decode_image, no_progress};

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        let _ = text.parse::<Noise>();
        let _ = text.parse::<KernelSize>();
        let _ = text.parse::<Filter>();
    }
    let limits = DecodeLimits { max_side_px: 512, max_pixels: 512 * 512, max_bytes: 4 << 20 };
    if let Ok(image) = decode_image(data, Path::new("fuzz"), limits) {
        if image.width() as u64 * image.height() as u64 <= 64 * 64 {
            for filter in Filter::ALL {
                for k in [3, 5, 7] {
                    let kernel = KernelSize::new(k).expect("odd");
                    let out = filter.apply(&image, kernel, &mut no_progress).expect("never cancelled");
                    assert_eq!(out.shape(), image.shape());
                }
            }
        }
    }
});
