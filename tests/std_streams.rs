//! `-` is standard input wherever an input path is taken and standard
//! output wherever an output path is taken (`--output -`, `-o -`), the same
//! for every command; no file named `-` is ever written or read. (`report
//! -o -` wrote a file named `-` while `--register -` read standard input.)

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

/// A fresh, empty directory for one test.
fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("codecision-std-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// Runs the command in `dir`, `stdin` on its standard input.
fn run_in(dir: &Path, args: &[&str], stdin: Option<&[u8]>) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_codecision"))
        .current_dir(dir)
        .env("CODECISION_TODAY", "2018-01-24")
        .args(args)
        .stdin(if stdin.is_some() {
            Stdio::piped()
        } else {
            Stdio::null()
        })
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    if let Some(bytes) = stdin {
        child.stdin.take().unwrap().write_all(bytes).unwrap();
    }
    let out = child.wait_with_output().unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    // Nothing written beside: no file named `-`.
    assert!(
        std::fs::read_dir(dir).unwrap().next().is_none(),
        "{args:?} wrote a file in {}",
        dir.display()
    );
    out
}

#[test]
fn report_output_dash_is_standard_output() {
    let dir = scratch("report");
    let out = run_in(&dir, &["report", "--no-forecast", "-o", "-"], None);
    let page = String::from_utf8(out.stdout).unwrap();
    assert!(page.starts_with("<!DOCTYPE html>"), "{page:.80}");
    // The same page as without --output.
    let plain = run_in(&dir, &["report", "--no-forecast"], None);
    assert_eq!(page.as_bytes(), plain.stdout);
    // With the register read from standard input too.
    let register = codecision::Register::SECURITY_UNION_JSON.as_bytes();
    let out = run_in(
        &dir,
        &[
            "--register",
            "-",
            "report",
            "--no-forecast",
            "--output",
            "-",
        ],
        Some(register),
    );
    assert_eq!(out.stdout, plain.stdout);
}

#[test]
fn import_output_dash_is_standard_output_and_its_input_dash_standard_input() {
    let dir = scratch("import");
    let input = fixture("import/ep-api_2016-0132.json");
    let plain = run_in(&dir, &["import", "ep-api", input.to_str().unwrap()], None);
    let out = run_in(
        &dir,
        &["import", "ep-api", input.to_str().unwrap(), "-o", "-"],
        None,
    );
    assert_eq!(out.stdout, plain.stdout);
    codecision::Register::from_slice(&out.stdout).unwrap();
    let bytes = std::fs::read(&input).unwrap();
    let out = run_in(&dir, &["import", "ep-api", "-", "-o", "-"], Some(&bytes));
    assert_eq!(out.stdout, plain.stdout);
    let dump = std::fs::read(fixture("import/parltrack_ep_dossiers.json")).unwrap();
    let from_file = run_in(
        &dir,
        &[
            "import",
            "parltrack",
            fixture("import/parltrack_ep_dossiers.json")
                .to_str()
                .unwrap(),
        ],
        None,
    );
    let out = run_in(
        &dir,
        &["import", "parltrack", "-", "--output", "-"],
        Some(&dump),
    );
    assert_eq!(out.stdout, from_file.stdout);
}

#[test]
fn every_register_input_dash_is_standard_input() {
    let dir = scratch("inputs");
    let register = codecision::Register::SECURITY_UNION_JSON.as_bytes();
    let out = run_in(&dir, &["validate", "-"], Some(register));
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.starts_with("<stdin>: valid"), "{text}");
    let from_stdin = run_in(&dir, &["--register", "-", "status"], Some(register));
    let embedded = run_in(&dir, &["status"], None);
    assert_eq!(from_stdin.stdout, embedded.stdout);
}
