//! One voice for numbers: a share, a date and a band read the same on the
//! terminal, in Markdown, CSV and HTML (all written by `codecision::text`).

use std::process::Command;

use codecision::text;

fn run(args: &[&str]) -> String {
    let out = Command::new(env!("CARGO_BIN_EXE_codecision"))
        .env("CODECISION_TODAY", "2018-01-24")
        .env("NO_COLOR", "1")
        .args(args)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

const CHANGES: [&str; 6] = [
    "changes",
    "interoperability-2020",
    "--since",
    "2017-07-27",
    "--as-of",
    "2018-01-24",
];

#[test]
fn the_chance_of_a_goal_reads_the_same_on_the_terminal_in_markdown_and_in_html() {
    let json: serde_json::Value =
        serde_json::from_str(&run(&[&CHANGES[..], &["--format", "json"]].concat())).unwrap();
    let p = &json["target"]["p_on_time"];
    let (before, after) = (
        text::percent(p["before"].as_f64().unwrap()),
        text::percent(p["after"].as_f64().unwrap()),
    );
    // Capitalised where it starts a line.
    let said = format!("hance of meeting the deadline, as forecast: {before} then, {after} now");
    let markdown = run(&[&CHANGES[..], &["--format", "markdown"]].concat());
    assert!(markdown.contains(&said), "{markdown}");
    let html = run(&[
        "report",
        "interoperability-2020",
        "--since",
        "2017-07-27",
        "--as-of",
        "2018-01-24",
    ]);
    assert!(html.contains(&said), "{said}");
    // The table: one row per end of the window, the chance in its column.
    let table = run(&CHANGES);
    for (date, share) in [("2017-07-27", &before), ("2018-01-24", &after)] {
        let row = table
            .lines()
            .find(|l| l.starts_with(date))
            .unwrap_or_else(|| panic!("no row for {date}:\n{table}"));
        assert!(row.trim_end().ends_with(share.as_str()), "{row}");
    }
}

#[test]
fn a_band_reads_the_same_in_the_sentence_and_the_table() {
    let out = run(&["forecast", "etias", "--as-of", "2018-01-24"]);
    assert!(out.contains(", 80% between "), "{out}");
    assert!(!out.contains("80%: "), "{out}");
}

/// `blockers --chances`: the table says each chance as `text::percent`
/// says the JSON's, and the CSV as `text::decimal` does.
#[test]
fn a_blockers_chance_reads_the_same_in_the_table_the_csv_and_the_json() {
    let ask = [
        "blockers",
        "interoperability-2020",
        "--as-of",
        "2018-01-24",
        "--chances",
        "--simulations",
        "400",
    ];
    let json: serde_json::Value =
        serde_json::from_str(&run(&[&ask[..], &["--format", "json"]].concat())).unwrap();
    let table = run(&ask);
    let csv = run(&[&ask[..], &["--format", "csv"]].concat());
    let p_on_time = json["p_on_time"].as_f64().unwrap();
    assert!(
        table.contains(&format!("P(on time): {} ", text::percent(p_on_time))),
        "{table}"
    );
    let blockers = json["blockers"].as_array().unwrap();
    assert!(!blockers.is_empty());
    for b in blockers {
        let file = b["file"].as_str().unwrap();
        let p = b["p_by_deadline"].as_f64().unwrap();
        let row = table
            .lines()
            .find(|l| l.split_whitespace().next() == Some(file))
            .unwrap_or_else(|| panic!("{file} in {table}"));
        assert!(
            row.split_whitespace().any(|w| w == text::percent(p)),
            "{row}"
        );
        let line = csv
            .lines()
            .find(|l| l.starts_with(&format!("{file},")))
            .unwrap();
        assert!(line.ends_with(&format!(",{}", text::decimal(p))), "{line}");
    }
}

/// `forecast`'s text is the library's `forecast::describe`, file by file.
#[test]
fn the_forecast_text_is_the_librarys_description() {
    use codecision::forecast::{Forecaster, describe};
    let as_of = codecision::parse_date("2018-01-24").unwrap();
    let register = codecision::Register::security_union();
    let forecaster = Forecaster::new(&register, as_of).with_simulations(500);
    let out = run(&[
        "forecast",
        "etias",
        "ees",
        "vis-revision",
        "--as-of",
        "2018-01-24",
        "--simulations",
        "500",
    ]);
    for id in ["etias", "ees", "vis-revision"] {
        let file = forecaster.file(id).unwrap();
        let lines = describe(&file, as_of);
        assert!(!lines.is_empty());
        assert!(out.contains(&lines.join("\n")), "{id}: {lines:?} in {out}");
    }
}
