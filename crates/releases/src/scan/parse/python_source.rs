//! Python source read as text, never run: `setup.py` (python_requires,
//! classifiers, Django requirements) and `noxfile.py` (the `python=` of
//! sessions, and lists of versions assigned to a name that says Python).

use super::{Hits, classifier, quoted, requirement};
use crate::catalog::Product;
use crate::scan::pin::{self, Source};

/// Lines a `python=[…]` argument may span.
const MAX_ARGUMENT_LINES: usize = 50;

/// `setup.py`.
pub(crate) fn setup_py(text: &str, hits: &mut Hits) {
    for (i, line) in text.lines().enumerate() {
        let strings = quoted(line);
        if let Some(key) = line.find("python_requires")
            && let Some((at, spec)) = strings.iter().find(|(at, _)| *at > key)
        {
            if let Some(pin) = pin::pep440(spec) {
                hits.push(
                    i,
                    line,
                    *at,
                    Source::PythonRequires,
                    Product::Python,
                    spec,
                    pin,
                );
            }
            continue;
        }
        for (at, s) in &strings {
            if let Some((product, pin)) = classifier(s) {
                hits.push(i, line, *at, Source::Classifier, product, s, pin);
            } else if let Some((offset, spec, pin)) = requirement::django(s) {
                hits.push(
                    i,
                    line,
                    at + offset,
                    Source::Dependency,
                    Product::Django,
                    spec,
                    pin,
                );
            }
        }
    }
}

/// `noxfile.py`.
pub(crate) fn noxfile(text: &str, hits: &mut Hits) {
    let lines: Vec<&str> = text.lines().collect();
    let mut i = 0;
    while i < lines.len() {
        let line = lines[i];
        let code = line.split('#').next().unwrap_or("");
        let starts_list = if let Some(at) = code.find("python=").or_else(|| code.find("python =")) {
            Some(at)
        } else {
            // `PYTHON_VERSIONS = ["3.9", "3.10"]` and friends.
            code.split_once('=')
                .filter(|(name, value)| {
                    let name = name.trim();
                    !value.starts_with('=')
                        && name.to_ascii_lowercase().contains("python")
                        && name.chars().all(|c| c.is_alphanumeric() || c == '_')
                })
                .map(|(name, _)| name.len())
        };
        let Some(from) = starts_list else {
            for (at, s) in quoted(line) {
                if let Some((offset, spec, pin)) = requirement::django(s) {
                    hits.push(
                        i,
                        line,
                        at + offset,
                        Source::Dependency,
                        Product::Django,
                        spec,
                        pin,
                    );
                }
            }
            i += 1;
            continue;
        };
        // Read string literals from `from` until the brackets opened there close.
        let mut depth = 0i32;
        let mut j = i;
        let mut start = from;
        loop {
            let current = lines[j];
            for (at, s) in quoted(current) {
                if at < start {
                    continue;
                }
                if let Some(pin) = pin::python_version(s) {
                    hits.push(j, current, at, Source::NoxSession, Product::Python, s, pin);
                }
            }
            let code = current
                .get(start..)
                .unwrap_or("")
                .split('#')
                .next()
                .unwrap_or("");
            for c in code.chars() {
                match c {
                    '[' | '(' => depth += 1,
                    ']' | ')' => depth -= 1,
                    _ => {}
                }
            }
            j += 1;
            start = 0;
            if depth <= 0 || j >= lines.len() || j - i >= MAX_ARGUMENT_LINES {
                break;
            }
        }
        i = j;
    }
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
    fn setup_py_pins() {
        let text = "setup(\n    name='x',\n    python_requires='>=3.6, <4',\n    install_requires=['Django>=2.2', 'six'],\n    classifiers=[\n        'Programming Language :: Python :: 3.6',\n    ],\n)\n";
        assert_eq!(
            run(setup_py, text),
            [
                "3:22 Python >=3.6, <4 >=3.6, <4",
                "4:30 Django >=2.2 >=2.2",
                "6:10 Python Programming Language :: Python :: 3.6 3.6",
            ]
        );
    }

    #[test]
    fn noxfile_sessions() {
        let text = "import nox\n\nPYTHON_VERSIONS = [\"3.9\", \"3.10\"]\n\n@nox.session(python=[\n    \"3.11\",\n    \"3.12\",  # newest\n])\ndef tests(session):\n    session.install(\"django==4.2.7\")\n\n@nox.session(python=\"3.8\")\ndef lint(session):\n    pass\n";
        assert_eq!(
            run(noxfile, text),
            [
                "3:21 Python 3.9 3.9",
                "3:28 Python 3.10 3.10",
                "6:6 Python 3.11 3.11",
                "7:6 Python 3.12 3.12",
                "10:28 Django ==4.2.7 4.2.7",
                "12:22 Python 3.8 3.8",
            ]
        );
    }
}
