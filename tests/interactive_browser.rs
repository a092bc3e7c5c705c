//! The interactive report (`codecision report --interactive`) in a real
//! browser: headless Chromium opens the one file from disk, with the
//! network shut, at a date given in the URL (`#as-of=YYYY-MM-DD`), and the
//! blockers the page shows (the rows of `#blockers`, each `data-file="ID"`)
//! must be the command line's (`blockers TARGET --as-of D --format json`),
//! in the same order, with the same stages: on the embedded register at the
//! seeds' three dates, and on a generated register of 10,000 files. The
//! whole report the engine puts in the page must be, element for element,
//! the static report the command line writes for that date. With scripts
//! off, the page is the static report for its `--as-of` date.
//!
//! Runs only with `CODECISION_BROWSER_TEST=1` (see tests/browser/mod.rs);
//! then a missing browser is a failure, not a skip. Pages are kept in
//! `target/tmp/interactive-browser/` for a look.

mod browser;

use std::path::{Path, PathBuf};
use std::process::Command;

use codecision::Stage;
use serde_json::Value;

const TARGET: &str = "interoperability-2020";
/// The dates of the seeds (the Security Union progress reports).
const SEED_DATES: [&str; 3] = ["2017-06-29", "2017-07-27", "2018-01-24"];

fn dir() -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("interactive-browser");
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// Runs the command line; its standard output, which must be a success.
fn codecision(args: &[&str]) -> String {
    let out = Command::new(env!("CARGO_BIN_EXE_codecision"))
        .args(args)
        .output()
        .expect("the binary runs");
    assert!(
        out.status.success(),
        "codecision {args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// The attribute `name` of the page's `<html>` element.
fn html_attribute<'a>(dom: &'a str, name: &str) -> Option<&'a str> {
    let start = dom.find("<html")?;
    let tag = &dom[start..start + dom[start..].find('>')?];
    let key = format!(" {name}=\"");
    let at = tag.find(&key)? + key.len();
    Some(&tag[at..at + tag[at..].find('"')?])
}

/// The element `open` ... its `close` (the first after it), inclusive.
fn element<'a>(dom: &'a str, open: &str, close: &str) -> Option<&'a str> {
    let start = dom.find(open)?;
    let end = start + dom[start..].find(close)? + close.len();
    Some(&dom[start..end])
}

/// The rows of the blockers table: (file, needs) for each
/// `<tr class="blocker" data-file="ID">` in `#blockers`.
fn blocker_rows(dom: &str) -> Vec<(String, String)> {
    let section = element(dom, "<table id=\"blockers\">", "</table>")
        .expect("the page has a #blockers table");
    section
        .split("<tr class=\"blocker\" data-file=\"")
        .skip(1)
        .map(|row| {
            let id = row[..row.find('"').unwrap()].to_string();
            let row = &row[..row.find("</tr>").unwrap()];
            // The second cell says what the target needs of the file.
            let needs = row.split("<td").nth(2).expect("a needs cell");
            let needs = &needs[needs.find('>').unwrap() + 1..needs.find("</td>").unwrap()];
            (id, text_of(needs))
        })
        .collect()
}

/// The text of an HTML fragment: tags dropped, the few entities the report
/// writes decoded.
fn text_of(html: &str) -> String {
    let mut out = String::new();
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    out.replace("&amp;", "&")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
}

/// The blockers the command line gives for `target` as of `date` on
/// `register` (none: the embedded one), as the rows should show them:
/// (file, the label of the stage the target needs).
fn cli_rows(register: Option<&Path>, target: &str, date: &str) -> Vec<(String, String)> {
    let mut args: Vec<String> = Vec::new();
    if let Some(r) = register {
        args.extend(["--register".into(), r.display().to_string()]);
    }
    args.extend(
        ["blockers", target, "--as-of", date, "--format", "json"]
            .iter()
            .map(|s| s.to_string()),
    );
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let json: Value = serde_json::from_str(&codecision(&args)).unwrap();
    json["blockers"]
        .as_array()
        .unwrap()
        .iter()
        .map(|b| {
            let required: Stage = b["required"].as_str().unwrap().parse().unwrap();
            (
                b["file"].as_str().unwrap().to_string(),
                required.label().to_string(),
            )
        })
        .collect()
}

/// Fails unless the page's rows are the command line's, saying the first
/// that differs.
fn assert_rows(page: &[(String, String)], cli: &[(String, String)], what: &str) {
    if let Some(i) = (0..page.len().max(cli.len())).find(|&i| page.get(i) != cli.get(i)) {
        panic!(
            "{what}: {} rows shown, {} blockers from the command line; row {i} is {:?} on the page, {:?} from the command line",
            page.len(),
            cli.len(),
            page.get(i),
            cli.get(i)
        );
    }
}

/// Opens `page` at `#as-of=date` and checks that the engine put the report
/// for that date in place and that its blockers are the command line's.
fn check_date(browser: &Path, page: &Path, register: Option<&Path>, target: &str, date: &str) {
    let profile = browser::profile(&dir());
    let dom = browser::dump_dom(browser, &profile, page, &format!("as-of={date}"), &[]);
    assert_eq!(
        html_attribute(&dom, "data-engine"),
        Some("ready"),
        "the engine did not start at {date} ({:?})",
        html_attribute(&dom, "data-error")
    );
    assert_eq!(html_attribute(&dom, "data-error"), None);
    assert_eq!(html_attribute(&dom, "data-as-of"), Some(date));
    let cli = cli_rows(register, target, date);
    assert_rows(
        &blocker_rows(&dom),
        &cli,
        &format!(
            "{target} as of {date}: the page's blockers against `codecision blockers --format json`"
        ),
    );
    let verdict = text_of(element(&dom, "<p class=\"verdict", "</p>").expect("a verdict"));
    let n = cli.len();
    assert!(
        verdict.starts_with(&format!("{n} file"))
            || (n == 0 && verdict.starts_with("Nothing blocks")),
        "the verdict at {date} does not count {n} blockers: {verdict}"
    );
}

/// Fails, unless `page` and `expected` are equal, saying where they part
/// (both are written to `target/tmp/interactive-browser/NAME.{page,expected}.html`).
fn assert_same(name: &str, page: &str, expected: &str, what: &str) {
    if page == expected {
        return;
    }
    let dir = dir();
    std::fs::write(dir.join(format!("{name}.page.html")), page).unwrap();
    std::fs::write(dir.join(format!("{name}.expected.html")), expected).unwrap();
    let at = page
        .char_indices()
        .zip(expected.chars())
        .find(|((_, a), b)| a != b)
        .map_or(page.len().min(expected.len()), |((i, _), _)| i);
    // About 200 bytes either side, cut where a character starts.
    let around = |text: &str| {
        let cut = |mut i: usize| {
            i = i.min(text.len());
            while !text.is_char_boundary(i) {
                i -= 1;
            }
            i
        };
        text[cut(at.saturating_sub(200))..cut(at + 200)].to_string()
    };
    panic!(
        "{what}: they part at byte {at}:\n page:     {}\n expected: {}\n(both in {})",
        around(page),
        around(expected),
        dir.display()
    );
}

#[test]
fn embedded_register_at_the_seeds_dates_answers_as_the_command_line() {
    if !browser::enabled() {
        eprintln!("browser test not run: set CODECISION_BROWSER_TEST=1 (needs chromium)");
        return;
    }
    let browser = browser::browser();
    // The page's own date is none of the three: what the page shows at
    // each comes from its engine, not from the static content.
    let page = dir().join("embedded.html");
    let out = page.to_str().unwrap();
    codecision(&[
        "report",
        TARGET,
        "--as-of",
        "2019-06-30",
        "--interactive",
        "--output",
        out,
    ]);
    for date in SEED_DATES {
        check_date(&browser, &page, None, TARGET, date);
    }
}

#[test]
fn the_engine_writes_the_command_lines_report_at_a_date() {
    if !browser::enabled() {
        eprintln!("browser test not run: set CODECISION_BROWSER_TEST=1 (needs chromium)");
        return;
    }
    let browser = browser::browser();
    let dir = dir();
    let profile = browser::profile(&dir);
    let page = dir.join("embedded-main.html");
    let out = page.to_str().unwrap();
    codecision(&[
        "report",
        TARGET,
        "--as-of",
        "2019-06-30",
        "--interactive",
        "--output",
        out,
    ]);
    let (date, since) = ("2018-01-24", "2017-07-27");
    // `measure=1` ends with the report at the date asked, forecasts in,
    // before the page has loaded.
    let dom = browser::dump_dom(
        &browser,
        &profile,
        &page,
        &format!("as-of={date}&since={since}&measure=1"),
        &[],
    );
    assert_eq!(html_attribute(&dom, "data-forecasts"), Some("yes"));
    assert_eq!(html_attribute(&dom, "data-since"), Some(since));
    let static_page = dir.join("embedded-static.html");
    let out = static_page.to_str().unwrap();
    codecision(&[
        "report", TARGET, "--as-of", date, "--since", since, "--output", out,
    ]);
    let static_dom = browser::dump_dom(&browser, &profile, &static_page, "", &[]);
    let main = |dom: &str| element(dom, "<main>", "</main>").unwrap().to_string();
    assert!(main(&dom).contains("<h2>Since 27 Jul 2017</h2>"));
    assert!(main(&dom).contains("<h2>How far to trust the forecasts</h2>"));
    assert_same(
        "report-2018-01-24",
        &main(&dom),
        &main(&static_dom),
        &format!(
            "the page at {date} since {since} against `codecision report --as-of {date} --since {since}`"
        ),
    );
}

#[test]
fn generated_register_of_10000_files_answers_as_the_command_line() {
    if !browser::enabled() {
        eprintln!("browser test not run: set CODECISION_BROWSER_TEST=1 (needs chromium)");
        return;
    }
    let browser = browser::browser();
    let dir = dir();
    let register = dir.join("register-10000.json");
    let generated = Command::new("python3")
        .args(["tests/reference/gen_register.py", "10000", "--seed", "7"])
        .output()
        .expect("python3 runs tests/reference/gen_register.py");
    assert!(generated.status.success());
    std::fs::write(&register, &generated.stdout).unwrap();
    let page = dir.join("generated.html");
    let r = register.to_str().unwrap();
    let out = page.to_str().unwrap();
    codecision(&[
        "--register",
        r,
        "report",
        "goal-0",
        "--as-of",
        "2022-01-01",
        "--no-forecast",
        "--interactive",
        "--output",
        out,
    ]);
    for date in ["2016-06-30", "2019-01-01", "2021-06-30"] {
        check_date(&browser, &page, Some(&register), "goal-0", date);
    }
}

#[test]
fn with_scripts_off_the_page_is_the_static_report() {
    if !browser::enabled() {
        eprintln!("browser test not run: set CODECISION_BROWSER_TEST=1 (needs chromium)");
        return;
    }
    let browser = browser::browser();
    let dir = dir();
    let profile = browser::profile(&dir);
    let date = "2018-01-24";
    let page = dir.join("scripts-off.html");
    let out = page.to_str().unwrap();
    codecision(&[
        "report",
        TARGET,
        "--as-of",
        date,
        "--interactive",
        "--output",
        out,
    ]);
    // The URL asks for another date: with no script, nothing can answer it.
    let dom = browser::dump_dom_without_scripts(&browser, &profile, &page, "as-of=2017-06-29");
    assert_eq!(html_attribute(&dom, "data-engine"), None, "a script ran");
    let cli = cli_rows(None, TARGET, date);
    assert!(!cli.is_empty());
    assert_rows(
        &blocker_rows(&dom),
        &cli,
        "with scripts off, the page's blockers",
    );
    assert!(
        dom.contains("<nav id=\"codecision-controls\" hidden=\"\""),
        "the controls show"
    );
    assert!(dom.contains("http-equiv=\"Content-Security-Policy\""));
    // The content is the static report's, element for element.
    let static_page = dir.join("static.html");
    let out = static_page.to_str().unwrap();
    codecision(&["report", TARGET, "--as-of", date, "--output", out]);
    let static_dom = browser::dump_dom_without_scripts(&browser, &profile, &static_page, "");
    let main = |dom: &str| element(dom, "<main>", "</main>").unwrap().to_string();
    assert_same(
        "scripts-off",
        &main(&dom),
        &main(&static_dom),
        "the page with scripts off against the static report",
    );
}
