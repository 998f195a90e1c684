//! Arithmetic on `bool`, `int`, `float` and `complex`, as CPython 3.13's
//! `longobject.c`, `floatobject.c` and `complexobject.c` compute it: exact
//! big-int arithmetic, correctly rounded int-to-float conversions and true
//! division, CPython's floor division and modulo on floats, its special
//! cases of `**`, and Smith's complex division.

use std::borrow::Cow;
use std::cmp::Ordering;

use num_bigint::{BigInt, Sign};
use num_traits::{One, Signed, ToPrimitive, Zero};

use super::BinaryOp;
use crate::error::{Error, PyErrorKind, PyException};
use crate::limits::Budget;
use crate::value::Value;

/// A number operand: `bool` is an `int` here, as in Python.
#[derive(Debug, Clone)]
pub(crate) enum Num<'a> {
    Int(Cow<'a, BigInt>),
    Float(f64),
    Complex(f64, f64),
}

pub(crate) fn as_num(v: &Value) -> Option<Num<'_>> {
    Some(match v {
        Value::Bool(b) => Num::Int(Cow::Owned(BigInt::from(u8::from(*b)))),
        Value::Int(i) => Num::Int(Cow::Borrowed(i)),
        Value::Float(f) => Num::Float(*f),
        Value::Complex { re, im } => Num::Complex(*re, *im),
        _ => return None,
    })
}

pub(crate) fn py_err(kind: PyErrorKind, message: impl Into<String>) -> Error {
    PyException::new(kind, message).into()
}

fn zero_division(message: &str) -> Error {
    py_err(PyErrorKind::ZeroDivisionError, message)
}

fn overflow(message: &str) -> Error {
    py_err(PyErrorKind::OverflowError, message)
}

/// Number of bits of `|i|` (0 for 0).
pub(crate) fn bits(i: &BigInt) -> u64 {
    i.bits()
}

/// Number of 64-bit limbs of `|i|`, at least 1.
fn limbs(i: &BigInt) -> u64 {
    i.bits().div_ceil(64).max(1)
}

/// A cost estimate for multiplying numbers of `a` and `b` limbs (num-bigint
/// switches from schoolbook to Karatsuba and Toom-3 as they grow).
fn mul_work(a: u64, b: u64) -> u64 {
    let (small, large) = if a < b { (a, b) } else { (b, a) };
    if small <= 32 {
        small.saturating_mul(large)
    } else {
        // large/small blocks of small x small, each about small^1.6.
        let block = (small as f64).powf(1.6) as u64;
        (large / small + 1).saturating_mul(block)
    }
}

/// `2**e` for `-1022 <= e <= 1023`.
fn pow2(e: i64) -> f64 {
    f64::from_bits(((e + 1023) as u64) << 52)
}

/// `m * 2**e` for an integer `m <= 2**54` known to be exactly representable
/// at that scale (the caller has rounded it); `inf` past the range.
fn scale(m: u64, e: i64) -> f64 {
    let m = m as f64;
    if e > 1023 {
        return f64::INFINITY;
    }
    if e >= -1022 {
        return m * pow2(e);
    }
    // Two exact steps: m * 2**-1022 is normal, the second lands on the subnormal grid.
    m * pow2(-1022) * pow2(e + 1022)
}

/// Rounds `q * 2**s`, where `sticky` says whether a nonzero remainder was
/// cut off below `q`, to the nearest float (ties to even): `None` on overflow.
fn round_to_float(q: &BigInt, s: i64, sticky: bool) -> Option<f64> {
    let qbits = bits(q) as i64;
    if qbits == 0 {
        return Some(0.0);
    }
    let top = qbits - 1 + s;
    let lsb = (top - 52).max(-1074);
    let drop = lsb - s;
    let (mut mant, round_up) = if drop <= 0 {
        // Exact: q has no bits below the float's last place.
        ((q << (-drop) as usize).to_u64()?, false)
    } else {
        let drop = drop as usize;
        let mant = (q >> drop).to_u64()?;
        let rest: BigInt = q - (BigInt::from(mant) << drop);
        let half = BigInt::one() << (drop - 1);
        let up = match rest.cmp(&half) {
            Ordering::Greater => true,
            Ordering::Less => false,
            Ordering::Equal => sticky || mant & 1 == 1,
        };
        (mant, up)
    };
    if round_up {
        mant += 1;
    }
    if lsb + (64 - i64::from(mant.leading_zeros())) > 1024 {
        return None;
    }
    Some(scale(mant, lsb))
}

/// `PyLong_AsDouble`: the nearest float (ties to even), or `OverflowError:
/// int too large to convert to float`.
pub(crate) fn int_to_f64(i: &BigInt) -> Result<f64, Error> {
    if let Some(small) = i.to_i64()
        && small.unsigned_abs() <= 1 << 53
    {
        return Ok(small as f64);
    }
    let magnitude = i.abs();
    let n = bits(&magnitude) as i64;
    let shift = (n - 55).max(0);
    let q = &magnitude >> shift as usize;
    let sticky = (&q << shift as usize) != magnitude;
    let f = round_to_float(&q, shift, sticky)
        .ok_or_else(|| overflow("int too large to convert to float"))?;
    Ok(if i.is_negative() { -f } else { f })
}

/// `int / int` correctly rounded, as `long_true_divide`.
pub(crate) fn int_true_div(a: &BigInt, b: &BigInt) -> Result<f64, Error> {
    if b.is_zero() {
        return Err(zero_division("division by zero"));
    }
    if let (Some(x), Some(y)) = (a.to_i64(), b.to_i64())
        && x.unsigned_abs() <= 1 << 53
        && y.unsigned_abs() <= 1 << 53
    {
        return Ok(x as f64 / y as f64);
    }
    let negative = a.is_negative() != b.is_negative();
    let sign = |f: f64| if negative { -f } else { f };
    let (a, b) = (a.abs(), b.abs());
    if a.is_zero() {
        return Ok(sign(0.0));
    }
    let n = bits(&a) as i64 - bits(&b) as i64;
    if n > 1025 {
        return Err(overflow("integer division result too large for a float"));
    }
    if n < -1080 {
        return Ok(sign(0.0));
    }
    let s = (n - 55).max(-1076);
    let (num, den) = if s >= 0 {
        (a, b << s as usize)
    } else {
        (a << (-s) as usize, b)
    };
    let q = &num / &den;
    let sticky = &q * &den != num;
    let f = round_to_float(&q, s, sticky)
        .ok_or_else(|| overflow("integer division result too large for a float"))?;
    Ok(sign(f))
}

/// The int equal to an integral finite float.
pub(crate) fn float_to_int_exact(f: f64) -> Option<BigInt> {
    if !f.is_finite() || f.fract() != 0.0 {
        return None;
    }
    let bits = f.to_bits();
    let exp = ((bits >> 52) & 0x7ff) as i64;
    if exp == 0 {
        return Some(BigInt::zero());
    }
    let mant = BigInt::from((bits & ((1 << 52) - 1)) | (1 << 52));
    let shift = exp - 1075;
    let mag = if shift >= 0 {
        mant << shift as usize
    } else {
        mant >> (-shift) as usize
    };
    Some(if f < 0.0 { -mag } else { mag })
}

/// `int(f)` for a float: truncation, with CPython's errors for inf and NaN.
pub(crate) fn float_to_int_checked(f: f64) -> Result<BigInt, Error> {
    if f.is_nan() {
        return Err(py_err(
            PyErrorKind::ValueError,
            "cannot convert float NaN to integer",
        ));
    }
    if f.is_infinite() {
        return Err(overflow("cannot convert float infinity to integer"));
    }
    Ok(float_to_int_exact(f.trunc()).unwrap_or_default())
}

/// Exact comparison of an int with a float (`None` when the float is NaN).
pub(crate) fn cmp_int_float(i: &BigInt, f: f64) -> Option<Ordering> {
    if f.is_nan() {
        return None;
    }
    if f.is_infinite() {
        return Some(if f > 0.0 {
            Ordering::Less
        } else {
            Ordering::Greater
        });
    }
    let floor = f.floor();
    let fi = float_to_int_exact(floor)?;
    Some(match i.cmp(&fi) {
        Ordering::Equal if f != floor => Ordering::Less,
        other => other,
    })
}

/// Exact numeric comparison; `None` for NaN, or complex numbers that are not
/// equal (complex numbers have no order).
pub(crate) fn num_cmp(a: &Num, b: &Num) -> Option<Ordering> {
    match (a, b) {
        (Num::Int(x), Num::Int(y)) => Some(x.as_ref().cmp(y.as_ref())),
        (Num::Float(x), Num::Float(y)) => x.partial_cmp(y),
        (Num::Int(x), Num::Float(y)) => cmp_int_float(x, *y),
        (Num::Float(x), Num::Int(y)) => cmp_int_float(y, *x).map(Ordering::reverse),
        (Num::Complex(re, im), other) | (other, Num::Complex(re, im)) => {
            let other_parts = match other {
                Num::Complex(r, i) => (Num::Float(*r), *i),
                x => (x.clone(), 0.0),
            };
            (*im == other_parts.1
                && num_cmp(&Num::Float(*re), &other_parts.0) == Some(Ordering::Equal))
            .then_some(Ordering::Equal)
        }
    }
}

fn to_f64(n: &Num) -> Result<f64, Error> {
    match n {
        Num::Int(i) => int_to_f64(i),
        Num::Float(f) => Ok(*f),
        Num::Complex(re, _) => Ok(*re),
    }
}

fn to_complex(n: &Num) -> Result<(f64, f64), Error> {
    match n {
        Num::Complex(re, im) => Ok((*re, *im)),
        other => Ok((to_f64(other)?, 0.0)),
    }
}

/// Applies a numeric binary operator; `Ok(None)` when the operator does not
/// apply to these number types (the caller reports `unsupported operand`).
pub(crate) fn binary(
    op: BinaryOp,
    a: &Num,
    b: &Num,
    budget: &mut Budget,
) -> Result<Option<Value>, Error> {
    let float_op = matches!(
        op,
        BinaryOp::Add
            | BinaryOp::Sub
            | BinaryOp::Mul
            | BinaryOp::TrueDiv
            | BinaryOp::FloorDiv
            | BinaryOp::Mod
            | BinaryOp::Pow
    );
    let complex_op = float_op && !matches!(op, BinaryOp::FloorDiv | BinaryOp::Mod);
    // An operator the type lacks fails before any operand is converted.
    match (a, b) {
        (Num::Int(x), Num::Int(y)) => int_binary(op, x, y, budget),
        (Num::Complex(..), _) | (_, Num::Complex(..)) if !complex_op => Ok(None),
        (Num::Complex(..), _) | (_, Num::Complex(..)) => {
            complex_binary(op, to_complex(a)?, to_complex(b)?)
        }
        _ if !float_op => Ok(None),
        _ => float_binary(op, to_f64(a)?, to_f64(b)?),
    }
}

fn int_binary(
    op: BinaryOp,
    a: &BigInt,
    b: &BigInt,
    budget: &mut Budget,
) -> Result<Option<Value>, Error> {
    let (la, lb) = (limbs(a), limbs(b));
    let int = |i: BigInt| Ok(Some(Value::Int(i)));
    match op {
        BinaryOp::Add | BinaryOp::Sub => {
            budget.charge_int("an int sum", bits(a).max(bits(b)) + 1, la.max(lb))?;
            int(if op == BinaryOp::Add { a + b } else { a - b })
        }
        BinaryOp::Mul => {
            let result_bits = if a.is_zero() || b.is_zero() {
                0
            } else {
                bits(a) + bits(b) - 1
            };
            budget.charge_int("an int product", result_bits, mul_work(la, lb))?;
            int(a * b)
        }
        BinaryOp::TrueDiv => {
            budget.charge(mul_work(la, lb))?;
            Ok(Some(Value::Float(int_true_div(a, b)?)))
        }
        BinaryOp::FloorDiv | BinaryOp::Mod => {
            if b.is_zero() {
                return Err(zero_division(if op == BinaryOp::FloorDiv {
                    "integer division or modulo by zero"
                } else {
                    "integer modulo by zero"
                }));
            }
            budget.charge(la.saturating_sub(lb).saturating_add(1).saturating_mul(lb))?;
            let (q, r) = int_divmod(a, b);
            int(if op == BinaryOp::FloorDiv { q } else { r })
        }
        BinaryOp::Pow => int_pow(a, b, budget),
        BinaryOp::LShift | BinaryOp::RShift => {
            if b.is_negative() {
                return Err(py_err(PyErrorKind::ValueError, "negative shift count"));
            }
            if a.is_zero() {
                return int(BigInt::zero());
            }
            if op == BinaryOp::RShift {
                // A shift past every bit leaves 0, or -1 for a negative number (floor).
                return match b.to_u64() {
                    Some(n) if n < bits(a) => {
                        budget.charge_int("an int shift", bits(a) - n, la)?;
                        int(a >> n as usize)
                    }
                    _ => int(if a.is_negative() {
                        BigInt::from(-1)
                    } else {
                        BigInt::zero()
                    }),
                };
            }
            let n = b.to_u64().unwrap_or(u64::MAX);
            let result_bits = bits(a).saturating_add(n);
            budget.charge_int("an int shift", result_bits, la)?;
            int(a << n as usize)
        }
        BinaryOp::BitAnd | BinaryOp::BitOr | BinaryOp::BitXor => {
            budget.charge_int("a bitwise int", bits(a).max(bits(b)) + 1, la.max(lb))?;
            int(match op {
                BinaryOp::BitAnd => a & b,
                BinaryOp::BitOr => a | b,
                _ => a ^ b,
            })
        }
        BinaryOp::MatMul => Ok(None),
    }
}

/// Floor division and modulo with the sign of the divisor, as Python defines them.
pub(crate) fn int_divmod(a: &BigInt, b: &BigInt) -> (BigInt, BigInt) {
    let (mut q, mut r) = (a / b, a % b);
    if !r.is_zero() && (r.sign() == Sign::Minus) != (b.sign() == Sign::Minus) {
        q -= 1u8;
        r += b;
    }
    (q, r)
}

fn int_pow(a: &BigInt, b: &BigInt, budget: &mut Budget) -> Result<Option<Value>, Error> {
    if b.is_negative() {
        // CPython hands a negative exponent to float's pow.
        return float_binary(BinaryOp::Pow, int_to_f64(a)?, int_to_f64(b)?);
    }
    let int = |i: BigInt| Ok(Some(Value::Int(i)));
    if b.is_zero() {
        return int(BigInt::one());
    }
    if a.is_zero() || a.is_one() {
        return int(a.clone());
    }
    if *a == BigInt::from(-1) {
        return int(if b.bit(0) { a.clone() } else { BigInt::one() });
    }
    // |a| >= 2, so the result has at least (bits(a) - 1) * b + 1 bits.
    let e = b.to_u64().unwrap_or(u64::MAX);
    let result_bits = (bits(a) - 1).saturating_mul(e).saturating_add(1);
    let result_limbs = result_bits.div_ceil(64);
    budget.charge_int(
        "an int power",
        result_bits,
        mul_work(result_limbs, result_limbs).saturating_mul(2),
    )?;
    int(a.pow(e as u32))
}

/// CPython's `_float_div_mod`: `fmod`, then the remainder takes the sign of
/// the divisor and the quotient is snapped to the nearest integral value.
pub(crate) fn float_divmod(vx: f64, wx: f64) -> (f64, f64) {
    let mut m = vx % wx;
    let mut div = (vx - m) / wx;
    if m != 0.0 {
        if (wx < 0.0) != (m < 0.0) {
            m += wx;
            div -= 1.0;
        }
    } else {
        m = 0f64.copysign(wx);
    }
    let floordiv = if div != 0.0 {
        let mut f = div.floor();
        if div - f > 0.5 {
            f += 1.0;
        }
        f
    } else {
        0f64.copysign(vx / wx)
    };
    (floordiv, m)
}

fn float_binary(op: BinaryOp, a: f64, b: f64) -> Result<Option<Value>, Error> {
    let f = |x: f64| Ok(Some(Value::Float(x)));
    match op {
        BinaryOp::Add => f(a + b),
        BinaryOp::Sub => f(a - b),
        BinaryOp::Mul => f(a * b),
        BinaryOp::TrueDiv => {
            if b == 0.0 {
                return Err(zero_division("float division by zero"));
            }
            f(a / b)
        }
        BinaryOp::FloorDiv => {
            if b == 0.0 {
                return Err(zero_division("float floor division by zero"));
            }
            f(float_divmod(a, b).0)
        }
        BinaryOp::Mod => {
            if b == 0.0 {
                return Err(zero_division("float modulo by zero"));
            }
            let mut m = a % b;
            if m != 0.0 {
                if (b < 0.0) != (m < 0.0) {
                    m += b;
                }
            } else {
                m = 0f64.copysign(b);
            }
            f(m)
        }
        BinaryOp::Pow => float_pow(a, b),
        _ => Ok(None),
    }
}

fn is_odd_integer(x: f64) -> bool {
    x.is_finite() && x.fract() == 0.0 && (x % 2.0).abs() == 1.0
}

/// `float_pow`: CPython's special cases, then the platform's `pow`.
fn float_pow(iv: f64, iw: f64) -> Result<Option<Value>, Error> {
    let f = |x: f64| Ok(Some(Value::Float(x)));
    if iw == 0.0 {
        return f(1.0);
    }
    if iv.is_nan() {
        return f(iv);
    }
    if iw.is_nan() {
        return f(if iv == 1.0 { 1.0 } else { iw });
    }
    if iw.is_infinite() {
        let v = iv.abs();
        return f(if v == 1.0 {
            1.0
        } else if (iw > 0.0) == (v > 1.0) {
            iw.abs()
        } else {
            0.0
        });
    }
    if iv.is_infinite() {
        let odd = is_odd_integer(iw);
        return f(if iw > 0.0 {
            if odd { iv } else { iv.abs() }
        } else if odd {
            0f64.copysign(iv)
        } else {
            0.0
        });
    }
    if iv == 0.0 {
        if iw < 0.0 {
            return Err(zero_division("0.0 cannot be raised to a negative power"));
        }
        return f(if is_odd_integer(iw) { iv } else { 0.0 });
    }
    let mut base = iv;
    let mut negate = false;
    if iv < 0.0 {
        if iw != iw.floor() {
            // A negative number to a fractional power is complex.
            return complex_binary(BinaryOp::Pow, (iv, 0.0), (iw, 0.0));
        }
        base = -iv;
        negate = is_odd_integer(iw);
    }
    if base == 1.0 {
        return f(if negate { -1.0 } else { 1.0 });
    }
    let r = base.powf(iw);
    if r.is_infinite() {
        return Err(overflow("(34, 'Numerical result out of range')"));
    }
    f(if negate { -r } else { r })
}

/// `_Py_c_prod`.
fn c_prod(a: (f64, f64), b: (f64, f64)) -> (f64, f64) {
    (a.0 * b.0 - a.1 * b.1, a.0 * b.1 + a.1 * b.0)
}

/// `_Py_c_quot`: Smith's algorithm, `None` for a zero divisor (CPython
/// 3.13 does not yet recover infinities from NaN results as C11 Annex G does).
pub(crate) fn c_quot(a: (f64, f64), b: (f64, f64)) -> Option<(f64, f64)> {
    let (abs_br, abs_bi) = (b.0.abs(), b.1.abs());
    let r = if abs_br >= abs_bi {
        if abs_br == 0.0 {
            return None;
        }
        let ratio = b.1 / b.0;
        let denom = b.0 + b.1 * ratio;
        ((a.0 + a.1 * ratio) / denom, (a.1 - a.0 * ratio) / denom)
    } else if abs_bi >= abs_br {
        let ratio = b.0 / b.1;
        let denom = b.0 * ratio + b.1;
        ((a.0 * ratio + a.1) / denom, (a.1 * ratio - a.0) / denom)
    } else {
        (f64::NAN, f64::NAN)
    };
    Some(r)
}

fn complex_binary(op: BinaryOp, a: (f64, f64), b: (f64, f64)) -> Result<Option<Value>, Error> {
    let c = |(re, im): (f64, f64)| Ok(Some(Value::Complex { re, im }));
    match op {
        BinaryOp::Add => c((a.0 + b.0, a.1 + b.1)),
        BinaryOp::Sub => c((a.0 - b.0, a.1 - b.1)),
        BinaryOp::Mul => c(c_prod(a, b)),
        BinaryOp::TrueDiv => match c_quot(a, b) {
            Some(q) => c(q),
            None => Err(zero_division("complex division by zero")),
        },
        BinaryOp::Pow => c(complex_pow(a, b)?),
        _ => Ok(None),
    }
}

/// `complex_pow`: repeated squaring for small integral exponents, else polar form.
fn complex_pow(a: (f64, f64), b: (f64, f64)) -> Result<(f64, f64), Error> {
    let domain = || zero_division("0.0 to a negative or complex power");
    let p = if b.1 == 0.0 && b.0 == b.0.floor() && b.0.abs() <= 100.0 {
        let n = b.0 as i64;
        let powu = |n: i64| {
            let mut r = (1.0, 0.0);
            let mut p = a;
            let mut mask = 1i64;
            while mask > 0 && n >= mask {
                if n & mask != 0 {
                    r = c_prod(r, p);
                }
                mask <<= 1;
                p = c_prod(p, p);
            }
            r
        };
        if n > 0 {
            powu(n)
        } else {
            c_quot((1.0, 0.0), powu(-n)).ok_or_else(domain)?
        }
    } else if b.0 == 0.0 && b.1 == 0.0 {
        (1.0, 0.0)
    } else if a.0 == 0.0 && a.1 == 0.0 {
        if b.1 != 0.0 || b.0 < 0.0 {
            return Err(domain());
        }
        (0.0, 0.0)
    } else {
        let vabs = a.0.hypot(a.1);
        let mut len = vabs.powf(b.0);
        let at = a.1.atan2(a.0);
        let mut phase = at * b.0;
        if b.1 != 0.0 {
            len /= (at * b.1).exp();
            phase += b.1 * vabs.ln();
        }
        // The C library's cos and sin of an infinite angle set errno to
        // EDOM, which CPython reports as this ZeroDivisionError.
        if phase.is_infinite() {
            return Err(domain());
        }
        (len * phase.cos(), len * phase.sin())
    };
    if p.0.is_infinite() || p.1.is_infinite() {
        return Err(overflow("complex exponentiation"));
    }
    Ok(p)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn big(s: &str) -> BigInt {
        s.parse().expect("an int")
    }

    #[test]
    fn true_division_rounds_correctly() {
        // CPython 3.13's answers.
        assert_eq!(
            int_true_div(&big("1000000000000000000000000000000"), &big("7")).ok(),
            Some(1.4285714285714285e29)
        );
        let two_1100 = BigInt::one() << 1100usize;
        assert_eq!(
            int_true_div(&two_1100, &(BigInt::one() << 1099usize)).ok(),
            Some(2.0)
        );
        assert!(int_true_div(&two_1100, &big("3")).is_err());
        assert_eq!(
            int_true_div(&big("0"), &big("-5"))
                .ok()
                .map(f64::is_sign_negative),
            Some(true)
        );
        // Halfway cases go to even: 2**54 + 2 over 2 is 2**53 + 1, which rounds to 2**53.
        let n = (BigInt::one() << 54usize) + 2u8;
        assert_eq!(int_true_div(&n, &big("2")).ok(), Some(9007199254740992.0));
        // The smallest subnormal and half of it.
        let d = BigInt::one() << 1074usize;
        assert_eq!(int_true_div(&big("1"), &d).ok(), Some(5e-324));
        assert_eq!(
            int_true_div(&big("1"), &(d.clone() << 1usize)).ok(),
            Some(0.0)
        );
        assert_eq!(int_true_div(&big("3"), &(d << 1usize)).ok(), Some(1e-323));
    }

    #[test]
    fn int_to_float_rounds_half_to_even() {
        let two53 = BigInt::one() << 53usize;
        assert_eq!(int_to_f64(&(&two53 + 1u8)).ok(), Some(9007199254740992.0));
        assert_eq!(int_to_f64(&(&two53 + 3u8)).ok(), Some(9007199254740996.0));
        assert!(int_to_f64(&(BigInt::one() << 1024usize)).is_err());
        let max = (BigInt::one() << 1024usize) - (BigInt::one() << 971usize);
        assert_eq!(int_to_f64(&max).ok(), Some(f64::MAX));
        // Halfway between f64::MAX and 2**1024 rounds to even, which overflows.
        let half = (BigInt::one() << 1024usize) - (BigInt::one() << 970usize);
        assert_eq!(int_to_f64(&(&half - 1u8)).ok(), Some(f64::MAX));
        assert!(int_to_f64(&half).is_err());
    }

    #[test]
    fn float_floor_division_and_modulo_match_python() {
        assert_eq!(float_divmod(-7.5, 2.0), (-4.0, 0.5));
        assert_eq!(float_divmod(7.5, -2.0), (-4.0, -0.5));
        let (q, m) = float_divmod(0.0, -1.0);
        assert!(q == 0.0 && q.is_sign_negative() && m.is_sign_negative());
    }
}
