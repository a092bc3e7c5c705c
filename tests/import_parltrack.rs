//! The Parltrack `ep_dossiers` importer.
//!
//! No real Parltrack dump was available: the fixtures follow the documented
//! schema and dump layout, with the real OEIL key events of 2024/0258(COD)
//! in the first record (see tests/fixtures/import/make_parltrack_fixtures.py).

use codecision::import::{ImportDiagnosticKind, Options, parltrack};
use codecision::{Error, Register, Stage, parse_date};

macro_rules! fixture {
    ($name:literal) => {
        concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/import/", $name)
    };
}

const DUMP: &str = fixture!("parltrack_ep_dossiers.json");
const DUMP_ZST: &str = fixture!("parltrack_ep_dossiers.json.zst");

fn d(s: &str) -> chrono::NaiveDate {
    parse_date(s).unwrap()
}

fn import() -> codecision::import::Import {
    parltrack::from_path(DUMP, Options::default()).unwrap()
}

#[test]
fn every_record_becomes_a_file_in_dump_order() {
    let import = import();
    let ids: Vec<_> = import.register.files().iter().map(|f| f.id()).collect();
    assert_eq!(
        ids,
        [
            "2024-0258-cod",
            "9999-0001-cod",
            "9999-0002-cod",
            "9999-0003-cod",
            "9999-0004-cns"
        ]
    );
}

#[test]
fn the_oeil_key_events_of_2024_0258_land_on_their_stages() {
    let import = import();
    let file = import.register.file("2024-0258-cod").unwrap();
    assert_eq!(file.procedure(), Some("2024/0258(COD)"));
    assert_eq!(file.proposal(), Some("COM(2024)0469"));
    // Every key event is kept, plus the inferred entry into force.
    assert_eq!(file.events().len(), 14 + 1);

    assert_eq!(file.reached_on(Stage::Proposal), Some(d("2024-10-09")));
    assert_eq!(file.reached_on(Stage::LibeVote), Some(d("2025-01-30")));
    assert_eq!(
        file.reached_on(Stage::PoliticalAgreement),
        Some(d("2025-03-06"))
    );
    // Council adoption and signature on the same day: signature dates it.
    let adoption = file
        .events()
        .iter()
        .find(|e| e.stage == Some(Stage::Adoption))
        .unwrap();
    assert_eq!(adoption.date, d("2025-03-18"));
    assert_eq!(
        adoption.note(),
        Some("Final act signed; adoption dated at signature")
    );
    // Published 2025-03-21: in force on the twentieth day after, inferred.
    let in_force = file.stage_at(d("2025-04-10")).unwrap();
    assert_eq!(
        (in_force.stage, in_force.since),
        (Stage::EntryIntoForce, d("2025-04-10"))
    );
    assert_eq!(
        file.stage_at(d("2025-04-09")).unwrap().stage,
        Stage::Adoption
    );

    // Rule numbers are matched away but kept in the note as OEIL wrote them.
    let confirmed = file
        .events()
        .iter()
        .find(|e| {
            e.note()
                .is_some_and(|n| n.contains("confirmed by plenary (Rule 71)"))
        })
        .unwrap();
    assert_eq!(confirmed.stage, Some(Stage::LibeVote));
    // Documents are the source; events without one name the OEIL file.
    let decision = file
        .events()
        .iter()
        .find(|e| e.note() == Some("Decision by Parliament, 1st reading"))
        .unwrap();
    assert_eq!(decision.source(), Some("T10-0022/2025"));
    assert_eq!(decision.stage, None);
    assert_eq!(file.events()[1].source(), Some("OEIL 2024/0258(COD)"));
}

#[test]
fn the_responsible_committee_is_named_and_rule_drift_is_absorbed() {
    let import = import();
    let file = import.register.file("9999-0001-cod").unwrap();
    assert_eq!(file.committee(), Some("LIBE"));
    assert_eq!(file.act(), Some("Regulation 9999/1"));
    let votes: Vec<_> = file
        .events()
        .iter()
        .filter(|e| e.stage == Some(Stage::LibeVote))
        .collect();
    // The committee vote, and the "(Rule 72)" announcement of the mandate.
    assert_eq!(votes.len(), 2);
    assert!(votes.iter().all(|e| e.committee() == Some("LIBE")));
    // No signature: the Council's adoption dates the adoption, and says so.
    let adoption = file.stage_at(d("2019-09-30")).unwrap();
    assert_eq!(
        (adoption.stage, adoption.since),
        (Stage::Adoption, d("2019-09-16"))
    );
}

#[test]
fn unknown_labels_are_kept_and_reported_not_failed() {
    let import = import();
    let file = import.register.file("9999-0001-cod").unwrap();
    let unknown = file
        .events()
        .iter()
        .find(|e| e.note() == Some("A key event OEIL does not have"))
        .unwrap();
    assert_eq!(unknown.stage, None);
    let reported: Vec<_> = import
        .diagnostics
        .iter()
        .filter(|x| matches!(x.kind, ImportDiagnosticKind::UnknownType { .. }))
        .collect();
    assert_eq!(reported.len(), 1);
    assert_eq!(reported[0].procedure.as_deref(), Some("9999/0001(COD)"));
    assert_eq!(reported[0].item.as_deref(), Some("events[4]"));
}

#[test]
fn withdrawal_is_terminal_and_an_undated_end_is_reported_not_invented() {
    let import = import();
    let withdrawn = import.register.file("9999-0002-cod").unwrap();
    assert_eq!(withdrawn.current_stage(), Some(Stage::Withdrawn));
    assert_eq!(
        withdrawn.since(Stage::Withdrawn, d("2030-01-01")),
        Some(d("2021-01-12"))
    );

    // A version 1 record (`activities`), lapsed by `stage_reached` with no
    // dated event: its events are read, no terminal event is made up.
    let lapsed = import.register.file("9999-0003-cod").unwrap();
    assert_eq!(lapsed.current_stage(), Some(Stage::LibeVote));
    assert_eq!(lapsed.proposal(), Some("COM(2012)0003"));
    let undated: Vec<_> = import
        .diagnostics
        .iter()
        .filter(|x| matches!(x.kind, ImportDiagnosticKind::UndatedEnd { .. }))
        .collect();
    assert_eq!(undated.len(), 1);
    assert_eq!(undated[0].procedure.as_deref(), Some("9999/0003(COD)"));
    assert_eq!(import.diagnostics.len(), 2, "{:?}", import.diagnostics);
}

#[test]
fn entry_into_force_is_inferred_for_cod_only() {
    let import = import();
    let consultation = import.register.file("9999-0004-cns").unwrap();
    assert!(!consultation.reached(Stage::EntryIntoForce, d("2030-01-01")));
    let plain =
        parltrack::from_path(DUMP, Options::default().infer_entry_into_force(false)).unwrap();
    assert!(
        plain
            .register
            .files()
            .iter()
            .all(|f| !f.reached(Stage::EntryIntoForce, d("2030-01-01")))
    );
}

#[test]
fn the_zstd_dump_reads_like_the_plain_one() {
    let plain = import();
    let packed = parltrack::from_path(DUMP_ZST, Options::default()).unwrap();
    assert_eq!(plain.register, packed.register);
    let from_reader =
        parltrack::from_reader(std::fs::File::open(DUMP_ZST).unwrap(), Options::default()).unwrap();
    assert_eq!(plain.register, from_reader.register);
}

#[test]
fn the_output_is_a_register_that_reads_back_equal() {
    let import = import();
    let again = Register::from_json(&import.register.to_json()).unwrap();
    assert_eq!(again, import.register);
}

#[test]
fn a_broken_line_is_named_by_path_and_line() {
    let path = fixture!("parltrack_truncated.json");
    let err = parltrack::from_path(path, Options::default()).unwrap_err();
    let Error::Json { origin, line, .. } = &err else {
        panic!("expected a JSON error, got {err:?}");
    };
    assert_eq!(origin.as_deref(), Some(path));
    // Record 4 (line 5) is cut in the middle of a string: the parser finds
    // out at the line break.
    assert!((4..=5).contains(line), "line {line}");
    // With keep_going, the records read whole before the break are kept and
    // the rest is skipped, with a diagnostic that says where and how many.
    let import = parltrack::from_path(path, Options::default().keep_going(true)).unwrap();
    assert_eq!(import.register.files().len(), 3);
    let said = import.diagnostics.last().unwrap().to_string();
    assert!(
        said.starts_with(&format!("skipped {path}: line ")),
        "{said}"
    );
    assert!(
        said.contains("the rest of the dump from there (the 3 records before it were imported)"),
        "{said}"
    );
}

#[test]
fn a_bad_date_names_the_record_and_event_and_keep_going_skips_the_record() {
    let path = fixture!("parltrack_bad_date.json");
    let err = parltrack::from_path(path, Options::default()).unwrap_err();
    let Error::Import {
        origin, message, ..
    } = &err
    else {
        panic!("expected an import error, got {err:?}");
    };
    assert_eq!(
        origin,
        &format!("{path}: procedure 9999/0002(COD) (record 2), events[1]")
    );
    assert!(
        message.contains("`2021-02-30T00:00:00`: no such day in that month"),
        "{message}"
    );

    let import = parltrack::from_path(path, Options::default().keep_going(true)).unwrap();
    assert_eq!(import.register.files().len(), 4);
    assert!(import.register.file("9999-0002-cod").is_none());
    assert!(import.diagnostics.iter().any(|x| matches!(
        x.kind,
        ImportDiagnosticKind::Skipped { .. }
    ) && x.procedure.as_deref()
        == Some("9999/0002(COD)")));
}

#[test]
fn a_record_without_a_reference_is_an_error() {
    let text = "[{\"procedure\": {\"title\": \"no reference\"}, \"events\": []}\n]";
    let err = parltrack::from_reader(text.as_bytes(), Options::default()).unwrap_err();
    assert_eq!(
        err.to_string(),
        "<input>: record 0: record has no `procedure.reference`"
    );
}

#[test]
fn a_dump_that_is_not_an_array_is_refused_with_its_position() {
    let err = parltrack::from_reader(&b"{\"procedure\": {}}"[..], Options::default()).unwrap_err();
    let Error::Json {
        line,
        column,
        message,
        ..
    } = &err
    else {
        panic!("expected a JSON error, got {err:?}");
    };
    assert_eq!((*line, *column), (1, 1));
    assert!(message.contains("an array of dossier records"), "{message}");
}
