//! `codecision import`: builds a register from outside sources (stub: its owner fills it in).

use crate::{CliError, Context};

/// Arguments of `codecision import`.
#[derive(clap::Args, Debug)]
pub struct ImportArgs {}

/// Runs `codecision import`.
///
/// # Errors
///
/// Not built yet.
pub fn run(_args: &ImportArgs, _ctx: &Context) -> Result<(), CliError> {
    Err(CliError::not_yet("import"))
}
