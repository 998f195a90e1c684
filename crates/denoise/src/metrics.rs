//! Image quality against a reference: PSNR and SSIM, over the colour
//! channels (alpha is ignored).

use rayon::prelude::*;

use crate::{Error, Image, Result};

/// Peak signal-to-noise ratio in decibels: `10 log10(255^2 / MSE)`, the mean
/// squared error taken over every colour sample. Identical images give
/// infinity.
///
/// ```
/// use toolcup_denoise::{ChannelLayout, Image, psnr};
/// let a = Image::new(2, 1, ChannelLayout::Grey, vec![0, 0])?;
/// let b = Image::new(2, 1, ChannelLayout::Grey, vec![0, 255])?;
/// // MSE = 255^2 / 2, so PSNR = 10 log10(2) ≈ 3.01 dB.
/// assert!((psnr(&a, &b)? - 3.0103).abs() < 1e-4);
/// assert_eq!(psnr(&a, &a)?, f64::INFINITY);
/// # Ok::<(), toolcup_denoise::Error>(())
/// ```
///
/// # Errors
/// [`Error::ShapeMismatch`] unless both images have the same size and layout.
pub fn psnr(image: &Image, reference: &Image) -> Result<f64> {
    image.ensure_same_shape(reference)?;
    let cn = image.channels();
    let colour = image.layout().colour_count();
    let squared: u64 = image
        .as_bytes()
        .par_chunks(cn * 4096)
        .zip(reference.as_bytes().par_chunks(cn * 4096))
        .map(|(a, b)| {
            a.chunks_exact(cn)
                .zip(b.chunks_exact(cn))
                .flat_map(|(p, q)| p[..colour].iter().zip(&q[..colour]))
                .map(|(&x, &y)| u64::from(x.abs_diff(y)).pow(2))
                .sum::<u64>()
        })
        .sum();
    let samples = (image.width() as u64 * image.height() as u64 * colour as u64).max(1);
    if squared == 0 {
        return Ok(f64::INFINITY);
    }
    let mse = squared as f64 / samples as f64;
    Ok(10.0 * (255.0f64 * 255.0 / mse).log10())
}

/// SSIM window side and the Gaussian's sigma (Wang et al. 2004).
const WINDOW: usize = 11;
const SIGMA: f64 = 1.5;
const C1: f64 = (0.01 * 255.0) * (0.01 * 255.0);
const C2: f64 = (0.03 * 255.0) * (0.03 * 255.0);

/// Mean structural similarity (Wang, Bovik, Sheikh and Simoncelli, "Image
/// quality assessment: from error visibility to structural similarity",
/// IEEE TIP 2004): an 11x11 Gaussian window with sigma 1.5, K1 = 0.01,
/// K2 = 0.03, L = 255, population (not sample) variances, no downsampling.
/// The SSIM map is computed at every position where the window fits inside
/// the image ("valid"), averaged, and the per-channel means are averaged over
/// the colour channels. This is the variant of the paper's reference code and
/// of scikit-image's `structural_similarity(gaussian_weights=True, sigma=1.5,
/// use_sample_covariance=False, data_range=255)`.
///
/// ```
/// use toolcup_denoise::{ChannelLayout, Image, ssim};
/// let data: Vec<u8> = (0..16 * 16).map(|i| (i * 7 % 256) as u8).collect();
/// let a = Image::new(16, 16, ChannelLayout::Grey, data)?;
/// assert!((ssim(&a, &a)? - 1.0).abs() < 1e-12);
/// # Ok::<(), toolcup_denoise::Error>(())
/// ```
///
/// # Errors
/// [`Error::ShapeMismatch`] unless both images have the same size and layout;
/// [`Error::InvalidParameter`] for images smaller than 11x11.
pub fn ssim(image: &Image, reference: &Image) -> Result<f64> {
    image.ensure_same_shape(reference)?;
    let (w, h) = (image.width() as usize, image.height() as usize);
    if w < WINDOW || h < WINDOW {
        return Err(Error::InvalidParameter {
            name: "image size for SSIM",
            value: format!("{w}x{h}"),
            allowed: "at least 11x11 pixels (the SSIM window)",
        });
    }
    let weights = gaussian_window();
    let colour = image.layout().colour_count();
    let (out_w, out_h) = (w - WINDOW + 1, h - WINDOW + 1);
    let mut total = 0.0;
    for c in 0..colour {
        let sum: f64 = (0..out_h)
            .into_par_iter()
            .step_by(BAND)
            .map(|y0| band_ssim_sum(image, reference, c, &weights, y0, (y0 + BAND).min(out_h)))
            .sum();
        total += sum / (out_w * out_h) as f64;
    }
    Ok(total / colour as f64)
}

/// Output rows per parallel band.
const BAND: usize = 32;

fn gaussian_window() -> [f64; WINDOW] {
    let mut w = [0.0; WINDOW];
    let r = (WINDOW / 2) as f64;
    for (i, v) in w.iter_mut().enumerate() {
        let d = i as f64 - r;
        *v = (-d * d / (2.0 * SIGMA * SIGMA)).exp();
    }
    let sum: f64 = w.iter().sum();
    w.map(|v| v / sum)
}

/// The sum of the SSIM map over output rows `y0..y1` of channel `c`.
fn band_ssim_sum(
    x: &Image,
    y: &Image,
    c: usize,
    weights: &[f64; WINDOW],
    y0: usize,
    y1: usize,
) -> f64 {
    let (w, cn) = (x.width() as usize, x.channels());
    let out_w = w - WINDOW + 1;
    let rows = y1 - y0 + WINDOW - 1;
    // Horizontally filtered mu_x, mu_y, E[x^2], E[y^2], E[xy] for each input row.
    let mut filtered = vec![[0.0f64; 5]; rows * out_w];
    for r in 0..rows {
        let row = y0 + r;
        let sample = |img: &Image, col: usize| f64::from(img.as_bytes()[(row * w + col) * cn + c]);
        for ox in 0..out_w {
            let mut acc = [0.0; 5];
            for (k, &wk) in weights.iter().enumerate() {
                let (a, b) = (sample(x, ox + k), sample(y, ox + k));
                acc[0] += wk * a;
                acc[1] += wk * b;
                acc[2] += wk * a * a;
                acc[3] += wk * b * b;
                acc[4] += wk * a * b;
            }
            filtered[r * out_w + ox] = acc;
        }
    }
    let mut sum = 0.0;
    for oy in 0..y1 - y0 {
        for ox in 0..out_w {
            let mut m = [0.0; 5];
            for (k, &wk) in weights.iter().enumerate() {
                let f = &filtered[(oy + k) * out_w + ox];
                for (mi, fi) in m.iter_mut().zip(f) {
                    *mi += wk * fi;
                }
            }
            let [mx, my, exx, eyy, exy] = m;
            let (vx, vy, cxy) = (exx - mx * mx, eyy - my * my, exy - mx * my);
            sum += ((2.0 * mx * my + C1) * (2.0 * cxy + C2))
                / ((mx * mx + my * my + C1) * (vx + vy + C2));
        }
    }
    sum
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{ChannelLayout, Noise};

    fn photo_like(w: u32, h: u32) -> Image {
        let data = (0..w * h)
            .flat_map(|i| {
                let (x, y) = (i % w, i / w);
                [
                    (x * 3 + y) as u8,
                    (x * y / 7) as u8,
                    (200 - (x + y) / 2) as u8,
                ]
            })
            .collect();
        Image::new(w, h, ChannelLayout::Rgb, data).expect("sized")
    }

    #[test]
    fn more_noise_scores_lower() {
        let clean = photo_like(64, 48);
        let slight = Noise::Gaussian { sigma: 5.0 }.apply(&clean, 1).expect("ok");
        let heavy = Noise::Gaussian { sigma: 30.0 }
            .apply(&clean, 1)
            .expect("ok");
        assert!(psnr(&slight, &clean).expect("same") > psnr(&heavy, &clean).expect("same"));
        let (s, h) = (
            ssim(&slight, &clean).expect("same"),
            ssim(&heavy, &clean).expect("same"),
        );
        assert!(s > h && s < 1.0 && h > 0.0, "{s} {h}");
    }

    #[test]
    fn psnr_of_a_uniform_error_is_exact() {
        let a = Image::new(3, 3, ChannelLayout::Rgb, vec![100; 27]).expect("sized");
        let b = Image::new(3, 3, ChannelLayout::Rgb, vec![110; 27]).expect("sized");
        let expected = 10.0 * (255.0f64 * 255.0 / 100.0).log10();
        assert!((psnr(&a, &b).expect("same") - expected).abs() < 1e-12);
    }

    #[test]
    fn ssim_matches_a_direct_evaluation_of_the_formula() {
        // One window position: SSIM is the formula over the whole 11x11 image.
        let a: Vec<u8> = (0..121).map(|i| (i * 13 % 251) as u8).collect();
        let b: Vec<u8> = a
            .iter()
            .enumerate()
            .map(|(i, &v)| v.saturating_add((i % 7) as u8 * 9))
            .collect();
        let weights = gaussian_window();
        let (mut mx, mut my, mut exx, mut eyy, mut exy) = (0.0, 0.0, 0.0, 0.0, 0.0);
        for i in 0..121 {
            let wgt = weights[i / 11] * weights[i % 11];
            let (x, y) = (f64::from(a[i]), f64::from(b[i]));
            mx += wgt * x;
            my += wgt * y;
            exx += wgt * x * x;
            eyy += wgt * y * y;
            exy += wgt * x * y;
        }
        let (vx, vy, cxy) = (exx - mx * mx, eyy - my * my, exy - mx * my);
        let expected =
            ((2.0 * mx * my + C1) * (2.0 * cxy + C2)) / ((mx * mx + my * my + C1) * (vx + vy + C2));
        let ia = Image::new(11, 11, ChannelLayout::Grey, a).expect("sized");
        let ib = Image::new(11, 11, ChannelLayout::Grey, b).expect("sized");
        assert!((ssim(&ia, &ib).expect("same") - expected).abs() < 1e-12);
    }

    #[test]
    fn refuses_mismatched_or_tiny_images() {
        let a = photo_like(20, 20);
        let b = photo_like(20, 21);
        assert!(matches!(psnr(&a, &b), Err(Error::ShapeMismatch { .. })));
        let tiny = photo_like(10, 30);
        assert!(
            ssim(&tiny, &tiny)
                .expect_err("tiny")
                .to_string()
                .contains("11x11")
        );
    }
}
