//! Every character XML 1.0 forbids (C0 controls other than tab, line feed
//! and carriage return; U+FFFE and U+FFFF) that a register's text carries
//! is kept out of every SVG and HTML output: the pictures parse as XML, and
//! no page holds one. (U+FFFE and U+FFFF in a title were copied raw into
//! `graph --format svg`, `timeline --format svg` and the report's inline
//! pictures.)

use std::process::Command;

use codecision::export::{GraphSvg, Report, TimelineSvg, TrackRecordSvg};
use codecision::forecast::{Forecaster, TrackRecord};
use codecision::{Ask, Register, parse_date};

/// Text with every kind of character XML 1.0 forbids, among ones it allows.
const HOSTILE: &str = "\u{FFFE}x\u{FFFF}\u{1}\u{8}\u{B}\u{C}\u{1F}\r\u{7F}\u{85} & <b>\"'";

/// Whether XML 1.0's `Char` production allows `c`.
fn xml_allows(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}')
        || c >= '\u{10000}'
}

/// The embedded register with `HOSTILE` added to every title, note,
/// source and committee.
fn hostile_register() -> String {
    let mut value: serde_json::Value = serde_json::from_str(Register::SECURITY_UNION_JSON).unwrap();
    fn visit(v: &mut serde_json::Value) {
        match v {
            serde_json::Value::Object(map) => {
                for (key, v) in map.iter_mut() {
                    match (key.as_str(), &mut *v) {
                        (
                            "title" | "note" | "source" | "committee",
                            serde_json::Value::String(s),
                        ) => {
                            s.push_str(HOSTILE);
                        }
                        _ => visit(v),
                    }
                }
            }
            serde_json::Value::Array(items) => items.iter_mut().for_each(visit),
            _ => {}
        }
    }
    visit(&mut value);
    serde_json::to_string(&value).unwrap()
}

/// Checks a document holds only characters XML allows; `what` names it.
fn only_xml_characters(what: &str, text: &str) {
    if let Some((at, c)) = text.char_indices().find(|&(_, c)| !xml_allows(c)) {
        let before: String = text[..at].chars().rev().take(40).collect();
        let before: String = before.chars().rev().collect();
        panic!("{what}: U+{:04X} at byte {at}, after {before:?}", c as u32);
    }
}

/// Checks an SVG parses as XML.
fn well_formed_svg(what: &str, svg: &str) {
    only_xml_characters(what, svg);
    roxmltree::Document::parse(svg).unwrap_or_else(|e| panic!("{what}: not well-formed XML: {e}"));
}

/// Checks an HTML page: only XML characters, and each inline picture
/// parses as XML.
fn clean_html(what: &str, html: &str) {
    only_xml_characters(what, html);
    let mut pictures = 0;
    let mut rest = html;
    while let Some(start) = rest.find("<svg") {
        let end = rest[start..].find("</svg>").expect("a picture ends") + start + "</svg>".len();
        well_formed_svg(&format!("{what}, picture {pictures}"), &rest[start..end]);
        pictures += 1;
        rest = &rest[end..];
    }
    assert!(pictures > 0, "{what}: no picture checked");
}

#[test]
fn the_hostile_text_is_in_the_register_as_given() {
    let register = Register::from_json(&hostile_register()).unwrap();
    assert!(register.files()[0].title().ends_with(HOSTILE));
}

#[test]
fn every_picture_and_page_of_the_library_is_well_formed() {
    let register = Register::from_json(&hostile_register()).unwrap();
    let as_of = parse_date("2018-01-24").unwrap();
    let goal = register.goals()[0].id.clone();
    well_formed_svg("graph", &GraphSvg::new(&register, as_of).to_string());
    let ask = Ask::new(as_of).target(&goal);
    let timeline = register.schedule(&ask).unwrap();
    well_formed_svg("timeline", &TimelineSvg::new(&timeline).to_string());
    let schedule = register.schedule(&Ask::new(as_of)).unwrap();
    well_formed_svg("schedule", &TimelineSvg::new(&schedule).to_string());
    let record = TrackRecord::of(&register, parse_date("2020-06-01").unwrap());
    well_formed_svg("calibration", &TrackRecordSvg::new(&record).to_string());
    // The report with every section: as of a date with a track record,
    // with a "Since" window and the forecasts.
    let later = parse_date("2020-06-01").unwrap();
    let html = Report::new(&register, &Ask::new(later).target(&goal).since(as_of))
        .unwrap()
        .forecaster(&Forecaster::new(&register, later).with_simulations(200))
        .unwrap()
        .to_html();
    clean_html("report", &html);
}

/// Runs the command line on the hostile register, in a scratch directory.
fn run(args: &[&str]) -> String {
    let dir = std::env::temp_dir().join(format!("codecision-xml-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("hostile.json");
    if !path.exists() {
        std::fs::write(&path, hostile_register()).unwrap();
    }
    let out = Command::new(env!("CARGO_BIN_EXE_codecision"))
        .env("CODECISION_TODAY", "2018-01-24")
        .arg("--register")
        .arg(&path)
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

#[test]
fn every_svg_and_html_the_command_line_writes_is_well_formed() {
    well_formed_svg("graph --format svg", &run(&["graph", "--format", "svg"]));
    well_formed_svg(
        "timeline --format svg",
        &run(&["timeline", "--format", "svg"]),
    );
    well_formed_svg(
        "timeline GOAL --format svg",
        &run(&["timeline", "interoperability-2020", "--format", "svg"]),
    );
    clean_html("report", &run(&["report"]));
    clean_html("report --no-forecast", &run(&["report", "--no-forecast"]));
    clean_html("report --since", &run(&["report", "--since", "2017-06-01"]));
    clean_html(
        "report FILE --by",
        &run(&["report", "etias", "--by", "2019-01-01"]),
    );
}
