//! The inner loops of the blur, written over fixed-size blocks so that the
//! compiler keeps a block's sums in vector registers across every tap of the
//! kernel and needs no bounds checks inside them.

/// Elements per block: 64 sums in 16-bit lanes are four AVX2 registers.
pub(super) const BLOCK: usize = 64;

/// One pass, computed a block of `N` consecutive elements at a time.
pub(super) trait BlockPass {
    /// Computes and stores the `N` outputs starting at element `x`.
    fn run<const N: usize>(&mut self, x: usize);
}

/// Runs `pass` over elements `0..n`: whole blocks, the last one moved left
/// to end at `n` (it recomputes a few outputs, harmless since each output
/// depends only on the inputs), and one element at a time when `n` is
/// shorter than a block.
#[inline(always)]
pub(super) fn for_each_block(n: usize, pass: &mut impl BlockPass) {
    if n < BLOCK {
        for x in 0..n {
            pass.run::<1>(x);
        }
        return;
    }
    let mut x = 0;
    while x + BLOCK <= n {
        pass.run::<BLOCK>(x);
        x += BLOCK;
    }
    if x < n {
        pass.run::<BLOCK>(n - BLOCK);
    }
}

/// The `N` elements of `s` from `at`.
#[inline(always)]
pub(super) fn block<const N: usize, T>(s: &[T], at: usize) -> &[T; N] {
    s[at..at + N].try_into().expect("slice of N elements")
}

/// The `N` elements of `s` from `at`, to write.
#[inline(always)]
pub(super) fn block_mut<const N: usize, T>(s: &mut [T], at: usize) -> &mut [T; N] {
    (&mut s[at..at + N])
        .try_into()
        .expect("slice of N elements")
}

/// `sum over i of taps[i] * tap(i)[j]` for each lane `j`, pairing the taps
/// the symmetric kernel weighs equally: `c * (a + b)` costs one multiply
/// where `c * a + c * b` costs two.
///
/// The caller guarantees every partial sum fits in 16 bits; the arithmetic
/// wraps rather than checks so that debug builds vectorise the same way.
#[inline(always)]
pub(super) fn symmetric_sum<'a, const N: usize, T>(
    taps: &[u16],
    tap: impl Fn(usize) -> &'a [T; N],
) -> [u16; N]
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
