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

// -- the same checks on random JSON, in every CI run ------------------------
//
// The fuzzers are not run in CI; this property runs their checks on random
// JSON documents made of the formats' own words (field names, stages, dates,
// activity types, key-event labels), so that every CI run tries a few
// hundred new shapes. Bounded: `PROPTEST_CASES` overrides the count.

use proptest::prelude::*;

/// Words the readers look for, and a few they should refuse.
const WORDS: &[&str] = &[
    "version",
    "files",
    "goals",
    "id",
    "title",
    "procedure",
    "proposal",
    "act",
    "committee",
    "events",
    "requires",
    "related",
    "date",
    "stage",
    "source",
    "note",
    "deadline",
    "file",
    "data",
    "type",
    "Process",
    "label",
    "process_id",
    "process_type",
    "process_title",
    "en",
    "consists_of",
    "activity_id",
    "activity_date",
    "had_activity_type",
    "occured_at_stage",
    "had_participation",
    "participation_role",
    "had_participant_organization",
    "def/ep-activities/SIGNATURE",
    "def/ep-activities/PUBLICATION_OFFICIAL_JOURNAL",
    "def/ep-activities/COMMITTEE_ADOPTING_REPORT",
    "def/ep-roles/COMMITTEE_LEAD",
    "org/LIBE",
    "reference",
    "stage_reached",
    "final",
    "docs",
    "committees",
    "activities",
    "Responsible Committee",
    "Final act signed",
    "Legislative proposal published",
    "Final act published in Official Journal",
    "Proposal withdrawn by Commission",
    "Vote in committee, 1st reading (Rule 71)",
    "Procedure lapsed or withdrawn",
    "2016/0132(COD)",
    "2024/0258(COD)",
    "a",
    "b",
    "g",
    "A",
    "proposal",
    "general_approach",
    "libe_vote",
    "trilogue",
    "political_agreement",
    "adoption",
    "entry_into_force",
    "application",
    "withdrawn",
    "2017-06-09",
    "2016-02-29",
    "2017-02-29",
    "0001-01-01",
    "9999-12-31",
    "9999-12-25",
    "0000-01-01",
    "2017-06-09T00:00:00",
    "",
    "é",
];

fn word() -> impl Strategy<Value = String> {
    prop::sample::select(WORDS).prop_map(str::to_string)
}

fn json_value() -> impl Strategy<Value = serde_json::Value> {
    use serde_json::Value;
    let leaf = prop_oneof![
        4 => word().prop_map(Value::String),
        1 => any::<i64>().prop_map(Value::from),
        1 => Just(Value::Null),
        1 => any::<bool>().prop_map(Value::Bool),
    ];
    leaf.prop_recursive(5, 64, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            prop::collection::vec((word(), inner), 0..7)
                .prop_map(|fields| Value::Object(fields.into_iter().collect())),
        ]
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn random_json_goes_through_every_check(value in json_value(), flags in 0u8..4) {
        let text = serde_json::to_vec(&value).unwrap();
        checks::register_load(&text);
        let mut with_options = vec![flags];
        with_options.extend_from_slice(&text);
        checks::ep_api(&with_options);
        checks::parltrack(&with_options);
        // The same under the envelopes the importers expect.
        let wrapped = serde_json::json!({"data": [value.clone()]});
        let mut doc = vec![flags];
        doc.extend(serde_json::to_vec(&wrapped).unwrap());
        checks::ep_api(&doc);
        let mut dump = vec![flags];
        dump.extend(serde_json::to_vec(&serde_json::json!([value.clone()])).unwrap());
        checks::parltrack(&dump);
        let register = serde_json::json!({"version": 1, "files": [value]});
        checks::register_load(&serde_json::to_vec(&register).unwrap());
    }

    #[test]
    fn random_text_goes_through_the_date_check(text in "[0-9+\\-T: ]{0,14}") {
        checks::date(text.as_bytes());
    }
}
