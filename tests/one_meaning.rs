//! One meaning of "what a target needs, by when, and which of it is
//! missing": blockers, the schedule, the critical path, impact, the report
//! and the goal forecast all give the same answer, and agree on when a
//! deadline has passed (`as_of >= deadline`: the cutoff is then the deadline
//! itself and the answer is settled).

use std::collections::BTreeSet;

use chrono::{Days, NaiveDate};
use codecision::answer::VerdictState;
use codecision::export::Report;
use codecision::forecast::Forecaster;
use codecision::{Ask, Register, parse_date};

fn d(s: &str) -> NaiveDate {
    parse_date(s).unwrap()
}

fn blocker_set(
    register: &Register,
    target: &str,
    by: Option<NaiveDate>,
    as_of: NaiveDate,
) -> BTreeSet<String> {
    register
        .blockers(&Ask::new(as_of).target(target).by(by))
        .unwrap()
        .blockers
        .iter()
        .map(|b| b.file().to_string())
        .collect()
}

fn blocking_lanes(schedule: &codecision::answer::Schedule) -> BTreeSet<String> {
    schedule
        .lanes
        .iter()
        .filter(|l| l.blocking)
        .map(|l| l.file.clone())
        .collect()
}

#[test]
fn every_query_names_the_same_blockers() {
    let register = Register::security_union();
    for as_of in [
        "2016-06-01",
        "2018-01-24",
        "2019-06-01",
        "2020-12-31",
        "2022-01-01",
    ] {
        let as_of = d(as_of);
        for target in register.ids() {
            // A file needs a deadline for blockers; give one a year on.
            let by = register.file(target).map(|_| as_of + Days::new(365));
            let ours = blocker_set(&register, target, by, as_of);
            let schedule = register
                .schedule(&Ask::new(as_of).target(target).by(by))
                .unwrap();
            let lanes = blocking_lanes(&schedule);
            assert_eq!(lanes, ours, "schedule of {target} as of {as_of}");
            let forecast = Forecaster::new(&register, as_of)
                .with_simulations(8)
                .target(target, by)
                .unwrap();
            let risks: BTreeSet<String> =
                forecast.blockers.iter().map(|r| r.file.clone()).collect();
            assert_eq!(risks, ours, "forecast of {target} as of {as_of}");
            let path = register
                .critical_path(&Ask::new(as_of).target(target).by(by))
                .unwrap();
            assert!(
                path.chain.iter().all(|s| ours.contains(&s.file)),
                "{target}"
            );
            assert_eq!(
                Some(path.deadline),
                by.or(register.goal(target).map(|g| g.deadline))
            );
        }
        for file in register.files() {
            for impact in register
                .impact(&Ask::new(as_of).target(file.id()))
                .unwrap()
                .goals
            {
                let blocks = blocker_set(&register, &impact.goal, None, as_of).contains(file.id());
                assert_eq!(impact.blocking, blocks, "{} for {}", file.id(), impact.goal);
            }
        }
    }
}

#[test]
fn the_deadline_day_settles_the_answer_everywhere() {
    let register = Register::security_union();
    let goal = "interoperability-2020";
    let deadline = register.goal(goal).unwrap().deadline;
    let day_before = deadline - Days::new(1);
    let before = register
        .blockers(&Ask::new(day_before).target(goal))
        .unwrap();
    let on = register.blockers(&Ask::new(deadline).target(goal)).unwrap();
    assert!(!before.deadline_passed());
    assert!(on.deadline_passed());
    assert!(!on.blockers.is_empty(), "the 2020 goal was missed");
    assert_eq!(before.state(), VerdictState::Open);
    assert_eq!(on.state(), VerdictState::Missed);
    // The report said "N files block" on the deadline day while the command
    // line said "missed": one rule now.
    let html = Report::new(&register, &Ask::new(deadline).target(goal))
        .map(|r| r.to_html())
        .unwrap();
    assert!(
        html.contains("missed interoperability-2020 by its deadline"),
        "report on the deadline day"
    );
    let forecast = Forecaster::new(&register, deadline)
        .target(goal, None)
        .unwrap();
    assert!(forecast.deadline_passed());
    assert_eq!(forecast.p_on_time, 0.0);
    let forecast = Forecaster::new(&register, day_before)
        .with_simulations(50)
        .target(goal, None)
        .unwrap();
    assert!(!forecast.deadline_passed());
}

#[test]
fn a_file_without_a_deadline_is_refused_by_blockers_and_judged_as_of_by_the_schedule() {
    let register = Register::security_union();
    let as_of = d("2018-01-24");
    assert!(register.blockers(&Ask::new(as_of).target("etias")).is_err());
    assert!(
        register
            .critical_path(&Ask::new(as_of).target("etias"))
            .is_err()
    );
    assert!(
        Forecaster::new(&register, as_of)
            .target("etias", None)
            .is_err()
    );
    let schedule = register.schedule(&Ask::new(as_of).target("etias")).unwrap();
    assert_eq!(schedule.deadline, None);
    assert_eq!(schedule.cutoff, as_of);
    let lanes = blocking_lanes(&schedule);
    assert_eq!(lanes, blocker_set(&register, "etias", Some(as_of), as_of));
}
