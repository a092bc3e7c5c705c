//! Which files block "interoperability of EU information systems by 2020"?
//!
//! Asked as of the three Security Union reports the project grew from
//! (8th: 29 June 2017, 9th: 27 July 2017, 13th: 24 January 2018) and as of
//! today, for the legal goal (the acts in force) and the operational one (the
//! systems running).
//!
//!     cargo run --example interoperability_2020
//!
//! `CODECISION_TODAY=YYYY-MM-DD` fixes "today".

use codecision::{Ask, Error, Register, Stage, parse_date};

fn main() -> Result<(), Error> {
    let register = Register::security_union();
    let today = match std::env::var("CODECISION_TODAY") {
        Ok(text) => parse_date(&text)?,
        Err(_) => chrono::Utc::now().date_naive(),
    };
    let dates = [
        ("8th Security Union report", parse_date("2017-06-29")?),
        ("9th Security Union report", parse_date("2017-07-27")?),
        ("13th Security Union report", parse_date("2018-01-24")?),
        ("today", today),
    ];
    for goal_id in ["interoperability-2020", "interoperability-2020-operational"] {
        let goal = register
            .goal(goal_id)
            .ok_or_else(|| Error::unknown_id(goal_id))?;
        println!(
            "== {} ({}), deadline {}\n",
            goal.title, goal.id, goal.deadline
        );
        for (label, as_of) in dates {
            let answer = register.blockers(&Ask::new(as_of).target(goal_id))?;
            let n = answer.blockers.len();
            let verdict = match (n, as_of > goal.deadline) {
                (0, _) => "met".to_string(),
                (_, true) => format!(
                    "missed: {n} file{} not there by {}",
                    plural(n),
                    goal.deadline
                ),
                (_, false) => format!("{n} file{} still to get there", plural(n)),
            };
            println!("As of {as_of} ({label}): {verdict}");
            for b in &answer.blockers {
                let file = register
                    .file(b.file())
                    .ok_or_else(|| Error::unknown_id(b.file()))?;
                let at = match (b.stage, b.since) {
                    (Some(stage), Some(since)) => {
                        format!("{} since {since}", stage.label_for(file.committee()))
                    }
                    _ => "not yet proposed".to_string(),
                };
                println!(
                    "  {:<22} {:<38} needs {:<17} <- {}",
                    b.file(),
                    at,
                    b.required.label(),
                    b.path()[..b.path().len() - 1].join(" <- ")
                );
            }
            println!();
        }
    }
    // Files that reached the required stage only after the deadline.
    let late: Vec<String> = register
        .blockers(&Ask::new(today).target("interoperability-2020"))?
        .blockers
        .iter()
        .map(|b| {
            let when = register
                .file(b.file())
                .and_then(|f| f.reached_on(Stage::EntryIntoForce))
                .map_or("not yet".to_string(), |d| d.to_string());
            format!("{} (in force {when})", b.file())
        })
        .collect();
    println!("In force only after 2020: {}", late.join(", "));
    Ok(())
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}
