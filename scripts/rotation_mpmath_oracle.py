#!/usr/bin/env python3
"""The high-precision rotation reference for toolcup-rotation's differential
test (crates/rotation/tests/mpmath_oracle.rs): reads requests on stdin, one a
line, and answers each with exact values computed by mpmath at 50 digits.

Every number read is a double, taken exactly. Every answer is a line of
(hi, lo) pairs of doubles, hi + lo equal to the exact value to about 1e-32,
so the Rust test can measure errors far below one ulp.

Requests (comma-separated):
  m2q,r11,...,r33          canonical quaternion (w >= 0) of the rotation
                           nearest to the matrix (its orthogonal polar factor)
  q2m,w,x,y,z              matrix of the quaternion, normalised exactly
  e2q,SEQ,a,b,c            canonical quaternion of Euler angles (radians;
                           SEQ lower case extrinsic, upper case intrinsic)
  q2e,SEQ,w,x,y,z          Euler angles of the quaternion (first and third in
                           (-pi, pi], middle in [0, pi] or [-pi/2, pi/2])
  v2q,x,y,z                canonical quaternion of a rotation vector
  q2v,w,x,y,z              rotation vector of the quaternion (length <= pi)

Needs mpmath (`scripts/setup --oracles` installs it in target/oracle-venv).
"""

import os
import sys

from mpmath import mp, mpf, sqrt, sin, cos, atan2, pi

# The matrix helpers are the committed reference's (same folder).
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from rotation_reference import hi_lo, mat_to_quat, polar_factor, quat_to_mat  # noqa: E402

mp.dps = 50


def canonical(q):
    lead = next((c for c in q if c != 0), mpf(1))
    return [-c for c in q] if lead < 0 else q


def normalised(q):
    n = sqrt(sum(c * c for c in q))
    return [c / n for c in q]


def hamilton(a, b):
    aw, ax, ay, az = a
    bw, bx, by, bz = b
    return [
        aw * bw - ax * bx - ay * by - az * bz,
        aw * bx + ax * bw + ay * bz - az * by,
        aw * by - ax * bz + ay * bw + az * bx,
        aw * bz + ax * by - ay * bx + az * bw,
    ]


def axis_index(c):
    return "xyz".index(c.lower())


def euler_to_quat(seq, angles):
    def elementary(axis, angle):
        q = [cos(angle / 2), mpf(0), mpf(0), mpf(0)]
        q[1 + axis_index(axis)] = sin(angle / 2)
        return q

    e = [elementary(seq[k], angles[k]) for k in range(3)]
    if seq.islower():  # extrinsic: R = R3 R2 R1
        q = hamilton(hamilton(e[2], e[1]), e[0])
    else:  # intrinsic: R = R1 R2 R3
        q = hamilton(hamilton(e[0], e[1]), e[2])
    return canonical(q)


def wrap(a):
    while a > pi:
        a -= 2 * pi
    while a <= -pi:
        a += 2 * pi
    return a


def quat_to_euler(seq, q):
    """Bernardes and Viollet's direct method, in exact arithmetic."""
    intrinsic = seq.isupper()
    s = seq.lower()[::-1] if intrinsic else seq.lower()
    i, j, k = (axis_index(c) for c in s)
    proper = i == k
    if proper:
        k = 3 - i - j
    parity = 1 if (i + 1) % 3 == j else -1
    w, v = q[0], q[1:]
    if proper:
        a, b, c, d = w, v[i], v[j], parity * v[k]
    else:
        a, b, c, d = w - v[j], v[i] + parity * v[k], v[j] + w, parity * v[k] - v[i]
    middle = 2 * atan2(sqrt(c * c + d * d), sqrt(a * a + b * b))
    half_sum, half_diff = atan2(b, a), atan2(d, c)
    first = wrap(half_sum - half_diff)
    third = wrap(half_sum + half_diff)
    if not proper:
        third *= parity
        middle -= pi / 2
    angles = [first, middle, third]
    return angles[::-1] if intrinsic else angles


def vec_to_quat(v):
    theta = sqrt(sum(c * c for c in v))
    if theta == 0:
        return [mpf(1), mpf(0), mpf(0), mpf(0)]
    k = sin(theta / 2) / theta
    return canonical([cos(theta / 2)] + [k * c for c in v])


def quat_to_vec(q):
    w, x, y, z = canonical(normalised(q))
    s = sqrt(x * x + y * y + z * z)
    if s == 0:
        return [mpf(0)] * 3
    angle = 2 * atan2(s, w)
    return [angle / s * c for c in (x, y, z)]


def answer(fields):
    op = fields[0]
    if op in ("e2q", "q2e"):
        seq, nums = fields[1], [mpf(float(f)) for f in fields[2:]]
    else:
        seq, nums = None, [mpf(float(f)) for f in fields[1:]]
    if op == "m2q":
        rows = [nums[0:3], nums[3:6], nums[6:9]]
        return mat_to_quat(polar_factor(rows))
    if op == "q2m":
        return [e for row in quat_to_mat(nums) for e in row]
    if op == "e2q":
        return euler_to_quat(seq, nums)
    if op == "q2e":
        return quat_to_euler(seq, normalised(nums))
    if op == "v2q":
        return vec_to_quat(nums)
    if op == "q2v":
        return quat_to_vec(nums)
    raise ValueError(f"unknown request {op}")


def main():
    for line in sys.stdin:
        line = line.strip()
        if not line:
            continue
        values = answer(line.split(","))
        sys.stdout.write(",".join(repr(v) for x in values for v in hi_lo(x)) + "\n")
    sys.stdout.flush()


if __name__ == "__main__":
    main()
