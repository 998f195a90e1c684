//! `Dockerfile` and `Containerfile`: `FROM python:3.12-slim` (any registry's
//! `…/python` image, or a tag naming Python such as uv's
//! `python3.12-bookworm`), and `ARG PYTHON_VERSION=3.11` defaults that a
//! `FROM python:${PYTHON_VERSION}` uses.

use super::{Hits, offset_in};
use crate::catalog::Product;
use crate::scan::pin::{self, Pin, Source};

/// The Python an image reference pins, and the reference: `python:3.12-slim`,
/// `docker.io/library/python:3.9.18-bookworm@sha256:…`,
/// `ghcr.io/astral-sh/uv:python3.12-bookworm-slim`. `python` or
/// `python:latest` pin nothing; `${VAR}` tags are read where the `ARG` is.
pub(crate) fn image_pin(reference: &str) -> Option<(Pin, &str)> {
    let reference = reference.trim();
    let without_digest = reference.split('@').next().unwrap_or(reference);
    let (name, tag) = match without_digest.rsplit_once(':') {
        // A colon before the last slash is a registry port, not a tag.
        Some((name, tag)) if !tag.contains('/') => (name, tag),
        _ => return None,
    };
    if tag.contains('$') {
        return None;
    }
    let last = name.rsplit('/').next().unwrap_or(name).to_ascii_lowercase();
    let version = if last == "python" {
        tag
    } else {
        let lower = tag.to_ascii_lowercase();
        let at = lower.find("python")?;
        let after = &tag[at + "python".len()..];
        after.strip_prefix('-').unwrap_or(after)
    };
    // The version is the tag up to its first variant (`-slim`, `-alpine3.19`).
    let version = version.split('-').next().unwrap_or(version);
    let pin = pin::python_version(version)?;
    Some((pin, reference))
}

/// A Containerfile.
pub(crate) fn containerfile(text: &str, hits: &mut Hits) {
    for (i, line) in text.lines().enumerate() {
        let trimmed = line.trim_start();
        let mut words = trimmed.split_whitespace();
        let Some(instruction) = words.next() else {
            continue;
        };
        if instruction.eq_ignore_ascii_case("FROM") {
            let Some(image) = words.find(|w| !w.starts_with("--")) else {
                continue;
            };
            if let Some((pin, shown)) = image_pin(image) {
                hits.push(
                    i,
                    line,
                    offset_in(line, image),
                    Source::ContainerImage,
                    Product::Python,
                    shown,
                    pin,
                );
            }
        } else if instruction.eq_ignore_ascii_case("ARG") || instruction.eq_ignore_ascii_case("ENV")
        {
            for word in words {
                let Some((name, value)) = word.split_once('=') else {
                    continue;
                };
                let upper = name.to_ascii_uppercase();
                if !upper.contains("PYTHON") || !upper.contains("VERSION") {
                    continue;
                }
                let value = value.trim_matches(['"', '\'']);
                if let Some(pin) = pin::python_version(value) {
                    hits.push(
                        i,
                        line,
                        offset_in(line, value),
                        Source::ContainerImage,
                        Product::Python,
                        value,
                        pin,
                    );
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn image_references() {
        let shown = |r: &str| image_pin(r).map(|(p, _)| p.to_string());
        assert_eq!(shown("python:3.12-slim").as_deref(), Some("3.12"));
        assert_eq!(shown("python:3.9.18-bookworm").as_deref(), Some("3.9.18"));
        assert_eq!(
            shown("docker.io/library/python:3.11@sha256:abc").as_deref(),
            Some("3.11")
        );
        assert_eq!(
            shown("localhost:5000/python:3.10-alpine3.19").as_deref(),
            Some("3.10")
        );
        assert_eq!(
            shown("ghcr.io/astral-sh/uv:python3.12-bookworm-slim").as_deref(),
            Some("3.12")
        );
        assert_eq!(shown("python:3-alpine").as_deref(), Some("3"));
        assert_eq!(shown("python:3.13.0rc2-slim").as_deref(), Some("3.13.0rc2"));
        for none in [
            "python",
            "python:latest",
            "python:slim",
            "ubuntu:22.04",
            "localhost:5000/python",
            "python:${PY}-slim",
            "node:20",
        ] {
            assert_eq!(shown(none), None, "{none}");
        }
    }

    #[test]
    fn from_and_arg_lines() {
        let text = "ARG PYTHON_VERSION=3.11\nFROM --platform=linux/amd64 python:${PYTHON_VERSION}-slim AS base\nFROM python:3.8-slim AS build\nENV PYTHONUNBUFFERED=1 PYTHON_VERSION=3.8.18\nfrom node:20\n";
        let mut hits = Hits::default();
        containerfile(text, &mut hits);
        let found: Vec<String> = hits
            .into_vec()
            .into_iter()
            .map(|h| format!("{}:{} {} {}", h.line, h.column, h.text, h.pin))
            .collect();
        assert_eq!(
            found,
            [
                "1:20 3.11 3.11",
                "3:6 python:3.8-slim 3.8",
                "4:39 3.8.18 3.8.18"
            ]
        );
    }
}
