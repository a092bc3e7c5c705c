//! The `codecision` binary, driven as users and scripts drive it: every
//! command in both formats, the JSON shapes of the command-line contract, every error path
//! (exit status, message on stderr, nothing on stdout), a register given by
//! path.
//!
//! `CODECISION_TODAY` pins "today" so that answers do not depend on the day
//! the tests run.

use std::io::Write as _;
use std::path::PathBuf;
use std::process::{Command, Stdio};

use codecision::Ask;
use serde_json::{Value, json};

const TODAY: &str = "2018-01-24";

struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

fn fixture(name: &str) -> String {
    let path: PathBuf = [env!("CARGO_MANIFEST_DIR"), "tests", "fixtures", "cli", name]
        .iter()
        .collect();
    path.display().to_string()
}

fn run_with(args: &[&str], env: &[(&str, &str)], stdin: Option<&[u8]>) -> Run {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_codecision"));
    cmd.args(args)
        .env("CODECISION_TODAY", TODAY)
        .env_remove("NO_COLOR")
        .stdin(if stdin.is_some() {
            Stdio::piped()
        } else {
            Stdio::null()
        })
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    for (k, v) in env {
        cmd.env(k, v);
    }
    let mut child = cmd.spawn().expect("the binary runs");
    if let Some(input) = stdin {
        let mut pipe = child.stdin.take().expect("stdin is piped");
        pipe.write_all(input).expect("stdin takes the input");
    }
    let out = child.wait_with_output().expect("the binary finishes");
    Run {
        code: out.status.code().expect("exited, not killed by a signal"),
        stdout: String::from_utf8(out.stdout).expect("stdout is UTF-8"),
        stderr: String::from_utf8(out.stderr).expect("stderr is UTF-8"),
    }
}

fn run(args: &[&str]) -> Run {
    run_with(args, &[], None)
}

/// Runs a command that must succeed; returns its stdout.
fn ok(args: &[&str]) -> String {
    let r = run(args);
    assert_eq!(r.code, 0, "{args:?} failed: {}", r.stderr);
    assert!(!r.stdout.is_empty(), "{args:?} printed nothing");
    assert!(
        !r.stdout.contains('\x1b'),
        "{args:?}: colour escapes on a pipe"
    );
    r.stdout
}

/// Runs a command that must succeed with one JSON document on stdout.
fn json_of(args: &[&str]) -> Value {
    let mut all = args.to_vec();
    all.extend(["--format", "json"]);
    let out = ok(&all);
    serde_json::from_str(&out)
        .unwrap_or_else(|e| panic!("{args:?}: not one JSON document: {e}\n{out}"))
}

/// Runs a command that must fail with `code`, a message on stderr and
/// nothing on stdout; returns stderr.
fn fails(args: &[&str], code: i32) -> String {
    fails_with(run(args), args, code)
}

fn fails_with(r: Run, args: &[&str], code: i32) -> String {
    assert_eq!(r.code, code, "{args:?}: stderr {}", r.stderr);
    assert_eq!(r.stdout, "", "{args:?}: something on stdout on failure");
    assert!(!r.stderr.trim().is_empty(), "{args:?}: no message");
    assert!(!r.stderr.contains("panicked"), "{args:?}: {}", r.stderr);
    r.stderr
}

fn keys(v: &Value) -> Vec<&str> {
    let mut k: Vec<&str> = v
        .as_object()
        .expect("an object")
        .keys()
        .map(String::as_str)
        .collect();
    k.sort_unstable();
    k
}

fn lines_with<'a>(text: &'a str, word: &str) -> Vec<&'a str> {
    text.lines().filter(|l| l.contains(word)).collect()
}

// ----- status --------------------------------------------------------------

#[test]
fn status_json_has_the_contract_shape() {
    let v = json_of(&["status", "--as-of", "2018-01-24"]);
    assert_eq!(keys(&v), ["as_of", "files"]);
    assert_eq!(v["as_of"], "2018-01-24");
    let files = v["files"].as_array().unwrap();
    assert_eq!(
        files.len(),
        codecision::Register::security_union().files().len(),
        "every file of the embedded register"
    );
    for f in files {
        assert_eq!(keys(f), ["id", "since", "stage"]);
    }
    let etias = files.iter().find(|f| f["id"] == "etias").unwrap();
    assert_eq!(etias["stage"], "trilogue");
    assert_eq!(etias["since"], "2017-12-12");
}

#[test]
fn status_of_named_files_keeps_their_order() {
    let v = json_of(&["status", "vis-revision", "etias", "--as-of", "2016-01-01"]);
    let ids: Vec<&Value> = v["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| &f["id"])
        .collect();
    assert_eq!(ids, [&json!("vis-revision"), &json!("etias")]);
    // Neither was proposed in 2016-01: no stage yet, null in JSON.
    assert_eq!(v["files"][1]["stage"], Value::Null);
    assert_eq!(v["files"][1]["since"], Value::Null);
}

#[test]
fn as_of_defaults_to_today_and_flags_go_before_or_after_the_command() {
    let after = ok(&["status", "--format", "json"]);
    let before = ok(&["--format", "json", "status"]);
    assert_eq!(after, before);
    let v: Value = serde_json::from_str(&after).unwrap();
    assert_eq!(v["as_of"], TODAY);
    let other = run_with(
        &["status", "--format", "json"],
        &[("CODECISION_TODAY", "2019-05-01")],
        None,
    );
    assert_eq!(other.code, 0);
    let v: Value = serde_json::from_str(&other.stdout).unwrap();
    assert_eq!(v["as_of"], "2019-05-01");
}

#[test]
fn status_table_writes_stages_as_the_field_does() {
    let out = ok(&["status", "--as-of", "2018-01-24"]);
    assert!(out.starts_with("Status as of 2018-01-24\n"), "{out}");
    let header = out.lines().nth(1).unwrap();
    assert!(header.starts_with("ID"), "{header}");
    let etias = lines_with(&out, "etias ")[0];
    assert!(
        etias.contains("trilogue") && etias.contains("2017-12-12"),
        "{etias}"
    );
    // Columns line up: the STAGE column starts at the same place on each line.
    let at = header.find("STAGE").unwrap();
    for line in out.lines().skip(2) {
        assert_eq!(line.chars().nth(at - 1), Some(' '), "{line}");
        assert_ne!(line.chars().nth(at), Some(' '), "{line}");
    }
    // Mandates and entry into force as words, not snake_case.
    let early = ok(&["status", "etias", "--as-of", "2017-07-01"]);
    assert!(early.contains("general approach"), "{early}");
    let late = ok(&["status", "etias", "--as-of", "2019-01-01"]);
    assert!(late.contains("entry into force"), "{late}");
    assert!(!late.contains("entry_into_force"), "{late}");
}

// ----- blockers ------------------------------------------------------------

#[test]
fn blockers_after_the_deadline_are_the_files_that_missed_it() {
    let v = json_of(&["blockers", "interoperability-2020", "--as-of", "2026-11-23"]);
    // The contract's document: no chance unless asked (`--chances`).
    assert_eq!(keys(&v), ["as_of", "blockers", "deadline", "target"]);
    assert_eq!(v["target"], "interoperability-2020");
    assert_eq!(v["deadline"], "2020-12-31");
    assert_eq!(v["as_of"], "2026-11-23");
    let files: Vec<&str> = v["blockers"]
        .as_array()
        .unwrap()
        .iter()
        .map(|b| b["file"].as_str().unwrap())
        .collect();
    assert_eq!(files, ["eurodac-recast", "vis-revision"]);
    for b in v["blockers"].as_array().unwrap() {
        assert_eq!(keys(b), ["file", "path", "required", "stage"]);
        assert_eq!(b["required"], "entry_into_force");
        let path = b["path"].as_array().unwrap();
        assert_eq!(path.first().unwrap(), "interoperability-2020");
        assert_eq!(path.last().unwrap(), &b["file"]);
    }
}

#[test]
fn blockers_before_the_deadline_match_the_cli_example() {
    let v = json_of(&["blockers", "interoperability-2020", "--as-of", "2018-01-24"]);
    let etias = v["blockers"]
        .as_array()
        .unwrap()
        .iter()
        .find(|b| b["file"] == "etias")
        .expect("etias blocks in January 2018");
    // Exactly the contract's fields: the chances only with `--chances`.
    assert_eq!(
        *etias,
        json!({
            "file": "etias",
            "required": "entry_into_force",
            "stage": "trilogue",
            "path": ["interoperability-2020", "interop-borders-visa", "etias"]
        })
    );
}

#[test]
fn blockers_table_names_the_files_and_their_chains() {
    let out = ok(&["blockers", "interoperability-2020", "--as-of", "2026-11-23"]);
    assert!(
        out.starts_with("2 files missed the deadline 2020-12-31"),
        "{out}"
    );
    let rows: Vec<&str> = out.lines().skip(2).collect();
    assert_eq!(rows.len(), 2, "{out}");
    assert!(rows[0].starts_with("eurodac-recast"));
    assert!(rows[0].contains("entry into force"));
    assert!(rows[0].contains("interoperability-2020 > eurodac-recast"));
    assert!(rows[1].starts_with("vis-revision"));
}

#[test]
fn blockers_of_a_file_need_a_deadline() {
    let err = fails(&["blockers", "etias", "--as-of", "2018-01-24"], 1);
    assert!(err.contains("--by"), "{err}");
    let v = json_of(&[
        "blockers",
        "etias",
        "--by",
        "2018-12-31",
        "--as-of",
        "2018-01-24",
    ]);
    assert_eq!(v["deadline"], "2018-12-31");
    let files: Vec<&str> = v["blockers"]
        .as_array()
        .unwrap()
        .iter()
        .map(|b| b["file"].as_str().unwrap())
        .collect();
    assert!(
        files.contains(&"etias"),
        "the file itself is in its closure"
    );
}

// ----- a register given by path ---------------------------------------------

#[test]
fn a_register_given_by_path_is_the_one_asked() {
    let reg = fixture("clean.json");
    let v = json_of(&["--register", &reg, "status", "--as-of", "2020-07-01"]);
    assert_eq!(
        v["files"],
        json!([
            { "id": "alpha", "stage": "political_agreement", "since": "2020-06-01" },
            { "id": "beta", "stage": "libe_vote", "since": "2020-06-15" },
            { "id": "gamma", "stage": null, "since": null }
        ])
    );
    let v = json_of(&[
        "blockers",
        "goal-2021",
        "--register",
        &reg,
        "--as-of",
        "2021-01-01",
    ]);
    // (Without the forecast's chances, checked in tests/forecast_cli.rs.)
    let mut blockers = v["blockers"].clone();
    for b in blockers.as_array_mut().unwrap() {
        b.as_object_mut().unwrap().remove("p_by_deadline");
    }
    assert_eq!(
        blockers,
        json!([
            { "file": "beta", "required": "adoption", "stage": "libe_vote",
              "path": ["goal-2021", "gamma", "beta"] },
            { "file": "gamma", "required": "entry_into_force", "stage": null,
              "path": ["goal-2021", "gamma"] }
        ])
    );
    // A committee other than LIBE is named as the field names it.
    let out = ok(&[
        "--register",
        &reg,
        "status",
        "beta",
        "--as-of",
        "2020-07-01",
    ]);
    assert!(out.contains("ITRE vote"), "{out}");
}

#[test]
fn a_register_can_come_from_stdin() {
    let text = std::fs::read(fixture("clean.json")).unwrap();
    let r = run_with(
        &["--register", "-", "status", "--format", "json"],
        &[],
        Some(&text),
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    let v: Value = serde_json::from_str(&r.stdout).unwrap();
    assert_eq!(v["files"].as_array().unwrap().len(), 3);
}

/// Issue 17, item 1: these commands panicked (exit 101) on a requirement on
/// a terminal stage, and `validate` accepted it.
#[test]
fn a_requirement_on_a_terminal_stage_is_a_clear_error_not_a_panic() {
    let text = br#"{"files":[{"id":"a","title":"T"},{"id":"b","title":"T","requires":[{"file":"a","stage":"withdrawn"}]}]}"#;
    for args in [
        &["forecast"][..],
        &["blockers", "b", "--by", "2030-01-01", "--format", "json"],
        &["waiting", "b"],
    ] {
        let mut all = vec!["--register", "-"];
        all.extend(args);
        let err = fails_with(run_with(&all, &[], Some(text)), &all, 1);
        assert!(
            err.contains("file `b` (files[1]), requires[0]: requires `a` at stage `withdrawn`, a terminal stage"),
            "{all:?}: {err}"
        );
    }
    let dir = std::env::temp_dir().join(format!("codecision-terminal-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("t.json");
    std::fs::write(&path, text).unwrap();
    let err = fails(&["validate", path.to_str().unwrap()], 1);
    assert!(err.contains("requires[0]"), "{err}");
    std::fs::remove_dir_all(&dir).unwrap();
}

// ----- history, waiting, impact, critical path, order ------------------------

#[test]
fn history_lists_every_event_with_sources_and_notes() {
    let reg = fixture("clean.json");
    let v = json_of(&["--register", &reg, "history", "beta"]);
    assert_eq!(v["id"], "beta");
    assert_eq!(v["committee"], "ITRE");
    assert_eq!(
        v["requires"],
        json!([{ "file": "alpha", "stage": "entry_into_force" }])
    );
    let events = v["events"].as_array().unwrap();
    assert_eq!(events.len(), 3);
    assert_eq!(
        keys(&events[0]),
        ["committee", "date", "index", "note", "source", "stage"]
    );
    assert_eq!(events[2]["stage"], Value::Null, "informational event");
    assert_eq!(events[2]["note"], "plenary debate");
    assert_eq!(v["diagnostics"], json!([]));

    let out = ok(&["--register", &reg, "history", "alpha"]);
    assert!(out.starts_with("alpha: Alpha Regulation\n"), "{out}");
    assert!(out.contains("2020/0001(COD)"));
    assert!(out.contains("general approach") && out.contains("JHA Council"));
    assert!(out.contains("source: COM(2020) 1"), "{out}");
    assert_eq!(lines_with(&out, "2020-").len(), 7, "{out}");
}

#[test]
fn history_of_the_embedded_register_flags_anomalies() {
    let v = json_of(&["history", "etias"]);
    assert_eq!(v["events"].as_array().unwrap().len(), 20);
    let out = ok(&["history", "etias"]);
    assert!(out.contains("LIBE vote"), "{out}");
    // Events come in date order.
    let dates: Vec<&str> = v["events"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["date"].as_str().unwrap())
        .collect();
    assert!(dates.windows(2).all(|w| w[0] <= w[1]));
    let reg = fixture("anomalies.json");
    let out = ok(&["--register", &reg, "history", "delta"]);
    assert!(out.contains("warning:"), "{out}");
    let v = json_of(&["--register", &reg, "history", "delta"]);
    assert_eq!(v["diagnostics"][0]["event"], 2);
}

#[test]
fn file_commands_refuse_a_goal_with_a_pointer() {
    for cmd in ["history", "waiting", "impact", "status"] {
        let err = fails(&[cmd, "interoperability-2020"], 1);
        assert!(err.contains("is a goal, not a file"), "{cmd}: {err}");
        assert!(
            err.contains("codecision blockers interoperability-2020"),
            "{cmd}: {err}"
        );
    }
}

#[test]
fn waiting_says_what_a_file_waits_for() {
    let v = json_of(&["waiting", "etias", "--as-of", "2017-07-01"]);
    assert_eq!(v["file"], "etias");
    assert_eq!(v["stage"], "general_approach");
    let next: Vec<&Value> = v["next"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| &n["stage"])
        .collect();
    assert!(next.contains(&&json!("libe_vote")), "{v}");
    let held: Vec<&Value> = v["held_back"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| &n["stage"])
        .collect();
    assert!(held.contains(&&json!("trilogue")), "{v}");

    let out = ok(&["waiting", "etias", "--as-of", "2017-07-01"]);
    assert!(
        out.starts_with("etias as of 2017-07-01: general approach since 2017-06-09"),
        "{out}"
    );
    assert!(
        out.contains("LIBE vote") && out.contains("both mandates held"),
        "{out}"
    );

    let reg = fixture("clean.json");
    let v = json_of(&[
        "--register",
        &reg,
        "waiting",
        "beta",
        "--as-of",
        "2020-07-01",
    ]);
    assert_eq!(v["missing"][0]["file"], "alpha");
    assert_eq!(v["missing"][0]["stage"], "political_agreement");
    let out = ok(&[
        "--register",
        &reg,
        "waiting",
        "beta",
        "--as-of",
        "2020-07-01",
    ]);
    assert!(out.contains("Missing prerequisites (1):"), "{out}");
    assert!(out.contains("ITRE vote since 2020-06-15"), "{out}");
}

#[test]
fn impact_lists_the_goals_a_file_holds_up() {
    let v = json_of(&["impact", "eu-lisa", "--as-of", "2018-01-24"]);
    assert_eq!(v["file"], "eu-lisa");
    let goal = v["goals"]
        .as_array()
        .unwrap()
        .iter()
        .find(|g| g["goal"] == "interoperability-2020")
        .expect("eu-lisa is needed by the interoperability goal");
    assert_eq!(goal["blocking"], true);
    assert_eq!(goal["path"].as_array().unwrap().last().unwrap(), "eu-lisa");
    let out = ok(&["impact", "eu-lisa", "--as-of", "2018-01-24"]);
    assert!(
        lines_with(&out, "interoperability-2020 ")[0].contains("yes"),
        "{out}"
    );
}

#[test]
fn critical_path_adds_up() {
    let v = json_of(&[
        "critical-path",
        "interoperability-2020",
        "--as-of",
        "2017-06-01",
    ]);
    assert_eq!(v["target"], "interoperability-2020");
    assert_eq!(v["deadline"], "2020-12-31");
    let chain = v["chain"].as_array().unwrap();
    assert!(!chain.is_empty());
    let sum: u64 = chain.iter().map(|s| s["steps"].as_u64().unwrap()).sum();
    assert_eq!(v["steps"].as_u64().unwrap(), sum);
    let out = ok(&[
        "critical-path",
        "interoperability-2020",
        "--as-of",
        "2017-06-01",
    ]);
    assert!(out.contains(&format!("{sum} stages to go")), "{out}");
    let first = chain[0]["file"].as_str().unwrap();
    assert!(lines_with(&out, first).len() == 1, "{out}");
}

#[test]
fn order_puts_prerequisites_first() {
    let order = json_of(&["order"]);
    let graph = json_of(&["graph"]);
    let ids: Vec<&str> = order["order"]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| x["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids.len(), graph["nodes"].as_array().unwrap().len());
    let at = |id: &str| ids.iter().position(|x| *x == id).unwrap();
    for e in graph["edges"].as_array().unwrap() {
        if e["kind"] == "requires" {
            let (from, to) = (e["from"].as_str().unwrap(), e["to"].as_str().unwrap());
            assert!(at(to) < at(from), "{to} should come before {from}");
        }
    }
    let out = ok(&["order"]);
    assert_eq!(out.lines().count(), ids.len() + 2);
}

// ----- graph and stages -----------------------------------------------------

#[test]
fn graph_in_every_format() {
    let dot = ok(&["graph", "--format", "dot", "--as-of", "2018-01-24"]);
    assert!(dot.starts_with("digraph"), "{dot}");
    assert!(dot.contains("\"interop-borders-visa\" -> \"etias\""));
    let svg = ok(&["graph", "--format", "svg", "--as-of", "2018-01-24"]);
    assert!(svg.starts_with("<svg "), "{svg}");
    assert!(svg.contains(r#"data-id="etias" data-stage="trilogue""#));
    let mermaid = ok(&["graph", "--format", "mermaid"]);
    assert!(
        mermaid.contains("flowchart") || mermaid.contains("graph"),
        "{mermaid}"
    );
    let v = json_of(&["graph", "--as-of", "2018-01-24"]);
    let register = codecision::Register::security_union();
    assert_eq!(
        v["nodes"].as_array().unwrap().len(),
        register.files().len() + register.goals().len()
    );
    let etias = v["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|n| n["id"] == "etias")
        .unwrap();
    assert_eq!(etias["stage"], "trilogue");
    assert!(v["edges"].as_array().unwrap().contains(&json!({
        "from": "etias", "to": "ees", "kind": "requires", "stage": "adoption"
    })));
    let table = ok(&["graph", "--as-of", "2018-01-24"]);
    assert!(
        lines_with(&table, "etias ")[0].contains("ees (adoption)"),
        "{table}"
    );
}

#[test]
fn stages_in_every_format() {
    let mermaid = ok(&["stages", "--format", "mermaid"]);
    assert!(mermaid.starts_with("stateDiagram-v2"));
    assert!(mermaid.contains("libe_vote --> trilogue"));
    let dot = ok(&["stages", "--format", "dot"]);
    assert!(dot.starts_with("digraph stages"));
    assert!(dot.contains("general_approach -> trilogue"));
    let v = json_of(&["stages"]);
    assert_eq!(
        v["rules"].as_array().unwrap().len(),
        codecision::transition::TABLE.len()
    );
    assert_eq!(v["stages"].as_array().unwrap().len(), 11);
    let table = ok(&["stages"]);
    for rule in codecision::transition::TABLE {
        let rows = table
            .lines()
            .filter(|l| l.starts_with(&format!("{} ", rule.name)));
        assert_eq!(rows.count(), 1, "{}", rule.name);
    }
}

// ----- validate ---------------------------------------------------------------

#[test]
fn validate_a_clean_register() {
    let path = fixture("clean.json");
    let r = run(&["validate", &path]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(
        r.stdout,
        format!("{path}: valid: 3 files, 1 goal, 0 warnings\n")
    );
    assert_eq!(r.stderr, "");
    let v = json_of(&["validate", &path, "--strict"]);
    assert_eq!(
        v,
        json!({ "valid": true, "files": 3, "goals": 1, "warnings": [] })
    );
}

#[test]
fn validate_reports_order_anomalies_as_warnings_and_fails_on_them_with_strict() {
    let path = fixture("anomalies.json");
    let r = run(&["validate", &path]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stdout.contains("1 warning"), "{}", r.stdout);
    assert!(
        r.stderr.contains("warning: file `delta`, event 2"),
        "{}",
        r.stderr
    );
    let err = fails(&["validate", "--strict", &path], 1);
    assert!(err.contains("warning: file `delta`, event 2"), "{err}");
    assert!(err.contains("--strict"), "{err}");
    let r = run(&["validate", &path, "--strict", "--format", "json"]);
    fails_with(r, &["validate --strict --format json"], 1);
}

#[test]
fn validate_the_embedded_register_through_stdin() {
    let text = ok(&["validate", &fixture("clean.json"), "--format", "json"]);
    assert!(text.contains("\"valid\": true"));
    let input = std::fs::read(fixture("clean.json")).unwrap();
    let r = run_with(&["validate", "-"], &[], Some(&input));
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stdout.starts_with("<stdin>: valid"), "{}", r.stdout);
}

#[test]
fn invalid_json_names_the_path_line_and_column() {
    let path = fixture("syntax.json");
    for args in [vec!["validate", &path], vec!["--register", &path, "status"]] {
        let err = fails(&args, 1);
        assert!(err.starts_with("codecision: "), "{err}");
        assert!(err.contains(&path), "{err}");
        assert!(err.contains("line 4, column"), "{err}");
    }
}

#[test]
fn every_structural_problem_is_listed() {
    let path = fixture("problems.json");
    let err = fails(&["validate", &path], 1);
    assert!(err.contains(&path), "{err}");
    assert!(err.contains("unknown field `titel`"), "{err}");
    assert!(err.contains("file `a` (files[0])"), "{err}");
    assert!(err.contains("bad date `2018-02-30`"), "{err}");
    assert!(err.contains("event 0"), "{err}");
    assert!(
        err.contains("unknown id `alpah`; did you mean `alpha`?"),
        "{err}"
    );
    // The same register, used for a query, fails the same way.
    let again = fails(&["--register", &path, "status"], 1);
    assert_eq!(again, err);
}

#[test]
fn a_cycle_is_reported_whole() {
    let path = fixture("cycle.json");
    let err = fails(&["validate", &path], 1);
    assert!(err.contains("a -> b -> c -> a"), "{err}");
    fails(&["--register", &path, "order"], 1);
}

#[test]
fn an_unreadable_register_is_named() {
    let missing = fixture("no-such-register.json");
    let err = fails(&["validate", &missing], 1);
    assert!(err.contains("no-such-register.json"), "{err}");
    let err = fails(&["--register", &missing, "status"], 1);
    assert!(err.contains("no-such-register.json"), "{err}");
    // A directory is not a register either.
    let err = fails(&["validate", &fixture("")], 1);
    assert!(err.contains("fixtures"), "{err}");
}

// ----- errors on the command line ---------------------------------------------

#[test]
fn unknown_ids_suggest_the_closest() {
    for args in [
        vec!["status", "etais"],
        vec!["history", "etais"],
        vec!["waiting", "etais"],
        vec!["impact", "etais"],
        vec!["blockers", "etais", "--by", "2020-01-01"],
        vec!["critical-path", "etais", "--by", "2020-01-01"],
    ] {
        let err = fails(&args, 1);
        assert!(
            err.contains("unknown id `etais`; did you mean `etias`?"),
            "{args:?}: {err}"
        );
    }
    let err = fails(&["blockers", "interoperability-202"], 1);
    assert!(
        err.contains("did you mean `interoperability-2020`?"),
        "{err}"
    );
    let err = fails(
        &[
            "--format",
            "json",
            "status",
            "etias",
            "nope-nothing-like-it",
        ],
        1,
    );
    assert!(err.contains("unknown id `nope-nothing-like-it`"), "{err}");
}

#[test]
fn bad_dates_name_the_flag_and_exit_1() {
    for (args, flag) in [
        (vec!["status", "--as-of", "2018-13-01"], "--as-of"),
        (vec!["status", "--as-of", "2018-1-24"], "--as-of"),
        (vec!["blockers", "etias", "--by", "2018-02-30"], "--by"),
        (vec!["waiting", "etias", "--as-of", "yesterday"], "--as-of"),
        (
            vec!["graph", "--format", "dot", "--as-of", "24/01/2018"],
            "--as-of",
        ),
    ] {
        let err = fails(&args, 1);
        assert!(
            err.contains(flag) && err.contains("bad date"),
            "{args:?}: {err}"
        );
        assert!(err.contains(args.last().unwrap()), "{args:?}: {err}");
    }
    let r = run_with(&["status"], &[("CODECISION_TODAY", "2018-02-29")], None);
    let err = fails_with(r, &["CODECISION_TODAY=2018-02-29 status"], 1);
    assert!(err.contains("CODECISION_TODAY"), "{err}");
}

#[test]
fn usage_errors_exit_2() {
    for args in [
        vec![],
        vec!["no-such-command"],
        vec!["status", "--bogus"],
        vec!["--format", "xml", "status"],
        vec!["blockers"],
        vec!["validate"],
        vec!["completions", "cmd.exe"],
        vec!["status", "--format", "dot"],
        vec!["blockers", "interoperability-2020", "--format", "mermaid"],
        vec!["status", "--format", "svg"],
        vec!["stages", "--format", "svg"],
    ] {
        fails(&args, 2);
    }
}

// ----- help, completions, manual ------------------------------------------------

#[test]
fn help_shows_an_example_per_command() {
    for cmd in [
        "status",
        "blockers",
        "validate",
        "history",
        "waiting",
        "impact",
        "critical-path",
        "order",
        "graph",
        "stages",
        "completions",
        "man",
    ] {
        let out = ok(&[cmd, "--help"]);
        assert!(out.contains("Example"), "{cmd} --help: {out}");
        assert!(
            out.contains(&format!("codecision {cmd}")),
            "{cmd} --help: {out}"
        );
    }
    let out = ok(&["--help"]);
    assert!(
        out.contains("CODECISION_TODAY") && out.contains("NO_COLOR"),
        "{out}"
    );
    assert!(ok(&["--version"]).starts_with("codecision "));
}

#[test]
fn completions_and_manual_page() {
    for shell in ["bash", "zsh", "fish", "powershell", "elvish"] {
        let out = ok(&["completions", shell]);
        assert!(out.contains("codecision"), "{shell}");
        assert!(out.contains("blockers"), "{shell}");
    }
    let man = ok(&["man"]);
    assert!(man.contains(".TH codecision"), "{man}");
    assert!(man.contains("blockers"));
}

#[test]
fn no_colour_on_a_pipe_even_when_asked_for_nothing() {
    // `ok` checks every output for escapes; NO_COLOR set must change nothing
    // on a pipe either.
    let plain = ok(&["status"]);
    let r = run_with(&["status"], &[("NO_COLOR", "1")], None);
    assert_eq!(r.stdout, plain);
}

#[test]
fn a_closed_stdout_stops_quietly_without_a_panic() {
    // A register big enough that its status table overflows a pipe buffer.
    let files: Vec<Value> = (0..3000)
        .map(|i| {
            json!({
                "id": format!("file-{i}"),
                "title": format!("Legislative file number {i} with a fairly long title"),
                "events": [{ "date": "2020-01-01", "stage": "proposal" }]
            })
        })
        .collect();
    let path = std::env::temp_dir().join(format!("codecision-cli-big-{}.json", std::process::id()));
    std::fs::write(&path, json!({ "files": files }).to_string()).unwrap();
    // A table is written from memory at the end; a JSON document as it is
    // made.
    for format in ["table", "json"] {
        let mut child = Command::new(env!("CARGO_BIN_EXE_codecision"))
            .args([
                "--register",
                &path.display().to_string(),
                "--format",
                format,
                "status",
            ])
            .env("CODECISION_TODAY", TODAY)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        drop(child.stdout.take()); // the reader goes away before reading
        let out = child.wait_with_output().unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(!stderr.contains("panicked"), "{format}: {stderr}");
        assert_eq!(out.status.code(), Some(1), "{format}: {stderr}");
        assert_eq!(stderr, "", "{format}: a broken pipe is not worth a message");
    }
    let _ = std::fs::remove_file(&path);
}

#[test]
fn a_full_disk_is_reported() {
    let Ok(full) = std::fs::OpenOptions::new().write(true).open("/dev/full") else {
        return; // not on this system
    };
    for format in ["table", "json"] {
        let out = Command::new(env!("CARGO_BIN_EXE_codecision"))
            .args(["--format", format, "status"])
            .env("CODECISION_TODAY", TODAY)
            .stdout(full.try_clone().unwrap())
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{format}: {stderr}");
        assert!(
            stderr.starts_with("codecision: cannot write to stdout: "),
            "{format}: {stderr}"
        );
    }
}

/// A register whose goal `g` requires `c0`, `c0` requires `c1`, ... down to
/// `c{n-1}`; every file proposed on 2020-01-01 when `proposed`.
fn chain_register(n: usize, proposed: bool) -> String {
    let events = if proposed {
        r#","events":[{"date":"2020-01-01","stage":"proposal"}]"#
    } else {
        ""
    };
    let files: Vec<String> = (0..n)
        .map(|i| {
            let requires = if i + 1 < n {
                format!(r#","requires":["c{}"]"#, i + 1)
            } else {
                String::new()
            };
            format!(r#"{{"id":"c{i}","title":"T"{events}{requires}}}"#)
        })
        .collect();
    format!(
        r#"{{"files":[{}],"goals":[{{"id":"g","title":"G","deadline":"2030-01-01","requires":["c0"]}}]}}"#,
        files.join(",")
    )
}

/// Issue 17, item 7: a deep `requires` chain gives documents linear in the
/// register (a whole path per blocker would be quadratic), tables with
/// abridged chains, and `--full-paths` for whoever asks.
#[test]
fn a_deep_chain_gives_linear_documents() {
    let n = 20_000;
    let text = chain_register(n, true);
    let input = Some(text.as_bytes());
    // Past the deadline, so no forecast is run (the chances are certain).
    let args = [
        "--register",
        "-",
        "blockers",
        "g",
        "--as-of",
        "2031-01-01",
        "--format",
        "json",
    ];
    let r = run_with(&args, &[], input);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stdout.len() < 200 * n + 20_000_000,
        "{} bytes",
        r.stdout.len()
    );
    let v: Value = serde_json::from_str(&r.stdout).unwrap();
    let blockers = v["blockers"].as_array().unwrap();
    assert_eq!(blockers.len(), n);
    let deepest = blockers.iter().find(|b| b["file"] == "c19999").unwrap();
    assert_eq!(deepest["path"], Value::Null);
    assert_eq!(deepest["via"], "c19998");
    assert_eq!(deepest["depth"], 20_000);
    let short = blockers.iter().find(|b| b["file"] == "c0").unwrap();
    assert_eq!(keys(short), ["file", "path", "required", "stage"]);

    let args = ["--register", "-", "blockers", "g", "--as-of", "2031-01-01"];
    let r = run_with(&args, &[], input);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let line = lines_with(&r.stdout, "c19999")[0];
    assert!(
        line.contains("g > \u{2026} 19998 more \u{2026} > c19998 > c19999"),
        "{line}"
    );
    assert!(r.stdout.len() < 200 * n, "{} bytes", r.stdout.len());

    let args = [
        "--register",
        "-",
        "waiting",
        "c0",
        "--as-of",
        "2031-01-01",
        "--format",
        "json",
    ];
    let r = run_with(&args, &[], input);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let v: Value = serde_json::from_str(&r.stdout).unwrap();
    let missing = v["missing"].as_array().unwrap();
    assert_eq!(missing.len(), n - 1);
    assert_eq!(missing[0]["file"], "c1");
    assert_eq!(missing[n - 2]["depth"], n - 1);
}

#[test]
fn full_paths_gives_every_blocker_its_whole_chain() {
    let n = 1_100;
    let text = chain_register(n, false);
    let args = [
        "--register",
        "-",
        "blockers",
        "g",
        "--as-of",
        "2031-01-01",
        "--full-paths",
        "--format",
        "json",
    ];
    let r = run_with(&args, &[], Some(text.as_bytes()));
    assert_eq!(r.code, 0, "{}", r.stderr);
    let v: Value = serde_json::from_str(&r.stdout).unwrap();
    let deepest = v["blockers"]
        .as_array()
        .unwrap()
        .iter()
        .find(|b| b["file"] == "c1099")
        .unwrap();
    assert_eq!(deepest["path"].as_array().unwrap().len(), 1_101);
    assert_eq!(keys(deepest), ["file", "path", "required", "stage"]);
}

/// `blockers --chances --format json` prints the library's answer with its
/// chances, piece by piece, byte for byte as serde_json writes it whole.
#[test]
fn blockers_json_is_the_library_document() {
    let register = codecision::Register::security_union();
    for as_of in ["2018-01-24", "2021-06-01"] {
        let day = codecision::parse_date(as_of).unwrap();
        let answer = register
            .blockers(&Ask::new(day).target("interoperability-2020"))
            .unwrap();
        let document = codecision::forecast::Forecaster::new(&register, day)
            .chances(answer.clone())
            .unwrap();
        let want = serde_json::to_string_pretty(&document).unwrap() + "\n";
        let got = ok(&[
            "blockers",
            "interoperability-2020",
            "--as-of",
            as_of,
            "--chances",
            "--format",
            "json",
        ]);
        assert_eq!(got, want, "as of {as_of}");
        // Without the chances it is the answer's own JSON.
        let mut v: Value = serde_json::from_str(&got).unwrap();
        v.as_object_mut().unwrap().remove("p_on_time");
        for b in v["blockers"].as_array_mut().unwrap() {
            b.as_object_mut().unwrap().remove("p_by_deadline");
        }
        assert_eq!(v, serde_json::to_value(&answer).unwrap());
    }
}

/// Issue 17, item 10: ESC, BEL and U+202E in a title, a note or a source
/// reached stdout in tables, and in a bad id stderr in messages. Everything
/// printed for a terminal now shows them escaped (`\u{1b}`); JSON keeps its
/// own escapes.
#[test]
fn terminal_control_characters_are_escaped_in_tables_and_messages() {
    const NASTY: [char; 5] = ['\u{1b}', '\u{7}', '\u{202e}', '\u{8}', '\u{9b}'];
    let register = serde_json::json!({
        "files": [{
            "id": "a",
            "title": "Evil\u{1b}[2J\u{1b}]0;pwned\u{7} title \u{202e}cod.exe",
            "committee": "LI\u{1b}[31mBE",
            "events": [
                {"date": "2017-01-01", "stage": "proposal", "source": "COM\u{8}\u{8}\u{9b}31m",
                 "note": "a note \u{1b}[5m blinking"}
            ]
        }],
        "goals": [{"id": "g", "title": "Goal \u{202e}reversed", "deadline": "2020-01-01", "requires": ["a"]}]
    });
    let dir = std::env::temp_dir().join(format!("codecision-controls-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("r.json");
    std::fs::write(&path, register.to_string()).unwrap();
    let path = path.to_str().unwrap();
    for args in [
        &["status"][..],
        &["history", "a"][..],
        &["waiting", "a"][..],
        &["blockers", "g"][..],
        &["order"][..],
        &["graph"][..],
        &["impact", "a"][..],
        &["timeline", "g"][..],
        &["forecast", "a"][..],
    ] {
        let mut all = vec!["--register", path];
        all.extend_from_slice(args);
        let r = run(&all);
        assert_eq!(r.code, 0, "{args:?}: {}", r.stderr);
        for c in NASTY {
            assert!(!r.stdout.contains(c), "{args:?}: {c:?} in\n{}", r.stdout);
            assert!(!r.stderr.contains(c), "{args:?}: {c:?} in\n{}", r.stderr);
        }
        if args[0] == "history" {
            assert!(r.stdout.contains(r"Evil\u{1b}[2J"), "{}", r.stdout);
            assert!(r.stdout.contains(r"\u{202e}cod.exe"), "{}", r.stdout);
        }
    }
    // Messages: a bad id on the command line, and in a register.
    let err = fails(&["waiting", "x\u{1b}[31m\u{7}\u{202e}"], 1);
    for c in NASTY {
        assert!(!err.contains(c), "{c:?} in {err}");
    }
    assert!(err.contains(r"x\u{1b}[31m\u{7}\u{202e}"), "{err}");
    let bad = dir.join("bad.json");
    std::fs::write(
        &bad,
        r#"{"files": [{"id": "a\u001b[31m\u0007\u202e", "title": "t", "related": ["\u001b]0;x\u0007"]}]}"#,
    )
    .unwrap();
    let err = fails(&["validate", bad.to_str().unwrap()], 1);
    for c in NASTY {
        assert!(!err.contains(c), "{c:?} in {err}");
    }
    assert!(err.contains(r"a\u{1b}[31m\u{7}\u{202e}"), "{err}");
    // JSON stays JSON: serde's escapes, the same text read back.
    let doc = json_of(&["--register", path, "history", "a"]);
    assert!(doc.to_string().contains("Evil"), "{doc}");
    let out = run(&["--register", path, "history", "a", "--format", "json"]).stdout;
    assert!(out.contains(r"\u001b"), "{out}");
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn validate_reads_its_path_or_the_register_given_with_register() {
    let path = fixture("clean.json");
    let by_path = ok(&["validate", &path]);
    assert_eq!(ok(&["--register", &path, "validate"]), by_path);
    assert_eq!(ok(&["--register", &path, "validate", &path]), by_path);
    let input = std::fs::read(&path).unwrap();
    let r = run_with(&["--register", "-", "validate"], &[], Some(&input));
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stdout.starts_with("<stdin>: valid"), "{}", r.stdout);
}
