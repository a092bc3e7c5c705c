//! `codecision validate`: is a file a valid register?

use std::path::{Path, PathBuf};

use crate::ctx::load;
use crate::table::{Style, paint};
use crate::{CliError, Context};

/// Arguments of `codecision validate`.
#[derive(clap::Args, Debug)]
#[command(after_help = "Examples:\n  \
    codecision validate register.json\n  \
    codecision validate --strict register.json\n  \
    codecision --register register.json validate\n  \
    cat register.json | codecision validate -")]
pub struct ValidateArgs {
    /// The register to check (`-`: standard input); default: the one
    /// given with --register.
    #[arg(value_name = "PATH")]
    pub path: Option<PathBuf>,
    /// Fail (exit 1) on order anomalies in a file's history too.
    #[arg(long)]
    pub strict: bool,
}

/// Runs `codecision validate`.
///
/// Structural problems fail with every one listed; order anomalies are
/// warnings on stderr, and failures with `--strict`. On success stdout gets
/// a one-line summary (or a JSON report); on failure, nothing.
///
/// # Errors
///
/// Exit 1: unreadable file, invalid JSON, structural problems, or (with
/// `--strict`) order anomalies. Exit 2: no PATH and no --register, or
/// both naming different registers.
pub fn run(args: &ValidateArgs, ctx: &Context) -> Result<(), CliError> {
    let path = match (args.path.as_deref(), ctx.register_path()) {
        (Some(path), Some(given)) if !same_register(path, given) => {
            return Err(CliError::usage(format!(
                "`validate` checks one register: PATH {} and --register {} differ (give one)",
                path.display(),
                given.display()
            )));
        }
        (Some(path), _) | (None, Some(path)) => path,
        (None, None) => {
            return Err(CliError::usage(
                "`validate` needs the register to check: its PATH, or --register PATH",
            ));
        }
    };
    let register = load(path, ctx.max_register_size)?;
    let answer = register.validation();
    let warnings = &answer.warnings;
    for w in warnings {
        ctx.warn(w);
    }
    let shown = crate::shown_path(path);
    let n = warnings.len();
    if args.strict && n > 0 {
        return Err(CliError::input(format!(
            "{shown}: {n} order anomal{} in file histories, listed above as warnings (--strict makes them errors)",
            if n == 1 { "y" } else { "ies" }
        )));
    }
    if ctx.is_json() {
        return ctx.json(&answer);
    }
    let count = |n: usize, what: &str| format!("{n} {what}{}", if n == 1 { "" } else { "s" });
    let summary = format!(
        "valid: {}, {}, {}",
        count(register.files().len(), "file"),
        count(register.goals().len(), "goal"),
        count(n, "warning")
    );
    let style = if n == 0 { Style::Good } else { Style::Plain };
    ctx.println(format!("{shown}: {}", paint(&summary, style, ctx.color)));
    Ok(())
}

/// Whether PATH and `--register` name one register: the same name, or
/// the same file however it is named (a link, `./`).
fn same_register(path: &Path, given: &Path) -> bool {
    path == given
        || (!crate::is_std_stream(path)
            && !crate::is_std_stream(given)
            && same_file::is_same_file(path, given).unwrap_or(false))
}
