//! INI files: `setup.cfg` (python_requires, classifiers, Django in
//! install_requires and extras) and `tox.ini` (env_list factors, basepython).

use super::{Hits, classifier, factor, offset_in, requirement};
use crate::catalog::Product;
use crate::scan::pin::{self, Source};

/// A line of an INI file: the section it is in, its key (its own, or the one
/// it continues), and its value part.
struct Entry<'a> {
    index: usize,
    line: &'a str,
    section: &'a str,
    key: &'a str,
    value: &'a str,
}

/// The entries of an INI file, continuation lines (indented) carrying the key
/// of the line they continue. Comment lines (`#`, `;`) are skipped.
fn entries(text: &str) -> Vec<Entry<'_>> {
    let mut out = Vec::new();
    let mut section = "";
    let mut key = "";
    for (index, line) in text.lines().enumerate() {
        let trimmed = line.trim();
        if trimmed.is_empty() || trimmed.starts_with(['#', ';']) {
            continue;
        }
        if trimmed.starts_with('[') && trimmed.ends_with(']') && !line.starts_with([' ', '\t']) {
            section = trimmed[1..trimmed.len() - 1].trim();
            key = "";
            continue;
        }
        if line.starts_with([' ', '\t']) && !key.is_empty() {
            out.push(Entry {
                index,
                line,
                section,
                key,
                value: trimmed,
            });
            continue;
        }
        match line.split_once(['=', ':']) {
            Some((k, v)) => {
                key = k.trim();
                out.push(Entry {
                    index,
                    line,
                    section,
                    key,
                    value: v.trim(),
                });
            }
            None => key = "",
        }
    }
    out
}

/// `setup.cfg`.
pub(crate) fn setup_cfg(text: &str, hits: &mut Hits) {
    for e in entries(text) {
        let at = offset_in(e.line, e.value);
        match (e.section, e.key) {
            ("options", "python_requires") => {
                if let Some(pin) = pin::pep440(e.value) {
                    hits.push(
                        e.index,
                        e.line,
                        at,
                        Source::PythonRequires,
                        Product::Python,
                        e.value,
                        pin,
                    );
                }
            }
            ("metadata", "classifiers") => {
                if let Some((product, pin)) = classifier(e.value) {
                    hits.push(
                        e.index,
                        e.line,
                        at,
                        Source::Classifier,
                        product,
                        e.value,
                        pin,
                    );
                }
            }
            ("options", "install_requires") | ("options.extras_require", _) => {
                if let Some((offset, spec, pin)) = requirement::django(e.value) {
                    hits.push(
                        e.index,
                        e.line,
                        at + offset,
                        Source::Dependency,
                        Product::Django,
                        spec,
                        pin,
                    );
                }
            }
            _ => {}
        }
    }
}

/// `tox.ini`: the Python and Django factors of `[tox] env_list` (`envlist`),
/// brace groups expanded (`py{38,39}-django{32,42}`), and `basepython`.
pub(crate) fn tox_ini(text: &str, hits: &mut Hits) {
    for e in entries(text) {
        let at = offset_in(e.line, e.value);
        match (e.section, e.key) {
            ("tox", "envlist" | "env_list") => {
                let mut seen: Vec<String> = Vec::new();
                for env in split_top_level(e.value) {
                    let env_at = at + offset_in(e.value, env);
                    for part in split_outside_braces(env, '-') {
                        for expanded in expand_braces(part) {
                            let Some((product, pin)) = factor(&expanded) else {
                                continue;
                            };
                            if seen.contains(&expanded) {
                                continue;
                            }
                            seen.push(expanded.clone());
                            hits.push(
                                e.index,
                                e.line,
                                env_at,
                                Source::ToxEnv,
                                product,
                                &expanded,
                                pin,
                            );
                        }
                    }
                }
            }
            (section, "deps") if section.starts_with("testenv") => {
                // `django42: Django>=4.2,<4.3`: the factor condition, then the requirement.
                let requirement_text = match e.value.split_once(": ") {
                    Some((cond, req)) if !cond.contains(['<', '>', '=']) => req,
                    _ => e.value,
                };
                if let Some((offset, spec, pin)) = requirement::django(requirement_text) {
                    let at = at + offset_in(e.value, requirement_text) + offset;
                    hits.push(
                        e.index,
                        e.line,
                        at,
                        Source::Dependency,
                        Product::Django,
                        spec,
                        pin,
                    );
                }
            }
            (section, "basepython") if section.starts_with("testenv") => {
                if let Some(pin) = pin::python_version(e.value) {
                    hits.push(
                        e.index,
                        e.line,
                        at,
                        Source::ToxEnv,
                        Product::Python,
                        e.value,
                        pin,
                    );
                }
            }
            _ => {}
        }
    }
}

/// Splits an env list on commas and spaces outside braces.
fn split_top_level(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut depth = 0usize;
    let mut start = 0;
    for (i, c) in text.char_indices() {
        match c {
            '{' => depth += 1,
            '}' => depth = depth.saturating_sub(1),
            ',' | ' ' | '\t' if depth == 0 => {
                if i > start {
                    out.push(&text[start..i]);
                }
                start = i + 1;
            }
            _ => {}
        }
    }
    if start < text.len() {
        out.push(&text[start..]);
    }
    out
}

fn split_outside_braces(text: &str, sep: char) -> Vec<&str> {
    let mut out = Vec::new();
    let mut depth = 0usize;
    let mut start = 0;
    for (i, c) in text.char_indices() {
        match c {
            '{' => depth += 1,
            '}' => depth = depth.saturating_sub(1),
            c if c == sep && depth == 0 => {
                out.push(&text[start..i]);
                start = i + c.len_utf8();
            }
            _ => {}
        }
    }
    out.push(&text[start..]);
    out
}

/// Most names one factor expands to; tox's braces multiply.
const MAX_EXPANSION: usize = 256;

/// `py{38,39}` → `py38`, `py39`; `{a,b}{1,2}` → four names, at most
/// [`MAX_EXPANSION`]. Ranges (`py3{8-11}`) are kept as they are.
fn expand_braces(factor: &str) -> Vec<String> {
    let mut results = vec![String::new()];
    let mut rest = factor;
    while !rest.is_empty() {
        match (rest.find('{'), rest.find('}')) {
            (Some(open), Some(close)) if open < close => {
                let head = &rest[..open];
                let options: Vec<&str> = rest[open + 1..close].split(',').map(str::trim).collect();
                let mut next = Vec::new();
                'outer: for r in &results {
                    for o in &options {
                        if next.len() >= MAX_EXPANSION {
                            break 'outer;
                        }
                        next.push(format!("{r}{head}{o}"));
                    }
                }
                results = next;
                rest = &rest[close + 1..];
            }
            _ => {
                for r in &mut results {
                    r.push_str(rest);
                }
                rest = "";
            }
        }
    }
    results
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(f: fn(&str, &mut Hits), text: &str) -> Vec<String> {
        let mut hits = Hits::default();
        f(text, &mut hits);
        hits.into_vec()
            .into_iter()
            .map(|h| format!("{}:{} {} {} {}", h.line, h.column, h.product, h.text, h.pin))
            .collect()
    }

    #[test]
    fn setup_cfg_pins() {
        let text = "[metadata]\nname = x\nclassifiers =\n    Programming Language :: Python :: 3.7\n    Framework :: Django :: 3.2\n\n[options]\npython_requires = >=3.7\ninstall_requires =\n    Django>=3.2\n    requests\n";
        assert_eq!(
            run(setup_cfg, text),
            [
                "4:5 Python Programming Language :: Python :: 3.7 3.7",
                "5:5 Django Framework :: Django :: 3.2 3.2",
                "8:19 Python >=3.7 >=3.7",
                "10:11 Django >=3.2 >=3.2",
            ]
        );
    }

    #[test]
    fn tox_env_lists() {
        let text = "[tox]\nenvlist =\n    py{38,39,310}-django{32,42}\n    lint, py311\n\n[testenv]\ndeps =\n    django42: Django>=4.2,<4.3\n[testenv:old]\nbasepython = python3.7\n";
        assert_eq!(
            run(tox_ini, text),
            [
                "3:5 Python py38 3.8",
                "3:5 Python py39 3.9",
                "3:5 Python py310 3.10",
                "3:5 Django django32 3.2",
                "3:5 Django django42 4.2",
                "4:11 Python py311 3.11",
                "8:21 Django >=4.2,<4.3 >=4.2,<4.3",
                "10:14 Python python3.7 3.7",
            ]
        );
    }

    #[test]
    fn brace_bombs_are_bounded() {
        let bomb = format!("py{}", "{3,4}".repeat(64));
        assert_eq!(expand_braces(&bomb).len(), MAX_EXPANSION);
    }
}
