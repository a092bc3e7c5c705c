//! The EP Open Data Portal API v2 importer, on the real Eurodac recast
//! response (2016/0132(COD)) and on documents built to probe one rule each.

use std::path::{Path, PathBuf};

use codecision::import::{ImportDiagnosticKind, Options, ep_api};
use codecision::{Error, Register, Stage, parse_date};
use serde_json::{Value, json};

const EURODAC: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/fixtures/import/ep-api_2016-0132.json"
);

fn d(s: &str) -> chrono::NaiveDate {
    parse_date(s).unwrap()
}

/// A fresh directory for this test's files.
fn scratch(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("import_ep_api-{name}"));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path
}

/// One procedure document with these activities (code, date, id).
fn document(reference: &str, activities: &[(&str, &str, &str)]) -> String {
    let consists_of: Vec<Value> = activities
        .iter()
        .map(|(code, date, id)| {
            json!({
                "id": format!("eli/dl/event/{id}"),
                "type": "Activity",
                "activity_id": id,
                "activity_date": date,
                "had_activity_type": format!("def/ep-activities/{code}"),
            })
        })
        .collect();
    json!({"data": [{
        "id": "eli/dl/proc/x",
        "type": "Process",
        "label": reference,
        "process_title": {"en": format!("Title of {reference}")},
        "consists_of": consists_of,
    }]})
    .to_string()
}

/// The real response's activities: (had_activity_type code, date, id).
fn eurodac_activities() -> Vec<(String, String, String)> {
    let raw: Value = serde_json::from_str(&std::fs::read_to_string(EURODAC).unwrap()).unwrap();
    raw["data"][0]["consists_of"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| {
            let code = a["had_activity_type"].as_str().unwrap();
            (
                code.rsplit('/').next().unwrap().to_string(),
                a["activity_date"].as_str().unwrap().to_string(),
                a["activity_id"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

fn date_of(activities: &[(String, String, String)], code: &str) -> Vec<String> {
    activities
        .iter()
        .filter(|(c, _, _)| c == code)
        .map(|(_, date, _)| date.clone())
        .collect()
}

#[test]
fn eurodac_is_adopted_on_1_june_2024_signed_on_14_may() {
    let import = ep_api::from_paths([EURODAC], Options::default()).unwrap();
    assert!(import.diagnostics.is_empty(), "{:?}", import.diagnostics);
    assert_eq!(import.register.files().len(), 1);
    let eurodac = import.register.file("2016-0132-cod").unwrap();
    assert_eq!(eurodac.procedure(), Some("2016/0132(COD)"));
    assert_eq!(eurodac.committee(), Some("LIBE"));
    assert!(eurodac.title().starts_with("Establishment of 'Eurodac'"));

    let now = eurodac.stage_at(d("2024-06-01")).unwrap();
    assert_eq!(now.stage, Stage::Adoption);
    assert_eq!(now.since, d("2024-05-14"));
    let activities = eurodac_activities();
    assert_eq!(date_of(&activities, "SIGNATURE"), ["2024-05-14"]);
}

#[test]
fn eurodac_earlier_stages_land_on_the_dates_of_their_activities() {
    let import = ep_api::from_paths([EURODAC], Options::default()).unwrap();
    let eurodac = import.register.file("2016-0132-cod").unwrap();
    let activities = eurodac_activities();

    // Parliament's mandate: the committee report adopted, then the plenary
    // endorsing the decision to negotiate.
    let vote = date_of(&activities, "COMMITTEE_ADOPTING_REPORT");
    assert_eq!(vote.len(), 1);
    assert_eq!(eurodac.reached_on(Stage::LibeVote), Some(d(&vote[0])));
    let vote_event = eurodac
        .events()
        .iter()
        .find(|e| e.stage == Some(Stage::LibeVote))
        .unwrap();
    assert_eq!(vote_event.date, d(&vote[0]));
    assert_eq!(vote_event.committee(), Some("LIBE"));
    let endorse = date_of(
        &activities,
        "PLENARY_ENDORSE_COMMITTEE_INTERINSTITUTIONAL_NEGOTIATIONS",
    );
    assert!(
        eurodac
            .events()
            .iter()
            .any(|e| e.stage == Some(Stage::LibeVote) && e.date == d(&endorse[0]))
    );

    // The provisional agreement, dated at the committee's approval.
    let agreement = date_of(&activities, "COMMITTEE_APPROVE_PROVISIONAL_AGREEMENT");
    assert_eq!(agreement.len(), 1);
    assert_eq!(
        eurodac.reached_on(Stage::PoliticalAgreement),
        Some(d(&agreement[0]))
    );

    // This response records no INTERINSTITUTIONAL_NEGOTIATION activity, so
    // no trilogue event: the trilogue is reached only as implied by the
    // agreement, on the agreement's date.
    assert!(date_of(&activities, "INTERINSTITUTIONAL_NEGOTIATION").is_empty());
    assert!(
        !eurodac
            .events()
            .iter()
            .any(|e| e.stage == Some(Stage::Trilogue))
    );
    assert_eq!(eurodac.reached_on(Stage::Trilogue), Some(d(&agreement[0])));

    // Stage by stage through time.
    let stage = |day: &str| eurodac.stage_at(d(day)).map(|s| s.stage);
    assert_eq!(stage("2017-05-29"), None);
    assert_eq!(stage("2017-05-30"), Some(Stage::LibeVote));
    assert_eq!(stage("2024-02-13"), Some(Stage::LibeVote));
    assert_eq!(stage("2024-02-14"), Some(Stage::PoliticalAgreement));
    assert_eq!(stage("2024-05-13"), Some(Stage::PoliticalAgreement));
}

#[test]
fn every_activity_is_kept_with_its_type_and_id() {
    let import = ep_api::from_paths([EURODAC], Options::default()).unwrap();
    let eurodac = import.register.file("2016-0132-cod").unwrap();
    let activities = eurodac_activities();
    for (code, date, id) in &activities {
        let kept: Vec<_> = eurodac
            .events()
            .iter()
            .filter(|e| e.source() == Some(id) && e.stage != Some(Stage::EntryIntoForce))
            .collect();
        assert_eq!(kept.len(), 1, "{id}");
        assert_eq!(kept[0].date, d(date), "{id}");
        assert!(kept[0].note().unwrap().starts_with(code.as_str()), "{id}");
    }
    // Plus the one inferred event.
    assert_eq!(eurodac.events().len(), activities.len() + 1);
    let staged = eurodac
        .events()
        .iter()
        .filter(|e| e.stage.is_some())
        .count();
    assert_eq!(
        staged, 5,
        "2 x libe_vote, political_agreement, adoption, entry_into_force"
    );
    // In date order.
    assert!(eurodac.events().windows(2).all(|w| w[0].date <= w[1].date));
}

#[test]
fn entry_into_force_is_inferred_from_publication_and_says_so() {
    let import = ep_api::from_paths([EURODAC], Options::default()).unwrap();
    let eurodac = import.register.file("2016-0132-cod").unwrap();
    let published = date_of(&eurodac_activities(), "PUBLICATION_OFFICIAL_JOURNAL");
    let in_force = eurodac
        .events()
        .iter()
        .find(|e| e.stage == Some(Stage::EntryIntoForce))
        .unwrap();
    assert_eq!(
        in_force.date,
        d(&published[0]) + chrono::Days::new(20),
        "the twentieth day after publication"
    );
    let note = in_force.note().unwrap();
    assert!(note.starts_with("inferred"), "{note}");
    assert!(note.contains("297(1)"), "{note}");

    let plain =
        ep_api::from_paths([EURODAC], Options::default().infer_entry_into_force(false)).unwrap();
    let eurodac = plain.register.file("2016-0132-cod").unwrap();
    assert!(!eurodac.reached(Stage::EntryIntoForce, d("2030-01-01")));
}

#[test]
fn the_output_is_a_register_that_reads_back_equal() {
    let import = ep_api::from_paths([EURODAC], Options::default()).unwrap();
    let text = import.register.to_json();
    let again = Register::from_json(&text).unwrap();
    assert_eq!(again, import.register);
    assert!(text.contains("\"version\": 1"));
}

#[test]
fn zstd_documents_read_like_plain_ones() {
    let zst = format!("{EURODAC}.zst");
    let plain = ep_api::from_paths([EURODAC], Options::default()).unwrap();
    let packed = ep_api::from_paths([zst.as_str()], Options::default()).unwrap();
    assert_eq!(plain.register, packed.register);
    let streamed =
        ep_api::from_reader(std::fs::File::open(&zst).unwrap(), Options::default()).unwrap();
    assert_eq!(plain.register, streamed.register);
}

#[test]
fn unknown_activity_types_are_kept_and_reported_not_failed() {
    let doc = document(
        "2020/0001(COD)",
        &[
            (
                "COMMITTEE_ADOPTING_REPORT",
                "2021-01-10",
                "2020-0001-DEC-ADCP-2021-01-10",
            ),
            (
                "BRAND_NEW_ACTIVITY",
                "2021-02-01",
                "2020-0001-NEW-2021-02-01",
            ),
        ],
    );
    let import = ep_api::from_reader(doc.as_bytes(), Options::default()).unwrap();
    let file = import.register.file("2020-0001-cod").unwrap();
    let kept = &file.events()[1];
    assert_eq!(kept.stage, None);
    assert_eq!(kept.source(), Some("2020-0001-NEW-2021-02-01"));
    assert!(kept.note().unwrap().starts_with("BRAND_NEW_ACTIVITY"));

    assert_eq!(import.diagnostics.len(), 1);
    let diagnostic = &import.diagnostics[0];
    assert_eq!(
        diagnostic.kind,
        ImportDiagnosticKind::UnknownType {
            value: "BRAND_NEW_ACTIVITY".into()
        }
    );
    assert_eq!(diagnostic.procedure.as_deref(), Some("2020/0001(COD)"));
    assert_eq!(
        diagnostic.item.as_deref(),
        Some("consists_of[1] (2020-0001-NEW-2021-02-01)")
    );
}

#[test]
fn an_activity_without_a_type_is_kept_and_reported() {
    let doc = json!({"data": [{"type": "Process", "label": "2024/2006(REG)",
        "consists_of": [{"activity_id": "2024-2006-DEC-DCPL-2024-04-24", "activity_date": "2024-04-24", "type": "Decision"}]}]})
    .to_string();
    let import = ep_api::from_reader(doc.as_bytes(), Options::default()).unwrap();
    assert_eq!(import.diagnostics.len(), 1);
    assert_eq!(
        import.diagnostics[0].kind,
        ImportDiagnosticKind::MissingType
    );
    let file = import.register.file("2024-2006-reg").unwrap();
    assert_eq!(file.events().len(), 1);
    assert_eq!(file.events()[0].stage, None);
}

#[test]
fn trilogues_are_recorded_and_second_reading_outcomes_mapped() {
    let doc = document(
        "2019/0002(COD)",
        &[
            ("COMMITTEE_ADOPTING_REPORT", "2019-05-01", "a"),
            ("INTERINSTITUTIONAL_NEGOTIATION", "2019-06-01", "t1"),
            ("INTERINSTITUTIONAL_NEGOTIATION", "2019-07-01", "t2"),
            (
                "COMMITTEE_APPROVE_PROVISIONAL_AGREEMENT",
                "2019-09-01",
                "pa",
            ),
            ("PLENARY_APPROVE_COUNCIL_POSITION", "2020-03-01", "approve"),
        ],
    );
    let import = ep_api::from_reader(doc.as_bytes(), Options::default()).unwrap();
    let file = import.register.file("2019-0002-cod").unwrap();
    assert_eq!(
        file.since(Stage::Trilogue, d("2019-12-31")),
        Some(d("2019-06-01"))
    );
    let trilogues = file
        .events()
        .iter()
        .filter(|e| e.stage == Some(Stage::Trilogue))
        .count();
    assert_eq!(trilogues, 2);
    // No signature recorded: Parliament's approval of the Council's position
    // (which adopts the act) dates the adoption, and the note says so.
    let adoption = file.stage_at(d("2020-03-01")).unwrap();
    assert_eq!(
        (adoption.stage, adoption.since),
        (Stage::Adoption, d("2020-03-01"))
    );
    let note = file.events()[4].note().unwrap();
    assert!(
        note.contains("adoption dated at Parliament's approval"),
        "{note}"
    );
    // The EP data have no proposal and no Council mandate, so replay notes
    // those gaps; the adoption itself follows the agreement as it should.
    assert!(
        file.diagnostics()
            .iter()
            .all(|x| x.stage != Stage::Adoption),
        "{:?}",
        file.diagnostics()
    );

    let rejected = document(
        "2019/0003(COD)",
        &[
            ("COMMITTEE_ADOPTING_REPORT", "2019-05-01", "a"),
            ("PLENARY_REJECT_COUNCIL_POSITION", "2020-03-01", "r"),
        ],
    );
    let import = ep_api::from_reader(rejected.as_bytes(), Options::default()).unwrap();
    let file = import.register.file("2019-0003-cod").unwrap();
    assert_eq!(file.current_stage(), Some(Stage::Rejected));
}

#[test]
fn signature_dates_the_adoption_when_there_is_one() {
    let doc = document(
        "2019/0004(COD)",
        &[
            ("COMMITTEE_ADOPTING_REPORT", "2019-05-01", "a"),
            ("PLENARY_APPROVE_COUNCIL_POSITION", "2020-03-01", "approve"),
            ("SIGNATURE", "2020-03-20", "sign"),
        ],
    );
    let import = ep_api::from_reader(doc.as_bytes(), Options::default()).unwrap();
    let file = import.register.file("2019-0004-cod").unwrap();
    let adoptions: Vec<_> = file
        .events()
        .iter()
        .filter(|e| e.stage == Some(Stage::Adoption))
        .collect();
    assert_eq!(adoptions.len(), 1);
    assert_eq!(adoptions[0].date, d("2020-03-20"));
    assert_eq!(adoptions[0].source(), Some("sign"));
}

#[test]
fn a_committee_report_at_second_reading_is_not_the_mandate() {
    let doc = json!({"data": [{"type": "Process", "label": "2019/0005(COD)", "consists_of": [
        {"activity_id": "a", "activity_date": "2019-05-01",
         "had_activity_type": "def/ep-activities/COMMITTEE_ADOPTING_REPORT",
         "occured_at_stage": "http://publications.europa.eu/resource/authority/procedure-phase/RDG1"},
        {"activity_id": "b", "activity_date": "2020-05-01",
         "had_activity_type": "def/ep-activities/COMMITTEE_ADOPTING_REPORT",
         "occured_at_stage": "http://publications.europa.eu/resource/authority/procedure-phase/RDG2"}
    ]}]})
    .to_string();
    let import = ep_api::from_reader(doc.as_bytes(), Options::default()).unwrap();
    let file = import.register.file("2019-0005-cod").unwrap();
    let stages: Vec<_> = file.events().iter().map(|e| e.stage).collect();
    assert_eq!(stages, [Some(Stage::LibeVote), None]);
}

#[test]
fn a_procedure_of_two_types_uses_its_first_reference() {
    let doc = json!({"data": [{"type": "Process", "process_id": "2025-0803",
        "label": ["2025/0803(CNS)", "2025/0803(NLE)"], "process_type": ["def/ep-procedure-types/CNS", "def/ep-procedure-types/NLE"]}]})
    .to_string();
    let import = ep_api::from_reader(doc.as_bytes(), Options::default()).unwrap();
    let file = import.register.file("2025-0803-cns").unwrap();
    assert_eq!(file.procedure(), Some("2025/0803(CNS)"));
    // No title in the document: the reference stands in.
    assert_eq!(file.title(), "2025/0803(CNS)");
    assert!(matches!(
        &import.diagnostics[0].kind,
        ImportDiagnosticKind::SeveralReferences { references } if references.len() == 2
    ));
}

#[test]
fn without_a_label_the_reference_comes_from_process_id_and_type() {
    let doc = json!({"data": [{"type": "Process", "process_id": "2018-0218",
        "process_type": "def/ep-procedure-types/COD"}]})
    .to_string();
    let import = ep_api::from_reader(doc.as_bytes(), Options::default()).unwrap();
    assert_eq!(
        import.register.file("2018-0218-cod").unwrap().procedure(),
        Some("2018/0218(COD)")
    );
}

#[test]
fn a_whole_dump_streams_in_document_order() {
    let procedures: Vec<Value> = (0..500)
        .map(|i| {
            json!({"type": "Process", "label": format!("2020/{i:04}(COD)"),
                   "process_title": {"fr": "Titre", "en": format!("Procedure {i}")},
                   "consists_of": [{"activity_id": format!("{i}-x"), "activity_date": "2021-01-01",
                                    "had_activity_type": "def/ep-activities/INTERINSTITUTIONAL_NEGOTIATION"}],
                   "had_participation": [{"participation_role": "def/ep-roles/COMMITTEE_LEAD",
                                          "had_participant_organization": ["org/ITRE"]}]})
        })
        .collect();
    let doc = json!({"@context": [], "data": procedures, "meta": {"total": 500}}).to_string();
    let import = ep_api::from_reader(doc.as_bytes(), Options::default()).unwrap();
    let files = import.register.files();
    assert_eq!(files.len(), 500);
    assert_eq!(files[0].id(), "2020-0000-cod");
    assert_eq!(files[499].id(), "2020-0499-cod");
    assert_eq!(files[7].title(), "Procedure 7");
    assert_eq!(files[7].committee(), Some("ITRE"));
}

#[test]
fn a_duplicate_procedure_is_imported_once_and_reported() {
    let dir = scratch("duplicate");
    let a = write(&dir, "a.json", &document("2020/0001(COD)", &[]));
    let b = write(&dir, "b.json", &document("2020/0001(COD)", &[]));
    let import = ep_api::from_paths([&a, &b], Options::default()).unwrap();
    assert_eq!(import.register.files().len(), 1);
    assert_eq!(
        import.diagnostics[0].kind,
        ImportDiagnosticKind::Duplicate {
            first: a.display().to_string()
        }
    );
    assert_eq!(import.diagnostics[0].origin, b.display().to_string());
}

#[test]
fn malformed_json_names_the_path_line_and_column() {
    let dir = scratch("malformed");
    let bad = write(
        &dir,
        "bad.json",
        "{\"data\": [\n  {\"type\": \"Process\",, }\n]}",
    );
    let err = ep_api::from_paths([&bad], Options::default()).unwrap_err();
    match &err {
        Error::Json {
            origin,
            line,
            column,
            ..
        } => {
            assert_eq!(origin.as_deref(), Some(bad.display().to_string().as_str()));
            assert_eq!((*line, *column), (2, 22));
        }
        other => panic!("expected a JSON error, got {other:?}"),
    }
    assert!(
        err.to_string()
            .starts_with(&format!("{}: line 2, column 22: ", bad.display()))
    );
}

#[test]
fn a_value_of_the_wrong_type_names_its_line_and_column() {
    let text = "{\"data\": [{\"label\": \"2020/0001(COD)\",\n \"consists_of\": [{\"activity_date\": 20200101}]}]}";
    let err = ep_api::from_reader(text.as_bytes(), Options::default()).unwrap_err();
    let Error::Json { line, message, .. } = &err else {
        panic!("expected a JSON error, got {err:?}");
    };
    assert_eq!(*line, 2);
    assert!(message.contains("invalid type"), "{message}");
}

#[test]
fn a_document_that_is_not_an_api_response_says_so() {
    for text in ["[1, 2]", "{\"files\": []}"] {
        let err = ep_api::from_reader(text.as_bytes(), Options::default()).unwrap_err();
        assert!(err.to_string().contains("EP API response"), "{err}");
    }
}

#[test]
fn a_bad_activity_names_the_procedure_and_the_activity() {
    let doc = document(
        "2020/0001(COD)",
        &[
            ("REFERRAL", "2020-01-10", "ok"),
            ("REFERRAL", "2020-02-30", "2020-0001-ANPRO-2020-02-30"),
        ],
    );
    let err = ep_api::from_reader(doc.as_bytes(), Options::default()).unwrap_err();
    let Error::Import {
        origin, message, ..
    } = &err
    else {
        panic!("expected an import error, got {err:?}");
    };
    assert_eq!(
        origin,
        "<input>: procedure 2020/0001(COD) (data[0]), consists_of[1] (2020-0001-ANPRO-2020-02-30)"
    );
    assert!(
        message.contains("`2020-02-30`: no such day in that month"),
        "{message}"
    );

    let undated =
        json!({"data": [{"label": "2020/0001(COD)", "consists_of": [{"activity_id": "x"}]}]});
    let err = ep_api::from_reader(undated.to_string().as_bytes(), Options::default()).unwrap_err();
    assert!(
        err.to_string()
            .contains("consists_of[0] (x): activity has no `activity_date`"),
        "{err}"
    );
}

#[test]
fn a_batch_with_one_bad_file_imports_nothing_and_names_it() {
    let dir = scratch("batch");
    let good = write(&dir, "good.json", &document("2020/0001(COD)", &[]));
    let bad = write(&dir, "bad.json", "{\"data\": [");
    let also = write(&dir, "also.json", &document("2020/0002(COD)", &[]));
    let err = ep_api::from_paths([&good, &bad, &also], Options::default()).unwrap_err();
    assert!(
        err.to_string().starts_with(&bad.display().to_string()),
        "{err}"
    );

    let import =
        ep_api::from_paths([&good, &bad, &also], Options::default().keep_going(true)).unwrap();
    let ids: Vec<_> = import.register.files().iter().map(|f| f.id()).collect();
    assert_eq!(ids, ["2020-0001-cod", "2020-0002-cod"]);
    assert_eq!(import.diagnostics.len(), 1);
    assert!(matches!(
        import.diagnostics[0].kind,
        ImportDiagnosticKind::Skipped { .. }
    ));
    assert_eq!(import.diagnostics[0].origin, bad.display().to_string());
    assert!(import.diagnostics[0].to_string().contains("bad.json"));

    // A missing file is a bad file too.
    let missing = dir.join("missing.json");
    let err = ep_api::from_paths([&good, &missing], Options::default()).unwrap_err();
    assert!(matches!(err, Error::Io { .. }), "{err:?}");
}

#[test]
fn keep_going_skips_a_bad_procedure_and_keeps_its_neighbours() {
    let doc = json!({"data": [
        {"label": "2020/0001(COD)", "consists_of": []},
        {"label": "2020/0002(COD)", "consists_of": [{"activity_id": "x", "activity_date": "soon"}]},
        {"label": "2020/0003(COD)"}
    ]})
    .to_string();
    assert!(ep_api::from_reader(doc.as_bytes(), Options::default()).is_err());
    let import = ep_api::from_reader(doc.as_bytes(), Options::default().keep_going(true)).unwrap();
    let ids: Vec<_> = import.register.files().iter().map(|f| f.id()).collect();
    assert_eq!(ids, ["2020-0001-cod", "2020-0003-cod"]);
    assert_eq!(import.diagnostics.len(), 1);
    assert_eq!(
        import.diagnostics[0].procedure.as_deref(),
        Some("2020/0002(COD)")
    );
    assert!(
        import.diagnostics[0]
            .to_string()
            .contains("bad activity_date `soon`")
    );
}

#[test]
fn a_non_process_element_is_refused() {
    let doc = json!({"data": [{"type": "Activity", "label": "2020/0001(COD)"}]}).to_string();
    let err = ep_api::from_reader(doc.as_bytes(), Options::default()).unwrap_err();
    assert!(err.to_string().contains("not a `Process`"), "{err}");
}
