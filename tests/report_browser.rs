//! The report in a real browser: headless Chromium opens the HTML page and
//! takes a screenshot, and the PNG must show the page (not a blank or an
//! error page): enough ink, many colours, and the stage colours and the
//! deadline's red that only the inline SVG draws.
//!
//! Runs only with `CODECISION_BROWSER_TEST=1` (CI sets it after
//! `apt-get install chromium`); then a missing browser is a failure, not a
//! skip. The browser is `$CHROMIUM` if set, else the first of `chromium`,
//! `chromium-browser`, `google-chrome` found. The screenshot is kept in
//! `target/tmp/report-browser/` for a look.

use std::io::Cursor;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use codecision::export::Report;
use codecision::{Ask, Register, parse_date};

const WIDTH: u32 = 1400;
const HEIGHT: u32 = 2000;

fn enabled() -> bool {
    std::env::var("CODECISION_BROWSER_TEST").is_ok_and(|v| v == "1")
}

/// The browser to run: `$CHROMIUM`, or the first known name that starts.
fn browser() -> PathBuf {
    let candidates: Vec<PathBuf> = match std::env::var_os("CHROMIUM") {
        Some(path) => vec![PathBuf::from(path)],
        None => ["chromium", "chromium-browser", "google-chrome"]
            .into_iter()
            .map(PathBuf::from)
            .collect(),
    };
    for candidate in &candidates {
        let ok = Command::new(candidate)
            .arg("--version")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .is_ok_and(|s| s.success());
        if ok {
            return candidate.clone();
        }
    }
    panic!(
        "CODECISION_BROWSER_TEST=1 but no browser runs (tried {candidates:?}): install one with \
         `apt-get install -y chromium`, or set CHROMIUM to its path"
    );
}

/// Renders `page` to `png` in headless Chromium with a fresh profile and no
/// network, failing after two minutes.
fn screenshot(browser: &Path, page: &Path, png: &Path, profile: &Path) {
    let mut child = Command::new(browser)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            "--disable-quic",
            "--hide-scrollbars",
            "--force-device-scale-factor=1",
        ])
        .arg(format!("--user-data-dir={}", profile.display()))
        .arg(format!("--screenshot={}", png.display()))
        .arg(format!("--window-size={WIDTH},{HEIGHT}"))
        .arg(format!("file://{}", page.display()))
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("cannot start {}: {e}", browser.display()));
    let start = Instant::now();
    loop {
        match child.try_wait() {
            Ok(Some(status)) => {
                let mut err = String::new();
                if let Some(mut s) = child.stderr.take() {
                    let _ = std::io::Read::read_to_string(&mut s, &mut err);
                }
                assert!(
                    status.success(),
                    "{} failed ({status}): {err}",
                    browser.display()
                );
                return;
            }
            Ok(None) if start.elapsed() > Duration::from_secs(120) => {
                let _ = child.kill();
                panic!("{} took more than two minutes", browser.display());
            }
            Ok(None) => std::thread::sleep(Duration::from_millis(100)),
            Err(e) => panic!("waiting for {}: {e}", browser.display()),
        }
    }
}

/// The image as RGB triples.
fn decode(png_bytes: &[u8]) -> (u32, u32, Vec<[u8; 3]>) {
    let mut decoder = png::Decoder::new(Cursor::new(png_bytes));
    decoder.set_transformations(png::Transformations::normalize_to_color8());
    let mut reader = decoder.read_info().expect("a PNG header");
    let mut buf = vec![0; reader.output_buffer_size().expect("a sane size")];
    let info = reader.next_frame(&mut buf).expect("a PNG frame");
    let channels = info.color_type.samples();
    let pixels = buf[..info.buffer_size()]
        .chunks_exact(channels)
        .map(|p| match channels {
            1 | 2 => [p[0], p[0], p[0]],
            _ => [p[0], p[1], p[2]],
        })
        .collect();
    (info.width, info.height, pixels)
}

fn hex(colour: &str) -> [u8; 3] {
    let v = u32::from_str_radix(colour.trim_start_matches('#'), 16).unwrap();
    [(v >> 16) as u8, (v >> 8) as u8, v as u8]
}

fn count_near(pixels: &[[u8; 3]], colour: [u8; 3]) -> usize {
    pixels
        .iter()
        .filter(|p| (0..3).all(|i| p[i].abs_diff(colour[i]) <= 3))
        .count()
}

#[test]
fn report_renders_in_headless_chromium() {
    if !enabled() {
        eprintln!("browser test not run: set CODECISION_BROWSER_TEST=1 (needs chromium)");
        return;
    }
    let browser = browser();
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("report-browser");
    let profile = dir.join(format!("profile-{}", std::process::id()));
    std::fs::create_dir_all(&profile).unwrap();
    let page = dir.join("report.html");
    let png_path = dir.join("report.png");
    let _ = std::fs::remove_file(&png_path);
    let html = Report::new(
        &Register::security_union(),
        &Ask::new(parse_date("2018-01-24").unwrap()).target("interoperability-2020"),
    )
    .map(|r| r.to_html())
    .unwrap();
    std::fs::write(&page, html).unwrap();

    screenshot(&browser, &page, &png_path, &profile);
    let _ = std::fs::remove_dir_all(&profile);

    let bytes = std::fs::read(&png_path).expect("the browser wrote no screenshot");
    let (w, h, pixels) = decode(&bytes);
    assert_eq!((w, h), (WIDTH, HEIGHT));
    let total = pixels.len();
    let ink = pixels.iter().filter(|p| p.iter().any(|&c| c < 235)).count();
    assert!(
        ink * 100 > total * 4,
        "the page looks blank: {ink} of {total} pixels are not white"
    );
    let distinct: std::collections::BTreeSet<[u8; 3]> = pixels.iter().copied().collect();
    assert!(distinct.len() > 100, "only {} colours", distinct.len());
    // Colours only the inline SVG and CSS draw: the stage fills of boxes and
    // segments (trilogue, general approach) and the deadline's red.
    for (what, colour) in [
        ("trilogue fill", "#a8ddb5"),
        ("mandate fill", "#ccebc5"),
        ("entry into force fill", "#2b8cbe"),
        ("deadline and blocker red", "#b2182b"),
    ] {
        let n = count_near(&pixels, hex(colour));
        assert!(n > 200, "{what} ({colour}) barely shows: {n} pixels");
    }
}
