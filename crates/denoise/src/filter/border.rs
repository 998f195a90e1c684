//! Border rules: where a window that hangs over the edge reads from.

/// OpenCV's `BORDER_REFLECT_101` (`gfedcb|abcdefgh|gfedcba`): the edge pixel is
/// not repeated. Repeats the reflection while the index is still outside, as
/// OpenCV's `borderInterpolate` does, so windows wider than the image work.
pub(crate) fn reflect101(p: isize, len: usize) -> usize {
    if len == 1 {
        return 0;
    }
    let len = len as isize;
    let mut p = p;
    while p < 0 || p >= len {
        p = if p < 0 { -p } else { 2 * len - 2 - p };
    }
    p as usize
}

/// OpenCV's `BORDER_REPLICATE` (`aaaaaa|abcdefgh|hhhhhhh`): the edge pixel repeats.
pub(crate) fn replicate(p: isize, len: usize) -> usize {
    p.clamp(0, len as isize - 1) as usize
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reflect101_matches_opencv_border_interpolate() {
        // gfedcb|abcdefgh|gfedcba
        let got: Vec<usize> = (-3..11).map(|p| reflect101(p, 8)).collect();
        assert_eq!(got, [3, 2, 1, 0, 1, 2, 3, 4, 5, 6, 7, 6, 5, 4]);
        // Windows wider than the image bounce back and forth.
        let got: Vec<usize> = (-4..6).map(|p| reflect101(p, 2)).collect();
        assert_eq!(got, [0, 1, 0, 1, 0, 1, 0, 1, 0, 1]);
        assert_eq!(reflect101(-7, 1), 0);
    }

    #[test]
    fn replicate_clamps() {
        let got: Vec<usize> = (-2..5).map(|p| replicate(p, 3)).collect();
        assert_eq!(got, [0, 0, 0, 1, 2, 2, 2]);
    }
}
