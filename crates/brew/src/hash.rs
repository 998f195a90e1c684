//! CPython 3.13's `hash()` on 64-bit builds, bit for bit: numbers reduced
//! modulo the Mersenne prime 2**61 - 1 (so that `hash(1) == hash(1.0) ==
//! hash(True)`), the xxHash-based tuple hash, the frozenset and range hashes,
//! and SipHash-1-3 for `str` and `bytes`.
//!
//! CPython keys SipHash with a random secret unless `PYTHONHASHSEED=0`, so
//! the hash of a `str` or `bytes` (and the order of a set of strings) changes
//! from one CPython process to the next. This engine uses the secret of
//! `PYTHONHASHSEED=0` (all zeros): its sets of strings print as CPython's do
//! under `PYTHONHASHSEED=0`, which is one of the orders CPython can print.
//! The hash of `...`, `float('nan')`, a builtin function or type and an
//! iterator is the object's address in CPython; here it is a constant, so a
//! set of them prints in one of the orders CPython may print. The builtin
//! `hash()` refuses these and strings (see [`crate::builtins`]).

use num_bigint::{BigInt, Sign};

use crate::error::{Error, PyException};
use crate::limits::Limit;
use crate::value::Value;

/// `_PyHASH_BITS`.
const HASH_BITS: u32 = 61;
/// `_PyHASH_MODULUS`, the Mersenne prime 2**61 - 1.
const MODULUS: u64 = (1 << HASH_BITS) - 1;
/// `_PyHASH_INF`.
const HASH_INF: i64 = 314_159;
/// `_PyHASH_IMAG`.
const HASH_IMAG: u64 = 1_000_003;
/// `hash(None)` since CPython 3.12.
const HASH_NONE: i64 = 0xFCA8_6420;
const XXPRIME_1: u64 = 11_400_714_785_074_694_791;
const XXPRIME_2: u64 = 14_029_467_366_897_019_727;
const XXPRIME_5: u64 = 2_870_177_450_012_600_261;

/// Python's `hash(value)`, or `TypeError: unhashable type: 'list'`.
///
/// ```
/// use toolcup_brew::{py_hash, Value};
/// assert_eq!(py_hash(&Value::from(-1)).unwrap(), -2);
/// assert_eq!(py_hash(&Value::Float(1.5)).unwrap(), 1_152_921_504_606_846_977);
/// assert_eq!(py_hash(&Value::Tuple(vec![Value::from(1), Value::from(2)])).unwrap(), -3_550_055_125_485_641_917);
/// assert_eq!(py_hash(&Value::from("a")).unwrap(), 4_644_417_185_603_328_019); // PYTHONHASHSEED=0
/// ```
pub fn py_hash(value: &Value) -> Result<i64, Error> {
    // Tuples nest: hash them with an explicit stack, so that depth costs heap, not stack.
    enum Step<'a> {
        Visit(&'a Value),
        Combine(usize),
    }
    let mut steps = vec![Step::Visit(value)];
    let mut done: Vec<i64> = Vec::new();
    while let Some(step) = steps.pop() {
        match step {
            Step::Visit(Value::Tuple(items)) => {
                steps.push(Step::Combine(items.len()));
                steps.extend(items.iter().rev().map(Step::Visit));
            }
            Step::Visit(v) => done.push(leaf_hash(v)?),
            Step::Combine(n) => {
                let lanes = done.split_off(done.len() - n);
                done.push(tuple_hash(lanes.into_iter()));
            }
        }
    }
    Ok(done.pop().unwrap_or(0))
}

fn leaf_hash(v: &Value) -> Result<i64, Error> {
    Ok(match v {
        Value::None => HASH_NONE,
        Value::Ellipsis => 0,
        Value::Bool(b) => i64::from(*b),
        Value::Int(i) => int_hash(i),
        Value::Float(f) => float_hash(*f),
        Value::Complex { re, im } => complex_hash(*re, *im),
        Value::Str(s) => str_hash(s),
        Value::Bytes(b) => bytes_hash(b),
        Value::FrozenSet(t) => t.frozenset_hash(),
        Value::Range(r) => {
            let len = r.len();
            let zero = BigInt::from(0);
            let lanes: [i64; 3] = if len == zero {
                [0, HASH_NONE, HASH_NONE]
            } else if len == BigInt::from(1) {
                [int_hash(&len), int_hash(&r.start), HASH_NONE]
            } else {
                [int_hash(&len), int_hash(&r.start), int_hash(&r.step)]
            };
            tuple_hash(lanes.into_iter())
        }
        // CPython hashes these by address; any constant keeps dicts and sets working.
        Value::Builtin(b) => int_hash(&BigInt::from(*b as u8)),
        Value::Iterator(_) | Value::GenericAlias(_) | Value::Union(_) => 0,
        Value::TypeParam(_) => {
            return Err(Limit::NotSupported(
                "the hash of a type parameter (CPython hashes it by its memory address)",
            )
            .into());
        }
        Value::Tuple(_) | Value::List(_) | Value::Set(_) | Value::Dict(_) => {
            return Err(
                PyException::type_error(format!("unhashable type: '{}'", v.type_name())).into(),
            );
        }
    })
}

fn fix_minus_one(h: u64) -> i64 {
    if h == u64::MAX { -2 } else { h as i64 }
}

/// `long_hash`: the value modulo 2**61 - 1, with the sign of the value.
pub(crate) fn int_hash(i: &BigInt) -> i64 {
    let (sign, digits) = i.to_u64_digits();
    // Horner's rule over 64-bit digits, most significant first: x = x * 2**64 + d (mod M).
    let mut x: u64 = 0;
    for &d in digits.iter().rev() {
        // 2**64 = 2**3 * 2**61 = 8 (mod M).
        x = mod_m(u128::from(x) * 8 + u128::from(d));
    }
    let h = if sign == Sign::Minus {
        (x as i64).wrapping_neg()
    } else {
        x as i64
    };
    fix_minus_one(h as u64)
}

fn mod_m(x: u128) -> u64 {
    (x % u128::from(MODULUS)) as u64
}

/// `_Py_HashDouble`.
pub(crate) fn float_hash(v: f64) -> i64 {
    if !v.is_finite() {
        return if v.is_nan() {
            0
        } else if v > 0.0 {
            HASH_INF
        } else {
            -HASH_INF
        };
    }
    if v == 0.0 {
        return 0;
    }
    // v = m * 2**e with m an odd integer: the hash is m * 2**e mod M, where
    // 2**e mod M is a rotation of 61-bit values.
    let bits = v.to_bits();
    let negative = bits >> 63 == 1;
    let exp = ((bits >> 52) & 0x7ff) as i64;
    let frac = bits & ((1 << 52) - 1);
    let (mant, e) = if exp == 0 {
        (frac, -1074)
    } else {
        (frac | (1 << 52), exp - 1075)
    };
    let x = mod_m(u128::from(mant));
    let e = e.rem_euclid(i64::from(HASH_BITS)) as u32;
    let x = ((x << e) & MODULUS) | (x >> (HASH_BITS - e));
    let x = if negative { x.wrapping_neg() } else { x };
    fix_minus_one(x)
}

/// `complex_hash`: the real part's hash plus 1000003 times the imaginary part's.
pub(crate) fn complex_hash(re: f64, im: f64) -> i64 {
    let h = (float_hash(re) as u64).wrapping_add(HASH_IMAG.wrapping_mul(float_hash(im) as u64));
    fix_minus_one(h)
}

/// `tuplehash`, CPython's xxHash variant over the items' hashes.
pub(crate) fn tuple_hash(lanes: impl ExactSizeIterator<Item = i64>) -> i64 {
    let len = lanes.len() as u64;
    let mut acc = XXPRIME_5;
    for lane in lanes {
        acc = acc.wrapping_add((lane as u64).wrapping_mul(XXPRIME_2));
        acc = acc.rotate_left(31);
        acc = acc.wrapping_mul(XXPRIME_1);
    }
    acc = acc.wrapping_add(len ^ (XXPRIME_5 ^ 3_527_539));
    if acc == u64::MAX {
        1_546_275_796
    } else {
        acc as i64
    }
}

/// A `str`'s hash: SipHash-1-3 of its code points stored as CPython stores
/// them (one, two or four bytes each, little-endian, by the widest character).
pub(crate) fn str_hash(s: &str) -> i64 {
    if s.is_empty() {
        return 0;
    }
    let widest = s.chars().map(u32::from).max().unwrap_or(0);
    let width = if widest < 0x100 {
        1
    } else if widest < 0x1_0000 {
        2
    } else {
        4
    };
    let mut data = Vec::with_capacity(s.len() * width);
    for c in s.chars() {
        data.extend_from_slice(&u32::from(c).to_le_bytes()[..width]);
    }
    fix_minus_one(siphash13(&data))
}

/// A `bytes` object's hash: SipHash-1-3 of its bytes.
pub(crate) fn bytes_hash(b: &[u8]) -> i64 {
    if b.is_empty() {
        return 0;
    }
    fix_minus_one(siphash13(b))
}

/// SipHash-1-3 with CPython's `PYTHONHASHSEED=0` key (zero) and its final mix.
fn siphash13(data: &[u8]) -> u64 {
    let (k0, k1) = (0u64, 0u64);
    let mut v0 = k0 ^ 0x736f_6d65_7073_6575;
    let mut v1 = k1 ^ 0x646f_7261_6e64_6f6d;
    let mut v2 = k0 ^ 0x6c79_6765_6e65_7261;
    let mut v3 = k1 ^ 0x7465_6462_7974_6573;
    let round = |v0: &mut u64, v1: &mut u64, v2: &mut u64, v3: &mut u64| {
        *v0 = v0.wrapping_add(*v1);
        *v2 = v2.wrapping_add(*v3);
        *v1 = v1.rotate_left(13) ^ *v0;
        *v3 = v3.rotate_left(16) ^ *v2;
        *v0 = v0.rotate_left(32);
        *v2 = v2.wrapping_add(*v1);
        *v0 = v0.wrapping_add(*v3);
        *v1 = v1.rotate_left(17) ^ *v2;
        *v3 = v3.rotate_left(21) ^ *v0;
        *v2 = v2.rotate_left(32);
    };
    let mut chunks = data.chunks_exact(8);
    for chunk in &mut chunks {
        let mut word = [0u8; 8];
        word.copy_from_slice(chunk);
        let m = u64::from_le_bytes(word);
        v3 ^= m;
        round(&mut v0, &mut v1, &mut v2, &mut v3);
        v0 ^= m;
    }
    let mut tail = [0u8; 8];
    let rest = chunks.remainder();
    tail[..rest.len()].copy_from_slice(rest);
    let b = ((data.len() as u64) << 56) | u64::from_le_bytes(tail);
    v3 ^= b;
    round(&mut v0, &mut v1, &mut v2, &mut v3);
    v0 ^= b;
    v2 ^= 0xff;
    for _ in 0..3 {
        round(&mut v0, &mut v1, &mut v2, &mut v3);
    }
    (v0 ^ v1) ^ (v2 ^ v3)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Each value as CPython 3.13 hashes it (`PYTHONHASHSEED=0` for str and bytes).
    #[test]
    fn hashes_match_cpython() {
        let big = |s: &str| Value::Int(s.parse().expect("an int"));
        let cases: Vec<(Value, i64)> = vec![
            (Value::from(-1), -2),
            (big("2305843009213693952"), 1),   // 2**61
            (big("-2305843009213693952"), -2), // -2**61
            (Value::Float(1.5), 1_152_921_504_606_846_977),
            (Value::Float(f64::INFINITY), 314_159),
            (
                Value::Tuple(vec![Value::from(1), Value::from(2)]),
                -3_550_055_125_485_641_917,
            ),
            (Value::Tuple(vec![]), 5_740_354_900_026_072_187),
            (Value::Complex { re: 1.0, im: 2.0 }, 2_000_007),
            (Value::None, 4_238_894_112),
            (Value::from("a"), 4_644_417_185_603_328_019),
            (Value::Bytes(b"a".to_vec()), 4_644_417_185_603_328_019),
            (Value::Float(-0.0), 0),
            (Value::Float(0.1), 230_584_300_921_369_408),
            (Value::Float(1e300), 1_224_995_262_755_759_164),
            (Value::Float(5e-324), 16_777_216),
            (Value::Float(-0.5), -1_152_921_504_606_846_976),
            (Value::Float(1e-300), 482_449_582_752_280_463),
            (Value::from("ab"), 6_148_830_537_548_944_441),
            (Value::from("abc"), -4_594_863_902_769_663_758),
            (Value::from("caf\u{e9}"), 137_524_001_917_817_222),
            (Value::from("\u{20ac}"), -5_529_981_157_763_016_009),
            (Value::from("\u{1f600}"), -3_536_540_696_076_613_844),
            (Value::from("abcdefgh"), 4_574_395_652_268_504_554),
            (Value::from("abcdefghi"), -532_774_252_720_507_163),
            (Value::Float(1e-7), 851_743_510_110_745_977),
            (Value::Float(123456.789), 1_819_310_134_279_660_096),
            (Value::Float(4.35), 807_045_053_224_792_068),
            (Value::Float(2.675), 1_556_444_031_219_243_010),
            (
                Value::Tuple(vec![Value::from("a"), Value::from(1)]),
                6_955_645_834_154_447_545,
            ),
        ];
        for (v, want) in cases {
            assert_eq!(py_hash(&v).expect("hashable"), want, "hash({})", v.repr());
        }
    }

    #[test]
    fn integral_floats_hash_as_their_int() {
        for f in [
            1.0,
            -7.0,
            2f64.powi(61),
            2f64.powi(62),
            -2f64.powi(80),
            1e300,
        ] {
            let i = crate::ops::float_to_int_exact(f).expect("integral");
            assert_eq!(float_hash(f), int_hash(&i), "{f}");
        }
    }

    #[test]
    fn nested_tuples_hash_without_recursion() {
        let mut v = Value::Tuple(vec![]);
        for _ in 0..100_000 {
            v = Value::Tuple(vec![v]);
        }
        assert!(py_hash(&v).is_ok());
        crate::value::drop_deep(v);
    }
}
