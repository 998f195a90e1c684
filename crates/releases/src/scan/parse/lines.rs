//! Line-oriented files: `.python-version`, `.tool-versions`, `runtime.txt`,
//! `requirements*.txt`, and the package tables of `uv.lock` and `poetry.lock`.

use super::{Hits, offset_in, requirement};
use crate::catalog::Product;
use crate::scan::pin::{self, Pin, Source};

/// `.python-version`: one version per line (the first installed one wins),
/// `#` comments and blank lines skipped, as pyenv and uv read it.
pub(crate) fn python_version(text: &str, hits: &mut Hits) {
    for (i, line) in text.lines().enumerate() {
        let Some(word) = line.split_whitespace().next() else {
            continue;
        };
        if word.starts_with('#') {
            continue;
        }
        if let Some(pin) = python_word(word) {
            hits.push(
                i,
                line,
                offset_in(line, word),
                Source::PythonVersionFile,
                Product::Python,
                word,
                pin,
            );
        }
    }
}

/// One version word of `.python-version` or `.tool-versions`: a version or
/// a specifier (uv takes `>=3.12,<3.13` and `cpython>=3.12`).
fn python_word(word: &str) -> Option<Pin> {
    let bare = word.strip_prefix("cpython").unwrap_or(word);
    if bare.starts_with(['<', '>', '=', '!', '~']) {
        pin::pep440(bare)
    } else {
        pin::python_version(word)
    }
}

/// asdf's `.tool-versions`: `python 3.11.4 3.10.2` (the first is the default,
/// the others are also installed), `#` comments.
pub(crate) fn tool_versions(text: &str, hits: &mut Hits) {
    for (i, line) in text.lines().enumerate() {
        let content = line.split('#').next().unwrap_or("");
        let mut words = content.split_whitespace();
        if words.next() != Some("python") {
            continue;
        }
        for word in words {
            if let Some(pin) = python_word(word) {
                hits.push(
                    i,
                    line,
                    offset_in(line, word),
                    Source::ToolVersions,
                    Product::Python,
                    word,
                    pin,
                );
            }
        }
    }
}

/// `runtime.txt`: `python-3.11.4` on its first line.
pub(crate) fn runtime_txt(text: &str, hits: &mut Hits) {
    if let Some((i, line)) = text.lines().enumerate().find(|(_, l)| !l.trim().is_empty()) {
        let word = line.trim();
        if word.to_ascii_lowercase().starts_with("python")
            && let Some(pin) = pin::python_version(word)
        {
            hits.push(
                i,
                line,
                offset_in(line, word),
                Source::RuntimeTxt,
                Product::Python,
                word,
                pin,
            );
        }
    }
}

/// `requirements*.txt`: Django with a version, one requirement per line
/// (options such as `-r` and `--hash` and comments skipped).
pub(crate) fn requirements(text: &str, hits: &mut Hits) {
    for (i, line) in text.lines().enumerate() {
        if line.trim_start().starts_with(['-', '#']) {
            continue;
        }
        if let Some((offset, spec, pin)) = requirement::django(line) {
            hits.push(
                i,
                line,
                offset,
                Source::Dependency,
                Product::Django,
                spec,
                pin,
            );
        }
    }
}

/// `uv.lock` and `poetry.lock`: the `version` of the `[[package]]` named
/// Django. Read line by line (no TOML parse), as lock files can be large.
pub(crate) fn lock(text: &str, hits: &mut Hits) {
    let mut in_django = false;
    for (i, line) in text.lines().enumerate() {
        let trimmed = line.trim();
        if trimmed.starts_with('[') {
            in_django = false;
            continue;
        }
        let Some((key, value)) = trimmed.split_once('=') else {
            continue;
        };
        let value = value.trim().trim_matches('"');
        match key.trim() {
            "name" => in_django = requirement::is_django(value),
            "version" if in_django => {
                if let Ok(version) = value.parse() {
                    hits.push(
                        i,
                        line,
                        offset_in(line, value),
                        Source::Lock,
                        Product::Django,
                        value,
                        Pin::Version(version),
                    );
                }
                in_django = false;
            }
            _ => {}
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
            .map(|h| format!("{}:{} {} {}", h.line, h.column, h.text, h.pin))
            .collect()
    }

    #[test]
    fn python_version_file() {
        assert_eq!(
            run(
                python_version,
                "# pinned\n\n  3.12.1 \n3.11\nsystem\npypy3.10\n"
            ),
            [
                "3:3 3.12.1 3.12.1",
                "4:1 3.11 3.11",
                "6:1 pypy3.10 pypy is not CPython: no release data"
            ]
        );
        // uv's forms.
        assert_eq!(
            run(
                python_version,
                "cp312\n3.13t\n>=3.9,<3.13\ncpython>=3.10\npypy@3.10\n"
            ),
            [
                "1:1 cp312 3.12",
                "2:1 3.13t 3.13",
                "3:1 >=3.9,<3.13 >=3.9,<3.13",
                "4:1 cpython>=3.10 >=3.10",
                "5:1 pypy@3.10 pypy is not CPython: no release data"
            ]
        );
    }

    #[test]
    fn tool_versions_file() {
        assert_eq!(
            run(tool_versions, "nodejs 20.1.0\npython 3.11.4 3.10.2 # two\n"),
            ["2:8 3.11.4 3.11.4", "2:15 3.10.2 3.10.2"]
        );
    }

    #[test]
    fn runtime() {
        assert_eq!(
            run(runtime_txt, "\npython-3.11.4\n"),
            ["2:1 python-3.11.4 3.11.4"]
        );
        assert!(run(runtime_txt, "ruby-3.2\n").is_empty());
    }

    #[test]
    fn requirement_files() {
        let text =
            "-r base.txt\n# Django==1.0\nDjango==4.2.7 \\\n    --hash=sha256:abc\nrequests>=2\n";
        assert_eq!(run(requirements, text), ["3:7 ==4.2.7 4.2.7"]);
    }

    #[test]
    fn locks() {
        let uv = "version = 1\nrequires-python = \">=3.10\"\n\n[[package]]\nname = \"asgiref\"\nversion = \"3.8.1\"\n\n[[package]]\nname = \"django\"\nversion = \"5.1.4\"\nsource = { registry = \"https://pypi.org/simple\" }\n";
        assert_eq!(run(lock, uv), ["10:12 5.1.4 5.1.4"]);
        let poetry = "[[package]]\nname = \"Django\"\nversion = \"3.2.25\"\ndescription = \"x\"\n\n[package.dependencies]\nasgiref = \">=3.3.2,<4\"\n";
        assert_eq!(run(lock, poetry), ["3:12 3.2.25 3.2.25"]);
    }
}
