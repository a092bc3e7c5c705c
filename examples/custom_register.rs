//! Embedding codecision: build a small register in code and query it.
//!
//!     cargo run --example custom_register

use codecision::{
    Ask, Error, Event, Goal, LegislativeFile, Register, Requirement, Stage, parse_date,
};

fn main() -> Result<(), Error> {
    let d = |s: &str| parse_date(s);

    // Two files of a fictional digital package, and a goal that needs both.
    let register = Register::builder()
        .file(
            LegislativeFile::new("data-act", "Data access regulation")
                .with_procedure("2022/0047(COD)")
                .with_committee("ITRE")
                .with_events([
                    Event::new(d("2022-02-23")?, Stage::Proposal).with_source("COM(2022) 68"),
                    Event::new(d("2023-02-09")?, Stage::LibeVote)
                        .with_source("ITRE report")
                        .with_committee("ITRE"),
                    Event::new(d("2023-03-24")?, Stage::GeneralApproach)
                        .with_source("Coreper mandate"),
                    Event::new(d("2023-03-29")?, Stage::Trilogue).with_source("first trilogue"),
                    Event::new(d("2023-06-27")?, Stage::PoliticalAgreement)
                        .with_source("Council press release"),
                ]),
        )
        .file(
            LegislativeFile::new("data-spaces", "Common data spaces regulation")
                .requires(Requirement::at("data-act", Stage::Adoption))
                .with_events([
                    Event::new(d("2023-05-03")?, Stage::Proposal).with_source("COM(2023) 200")
                ]),
        )
        .goal(
            Goal::new(
                "digital-2024",
                "Data package in force by mid-2024",
                d("2024-06-30")?,
            )
            .requires(Requirement::in_force("data-spaces")),
        )
        .build()?;

    let as_of = d("2023-09-01")?;
    println!("Status as of {as_of}:");
    for s in register.status(&Ask::new(as_of)).files {
        let file = register
            .file(&s.id)
            .ok_or_else(|| Error::unknown_id(&*s.id))?;
        let label = s.stage.map_or("not proposed".to_string(), |stage| {
            let committee = file.committee();
            stage.label_for(committee)
        });
        println!(
            "  {:<12} {:<22} since {}",
            s.id,
            label,
            s.since.map(|d| d.to_string()).unwrap_or_default()
        );
    }

    let answer = register.blockers(&Ask::new(as_of).target("digital-2024"))?;
    println!(
        "\n{} files block digital-2024 (deadline {}):",
        answer.blockers.len(),
        answer.deadline
    );
    for b in &answer.blockers {
        println!(
            "  {:<12} needs {:<17} is at {:<20} because {}",
            b.file(),
            b.required.label(),
            b.stage.map_or("nothing yet", Stage::label),
            b.path().join(" -> ")
        );
    }

    // The checked API refuses what the transition table does not allow.
    let mut spaces = register
        .file("data-spaces")
        .cloned()
        .ok_or_else(|| Error::unknown_id("data-spaces"))?;
    if let Err(error) = spaces.apply(Event::new(d("2023-10-01")?, Stage::Trilogue)) {
        println!("\nrefused: {error}");
    }

    println!(
        "\nThe register as JSON (format version 1):\n{}",
        register.to_json()
    );
    Ok(())
}
