//! Differential test against a live OpenCV: random images of random shapes,
//! every filter, kernel sizes 1 to 31, compared byte for byte.
//!
//! Looks for a Python with cv2 in `$DENOISE_PYTHON`, /tmp/cvenv/bin/python,
//! then `python3`; skips with a printed reason when none has it.

use std::path::{Path, PathBuf};
use std::process::Command;

use toolcup_denoise::{ChannelLayout, Filter, Image, KernelSize, no_progress};

const SCRIPT: &str = r#"
import sys, numpy as np, cv2
src, dst, w, h, cn, name, k = sys.argv[1:8]
w, h, cn, k = int(w), int(h), int(cn), int(k)
img = np.fromfile(src, np.uint8).reshape((h, w, cn) if cn > 1 else (h, w))
ones = np.ones((k, k), np.uint8)
out = {"gaussian": lambda: cv2.GaussianBlur(img, (k, k), 0), "median": lambda: cv2.medianBlur(img, k),
       "min": lambda: cv2.erode(img, ones), "max": lambda: cv2.dilate(img, ones)}[name]()
out.tofile(dst)
"#;

fn python_with_cv2() -> Result<PathBuf, String> {
    let candidates: Vec<PathBuf> = std::env::var_os("DENOISE_PYTHON")
        .map(PathBuf::from)
        .into_iter()
        .chain([
            PathBuf::from("/tmp/cvenv/bin/python"),
            PathBuf::from("python3"),
        ])
        .collect();
    for python in &candidates {
        let ok = Command::new(python)
            .args(["-c", "import cv2, numpy"])
            .output()
            .map(|o| o.status.success())
            .unwrap_or(false);
        if ok {
            return Ok(python.clone());
        }
    }
    Err(format!("no Python with cv2 and numpy among {candidates:?}"))
}

fn opencv(python: &Path, dir: &Path, image: &Image, filter: Filter, k: u32) -> Vec<u8> {
    let (src, dst) = (dir.join("in.raw"), dir.join("out.raw"));
    std::fs::write(&src, image.as_bytes()).expect("write input");
    let status = Command::new(python)
        .arg("-c")
        .arg(SCRIPT)
        .arg(&src)
        .arg(&dst)
        .args([image.width(), image.height(), image.channels() as u32].map(|v| v.to_string()))
        .arg(filter.name())
        .arg(k.to_string())
        .status()
        .expect("run python");
    assert!(status.success(), "OpenCV script failed");
    std::fs::read(&dst).expect("read output")
}

#[test]
fn random_images_match_live_opencv() {
    let python = match python_with_cv2() {
        Ok(p) => p,
        Err(reason) => {
            eprintln!("skipping the live OpenCV comparison: {reason}");
            return;
        }
    };
    let dir = tempfile::tempdir().expect("temp dir");
    let mut state = 0x9E37_79B9_7F4A_7C15u64;
    let mut next = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    for case in 0..16 {
        let (w, h) = (1 + (next() % 70) as u32, 1 + (next() % 50) as u32);
        let layout = if case % 2 == 0 {
            ChannelLayout::Rgb
        } else {
            ChannelLayout::Grey
        };
        let data = (0..w * h * layout.count() as u32)
            .map(|_| next() as u8)
            .collect();
        let image = Image::new(w, h, layout, data).expect("sized");
        let k = 2 * (next() % 16) as u32 + 1;
        for filter in Filter::ALL {
            let ours = filter
                .apply(&image, KernelSize::new(k).expect("odd"), &mut no_progress)
                .expect("no cancel");
            let theirs = opencv(&python, dir.path(), &image, filter, k);
            assert_eq!(
                ours.as_bytes(),
                &theirs[..],
                "{filter} k={k} on {}",
                image.shape()
            );
        }
    }
}
