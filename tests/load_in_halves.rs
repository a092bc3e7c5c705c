//! A register file is read a piece at a time, its `files` cut into pieces
//! read at once (`src/register/stream.rs`); anything unexpected sends it to
//! the one pass over the whole text. Either way `Register::load` must give what the
//! one pass gives from the same bytes: the same register, or the same
//! error, word for word. Registers here are large enough (over 4 MB) to be
//! read in several pieces through windows of 256 KiB.

use codecision::{Event, Goal, LegislativeFile, ReadOptions, Register, Requirement, Stage};

fn d(s: &str) -> chrono::NaiveDate {
    codecision::parse_date(s).unwrap()
}

/// A register of `n` files of varied shapes: long and short histories,
/// events out of date order, texts with escapes and non-ASCII letters,
/// requirements with stages, related links; and `goals` goals.
fn register(n: usize, goals: usize) -> Register {
    let stages = [
        Stage::Proposal,
        Stage::LibeVote,
        Stage::GeneralApproach,
        Stage::Trilogue,
        Stage::PoliticalAgreement,
        Stage::Adoption,
        Stage::EntryIntoForce,
    ];
    let mut builder = Register::builder();
    for i in 0..n {
        let mut events = Vec::new();
        for (k, &stage) in stages.iter().take(i % 8).enumerate() {
            let day = d("2010-01-01") + chrono::Days::new((i % 97 + 40 * k) as u64);
            let mut event = Event::new(day, stage);
            if k == 0 {
                event = event.with_source(format!("COM({}) {}", 2010 + i % 9, i % 700));
            }
            if i % 5 == 0 && k == 1 {
                event = event.with_note("\"quoted\", {\"id\": 1}, ünïcode \\ back\tslash");
            }
            events.push(event);
        }
        if i % 7 == 3 {
            events.reverse(); // out of date order
            events.push(Event::info(d("2011-05-05"), "debate"));
        }
        let mut file = LegislativeFile::new(format!("f{i:06}"), format!("File {i} \u{2014} é"))
            .with_procedure(format!("{}/{:04}(COD)", 2000 + i % 20, i % 10000))
            .with_events(events);
        if i % 11 == 0 {
            file = file.with_committee("LIBE");
        }
        for back in [1, 3, 50]
            .into_iter()
            .filter(|&b| i >= b && (i + b) % 3 != 0)
        {
            let other = format!("f{:06}", i - back);
            file = file.requires(if back == 3 {
                Requirement::at(other, Stage::Adoption)
            } else {
                Requirement::in_force(other)
            });
        }
        if i % 20 == 7 {
            file = file.related_to(format!("f{:06}", (i * 7919) % n));
        }
        builder = builder.file(file);
    }
    for g in 0..goals {
        let title = format!("Goal {g} of a register with many goals");
        let mut goal = Goal::new(format!("goal-{g}"), title, d("2030-01-01"));
        goal = goal.requires(Requirement::in_force(format!("f{:06}", (g * 31) % n)));
        builder = builder.goal(goal);
    }
    builder.build().unwrap()
}

/// The register's text as written (indented), and the same without any
/// whitespace between tokens.
fn texts(register: &Register) -> [String; 2] {
    let pretty = register.to_json();
    let value: serde_json::Value = serde_json::from_str(&pretty).unwrap();
    [pretty, serde_json::to_string(&value).unwrap()]
}

/// What `load` gives for `text`, and what the one pass gives for the same
/// bytes (named by the same path in messages).
fn both(text: &str) -> (Result<Register, String>, Result<Register, String>) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("register.json");
    std::fs::write(&path, text).unwrap();
    let loaded = Register::load(&path).map_err(|e| e.to_string());
    let shown = path.display().to_string();
    let one_pass = ReadOptions::new()
        .origin(shown)
        .from_slice(text.as_bytes())
        .map_err(|e| e.to_string());
    (loaded, one_pass)
}

fn same(text: &str) -> Result<Register, String> {
    let (loaded, one_pass) = both(text);
    assert_eq!(loaded, one_pass);
    loaded
}

#[test]
fn a_large_register_reads_the_same_in_halves_indented_or_not() {
    let r = register(20_000, 10);
    for text in texts(&r) {
        assert!(
            text.len() > 4 << 20,
            "{} bytes: too small to be halved",
            text.len()
        );
        let loaded = same(&text).unwrap();
        assert_eq!(loaded, r);
        assert_eq!(loaded.files().len(), 20_000);
    }
}

#[test]
fn errors_in_either_half_are_those_of_the_one_pass() {
    let r = register(20_000, 3);
    let [pretty, compact] = texts(&r);
    for text in [&pretty, &compact] {
        let early = text.find("f000100").unwrap();
        let middle = text.find("f010000").unwrap();
        let late = text.rfind("f019000").unwrap();
        for at in [early, middle, late] {
            // Broken JSON, a bad date, an unknown field, a bad stage, a
            // missing required file, a type error, each on its own.
            let id = &text[at..at + 7];
            let edits: Vec<(String, String)> = vec![
                (format!("\"{id}\""), format!("\"{id}")),
                (format!("\"{id}\""), "\"F0?\"".to_string()),
                ("2010-0".to_string(), "2010-13-0".to_string()),
                ("\"title\"".to_string(), "\"titel\"".to_string()),
                ("proposal".to_string(), "proposl".to_string()),
                (
                    "\"requires\"".to_string(),
                    "\"requires\": 5, \"x\"".to_string(),
                ),
                (
                    "\"events\"".to_string(),
                    "\"events\": {}, \"y\"".to_string(),
                ),
            ];
            let mut made = 0;
            for (from, to) in edits {
                let Some(pos) = text[at..].find(&from).map(|p| at + p) else {
                    continue;
                };
                made += 1;
                let mut broken = text.to_string();
                broken.replace_range(pos..pos + from.len(), &to);
                let err = same(&broken).unwrap_err();
                assert!(!err.is_empty());
            }
            assert!(made >= 5, "{made} edits");
        }
        // Cut short in the second half, and trailing text after the end.
        let mut cut = text.len() * 3 / 4;
        while !text.is_char_boundary(cut) {
            cut -= 1;
        }
        same(&text[..cut]).unwrap_err();
        same(&format!("{text} x")).unwrap_err();
        // A top-level field twice, or unknown.
        same(&text.replacen("\"files\"", "\"version\": 1, \"files\"", 1)).unwrap_err();
        same(&text.replacen("\"files\"", "\"extra\": [1], \"files\"", 1)).unwrap_err();
    }
}

#[test]
fn the_middle_may_fall_outside_the_files() {
    // Few files and many goals: the middle of the text is among the goals,
    // whose items look like files; the first half reads everything.
    let r = register(50, 60_000);
    for text in texts(&r) {
        assert!(text.len() > 4 << 20);
        assert_eq!(same(&text).unwrap(), r);
    }
    // Goals first, then files (and, written without indentation, fields in
    // alphabetical order: most files do not start with `id`).
    let r = register(20_000, 5);
    let [_, compact] = texts(&r);
    let value: serde_json::Value = serde_json::from_str(&compact).unwrap();
    let reordered = format!(
        "{{\"goals\":{},\"version\":1,\"files\":{}}}",
        value["goals"], value["files"]
    );
    assert_eq!(same(&reordered).unwrap(), r);
}

#[test]
fn an_item_larger_than_the_window_is_read_whole() {
    let huge = "x".repeat(3 << 20);
    let r =
        Register::builder()
            .file(LegislativeFile::new("a", huge.as_str()))
            .file(LegislativeFile::new("b", "B").with_events([
                Event::new(d("2020-01-01"), Stage::Proposal).with_note(huge.as_str()),
            ]))
            .build()
            .unwrap();
    for text in texts(&r) {
        assert_eq!(same(&text).unwrap(), r);
    }
}
