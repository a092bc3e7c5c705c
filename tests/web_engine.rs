//! The engine the command line embeds for `report --interactive`
//! (assets/codecision_web.wasm) was built from these sources: the
//! fingerprint `scripts/build_web.sh` wrote beside it is the fingerprint of
//! the library and web/ as they are now. A change to the library that
//! leaves the engine behind fails here at once, without building the
//! engine (CI also builds it again and compares the bytes).

use std::process::Command;

#[test]
fn the_embedded_engine_was_built_from_these_sources() {
    let root = env!("CARGO_MANIFEST_DIR");
    let out = Command::new("bash")
        .arg("scripts/build_web.sh")
        .arg("--fingerprint")
        .current_dir(root)
        .output()
        .expect("bash runs scripts/build_web.sh");
    assert!(
        out.status.success(),
        "scripts/build_web.sh --fingerprint failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let now = String::from_utf8(out.stdout).unwrap();
    let built = std::fs::read_to_string(format!("{root}/assets/codecision_web.sources"))
        .expect("assets/codecision_web.sources, written by scripts/build_web.sh");
    assert_eq!(
        built.trim(),
        now.trim(),
        "assets/codecision_web.wasm was built from other sources than these: run \
         scripts/build_web.sh (needs `rustup target add wasm32-unknown-unknown`) and commit assets/"
    );
}
