//! The answer of `codecision forecast`: files and goals forecast together.

use chrono::NaiveDate;
use serde::Serialize;

use super::{DurationModel, FileForecast, Forecaster, TargetForecast};
use crate::error::Error;
use crate::register::FileOrGoal;

/// The forecasts of some files and goals as of a date: the answer of
/// [`Forecaster::forecast`].
///
/// Serialises as the command line's `forecast` JSON: `as_of`, `seed`,
/// `simulations`, `files`, `goals`, and `model` when it was attached
/// ([`with_model`](Forecast::with_model), `forecast --explain`).
#[derive(Clone, Debug, Serialize)]
#[non_exhaustive]
pub struct Forecast {
    /// The forecast date.
    pub as_of: NaiveDate,
    /// The seed.
    pub seed: u64,
    /// The number of simulations.
    pub simulations: usize,
    /// The files forecast: those asked, and the files the goals asked
    /// require.
    pub files: Vec<FileForecast>,
    /// The goals asked, each with its chance of meeting its deadline.
    pub goals: Vec<TargetForecast>,
    /// The duration model, when attached.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub model: Option<DurationModel>,
}

impl Forecast {
    /// The same answer with the duration model it was drawn from (each
    /// transition's law, its published prior and what the register
    /// contributed).
    #[must_use]
    pub fn with_model(mut self, model: DurationModel) -> Forecast {
        self.model = Some(model);
        self
    }
}

impl Forecaster<'_> {
    /// The forecast of `ids` (files or goals; none: every file and every
    /// goal), as [`files`](Forecaster::files) and
    /// [`target`](Forecaster::target) give them: each file's bands, and each
    /// goal's chance of meeting its own deadline.
    ///
    /// ```
    /// use codecision::{Register, parse_date};
    /// use codecision::forecast::Forecaster;
    /// let register = Register::security_union();
    /// let forecaster = Forecaster::new(&register, parse_date("2018-01-24")?).with_simulations(300);
    /// let answer = forecaster.forecast(&["etias", "interoperability-2020"])?;
    /// assert!(answer.files.iter().any(|f| f.id == "etias"));
    /// assert_eq!(answer.goals[0].target, "interoperability-2020");
    /// # Ok::<(), codecision::Error>(())
    /// ```
    ///
    /// # Errors
    ///
    /// [`Error::UnknownId`] (with a suggestion) for an id that is neither a
    /// file nor a goal.
    pub fn forecast(&self, ids: &[&str]) -> Result<Forecast, Error> {
        let register = self.register();
        let files = self.files(ids)?;
        let goal_ids: Vec<&str> = if ids.is_empty() {
            register.goals().iter().map(|g| g.id.as_str()).collect()
        } else {
            ids.iter()
                .copied()
                .filter(|id| matches!(register.file_or_goal(id), Ok(FileOrGoal::Goal(_))))
                .collect()
        };
        let goals = goal_ids
            .iter()
            .map(|id| self.target(id, None))
            .collect::<Result<Vec<_>, _>>()?;
        Ok(Forecast {
            as_of: self.as_of(),
            seed: self.seed(),
            simulations: self.simulations(),
            files,
            goals,
            model: None,
        })
    }

    /// The backtest as of the forecaster's date: see [`backtest`](super::backtest).
    pub fn backtest(&self) -> super::Backtest {
        super::backtest(self)
    }
}
