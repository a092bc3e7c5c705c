//! Every input the fuzzers found a bug with (and a few written by hand at
//! the same places), run through the very checks the fuzz targets make:
//! `fuzz/src/lib.rs` is included here as a module. Each must be refused with
//! an error that says something, or accepted, and then survive a save and a
//! load unchanged and answer every question; none may panic.
//!
//! The inputs live in `tests/fixtures/fuzz/TARGET/`, one file each, named
//! after what they found; `fuzz/README.md` says what each one was.

#[allow(dead_code)]
#[path = "../fuzz/src/lib.rs"]
mod checks;

use std::path::{Path, PathBuf};

fn inputs(target: &str) -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/fuzz")
        .join(target);
    let mut found: Vec<PathBuf> = match std::fs::read_dir(&dir) {
        Ok(entries) => entries.map(|e| e.unwrap().path()).collect(),
        Err(e) => panic!("{}: {e}", dir.display()),
    };
    found.retain(|p| p.is_file());
    found.sort();
    assert!(!found.is_empty(), "no input in {}", dir.display());
    found
}

/// Runs `check` on every input of `target`, and names the input that fails.
fn run(target: &str, check: fn(&[u8])) {
    for path in inputs(target) {
        let data = std::fs::read(&path).unwrap();
        if std::panic::catch_unwind(|| check(&data)).is_err() {
            panic!("{} fails the {target} check", path.display());
        }
    }
}

#[test]
fn register_load() {
    run("register_load", checks::register_load);
}

#[test]
fn ep_api() {
    run("ep_api", checks::ep_api);
}

#[test]
fn parltrack() {
    run("parltrack", checks::parltrack);
}

#[test]
fn date() {
    run("date", checks::date);
}
