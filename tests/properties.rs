//! Property tests: invariants over random registers and histories.
//!
//! Case counts are bounded (`PROPTEST_CASES` overrides) so CI stays fast.

use chrono::{Datelike as _, Days, NaiveDate};
use codecision::transition::{Progress, Step};
use codecision::{Ask, Event, Goal, LegislativeFile, Register, Requirement, Stage};
use proptest::prelude::*;

fn day(n: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2000, 1, 1).unwrap() + Days::new(u64::from(n))
}

fn any_stage() -> impl Strategy<Value = Stage> {
    prop::sample::select(Stage::ALL.to_vec())
}

/// Arbitrary events: any stage or none, any date in 2000-2030, any order,
/// any texts (absent, empty, or any characters).
fn any_events() -> impl Strategy<Value = Vec<Event>> {
    let text = || prop::option::of(prop_oneof![Just(String::new()), ".{0,12}"]);
    prop::collection::vec(
        (
            0u32..11_000,
            prop::option::weighted(0.85, any_stage()),
            (text(), text(), text()),
        ),
        0..12,
    )
    .prop_map(|v| {
        v.into_iter()
            .map(|(n, stage, (source, note, committee))| {
                Event::from_parts(
                    day(n),
                    stage,
                    source.as_deref(),
                    note.as_deref(),
                    committee.as_deref(),
                )
            })
            .collect()
    })
}

/// A valid history: a random walk through the transition table (choices from
/// `allowed_next`, repeats of trilogues), with non-decreasing dates.
fn valid_history() -> impl Strategy<Value = Vec<Event>> {
    (
        prop::collection::vec((0usize..8, 0u32..200), 1..14),
        0u32..5_000,
    )
        .prop_map(|(choices, start)| {
            let mut progress = Progress::new();
            let mut date = start;
            let mut events = vec![Event::new(day(date), Stage::Proposal)];
            progress.record(Stage::Proposal);
            for (pick, gap) in choices {
                let mut next = progress.allowed_next();
                if progress.stage() == Some(Stage::Trilogue) {
                    next.push(Stage::Trilogue);
                }
                if next.is_empty() {
                    break;
                }
                let stage = next[pick % next.len()];
                date += gap;
                events.push(Event::new(day(date), stage));
                progress.record(stage);
            }
            events
        })
}

/// A random register: files with arbitrary histories, `requires` only to
/// earlier files (so acyclic), and a few goals.
fn any_register() -> impl Strategy<Value = Register> {
    let file = (
        any_events(),
        prop::collection::vec((0usize..1000, prop::option::of(any_stage())), 0..4),
    );
    (
        prop::collection::vec(file, 1..25),
        prop::collection::vec(
            (0u32..11_000, prop::collection::vec(0usize..1000, 1..6)),
            0..4,
        ),
    )
        .prop_map(|(files, goals)| {
            let n = files.len();
            let mut builder = Register::builder();
            for (i, (events, reqs)) in files.into_iter().enumerate() {
                let mut file =
                    LegislativeFile::new(format!("f{i}"), format!("File {i}")).with_events(events);
                if i > 0 {
                    for (target, stage) in reqs {
                        let target = format!("f{}", target % i);
                        file = file.requires(match stage {
                            Some(s) if !s.is_terminal() => Requirement::at(target, s),
                            _ => Requirement::in_force(target),
                        });
                    }
                }
                if i % 5 == 1 {
                    file = file.related_to(format!("f{}", (i * 7) % n));
                }
                builder = builder.file(file);
            }
            for (k, (deadline, picks)) in goals.into_iter().enumerate() {
                let mut goal = Goal::new(format!("goal-{k}"), format!("Goal {k}"), day(deadline));
                for p in picks {
                    goal = goal.requires(Requirement::in_force(format!("f{}", p % n)));
                }
                builder = builder.goal(goal);
            }
            builder.build().expect("generated registers are valid")
        })
}

/// The stage at a date, computed the simple way from the definition.
fn naive_stage_at(events: &[Event], date: NaiveDate) -> Option<(Stage, NaiveDate)> {
    let known: Vec<&Event> = events
        .iter()
        .filter(|e| e.stage.is_some() && e.date <= date)
        .collect();
    let terminal = known
        .iter()
        .filter(|e| e.stage.unwrap().is_terminal())
        .min_by_key(|e| e.date);
    let stage = match terminal {
        Some(e) => e.stage.unwrap(),
        None => {
            let mut best: Option<&&Event> = None;
            for e in &known {
                let key = (e.stage.unwrap().rank(), e.date);
                if best.is_none_or(|b| key > (b.stage.unwrap().rank(), b.date)) {
                    best = Some(e);
                }
            }
            best?.stage.unwrap()
        }
    };
    let since = known
        .iter()
        .filter(|e| e.stage == Some(stage))
        .map(|e| e.date)
        .min()?;
    Some((stage, since))
}

fn naive_reached(events: &[Event], stage: Stage, date: NaiveDate) -> bool {
    events
        .iter()
        .filter(|e| e.date <= date)
        .filter_map(|e| e.stage)
        .any(|s| s.implies(stage))
}

/// The blockers query done the simple way: depth-first closure, needs from
/// every edge, events scanned, paths by breadth-first search.
fn naive_blockers(
    register: &Register,
    target: &str,
    by: NaiveDate,
    as_of: NaiveDate,
) -> Vec<(String, Stage, Option<Stage>, usize)> {
    use std::collections::{BTreeMap, HashMap, VecDeque};
    let requires = |id: &str| -> Vec<Requirement> {
        register
            .file(id)
            .map(|f| f.requirements().to_vec())
            .or_else(|| register.goal(id).map(|g| g.requires.clone()))
            .unwrap_or_default()
    };
    let mut dist: HashMap<String, usize> = HashMap::from([(target.to_string(), 1)]);
    let mut queue = VecDeque::from([target.to_string()]);
    let mut need: BTreeMap<String, Stage> = BTreeMap::new();
    if register.file(target).is_some() {
        need.insert(target.to_string(), Stage::EntryIntoForce);
    }
    while let Some(id) = queue.pop_front() {
        for r in requires(&id) {
            let e = need.entry(r.file.clone()).or_insert(r.stage);
            if (r.stage.rank(), r.stage) > (e.rank(), *e) {
                *e = r.stage;
            }
            if !dist.contains_key(&r.file) {
                dist.insert(r.file.clone(), dist[&id] + 1);
                queue.push_back(r.file.clone());
            }
        }
    }
    let cutoff = as_of.min(by);
    need.into_iter()
        .filter(|(id, _)| register.file(id).is_some())
        .filter(|(id, stage)| !naive_reached(register.file(id).unwrap().events(), *stage, cutoff))
        .map(|(id, stage)| {
            let at = naive_stage_at(register.file(&id).unwrap().events(), cutoff).map(|s| s.0);
            let len = dist[&id];
            (id, stage, at, len)
        })
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 128, ..ProptestConfig::default() })]

    #[test]
    fn save_then_load_is_identity(register in any_register()) {
        let json = register.to_json();
        let again = Register::from_json(&json).unwrap();
        prop_assert_eq!(&again, &register);
        prop_assert_eq!(again.to_json(), json);
    }

    /// Any date chrono holds, in an event or as a goal's deadline: the
    /// builder refuses the ones a register cannot be written with (outside
    /// 0001-01-01..9999-12-31, naming the date and where it is), and every
    /// register it builds loads back equal.
    #[test]
    fn what_the_builder_accepts_loads_back(
        event_day in NaiveDate::MIN.num_days_from_ce()..=NaiveDate::MAX.num_days_from_ce(),
        deadline_day in prop_oneof![
            NaiveDate::MIN.num_days_from_ce()..=NaiveDate::MAX.num_days_from_ce(),
            1..=3_652_059i32,
        ],
    ) {
        let date = |n: i32| NaiveDate::from_num_days_from_ce_opt(n).unwrap();
        let (event_date, deadline) = (date(event_day), date(deadline_day));
        let built = Register::builder()
            .file(LegislativeFile::new("a", "A").with_events([Event::new(event_date, Stage::Proposal)]))
            .goal(Goal::new("g", "G", deadline).requires(Requirement::in_force("a")))
            .build();
        let writable = |d: NaiveDate| (1..=9999).contains(&d.year());
        match built {
            Ok(register) => {
                prop_assert!(writable(event_date) && writable(deadline));
                let again = Register::from_json(&register.to_json()).unwrap();
                prop_assert_eq!(again, register);
            }
            Err(err) => {
                prop_assert!(!writable(event_date) || !writable(deadline));
                let message = err.to_string();
                for (d, place) in [(event_date, "file `a` (files[0]), event 0"), (deadline, "goal `g` (goals[0])")] {
                    if !writable(d) {
                        prop_assert!(
                            message.contains(&format!("bad date `{d}`: year out of range (0001 to 9999)")),
                            "{}", message
                        );
                        prop_assert!(message.contains(place), "{}", message);
                    }
                }
            }
        }
    }

    #[test]
    fn replaying_a_valid_history_reproduces_the_state(events in valid_history()) {
        let mut progress = Progress::new();
        let mut applied = LegislativeFile::new("x", "X");
        for e in &events {
            applied.apply(e.clone()).unwrap();
            progress.record(e.stage.unwrap());
        }
        let replayed = LegislativeFile::new("x", "X").with_events(events.clone());
        prop_assert!(replayed.diagnostics().is_empty(), "{:?}", replayed.diagnostics());
        let last = events.last().unwrap().date;
        let at = replayed.stage_at(last).map(|s| s.stage);
        prop_assert_eq!(at, progress.stage());
        prop_assert_eq!(replayed.current_stage(), applied.current_stage());
        prop_assert_eq!(replayed.allowed_next(), progress.allowed_next());
        for e in &events {
            prop_assert!(matches!(progress.check(e.stage.unwrap()), Ok(Step::Repeat) | Ok(Step::Transition(_)) | Err(_)));
        }
    }

    #[test]
    fn replay_is_deterministic(events in any_events()) {
        let a = LegislativeFile::new("x", "X").with_events(events.clone());
        let b = LegislativeFile::new("x", "X").with_events(events);
        prop_assert_eq!(a.diagnostics(), b.diagnostics());
        prop_assert_eq!(a.current_stage(), b.current_stage());
    }

    #[test]
    fn stage_at_matches_the_definition_and_is_monotone(events in any_events(), dates in prop::collection::vec(0u32..11_500, 1..20)) {
        let file = LegislativeFile::new("x", "X").with_events(events.clone());
        let mut dates: Vec<NaiveDate> = dates.into_iter().map(day).collect();
        dates.sort();
        let mut previous: Option<Stage> = None;
        for date in dates {
            let at = file.stage_at(date).map(|s| (s.stage, s.since));
            prop_assert_eq!(at, naive_stage_at(&events, date), "at {}", date);
            for stage in Stage::ALL {
                prop_assert_eq!(file.reached(stage, date), naive_reached(&events, stage, date));
            }
            let now = at.map(|s| s.0);
            if let Some(before) = previous {
                let now = now.unwrap();
                if before.is_terminal() {
                    prop_assert_eq!(now, before);
                } else if !now.is_terminal() {
                    prop_assert!(now.rank() >= before.rank(), "{} then {}", before, now);
                }
            }
            previous = now.or(previous);
        }
    }

    #[test]
    fn blockers_agree_with_a_simple_reference(register in any_register(), as_of in 0u32..11_000, by in 0u32..11_000, pick in 0usize..100) {
        let (as_of, by) = (day(as_of), day(by));
        let targets: Vec<String> = register.ids().map(str::to_string).collect();
        let target = &targets[pick % targets.len()];
        let ours = register.blockers(&Ask::new(as_of).target(target).by(by)).unwrap();
        let theirs = naive_blockers(&register, target, by, as_of);
        let ours: Vec<(String, Stage, Option<Stage>, usize)> =
            ours.blockers.into_iter().map(|b| (b.file().to_string(), b.required, b.stage, b.path().len())).collect();
        prop_assert_eq!(ours, theirs);
    }

    #[test]
    fn events_after_as_of_change_nothing_as_of_then(register in any_register(), as_of in 0u32..10_000, extra in (1u32..2_000, any_stage()), pick in 0usize..100) {
        let as_of = day(as_of);
        let files = register.files();
        let victim = files[pick % files.len()].id().to_string();
        let mut builder = Register::builder();
        for f in files {
            let mut f = f.clone();
            if f.id() == victim {
                f.record(Event::new(as_of + Days::new(u64::from(extra.0)), extra.1));
            }
            builder = builder.file(f);
        }
        for g in register.goals() {
            builder = builder.goal(g.clone());
        }
        let changed = builder.build().unwrap();
        prop_assert_eq!(register.status(&Ask::new(as_of)), changed.status(&Ask::new(as_of)));
        for target in register.ids() {
            for by in [as_of, as_of + Days::new(365)] {
                prop_assert_eq!(register.blockers(&Ask::new(as_of).target(target).by(by)).unwrap(), changed.blockers(&Ask::new(as_of).target(target).by(by)).unwrap());
            }
        }
        prop_assert_eq!(register.waiting(&Ask::new(as_of).target(&victim)).unwrap(), changed.waiting(&Ask::new(as_of).target(&victim)).unwrap());
    }
}

/// Files and goals whose `requires` name any stage at all, terminal ones
/// included: the build's result, and whether any requirement was terminal.
fn any_requirements() -> impl Strategy<Value = (Result<Register, codecision::Error>, bool)> {
    let file = (
        any_events(),
        prop::collection::vec((0usize..1000, any_stage()), 0..4),
    );
    (
        prop::collection::vec(file, 1..12),
        prop::collection::vec(
            (
                0u32..11_000,
                prop::collection::vec((0usize..1000, any_stage()), 1..4),
            ),
            0..3,
        ),
    )
        .prop_map(|(files, goals)| {
            let n = files.len();
            let mut terminal = false;
            let mut builder = Register::builder();
            for (i, (events, reqs)) in files.into_iter().enumerate() {
                let mut file =
                    LegislativeFile::new(format!("f{i}"), format!("File {i}")).with_events(events);
                for (target, stage) in reqs.into_iter().filter(|_| i > 0) {
                    terminal |= stage.is_terminal();
                    file = file.requires(Requirement::at(format!("f{}", target % i), stage));
                }
                builder = builder.file(file);
            }
            for (k, (deadline, picks)) in goals.into_iter().enumerate() {
                let mut goal = Goal::new(format!("goal-{k}"), format!("Goal {k}"), day(deadline));
                for (p, stage) in picks {
                    terminal |= stage.is_terminal();
                    goal = goal.requires(Requirement::at(format!("f{}", p % n), stage));
                }
                builder = builder.goal(goal);
            }
            (builder.build(), terminal)
        })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    /// Issue 17, item 1: a requirement on any stage never makes a query
    /// panic. A terminal one is refused at load (and only that is refused);
    /// every other register answers every query.
    #[test]
    fn requirements_on_any_stage_never_panic((built, terminal) in any_requirements(), as_of in 0u32..11_000, by in 0u32..11_000) {
        let register = match built {
            Err(codecision::Error::Invalid { problems, .. }) => {
                prop_assert!(terminal);
                for p in &problems {
                    prop_assert!(matches!(p.kind(), codecision::error::ProblemKind::TerminalRequirement { stage, .. } if stage.is_terminal()), "{}", p);
                }
                return Ok(());
            }
            Err(other) => panic!("unexpected error {other}"),
            Ok(register) => register,
        };
        prop_assert!(!terminal);
        let (as_of, by) = (day(as_of), day(by));
        let forecaster = codecision::forecast::Forecaster::new(&register, as_of).with_simulations(20);
        forecaster.files(&[]).unwrap();
        for target in register.ids() {
            register.blockers(&Ask::new(as_of).target(target).by(by)).unwrap();
            register.critical_path(&Ask::new(as_of).target(target).by(by)).unwrap();
            register.schedule(&Ask::new(as_of).target(target).by(by)).unwrap();
                forecaster.target(target, Some(by)).unwrap();
            if register.file(target).is_some() {
                register.waiting(&Ask::new(as_of).target(target)).unwrap();
                register.impact(&Ask::new(as_of).target(target)).unwrap();
            }
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 128, ..ProptestConfig::default() })]

    /// The one topological order (register order, schedule, critical path,
    /// forecasts) holds every file and goal once, each after what it
    /// requires; a file's schedule lanes follow it.
    #[test]
    fn topological_order_puts_prerequisites_first(register in any_register(), as_of in 0u32..11_000) {
        let order = register.order();
        let order: Vec<&str> = order.ids().collect();
        prop_assert_eq!(order.len(), register.files().len() + register.goals().len());
        let at = |id: &str| order.iter().position(|x| *x == id).unwrap();
        for f in register.files() {
            for r in f.requirements() {
                prop_assert!(at(&r.file) < at(f.id()), "{} before {}", r.file, f.id());
            }
        }
        for g in register.goals() {
            for r in &g.requires {
                prop_assert!(at(&r.file) < at(&g.id));
            }
        }
        let schedule = register.schedule(&Ask::new(day(as_of))).unwrap();
        let lanes: Vec<&str> = schedule.lanes.iter().map(|l| l.file.as_str()).collect();
        let files: Vec<&str> = order.iter().copied().filter(|id| register.file(id).is_some()).collect();
        prop_assert_eq!(lanes, files);
    }
}
