//! The embedded register says what the seed reports say, and answers the
//! mission's question.

use codecision::{Ask, Register, Stage, parse_date};

fn d(s: &str) -> chrono::NaiveDate {
    parse_date(s).unwrap()
}

fn stage(register: &Register, id: &str, date: &str) -> Option<Stage> {
    register
        .file(id)
        .unwrap()
        .stage_at(d(date))
        .map(|s| s.stage)
}

#[test]
fn embedded_register_is_valid_and_complete() {
    let register =
        Register::from_json(Register::SECURITY_UNION_JSON).expect("embedded register is valid");
    let ids: Vec<&str> = register.files().iter().map(|f| f.id()).collect();
    for id in [
        "etias",
        "etias-europol",
        "ees",
        "ees-sbc",
        "sis-return",
        "sis-border",
        "sis-police",
        "ecris-tcn-reg",
        "ecris-dir",
        "eu-lisa",
        "interop-borders-visa",
        "interop-police-asylum",
        "eurodac-recast",
        "vis-revision",
        "terrorist-content-online",
    ] {
        assert!(ids.contains(&id), "{id} missing");
    }
    assert_eq!(register.files().len(), 15);
    let goal = register.goal("interoperability-2020").unwrap();
    assert_eq!(goal.deadline, d("2020-12-31"));
    assert_eq!(Register::security_union(), register);
}

#[test]
fn every_event_carries_a_source() {
    let register = Register::security_union();
    for file in register.files() {
        for (i, event) in file.events().iter().enumerate() {
            let source = event.source().unwrap_or("");
            assert!(
                !source.trim().is_empty(),
                "{} event {i} has no source",
                file.id()
            );
        }
    }
}

#[test]
fn planning_statements_are_not_stages() {
    let register = Register::security_union();
    for file in register.files() {
        for event in file.events() {
            let note = event.note().unwrap_or("").to_lowercase();
            if note.starts_with("planning") || note.contains("expected operational") {
                assert_eq!(event.stage, None, "{}: {note}", file.id());
            }
        }
    }
}

#[test]
fn as_of_the_8th_report_etias_has_the_council_mandate_only_and_ees_is_in_trilogue() {
    let register = Register::security_union();
    let etias = register.file("etias").unwrap();
    assert_eq!(
        stage(&register, "etias", "2017-06-28"),
        Some(Stage::GeneralApproach)
    );
    assert!(etias.reached(Stage::GeneralApproach, d("2017-06-28")));
    assert!(!etias.reached(Stage::LibeVote, d("2017-06-28")));
    assert_eq!(stage(&register, "ees", "2017-06-28"), Some(Stage::Trilogue));
}

#[test]
fn as_of_the_13th_report() {
    let register = Register::security_union();
    let day = "2018-01-24";
    assert_eq!(stage(&register, "ees", day), Some(Stage::EntryIntoForce));
    assert_eq!(stage(&register, "etias", day), Some(Stage::Trilogue));
    for sis in ["sis-return", "sis-border", "sis-police"] {
        assert_eq!(stage(&register, sis, day), Some(Stage::Trilogue), "{sis}");
    }
    // The LIBE vote on ECRIS-TCN was due the next day.
    let ecris = register.file("ecris-tcn-reg").unwrap();
    assert!(!ecris.reached(Stage::LibeVote, d(day)));
    assert_eq!(ecris.reached_on(Stage::LibeVote), Some(d("2018-01-25")));
    // The interoperability proposals were presented in December 2017.
    for interop in ["interop-borders-visa", "interop-police-asylum"] {
        let at = register.file(interop).unwrap().stage_at(d(day)).unwrap();
        assert_eq!(at.stage, Stage::Proposal);
        assert_eq!(at.since.format("%Y-%m").to_string(), "2017-12");
    }
}

/// The legal blockers of interoperability-2020 as of today are exactly the
/// files of its closure that entered into force after the deadline: derived
/// from the data, not listed by hand.
#[test]
fn legal_blockers_today_are_the_files_in_force_after_2020() {
    let register = Register::security_union();
    let today = d("2026-11-23");
    let answer = register
        .blockers(&Ask::new(today).target("interoperability-2020"))
        .unwrap();
    let blockers: Vec<&str> = answer.blockers.iter().map(|b| b.file()).collect();

    // Before any proposal every file of the closure is outstanding, so this
    // lists the closure.
    let closure: Vec<String> = register
        .blockers(&Ask::new(d("2000-01-01")).target("interoperability-2020"))
        .unwrap()
        .blockers
        .iter()
        .map(|b| b.file().to_string())
        .collect();
    let mut late: Vec<&str> = closure
        .iter()
        .map(String::as_str)
        .filter(|id| {
            let file = register.file(id).unwrap();
            file.reached_on(Stage::EntryIntoForce)
                .is_none_or(|date| date > d("2020-12-31"))
        })
        .collect();
    late.sort_unstable();
    assert_eq!(blockers, late);
    assert_eq!(blockers, ["eurodac-recast", "vis-revision"]);
    for b in &answer.blockers {
        assert_eq!(b.required, Stage::EntryIntoForce);
        let path = b.path();
        assert_eq!(path.first().copied(), Some("interoperability-2020"));
        assert_eq!(path.last().copied(), Some(b.file()));
    }
}

#[test]
fn blockers_at_the_three_seed_dates_shrink_over_time() {
    let register = Register::security_union();
    let count = |date| {
        register
            .blockers(&Ask::new(d(date)).target("interoperability-2020"))
            .unwrap()
            .blockers
            .len()
    };
    let (june, july, january) = (
        count("2017-06-29"),
        count("2017-07-27"),
        count("2018-01-24"),
    );
    assert!(june >= july && july >= january, "{june} {july} {january}");
    let in_january = register
        .blockers(&Ask::new(d("2018-01-24")).target("interoperability-2020"))
        .unwrap();
    assert!(
        in_january.blockers.iter().all(|b| b.file() != "ees"),
        "EES was in force by January 2018"
    );
}

#[test]
fn operational_view_asks_for_application() {
    let register = Register::security_union();
    let goal = register.goal("interoperability-2020-operational").unwrap();
    // Every system must operate; eu-LISA's regulation must be in force
    // before ETIAS operates (Regulation (EU) 2018/1240, Art. 88(1)(b)).
    for r in &goal.requires {
        let expected = if r.file == "eu-lisa" {
            Stage::EntryIntoForce
        } else {
            Stage::Application
        };
        assert_eq!(r.stage, expected, "{}", r.file);
    }
    let answer = register
        .blockers(&Ask::new(d("2026-11-23")).target(&goal.id))
        .unwrap();
    assert!(
        answer
            .blockers
            .iter()
            .all(|b| b.required == Stage::Application)
    );
    // EES started operating in October 2025: after the deadline, so it blocks.
    let ees = register.file("ees").unwrap();
    assert_eq!(ees.reached_on(Stage::Application), Some(d("2025-10-12")));
    assert!(answer.blockers.iter().any(|b| b.file() == "ees"));
}

#[test]
fn order_anomalies_are_diagnostics_not_errors() {
    let register = Register::security_union();
    for diagnostic in register.diagnostics() {
        let file = register.file(&diagnostic.file).unwrap();
        assert_eq!(
            file.events()[diagnostic.event].stage,
            Some(diagnostic.stage)
        );
    }
}

/// Files added after the seed reports (issue 19, item 6) change no answer
/// the seed dates give: the blockers of both goals at the three report dates
/// are the same with and without them.
#[test]
fn later_files_leave_the_seed_answers_unchanged() {
    let added = ["terrorist-content-online"];
    let full = Register::security_union();
    let mut doc: serde_json::Value = serde_json::from_str(Register::SECURITY_UNION_JSON).unwrap();
    let files = doc["files"].as_array_mut().unwrap();
    let before = files.len();
    files.retain(|f| !added.contains(&f["id"].as_str().unwrap()));
    assert_eq!(files.len(), before - added.len());
    let without = Register::from_json(&doc.to_string()).unwrap();
    for goal in full.goals() {
        for date in ["2017-06-29", "2017-07-27", "2018-01-24"] {
            assert_eq!(
                full.blockers(&Ask::new(d(date)).target(&goal.id)).unwrap(),
                without
                    .blockers(&Ask::new(d(date)).target(&goal.id))
                    .unwrap(),
                "{} as of {date}",
                goal.id
            );
        }
    }
}
