//! Synthetic noise, seeded and reproducible, to try the filters on.
//!
//! The random numbers come from SplitMix64, one stream per image row seeded
//! from the seed and the row index, so the same seed gives the same noisy
//! image on every machine, thread count and crate version.

use rayon::prelude::*;

use crate::{Error, Image, Result};

/// A noise model with its strength.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Noise {
    /// Adds a normal deviate with standard deviation `sigma` (in 8-bit
    /// levels) to every colour sample, then rounds and clamps to 0..=255.
    Gaussian {
        /// Standard deviation, 0 to 255.
        sigma: f64,
    },
    /// Turns a fraction `density` of the pixels black or white (half each),
    /// all colour channels of a pixel together.
    SaltAndPepper {
        /// Fraction of pixels hit, 0 to 1.
        density: f64,
    },
}

impl Noise {
    /// Validates the strength.
    ///
    /// # Errors
    /// [`Error::InvalidParameter`] for a sigma outside 0..=255 or a density
    /// outside 0..=1 (or not a number).
    pub fn validate(self) -> Result<Self> {
        match self {
            Noise::Gaussian { sigma } if !(0.0..=255.0).contains(&sigma) => {
                Err(Error::InvalidParameter {
                    name: "Gaussian noise sigma",
                    value: sigma.to_string(),
                    allowed: "0 to 255 (8-bit levels)",
                })
            }
            Noise::SaltAndPepper { density } if !(0.0..=1.0).contains(&density) => {
                Err(Error::InvalidParameter {
                    name: "salt-and-pepper density",
                    value: density.to_string(),
                    allowed: "0 to 1 (the fraction of pixels hit)",
                })
            }
            ok => Ok(ok),
        }
    }

    /// Returns a noisy copy of `image`; alpha is left untouched.
    ///
    /// ```
    /// use toolcup_denoise::{ChannelLayout, Image, Noise};
    /// let grey = Image::new(4, 4, ChannelLayout::Grey, vec![128; 16])?;
    /// let noisy = Noise::Gaussian { sigma: 20.0 }.apply(&grey, 7)?;
    /// assert_ne!(noisy, grey);
    /// assert_eq!(noisy, Noise::Gaussian { sigma: 20.0 }.apply(&grey, 7)?); // same seed, same noise
    /// # Ok::<(), toolcup_denoise::Error>(())
    /// ```
    ///
    /// # Errors
    /// As [`Noise::validate`].
    pub fn apply(self, image: &Image, seed: u64) -> Result<Image> {
        let noise = self.validate()?;
        let mut out = image.clone();
        let row_len = image.row_len();
        if row_len == 0 {
            return Ok(out);
        }
        let cn = image.channels();
        let colour = image.layout().colour_count();
        out.as_bytes_mut()
            .par_chunks_mut(row_len)
            .enumerate()
            .for_each(|(y, row)| {
                let mut rng =
                    SplitMix64::new(seed ^ (y as u64).wrapping_mul(0xD1B5_4A32_D192_ED03));
                for pixel in row.chunks_exact_mut(cn) {
                    match noise {
                        Noise::Gaussian { sigma } => {
                            for v in &mut pixel[..colour] {
                                let noisy = f64::from(*v) + sigma * rng.normal();
                                *v = noisy.round().clamp(0.0, 255.0) as u8;
                            }
                        }
                        Noise::SaltAndPepper { density } => {
                            let u = rng.unit();
                            if u < density {
                                let level = if u < density / 2.0 { 0 } else { 255 };
                                pixel[..colour].fill(level);
                            }
                        }
                    }
                }
            });
        Ok(out)
    }
}

impl std::str::FromStr for Noise {
    type Err = Error;

    /// Parses `gaussian:SIGMA` or `salt-pepper:DENSITY` (also `sp:DENSITY`).
    ///
    /// ```
    /// use toolcup_denoise::Noise;
    /// assert_eq!("gaussian:20".parse::<Noise>()?, Noise::Gaussian { sigma: 20.0 });
    /// assert_eq!("sp:0.05".parse::<Noise>()?, Noise::SaltAndPepper { density: 0.05 });
    /// assert!("gaussian:-1".parse::<Noise>().is_err());
    /// # Ok::<(), toolcup_denoise::Error>(())
    /// ```
    fn from_str(s: &str) -> Result<Self> {
        let bad = || Error::InvalidParameter {
            name: "noise",
            value: s.to_string(),
            allowed: "gaussian:SIGMA (0 to 255) or salt-pepper:DENSITY (0 to 1)",
        };
        let (kind, amount) = s.split_once(':').ok_or_else(bad)?;
        let amount: f64 = amount.trim().parse().map_err(|_| bad())?;
        let noise = match kind.trim().to_ascii_lowercase().as_str() {
            "gaussian" | "gauss" => Noise::Gaussian { sigma: amount },
            "salt-pepper" | "salt-and-pepper" | "sp" => Noise::SaltAndPepper { density: amount },
            _ => return Err(bad()),
        };
        noise.validate()
    }
}

impl std::fmt::Display for Noise {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Noise::Gaussian { sigma } => write!(f, "gaussian:{sigma}"),
            Noise::SaltAndPepper { density } => write!(f, "salt-pepper:{density}"),
        }
    }
}

/// Steele, Lea and Flood's SplitMix64 (OOPSLA 2014): small, fast, and stable
/// by definition, which a reproducible seed needs.
struct SplitMix64 {
    state: u64,
    spare: Option<f64>,
}

impl SplitMix64 {
    fn new(seed: u64) -> Self {
        Self {
            state: seed,
            spare: None,
        }
    }

    fn next_u64(&mut self) -> u64 {
        self.state = self.state.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.state;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in [0, 1) with 53 random bits.
    fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 * (1.0 / (1u64 << 53) as f64)
    }

    /// Standard normal by the Box-Muller transform, two per pair of uniforms.
    fn normal(&mut self) -> f64 {
        if let Some(z) = self.spare.take() {
            return z;
        }
        let u1 = 1.0 - self.unit(); // (0, 1]: ln is finite
        let u2 = self.unit();
        let radius = (-2.0 * u1.ln()).sqrt();
        let angle = std::f64::consts::TAU * u2;
        self.spare = Some(radius * angle.sin());
        radius * angle.cos()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ChannelLayout;

    fn flat(layout: ChannelLayout, value: u8) -> Image {
        Image::new(200, 150, layout, vec![value; 200 * 150 * layout.count()]).expect("sized")
    }

    #[test]
    fn gaussian_noise_has_the_asked_spread_and_no_bias() {
        let noisy = Noise::Gaussian { sigma: 10.0 }
            .apply(&flat(ChannelLayout::Grey, 128), 1)
            .expect("valid");
        let n = noisy.as_bytes().len() as f64;
        let mean = noisy.as_bytes().iter().map(|&v| f64::from(v)).sum::<f64>() / n;
        let var = noisy
            .as_bytes()
            .iter()
            .map(|&v| (f64::from(v) - mean).powi(2))
            .sum::<f64>()
            / n;
        assert!((mean - 128.0).abs() < 0.2, "mean {mean}");
        // Rounding adds 1/12 to the variance.
        assert!((var.sqrt() - 10.0).abs() < 0.15, "sd {}", var.sqrt());
    }

    #[test]
    fn salt_and_pepper_hits_the_asked_fraction_and_leaves_alpha() {
        let image = flat(ChannelLayout::Rgba, 100);
        let noisy = Noise::SaltAndPepper { density: 0.1 }
            .apply(&image, 3)
            .expect("valid");
        let pixels = noisy.as_bytes().chunks_exact(4);
        let (mut salt, mut pepper) = (0, 0);
        for p in pixels {
            assert_eq!(p[3], 100, "alpha untouched");
            match p[..3] {
                [0, 0, 0] => pepper += 1,
                [255, 255, 255] => salt += 1,
                [100, 100, 100] => {}
                _ => panic!("partial hit {p:?}"),
            }
        }
        let total = 200.0 * 150.0;
        assert!(
            (f64::from(salt) / total - 0.05).abs() < 0.006,
            "salt {salt}"
        );
        assert!(
            (f64::from(pepper) / total - 0.05).abs() < 0.006,
            "pepper {pepper}"
        );
    }

    #[test]
    fn seeds_differ_and_repeat() {
        let image = flat(ChannelLayout::Rgb, 50);
        let noise = Noise::Gaussian { sigma: 5.0 };
        assert_eq!(
            noise.apply(&image, 9).expect("ok"),
            noise.apply(&image, 9).expect("ok")
        );
        assert_ne!(
            noise.apply(&image, 9).expect("ok"),
            noise.apply(&image, 10).expect("ok")
        );
    }

    #[test]
    fn pins_the_stream_so_seeds_stay_reproducible() {
        // If this changes, every saved seed gives a different image: don't.
        let image = Image::new(4, 1, ChannelLayout::Grey, vec![128; 4]).expect("sized");
        let noisy = Noise::Gaussian { sigma: 20.0 }
            .apply(&image, 42)
            .expect("ok");
        assert_eq!(noisy.as_bytes(), PINNED);
    }

    const PINNED: &[u8] = &[146, 156, 119, 141];
}
