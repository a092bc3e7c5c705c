//! `codecision forecast` and `codecision backtest` driven as scripts drive
//! them: the JSON contract, the sentences, and the error paths.

use serde_json::Value;

mod binary;
use binary::Run;

fn run(args: &[&str]) -> Run {
    binary::run_on("2018-01-24", args)
}

fn json(args: &[&str]) -> Value {
    let mut all = args.to_vec();
    all.extend(["--format", "json"]);
    let out = run(&all);
    assert_eq!(out.code, 0, "{}", out.stderr);
    serde_json::from_str(&out.stdout).expect("one JSON document")
}

const ORDER: [&str; 8] = [
    "proposal",
    "general_approach",
    "libe_vote",
    "trilogue",
    "political_agreement",
    "adoption",
    "entry_into_force",
    "application",
];

#[test]
fn forecast_json_follows_the_contract() {
    let doc = json(&["forecast", "--as-of", "2018-01-24"]);
    assert_eq!(doc["as_of"], "2018-01-24");
    let files = doc["files"].as_array().unwrap();
    assert_eq!(
        files.len(),
        codecision::Register::security_union().files().len()
    );
    let etias = files.iter().find(|f| f["id"] == "etias").unwrap();
    assert_eq!(etias["stage"], "trilogue");
    let forecast = etias["forecast"].as_object().unwrap();
    // (serde_json's map sorts keys; the document's order is checked on the
    // raw text below.)
    let mut keys: Vec<&str> = forecast.keys().map(String::as_str).collect();
    keys.sort_by_key(|k| ORDER.iter().position(|s| s == k));
    assert_eq!(
        keys,
        [
            "political_agreement",
            "adoption",
            "entry_into_force",
            "application"
        ]
    );
    for file in files {
        let forecast = file["forecast"].as_object().unwrap();
        for (stage, band) in forecast {
            let rank = ORDER.iter().position(|s| s == stage).unwrap();
            assert!(rank > 0, "a proposal is never forecast");
            // p90 is null (never) once more than one in ten never get
            // there; never is later than every date.
            let (p10, p50) = (band["p10"].as_str().unwrap(), band["p50"].as_str().unwrap());
            let p90 = band["p90"].as_str().unwrap_or("9999-99-99");
            assert!("2018-01-24" < p10 && p10 <= p50 && p50 <= p90, "{file}");
            let p_no_act = file["p_no_act"].as_f64().unwrap();
            if stage == "adoption" {
                assert_eq!(band["p90"].is_null(), p_no_act > 0.1, "{file}");
            }
        }
    }
    // Every open file carries the chance it never becomes law; files with
    // nothing to forecast do not.
    for file in files {
        let open = !file["forecast"].as_object().unwrap().is_empty();
        match file.get("p_no_act") {
            Some(p) => {
                assert!(open, "{file}");
                assert!((0.0..=1.0).contains(&p.as_f64().unwrap()), "{file}");
            }
            None => assert!(!open, "{file}"),
        }
    }
    assert!(etias["p_no_act"].as_f64().unwrap() > 0.0);
    // The VIS revision is not proposed yet: an empty forecast.
    let vis = files.iter().find(|f| f["id"] == "vis-revision").unwrap();
    assert_eq!(vis["stage"], Value::Null);
    assert!(vis["forecast"].as_object().unwrap().is_empty());
    assert!(vis.get("p_no_act").is_none());
    let goals = doc["goals"].as_array().unwrap();
    assert_eq!(goals.len(), 2);
    let p = goals[0]["p_on_time"].as_f64().unwrap();
    assert!((0.0..=1.0).contains(&p));
}

#[test]
fn forecast_json_lists_stages_in_stage_order() {
    let out = run(&[
        "forecast",
        "ecris-tcn-reg",
        "--as-of",
        "2017-07-27",
        "--format",
        "json",
    ]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let at = |key: &str| out.stdout.find(&format!("\"{key}\"")).unwrap();
    assert!(at("general_approach") < at("libe_vote"));
    assert!(at("libe_vote") < at("trilogue"));
    assert!(at("trilogue") < at("political_agreement"));
    assert!(at("political_agreement") < at("adoption"));
    assert!(at("adoption") < at("entry_into_force"));
}

#[test]
fn seeds_make_forecasts_repeatable() {
    let a = run(&[
        "forecast",
        "--as-of",
        "2017-06-29",
        "--seed",
        "11",
        "--format",
        "json",
    ]);
    let b = run(&[
        "forecast",
        "--as-of",
        "2017-06-29",
        "--seed",
        "11",
        "--format",
        "json",
    ]);
    assert_eq!(a.stdout, b.stdout);
    let doc: Value = serde_json::from_str(&a.stdout).unwrap();
    assert_eq!(doc["seed"], 11);
}

#[test]
fn the_table_reads_like_an_analyst_wrote_it() {
    let out = run(&[
        "forecast",
        "etias",
        "vis-revision",
        "ees",
        "--as-of",
        "2018-01-24",
    ]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let text = &out.stdout;
    let line = text
        .lines()
        .find(|l| l.starts_with("etias: adoption most likely in "))
        .unwrap_or_else(|| panic!("{text}"));
    assert!(line.contains(", 80% between "), "{line}");
    // The median is of the outcomes in which it becomes law; the band
    // counts the others, whose odds are said.
    assert!(line.contains(" if it becomes law, 80% between "), "{line}");
    assert!(
        line.contains(" (1 in ") && line.contains(" that it never does)"),
        "{line}"
    );
    assert!(text.contains("In trilogue since 12 Dec 2017."), "{text}");
    assert!(
        text.contains("vis-revision: not proposed as of 24 Jan 2018"),
        "{text}"
    );
    let goal = run(&["forecast", "interoperability-2020", "--as-of", "2018-01-24"]);
    assert!(
        goal.stdout.contains("interoperability-2020: ")
            && goal
                .stdout
                .contains("chance of meeting its deadline (31 Dec 2020)"),
        "{}",
        goal.stdout
    );
}

#[test]
fn backtest_reports_errors_coverage_and_the_naive_rule() {
    let text = run(&["backtest", "--as-of", "2017-06-29,2018-01-24"]).stdout;
    for said in [
        "BEFORE P10",
        "AFTER P90",
        "INTERVAL SCORE",
        "yardstick",
        "18-month rule",
        "Fate: Brier score ",
        "for the base rate",
        "(p90 - p10) + 10 x max(0, p10 - actual) + 10 x max(0, actual - p90)",
    ] {
        assert!(text.contains(said), "{said}: {text}");
    }
    let doc = json(&["backtest", "--as-of", "2018-01-24"]);
    assert_eq!(doc["as_of"], "2018-01-24");
    let y = &doc["yardstick"];
    assert!(y["model"]["interval_score"].as_f64().unwrap() > 0.0, "{y}");
    assert!(
        y["yardstick"]["interval_score"].as_f64().unwrap() > 0.0,
        "{y}"
    );
    assert!(doc["fate"]["brier"].as_f64().unwrap() >= 0.0);
    let stages = doc["stages"].as_array().unwrap();
    let adoption = stages.iter().find(|s| s["stage"] == "adoption").unwrap();
    assert!(adoption["n"].as_u64().unwrap() > 0);
    assert!(adoption["mae_days"].as_f64().unwrap() >= 0.0);
    assert!(doc["naive_adoption_mae_days"].as_f64().is_some());
    assert!(doc["overall"]["coverage"].as_f64().is_some());
    let text = run(&["backtest", "--as-of", "2018-01-24"]).stdout;
    assert!(
        text.contains("naive rule (adoption 18 months after the proposal)"),
        "{text}"
    );
}

#[test]
fn errors_exit_with_a_message_and_nothing_on_stdout() {
    let unknown = run(&["forecast", "etais", "--as-of", "2018-01-24"]);
    assert_eq!(unknown.code, 1);
    assert!(unknown.stdout.is_empty());
    assert!(
        unknown.stderr.contains("did you mean `etias`"),
        "{}",
        unknown.stderr
    );
    let bad_date = run(&["forecast", "--as-of", "2018-02-30"]);
    assert_eq!(bad_date.code, 1);
    assert!(bad_date.stdout.is_empty());
    assert!(bad_date.stderr.contains("--as-of"), "{}", bad_date.stderr);
    let missing = run(&["backtest"]);
    assert_eq!(missing.code, 2);
    assert!(missing.stdout.is_empty());
    let zero = run(&["forecast", "--simulations", "0"]);
    assert_eq!(zero.code, 2);
}

#[test]
fn blockers_json_carries_the_chances_when_asked() {
    // Without `--chances`, nothing is simulated and no chance is given.
    let plain = json(&["blockers", "interoperability-2020", "--as-of", "2018-01-24"]);
    assert!(plain.get("p_on_time").is_none());
    assert!(
        plain["blockers"]
            .as_array()
            .unwrap()
            .iter()
            .all(|b| b.get("p_by_deadline").is_none())
    );
    let before = json(&[
        "blockers",
        "interoperability-2020",
        "--as-of",
        "2018-01-24",
        "--chances",
    ]);
    let p = before["p_on_time"].as_f64().unwrap();
    assert!(p > 0.0 && p < 1.0, "{p}");
    let blockers = before["blockers"].as_array().unwrap();
    for b in blockers {
        let chance = b["p_by_deadline"].as_f64().unwrap();
        assert!((0.0..=1.0).contains(&chance));
        // The goal needs every blocker: no likelier than any of them.
        assert!(p <= chance + 1e-12, "{b}");
    }
    // The same chance as `forecast` gives for the goal (same default seed).
    let forecast = json(&["forecast", "interoperability-2020", "--as-of", "2018-01-24"]);
    assert_eq!(forecast["goals"][0]["p_on_time"], before["p_on_time"]);
    // After the deadline: certain, and no per-blocker chance.
    let after = json(&[
        "blockers",
        "interoperability-2020",
        "--as-of",
        "2026-11-23",
        "--chances",
    ]);
    assert_eq!(after["p_on_time"], 0.0);
    assert!(
        after["blockers"]
            .as_array()
            .unwrap()
            .iter()
            .all(|b| b.get("p_by_deadline").is_none())
    );
    // Nothing blocking: certain the other way.
    let met = json(&[
        "blockers",
        "ees",
        "--by",
        "2018-12-31",
        "--as-of",
        "2018-06-01",
        "--chances",
    ]);
    assert!(met["blockers"].as_array().unwrap().is_empty());
    assert_eq!(met["p_on_time"], 1.0);
}

/// `blockers --chances` says the same chances in every format: the table,
/// the CSV and the JSON (each rounded its own way), with the seed and the
/// number of simulations given.
#[test]
fn blockers_chances_are_the_same_in_every_format() {
    let args = [
        "blockers",
        "interoperability-2020",
        "--as-of",
        "2018-01-24",
        "--chances",
        "--seed",
        "7",
        "--simulations",
        "400",
    ];
    let doc = json(&args);
    let csv_run = run(&[&args[..], &["--format", "csv"]].concat());
    assert_eq!(csv_run.code, 0, "{}", csv_run.stderr);
    let table = run(&args);
    assert_eq!(table.code, 0, "{}", table.stderr);
    let p = doc["p_on_time"].as_f64().unwrap();
    assert!(
        table.stdout.contains(&format!(
            "P(on time): {} (400 simulations, seed 7)",
            codecision::text::percent(p)
        )),
        "{}",
        table.stdout
    );
    assert!(table.stdout.contains("P(BY DEADLINE)"), "{}", table.stdout);
    let mut rows = csv::Reader::from_reader(csv_run.stdout.as_bytes());
    let header = rows.headers().unwrap().clone();
    assert_eq!(header.iter().next_back(), Some("p_by_deadline"));
    let blockers = doc["blockers"].as_array().unwrap();
    let records: Vec<csv::StringRecord> = rows.records().map(Result::unwrap).collect();
    assert_eq!(records.len(), blockers.len());
    for (record, b) in records.iter().zip(blockers) {
        assert_eq!(&record[0], b["file"].as_str().unwrap());
        let chance = b["p_by_deadline"].as_f64().unwrap();
        assert_eq!(record[5], format!("{chance:.4}"));
        let line = table
            .stdout
            .lines()
            .find(|l| l.starts_with(&format!("{} ", &record[0])))
            .unwrap();
        // One voice: 92.5% reads 93% here as everywhere (`text::percent`).
        assert!(line.contains(&codecision::text::percent(chance)), "{line}");
    }
}

#[test]
fn backtest_over_several_dates_pools_them() {
    let doc = json(&[
        "backtest",
        "--as-of",
        "2017-01-24,2018-01-24",
        "--every",
        "6",
        "--simulations",
        "300",
    ]);
    assert_eq!(doc["dates"].as_array().unwrap().len(), 3);
    assert!(doc["adoption"]["pinball"]["p90"].as_f64().is_some());
    assert!(
        doc["naive_adoption"]["median_error_days"]
            .as_f64()
            .is_some()
    );
    let text = run(&["backtest", "--as-of", "2017-01-24", "--as-of", "2018-01-24"]).stdout;
    assert!(text.contains("naive rule"), "{text}");
    assert!(text.contains("PINBALL P90"), "{text}");
    let wrong = run(&["backtest", "--as-of", "2018-01-24", "--every", "6"]);
    assert_eq!(wrong.code, 2);
    assert!(wrong.stdout.is_empty());
    assert!(wrong.stderr.contains("--every"), "{}", wrong.stderr);
}

/// Issue 17, item 11: a forecast as of the last day of 9999 used to print
/// `"+10000-01-01"`, a date no register can hold. Dates are capped at
/// 9999-12-31, and both outputs say so.
#[test]
fn dates_past_9999_are_capped_and_said_to_be() {
    let doc = json(&["forecast", "--as-of", "9999-12-31"]);
    let mut capped = 0;
    for file in doc["files"].as_array().unwrap() {
        for (stage, band) in file["forecast"].as_object().unwrap() {
            for q in ["p10", "p50", "p90"] {
                let date = band[q].as_str().unwrap();
                assert!(
                    codecision::parse_date(date).is_ok(),
                    "{}: {stage} {q} = {date}",
                    file["id"]
                );
            }
            if band["capped"] == Value::Bool(true) {
                assert_eq!(band["p90"], "9999-12-31");
                capped += 1;
            } else {
                assert!(band.get("capped").is_none(), "{band}");
            }
        }
    }
    assert!(capped > 0, "{doc}");
    let table = run(&["forecast", "--as-of", "9999-12-31"]);
    assert_eq!(table.code, 0, "{}", table.stderr);
    assert!(!table.stdout.contains("+10000"), "{}", table.stdout);
    assert!(
        table
            .stdout
            .contains("(capped at Dec 9999, the last date a register holds"),
        "{}",
        table.stdout
    );
    // An ordinary date is never capped.
    let doc = json(&["forecast", "--as-of", "2018-01-24"]);
    assert!(!doc.to_string().contains("capped"));
}

/// A forecast date whose only adoption comparisons are misses without a
/// date (a file still pending long after its p90) has no median error:
/// the per-date table shows "-", not "0 days".
#[test]
fn a_date_with_only_undated_misses_shows_no_median_error() {
    let register = r#"{"version": 1, "files": [
      {"id": "stuck", "title": "Stuck", "events": [
        {"date": "2000-01-10", "stage": "proposal", "source": "test"}]},
      {"id": "later", "title": "Later", "events": [
        {"date": "2024-01-10", "stage": "proposal", "source": "test"},
        {"date": "2025-06-10", "stage": "adoption", "source": "test"}]}
    ]}"#;
    let path = std::env::temp_dir().join(format!(
        "codecision-undated-miss-{}.json",
        std::process::id()
    ));
    std::fs::write(&path, register).unwrap();
    let path_text = path.to_str().unwrap();
    let out = run(&["--register", path_text, "backtest", "--as-of", "2001-01-15"]);
    let two_dates = [
        "--register",
        path_text,
        "backtest",
        "--as-of",
        "2001-01-15",
        "--as-of",
        "2001-07-15",
    ];
    let doc = json(&two_dates);
    let text = run(&two_dates).stdout;
    std::fs::remove_file(&path).ok();
    assert_eq!(out.code, 0, "{}", out.stderr);
    // The only adoption comparison each day: "stuck", pending at the
    // register's last day, long after its p90.
    let per_date = doc["per_date"].as_array().unwrap();
    for d in per_date {
        assert_eq!(d["adoption"]["n"], 1, "{d}");
        assert_eq!(d["adoption"]["dated"], 0, "{d}");
    }
    let row = text
        .lines()
        .find(|l| l.starts_with("2001-01-15"))
        .unwrap_or_else(|| panic!("{text}"));
    let cells: Vec<&str> = row
        .split("  ")
        .map(str::trim)
        .filter(|c| !c.is_empty())
        .collect();
    // AS OF, FILES, ADOPTIONS, INSIDE, MEDIAN ERROR, NAIVE, INTERVAL SCORE
    assert_eq!(cells[2], "1", "{row}");
    assert_eq!(cells[4], "-", "{row}");
    assert!(!row.contains("0 days"), "{row}");
}
