//! The pictures and the report: SVG structure (parsed as XML), the timeline
//! against the register's own answers, the Mermaid gantt, the HTML page's
//! self-containment, byte-for-byte snapshots, and the `report` / `timeline`
//! commands.
//!
//! Snapshots live in `tests/snapshots/`; after an intended change to the
//! pictures, regenerate them with
//! `UPDATE_SNAPSHOTS=1 cargo test --test report` and review the diff.

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;
use std::process::Command;

use codecision::answer::{FileBand, ForecastBand};
use codecision::export::{Gantt, GraphSvg, Report, TimelineSvg};
use codecision::forecast::{Forecaster, TrackRecord};
use codecision::{Ask, Event, Goal, LegislativeFile, Register, Requirement, Stage, parse_date};

fn d(s: &str) -> chrono::NaiveDate {
    parse_date(s).unwrap()
}

const GOAL: &str = "interoperability-2020";

fn as_of() -> chrono::NaiveDate {
    d("2018-01-24")
}

fn parse(svg: &str) -> roxmltree::Document<'_> {
    roxmltree::Document::parse(svg).unwrap_or_else(|e| panic!("SVG is not well-formed XML: {e}"))
}

fn has_class(node: &roxmltree::Node<'_, '_>, class: &str) -> bool {
    node.attribute("class")
        .is_some_and(|c| c.split_whitespace().any(|x| x == class))
}

fn f(node: &roxmltree::Node<'_, '_>, attribute: &str) -> f64 {
    node.attribute(attribute)
        .and_then(|v| v.parse().ok())
        .unwrap_or_else(|| panic!("no number in {attribute} of {node:?}"))
}

/// Every `requires` edge of the register, as (from, to) ids.
fn requires_edges(register: &Register) -> BTreeSet<(String, String)> {
    let mut edges = BTreeSet::new();
    for file in register.files() {
        for r in file.requirements() {
            edges.insert((file.id().to_string(), r.file.clone()));
        }
    }
    for goal in register.goals() {
        for r in &goal.requires {
            edges.insert((goal.id.clone(), r.file.clone()));
        }
    }
    edges
}

/// Checks what every graph SVG must hold: one node per file and goal with
/// its stage, one edge per `requires` link, edges pointing to a column
/// further right, and no two boxes overlapping.
fn check_graph(register: &Register, svg: &str, as_of: chrono::NaiveDate) {
    let doc = parse(svg);
    let nodes: Vec<_> = doc
        .descendants()
        .filter(|n| n.has_tag_name("g") && has_class(n, "node"))
        .collect();
    assert_eq!(
        nodes.len(),
        register.files().len() + register.goals().len(),
        "one node per file and goal"
    );
    let mut column = BTreeMap::new();
    let mut fill_of_stage: BTreeMap<String, String> = BTreeMap::new();
    let mut boxes = Vec::new();
    for node in &nodes {
        let id = node.attribute("data-id").unwrap();
        column.insert(id.to_string(), f(node, "data-column"));
        if let Some(file) = register.file(id) {
            let stage = file.stage_at(as_of).map(|s| s.stage);
            assert_eq!(
                node.attribute("data-stage"),
                Some(stage.map_or("none", Stage::as_str)),
                "{id}"
            );
            let rect = node.children().find(|c| c.has_tag_name("rect")).unwrap();
            let fill = rect.attribute("fill").unwrap().to_string();
            // One colour per stage, everywhere.
            let key = node.attribute("data-stage").unwrap().to_string();
            assert_eq!(fill_of_stage.entry(key).or_insert(fill.clone()), &fill);
            // The stage is written out, not shown by colour alone.
            let texts: Vec<_> = node
                .descendants()
                .filter(|t| t.has_tag_name("text"))
                .filter_map(|t| t.text())
                .collect();
            assert_eq!(texts[0], id);
            assert!(
                stage.is_none_or(|s| texts[1].contains(s.label()) || s == Stage::LibeVote),
                "{id}: {texts:?}"
            );
            boxes.push((
                f(&rect, "x"),
                f(&rect, "y"),
                f(&rect, "width"),
                f(&rect, "height"),
            ));
        } else {
            assert!(register.goal(id).is_some(), "{id} is neither file nor goal");
            assert!(has_class(node, "goal"));
        }
    }
    // Distinct stages of distinct colours (the two mandates share one).
    let mut by_colour: BTreeMap<&String, BTreeSet<&str>> = BTreeMap::new();
    for (stage, fill) in &fill_of_stage {
        by_colour.entry(fill).or_default().insert(stage);
    }
    for stages in by_colour.values() {
        assert!(
            stages.len() == 1
                || stages
                    .iter()
                    .all(|s| ["general_approach", "libe_vote"].contains(s)),
            "{stages:?} share a colour"
        );
    }
    // Edges: exactly the `requires` links, each pointing right.
    let edges: BTreeSet<(String, String)> = doc
        .descendants()
        .filter(|n| n.has_tag_name("path") && has_class(n, "edge"))
        .map(|n| {
            (
                n.attribute("data-from").unwrap().to_string(),
                n.attribute("data-to").unwrap().to_string(),
            )
        })
        .collect();
    assert_eq!(edges, requires_edges(register));
    for (from, to) in &edges {
        assert!(
            column[from] < column[to],
            "{from} -> {to} does not point right"
        );
    }
    for (i, a) in boxes.iter().enumerate() {
        for b in &boxes[i + 1..] {
            let apart =
                a.0 + a.2 <= b.0 || b.0 + b.2 <= a.0 || a.1 + a.3 <= b.1 || b.1 + b.3 <= a.1;
            assert!(apart, "boxes overlap: {a:?} {b:?}");
        }
    }
}

#[test]
fn graph_svg_draws_every_file_goal_and_requires_link() {
    let register = Register::security_union();
    let svg = GraphSvg::new(&register, as_of()).to_string();
    check_graph(&register, &svg, as_of());
    // Text is in the reader's system fonts; nothing is fetched.
    assert!(svg.contains("font-family=\"system-ui"));
    assert!(
        !svg.replace("http://www.w3.org/2000/svg", "")
            .contains("http")
    );
}

#[test]
fn graph_svg_is_deterministic() {
    let register = Register::security_union();
    assert_eq!(
        GraphSvg::new(&register, as_of()).to_string(),
        GraphSvg::new(&register, as_of()).to_string()
    );
}

/// A deterministic pseudo-random register of `n` files: file `i` requires a
/// few files of higher index (so it is acyclic), and two goals.
fn random_register(n: usize, seed: u64) -> Register {
    let mut state = seed;
    let mut next = move |bound: usize| {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        (state % bound as u64) as usize
    };
    let stages = Stage::RANKED;
    let mut builder = Register::builder();
    for i in 0..n {
        let mut file = LegislativeFile::new(format!("file-{i}"), format!("File <{i}> & co"));
        for _ in 0..next(3) {
            let j = i + 1 + next(8);
            if j < n {
                file = file.requires(Requirement::at(format!("file-{j}"), stages[next(8)]));
            }
        }
        let mut date = d("2015-01-01");
        for s in stages.iter().take(next(9)) {
            date = date + chrono::Days::new(30 + next(400) as u64);
            file = file.with_events([Event::new(date, *s)]);
        }
        builder = builder.file(file);
    }
    let mut goal = Goal::new("goal-a", "Goal \"A\"", d("2019-12-31"));
    for i in (0..n).step_by(7) {
        goal = goal.requires(Requirement::in_force(format!("file-{i}")));
    }
    builder
        .goal(goal)
        .goal(Goal::new("goal-b", "B", d("2020-12-31")).requires(Requirement::in_force("file-1")))
        .build()
        .unwrap()
}

#[test]
fn graph_svg_stays_sound_at_a_hundred_files() {
    for seed in [1, 7, 42] {
        let register = random_register(100, seed);
        check_graph(
            &register,
            &GraphSvg::new(&register, d("2018-06-01")).to_string(),
            d("2018-06-01"),
        );
    }
}

#[test]
fn text_is_escaped_everywhere() {
    let register = Register::builder()
        .file(
            LegislativeFile::new("a", "Title with <script>alert('x')</script> & \"quotes\"")
                .with_events([Event::new(d("2017-01-01"), Stage::Proposal)
                    .with_source("doc <b>1</b> & https://example.org/x?a=1&b=2")]),
        )
        .goal(Goal::new("g", "Goal <i>&</i>", d("2019-01-01")).requires(Requirement::in_force("a")))
        .build()
        .unwrap();
    let svg = GraphSvg::new(&register, d("2018-01-01")).to_string();
    let doc = parse(&svg);
    let titles: Vec<_> = doc
        .descendants()
        .filter(|n| n.has_tag_name("title"))
        .filter_map(|n| n.text())
        .collect();
    assert!(titles.contains(&"Title with <script>alert('x')</script> & \"quotes\""));
    let timeline = register
        .schedule(&Ask::new(d("2018-01-01")).target("g"))
        .map(|s| TimelineSvg::new(&s).to_string())
        .unwrap();
    parse(&timeline);
    let html = Report::new(&register, &Ask::new(d("2018-01-01")).target("g"))
        .map(|r| r.to_html())
        .unwrap();
    assert!(!html.contains("<script"));
    assert!(!html.contains("<b>1</b>"));
    assert!(html.contains("doc &lt;b&gt;1&lt;/b&gt; &amp; <a href=\"https://example.org/x?a=1&amp;b=2\">example.org</a>"));
}

#[test]
fn timeline_lanes_follow_the_register() {
    let register = Register::security_union();
    let schedule = register.schedule(&Ask::new(as_of()).target(GOAL)).unwrap();
    let answer = register.blockers(&Ask::new(as_of()).target(GOAL)).unwrap();
    // Blocking lanes are exactly the blockers.
    let blocking: BTreeSet<&str> = schedule
        .lanes
        .iter()
        .filter(|l| l.blocking)
        .map(|l| l.file.as_str())
        .collect();
    let blockers: BTreeSet<&str> = answer.blockers.iter().map(|b| b.file()).collect();
    assert_eq!(blocking, blockers);
    // Prerequisites first.
    let at = |id: &str| schedule.lanes.iter().position(|l| l.file == id);
    for lane in &schedule.lanes {
        for r in register.file(&lane.file).unwrap().requirements() {
            assert!(
                at(&r.file) < at(&lane.file),
                "{} before {}",
                r.file,
                lane.file
            );
        }
    }
    for lane in &schedule.lanes {
        let file = register.file(&lane.file).unwrap();
        // Contiguous segments, each the file's stage on its first day,
        // ending at as_of: nothing after as_of is known.
        for pair in lane.segments.windows(2) {
            assert_eq!(pair[0].to, pair[1].from);
            assert_ne!(pair[0].stage, pair[1].stage);
        }
        for s in &lane.segments {
            assert_eq!(file.stage_at(s.from).map(|x| x.stage), Some(s.stage));
            assert!(s.to <= as_of());
        }
        assert_eq!(
            lane.segments.last().map(|s| s.to),
            lane.stage.map(|_| as_of())
        );
        assert_eq!(lane.segments.last().map(|s| s.stage), lane.stage);
    }
}

#[test]
fn timeline_svg_has_a_lane_per_file_and_both_dates() {
    let register = Register::security_union();
    let schedule = register.schedule(&Ask::new(as_of()).target(GOAL)).unwrap();
    let svg = TimelineSvg::new(&schedule).to_string();
    let doc = parse(&svg);
    let lanes: Vec<_> = doc
        .descendants()
        .filter(|n| n.has_tag_name("g") && has_class(n, "lane"))
        .collect();
    assert_eq!(lanes.len(), schedule.lanes.len());
    for (node, lane) in lanes.iter().zip(&schedule.lanes) {
        assert_eq!(node.attribute("data-file"), Some(lane.file.as_str()));
        assert_eq!(
            node.attribute("data-blocking"),
            Some(if lane.blocking { "true" } else { "false" })
        );
        let segments: Vec<_> = node
            .descendants()
            .filter(|n| has_class(n, "segment"))
            .map(|n| {
                (
                    n.attribute("data-stage").unwrap().to_string(),
                    n.attribute("data-from").unwrap().to_string(),
                )
            })
            .collect();
        let expected: Vec<_> = lane
            .segments
            .iter()
            .map(|s| (s.stage.to_string(), s.from.to_string()))
            .collect();
        assert_eq!(segments, expected, "{}", lane.file);
    }
    let line_x = |class: &str| {
        let g = doc
            .descendants()
            .find(|n| n.has_tag_name("g") && has_class(n, class))
            .unwrap_or_else(|| panic!("no {class} line"));
        let line = g.children().find(|c| c.has_tag_name("line")).unwrap();
        (
            g.attribute("data-date").unwrap().to_string(),
            f(&line, "x1"),
        )
    };
    let (as_of_date, as_of_x) = line_x("as-of");
    let (deadline_date, deadline_x) = line_x("deadline");
    assert_eq!(as_of_date, "2018-01-24");
    assert_eq!(deadline_date, "2020-12-31");
    assert!(as_of_x < deadline_x);
    // Every segment ends at or before the "as of" line.
    for seg in doc.descendants().filter(|n| has_class(n, "segment")) {
        assert!(f(&seg, "x") + f(&seg, "width") <= as_of_x + 1.6, "{seg:?}");
    }
}

#[test]
fn forecast_bands_are_drawn_after_as_of() {
    let register = Register::security_union();
    let band = ForecastBand::new(
        Stage::EntryIntoForce,
        d("2018-07-01"),
        d("2018-10-01"),
        d("2019-03-01"),
    );
    let band = FileBand::new("etias", band);
    let stray = ForecastBand::new(
        Stage::Adoption,
        d("2018-07-01"),
        d("2018-10-01"),
        d("2019-03-01"),
    );
    let stray = FileBand::new("not-on-the-schedule", stray);
    let schedule = register
        .schedule(&Ask::new(as_of()).target(GOAL))
        .unwrap()
        .with_forecasts(&[band.clone(), stray]);
    let svg = TimelineSvg::new(&schedule).to_string();
    let doc = parse(&svg);
    let bands: Vec<_> = doc
        .descendants()
        .filter(|n| n.has_tag_name("g") && has_class(n, "forecast"))
        .collect();
    assert_eq!(bands.len(), 1);
    assert_eq!(bands[0].attribute("data-p50"), Some("2018-10-01"));
    let lane = bands[0].parent().unwrap();
    assert_eq!(lane.attribute("data-file"), Some("etias"));
    // In the schedule's JSON a lane's band names its file and stage.
    let json = serde_json::to_value(&schedule).unwrap();
    let etias = json["lanes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|l| l["file"] == "etias")
        .unwrap();
    assert_eq!(
        etias["forecasts"],
        serde_json::json!([{"file": "etias", "stage": "entry_into_force", "p10": "2018-07-01", "p50": "2018-10-01", "p90": "2019-03-01"}])
    );
    let html = Report::new(&register, &Ask::new(as_of()).target(GOAL))
        .map(|r| r.forecasts(vec![band]).to_html())
        .unwrap();
    assert!(html.contains("median 1 Oct 2018"));
}

#[test]
fn mermaid_gantt_has_a_section_per_lane_and_a_task_per_segment() {
    let register = Register::security_union();
    let schedule = register.schedule(&Ask::new(as_of()).target(GOAL)).unwrap();
    let gantt = Gantt::new(&schedule).to_string();
    assert!(gantt.starts_with("gantt\n"));
    let sections: Vec<&str> = gantt
        .lines()
        .filter_map(|l| l.trim().strip_prefix("section "))
        .collect();
    let mut expected: Vec<&str> = schedule.lanes.iter().map(|l| l.file.as_str()).collect();
    expected.push("dates");
    assert_eq!(sections, expected);
    let tasks = gantt
        .lines()
        .filter(|l| l.contains(" :done, ") || l.contains(" :active, "))
        .count();
    let segments: usize = schedule.lanes.iter().map(|l| l.segments.len()).sum();
    assert_eq!(tasks, segments);
    // One colon per task line: the separator Mermaid splits on.
    for line in gantt.lines().filter(|l| l.contains(':')) {
        assert_eq!(line.matches(':').count(), 1, "{line}");
    }
    assert!(gantt.contains("deadline 2020-12-31 :milestone, crit, deadline, 2020-12-31, 0d"));
}

#[test]
fn report_is_one_self_contained_page() {
    let register = Register::security_union();
    let html = Report::new(&register, &Ask::new(as_of()).target(GOAL))
        .map(|r| r.to_html())
        .unwrap();
    let answer = register.blockers(&Ask::new(as_of()).target(GOAL)).unwrap();
    let n = answer.blockers.len();
    assert!(html.contains(&format!(
        "{n} files block interoperability-2020 as of 24 Jan 2018"
    )));
    // Nothing to run, nothing fetched: no script, no external stylesheet,
    // image, font or frame.
    for banned in [
        "<script",
        "<link",
        "<img",
        "<iframe",
        "@import",
        "@font-face",
        "url(http",
        "src=",
    ] {
        assert!(!html.contains(banned), "report contains {banned}");
    }
    assert!(html.contains("@media print"));
    // Both pictures inline, each well-formed.
    for class in ["codecision-timeline", "codecision-graph"] {
        let start = html
            .find(&format!(
                "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"{class}\""
            ))
            .unwrap();
        let end = start + html[start..].find("</svg>").unwrap() + "</svg>".len();
        parse(&html[start..end]);
    }
    // The ids of both pictures do not collide.
    let ids: Vec<&str> = html
        .match_indices(" id=\"")
        .map(|(i, _)| {
            let rest = &html[i + 5..];
            &rest[..rest.find('"').unwrap()]
        })
        .collect();
    let unique: BTreeSet<&&str> = ids.iter().collect();
    assert_eq!(unique.len(), ids.len(), "duplicate ids");
    // One table row per blocker, with its chain and a source.
    assert_eq!(html.matches("<tr class=\"blocker\"").count(), n);
    for b in &answer.blockers {
        assert!(
            html.contains(&b.path().join("<span class=\"sep\">\u{2192}</span>")),
            "{}",
            b.file()
        );
        let file = register.file(b.file()).unwrap();
        if let (Some(stage), Some(since)) = (b.stage, b.since) {
            let event = file
                .events()
                .iter()
                .find(|e| e.stage == Some(stage) && e.date == since)
                .unwrap();
            let source = event.source().unwrap_or("(no source recorded)");
            let head: String = source.chars().take(12).collect();
            assert!(
                html.contains(&head.replace('&', "&amp;")),
                "{}: {head}",
                b.file()
            );
        }
    }
}

#[test]
fn a_report_after_the_deadline_says_who_missed_it() {
    let register = Register::security_union();
    let html = Report::new(&register, &Ask::new(d("2021-06-01")).target(GOAL))
        .map(|r| r.to_html())
        .unwrap();
    let n = register
        .blockers(&Ask::new(d("2021-06-01")).target(GOAL))
        .unwrap()
        .blockers
        .len();
    let sentence = match n {
        0 => "interoperability-2020 was met by its deadline, 31 Dec 2020".to_string(),
        1 => "1 file missed interoperability-2020 by its deadline, 31 Dec 2020".to_string(),
        n => format!("{n} files missed interoperability-2020 by its deadline, 31 Dec 2020"),
    };
    assert!(html.contains(&sentence), "{sentence}");
}

#[test]
fn unknown_targets_are_errors() {
    let register = Register::security_union();
    let err = Report::new(&register, &Ask::new(as_of()).target("interoperability-202"))
        .map(|r| r.to_html())
        .unwrap_err();
    assert!(err.to_string().contains("interoperability-202"), "{err}");
    assert!(
        register
            .schedule(&Ask::new(as_of()).target("nope"))
            .is_err()
    );
    // A file needs a deadline for a report (as for blockers)...
    assert!(
        Report::new(&register, &Ask::new(as_of()).target("etias"))
            .map(|r| r.to_html())
            .is_err()
    );
    // ...but not for a timeline.
    assert!(
        register
            .schedule(&Ask::new(as_of()).target("etias"))
            .is_ok()
    );
}

fn snapshot(name: &str, actual: &str) {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/snapshots")
        .join(name);
    if std::env::var_os("UPDATE_SNAPSHOTS").is_some() {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, actual).unwrap();
        return;
    }
    let expected = std::fs::read_to_string(&path).unwrap_or_else(|e| {
        panic!(
            "cannot read snapshot {}: {e}; run with UPDATE_SNAPSHOTS=1 to create it",
            path.display()
        )
    });
    assert!(
        expected == actual,
        "{} differs from the output; if the change is intended, run UPDATE_SNAPSHOTS=1 cargo test --test report and review the diff",
        path.display()
    );
}

#[test]
fn snapshots() {
    let register = Register::security_union();
    snapshot(
        "graph-2018-01-24.svg",
        &GraphSvg::new(&register, as_of()).to_string(),
    );
    let schedule = register.schedule(&Ask::new(as_of()).target(GOAL)).unwrap();
    snapshot(
        "timeline-interoperability-2020-2018-01-24.svg",
        &TimelineSvg::new(&schedule).to_string(),
    );
    snapshot(
        "timeline-interoperability-2020-2018-01-24.mmd",
        &Gantt::new(&schedule).to_string(),
    );
}

fn codecision(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_codecision"))
        .args(args)
        .env_remove("CODECISION_TODAY")
        .output()
        .unwrap()
}

#[test]
fn report_command_writes_the_page() {
    let dir = std::env::temp_dir().join(format!("codecision-report-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let out = dir.join("report.html");
    let run = codecision(&[
        "report",
        GOAL,
        "--as-of",
        "2018-01-24",
        "--output",
        out.to_str().unwrap(),
    ]);
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    assert!(run.stdout.is_empty());
    let written = std::fs::read_to_string(&out).unwrap();
    // By default each blocker shows the forecast of the stage the goal
    // needs, exactly as the forecaster gives it.
    let register = Register::security_union();
    let forecaster = Forecaster::new(&register, as_of());
    let answer = register.blockers(&Ask::new(as_of()).target(GOAL)).unwrap();
    let mut bands = Vec::new();
    for b in &answer.blockers {
        let forecast = forecaster.file(b.file()).unwrap();
        bands.extend(
            forecast
                .forecast
                .iter()
                .filter(|band| band.stage == b.required)
                .map(|&band| FileBand::new(forecast.id.clone(), band)),
        );
    }
    assert!(!bands.is_empty());
    // The library's join of blockers to their bands is this one.
    assert_eq!(forecaster.blocker_bands(&answer).unwrap(), bands);
    // And after the blockers, how such forecasts fared on the register's
    // own adopted files: the page is the library's report with its
    // forecaster, byte for byte.
    let expected = Report::new(&register, &Ask::new(as_of()).target(GOAL))
        .unwrap()
        .forecaster(&forecaster)
        .unwrap()
        .to_html();
    assert_eq!(written, expected);
    let record = TrackRecord::of(&register, as_of());
    let adoption = record.calibration.adoption.as_ref().unwrap();
    assert!(
        written.contains(&format!("of {} forecasts", adoption.n)),
        "the trust section counts the record's forecasts"
    );
    let trust = written.find("<section id=\"trust\">").unwrap();
    assert!(written.find("<section class=\"blockers\">").unwrap() < trust);
    assert!(
        written[trust..]
            .contains("<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"codecision-calibration\"")
    );
    assert_eq!(
        written.matches("<g class=\"forecast\"").count(),
        bands.len()
    );
    // Without a target: the register's first goal; --no-forecast: no bands.
    let default = codecision(&["report", "--as-of", "2018-01-24", "--no-forecast"]);
    assert!(default.status.success());
    assert_eq!(
        String::from_utf8(default.stdout).unwrap(),
        Report::new(&register, &Ask::new(as_of()).target(GOAL))
            .map(|r| r.to_html())
            .unwrap()
    );
    let default = Report::new(&register, &Ask::new(as_of()).target(GOAL))
        .map(|r| r.to_html())
        .unwrap();
    assert!(!default.contains("How far to trust"));
    // A bad target: exit 1, a message naming it, nothing written.
    let bad_out = dir.join("bad.html");
    let bad = codecision(&[
        "report",
        "interop",
        "--as-of",
        "2018-01-24",
        "--output",
        bad_out.to_str().unwrap(),
    ]);
    assert_eq!(bad.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&bad.stderr).contains("interop"));
    assert!(bad.stdout.is_empty());
    assert!(!bad_out.exists());
    // A bad date: exit 1.
    assert_eq!(
        codecision(&["report", "--as-of", "2018-1-24"])
            .status
            .code(),
        Some(1)
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn timeline_command_writes_text_json_and_mermaid() {
    let text = codecision(&["timeline", GOAL, "--as-of", "2018-01-24"]);
    assert!(
        text.status.success(),
        "{}",
        String::from_utf8_lossy(&text.stderr)
    );
    let text = String::from_utf8(text.stdout).unwrap();
    assert!(
        text.contains("etias  BLOCKS (needs entry into force)"),
        "{text}"
    );

    let json = codecision(&[
        "timeline",
        GOAL,
        "--as-of",
        "2018-01-24",
        "--format",
        "json",
    ]);
    assert!(json.status.success());
    let value: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    let schedule = Register::security_union()
        .schedule(&Ask::new(as_of()).target(GOAL))
        .unwrap();
    assert_eq!(value, serde_json::to_value(&schedule).unwrap());

    let gantt = codecision(&[
        "timeline",
        GOAL,
        "--as-of",
        "2018-01-24",
        "--format",
        "mermaid",
    ]);
    assert!(
        gantt.status.success(),
        "{}",
        String::from_utf8_lossy(&gantt.stderr)
    );
    assert_eq!(
        String::from_utf8(gantt.stdout).unwrap(),
        Gantt::new(&schedule).to_string()
    );

    let svg = codecision(&["timeline", GOAL, "--as-of", "2018-01-24", "--format", "svg"]);
    assert!(
        svg.status.success(),
        "{}",
        String::from_utf8_lossy(&svg.stderr)
    );
    assert_eq!(
        String::from_utf8(svg.stdout).unwrap(),
        TimelineSvg::new(&schedule).to_string()
    );

    let dot = codecision(&["timeline", GOAL, "--format", "dot"]);
    assert_eq!(dot.status.code(), Some(2));
    assert!(dot.stdout.is_empty());
}

#[test]
fn graph_command_draws_svg() {
    let svg = codecision(&["graph", "--as-of", "2018-01-24", "--format", "svg"]);
    assert!(
        svg.status.success(),
        "{}",
        String::from_utf8_lossy(&svg.stderr)
    );
    assert_eq!(
        String::from_utf8(svg.stdout).unwrap(),
        GraphSvg::new(&Register::security_union(), as_of()).to_string()
    );
}

/// Past `Report::FULL_BANDS_UP_TO` blockers, the report's bands are drawn
/// from `Report::CAPPED_SIMULATIONS` simulations each, those of a
/// forecaster drawing that many with the same model and seed, and the page
/// says so.
#[test]
fn a_report_with_many_blockers_draws_fewer_simulations_and_says_so() {
    let n = Report::FULL_BANDS_UP_TO + 1;
    let mut builder = Register::builder();
    let mut goal = Goal::new("many", "Many", d("2030-12-31"));
    for i in 0..n {
        let proposed = d("2020-01-01") + chrono::Days::new((i % 300) as u64);
        builder = builder.file(
            LegislativeFile::new(format!("m{i}"), "M")
                .with_events([Event::new(proposed, Stage::Proposal)]),
        );
        goal = goal.requires(Requirement::at(format!("m{i}"), Stage::Adoption));
    }
    let r = builder.goal(goal).build().unwrap();
    let ask = Ask::new(d("2021-01-01")).target("many");
    let forecaster = Forecaster::new(&r, ask.as_of());
    let html = Report::new(&r, &ask)
        .unwrap()
        .forecaster(&forecaster)
        .unwrap()
        .to_html();
    assert!(
        html.contains("each band is drawn from 500 simulations, not 2\u{202f}000"),
        "the page does not say the bands are capped"
    );
    let capped = Forecaster::with_model(&r, ask.as_of(), forecaster.model().clone())
        .with_simulations(Report::CAPPED_SIMULATIONS);
    let blockers = r.blockers(&ask).unwrap();
    assert_eq!(blockers.blockers.len(), n);
    let expected = Report::new(&r, &ask)
        .unwrap()
        .forecasts(capped.blocker_bands(&blockers).unwrap())
        .to_html();
    let table = |h: &str| {
        let at = h.find("<table id=\"blockers\">").unwrap();
        h[at..].split("</table>").next().unwrap().to_string()
    };
    assert!(table(&html).contains("median "));
    assert_eq!(table(&html), table(&expected));
}
