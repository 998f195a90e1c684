//! `sorted()`, with CPython 3.13's `list.sort` comparisons: its run
//! detection (`count_run`) and binary insertion sort make the same `<`
//! comparisons in the same order, so a list that cannot be ordered fails on
//! the same pair (`'<' not supported between instances of 'str' and
//! 'int'`), and NaN lands where CPython puts it. Lists of 64 items or more
//! are cut into runs as CPython cuts them, but the runs are merged with a
//! plain stable merge rather than CPython's galloping merge: the result is
//! the same for any consistent order, while the first failing comparison of
//! a mixed list, or the place of a NaN, may differ there.

use super::collections::call_key;
use super::{Args, type_error};
use crate::error::Error;
use crate::limits::Budget;
use crate::ops::{self, CompareOp, is_iterable, iterate_owned};
use crate::value::Value;

/// `sorted(iterable, /, *, key=None, reverse=False)`.
pub(crate) fn sorted(mut args: Args, budget: &mut Budget) -> Result<Value, Error> {
    args.expect_exactly(1)?;
    let key = args.take_kw("key").filter(|k| *k != Value::None);
    let reverse = args.take_kw("reverse").is_some_and(|r| ops::truth(&r));
    let iterable = args.pos.remove(0);
    if !is_iterable(&iterable) {
        return Err(type_error(format!(
            "'{}' object is not iterable",
            iterable.type_name()
        )));
    }
    let items = iterate_owned(iterable, budget)?;
    if let Some((k, _)) = args.kw.first() {
        return Err(type_error(format!(
            "sort() got an unexpected keyword argument '{k}'"
        )));
    }
    let mut keys: Vec<Value> = Vec::with_capacity(items.len());
    for item in &items {
        keys.push(match &key {
            Some(f) => call_key(f, item.clone(), budget)?,
            None => item.clone(),
        });
    }
    let n = items.len() as u64;
    budget.charge(1 + n * (64 - n.leading_zeros() as u64))?;
    // Sort positions, comparing the keys they point at.
    let mut order: Vec<usize> = (0..items.len()).collect();
    if reverse {
        order.reverse();
    }
    let mut lt = |a: &usize, b: &usize| -> Result<bool, Error> {
        ops::compare(CompareOp::Lt, &keys[*a], &keys[*b], budget)
    };
    list_sort(&mut order, &mut lt)?;
    if reverse {
        order.reverse();
    }
    let mut items: Vec<Option<Value>> = items.into_iter().map(Some).collect();
    Ok(Value::List(
        order.into_iter().filter_map(|i| items[i].take()).collect(),
    ))
}

type Lt<'a, T> = dyn FnMut(&T, &T) -> Result<bool, Error> + 'a;

/// `merge_compute_minrun`.
fn minrun(mut n: usize) -> usize {
    let mut r = 0;
    while n >= 64 {
        r |= n & 1;
        n >>= 1;
    }
    n + r
}

/// CPython's `listsort`: runs found by `count_run`, short runs extended by
/// binary insertion to `minrun`, then merged.
fn list_sort<T: Copy>(v: &mut [T], lt: &mut Lt<T>) -> Result<(), Error> {
    if v.len() < 2 {
        return Ok(());
    }
    let min = minrun(v.len());
    let mut runs: Vec<(usize, usize)> = Vec::new();
    let mut lo = 0;
    while lo < v.len() {
        let rest = &mut v[lo..];
        let mut n = count_run(rest, lt)?;
        if n < min {
            let force = rest.len().min(min);
            binary_sort(&mut rest[..force], n, lt)?;
            n = force;
        }
        runs.push((lo, n));
        lo += n;
    }
    // Merge neighbouring runs until one is left.
    while runs.len() > 1 {
        let mut merged = Vec::with_capacity(runs.len().div_ceil(2));
        for pair in runs.chunks(2) {
            match pair {
                [(a, n), (_, m)] => {
                    merge(&mut v[*a..*a + n + m], *n, lt)?;
                    merged.push((*a, n + m));
                }
                [one] => merged.push(*one),
                _ => {}
            }
        }
        runs = merged;
    }
    Ok(())
}

/// 3.13's `count_run`: the length of the run at the start of `v`, turned
/// ascending (a descending run is reversed, keeping equal items stable).
fn count_run<T>(v: &mut [T], lt: &mut Lt<T>) -> Result<usize, Error> {
    let len = v.len();
    let mut n = 1;
    while n < len {
        if lt(&v[n], &v[n - 1])? {
            break;
        }
        n += 1;
    }
    if n == len {
        return Ok(n);
    }
    if n > 1 {
        if lt(&v[0], &v[n - 1])? {
            return Ok(n);
        }
        v[..n].reverse();
    }
    n += 1;
    let mut neq = 0;
    while n < len {
        if lt(&v[n], &v[n - 1])? {
            if neq > 0 {
                v[n - neq - 1..n].reverse();
                neq = 0;
            }
        } else if lt(&v[n - 1], &v[n])? {
            break;
        } else {
            neq += 1;
        }
        n += 1;
    }
    if neq > 0 {
        v[n - neq - 1..n].reverse();
    }
    v[..n].reverse();
    while n < len {
        if lt(&v[n], &v[n - 1])? {
            break;
        }
        n += 1;
    }
    Ok(n)
}

/// `binarysort`: `v[..ok]` is sorted; insert each later item after its equals.
fn binary_sort<T>(v: &mut [T], ok: usize, lt: &mut Lt<T>) -> Result<(), Error> {
    for ok in ok.max(1)..v.len() {
        let (mut l, mut r) = (0, ok);
        while l < r {
            let m = (l + r) >> 1;
            if lt(&v[ok], &v[m])? {
                r = m;
            } else {
                l = m + 1;
            }
        }
        v[l..=ok].rotate_right(1);
    }
    Ok(())
}

/// A stable merge of the sorted `v[..mid]` and `v[mid..]`.
fn merge<T: Copy>(v: &mut [T], mid: usize, lt: &mut Lt<T>) -> Result<(), Error> {
    let (mut i, mut j) = (0, mid);
    let mut order = Vec::with_capacity(v.len());
    while i < mid && j < v.len() {
        if lt(&v[j], &v[i])? {
            order.push(j);
            j += 1;
        } else {
            order.push(i);
            i += 1;
        }
    }
    order.extend(i..mid);
    order.extend(j..v.len());
    let merged: Vec<T> = order.into_iter().map(|k| v[k]).collect();
    v.copy_from_slice(&merged);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sort_ints(xs: &[i64]) -> Vec<i64> {
        let mut v = xs.to_vec();
        let mut lt = |a: &i64, b: &i64| -> Result<bool, Error> { Ok(a < b) };
        list_sort(&mut v, &mut lt).expect("no error");
        v
    }

    #[test]
    fn sorts_like_a_stable_sort() {
        let mut seed = 12345u64;
        for n in [0, 1, 2, 3, 10, 63, 64, 65, 200, 1000] {
            let xs: Vec<i64> = (0..n)
                .map(|_| {
                    seed = seed
                        .wrapping_mul(6364136223846793005)
                        .wrapping_add(1442695040888963407);
                    ((seed >> 33) % 50) as i64
                })
                .collect();
            let mut want = xs.clone();
            want.sort();
            assert_eq!(sort_ints(&xs), want, "n = {n}");
        }
    }

    #[test]
    fn equal_items_keep_their_order_through_descending_runs() {
        // (key, original position): sort by key only.
        let mut v: Vec<(i64, usize)> = [3, 2, 2, 1, 1, 0].iter().copied().zip(0..).collect();
        let mut lt = |a: &(i64, usize), b: &(i64, usize)| -> Result<bool, Error> { Ok(a.0 < b.0) };
        list_sort(&mut v, &mut lt).expect("sorted");
        assert_eq!(v, [(0, 5), (1, 3), (1, 4), (2, 1), (2, 2), (3, 0)]);
    }
}
