//! Non-negative integers of any length, as decimal digits: what Python's
//! `int()` gives `packaging`.

use std::cmp::Ordering;
use std::fmt;

/// Python refuses to convert text of more digits than this to an integer.
pub(crate) const MAX_DIGITS: usize = 4300;

/// A non-negative integer stored as its decimal digits, without leading zeros.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub(crate) struct Number(String);

impl Number {
    /// Zero.
    pub(crate) fn zero() -> Number {
        Number("0".to_owned())
    }

    /// From ASCII digits (at least one, at most [`MAX_DIGITS`]); `None` otherwise.
    pub(crate) fn from_digits(digits: &str) -> Option<Number> {
        if digits.is_empty()
            || digits.len() > MAX_DIGITS
            || !digits.bytes().all(|b| b.is_ascii_digit())
        {
            return None;
        }
        let trimmed = digits.trim_start_matches('0');
        Some(Number(if trimmed.is_empty() {
            "0".to_owned()
        } else {
            trimmed.to_owned()
        }))
    }

    /// Whether this is zero.
    pub(crate) fn is_zero(&self) -> bool {
        self.0 == "0"
    }

    /// This number plus one.
    pub(crate) fn plus_one(&self) -> Number {
        let mut digits: Vec<u8> = self.0.bytes().collect();
        let mut i = digits.len();
        loop {
            if i == 0 {
                digits.insert(0, b'1');
                break;
            }
            i -= 1;
            if digits[i] == b'9' {
                digits[i] = b'0';
            } else {
                digits[i] += 1;
                break;
            }
        }
        Number(String::from_utf8_lossy(&digits).into_owned())
    }

    /// The value if it fits a `u32`.
    pub(crate) fn to_u32(&self) -> Option<u32> {
        self.0.parse().ok()
    }
}

impl From<u32> for Number {
    fn from(n: u32) -> Number {
        Number(n.to_string())
    }
}

impl Ord for Number {
    fn cmp(&self, other: &Self) -> Ordering {
        self.0
            .len()
            .cmp(&other.0.len())
            .then_with(|| self.0.cmp(&other.0))
    }
}

impl PartialOrd for Number {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl fmt::Display for Number {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn digits() {
        assert_eq!(Number::from_digits("007").unwrap().to_string(), "7");
        assert_eq!(Number::from_digits("000").unwrap(), Number::zero());
        assert!(Number::from_digits("").is_none());
        assert!(Number::from_digits("1a").is_none());
        assert!(Number::from_digits("３").is_none());
        assert!(Number::from_digits(&"9".repeat(MAX_DIGITS)).is_some());
        assert!(Number::from_digits(&"9".repeat(MAX_DIGITS + 1)).is_none());
        assert_eq!(
            Number::from_digits("999").unwrap().plus_one().to_string(),
            "1000"
        );
        assert_eq!(Number::zero().plus_one().to_string(), "1");
        let big = Number::from_digits("99999999999999999999999").unwrap();
        assert!(big > Number::from(u32::MAX) && big.to_u32().is_none());
    }

    proptest! {
        #[test]
        fn orders_as_integers(a in any::<u64>(), b in any::<u64>()) {
            let (na, nb) = (Number::from_digits(&a.to_string()).unwrap(), Number::from_digits(&b.to_string()).unwrap());
            prop_assert_eq!(na.cmp(&nb), a.cmp(&b));
            prop_assert_eq!(na.plus_one().to_string(), (u128::from(a) + 1).to_string());
        }
    }
}
