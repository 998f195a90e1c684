//! CPython 3.13's Unicode (15.1): which characters make identifiers, which
//! `repr` prints as they are, and the NFKC normalisation the parser applies
//! to every non-ASCII identifier (`ｓtrength` is `strength`, `ª` is `a`).
//!
//! The tables come from CPython 3.13's own `unicodedata`
//! (`scripts/brew_gen_unicode.py`), so a character added in a later Unicode
//! version is not an identifier here, as it is not in CPython 3.13, whatever
//! version the Rust crates carry.

use std::cmp::Ordering;

use crate::unicode_tables::{
    ASSIGNED, COMBINING_CLASS, COMPOSITION, DECIMAL, DECOMPOSITION, PRINTABLE, SPACE, WIDE,
    XID_CONTINUE, XID_START,
};

fn in_ranges(table: &[(u32, u32)], c: char) -> bool {
    let c = c as u32;
    table
        .binary_search_by(|&(lo, hi)| {
            if hi < c {
                Ordering::Less
            } else if lo > c {
                Ordering::Greater
            } else {
                Ordering::Equal
            }
        })
        .is_ok()
}

/// Whether a non-ASCII `c` may start an identifier in CPython 3.13.
pub(crate) fn is_xid_start(c: char) -> bool {
    in_ranges(XID_START, c)
}

/// Whether a non-ASCII `c` may continue an identifier in CPython 3.13.
pub(crate) fn is_xid_continue(c: char) -> bool {
    in_ranges(XID_CONTINUE, c)
}

/// Whether the character is assigned in CPython 3.13's Unicode (15.1): only
/// those have names for `\N{...}`.
pub(crate) fn is_assigned(c: char) -> bool {
    in_ranges(ASSIGNED, c)
}

/// `str.isprintable()` of one character in CPython 3.13.
pub(crate) fn is_printable(c: char) -> bool {
    in_ranges(PRINTABLE, c)
}

/// The decimal value of a digit `int()` accepts (`unicodedata.decimal`).
pub(crate) fn decimal_value(c: char) -> Option<u8> {
    let cp = c as u32;
    let i = DECIMAL.partition_point(|&(_, hi)| hi < cp);
    match DECIMAL.get(i) {
        Some(&(lo, _)) if lo <= cp => u8::try_from((cp - lo) % 10).ok(),
        _ => None,
    }
}

/// Whether a non-ASCII `c` is a space to `str.isspace` (and `int()`).
pub(crate) fn is_space(c: char) -> bool {
    in_ranges(SPACE, c)
}

/// Whether `c` takes two columns on a terminal to CPython 3.13's
/// traceback module (East Asian Width `W` or `F`).
pub(crate) fn is_wide(c: char) -> bool {
    !c.is_ascii() && in_ranges(WIDE, c)
}

/// Whether `c` is whitespace to Python's `str.isspace` (`str.strip`'s set).
pub(crate) fn is_py_space(c: char) -> bool {
    matches!(c, '\t'..='\r' | '\x1c'..='\x1f' | ' ') || (!c.is_ascii() && is_space(c))
}

const S_BASE: u32 = 0xAC00;
const L_BASE: u32 = 0x1100;
const V_BASE: u32 = 0x1161;
const T_BASE: u32 = 0x11A7;
const L_COUNT: u32 = 19;
const V_COUNT: u32 = 21;
const T_COUNT: u32 = 28;
const N_COUNT: u32 = V_COUNT * T_COUNT;
const S_COUNT: u32 = L_COUNT * N_COUNT;

fn combining_class(c: char) -> u8 {
    COMBINING_CLASS
        .binary_search_by_key(&(c as u32), |&(cp, _)| cp)
        .map_or(0, |i| COMBINING_CLASS[i].1)
}

fn decompose_into(c: char, out: &mut Vec<char>) {
    let cp = c as u32;
    if (S_BASE..S_BASE + S_COUNT).contains(&cp) {
        let s = cp - S_BASE;
        let l = L_BASE + s / N_COUNT;
        let v = V_BASE + (s % N_COUNT) / T_COUNT;
        let t = T_BASE + s % T_COUNT;
        out.extend([l, v].into_iter().filter_map(char::from_u32));
        if t != T_BASE {
            out.extend(char::from_u32(t));
        }
        return;
    }
    match DECOMPOSITION.binary_search_by_key(&cp, |&(k, _)| k) {
        Ok(i) => out.extend(DECOMPOSITION[i].1.chars()),
        Err(_) => out.push(c),
    }
}

fn compose_pair(a: char, b: char) -> Option<char> {
    let (a, b) = (a as u32, b as u32);
    if (L_BASE..L_BASE + L_COUNT).contains(&a) && (V_BASE..V_BASE + V_COUNT).contains(&b) {
        return char::from_u32(S_BASE + ((a - L_BASE) * V_COUNT + (b - V_BASE)) * T_COUNT);
    }
    if (S_BASE..S_BASE + S_COUNT).contains(&a)
        && (a - S_BASE).is_multiple_of(T_COUNT)
        && (T_BASE + 1..T_BASE + T_COUNT).contains(&b)
    {
        return char::from_u32(a + (b - T_BASE));
    }
    COMPOSITION
        .binary_search_by(|&(x, y, _)| (x, y).cmp(&(a, b)))
        .ok()
        .and_then(|i| char::from_u32(COMPOSITION[i].2))
}

/// NFKC of an identifier, as CPython's parser normalises it
/// (`unicodedata.normalize('NFKC', name)`); ASCII is returned as it is.
///
/// The decomposition table covers identifier characters, which is all an
/// identifier the tokenizer accepted can hold.
pub(crate) fn nfkc_identifier(name: &str) -> String {
    if name.is_ascii() {
        return name.to_string();
    }
    // Decompose.
    let mut chars: Vec<char> = Vec::with_capacity(name.len());
    for c in name.chars() {
        decompose_into(c, &mut chars);
    }
    // Canonical ordering: a stable sort of each run of non-starters.
    let mut i = 0;
    while i < chars.len() {
        if combining_class(chars[i]) == 0 {
            i += 1;
            continue;
        }
        let start = i;
        while i < chars.len() && combining_class(chars[i]) != 0 {
            i += 1;
        }
        chars[start..i].sort_by_key(|&c| combining_class(c));
    }
    // Canonical composition.
    let mut out: Vec<char> = Vec::with_capacity(chars.len());
    let mut starter: Option<usize> = None;
    let mut last_class: i32 = -1;
    for c in chars {
        let class = i32::from(combining_class(c));
        if let Some(s) = starter {
            // Not blocked: no character in between, or one of a lower class.
            let blocked = last_class != -1 && (last_class == 0 || last_class >= class);
            if !blocked && let Some(composed) = compose_pair(out[s], c) {
                out[s] = composed;
                continue;
            }
        }
        if class == 0 {
            starter = Some(out.len());
            last_class = -1;
        } else {
            last_class = class;
        }
        out.push(c);
    }
    out.into_iter().collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn int_digits_and_spaces_are_cpython_313s() {
        // Recorded from CPython 3.13.0's unicodedata.decimal and str.isspace:
        // Unicode 16's new digits (Sunuwar, Kirat Rai, outlined, Garay) are
        // no digits there.
        for (c, value) in [
            ('\u{661}', Some(1)),
            ('\u{1E4F5}', Some(5)),
            ('9', Some(9)),
            ('\u{11BF1}', None),
            ('\u{16D71}', None),
            ('\u{1CCF1}', None),
            ('\u{10D41}', None),
        ] {
            assert_eq!(decimal_value(c), value, "{c:?}");
        }
        for (c, space) in [
            ('\u{2007}', true),
            ('\u{85}', true),
            ('\u{3000}', true),
            ('\u{200B}', false),
            ('\u{180E}', false),
        ] {
            assert_eq!(is_space(c), space, "{c:?}");
        }
    }

    #[test]
    fn identifiers_normalise_as_in_cpython() {
        // Recorded from CPython 3.13.0's unicodedata.normalize('NFKC', …).
        for (raw, nfkc) in [
            ("ｓtrength", "strength"),
            ("ª", "a"),
            ("ﬁne", "fine"),
            ("𝐦𝐢𝐥𝐤", "milk"),
            ("e\u{301}", "é"),
            ("café", "café"),
            ("\u{1100}\u{1161}\u{11A8}", "각"),
            ("각", "각"),
            ("Å", "Å"),
            ("ｶﾞ", "ガ"),
            ("ǅ", "Dž"),
            ("a\u{323}\u{302}", "ậ"),
            ("a\u{302}\u{323}", "ậ"),
            ("ℌ", "H"),
        ] {
            assert_eq!(nfkc_identifier(raw), nfkc, "{raw:?}");
        }
    }

    #[test]
    fn tables_are_cpython_3_13s() {
        assert_eq!(crate::unicode_tables::UNICODE_VERSION, "15.1.0");
        assert!(is_xid_start('é') && !is_xid_start('\u{301}') && is_xid_continue('\u{301}'));
        // U+1C89 CYRILLIC CAPITAL LETTER TJE is Unicode 16: not a letter in 3.13.
        assert!(!is_xid_start('\u{1C89}'));
        assert!(is_printable('é') && !is_printable('\u{85}') && !is_printable('\u{1C89}'));
        // Assigned: controls and format characters too; not Unicode 16's letters.
        assert!(is_assigned('\0') && is_assigned('\u{200D}') && is_assigned('\u{2FFC}'));
        assert!(!is_assigned('\u{1C89}') && !is_assigned('\u{10D40}') && !is_assigned('\u{378}'));
    }
}
