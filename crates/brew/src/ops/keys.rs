//! What the call evaluator needs of values as dict keys and display members,
//! kept as methods on [`Value`].

use crate::error::{Error, PyException};
use crate::limits::Budget;
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

    /// Builds a set display of literal members, as CPython compiles it
    /// (three or more constants become a frozenset constant first).
    pub(crate) fn new_set(items: Vec<Value>) -> Result<Value, PyException> {
        let constant = items.len() > 2;
        let items = items.into_iter().map(super::Item::One).collect();
        super::set_display(items, constant, &mut Budget::default(), |v, _| Ok(v)).map_err(into_py)
    }

    /// Builds a dict from pairs in order, as Python's `BUILD_MAP` does.
    pub(crate) fn new_dict(pairs: Vec<(Value, Value)>) -> Result<Value, PyException> {
        let items = pairs
            .into_iter()
            .map(|(k, v)| super::DictItem::Pair(k, v))
            .collect();
        super::dict_display(items, &mut Budget::default(), |v, _| Ok(v)).map_err(into_py)
    }

    /// What `*value` yields, or `None` when Python cannot iterate it.
    pub(crate) fn iterate(&self) -> Option<Vec<Value>> {
        super::iterate(self, &mut Budget::default()).ok()
    }
}

fn into_py(e: Error) -> PyException {
    match e {
        Error::Python(p) => p,
        other => PyException::type_error(other.to_string()),
    }
}
