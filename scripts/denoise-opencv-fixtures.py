#!/usr/bin/env python3
"""Regenerates the OpenCV outputs that crates/denoise checks its filters against.

Needs numpy and opencv-python-headless, e.g.:
    python3 -m venv /tmp/cvenv && /tmp/cvenv/bin/pip install opencv-python-headless numpy
    /tmp/cvenv/bin/python scripts/denoise-opencv-fixtures.py

Writes crates/denoise/tests/data/opencv/: small input images (crops of the
bundled photos, a tiny image narrower than the kernels, random noise) as PNG,
and for each filter and kernel size the raw 8-bit output OpenCV gives, as PNG
named <input>.<filter>.k<k>.png. The filters are per channel, so the BGR/RGB
channel order of cv2.imread/imwrite does not matter: both sides see the same
bytes in the same order.
"""
import pathlib
import sys

import cv2
import numpy as np

ROOT = pathlib.Path(__file__).resolve().parent.parent
OUT = ROOT / "crates/denoise/tests/data/opencv"
KERNELS = [1, 3, 5, 7, 9, 11, 15, 21, 31]


def inputs():
    coffee = cv2.imread(str(ROOT / "assets/coffee.png"), cv2.IMREAD_UNCHANGED)
    if coffee is None:
        sys.exit("assets/coffee.png is missing")
    rng = np.random.default_rng(20261125)
    yield "coffee_48x32", coffee[150:182, 260:308].copy()
    yield "coffee_grey_40x27", cv2.cvtColor(coffee[200:227, 100:140], cv2.COLOR_BGR2GRAY)
    yield "noise_23x17", rng.integers(0, 256, size=(17, 23, 3), dtype=np.uint8)
    yield "tiny_5x3", rng.integers(0, 256, size=(3, 5), dtype=np.uint8)


def filters(k):
    ones = np.ones((k, k), np.uint8)
    return {
        "gaussian": lambda img: cv2.GaussianBlur(img, (k, k), 0),
        "median": lambda img: cv2.medianBlur(img, k),
        "min": lambda img: cv2.erode(img, ones),
        "max": lambda img: cv2.dilate(img, ones),
    }


def main():
    OUT.mkdir(parents=True, exist_ok=True)
    for name, img in inputs():
        cv2.imwrite(str(OUT / f"{name}.png"), img)
        for k in KERNELS:
            for filter_name, run in filters(k).items():
                cv2.imwrite(str(OUT / f"{name}.{filter_name}.k{k}.png"), run(img))
    (OUT / "VERSION").write_text(f"opencv {cv2.__version__}, numpy {np.__version__}\n")
    print(f"wrote {OUT} with OpenCV {cv2.__version__}")


if __name__ == "__main__":
    main()
