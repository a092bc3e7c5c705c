//! The chance of meeting a goal's deadline: certain answers when the
//! outcome is known, consistency with the files' own simulations, and the
//! files that carry the risk.

use codecision::forecast::Forecaster;
use codecision::{Event, Goal, LegislativeFile, Register, Requirement, Stage};

mod common;
use common::{d, file};

fn in_force(id: &str, proposed: &str, in_force: &str) -> LegislativeFile {
    file(
        id,
        &[
            (proposed, Stage::Proposal),
            (in_force, Stage::EntryIntoForce),
        ],
    )
}

fn in_trilogue(id: &str) -> LegislativeFile {
    file(
        id,
        &[
            ("2016-01-01", Stage::Proposal),
            ("2016-06-01", Stage::GeneralApproach),
            ("2016-07-01", Stage::LibeVote),
            ("2016-09-01", Stage::Trilogue),
        ],
    )
}

fn goal(deadline: &str, ids: &[&str]) -> Goal {
    ids.iter()
        .fold(Goal::new("goal", "Goal", d(deadline)), |g, id| {
            g.requires(Requirement::in_force(*id))
        })
}

#[test]
fn everything_done_is_certain() {
    let r = Register::builder()
        .file(in_force("a", "2015-01-01", "2016-06-01"))
        .file(in_force("b", "2015-01-01", "2016-09-01"))
        .goal(goal("2020-12-31", &["a", "b"]))
        .build()
        .unwrap();
    let answer = Forecaster::new(&r, d("2017-01-01"))
        .target("goal", None)
        .unwrap();
    assert_eq!(answer.p_on_time, 1.0);
    assert!(answer.blockers.is_empty());
}

#[test]
fn after_the_deadline_the_answer_is_what_happened() {
    let r = Register::builder()
        .file(in_force("a", "2015-01-01", "2016-06-01"))
        .file(in_trilogue("b"))
        .goal(goal("2017-12-31", &["a", "b"]))
        .goal(Goal::new("only-a", "A", d("2017-12-31")).requires(Requirement::in_force("a")))
        .build()
        .unwrap();
    let forecaster = Forecaster::new(&r, d("2018-06-01"));
    let missed = forecaster.target("goal", None).unwrap();
    assert_eq!(missed.p_on_time, 0.0);
    assert_eq!(missed.blockers.len(), 1);
    assert_eq!(missed.blockers[0].file, "b");
    assert_eq!(missed.blockers[0].p_by_deadline, None);
    let met = forecaster.target("only-a", None).unwrap();
    assert_eq!(met.p_on_time, 1.0);
}

#[test]
fn an_ended_procedure_never_arrives() {
    let r = Register::builder()
        .file(file(
            "gone",
            &[
                ("2016-01-01", Stage::Proposal),
                ("2016-06-01", Stage::Withdrawn),
            ],
        ))
        .file(in_trilogue("open"))
        .goal(goal("2030-12-31", &["gone", "open"]))
        .build()
        .unwrap();
    let answer = Forecaster::new(&r, d("2017-01-01"))
        .target("goal", None)
        .unwrap();
    assert_eq!(answer.p_on_time, 0.0);
    let gone = answer.risk("gone").unwrap();
    assert_eq!(gone.p_by_deadline, Some(0.0));
    assert_eq!(answer.blockers[0].file, "gone");
    // The open file itself is almost sure to make a deadline 14 years away.
    assert!(answer.risk("open").unwrap().p_by_deadline.unwrap() > 0.9);
}

#[test]
fn chances_agree_with_the_files_own_simulations() {
    let r = Register::security_union();
    let as_of = d("2018-01-24");
    let forecaster = Forecaster::new(&r, as_of);
    let answer = forecaster.target("interoperability-2020", None).unwrap();
    let deadline = answer.deadline;
    let mut lowest: f64 = 1.0;
    for risk in &answer.blockers {
        let p = risk.p_by_deadline.unwrap();
        lowest = lowest.min(p);
        if risk.not_proposed {
            continue;
        }
        let samples = forecaster.samples(&risk.file).unwrap();
        let dates = samples.of(risk.required).unwrap();
        let share = dates
            .iter()
            .filter(|x| x.is_some_and(|x| x <= deadline))
            .count() as f64
            / dates.len() as f64;
        assert!((share - p).abs() < 1e-12, "{}: {share} vs {p}", risk.file);
        assert!(risk.p_by_deadline_alone.unwrap() >= p);
    }
    // Every blocker must make it: the goal is no likelier than its
    // weakest file.
    assert!(answer.p_on_time <= lowest + 1e-12);
    assert!(answer.p_on_time > 0.0 && answer.p_on_time < 1.0);
    // VIS was not proposed until May 2018: an upper bound, and said so.
    assert!(answer.risk("vis-revision").unwrap().not_proposed);
}

#[test]
fn a_later_deadline_is_never_less_likely() {
    let r = Register::security_union();
    let forecaster = Forecaster::new(&r, d("2017-07-27"));
    let mut previous = 0.0;
    for by in ["2018-06-30", "2019-06-30", "2020-12-31", "2023-12-31"] {
        let p = forecaster
            .target("interop-borders-visa", Some(d(by)))
            .unwrap()
            .p_on_time;
        assert!(p >= previous, "{by}: {p} < {previous}");
        previous = p;
    }
    assert!(previous > 0.5);
}

/// `quick`: agreed on 2016-12-01, its adoption waiting for `slow`'s.
fn agreed_and_waiting_for_slow() -> LegislativeFile {
    file(
        "quick",
        &[
            ("2016-01-01", Stage::Proposal),
            ("2016-04-01", Stage::GeneralApproach),
            ("2016-05-01", Stage::LibeVote),
            ("2016-06-01", Stage::Trilogue),
            ("2016-12-01", Stage::PoliticalAgreement),
        ],
    )
    .requires(Requirement::at("slow", Stage::Adoption))
}

#[test]
fn the_slow_prerequisite_carries_the_risk_not_its_dependent() {
    // `quick` is nearly done but needs `slow` adopted first.
    let slow = file("slow", &[("2016-12-01", Stage::Proposal)]);
    let quick = agreed_and_waiting_for_slow();
    let r = Register::builder()
        .file(slow)
        .file(quick)
        .goal(
            Goal::new("goal", "Goal", d("2018-01-01"))
                .requires(Requirement::at("quick", Stage::Adoption)),
        )
        .build()
        .unwrap();
    let forecaster = Forecaster::new(&r, d("2017-01-01"));
    let answer = forecaster.target("goal", None).unwrap();
    let quick = answer.risk("quick").unwrap();
    let slow = answer.risk("slow").unwrap();
    // On its own `quick` would almost surely be adopted within the year...
    assert!(quick.p_by_deadline_alone.unwrap() > 0.9);
    // ...but it cannot be adopted before `slow`, unless `slow` never is (a
    // prerequisite that ends without an act holds nothing back).
    let slow_never = forecaster.file("slow").unwrap().p_no_act.unwrap();
    assert!(slow_never > 0.0);
    assert!(quick.p_by_deadline.unwrap() <= slow.p_by_deadline.unwrap() + slow_never);
    assert_eq!(answer.blockers[0].file, "slow");
    assert!(slow.own_risk() > quick.own_risk());
}

#[test]
fn a_file_target_needs_a_deadline() {
    let r = Register::security_union();
    let forecaster = Forecaster::new(&r, d("2018-01-24"));
    assert!(forecaster.target("etias", None).is_err());
    let answer = forecaster.target("etias", Some(d("2019-12-31"))).unwrap();
    let etias = answer.risk("etias").unwrap();
    assert_eq!(etias.required, Stage::EntryIntoForce);
    assert!(answer.p_on_time > 0.0);
    // A file's prerequisites are in its closure too: the Europol part of
    // ETIAS needs ETIAS, still in trilogue.
    let europol = forecaster
        .target("etias-europol", Some(d("2019-12-31")))
        .unwrap();
    assert!(europol.risk("etias").is_some());
    let unknown = forecaster.target("etais", None).unwrap_err().to_string();
    assert!(unknown.contains("etias"), "{unknown}");
}

/// A goal over 800 files in chains, enough for the simulations and the fit
/// to be cut into shares.
fn big_register() -> Register {
    let stages = [
        Stage::Proposal,
        Stage::GeneralApproach,
        Stage::LibeVote,
        Stage::Trilogue,
        Stage::PoliticalAgreement,
    ];
    let mut builder = Register::builder();
    let mut goal = Goal::new("big", "Big", d("2021-06-30"));
    for i in 0..800usize {
        let depth = i % stages.len();
        let start = d("2016-01-01") + chrono::Days::new((i % 300) as u64);
        let events = stages[..=depth]
            .iter()
            .enumerate()
            .map(|(k, &stage)| Event::new(start + chrono::Days::new(90 * k as u64), stage));
        let mut f = LegislativeFile::new(format!("f{i}"), "F").with_events(events);
        if i >= 2 {
            f = f.requires(Requirement::at(format!("f{}", i - 1), Stage::Adoption));
            if i % 3 == 0 {
                f = f.requires(Requirement::in_force(format!("f{}", i / 2)));
            }
        }
        builder = builder.file(f);
        if i % 50 == 49 {
            goal = goal.requires(Requirement::in_force(format!("f{i}")));
        }
    }
    builder.goal(goal).build().unwrap()
}

/// A closure large enough for the simulations to be split between threads:
/// the split must not change a single simulation.
#[test]
fn a_large_goal_agrees_with_each_file_simulated_alone() {
    let r = big_register();
    let forecaster = Forecaster::new(&r, d("2017-06-01"));
    let answer = forecaster.target("big", None).unwrap();
    assert!(answer.blockers.len() > 500);
    for risk in answer.blockers.iter().step_by(150) {
        let samples = forecaster.samples(&risk.file).unwrap();
        let dates = samples.of(risk.required).unwrap();
        let share = dates
            .iter()
            .filter(|x| x.is_some_and(|x| x <= answer.deadline))
            .count() as f64
            / dates.len() as f64;
        assert_eq!(Some(share), risk.p_by_deadline, "{}", risk.file);
    }
}

/// Seeded forecasts are the same on one thread as on several: the fit and
/// a goal's simulations are cut into one share per thread, the files'
/// forecasts are shared out level by level, and neither cut may change
/// the answer.
#[cfg(feature = "parallel")]
#[test]
fn the_forecast_does_not_depend_on_the_number_of_threads() {
    let r = big_register();
    let on = |threads: usize| {
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .unwrap();
        pool.install(|| {
            let forecaster = Forecaster::new(&r, d("2017-06-01"));
            (
                forecaster.target("big", None).unwrap(),
                forecaster.samples("f799").unwrap(),
                forecaster.files(&["big"]).unwrap(),
            )
        })
    };
    let one = on(1);
    assert!(one.0.blockers.len() > 500);
    for threads in [2, 3, 7] {
        assert!(on(threads) == one, "{threads} threads");
    }
}

/// A goal is not met on time in the simulations in which a file it needs
/// never becomes law: with a deadline far away, its chance is about one
/// minus the file's chance of ending without an act, never more.
#[test]
fn a_file_that_never_becomes_law_misses_every_deadline() {
    let r = Register::builder()
        .file(file("only", &[("2021-03-01", Stage::Proposal)]))
        .goal(
            Goal::new("goal", "Goal", d("2060-01-01"))
                .requires(Requirement::at("only", Stage::Adoption)),
        )
        .build()
        .unwrap();
    let forecaster = Forecaster::new(&r, d("2021-06-01"));
    let never = forecaster.file("only").unwrap().p_no_act.unwrap();
    assert!(never > 0.05, "{never}");
    let goal = forecaster.target("goal", None).unwrap();
    assert!(goal.p_on_time <= 1.0 - never + 1e-12);
    assert!(
        goal.p_on_time > 1.0 - never - 0.02,
        "{} {never}",
        goal.p_on_time
    );
}

/// A prerequisite's dates are kept for every dependent that draws the stage
/// they hold back. A dependent already adopted draws nothing, so it must
/// not count as one of those uses: when it did, it freed the
/// prerequisite's dates before the open dependent after it was simulated,
/// and that dependent was no longer held back (its dates then depended on
/// which other files were forecast with it).
#[test]
fn a_dependent_already_adopted_does_not_free_its_prerequisite_for_the_others() {
    // `slow` is just proposed; `done` was adopted without waiting for it
    // (the register's history says so); `quick` is agreed and waits for
    // `slow`'s adoption. In node order, `done` is simulated before `quick`.
    let slow = file("slow", &[("2016-12-01", Stage::Proposal)]);
    let done = file(
        "done",
        &[
            ("2015-01-01", Stage::Proposal),
            ("2016-06-01", Stage::Adoption),
        ],
    )
    .requires(Requirement::at("slow", Stage::Adoption));
    let quick = agreed_and_waiting_for_slow();
    let r = Register::builder()
        .file(slow)
        .file(done)
        .file(quick)
        .goal(
            Goal::new("goal", "Goal", d("2019-01-01"))
                .requires(Requirement::at("done", Stage::Adoption))
                .requires(Requirement::at("quick", Stage::Adoption)),
        )
        .build()
        .unwrap();
    let forecaster = Forecaster::new(&r, d("2017-01-01"));

    // Every simulation of `quick`'s adoption comes after `slow`'s, unless
    // `slow` is never adopted in it.
    let samples = |id: &str| {
        forecaster
            .samples(id)
            .unwrap()
            .of(Stage::Adoption)
            .unwrap()
            .to_vec()
    };
    let (slow_days, quick_days) = (samples("slow"), samples("quick"));
    for (s, q) in slow_days.iter().zip(&quick_days) {
        if let (Some(s), Some(q)) = (s, q) {
            assert!(q >= s, "quick adopted {q} before slow {s}");
        }
    }

    // Forecast with `done`, `quick`'s dates are the same as alone.
    let alone = forecaster.file("quick").unwrap();
    let together = forecaster.files(&["done", "quick"]).unwrap();
    let with_done = together.iter().find(|f| f.id == "quick").unwrap();
    assert_eq!(with_done.forecast, alone.forecast);

    // The goal's chance for `quick` is the share of its own simulations in
    // time.
    let answer = forecaster.target("goal", None).unwrap();
    let in_time = quick_days
        .iter()
        .filter(|x| x.is_some_and(|x| x <= answer.deadline))
        .count() as f64
        / quick_days.len() as f64;
    assert_eq!(answer.risk("quick").unwrap().p_by_deadline, Some(in_time));
}
