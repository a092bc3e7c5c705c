//! One answer, two doors: for every command that writes `--format json`,
//! the command line's bytes are `serde_json`'s pretty text of the library's
//! answer to the same question, and a newline. The command line parses its
//! arguments, makes the library call, and prints; it computes nothing of its
//! own.

use std::path::{Path, PathBuf};

use codecision::answer::Stages;
use codecision::export::Graph;
use codecision::forecast::{Forecaster, calibrate, every_months};
use codecision::import::{Options, ep_api};
use codecision::{Ask, Register, parse_date};
use serde::Serialize;

mod binary;

const TODAY: &str = "2018-01-24";

fn d(s: &str) -> chrono::NaiveDate {
    parse_date(s).unwrap()
}

/// `codecision ARGS --format json`, which must succeed.
fn cli(args: &[&str]) -> String {
    let mut all = args.to_vec();
    all.extend(["--format", "json"]);
    let out = binary::run_on(TODAY, &all);
    assert_eq!(out.code, 0, "{args:?}: {}", out.stderr);
    out.stdout
}

/// The library's answer as the command line would print it.
fn text(answer: &impl Serialize) -> String {
    serde_json::to_string_pretty(answer).unwrap() + "\n"
}

/// Asserts the command's JSON is the library answer's, byte for byte.
fn same(args: &[&str], answer: &impl Serialize) {
    let got = cli(args);
    let want = text(answer);
    assert!(
        got == want,
        "{args:?}: the command line and the library differ\n--- cli\n{got}\n--- library\n{want}"
    );
}

fn scratch(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("one_answer-{name}"));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn s(path: &Path) -> &str {
    path.to_str().unwrap()
}

const GOAL: &str = "interoperability-2020";

#[test]
fn status() {
    let r = Register::security_union();
    let ask = Ask::new(d(TODAY));
    same(&["status"], &r.status(&ask));
    same(
        &["status", "etias", "ees", "--as-of", "2017-06-28"],
        &r.status_of(&["etias", "ees"], &Ask::new(d("2017-06-28")))
            .unwrap(),
    );
}

#[test]
fn blockers_with_and_without_chances() {
    let r = Register::security_union();
    let ask = Ask::new(d(TODAY)).target(GOAL);
    same(&["blockers", GOAL], &r.blockers(&ask).unwrap());
    same(
        &["blockers", "etias", "--by", "2018-06-30"],
        &r.blockers(&Ask::new(d(TODAY)).target("etias").by(d("2018-06-30")))
            .unwrap(),
    );
    same(
        &["blockers", GOAL, "--full-paths"],
        &r.blockers(&ask).unwrap().with_full_paths(),
    );
    let chances = Forecaster::new(&r, d(TODAY))
        .with_seed(7)
        .with_simulations(300)
        .chances(r.blockers(&ask).unwrap())
        .unwrap();
    same(
        &[
            "blockers",
            GOAL,
            "--chances",
            "--seed",
            "7",
            "--simulations",
            "300",
        ],
        &chances,
    );
}

#[test]
fn critical_path_waiting_impact() {
    let r = Register::security_union();
    let ask = Ask::new(d("2017-06-01")).target(GOAL);
    same(
        &["critical-path", GOAL, "--as-of", "2017-06-01"],
        &r.critical_path(&ask).unwrap(),
    );
    same(
        &["waiting", "etias", "--as-of", "2017-07-01"],
        &r.waiting(&Ask::new(d("2017-07-01")).target("etias"))
            .unwrap(),
    );
    same(
        &["impact", "eu-lisa"],
        &r.impact(&Ask::new(d(TODAY)).target("eu-lisa")).unwrap(),
    );
}

#[test]
fn changes_with_and_without_the_forecast() {
    let r = Register::security_union();
    let ask = Ask::new(d(TODAY)).since(d("2017-07-27")).target(GOAL);
    same(
        &["changes", GOAL, "--since", "2017-07-27", "--no-forecast"],
        &r.changes(&ask).unwrap(),
    );
    let with = Forecaster::new(&r, d(TODAY))
        .with_simulations(300)
        .on_time(r.changes(&ask).unwrap())
        .unwrap();
    same(
        &[
            "changes",
            GOAL,
            "--since",
            "2017-07-27",
            "--simulations",
            "300",
        ],
        &with,
    );
    same(
        &["changes", "--since", "2017-06-29", "--as-of", "2017-07-27"],
        &r.changes(&Ask::new(d("2017-07-27")).since(d("2017-06-29")))
            .unwrap(),
    );
}

#[test]
fn history_order_graph_stages_timeline() {
    let r = Register::security_union();
    same(&["history", "etias"], &r.history("etias").unwrap());
    same(&["order"], &r.order());
    same(&["graph"], &Graph::new(&r, d(TODAY)));
    same(&["stages"], &Stages::new());
    same(
        &["timeline", GOAL],
        &r.schedule(&Ask::new(d(TODAY)).target(GOAL)).unwrap(),
    );
    same(
        &["timeline", "--as-of", "2017-01-01"],
        &r.schedule(&Ask::new(d("2017-01-01"))).unwrap(),
    );
}

#[test]
fn validate() {
    let dir = scratch("validate");
    let path = dir.join("register.json");
    std::fs::write(&path, Register::SECURITY_UNION_JSON).unwrap();
    let r = Register::load(&path).unwrap();
    same(&["validate", s(&path)], &r.validation());
}

#[test]
fn forecast_and_backtest() {
    let r = Register::security_union();
    let forecaster = Forecaster::new(&r, d(TODAY))
        .with_seed(3)
        .with_simulations(200);
    same(
        &[
            "forecast",
            "etias",
            GOAL,
            "--seed",
            "3",
            "--simulations",
            "200",
        ],
        &forecaster.forecast(&["etias", GOAL]).unwrap(),
    );
    same(
        &[
            "forecast",
            "ees",
            "--explain",
            "--seed",
            "3",
            "--simulations",
            "200",
        ],
        &forecaster
            .forecast(&["ees"])
            .unwrap()
            .with_model(forecaster.model().clone()),
    );
    same(
        &[
            "backtest",
            "--as-of",
            TODAY,
            "--seed",
            "3",
            "--simulations",
            "200",
        ],
        &forecaster.backtest(),
    );
    let dates = every_months(d("2017-01-24"), d(TODAY), 6);
    same(
        &[
            "backtest",
            "--as-of",
            "2017-01-24,2018-01-24",
            "--every",
            "6",
            "--seed",
            "3",
            "--simulations",
            "200",
        ],
        &calibrate(&r, &dates, 3, 200, None),
    );
}

#[test]
fn import_summary() {
    let input = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/import/ep-api_2016-0132.json"
    );
    let dir = scratch("import");
    let output = dir.join("register.json");
    let mut importer = ep_api::Importer::new(Options::default());
    importer.read_path(input).unwrap();
    let import = importer.finish().unwrap();
    same(
        &["import", "ep-api", input, "--output", s(&output)],
        &import.summary(&output),
    );
}
