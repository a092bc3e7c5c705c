//! `codecision completions` and `codecision man`: the command line about
//! itself.

use crate::{CliError, Context, cli_command};

/// Arguments of `codecision completions`.
#[derive(clap::Args, Debug)]
#[command(after_help = "Examples:\n  \
    codecision completions bash > ~/.local/share/bash-completion/completions/codecision\n  \
    codecision completions zsh > ~/.zfunc/_codecision")]
pub struct CompletionsArgs {
    /// The shell to write completions for.
    #[arg(value_name = "SHELL")]
    pub shell: clap_complete::Shell,
}

/// Arguments of `codecision man`.
#[derive(clap::Args, Debug)]
#[command(after_help = "Example:\n  codecision man > codecision.1 && man ./codecision.1")]
pub struct ManArgs {}

/// Runs `codecision completions`.
///
/// # Errors
///
/// None in practice.
pub fn run_completions(args: &CompletionsArgs, ctx: &Context) -> Result<(), CliError> {
    let mut out = Vec::new();
    clap_complete::generate(args.shell, &mut cli_command(), "codecision", &mut out);
    ctx.print_raw(String::from_utf8_lossy(&out));
    Ok(())
}

/// Runs `codecision man`: the manual page, in roff, on stdout.
///
/// # Errors
///
/// Exit 1 if the page cannot be rendered.
pub fn run_man(_args: &ManArgs, ctx: &Context) -> Result<(), CliError> {
    let mut out = Vec::new();
    clap_mangen::Man::new(cli_command())
        .render(&mut out)
        .map_err(|e| CliError::input(format!("cannot render the manual page: {e}")))?;
    ctx.print_raw(String::from_utf8_lossy(&out));
    Ok(())
}
