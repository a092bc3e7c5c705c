//! Which command writes which `--format`: the one table the command line
//! is built from. Each command that writes formats gets its own `--format`
//! with exactly those values, so clap lists them in the command's help and
//! refuses any other with that list; the same table checks a `--format`
//! given before the command (the global option of the contract), and names
//! what the other commands write instead.

use clap::ValueEnum as _;
use clap::builder::{PossibleValuesParser, TypedValueParser as _};

use crate::ctx::FormatArg::{self, Csv, Dot, Json, Markdown, Mermaid, Svg, Table};

/// What a command writes.
pub enum Writes {
    /// The formats `--format` may name for the command; the first is the
    /// default.
    Formats(&'static [FormatArg]),
    /// Something no `--format` chooses: `what` says it in the refusal.
    /// With `table`, `--format table` is accepted as the default said out
    /// loud.
    Other { what: &'static str, table: bool },
}

/// Every command and what it writes.
pub const WRITES: &[(&str, Writes)] = &[
    ("status", Writes::Formats(&[Table, Json, Csv])),
    ("blockers", Writes::Formats(&[Table, Json, Csv])),
    ("changes", Writes::Formats(&[Table, Json, Csv, Markdown])),
    ("validate", Writes::Formats(&[Table, Json])),
    ("history", Writes::Formats(&[Table, Json, Csv])),
    ("waiting", Writes::Formats(&[Table, Json])),
    ("impact", Writes::Formats(&[Table, Json])),
    ("critical-path", Writes::Formats(&[Table, Json])),
    ("order", Writes::Formats(&[Table, Json])),
    ("graph", Writes::Formats(&[Table, Json, Dot, Mermaid, Svg])),
    ("stages", Writes::Formats(&[Table, Json, Dot, Mermaid])),
    // The register goes out as JSON; with --output, a summary.
    ("import", Writes::Formats(&[Table, Json])),
    ("sync", Writes::Formats(&[Table, Json])),
    ("forecast", Writes::Formats(&[Table, Json, Csv])),
    ("backtest", Writes::Formats(&[Table, Json])),
    ("timeline", Writes::Formats(&[Table, Json, Mermaid, Svg])),
    (
        "report",
        Writes::Other {
            what: "an HTML page (for JSON: `blockers` or `timeline --format json`; \
                   for a drawing: `graph` or `timeline --format svg`)",
            table: true,
        },
    ),
    (
        "completions",
        Writes::Other {
            what: "a shell script",
            table: false,
        },
    ),
    (
        "man",
        Writes::Other {
            what: "a manual page (roff)",
            table: false,
        },
    ),
];

/// What `command` writes (`None` for a name the table does not hold).
pub fn writes(command: &str) -> Option<&'static Writes> {
    WRITES.iter().find(|(n, _)| *n == command).map(|(_, w)| w)
}

/// The command line `cli` with each command's own `--format`, from
/// [`WRITES`]. A command that writes no format gets a hidden one that
/// takes every name, so that [`check`] refuses it saying what the command
/// writes (and its help does not offer it).
pub fn with_formats(mut cli: clap::Command) -> clap::Command {
    for (name, writes) in WRITES {
        if cli.find_subcommand(name).is_none() {
            continue;
        }
        let arg = match writes {
            Writes::Formats(formats) => format_arg(formats),
            Writes::Other { .. } => clap::Arg::new("format")
                .long("format")
                .global(true)
                .hide(true)
                .value_parser(clap::value_parser!(FormatArg)),
        };
        cli = cli.mut_subcommand(name, |sc| sc.arg(arg));
    }
    cli
}

/// A command's `--format`: the formats it writes, each with its help.
/// Global within the command, for the commands of `import`.
fn format_arg(formats: &'static [FormatArg]) -> clap::Arg {
    let values = formats.iter().filter_map(FormatArg::to_possible_value);
    clap::Arg::new("format")
        .long("format")
        .value_name("FORMAT")
        .global(true)
        .display_order(101)
        .help("The output format (also taken before the command)")
        .value_parser(
            PossibleValuesParser::new(values).try_map(|name| FormatArg::from_str(&name, false)),
        )
}

/// Why `format`, given before `command`, is not for it; `None` when it is.
/// A command that writes formats refuses with clap's own error on its own
/// `--format` (the list of what it writes, as when the format is given
/// after the command); the others say what they write.
pub fn check(cli: &clap::Command, command: &str, format: FormatArg) -> Option<Refusal> {
    match writes(command)? {
        Writes::Formats(formats) if !formats.contains(&format) => {
            let name = format.to_possible_value()?.get_name().to_string();
            // The command's own --format parses before anything else it
            // needs is checked, and refuses `name` with the command's list.
            let error = cli
                .clone()
                .try_get_matches_from(["codecision", command, "--format", &name])
                .err()
                .filter(|e| e.kind() == clap::error::ErrorKind::InvalidValue)
                .map_or_else(
                    || Refusal::Usage(format!("`{command}` does not write {name}")),
                    Refusal::Clap,
                );
            Some(error)
        }
        Writes::Other { what, table } if !(*table && format == Table) => Some(Refusal::Usage(
            format!("`{command}` writes {what} and takes no --format"),
        )),
        _ => None,
    }
}

/// A `--format` refused (exit 2).
pub enum Refusal {
    /// clap's error, written as clap writes it.
    Clap(clap::Error),
    /// A message of this program's.
    Usage(String),
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory as _;

    #[test]
    fn every_command_is_in_the_table_once() {
        let cli = with_formats(crate::Cli::command());
        let names: Vec<&str> = cli.get_subcommands().map(clap::Command::get_name).collect();
        for name in &names {
            assert_eq!(
                WRITES.iter().filter(|(n, _)| n == name).count(),
                1,
                "{name}"
            );
        }
        for (name, _) in WRITES {
            assert!(names.contains(name), "{name} is not a command");
        }
    }

    #[test]
    fn each_command_lists_what_it_writes_and_nothing_else() {
        let cli = with_formats(crate::Cli::command());
        for (name, writes) in WRITES {
            let sc = cli.find_subcommand(name).unwrap();
            let arg = sc.get_arguments().find(|a| a.get_id() == "format");
            let own = arg.map(|a| {
                a.get_possible_values()
                    .iter()
                    .map(|v| v.get_name().to_string())
                    .collect::<Vec<_>>()
            });
            match writes {
                Writes::Formats(formats) => {
                    let want: Vec<String> = formats
                        .iter()
                        .map(|f| f.to_possible_value().unwrap().get_name().to_string())
                        .collect();
                    assert_eq!(own, Some(want), "{name}");
                }
                // Hidden, every value: refused by `check`.
                Writes::Other { .. } => {
                    assert!(arg.is_some_and(clap::Arg::is_hide_set), "{name}");
                    assert_eq!(
                        own.map(|v| v.len()),
                        Some(FormatArg::value_variants().len())
                    );
                }
            }
        }
    }
}
