//! Nothing is lost: a write that replaces a file is atomic (the old content
//! or the new, never a mix, even when the writer is killed), a write that
//! cannot be done leaves nothing behind, and `validate` never touches its
//! input.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use codecision::{Event, LegislativeFile, Register, Stage, parse_date};

fn bin() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_codecision"));
    c.env("CODECISION_TODAY", "2018-01-24")
        .env_remove("NO_COLOR");
    c
}

/// A fresh, empty directory for one test.
fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("codecision-atomic-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// The temporary files a writer left in `dir` (`.NAME.PID.N.tmp`).
fn leftovers(dir: &Path) -> Vec<String> {
    let mut found: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with('.') && n.ends_with(".tmp"))
        .collect();
    found.sort();
    found
}

fn small_register(title: &str) -> Register {
    Register::builder()
        .file(LegislativeFile::new("a", title).with_events([Event::new(
            parse_date("2017-01-01").unwrap(),
            Stage::Proposal,
        )]))
        .build()
        .unwrap()
}

/// An EP API response with `n` procedures, each with a few activities: a
/// few megabytes of input, a few megabytes of register.
fn big_ep_api_document(n: usize) -> String {
    let mut out = String::from("{\"data\": [");
    for i in 0..n {
        if i > 0 {
            out.push(',');
        }
        let (year, number) = (2000 + i % 25, i);
        out.push_str(&format!(
            r#"{{"type": "Process", "label": "{year}/{number:04}(COD)",
  "process_title": {{"en": "Procedure number {i}, with a title of some length to make the register larger"}},
  "consists_of": [
    {{"activity_id": "A-{i}-1", "activity_date": "{year}-03-01", "had_activity_type": "def/ep-activities/COMMITTEE_ADOPTING_REPORT"}},
    {{"activity_id": "A-{i}-2", "activity_date": "{year}-05-01", "had_activity_type": "def/ep-activities/INTERINSTITUTIONAL_NEGOTIATION"}},
    {{"activity_id": "A-{i}-3", "activity_date": "{year}-09-01", "had_activity_type": "def/ep-activities/SIGNATURE"}},
    {{"activity_id": "A-{i}-4", "activity_date": "{year}-09-20", "had_activity_type": "def/ep-activities/PUBLICATION_OFFICIAL_JOURNAL"}}],
  "had_participation": [{{"participation_role": "def/ep-roles/COMMITTEE_LEAD", "had_participant_organization": ["org/LIBE"]}}]}}"#
        ));
    }
    out.push_str("]}\n");
    out
}

#[test]
fn save_replaces_the_file_whole_and_leaves_no_temporary_file() {
    let dir = scratch("save");
    let path = dir.join("register.json");
    small_register("Old").save(&path).unwrap();
    let old = std::fs::read(&path).unwrap();
    let new = small_register("New");
    new.save(&path).unwrap();
    assert_ne!(std::fs::read(&path).unwrap(), old);
    assert_eq!(Register::load(&path).unwrap(), new);
    assert!(leftovers(&dir).is_empty(), "{:?}", leftovers(&dir));
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn a_temporary_name_left_by_a_killed_writer_is_passed_over() {
    // A killed writer with our process id (ids are reused) left temporary
    // files with the names this process would pick next: they are skipped,
    // not opened, not removed.
    let dir = scratch("stale");
    let path = dir.join("register.json");
    let pid = std::process::id();
    for n in 0..64 {
        std::fs::write(dir.join(format!(".register.json.{pid}.{n}.tmp")), "stale").unwrap();
    }
    small_register("New").save(&path).unwrap();
    assert_eq!(Register::load(&path).unwrap(), small_register("New"));
    assert_eq!(leftovers(&dir).len(), 64);
    for name in leftovers(&dir) {
        assert_eq!(std::fs::read_to_string(dir.join(name)).unwrap(), "stale");
    }
    std::fs::remove_dir_all(&dir).unwrap();
}

#[cfg(unix)]
#[test]
fn save_keeps_the_permissions_and_writes_through_a_link() {
    use std::os::unix::fs::PermissionsExt as _;
    let dir = scratch("perms");
    let real = dir.join("real.json");
    small_register("Old").save(&real).unwrap();
    std::fs::set_permissions(&real, std::fs::Permissions::from_mode(0o600)).unwrap();
    let link = dir.join("link.json");
    std::os::unix::fs::symlink(&real, &link).unwrap();
    small_register("New").save(&link).unwrap();
    // The link is still a link, and its target has the new content and the
    // old permissions.
    assert!(
        std::fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink()
    );
    assert_eq!(Register::load(&real).unwrap(), small_register("New"));
    let mode = std::fs::metadata(&real).unwrap().permissions().mode();
    assert_eq!(mode & 0o777, 0o600);
    assert!(leftovers(&dir).is_empty());
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn a_write_that_cannot_be_done_leaves_nothing_and_says_where() {
    let dir = scratch("cannot");
    // The target is a directory: nothing can be renamed over it.
    let target = dir.join("taken");
    std::fs::create_dir(&target).unwrap();
    std::fs::write(target.join("inside"), "keep").unwrap();
    let err = small_register("New").save(&target).unwrap_err();
    let text = err.to_string();
    assert!(text.starts_with(&target.display().to_string()), "{text}");
    assert!(text.contains("cannot replace it"), "{text}");
    assert!(target.is_dir());
    assert_eq!(
        std::fs::read_to_string(target.join("inside")).unwrap(),
        "keep"
    );
    assert!(leftovers(&dir).is_empty(), "{:?}", leftovers(&dir));
    // A directory that does not exist.
    let missing = dir.join("no-such-dir").join("register.json");
    let text = small_register("New")
        .save(&missing)
        .unwrap_err()
        .to_string();
    assert!(text.contains("cannot create a temporary file in"), "{text}");
    assert!(text.contains("no-such-dir"), "{text}");
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn cli_outputs_into_a_directory_fail_cleanly() {
    let dir = scratch("cli-dir");
    let input =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/import/ep-api_2016-0132.json");
    let target = dir.join("taken");
    std::fs::create_dir(&target).unwrap();
    for args in [
        vec![
            "import",
            "ep-api",
            input.to_str().unwrap(),
            "--output",
            target.to_str().unwrap(),
        ],
        vec![
            "report",
            "--as-of",
            "2018-01-24",
            "--output",
            target.to_str().unwrap(),
        ],
    ] {
        let out = bin().args(&args).output().unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{args:?}: {err}");
        assert!(out.stdout.is_empty(), "{args:?}");
        assert!(
            err.contains(&*target.display().to_string()),
            "{args:?}: {err}"
        );
        assert!(!err.contains("panicked"), "{err}");
        assert!(target.is_dir());
        assert!(
            leftovers(&dir).is_empty(),
            "{args:?}: {:?}",
            leftovers(&dir)
        );
    }
    std::fs::remove_dir_all(&dir).unwrap();
}

/// Kills `import --output` at many points of its run, the first ones as
/// soon as its temporary file appears (the write under way): each time the
/// output is the old register byte for byte or the whole new one.
#[test]
fn killing_an_import_never_leaves_a_partial_register() {
    let dir = scratch("kill");
    let input = dir.join("big.json");
    std::fs::write(&input, big_ep_api_document(2_500)).unwrap();
    let output = dir.join("existing.json");
    let import = |path: &Path| {
        let mut c = bin();
        c.args(["import", "ep-api"])
            .arg(&input)
            .arg("--output")
            .arg(path)
            .stdout(Stdio::null())
            .stderr(Stdio::null());
        c
    };

    // The complete new output, and how long a run takes.
    let reference = dir.join("reference.json");
    let started = Instant::now();
    assert!(import(&reference).status().unwrap().success());
    let run_time = started.elapsed();
    let new = std::fs::read(&reference).unwrap();
    assert!(new.len() > 1_000_000, "{} bytes", new.len());

    small_register("The user's own register")
        .save(&output)
        .unwrap();
    let old = std::fs::read(&output).unwrap();

    let mut outcomes = (0, 0); // (old kept, new complete)
    let mut during_write = 0;
    for attempt in 0..10 {
        let before = leftovers(&dir);
        let mut child = import(&output).spawn().unwrap();
        if attempt < 4 {
            // Wait for this run's temporary file, then kill at once.
            let deadline = Instant::now() + run_time * 4 + Duration::from_secs(5);
            let mut appeared = false;
            while !appeared && Instant::now() < deadline {
                if child.try_wait().unwrap().is_some() {
                    break;
                }
                appeared = leftovers(&dir).len() > before.len();
                if !appeared {
                    std::thread::sleep(Duration::from_micros(200));
                }
            }
            during_write += usize::from(appeared);
        } else {
            // Spread over the whole run: reading, mapping, writing.
            std::thread::sleep(run_time * (attempt - 4) / 4);
        }
        let _ = child.kill(); // SIGKILL
        let _ = child.wait();
        let now = std::fs::read(&output).unwrap();
        if now == old {
            outcomes.0 += 1;
        } else {
            assert!(
                now == new,
                "attempt {attempt}: a partial register ({} bytes of {})",
                now.len(),
                new.len()
            );
            outcomes.1 += 1;
            // Start again from the user's register.
            std::fs::write(&output, &old).unwrap();
        }
    }
    assert!(
        outcomes.0 > 0,
        "no kill landed before the rename: {outcomes:?}"
    );
    assert!(
        during_write > 0,
        "no kill landed while the temporary file was there"
    );

    // What SIGKILL left behind (a temporary file per kill during the write)
    // breaks nothing: a new run writes the whole register, and only the
    // register is read.
    let left = leftovers(&dir);
    assert!(
        left.iter().all(|n| n.starts_with(".existing.json.")),
        "{left:?}"
    );
    assert!(import(&output).status().unwrap().success());
    assert_eq!(std::fs::read(&output).unwrap(), new);
    let out = bin().arg("validate").arg(&output).output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

/// A hash of the bytes, and the modification time.
fn fingerprint(path: &Path) -> (u64, usize, std::time::SystemTime) {
    use std::hash::{Hash, Hasher};
    let bytes = std::fs::read(path).unwrap();
    let mut h = std::collections::hash_map::DefaultHasher::new();
    bytes.hash(&mut h);
    (
        h.finish(),
        bytes.len(),
        std::fs::metadata(path).unwrap().modified().unwrap(),
    )
}

#[test]
fn validate_never_modifies_its_input() {
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/cli");
    let dir = scratch("validate");
    for name in [
        "clean.json",
        "anomalies.json",
        "problems.json",
        "syntax.json",
        "cycle.json",
    ] {
        let path = dir.join(name);
        std::fs::copy(fixtures.join(name), &path).unwrap();
        let before = fingerprint(&path);
        for extra in [&[][..], &["--strict"][..], &["--format", "json"][..]] {
            let out = bin()
                .arg("validate")
                .arg(&path)
                .args(extra)
                .output()
                .unwrap();
            assert!(matches!(out.status.code(), Some(0 | 1)), "{name}");
            assert_eq!(fingerprint(&path), before, "{name} {extra:?}");
        }
        let names: Vec<_> = std::fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert!(leftovers(&dir).is_empty(), "{names:?}");
    }
    std::fs::remove_dir_all(&dir).unwrap();
}

/// Runs the binary in `dir` with `args`; (status, stdout, stderr).
fn run_in(dir: &Path, args: &[&str]) -> (Option<i32>, Vec<u8>, String) {
    let out = bin().current_dir(dir).args(args).output().unwrap();
    (
        out.status.code(),
        out.stdout,
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// An output that is one of the inputs, however it is named (the same
/// string, `./x/../`, a symbolic link, a hard link), is refused: exit 1,
/// both named, nothing written, the input as it was.
#[test]
fn an_output_that_is_an_input_is_refused_and_the_input_kept() {
    let dir = scratch("same");
    std::fs::create_dir(dir.join("x")).unwrap();
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/import");
    std::fs::copy(fixtures.join("ep-api_2016-0132.json"), dir.join("ep.json")).unwrap();
    std::fs::copy(
        fixtures.join("parltrack_ep_dossiers.json"),
        dir.join("pt.json"),
    )
    .unwrap();
    small_register("Mine").save(dir.join("r.json")).unwrap();
    #[cfg(unix)]
    for name in ["r.json", "ep.json", "pt.json"] {
        std::os::unix::fs::symlink(dir.join(name), dir.join(format!("sym-{name}"))).unwrap();
        std::fs::hard_link(dir.join(name), dir.join(format!("hard-{name}"))).unwrap();
    }
    let mut cases: Vec<(Vec<&str>, &str)> = Vec::new();
    let mut outputs = vec!["r.json", "./x/../r.json"];
    if cfg!(unix) {
        outputs.extend(["sym-r.json", "hard-r.json"]);
    }
    for out in &outputs {
        cases.push((
            vec![
                "--register",
                "r.json",
                "report",
                "--as-of",
                "2018-01-24",
                "-o",
                out,
            ],
            "r.json",
        ));
    }
    for (input, outs) in [
        (
            "ep.json",
            ["ep.json", "./x/../ep.json", "sym-ep.json", "hard-ep.json"],
        ),
        (
            "pt.json",
            ["pt.json", "./x/../pt.json", "sym-pt.json", "hard-pt.json"],
        ),
    ] {
        let source = if input == "ep.json" {
            "ep-api"
        } else {
            "parltrack"
        };
        for out in outs.iter().take(outputs.len()) {
            cases.push((vec!["import", source, input, "-o", out], input));
        }
    }
    // Among several EP API inputs, the second.
    cases.push((
        vec![
            "import",
            "ep-api",
            "r.json",
            "ep.json",
            "--keep-going",
            "-o",
            "./ep.json",
        ],
        "ep.json",
    ));
    let before: Vec<_> = ["r.json", "ep.json", "pt.json"]
        .iter()
        .map(|n| fingerprint(&dir.join(n)))
        .collect();
    for (args, input) in &cases {
        let (code, stdout, err) = run_in(&dir, args);
        assert_eq!(code, Some(1), "{args:?}: {err}");
        assert!(stdout.is_empty(), "{args:?}");
        assert!(err.contains("is the same file as the"), "{args:?}: {err}");
        assert!(err.contains(args.last().unwrap()), "{args:?}: {err}");
        assert!(err.contains(input), "{args:?}: {err}");
        assert!(err.contains("nothing was written"), "{args:?}: {err}");
        let after: Vec<_> = ["r.json", "ep.json", "pt.json"]
            .iter()
            .map(|n| fingerprint(&dir.join(n)))
            .collect();
        assert_eq!(after, before, "{args:?}");
        assert!(leftovers(&dir).is_empty(), "{args:?}");
    }
    // Another output is written as before.
    let (code, _, err) = run_in(&dir, &["import", "ep-api", "ep.json", "-o", "new.json"]);
    assert_eq!(code, Some(0), "{err}");
    assert!(Register::load(dir.join("new.json")).is_ok());
    std::fs::remove_dir_all(&dir).unwrap();
}

/// A FIFO (as a device would be) is written in place, never replaced by a
/// regular file.
#[cfg(unix)]
#[test]
fn a_fifo_output_is_written_in_place_not_replaced() {
    use std::io::Read as _;
    use std::os::unix::fs::FileTypeExt as _;
    let dir = scratch("fifo");
    let fifo = dir.join("pipe");
    let made = Command::new("mkfifo").arg(&fifo).status().unwrap();
    assert!(made.success());
    let reader = {
        let fifo = fifo.clone();
        std::thread::spawn(move || {
            let mut text = String::new();
            std::fs::File::open(&fifo)
                .unwrap()
                .read_to_string(&mut text)
                .unwrap();
            text
        })
    };
    let (code, stdout, err) = run_in(
        &dir,
        &[
            "report",
            "--as-of",
            "2018-01-24",
            "--no-forecast",
            "-o",
            "pipe",
        ],
    );
    assert_eq!(code, Some(0), "{err}");
    assert!(stdout.is_empty());
    let html = reader.join().unwrap();
    assert!(
        html.starts_with("<!DOCTYPE html>"),
        "{}",
        &html[..html.len().min(80)]
    );
    assert!(html.trim_end().ends_with("</html>"));
    assert!(
        std::fs::symlink_metadata(&fifo)
            .unwrap()
            .file_type()
            .is_fifo()
    );
    assert!(leftovers(&dir).is_empty(), "{:?}", leftovers(&dir));
    std::fs::remove_dir_all(&dir).unwrap();
}

/// A temporary file left by a process that has ended (killed, or a power
/// loss) is removed by the next write to the same name; one of a running
/// process (here, this test's) and one of another name are kept.
#[cfg(target_os = "linux")]
#[test]
fn the_next_write_removes_what_an_ended_writer_left() {
    let dir = scratch("stale-cli");
    // Above Linux's largest process id: never a running process.
    let ended = ".out.json.4194399.Qw3rTy.tmp";
    let old_style = ".out.json.4194398.0.tmp";
    let running = format!(".out.json.{}.0.tmp", std::process::id());
    let other = ".other.json.4194399.Qw3rTy.tmp";
    for name in [ended, old_style, &running, other] {
        std::fs::write(dir.join(name), "left").unwrap();
    }
    let input =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/import/ep-api_2016-0132.json");
    let (code, _, err) = run_in(
        &dir,
        &[
            "import",
            "ep-api",
            input.to_str().unwrap(),
            "-o",
            "out.json",
        ],
    );
    assert_eq!(code, Some(0), "{err}");
    let mut expected = vec![running.clone(), other.to_string()];
    expected.sort();
    assert_eq!(leftovers(&dir), expected);
    std::fs::remove_dir_all(&dir).unwrap();
}

/// SIGINT (Ctrl-C) while `import --output` writes: the temporary file is
/// removed at once, the output is the old register or the whole new one,
/// and the status is 130.
#[cfg(target_os = "linux")]
#[test]
fn an_interrupted_import_leaves_no_temporary_file() {
    let dir = scratch("sigint");
    let input = dir.join("big.json");
    std::fs::write(&input, big_ep_api_document(2_500)).unwrap();
    let output = dir.join("existing.json");
    small_register("The user's own register")
        .save(&output)
        .unwrap();
    let old = std::fs::read(&output).unwrap();
    let mut during_write = 0;
    for attempt in 0..6 {
        let mut child = bin()
            .args(["import", "ep-api"])
            .arg(&input)
            .arg("--output")
            .arg(&output)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        if attempt < 4 {
            // As soon as the temporary file is there.
            let deadline = Instant::now() + Duration::from_secs(60);
            while Instant::now() < deadline && child.try_wait().unwrap().is_none() {
                if !leftovers(&dir).is_empty() {
                    during_write += 1;
                    break;
                }
                std::thread::sleep(Duration::from_micros(200));
            }
        } else {
            // While reading the input.
            std::thread::sleep(Duration::from_millis(50));
        }
        let killed = Command::new("kill")
            .args(["-INT", &child.id().to_string()])
            .status()
            .unwrap();
        let status = child.wait().unwrap();
        if killed.success() && status.code() != Some(0) {
            // Handled: status 130. A signal that comes before the process
            // has installed its handler (the first thing `main` does; on a
            // loaded machine 50 ms may not reach it) ends it by the default
            // action, before anything is written: the checks below still
            // hold.
            use std::os::unix::process::ExitStatusExt;
            assert!(
                status.code() == Some(130) || (attempt >= 4 && status.signal() == Some(2)),
                "attempt {attempt}: {status:?}"
            );
        }
        assert!(
            leftovers(&dir).is_empty(),
            "attempt {attempt}: {:?}",
            leftovers(&dir)
        );
        let now = std::fs::read(&output).unwrap();
        if now != old {
            // The whole new register: the interrupt came after the rename.
            assert!(Register::load(&output).is_ok(), "attempt {attempt}");
            std::fs::write(&output, &old).unwrap();
        }
    }
    assert!(during_write > 0, "no interrupt landed during a write");
    std::fs::remove_dir_all(&dir).unwrap();
}

/// The clean-up before a write matches its own target's temporary names
/// exactly: writing `a` leaves `.a.4194399.PID.Qw3rTy.tmp`, the live
/// temporary file of a write to `a.4194399` by a running process (here,
/// this test), although its name also starts `.a.` and a number of an
/// ended process follows.
#[cfg(target_os = "linux")]
#[test]
fn a_write_leaves_the_live_temporary_file_of_another_target() {
    let dir = scratch("stale-other-target");
    let pid = std::process::id();
    let live = [
        format!(".a.4194399.{pid}.Qw3rTy.tmp"),
        format!(".a.json.{pid}.Qw3rTy.tmp"),
        ".a.4194399.Qw3rTy.tmp.4194399.Qw3rTy.tmp".to_string(),
    ];
    for name in &live {
        std::fs::write(dir.join(name), "being written").unwrap();
    }
    // One of `a` itself, of an ended process: removed.
    std::fs::write(dir.join(".a.4194399.Qw3rTy.tmp"), "left").unwrap();
    codecision::write_file(&dir.join("a"), b"new").unwrap();
    let mut expected = live.to_vec();
    expected.sort();
    assert_eq!(leftovers(&dir), expected);
    for name in &live {
        assert_eq!(
            std::fs::read_to_string(dir.join(name)).unwrap(),
            "being written"
        );
    }
    std::fs::remove_dir_all(&dir).unwrap();
}

/// A symbolic link whose target does not exist yet is written through,
/// whatever writes it: the target is created, the link stays a link
/// (`report -o` replaced the link with a regular file). Links to links
/// and relative links are followed as the system follows them.
#[cfg(unix)]
#[test]
fn a_dangling_link_is_written_through_by_every_output() {
    use std::os::unix::fs::symlink;
    let dir = scratch("dangling");
    std::fs::create_dir(dir.join("sub")).unwrap();
    let input =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/import/ep-api_2016-0132.json");
    let input = input.to_str().unwrap();
    let runs: [(&str, &[&str]); 2] = [
        ("report.html", &["report", "-o", "out.html"]),
        (
            "register.json",
            &["import", "ep-api", input, "-o", "out.json"],
        ),
    ];
    for (target, args) in runs {
        let link = args[args.len() - 1];
        // out -> sub/via -> ../<target> (missing).
        symlink("sub/via", dir.join(link)).unwrap();
        symlink(format!("../{target}"), dir.join("sub/via")).unwrap();
        let (code, stdout, err) = run_in(&dir, args);
        assert_eq!(code, Some(0), "{args:?}: {err}");
        assert!(stdout.is_empty() || !stdout.starts_with(b"<"), "{args:?}");
        for name in [link, "sub/via"] {
            assert!(
                std::fs::symlink_metadata(dir.join(name))
                    .unwrap()
                    .file_type()
                    .is_symlink(),
                "{args:?}: {name} is no longer a link"
            );
        }
        assert!(std::fs::metadata(dir.join(target)).unwrap().len() > 0);
        std::fs::remove_file(dir.join("sub/via")).unwrap();
    }
    // Through the library, and into a directory that does not exist: an
    // error naming the link, nothing written, the link kept.
    symlink("nowhere/x.json", dir.join("lost.json")).unwrap();
    let err = small_register("A").save(dir.join("lost.json")).unwrap_err();
    assert!(err.to_string().contains("lost.json"), "{err}");
    assert!(
        std::fs::symlink_metadata(dir.join("lost.json"))
            .unwrap()
            .file_type()
            .is_symlink()
    );
    // A loop of links is an error, and the links stay.
    symlink("loop-b", dir.join("loop-a")).unwrap();
    symlink("loop-a", dir.join("loop-b")).unwrap();
    let err = codecision::write_file(&dir.join("loop-a"), b"x").unwrap_err();
    assert!(err.to_string().contains("symbolic links"), "{err}");
    assert_eq!(
        std::fs::read_link(dir.join("loop-a")).unwrap(),
        Path::new("loop-b")
    );
    assert!(leftovers(&dir).is_empty());
    std::fs::remove_dir_all(&dir).unwrap();
}
