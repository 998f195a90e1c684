//! Inner loops written over fixed-size blocks, so that the compiler keeps a
//! block's values in vector registers across every tap of a kernel and needs
//! no bounds checks inside them. Shared by the blur and the min/max filters.

/// One pass, computed a block of `N` consecutive elements at a time.
pub(in crate::filter) trait BlockPass {
    /// Computes and stores the `N` outputs starting at element `x`.
    fn run<const N: usize>(&mut self, x: usize);
}

/// Runs `pass` over elements `0..n` in blocks of `BLOCK`: whole blocks, the
/// last one moved left to end at `n` (it recomputes a few outputs, harmless
/// since each output depends only on the inputs), and one element at a time
/// when `n` is shorter than a block.
#[inline(always)]
pub(in crate::filter) fn for_each_block<const BLOCK: usize>(n: usize, pass: &mut impl BlockPass) {
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
pub(in crate::filter) fn block<const N: usize, T>(s: &[T], at: usize) -> &[T; N] {
    s[at..at + N].try_into().expect("slice of N elements")
}

/// The `N` elements of `s` from `at`, to write.
#[inline(always)]
pub(in crate::filter) fn block_mut<const N: usize, T>(s: &mut [T], at: usize) -> &mut [T; N] {
    (&mut s[at..at + N])
        .try_into()
        .expect("slice of N elements")
}
