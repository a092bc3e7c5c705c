//! The calibration files (tests/fixtures/calibration): real completed
//! files, every date sourced, none of them in the embedded register.

use codecision::{Register, Stage};

fn load(name: &str) -> Register {
    let path = format!(
        "{}/tests/fixtures/calibration/{name}.json",
        env!("CARGO_MANIFEST_DIR")
    );
    Register::load(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

#[test]
fn every_event_is_sourced_and_no_file_is_in_the_embedded_register() {
    let embedded = Register::security_union();
    let mut procedures = Vec::new();
    let parts = std::iter::once(("tuning".to_string(), load("tuning"))).chain(held_out());
    for (name, r) in parts {
        assert!(r.files().len() >= 8, "{name}");
        for f in r.files() {
            assert!(embedded.file(f.id()).is_none(), "{name}: {}", f.id());
            let procedure = f.procedure().expect("a procedure reference");
            assert!(
                embedded
                    .files()
                    .iter()
                    .all(|e| e.procedure() != Some(procedure)),
                "{procedure} is embedded"
            );
            procedures.push(procedure.to_string());
            assert!(
                f.events().iter().any(|e| e.stage == Some(Stage::Proposal)),
                "{}: no proposal",
                f.id()
            );
            for (i, e) in f.events().iter().enumerate() {
                let source = e.source().unwrap_or("");
                assert!(source.len() > 10, "{} event {i}: no source", f.id());
            }
        }
    }
    // The two parts share no file.
    let n = procedures.len();
    procedures.sort();
    procedures.dedup();
    assert_eq!(procedures.len(), n);
}

/// The held-out parts: `held-out-*.json`, files assembled after the
/// model's free parameters were last chosen, and only backtested.
fn held_out() -> Vec<(String, Register)> {
    let dir = format!("{}/tests/fixtures/calibration", env!("CARGO_MANIFEST_DIR"));
    let mut parts: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with("held-out-") && n.ends_with(".json"))
        .map(|n| n.trim_end_matches(".json").to_string())
        .collect();
    parts.sort();
    parts.into_iter().map(|n| (n.clone(), load(&n))).collect()
}

#[test]
fn the_held_out_files_are_completed() {
    for (name, r) in held_out() {
        for f in r.files() {
            assert!(
                f.since(Stage::Adoption, chrono::NaiveDate::MAX).is_some(),
                "{name}: {}",
                f.id()
            );
        }
    }
}
