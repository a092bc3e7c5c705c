//! Commands that behave alike: each command takes exactly the `--format`
//! values it writes, lists them in its own help and refuses any other with
//! that list, whether `--format` comes before the command (the global
//! option of the contract) or after it; `validate` reads `--register`; `-`
//! is standard input or output wherever a path is taken.

use std::path::{Path, PathBuf};

mod binary;

/// Runs the binary with `stdin`: (exit code, stdout, stderr).
fn run_with(args: &[&str], stdin: Option<&[u8]>) -> (Option<i32>, Vec<u8>, String) {
    let (code, stdout, stderr) = binary::run_bytes("2018-01-24", args, stdin);
    (Some(code), stdout, stderr)
}

fn run(args: &[&str]) -> (Option<i32>, Vec<u8>, String) {
    run_with(args, None)
}

fn scratch(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("cli_formats-{name}"));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

const EVERY: [&str; 7] = ["table", "json", "csv", "markdown", "dot", "mermaid", "svg"];

/// Each command that writes formats, a run of it that needs nothing else,
/// and the formats it writes (what its help must list, in this order).
fn commands() -> Vec<(Vec<&'static str>, &'static [&'static str])> {
    let mut all: Vec<(Vec<&'static str>, &'static [&'static str])> = vec![
        (vec!["status"], &["table", "json", "csv"]),
        (
            vec!["blockers", "interoperability-2020"],
            &["table", "json", "csv"],
        ),
        (
            vec!["changes", "--since", "2017-06-01"],
            &["table", "json", "csv", "markdown"],
        ),
        (vec!["history", "etias"], &["table", "json", "csv"]),
        (vec!["waiting", "etias"], &["table", "json"]),
        (vec!["impact", "ees"], &["table", "json"]),
        (
            vec!["critical-path", "interoperability-2020"],
            &["table", "json"],
        ),
        (vec!["order"], &["table", "json"]),
        (vec!["graph"], &["table", "json", "dot", "mermaid", "svg"]),
        (vec!["stages"], &["table", "json", "dot", "mermaid"]),
        (
            vec!["timeline", "interoperability-2020"],
            &["table", "json", "mermaid", "svg"],
        ),
        (
            vec!["forecast", "etias", "--simulations", "200"],
            &["table", "json", "csv"],
        ),
        (
            vec!["backtest", "--as-of", "2017-06-01", "--simulations", "200"],
            &["table", "json"],
        ),
    ];
    // `validate` needs a register file: the embedded one, written once.
    static REGISTER: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    let path = REGISTER.get_or_init(|| {
        let path = scratch("register").join("r.json");
        std::fs::write(&path, codecision::Register::SECURITY_UNION_JSON).unwrap();
        path.display().to_string()
    });
    all.push((vec!["validate", path.as_str()], &["table", "json"]));
    all
}

/// The `[possible values: ...]` line of a short help or an error.
fn listed(text: &str) -> Vec<String> {
    let at = text
        .find("[possible values: ")
        .unwrap_or_else(|| panic!("no list in {text}"));
    let rest = &text[at + "[possible values: ".len()..];
    rest[..rest.find(']').unwrap()]
        .split(',')
        .map(|v| v.trim().to_string())
        .collect()
}

#[test]
fn each_command_lists_what_it_writes_in_its_own_help() {
    let mut names: Vec<Vec<&str>> = commands().into_iter().map(|(a, _)| a).collect();
    names.push(vec!["import", "ep-api"]);
    names.push(vec!["sync"]);
    for args in names {
        let (code, out, err) = run(&[&args[..1], &["-h"]].concat());
        assert_eq!(code, Some(0), "{args:?}: {err}");
        let help = String::from_utf8(out).unwrap();
        let want: &[&str] = match args[0] {
            "import" | "sync" => &["table", "json"],
            _ => {
                commands()
                    .into_iter()
                    .find(|(a, _)| a[0] == args[0])
                    .unwrap()
                    .1
            }
        };
        let line = help
            .lines()
            .skip_while(|l| !l.contains("--format <FORMAT>"))
            .take(3)
            .flat_map(str::split_whitespace)
            .collect::<Vec<_>>()
            .join(" ");
        assert_eq!(listed(&line), want, "{args:?}: {help}");
    }
    // `import`'s sources take it too.
    let (_, out, _) = run(&["import", "ep-api", "-h"]);
    let help = String::from_utf8(out).unwrap();
    assert!(help.contains("--format <FORMAT>"), "{help}");
}

#[test]
fn each_command_takes_every_format_it_lists_and_refuses_the_others_with_its_list() {
    for (args, writes) in commands() {
        for format in EVERY {
            let after = [&args[..], &["--format", format]].concat();
            let before = [&["--format", format][..], &args[..]].concat();
            let (code, out, err) = run(&after);
            let (code_before, out_before, err_before) = run(&before);
            if writes.contains(&format) {
                assert_eq!(code, Some(0), "{after:?}: {err}");
                assert!(!out.is_empty(), "{after:?}");
                // Before or after the command: the same answer.
                assert_eq!(code_before, Some(0), "{before:?}: {err_before}");
                assert_eq!(out_before, out, "{before:?}");
            } else {
                for (code, out, err, args) in [
                    (code, out, err, &after),
                    (code_before, out_before, err_before, &before),
                ] {
                    assert_eq!(code, Some(2), "{args:?}: {err}");
                    assert!(out.is_empty(), "{args:?}");
                    assert!(
                        err.contains(&format!("invalid value '{format}' for '--format <FORMAT>'")),
                        "{args:?}: {err}"
                    );
                    assert_eq!(listed(&err), writes, "{args:?}: {err}");
                }
            }
        }
    }
}

#[test]
fn the_commands_that_write_no_format_say_what_they_write() {
    for (args, said) in [
        (&["report"][..], "`report` writes an HTML page"),
        (
            &["completions", "bash"][..],
            "`completions` writes a shell script",
        ),
        (&["man"][..], "`man` writes a manual page (roff)"),
    ] {
        for format in EVERY {
            if args[0] == "report" && format == "table" {
                continue;
            }
            for line in [
                [args, &["--format", format]].concat(),
                [&["--format", format][..], args].concat(),
            ] {
                let (code, out, err) = run(&line);
                assert_eq!(code, Some(2), "{line:?}: {err}");
                assert!(out.is_empty(), "{line:?}");
                assert!(err.contains(said), "{line:?}: {err}");
                assert!(err.contains("takes no --format"), "{line:?}: {err}");
            }
        }
        // Their help offers no --format.
        let (_, out, _) = run(&[&args[..1], &["--help"]].concat());
        let help = String::from_utf8(out).unwrap();
        assert!(!help.contains("--format <FORMAT>"), "{args:?}: {help}");
    }
    // `report --format table`: the default said out loud, before or after.
    for line in [
        &["report", "--no-forecast", "--format", "table"][..],
        &["--format", "table", "report", "--no-forecast"][..],
    ] {
        let (code, out, err) = run(line);
        assert_eq!(code, Some(0), "{line:?}: {err}");
        assert!(out.starts_with(b"<!DOCTYPE html>"), "{line:?}");
    }
}

#[test]
fn the_global_help_says_each_command_lists_its_formats() {
    let run = binary::run_on("2018-01-24", &["--help"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let help = run.stdout;
    assert!(
        help.contains("each command's help lists the ones it")
            && help.contains("Given before or after the command"),
        "{help}"
    );
}

#[test]
fn validate_reads_the_register_option_and_takes_both_when_they_name_one_register() {
    let dir = scratch("validate");
    let register = dir.join("r.json");
    std::fs::write(&register, codecision::Register::SECURITY_UNION_JSON).unwrap();
    let r = register.to_str().unwrap();
    let (code, alone, err) = run(&["validate", r]);
    assert_eq!(code, Some(0), "{err}");
    let (code, given, err) = run(&["--register", r, "validate"]);
    assert_eq!((code, &given), (Some(0), &alone), "{err}");
    let (code, both, err) = run(&["--register", r, "validate", r]);
    assert_eq!((code, &both), (Some(0), &alone), "{err}");
    // The same file named another way is one register.
    let other_name = format!("{}/./r.json", dir.display());
    let (code, _, err) = run(&["--register", r, "validate", &other_name]);
    assert_eq!(code, Some(0), "{err}");
    // Two registers: refused, both named.
    let second = dir.join("s.json");
    std::fs::write(&second, codecision::Register::SECURITY_UNION_JSON).unwrap();
    let s = second.to_str().unwrap();
    let (code, out, err) = run(&["--register", r, "validate", s]);
    assert_eq!(code, Some(2), "{err}");
    assert!(out.is_empty());
    assert!(err.contains(r) && err.contains(s), "{err}");
    // Standard input, given either way or both.
    let bytes = codecision::Register::SECURITY_UNION_JSON.as_bytes();
    for line in [
        &["validate", "-"][..],
        &["--register", "-", "validate"][..],
        &["--register", "-", "validate", "-"][..],
    ] {
        let (code, out, err) = run_with(line, Some(bytes));
        assert_eq!(code, Some(0), "{line:?}: {err}");
        let text = String::from_utf8(out).unwrap();
        assert!(text.starts_with("<stdin>: valid"), "{line:?}: {text}");
    }
}

#[test]
fn standard_input_is_read_once_wherever_it_is_given() {
    let bytes = codecision::Register::SECURITY_UNION_JSON.as_bytes();
    // backtest's references are registers too: `-` is standard input.
    let backtest = |reference: &str, stdin: Option<&[u8]>| {
        let args = [
            "backtest",
            "--as-of",
            "2017-06-01",
            "--simulations",
            "200",
            "--reference",
            reference,
            "--format",
            "json",
        ];
        let (code, out, err) = run_with(&args, stdin);
        assert_eq!(code, Some(0), "{args:?}: {err}");
        out
    };
    let from_stdin = backtest("-", Some(bytes));
    let file = scratch("reference").join("r.json");
    std::fs::write(&file, bytes).unwrap();
    let from_file = backtest(file.to_str().unwrap(), None);
    assert_eq!(from_stdin, from_file);
    // The register and a reference both from standard input: refused.
    let (code, out, err) = run_with(
        &[
            "--register",
            "-",
            "backtest",
            "--as-of",
            "2017-06-01",
            "--reference",
            "-",
        ],
        Some(bytes),
    );
    assert_eq!(code, Some(2), "{err}");
    assert!(out.is_empty());
    assert!(
        err.contains("standard input (`-`) is given 2 times"),
        "{err}"
    );
}
