//! Drawings of large registers (issue 17, item 6): the graph past 500
//! nodes is a summary by stage that says what it left out, the timeline
//! past 200 lanes draws the blocking files first and says how many it left
//! out, and the report on a register of thousands of files holds both.
//! Timing is measured by `benches/drawings.rs`, never asserted here.

use chrono::NaiveDate;
use codecision::export::{GraphSvg, Report, TimelineSvg};
use codecision::{Ask, Event, Goal, LegislativeFile, Register, Requirement, Stage};

fn d(s: &str) -> NaiveDate {
    codecision::parse_date(s).unwrap()
}

/// The stages a synthetic file goes through, in order: the ranked ones up
/// to entry into force.
const PATH: &[Stage] = Stage::ALL.split_at(7).0;

/// A register of `n` files (file `i` requires up to three of the 60 files
/// before it; each file has gone some way along [`PATH`]) and one goal that
/// requires the last 40 files, from a fixed seed.
fn synthetic(n: usize) -> Register {
    synthetic_with(n, 100)
}

/// As [`synthetic`], with only `open` per cent of the files still short of
/// entry into force (the others are in force by 2020).
fn synthetic_with(n: usize, open: usize) -> Register {
    let mut state = 7u64;
    let mut next = move |m: usize| {
        state = state
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        ((state >> 33) as usize) % m.max(1)
    };
    let id = |i: usize| format!("f{i:05}");
    let mut builder = Register::builder();
    for i in 0..n {
        let start = d("2010-01-01") + chrono::Days::new(next(3000) as u64);
        let depth = if next(100) < open {
            next(PATH.len() + 1)
        } else {
            PATH.len()
        };
        let events: Vec<Event> = PATH[..depth]
            .iter()
            .enumerate()
            .map(|(k, &stage)| Event::new(start + chrono::Days::new(90 * k as u64), stage))
            .collect();
        let mut file =
            LegislativeFile::new(id(i), format!("Synthetic file {i}")).with_events(events);
        let mut required = std::collections::BTreeSet::new();
        for _ in 0..next(4) {
            if i > 0 {
                required.insert(i - 1 - next(i.min(60)));
            }
        }
        for j in required {
            file = file.requires(Requirement::at(id(j), Stage::Adoption));
        }
        builder = builder.file(file);
    }
    let mut goal = Goal::new("goal", "Synthetic goal", d("2020-12-31"));
    for i in n.saturating_sub(40)..n {
        goal = goal.requires(Requirement::in_force(id(i)));
    }
    builder.goal(goal).build().unwrap()
}

/// The value of attribute `name` in the first element that has it.
fn attribute<'a>(svg: &'a str, name: &str) -> Option<&'a str> {
    let start = svg.find(&format!(" {name}=\""))? + name.len() + 3;
    svg[start..].split('"').next()
}

#[test]
fn a_graph_of_up_to_500_nodes_is_drawn_box_by_box() {
    let register = synthetic(499); // and the goal: 500 nodes
    let svg = GraphSvg::new(&register, d("2016-01-01")).to_string();
    assert_eq!(svg.matches("<g class=\"node ").count(), 500);
    assert!(!svg.contains("summary"));
}

#[test]
fn a_graph_past_500_nodes_is_a_summary_that_says_what_it_left_out() {
    let register = synthetic(3000);
    let as_of = d("2016-01-01");
    let svg = GraphSvg::new(&register, as_of).to_string();
    assert!(svg.starts_with("<svg "));
    assert!(svg.contains("class=\"codecision-graph summary\""));
    assert_eq!(attribute(&svg, "data-nodes"), Some("3001"));
    assert_eq!(attribute(&svg, "data-limit"), Some("500"));
    // No file is drawn on its own.
    assert_eq!(svg.matches("<g class=\"node ").count(), 0);
    // The line saying what was left out and why.
    let links: usize = register
        .files()
        .iter()
        .map(|f| f.requirements().len())
        .sum::<usize>()
        + 40;
    let note = svg
        .split("<text class=\"left-out\"")
        .nth(1)
        .and_then(|t| t.split("</text>").next())
        .unwrap();
    let words = note
        .split("<tspan")
        .skip(1)
        .filter_map(|t| t.split_once('>').map(|(_, rest)| rest))
        .map(|t| t.trim_end_matches("</tspan>"))
        .collect::<Vec<_>>()
        .join(" ");
    let thousands = |n: usize| {
        let s = n.to_string();
        if s.len() > 3 {
            format!("{}\u{202f}{}", &s[..s.len() - 3], &s[s.len() - 3..])
        } else {
            s
        }
    };
    assert!(
        words.contains(&format!(
            "3\u{202f}001 nodes (3\u{202f}000 files, 1 goal) and {} requires links",
            thousands(links)
        )),
        "{words}"
    );
    assert!(words.contains("more than the 500"), "{words}");
    assert!(
        words.contains("counted by their stage as of 1 Jan 2016"),
        "{words}"
    );
    // One group per stage present, counting every file once, each count
    // the number of files at that stage.
    let groups: Vec<&str> = svg.split("<g class=\"group\"").skip(1).collect();
    let mut total = 0;
    for g in &groups {
        let stage = attribute(g, "data-stage").unwrap();
        let files: usize = attribute(g, "data-files").unwrap().parse().unwrap();
        let expected = register
            .files()
            .iter()
            .filter(|f| {
                let at = f.stage_at(as_of).map(|s| s.stage);
                match stage {
                    "none" => at.is_none(),
                    "general_approach" => {
                        matches!(at, Some(Stage::GeneralApproach | Stage::LibeVote))
                    }
                    s => at.is_some_and(|a| a.as_str() == s),
                }
            })
            .count();
        assert_eq!(files, expected, "{stage}");
        total += files;
    }
    assert_eq!(total, 3000);
    assert!(svg.contains("<g class=\"goals\" data-goals=\"1\">"));
}

/// The lane ids of a timeline picture, in order.
fn lane_ids(svg: &str) -> Vec<&str> {
    svg.split("<g class=\"lane\"")
        .skip(1)
        .map(|l| attribute(l, "data-file").unwrap())
        .collect()
}

#[test]
fn a_timeline_past_200_lanes_draws_the_blocking_files_first_and_says_so() {
    let register = synthetic_with(3000, 5);
    // Past the deadline: only the files still open block.
    let as_of = d("2022-01-01");
    let schedule = register.schedule(&Ask::new(as_of).target("goal")).unwrap();
    let blocking = schedule.blocking();
    assert!(
        schedule.lanes.len() > 1000 && blocking > 0 && blocking < 200,
        "{} lanes, {blocking} blocking",
        schedule.lanes.len()
    );
    let svg = TimelineSvg::new(&schedule).to_string();
    let lanes = lane_ids(&svg);
    assert_eq!(lanes.len(), 200);
    // Every blocking file is drawn, and the lanes keep the schedule's order.
    for lane in schedule.lanes.iter().filter(|l| l.blocking) {
        assert!(lanes.contains(&lane.file.as_str()), "{}", lane.file);
    }
    let at = |id: &str| schedule.lanes.iter().position(|l| l.file == id).unwrap();
    assert!(lanes.windows(2).all(|w| at(w[0]) < at(w[1])));
    let total = schedule.lanes.len().to_string();
    let note = format!(
        "200 of {}\u{202f}{} files drawn (every blocking one, then the first others in prerequisite order): a timeline is drawn for at most 200 files.",
        &total[..1],
        &total[1..]
    );
    assert!(svg.contains(&note), "{note}");
    assert!(svg.contains(&format!(
        "data-shown=\"200\" data-lanes=\"{}\"",
        schedule.lanes.len()
    )));
}

#[test]
fn a_timeline_with_more_than_200_blocking_files_draws_the_first_200() {
    let register = synthetic(3000);
    let schedule = register
        .schedule(&Ask::new(d("2016-01-01")).target("goal"))
        .unwrap();
    let blocking: Vec<&str> = schedule
        .lanes
        .iter()
        .filter(|l| l.blocking)
        .map(|l| l.file.as_str())
        .collect();
    assert!(blocking.len() > 200 && blocking.len() < 10_000);
    let svg = TimelineSvg::new(&schedule).to_string();
    assert_eq!(lane_ids(&svg), blocking[..200]);
    let total = blocking.len().to_string();
    assert!(svg.contains(&format!(
        "(the first 200 of {}\u{202f}{} blocking ones)",
        &total[..1],
        &total[1..]
    )));
}

#[test]
fn a_timeline_of_200_lanes_or_fewer_leaves_nothing_out() {
    let register = synthetic(200);
    let schedule = register.schedule(&Ask::new(d("2016-01-01"))).unwrap();
    assert_eq!(schedule.lanes.len(), 200);
    let svg = TimelineSvg::new(&schedule).to_string();
    assert_eq!(svg.matches("<g class=\"lane\"").count(), 200);
    assert!(!svg.contains("left-out"));
}

#[test]
fn the_report_on_a_large_register_holds_both_summaries_and_every_blocker() {
    let register = synthetic(3000);
    let as_of = d("2016-01-01");
    let html = Report::new(&register, &Ask::new(as_of).target("goal"))
        .map(|r| r.to_html())
        .unwrap();
    let answer = register.blockers(&Ask::new(as_of).target("goal")).unwrap();
    let closure = register
        .schedule(&Ask::new(as_of).target("goal"))
        .unwrap()
        .lanes
        .len();
    assert!(closure > 500, "{closure}");
    assert!(html.contains("class=\"codecision-graph summary\""));
    assert!(html.contains(
        "goal needs more files than a drawing of each can show: they are counted by their stage as of 1 Jan 2016"
    ));
    assert!(html.contains(&format!("data-nodes=\"{}\"", closure + 1)));
    assert!(html.contains("data-shown=\"200\""));
    // The table still lists every blocker.
    assert_eq!(
        html.matches("<tr class=\"blocker\"").count(),
        answer.blockers.len()
    );
    // The blocking files are counted in the summary, stage by stage.
    let counted: usize = html
        .split("<g class=\"group\"")
        .skip(1)
        .map(|g| {
            attribute(g, "data-blocking")
                .unwrap()
                .parse::<usize>()
                .unwrap()
        })
        .sum();
    assert_eq!(counted, answer.blockers.len());
}
