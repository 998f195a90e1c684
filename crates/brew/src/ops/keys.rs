//! What the call evaluator needs of values as dict keys and display members,
//! kept as methods on [`Value`].

use crate::error::{Error, PyException};
use crate::value::Value;

/// A dict or set key with Python's `==` and `hash` (equal keys are equal
/// Python values: `1 == 1.0 == True`).
#[derive(Debug, Clone)]
pub(crate) struct HashKey {
    hash: i64,
    value: Value,
}

impl PartialEq for HashKey {
    fn eq(&self, other: &Self) -> bool {
        self.hash == other.hash && super::py_eq(&self.value, &other.value)
    }
}

impl Value {
    /// The key Python's dict and set use, or the `unhashable type` TypeError.
    pub(crate) fn hash_key(&self) -> Result<HashKey, PyException> {
        match crate::hash::py_hash(self) {
            Ok(hash) => Ok(HashKey {
                hash,
                value: self.clone(),
            }),
            Err(Error::Python(e)) => Err(e),
            Err(other) => Err(PyException::type_error(other.to_string())),
        }
    }
}
