#!/usr/bin/env python3
"""Write the exact reference values for toolcup-rotation's accuracy tests.

Needs mpmath (`python3 -m venv /tmp/rotvenv && /tmp/rotvenv/bin/pip install mpmath`).
Run from the repository root:

    /tmp/rotvenv/bin/python scripts/rotation_reference.py > crates/rotation/tests/data/reference.csv

Every value is computed with 40 significant digits and written as a pair of
doubles (hi, lo) with hi + lo equal to the exact value to about 1e-32, so the
Rust tests can measure errors far below one ulp without Python.

Lines (comma-separated, floats in Python's shortest round-trip form):
  m2q,KIND,r11..r33,q0h,q0l,q1h,q1l,q2h,q2l,q3h,q3l
      A double matrix (the exact rotation of KIND rounded to doubles) and the
      canonical quaternion of the rotation nearest to that double matrix
      (orthogonal polar factor, Frobenius norm).
  q2m,KIND,q0,q1,q2,q3,r11h,r11l,...,r33h,r33l
      A double quaternion and the exact matrix of the rotation it represents
      (the quaternion normalised exactly).
"""

import random
import sys

from mpmath import mp, mpf, sqrt, sin, cos, pi, matrix

mp.dps = 40
SEED = 20261125
RANDOM_M2Q = 1000
RANDOM_Q2M = 300


def quat_to_mat(q):
    """Exact matrix of a quaternion, normalised exactly first."""
    n = sqrt(sum(c * c for c in q))
    w, x, y, z = (c / n for c in q)
    return [
        [2 * (w * w + x * x) - 1, 2 * (x * y - w * z), 2 * (x * z + w * y)],
        [2 * (x * y + w * z), 2 * (w * w + y * y) - 1, 2 * (y * z - w * x)],
        [2 * (x * z - w * y), 2 * (y * z + w * x), 2 * (w * w + z * z) - 1],
    ]


def polar_factor(rows):
    """Nearest orthogonal matrix by Newton's iteration X <- (X + X^-T)/2."""
    x = matrix(rows)
    for _ in range(60):
        nxt = (x + (x ** -1).T) / 2
        if mp.mnorm(nxt - x, 1) < mpf(10) ** (-(mp.dps + 2)):
            x = nxt
            break
        x = nxt
    return [[x[i, j] for j in range(3)] for i in range(3)]


def mat_to_quat(r):
    """Canonical quaternion of an exactly orthogonal matrix (Shepperd)."""
    t = [
        1 + r[0][0] + r[1][1] + r[2][2],
        1 + r[0][0] - r[1][1] - r[2][2],
        1 - r[0][0] + r[1][1] - r[2][2],
        1 - r[0][0] - r[1][1] + r[2][2],
    ]
    k = max(range(4), key=lambda i: t[i])
    s = 2 * sqrt(t[k])
    if k == 0:
        q = [s / 4, (r[2][1] - r[1][2]) / s, (r[0][2] - r[2][0]) / s, (r[1][0] - r[0][1]) / s]
    elif k == 1:
        q = [(r[2][1] - r[1][2]) / s, s / 4, (r[0][1] + r[1][0]) / s, (r[0][2] + r[2][0]) / s]
    elif k == 2:
        q = [(r[0][2] - r[2][0]) / s, (r[0][1] + r[1][0]) / s, s / 4, (r[1][2] + r[2][1]) / s]
    else:
        q = [(r[1][0] - r[0][1]) / s, (r[0][2] + r[2][0]) / s, (r[1][2] + r[2][1]) / s, s / 4]
    # Exact zeros stay exact: entries below 1e-35 are rounding of a true zero.
    q = [c if abs(c) > mpf(10) ** -35 else mpf(0) for c in q]
    lead = next(c for c in q if c != 0)
    if lead < 0:
        q = [-c for c in q]
    return q


def hi_lo(x):
    hi = float(x)
    lo = float(x - mpf(hi))
    return [hi, lo]


def fmt(values):
    return ",".join(repr(float(v)) for v in values)


def unit_axis(rng):
    while True:
        v = [rng.gauss(0.0, 1.0) for _ in range(3)]
        n = sqrt(sum(mpf(c) ** 2 for c in v))
        if n > mpf("1e-3"):
            return [mpf(c) / n for c in v]


def axis_angle(axis, angle):
    h = angle / 2
    return [cos(h)] + [sin(h) * a for a in axis]


def m2q_line(kind, q_exact):
    rows = [[float(e) for e in row] for row in quat_to_mat(q_exact)]
    exact_rows = [[mpf(e) for e in row] for row in rows]
    ref = mat_to_quat(polar_factor(exact_rows))
    flat = [e for row in rows for e in row]
    pairs = [v for c in ref for v in hi_lo(c)]
    return f"m2q,{kind}," + fmt(flat) + "," + fmt(pairs)


def main():
    rng = random.Random(SEED)
    out = sys.stdout
    out.write("# toolcup-rotation reference values; made by scripts/rotation_reference.py "
              f"(mpmath, {mp.dps} digits, seed {SEED}). See the script for the format.\n")
    for _ in range(RANDOM_M2Q):
        q = [mpf(rng.gauss(0.0, 1.0)) for _ in range(4)]
        out.write(m2q_line("random", q) + "\n")
    # Exact half turns about coordinate axes, face and space diagonals.
    dirs = [(1, 0, 0), (0, 1, 0), (0, 0, 1), (1, 1, 0), (1, -1, 0), (0, 1, 1), (1, 0, -1),
            (1, 1, 1), (-1, 1, 1), (1, -1, 1), (1, 1, -1)]
    for d in dirs:
        out.write(m2q_line("half-turn-axis", [mpf(0)] + [mpf(c) for c in d]) + "\n")
    # Exact half turns about random double axes (q0 = 0 exactly).
    for _ in range(40):
        v = [rng.gauss(0.0, 1.0) for _ in range(3)]
        out.write(m2q_line("half-turn-random", [mpf(0)] + [mpf(c) for c in v]) + "\n")
    # Within 1e-6 .. 1e-12 rad of a half turn, both sides.
    for e in range(6, 13):
        for _ in range(10):
            delta = mpf(10) ** -e * (1 + rng.random())
            angle = pi - delta if rng.random() < 0.5 else pi + delta
            out.write(m2q_line(f"near-half-turn-1e-{e}", axis_angle(unit_axis(rng), angle)) + "\n")
    # Near identity.
    for e in range(3, 16, 2):
        for _ in range(6):
            angle = mpf(10) ** -e * (1 + rng.random())
            out.write(m2q_line(f"near-identity-1e-{e}", axis_angle(unit_axis(rng), angle)) + "\n")
    for _ in range(RANDOM_Q2M):
        q = [rng.gauss(0.0, 1.0) for _ in range(4)]
        n = sum(c * c for c in q) ** 0.5
        q = [c / n for c in q]
        exact = quat_to_mat([mpf(c) for c in q])
        pairs = [v for row in exact for e in row for v in hi_lo(e)]
        out.write("q2m,random," + fmt(q) + "," + fmt(pairs) + "\n")


if __name__ == "__main__":
    main()
