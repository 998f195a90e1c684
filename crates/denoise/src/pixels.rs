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
//!
//! Fresh memory is zeroed by the kernel, which for a 36 MB output measured a
//! quarter of a 3x3 median's time. A filter's output is overwritten whole,
//! so it does not need zeros: [`Pixels::for_overwrite`] takes the mapping the
//! last dropped large image gave back, when it has the same size (one is
//! kept, in [`SPARE`]). Previews recomputed as a slider moves, and batches
//! of same-sized photos, then skip the zeroing; a first call pays it.

use std::ops::{Deref, DerefMut};
#[cfg(target_os = "linux")]
use std::sync::Mutex;

/// Buffers at least this large are mapped with huge pages on Linux.
const MAPPED_FROM: usize = 4 << 20;

/// The size of a transparent huge page on x86-64 and most arm64 kernels.
#[cfg(target_os = "linux")]
const HUGE_PAGE: usize = 2 << 20;

/// The mapping of the last large image dropped, kept for the next output of
/// the same size. At most one is kept.
#[cfg(target_os = "linux")]
static SPARE: Mutex<Option<memmap2::MmapMut>> = Mutex::new(None);

/// An image's bytes.
pub(crate) enum Pixels {
    /// On the heap.
    Heap(Vec<u8>),
    /// In an anonymous mapping.
    #[cfg(target_os = "linux")]
    Mapped(Mapping),
}

/// The first `len` bytes of an anonymous mapping backed by huge pages where
/// the kernel allows (the mapping is rounded up to whole huge pages). When
/// dropped, the mapping goes to [`SPARE`].
#[cfg(target_os = "linux")]
pub(crate) struct Mapping {
    /// The mapping; `None` only while it is being dropped.
    map: Option<memmap2::MmapMut>,
    /// How many of its bytes are the pixels.
    len: usize,
}

#[cfg(target_os = "linux")]
impl Mapping {
    fn bytes(&self) -> &[u8] {
        self.map.as_deref().map_or(&[], |map| &map[..self.len])
    }

    fn bytes_mut(&mut self) -> &mut [u8] {
        let len = self.len;
        self.map
            .as_deref_mut()
            .map_or(&mut [], |map| &mut map[..len])
    }
}

#[cfg(target_os = "linux")]
impl Drop for Mapping {
    fn drop(&mut self) {
        if let (Some(map), Ok(mut spare)) = (self.map.take(), SPARE.lock()) {
            *spare = Some(map);
        }
    }
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
            return Pixels::Mapped(Mapping {
                map: Some(map),
                len,
            });
        }
        let _ = MAPPED_FROM;
        Pixels::Heap(vec![0; len])
    }

    /// `len` bytes whose values do not matter because the caller overwrites
    /// every one: the spare mapping when it has the size, else zeroes. (In
    /// this crate's unit tests every byte is 0xA5 instead, so that a filter
    /// that leaves a byte unwritten fails its comparisons.)
    pub(crate) fn for_overwrite(len: usize) -> Self {
        #[cfg(target_os = "linux")]
        if len >= MAPPED_FROM {
            let size = len.next_multiple_of(HUGE_PAGE);
            let spare = SPARE
                .lock()
                .ok()
                .and_then(|mut spare| spare.take_if(|map| map.len() == size));
            if let Some(map) = spare {
                let mut pixels = Pixels::Mapped(Mapping {
                    map: Some(map),
                    len,
                });
                poison_in_tests(&mut pixels);
                return pixels;
            }
        }
        let mut pixels = Pixels::zeroed(len);
        poison_in_tests(&mut pixels);
        pixels
    }

    /// The bytes as a `Vec` (a copy when they are mapped).
    pub(crate) fn into_vec(self) -> Vec<u8> {
        match self {
            Pixels::Heap(v) => v,
            #[cfg(target_os = "linux")]
            Pixels::Mapped(mapping) => mapping.bytes().to_vec(),
        }
    }
}

impl Deref for Pixels {
    type Target = [u8];

    fn deref(&self) -> &[u8] {
        match self {
            Pixels::Heap(v) => v,
            #[cfg(target_os = "linux")]
            Pixels::Mapped(mapping) => mapping.bytes(),
        }
    }
}

impl DerefMut for Pixels {
    fn deref_mut(&mut self) -> &mut [u8] {
        match self {
            Pixels::Heap(v) => v,
            #[cfg(target_os = "linux")]
            Pixels::Mapped(mapping) => mapping.bytes_mut(),
        }
    }
}

/// Fills `pixels` with 0xA5 in this crate's unit tests; nothing otherwise.
fn poison_in_tests(pixels: &mut Pixels) {
    if cfg!(test) {
        pixels.fill(0xA5);
    }
}

impl Clone for Pixels {
    fn clone(&self) -> Self {
        let mut copy = Pixels::for_overwrite(self.len());
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

    /// A dropped large buffer is handed out again for the same size (the
    /// spare slot is shared by the whole process, so another test may take
    /// it first: a few tries are allowed).
    #[cfg(target_os = "linux")]
    #[test]
    fn a_dropped_large_buffer_is_reused_for_the_same_size() {
        let len = 3 * MAPPED_FROM + 12_345;
        let reused = (0..10).any(|_| {
            let first = Pixels::for_overwrite(len);
            let at = first.as_ptr();
            drop(first);
            let second = Pixels::for_overwrite(len);
            assert_eq!(second.len(), len);
            assert!(second.iter().all(|&b| b == 0xA5), "poisoned in tests");
            second.as_ptr() == at
        });
        assert!(reused);
        // Another size gets its own buffer.
        let other = Pixels::for_overwrite(len + HUGE_PAGE);
        assert_eq!(other.len(), len + HUGE_PAGE);
    }
}
