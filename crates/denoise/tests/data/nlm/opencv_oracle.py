#!/usr/bin/env python3
"""OpenCV oracle for toolcup-denoise's non-local means and Lab conversion.

Generates the committed expected outputs in this folder and answers the live
differential tests (which skip when cv2 cannot be imported).

    python3 -m venv /tmp/nlmvenv && /tmp/nlmvenv/bin/pip install opencv-python-headless numpy
    /tmp/nlmvenv/bin/python opencv_oracle.py lab-sums DIR      # lab_*.sums
    /tmp/nlmvenv/bin/python opencv_oracle.py cases DIR         # cases.txt, *.in, *.out
    opencv_oracle.py lab-full lbgr2lab|lab2lbgr OUT            # all 2^24 outputs, raw
    opencv_oracle.py nlm IN OUT WIDTH HEIGHT grey|bgr H HCOLOR TEMPLATE SEARCH

Raw files are rows of interleaved 8-bit pixels, no header.
"""

import sys
from pathlib import Path

import cv2
import numpy as np


def all_triples():
    """Every 8-bit triple, as a 4096x4096x3 image in (c0 << 16 | c1 << 8 | c2) order."""
    k = np.arange(1 << 24, dtype=np.uint32)
    img = np.empty((1 << 24, 3), np.uint8)
    img[:, 0] = k >> 16
    img[:, 1] = (k >> 8) & 255
    img[:, 2] = k & 255
    return img.reshape(4096, 4096, 3)


def convert_all(direction):
    code = {"lbgr2lab": cv2.COLOR_LBGR2Lab, "lab2lbgr": cv2.COLOR_Lab2LBGR}[direction]
    return cv2.cvtColor(all_triples(), code)


def block_sums(out):
    """Per value of the first input channel: sum of the output bytes and their
    position-weighted sum (positions counted from 1 within the block)."""
    blocks = out.reshape(256, 65536 * 3).astype(np.int64)
    weights = np.arange(1, 65536 * 3 + 1, dtype=np.int64)
    return blocks.sum(axis=1), (blocks * weights).sum(axis=1)


def lab_sums(directory):
    for direction in ("lbgr2lab", "lab2lbgr"):
        s1, s2 = block_sums(convert_all(direction))
        lines = [f"# cv2 {cv2.__version__} cvtColor {direction}: block c0, sum, weighted sum"]
        lines += [f"{c0} {a} {b}" for c0, (a, b) in enumerate(zip(s1, s2))]
        Path(directory, f"lab_{direction}.sums").write_text("\n".join(lines) + "\n")


def denoise(img, kind, h, h_color, template, search):
    if kind == "grey":
        return cv2.fastNlMeansDenoising(img, None, h, template, search)
    return cv2.fastNlMeansDenoisingColored(img, None, h, h_color, template, search)


def noisy_image(rng, width, height, channels):
    """A smooth gradient with a bright disc and Gaussian noise (sigma 20)."""
    y, x = np.mgrid[0:height, 0:width]
    base = np.stack(
        [40 + 150 * x / max(width - 1, 1), 200 - 120 * y / max(height - 1, 1), 90 + 60 * np.sin(x / 5.0)],
        axis=-1,
    )
    disc = (x - width / 2) ** 2 + (y - height / 2) ** 2 < (min(width, height) / 3) ** 2
    base[disc] += 50
    img = base[..., :channels] + rng.normal(0, 20, (height, width, channels))
    img = np.clip(np.rint(img), 0, 255).astype(np.uint8)
    return img[..., 0] if channels == 1 else img


# name, kind, width, height, h, h_color, template, search
CASES = [
    ("grey_1x1", "grey", 1, 1, 10, 10, 7, 15),
    ("grey_3x2", "grey", 3, 2, 10, 10, 7, 15),
    ("grey_13x11", "grey", 13, 11, 12, 12, 7, 15),
    ("grey_48x40_h3", "grey", 48, 40, 3, 3, 7, 15),
    ("grey_48x40_h9", "grey", 48, 40, 9, 9, 7, 15),
    ("grey_40x30_t3s9", "grey", 40, 30, 15, 15, 3, 9),
    ("grey_37x29_t5s21", "grey", 37, 29, 7.5, 7.5, 5, 21),
    ("grey_20x20_t1s3", "grey", 20, 20, 25, 25, 1, 3),
    ("bgr_1x1", "bgr", 1, 1, 10, 10, 7, 15),
    ("bgr_2x5", "bgr", 2, 5, 10, 10, 7, 15),
    ("bgr_17x9", "bgr", 17, 9, 10, 10, 7, 15),
    ("bgr_48x40_h3", "bgr", 48, 40, 3, 3, 7, 15),
    ("bgr_48x40_h9", "bgr", 48, 40, 9, 9, 7, 15),
    ("bgr_48x40_h5_hc20", "bgr", 48, 40, 5, 20, 7, 15),
    ("bgr_33x27_t5s11", "bgr", 33, 27, 11.3, 6.7, 5, 11),
]


def cases(directory):
    rng = np.random.default_rng(20261125)
    lines = [f"# cv2 {cv2.__version__}: name kind width height h h_color template search"]
    for name, kind, width, height, h, h_color, template, search in CASES:
        img = noisy_image(rng, width, height, 1 if kind == "grey" else 3)
        out = denoise(img, kind, h, h_color, template, search)
        Path(directory, f"{name}.in").write_bytes(img.tobytes())
        Path(directory, f"{name}.out").write_bytes(out.tobytes())
        lines.append(f"{name} {kind} {width} {height} {h} {h_color} {template} {search}")
    Path(directory, "cases.txt").write_text("\n".join(lines) + "\n")


def main(argv):
    command = argv[1]
    if command == "lab-sums":
        lab_sums(argv[2])
    elif command == "cases":
        cases(argv[2])
    elif command == "lab-full":
        Path(argv[3]).write_bytes(convert_all(argv[2]).tobytes())
    elif command == "nlm":
        src, dst, width, height, kind = argv[2], argv[3], int(argv[4]), int(argv[5]), argv[6]
        h, h_color, template, search = float(argv[7]), float(argv[8]), int(argv[9]), int(argv[10])
        shape = (height, width) if kind == "grey" else (height, width, 3)
        img = np.frombuffer(Path(src).read_bytes(), np.uint8).reshape(shape)
        Path(dst).write_bytes(denoise(img, kind, h, h_color, template, search).tobytes())
    else:
        sys.exit(f"unknown command {command!r}")


if __name__ == "__main__":
    main(sys.argv)
