//! Shared by the benches: the synthetic registers of
//! `tests/reference/gen_register.py`, generated once into `target/bench-data/`.

use std::path::PathBuf;
use std::process::Command;

/// The synthetic register of `files` files (seed 7), generated once.
pub fn register_bytes(files: usize) -> Vec<u8> {
    std::fs::read(register_path(files)).expect("read bench data")
}

/// Where the synthetic register of `files` files (seed 7) is, generated
/// once.
#[allow(dead_code)] // not every bench reads the file itself
pub fn register_path(files: usize) -> PathBuf {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let dir = root.join("target/bench-data");
    std::fs::create_dir_all(&dir).expect("create target/bench-data");
    let path = dir.join(format!("register-{files}-seed7.json"));
    if !path.exists() {
        let script = root.join("tests/reference/gen_register.py");
        let out = Command::new("python3")
            .arg(&script)
            .arg(files.to_string())
            .args(["--seed", "7"])
            .output()
            .expect("run python3 tests/reference/gen_register.py");
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        std::fs::write(&path, out.stdout).expect("write bench data");
    }
    path
}
