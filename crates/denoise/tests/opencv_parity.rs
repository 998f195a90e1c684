//! The filters against outputs OpenCV produced for the same inputs, stored in
//! tests/data/opencv by scripts/denoise-opencv-fixtures.py, so parity is
//! checked on every machine, with or without OpenCV.

use std::path::{Path, PathBuf};

use toolcup_denoise::{Filter, KernelSize, no_progress, read_image};

fn data() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/opencv")
}

const INPUTS: [&str; 4] = [
    "coffee_48x32",
    "coffee_grey_40x27",
    "noise_23x17",
    "tiny_5x3",
];
const KERNELS: [u32; 9] = [1, 3, 5, 7, 9, 11, 15, 21, 31];

#[test]
fn every_filter_matches_stored_opencv_output_to_the_bit() {
    let mut checked = 0;
    for name in INPUTS {
        let input = read_image(&data().join(format!("{name}.png"))).expect("fixture input");
        for filter in Filter::ALL {
            for k in KERNELS {
                let expected_path = data().join(format!("{name}.{filter}.k{k}.png"));
                let expected = read_image(&expected_path).expect("fixture output");
                let got = filter
                    .apply(&input, KernelSize::new(k).expect("odd"), &mut no_progress)
                    .expect("no cancel");
                let worst = got
                    .as_bytes()
                    .iter()
                    .zip(expected.as_bytes())
                    .map(|(a, b)| a.abs_diff(*b))
                    .max();
                assert_eq!(
                    got, expected,
                    "{name} {filter} k={k}: largest difference {worst:?}"
                );
                checked += 1;
            }
        }
    }
    assert_eq!(checked, INPUTS.len() * 4 * KERNELS.len());
}
