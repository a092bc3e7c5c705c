//! `codecision import`, driven through the binary: the register on stdout or
//! atomically in `--output`, warnings on stderr, `validate` accepting what it
//! writes, and the error paths (exit 1, the bad file named, nothing written).

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use codecision::{Register, Stage, parse_date};

const EURODAC: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/fixtures/import/ep-api_2016-0132.json"
);
const PARLTRACK_ZST: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/fixtures/import/parltrack_ep_dossiers.json.zst"
);

struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

fn run(args: &[&str]) -> Run {
    let out = Command::new(env!("CARGO_BIN_EXE_codecision"))
        .args(args)
        .env("CODECISION_TODAY", "2024-06-01")
        .stdin(Stdio::null())
        .output()
        .expect("the binary runs");
    Run {
        code: out.status.code().expect("exited, not killed by a signal"),
        stdout: String::from_utf8(out.stdout).expect("stdout is UTF-8"),
        stderr: String::from_utf8(out.stderr).expect("stderr is UTF-8"),
    }
}

fn scratch(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("import_cli-{name}"));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn s(path: &Path) -> &str {
    path.to_str().unwrap()
}

#[test]
fn ep_api_import_writes_a_register_on_stdout_that_validate_accepts() {
    let out = run(&["import", "ep-api", EURODAC]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert_eq!(out.stderr, "", "no import warning on the real response");
    let register = Register::from_json(&out.stdout).unwrap();
    let eurodac = register.file("2016-0132-cod").unwrap();
    let now = eurodac.stage_at(parse_date("2024-06-01").unwrap()).unwrap();
    assert_eq!(now.stage, Stage::Adoption);

    let dir = scratch("validate");
    let path = dir.join("eurodac.json");
    std::fs::write(&path, &out.stdout).unwrap();
    let valid = run(&["validate", s(&path)]);
    assert_eq!(valid.code, 0, "{}", valid.stderr);
    assert!(valid.stdout.contains("valid: 1 file"), "{}", valid.stdout);

    // And the rest of the command line reads it.
    let status = run(&[
        "--register",
        s(&path),
        "status",
        "--as-of",
        "2024-06-01",
        "--format",
        "json",
    ]);
    assert_eq!(status.code, 0, "{}", status.stderr);
    let json: serde_json::Value = serde_json::from_str(&status.stdout).unwrap();
    assert_eq!(json["files"][0]["stage"], "adoption");
    assert_eq!(json["files"][0]["since"], "2024-05-14");
}

#[test]
fn output_goes_to_a_file_and_stdout_gets_a_summary() {
    let dir = scratch("output");
    let target = dir.join("register.json");
    let out = run(&["import", "ep-api", EURODAC, "--output", s(&target)]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert_eq!(
        out.stdout,
        format!("{}: 1 file imported, 0 warnings\n", target.display())
    );
    let register = Register::load(&target).unwrap();
    assert!(register.file("2016-0132-cod").is_some());
    // Nothing else left behind (the temporary file was renamed).
    assert_eq!(std::fs::read_dir(&dir).unwrap().count(), 1);

    let json = run(&[
        "import",
        "ep-api",
        EURODAC,
        "-o",
        s(&target),
        "--format",
        "json",
    ]);
    assert_eq!(json.code, 0, "{}", json.stderr);
    let summary: serde_json::Value = serde_json::from_str(&json.stdout).unwrap();
    assert_eq!(summary["files"], 1);
}

#[test]
fn a_bad_file_in_the_batch_fails_it_whole_unless_keep_going() {
    let dir = scratch("batch");
    let bad = dir.join("bad.json");
    std::fs::write(&bad, "{\"data\": [\n{\"label\": 3}]}").unwrap();
    let target = dir.join("register.json");

    let out = run(&["import", "ep-api", EURODAC, s(&bad), "--output", s(&target)]);
    assert_eq!(out.code, 1);
    assert_eq!(out.stdout, "");
    assert!(
        out.stderr
            .contains(&format!("{}: line 2, column", bad.display())),
        "{}",
        out.stderr
    );
    assert!(!target.exists(), "nothing written on failure");

    let out = run(&["import", "ep-api", EURODAC, s(&bad), "--keep-going"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(
        out.stderr
            .contains(&format!("warning: skipped {}", bad.display())),
        "{}",
        out.stderr
    );
    let register = Register::from_json(&out.stdout).unwrap();
    assert_eq!(register.files().len(), 1);
}

#[test]
fn unknown_activity_types_are_warnings_not_failures() {
    let dir = scratch("unknown");
    let doc = dir.join("doc.json");
    std::fs::write(
        &doc,
        r#"{"data": [{"type": "Process", "label": "2020/0001(COD)", "consists_of": [
            {"activity_id": "2020-0001-X-2021-01-01", "activity_date": "2021-01-01",
             "had_activity_type": "def/ep-activities/SOMETHING_NEW"}]}]}"#,
    )
    .unwrap();
    let out = run(&["import", "ep-api", s(&doc)]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(
        out.stderr.contains("warning:")
            && out.stderr.contains("procedure 2020/0001(COD)")
            && out.stderr.contains("2020-0001-X-2021-01-01")
            && out.stderr.contains("SOMETHING_NEW"),
        "{}",
        out.stderr
    );
    assert!(Register::from_json(&out.stdout).is_ok());
}

#[test]
fn parltrack_zst_import_round_trips_through_validate() {
    let dir = scratch("parltrack");
    let target = dir.join("register.json");
    let out = run(&["import", "parltrack", PARLTRACK_ZST, "--output", s(&target)]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(
        out.stdout.contains("5 files imported, 2 warnings"),
        "{}",
        out.stdout
    );
    assert_eq!(out.stderr.matches("warning:").count(), 2, "{}", out.stderr);
    let valid = run(&["validate", s(&target)]);
    assert_eq!(valid.code, 0, "{}", valid.stderr);
    assert!(valid.stdout.contains("valid: 5 files"), "{}", valid.stdout);
}

#[test]
fn a_bad_parltrack_record_is_exit_1_naming_it() {
    let bad = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/import/parltrack_bad_date.json"
    );
    let out = run(&["import", "parltrack", bad]);
    assert_eq!(out.code, 1);
    assert_eq!(out.stdout, "");
    assert!(
        out.stderr
            .contains("procedure 9999/0002(COD) (record 2), events[1]"),
        "{}",
        out.stderr
    );
    let kept = run(&["import", "parltrack", bad, "--keep-going"]);
    assert_eq!(kept.code, 0, "{}", kept.stderr);
    assert_eq!(Register::from_json(&kept.stdout).unwrap().files().len(), 4);
}

#[test]
fn usage_errors_are_exit_2() {
    assert_eq!(run(&["import", "ep-api"]).code, 2);
    assert_eq!(run(&["import", "nowhere", EURODAC]).code, 2);
    assert_eq!(run(&["import", "parltrack"]).code, 2);
}
