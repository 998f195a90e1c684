//! Reflect-101 padding as OpenCV's `copyMakeBorder(BORDER_DEFAULT)` does it.

/// Maps a coordinate outside `0..len` back inside by reflecting about the edge
/// pixels without repeating them (`gfedcb|abcdefgh|gfedcba`), as often as it
/// takes: OpenCV's `borderInterpolate(p, len, BORDER_REFLECT_101)`, which also
/// covers borders wider than the image. A length of 1 maps everything to 0.
///
/// `len` must be at least 1.
pub(crate) fn reflect101(mut p: i64, len: i64) -> usize {
    if len == 1 {
        return 0;
    }
    while p < 0 || p >= len {
        p = if p < 0 { -p } else { 2 * (len - 1) - p };
    }
    p as usize
}

/// Copies a `width x height` image of `CN`-channel pixels into a new buffer
/// with `border` pixels of reflect-101 padding on every side, and `slack`
/// more columns of zeros on the right of every row (room for loads that run
/// past the border). The result is `(width + 2 border + slack) x (height + 2
/// border)`, row-major.
pub(crate) fn pad<const CN: usize>(
    src: &[u8],
    width: usize,
    height: usize,
    border: usize,
    slack: usize,
) -> Vec<u8> {
    let padded_width = width + 2 * border + slack;
    let columns: Vec<usize> = (0..width + 2 * border)
        .map(|c| reflect101(c as i64 - border as i64, width as i64))
        .collect();
    let mut out = Vec::with_capacity(padded_width * (height + 2 * border) * CN);
    for r in 0..height + 2 * border {
        let row = reflect101(r as i64 - border as i64, height as i64);
        let src_row = &src[row * width * CN..(row + 1) * width * CN];
        for &c in &columns {
            out.extend_from_slice(&src_row[c * CN..(c + 1) * CN]);
        }
        out.resize(out.len() + slack * CN, 0);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reflects_without_repeating_the_edge() {
        let mapped: Vec<usize> = (-3..8).map(|p| reflect101(p, 5)).collect();
        assert_eq!(mapped, [3, 2, 1, 0, 1, 2, 3, 4, 3, 2, 1]);
    }

    #[test]
    fn reflects_again_when_the_border_is_wider_than_the_image() {
        // 0 1 | 0 1 0 1 ...: period 2 (len - 1) = 2.
        let mapped: Vec<usize> = (-5..6).map(|p| reflect101(p, 2)).collect();
        assert_eq!(mapped, [1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1]);
        assert_eq!(reflect101(-10, 3), 2);
        assert_eq!(reflect101(7, 1), 0);
    }

    #[test]
    fn pads_every_side() {
        let src = [1, 2, 3, 4, 5, 6]; // 3 x 2
        let out = pad::<1>(&src, 3, 2, 1, 0);
        assert_eq!(
            out,
            [5, 4, 5, 6, 5, 2, 1, 2, 3, 2, 5, 4, 5, 6, 5, 2, 1, 2, 3, 2]
        );
        let out = pad::<1>(&src, 3, 2, 1, 2);
        assert_eq!(out[..7], [5, 4, 5, 6, 5, 0, 0]);
        assert_eq!(out.len(), 7 * 4);
    }
}
