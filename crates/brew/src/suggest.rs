//! CPython 3.13's "Did you mean" suggestions (`Python/suggestions.c`):
//! a Levenshtein distance over UTF-8 bytes where a case change costs 1 and
//! any other edit 2, accepting at most a third of the characters changed.

use crate::python_names::{BUILTINS, STDLIB_MODULES};

const MAX_CANDIDATE_ITEMS: usize = 750;
const MAX_STRING_SIZE: usize = 40;
const MOVE_COST: usize = 2;
const CASE_COST: usize = 1;

fn substitution_cost(a: u8, b: u8) -> usize {
    if (a & 31) != (b & 31) {
        return MOVE_COST;
    }
    if a == b {
        return 0;
    }
    if a.eq_ignore_ascii_case(&b) && a.is_ascii_alphabetic() {
        return CASE_COST;
    }
    MOVE_COST
}

fn levenshtein<'a>(mut a: &'a [u8], mut b: &'a [u8], max_cost: usize) -> usize {
    while let (Some(x), Some(y)) = (a.first(), b.first()) {
        if x != y {
            break;
        }
        a = &a[1..];
        b = &b[1..];
    }
    while let (Some(x), Some(y)) = (a.last(), b.last()) {
        if x != y {
            break;
        }
        a = &a[..a.len() - 1];
        b = &b[..b.len() - 1];
    }
    if a.is_empty() || b.is_empty() {
        return (a.len() + b.len()) * MOVE_COST;
    }
    if a.len() > MAX_STRING_SIZE || b.len() > MAX_STRING_SIZE {
        return max_cost + 1;
    }
    if b.len() < a.len() {
        std::mem::swap(&mut a, &mut b);
    }
    if (b.len() - a.len()) * MOVE_COST > max_cost {
        return max_cost + 1;
    }
    let mut buffer: Vec<usize> = (1..=a.len()).map(|i| i * MOVE_COST).collect();
    let mut result = 0;
    for (b_index, &code) in b.iter().enumerate() {
        let mut distance = b_index * MOVE_COST;
        result = distance;
        let mut minimum = usize::MAX;
        for (index, &ac) in a.iter().enumerate() {
            let substitute = distance + substitution_cost(code, ac);
            distance = buffer[index];
            let insert_delete = result.min(distance) + MOVE_COST;
            result = insert_delete.min(substitute);
            buffer[index] = result;
            minimum = minimum.min(result);
        }
        if minimum > max_cost {
            return max_cost + 1;
        }
    }
    result
}

/// The closest candidate to `name`, as `_Py_CalculateSuggestions` picks it.
pub(crate) fn suggest<'a>(
    name: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    let candidates: Vec<&str> = candidates.into_iter().collect();
    if candidates.len() >= MAX_CANDIDATE_ITEMS {
        return None;
    }
    let mut best: Option<(&str, usize)> = None;
    for item in candidates {
        if item == name {
            continue;
        }
        let mut max_distance = (name.len() + item.len() + 3) * MOVE_COST / 6;
        if let Some((_, d)) = best {
            max_distance = max_distance.min(d.saturating_sub(1));
            if d == 0 {
                continue;
            }
        }
        let distance = levenshtein(name.as_bytes(), item.as_bytes(), max_distance);
        if distance > max_distance {
            continue;
        }
        if best.is_none_or(|(_, d)| distance < d) {
            best = Some((item, distance));
        }
    }
    best.map(|(s, _)| s)
}

/// The text CPython 3.13's traceback prints for `NameError` on `name` at a
/// module's top level, whose global names are `globals` in insertion order
/// (the candidates are the frame's locals, which are its globals, then its
/// globals, then the builtins).
pub(crate) fn name_error_message(name: &str, globals: &[&str]) -> String {
    let candidates = globals
        .iter()
        .chain(globals.iter())
        .copied()
        .chain(BUILTINS.iter().copied());
    let mut msg = format!("name '{name}' is not defined");
    let suggestion = suggest(name, candidates);
    if let Some(s) = suggestion {
        msg.push_str(&format!(". Did you mean: '{s}'?"));
    }
    if STDLIB_MODULES.binary_search(&name).is_ok() {
        if suggestion.is_some() {
            msg.push_str(&format!(" Or did you forget to import '{name}'?"));
        } else {
            msg.push_str(&format!(". Did you forget to import '{name}'?"));
        }
    }
    msg
}

/// Whether `name` is one of Python's builtins.
pub(crate) fn is_builtin(name: &str) -> bool {
    BUILTINS.contains(&name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keyword_typos() {
        let params = ["coffee_type", "strength", "milk_amount"];
        assert_eq!(suggest("strenght", params), Some("strength"));
        assert_eq!(suggest("milk", params), None);
        assert_eq!(suggest("Strength", params), Some("strength"));
    }

    #[test]
    fn name_errors() {
        assert_eq!(
            name_error_message("brew_cofee", &["__builtins__", "brew_coffee"]),
            "name 'brew_cofee' is not defined. Did you mean: 'brew_coffee'?"
        );
        assert!(
            name_error_message("math", &["__builtins__", "brew_coffee"])
                .ends_with("Did you forget to import 'math'?")
        );
    }
}
