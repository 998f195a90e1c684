//! TOML files, parsed with spans so each pin keeps its line: `pyproject.toml`
//! (requires-python, classifiers, Django dependencies, Poetry's python and
//! Django, tox's env_list), `mise.toml`, `Pipfile`, `tox.toml`.

use toml::Spanned;
use toml::de::{DeTable, DeValue};

use super::{Hits, classifier, factor, requirement};
use crate::catalog::Product;
use crate::scan::pin::{self, Pin, Source};

/// Deepest nesting of arrays and inline tables accepted. The `toml` crate
/// builds nested values recursively; real files nest two or three deep.
const MAX_NESTING: usize = 64;

/// The parsed document, or the one-line reason it is not read.
fn parse(text: &str) -> Result<Spanned<DeTable<'_>>, String> {
    check_nesting(text)?;
    DeTable::parse(text).map_err(|e| {
        format!(
            "not valid TOML: {}",
            e.message().split_whitespace().collect::<Vec<_>>().join(" ")
        )
    })
}

/// Refuses text whose brackets and braces (outside strings and comments) nest
/// deeper than [`MAX_NESTING`]. A conservative, linear pre-check.
fn check_nesting(text: &str) -> Result<(), String> {
    let mut depth = 0usize;
    let mut quote: Option<u8> = None;
    let mut comment = false;
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if comment {
            comment = b != b'\n';
        } else if let Some(q) = quote {
            if b == b'\\' && q == b'"' {
                i += 1;
            } else if b == q {
                quote = None;
            }
        } else {
            match b {
                b'"' | b'\'' => quote = Some(b),
                b'#' => comment = true,
                b'[' | b'{' => {
                    depth += 1;
                    if depth > MAX_NESTING {
                        return Err(format!("nested deeper than {MAX_NESTING} levels, not read"));
                    }
                }
                b']' | b'}' => depth = depth.saturating_sub(1),
                _ => {}
            }
        }
        i += 1;
    }
    Ok(())
}

/// Turns byte offsets into lines and columns.
struct Lines<'a> {
    text: &'a str,
    starts: Vec<usize>,
}

impl<'a> Lines<'a> {
    fn new(text: &'a str) -> Self {
        let starts = std::iter::once(0)
            .chain(text.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        Lines { text, starts }
    }

    /// Line index, the line, and the offset in it, of byte `at`.
    fn locate(&self, at: usize) -> (usize, &'a str, usize) {
        let index = self.starts.partition_point(|&s| s <= at).saturating_sub(1);
        let start = self.starts[index];
        let end = self.text[start..]
            .find('\n')
            .map_or(self.text.len(), |e| start + e);
        (index, &self.text[start..end], at - start)
    }
}

/// Where the content of a string value starts: after its opening quote(s).
fn content_start(text: &str, span: &std::ops::Range<usize>) -> usize {
    let raw = text.get(span.clone()).unwrap_or("");
    // The opening delimiter only: `""` is an empty string, not two quotes.
    let quotes = if raw.starts_with("\"\"\"") || raw.starts_with("'''") {
        3
    } else if raw.starts_with('"') || raw.starts_with('\'') {
        1
    } else {
        0
    };
    span.start + quotes
}

struct Doc<'a> {
    text: &'a str,
    lines: Lines<'a>,
}

impl<'a> Doc<'a> {
    fn new(text: &'a str) -> Self {
        Doc {
            text,
            lines: Lines::new(text),
        }
    }

    /// Records `pin` for the string value `value`.
    fn hit(
        &self,
        hits: &mut Hits,
        value: &Spanned<DeValue<'_>>,
        source: Source,
        product: Product,
        shown: &str,
        pin: Pin,
    ) {
        let at = content_start(self.text, &value.span());
        let (index, line, offset) = self.lines.locate(at);
        hits.push(index, line, offset, source, product, shown, pin);
    }

    /// A Django requirement string (PEP 508).
    fn requirement(&self, hits: &mut Hits, value: &Spanned<DeValue<'_>>) {
        let Some(text) = value.get_ref().as_str() else {
            return;
        };
        if let Some((offset, spec, pin)) = requirement::django(text) {
            let at = content_start(self.text, &value.span()) + offset;
            let (index, line, offset) = self.lines.locate(at.min(self.text.len()));
            hits.push(
                index,
                line,
                offset,
                Source::Dependency,
                Product::Django,
                spec,
                pin,
            );
        }
    }

    /// Each Django requirement of an array of requirement strings.
    fn requirements(&self, hits: &mut Hits, value: Option<&Spanned<DeValue<'_>>>) {
        for item in value
            .and_then(|v| v.get_ref().as_array())
            .map_or(&[][..], |a| &a[..])
        {
            self.requirement(hits, item);
        }
    }

    /// Each tox environment name of an array: its Python and Django factors.
    fn env_list(&self, hits: &mut Hits, value: Option<&Spanned<DeValue<'_>>>) {
        for item in value
            .and_then(|v| v.get_ref().as_array())
            .map_or(&[][..], |a| &a[..])
        {
            let Some(name) = item.get_ref().as_str() else {
                continue;
            };
            for part in name.split('-') {
                if let Some((product, pin)) = factor(part) {
                    self.hit(hits, item, Source::ToxEnv, product, part, pin);
                }
            }
        }
    }

    /// A Poetry dependency value: `"^4.2"` or `{ version = "^4.2", … }`.
    fn poetry(
        &self,
        hits: &mut Hits,
        value: &Spanned<DeValue<'_>>,
        source: Source,
        product: Product,
    ) {
        let value = match value.get_ref() {
            DeValue::Table(t) => match t.get("version") {
                Some(v) => v,
                None => return,
            },
            _ => value,
        };
        if let Some(text) = value.get_ref().as_str()
            && let Some(pin) = pin::poetry(text)
        {
            self.hit(hits, value, source, product, text, pin);
        }
    }
}

fn get<'t, 'i>(table: &'t DeTable<'i>, key: &str) -> Option<&'t Spanned<DeValue<'i>>> {
    table.get(key)
}

fn table<'t, 'i>(value: Option<&'t Spanned<DeValue<'i>>>) -> Option<&'t DeTable<'i>> {
    value.and_then(|v| v.get_ref().as_table())
}

/// `pyproject.toml`.
pub(crate) fn pyproject(text: &str, hits: &mut Hits) -> Result<(), String> {
    let root = parse(text)?;
    let doc = Doc::new(text);
    let root = root.get_ref();
    if let Some(project) = table(get(root, "project")) {
        if let Some(value) = get(project, "requires-python")
            && let Some(spec) = value.get_ref().as_str()
        {
            // An empty specifier set is valid PEP 440 and allows every version.
            let pin = pin::pep440(spec).unwrap_or_else(|| {
                Pin::Other(if spec.trim().is_empty() {
                    "empty: allows every version, so it pins none".to_owned()
                } else {
                    format!("{spec:?} is not a version specifier")
                })
            });
            doc.hit(
                hits,
                value,
                Source::RequiresPython,
                Product::Python,
                spec,
                pin,
            );
        }
        classifiers(&doc, hits, get(project, "classifiers"));
        doc.requirements(hits, get(project, "dependencies"));
        if let Some(extras) = table(get(project, "optional-dependencies")) {
            for (_, group) in extras.iter() {
                doc.requirements(hits, Some(group));
            }
        }
    }
    if let Some(groups) = table(get(root, "dependency-groups")) {
        for (_, group) in groups.iter() {
            doc.requirements(hits, Some(group));
        }
    }
    let tool = table(get(root, "tool"));
    if let Some(poetry) = table(tool.and_then(|t| get(t, "poetry"))) {
        let mut dependency_tables: Vec<&DeTable<'_>> = ["dependencies", "dev-dependencies"]
            .iter()
            .filter_map(|k| table(get(poetry, k)))
            .collect();
        if let Some(groups) = table(get(poetry, "group")) {
            for (_, group) in groups.iter() {
                if let Some(deps) = table(
                    group
                        .get_ref()
                        .as_table()
                        .and_then(|g| get(g, "dependencies")),
                ) {
                    dependency_tables.push(deps);
                }
            }
        }
        for deps in dependency_tables {
            for (key, value) in deps.iter() {
                if key.get_ref() == "python" {
                    doc.poetry(hits, value, Source::PoetryPython, Product::Python);
                } else if requirement::is_django(key.get_ref()) {
                    doc.poetry(hits, value, Source::Dependency, Product::Django);
                }
            }
        }
        classifiers(&doc, hits, get(poetry, "classifiers"));
    }
    if let Some(tox) = table(tool.and_then(|t| get(t, "tox"))) {
        doc.env_list(hits, get(tox, "env_list").or_else(|| get(tox, "envlist")));
    }
    Ok(())
}

fn classifiers(doc: &Doc<'_>, hits: &mut Hits, value: Option<&Spanned<DeValue<'_>>>) {
    for item in value
        .and_then(|v| v.get_ref().as_array())
        .map_or(&[][..], |a| &a[..])
    {
        let Some(text) = item.get_ref().as_str() else {
            continue;
        };
        if let Some((product, pin)) = classifier(text) {
            doc.hit(hits, item, Source::Classifier, product, text, pin);
        }
    }
}

/// `mise.toml`: `[tools] python = "3.12"`, `["3.11", "3.12"]` or `{ version = "3.11" }`.
pub(crate) fn mise(text: &str, hits: &mut Hits) -> Result<(), String> {
    let root = parse(text)?;
    let doc = Doc::new(text);
    let Some(python) = table(get(root.get_ref(), "tools")).and_then(|t| get(t, "python")) else {
        return Ok(());
    };
    let mut values: Vec<&Spanned<DeValue<'_>>> = Vec::new();
    match python.get_ref() {
        DeValue::Array(items) => values.extend(items.iter()),
        DeValue::Table(t) => values.extend(get(t, "version")),
        _ => values.push(python),
    }
    for value in values {
        let value = match value.get_ref() {
            DeValue::Table(t) => match get(t, "version") {
                Some(v) => v,
                None => continue,
            },
            _ => value,
        };
        let Some(text) = value.get_ref().as_str() else {
            continue;
        };
        let version = text.strip_prefix("prefix:").unwrap_or(text);
        if let Some(pin) = pin::python_version(version) {
            doc.hit(hits, value, Source::Mise, Product::Python, text, pin);
        }
    }
    Ok(())
}

/// `Pipfile`: `[requires] python_version` / `python_full_version`, and Django
/// in `[packages]` or `[dev-packages]`.
pub(crate) fn pipfile(text: &str, hits: &mut Hits) -> Result<(), String> {
    let root = parse(text)?;
    let doc = Doc::new(text);
    let root = root.get_ref();
    if let Some(requires) = table(get(root, "requires")) {
        for key in ["python_version", "python_full_version"] {
            if let Some(value) = get(requires, key)
                && let Some(text) = value.get_ref().as_str()
                && let Some(pin) = pin::python_version(text)
            {
                doc.hit(hits, value, Source::Pipfile, Product::Python, text, pin);
            }
        }
    }
    for section in ["packages", "dev-packages"] {
        let Some(packages) = table(get(root, section)) else {
            continue;
        };
        for (key, value) in packages.iter() {
            if !requirement::is_django(key.get_ref()) {
                continue;
            }
            let value = match value.get_ref() {
                DeValue::Table(t) => match get(t, "version") {
                    Some(v) => v,
                    None => continue,
                },
                _ => value,
            };
            let Some(spec) = value.get_ref().as_str() else {
                continue;
            };
            if let Some(pin) = pin::pep440(spec) {
                doc.hit(hits, value, Source::Dependency, Product::Django, spec, pin);
            }
        }
    }
    Ok(())
}

/// `tox.toml`: `env_list`, and each environment's `base_python`.
pub(crate) fn tox_toml(text: &str, hits: &mut Hits) -> Result<(), String> {
    let root = parse(text)?;
    let doc = Doc::new(text);
    doc.env_list(hits, get(root.get_ref(), "env_list"));
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(f: fn(&str, &mut Hits) -> Result<(), String>, text: &str) -> Vec<String> {
        let mut hits = Hits::default();
        f(text, &mut hits).expect("parses");
        hits.into_vec()
            .into_iter()
            .map(|h| format!("{}:{} {} {} {}", h.line, h.column, h.product, h.text, h.pin))
            .collect()
    }

    #[test]
    fn pyproject_pins() {
        let text = r#"[project]
name = "x"
requires-python = ">=3.8"
classifiers = [
    "Programming Language :: Python :: 3.8",
    "Programming Language :: Python :: 3 :: Only",
    "Framework :: Django :: 4.2",
]
dependencies = ["Django>=4.2,<5", "requests"]

[project.optional-dependencies]
old = ["django==3.2.25"]

[tool.poetry.dependencies]
python = "^3.9"
Django = { version = "~4.2", extras = ["argon2"] }

[tool.tox]
env_list = ["py39-django42", "lint"]
"#;
        assert_eq!(
            run(pyproject, text),
            [
                "3:20 Python >=3.8 >=3.8",
                "5:6 Python Programming Language :: Python :: 3.8 3.8",
                "7:6 Django Framework :: Django :: 4.2 4.2",
                "9:24 Django >=4.2,<5 >=4.2,<5",
                "12:15 Django ==3.2.25 3.2.25",
                // Poetry's tables come sorted by key ("Django" < "python");
                // the walk sorts every file's pins by line.
                "16:23 Django ~4.2 >=4.2,<4.3",
                "15:11 Python ^3.9 >=3.9,<4",
                "19:14 Python py39 3.9",
                "19:14 Django django42 4.2",
            ]
        );
    }

    #[test]
    fn an_empty_requires_python_allows_every_version_and_a_bad_one_is_named() {
        assert_eq!(
            run(pyproject, "[project]\nrequires-python = \"\"\n"),
            ["2:20 Python  empty: allows every version, so it pins none"]
        );
        assert_eq!(
            run(pyproject, "[project]\nrequires-python = \"3.9+\"\n"),
            ["2:20 Python 3.9+ \"3.9+\" is not a version specifier"]
        );
    }

    #[test]
    fn nesting_is_bounded_and_errors_are_one_line() {
        let deep = format!("a = {}{}\n", "[".repeat(100_000), "]".repeat(100_000));
        let mut hits = Hits::default();
        assert!(
            pyproject(&deep, &mut hits)
                .unwrap_err()
                .contains("nested deeper than 64")
        );
        let err = pyproject("[project\nx = 1\n", &mut hits).unwrap_err();
        assert!(
            err.starts_with("not valid TOML") && !err.contains('\n'),
            "{err}"
        );
        // Brackets inside strings and comments do not count.
        let quoted = format!(
            "a = \"{}\" # {}\n[project]\nrequires-python = \">=3.9\"\n",
            "[".repeat(200),
            "{".repeat(200)
        );
        assert_eq!(run(pyproject, &quoted), ["3:20 Python >=3.9 >=3.9"]);
    }

    #[test]
    fn mise_and_pipfile() {
        assert_eq!(
            run(
                mise,
                "[tools]\npython = [\"3.11\", \"3.12.1\"]\nnode = \"20\"\n"
            ),
            ["2:12 Python 3.11 3.11", "2:20 Python 3.12.1 3.12.1"]
        );
        assert_eq!(
            run(
                mise,
                "[tools]\npython = { version = \"3.10\", virtualenv = \".venv\" }\n"
            ),
            ["2:23 Python 3.10 3.10"]
        );
        let pipfile_text =
            "[packages]\ndjango = \"==4.2.7\"\n\n[requires]\npython_version = \"3.8\"\n";
        assert_eq!(
            run(pipfile, pipfile_text),
            ["5:19 Python 3.8 3.8", "2:11 Django ==4.2.7 4.2.7"]
        );
    }
}
