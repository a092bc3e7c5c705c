//! Every error the crate returns says what is wrong, where, and what to do
//! about it when that is not obvious; long values are cut, never copied
//! whole into a message.

use std::path::Path;
use std::process::Command;

use codecision::import::{Options, ep_api, parltrack};
use codecision::{Ask, Error, Event, LegislativeFile, Register, Stage, parse_date};

fn d(s: &str) -> chrono::NaiveDate {
    parse_date(s).unwrap()
}

fn bin() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_codecision"));
    c.env("CODECISION_TODAY", "2018-01-24");
    c
}

/// Runs the binary: (exit code, stdout, stderr).
fn run(args: &[&str]) -> (Option<i32>, String, String) {
    let out = bin().args(args).output().unwrap();
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn fixture(path: &str) -> String {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(path)
        .display()
        .to_string()
}

#[test]
fn refused_transitions_name_the_file_the_stages_and_the_rule() {
    let mut file = LegislativeFile::new("etias", "ETIAS");
    file.apply(Event::new(d("2016-11-16"), Stage::Proposal))
        .unwrap();
    let text = file
        .apply(Event::new(d("2017-01-01"), Stage::Trilogue))
        .unwrap_err()
        .to_string();
    assert!(
        text.starts_with("file `etias`: cannot move from proposal to trilogue: ")
            && text.contains("with both mandates held (rule `trilogue-needs-both-mandates`)")
            && text.ends_with("from proposal the table allows general_approach, libe_vote, withdrawn, lapsed or rejected"),
        "{text}"
    );
    // Backwards: both dates, and the way to record older history.
    let text = file
        .apply(Event::new(d("2016-01-01"), Stage::LibeVote))
        .unwrap_err()
        .to_string();
    assert!(
        text.contains("2016-01-01") && text.contains("2016-11-16") && text.contains("`record`"),
        "{text}"
    );
}

#[test]
fn bad_values_are_named_and_long_ones_cut() {
    let text = parse_date("2018-02-30").unwrap_err().to_string();
    assert_eq!(
        text,
        "bad date `2018-02-30`: no such day in that month (expected YYYY-MM-DD)"
    );
    let long = "9".repeat(10_000);
    let text = parse_date(&long).unwrap_err().to_string();
    assert!(text.len() < 200 && text.contains("(10000 bytes)"), "{text}");

    let text = "trialogue".parse::<Stage>().unwrap_err().to_string();
    assert!(
        text.contains("`trialogue`") && text.contains("known stages: proposal"),
        "{text}"
    );
    let text = long.parse::<Stage>().unwrap_err().to_string();
    assert!(text.len() < 400, "{} bytes", text.len());
}

#[test]
fn unknown_ids_suggest_or_point_to_the_list() {
    let register = Register::security_union();
    let err = register
        .blockers(&Ask::new(d("2018-01-24")).target("etais"))
        .unwrap_err();
    assert_eq!(err.to_string(), "unknown id `etais`; did you mean `etias`?");
    let err = register
        .blockers(&Ask::new(d("2018-01-24")).target("x".repeat(5_000)))
        .unwrap_err();
    assert!(err.to_string().len() < 200, "{err}");
    // The command line says where the ids are when none is close.
    let (code, out, err) = run(&["waiting", "nothing-like-it"]);
    assert_eq!((code, out.as_str()), (Some(1), ""));
    assert!(
        err.contains(
            "unknown id `nothing-like-it` (`codecision order` lists every file and goal id)"
        ),
        "{err}"
    );
    let (_, _, err) = run(&["waiting", "etais"]);
    assert!(
        err.contains("did you mean `etias`?") && !err.contains("codecision order"),
        "{err}"
    );
}

#[test]
fn a_file_without_a_deadline_asks_for_one() {
    let register = Register::security_union();
    let err = register
        .blockers(&Ask::new(d("2018-01-24")).target("etias"))
        .unwrap_err();
    assert!(matches!(err, Error::MissingDeadline { .. }));
    assert!(
        err.to_string().contains("give a deadline (--by DATE)"),
        "{err}"
    );
}

#[test]
fn json_errors_say_where_and_what_was_expected() {
    let err = Register::from_json("{\"files\": [\n  {\"id\": 3}]}").unwrap_err();
    let text = err.to_string();
    assert!(
        text.starts_with("line 2, column") && text.contains("expected a string"),
        "{text}"
    );
    let (code, _, err) = run(&["validate", &fixture("cli/syntax.json")]);
    assert_eq!(code, Some(1));
    assert!(
        err.contains(&format!("{}: line ", fixture("cli/syntax.json"))),
        "{err}"
    );
}

#[test]
fn structural_problems_say_how_to_fix_them() {
    let text = Register::from_json(r#"{"version": 2, "files": []}"#)
        .unwrap_err()
        .to_string();
    assert!(
        text.contains("unsupported version 2 (this crate reads version 1)")
            && text.contains("convert the register"),
        "{text}"
    );
    let text = Register::from_json(
        r#"{"files": [{"id": "a", "title": "A", "requires": ["b"]}, {"id": "b", "title": "B", "requires": ["a"]}]}"#,
    )
    .unwrap_err()
    .to_string();
    assert!(
        text.contains(
            "requires cycle a -> b -> a (`requires` must not go round: remove one of these links)"
        ),
        "{text}"
    );
    let field = "f".repeat(10_000);
    let text = Register::from_json(&format!(r#"{{"files": [], "{field}": 1}}"#))
        .unwrap_err()
        .to_string();
    assert!(text.len() < 400 && text.contains("(10000 bytes)"), "{text}");
}

#[test]
fn import_errors_name_input_procedure_and_item_and_the_way_out() {
    let json = r#"{"data": [{"label": "2016/0132(COD)", "consists_of": [
        {"activity_id": "A-1", "activity_date": "2017-02-30", "had_activity_type": "def/ep-activities/REFERRAL"}]}]}"#;
    let text = ep_api::from_reader(json.as_bytes(), Options::default())
        .unwrap_err()
        .to_string();
    assert_eq!(
        text,
        "<input>: procedure 2016/0132(COD) (data[0]), consists_of[0] (A-1): \
         bad activity_date `2017-02-30`: no such day in that month (expected YYYY-MM-DD)"
    );
    let long = "R".repeat(50_000);
    let dump =
        format!(r#"[{{"procedure": {{"reference": "{long}/"}}, "events": [{{"date": "x"}}]}}]"#);
    let text = parltrack::from_reader(dump.as_bytes(), Options::default())
        .unwrap_err()
        .to_string();
    assert!(text.len() < 400 && text.contains("(50001 bytes)"), "{text}");

    // The command line adds the way out, unless it was already taken.
    let bad = fixture("import/parltrack_bad_date.json");
    let (code, out, err) = run(&["import", "parltrack", &bad]);
    assert_eq!((code, out.as_str()), (Some(1), ""));
    assert!(
        err.contains("events[1]") && err.contains("--keep-going skips"),
        "{err}"
    );
    assert!(err.contains("nothing was written"), "{err}");
    // A dump that breaks off: --keep-going keeps what came before the break
    // (issue 17, item 12: it used to exit 1 though the help said it skips).
    let truncated = fixture("import/parltrack_truncated.json");
    let (code, _, err) = run(&["import", "parltrack", &truncated]);
    assert_eq!(code, Some(1));
    assert!(
        err.contains("line ") && err.contains("the rest of a dump that breaks off"),
        "{err}"
    );
    let (code, out, err) = run(&["import", "parltrack", &truncated, "--keep-going"]);
    assert_eq!(code, Some(0), "{err}");
    assert_eq!(Register::from_json(&out).unwrap().files().len(), 3);
    assert!(
        err.contains("warning: skipped") && err.contains("the 3 records before it were imported"),
        "{err}"
    );
    // An EP API document that is not JSON is skipped whole.
    let (code, _, err) = run(&["import", "ep-api", &fixture("cli/syntax.json")]);
    assert_eq!(code, Some(1));
    assert!(
        err.contains("--keep-going skips a bad procedure or input file"),
        "{err}"
    );
    let (code, _, err) = run(&["import", "parltrack", &bad, "--keep-going"]);
    assert_eq!(code, Some(0), "{err}");
    assert!(!err.contains("--keep-going skips"), "{err}");
    // An input that cannot be read is not a matter of skipping.
    let (code, _, err) = run(&["import", "ep-api", "no-such-file.json"]);
    assert_eq!(code, Some(1));
    assert!(
        err.contains("no-such-file.json") && !err.contains("--keep-going"),
        "{err}"
    );
}

#[test]
fn strict_validation_points_to_the_warnings() {
    let (code, out, err) = run(&["validate", "--strict", &fixture("cli/anomalies.json")]);
    assert_eq!((code, out.as_str()), (Some(1), ""));
    assert!(err.contains("warning:"), "{err}");
    assert!(err.contains("listed above as warnings"), "{err}");
}

#[test]
fn unreadable_files_name_the_path() {
    let err = Register::load("no/such/register.json").unwrap_err();
    assert!(matches!(err, Error::Io { .. }));
    assert!(
        err.to_string().starts_with("no/such/register.json: "),
        "{err}"
    );
    let (code, out, err) = run(&["--register", "no/such/register.json", "status"]);
    assert_eq!((code, out.as_str()), (Some(1), ""));
    assert!(err.contains("no/such/register.json"), "{err}");
}

/// Issue 17, "messages that mislead": each command names the formats it
/// writes; `--register` is refused by the commands that read none; stdin
/// given twice is said; an unknown id suggests only a close one; the
/// problems of a register come in file order.
#[test]
fn messages_say_what_each_command_takes() {
    for (args, said) in [
        (
            &["report", "--format", "svg"][..],
            "`report` writes an HTML page",
        ),
        (
            &["report", "--format", "json"][..],
            "`report` writes an HTML page",
        ),
        (
            &["completions", "bash", "--format", "json"][..],
            "`completions` writes a shell script and takes no --format",
        ),
        (
            &["man", "--format", "table"][..],
            "`man` writes a manual page (roff) and takes no --format",
        ),
        (
            &["import", "ep-api", "x.json", "--format", "dot"][..],
            "invalid value 'dot' for '--format <FORMAT>'\n  [possible values: table, json]",
        ),
        (
            &["status", "--format", "svg"][..],
            "invalid value 'svg' for '--format <FORMAT>'\n  [possible values: table, json, csv]",
        ),
        (
            &["--register", "r.json", "stages"][..],
            "`stages` does not read a register: --register is not for it",
        ),
        (
            &["--register", "r.json", "validate", "s.json"][..],
            "`validate` checks one register: PATH s.json and --register r.json differ",
        ),
        (&["validate"][..], "`validate` needs the register to check"),
        (
            &["--register", "r.json", "import", "ep-api", "x.json"][..],
            "`import` does not read a register",
        ),
        (
            &["import", "ep-api", "-", "a.json", "-"][..],
            "standard input (`-`) is given 2 times: it can be read only once",
        ),
    ] {
        let (code, out, err) = run(args);
        assert_eq!(code, Some(2), "{args:?}: {err}");
        assert!(out.is_empty(), "{args:?}");
        assert!(err.contains(said), "{args:?}: {err}");
    }
    // `report --format table` is the default said out loud.
    let (code, _, err) = run(&["report", "--format", "table", "--as-of", "2018-01-24"]);
    assert_eq!(code, Some(0), "{err}");

    // An unknown id: a close one is suggested, an unrelated one never.
    let (_, _, err) = run(&["waiting", "etais"]);
    assert!(err.contains("did you mean `etias`?"), "{err}");
    for unrelated in ["eu", "etc", "x"] {
        let (code, _, err) = run(&["waiting", unrelated]);
        assert_eq!(code, Some(1));
        assert!(!err.contains("did you mean"), "{unrelated}: {err}");
    }
}

#[test]
fn the_problems_of_a_register_come_in_file_order() {
    let text = r#"{"files": [
        {"id": "b", "title": "x", "requires": ["zz"], "events": [{"date": "2020-13-01"}]},
        {"id": "A", "title": "x", "requires": ["yy"],
         "events": [{"date": "bad"}, {"date": "2020-01-01", "stage": "nope"}]}],
      "goals": [{"id": "g", "title": "t", "deadline": "x", "requires": ["xx"]}]}"#;
    let Err(Error::Invalid { problems, .. }) = Register::from_json(text) else {
        panic!("expected problems");
    };
    let places: Vec<String> = problems
        .iter()
        .map(|p| {
            let text = p.to_string();
            text[..text.find(": ").unwrap()].to_string()
        })
        .collect();
    assert_eq!(
        places,
        [
            "file `b` (files[0]), requires[0]",
            "file `b` (files[0]), event 0",
            "file `A` (files[1])",
            "file `A` (files[1]), requires[0]",
            "file `A` (files[1]), event 0",
            "file `A` (files[1]), event 1",
            "goal `g` (goals[0])",
            "goal `g` (goals[0]), requires[0]",
        ],
        "{problems:#?}"
    );
}
