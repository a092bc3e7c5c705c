//! Every structural problem in a register is reported, together, naming the
//! culprit and where it is.

use codecision::error::ProblemKind;
use codecision::{Error, Register};

fn problems(json: &str) -> Vec<codecision::error::Problem> {
    match Register::from_json(json) {
        Err(Error::Invalid { problems, .. }) => problems,
        other => panic!("expected Error::Invalid, got {other:?}"),
    }
}

fn message(json: &str) -> String {
    Register::from_json(json).unwrap_err().to_string()
}

#[test]
fn duplicate_id_across_files_and_goals() {
    let json = r#"{"files":[{"id":"a","title":"A"},{"id":"b","title":"B"}],
                   "goals":[{"id":"a","title":"G","deadline":"2020-01-01","requires":["b"]}]}"#;
    let text = message(json);
    assert!(
        text.contains("goal `a` (goals[0]): duplicate id `a` (first used at file `a` (files[0]))"),
        "{text}"
    );
}

#[test]
fn unknown_id_in_requires_and_related_with_suggestion() {
    let json = r#"{"files":[{"id":"etias","title":"A","requires":["eu-lisaa"],"related":["nope"]},
                            {"id":"eu-lisa","title":"B"}]}"#;
    let found = problems(json);
    assert_eq!(found.len(), 2);
    let text = message(json);
    assert!(
        text.contains(
            "file `etias` (files[0]), requires[0]: unknown id `eu-lisaa`; did you mean `eu-lisa`?"
        ),
        "{text}"
    );
    assert!(
        text.contains("file `etias` (files[0]), related[0]: unknown id `nope`"),
        "{text}"
    );
}

#[test]
fn bad_id_syntax() {
    let text = message(r#"{"files":[{"id":"ETIAS_2","title":"A"}]}"#);
    assert!(
        text.contains("file `ETIAS_2` (files[0]): bad id `ETIAS_2`"),
        "{text}"
    );
}

#[test]
fn unknown_fields_everywhere_are_named() {
    let json = r#"{"version":1,"fils":[],"files":[{"id":"a","title":"A","titel":"x",
                   "events":[{"date":"2017-01-01","stge":"proposal"}],
                   "requires":[]}],
                   "goals":[{"id":"g","title":"G","deadline":"2020-01-01","requires":[{"file":"a","stag":"adoption"}],"owner":"x"}]}"#;
    let found = problems(json);
    let fields: Vec<String> = found
        .iter()
        .filter_map(|p| match p.kind() {
            ProblemKind::UnknownField { field, .. } => Some(format!("{} {field}", p.location())),
            _ => None,
        })
        .collect();
    assert_eq!(
        fields,
        [
            "top level fils",
            "file `a` (files[0]) titel",
            "file `a` (files[0]), event 0 stge",
            "goal `g` (goals[0]) owner",
            "goal `g` (goals[0]), requires[0] stag",
        ]
    );
    let text = message(json);
    assert!(
        text.contains(
            "unknown field `stge` (expected one of: date, stage, source, note, committee)"
        ),
        "{text}"
    );
}

#[test]
fn bad_dates_name_file_and_event() {
    let json = r#"{"files":[{"id":"a","title":"A","events":[
                      {"date":"2017-01-01","stage":"proposal"},
                      {"date":"2017-02-30","stage":"general_approach"},
                      {"date":"17-3-1"}]}],
                   "goals":[{"id":"g","title":"G","deadline":"2020-13-01","requires":[]}]}"#;
    let text = message(json);
    assert!(
        text.contains(
            "file `a` (files[0]), event 1: bad date `2017-02-30`: no such day in that month"
        ),
        "{text}"
    );
    assert!(
        text.contains(
            "file `a` (files[0]), event 2: bad date `17-3-1`: not of the form YYYY-MM-DD"
        ),
        "{text}"
    );
    assert!(
        text.contains("goal `g` (goals[0]): bad date `2020-13-01`: month out of range"),
        "{text}"
    );
}

#[test]
fn unknown_stage_is_named() {
    let text = message(
        r#"{"files":[{"id":"a","title":"A","events":[{"date":"2017-01-01","stage":"trialogue"}]}]}"#,
    );
    assert!(
        text.contains("file `a` (files[0]), event 0: unknown stage `trialogue`"),
        "{text}"
    );
}

#[test]
fn unsupported_version_says_what_is_supported() {
    let text = message(r#"{"version":2,"files":[]}"#);
    assert!(
        text.contains("unsupported version 2 (this crate reads version 1)"),
        "{text}"
    );
    let text = message(r#"{"version":"1","files":[]}"#);
    assert!(text.contains("unsupported version \"1\""), "{text}");
}

#[test]
fn version_defaults_to_one_and_goals_to_empty() {
    let register = Register::from_json(r#"{"files":[]}"#).unwrap();
    assert!(register.goals().is_empty());
}

#[test]
fn cycle_is_reported_whole() {
    let json = r#"{"files":[{"id":"a","title":"A","requires":["b"]},
                            {"id":"b","title":"B","requires":["c"]},
                            {"id":"c","title":"C","requires":["a"]},
                            {"id":"d","title":"D","requires":["d"]}]}"#;
    let found = problems(json);
    let cycles: Vec<Vec<String>> = found
        .iter()
        .filter_map(|p| match p.kind() {
            ProblemKind::Cycle { cycle } => Some(cycle.clone()),
            _ => None,
        })
        .collect();
    assert_eq!(cycles, [vec!["a", "b", "c", "a"], vec!["d", "d"]]);
    let text = message(json);
    assert!(text.contains("requires cycle a -> b -> c -> a"), "{text}");
    assert!(
        text.contains("file `d` (files[3]): requires cycle d -> d"),
        "{text}"
    );
}

#[test]
fn cycle_through_a_goal() {
    let json = r#"{"files":[{"id":"a","title":"A","requires":["g"]}],
                   "goals":[{"id":"g","title":"G","deadline":"2020-01-01","requires":["a"]}]}"#;
    assert!(message(json).contains("requires cycle a -> g -> a"));
}

#[test]
fn related_may_be_cyclic() {
    let json = r#"{"files":[{"id":"a","title":"A","related":["b"]},{"id":"b","title":"B","related":["a"]}]}"#;
    assert!(Register::from_json(json).is_ok());
}

#[test]
fn missing_required_fields() {
    let json = r#"{"files":[{"title":"A"},{"id":"b","events":[{"stage":"proposal"}]}],
                   "goals":[{"id":"g","title":"G","requires":[{"stage":"adoption"}]}]}"#;
    let text = message(json);
    assert!(
        text.contains("files[0]: missing required field `id`"),
        "{text}"
    );
    assert!(
        text.contains("file `b` (files[1]): missing required field `title`"),
        "{text}"
    );
    assert!(
        text.contains("file `b` (files[1]), event 0: missing required field `date`"),
        "{text}"
    );
    assert!(
        text.contains("goal `g` (goals[0]): missing required field `deadline`"),
        "{text}"
    );
    assert!(
        text.contains("goal `g` (goals[0]), requires[0]: missing required field `file`"),
        "{text}"
    );
}

#[test]
fn repeated_field_is_a_problem() {
    let text = message(r#"{"files":[{"id":"a","title":"A","title":"B"}]}"#);
    assert!(
        text.contains("file `a` (files[0]): field `title` given twice"),
        "{text}"
    );
}

#[test]
fn every_problem_in_one_pass() {
    let json = r#"{"version":3,"files":[
        {"id":"a","title":"A","requires":["b","zzz"],"extra":1,
         "events":[{"date":"2017-02-30","stage":"proposal"},{"date":"2017-03-01","stage":"nope"}]},
        {"id":"b","title":"B","requires":["a"]},
        {"id":"b","title":"B again"}]}"#;
    let found = problems(json);
    let kinds: Vec<&str> = found
        .iter()
        .map(|p| match p.kind() {
            ProblemKind::UnsupportedVersion { .. } => "version",
            ProblemKind::UnknownField { .. } => "field",
            ProblemKind::BadDate { .. } => "date",
            ProblemKind::UnknownStage { .. } => "stage",
            ProblemKind::DuplicateId { .. } => "duplicate",
            ProblemKind::UnknownId { .. } => "unknown id",
            ProblemKind::Cycle { .. } => "cycle",
            _ => "other",
        })
        .collect();
    for kind in [
        "version",
        "field",
        "date",
        "stage",
        "duplicate",
        "unknown id",
        "cycle",
    ] {
        assert!(kinds.contains(&kind), "{kind} missing from {kinds:?}");
    }
    assert!(message(json).starts_with(&format!("invalid register: {} problems", found.len())));
}

#[test]
fn syntax_errors_carry_line_and_column() {
    let json = "{\n  \"files\": [\n    {\"id\": \"a\", \"title\": \"A\",}\n  ]\n}";
    match Register::from_json(json) {
        Err(Error::Json { line, column, .. }) => assert_eq!((line, column), (3, 30)),
        other => panic!("{other:?}"),
    }
    let text = message(json);
    assert!(
        text.starts_with("line 3, column 30: trailing comma"),
        "{text}"
    );
}

#[test]
fn wrong_types_carry_line_and_column() {
    let json = "{\"files\": [\n {\"id\": 7, \"title\": \"A\"}]}";
    let text = message(json);
    assert!(
        text.contains("line 2, column 9") && text.contains("invalid type: integer `7`"),
        "{text}"
    );
    let text = message(r#"{"files":[{"id":"a","title":"A","requires":[["b"]]}]}"#);
    assert!(
        text.contains("an id, or an object with `file` and `stage`"),
        "{text}"
    );
}

#[test]
fn load_names_the_path() {
    let dir = std::env::temp_dir().join(format!("codecision-load-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("broken.json");
    std::fs::write(&path, "{\"files\": [}").unwrap();
    let text = Register::load(&path).unwrap_err().to_string();
    assert!(
        text.starts_with(&format!("{}: line 1, column 12", path.display())),
        "{text}"
    );
    let missing = dir.join("missing.json");
    let text = Register::load(&missing).unwrap_err().to_string();
    assert!(
        text.contains("missing.json") && text.contains("No such file"),
        "{text}"
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn deeply_nested_json_is_a_clean_error() {
    // Inside a known field: serde_json's recursion limit, with a position.
    let json = format!(
        "{{\"files\":[{{\"id\":\"a\",\"title\":\"A\",\"requires\":[{{\"file\":{}{}}}]}}]}}",
        "[".repeat(100_000),
        "]".repeat(100_000)
    );
    match Register::from_json(&json) {
        Err(Error::Json {
            line: 1, column, ..
        }) => assert!(column > 0),
        other => panic!("{other:?}"),
    }
    // Inside an unknown field: skipped without recursion, reported by name.
    let json = format!(
        "{{\"files\":[],\"extra\":{}{}}}",
        "[".repeat(100_000),
        "]".repeat(100_000)
    );
    assert!(message(&json).contains("top level: unknown field `extra`"));
}

#[test]
fn very_long_ids_are_shortened_in_messages() {
    let id = "X".repeat(100_000);
    let json = format!(r#"{{"files":[{{"id":"{id}","title":"A"}}]}}"#);
    let text = message(&json);
    assert!(text.len() < 1_000, "{} bytes", text.len());
    assert!(text.contains("(100000 bytes)"), "{text}");
}

/// Issue 17, item 1: a requirement on a terminal stage made `forecast` and
/// `blockers --format json` panic and passed `validate`. A requirement names
/// a stage on the way to the act; a terminal stage is refused at load,
/// naming the owner, the `requires` index and the stage.
#[test]
fn a_requirement_on_a_terminal_stage_is_refused_where_it_is() {
    let json = r#"{"files":[{"id":"a","title":"T"},
                            {"id":"b","title":"T","requires":[{"file":"a","stage":"withdrawn"}]}],
                   "goals":[{"id":"g","title":"G","deadline":"2030-01-01",
                             "requires":["a",{"file":"b","stage":"rejected"},{"file":"a","stage":"lapsed"}]}]}"#;
    let found = problems(json);
    let kinds: Vec<_> = found.iter().map(|p| p.kind().clone()).collect();
    assert_eq!(
        kinds,
        [
            ProblemKind::TerminalRequirement {
                file: "a".into(),
                stage: codecision::Stage::Withdrawn
            },
            ProblemKind::TerminalRequirement {
                file: "b".into(),
                stage: codecision::Stage::Rejected
            },
            ProblemKind::TerminalRequirement {
                file: "a".into(),
                stage: codecision::Stage::Lapsed
            },
        ]
    );
    let text = message(json);
    assert!(
        text.contains(
            "file `b` (files[1]), requires[0]: requires `a` at stage `withdrawn`, a terminal stage"
        ),
        "{text}"
    );
    assert!(
        text.contains("goal `g` (goals[0]), requires[1]: requires `b` at stage `rejected`"),
        "{text}"
    );
    assert!(text.contains("use `related`"), "{text}");
}

/// The same rule holds for a register built in code.
#[test]
fn a_built_register_with_a_terminal_requirement_is_refused() {
    use codecision::{LegislativeFile, Requirement, Stage};
    let built = Register::builder()
        .file(LegislativeFile::new("a", "A"))
        .file(LegislativeFile::new("b", "B").requires(Requirement::at("a", Stage::Lapsed)))
        .build();
    match built {
        Err(Error::Invalid { problems, .. }) => {
            assert_eq!(problems.len(), 1);
            assert_eq!(
                *problems[0].kind(),
                ProblemKind::TerminalRequirement {
                    file: "a".into(),
                    stage: Stage::Lapsed
                }
            );
        }
        other => panic!("expected Error::Invalid, got {other:?}"),
    }
}

/// Issue 17, item 9: an empty id passed `validate`. Ids are one or more
/// lowercase ASCII letters, digits and `-` (which also keeps control
/// characters out), checked at load, with the index of the file or goal.
#[test]
fn an_empty_id_is_refused_naming_where() {
    let text = r#"{"files": [{"id": "", "title": "x"}, {"title": "no id"}, {"id": "ok", "title": "y"}],
                   "goals": [{"id": "", "title": "g", "deadline": "2020-01-01"}]}"#;
    let Err(codecision::Error::Invalid { problems, .. }) = codecision::Register::from_json(text)
    else {
        panic!("an empty id was accepted");
    };
    let said: Vec<String> = problems.iter().map(ToString::to_string).collect();
    assert_eq!(
        said,
        [
            "files[0]: empty id: an id is one or more lowercase ASCII letters, digits and `-`",
            "files[1]: missing required field `id`",
            "goals[0]: empty id: an id is one or more lowercase ASCII letters, digits and `-`",
        ]
    );
    // The same through the builder, which checks the same way.
    let built = codecision::Register::builder()
        .file(codecision::LegislativeFile::new("", "x"))
        .build();
    assert!(built.unwrap_err().to_string().contains("empty id"));
    for id in ["a\u{1b}[31m", "a\u{7}", "evil\u{202e}", "A", "a b"] {
        let text = format!(
            r#"{{"files": [{{"id": {}, "title": "x"}}]}}"#,
            serde_json::to_string(id).unwrap()
        );
        assert!(codecision::Register::from_json(&text).is_err(), "{id:?}");
    }
}
