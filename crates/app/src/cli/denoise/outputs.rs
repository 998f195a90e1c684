//! Which files `toolcup denoise` reads and writes: folders expanded to their
//! images, each result's name, and the checks that no output replaces an
//! input, the reference, another output or a file it may not touch.

use std::ffi::OsString;
use std::path::{Path, PathBuf};

use anyhow::{Context, anyhow, bail};
use toolcup_denoise::{
    FileId, OutputFormat, READABLE_EXTENSIONS, check_destination, is_readable_image_name,
};

use crate::recipes::denoise::Method;

/// Files stay as given; a folder becomes its image files (by extension, not
/// recursive, sorted by name).
pub(super) fn expand_inputs(inputs: &[PathBuf]) -> anyhow::Result<Vec<PathBuf>> {
    let mut files = Vec::new();
    for input in inputs {
        if input.is_dir() {
            let mut found: Vec<PathBuf> = std::fs::read_dir(input)
                .with_context(|| format!("cannot list {}", input.display()))?
                .filter_map(|entry| entry.ok().map(|e| e.path()))
                .filter(|p| p.is_file() && is_readable_image_name(p))
                .collect();
            if found.is_empty() {
                bail!(
                    "{} holds no images ({})",
                    input.display(),
                    READABLE_EXTENSIONS.join(", ")
                );
            }
            found.sort();
            files.extend(found);
        } else {
            files.push(input.clone());
        }
    }
    Ok(files)
}

/// Where the result of `input` goes: `-o`, or `NAME-LABEL.EXT` in the
/// output folder or beside the input. The name keeps the input's bytes as
/// they are (on Unix a name need not be UTF-8).
pub(super) fn output_path(
    input: &Path,
    output: Option<&Path>,
    out_dir: Option<&Path>,
    method: &Method,
    format: OutputFormat,
) -> PathBuf {
    if let Some(path) = output {
        return path.to_path_buf();
    }
    let mut name: OsString = input
        .file_stem()
        .map_or_else(|| "image".into(), ToOwned::to_owned);
    name.push(format!("-{}.{}", method.file_label(), format.extension()));
    match out_dir {
        Some(dir) => dir.join(name),
        None => input.with_file_name(name),
    }
}

/// Refuses, before any work, every output that would replace an input or
/// the reference (compared as files: links and other names reach them too),
/// that two inputs would both write, or that may not be written at all (an
/// existing file without --overwrite; a FIFO, device, folder or link).
pub(super) fn check_outputs(
    inputs: &[PathBuf],
    reference: Option<&Path>,
    outputs: &[PathBuf],
    overwrite: bool,
) -> anyhow::Result<()> {
    let identity = |path: &Path| {
        FileId::of(path).with_context(|| format!("cannot look at {}", path.display()))
    };
    let mut protected = Vec::new();
    for (path, role) in inputs
        .iter()
        .map(|p| (p.as_path(), "an input"))
        .chain(reference.map(|p| (p, "the reference")))
    {
        if let Some(id) = identity(path)? {
            protected.push((id, path, role));
        }
    }
    let canonical = |p: &Path| {
        let parent = p
            .parent()
            .filter(|d| !d.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        parent
            .canonicalize()
            .map(|d| d.join(p.file_name().unwrap_or_default()))
            .unwrap_or_else(|_| p.to_path_buf())
    };
    let twice = |output: &Path| {
        anyhow!(
            "two inputs would both be written to {}; use --out-dir with distinct names",
            output.display()
        )
    };
    let mut seen_names = std::collections::HashSet::new();
    let mut seen_files = Vec::new();
    for output in outputs {
        if let Some(id) = identity(output)? {
            if let Some((_, path, role)) = protected.iter().find(|(p, _, _)| *p == id) {
                bail!(
                    "{} is {role} ({}): refusing to overwrite it; choose another output",
                    output.display(),
                    path.display()
                );
            }
            if seen_files.contains(&id) {
                return Err(twice(output));
            }
            seen_files.push(id);
        }
        check_destination(output, overwrite)?;
        if !seen_names.insert(canonical(output)) {
            return Err(twice(output));
        }
    }
    Ok(())
}
