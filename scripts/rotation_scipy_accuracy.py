#!/usr/bin/env python3
"""Measure SciPy's matrix -> quaternion and quaternion -> matrix errors on the
reference values toolcup-rotation's tests use, for comparison with
`cargo run --release -p toolcup-rotation --example reference_accuracy`.

    python3 -m venv /tmp/rotvenv && /tmp/rotvenv/bin/pip install mpmath scipy
    /tmp/rotvenv/bin/python scripts/rotation_scipy_accuracy.py

Errors are computed in double-double (the file stores each exact value as
hi + lo), Euclidean for quaternions (canonical sign), Frobenius for matrices.
"""

import math
import pathlib
import sys

import numpy as np
import scipy
from scipy.spatial.transform import Rotation

REFERENCE = pathlib.Path(__file__).resolve().parent.parent / "crates/rotation/tests/data/reference.csv"


def canonical(q):
    lead = next((c for c in q if c != 0.0), 1.0)
    return [-c for c in q] if lead < 0 else list(q)


def main():
    m2q, q2m = [], []
    for line in REFERENCE.read_text().splitlines():
        if line.startswith("#") or not line.strip():
            continue
        f = line.split(",")
        nums = [float(x) for x in f[2:]]
        (m2q if f[0] == "m2q" else q2m).append((f[1], nums))
    print(f"SciPy {scipy.__version__}, NumPy {np.__version__}")
    print("matrix -> quaternion, error = |q - q_exact| (Euclidean), canonical sign")
    for label, prefix in [("random", "random"), ("half turns", "half-turn"),
                          ("near half turns", "near-half-turn"), ("near identity", "near-identity")]:
        cases = [n for k, n in m2q if k.startswith(prefix)]
        mats = np.array([n[:9] for n in cases]).reshape(-1, 3, 3)
        quats = Rotation.from_matrix(mats).as_quat(scalar_first=True)
        errors, nan, wrong = [], 0, 0
        for q, n in zip(quats, cases):
            q = canonical([float(c) for c in q])
            if any(math.isnan(c) for c in q):
                nan += 1
                continue
            hi, lo = n[9::2], n[10::2]
            if sum(a * b for a, b in zip(q, hi)) < 0:
                wrong += 1
                continue
            errors.append(math.sqrt(sum(((q[k] - hi[k]) - lo[k]) ** 2 for k in range(4))))
        print(f"{'scipy':<18} {label:<16} {max(errors):>10.3e} {sum(errors) / len(errors):>10.3e} {nan:>6} {wrong:>11}")
    qs = np.array([n[:4] for _, n in q2m])
    mats = Rotation.from_quat(qs, scalar_first=True).as_matrix()
    errors = []
    for m, (_, n) in zip(mats, q2m):
        pairs = n[4:]
        s = 0.0
        for e in range(9):
            s += ((m.flat[e] - pairs[2 * e]) - pairs[2 * e + 1]) ** 2
        errors.append(math.sqrt(s))
    print(f"quaternion -> matrix (Frobenius), {len(errors)} cases")
    print(f"{'scipy':<18} {max(errors):>10.3e} {sum(errors) / len(errors):>10.3e}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
