//! The two passes of the blur as block operations.
//!
//! The vertical pass runs first, over whole source rows, into one padded row
//! of exact sums; the horizontal pass then reads that row at the kernel's
//! shifts (multiples of the channel count, the channels being interleaved)
//! and writes the output row. Both keep their sums in 16-bit lanes, in one
//! of two ways (see [`super::Plan`]).

use super::blocks::{BlockPass, block, block_mut};

/// Vertical pass for narrow kernels: `out[x] = sum over i of taps[i] * rows[i][x]`,
/// each sum at most 255 * 16.
pub(super) struct VerticalNarrow<'a> {
    pub taps: &'a [u16],
    pub rows: &'a [&'a [u8]],
    pub out: &'a mut [u16],
}

impl BlockPass for VerticalNarrow<'_> {
    #[inline(always)]
    fn run<const N: usize>(&mut self, x: usize) {
        let rows = self.rows;
        let sums = symmetric_sum::<N, u8>(self.taps, |i| block(rows[i], x));
        *block_mut(self.out, x) = sums;
    }
}

/// Horizontal pass for narrow kernels: the Q16 result `sum << extra` rounded
/// to 8 bits, where `extra` is the power of two the taps were divided by,
/// squared; computed as `(sum + bias) >> shift` without leaving 16 bits.
pub(super) struct HorizontalNarrow<'a> {
    pub taps: &'a [u16],
    pub cn: usize,
    pub sums: &'a [u16],
    pub bias: u16,
    pub shift: u32,
    pub out: &'a mut [u8],
}

impl BlockPass for HorizontalNarrow<'_> {
    #[inline(always)]
    fn run<const N: usize>(&mut self, x: usize) {
        let (sums, cn) = (self.sums, self.cn);
        let total = symmetric_sum::<N, u16>(self.taps, |i| block(sums, x + i * cn));
        let out = block_mut::<N, u8>(self.out, x);
        for (o, &t) in out.iter_mut().zip(&total) {
            *o = (t.wrapping_add(self.bias) >> self.shift) as u8;
        }
    }
}

/// Vertical pass for the other kernels: the exact Q8 sum (at most 255 * 256)
/// stored as its high and low bytes, so that the horizontal pass can weigh
/// each byte in 16-bit lanes.
pub(super) struct VerticalSplit<'a> {
    pub taps: &'a [u16],
    pub rows: &'a [&'a [u8]],
    pub high: &'a mut [u8],
    pub low: &'a mut [u8],
}

impl BlockPass for VerticalSplit<'_> {
    #[inline(always)]
    fn run<const N: usize>(&mut self, x: usize) {
        let rows = self.rows;
        let sums = symmetric_sum::<N, u8>(self.taps, |i| block(rows[i], x));
        let high = block_mut::<N, u8>(self.high, x);
        let low = block_mut::<N, u8>(self.low, x);
        for ((h, l), &s) in high.iter_mut().zip(low.iter_mut()).zip(&sums) {
            let [lo, hi] = s.to_le_bytes();
            *h = hi;
            *l = lo;
        }
    }
}

/// Horizontal pass over split sums. With `H` and `L` the weighted sums of
/// the high and low bytes (each at most 255 * 256), the Q16 total is
/// `S = 256 H + L` and the result `(S + 32768) >> 16`, which equals
/// `(H + 128 + (L >> 8)) >> 8`: the dropped `L & 255` cannot carry into bit
/// 16, and `H + (L >> 8) <= S / 256 <= 65280` keeps it in 16 bits.
pub(super) struct HorizontalSplit<'a> {
    pub taps: &'a [u16],
    pub cn: usize,
    pub high: &'a [u8],
    pub low: &'a [u8],
    pub out: &'a mut [u8],
}

impl BlockPass for HorizontalSplit<'_> {
    #[inline(always)]
    fn run<const N: usize>(&mut self, x: usize) {
        let (high, low, cn) = (self.high, self.low, self.cn);
        let h = symmetric_sum::<N, u8>(self.taps, |i| block(high, x + i * cn));
        let l = symmetric_sum::<N, u8>(self.taps, |i| block(low, x + i * cn));
        let out = block_mut::<N, u8>(self.out, x);
        for ((o, &h), &l) in out.iter_mut().zip(&h).zip(&l) {
            *o = (h.wrapping_add(128).wrapping_add(l >> 8) >> 8) as u8;
        }
    }
}

/// `sum over i of taps[i] * tap(i)[j]` for each lane `j`, pairing the taps
/// the symmetric kernel weighs equally: `c * (a + b)` costs one multiply
/// where `c * a + c * b` costs two.
///
/// The caller guarantees every partial sum fits in 16 bits; the arithmetic
/// wraps rather than checks so that debug builds vectorise the same way.
#[inline(always)]
fn symmetric_sum<'a, const N: usize, T>(taps: &[u16], tap: impl Fn(usize) -> &'a [T; N]) -> [u16; N]
where
    T: Into<u16> + Copy + 'a,
{
    let radius = taps.len() / 2;
    let centre = tap(radius);
    let mut sum = [0u16; N];
    for (s, &v) in sum.iter_mut().zip(centre) {
        *s = taps[radius].wrapping_mul(v.into());
    }
    for d in 1..=radius {
        let (a, b) = (tap(radius - d), tap(radius + d));
        let c = taps[radius - d];
        for ((s, &a), &b) in sum.iter_mut().zip(a).zip(b) {
            *s = s.wrapping_add(c.wrapping_mul(a.into().wrapping_add(b.into())));
        }
    }
    sum
}
