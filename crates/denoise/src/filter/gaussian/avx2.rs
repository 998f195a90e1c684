//! The split passes (k >= 7) with AVX2's `vpmaddubsw`, which multiplies 32
//! unsigned bytes by signed byte coefficients and adds neighbouring
//! products into 16 signed bits: two taps per instruction, on bytes as they
//! are loaded, where the portable passes widen every byte to 16 bits first.
//!
//! Taps are taken in pairs `(c[2i], c[2i + 1])` (the last one alone with 0):
//! the bytes of the two sources are interleaved (`unpacklo`/`unpackhi`) and
//! multiplied by the pair. A pair's sum is at most `255 * (c[2i] + c[2i+1])`,
//! which stays under the instruction's saturation (32767) when the two taps
//! add up to at most 128 ([`Avx2Split::new`] checks it); the sum over all
//! pairs (at most 255 * 256) is exact in wrapping 16-bit adds. Unpacking
//! puts bytes 0-7 and 16-23 in the low result, 8-15 and 24-31 in the high
//! one, and packing the two back (`packus`) restores the order.
//!
//! The arithmetic is the portable split passes' (see [`super::passes`]), so
//! the results are the same to the bit.

use std::arch::x86_64::__m256i;

use pulp::x86::V3;

use super::super::Geometry;
use super::{BandBlur, Plan, reflect_sides, source_rows};

/// Bytes per block: one register.
const LANES: usize = 32;

/// The coefficient pairs of a split kernel, ready for `vpmaddubsw`.
pub(super) struct Avx2Split {
    v3: V3,
    /// `(c[2i], c[2i + 1])` as signed bytes repeated over a register.
    pairs: Vec<__m256i>,
    /// Taps in all.
    taps: usize,
}

impl Avx2Split {
    /// The pairs for `plan`'s taps, when the processor has AVX2, the kernel
    /// is a split one and every pair of taps adds up to at most 128.
    pub(super) fn new(plan: &Plan) -> Option<Self> {
        if plan.narrow_scale.is_some() {
            return None;
        }
        let v3 = V3::try_new()?;
        let pairs = plan
            .taps
            .chunks(2)
            .map(|pair| {
                let (a, b) = (pair[0], pair.get(1).copied().unwrap_or(0));
                (a + b <= 128).then(|| {
                    let packed = (b << 8) | a;
                    v3.avx._mm256_set1_epi16(packed as i16)
                })
            })
            .collect::<Option<Vec<_>>>()?;
        if !(4..=8).contains(&pairs.len()) {
            return None;
        }
        Some(Self {
            v3,
            pairs,
            taps: plan.taps.len(),
        })
    }

    /// The AVX2 token, to run [`BandBlur::blur_band`] under.
    pub(super) fn v3(&self) -> V3 {
        self.v3
    }

    /// The exact sums `sum over i of taps[i] * source(i)[j]` for the 32
    /// bytes `j`, in the unpacked order (low, high). `source(2P - 1)` must
    /// be readable; for odd kernels its coefficient is 0.
    #[inline(always)]
    fn weighted_sum<const P: usize>(
        &self,
        pairs: &[__m256i; P],
        source: impl Fn(usize) -> __m256i,
    ) -> (__m256i, __m256i) {
        let avx2 = self.v3.avx2;
        let zero = self.v3.avx._mm256_setzero_si256();
        let (mut low, mut high) = (zero, zero);
        for (p, &pair) in pairs.iter().enumerate() {
            let (a, b) = (source(2 * p), source(2 * p + 1));
            let l = avx2._mm256_maddubs_epi16(avx2._mm256_unpacklo_epi8(a, b), pair);
            let h = avx2._mm256_maddubs_epi16(avx2._mm256_unpackhi_epi8(a, b), pair);
            low = avx2._mm256_add_epi16(low, l);
            high = avx2._mm256_add_epi16(high, h);
        }
        (low, high)
    }

    #[inline(always)]
    fn blur_band_with<const P: usize>(
        &self,
        src: &[u8],
        geometry: Geometry,
        first_row: usize,
        band: &mut [u8],
    ) {
        let pairs: &[__m256i; P] = self.pairs[..].try_into().expect("P pairs");
        let avx2 = self.v3.avx2;
        let low_byte = self.v3.avx._mm256_set1_epi16(0xff);
        let rounding = self.v3.avx._mm256_set1_epi16(128);
        let radius = self.taps / 2;
        let row_len = geometry.row_len();
        let cn = geometry.cn;
        let pad = radius * cn;
        let padded_len = row_len + 2 * pad;
        let (mut high, mut low) = (vec![0u8; padded_len], vec![0u8; padded_len]);
        let mut rows = Vec::with_capacity(self.taps);
        for (i, out) in band.chunks_exact_mut(row_len).enumerate() {
            source_rows(src, geometry, first_row + i, radius, &mut rows);
            // A 2P-th row for odd kernels, weighed 0.
            let mut sources = [rows[0]; 16];
            sources[..rows.len()].copy_from_slice(&rows);
            for x in block_starts(row_len) {
                let (l, h) = self.weighted_sum(pairs, |t| load(sources[t], x));
                let high_bytes = avx2._mm256_packus_epi16(
                    avx2._mm256_srli_epi16::<8>(l),
                    avx2._mm256_srli_epi16::<8>(h),
                );
                let low_bytes = avx2._mm256_packus_epi16(
                    avx2._mm256_and_si256(l, low_byte),
                    avx2._mm256_and_si256(h, low_byte),
                );
                store(&mut high, pad + x, high_bytes);
                store(&mut low, pad + x, low_bytes);
            }
            reflect_sides(&mut high, geometry, radius);
            reflect_sides(&mut low, geometry, radius);
            for x in block_starts(row_len) {
                // Tap 2P - 1 of an odd kernel reads the first tap's bytes.
                let at = |t: usize| x + if t < self.taps { t * cn } else { 0 };
                let (hl, hh) = self.weighted_sum(pairs, |t| load(&high, at(t)));
                let (ll, lh) = self.weighted_sum(pairs, |t| load(&low, at(t)));
                // (H + 128 + (L >> 8)) >> 8, as in the portable pass.
                let round = |h, l| {
                    avx2._mm256_srli_epi16::<8>(avx2._mm256_add_epi16(
                        avx2._mm256_add_epi16(h, rounding),
                        avx2._mm256_srli_epi16::<8>(l),
                    ))
                };
                store(
                    out,
                    x,
                    avx2._mm256_packus_epi16(round(hl, ll), round(hh, lh)),
                );
            }
        }
    }
}

impl BandBlur for Avx2Split {
    /// Blurs the output rows from `first_row` into `band` (rows of at least
    /// 32 bytes), with the loops over taps unrolled for the kernel's number
    /// of pairs (k = 7 to 15; others take the portable passes).
    #[inline(always)]
    fn blur_band(&self, src: &[u8], geometry: Geometry, first_row: usize, band: &mut [u8]) {
        match self.pairs.len() {
            4 => self.blur_band_with::<4>(src, geometry, first_row, band),
            5 => self.blur_band_with::<5>(src, geometry, first_row, band),
            6 => self.blur_band_with::<6>(src, geometry, first_row, band),
            7 => self.blur_band_with::<7>(src, geometry, first_row, band),
            8 => self.blur_band_with::<8>(src, geometry, first_row, band),
            _ => unreachable!("Avx2Split::new takes 4 to 8 pairs"),
        }
    }
}

/// The starts of 32-byte blocks covering `0..n` (`n >= 32`), the last one
/// moved back to end at `n`.
#[inline(always)]
fn block_starts(n: usize) -> impl Iterator<Item = usize> {
    let last = n - LANES;
    (0..last).step_by(LANES).chain(std::iter::once(last))
}

#[inline(always)]
fn load(s: &[u8], at: usize) -> __m256i {
    let bytes: [u8; LANES] = *s[at..].first_chunk().expect("blocks lie inside their rows");
    pulp::cast(bytes)
}

#[inline(always)]
fn store(s: &mut [u8], at: usize, value: __m256i) {
    *s[at..]
        .first_chunk_mut::<LANES>()
        .expect("blocks lie inside their rows") = pulp::cast(value);
}
