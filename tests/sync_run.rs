//! `sync::run`, the whole sync as one library call, with a recorded source
//! of procedures instead of the network: which procedures are asked for,
//! what is merged and ignored, when `synced` moves, and how the register is
//! written back (read once, compared before it is replaced).

use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use codecision::import::{Options, ep_api};
use codecision::sync::{self, Feed, FeedUse, Fetch, Fetched, Progress, Request};
use codecision::{Error, LegislativeFile, Register, parse_date};

const FIXTURE: &str = include_str!("fixtures/import/ep-api_2016-0132.json");

/// The fixture's procedure, as another one (`2099/000N`).
fn procedure(n: Option<u32>) -> LegislativeFile {
    let text = match n {
        None => FIXTURE.to_string(),
        Some(n) => FIXTURE
            .replace("2016-0132", &format!("2099-000{n}"))
            .replace("2016/0132", &format!("2099/000{n}")),
    };
    let import = ep_api::from_reader(text.as_bytes(), Options::default()).unwrap();
    import.register.files()[0].clone()
}

/// Answers from memory; records what it was asked; may do something to the
/// register while it "fetches" (an edit made while the network is slow).
struct Recorded {
    files: Vec<LegislativeFile>,
    feed: Option<Vec<String>>,
    asked: Vec<Vec<String>>,
    during: Option<Box<dyn FnMut()>>,
}

impl Recorded {
    fn new(files: Vec<LegislativeFile>) -> Recorded {
        Recorded {
            files,
            feed: None,
            asked: Vec::new(),
            during: None,
        }
    }
}

impl Fetch for Recorded {
    fn address(&self) -> &str {
        "memory"
    }

    fn updated_since(&mut self, _: NaiveDate, _: &mut dyn FnMut(&Progress)) -> Result<Feed, Error> {
        Ok(match &self.feed {
            Some(ids) => Feed::Updated(ids.clone()),
            None => Feed::Unusable("no feed here".into()),
        })
    }

    fn fetch(&mut self, ids: &[String], _: &mut dyn FnMut(&Progress)) -> Result<Fetched, Error> {
        self.asked.push(ids.to_vec());
        if let Some(during) = &mut self.during {
            during();
        }
        Ok(Fetched::new(self.files.clone()))
    }
}

fn today() -> NaiveDate {
    parse_date("2026-12-01").unwrap()
}

fn register_at(name: &str, text: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("sync_run-{name}"));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("register.json");
    std::fs::write(&path, text).unwrap();
    path
}

const MINE: &str = r#"{"files": [
  {"id": "eurodac", "title": "Eurodac (mine)", "procedure": "2016/0132(COD)",
   "events": [{"date": "2016-05-04", "stage": "proposal", "source": "COM(2016) 272"}]},
  {"id": "vis", "title": "VIS", "events": [{"date": "2018-05-16", "stage": "proposal"}]}
]}
"#;

#[test]
fn a_run_merges_what_was_asked_writes_it_back_and_moves_synced() {
    let path = register_at("basic", MINE);
    // The source also sends two procedures nobody asked for.
    let mut source = Recorded::new(vec![
        procedure(None),
        procedure(Some(1)),
        procedure(Some(2)),
    ]);
    let outcome = sync::run(&Request::new(&path, today()), &mut source, &mut |_| {}).unwrap();
    assert_eq!(source.asked, [["2016-0132"]]);
    assert_eq!(outcome.asked, 1);
    assert_eq!(outcome.ignored, ["2099/0001(COD)", "2099/0002(COD)"]);
    assert_eq!(outcome.written.as_deref(), Some(path.as_path()));
    assert_eq!(outcome.synced, Some(today()));
    assert!(!outcome.merged_again);
    assert_eq!(outcome.files.len(), 1);
    let text = std::fs::read_to_string(&path).unwrap();
    assert_eq!(outcome.text.as_deref(), Some(text.as_str()));
    let after = Register::from_json(&text).unwrap();
    assert_eq!(after.files().len(), 2);
    assert_eq!(after.file("eurodac").unwrap().title(), "Eurodac (mine)");
    assert_eq!(
        after.file("eurodac").unwrap().events().len(),
        1 + outcome.added()
    );

    // Again: the feed says nothing changed; nothing is fetched or written.
    let before = std::fs::metadata(&path).unwrap().modified().unwrap();
    source.feed = Some(Vec::new());
    let outcome = sync::run(&Request::new(&path, today()), &mut source, &mut |_| {}).unwrap();
    assert_eq!(source.asked[1], Vec::<String>::new());
    assert_eq!(
        outcome.feed,
        Some(FeedUse::Changed {
            since: today(),
            changed: 0,
            of: 1
        })
    );
    assert_eq!((outcome.written, outcome.text), (None, None));
    assert_eq!(
        std::fs::metadata(&path).unwrap().modified().unwrap(),
        before
    );
}

#[test]
fn an_edit_made_during_the_fetch_is_merged_into_not_over() {
    let path = register_at("edit", MINE);
    let mut source = Recorded::new(vec![procedure(None)]);
    let register = path.clone();
    source.during = Some(Box::new(move || {
        // Another program rewrites the register meanwhile: a new title and
        // a new file with a procedure of its own.
        let edited = MINE.replace("\"VIS\"", "\"VIS (edited)\"").replace(
            "\n]}",
            ",\n  {\"id\": \"etias\", \"title\": \"ETIAS\", \"procedure\": \"2016/0357(COD)\"}\n]}",
        );
        std::fs::write(&register, edited).unwrap();
    }));
    let outcome = sync::run(&Request::new(&path, today()), &mut source, &mut |_| {}).unwrap();
    assert!(outcome.merged_again);
    let after = Register::load(&path).unwrap();
    assert_eq!(after.file("vis").unwrap().title(), "VIS (edited)");
    assert!(after.file("etias").is_some());
    assert!(after.file("eurodac").unwrap().events().len() > 20);
    // ETIAS was never fetched: `synced` does not move, so the next sync
    // asks for it whatever the feed says.
    assert_eq!(outcome.synced, None);
    assert_eq!(after.synced(), None);
}

#[test]
fn a_register_that_keeps_changing_is_left_as_it_is() {
    let path = register_at("keeps-changing", MINE);
    let edit = |path: &Path, n: usize| {
        std::fs::write(path, MINE.replace("\"VIS\"", &format!("\"VIS {n}\""))).unwrap();
    };
    let mut source = Recorded::new(vec![procedure(None)]);
    let register = path.clone();
    source.during = Some(Box::new(move || edit(&register, 0)));
    // Edited again each time the sync has read it anew.
    let mut n = 0;
    let e = sync::run(&Request::new(&path, today()), &mut source, &mut |p| {
        if let Progress::Changed { path } = p {
            n += 1;
            edit(path, n);
        }
    })
    .unwrap_err();
    assert!(matches!(e, Error::Sync { .. }), "{e:?}");
    assert!(e.to_string().contains("kept changing"), "{e}");
    assert_eq!(n, 2, "merged again twice, then gave up");
    // The last edit is there, untouched: the sync wrote nothing.
    assert_eq!(
        std::fs::read_to_string(&path).unwrap(),
        MINE.replace("\"VIS\"", "\"VIS 2\"")
    );
}

#[test]
fn a_dry_run_and_an_output_leave_the_register_alone() {
    let path = register_at("dry", MINE);
    let mut source = Recorded::new(vec![procedure(None)]);
    let outcome = sync::run(
        &Request::new(&path, today()).dry_run(true),
        &mut source,
        &mut |_| {},
    )
    .unwrap();
    assert_eq!(outcome.written, None);
    assert!(outcome.text.unwrap().contains("2016-0132-SIGN-2024-05-14"));
    assert_eq!(std::fs::read_to_string(&path).unwrap(), MINE);

    let out = path.with_file_name("out.json");
    let outcome = sync::run(
        &Request::new(&path, today()).output(Some(out.clone())),
        &mut source,
        &mut |_| {},
    )
    .unwrap();
    assert_eq!(outcome.written.as_deref(), Some(out.as_path()));
    assert_eq!(std::fs::read_to_string(&path).unwrap(), MINE);
    assert!(
        Register::load(&out)
            .unwrap()
            .file("eurodac")
            .unwrap()
            .events()
            .len()
            > 20
    );
}

/// An output of `-` is standard output: the caller's to write, from
/// `text`; the sync writes no file (not one named `-`) and leaves the
/// register alone.
#[test]
fn an_output_of_dash_is_left_to_the_caller() {
    let path = register_at("dash", MINE);
    let mut source = Recorded::new(vec![procedure(None)]);
    let to_file = path.with_file_name("out.json");
    sync::run(
        &Request::new(&path, today()).output(Some(to_file.clone())),
        &mut source,
        &mut |_| {},
    )
    .unwrap();
    let outcome = sync::run(
        &Request::new(&path, today()).output(Some(PathBuf::from("-"))),
        &mut source,
        &mut |_| {},
    )
    .unwrap();
    assert_eq!(outcome.written.as_deref(), Some(Path::new("-")));
    assert_eq!(
        outcome.text.as_deref(),
        Some(std::fs::read_to_string(&to_file).unwrap().as_str())
    );
    assert!(!Path::new("-").exists());
    assert!(!path.with_file_name("-").exists());
    assert_eq!(std::fs::read_to_string(&path).unwrap(), MINE);
}

#[test]
fn ids_that_name_nothing_to_fetch_are_errors_and_nothing_is_asked() {
    let path = register_at("ids", MINE);
    let mut source = Recorded::new(vec![procedure(None)]);
    for (id, says) in [
        ("vis", "file `vis` has no `procedure` reference"),
        ("nonsense", "`nonsense` is neither a file"),
    ] {
        let e = sync::run(
            &Request::new(&path, today()).ids([id]),
            &mut source,
            &mut |_| {},
        )
        .unwrap_err();
        assert!(matches!(e, Error::Sync { .. }), "{e:?}");
        assert!(e.to_string().contains(says), "{e}");
    }
    assert!(source.asked.is_empty());
    assert_eq!(std::fs::read_to_string(&path).unwrap(), MINE);
}
