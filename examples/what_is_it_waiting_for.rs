//! What is a file waiting for? Its missing prerequisites, and the stages the
//! transition table allows next.
//!
//!     cargo run --example what_is_it_waiting_for [ID] [YYYY-MM-DD]
//!
//! Defaults: interop-borders-visa as of 2018-01-24 (the 13th Security Union
//! report).

use codecision::{Ask, Error, Register, Stage, parse_date};

fn main() -> Result<(), Error> {
    let mut args = std::env::args().skip(1);
    let id = args
        .next()
        .unwrap_or_else(|| "interop-borders-visa".to_string());
    let as_of = parse_date(&args.next().unwrap_or_else(|| "2018-01-24".to_string()))?;
    let register = Register::security_union();
    let file = register
        .file(&id)
        .ok_or_else(|| match register.file_or_goal(&id) {
            Err(e) => e,
            Ok(_) => Error::unknown_id(id.clone()),
        })?;
    let waiting = register.waiting(&Ask::new(as_of).target(&id))?;

    println!(
        "{} ({})",
        file.title(),
        file.procedure().unwrap_or("no procedure")
    );
    match (waiting.stage, waiting.since) {
        (Some(stage), Some(since)) => println!("as of {as_of}: {} since {since}", stage.label()),
        _ => println!("as of {as_of}: not yet proposed"),
    }

    if waiting.missing.is_empty() {
        println!("\nNo prerequisite is missing.");
    } else {
        println!("\nPrerequisites not yet there:");
        for b in &waiting.missing {
            println!(
                "  {:<22} needs {:<17} is at {:<20} ({})",
                b.file(),
                b.required.label(),
                b.stage.map_or("nothing yet", Stage::label),
                b.path().join(" -> ")
            );
        }
    }

    println!("\nNext, by the transition table:");
    for n in &waiting.next {
        println!(
            "  {:<20} (rule {}, {})",
            n.stage.label(),
            n.rule,
            n.condition
        );
    }
    for n in &waiting.held_back {
        println!(
            "  {:<20} held back: rule {} needs {}",
            n.stage.label(),
            n.rule,
            n.condition
        );
    }

    let goals = register.impact(&Ask::new(as_of).target(&id))?.goals;
    if !goals.is_empty() {
        println!("\nGoals it holds up:");
        for g in goals {
            println!(
                "  {:<34} deadline {}  {}",
                g.goal,
                g.deadline,
                if g.blocking {
                    "blocking"
                } else {
                    "not blocking"
                }
            );
        }
    }
    Ok(())
}
