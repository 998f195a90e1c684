//! The arithmetic builtins: `abs`, `divmod`, `pow`, `round`, `sum`.

use num_bigint::BigInt;
use num_traits::{One, Signed, ToPrimitive, Zero};

use super::{Args, index, type_error};
use crate::error::{Error, PyErrorKind};
use crate::limits::Budget;
use crate::ops::{
    self, BinaryOp, Num, as_num, bits, float_divmod, int_divmod, iterate_owned, py_err,
};
use crate::value::Value;

/// `abs(x, /)`.
pub(crate) fn abs(args: Args, budget: &mut Budget) -> Result<Value, Error> {
    let v = args.one()?;
    let Some(n) = as_num(&v) else {
        return Err(type_error(format!(
            "bad operand type for abs(): '{}'",
            v.type_name()
        )));
    };
    Ok(match n {
        Num::Int(i) => {
            budget.charge_int("an int", bits(&i), 1 + bits(&i) / 64)?;
            Value::Int(i.abs())
        }
        Num::Float(f) => Value::Float(f.abs()),
        Num::Complex(re, im) => {
            if re.is_infinite() {
                Value::Float(re.abs())
            } else if im.is_infinite() {
                Value::Float(im.abs())
            } else if re.is_nan() || im.is_nan() {
                Value::Float(f64::NAN)
            } else {
                let r = re.hypot(im);
                if r.is_infinite() {
                    return Err(py_err(
                        PyErrorKind::OverflowError,
                        "absolute value too large",
                    ));
                }
                Value::Float(r)
            }
        }
    })
}

/// `divmod(a, b, /)`.
pub(crate) fn divmod(args: Args, budget: &mut Budget) -> Result<Value, Error> {
    args.no_keywords()?;
    args.expect_exactly(2)?;
    let (a, b) = (&args.pos[0], &args.pos[1]);
    let unsupported = || {
        type_error(format!(
            "unsupported operand type(s) for divmod(): '{}' and '{}'",
            a.type_name(),
            b.type_name()
        ))
    };
    let (Some(x), Some(y)) = (as_num(a), as_num(b)) else {
        return Err(unsupported());
    };
    match (x, y) {
        (Num::Complex(..), _) | (_, Num::Complex(..)) => Err(unsupported()),
        (Num::Int(x), Num::Int(y)) => {
            if y.is_zero() {
                return Err(py_err(
                    PyErrorKind::ZeroDivisionError,
                    "integer division or modulo by zero",
                ));
            }
            let lx = 1 + bits(&x) / 64;
            let ly = 1 + bits(&y) / 64;
            budget.charge(lx.saturating_sub(ly).saturating_add(1).saturating_mul(ly))?;
            let (q, r) = int_divmod(&x, &y);
            Ok(Value::Tuple(vec![Value::Int(q), Value::Int(r)]))
        }
        _ => {
            let x = float_of(a)?;
            let y = float_of(b)?;
            if y == 0.0 {
                return Err(py_err(PyErrorKind::ZeroDivisionError, "float divmod()"));
            }
            let (q, r) = float_divmod(x, y);
            Ok(Value::Tuple(vec![Value::Float(q), Value::Float(r)]))
        }
    }
}

fn float_of(v: &Value) -> Result<f64, Error> {
    Ok(match v {
        Value::Float(f) => *f,
        Value::Bool(b) => f64::from(u8::from(*b)),
        Value::Int(i) => ops::int_to_f64(i)?,
        _ => 0.0,
    })
}

/// `pow(base, exp, mod=None)`.
pub(crate) fn pow(args: Args, budget: &mut Budget) -> Result<Value, Error> {
    let mut params = args.clinic(&["base", "exp", "mod"], 0, 2)?.into_iter();
    let base = params.next().flatten();
    let exp = params.next().flatten();
    let modulus = params.next().flatten();
    let Some(base) = base else {
        return Err(type_error("pow() missing required argument 'base' (pos 1)"));
    };
    let Some(exp) = exp else {
        return Err(type_error("pow() missing required argument 'exp' (pos 2)"));
    };
    match modulus {
        None | Some(Value::None) => ops::binary(BinaryOp::Pow, base, exp, budget),
        Some(m) => modular_pow(&base, &exp, &m, budget),
    }
}

/// Which `nb_power` slot a value's type has.
#[derive(PartialEq, Clone, Copy)]
enum PowSlot {
    Int,
    Float,
    Complex,
    None,
}

fn slot(v: &Value) -> PowSlot {
    match v {
        Value::Int(_) | Value::Bool(_) => PowSlot::Int,
        Value::Float(_) => PowSlot::Float,
        Value::Complex { .. } => PowSlot::Complex,
        _ => PowSlot::None,
    }
}

/// Three-argument `pow`: CPython tries the slots of the three operands'
/// types in turn; only `int` computes a modular power.
fn modular_pow(base: &Value, exp: &Value, m: &Value, budget: &mut Budget) -> Result<Value, Error> {
    let mut tried = Vec::new();
    for s in [slot(base), slot(exp), slot(m)] {
        if tried.contains(&s) {
            continue;
        }
        tried.push(s);
        match s {
            PowSlot::Int => {
                if let (Some(a), Some(e), Some(c)) = (
                    ops::index_value(base),
                    ops::index_value(exp),
                    ops::index_value(m),
                ) {
                    return int_modpow(&a, &e, &c, budget).map(Value::Int);
                }
            }
            PowSlot::Float => {
                return Err(type_error(
                    "pow() 3rd argument not allowed unless all arguments are integers",
                ));
            }
            PowSlot::Complex => {
                if as_num(base).is_some() && as_num(exp).is_some() {
                    return Err(py_err(PyErrorKind::ValueError, "complex modulo"));
                }
            }
            PowSlot::None => {}
        }
    }
    Err(type_error(format!(
        "unsupported operand type(s) for ** or pow(): '{}', '{}', '{}'",
        base.type_name(),
        exp.type_name(),
        m.type_name()
    )))
}

/// `pow(a, e, c)` for ints, as `long_pow`: the result takes the sign of the
/// modulus; a negative exponent uses the modular inverse.
fn int_modpow(a: &BigInt, e: &BigInt, c: &BigInt, budget: &mut Budget) -> Result<BigInt, Error> {
    if c.is_zero() {
        return Err(py_err(
            PyErrorKind::ValueError,
            "pow() 3rd argument cannot be 0",
        ));
    }
    let negative_output = c.is_negative();
    let m = c.abs();
    if m.is_one() {
        return Ok(BigInt::zero());
    }
    let mut base = a.clone();
    let mut exponent = e.clone();
    if exponent.is_negative() {
        exponent = -exponent;
        base = invmod(a, &m).ok_or_else(|| {
            py_err(
                PyErrorKind::ValueError,
                "base is not invertible for the given modulus",
            )
        })?;
    }
    let limbs = 1 + bits(&m) / 64;
    // One squaring and up to one multiplication per exponent bit, each reduced modulo m.
    budget.charge(bits(&exponent).saturating_mul(4 * limbs * limbs))?;
    let base = ((base % &m) + &m) % &m;
    let mut z = base.modpow(&exponent, &m);
    if negative_output && !z.is_zero() {
        z -= &m;
    }
    Ok(z)
}

/// The inverse of `a` modulo `m > 1`, if they are coprime.
fn invmod(a: &BigInt, m: &BigInt) -> Option<BigInt> {
    let (mut r0, mut r1) = (((a % m) + m) % m, m.clone());
    let (mut s0, mut s1) = (BigInt::one(), BigInt::zero());
    while !r1.is_zero() {
        let q = &r0 / &r1;
        let r2 = &r0 - &q * &r1;
        r0 = std::mem::replace(&mut r1, r2);
        let s2 = &s0 - &q * &s1;
        s0 = std::mem::replace(&mut s1, s2);
    }
    r0.is_one().then(|| ((s0 % m) + m) % m)
}

/// `round(number, ndigits=None)`.
pub(crate) fn round(args: Args, budget: &mut Budget) -> Result<Value, Error> {
    let mut params = args.clinic(&["number", "ndigits"], 0, 1)?.into_iter();
    let number = params.next().flatten();
    let ndigits = params.next().flatten();
    let Some(number) = number else {
        return Err(type_error(
            "round() missing required argument 'number' (pos 1)",
        ));
    };
    if !matches!(number, Value::Int(_) | Value::Bool(_) | Value::Float(_)) {
        return Err(type_error(format!(
            "type {} doesn't define __round__ method",
            number.type_name()
        )));
    }
    let ndigits = match ndigits {
        None | Some(Value::None) => None,
        Some(n) => Some(index(&n)?),
    };
    match (number, ndigits) {
        (Value::Float(x), None) => Ok(Value::Int(ops::float_to_int_checked(x.round_ties_even())?)),
        (Value::Float(x), Some(n)) => round_float(x, &n, budget).map(Value::Float),
        (Value::Bool(b), _) => Ok(Value::from(i64::from(b))),
        (Value::Int(i), None) => Ok(Value::Int(i)),
        (Value::Int(i), Some(n)) => round_int(i, &n, budget).map(Value::Int),
        _ => Ok(Value::None),
    }
}

/// `round(int, n)`: unchanged for `n >= 0`, else to a multiple of
/// `10**-n`, halves to even.
fn round_int(i: BigInt, n: &BigInt, budget: &mut Budget) -> Result<BigInt, Error> {
    if !n.is_negative() {
        return Ok(i);
    }
    // 10**k > 2|i| rounds everything to 0; 10**k has more than 3.3k bits.
    let k = n.magnitude().to_u64().unwrap_or(u64::MAX);
    if k.saturating_mul(3) > bits(&i) + 2 {
        return Ok(BigInt::zero());
    }
    budget.charge_int("a power of ten", k * 4, (1 + bits(&i) / 64).pow(2))?;
    let p = BigInt::from(10).pow(k as u32);
    let (q, r) = int_divmod(&i, &p);
    let twice = &r * 2u8;
    let up = match twice.cmp(&p) {
        std::cmp::Ordering::Greater => true,
        std::cmp::Ordering::Less => false,
        std::cmp::Ordering::Equal => q.bit(0),
    };
    Ok((if up { q + 1u8 } else { q }) * p)
}

/// `round(float, n)`, correctly rounded: the exact binary value times
/// `10**n` rounded half to even, then read back as the nearest float.
fn round_float(x: f64, n: &BigInt, budget: &mut Budget) -> Result<f64, Error> {
    const NDIGITS_MAX: i64 = 323;
    const NDIGITS_MIN: i64 = -308;
    if !x.is_finite() {
        return Ok(x);
    }
    let n = n
        .to_i64()
        .unwrap_or(if n.is_negative() { i64::MIN } else { i64::MAX });
    if n > NDIGITS_MAX {
        return Ok(x);
    }
    if n < NDIGITS_MIN {
        return Ok(0.0 * x);
    }
    budget.charge(64)?;
    let bits_of = x.abs().to_bits();
    let exp = ((bits_of >> 52) & 0x7ff) as i64;
    let frac = bits_of & ((1 << 52) - 1);
    let (mant, e) = if exp == 0 {
        (frac, -1074)
    } else {
        (frac | (1 << 52), exp - 1075)
    };
    let mut num = BigInt::from(mant);
    let mut den = BigInt::one();
    if e >= 0 {
        num <<= e as usize;
    } else {
        den <<= (-e) as usize;
    }
    let ten = BigInt::from(10).pow(n.unsigned_abs() as u32);
    if n >= 0 {
        num *= ten;
    } else {
        den *= ten;
    }
    let (q, r) = (&num / &den, &num % &den);
    let twice = r * 2u8;
    let q = match twice.cmp(&den) {
        std::cmp::Ordering::Greater => q + 1u8,
        std::cmp::Ordering::Equal if q.bit(0) => q + 1u8,
        _ => q,
    };
    let text = format!("{}{q}e{}", if x.is_sign_negative() { "-" } else { "" }, -n);
    let rounded: f64 = text.parse().unwrap_or(f64::NAN);
    if rounded.is_infinite() {
        return Err(py_err(
            PyErrorKind::OverflowError,
            "rounded value too large to represent",
        ));
    }
    Ok(rounded)
}

/// `sum(iterable, /, start=0)` with CPython 3.13's int and float fast paths.
pub(crate) fn sum(mut args: Args, budget: &mut Budget) -> Result<Value, Error> {
    let n = args.pos.len() + args.kw.len();
    if n > 2 {
        return Err(type_error(format!(
            "sum() takes at most 2 arguments ({n} given)"
        )));
    }
    let start_kw = args.take_kw("start");
    args.no_other_keywords()?;
    if args.pos.is_empty() {
        return Err(type_error(format!(
            "sum() takes at least 1 positional argument ({} given)",
            args.pos.len()
        )));
    }
    let mut pos = args.pos.into_iter();
    let iterable = pos.next().unwrap_or(Value::None);
    let start = pos.next().or(start_kw).unwrap_or(Value::from(0));
    if !crate::ops::is_iterable(&iterable) {
        return Err(type_error(format!(
            "'{}' object is not iterable",
            iterable.type_name()
        )));
    }
    match start {
        Value::Str(_) => {
            return Err(type_error(
                "sum() can't sum strings [use ''.join(seq) instead]",
            ));
        }
        Value::Bytes(_) => {
            return Err(type_error(
                "sum() can't sum bytes [use b''.join(seq) instead]",
            ));
        }
        _ => {}
    }
    let items = iterate_owned(iterable, budget)?;
    let mut items = items.into_iter().peekable();
    let mut result = start;
    // The int fast path: an exact int start, then ints and bools while the
    // running total fits a C long.
    if let Value::Int(i) = &result
        && let Some(mut total) = i.to_i64()
    {
        loop {
            let Some(item) = items.next() else {
                return Ok(Value::from(total));
            };
            budget.charge(1)?;
            let b = match &item {
                Value::Int(x) => x.to_i64(),
                Value::Bool(x) => Some(i64::from(*x)),
                _ => None,
            };
            if let Some(next) = b.and_then(|b| total.checked_add(b)) {
                total = next;
                continue;
            }
            result = ops::binary(BinaryOp::Add, Value::from(total), item, budget)?;
            break;
        }
    }
    // The float fast path: Neumaier's compensated sum of floats; ints that
    // fit a C long are added uncompensated.
    if let Value::Float(f) = result {
        let (mut total, mut c) = (f, 0.0f64);
        loop {
            let Some(item) = items.next() else {
                if c != 0.0 && c.is_finite() {
                    total += c;
                }
                return Ok(Value::Float(total));
            };
            budget.charge(1)?;
            match &item {
                Value::Float(x) => {
                    let t = total + x;
                    if total.abs() >= x.abs() {
                        c += (total - t) + x;
                    } else {
                        c += (x - t) + total;
                    }
                    total = t;
                    continue;
                }
                Value::Int(x) if x.to_i64().is_some() => {
                    total += x.to_i64().unwrap_or(0) as f64;
                    continue;
                }
                Value::Bool(x) => {
                    total += f64::from(u8::from(*x));
                    continue;
                }
                _ => {}
            }
            if c != 0.0 && c.is_finite() {
                total += c;
            }
            result = ops::binary(BinaryOp::Add, Value::Float(total), item, budget)?;
            break;
        }
    }
    for item in items {
        result = ops::binary(BinaryOp::Add, result, item, budget)?;
    }
    Ok(result)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn modular_inverse_and_signs_match_cpython() {
        let mut b = Budget::default();
        let p = |a: i64, e: i64, c: i64, b: &mut Budget| {
            int_modpow(&a.into(), &e.into(), &c.into(), b)
                .map(|x| x.to_string())
                .unwrap_or_else(|e| e.to_string())
        };
        assert_eq!(p(2, 10, 1000, &mut b), "24");
        assert_eq!(p(2, 3, -5, &mut b), "-2");
        assert_eq!(p(-2, 3, 5, &mut b), "2");
        assert_eq!(p(3, -2, 7, &mut b), "4");
        assert_eq!(p(2, 3, 1, &mut b), "0");
        assert_eq!(
            p(0, -1, 7, &mut b),
            "ValueError: base is not invertible for the given modulus"
        );
        assert_eq!(
            p(2, 3, 0, &mut b),
            "ValueError: pow() 3rd argument cannot be 0"
        );
    }

    #[test]
    fn rounding_matches_cpython() {
        let mut b = Budget::default();
        let r = |x: f64, n: i64, b: &mut Budget| {
            round_float(x, &n.into(), b)
                .map(crate::repr::float_repr)
                .unwrap_or_else(|e| e.to_string())
        };
        assert_eq!(r(2.675, 2, &mut b), "2.67");
        assert_eq!(r(0.125, 2, &mut b), "0.12");
        assert_eq!(r(1234.5, -2, &mut b), "1200.0");
        assert_eq!(r(-0.4, 0, &mut b), "-0.0");
        assert_eq!(r(-0.0, -2, &mut b), "-0.0");
        assert_eq!(r(1e-320, 322, &mut b), "1e-320");
        assert_eq!(r(1e300, 2, &mut b), "1e+300");
        assert_eq!(
            r(1.7e308, -308, &mut b),
            "OverflowError: rounded value too large to represent"
        );
        assert_eq!(r(1e16, -17, &mut b), "0.0");
        let ri = |i: i64, n: i64, b: &mut Budget| {
            round_int(i.into(), &n.into(), b)
                .map(|x| x.to_string())
                .unwrap_or_default()
        };
        assert_eq!(ri(15, -1, &mut b), "20");
        assert_eq!(ri(25, -1, &mut b), "20");
        assert_eq!(ri(-15, -1, &mut b), "-20");
        assert_eq!(ri(-12350, -2, &mut b), "-12400");
        assert_eq!(ri(5, -1_000_000_000, &mut b), "0");
    }
}
