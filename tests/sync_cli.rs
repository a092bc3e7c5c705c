//! `codecision sync` against a local HTTP server on 127.0.0.1 that answers
//! with a recorded real response of the EP Open Data API v2
//! (`tests/fixtures/import/ep-api_2016-0132.json`, see the README there) and
//! with the failures a real server has: slow, 429 then success, 500, a
//! truncated body, HTML instead of JSON, a procedure that does not exist,
//! no server at all. No test reaches any other address.

#![cfg(feature = "sync")]

use std::collections::HashMap;
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use codecision::Register;
use codecision::import::{Options, ep_api};

const FIXTURE: &str = include_str!("fixtures/import/ep-api_2016-0132.json");
const TODAY: &str = "2026-12-01";

mod sync_server;
use sync_server::{Reply, Server, procedure_path};

// -- registers ------------------------------------------------------------

/// The fixture's procedure as `import ep-api` maps it.
fn imported() -> Register {
    ep_api::from_reader(FIXTURE.as_bytes(), Options::default())
        .unwrap()
        .register
}

/// A curated register: the Eurodac recast as synced once in mid-2017 (the
/// API's events up to 2017-06-14), with the user's own title, proposal
/// event, a note of theirs on an API event, links and a goal; and a file
/// the API does not know. Written in the register's own layout.
fn curated() -> String {
    let api = imported();
    let eurodac = api.file("2016-0132-cod").unwrap();
    let mut events = vec![serde_json::json!({
        "date": "2016-05-04", "stage": "proposal", "source": "COM(2016) 272",
        "note": "Commission proposal (my own source) — «recast»"
    })];
    for e in eurodac.events() {
        if e.date.to_string().as_str() > "2017-06-14" {
            continue;
        }
        let mut event = serde_json::json!({"date": e.date.to_string()});
        if let Some(stage) = e.stage {
            event["stage"] = stage.as_str().into();
        }
        if let Some(source) = e.source() {
            event["source"] = source.into();
        }
        // The user rewrote the note of the committee vote.
        event["note"] = if e.stage.is_some() {
            "LIBE mandate; see my memo of 2017-06-01".into()
        } else {
            e.note().unwrap_or_default().into()
        };
        if let Some(c) = e.committee() {
            event["committee"] = c.into();
        }
        events.push(event);
    }
    events.push(serde_json::json!({"date": "2018-06-19", "source": "my diary", "note": "informal trilogue rumour"}));
    let text = serde_json::json!({
        "version": 1,
        "files": [
            {"id": "eurodac", "title": "Eurodac recast \u{1F50E} (curated)", "procedure": "2016/0132(COD)",
             "proposal": "COM(2016) 272", "committee": "LIBE", "events": events,
             "requires": [{"file": "vis", "stage": "adoption"}], "related": ["vis"]},
            {"id": "vis", "title": "VIS revision", "proposal": "COM(2018) 302",
             "events": [{"date": "2018-05-16", "stage": "proposal"}]}
        ],
        "goals": [{"id": "asylum", "title": "Asylum package", "deadline": "2024-12-31", "requires": ["eurodac"]}]
    })
    .to_string();
    Register::from_json(&text).unwrap().to_json()
}

struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

fn sync(register: &Path, api: &str, extra: &[&str]) -> Run {
    let out = Command::new(env!("CARGO_BIN_EXE_codecision"))
        .args([
            "--register",
            register.to_str().unwrap(),
            "sync",
            "--api",
            api,
        ])
        .args(["--backoff-ms", "1"])
        .args(if extra.contains(&"--timeout") {
            &[][..]
        } else {
            &["--timeout", "5"][..]
        })
        .args(extra)
        .env("CODECISION_TODAY", TODAY)
        .stdin(Stdio::null())
        .output()
        .expect("the binary runs");
    Run {
        code: out.status.code().expect("exited, not killed by a signal"),
        stdout: String::from_utf8(out.stdout).unwrap(),
        stderr: String::from_utf8(out.stderr).unwrap(),
    }
}

fn scratch(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("sync_cli-{name}"));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// A scratch directory holding the curated register; its path.
fn curated_at(name: &str) -> PathBuf {
    let path = scratch(name).join("register.json");
    std::fs::write(&path, curated()).unwrap();
    path
}

fn serve_fixture() -> Server {
    Server::start(|path, _| {
        if path == procedure_path("2016-0132") {
            Reply::json(FIXTURE)
        } else {
            Reply::status(404, "<html>not found</html>")
        }
    })
}

// -- tests ------------------------------------------------------------------

#[test]
fn a_sync_adds_the_new_events_and_keeps_every_curated_field_byte_for_byte() {
    let path = curated_at("adds");
    let before = std::fs::read_to_string(&path).unwrap();
    let server = serve_fixture();
    let run = sync(&path, &server.api, &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(server.requests(), [procedure_path("2016-0132")]);

    let after = Register::load(&path).unwrap();
    assert_eq!(after.synced().unwrap().to_string(), TODAY);
    let mine = Register::from_json(&before).unwrap();
    let (old, new) = (
        mine.file("eurodac").unwrap(),
        after.file("eurodac").unwrap(),
    );
    // Every event of the API is there now; every event of the user's is
    // still there, unchanged and in its order.
    let api = imported();
    for e in api.file("2016-0132-cod").unwrap().events() {
        assert!(
            new.events()
                .iter()
                .any(|m| m.date == e.date && m.stage == e.stage && m.source() == e.source()),
            "{e:?} missing"
        );
    }
    let kept: Vec<_> = new
        .events()
        .iter()
        .filter(|e| old.events().contains(e))
        .collect();
    assert_eq!(kept, old.events().iter().collect::<Vec<_>>());
    let added = new.events().len() - old.events().len();
    assert!(added >= 10, "{added} events added");
    assert!(
        run.stdout
            .contains(&format!("eurodac (2016/0132(COD)): {added} events added")),
        "{}",
        run.stdout
    );
    let has_line = |words: &[&str]| {
        run.stdout
            .lines()
            .any(|l| words.iter().all(|w| l.contains(w)))
    };
    assert!(
        has_line(&["2024-05-14", " adoption ", "2016-0132-SIGN-2024-05-14"]),
        "{}",
        run.stdout
    );
    // What moved, as `changes` shows it, from the day before the first
    // event added (the register had never been synced).
    assert!(
        run.stdout
            .contains("Changes after 2020-11-10 up to 2026-12-01"),
        "{}",
        run.stdout
    );
    assert!(
        has_line(&["eurodac ", " LIBE vote ", " entry into force "]),
        "{}",
        run.stdout
    );

    // Take the added events out and the `synced` mark off: the text is the
    // curated register's, byte for byte.
    let text = std::fs::read_to_string(&path).unwrap();
    let mut json: serde_json::Value = serde_json::from_str(&text).unwrap();
    json.as_object_mut().unwrap().remove("synced");
    json["files"][0]["events"]
        .as_array_mut()
        .unwrap()
        .retain(|e| {
            let source = e["source"].as_str();
            old.events()
                .iter()
                .any(|o| o.source() == source && o.date.to_string() == e["date"])
        });
    let stripped = Register::from_json(&json.to_string()).unwrap().to_json();
    assert_eq!(stripped, before);
}

#[test]
fn a_second_sync_changes_nothing_and_a_third_asks_the_feed_first() {
    let path = curated_at("again");
    let fed = Arc::new(Mutex::new(true));
    let answer_feed = Arc::clone(&fed);
    let server = Server::start(move |path, _| {
        if path == procedure_path("2016-0132") {
            Reply::json(FIXTURE)
        } else if path.starts_with("/api/v2/procedures/feed?") {
            // The feed names the procedure (changed) or nothing.
            if *answer_feed.lock().unwrap() {
                Reply::json(
                    r#"{"data": [{"id": "eli/dl/proc/2016-0132", "process_id": "2016-0132"}]}"#,
                )
            } else {
                Reply::json(r#"{"data": []}"#)
            }
        } else {
            Reply::status(404, "no")
        }
    });
    assert_eq!(sync(&path, &server.api, &[]).code, 0);
    let once = std::fs::read(&path).unwrap();
    let modified = std::fs::metadata(&path).unwrap().modified().unwrap();

    let run = sync(&path, &server.api, &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(std::fs::read(&path).unwrap(), once);
    assert_eq!(
        std::fs::metadata(&path).unwrap().modified().unwrap(),
        modified
    );
    assert!(run.stdout.contains("0 events added"), "{}", run.stdout);
    assert!(run.stdout.contains("already up to date"), "{}", run.stdout);
    let feed = format!(
        "/api/v2/procedures/feed?format=application%2Fld%2Bjson&timeframe=custom&start-date={TODAY}"
    );
    assert_eq!(
        server.requests(),
        [
            procedure_path("2016-0132"),
            feed.clone(),
            procedure_path("2016-0132")
        ]
    );

    // The feed says nothing changed: nothing is fetched.
    *fed.lock().unwrap() = false;
    let run = sync(&path, &server.api, &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stderr.contains("0 of 1 procedures changed"),
        "{}",
        run.stderr
    );
    assert_eq!(server.requests().len(), 4);
    assert_eq!(server.requests()[3], feed);
    assert_eq!(std::fs::read(&path).unwrap(), once);

    // --full fetches it all the same.
    assert_eq!(sync(&path, &server.api, &["--full"]).code, 0);
    assert_eq!(server.requests()[4], procedure_path("2016-0132"));
}

/// A sync that fails leaves the register byte for byte as it was, says what
/// failed naming the procedure and the URL, and prints nothing on stdout.
fn fails_and_writes_nothing(name: &str, reply: Reply, extra: &[&str], says: &[&str]) -> Server {
    let path = curated_at(name);
    let before = std::fs::read(&path).unwrap();
    let server = Server::start(move |_, _| reply.clone());
    let run = sync(&path, &server.api, extra);
    assert_eq!(run.code, 1, "{name}: {}", run.stderr);
    assert_eq!(run.stdout, "", "{name}");
    assert_eq!(std::fs::read(&path).unwrap(), before, "{name}");
    let url = format!(
        "{}{}",
        server.api.trim_end_matches("/api/v2"),
        procedure_path("2016-0132")
    );
    for text in says
        .iter()
        .copied()
        .chain(["procedure 2016-0132", &url, "nothing was written"])
    {
        assert!(
            run.stderr.contains(text),
            "{name}: `{text}` not in {}",
            run.stderr
        );
    }
    let files: Vec<_> = std::fs::read_dir(path.parent().unwrap()).unwrap().collect();
    assert_eq!(files.len(), 1, "{name}: only the register in its directory");
    server
}

#[test]
fn a_server_error_is_tried_again_then_fails() {
    let server = fails_and_writes_nothing(
        "500",
        Reply::status(500, "oops"),
        &["--retries", "2"],
        &["500"],
    );
    assert_eq!(server.requests().len(), 3, "one try and two retries");
}

#[test]
fn html_instead_of_json_is_not_a_procedure() {
    let server = fails_and_writes_nothing(
        "html",
        Reply::status(200, "<!DOCTYPE html><html><body>Maintenance</body></html>"),
        &[],
        &[
            "not an EP API procedure document",
            "text/html",
            "line 1, column 1",
        ],
    );
    assert_eq!(server.requests().len(), 1, "not tried again");
}

#[test]
fn a_truncated_body_is_tried_again_then_fails() {
    let server = fails_and_writes_nothing(
        "truncated",
        Reply {
            cut: Some(FIXTURE.len() / 2),
            ..Reply::json(FIXTURE)
        },
        &["--retries", "1"],
        &["cut short"],
    );
    assert_eq!(server.requests().len(), 2);
}

#[test]
fn a_complete_answer_with_half_a_document_is_not_a_procedure() {
    // The server says the half is all there is.
    fails_and_writes_nothing(
        "half",
        Reply::json(&FIXTURE[..FIXTURE.len() / 2]),
        &[],
        &["not an EP API procedure document", "EOF"],
    );
}

#[test]
fn a_procedure_that_does_not_exist() {
    fails_and_writes_nothing(
        "404",
        Reply::status(404, "<html>Not Found</html>"),
        &[],
        &["no such procedure", "404"],
    );
}

#[test]
fn a_slow_server_times_out() {
    let server = fails_and_writes_nothing(
        "slow",
        Reply {
            delay: Duration::from_secs(3),
            ..Reply::json(FIXTURE)
        },
        &["--timeout", "0.3", "--retries", "1"],
        &["no complete answer within 0.3 s"],
    );
    assert_eq!(server.requests().len(), 2);
}

#[test]
fn too_many_requests_then_success() {
    let path = curated_at("429");
    let server = Server::start(|path, count| {
        if path == procedure_path("2016-0132") && count == 0 {
            let mut reply = Reply::status(429, "slow down");
            // Longer than the backoff (1 ms here): the server's wait wins.
            reply.headers.push(("Retry-After", "1".into()));
            reply
        } else {
            Reply::json(FIXTURE)
        }
    });
    let run = sync(&path, &server.api, &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("429 Too Many Requests; trying again in 1.0 s"),
        "{}",
        run.stderr
    );
    assert_eq!(server.requests().len(), 2);
    assert!(
        run.stdout.contains("eurodac (2016/0132(COD)): "),
        "{}",
        run.stdout
    );
}

#[test]
fn offline_is_one_clear_error_and_nothing_written() {
    let path = curated_at("offline");
    let before = std::fs::read(&path).unwrap();
    // A port that was just free: nothing listens there.
    let port = TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let api = format!("http://127.0.0.1:{port}/api/v2");
    let run = sync(&path, &api, &["--retries", "1"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert_eq!(run.stdout, "");
    assert!(
        run.stderr.contains("cannot reach the API"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains(&api), "{}", run.stderr);
    assert_eq!(
        run.stderr.matches("cannot reach").count(),
        1,
        "one error: {}",
        run.stderr
    );
    assert_eq!(std::fs::read(&path).unwrap(), before);
}

/// The fixture, as if it were another procedure (synthetic: `2099/0001`).
fn other_procedure() -> String {
    FIXTURE
        .replace("2016-0132", "2099-0001")
        .replace("2016/0132", "2099/0001")
}

/// A register with the curated Eurodac file and a file for 2099/0001.
fn two_procedures(name: &str) -> PathBuf {
    let mut json: serde_json::Value = serde_json::from_str(&curated()).unwrap();
    json["files"]
        .as_array_mut()
        .unwrap()
        .push(serde_json::json!(
            {"id": "other", "title": "Other", "procedure": "2099/0001(COD)"}
        ));
    let path = scratch(name).join("register.json");
    std::fs::write(
        &path,
        Register::from_json(&json.to_string()).unwrap().to_json(),
    )
    .unwrap();
    path
}

#[test]
fn a_partial_failure_writes_nothing_unless_keep_going() {
    let path = two_procedures("keep-going");
    let before = std::fs::read(&path).unwrap();
    let server = Server::start(|path, _| {
        if path == procedure_path("2099-0001") {
            Reply::json(&other_procedure())
        } else {
            Reply::status(503, "down")
        }
    });
    let run = sync(&path, &server.api, &["--retries", "0", "--batch", "1"]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr
            .contains("1 of 2 procedures could not be fetched"),
        "{}",
        run.stderr
    );
    assert_eq!(std::fs::read(&path).unwrap(), before);

    let run = sync(
        &path,
        &server.api,
        &["--retries", "0", "--batch", "1", "--keep-going"],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stderr.contains("skipped: procedure 2016-0132"),
        "{}",
        run.stderr
    );
    assert!(run.stdout.contains("1 failed"), "{}", run.stdout);
    let after = Register::load(&path).unwrap();
    assert!(after.file("other").unwrap().events().len() > 10);
    assert_eq!(
        after.file("eurodac").unwrap(),
        Register::from_slice(&before)
            .unwrap()
            .file("eurodac")
            .unwrap()
    );
    // Not everything was synced: the next sync must not skip the failure.
    assert_eq!(after.synced(), None);
}

#[test]
fn procedures_are_asked_for_in_batches_and_one_by_one_when_a_batch_fails() {
    let path = two_procedures("batch");
    let procedure = |text: &str| {
        let json: serde_json::Value = serde_json::from_str(text).unwrap();
        json["data"][0].clone()
    };
    let both = serde_json::json!({"data": [procedure(FIXTURE), procedure(&other_procedure())]})
        .to_string();
    let batched = Server::start(move |path, _| {
        if path == procedure_path("2016-0132,2099-0001") {
            Reply::json(&both)
        } else {
            Reply::status(404, "no")
        }
    });
    let run = sync(&path, &batched.api, &["--dry-run", "--format", "json"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(batched.requests(), [procedure_path("2016-0132,2099-0001")]);
    let answer: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(answer["files"].as_array().unwrap().len(), 2);
    let moved: Vec<_> = answer["changes"]["moved"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["file"].as_str().unwrap())
        .collect();
    assert_eq!(moved, ["eurodac", "other"]);
    assert_eq!(answer["written"], serde_json::Value::Null);

    // An API that refuses batches: each procedure alone.
    let single = Server::start(|path, _| match path {
        p if p == procedure_path("2016-0132") => Reply::json(FIXTURE),
        p if p == procedure_path("2099-0001") => Reply::json(&other_procedure()),
        _ => Reply::status(404, "no"),
    });
    let run = sync(&path, &single.api, &["--dry-run"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(
        single.requests(),
        [
            procedure_path("2016-0132,2099-0001"),
            procedure_path("2016-0132"),
            procedure_path("2099-0001")
        ]
    );
}

#[test]
fn dry_run_and_output_leave_the_register_as_it_was() {
    let path = curated_at("dry");
    let before = std::fs::read(&path).unwrap();
    let server = serve_fixture();
    let run = sync(&path, &server.api, &["--dry-run"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout.contains("dry run: nothing written"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains("eurodac (2016/0132(COD)): "),
        "{}",
        run.stdout
    );
    assert_eq!(std::fs::read(&path).unwrap(), before);

    let out = path.with_file_name("updated.json");
    let run = sync(&path, &server.api, &["--output", out.to_str().unwrap()]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(std::fs::read(&path).unwrap(), before);
    let updated = Register::load(&out).unwrap();
    assert!(updated.file("eurodac").unwrap().events().len() > 10);
}

#[test]
fn output_dash_is_standard_output() {
    let path = curated_at("stdout");
    let before = std::fs::read(&path).unwrap();
    let server = serve_fixture();
    let file = path.with_file_name("updated.json");
    let run = sync(&path, &server.api, &["--output", file.to_str().unwrap()]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let run = sync(&path, &server.api, &["--output", "-"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    // The register, byte for byte what --output FILE writes, and nothing
    // else on stdout; the summary on stderr; no file named `-`.
    assert_eq!(run.stdout.as_bytes(), std::fs::read(&file).unwrap());
    assert!(run.stderr.contains("written to stdout"), "{}", run.stderr);
    assert!(!path.with_file_name("-").exists());
    assert!(!Path::new("-").exists());
    assert_eq!(std::fs::read(&path).unwrap(), before);
    // JSON cannot share stdout with the register.
    let run = sync(&path, &server.api, &["--output", "-", "--format", "json"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stdout.is_empty());
    assert!(
        run.stderr.contains("--format json cannot go there too"),
        "{}",
        run.stderr
    );
}

#[test]
fn ids_choose_what_is_fetched_and_a_new_procedure_becomes_a_file() {
    let path = curated_at("ids");
    let server = Server::start(|path, _| {
        if path == procedure_path("2099-0001") {
            Reply::json(&other_procedure())
        } else {
            Reply::status(404, "no")
        }
    });
    let run = sync(&path, &server.api, &["2099/0001(COD)"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(server.requests(), [procedure_path("2099-0001")]);
    assert!(
        run.stdout
            .contains("2099-0001-cod (2099/0001(COD)): new file, "),
        "{}",
        run.stdout
    );
    let after = Register::load(&path).unwrap();
    assert!(after.file("2099-0001-cod").is_some());
    // Only some procedures were synced: `synced` is not set.
    assert_eq!(after.synced(), None);

    let run = sync(&path, &server.api, &["vis"]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr
            .contains("file `vis` has no `procedure` reference"),
        "{}",
        run.stderr
    );
    let run = sync(&path, &server.api, &["nonsense"]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr.contains("`nonsense` is neither a file"),
        "{}",
        run.stderr
    );
}

#[test]
fn sync_needs_a_register() {
    let out = Command::new(env!("CARGO_BIN_EXE_codecision"))
        .args(["sync", "--api", "http://127.0.0.1:9/api/v2"])
        .stdin(Stdio::null())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("needs --register"));
}

#[test]
fn the_recorded_answer_maps_as_import_does() {
    // One mapping: what sync adds is what `import ep-api` makes.
    let path = scratch("mapping").join("register.json");
    std::fs::write(&path, "{\"files\": []}").unwrap();
    let server = serve_fixture();
    let run = sync(&path, &server.api, &["2016-0132"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let after = Register::load(&path).unwrap();
    let files: HashMap<_, _> = after.files().iter().map(|f| (f.id(), f)).collect();
    assert_eq!(
        files["2016-0132-cod"],
        imported().file("2016-0132-cod").unwrap()
    );
}

#[test]
fn a_register_in_its_own_layout_with_nothing_new_is_not_rewritten() {
    // Compact JSON, not the layout the register writes: nothing new, so the
    // file stays byte for byte (a sync of some ids keeps `synced` as it is).
    let path = scratch("layout").join("register.json");
    let full: serde_json::Value = serde_json::from_str(&imported().to_json()).unwrap();
    let text = full.to_string();
    std::fs::write(&path, &text).unwrap();
    let server = serve_fixture();
    let run = sync(&path, &server.api, &["2016-0132"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.contains("0 events added"), "{}", run.stdout);
    assert_eq!(std::fs::read_to_string(&path).unwrap(), text);
}

#[test]
fn a_feed_that_cannot_be_read_means_fetching_everything() {
    let path = curated_at("feed-html");
    let mut json: serde_json::Value = serde_json::from_str(&curated()).unwrap();
    json["synced"] = "2026-11-01".into();
    std::fs::write(&path, json.to_string()).unwrap();
    let server = Server::start(|path, _| {
        if path == procedure_path("2016-0132") {
            Reply::json(FIXTURE)
        } else {
            Reply::status(200, "<html>feed</html>")
        }
    });
    let run = sync(&path, &server.api, &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("the API's feed of updated procedures cannot be used"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("start-date=2026-11-01"),
        "{}",
        run.stderr
    );
    assert_eq!(server.requests().len(), 2);
    assert_eq!(server.requests()[1], procedure_path("2016-0132"));
    assert_eq!(
        Register::load(&path).unwrap().synced().unwrap().to_string(),
        TODAY
    );
}

#[test]
fn a_register_in_its_own_layout_keeps_every_byte_and_gains_the_new_events() {
    // Compact JSON, as another tool might write it: the added events and
    // the `synced` day are spliced in, every other byte stays.
    let path = scratch("splice").join("register.json");
    let compact = serde_json::from_str::<serde_json::Value>(&curated())
        .unwrap()
        .to_string();
    std::fs::write(&path, &compact).unwrap();
    let server = serve_fixture();
    let run = sync(&path, &server.api, &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let text = std::fs::read_to_string(&path).unwrap();
    let after = Register::from_json(&text).unwrap();
    assert_eq!(after.synced().unwrap().to_string(), TODAY);
    let mine = Register::from_json(&compact).unwrap();
    let added: Vec<_> = after
        .file("eurodac")
        .unwrap()
        .events()
        .iter()
        .filter(|e| !mine.file("eurodac").unwrap().events().contains(e))
        .collect();
    assert!(added.len() >= 10);
    let mut stripped = text.replace(&format!("\"synced\": \"{TODAY}\","), "");
    for e in added {
        let json = serde_json::to_string(e).unwrap();
        stripped =
            stripped
                .replacen(&format!(",{json}"), "", 1)
                .replacen(&format!("{json},"), "", 1);
    }
    assert_eq!(stripped, compact);
}

// -- issue 24: nothing the user wrote is lost, nothing arrives unasked -------

/// Runs the binary with a time limit: a hang fails the test instead of
/// blocking it.
fn run_within(command: &mut Command, limit: Duration) -> Run {
    let mut child = command
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let start = std::time::Instant::now();
    while child.try_wait().unwrap().is_none() {
        if start.elapsed() > limit {
            child.kill().unwrap();
            child.wait().unwrap();
            panic!("still running after {limit:?}: it hangs");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    let out = child.wait_with_output().unwrap();
    Run {
        code: out.status.code().expect("exited, not killed by a signal"),
        stdout: String::from_utf8(out.stdout).unwrap(),
        stderr: String::from_utf8(out.stderr).unwrap(),
    }
}

fn sync_command(register: &Path, api: &str, extra: &[&str]) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_codecision"));
    command
        .args([
            "--register",
            register.to_str().unwrap(),
            "sync",
            "--api",
            api,
        ])
        .args(["--backoff-ms", "1"])
        .args(if extra.iter().any(|a| a.starts_with("--timeout")) {
            &[][..]
        } else {
            &["--timeout", "10"][..]
        })
        .args(extra)
        .env("CODECISION_TODAY", TODAY)
        .stdin(Stdio::null());
    command
}

#[test]
fn an_edit_made_while_the_sync_waits_on_the_network_is_kept() {
    let path = curated_at("edit-during-fetch");
    let edited = std::fs::read_to_string(&path)
        .unwrap()
        .replace("VIS revision", "VIS revision (edited during the sync)");
    let register = path.clone();
    // The edit lands after the sync read the register, before the API
    // answers (the server makes it on receiving the request).
    let server = Server::start(move |asked, _| {
        if asked == procedure_path("2016-0132") {
            std::fs::write(&register, &edited).unwrap();
            Reply::json(FIXTURE)
        } else {
            Reply::status(404, "no")
        }
    });
    let run = sync(&path, &server.api, &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let after = Register::load(&path).unwrap();
    assert_eq!(
        after.file("vis").unwrap().title(),
        "VIS revision (edited during the sync)"
    );
    assert!(after.file("eurodac").unwrap().events().len() > 20);
    assert_eq!(after.synced().unwrap().to_string(), TODAY);
    assert!(
        run.stderr.contains("changed while the sync ran"),
        "{}",
        run.stderr
    );
}

#[test]
fn two_syncs_of_one_register_at_once_keep_both_syncs_events() {
    let path = two_procedures("two-at-once");
    // Slow answers: the second sync starts while the first waits on them.
    let server = Server::start(|asked, _| {
        let body = if asked == procedure_path("2016-0132") {
            FIXTURE.to_string()
        } else if asked == procedure_path("2099-0001") {
            other_procedure()
        } else {
            return Reply::status(404, "no");
        };
        Reply {
            delay: Duration::from_millis(700),
            ..Reply::json(&body)
        }
    });
    let mut first = sync_command(&path, &server.api, &["eurodac"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let start = std::time::Instant::now();
    while server.requests().is_empty() {
        assert!(start.elapsed() < Duration::from_secs(20), "no request");
        std::thread::sleep(Duration::from_millis(10));
    }
    // The first holds the register now (it asks after reading it).
    let second = run_within(
        &mut sync_command(&path, &server.api, &["other"]),
        Duration::from_secs(30),
    );
    let first_out = first.wait().unwrap();
    assert_eq!(first_out.code(), Some(0));
    assert_eq!(second.code, 0, "{}", second.stderr);
    let after = Register::load(&path).unwrap();
    // Both syncs' events are there.
    assert!(after.file("eurodac").unwrap().events().len() > 20);
    assert!(after.file("other").unwrap().events().len() > 10);
    // The second waited for the first.
    assert!(
        second
            .stderr
            .contains("another sync is writing it; waiting"),
        "{}",
        second.stderr
    );
}

#[cfg(unix)]
#[test]
fn a_register_read_from_a_fifo_is_read_once() {
    let dir = scratch("fifo");
    let fifo = dir.join("register.fifo");
    let made = Command::new("mkfifo").arg(&fifo).status().unwrap();
    assert!(made.success());
    let feed = |fifo: PathBuf| {
        std::thread::spawn(move || {
            // Ignore a reader that goes away.
            let _ = std::fs::write(&fifo, curated());
        })
    };
    let server = serve_fixture();
    let out = dir.join("out.json");
    let writer = feed(fifo.clone());
    let run = run_within(
        &mut sync_command(&fifo, &server.api, &["-o", out.to_str().unwrap()]),
        Duration::from_secs(30),
    );
    writer.join().unwrap();
    assert_eq!(run.code, 0, "{}", run.stderr);
    let written = Register::load(&out).unwrap();
    assert!(written.file("eurodac").unwrap().events().len() > 20);

    // Written back to a FIFO: refused, not read twice.
    let writer = feed(fifo.clone());
    let run = run_within(
        &mut sync_command(&fifo, &server.api, &[]),
        Duration::from_secs(30),
    );
    writer.join().unwrap();
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(run.stderr.contains("not a regular file"), "{}", run.stderr);
    assert!(run.stderr.contains("--output"), "{}", run.stderr);
}

#[test]
fn procedures_the_server_sends_unasked_are_reported_and_not_merged() {
    let path = curated_at("unasked");
    let before = Register::load(&path).unwrap();
    let procedure = |text: &str| {
        let json: serde_json::Value = serde_json::from_str(text).unwrap();
        json["data"][0].clone()
    };
    let mut data = vec![procedure(FIXTURE)];
    for n in 0..3 {
        let other = FIXTURE
            .replace("2016-0132", &format!("2099-000{n}"))
            .replace("2016/0132", &format!("2099/000{n}"));
        data.push(procedure(&other));
    }
    let answer = serde_json::json!({ "data": data }).to_string();
    let server = Server::start(move |asked, _| {
        if asked == procedure_path("2016-0132") {
            Reply::json(&answer)
        } else {
            Reply::status(404, "no")
        }
    });
    let run = sync(&path, &server.api, &["--format", "json"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let after = Register::load(&path).unwrap();
    assert_eq!(after.files().len(), before.files().len());
    assert!(after.file("2099-0000-cod").is_none());
    assert!(after.file("eurodac").unwrap().events().len() > 20);
    let json: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(
        json["ignored"],
        serde_json::json!(["2099/0000(COD)", "2099/0001(COD)", "2099/0002(COD)"])
    );
    assert_eq!(json["files"].as_array().unwrap().len(), 1);
    assert!(
        run.stderr
            .contains("the API sent 3 procedures not asked for; not merged: 2099/0000(COD)"),
        "{}",
        run.stderr
    );
}

#[test]
fn a_redirect_away_from_the_api_is_an_error_naming_both_urls() {
    let path = curated_at("redirect-away");
    let before = std::fs::read(&path).unwrap();
    let elsewhere = serve_fixture();
    let target = format!(
        "{}{}",
        elsewhere.api.trim_end_matches("/api/v2"),
        procedure_path("2016-0132")
    );
    let to = target.clone();
    let server = Server::start(move |_, _| {
        let mut reply = Reply::status(302, "");
        reply.headers.push(("Location", to.clone()));
        reply
    });
    let run = sync(&path, &server.api, &[]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(elsewhere.requests().is_empty(), "nothing fetched elsewhere");
    let asked = format!(
        "{}{}",
        server.api.trim_end_matches("/api/v2"),
        procedure_path("2016-0132")
    );
    assert!(
        run.stderr
            .contains(&format!("{asked} redirects to {target}")),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("nothing was written"), "{}", run.stderr);
    assert_eq!(std::fs::read(&path).unwrap(), before);
}

#[test]
fn a_redirect_within_the_api_is_followed_and_its_errors_name_the_target() {
    let path = curated_at("redirect-within");
    let server = Server::start(|asked, _| {
        if asked == procedure_path("2016-0132") {
            let mut reply = Reply::status(307, "");
            reply
                .headers
                .push(("Location", "/moved/2016-0132".to_string()));
            reply
        } else if asked == "/moved/2016-0132" {
            Reply::json(FIXTURE)
        } else {
            Reply::status(404, "no")
        }
    });
    let run = sync(&path, &server.api, &["--dry-run"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(
        server.requests(),
        [procedure_path("2016-0132"), "/moved/2016-0132".to_string()]
    );

    // The target fails: the message names it.
    let failing = Server::start(|asked, _| {
        if asked == procedure_path("2016-0132") {
            let mut reply = Reply::status(302, "");
            reply.headers.push(("Location", "/down".to_string()));
            reply
        } else {
            Reply::status(503, "down")
        }
    });
    let run = sync(&path, &failing.api, &["--retries", "0"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let target = format!("{}/down", failing.api.trim_end_matches("/api/v2"));
    assert!(
        run.stderr
            .contains(&format!("503 (a server error) (at {target}, where")),
        "{}",
        run.stderr
    );
}

/// A zstd frame of `prefix`, then `spaces` spaces in RLE blocks of 128
/// KiB (four bytes each on the wire), then `suffix`: a few kilobytes that
/// decode to as many bytes as asked.
fn zstd_bomb(prefix: &[u8], spaces: usize, suffix: &[u8]) -> Vec<u8> {
    let mut out = vec![0x28, 0xB5, 0x2F, 0xFD];
    // Frame header: no content size, no checksum; a window of 2 MiB.
    out.extend([0x00, 0x58]);
    let mut block = |last: bool, kind: u32, size: usize, bytes: &[u8]| {
        let header = u32::from(last) | (kind << 1) | ((size as u32) << 3);
        out.extend(&header.to_le_bytes()[..3]);
        out.extend(bytes);
    };
    block(false, 0, prefix.len(), prefix);
    let mut left = spaces;
    while left > 0 {
        let n = left.min(128 * 1024);
        block(false, 1, n, b" ");
        left -= n;
    }
    block(true, 0, suffix.len(), suffix);
    out
}

#[test]
fn the_answer_limit_holds_for_the_bytes_a_zstd_answer_decodes_to() {
    let path = curated_at("zstd-bomb");
    let before = std::fs::read(&path).unwrap();
    // 2 MiB decoded from about 70 bytes.
    let bomb = zstd_bomb(b"{\"data\": [", 2 << 20, b"]}");
    assert!(bomb.len() < 100);
    let server = Server::start(move |_, _| Reply {
        body: bomb.clone(),
        ..Reply::json("")
    });
    let run = sync(&path, &server.api, &["--max-decompressed", "1MiB"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("decompressed, the input is larger than the limit of 1 MiB"),
        "{}",
        run.stderr
    );
    // The flag the message names is one `sync` has.
    assert!(run.stderr.contains("--max-decompressed"), "{}", run.stderr);
    assert_eq!(std::fs::read(&path).unwrap(), before);
    // By default the limit of an answer holds for its decoded bytes too.
    let options = codecision::sync::ApiOptions::default();
    assert_eq!(options.import.max_decompressed, options.max_body);
    assert_eq!(options.max_body, 256 << 20);
}

#[test]
fn a_timeout_that_is_not_a_usable_number_of_seconds_is_a_usage_error() {
    let path = curated_at("timeout");
    for bad in ["1e20", "NaN", "-1", "inf", "0", "86401", "soon"] {
        let timeout = format!("--timeout={bad}");
        let run = run_within(
            &mut sync_command(&path, "http://127.0.0.1:9/api/v2", &[&timeout]),
            Duration::from_secs(30),
        );
        assert_eq!(run.code, 2, "--timeout {bad}: {}", run.stderr);
        assert!(
            run.stderr.contains("is not a number of seconds above 0"),
            "{bad}: {}",
            run.stderr
        );
        assert!(!run.stderr.contains("panicked"), "{bad}: {}", run.stderr);
    }
}

#[test]
fn a_text_over_the_limit_names_a_flag_sync_has() {
    let path = curated_at("max-text");
    let mut json: serde_json::Value = serde_json::from_str(FIXTURE).unwrap();
    json["data"][0]["process_title"] = "x".repeat(17 << 20).into();
    let body = json.to_string();
    let server = Server::start(move |_, _| Reply::json(&body));
    let run = sync(&path, &server.api, &[]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("a text value longer than the limit of 16 MiB"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("--max-text"), "{}", run.stderr);
    // …which `sync` takes.
    let run = sync(&path, &server.api, &["--max-text", "32MiB", "--dry-run"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
}

#[test]
fn a_deadline_covers_the_whole_sync() {
    let path = two_procedures("deadline");
    let before = std::fs::read(&path).unwrap();
    let server = Server::start(|_, _| Reply {
        delay: Duration::from_millis(2500),
        ..Reply::json(FIXTURE)
    });
    // Each answer would come after 2.5 s, well within --timeout (10 s).
    let run = sync(
        &path,
        &server.api,
        &["--batch", "1", "--retries", "2", "--deadline", "1"],
    );
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("the time limit of 1 s for the whole sync is over"),
        "{}",
        run.stderr
    );
    // Nothing more was asked once the time was over, not even a retry.
    assert_eq!(server.requests().len(), 1);
    assert_eq!(std::fs::read(&path).unwrap(), before);
}

// -- issue 25: the command prints what the library answers ------------------

#[test]
fn the_json_answer_is_the_library_outcome_serialised() {
    let path = two_procedures("json-is-library");
    let server = Server::start(|asked, _| match asked {
        p if p == procedure_path("2016-0132,2099-0001") => Reply::status(404, "no"),
        p if p == procedure_path("2016-0132") => Reply::json(FIXTURE),
        _ => Reply::status(503, "down"),
    });
    let out = path.with_file_name("out.json");
    let args = ["--format", "json", "--keep-going", "--retries", "0"];
    let run = sync(
        &path,
        &server.api,
        &[&args[..], &["-o", out.to_str().unwrap()]].concat(),
    );
    assert_eq!(run.code, 0, "{}", run.stderr);

    let request = codecision::sync::Request::new(&path, codecision::parse_date(TODAY).unwrap())
        .keep_going(true)
        .output(Some(out.clone()));
    let mut options = codecision::sync::ApiOptions::default();
    options.retries = 0;
    let mut api = codecision::sync::Api::new(&server.api, options);
    let outcome = codecision::sync::run(&request, &mut api, &mut |_| {}).unwrap();
    // Something of each part is there: files, changes, a failure, written.
    assert_eq!(outcome.failed.len(), 1);
    assert!(outcome.added() > 10 && !outcome.changes.moved.is_empty());
    assert_eq!(outcome.written.as_deref(), Some(out.as_path()));
    let library = serde_json::to_string_pretty(&outcome).unwrap() + "\n";
    assert_eq!(run.stdout, library);
}
