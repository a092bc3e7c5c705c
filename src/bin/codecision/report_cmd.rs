//! `codecision report` and `codecision timeline` (stub: its owner fills it in).

use crate::{CliError, Context};

/// Arguments of `codecision report`.
#[derive(clap::Args, Debug)]
pub struct ReportArgs {}

/// Arguments of `codecision timeline`.
#[derive(clap::Args, Debug)]
pub struct TimelineArgs {}

/// Runs `codecision report`.
///
/// # Errors
///
/// Not built yet.
pub fn run(_args: &ReportArgs, _ctx: &Context) -> Result<(), CliError> {
    Err(CliError::not_yet("report"))
}

/// Runs `codecision timeline`.
///
/// # Errors
///
/// Not built yet.
pub fn run_timeline(_args: &TimelineArgs, _ctx: &Context) -> Result<(), CliError> {
    Err(CliError::not_yet("timeline"))
}
