//! `releases scan` on a generated repository of 10,000 files: the walk with
//! its reads and parses (`find_pins`), and the assessment of what it found.
//!
//! The tree: 100 packages of 100 files each, in folders three deep, mostly
//! source files that scan skips by name, with the pin files of a real
//! project in every package (pyproject.toml, setup.cfg, tox.ini, a workflow,
//! a Dockerfile, requirements.txt, .python-version), a `.gitignore` that
//! hides a build folder, and one uv.lock of 2,000 packages.
//!
//! `cargo bench -p toolcup-releases --bench scan`

use std::fmt::Write;
use std::ops::ControlFlow;
use std::path::Path;

use criterion::{Criterion, criterion_group, criterion_main};
use toolcup_releases::scan::{ScanOptions, assess, find_pins};
use toolcup_releases::{DataSet, Date, Product};

const PACKAGES: usize = 100;
const FILES_PER_PACKAGE: usize = 100;

fn write(path: &Path, text: &str) {
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).expect("create folder");
    }
    std::fs::write(path, text).expect("write file");
}

/// Writes the tree; returns how many files it holds.
fn generate(root: &Path) -> usize {
    let mut files = 0;
    write(&root.join(".gitignore"), "build/\n*.pyc\n");
    files += 1;
    let mut lock = String::from("version = 1\nrequires-python = \">=3.9\"\n");
    for i in 0..2000 {
        let name = if i == 1000 {
            "django".to_owned()
        } else {
            format!("package-{i}")
        };
        let _ = write!(
            lock,
            "\n[[package]]\nname = \"{name}\"\nversion = \"4.2.{i}\"\nsource = {{ registry = \"https://pypi.org/simple\" }}\n"
        );
    }
    write(&root.join("uv.lock"), &lock);
    files += 1;
    for p in 0..PACKAGES {
        let package = root.join(format!("services/group{}/pkg{p}", p % 10));
        let minor = 8 + p % 6;
        let pins: [(&str, String); 7] = [
            (
                "pyproject.toml",
                format!(
                    "[project]\nname = \"pkg{p}\"\nrequires-python = \">=3.{minor}\"\nclassifiers = [\n  \"Programming Language :: Python :: 3.{minor}\",\n  \"Framework :: Django :: 4.2\",\n]\ndependencies = [\"Django>=4.2,<5.0\", \"requests\"]\n"
                ),
            ),
            (
                "setup.cfg",
                format!("[metadata]\nname = pkg{p}\n\n[options]\npython_requires = >=3.{minor}\n"),
            ),
            (
                "tox.ini",
                format!("[tox]\nenvlist = py3{{{minor},12}}-django{{42,50}}, lint\n"),
            ),
            (
                ".github/workflows/ci.yml",
                format!(
                    "on: push\njobs:\n  test:\n    strategy:\n      matrix:\n        python-version: [\"3.{minor}\", \"3.12\"]\n    steps:\n      - uses: actions/setup-python@v5\n        with:\n          python-version: ${{{{ matrix.python-version }}}}\n"
                ),
            ),
            (
                "Dockerfile",
                format!("FROM python:3.{minor}-slim\nRUN pip install .\n"),
            ),
            (
                "requirements.txt",
                "Django==4.2.7\nrequests==2.31.0\n".to_owned(),
            ),
            (".python-version", format!("3.{minor}.4\n")),
        ];
        for (name, text) in &pins {
            write(&package.join(name), text);
        }
        files += pins.len();
        for f in 0..FILES_PER_PACKAGE - pins.len() {
            let (dir, ext) = match f % 4 {
                0 => ("src/core", "py"),
                1 => ("src/api", "py"),
                2 => ("tests/unit", "py"),
                _ => ("docs/pages", "md"),
            };
            write(
                &package.join(format!("{dir}/file{f}.{ext}")),
                "import os\n\n\ndef main():\n    return os.getcwd()\n",
            );
            files += 1;
        }
        // Ignored by .gitignore: never read.
        write(
            &package.join("build/lib/pyproject.toml"),
            "[project]\nrequires-python = \">=2.7\"\n",
        );
    }
    files
}

fn bench(c: &mut Criterion) {
    let dir = tempfile::tempdir().expect("temp dir");
    let files = generate(dir.path());
    let options = ScanOptions::default();
    let found = find_pins(dir.path(), &options, &mut |_| ControlFlow::Continue(())).expect("scan");
    eprintln!(
        "scan bench: {files} files generated, {} entries seen, {} files read, {} pins",
        found.entries_seen,
        found.files_read,
        found.pins.len()
    );
    let mut group = c.benchmark_group("scan");
    group.sample_size(20);
    group.bench_function("find_pins 10k files", |b| {
        b.iter(|| {
            find_pins(dir.path(), &options, &mut |_| ControlFlow::Continue(())).expect("scan")
        })
    });
    let one_thread = ScanOptions {
        threads: 1,
        ..ScanOptions::default()
    };
    group.bench_function("find_pins 10k files, 1 thread", |b| {
        b.iter(|| {
            find_pins(dir.path(), &one_thread, &mut |_| ControlFlow::Continue(())).expect("scan")
        })
    });
    let data = DataSet::embedded();
    let python = data.catalog(Product::Python).expect("python data");
    let django = data.catalog(Product::Django).expect("django data");
    let today = Date::new(2026, 1, 15).expect("date");
    group.bench_function("assess", |b| {
        b.iter(|| assess(&found.pins, &python, Some(&django), today))
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
