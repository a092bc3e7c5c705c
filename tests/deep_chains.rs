//! Issue 17, item 7: a `requires` chain 100,000 long under a goal. `blockers`
//! was killed at 23.7 GB (a whole path per blocker is quadratic: n²/2 ids)
//! and `waiting` ran past 120 s (its sort built two paths per comparison).
//! Now each blocker names its `via` and `depth`, JSON carries a path only up
//! to `Blocker::PATH_LIMIT` ids, and `waiting` sorts by depth. These tests
//! hold the bounds by construction (sizes, not timings) on a 20,000-long
//! chain, which runs fast in a debug build.

use codecision::answer::Blocker;
use codecision::{Ask, Event, Goal, LegislativeFile, Register, Requirement, Stage, parse_date};

const N: usize = 20_000;

/// `g` requires `c0`, `c0` requires `c1`, ... `c{n-1}`; every file proposed.
fn chain(n: usize) -> Register {
    let day = parse_date("2020-01-01").unwrap();
    let mut builder = Register::builder();
    for i in 0..n {
        let mut file = LegislativeFile::new(format!("c{i}"), format!("Link {i}"))
            .with_events(vec![Event::new(day, Stage::Proposal)]);
        if i + 1 < n {
            file = file.requires(Requirement::in_force(format!("c{}", i + 1)));
        }
        builder = builder.file(file);
    }
    builder
        .goal(
            Goal::new("g", "The goal", parse_date("2030-01-01").unwrap())
                .requires(Requirement::in_force("c0")),
        )
        .build()
        .unwrap()
}

#[test]
fn blockers_of_a_deep_chain_name_via_and_depth_and_stay_linear() {
    let register = chain(N);
    let as_of = parse_date("2025-01-01").unwrap();
    let answer = register.blockers(&Ask::new(as_of).target("g")).unwrap();
    assert_eq!(answer.blockers.len(), N);
    for b in &answer.blockers {
        let i: usize = b.file()[1..].parse().unwrap();
        assert_eq!(b.depth(), i + 1, "{}", b.file());
        let via = if i == 0 {
            "g".to_string()
        } else {
            format!("c{}", i - 1)
        };
        assert_eq!(b.via(), Some(via.as_str()));
        assert_eq!(
            b.path_within(Blocker::PATH_LIMIT).is_some(),
            i + 1 < Blocker::PATH_LIMIT
        );
    }
    // The short ones keep their whole path, target first.
    let c2 = answer.blockers.iter().find(|b| b.file() == "c2").unwrap();
    assert_eq!(c2.path(), ["g", "c0", "c1", "c2"]);
    let deepest = answer
        .blockers
        .iter()
        .find(|b| b.file() == format!("c{}", N - 1))
        .unwrap();
    assert_eq!(
        deepest.path_text(" > ", 12),
        format!(
            "g > \u{2026} {} more \u{2026} > c{} > c{}",
            N - 2,
            N - 2,
            N - 1
        )
    );

    // The JSON document: a path for the first PATH_LIMIT - 1 blockers, `via`
    // and `depth` for the rest; its size is bounded by a linear term plus
    // the fixed cost of the short paths, where whole paths would take
    // N²/2 ids (200 million here).
    let text = serde_json::to_string(&answer).unwrap();
    let limit = Blocker::PATH_LIMIT;
    let bound = 120 * N + 10 * limit * limit;
    assert!(text.len() < bound, "{} bytes, bound {bound}", text.len());
    let v: serde_json::Value = serde_json::from_str(&text).unwrap();
    let deep = v["blockers"]
        .as_array()
        .unwrap()
        .iter()
        .find(|b| b["file"] == format!("c{}", N - 1))
        .unwrap();
    assert_eq!(deep["path"], serde_json::Value::Null);
    assert_eq!(deep["via"], format!("c{}", N - 2));
    assert_eq!(deep["depth"], N);
    let short = v["blockers"]
        .as_array()
        .unwrap()
        .iter()
        .find(|b| b["file"] == "c1")
        .unwrap();
    assert_eq!(
        short,
        &serde_json::json!({"file": "c1", "required": "entry_into_force", "stage": "proposal", "path": ["g", "c0", "c1"]})
    );
}

#[test]
fn full_paths_are_given_when_asked() {
    let register = chain(1_200);
    let day = parse_date("2025-01-01").unwrap();
    let answer = register
        .blockers(&Ask::new(day).target("g"))
        .unwrap()
        .with_full_paths();
    let v = serde_json::to_value(&answer).unwrap();
    let deep = v["blockers"]
        .as_array()
        .unwrap()
        .iter()
        .find(|b| b["file"] == "c1199")
        .unwrap();
    let path = deep["path"].as_array().unwrap();
    assert_eq!(path.len(), 1_201);
    assert_eq!(path[0], "g");
    assert_eq!(path[1_200], "c1199");
    assert!(deep.get("via").is_none());
}

#[test]
fn waiting_on_a_deep_chain_is_nearest_first_and_linear() {
    let register = chain(N);
    let day = parse_date("2025-01-01").unwrap();
    let waiting = register.waiting(&Ask::new(day).target("c0")).unwrap();
    assert_eq!(waiting.missing.len(), N - 1);
    // Nearest first: c1 (one link away), then c2, ...
    for (k, b) in waiting.missing.iter().enumerate() {
        assert_eq!(b.depth(), k + 1);
        assert_eq!(b.file(), format!("c{}", k + 1));
    }
    let text = serde_json::to_string(&waiting).unwrap();
    let limit = Blocker::PATH_LIMIT;
    assert!(
        text.len() < 120 * N + 10 * limit * limit,
        "{} bytes",
        text.len()
    );
}
