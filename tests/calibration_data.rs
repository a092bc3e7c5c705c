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
    for name in ["tuning", "held-out"] {
        let r = load(name);
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

#[test]
fn the_held_out_files_are_of_the_2014_2019_term_and_completed() {
    let r = load("held-out");
    for f in r.files() {
        let proposal = f.since(Stage::Proposal, chrono::NaiveDate::MAX).unwrap();
        assert!(proposal.to_string().as_str() > "2014-07-01", "{}", f.id());
        assert!(
            f.since(Stage::Adoption, chrono::NaiveDate::MAX).is_some(),
            "{}",
            f.id()
        );
    }
}
