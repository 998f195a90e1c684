//! The engine's limits on values, stated once.
//!
//! Python computes `10**10**10` for hours and `"a" * 10**12` until memory
//! runs out; a coffee machine must answer at once. Every operation of
//! [`crate::ops`] (and the builtins) checks, *before* doing the work,
//! that its result stays within these limits, and charges the work it does to
//! a [`Budget`] that spans one whole evaluation, so that many operations that
//! are each small cannot add up to a long one either. Going over a limit is
//! `Error::Limit`, our own refusal, distinct from every Python
//! exception.
//!
//! | limit | value | what it bounds |
//! |---|---|---|
//! | [`MAX_INT_BITS`] | 1,048,576 bits (about 315,000 decimal digits) | the size of any `int` result |
//! | [`MAX_ITEMS`] | 1,048,576 | characters of a `str`, bytes of a `bytes`, elements of a `tuple`, `list`, `set` or `dict` result (and of a materialised `range`) |
//! | [`Budget::DEFAULT_WORK`] | 33,554,432 units | all the work of one evaluation: a unit is about one machine word copied, compared or multiplied |
//!
//! Python's own limits are Python's errors, not ours: an `int` of more than
//! 4,300 decimal digits cannot be converted to or from decimal text
//! (`ValueError: Exceeds the limit (4300 digits) …`), exactly as CPython 3.13
//! refuses it.

/// The largest `int` result, in bits (sign excluded).
pub const MAX_INT_BITS: u64 = 1 << 20;

/// The largest number of items in a `str`, `bytes`, `tuple`, `list`, `set`,
/// `frozenset` or `dict` result.
pub const MAX_ITEMS: u64 = 1 << 20;

/// One of the engine's limits that an operation would exceed. Python might
/// carry the operation out; this engine refuses it.
///
/// ```
/// use toolcup_brew::{ops, Budget, Error, Value};
/// let mut budget = Budget::default();
/// let err = ops::binary(ops::BinaryOp::Pow, Value::from(10), Value::from(10_000_000_000i64), &mut budget).unwrap_err();
/// assert!(matches!(err, Error::Limit(_)));
/// assert!(err.to_string().starts_with("engine limit"));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum Limit {
    /// An `int` result would have more than [`MAX_INT_BITS`] bits.
    #[error(
        "engine limit (not a Python error): {what} would have about {bits} bits; this engine computes ints of up to {MAX_INT_BITS} bits"
    )]
    IntTooLarge {
        /// What was computed, e.g. `an int power`.
        what: &'static str,
        /// A lower bound on the result's size in bits.
        bits: u64,
    },
    /// A sized result would hold more than [`MAX_ITEMS`] items.
    #[error(
        "engine limit (not a Python error): {what} would hold {items} items; this engine builds at most {MAX_ITEMS}"
    )]
    TooManyItems {
        /// What was built, e.g. `a str`.
        what: &'static str,
        /// How many items it would hold (at least).
        items: u128,
    },
    /// The evaluation has used up its [`Budget`].
    #[error(
        "engine limit (not a Python error): the expression needs more than {budget} units of work; this engine stops there"
    )]
    OutOfWork {
        /// The budget the evaluation started with.
        budget: u64,
    },
    /// Python semantics this engine does not reproduce.
    #[error("engine limit (not a Python error): {0} is not supported by this engine")]
    NotSupported(&'static str),
}

/// The work that one evaluation may do, charged by every operation on values.
///
/// Make one per evaluation (one call, one signature's defaults): the budget
/// bounds the time and the memory of the whole expression, not of one
/// operation.
///
/// ```
/// use toolcup_brew::Budget;
/// let budget = Budget::default();
/// assert_eq!(budget.remaining(), Budget::DEFAULT_WORK);
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Budget {
    left: u64,
    total: u64,
}

impl Budget {
    /// The work units of a default budget: about a tenth of a second of
    /// computing, or 256 MiB of values built.
    pub const DEFAULT_WORK: u64 = 1 << 25;

    /// A budget of `work` units.
    pub fn new(work: u64) -> Self {
        Self {
            left: work,
            total: work,
        }
    }

    /// The units not yet used.
    pub fn remaining(&self) -> u64 {
        self.left
    }

    /// Takes `units` of work, or fails when the budget cannot pay for them.
    pub(crate) fn charge(&mut self, units: u64) -> Result<(), Limit> {
        match self.left.checked_sub(units) {
            Some(left) => {
                self.left = left;
                Ok(())
            }
            None => {
                self.left = 0;
                Err(Limit::OutOfWork { budget: self.total })
            }
        }
    }

    /// Checks that a result of `items` items (of `unit_bytes` bytes each) is
    /// within [`MAX_ITEMS`] and pays for building it.
    pub(crate) fn charge_items(
        &mut self,
        what: &'static str,
        items: u128,
        unit_bytes: u64,
    ) -> Result<(), Limit> {
        if items > u128::from(MAX_ITEMS) {
            return Err(Limit::TooManyItems { what, items });
        }
        // items <= 2^20 here, so the product fits.
        self.charge(1 + (items as u64 * unit_bytes) / 8)
    }

    /// Checks that an int result of at least `bits` bits is within
    /// [`MAX_INT_BITS`] and pays `work` units for computing it.
    pub(crate) fn charge_int(
        &mut self,
        what: &'static str,
        bits: u64,
        work: u64,
    ) -> Result<(), Limit> {
        if bits > MAX_INT_BITS {
            return Err(Limit::IntTooLarge { what, bits });
        }
        self.charge(work.saturating_add(1 + bits / 64))
    }
}

impl Default for Budget {
    fn default() -> Self {
        Self::new(Self::DEFAULT_WORK)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn charging_past_the_budget_fails_and_empties_it() {
        let mut b = Budget::new(10);
        assert!(b.charge(4).is_ok());
        assert_eq!(b.remaining(), 6);
        assert!(matches!(b.charge(7), Err(Limit::OutOfWork { budget: 10 })));
        assert_eq!(b.remaining(), 0);
    }

    #[test]
    fn item_and_bit_limits_are_inclusive() {
        let mut b = Budget::new(u64::MAX);
        assert!(b.charge_items("a list", u128::from(MAX_ITEMS), 1).is_ok());
        assert!(
            b.charge_items("a list", u128::from(MAX_ITEMS) + 1, 1)
                .is_err()
        );
        assert!(b.charge_int("an int", MAX_INT_BITS, 0).is_ok());
        assert!(b.charge_int("an int", MAX_INT_BITS + 1, 0).is_err());
    }
}
