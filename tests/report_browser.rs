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

mod browser;

use std::io::Cursor;
use std::path::{Path, PathBuf};

use codecision::export::Report;
use codecision::{Ask, Register, parse_date};

const WIDTH: u32 = 1400;
const HEIGHT: u32 = 2000;

/// Renders `page` to `png` in headless Chromium with a fresh profile and no
/// network, failing after two minutes.
fn screenshot(browser: &Path, page: &Path, png: &Path, profile: &Path) {
    browser::run(
        browser,
        profile,
        &[
            "--hide-scrollbars".to_string(),
            "--force-device-scale-factor=1".to_string(),
            format!("--screenshot={}", png.display()),
            format!("--window-size={WIDTH},{HEIGHT}"),
            format!("file://{}", page.display()),
        ],
    );
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
    if !browser::enabled() {
        eprintln!("browser test not run: set CODECISION_BROWSER_TEST=1 (needs chromium)");
        return;
    }
    let browser = browser::browser();
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
