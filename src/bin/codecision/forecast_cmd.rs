//! `codecision forecast` and `codecision backtest` (stub: its owner fills it in).

use crate::{CliError, Context};

/// Arguments of `codecision forecast`.
#[derive(clap::Args, Debug)]
pub struct ForecastArgs {}

/// Arguments of `codecision backtest`.
#[derive(clap::Args, Debug)]
pub struct BacktestArgs {}

/// Runs `codecision forecast`.
///
/// # Errors
///
/// Not built yet.
pub fn run(_args: &ForecastArgs, _ctx: &Context) -> Result<(), CliError> {
    Err(CliError::not_yet("forecast"))
}

/// Runs `codecision backtest`.
///
/// # Errors
///
/// Not built yet.
pub fn run_backtest(_args: &BacktestArgs, _ctx: &Context) -> Result<(), CliError> {
    Err(CliError::not_yet("backtest"))
}
