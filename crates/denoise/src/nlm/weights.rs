//! The patch-distance to weight table, as OpenCV's invoker builds it.
//!
//! OpenCV (`FastNlMeansDenoisingInvoker`, `DistSquared::calcWeight`) divides
//! the squared patch distance by the patch area approximately, with a shift by
//! `ceil(log2(template^2))` bits, and looks the weight up in a table:
//! `weight[i] = cvRound(mult * exp(-i * 2^shift / template^2 / (h^2 * channels)))`,
//! set to 0 below `0.001 * mult`, where `mult = INT_MAX / (search^2 * 255)` is
//! the fixed-point scale that keeps `sum(weight * pixel)` in an `i32`.
//! `h^2 * channels` is computed in `f32`, the rest in `f64`.

/// Entries of [`WeightTable::padded`]: a power of two above every table's
/// length (at most `255^2 * 2 + 1`: distances of up to two channels, shifted
/// by at least the patch area's bits), so that a masked index needs no
/// bounds check.
pub(crate) const PADDED_LEN: usize = 1 << 17;

/// Weights indexed by `patch distance >> shift`.
#[derive(Clone, Debug)]
pub(crate) struct WeightTable {
    /// `weights[i]`, cut after the last non-zero entry (plus one zero), then
    /// zeros up to [`PADDED_LEN`].
    weights: Box<[u32; PADDED_LEN]>,
    /// The entries before the padding.
    len: usize,
    /// The bits dropped from a patch distance before the lookup.
    shift: u32,
}

impl WeightTable {
    /// Builds the table for `channels` channels compared jointly with strength `h`.
    pub(crate) fn new(h: f32, channels: u32, template: u32, search: u32) -> Self {
        let mult = fixed_point_mult(search);
        let area = template * template;
        let shift = area.next_power_of_two().trailing_zeros();
        let step = f64::from(1u32 << shift) / f64::from(area);
        let max_dist = 255 * 255 * channels;
        let len = (f64::from(max_dist) / step + 1.0) as usize;
        let denominator = f64::from(h * h * channels as f32);
        let mut weights: Vec<u32> = (0..len)
            .map(|i| {
                let dist = i as f64 * step;
                let mut w = (-dist / denominator).exp();
                if w.is_nan() {
                    w = 1.0;
                }
                let weight = (f64::from(mult) * w).round_ties_even() as u32;
                if f64::from(weight) < 0.001 * f64::from(mult) {
                    0
                } else {
                    weight
                }
            })
            .collect();
        // Weights fall with distance: everything after the first zero is zero.
        if let Some(first_zero) = weights.iter().position(|&w| w == 0) {
            weights.truncate(first_zero + 1);
        }
        let len = weights.len();
        weights.resize(PADDED_LEN, 0);
        let weights = weights
            .into_boxed_slice()
            .try_into()
            .expect("PADDED_LEN entries");
        WeightTable {
            weights,
            len,
            shift,
        }
    }

    /// The weight of two patches `dist` apart (sum of squared differences).
    #[cfg(test)]
    pub(crate) fn weight(&self, dist: u32) -> u32 {
        let last = self.len - 1;
        self.weights[((dist >> self.shift) as usize).min(last)]
    }

    /// The table, for loops that index it themselves.
    #[inline]
    pub(crate) fn weights(&self) -> &[u32] {
        &self.weights[..self.len]
    }

    /// The table followed by zeros, [`PADDED_LEN`] entries in all.
    #[inline]
    pub(crate) fn padded(&self) -> &[u32; PADDED_LEN] {
        &self.weights
    }

    /// The bits dropped from a patch distance before the lookup.
    #[inline]
    pub(crate) fn shift(&self) -> u32 {
        self.shift
    }
}

/// `INT_MAX / (search^2 * 255)`: the weight of identical patches.
pub(crate) fn fixed_point_mult(search: u32) -> u32 {
    i32::MAX as u32 / (search * search * 255)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identical_patches_weigh_the_fixed_point_one() {
        let table = WeightTable::new(10.0, 1, 7, 15);
        assert_eq!(fixed_point_mult(15), 37428);
        assert_eq!(table.weight(0), 37428);
        assert_eq!(table.shift(), 6);
    }

    #[test]
    fn weights_fall_and_end_in_zero() {
        for (h, channels) in [(3.0, 1), (10.0, 2), (0.5, 1), (1e6, 2)] {
            let table = WeightTable::new(h, channels, 7, 15);
            let w = table.weights();
            assert!(w.windows(2).all(|p| p[0] >= p[1]), "h {h}: not falling");
            assert_eq!(table.weight(u32::MAX >> 1), *w.last().expect("non-empty"));
            assert!(table.padded()[w.len()..].iter().all(|&p| p == 0));
        }
        // The longest table: two channels, a weight above 0 at every distance.
        assert!(WeightTable::new(f32::MAX, 2, 1, 3).weights().len() < PADDED_LEN);
        assert!(WeightTable::new(f32::MAX, 2, 35, 37).weights().len() < PADDED_LEN);
        let strong = WeightTable::new(3.0, 1, 7, 15);
        assert_eq!(strong.weight(255 * 255 * 49), 0);
    }

    #[test]
    fn a_one_pixel_template_needs_no_shift() {
        let table = WeightTable::new(10.0, 1, 1, 3);
        assert_eq!(table.shift(), 0);
        // exp(-100 / 100) of INT_MAX / (9 * 255).
        let mult = f64::from(fixed_point_mult(3));
        assert_eq!(
            f64::from(table.weight(100)),
            (mult * (-1.0f64).exp()).round()
        );
    }
}
