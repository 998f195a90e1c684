//! Test support: runs OpenCV (`cv2` in Python) as the live oracle.
//!
//! The interpreter is `$TOOLCUP_OPENCV_PYTHON` if set, else `python3`; tests
//! that need it print why they skip when it cannot import `cv2`.

use std::path::PathBuf;
use std::process::Command;

/// The oracle script, committed beside the expected outputs.
pub(crate) fn script() -> PathBuf {
    data_dir().join("opencv_oracle.py")
}

/// The folder of committed NLM and Lab test data.
pub(crate) fn data_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/data/nlm")
}

/// A Python interpreter that can import `cv2`, or the reason there is none.
pub(crate) fn python() -> Result<PathBuf, String> {
    let python = std::env::var_os("TOOLCUP_OPENCV_PYTHON")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("python3"));
    match Command::new(&python)
        .args(["-c", "import cv2, numpy"])
        .output()
    {
        Ok(out) if out.status.success() => Ok(python),
        Ok(_) => Err(format!(
            "{} cannot import cv2 and numpy (set TOOLCUP_OPENCV_PYTHON to a Python with opencv-python-headless)",
            python.display()
        )),
        Err(err) => Err(format!("cannot run {}: {err}", python.display())),
    }
}

/// Runs the oracle script with `args`; panics with its stderr on failure.
pub(crate) fn run(python: &PathBuf, args: &[&str]) {
    let out = Command::new(python)
        .arg(script())
        .args(args)
        .output()
        .expect("run the OpenCV oracle");
    assert!(
        out.status.success(),
        "oracle {args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}
