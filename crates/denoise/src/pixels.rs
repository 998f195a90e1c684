//! Where an image's bytes live.
//!
//! A filter writes a whole new image, and for a 12-megapixel photo that is
//! 36 MB of fresh memory: with the usual 4 KiB pages the kernel takes one
//! page fault per 4 KiB on first write, about 9,000 of them, which measured
//! here as much time as a 3x3 median itself. On Linux a large buffer is
//! therefore an anonymous mapping with transparent huge pages requested
//! (`madvise(MADV_HUGEPAGE)` through memmap2, no `unsafe` here): 2 MiB pages,
//! a few dozen faults. NumPy does the same for its large arrays, which is
//! part of why OpenCV's calls from Python are fast. The mapping is a whole
//! number of 2 MiB pages long: Linux aligns only such anonymous mappings to a
//! huge-page boundary, and an unaligned 36 MB mapping measured about 800
//! small-page faults at its two ends per filter call. Smaller buffers and
//! other systems use an ordinary `Vec`.

use std::ops::{Deref, DerefMut};

/// Buffers at least this large are mapped with huge pages on Linux.
const MAPPED_FROM: usize = 4 << 20;

/// The size of a transparent huge page on x86-64 and most arm64 kernels.
#[cfg(target_os = "linux")]
const HUGE_PAGE: usize = 2 << 20;

/// An image's bytes.
pub(crate) enum Pixels {
    /// On the heap.
    Heap(Vec<u8>),
    /// The first `len` bytes of an anonymous mapping backed by huge pages
    /// where the kernel allows (the mapping is rounded up to whole huge pages).
    #[cfg(target_os = "linux")]
    Mapped {
        /// The mapping.
        map: memmap2::MmapMut,
        /// How many of its bytes are the pixels.
        len: usize,
    },
}

impl Pixels {
    /// `len` zero bytes.
    pub(crate) fn zeroed(len: usize) -> Self {
        #[cfg(target_os = "linux")]
        if len >= MAPPED_FROM
            && let Ok(map) = memmap2::MmapMut::map_anon(len.next_multiple_of(HUGE_PAGE))
        {
            // Only a hint: without transparent huge pages the mapping still
            // works with small pages.
            let _ = map.advise(memmap2::Advice::HugePage);
            return Pixels::Mapped { map, len };
        }
        let _ = MAPPED_FROM;
        Pixels::Heap(vec![0; len])
    }

    /// The bytes as a `Vec` (a copy when they are mapped).
    pub(crate) fn into_vec(self) -> Vec<u8> {
        match self {
            Pixels::Heap(v) => v,
            #[cfg(target_os = "linux")]
            Pixels::Mapped { map, len } => map[..len].to_vec(),
        }
    }
}

impl Deref for Pixels {
    type Target = [u8];

    fn deref(&self) -> &[u8] {
        match self {
            Pixels::Heap(v) => v,
            #[cfg(target_os = "linux")]
            Pixels::Mapped { map, len } => &map[..*len],
        }
    }
}

impl DerefMut for Pixels {
    fn deref_mut(&mut self) -> &mut [u8] {
        match self {
            Pixels::Heap(v) => v,
            #[cfg(target_os = "linux")]
            Pixels::Mapped { map, len } => &mut map[..*len],
        }
    }
}

impl Clone for Pixels {
    fn clone(&self) -> Self {
        let mut copy = Pixels::zeroed(self.len());
        copy.copy_from_slice(self);
        copy
    }
}

impl PartialEq for Pixels {
    fn eq(&self, other: &Self) -> bool {
        **self == **other
    }
}

impl Eq for Pixels {}

impl std::fmt::Debug for Pixels {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} bytes", self.len())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn large_and_small_buffers_start_zeroed_and_hold_what_is_written() {
        for len in [0, 17, MAPPED_FROM, MAPPED_FROM + 4097] {
            let mut pixels = Pixels::zeroed(len);
            assert_eq!(pixels.len(), len);
            assert!(pixels.iter().all(|&b| b == 0));
            if len > 0 {
                pixels[len - 1] = 7;
                let copy = pixels.clone();
                assert_eq!(copy, pixels);
                let bytes = copy.into_vec();
                assert_eq!((bytes.len(), bytes[len - 1]), (len, 7));
            }
        }
    }
}
