//! Hostile inputs for `toolcup rotation`: every class of attack its inputs
//! are open to (the numbers on the command line and the lines of `--batch`),
//! many inputs per class, each answered clearly in bounded time, and in
//! `--batch` never at the cost of the lines after it. Rotation reads no file
//! but stdin; the special-file class is stdin as a FIFO or a folder, and
//! stdout that cannot be written.

use std::process::{Command, Output};
use std::time::Duration;

use crate::util::{
    assert_one_line_error, run_bounded, run_bounded_with_stdin, toolcup, toolcup_small_stack,
};

/// Generous: each run takes milliseconds; this only turns a hang into a
/// failure.
const LIMIT: Duration = Duration::from_secs(60);

/// The two ways every class runs: the usual stack, and 1 MiB.
fn both_stacks(args: &[&str]) -> [Command; 2] {
    [toolcup(args), toolcup_small_stack(args)]
}

fn stdout_lines(output: &Output) -> Vec<String> {
    String::from_utf8(output.stdout.clone())
        .expect("stdout is UTF-8")
        .lines()
        .map(str::to_owned)
        .collect()
}

/// Runs `to-matrix --batch` (plus `extra` options) on `1 0 0 0`, then `bad`,
/// then `0 1 0 0`, and checks that the bad line alone failed, with its line
/// number and `expected` in its message, and that the lines around it were
/// converted. Returns the bad line's answer.
fn batch_around(bad: &[u8], extra: &[&str], expected: &str) -> String {
    let mut input = b"1 0 0 0\n".to_vec();
    input.extend_from_slice(bad);
    input.extend_from_slice(b"\n0 1 0 0\n");
    let mut args = vec!["rotation", "to-matrix", "--batch"];
    args.extend_from_slice(extra);
    let mut answers = Vec::new();
    for mut cmd in both_stacks(&args) {
        let out = run_bounded_with_stdin(&mut cmd, input.clone(), LIMIT);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{bad:?}: {stderr}");
        assert!(!stderr.contains("panicked"), "{stderr}");
        assert_eq!(
            stderr.trim(),
            "toolcup: 1 line(s) could not be converted",
            "{bad:?}"
        );
        let lines = stdout_lines(&out);
        assert_eq!(lines.len(), 3, "{bad:?}: {lines:?}");
        let json = extra.contains(&"--json");
        if json {
            let first: serde_json::Value = serde_json::from_str(&lines[0]).expect("json");
            assert_eq!(first["matrix"][0][0], 1.0);
            let last: serde_json::Value = serde_json::from_str(&lines[2]).expect("json");
            assert_eq!(last["matrix"][1][1], -1.0);
        } else {
            assert_eq!(lines[0], "1,0,0,0,1,0,0,0,1");
            assert_eq!(lines[2], "1,0,0,0,-1,0,0,0,-1");
        }
        // A JSON line (or any line under --json) is answered in JSON.
        let answer = match serde_json::from_str::<serde_json::Value>(&lines[1]) {
            Ok(v) => v["error"].as_str().expect("an error object").to_string(),
            Err(_) => lines[1].clone(),
        };
        assert!(answer.contains("line 2: "), "{bad:?}: {answer}");
        assert!(
            answer.contains(expected),
            "{bad:?}: {answer} lacks {expected}"
        );
        assert!(
            !lines[1].contains('\u{1b}') && !lines[1].contains('\0'),
            "{bad:?}: raw control characters echoed: {:?}",
            lines[1]
        );
        answers.push(lines[1].clone());
    }
    answers.swap_remove(0)
}

#[test]
fn batch_lines_that_are_not_utf8_cost_only_themselves() {
    let bad: [&[u8]; 12] = [
        b"\xff\xfe,0,0,0",                    // invalid bytes at the start
        b"1,0,0,\xff",                        // at the end
        b"1,\xc3,0,0",                        // a truncated two-byte sequence
        b"\xe2\x82",                          // a truncated three-byte sequence
        b"1 0 0 \xc0\x80",                    // an overlong encoding of NUL
        b"\xed\xa0\x80 0 0 0",                // a UTF-16 surrogate
        b"\x80\x80\x80\x80",                  // lone continuation bytes
        b"caf\xe9 1 0 0",                     // Latin-1 text
        b"\xf8\x88\x80\x80\x80",              // a five-byte form
        b"\xf4\x90\x80\x80",                  // past U+10FFFF
        b"1\x000\x00,\x000\x00,\x000",        // NUL bytes mixed in (valid UTF-8)
        b"{\"quaternion\": [1, 0, 0, \xff]}", // inside JSON
    ];
    for (i, line) in bad.iter().enumerate() {
        let expected = if i == 10 { "not a number" } else { "not UTF-8" };
        let answer = batch_around(line, &[], expected);
        assert!(answer.starts_with("error: line 2: "), "{answer}");
        batch_around(line, &["--json"], expected);
    }
    // UTF-16 text as a whole: every line fails on its own, none is lost.
    let utf16: Vec<u8> = "1 0 0 0\n0 1 0 0\n"
        .encode_utf16()
        .flat_map(u16::to_le_bytes)
        .collect();
    let out = run_bounded_with_stdin(
        &mut toolcup(["rotation", "to-matrix", "--batch"]),
        utf16,
        LIMIT,
    );
    assert_eq!(out.status.code(), Some(1));
    let lines = stdout_lines(&out);
    assert_eq!(lines.len(), 3, "{lines:?}");
    for (n, line) in lines.iter().enumerate() {
        assert!(
            line.starts_with(&format!("error: line {}: ", n + 1)),
            "{line}"
        );
    }
    // A byte-order mark and Windows line endings are not errors.
    let out = run_bounded_with_stdin(
        &mut toolcup(["rotation", "to-matrix", "--batch"]),
        b"\xef\xbb\xbf1 0 0 0\r\n0 1 0 0\r\n".to_vec(),
        LIMIT,
    );
    assert_eq!(out.status.code(), Some(0), "{:?}", out);
    assert_eq!(
        stdout_lines(&out),
        ["1,0,0,0,1,0,0,0,1", "1,0,0,0,-1,0,0,0,-1"]
    );
}

#[cfg(unix)]
#[test]
fn arguments_that_are_not_utf8_get_one_line_errors() {
    use std::ffi::OsStr;
    use std::os::unix::ffi::OsStrExt;
    let cases: [(&[&[u8]], &str); 5] = [
        (&[b"to-matrix", b"\xff", b"0", b"0", b"0"], "argument 1"),
        (&[b"to-matrix", b"1", b"0", b"0", b"\xc3"], "argument 4"),
        (
            &[b"to-euler", b"zy\xff", b"1", b"0", b"0", b"0"],
            "Euler sequence",
        ),
        (
            &[b"from-euler", b"\xed\xa0\x80", b"1", b"2", b"3"],
            "Euler sequence",
        ),
        (
            &[
                b"to-quaternion",
                b"1",
                b"0",
                b"0",
                b"0",
                b"1",
                b"0",
                b"0",
                b"0",
                b"\x80",
            ],
            "argument 9",
        ),
    ];
    for (args, expected) in cases {
        let mut all: Vec<&OsStr> = vec![OsStr::new("rotation")];
        all.extend(args.iter().map(|a| OsStr::from_bytes(a)));
        for mut cmd in both_stacks(&[]) {
            let out = run_bounded(cmd.args(&all), LIMIT);
            assert_one_line_error(&out, 1);
            let stderr = String::from_utf8_lossy(&out.stderr);
            assert!(
                stderr.contains(expected) && stderr.contains("not UTF-8"),
                "{stderr}"
            );
        }
    }
}

#[test]
fn control_characters_are_never_echoed_raw() {
    let hostile = [
        "\u{1b}[2J\u{1b}[31m",
        "1\u{1b}]0;pwned\u{7}",
        "\u{202e}1 0 0 0",
        "1\r0 0 x",
        "x\u{8}\u{8}\u{8}",
        "\u{7f}",
    ];
    for text in hostile {
        for mut cmd in both_stacks(&["rotation", "to-matrix", text]) {
            let out = run_bounded(&mut cmd, LIMIT);
            assert_one_line_error(&out, 1);
            let stderr = String::from_utf8_lossy(&out.stderr);
            assert!(
                !stderr.contains(['\u{1b}', '\r', '\u{8}', '\u{7f}', '\u{202e}']),
                "{stderr:?}"
            );
        }
        for mut cmd in both_stacks(&["rotation", "to-euler", text, "1", "0", "0", "0"]) {
            let out = run_bounded(&mut cmd, LIMIT);
            assert_one_line_error(&out, 1);
            assert!(!String::from_utf8_lossy(&out.stderr).contains('\u{1b}'));
        }
        // In a batch line, and as a JSON key.
        let json_key = format!("{{\"{}\": 1}}", text.escape_default());
        for line in [text.to_string(), json_key] {
            batch_around(line.as_bytes(), &[], "line 2");
        }
    }
}

/// Every number of a successful answer is finite.
fn assert_finite_answer(out: &Output, what: &str) {
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{what}: {out:?}");
    for token in stdout.split(|c: char| c.is_whitespace() || c == ',') {
        if token.is_empty() {
            continue;
        }
        let v: f64 = token.parse().expect("a number");
        assert!(v.is_finite(), "{what}: {stdout}");
    }
}

#[test]
fn huge_and_tiny_numbers_give_finite_answers_or_one_line_errors() {
    let long_integer = format!("1{}", "0".repeat(300));
    let too_long_integer = format!("1{}", "0".repeat(400));
    let long_fraction = format!("0.{}1", "0".repeat(100_000));
    let accepted: Vec<Vec<&str>> = vec![
        vec!["to-matrix", "1e308", "1e308", "-1e308", "1e308"],
        vec!["to-matrix", "1e-320", "0", "0", "5e-324"],
        vec!["to-matrix", "-0", "-0", "-0", "1e-300"],
        vec!["to-matrix", &long_integer, "1", "2", "3"],
        vec!["to-matrix", &long_fraction, "1", "0", "0"],
        vec![
            "to-quaternion",
            "--nearest",
            "1e308",
            "1e308",
            "0",
            "0",
            "1e308",
            "0",
            "0",
            "0",
            "1e308",
        ],
        vec![
            "to-quaternion",
            "--nearest",
            "1e-310",
            "0",
            "0",
            "0",
            "1e-310",
            "0",
            "0",
            "0",
            "1e-310",
        ],
        vec!["to-euler", "ZYX", "1e308", "0", "0", "1e308"],
        vec![
            "from-euler",
            "zyx",
            "1e308",
            "-1e308",
            "1.7976931348623157e308",
        ],
        vec![
            "from-euler",
            "ZXZ",
            "--degrees",
            "1e308",
            "5e-324",
            "-1e308",
        ],
        vec!["from-axis-angle", "1e308", "1e308", "1e308", "1e308"],
        vec!["from-axis-angle", "5e-324", "5e-324", "0", "1"],
        vec![
            "from-axis-angle",
            "--degrees",
            "0",
            "0",
            "1",
            "-1.7976931348623157e308",
        ],
    ];
    for args in accepted {
        let mut full = vec!["rotation"];
        full.extend(&args);
        for mut cmd in both_stacks(&full) {
            assert_finite_answer(&run_bounded(&mut cmd, LIMIT), &args.join(" "));
        }
    }
    let refused: Vec<(Vec<&str>, &str)> = vec![
        (
            vec!["to-matrix", "1e309", "0", "0", "0"],
            "component 0 is inf",
        ),
        (
            vec!["to-matrix", "0", &too_long_integer, "0", "0"],
            "component 1 is inf",
        ),
        (vec!["to-matrix", "0", "0", "0", "1e-400"], "norm 0e0"),
        (
            vec!["to-matrix", "0", "-1e999", "0", "0"],
            "component 1 is -inf",
        ),
        (
            vec!["to-matrix", "--", "-1e999", "0", "0", "0"],
            "component 0 is -inf",
        ),
        (
            vec![
                "to-quaternion",
                "1e308",
                "1e308",
                "0",
                "0",
                "1e308",
                "0",
                "0",
                "0",
                "1e308",
            ],
            "not a rotation",
        ),
        (
            vec![
                "to-quaternion",
                "--nearest",
                "1e308",
                "0",
                "0",
                "0",
                "1e-308",
                "0",
                "0",
                "0",
                "1",
            ],
            "singular",
        ),
        (
            vec![
                "to-quaternion",
                "--nearest",
                "-1e308",
                "0",
                "0",
                "0",
                "1e308",
                "0",
                "0",
                "0",
                "1e308",
            ],
            "reflection",
        ),
        (
            vec!["from-euler", "zyx", "1e309", "0", "0"],
            "Euler angle is inf",
        ),
        (
            vec!["from-axis-angle", "0", "0", "0", "1"],
            "axis (0, 0, 0)",
        ),
        (
            vec!["from-axis-angle", "0", "0", "1", "1e400"],
            "angle is inf",
        ),
    ];
    for (args, expected) in refused {
        let mut full = vec!["rotation"];
        full.extend(&args);
        for mut cmd in both_stacks(&full) {
            let out = run_bounded(&mut cmd, LIMIT);
            assert_one_line_error(&out, 1);
            let stderr = String::from_utf8_lossy(&out.stderr);
            assert!(stderr.contains(expected), "{args:?}: {stderr}");
        }
    }
    // Options: out of range values are usage errors, on one line.
    for (args, code, expected) in [
        (
            vec!["to-matrix", "--tolerance", "1e400", "1", "0", "0", "0"],
            2,
            "tolerance inf",
        ),
        (
            vec!["to-matrix", "--tolerance", "nan", "1", "0", "0", "0"],
            2,
            "tolerance NaN",
        ),
        (
            vec!["to-matrix", "--tolerance", "-1e-300", "1", "0", "0", "0"],
            2,
            "at least 0",
        ),
        (
            vec!["accuracy", "--samples", "18446744073709551615"],
            2,
            "out of range",
        ),
        (vec!["accuracy", "--samples", "0"], 2, "out of range"),
    ] {
        let mut full = vec!["rotation"];
        full.extend(&args);
        let out = run_bounded(&mut toolcup(&full), LIMIT);
        assert_one_line_error(&out, code);
        assert!(
            String::from_utf8_lossy(&out.stderr).contains(expected),
            "{args:?}: {out:?}"
        );
    }
    let out = run_bounded(
        &mut toolcup(["rotation", "accuracy", "--samples", "18446744073709551616"]),
        LIMIT,
    );
    assert_eq!(out.status.code(), Some(2), "{out:?}");
    // In a batch, a huge number fails its line alone.
    batch_around(b"1e999 0 0 0", &[], "component 0 is inf");
    batch_around(b"[1e999, 0, 0, 0]", &[], "number out of range");
    batch_around(long_integer.as_bytes(), &[], "found 1 number");
}

#[test]
fn nan_and_infinity_as_text_are_refused_by_name() {
    let spellings = [
        "nan",
        "NaN",
        "-nan",
        "+NaN",
        "inf",
        "-inf",
        "+inf",
        "INF",
        "infinity",
        "-Infinity",
        "+INFINITY",
    ];
    for (k, word) in spellings.iter().enumerate() {
        let slot = k % 4;
        let mut numbers = vec!["0"; 4];
        numbers[slot] = word;
        // A value starting with '-' follows `--`, as clap's tip says.
        let mut args = vec!["rotation", "to-matrix", "--"];
        args.extend(&numbers);
        for mut cmd in both_stacks(&args) {
            let out = run_bounded(&mut cmd, LIMIT);
            assert_one_line_error(&out, 1);
            let stderr = String::from_utf8_lossy(&out.stderr);
            assert!(
                stderr.contains(&format!("component {slot} is")) && stderr.contains("finite"),
                "{word}: {stderr}"
            );
        }
        let mut matrix = vec!["1", "0", "0", "0", "1", "0", "0", "0", "1"];
        matrix[(3 * k) % 9] = word;
        let mut args = vec!["rotation", "to-quaternion", "--nearest", "--"];
        args.extend(&matrix);
        let out = run_bounded(&mut toolcup(&args), LIMIT);
        assert_one_line_error(&out, 1);
        assert!(String::from_utf8_lossy(&out.stderr).contains("must be finite"));
        for args in [
            vec!["rotation", "from-euler", "xyz", "--", "1", word, "2"],
            vec!["rotation", "from-axis-angle", "--", "1", "0", "0", word],
            vec!["rotation", "from-axis-angle", "--", word, "0", "1", "1"],
        ] {
            let out = run_bounded(&mut toolcup(&args), LIMIT);
            assert_one_line_error(&out, 1);
        }
        batch_around(numbers.join(",").as_bytes(), &[], "must be finite");
    }
    // JSON has no NaN or Infinity: a clear parse error, not a panic.
    for line in [
        "[NaN, 0, 0, 0]",
        "[Infinity, 0, 0, 0]",
        "{\"angles\": [-Infinity, 0, 0]}",
    ] {
        batch_around(line.as_bytes(), &[], "not valid JSON");
    }
}

#[test]
fn extremely_long_lines_are_refused_alone_in_bounded_memory() {
    let mib = 1 << 20;
    let long: Vec<Vec<u8>> = vec![
        vec![b'7'; 2 * mib],                                   // one huge number
        b"1 ".repeat(4 * mib),                                 // millions of numbers
        b",".repeat(3 * mib),                                  // empty fields
        vec![b' '; 64 * mib],                                  // only spaces
        [b"[".repeat(2 * mib), b"]".repeat(2 * mib)].concat(), // deep and long
    ];
    for line in &long {
        let answer = batch_around(line, &[], "bytes long, more than the 1048576");
        assert!(answer.len() < 200, "{answer}");
    }
    // Just under the limit, a line is read whole: padded numbers convert.
    let mut padded = vec![b' '; mib - 20];
    padded.extend_from_slice(b"0 0 1 0");
    let out = run_bounded_with_stdin(
        &mut toolcup(["rotation", "to-matrix", "--batch"]),
        [padded.as_slice(), b"\n"].concat(),
        LIMIT,
    );
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    assert_eq!(stdout_lines(&out), ["-1,0,0,0,1,0,0,0,-1"]);
    // A long line on the command line (within the system's limit per
    // argument): its error quotes a few characters, not the whole line.
    let arg = "9".repeat(100_000) + "x";
    let out = run_bounded(&mut toolcup(["rotation", "to-matrix", &arg]), LIMIT);
    assert_one_line_error(&out, 1);
    assert!(
        out.stderr.len() < 300,
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn deep_json_nesting_is_refused_in_bounded_stack() {
    for depth in [129, 1_000, 50_000] {
        let arrays = [b"[".repeat(depth), b"]".repeat(depth)].concat();
        let objects = [
            b"{\"matrix\":".repeat(depth),
            b"1".to_vec(),
            b"}".repeat(depth),
        ]
        .concat();
        let open_only = b"[".repeat(depth);
        let rows = format!(
            "{{\"matrix\": {}1{}}}",
            "[".repeat(depth),
            "]".repeat(depth)
        );
        for line in [arrays, objects, open_only, rows.into_bytes()] {
            batch_around(&line, &[], "not valid JSON: recursion limit exceeded");
            batch_around(&line, &["--json"], "recursion limit exceeded");
        }
    }
    // Shallow but wrong shapes get messages in the user's terms, never
    // serde's internal names.
    for (line, expected) in [
        ("{\"foo\": 1}", "unknown key \"foo\""),
        (
            "[[1, 0], [0, 1]]",
            "must be a matrix of 3 rows of 3 numbers, but its rows hold [2, 2]",
        ),
        ("[[[1]]]", "its rows hold [1]"),
        (
            "[[1,0,0],[0,1,0],[0,0,[1]]]",
            "element 3 of row 3 of the array must be a number, not an array",
        ),
        ("{\"matrix\": 5}", "\"matrix\" must be an array of rows"),
        (
            "[true, 0, 0, 0]",
            "element 1 of the array must be a number, not true",
        ),
        ("{}", "give exactly one of"),
    ] {
        let answer = batch_around(line.as_bytes(), &[], expected);
        assert!(!answer.contains("JsonRotation") && !answer.contains("untagged"));
    }
}

#[cfg(unix)]
#[test]
fn stdin_and_stdout_that_are_not_plain_files() {
    // A FIFO as stdin: answers stream out as the lines come in, so a
    // program that writes a line and waits for its answer is never stuck.
    use std::io::{BufRead, BufReader, Write};
    use std::process::Stdio;
    let mut child = toolcup(["rotation", "to-matrix", "--batch"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("starts");
    let mut stdin = child.stdin.take().expect("piped");
    let (tx, rx) = std::sync::mpsc::channel();
    let stdout = child.stdout.take().expect("piped");
    let reader = std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines() {
            if tx.send(line.expect("utf-8")).is_err() {
                break;
            }
        }
    });
    for (input, expected) in [
        ("0 1 0 0\n", "1,0,0,0,-1,0,0,0,-1"),
        (
            "\u{ff}\n",
            "error: line 2: quaternion: 'ÿ' at column 1 is not a number",
        ),
        ("0 0 0 1\n", "-1,0,0,0,-1,0,0,0,1"),
    ] {
        stdin.write_all(input.as_bytes()).expect("write");
        stdin.flush().expect("flush");
        let answer = rx
            .recv_timeout(LIMIT)
            .expect("the answer arrives before the next line is sent");
        assert_eq!(answer, expected);
    }
    drop(stdin);
    let status = child.wait().expect("exits");
    assert_eq!(status.code(), Some(1));
    reader.join().expect("reader");

    // A named FIFO and a folder given as stdin, and stdout that cannot be
    // written: one line on stderr each, never a hang.
    let dir = tempfile::tempdir().expect("temp dir");
    let fifo = dir.path().join("rotations.fifo");
    let made = Command::new("mkfifo").arg(&fifo).status();
    if made.map(|s| s.success()).unwrap_or(false) {
        let script = format!(
            "printf '0 1 0 0\\n' > '{0}' & exec \"$0\" rotation to-matrix --batch < '{0}'",
            fifo.display()
        );
        let out = run_bounded(
            Command::new("sh")
                .arg("-c")
                .arg(script)
                .arg(crate::util::toolcup_path()),
            LIMIT,
        );
        assert_eq!(out.status.code(), Some(0), "{out:?}");
        assert_eq!(stdout_lines(&out), ["1,0,0,0,-1,0,0,0,-1"]);
    } else {
        println!("skipped the named FIFO: mkfifo is not available");
    }
    let folder = std::fs::File::open(dir.path()).expect("open the folder");
    let out = run_bounded(
        toolcup(["rotation", "to-matrix", "--batch"]).stdin(folder),
        LIMIT,
    );
    assert_one_line_error(&out, 10);
    assert!(String::from_utf8_lossy(&out.stderr).contains("reading a line of stdin"));
    if let Ok(full) = std::fs::OpenOptions::new().write(true).open("/dev/full") {
        for args in [
            vec!["rotation", "to-matrix", "1", "0", "0", "0"],
            vec!["rotation", "accuracy", "--samples", "10"],
        ] {
            let full = full.try_clone().expect("clone");
            let mut cmd = toolcup(&args);
            cmd.stdout(full).stderr(Stdio::piped());
            let out = cmd.output().expect("runs");
            assert_one_line_error(&out, 10);
        }
        let mut cmd = toolcup(["rotation", "to-matrix", "--batch"]);
        let out = cmd
            .stdin(Stdio::piped())
            .stdout(full)
            .stderr(Stdio::piped())
            .spawn()
            .and_then(|mut child| {
                if let Some(mut stdin) = child.stdin.take() {
                    let _ = stdin.write_all(&b"1 0 0 0\n".repeat(100_000));
                }
                child.wait_with_output()
            })
            .expect("runs");
        assert_one_line_error(&out, 10);
    } else {
        println!("skipped /dev/full: not available here");
    }
}
