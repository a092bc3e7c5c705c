//! Headless Chromium for the tests that open the report in a real browser.
//!
//! They run only with `CODECISION_BROWSER_TEST=1` (CI sets it after
//! `apt-get install chromium`); then a missing browser is a failure, not a
//! skip. The browser is `$CHROMIUM` if set, else the first of `chromium`,
//! `chromium-browser`, `google-chrome` found. It runs with a fresh profile
//! and the network shut: no background networking, updates, sync or QUIC.

#![allow(dead_code)] // each test file uses its part

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

/// Whether the browser tests are asked for.
pub fn enabled() -> bool {
    std::env::var("CODECISION_BROWSER_TEST").is_ok_and(|v| v == "1")
}

/// The browser to run: `$CHROMIUM`, or the first known name that starts.
pub fn browser() -> PathBuf {
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

/// The flags every run gets: headless, no sandbox (CI runs as root), no
/// GPU, and nothing that reaches the network on its own.
pub const FLAGS: &[&str] = &[
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
];

/// Runs `browser` with `FLAGS`, a fresh profile under `profile`, then
/// `args`; fails after two minutes or if it fails. Returns its output.
pub fn run(browser: &Path, profile: &Path, args: &[String]) -> Output {
    let _ = std::fs::remove_dir_all(profile);
    std::fs::create_dir_all(profile).unwrap();
    let mut child = Command::new(browser)
        .args(FLAGS)
        .arg(format!("--user-data-dir={}", profile.display()))
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("cannot start {}: {e}", browser.display()));
    // Read stdout on a thread: a large DOM would fill the pipe.
    let mut stdout = child.stdout.take().unwrap();
    let reader = std::thread::spawn(move || {
        let mut out = Vec::new();
        let _ = std::io::Read::read_to_end(&mut stdout, &mut out);
        out
    });
    let start = Instant::now();
    let status = loop {
        match child.try_wait() {
            Ok(Some(status)) => break status,
            Ok(None) if start.elapsed() > Duration::from_secs(120) => {
                let _ = child.kill();
                panic!("{} took more than two minutes", browser.display());
            }
            Ok(None) => std::thread::sleep(Duration::from_millis(50)),
            Err(e) => panic!("waiting for {}: {e}", browser.display()),
        }
    };
    let mut stderr = Vec::new();
    if let Some(mut s) = child.stderr.take() {
        let _ = std::io::Read::read_to_end(&mut s, &mut stderr);
    }
    let stdout = reader.join().unwrap();
    let _ = std::fs::remove_dir_all(profile);
    assert!(
        status.success(),
        "{} failed ({status}): {}",
        browser.display(),
        String::from_utf8_lossy(&stderr)
    );
    Output {
        status,
        stdout,
        stderr,
    }
}

/// The DOM of `page` opened at `#fragment` (none if empty), as the browser
/// serialises it once the page has loaded and its scripts ran; `extra`
/// flags go before the address.
pub fn dump_dom(
    browser: &Path,
    profile: &Path,
    page: &Path,
    fragment: &str,
    extra: &[&str],
) -> String {
    let mut args: Vec<String> = extra.iter().map(|s| s.to_string()).collect();
    args.push("--dump-dom".into());
    let mut url = format!("file://{}", page.display());
    if !fragment.is_empty() {
        url.push('#');
        url.push_str(fragment);
    }
    args.push(url);
    let out = run(browser, profile, &args);
    String::from_utf8(out.stdout).expect("the DOM is UTF-8")
}

/// The DOM of `page` opened at `#fragment` with scripts off (script
/// execution disabled before the page is opened, through the DevTools
/// protocol on a pipe: `--dump-dom` itself needs scripts), by
/// tests/browser/no_script.py.
pub fn dump_dom_without_scripts(
    browser: &Path,
    profile: &Path,
    page: &Path,
    fragment: &str,
) -> String {
    let _ = std::fs::remove_dir_all(profile);
    std::fs::create_dir_all(profile).unwrap();
    let mut url = format!("file://{}", page.display());
    if !fragment.is_empty() {
        url.push('#');
        url.push_str(fragment);
    }
    let out = Command::new("python3")
        .arg(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/browser/no_script.py"
        ))
        .arg(browser)
        .arg(profile)
        .arg(url)
        .args(FLAGS)
        .output()
        .expect("python3 runs tests/browser/no_script.py");
    let _ = std::fs::remove_dir_all(profile);
    assert!(
        out.status.success(),
        "no_script.py failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("the DOM is UTF-8")
}

/// A fresh profile directory under `dir` for one run of the browser.
pub fn profile(dir: &Path) -> PathBuf {
    use std::sync::atomic::{AtomicUsize, Ordering};
    static RUNS: AtomicUsize = AtomicUsize::new(0);
    let n = RUNS.fetch_add(1, Ordering::Relaxed);
    dir.join(format!("profile-{}-{n}", std::process::id()))
}
