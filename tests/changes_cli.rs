//! `codecision changes` in its four formats, and `--format csv` for every
//! command whose answer is a table: one header row, RFC 4180 quoting (read
//! back with the `csv` crate and compared with the JSON answer), dates as
//! YYYY-MM-DD; the formats a command does not write are refused (exit 2).

use serde_json::Value;

mod binary;
use binary::Run;

fn run(args: &[&str]) -> Run {
    binary::run_on("2018-01-24", args)
}

fn ok(args: &[&str]) -> String {
    let r = run(args);
    assert_eq!(r.code, 0, "{args:?}: {}", r.stderr);
    r.stdout
}

fn json(args: &[&str]) -> Value {
    let mut all = args.to_vec();
    all.extend(["--format", "json"]);
    serde_json::from_str(&ok(&all)).expect("one JSON document")
}

/// The CSV answer: its header and rows, each row as long as the header.
fn csv(args: &[&str]) -> (Vec<String>, Vec<Vec<String>>) {
    let mut all = args.to_vec();
    all.extend(["--format", "csv"]);
    let text = ok(&all);
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let header: Vec<String> = reader
        .headers()
        .unwrap()
        .iter()
        .map(str::to_string)
        .collect();
    let rows: Vec<Vec<String>> = reader
        .records()
        .map(|r| r.unwrap().iter().map(str::to_string).collect())
        .collect();
    for row in &rows {
        assert_eq!(row.len(), header.len());
    }
    (header, rows)
}

fn column(header: &[String], name: &str) -> usize {
    header.iter().position(|h| h == name).unwrap()
}

fn is_date(text: &str) -> bool {
    text.len() == 10 && chrono::NaiveDate::parse_from_str(text, "%Y-%m-%d").is_ok()
}

const WINDOW: [&str; 4] = ["--since", "2017-07-27", "--as-of", "2018-01-24"];

#[test]
fn changes_json_is_the_library_answer() {
    let mut args = vec!["changes", "interoperability-2020"];
    args.extend(WINDOW);
    let v = json(&args);
    assert_eq!(v["since"], "2017-07-27");
    assert_eq!(v["as_of"], "2018-01-24");
    let etias = v["moved"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["file"] == "etias")
        .unwrap();
    assert_eq!(etias["from"], "general_approach");
    assert_eq!(etias["to"], "trilogue");
    assert_eq!(etias["events"][0]["stage"], "libe_vote");
    assert!(etias["events"][0]["source"].is_string());
    let target = &v["target"];
    assert_eq!(target["target"], "interoperability-2020");
    assert_eq!(target["before"]["state"], "open");
    assert_eq!(target["cleared"][0]["file"], "ees");
    assert_eq!(target["became_blockers"][0]["reason"], "new_prerequisite");
    let p = &target["p_on_time"];
    assert!(p["before"].as_f64().is_some() && p["after"].as_f64().is_some());
    // The forecast can be left out.
    args.push("--no-forecast");
    assert!(json(&args)["target"]["p_on_time"].is_null());
    // Without a target, no target part.
    let mut args = vec!["changes"];
    args.extend(WINDOW);
    assert!(json(&args)["target"].is_null());
}

#[test]
fn changes_markdown_has_headings_and_bullets() {
    let mut args = vec!["changes", "interoperability-2020"];
    args.extend(WINDOW);
    args.extend(["--format", "markdown"]);
    let text = ok(&args);
    assert!(text.starts_with("## Since 27 Jul 2017\n"), "{text}");
    assert!(text.contains("\n### interoperability-2020 (deadline 31 Dec 2020)\n"));
    assert!(text.contains("\n### Moved\n"));
    assert!(text.contains("\n- **etias**: general approach \u{2192} trilogue\n"));
    assert!(text.contains("\n  - 12 Dec 2017, trilogue (source: "));
    assert!(text.contains("\n- Cleared: **ees** reached entry into force on 29 Dec 2017\n"));
    assert!(
        text.contains("\n### Did not move\n\n- **eurodac-recast**: LIBE vote since 30 May 2017")
    );
}

#[test]
fn changes_table_lists_each_event() {
    let mut args = vec!["changes"];
    args.extend(WINDOW);
    let text = ok(&args);
    assert!(text.starts_with("Changes after 2017-07-27 up to 2018-01-24\n"));
    let line = text
        .lines()
        .find(|l| l.contains("2017-12-29"))
        .expect("the EES entry into force");
    assert!(line.contains("entry into force"), "{line}");
}

#[test]
fn changes_csv_agrees_with_json() {
    let mut args = vec!["changes", "interoperability-2020"];
    args.extend(WINDOW);
    let v = json(&args);
    let (header, rows) = csv(&args);
    assert_eq!(header[0], "kind");
    let events: Vec<&Vec<String>> = rows.iter().filter(|r| r[0] == "event").collect();
    let from_json: Vec<(String, String, String)> = v["moved"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|m| {
            m["events"].as_array().unwrap().iter().map(move |e| {
                (
                    m["file"].as_str().unwrap().to_string(),
                    e["date"].as_str().unwrap().to_string(),
                    e["source"].as_str().unwrap().to_string(),
                )
            })
        })
        .collect();
    let (file, date, source) = (
        column(&header, "file"),
        column(&header, "date"),
        column(&header, "source"),
    );
    let from_csv: Vec<(String, String, String)> = events
        .iter()
        .map(|r| (r[file].clone(), r[date].clone(), r[source].clone()))
        .collect();
    // Sources hold commas and quotes: they come back whole.
    assert!(from_csv.iter().any(|(_, _, s)| s.contains(',')));
    assert_eq!(from_csv, from_json);
    for r in &rows {
        assert!(r[date].is_empty() || is_date(&r[date]), "{r:?}");
    }
    let verdicts: Vec<&Vec<String>> = rows.iter().filter(|r| r[0] == "verdict").collect();
    assert_eq!(verdicts.len(), 2);
    assert_eq!(verdicts[0][column(&header, "state")], "open");
}

#[test]
fn status_blockers_history_forecast_write_csv() {
    let status = json(&["status", "--as-of", "2018-01-24"]);
    let (header, rows) = csv(&["status", "--as-of", "2018-01-24"]);
    assert_eq!(header, ["id", "stage", "since", "title"]);
    let files = status["files"].as_array().unwrap();
    assert_eq!(rows.len(), files.len());
    for (row, f) in rows.iter().zip(files) {
        assert_eq!(row[0], f["id"].as_str().unwrap());
        assert_eq!(row[1], f["stage"].as_str().unwrap_or(""));
        assert_eq!(row[2], f["since"].as_str().unwrap_or(""));
    }

    let args = ["blockers", "interoperability-2020", "--as-of", "2018-01-24"];
    let blockers = json(&args);
    let (header, rows) = csv(&args);
    assert_eq!(header, ["file", "required", "stage", "since", "path"]);
    let list = blockers["blockers"].as_array().unwrap();
    assert_eq!(rows.len(), list.len());
    for (row, b) in rows.iter().zip(list) {
        assert_eq!(row[0], b["file"].as_str().unwrap());
        let path: Vec<&str> = b["path"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| p.as_str().unwrap())
            .collect();
        assert_eq!(row[4], path.join(" > "));
        assert!(row[3].is_empty() || is_date(&row[3]));
    }

    let history = json(&["history", "etias"]);
    let (header, rows) = csv(&["history", "etias"]);
    assert_eq!(
        header,
        ["index", "date", "stage", "committee", "source", "note"]
    );
    let events = history["events"].as_array().unwrap();
    assert_eq!(rows.len(), events.len());
    for (row, e) in rows.iter().zip(events) {
        assert_eq!(row[1], e["date"].as_str().unwrap());
        assert_eq!(row[4], e["source"].as_str().unwrap_or(""));
        assert_eq!(row[5], e["note"].as_str().unwrap_or(""));
    }

    let args = [
        "forecast",
        "etias",
        "interoperability-2020",
        "--as-of",
        "2018-01-24",
    ];
    let forecast = json(&args);
    let (header, rows) = csv(&args);
    assert_eq!(header[..2], ["kind", "id"]);
    let p50 = column(&header, "p50");
    let adoption = rows
        .iter()
        .find(|r| r[1] == "etias" && r[column(&header, "forecast_stage")] == "adoption")
        .unwrap();
    assert_eq!(
        adoption[p50],
        forecast["files"][0]["forecast"]["adoption"]["p50"]
            .as_str()
            .unwrap()
    );
    let goal = rows.iter().find(|r| r[0] == "goal").unwrap();
    let p: f64 = goal[column(&header, "p_on_time")].parse().unwrap();
    let expected = forecast["goals"][0]["p_on_time"].as_f64().unwrap();
    assert!((p - expected).abs() < 1e-4);
}

#[test]
fn formats_a_command_does_not_write_are_usage_errors() {
    for (args, word) in [
        (&["graph", "--format", "csv"][..], "csv"),
        (&["validate", "x.json", "--format", "csv"][..], "csv"),
        (&["status", "--format", "markdown"][..], "markdown"),
    ] {
        let r = run(args);
        assert_eq!(r.code, 2, "{args:?}");
        assert!(r.stdout.is_empty());
        assert!(r.stderr.contains(word), "{}", r.stderr);
    }
}

#[test]
fn changes_refuses_bad_windows_and_targets() {
    let r = run(&["changes", "--since", "2018-01-24", "--as-of", "2017-07-27"]);
    assert_eq!(r.code, 1);
    assert!(r.stdout.is_empty());
    assert_eq!(
        r.stderr,
        "codecision: the window ends before it starts: since 2018-01-24 is after as-of 2017-07-27\n"
    );
    let r = run(&["changes", "--since", "2018-1-24"]);
    assert_eq!(r.code, 1);
    assert!(r.stderr.contains("--since"), "{}", r.stderr);
    let r = run(&["changes", "etias", "--since", "2017-07-27"]);
    assert_eq!(r.code, 1);
    assert!(r.stderr.contains("--by"), "{}", r.stderr);
    let r = run(&["changes", "interoperability-2002", "--since", "2017-07-27"]);
    assert_eq!(r.code, 1);
    assert!(r.stderr.contains("did you mean"), "{}", r.stderr);
    let r = run(&["changes"]);
    assert_eq!(r.code, 2);
}

#[test]
fn report_since_adds_the_section_from_the_same_answer() {
    let base = [
        "report",
        "interoperability-2020",
        "--as-of",
        "2018-01-24",
        "--no-forecast",
    ];
    let without = ok(&base);
    assert!(!without.contains("id=\"since\""));
    let mut args = base.to_vec();
    args.extend(["--since", "2017-07-27"]);
    let html = ok(&args);
    let start = html.find("<section id=\"since\">").expect("the section");
    let end = start + html[start..].find("</section>\n").unwrap() + "</section>\n".len();
    let section = &html[start..end];
    // Well-formed, and one list item per file that moved, as `changes` says.
    let doc = roxmltree::Document::parse(section).expect("well-formed");
    assert_eq!(
        doc.descendants()
            .find(|n| n.has_tag_name("h2"))
            .and_then(|n| n.text()),
        Some("Since 27 Jul 2017")
    );
    let moved: Vec<&str> = doc
        .descendants()
        .filter(|n| {
            n.has_tag_name("li")
                && n.parent()
                    .is_some_and(|p| p.attribute("class") == Some("moved"))
        })
        .filter_map(|n| n.attribute("data-file"))
        .collect();
    let mut cli = vec!["changes", "interoperability-2020", "--no-forecast"];
    cli.extend(WINDOW);
    let v = json(&cli);
    let expected: Vec<&str> = v["moved"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["file"].as_str().unwrap())
        .collect();
    assert_eq!(moved, expected);
    assert!(section.contains(
        "Cleared: <span class=\"id\">ees</span> reached entry into force on 29 Dec 2017"
    ));
    // The rest of the page is the report without the section.
    assert!(format!("{}{}", &html[..start], &html[end..]) == without);
    // A bad --since is bad input.
    let mut args = base.to_vec();
    args.extend(["--since", "2017-13-01"]);
    let r = run(&args);
    assert_eq!(r.code, 1);
    assert!(r.stdout.is_empty() && r.stderr.contains("--since"));
}
