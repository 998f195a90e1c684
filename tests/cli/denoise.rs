//! `toolcup denoise`: filters files bit-exactly, batches folders, scores
//! against references, and refuses bad input with one clear line.

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use predicates::prelude::*;

fn toolcup() -> Command {
    Command::cargo_bin("toolcup").expect("the toolcup binary is built")
}

/// Small inputs and the outputs OpenCV gave for them (see
/// scripts/denoise-opencv-fixtures.py).
fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../crates/denoise/tests/data/opencv")
        .join(name)
}

fn json(output: &[u8]) -> serde_json::Value {
    serde_json::from_slice(output).expect("valid JSON on stdout")
}

/// Whether two image files hold the same pixels, asked of toolcup itself: an
/// identity filter (k = 1) scored against `b` has infinite PSNR (null).
fn same_pixels(a: &Path, b: &Path, dir: &Path) -> bool {
    let out = toolcup()
        .arg("denoise")
        .arg(a)
        .args(["--filter", "min", "--kernel", "1", "--json", "-o"])
        .arg(dir.join("identity-check.png"))
        .arg("--overwrite")
        .arg("--reference")
        .arg(b)
        .output()
        .expect("runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    json(&out.stdout)[0]["scores"]["psnr_after"].is_null()
}

#[test]
fn median_output_matches_opencv_bit_for_bit() {
    let dir = tempfile::tempdir().expect("temp dir");
    let out = dir.path().join("median.png");
    toolcup()
        .arg("denoise")
        .arg(fixture("coffee_48x32.png"))
        .args(["--filter", "median", "--kernel", "5", "-o"])
        .arg(&out)
        .assert()
        .success()
        .stdout(predicate::str::contains("median k=5"));
    assert!(same_pixels(
        &out,
        &fixture("coffee_48x32.median.k5.png"),
        dir.path()
    ));
    assert!(!same_pixels(
        &out,
        &fixture("coffee_48x32.median.k3.png"),
        dir.path()
    ));
}

#[test]
fn gaussian_json_reports_the_run() {
    let dir = tempfile::tempdir().expect("temp dir");
    let out = dir.path().join("g.png");
    let assert = toolcup()
        .arg("denoise")
        .arg(fixture("coffee_grey_40x27.png"))
        .args(["--filter", "gaussian", "--kernel", "9", "--json", "-o"])
        .arg(&out)
        .assert()
        .success();
    let report = json(&assert.get_output().stdout);
    assert_eq!(report[0]["filter"], "gaussian");
    assert_eq!(report[0]["kernel"], 9);
    assert_eq!(report[0]["width"], 40);
    assert_eq!(report[0]["channels"], 1);
    assert!(same_pixels(
        &out,
        &fixture("coffee_grey_40x27.gaussian.k9.png"),
        dir.path()
    ));
}

#[test]
fn even_kernel_is_refused_in_one_line() {
    toolcup()
        .arg("denoise")
        .arg(fixture("tiny_5x3.png"))
        .args(["--kernel", "4"])
        .assert()
        .failure()
        .stderr(predicate::str::contains("kernel size 4").and(predicate::str::contains("odd")))
        .stderr(predicate::function(|s: &str| s.lines().count() == 1));
}

#[test]
fn not_an_image_is_named() {
    let dir = tempfile::tempdir().expect("temp dir");
    let bogus = dir.path().join("notes.png");
    std::fs::write(&bogus, "hello").expect("write");
    toolcup()
        .arg("denoise")
        .arg(&bogus)
        .assert()
        .failure()
        .stderr(
            predicate::str::contains("notes.png").and(predicate::str::contains("cannot decode")),
        );
    toolcup()
        .arg("denoise")
        .arg(dir.path().join("missing.png"))
        .assert()
        .failure()
        .stderr(predicate::str::contains("missing.png"));
}

#[test]
fn never_overwrites_an_input_and_asks_before_replacing_outputs() {
    let dir = tempfile::tempdir().expect("temp dir");
    let input = dir.path().join("in.png");
    std::fs::copy(fixture("tiny_5x3.png"), &input).expect("copy");
    toolcup()
        .arg("denoise")
        .arg(&input)
        .arg("-o")
        .arg(&input)
        .arg("--overwrite")
        .assert()
        .failure()
        .stderr(predicate::str::contains("is an input"));
    let out = dir.path().join("out.png");
    std::fs::write(&out, "keep me").expect("seed");
    toolcup()
        .arg("denoise")
        .arg(&input)
        .arg("-o")
        .arg(&out)
        .assert()
        .failure()
        .stderr(predicate::str::contains("refusing to overwrite"));
    assert_eq!(std::fs::read(&out).expect("kept"), b"keep me");
    toolcup()
        .arg("denoise")
        .arg(&input)
        .arg("-o")
        .arg(&out)
        .arg("--overwrite")
        .assert()
        .success();
}

#[test]
fn a_folder_is_a_batch() {
    let dir = tempfile::tempdir().expect("temp dir");
    let inputs = dir.path().join("in");
    std::fs::create_dir(&inputs).expect("mkdir");
    for name in ["coffee_48x32.png", "noise_23x17.png"] {
        std::fs::copy(fixture(name), inputs.join(name)).expect("copy");
    }
    std::fs::write(inputs.join("readme.txt"), "not an image").expect("write");
    let out_dir = dir.path().join("out");
    let assert = toolcup()
        .arg("denoise")
        .arg(&inputs)
        .args(["--filter", "max", "--kernel", "3", "--json", "--out-dir"])
        .arg(&out_dir)
        .assert()
        .success();
    let report = json(&assert.get_output().stdout);
    assert_eq!(report.as_array().map(Vec::len), Some(2));
    let written = out_dir.join("noise_23x17-max3.png");
    assert!(same_pixels(
        &written,
        &fixture("noise_23x17.max.k3.png"),
        dir.path()
    ));
    assert!(out_dir.join("coffee_48x32-max3.png").exists());
}

#[test]
fn added_noise_is_scored_against_the_reference() {
    let dir = tempfile::tempdir().expect("temp dir");
    let clean = fixture("coffee_48x32.png");
    let assert = toolcup()
        .arg("denoise")
        .arg(&clean)
        .args([
            "--add-noise",
            "salt-pepper:0.1",
            "--filter",
            "median",
            "--kernel",
            "3",
            "--json",
            "-o",
        ])
        .arg(dir.path().join("d.png"))
        .arg("--reference")
        .arg(&clean)
        .assert()
        .success();
    let report = json(&assert.get_output().stdout);
    let scores = &report[0]["scores"];
    let before = scores["psnr_before"].as_f64().expect("finite");
    let after = scores["psnr_after"].as_f64().expect("finite");
    assert!(
        after > before,
        "median should remove salt and pepper: {before} -> {after}"
    );
    assert!(
        scores["ssim_after"].as_f64().expect("ssim")
            > scores["ssim_before"].as_f64().expect("ssim")
    );
}

#[test]
fn nlm_takes_separate_strengths_and_others_refuse_them() {
    let dir = tempfile::tempdir().expect("temp dir");
    let assert = toolcup()
        .arg("denoise")
        .arg(fixture("noise_23x17.png"))
        .args([
            "--filter",
            "nlm",
            "--h",
            "5",
            "--h-color",
            "12",
            "--json",
            "--format",
            "jpeg",
            "-o",
        ])
        .arg(dir.path().join("n.jpg"))
        .assert()
        .success();
    let report = json(&assert.get_output().stdout);
    assert_eq!(report[0]["h"], 5.0);
    assert_eq!(report[0]["h_color"], 12.0);
    toolcup()
        .arg("denoise")
        .arg(fixture("noise_23x17.png"))
        .args(["--filter", "median", "--h", "5"])
        .assert()
        .failure()
        .stderr(predicate::str::contains("--h"));
}

/// The metadata fixtures (see crates/denoise/tests/data/metadata/make.py):
/// written by Pillow with an sRGB ICC profile and EXIF (orientation 6).
fn metadata_fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../crates/denoise/tests/data/metadata")
        .join(name)
}

/// The format the image crate recognises in `path`'s bytes, and its ICC
/// profile and EXIF as that format's decoder reads them.
fn written(path: &Path) -> (image::ImageFormat, Option<Vec<u8>>, Option<Vec<u8>>) {
    use image::ImageDecoder;
    let reader = image::ImageReader::open(path)
        .expect("opens")
        .with_guessed_format()
        .expect("sniffs");
    let format = reader.format().expect("a known format");
    let mut decoder = reader.into_decoder().expect("decodes");
    let icc = decoder.icc_profile().expect("reads the profile");
    let exif = decoder.exif_metadata().expect("reads the EXIF");
    (format, icc, exif)
}

#[test]
fn each_extension_writes_its_own_format() {
    let dir = tempfile::tempdir().expect("temp dir");
    for (name, format) in [
        ("out.png", image::ImageFormat::Png),
        ("out.JPG", image::ImageFormat::Jpeg),
        ("out.jpeg", image::ImageFormat::Jpeg),
        ("out.webp", image::ImageFormat::WebP),
        ("out.tif", image::ImageFormat::Tiff),
        ("out.tiff", image::ImageFormat::Tiff),
        ("out.bmp", image::ImageFormat::Bmp),
    ] {
        let out = dir.path().join(name);
        toolcup()
            .arg("denoise")
            .arg(fixture("coffee_48x32.png"))
            .args(["--filter", "median", "--kernel", "3", "-o"])
            .arg(&out)
            .assert()
            .success();
        assert_eq!(written(&out).0, format, "{name}");
        let back = image::open(&out).expect("reads back");
        assert_eq!((back.width(), back.height()), (48, 32), "{name}");
        if format != image::ImageFormat::Jpeg {
            // Lossless formats give back the exact filtered pixels.
            assert!(
                same_pixels(&out, &fixture("coffee_48x32.median.k3.png"), dir.path()),
                "{name}"
            );
        }
    }
}

#[test]
fn format_option_picks_the_format_and_must_agree_with_the_name() {
    let dir = tempfile::tempdir().expect("temp dir");
    let out = dir.path().join("no-extension");
    toolcup()
        .arg("denoise")
        .arg(fixture("tiny_5x3.png"))
        .args(["--format", "webp", "-o"])
        .arg(&out)
        .assert()
        .success();
    assert_eq!(written(&out).0, image::ImageFormat::WebP);
    // --format tif is an alias of tiff; the default name gets .tif.
    toolcup()
        .arg("denoise")
        .arg(fixture("tiny_5x3.png"))
        .args(["--format", "tif", "--out-dir"])
        .arg(dir.path())
        .assert()
        .success();
    assert_eq!(
        written(&dir.path().join("tiny_5x3-median5.tif")).0,
        image::ImageFormat::Tiff
    );
    toolcup()
        .arg("denoise")
        .arg(fixture("tiny_5x3.png"))
        .args(["--format", "jpeg", "-o"])
        .arg(dir.path().join("clash.png"))
        .assert()
        .failure()
        .stderr(predicate::str::contains(
            "clash.png names png but --format says jpeg",
        ));
    assert!(!dir.path().join("clash.png").exists());
    toolcup()
        .arg("denoise")
        .arg(fixture("tiny_5x3.png"))
        .args(["--format", "gif"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("png, jpeg, webp, tiff, bmp"));
}

#[test]
fn an_unknown_or_missing_extension_is_refused_with_the_list() {
    let dir = tempfile::tempdir().expect("temp dir");
    for name in ["out.gif", "out"] {
        let out = dir.path().join(name);
        toolcup()
            .arg("denoise")
            .arg(fixture("tiny_5x3.png"))
            .arg("-o")
            .arg(&out)
            .assert()
            .failure()
            .stderr(predicate::str::contains(
                "png, jpg, jpeg, webp, tif, tiff, bmp",
            ))
            .stderr(predicate::str::contains("--format"))
            .stderr(predicate::function(|s: &str| s.lines().count() == 1));
        assert!(!out.exists(), "{name} was not written");
    }
}

#[test]
fn the_colour_profile_and_exif_are_kept_where_the_format_can() {
    let dir = tempfile::tempdir().expect("temp dir");
    let profile = std::fs::read(metadata_fixture("srgb.icc")).expect("profile");
    for input in ["photo_icc_exif.png", "photo_icc_exif.jpg"] {
        for (ext, keeps_icc, keeps_exif) in [
            ("png", true, true),
            ("jpg", true, true),
            ("webp", true, true),
            ("tif", true, false),
            ("bmp", false, false),
        ] {
            let out = dir.path().join(format!("{input}.{ext}"));
            let assert = toolcup()
                .arg("denoise")
                .arg(metadata_fixture(input))
                .args(["--kernel", "3", "--json", "-o"])
                .arg(&out)
                .assert()
                .success();
            let report = &json(&assert.get_output().stdout)[0];
            let (_, icc, exif) = written(&out);
            // The image crate reads back a TIFF profile only when tagged
            // UNDEFINED, and writes it as BYTE: look for it in the file.
            let has_profile = if ext == "tif" {
                let bytes = std::fs::read(&out).expect("written");
                bytes.windows(profile.len()).any(|w| w == &profile[..])
            } else {
                icc.as_deref() == Some(&profile[..])
            };
            assert_eq!(has_profile, keeps_icc, "{input} -> {ext}");
            assert_eq!(exif.is_some(), keeps_exif, "{input} -> {ext}");
            if let Some(exif) = exif {
                let text = String::from_utf8_lossy(&exif);
                assert!(text.contains("Toolcup test"), "{input} -> {ext}: {text:?}");
                // The pixels are stored upright, so the orientation says so.
                assert_eq!(
                    image::metadata::Orientation::from_exif_chunk(&exif),
                    Some(image::metadata::Orientation::NoTransforms),
                    "{input} -> {ext}"
                );
            }
            let back = image::open(&out).expect("reads back");
            assert_eq!((back.width(), back.height()), (6, 8), "upright");
            let kept = report["metadata_kept"].as_str().unwrap_or("");
            assert_eq!(kept.contains("ICC profile"), keeps_icc, "{input} -> {ext}");
            assert_eq!(kept.contains("EXIF"), keeps_exif, "{input} -> {ext}");
            assert_eq!(
                report.get("metadata_dropped").is_some(),
                !(keeps_icc && keeps_exif),
                "{input} -> {ext}"
            );
        }
    }
    let bare = dir.path().join("bare.png");
    toolcup()
        .arg("denoise")
        .arg(metadata_fixture("photo_icc_exif.png"))
        .args(["--kernel", "3", "--strip-metadata", "-o"])
        .arg(&bare)
        .assert()
        .success();
    assert_eq!(written(&bare), (image::ImageFormat::Png, None, None));
}
