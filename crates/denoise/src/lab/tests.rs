//! The Lab conversions against OpenCV: committed block sums over all 2^24
//! inputs on every machine, and a byte-for-byte live comparison where `cv2`
//! is installed.

use super::{TABLES, bgr_to_lab, lab_to_bgr, opencv_cbrt};
use crate::nlm::oracle;

/// Converts every 8-bit triple, in (c0 << 16 | c1 << 8 | c2) order.
fn convert_all(convert: fn([u8; 3]) -> [u8; 3]) -> Vec<u8> {
    let mut out = Vec::with_capacity(3 << 24);
    for k in 0u32..1 << 24 {
        out.extend_from_slice(&convert([(k >> 16) as u8, (k >> 8) as u8, k as u8]));
    }
    out
}

/// Per first input byte: the output's byte sum and position-weighted sum, as
/// `opencv_oracle.py lab-sums` writes them.
fn block_sums(out: &[u8]) -> Vec<(u64, u64)> {
    out.chunks(65536 * 3)
        .map(|block| {
            block.iter().enumerate().fold((0, 0), |(s1, s2), (j, &v)| {
                (s1 + u64::from(v), s2 + (j as u64 + 1) * u64::from(v))
            })
        })
        .collect()
}

fn committed_sums(file: &str) -> Vec<(u64, u64)> {
    let text = std::fs::read_to_string(oracle::data_dir().join(file)).expect("read sums");
    text.lines()
        .filter(|line| !line.starts_with('#'))
        .enumerate()
        .map(|(i, line)| {
            let fields: Vec<u64> = line
                .split(' ')
                .map(|f| f.parse().expect("number"))
                .collect();
            assert_eq!(fields[0], i as u64, "blocks in order");
            (fields[1], fields[2])
        })
        .collect()
}

fn assert_matches_committed(convert: fn([u8; 3]) -> [u8; 3], file: &str) {
    let ours = block_sums(&convert_all(convert));
    let expected = committed_sums(file);
    assert_eq!(expected.len(), 256);
    let differing: Vec<usize> = (0..256).filter(|&i| ours[i] != expected[i]).collect();
    assert!(
        differing.is_empty(),
        "{file}: blocks (first byte) {differing:?} differ from OpenCV"
    );
}

#[test]
fn forward_matches_opencv_for_every_input() {
    assert_matches_committed(bgr_to_lab, "lab_lbgr2lab.sums");
}

#[test]
fn inverse_matches_opencv_for_every_input() {
    assert_matches_committed(lab_to_bgr, "lab_lab2lbgr.sums");
}

fn assert_matches_live(convert: fn([u8; 3]) -> [u8; 3], direction: &str) {
    let python = match oracle::python() {
        Ok(python) => python,
        Err(reason) => {
            eprintln!("skipping the live Lab {direction} check: {reason}");
            return;
        }
    };
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("expected.raw");
    oracle::run(
        &python,
        &["lab-full", direction, path.to_str().expect("utf-8 path")],
    );
    let expected = std::fs::read(&path).expect("read oracle output");
    let ours = convert_all(convert);
    let mismatches: Vec<usize> = (0..1 << 24)
        .filter(|&k| ours[3 * k..3 * k + 3] != expected[3 * k..3 * k + 3])
        .take(10)
        .collect();
    assert!(
        mismatches.is_empty(),
        "{direction}: first mismatching inputs {:?}",
        mismatches
            .iter()
            .map(|&k| (
                k >> 16,
                (k >> 8) & 255,
                k & 255,
                &ours[3 * k..3 * k + 3],
                &expected[3 * k..3 * k + 3]
            ))
            .collect::<Vec<_>>()
    );
}

#[test]
fn forward_matches_live_opencv() {
    assert_matches_live(bgr_to_lab, "lbgr2lab");
}

#[test]
fn inverse_matches_live_opencv() {
    assert_matches_live(lab_to_bgr, "lab2lbgr");
}

#[test]
fn black_white_and_grey_land_on_the_neutral_axis() {
    assert_eq!(bgr_to_lab([0, 0, 0]), [0, 128, 128]);
    assert_eq!(bgr_to_lab([255, 255, 255]), [255, 128, 128]);
    let [_, a, b] = bgr_to_lab([128, 128, 128]);
    assert_eq!((a, b), (128, 128));
    assert_eq!(lab_to_bgr([0, 128, 128]), [0, 0, 0]);
    // OpenCV's linear inverse gamma table tops out at 254.
    assert_eq!(lab_to_bgr([255, 128, 128]), [254, 254, 254]);
}

#[test]
fn cube_root_is_close_to_the_true_one() {
    for i in 1..3000 {
        let x = i as f32 / 2040.0;
        let ours = f64::from(opencv_cbrt(x));
        let exact = f64::from(x).cbrt();
        assert!(
            (ours - exact).abs() <= exact * 2.0f64.powi(-22),
            "cbrt({x}) = {ours}, want {exact}"
        );
    }
    assert_eq!(opencv_cbrt(0.0), 0.0);
    assert_eq!(opencv_cbrt(1.0), 1.0);
}

#[test]
fn coefficient_rows_sum_to_one_in_q12() {
    // The white point divides out: each XYZ row sums to about 4096.
    for row in TABLES.to_xyz {
        let sum: i32 = row.iter().sum();
        assert!((4094..=4098).contains(&sum), "row {row:?} sums to {sum}");
    }
}
