//! Limits: a million events on one file, long chains, huge values, ids of
//! 100,000 characters, deep nesting in every reader, dates outside what a
//! register can hold. Each is a correct answer or a clean error; nothing
//! panics, overflows the stack or runs away. (Deep nesting and long ids in
//! messages for the register loader are in register_errors.rs.)

use chrono::{Days, NaiveDate};
use codecision::export::{Dot, Gantt, GraphSvg, Mermaid, Report};
use codecision::import::{Options, ep_api, parltrack};
use codecision::{
    Ask, Error, Event, Goal, LegislativeFile, Register, Requirement, Stage, parse_date,
};

fn d(s: &str) -> NaiveDate {
    parse_date(s).unwrap()
}

const MILLION: usize = 1_000_000;

/// Event `i` of the long history: a proposal, both mandates, then trilogues
/// and informational events until the agreement at 900,000 and the adoption
/// at the end; 100 events a day from 1990-01-01.
fn long_event(i: usize) -> (NaiveDate, Option<Stage>) {
    let date = d("1990-01-01") + Days::new((i / 100) as u64);
    let stage = match i {
        0 => Some(Stage::Proposal),
        1 => Some(Stage::LibeVote),
        2 => Some(Stage::GeneralApproach),
        900_000 => Some(Stage::PoliticalAgreement),
        i if i == MILLION - 1 => Some(Stage::Adoption),
        i if i % 3 == 0 && i < 900_000 => Some(Stage::Trilogue),
        _ => None,
    };
    (date, stage)
}

#[test]
fn a_million_events_on_one_file_load_and_answer() {
    let mut json = String::with_capacity(60 * MILLION);
    json.push_str(r#"{"version": 1, "files": [{"id": "long", "title": "Long", "events": ["#);
    for i in 0..MILLION {
        let (date, stage) = long_event(i);
        if i > 0 {
            json.push(',');
        }
        match stage {
            Some(s) => json.push_str(&format!(r#"{{"date":"{date}","stage":"{s}"}}"#)),
            None => json.push_str(&format!(r#"{{"date":"{date}"}}"#)),
        }
    }
    json.push_str(
        r#"]}], "goals": [{"id": "g", "title": "G", "deadline": "2030-01-01", "requires": [{"file": "long", "stage": "adoption"}]}]}"#,
    );
    let register = Register::from_json(&json).unwrap();
    let file = register.file("long").unwrap();
    assert_eq!(file.events().len(), MILLION);

    let (agreed, _) = long_event(900_000);
    let (adopted, _) = long_event(MILLION - 1);
    let at = |date| file.stage_at(date).map(|s| (s.stage, s.since));
    assert_eq!(at(d("1989-12-31")), None);
    assert_eq!(
        at(d("1990-01-01")),
        Some((Stage::Trilogue, d("1990-01-01")))
    );
    assert_eq!(
        at(agreed - Days::new(1)),
        Some((Stage::Trilogue, d("1990-01-01")))
    );
    assert_eq!(at(agreed), Some((Stage::PoliticalAgreement, agreed)));
    assert_eq!(at(adopted), Some((Stage::Adoption, adopted)));
    assert_eq!(file.current_stage(), Some(Stage::Adoption));
    assert!(file.diagnostics().is_empty());

    let blockers = |as_of| {
        register
            .blockers(&Ask::new(as_of).target("g"))
            .unwrap()
            .blockers
    };
    assert_eq!(blockers(agreed).len(), 1);
    assert_eq!(blockers(agreed)[0].stage, Some(Stage::PoliticalAgreement));
    assert!(blockers(adopted).is_empty());

    // And back to text, whole.
    let again = Register::from_json(&register.to_json()).unwrap();
    assert_eq!(again, register);
}

#[test]
fn a_million_transitions_apply_in_order() {
    let mut file = LegislativeFile::new("long", "Long");
    for i in 0..MILLION {
        let (date, stage) = long_event(i);
        let event = match stage {
            Some(s) => Event::new(date, s),
            None => Event::info(date, "meeting"),
        };
        file.apply(event).unwrap();
    }
    assert_eq!(file.events().len(), MILLION);
    assert_eq!(file.current_stage(), Some(Stage::Adoption));
    let (agreed, _) = long_event(900_000);
    assert_eq!(
        file.stage_at(agreed).map(|s| s.stage),
        Some(Stage::PoliticalAgreement)
    );
    // A million events in, the checks still hold.
    let err = file.apply(Event::new(d("1990-01-01"), Stage::EntryIntoForce));
    assert!(matches!(err, Err(Error::DateBackwards { .. })), "{err:?}");
    assert_eq!(file.allowed_next(), [Stage::EntryIntoForce]);
}

/// A chain of `n` files, each requiring the one before (or, `backwards`,
/// the one after), and a goal that requires its far end.
fn chain(n: usize, backwards: bool) -> Register {
    let id = |i: usize| format!("f{i}");
    let mut builder = Register::builder();
    for i in 0..n {
        let mut file = LegislativeFile::new(id(i), format!("File {i}"))
            .with_events([Event::new(d("2017-01-01"), Stage::Proposal)]);
        let required = if backwards { i + 1 } else { i.wrapping_sub(1) };
        if required < n {
            file = file.requires(Requirement::at(id(required), Stage::Adoption));
        }
        builder = builder.file(file);
    }
    let last = if backwards { 0 } else { n - 1 };
    builder
        .goal(Goal::new("g", "G", d("2020-01-01")).requires(Requirement::in_force(id(last))))
        .build()
        .unwrap()
}

/// Found by this test: petgraph's `tarjan_scc` recursed once per file of a
/// chain, and checking a register whose files come dependents first (each
/// requiring the next) overflowed the stack at 100,000 files.
#[test]
fn a_chain_of_a_hundred_thousand_files_needs_no_deep_stack() {
    let n = 100_000;
    let as_of = d("2018-01-01");
    for backwards in [false, true] {
        let register = chain(n, backwards);
        let deepest = if backwards {
            format!("f{}", n - 1)
        } else {
            "f0".into()
        };
        let answer = register.blockers(&Ask::new(as_of).target("g")).unwrap();
        assert_eq!(answer.blockers.len(), n);
        let blocker = answer
            .blockers
            .iter()
            .find(|b| b.file() == deepest)
            .unwrap();
        assert_eq!(blocker.path().len(), n + 1);
        let order = register.order();
        let order: Vec<&str> = order.ids().collect();
        assert_eq!(order.first(), Some(&deepest.as_str()));
        assert_eq!(order.last(), Some(&"g"));
        assert_eq!(
            register
                .impact(&Ask::new(as_of).target(&deepest))
                .unwrap()
                .goals
                .len(),
            1
        );
        let text = register.to_json();
        assert_eq!(Register::from_json(&text).unwrap(), register);
    }

    // Closing the chain into a cycle of 100,000: refused, the cycle whole.
    let text = chain(n, false).to_json();
    let closed = text.replacen(
        r#""id": "f0",
      "title": "File 0","#,
        &format!(
            r#""id": "f0",
      "title": "File 0",
      "requires": ["f{}"],"#,
            n - 1
        ),
        1,
    );
    assert_ne!(closed, text);
    match Register::from_json(&closed) {
        Err(Error::Invalid { problems, .. }) => {
            assert_eq!(problems.len(), 1);
            let message = problems[0].to_string();
            assert!(
                message.contains(&format!("requires cycle f0 -> f{} -> f{}", n - 1, n - 2)),
                "{}",
                &message[..200]
            );
            assert!(message.contains("f1 -> f0 (`requires` must not go round"));
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn the_critical_path_of_a_long_chain_is_the_whole_chain() {
    // 10,000 rather than 100,000: the critical path is quadratic in the
    // chain today (a scan of the blockers per step), minutes in a debug build.
    let n = 10_000;
    let register = chain(n, false);
    let critical = register
        .critical_path(&Ask::new(d("2018-01-01")).target("g"))
        .unwrap();
    assert_eq!(critical.chain.len(), n);
    assert_eq!(
        critical.chain.first().map(|s| s.file.as_str()),
        Some("f9999")
    );
    assert_eq!(critical.chain.last().map(|s| s.file.as_str()), Some("f0"));
}

#[test]
fn ids_of_a_hundred_thousand_characters() {
    let long = "a".repeat(100_000);
    let other = format!("{long}-b");
    let json = format!(
        r#"{{"files": [{{"id": "{long}", "title": "A", "events": [{{"date": "2017-01-01", "stage": "proposal"}}]}},
                       {{"id": "{other}", "title": "B", "requires": ["{long}"]}}],
            "goals": [{{"id": "g", "title": "G", "deadline": "2020-01-01", "requires": ["{other}"]}}]}}"#
    );
    let register = Register::from_json(&json).unwrap();
    let answer = register
        .blockers(&Ask::new(d("2018-01-01")).target("g"))
        .unwrap();
    assert_eq!(answer.blockers.len(), 2);
    assert_eq!(Register::from_json(&register.to_json()).unwrap(), register);
    // Unknown: the message is short, and no suggestion is searched for.
    let err = register
        .blockers(&Ask::new(d("2018-01-01")).target(format!("{long}c")))
        .unwrap_err();
    assert!(
        err.to_string().len() < 300,
        "{} bytes",
        err.to_string().len()
    );

    // From an importer: a reference of 100,000 characters gives an id as long.
    let dump = format!(
        r#"[{{"procedure": {{"reference": "{long}"}}, "events": [{{"date": "2017-01-01", "type": "Legislative proposal published"}}]}}]"#
    );
    let import = parltrack::from_reader(dump.as_bytes(), Options::default()).unwrap();
    assert_eq!(import.register.files()[0].id(), long);
    // A bad date in that procedure: the message names it, cut short.
    let dump = dump.replace("2017-01-01", "2017-01-0x");
    let err = parltrack::from_reader(dump.as_bytes(), Options::default()).unwrap_err();
    let text = err.to_string();
    assert!(
        text.len() < 400 && text.contains("(100000 bytes)") && text.contains("events[0]"),
        "{text}"
    );
}

#[test]
fn huge_values_are_read_whole_and_long_messages_cut() {
    // A note of 20 MB is data like any other.
    let note = "n".repeat(20_000_000);
    let json = format!(
        r#"{{"files": [{{"id": "a", "title": "A", "events": [{{"date": "2017-01-01", "note": "{note}"}}]}}]}}"#
    );
    let register = Register::from_json(&json).unwrap();
    assert_eq!(
        register.file("a").unwrap().events()[0].note().map(str::len),
        Some(note.len())
    );
    // The same string where a number or a list belongs: serde_json quotes
    // it, the message keeps what it says and where.
    let json = format!(r#"{{"files": [{{"id": "a", "title": "A", "events": "{note}"}}]}}"#);
    match Register::from_json(&json) {
        Err(e @ Error::Json { .. }) => {
            let text = e.to_string();
            assert!(text.len() < 500, "{} bytes", text.len());
            assert!(text.starts_with("line 1, column"), "{text}");
            assert!(
                text.contains("invalid type: string") && text.contains("bytes cut"),
                "{text}"
            );
        }
        other => panic!("{other:?}"),
    }
    // A number out of any float's range is a version as written, not a
    // float (nor an error of the JSON).
    let err = Register::from_json(r#"{"version": 1e999, "files": []}"#).unwrap_err();
    assert!(
        err.to_string()
            .contains("unsupported version 1e999 (this crate reads version 1)"),
        "{err}"
    );
}

#[test]
fn a_million_problems_are_counted_not_all_listed() {
    let mut json = String::from(r#"{"files": [{"id": "a", "title": "A", "events": ["#);
    for i in 0..MILLION {
        if i > 0 {
            json.push(',');
        }
        json.push_str(r#"{"date": "2017-02-30"}"#);
    }
    json.push_str("]}]}");
    match Register::from_json(&json) {
        Err(e @ Error::Invalid { .. }) => {
            let Error::Invalid { problems, .. } = &e else {
                unreachable!()
            };
            assert_eq!(problems.len(), MILLION);
            let text = e.to_string();
            assert!(
                text.starts_with("invalid register: 1000000 problems"),
                "{}",
                &text[..100]
            );
            assert_eq!(text.lines().count(), 1 + 100 + 1);
            assert!(text.ends_with("... and 999900 more, not listed (fix these and check again)"));
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn deep_nesting_in_the_importers_is_a_clean_error() {
    let deep = |n: usize| format!("{}{}", "[".repeat(n), "]".repeat(n));
    // Where a value is read: serde_json's recursion limit, with a position.
    let ep = format!(
        r#"{{"data": [{{"label": "2016/0132(COD)", "process_title": {}}}]}}"#,
        deep(100_000)
    );
    match ep_api::from_reader(ep.as_bytes(), Options::default()) {
        Err(Error::Json {
            line: 1, column, ..
        }) => assert!(column > 0),
        other => panic!("{other:?}"),
    }
    let pt = format!(
        r#"[{{"procedure": {{"reference": "2016/0132(COD)", "final": {}}}}}]"#,
        deep(100_000)
    );
    match parltrack::from_reader(pt.as_bytes(), Options::default()) {
        Err(Error::Json {
            line: 1, column, ..
        }) => assert!(column > 0),
        other => panic!("{other:?}"),
    }
    // Where a value is skipped: skipped without recursion.
    let ep = format!(
        r#"{{"@context": {}, "data": [{{"label": "2016/0132(COD)", "extra": {}}}]}}"#,
        deep(100_000),
        deep(100_000)
    );
    let import = ep_api::from_reader(ep.as_bytes(), Options::default()).unwrap();
    assert!(import.register.file("2016-0132-cod").is_some());
    let pt = format!(
        r#"[{{"changes": {}, "procedure": {{"reference": "2016/0132(COD)"}}}}]"#,
        deep(100_000)
    );
    let import = parltrack::from_reader(pt.as_bytes(), Options::default()).unwrap();
    assert!(import.register.file("2016-0132-cod").is_some());
}

const OUT_OF_RANGE: [&str; 5] = [
    "+275760-01-01",
    "-0001-01-01",
    "99999-01-01",
    "0000-01-01",
    "10000-01-01",
];

#[test]
fn dates_outside_the_register_range_are_bad_dates() {
    for text in OUT_OF_RANGE {
        match parse_date(text) {
            Err(e @ Error::BadDate { .. }) => assert!(e.to_string().contains(text), "{e}"),
            other => panic!("{text}: {other:?}"),
        }
        let json = format!(
            r#"{{"files": [{{"id": "a", "title": "A", "events": [{{"date": "{text}"}}]}}],
                 "goals": [{{"id": "g", "title": "G", "deadline": "{text}", "requires": ["a"]}}]}}"#
        );
        let err = Register::from_json(&json).unwrap_err();
        let message = err.to_string();
        assert!(
            message.contains(&format!("file `a` (files[0]), event 0: bad date `{text}`")),
            "{message}"
        );
        assert!(
            message.contains(&format!("goal `g` (goals[0]): bad date `{text}`")),
            "{message}"
        );
    }
    // The first and last days a register can hold.
    for text in ["0001-01-01", "9999-12-31"] {
        assert_eq!(parse_date(text).unwrap().to_string(), text);
    }
}

#[test]
fn out_of_range_date_flags_are_bad_input() {
    let bin = || {
        let mut c = std::process::Command::new(env!("CARGO_BIN_EXE_codecision"));
        c.env("CODECISION_TODAY", "2018-01-24");
        c
    };
    for text in OUT_OF_RANGE {
        for args in [
            vec!["status".to_string(), format!("--as-of={text}")],
            vec![
                "blockers".to_string(),
                "interoperability-2020".into(),
                format!("--by={text}"),
            ],
        ] {
            let out = bin().args(&args).output().unwrap();
            let err = String::from_utf8_lossy(&out.stderr);
            assert_eq!(out.status.code(), Some(1), "{args:?}: {err}");
            assert!(out.stdout.is_empty());
            assert!(
                err.contains("bad date") && err.contains(text),
                "{args:?}: {err}"
            );
        }
        let out = bin()
            .env("CODECISION_TODAY", text)
            .arg("status")
            .output()
            .unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{err}");
        assert!(
            err.contains("CODECISION_TODAY") && err.contains("bad date"),
            "{err}"
        );
    }
    // Written as a separate word, a date with a leading `-` reads as an
    // option: a usage error (exit 2), not a panic.
    let out = bin()
        .args(["status", "--as-of", "-0001-01-01"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    // The last day a register can hold is a date like any other.
    let out = bin()
        .args(["status", "--as-of", "9999-12-31"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// The library takes any date from code, even the ends of chrono's range
/// (-262143 to +262142), where date arithmetic overflows. Found: the
/// timeline's axis added 42 days to the last date and panicked near `MAX`.
#[test]
fn every_question_at_the_ends_of_time() {
    let register = Register::security_union();
    let target = "interoperability-2020";
    for as_of in [NaiveDate::MIN, NaiveDate::MAX] {
        assert_eq!(
            register.status(&Ask::new(as_of)).files.len(),
            register.files().len()
        );
        for by in [
            None,
            Some(as_of),
            Some(NaiveDate::MIN),
            Some(NaiveDate::MAX),
        ] {
            register
                .blockers(&Ask::new(as_of).target(target).by(by))
                .unwrap();
            register
                .critical_path(&Ask::new(as_of).target(target).by(by))
                .unwrap();
            register
                .schedule(&Ask::new(as_of).target(target).by(by))
                .unwrap();
        }
        register.waiting(&Ask::new(as_of).target("etias")).unwrap();
        register.impact(&Ask::new(as_of).target("etias")).unwrap();
        assert!(
            Dot::new(&register, as_of)
                .to_string()
                .starts_with("digraph")
        );
        Mermaid::new(&register, as_of).to_string();
        GraphSvg::new(&register, as_of).to_string();
        // The drawings on a time axis, once each: from MIN they span
        // 264,000 years, a tick per quarter.
        let by = Some(NaiveDate::MAX);
        Report::new(&register, &Ask::new(as_of).target(target).by(by))
            .map(|r| r.to_html())
            .unwrap();
        register
            .schedule(&Ask::new(as_of).target(target))
            .map(|s| Gantt::new(&s).to_string())
            .unwrap();
        let forecaster =
            codecision::forecast::Forecaster::new(&register, as_of).with_simulations(50);
        forecaster.files(&[]).unwrap();
        forecaster.target(target, None).unwrap();
    }
}
