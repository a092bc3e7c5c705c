//! A small tool built on the library alone, the way another program embeds
//! it (default features off: no command line, importers or forecasts).
//!
//! With no argument it builds its own register in code (one file moved with
//! the typed-state API, one with the checked runtime API), writes it to a
//! temporary file and reads it back; with a path it reads that register.
//! Then it answers, for TARGET as of AS_OF: which files block it, what each
//! blocker is waiting for, and the critical path.
//!
//!     cargo run --no-default-features --example embed
//!     cargo run --no-default-features --example embed -- REGISTER TARGET [BY] AS_OF
//!
//! BY is the deadline, needed when TARGET is a file.

use codecision::typed::Dossier;
use codecision::{
    Ask, Error, Event, Goal, LegislativeFile, Register, Requirement, Stage, parse_date,
};

fn main() {
    if let Err(error) = run() {
        eprintln!("embed: {error}");
        std::process::exit(1);
    }
}

fn run() -> Result<(), Error> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (register, target, by, as_of) = match args.as_slice() {
        [] => (
            round_trip(&built_in_code()?)?,
            "digital-2025".to_string(),
            None,
            parse_date("2024-03-01")?,
        ),
        [path, target, as_of] => (
            Register::load(path)?,
            target.clone(),
            None,
            parse_date(as_of)?,
        ),
        [path, target, by, as_of] => (
            Register::load(path)?,
            target.clone(),
            Some(parse_date(by)?),
            parse_date(as_of)?,
        ),
        _ => {
            eprintln!("usage: embed [REGISTER TARGET [BY] AS_OF]");
            std::process::exit(2);
        }
    };

    // The question, each date named: the target, its deadline, as of when.
    let mut ask = Ask::new(as_of).target(&target);
    if let Some(by) = by {
        ask = ask.by(by);
    }
    let answer = register.blockers(&ask)?;
    println!(
        "{target}, deadline {}, as of {as_of}: {} blocker(s)",
        answer.deadline,
        answer.blockers.len()
    );
    for b in &answer.blockers {
        println!(
            "  {} needs {}, is at {} ({})",
            b.file(),
            b.required,
            b.stage.map_or("nothing yet", Stage::as_str),
            b.path().join(" -> ")
        );
        let waiting = register.waiting(&Ask::new(as_of).target(b.file()))?;
        for next in &waiting.next {
            println!("    may move to {} ({})", next.stage, next.rule);
        }
        for held in &waiting.held_back {
            println!("    held back from {}: {}", held.stage, held.condition);
        }
        for missing in &waiting.missing {
            println!(
                "    waits for {} to reach {}",
                missing.file(),
                missing.required
            );
        }
    }

    let critical = register.critical_path(&ask)?;
    println!("critical path: {} stage(s) to go", critical.steps);
    for step in &critical.chain {
        println!(
            "  {} at {}, needs {} ({} to go)",
            step.file,
            step.stage.map_or("nothing yet", Stage::as_str),
            step.required,
            step.steps
        );
    }
    Ok(())
}

/// A fictional two-file package and a goal, built in code.
fn built_in_code() -> Result<Register, Error> {
    let d = parse_date;

    // The typed API: each step exists only where the table allows it.
    let data_act = Dossier::propose(
        "data-act",
        "Data access regulation",
        d("2022-02-23")?,
        "COM(2022) 68",
    )?
    .libe_vote(d("2023-02-09")?, "ITRE report")?
    .general_approach(d("2023-03-24")?, "Coreper mandate")?
    .trilogue(d("2023-03-29")?, "first trilogue")?
    .political_agreement(d("2023-06-27")?, "Council press release")?
    .into_file();

    // The checked API: the same table, asked at run time.
    let mut spaces = LegislativeFile::new("data-spaces", "Common data spaces regulation")
        .requires(Requirement::at("data-act", Stage::Adoption));
    spaces.apply(Event::new(d("2023-05-03")?, Stage::Proposal).with_source("COM(2023) 200"))?;
    spaces.apply(Event::new(d("2023-11-20")?, Stage::GeneralApproach).with_source("Coreper"))?;
    let refused = spaces
        .apply(Event::new(d("2023-12-01")?, Stage::Trilogue))
        .expect_err("the table refuses a trilogue without Parliament's mandate");
    println!("refused, as it should be: {refused}");
    // The refusal is the table's own answer, to read as well as to print:
    // the rule whose condition failed and what may come instead.
    if let Error::IllegalTransition { refusal, .. } = &refused {
        let rule = refusal.failed_rule().map_or("none", |rule| rule.name);
        let instead: Vec<&str> = refusal
            .allowed_instead()
            .into_iter()
            .map(Stage::as_str)
            .collect();
        println!(
            "  condition not met: rule `{rule}`; allowed instead: {}",
            instead.join(", ")
        );
    }

    Register::builder()
        .file(data_act)
        .file(spaces)
        .goal(
            Goal::new(
                "digital-2025",
                "Data package in force by 2025",
                d("2025-01-01")?,
            )
            .requires(Requirement::in_force("data-spaces")),
        )
        .build()
}

/// Saves the register to a temporary file and reads it back, as a tool
/// keeping its register on disk would.
fn round_trip(register: &Register) -> Result<Register, Error> {
    let path = std::env::temp_dir().join(format!("codecision-embed-{}.json", std::process::id()));
    register.save(&path)?;
    let read = Register::load(&path);
    // The file was only a round trip; it may already be gone.
    let _ = std::fs::remove_file(&path);
    let read = read?;
    println!(
        "read back {} file(s) and {} goal(s) from {}",
        read.files().len(),
        read.goals().len(),
        path.display()
    );
    Ok(read)
}
