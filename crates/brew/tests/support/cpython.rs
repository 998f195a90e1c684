//! The CPython 3.13 the differential tests compare with: `$BREW_PYTHON`
//! (scripts/test sets it to any CPython 3.13.x it finds: pyenv, uv or PATH),
//! else pyenv's `~/.pyenv/versions/3.13.0/bin/python3`.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

/// The interpreter, or why there is none (for the test's "SKIPPED" line).
pub fn cpython_313() -> Result<PathBuf, String> {
    let candidate = std::env::var_os("BREW_PYTHON")
        .map(PathBuf::from)
        .or_else(|| {
            std::env::var_os("HOME")
                .map(|h| PathBuf::from(h).join(".pyenv/versions/3.13.0/bin/python3"))
        })
        .ok_or("neither BREW_PYTHON nor HOME is set")?;
    let out = Command::new(&candidate)
        .args(["-c", "import sys; print(sys.version_info[:2] == (3, 13))"])
        .output()
        .map_err(|e| {
            format!(
                "no CPython 3.13: {} cannot run ({e}); set BREW_PYTHON",
                candidate.display()
            )
        })?;
    if String::from_utf8_lossy(&out.stdout).trim() != "True" {
        return Err(format!(
            "{} is not CPython 3.13; set BREW_PYTHON",
            candidate.display()
        ));
    }
    Ok(candidate)
}

/// Runs `script` (`python -c`) once, feeding it `inputs` as JSON lines on
/// stdin, and returns what it prints, one JSON value a line.
#[allow(dead_code)] // Not every test that includes this module uses it.
pub fn json_lines<T: serde::de::DeserializeOwned>(
    python: &Path,
    script: &str,
    inputs: impl IntoIterator<Item = String>,
) -> Vec<T> {
    let mut child = Command::new(python)
        .args(["-c", script])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("CPython starts");
    let mut input = String::new();
    for item in inputs {
        input.push_str(&serde_json::to_string(&item).expect("json"));
        input.push('\n');
    }
    let mut stdin = child.stdin.take().expect("piped");
    let writer = std::thread::spawn(move || stdin.write_all(input.as_bytes()));
    let out = child.wait_with_output().expect("CPython runs");
    writer.join().expect("writer").expect("written");
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).expect("json"))
        .collect()
}

/// CPython's answers for a test table: asked live through `ask` where
/// CPython 3.13 is found (and then written to `committed` under
/// `BREW_REGENERATE=1`, or checked equal to it otherwise), else read from
/// `committed` (a JSON line per row, relative to the crate), with the
/// skipped live part printed. `rows` is how many answers the table needs.
#[allow(dead_code)] // Not every test that includes this module uses it.
pub fn live_or_committed<R>(
    committed: &str,
    rows: usize,
    ask: impl FnOnce(&Path) -> Vec<R>,
) -> Vec<R>
where
    R: serde::Serialize + serde::de::DeserializeOwned + PartialEq,
{
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(committed);
    let recorded: Vec<R> = std::fs::read_to_string(&path)
        .unwrap_or_default()
        .lines()
        .map(|l| serde_json::from_str(l).expect("a committed JSON line"))
        .collect();
    let answers = match cpython_313() {
        Ok(python) => {
            let live = ask(&python);
            assert_eq!(live.len(), rows, "CPython answered every row");
            if std::env::var("BREW_REGENERATE").as_deref() == Ok("1") {
                let text: String = live
                    .iter()
                    .map(|r| serde_json::to_string(r).expect("json") + "\n")
                    .collect();
                std::fs::write(&path, text).expect("committed answers written");
            } else {
                assert!(
                    recorded == live,
                    "{committed} is not what CPython 3.13 answers; regenerate it with BREW_REGENERATE=1"
                );
            }
            live
        }
        Err(why) => {
            println!("SKIPPED the live comparison: {why}; comparing with {committed}");
            recorded
        }
    };
    assert_eq!(
        answers.len(),
        rows,
        "{committed} has an answer for each row"
    );
    answers
}
