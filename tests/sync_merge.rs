//! `sync::merge`, the pure part of `codecision sync`, on the recorded real
//! response of the EP Open Data API v2 (`tests/fixtures/import/`, see the
//! README there): no network.

use codecision::import::{Options, ep_api};
use codecision::{Event, LegislativeFile, Register, Stage, parse_date, sync};
use proptest::prelude::*;

const FIXTURE: &str = include_str!("fixtures/import/ep-api_2016-0132.json");

fn api_events() -> Vec<Event> {
    let import = ep_api::from_reader(FIXTURE.as_bytes(), Options::default()).unwrap();
    import.register.files()[0].events().to_vec()
}

fn fetched() -> Vec<LegislativeFile> {
    ep_api::from_reader(FIXTURE.as_bytes(), Options::default())
        .unwrap()
        .register
        .files()
        .to_vec()
}

/// A user's own event (never one the API has).
fn own(day: u32, i: usize) -> Event {
    let date = parse_date("2015-01-01").unwrap() + chrono::Days::new(u64::from(day));
    Event::new(date, Stage::Proposal)
        .with_source(format!("my source {i}"))
        .with_note("mine")
}

fn register_with(events: Vec<Event>) -> Register {
    Register::builder()
        .file(
            LegislativeFile::new("eurodac", "Eurodac (mine)")
                .with_procedure("2016/0132(COD)")
                .with_events(events),
        )
        .file(LegislativeFile::new("other", "Not in the API").with_events([own(3, 99)]))
        .build()
        .unwrap()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    /// Whatever the register already holds of the API's events (a subset,
    /// in any order, with the user's own events between them), a merge
    /// adds exactly the missing ones, keeps the register's events in their
    /// order, and a second merge changes nothing.
    #[test]
    fn a_merge_adds_what_is_missing_and_only_that(
        keep in proptest::collection::vec(any::<bool>(), 23),
        own_days in proptest::collection::vec(0u32..4000, 0..6),
        seed in any::<u64>(),
    ) {
        let api = api_events();
        let mut mine: Vec<Event> = api
            .iter()
            .zip(keep.iter().cycle())
            .filter(|(_, k)| **k)
            .map(|(e, _)| e.clone().with_note("my note"))
            .collect();
        for (i, day) in own_days.iter().enumerate() {
            let at = (seed as usize).wrapping_add(i * 7) % (mine.len() + 1);
            mine.insert(at, own(*day, i));
        }
        let register = register_with(mine.clone());
        let merged = sync::merge(&register, &fetched()).unwrap();
        let after = merged.register.file("eurodac").unwrap().events();

        // The register's events, in their order, untouched.
        let kept: Vec<&Event> = after.iter().filter(|e| mine.contains(e)).collect();
        prop_assert_eq!(kept, mine.iter().collect::<Vec<_>>());
        // Every API event is there once.
        for e in &api {
            let same = |m: &&Event| m.date == e.date && m.stage == e.stage && m.source() == e.source();
            prop_assert_eq!(after.iter().filter(same).count(), 1);
        }
        prop_assert_eq!(after.len(), mine.len() + merged.files[0].added.len());
        // The rest of the register is as it was.
        prop_assert_eq!(merged.register.file("other"), register.file("other"));
        prop_assert_eq!(merged.register.file("eurodac").unwrap().title(), "Eurodac (mine)");
        // Again: nothing.
        let again = sync::merge(&merged.register, &fetched()).unwrap();
        prop_assert!(!again.changed());
        prop_assert_eq!(again.register, merged.register);
    }
}

#[test]
fn links_goals_and_synced_are_kept() {
    let text = r#"{"version": 1, "synced": "2020-01-01", "files": [
        {"id": "eurodac", "title": "E", "procedure": "2016/0132(COD)", "requires": ["vis"], "related": ["vis"]},
        {"id": "vis", "title": "V"}],
        "goals": [{"id": "g", "title": "G", "deadline": "2024-12-31", "requires": ["eurodac"]}]}"#;
    let register = Register::from_json(text).unwrap();
    let merged = sync::merge(&register, &fetched()).unwrap();
    let before = register.to_json();
    let after = merged.register.to_json();
    assert_eq!(merged.register.synced(), register.synced());
    assert_eq!(merged.register.goals(), register.goals());
    let eurodac = merged.register.file("eurodac").unwrap();
    assert_eq!(
        eurodac.requirements(),
        register.file("eurodac").unwrap().requirements()
    );
    assert_eq!(eurodac.related(), ["vis"]);
    assert_eq!(eurodac.events().len(), api_events().len());
    assert!(after.len() > before.len());
}

#[test]
fn a_new_procedure_whose_id_is_taken_is_an_error() {
    // A goal already uses the id the importer gives the procedure.
    let register = Register::from_json(
        r#"{"files": [], "goals": [{"id": "2016-0132-cod", "title": "G", "deadline": "2024-12-31"}]}"#,
    )
    .unwrap();
    let e = sync::merge(&register, &fetched()).unwrap_err().to_string();
    assert!(e.contains("2016-0132-cod"), "{e}");
}

/// Whether `small`'s bytes appear in `big` in order (others between them).
fn is_subsequence(small: &str, big: &str) -> bool {
    let mut rest = big.bytes();
    small.bytes().all(|b| rest.any(|c| c == b))
}

#[test]
fn to_text_keeps_every_byte_of_any_layout() {
    let events: Vec<Event> = api_events().into_iter().step_by(3).collect();
    let register = register_with(events);
    let value: serde_json::Value = serde_json::from_str(&register.to_json()).unwrap();
    let four_spaces = {
        let mut out = Vec::new();
        let formatter = serde_json::ser::PrettyFormatter::with_indent(b"    ");
        let mut ser = serde_json::Serializer::with_formatter(&mut out, formatter);
        serde::Serialize::serialize(&value, &mut ser).unwrap();
        String::from_utf8(out).unwrap()
    };
    let day = parse_date("2026-12-01").unwrap();
    for original in [value.to_string(), four_spaces, register.to_json()] {
        let mine = Register::from_json(&original).unwrap();
        let merged = sync::merge(&mine, &fetched()).unwrap();
        assert!(merged.changed());
        let text = merged.to_text(&original, Some(day)).unwrap();
        // Read back, it is the merged register, synced that day…
        assert_eq!(
            Register::from_json(&text).unwrap(),
            merged.register.clone().with_synced(Some(day)).unwrap()
        );
        // …and every byte of the original is still there, in order.
        assert!(is_subsequence(&original, &text), "{text}");
        // Nothing to add: the text is the original's.
        let again = sync::merge(&Register::from_json(&text).unwrap(), &fetched()).unwrap();
        assert_eq!(again.to_text(&text, Some(day)).unwrap(), text);
    }
}

/// Issue 24, item 9: a merge is only ever written into the text it was
/// computed from. A text with more files (or other files, or other events)
/// is refused with an error, never indexed by the merge's positions (which
/// panicked).
#[test]
fn to_text_refuses_a_text_the_merge_was_not_computed_from() {
    let mine = register_with(api_events().into_iter().step_by(3).collect());
    let original = mine.to_json();
    let merged = sync::merge(&mine, &fetched()).unwrap();
    assert!(merged.changed());
    let day = parse_date("2026-12-01").unwrap();
    // The same text, compact: accepted.
    let compact = serde_json::from_str::<serde_json::Value>(&original)
        .unwrap()
        .to_string();
    assert!(merged.to_text(&compact, Some(day)).is_ok());

    let mut value: serde_json::Value = serde_json::from_str(&original).unwrap();
    // One file more, before the matched one: positions no longer agree.
    let mut more = value.clone();
    more["files"].as_array_mut().unwrap().insert(
        0,
        serde_json::json!({"id": "first", "title": "A file the merge never saw"}),
    );
    more["files"].as_array_mut().unwrap().push(serde_json::json!(
        {"id": "last", "title": "Another", "events": [{"date": "2020-01-01", "stage": "proposal"}]}
    ));
    // One file more, after the matched one (this one panicked: the text's
    // files were looked up by position among the merge's).
    let mut after: serde_json::Value = serde_json::from_str(&original).unwrap();
    after["files"]
        .as_array_mut()
        .unwrap()
        .push(serde_json::json!({"id": "last", "title": "Not in the merge"}));
    // A title changed.
    value["files"][0]["title"] = "Eurodac (edited since)".into();
    let edited = value.to_string();
    // The file with one event fewer.
    let mut fewer: serde_json::Value = serde_json::from_str(&original).unwrap();
    fewer["files"][0]["events"].as_array_mut().unwrap().pop();
    for (what, text) in [
        ("more files", more.to_string()),
        ("a file more at the end", after.to_string()),
        ("an edited title", edited),
        ("an event fewer", fewer.to_string()),
    ] {
        let e = merged.to_text(&text, Some(day)).unwrap_err().to_string();
        assert!(
            e.contains("not the register this merge was computed from"),
            "{what}: {e}"
        );
    }
    // Not a register at all: the reader's own error.
    assert!(merged.to_text("[]", None).is_err());
}
