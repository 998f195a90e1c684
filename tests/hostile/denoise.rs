//! Hostile inputs for `toolcup denoise`: special files and links as inputs
//! and outputs, other names of an input as the output, permissions, Ctrl-C
//! during a write, incomplete images, memory, and names that are not UTF-8.
//! Each class has a test with many inputs; each input must end with a clear
//! error (or the documented result) in bounded time, losing nothing.

#![cfg(unix)]

use std::os::unix::fs::{FileTypeExt, PermissionsExt, symlink};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::time::{Duration, Instant};

use toolcup_denoise::{
    ChannelLayout, DecodeLimits, Image, OutputFormat, decode_image, encode_image,
};

use crate::util::{assert_one_line_error, run_bounded, toolcup, toolcup_path};

const LIMIT: Duration = Duration::from_secs(60);
const ERROR: i32 = 10;

fn run(args: &[&std::ffi::OsStr]) -> Output {
    run_bounded(
        &mut toolcup(std::iter::once("denoise".as_ref()).chain(args.iter().copied())),
        LIMIT,
    )
}

fn os(s: &str) -> &std::ffi::OsStr {
    s.as_ref()
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// A small RGB photo-like image.
fn photo(width: u32, height: u32) -> Image {
    let data = (0..width * height * 3)
        .map(|i| ((i % 97) * 2 + (i / (width * 3)) % 50) as u8)
        .collect();
    Image::new(width, height, ChannelLayout::Rgb, data).expect("sized")
}

fn write_png(path: &Path, image: &Image) {
    std::fs::write(path, encode_image(image, OutputFormat::Png).expect("png")).expect("written");
}

fn mkfifo(path: &Path) {
    let status = Command::new("mkfifo")
        .arg(path)
        .status()
        .expect("mkfifo runs");
    assert!(status.success());
}

fn file_type(path: &Path) -> std::fs::FileType {
    std::fs::symlink_metadata(path)
        .expect("still there")
        .file_type()
}

#[test]
fn special_files_as_inputs_are_refused_without_waiting() {
    let dir = tempfile::tempdir().expect("temp dir");
    let good = dir.path().join("good.png");
    write_png(&good, &photo(16, 12));
    let fifo = dir.path().join("pipe.png");
    mkfifo(&fifo);
    let fifo_link = dir.path().join("link-to-pipe.png");
    symlink(&fifo, &fifo_link).expect("symlink");
    let socket = dir.path().join("socket.png");
    let _listener = std::os::unix::net::UnixListener::bind(&socket).expect("socket");
    let folder = dir.path().join("folder.png");
    std::fs::create_dir(&folder).expect("folder");
    std::fs::write(folder.join("readme.txt"), "no images here").expect("written");
    for special in [
        fifo.as_path(),
        fifo_link.as_path(),
        socket.as_path(),
        Path::new("/dev/zero"),
        Path::new("/dev/null"),
        Path::new("/dev/urandom"),
    ] {
        let out = dir.path().join("out.png");
        let as_input = run(&[special.as_os_str(), os("-o"), out.as_os_str()]);
        assert_one_line_error(&as_input, ERROR);
        let text = stderr(&as_input);
        assert!(text.contains(&*special.to_string_lossy()), "{text}");
        assert!(text.contains("not a regular file"), "{text}");
        let as_reference = run(&[
            good.as_os_str(),
            os("-o"),
            out.as_os_str(),
            os("--reference"),
            special.as_os_str(),
        ]);
        assert_one_line_error(&as_reference, ERROR);
        assert!(stderr(&as_reference).contains("not a regular file"));
        assert!(!out.exists(), "nothing is written for {special:?}");
    }
    // A folder as the reference, and a FIFO among a batch's images, which
    // the batch passes over.
    let out = dir.path().join("out.png");
    let folder_reference = run(&[
        good.as_os_str(),
        os("-o"),
        out.as_os_str(),
        os("--reference"),
        folder.as_os_str(),
    ]);
    assert_one_line_error(&folder_reference, ERROR);
    let batch = dir.path().join("batch");
    std::fs::create_dir(&batch).expect("batch");
    write_png(&batch.join("a.png"), &photo(8, 8));
    mkfifo(&batch.join("b.png"));
    let out_dir = dir.path().join("cleaned");
    let output = run(&[batch.as_os_str(), os("--out-dir"), out_dir.as_os_str()]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(out_dir.join("a-median5.png").exists());
}

#[test]
fn special_files_as_outputs_are_never_replaced() {
    let dir = tempfile::tempdir().expect("temp dir");
    let input = dir.path().join("in.png");
    write_png(&input, &photo(16, 12));
    let fifo = dir.path().join("pipe.png");
    mkfifo(&fifo);
    let to_null = dir.path().join("null.png");
    symlink("/dev/null", &to_null).expect("symlink");
    let to_stdout = dir.path().join("stdout.png");
    symlink("/proc/self/fd/1", &to_stdout).expect("symlink");
    let target = dir.path().join("target.png");
    std::fs::write(&target, b"precious").expect("written");
    let to_file = dir.path().join("to-file.png");
    symlink(&target, &to_file).expect("symlink");
    let dangling = dir.path().join("dangling.png");
    symlink(dir.path().join("nowhere.png"), &dangling).expect("symlink");
    let folder = dir.path().join("folder.png");
    std::fs::create_dir(&folder).expect("folder");
    let socket = dir.path().join("socket.png");
    let _listener = std::os::unix::net::UnixListener::bind(&socket).expect("socket");
    for output in [
        &fifo, &to_null, &to_stdout, &to_file, &dangling, &folder, &socket,
    ] {
        let before = file_type(output);
        for overwrite in [true, false] {
            let mut args = vec![input.as_os_str(), os("-o"), output.as_os_str()];
            if overwrite {
                args.push(os("--overwrite"));
            }
            let result = run(&args);
            assert_one_line_error(&result, ERROR);
            assert!(
                stderr(&result).contains(&*output.to_string_lossy()),
                "{}",
                stderr(&result)
            );
            assert_eq!(file_type(output), before, "{output:?} is what it was");
        }
    }
    assert!(file_type(&fifo).is_fifo());
    assert_eq!(std::fs::read(&target).expect("kept"), b"precious");
    assert!(!dir.path().join("nowhere.png").exists());
    let leftovers: Vec<_> = std::fs::read_dir(dir.path())
        .expect("listing")
        .filter_map(Result::ok)
        .filter(|e| e.file_name().to_string_lossy().ends_with(".part"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

#[test]
fn dash_writes_the_image_to_standard_output() {
    let dir = tempfile::tempdir().expect("temp dir");
    let input = dir.path().join("in.png");
    write_png(&input, &photo(16, 12));
    let file = dir.path().join("file.png");
    let to_file = run(&[input.as_os_str(), os("-o"), file.as_os_str()]);
    assert!(to_file.status.success(), "{}", stderr(&to_file));
    for format in ["png", "jpeg"] {
        let piped = run(&[
            input.as_os_str(),
            os("-o"),
            os("-"),
            os("--format"),
            os(format),
        ]);
        assert!(piped.status.success(), "{}", stderr(&piped));
        let from_stdout = decode_image(&piped.stdout, Path::new("stdout"), DecodeLimits::default())
            .expect("stdout holds an image");
        assert_eq!(from_stdout.width(), 16);
        if format == "png" {
            let from_file = toolcup_denoise::read_image(&file).expect("file");
            assert_eq!(from_stdout, from_file);
        }
        assert!(
            stderr(&piped).contains("-> -"),
            "the summary goes to stderr"
        );
    }
    let with_json = run(&[input.as_os_str(), os("-o"), os("-"), os("--json")]);
    assert_one_line_error(&with_json, ERROR);
}

#[test]
fn inputs_and_the_reference_are_never_replaced_through_any_name() {
    let dir = tempfile::tempdir().expect("temp dir");
    let sub = dir.path().join("sub");
    std::fs::create_dir(&sub).expect("sub");
    let input = dir.path().join("in.png");
    write_png(&input, &photo(16, 12));
    let original = std::fs::read(&input).expect("read");
    let reference = dir.path().join("ref.png");
    write_png(&reference, &photo(16, 12));
    let link = dir.path().join("link.png");
    symlink(&input, &link).expect("symlink");
    let hard = dir.path().join("hard.png");
    std::fs::hard_link(&input, &hard).expect("hard link");
    let ref_hard = dir.path().join("ref-hard.png");
    std::fs::hard_link(&reference, &ref_hard).expect("hard link");
    let ref_link = dir.path().join("ref-link.png");
    symlink(&reference, &ref_link).expect("symlink");
    let dotted = dir.path().join(".").join("in.png");
    let round_trip = sub.join("..").join("in.png");
    let cases: Vec<(PathBuf, PathBuf, Option<PathBuf>)> = vec![
        (link.clone(), input.clone(), None),
        (input.clone(), link.clone(), None),
        (input.clone(), hard.clone(), None),
        (hard.clone(), input.clone(), None),
        (input.clone(), dotted.clone(), None),
        (input.clone(), round_trip.clone(), None),
        (input.clone(), reference.clone(), Some(reference.clone())),
        (input.clone(), ref_hard.clone(), Some(reference.clone())),
        (input.clone(), reference.clone(), Some(ref_link.clone())),
        (input.clone(), ref_hard.clone(), Some(ref_link.clone())),
    ];
    for (input_arg, output, reference_arg) in &cases {
        let mut args = vec![
            input_arg.as_os_str(),
            os("-o"),
            output.as_os_str(),
            os("--overwrite"),
        ];
        if let Some(r) = reference_arg {
            args.extend([os("--reference"), r.as_os_str()]);
        }
        let result = run(&args);
        assert_one_line_error(&result, ERROR);
        assert!(
            stderr(&result).contains("refusing to overwrite"),
            "{input_arg:?} -> {output:?}: {}",
            stderr(&result)
        );
        assert_eq!(std::fs::read(&input).expect("input kept"), original);
        assert_eq!(file_type(&link), file_type(&dir.path().join("link.png")));
        assert!(file_type(&link).is_symlink(), "the link stays a link");
    }
    // A batch whose output folder holds, under an output's name, a hard
    // link to one of the inputs.
    let batch = dir.path().join("batch");
    std::fs::create_dir(&batch).expect("batch");
    write_png(&batch.join("a.png"), &photo(8, 8));
    write_png(&batch.join("b.png"), &photo(9, 9));
    let out_dir = dir.path().join("out");
    std::fs::create_dir(&out_dir).expect("out");
    std::fs::hard_link(batch.join("b.png"), out_dir.join("a-median5.png")).expect("hard link");
    let b_before = std::fs::read(batch.join("b.png")).expect("read");
    let result = run(&[
        batch.as_os_str(),
        os("--out-dir"),
        out_dir.as_os_str(),
        os("--overwrite"),
    ]);
    assert_one_line_error(&result, ERROR);
    assert_eq!(std::fs::read(batch.join("b.png")).expect("kept"), b_before);
}

fn mode(path: &Path) -> u32 {
    std::fs::metadata(path)
        .expect("exists")
        .permissions()
        .mode()
        & 0o7777
}

fn with_umask(umask: &str, args: &[&std::ffi::OsStr]) -> Output {
    let mut cmd = Command::new("sh");
    cmd.arg("-c")
        .arg(format!("umask {umask} && exec \"$0\" denoise \"$@\""))
        .arg(toolcup_path())
        .args(args)
        .env("NO_COLOR", "1");
    run_bounded(&mut cmd, LIMIT)
}

#[test]
fn new_outputs_follow_the_umask_and_replaced_ones_keep_their_mode() {
    let dir = tempfile::tempdir().expect("temp dir");
    let input = dir.path().join("in.png");
    write_png(&input, &photo(16, 12));
    for (umask, expected) in [
        ("022", 0o644),
        ("077", 0o600),
        ("002", 0o664),
        ("027", 0o640),
        ("000", 0o666),
    ] {
        let out = dir.path().join(format!("new-{umask}.png"));
        let result = with_umask(umask, &[input.as_os_str(), os("-o"), out.as_os_str()]);
        assert!(result.status.success(), "{}", stderr(&result));
        assert_eq!(mode(&out), expected, "umask {umask}");
        let out_dir = dir.path().join(format!("dir-{umask}"));
        let result = with_umask(
            umask,
            &[input.as_os_str(), os("--out-dir"), out_dir.as_os_str()],
        );
        assert!(result.status.success(), "{}", stderr(&result));
        assert_eq!(
            mode(&out_dir.join("in-median5.png")),
            expected,
            "umask {umask}"
        );
    }
    for existing in [0o640, 0o604, 0o600, 0o644, 0o666, 0o400] {
        let out = dir.path().join(format!("old-{existing:o}.png"));
        std::fs::write(&out, b"old").expect("written");
        std::fs::set_permissions(&out, std::fs::Permissions::from_mode(existing)).expect("chmod");
        let result = with_umask(
            "077",
            &[
                input.as_os_str(),
                os("-o"),
                out.as_os_str(),
                os("--overwrite"),
            ],
        );
        assert!(result.status.success(), "{}", stderr(&result));
        assert_eq!(mode(&out), existing, "mode {existing:o} kept");
        assert_ne!(std::fs::read(&out).expect("replaced"), b"old");
    }
}

/// Starts a write that takes a while (a noisy 24-megapixel output) and
/// sends `signal` as soon as the temporary file appears.
fn interrupt_a_write(signal: &str) {
    let dir = tempfile::tempdir().expect("temp dir");
    let input = dir.path().join("flat.png");
    let flat =
        Image::new(6000, 4000, ChannelLayout::Rgb, vec![128; 6000 * 4000 * 3]).expect("sized");
    write_png(&input, &flat);
    let out_dir = dir.path().join("out");
    std::fs::create_dir(&out_dir).expect("out");
    let output = out_dir.join("noisy.png");
    let mut child = toolcup([
        os("denoise"),
        input.as_os_str(),
        os("--add-noise"),
        os("gaussian:60"),
        os("--filter"),
        os("min"),
        os("--kernel"),
        os("1"),
        os("-o"),
        output.as_os_str(),
    ])
    .stdout(std::process::Stdio::piped())
    .stderr(std::process::Stdio::piped())
    .spawn()
    .expect("starts");
    let started = Instant::now();
    let temporary = loop {
        let found = std::fs::read_dir(&out_dir)
            .expect("listing")
            .filter_map(Result::ok)
            .find(|e| e.file_name().to_string_lossy().ends_with(".part"));
        if let Some(entry) = found {
            break entry.path();
        }
        if let Some(status) = child.try_wait().expect("waits") {
            let out = child.wait_with_output().expect("output");
            panic!(
                "{signal}: finished ({status}) before its temporary file was seen: {}",
                stderr(&out)
            );
        }
        assert!(started.elapsed() < LIMIT, "no temporary file appeared");
        std::thread::sleep(Duration::from_millis(2));
    };
    let status = Command::new("kill")
        .args([signal, &child.id().to_string()])
        .status()
        .expect("kill runs");
    assert!(status.success());
    let deadline = Instant::now() + LIMIT;
    while child.try_wait().expect("waits").is_none() {
        assert!(Instant::now() < deadline, "still running after {signal}");
        std::thread::sleep(Duration::from_millis(10));
    }
    let result = child.wait_with_output().expect("output");
    assert_eq!(
        result.status.code(),
        Some(130),
        "{signal}: {}",
        stderr(&result)
    );
    assert!(
        stderr(&result).contains("interrupted"),
        "{}",
        stderr(&result)
    );
    assert!(!temporary.exists(), "{signal} left {temporary:?}");
    let left: Vec<_> = std::fs::read_dir(&out_dir)
        .expect("listing")
        .filter_map(Result::ok)
        .collect();
    assert!(left.is_empty(), "{signal} left {left:?}");
}

#[test]
fn an_interrupted_write_leaves_no_temporary_file() {
    for signal in ["-INT", "-TERM", "-HUP"] {
        interrupt_a_write(signal);
    }
}

/// `bytes` cut at a spread of lengths.
fn cuts(bytes: &[u8]) -> Vec<Vec<u8>> {
    [0.1, 0.3, 0.5, 0.7, 0.9, 0.99]
        .iter()
        .map(|f| ((bytes.len() as f64 * f) as usize).max(1))
        .chain([bytes.len() - 2, bytes.len() - 1])
        .map(|n| bytes[..n].to_vec())
        .collect()
}

fn encoded(format: image::ImageFormat, image: &Image) -> Vec<u8> {
    let mut out = std::io::Cursor::new(Vec::new());
    let buffer =
        image::RgbImage::from_raw(image.width(), image.height(), image.as_bytes().to_vec())
            .expect("sized");
    image::DynamicImage::ImageRgb8(buffer)
        .write_to(&mut out, format)
        .expect("encoded");
    out.into_inner()
}

/// A JPEG's headers up to and including its first scan header.
fn jpeg_headers(jpeg: &[u8]) -> Vec<u8> {
    let sos = jpeg
        .windows(2)
        .position(|w| w == [0xFF, 0xDA])
        .expect("a scan");
    let length = usize::from(u16::from_be_bytes([jpeg[sos + 2], jpeg[sos + 3]]));
    jpeg[..sos + 2 + length].to_vec()
}

/// A big frame declared in front of a small JPEG's tables: the header-only
/// bomb (18000x18000, grey).
fn jpeg_bomb(jpeg: &[u8]) -> Vec<u8> {
    let mut headers = jpeg_headers(jpeg);
    let sof = headers
        .windows(2)
        .position(|w| w == [0xFF, 0xC0])
        .expect("a frame");
    headers[sof + 5..sof + 7].copy_from_slice(&18000u16.to_be_bytes());
    headers[sof + 7..sof + 9].copy_from_slice(&18000u16.to_be_bytes());
    headers
}

#[test]
fn incomplete_images_are_errors_that_say_what_is_missing() {
    let dir = tempfile::tempdir().expect("temp dir");
    let image = photo(96, 64);
    let jpeg = encode_image(&image, OutputFormat::Jpeg { quality: 90 }).expect("jpeg");
    let mut cases: Vec<(String, Vec<u8>, bool)> = Vec::new();
    for (i, cut) in cuts(&jpeg).into_iter().enumerate() {
        cases.push((format!("cut{i}.jpg"), cut, true));
    }
    let headers = jpeg_headers(&jpeg);
    // Cut inside the headers, a JPEG cannot be decoded even on request.
    for case in &mut cases {
        case.2 = case.1.len() > headers.len();
    }
    cases.push(("headers.jpg".into(), headers.clone(), true));
    let mut closed = headers.clone();
    closed.extend_from_slice(&[0xFF, 0xD9]);
    cases.push(("headers-eoi.jpg".into(), closed, true));
    let bomb = jpeg_bomb(&jpeg);
    cases.push(("bomb.jpg".into(), bomb.clone(), false));
    let mut bomb_closed = bomb;
    bomb_closed.extend_from_slice(&[0x00, 0x00, 0xFF, 0xD9]);
    cases.push(("bomb-eoi.jpg".into(), bomb_closed, false));
    for (format, ext) in [
        (image::ImageFormat::Png, "png"),
        (image::ImageFormat::Bmp, "bmp"),
        (image::ImageFormat::Tiff, "tif"),
        (image::ImageFormat::WebP, "webp"),
    ] {
        for (i, cut) in cuts(&encoded(format, &image)).into_iter().enumerate() {
            cases.push((format!("cut{i}.{ext}"), cut, false));
        }
    }
    let mut wrong = Vec::new();
    for (name, bytes, _) in &cases {
        let path = dir.path().join(name);
        std::fs::write(&path, bytes).expect("written");
        let result = run(&[
            path.as_os_str(),
            os("-o"),
            dir.path().join("probe.png").as_os_str(),
        ]);
        if result.status.code() != Some(ERROR) {
            wrong.push(format!(
                "{name} ({} bytes): {:?}",
                bytes.len(),
                result.status.code()
            ));
        }
    }
    assert!(wrong.is_empty(), "decoded although cut: {wrong:#?}");
    for (name, bytes, accepted_with_the_flag) in &cases {
        let path = dir.path().join(name);
        std::fs::write(&path, bytes).expect("written");
        let out = dir.path().join(format!("{name}.out.png"));
        let started = Instant::now();
        let result = run(&[path.as_os_str(), os("-o"), out.as_os_str()]);
        assert_eq!(
            result.status.code(),
            Some(ERROR),
            "{name} of {}",
            bytes.len()
        );
        assert_one_line_error(&result, ERROR);
        let text = stderr(&result);
        assert!(text.contains(name.as_str()), "{name}: {text}");
        assert!(
            started.elapsed() < Duration::from_secs(20),
            "{name} took {:?}",
            started.elapsed()
        );
        assert!(!out.exists(), "{name}: nothing written");
        if name.ends_with(".jpg") {
            assert!(text.contains("incomplete"), "{name}: {text}");
        }
        if *accepted_with_the_flag {
            let result = run(&[
                path.as_os_str(),
                os("-o"),
                out.as_os_str(),
                os("--accept-incomplete"),
            ]);
            assert!(result.status.success(), "{name}: {}", stderr(&result));
            assert!(
                stderr(&result).contains("warning"),
                "{name}: {}",
                stderr(&result)
            );
            assert!(out.exists());
        }
    }
}

#[test]
fn the_pixel_limit_is_the_users_to_set() {
    let dir = tempfile::tempdir().expect("temp dir");
    let input = dir.path().join("in.png");
    write_png(&input, &photo(100, 50));
    let out = dir.path().join("out.png");
    for (limit, ok) in [
        ("0.004999", false),
        ("0.005", true),
        ("1", true),
        ("0.0001", false),
    ] {
        let result = run(&[
            input.as_os_str(),
            os("--max-megapixels"),
            os(limit),
            os("-o"),
            out.as_os_str(),
            os("--overwrite"),
        ]);
        if ok {
            assert!(result.status.success(), "{limit}: {}", stderr(&result));
        } else {
            assert_one_line_error(&result, ERROR);
            let text = stderr(&result);
            assert!(
                text.contains("too large") && text.contains("in.png"),
                "{text}"
            );
        }
    }
    for bad in ["0", "-1", "NaN", "inf", "lots"] {
        let result = run(&[input.as_os_str(), os("--max-megapixels"), os(bad)]);
        assert_eq!(result.status.code(), Some(2), "{bad}: {}", stderr(&result));
    }
}

/// The largest resident size of `toolcup ARGS`, in KiB, from GNU time;
/// `None` (and a printed reason) where /usr/bin/time is missing.
fn peak_kib(args: &[&std::ffi::OsStr]) -> Option<u64> {
    if !Path::new("/usr/bin/time").exists() {
        eprintln!("skipped: /usr/bin/time (GNU time) is missing");
        return None;
    }
    let mut cmd = Command::new("/usr/bin/time");
    cmd.arg("-v")
        .arg(toolcup_path())
        .arg("denoise")
        .args(args)
        .env("NO_COLOR", "1");
    let output = run_bounded(&mut cmd, Duration::from_secs(120));
    let text = stderr(&output);
    assert!(output.status.success(), "{text}");
    text.lines()
        .find_map(|l| {
            l.trim()
                .strip_prefix("Maximum resident set size (kbytes): ")
        })
        .and_then(|v| v.parse().ok())
}

#[test]
fn memory_stays_near_the_input_plus_the_output() {
    let dir = tempfile::tempdir().expect("temp dir");
    // 48 MiB decoded, and as large a file: a BMP is not compressed, so a
    // file read whole before decoding would show as a third image.
    let side = 4096u32;
    let input = dir.path().join("photo.bmp");
    let bytes = photo(side, side);
    std::fs::write(&input, encoded(image::ImageFormat::Bmp, &bytes)).expect("written");
    let small = dir.path().join("small.png");
    write_png(&small, &photo(8, 8));
    let out = dir.path().join("out.png");
    let small_out = dir.path().join("s.png");
    let Some(baseline) = peak_kib(&[small.as_os_str(), os("-o"), small_out.as_os_str()]) else {
        return;
    };
    let args = [
        input.as_os_str(),
        os("--filter"),
        os("min"),
        os("--kernel"),
        os("3"),
        os("-o"),
        out.as_os_str(),
    ];
    let Some(peak) = peak_kib(&args) else {
        return;
    };
    let decoded_kib = u64::from(side * side * 3) / 1024;
    let extra = peak.saturating_sub(baseline);
    eprintln!("peak {peak} KiB, baseline {baseline} KiB, decoded image {decoded_kib} KiB");
    // Input plus output, and an eighth of one image for everything else.
    assert!(
        extra <= 2 * decoded_kib + decoded_kib / 8,
        "{extra} KiB over the baseline for two images of {decoded_kib} KiB"
    );
}

#[test]
fn names_that_are_not_utf8_keep_their_bytes() {
    use std::ffi::OsStr;
    use std::os::unix::ffi::OsStrExt;
    let dir = tempfile::tempdir().expect("temp dir");
    for stem in [
        &b"caf\xe9"[..],
        b"\xff\xfe",
        b"photo\x80\x81 2",
        b"\xe2\x82",
    ] {
        let mut name = stem.to_vec();
        name.extend_from_slice(b".png");
        let input = dir.path().join(OsStr::from_bytes(&name));
        write_png(&input, &photo(8, 8));
        let result = run(&[input.as_os_str(), os("--json")]);
        assert!(result.status.success(), "{}", stderr(&result));
        let mut expected = stem.to_vec();
        expected.extend_from_slice(b"-median5.png");
        assert!(
            dir.path().join(OsStr::from_bytes(&expected)).exists(),
            "{expected:?}"
        );
        let report: serde_json::Value = serde_json::from_slice(&result.stdout).expect("JSON");
        assert!(
            report[0]["output"]
                .as_str()
                .is_some_and(|s| s.ends_with("-median5.png"))
        );
        let out_dir = dir.path().join(OsStr::from_bytes(b"out\xe9"));
        let result = run(&[
            input.as_os_str(),
            os("--out-dir"),
            out_dir.as_os_str(),
            os("--filter"),
            os("max"),
            os("--kernel"),
            os("3"),
        ]);
        assert!(result.status.success(), "{}", stderr(&result));
        let mut expected = stem.to_vec();
        expected.extend_from_slice(b"-max3.png");
        assert!(
            out_dir.join(OsStr::from_bytes(&expected)).exists(),
            "{expected:?}"
        );
    }
}
