//! Differential tests: the blockers query agrees with this repository's own
//! networkx reference (`tests/reference/blockers.py`, written from the
//! contract and sharing no code with the crate) on synthetic registers from
//! `tests/reference/gen_register.py`, over several seeds and sizes, goals
//! and files as targets, and dates before and after the deadlines.
//!
//! Needs `python3` with networkx (`python3 -m pip install networkx`; the
//! README's test command installs it). A missing interpreter or module is a
//! failure with that instruction, never a silent skip.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use codecision::{Ask, Register, Stage, parse_date};
use serde_json::Value;

/// The reference scripts, in this repository.
fn script(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/reference")
        .join(name)
}

fn python(args: &[&str]) -> Vec<u8> {
    let out = Command::new("python3")
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("cannot run python3 ({e}); install Python 3 and networkx"));
    assert!(
        out.status.success(),
        "python3 {args:?} failed: {}\n(hint: python3 -m pip install networkx)",
        String::from_utf8_lossy(&out.stderr)
    );
    out.stdout
}

fn generate(files: usize, seed: u64, dir: &Path) -> PathBuf {
    let script = script("gen_register.py");
    let json = python(&[
        script.to_str().unwrap(),
        &files.to_string(),
        "--seed",
        &seed.to_string(),
        "--goals",
        "4",
    ]);
    let path = dir.join(format!("register-{files}-{seed}.json"));
    std::fs::write(&path, json).unwrap();
    path
}

fn reference(register: &Path, target: &str, by: Option<&str>, as_of: &str) -> Value {
    let script = script("blockers.py");
    let mut args = vec![
        script.to_str().unwrap().to_string(),
        register.to_str().unwrap().to_string(),
        target.to_string(),
    ];
    if let Some(by) = by {
        args.extend(["--by".to_string(), by.to_string()]);
    }
    args.extend(["--as-of".to_string(), as_of.to_string()]);
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    serde_json::from_slice(&python(&args)).unwrap()
}

fn requires_edges(register: &Register) -> HashMap<(String, String), ()> {
    let mut edges = HashMap::new();
    for f in register.files() {
        for r in f.requirements() {
            edges.insert((f.id().to_string(), r.file.clone()), ());
        }
    }
    for g in register.goals() {
        for r in &g.requires {
            edges.insert((g.id.clone(), r.file.clone()), ());
        }
    }
    edges
}

fn compare(register: &Register, path: &Path, target: &str, by: Option<&str>, as_of: &str) -> usize {
    let expected = reference(path, target, by, as_of);
    let ours = register
        .blockers(
            &Ask::new(parse_date(as_of).unwrap())
                .target(target)
                .by(by.map(|b| parse_date(b).unwrap())),
        )
        .unwrap();
    assert_eq!(
        expected["deadline"].as_str().unwrap(),
        ours.deadline.to_string()
    );
    let want = expected["blockers"].as_array().unwrap();
    let got_ids: Vec<&str> = ours.blockers.iter().map(|b| b.file()).collect();
    let want_ids: Vec<&str> = want.iter().map(|b| b["file"].as_str().unwrap()).collect();
    assert_eq!(
        got_ids, want_ids,
        "{target} as of {as_of}: blocker sets differ"
    );
    let edges = requires_edges(register);
    for (b, w) in ours.blockers.iter().zip(want) {
        let context = format!("{target} as of {as_of}, blocker {}", b.file());
        assert_eq!(
            b.required.as_str(),
            w["required"].as_str().unwrap(),
            "{context}: required"
        );
        assert_eq!(
            b.stage.map(Stage::as_str),
            w["stage"].as_str(),
            "{context}: stage"
        );
        let want_len = w["path"].as_array().unwrap().len();
        let path = b.path();
        assert_eq!(
            path.len(),
            want_len,
            "{context}: path {path:?} is not shortest"
        );
        assert_eq!(path.first().copied(), Some(target), "{context}");
        assert_eq!(path.last().copied(), Some(b.file()), "{context}");
        for pair in path.windows(2) {
            assert!(
                edges.contains_key(&(pair[0].to_string(), pair[1].to_string())),
                "{context}: {pair:?} is not a requires edge"
            );
        }
    }
    ours.blockers.len()
}

#[test]
fn blockers_agree_with_the_networkx_reference() {
    let dir = std::env::temp_dir().join(format!("codecision-differential-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let mut queries = 0;
    let mut blockers_seen = 0;
    for (files, seed) in [(60, 1), (400, 2), (400, 3), (3_000, 7)] {
        let path = generate(files, seed, &dir);
        let register = Register::load(&path).unwrap();
        // Goals, with as_of before and after their deadlines.
        for goal in register.goals().iter().take(3) {
            let before = (goal.deadline - chrono::Days::new(900)).to_string();
            let after = (goal.deadline + chrono::Days::new(400)).to_string();
            for as_of in [before.as_str(), after.as_str()] {
                blockers_seen += compare(&register, &path, &goal.id, None, as_of);
                queries += 1;
            }
        }
        // Files as targets, with an explicit deadline.
        let n = register.files().len();
        for id in [
            register.files()[n - 1].id(),
            register.files()[n / 2].id(),
            register.files()[n * 3 / 4].id(),
        ] {
            blockers_seen += compare(&register, &path, id, Some("2012-06-30"), "2030-01-01");
            blockers_seen += compare(&register, &path, id, Some("2030-01-01"), "2011-01-01");
            queries += 2;
        }
    }
    std::fs::remove_dir_all(&dir).unwrap();
    assert_eq!(queries, 48);
    // The comparison must have compared something.
    assert!(
        blockers_seen > 100,
        "only {blockers_seen} blockers compared"
    );
}
