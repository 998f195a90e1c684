//! Sets, frozensets and dicts: building them (displays with `*`/`**`
//! unpacking, `set(…)`), their operators, and iterating any value, in
//! CPython 3.13's order of operations so that set members land in the same
//! slots and errors come at the same moment.

use num_traits::ToPrimitive;

use super::compare::{DictIndex, py_eq};
use super::sequence::ITEM_BYTES;
use super::{BinaryOp, DictItem, Item};
use crate::error::{Error, PyException};
use crate::hash::py_hash;
use crate::limits::{Budget, Limit, MAX_ITEMS};
use crate::set_table::SetTable;
use crate::value::{IteratorKind, LazyIterator, Value};

/// CPython's `STACK_USE_GUIDELINE`: displays longer than this are built item by item.
const STACK_USE_GUIDELINE: usize = 30;

/// The hash a set uses for `v`: a `set` member is looked up as the
/// equal `frozenset` (`{1} in {frozenset({1})}`), as CPython does.
fn member_hash(v: &Value) -> Result<i64, Error> {
    match v {
        Value::Set(t) => Ok(t.frozenset_hash()),
        other => py_hash(other),
    }
}

/// Adds a value to a set table (`set_add_key`).
pub(crate) fn set_add(
    table: &mut SetTable<Value>,
    v: Value,
    budget: &mut Budget,
) -> Result<(), Error> {
    let hash = py_hash(&v)?;
    if table.len() as u64 >= MAX_ITEMS {
        budget.charge_items("a set", table.len() as u128 + 1, ITEM_BYTES)?;
    }
    budget.charge(1 + ITEM_BYTES / 8)?;
    table.insert(hash, v, py_eq);
    Ok(())
}

/// `set_update_internal`: adds the members of any iterable, merging another
/// set's table, or a dict's keys after one resize.
pub(crate) fn set_update(
    table: &mut SetTable<Value>,
    iterable: Value,
    budget: &mut Budget,
) -> Result<(), Error> {
    match iterable {
        Value::Set(other) | Value::FrozenSet(other) => {
            budget.charge_items("a set", (table.len() + other.len()) as u128, ITEM_BYTES)?;
            table.merge(&other, py_eq);
        }
        Value::Dict(pairs) => {
            table.reserve_for_dict(pairs.len());
            for (k, _) in pairs {
                set_add(table, k, budget)?;
            }
        }
        other => {
            for v in iterate_owned(other, budget)? {
                set_add(table, v, budget)?;
            }
        }
    }
    Ok(())
}

/// What iterating `v` yields, or `TypeError: 'int' object is not iterable`.
pub(crate) fn iterate_owned(v: Value, budget: &mut Budget) -> Result<Vec<Value>, Error> {
    let items: Vec<Value> = match v {
        Value::Str(s) => {
            budget.charge_items("a str's characters", s.chars().count() as u128, ITEM_BYTES)?;
            s.chars().map(|c| Value::Str(c.to_string())).collect()
        }
        Value::Bytes(b) => {
            budget.charge_items("a bytes object's items", b.len() as u128, ITEM_BYTES)?;
            b.iter().map(|&x| Value::from(i64::from(x))).collect()
        }
        Value::Tuple(items) | Value::List(items) => items,
        Value::Set(t) | Value::FrozenSet(t) => t.into_members().collect(),
        Value::Dict(pairs) => pairs.into_iter().map(|(k, _)| k).collect(),
        Value::Iterator(it) => consume(*it, budget)?,
        v if is_type_var_tuple(&v) => {
            return Err(Limit::NotSupported(
                "unpacking a TypeVarTuple (`*Ts` makes `typing.Unpack[Ts]`)",
            )
            .into());
        }
        // Iterating `list[int]` yields `*list[int]` (for `tuple[*Ts]`).
        Value::GenericAlias(mut ga) => {
            ga.unpacked = true;
            vec![Value::GenericAlias(ga)]
        }
        Value::Range(r) => {
            let len = r.len();
            if len.to_i64().is_none() {
                return Err(super::py_err(
                    crate::error::PyErrorKind::OverflowError,
                    "Python int too large to convert to C ssize_t",
                ));
            }
            budget.charge_items(
                "a materialised range",
                len.to_u128().unwrap_or(u128::MAX),
                ITEM_BYTES,
            )?;
            let mut out = Vec::with_capacity(len.to_usize().unwrap_or(0));
            let mut x = r.start.clone();
            for _ in 0..out.capacity() {
                let next = &x + &r.step;
                out.push(Value::Int(x));
                x = next;
            }
            out
        }
        other => {
            return Err(PyException::type_error(format!(
                "'{}' object is not iterable",
                other.type_name()
            ))
            .into());
        }
    };
    Ok(items)
}

/// The items a lazy iterator yields, with `zip(strict=True)`'s errors.
fn consume(it: LazyIterator, budget: &mut Budget) -> Result<Vec<Value>, Error> {
    Ok(match it.kind {
        IteratorKind::Zip { sources, strict } => {
            let columns = sources
                .into_iter()
                .map(|s| iterate_owned(s, budget))
                .collect::<Result<Vec<_>, _>>()?;
            let Some(shortest) = columns.iter().map(Vec::len).min() else {
                return Ok(Vec::new());
            };
            if strict {
                let plural = |i: usize| {
                    if i == 1 {
                        " 1".to_string()
                    } else {
                        format!("s 1-{i}")
                    }
                };
                // The first iterator to run out is the first of the shortest.
                let first = columns[0].len();
                if first > shortest
                    && let Some(i) = columns.iter().position(|c| c.len() == shortest)
                {
                    return Err(super::py_err(
                        crate::error::PyErrorKind::ValueError,
                        format!(
                            "zip() argument {} is shorter than argument{}",
                            i + 1,
                            plural(i)
                        ),
                    ));
                }
                if let Some(i) = columns.iter().position(|c| c.len() > shortest) {
                    return Err(super::py_err(
                        crate::error::PyErrorKind::ValueError,
                        format!(
                            "zip() argument {} is longer than argument{}",
                            i + 1,
                            plural(i)
                        ),
                    ));
                }
            }
            budget.charge_items(
                "a zip",
                (shortest * (columns.len() + 1)) as u128,
                ITEM_BYTES,
            )?;
            let mut iters: Vec<_> = columns.into_iter().map(Vec::into_iter).collect();
            (0..shortest)
                .map(|_| Value::Tuple(iters.iter_mut().filter_map(Iterator::next).collect()))
                .collect()
        }
        IteratorKind::Enumerate { source, start } => {
            let items = iterate_owned(source, budget)?;
            budget.charge_items("an enumerate", items.len() as u128 * 3, ITEM_BYTES)?;
            items
                .into_iter()
                .enumerate()
                .map(|(i, v)| Value::Tuple(vec![Value::Int(&start + i), v]))
                .collect()
        }
        IteratorKind::Reversed { source } => {
            let mut items = iterate_owned(source, budget)?;
            items.reverse();
            items
        }
    })
}

/// Tuple and list displays: items in order, `*x` spliced in (`Value after *
/// must be an iterable, not int` otherwise).
pub(crate) fn sequence_display<T>(
    items: Vec<Item<T>>,
    budget: &mut Budget,
    mut eval: impl FnMut(T, &mut Budget) -> Result<Value, Error>,
) -> Result<Vec<Value>, Error> {
    let mut out = Vec::with_capacity(items.len());
    for item in items {
        match item {
            Item::One(e) => out.push(eval(e, budget)?),
            Item::Star(e) => {
                let v = eval(e, budget)?;
                if !is_iterable(&v) {
                    return Err(PyException::type_error(format!(
                        "Value after * must be an iterable, not {}",
                        v.type_name()
                    ))
                    .into());
                }
                out.extend(iterate_owned(v, budget)?);
            }
        }
        if out.len() as u64 > MAX_ITEMS {
            budget.charge_items("a display", out.len() as u128, ITEM_BYTES)?;
        }
    }
    budget.charge(1 + out.len() as u64 * ITEM_BYTES / 8)?;
    Ok(out)
}

pub(crate) fn is_iterable(v: &Value) -> bool {
    matches!(
        v,
        Value::Str(_)
            | Value::Bytes(_)
            | Value::Tuple(_)
            | Value::List(_)
            | Value::Set(_)
            | Value::FrozenSet(_)
            | Value::Dict(_)
            | Value::Range(_)
            | Value::Iterator(_)
            | Value::GenericAlias(_)
    ) || is_type_var_tuple(v)
}

/// `*Ts` of a generic def: iterating it yields `typing.Unpack[Ts]`, which
/// this engine does not model.
fn is_type_var_tuple(v: &Value) -> bool {
    matches!(v, Value::TypeParam(t) if t.kind == crate::value::TypeParamKind::TypeVarTuple)
}

/// A set display `{a, b, *c}` as CPython 3.13 compiles and runs it.
///
/// `constant` says that every element is a constant after CPython's AST
/// optimiser (literals, tuples of constants, folded operators): three or
/// more such elements become a frozenset constant at compile time, which is
/// rebuilt once by the compiler's constant cache and then merged into an
/// empty set. Otherwise the members are added one by one (`BUILD_SET`,
/// `SET_ADD`, `SET_UPDATE`), all at once after evaluating them unless the
/// display is starred or longer than 30 elements.
pub(crate) fn set_display<T>(
    items: Vec<Item<T>>,
    constant: bool,
    budget: &mut Budget,
    mut eval: impl FnMut(T, &mut Budget) -> Result<Value, Error>,
) -> Result<Value, Error> {
    let n = items.len();
    let starred = items.iter().any(|i| matches!(i, Item::Star(_)));
    if constant && n > 2 && !starred {
        let mut folded = SetTable::new();
        for item in items {
            if let Item::One(e) = item {
                set_add(&mut folded, eval(e, budget)?, budget)?;
            }
        }
        // The constant cache rebuilds the frozenset from its own iteration order.
        let mut rebuilt = SetTable::new();
        for v in folded.into_members() {
            set_add(&mut rebuilt, v, budget)?;
        }
        let mut table = SetTable::new();
        table.merge(&rebuilt, py_eq);
        return Ok(Value::Set(table));
    }
    let big = n > STACK_USE_GUIDELINE;
    let mut table = SetTable::new();
    let mut pending: Vec<Value> = Vec::new();
    let mut built = big;
    for item in items {
        match item {
            Item::Star(e) => {
                if !built {
                    for v in pending.drain(..) {
                        set_add(&mut table, v, budget)?;
                    }
                    built = true;
                }
                let v = eval(e, budget)?;
                set_update(&mut table, v, budget)?;
            }
            Item::One(e) => {
                let v = eval(e, budget)?;
                if built {
                    set_add(&mut table, v, budget)?;
                } else {
                    pending.push(v);
                }
            }
        }
    }
    for v in pending {
        set_add(&mut table, v, budget)?;
    }
    Ok(Value::Set(table))
}

/// A dict under construction: insertion order, first key kept, last value wins.
pub(crate) struct DictBuilder {
    pairs: Vec<(Value, Value)>,
    index: DictIndex,
}

impl DictBuilder {
    pub(crate) fn new() -> Self {
        Self {
            pairs: Vec::new(),
            index: DictIndex::new(&[]),
        }
    }

    pub(crate) fn from_pairs(pairs: Vec<(Value, Value)>) -> Self {
        let index = DictIndex::new(&pairs);
        Self { pairs, index }
    }

    /// `d[k] = v`: unhashable keys fail here.
    pub(crate) fn insert(&mut self, k: Value, v: Value, budget: &mut Budget) -> Result<(), Error> {
        let hash = py_hash(&k)?;
        budget.charge(1 + 2 * ITEM_BYTES / 8)?;
        match self.index.find(&self.pairs, &k) {
            Some(i) => self.pairs[i].1 = v,
            None => {
                if self.pairs.len() as u64 >= MAX_ITEMS {
                    budget.charge_items("a dict", self.pairs.len() as u128 + 1, ITEM_BYTES)?;
                }
                self.pairs.push((k, v));
                self.index.push(hash, self.pairs.len() - 1);
                self.index.grow(&self.pairs);
            }
        }
        Ok(())
    }

    /// `DICT_UPDATE`: merges a mapping, or fails with `'int' object is not a mapping`.
    pub(crate) fn update(&mut self, mapping: Value, budget: &mut Budget) -> Result<(), Error> {
        if is_dict_type(&mapping) {
            // The class has a `keys` attribute, so CPython calls it, unbound.
            return Err(
                PyException::type_error("unbound method dict.keys() needs an argument").into(),
            );
        }
        let Value::Dict(pairs) = mapping else {
            return Err(PyException::type_error(format!(
                "'{}' object is not a mapping",
                mapping.type_name()
            ))
            .into());
        };
        for (k, v) in pairs {
            self.insert(k, v, budget)?;
        }
        Ok(())
    }

    pub(crate) fn finish(self) -> Vec<(Value, Value)> {
        self.pairs
    }
}

/// Whether `v` is the `dict` class or an alias of it (`dict[str, int]`).
pub(crate) fn is_dict_type(v: &Value) -> bool {
    match v {
        Value::Builtin(crate::value::Builtin::Dict) => true,
        Value::GenericAlias(ga) => ga.origin == crate::value::Builtin::Dict,
        _ => false,
    }
}

/// A dict display `{k: v, **m}` in CPython 3.13's order: runs of pairs are
/// evaluated and then inserted together (`BUILD_MAP`), one by one past 16
/// pairs, and each `**m` is merged as soon as it is evaluated.
pub(crate) fn dict_display<T>(
    items: Vec<DictItem<T>>,
    budget: &mut Budget,
    mut eval: impl FnMut(T, &mut Budget) -> Result<Value, Error>,
) -> Result<Value, Error> {
    let mut dict = DictBuilder::new();
    // Mirror `compiler_dict`: a run of plain pairs is a sub-dict, built
    // after its last pair is evaluated unless it has more than 15 pairs.
    let mut run: Vec<(T, T)> = Vec::new();
    let flush = |run: &mut Vec<(T, T)>,
                 dict: &mut DictBuilder,
                 budget: &mut Budget,
                 eval: &mut dyn FnMut(T, &mut Budget) -> Result<Value, Error>|
     -> Result<(), Error> {
        let big = run.len() * 2 > STACK_USE_GUIDELINE;
        let mut evaluated = Vec::with_capacity(run.len());
        for (k, v) in run.drain(..) {
            let k = eval(k, budget)?;
            let v = eval(v, budget)?;
            if big {
                dict.insert(k, v, budget)?;
            } else {
                evaluated.push((k, v));
            }
        }
        for (k, v) in evaluated {
            dict.insert(k, v, budget)?;
        }
        Ok(())
    };
    for item in items {
        match item {
            DictItem::Pair(k, v) => {
                if run.len() * 2 > STACK_USE_GUIDELINE {
                    run.push((k, v));
                    flush(&mut run, &mut dict, budget, &mut eval)?;
                } else {
                    run.push((k, v));
                }
            }
            DictItem::Unpack(m) => {
                flush(&mut run, &mut dict, budget, &mut eval)?;
                let m = eval(m, budget)?;
                dict.update(m, budget)?;
            }
        }
    }
    flush(&mut run, &mut dict, budget, &mut eval)?;
    Ok(Value::Dict(dict.finish()))
}

/// Set and dict operators; `Ok(None)` when they do not apply.
pub(crate) fn binary(
    op: BinaryOp,
    a: Value,
    b: Value,
    budget: &mut Budget,
) -> Result<Option<Value>, Error> {
    match (a, b) {
        (Value::Dict(x), Value::Dict(y)) if op == BinaryOp::BitOr => {
            let mut dict = DictBuilder::from_pairs(x);
            for (k, v) in y {
                dict.insert(k, v, budget)?;
            }
            Ok(Some(Value::Dict(dict.finish())))
        }
        (a @ (Value::Set(_) | Value::FrozenSet(_)), b @ (Value::Set(_) | Value::FrozenSet(_))) => {
            let frozen = matches!(a, Value::FrozenSet(_));
            let (Value::Set(x) | Value::FrozenSet(x)) = a else {
                return Ok(None);
            };
            let (Value::Set(y) | Value::FrozenSet(y)) = b else {
                return Ok(None);
            };
            budget.charge(1 + (x.len() + y.len()) as u64 * ITEM_BYTES / 8)?;
            let table = match op {
                BinaryOp::BitOr => {
                    let mut t = copy(&x);
                    t.merge(&y, py_eq);
                    t
                }
                BinaryOp::BitAnd => intersection(&x, &y),
                BinaryOp::Sub => difference(&x, &y),
                BinaryOp::BitXor => {
                    let mut t = copy(&y);
                    for (h, k) in x.entries() {
                        if !t.discard(h, k, py_eq) {
                            t.insert(h, k.clone(), py_eq);
                        }
                    }
                    t
                }
                _ => return Ok(None),
            };
            Ok(Some(if frozen {
                Value::FrozenSet(table)
            } else {
                Value::Set(table)
            }))
        }
        _ => Ok(None),
    }
}

/// `set_copy`: a new set merged from `t`.
fn copy(t: &SetTable<Value>) -> SetTable<Value> {
    let mut out = SetTable::new();
    out.merge(t, py_eq);
    out
}

/// `set_intersection`: the smaller set is iterated (the right one on a tie),
/// and its members are the ones kept.
fn intersection(a: &SetTable<Value>, b: &SetTable<Value>) -> SetTable<Value> {
    let (large, small) = if b.len() > a.len() { (b, a) } else { (a, b) };
    let mut out = SetTable::new();
    for (h, k) in small.entries() {
        if large.contains(h, k, py_eq) {
            out.insert(h, k.clone(), py_eq);
        }
    }
    out
}

/// `set_difference`: a copy with removals when `a` is over four times as
/// large as `b`, else a new set of `a`'s members missing from `b`.
fn difference(a: &SetTable<Value>, b: &SetTable<Value>) -> SetTable<Value> {
    if (a.len() >> 2) > b.len() {
        let mut out = copy(a);
        for (h, k) in b.entries() {
            out.discard(h, k, py_eq);
        }
        out.purge_dummies();
        return out;
    }
    let mut out = SetTable::new();
    for (h, k) in a.entries() {
        if !b.contains(h, k, py_eq) {
            out.insert(h, k.clone(), py_eq);
        }
    }
    out
}

/// `x in set` or `x in dict`; `Ok(None)` for other containers.
pub(crate) fn contains(container: &Value, x: &Value) -> Result<Option<bool>, Error> {
    Ok(Some(match container {
        Value::Set(t) | Value::FrozenSet(t) => t.contains(member_hash(x)?, x, py_eq),
        Value::Dict(pairs) => {
            py_hash(x)?;
            super::compare::dict_lookup(pairs, x).is_some()
        }
        _ => return Ok(None),
    }))
}
