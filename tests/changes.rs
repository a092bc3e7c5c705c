//! `Register::changes` on the embedded register answers the seed reports'
//! own question, "what moved since the last report", for the three report
//! dates: each statement below is held against the sentence of the seed it
//! comes from.
//!
//! The sentences are copied, word for word, from the seed texts the project
//! grew from (the seed documents, not read by this test):
//!
//! - the 9th Security Union progress report's press release, IP/17/2106,
//!   27 July 2017 (`2017-07-27_press-release_9th-security-union-report.txt`);
//! - the 13th Security Union progress report, COM(2018) 46, 24 January 2018
//!   (`2018-01-24_13th-security-union-report.txt`).
//!
//! The 8th report (29 June 2017) is the start of the first window, the 9th
//! its end and the start of the second, the 13th the end of the second.

use codecision::answer::{Changes, Reason, VerdictState};
use codecision::{Ask, Register, Stage, parse_date};

fn d(s: &str) -> chrono::NaiveDate {
    parse_date(s).unwrap()
}

const EIGHTH: &str = "2017-06-29";
const NINTH: &str = "2017-07-27";
const THIRTEENTH: &str = "2018-01-24";

/// 9th report press release, line 19.
const NINTH_EES: &str = "Steady progress has been made in recent months, notably with new rules on \
trafficking in **cultural goods** proposed in July 2017, and agreement reached on a new \
**Entry/Exit system** to register entry and exit data of non-EU nationals crossing the EU's \
external borders.";

/// 13th report, section II: ETIAS.
const THIRTEENTH_ETIAS: &str = "As regards the work on closing information gaps, trilogues are \
ongoing between the co-legislators on the Commission's proposal to establish a European Travel \
Information and Authorisation System (ETIAS).";

/// 13th report, section II: SIS.
const THIRTEENTH_SIS: &str = "As regards the work on maximising the benefits of existing \
information systems, trilogues are on-going between the co-legislators on the three legislative \
proposals to strengthen the Schengen Information System (SIS).";

/// 13th report, section II: ECRIS-TCN (Parliament's vote is still due; the
/// Council's mandate came first).
const THIRTEENTH_ECRIS: &str = "Concerning the supplementary Commission proposal to facilitate \
the exchange of criminal records of third-country nationals in the EU through the European \
Criminal Records Information System (ECRIS), the European Parliament's Committee on Civil \
Liberties, Justice and Home Affairs (LIBE) is due to vote on its negotiating mandate on 25 \
January 2018.";

/// 13th report, section II: the interoperability proposals (footnote 5:
/// COM(2017) 793 final and COM(2017) 794 final (12.12.2017)).
const THIRTEENTH_INTEROP: &str = "Among the legislative priorities listed are the Commission \
proposals on interoperability of information systems for security, border and migration \
management, which were adopted in December 2017 and on which work has now started in the \
European Parliament and in Council.";

/// 13th report, section II: eu-LISA.
const THIRTEENTH_EU_LISA: &str = "In June 2017, the Commission presented a legislative proposal \
to strengthen the mandate of eu-LISA, enabling the agency to ensure the technical implementation \
of the new approach to the management of data for borders and security. At its January 2018 \
Plenary session, the European Parliament adopted its mandate to enter into negotiation on the \
Commission proposal, allowing for the start of the inter-institutional discussions.";

fn changes(since: &str, as_of: &str, target: Option<&str>) -> Changes {
    Register::security_union()
        .changes(
            &{
                let mut a = Ask::new(d(as_of));
                if let Some(t) = target {
                    a = a.target(t);
                }
                a
            }
            .since(d(since)),
        )
        .unwrap()
}

/// The staged events of `file` in the window, as (date, stage).
fn moved(changes: &Changes, file: &str) -> Vec<(chrono::NaiveDate, Stage)> {
    changes
        .moved
        .iter()
        .find(|m| m.file == file)
        .map(|m| {
            m.events
                .iter()
                .map(|e| (e.date, e.stage.unwrap()))
                .collect()
        })
        .unwrap_or_default()
}

fn holds(changes: &Changes, file: &str, stage: Stage, sentence: &str) {
    assert!(
        moved(changes, file).iter().any(|&(_, s)| s == stage),
        "{file}: no {stage} between {} and {}, though the seed says: {sentence}",
        changes.since,
        changes.as_of,
    );
}

#[test]
fn eighth_to_ninth_report_holds_the_ees_agreement() {
    let c = changes(EIGHTH, NINTH, None);
    holds(&c, "ees", Stage::PoliticalAgreement, NINTH_EES);
    let ees = c.moved.iter().find(|m| m.file == "ees").unwrap();
    assert_eq!(ees.to, Some(Stage::PoliticalAgreement));
    // The agreement the press release reports, dated within the window.
    let (date, _) = moved(&c, "ees")
        .into_iter()
        .find(|&(_, s)| s == Stage::PoliticalAgreement)
        .unwrap();
    assert!(date > d(EIGHTH) && date <= d(NINTH));
}

#[test]
fn ninth_to_thirteenth_report_holds_the_etias_vote_and_trilogues() {
    let c = changes(NINTH, THIRTEENTH, None);
    holds(&c, "etias", Stage::LibeVote, THIRTEENTH_ETIAS);
    holds(&c, "etias", Stage::Trilogue, THIRTEENTH_ETIAS);
    let etias = c.moved.iter().find(|m| m.file == "etias").unwrap();
    assert_eq!(etias.from, Some(Stage::GeneralApproach));
    assert_eq!(etias.to, Some(Stage::Trilogue));
}

#[test]
fn ninth_to_thirteenth_report_holds_the_council_mandates() {
    let c = changes(NINTH, THIRTEENTH, None);
    for sis in ["sis-border", "sis-police", "sis-return"] {
        holds(&c, sis, Stage::GeneralApproach, THIRTEENTH_SIS);
    }
    holds(
        &c,
        "ecris-tcn-reg",
        Stage::GeneralApproach,
        THIRTEENTH_ECRIS,
    );
    // Parliament's vote was still due on 25 January 2018: not in the window.
    assert!(
        !moved(&c, "ecris-tcn-reg")
            .iter()
            .any(|&(_, s)| s == Stage::LibeVote)
    );
    holds(&c, "eu-lisa", Stage::GeneralApproach, THIRTEENTH_EU_LISA);
}

#[test]
fn ninth_to_thirteenth_report_holds_ees_adoption_and_entry_into_force() {
    // The 13th report does not restate it; the act does: Regulation (EU)
    // 2017/2226 of 30 November 2017, in force on 29 December 2017.
    let c = changes(NINTH, THIRTEENTH, None);
    assert_eq!(
        moved(&c, "ees"),
        [
            (d("2017-11-30"), Stage::Adoption),
            (d("2017-12-29"), Stage::EntryIntoForce)
        ]
    );
}

#[test]
fn ninth_to_thirteenth_report_holds_the_interoperability_proposals() {
    let c = changes(NINTH, THIRTEENTH, None);
    for id in ["interop-borders-visa", "interop-police-asylum"] {
        holds(&c, id, Stage::Proposal, THIRTEENTH_INTEROP);
        let m = c.moved.iter().find(|m| m.file == id).unwrap();
        assert_eq!(m.from, None, "{id} was not proposed by the 9th report");
    }
}

#[test]
fn ninth_to_thirteenth_report_holds_parliaments_eu_lisa_mandate() {
    let c = changes(NINTH, THIRTEENTH, None);
    holds(&c, "eu-lisa", Stage::LibeVote, THIRTEENTH_EU_LISA);
}

#[test]
fn events_in_the_window_are_staged_sourced_and_in_date_order() {
    let c = changes(NINTH, THIRTEENTH, None);
    assert!(!c.moved.is_empty());
    for m in &c.moved {
        assert!(m.events.windows(2).all(|w| w[0].date <= w[1].date));
        for e in &m.events {
            assert!(e.stage.is_some());
            assert!(e.date > c.since && e.date <= c.as_of);
            assert!(e.source().is_some_and(|s| !s.is_empty()), "{}", m.file);
        }
    }
    // Sorted by id, and no file is both moved and stuck.
    assert!(c.moved.windows(2).all(|w| w[0].file < w[1].file));
    assert!(c.stuck.windows(2).all(|w| w[0].file < w[1].file));
    for s in &c.stuck {
        assert!(c.moved.iter().all(|m| m.file != s.file));
    }
}

#[test]
fn stuck_files_did_not_move_and_say_for_how_long() {
    let register = Register::security_union();
    let c = changes(NINTH, THIRTEENTH, None);
    // Eurodac: Parliament's mandate of 30 May 2017, then nothing until the
    // trilogue of June 2018.
    let eurodac = c.stuck.iter().find(|s| s.file == "eurodac-recast").unwrap();
    assert_eq!(eurodac.stage, Stage::LibeVote);
    assert_eq!(eurodac.last_moved, d("2017-05-30"));
    assert_eq!(eurodac.days, (d(THIRTEENTH) - d("2017-05-30")).num_days());
    for s in &c.stuck {
        let file = register.file(&s.file).unwrap();
        assert_eq!(
            file.stage_at(c.since).map(|a| a.stage),
            file.stage_at(c.as_of).map(|a| a.stage)
        );
    }
}

#[test]
fn the_target_verdicts_are_the_blockers_at_each_end() {
    let register = Register::security_union();
    let c = changes(NINTH, THIRTEENTH, Some("interoperability-2020"));
    let t = c.target.as_ref().unwrap();
    for (verdict, date) in [(&t.before, NINTH), (&t.after, THIRTEENTH)] {
        let answer = register
            .blockers(&Ask::new(d(date)).target("interoperability-2020"))
            .unwrap();
        let ids: Vec<&str> = answer.blockers.iter().map(|b| b.file()).collect();
        assert_eq!(verdict.blockers, ids);
        assert_eq!(verdict.state, VerdictState::Open);
    }
    // The two interoperability proposals came onto the agenda in the window.
    let new: Vec<&str> = t
        .became_blockers
        .iter()
        .filter(|b| b.reason == Reason::NewPrerequisite)
        .map(|b| b.file.as_str())
        .collect();
    assert_eq!(new, ["interop-borders-visa", "interop-police-asylum"]);
    // EES reached entry into force, which the goal needs of it.
    let cleared: Vec<&str> = t.cleared.iter().map(|c| c.file.as_str()).collect();
    assert!(cleared.contains(&"ees"), "{cleared:?}");
    let ees = t.cleared.iter().find(|c| c.file == "ees").unwrap();
    assert_eq!(ees.on, d("2017-12-29"));
    // With a target, only the files it needs are listed: before any
    // proposal, every one of them blocks.
    let needed = register
        .blockers(&Ask::new(d("2000-01-01")).target("interoperability-2020"))
        .unwrap();
    for m in &c.moved {
        assert!(
            needed.blockers.iter().any(|b| b.file() == m.file),
            "{}",
            m.file
        );
    }
}

#[test]
fn a_deadline_passing_in_the_window_turns_the_remaining_blockers_into_misses() {
    let c = changes("2020-06-30", "2021-01-31", Some("interoperability-2020"));
    let t = c.target.unwrap();
    assert_eq!(t.before.state, VerdictState::Open);
    assert_eq!(t.after.state, VerdictState::Missed);
    assert!(!t.became_blockers.is_empty());
    assert!(
        t.became_blockers
            .iter()
            .all(|b| b.reason == Reason::DeadlinePassed)
    );
    let missed: Vec<&str> = t.became_blockers.iter().map(|b| b.file.as_str()).collect();
    assert_eq!(missed, t.after.blockers);
}

#[test]
fn a_window_that_ends_before_it_starts_is_refused() {
    let err = Register::security_union()
        .changes(&Ask::new(d(NINTH)).since(d(THIRTEENTH)))
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "the window ends before it starts: since 2018-01-24 is after as-of 2017-07-27"
    );
}

#[test]
fn an_empty_window_moves_nothing() {
    let c = changes(THIRTEENTH, THIRTEENTH, None);
    assert!(c.moved.is_empty());
    assert!(!c.stuck.is_empty());
    assert!(c.stuck.iter().all(|s| s.days >= 0));
}

/// A file deeper than `Blocker::PATH_LIMIT` that becomes a blocker when the
/// deadline passes in the window names its `via` and `depth`, not a whole
/// path: the answer stays linear in the register however deep it is.
#[test]
fn a_deep_new_blocker_names_its_via_and_depth_instead_of_a_whole_path() {
    use codecision::answer::Blocker;
    use codecision::{Event, LegislativeFile, Requirement};
    let n = Blocker::PATH_LIMIT + 200;
    let mut builder = Register::builder();
    for i in 0..n {
        let mut file = LegislativeFile::new(format!("c{i}"), "a link of a chain")
            .with_events([Event::new(d("2015-01-01"), Stage::Proposal)]);
        if i + 1 < n {
            file = file.requires(Requirement::in_force(format!("c{}", i + 1)));
        }
        builder = builder.file(file);
    }
    let register = builder.build().unwrap();
    let changes = register
        .changes(
            &Ask::new(d("2021-01-01"))
                .target("c0")
                .by(d("2020-01-01"))
                .since(d("2019-01-01")),
        )
        .unwrap();
    let target = changes.target.as_ref().unwrap();
    let deepest = target
        .became_blockers
        .iter()
        .find(|b| b.file == format!("c{}", n - 1))
        .unwrap();
    assert_eq!(deepest.reason, Reason::DeadlinePassed);
    assert_eq!(deepest.depth, n - 1);
    assert_eq!(deepest.path, None);
    assert_eq!(deepest.via.as_deref(), Some(format!("c{}", n - 2).as_str()));
    assert!(deepest.chain.len() < 100, "{}", deepest.chain);
    let shallow = target
        .became_blockers
        .iter()
        .find(|b| b.file == "c2")
        .unwrap();
    assert_eq!(
        shallow.path.as_deref(),
        Some(&["c0".to_string(), "c1".into(), "c2".into()][..])
    );
}
