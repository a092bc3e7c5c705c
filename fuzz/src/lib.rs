//! What each fuzz target checks, for any input bytes.
//!
//! The library must never panic, never hang and never answer half a
//! question on data scraped from the web: every input is either refused with
//! an error that says something, or accepted, and then what was accepted
//! must survive a save and a load unchanged and answer every question.
//!
//! `tests/fuzz_regressions.rs` in the main crate includes this file as a
//! module, so the inputs in `tests/fixtures/fuzz/TARGET/` run through exactly
//! these functions in `cargo test`. Keep it free of any dependency but
//! `codecision` and the standard library.

use codecision::export::{Dot, Gantt, GraphSvg, Mermaid, Report, TimelineSvg};
use codecision::import::{Import, Options, ep_api, parltrack};
use codecision::{Ask, Error, ReadOptions, Register, parse_date};

/// At most this many ids and dates are asked about per input, so that one
/// input costs little however large the register it makes.
const QUESTIONS: usize = 6;

/// Loads a register from `data`, as `Register::from_slice` (what
/// `--register` and `validate` use); if it loads, checks it the way
/// [`accepted`] does.
pub fn register_load(data: &[u8]) {
    match ReadOptions::new().origin("fuzz.json").from_slice(data) {
        Ok(register) => accepted(&register, true),
        Err(e) => refused(&e),
    }
}

/// Imports `data` as EP API documents. The first byte chooses the options;
/// the rest is read twice, as two documents of one import (the second copy
/// of each procedure is a duplicate), and once alone.
pub fn ep_api(data: &[u8]) {
    let (options, body) = options(data);
    let mut importer = ep_api::Importer::new(options);
    let first = importer.read(body, "a.json");
    let second = importer.read(body, "b.json");
    match (first, second) {
        (Ok(_), Ok(added)) => {
            // Every procedure of the second copy is already there.
            assert_eq!(added, 0, "a second copy of a document added files");
            match importer.finish() {
                Ok(import) => imported(&import, false),
                Err(e) => refused(&e),
            }
        }
        (Err(e), _) | (_, Err(e)) => refused(&e),
    }
    match ep_api::from_reader(body, options) {
        Ok(import) => imported(&import, true),
        Err(e) => refused(&e),
    }
}

/// Imports `data` as a Parltrack dump; the first byte chooses the options.
pub fn parltrack(data: &[u8]) {
    let (options, body) = options(data);
    match parltrack::from_reader(body, options) {
        Ok(import) => imported(&import, true),
        Err(e) => refused(&e),
    }
}

/// Parses `data` as a date, as the register format and every date flag of
/// the command line do: a date is accepted exactly when it is written
/// `YYYY-MM-DD` with a real day, and then writes back as the same text.
pub fn date(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    match parse_date(text) {
        Ok(date) => {
            assert_eq!(
                date.format("%Y-%m-%d").to_string(),
                text,
                "a date that does not write back as read"
            );
            assert!(text.len() == 10 && text.is_ascii());
            // chrono agrees that it is a date.
            assert_eq!(
                chrono_parse(text),
                Some(date),
                "chrono reads `{text}` otherwise"
            );
        }
        Err(e) => {
            assert!(matches!(e, Error::BadDate { .. }), "{e:?}");
            let message = e.to_string();
            assert!(message.contains("YYYY-MM-DD"), "{message}");
            // A long text is cut in the message, never copied whole.
            assert!(message.len() <= 400, "{} bytes of message", message.len());
            // chrono's lenient parser may accept more (`2017-1-09`,
            // `+2017-01-09`), but never a well-formed date we refused,
            // except year 0000, which has no place in a register.
            if is_well_formed(text) && !text.starts_with("0000") {
                assert_eq!(chrono_parse(text), None, "chrono reads `{text}`");
            }
        }
    }
}

fn chrono_parse(text: &str) -> Option<chrono::NaiveDate> {
    chrono::NaiveDate::parse_from_str(text, "%Y-%m-%d").ok()
}

/// Exactly `DDDD-DD-DD` in ASCII digits.
fn is_well_formed(text: &str) -> bool {
    let b = text.as_bytes();
    b.len() == 10
        && b.iter().enumerate().all(|(i, c)| {
            if i == 4 || i == 7 {
                *c == b'-'
            } else {
                c.is_ascii_digit()
            }
        })
}

/// The options the first byte asks for, and the rest.
fn options(data: &[u8]) -> (Options, &[u8]) {
    let (flags, body) = match data.split_first() {
        Some((&flags, body)) => (flags, body),
        None => (0, data),
    };
    let options = Options::default()
        .keep_going(flags & 1 != 0)
        .infer_entry_into_force(flags & 2 == 0);
    (options, body)
}

/// An error must say something, on one line or several, and not be
/// absurdly long for what it says.
fn refused(e: &Error) {
    let message = e.to_string();
    assert!(!message.trim().is_empty(), "an empty message for {e:?}");
    if !matches!(e, Error::Invalid { .. }) {
        // One problem: a few lines at most (long values are cut).
        assert!(
            message.len() <= 4_096,
            "a {}-byte message: {}...",
            message.len(),
            message.chars().take(200).collect::<String>()
        );
    }
}

/// What an import produced is a register like any other; its diagnostics
/// say something.
fn imported(import: &Import, questions: bool) {
    for d in &import.diagnostics {
        assert!(!d.to_string().trim().is_empty());
    }
    accepted(&import.register, questions);
}

/// A register the library accepted: saving and loading it again gives the
/// same register and the same text, and (when `questions`) every question
/// has an answer.
fn accepted(register: &Register, questions: bool) {
    let json = register.to_json();
    let again = match Register::from_json(&json) {
        Ok(again) => again,
        Err(e) => panic!("a register that was accepted cannot be loaded again: {e}\n{json}"),
    };
    assert!(
        again == *register,
        "the register changed through save and load"
    );
    assert_eq!(again.to_json(), json, "the saved text changed");
    if questions {
        ask(register);
    }
}

/// Asks every kind of question about a few ids at a few dates: the
/// register's own, and the first and last days a register or the command
/// line can name. (`NaiveDate::MIN` and `MAX` are checked once, in
/// tests/limits.rs: they make the report draw a million quarters, too slow to
/// ask here at every input.)
fn ask(register: &Register) {
    let first = chrono::NaiveDate::from_ymd_opt(1, 1, 1).unwrap_or_default();
    let last = chrono::NaiveDate::from_ymd_opt(9999, 12, 31).unwrap_or_default();
    let mut dates: Vec<chrono::NaiveDate> = register
        .files()
        .iter()
        .flat_map(|f| f.events().iter().map(|e| e.date))
        .chain(register.goals().iter().map(|g| g.deadline))
        .take(QUESTIONS - 2)
        .collect();
    dates.push(first);
    dates.push(last);
    let ids: Vec<&str> = register.ids().take(QUESTIONS).collect();
    let _ = register.diagnostics();
    assert_eq!(register.order().ids().count(), register.ids().count());
    for &as_of in &dates {
        let status = register.status(&Ask::new(as_of));
        assert_eq!(status.files.len(), register.files().len());
        for &id in &ids {
            let is_goal = register.goal(id).is_some();
            for by in [None, Some(as_of)] {
                let answer = register.blockers(&{
                    let mut ask = Ask::new(as_of).target(id);
                    if let Some(by) = by {
                        ask = ask.by(by);
                    }
                    ask
                });
                // Only a file asked about without a deadline is refused.
                assert_eq!(
                    answer.is_err(),
                    by.is_none() && !is_goal,
                    "blockers {id} by {by:?} as of {as_of}: {answer:?}"
                );
                assert_eq!(
                    register
                        .critical_path(&{
                            let mut ask = Ask::new(as_of).target(id);
                            if let Some(by) = by {
                                ask = ask.by(by);
                            }
                            ask
                        })
                        .is_err(),
                    answer.is_err()
                );
            }
            if !is_goal {
                assert!(register.waiting(&Ask::new(as_of).target(id)).is_ok());
                assert!(register.impact(&Ask::new(as_of).target(id)).is_ok());
            }
        }
    }
    // The drawings, at the register's first date and at the last day; the
    // timelines only at the first date (a timeline to 9999 draws 32,000
    // quarters, 40 ms: too slow to ask at every input).
    for as_of in [dates[0], last] {
        let _ = Dot::new(register, as_of).to_string();
        let _ = Mermaid::new(register, as_of).to_string();
        let _ = GraphSvg::new(register, as_of).to_string();
    }
    let as_of = dates[0];
    if let Ok(schedule) = register.schedule(&Ask::new(as_of)) {
        let _ = (
            TimelineSvg::new(&schedule).to_string(),
            Gantt::new(&schedule).to_string(),
        );
    }
    if let Some(&id) = ids.first() {
        assert!(
            Report::new(register, &Ask::new(as_of).target(id).by(as_of))
                .map(|r| r.to_html())
                .is_ok()
        );
        assert!(
            register
                .schedule(&Ask::new(as_of).target(id))
                .map(|s| Gantt::new(&s).to_string())
                .is_ok()
        );
    }
    // A short forecast at the register's first date.
    let forecaster = codecision::forecast::Forecaster::new(register, dates[0]).with_simulations(16);
    let wanted: Vec<&str> = ids.iter().copied().take(2).collect();
    assert!(forecaster.files(&wanted).is_ok());
}
