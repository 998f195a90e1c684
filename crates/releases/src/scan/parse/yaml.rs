//! YAML read line by line, keeping each pin's line: GitHub workflows
//! (`python-version` of setup-python, build matrices, container images) and
//! conda's `environment.yml`. Keys are tracked by indentation; flow lists
//! (`["3.9", "3.10"]`, also over several lines) and block lists are read.

use super::{Hits, containerfile, offset_in};
use crate::catalog::Product;
use crate::scan::pin::{self, Pin, Source};
use crate::version::Branch;

/// Lines a flow list may span.
const MAX_FLOW_LINES: usize = 50;

/// The key of a YAML line normalized: lower case, `_` read as `-`, quotes off.
fn normalized(key: &str) -> String {
    key.trim()
        .trim_matches(['"', '\''])
        .to_ascii_lowercase()
        .replace('_', "-")
}

fn product_of_key(key: &str) -> Option<Product> {
    match key {
        "python-version" | "python-versions" | "python" | "pythons" | "py" | "pyver"
        | "py-version" | "python-ver" => Some(Product::Python),
        "django" | "django-version" | "django-versions" | "djangos" => Some(Product::Django),
        _ => None,
    }
}

/// The line without its comment (a `#` at the start or after a space,
/// outside quotes).
fn strip_comment(line: &str) -> &str {
    let mut quote = None;
    let mut prev = ' ';
    for (i, c) in line.char_indices() {
        match quote {
            Some(q) if c == q => quote = None,
            Some(_) => {}
            None if c == '"' || c == '\'' => quote = Some(c),
            None if c == '#' && prev.is_whitespace() => return &line[..i],
            None => {}
        }
        prev = c;
    }
    line
}

/// One scalar value as YAML gives it to a program.
struct Scalar<'a> {
    text: &'a str,
    /// Its offset in the line.
    at: usize,
    quoted: bool,
}

/// The pin of a version scalar, with a note when YAML reads an unquoted
/// `3.10` as the number 3.1.
fn version_pin(scalar: &Scalar<'_>) -> Option<(Pin, Option<String>)> {
    let text = scalar.text;
    if text.contains("${{") {
        return None;
    }
    let pin = pin::python_version(text)?;
    if !scalar.quoted
        && let Some((whole, fraction)) = text.split_once('.')
    {
        let trimmed = fraction.trim_end_matches('0');
        if fraction.len() > 1
            && trimmed.len() < fraction.len()
            && fraction.bytes().all(|b| b.is_ascii_digit())
            && whole.bytes().all(|b| b.is_ascii_digit())
        {
            let major: u32 = whole.parse().ok()?;
            let minor: u32 = if trimmed.is_empty() {
                0
            } else {
                trimmed.parse().ok()?
            };
            let read = format!("{major}.{minor}");
            return Some((
                Pin::Branch(Branch::new(major, minor)),
                Some(format!(
                    "unquoted, YAML reads {text} as the number {read}: quote it"
                )),
            ));
        }
    }
    Some((pin, None))
}

/// A scalar from raw value text: quotes removed.
fn scalar<'a>(line: &'a str, raw: &'a str) -> Scalar<'a> {
    let raw = raw.trim();
    let at = offset_in(line, raw);
    for q in ['"', '\''] {
        if raw.len() >= 2 && raw.starts_with(q) && raw.ends_with(q) {
            return Scalar {
                text: &raw[1..raw.len() - 1],
                at: at + 1,
                quoted: true,
            };
        }
    }
    Scalar {
        text: raw,
        at,
        quoted: false,
    }
}

/// The items of a flow list on one line (the part between brackets).
fn flow_items<'a>(line: &'a str, part: &'a str) -> Vec<Scalar<'a>> {
    let part = part.trim_start_matches('[');
    let part = part.split(']').next().unwrap_or(part);
    part.split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(|s| scalar(line, s))
        .collect()
}

/// A GitHub Actions workflow.
pub(crate) fn workflow(text: &str, hits: &mut Hits) {
    let lines: Vec<&str> = text.lines().collect();
    // (indent, normalized key) of the keys enclosing the current line.
    let mut stack: Vec<(usize, String)> = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        let line = lines[i];
        let content_line = strip_comment(line);
        let trimmed = content_line.trim_end();
        let body = trimmed.trim_start();
        if body.is_empty() || body.starts_with("---") {
            i += 1;
            continue;
        }
        let mut indent = trimmed.len() - body.len();
        let mut body = body;
        if let Some(item) = body
            .strip_prefix("- ")
            .or_else(|| (body == "-").then_some(""))
        {
            // A list item: its parent is the nearest key at or left of the dash.
            while stack.last().is_some_and(|(n, _)| *n > indent) {
                stack.pop();
            }
            let item_indent = indent + 2 + (item.len() - item.trim_start().len());
            let item = item.trim_start();
            if !item.contains(": ") && !item.ends_with(':') {
                if let Some((_, key)) = stack.last()
                    && let Some(product) = product_of_key(key)
                {
                    let value = scalar(line, item);
                    emit(hits, i, line, &value, source_for(&stack), product);
                }
                i += 1;
                continue;
            }
            indent = item_indent;
            body = item;
        }
        let Some((key, value)) = body.split_once(':') else {
            i += 1;
            continue;
        };
        if key.contains(['{', '[', '"']) && !key.starts_with(['"', '\'']) {
            i += 1;
            continue;
        }
        let key = normalized(key);
        while stack.last().is_some_and(|(n, _)| *n >= indent) {
            stack.pop();
        }
        let value = value.trim();
        if key == "image" || key == "container" {
            let image = scalar(line, value);
            if let Some((pin, shown)) = containerfile::image_pin(image.text) {
                hits.push(
                    i,
                    line,
                    image.at,
                    Source::ContainerImage,
                    Product::Python,
                    shown,
                    pin,
                );
            }
        } else if let Some(product) = product_of_key(&key) {
            let source = source_for(&stack);
            if value.starts_with('[') {
                // A flow list, perhaps over several lines.
                let mut j = i;
                loop {
                    let current = lines[j];
                    let part = if j == i {
                        value
                    } else {
                        strip_comment(current)
                    };
                    for item in flow_items(current, part) {
                        emit(hits, j, current, &item, source, product);
                    }
                    if part.contains(']') || j + 1 >= lines.len() || j - i >= MAX_FLOW_LINES {
                        break;
                    }
                    j += 1;
                }
                i = j;
            } else if value.starts_with(['|', '>']) {
                // A block scalar: one version per line, more indented than the key.
                let mut j = i + 1;
                while j < lines.len() {
                    let current = lines[j];
                    let item = strip_comment(current).trim();
                    let item_indent = current.len() - current.trim_start().len();
                    if !item.is_empty() && item_indent <= indent {
                        break;
                    }
                    if !item.is_empty() {
                        let mut value = scalar(current, item);
                        value.quoted = true;
                        emit(hits, j, current, &value, source, product);
                    }
                    j += 1;
                }
                i = j - 1;
            } else if !value.is_empty() {
                emit(hits, i, line, &scalar(line, value), source, product);
            }
        }
        stack.push((indent, key));
        i += 1;
    }
}

/// Inside a `matrix:` the entries are a build matrix; elsewhere
/// `python-version` is what setup-python installs.
fn source_for(stack: &[(usize, String)]) -> Source {
    if stack.iter().any(|(_, k)| k == "matrix") {
        Source::CiMatrix
    } else {
        Source::SetupPython
    }
}

fn emit(
    hits: &mut Hits,
    index: usize,
    line: &str,
    value: &Scalar<'_>,
    source: Source,
    product: Product,
) {
    if let Some((pin, note)) = version_pin(value) {
        hits.push_noted(
            index, line, value.at, source, product, value.text, pin, note,
        );
    }
}

/// A conda `environment.yml`: `python` and `django` among the dependencies
/// (conda's `python=3.9`, `python>=3.8`, `conda-forge::python=3.11`) and in
/// the nested `pip:` list (`django==4.2.7`).
pub(crate) fn conda(text: &str, hits: &mut Hits) {
    for (i, line) in text.lines().enumerate() {
        let content = strip_comment(line).trim();
        let Some(item) = content.strip_prefix("- ") else {
            continue;
        };
        let item = scalar(line, item);
        let spec = item.text;
        let (spec, at) = match spec.rfind("::") {
            Some(c) => (&spec[c + 2..], item.at + c + 2),
            None => (spec, item.at),
        };
        let name_len = spec
            .bytes()
            .take_while(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.'))
            .count();
        let name = &spec[..name_len];
        let product = if name.eq_ignore_ascii_case("python") {
            Product::Python
        } else if name.eq_ignore_ascii_case("django") {
            Product::Django
        } else {
            continue;
        };
        let version = spec[name_len..].trim();
        if version.is_empty() {
            continue;
        }
        if let Some(pin) = pin::conda(version) {
            let source = if product == Product::Python {
                Source::Conda
            } else {
                Source::Dependency
            };
            hits.push(
                i,
                line,
                at + offset_in(spec, version),
                source,
                product,
                version,
                pin,
            );
        }
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
            .map(|h| {
                format!(
                    "{}:{} {} {} {} {}{}",
                    h.line,
                    h.column,
                    h.source,
                    h.product,
                    h.text,
                    h.pin,
                    h.note.map_or(String::new(), |n| format!(" ({n})"))
                )
            })
            .collect()
    }

    #[test]
    fn workflows() {
        let text = r#"name: CI
on: [push]
env:
  PYTHON_VERSION: "3.11"
jobs:
  test:
    runs-on: ubuntu-latest
    container:
      image: python:3.8-slim
    strategy:
      matrix:
        python-version: ["3.9", '3.10', 3.11]
        django: [4.2, "5.0"]
        include:
          - python-version: "3.13"
            django: "5.1"
        os:
          - ubuntu-latest
    steps:
      - uses: actions/setup-python@v5
        with:
          python-version: ${{ matrix.python-version }}
      - uses: actions/setup-python@v5
        with:
          python-version: |
            3.12
      - uses: actions/setup-python@v5
        with:
          python-version: 3.7   # old
  lint:
    strategy:
      matrix:
        python:
          - "3.8"
          - 3.10
"#;
        assert_eq!(
            run(workflow, text),
            [
                "4:20 setup-python Python 3.11 3.11",
                "9:14 container image Python python:3.8-slim 3.8",
                "12:27 CI matrix Python 3.9 3.9",
                "12:34 CI matrix Python 3.10 3.10",
                "12:41 CI matrix Python 3.11 3.11",
                "13:18 CI matrix Django 4.2 4.2",
                "13:24 CI matrix Django 5.0 5.0",
                "15:30 CI matrix Python 3.13 3.13",
                "16:22 CI matrix Django 5.1 5.1",
                "26:13 setup-python Python 3.12 3.12",
                "29:27 setup-python Python 3.7 3.7",
                "34:14 CI matrix Python 3.8 3.8",
                "35:13 CI matrix Python 3.10 3.1 (unquoted, YAML reads 3.10 as the number 3.1: quote it)",
            ]
        );
    }

    #[test]
    fn conda_environments() {
        let text = "name: x\ndependencies:\n  - python=3.9\n  - conda-forge::numpy\n  - \"django>=4.2\"\n  - pip:\n    - Django==4.2.7  # pinned\n  - python >=3.8,<3.12\n";
        assert_eq!(
            run(conda, text),
            [
                "3:11 conda Python =3.9 3.9",
                "5:12 dependency Django >=4.2 >=4.2",
                "7:13 dependency Django ==4.2.7 4.2.7",
                "8:12 conda Python >=3.8,<3.12 >=3.8,<3.12",
            ]
        );
    }
}
