//! The forecasts' track record on a register's own completed files: the
//! backtest a report shows beside its forecasts, so a reader sees how far
//! to trust the bands.

use chrono::{Days, NaiveDate};
use serde::Serialize;

use super::backtest::{Backtest, backtest_prepared, last_recorded};
use super::calibration::{Calibration, every_months, pool};
use super::forecaster::Forecaster;
use super::model::DurationModel;
use super::yardstick::Yardstick;
use crate::file::LegislativeFile;
use crate::register::Register;
use crate::stage::Stage;

/// How the forecasts fared on the files a register saw adopted: each
/// checked file forecast as of dates every [`EVERY_MONTHS`] months across
/// the register's span, from the register as known on each date (so its
/// own later history is left out), and set against its real adoption.
///
/// Only what is known on the report's date is used: the forecast dates are
/// before it and an adoption counts only when recorded on or before it.
/// To keep a report on a large register quick, at most
/// [`MAX_DATES`] forecast dates (the latest) and [`MAX_FILES`] files
/// (spread evenly over the order of their adoption dates, with at most
/// [`MAX_SIMULATED_FILES`] files to simulate, prerequisites included) are
/// checked, each with [`SIMULATIONS`] simulations; the answer says how
/// many of each there were to check.
///
/// [`EVERY_MONTHS`]: TrackRecord::EVERY_MONTHS
/// [`MAX_DATES`]: TrackRecord::MAX_DATES
/// [`MAX_FILES`]: TrackRecord::MAX_FILES
/// [`MAX_SIMULATED_FILES`]: TrackRecord::MAX_SIMULATED_FILES
/// [`SIMULATIONS`]: TrackRecord::SIMULATIONS
///
/// ```
/// use codecision::{Register, parse_date};
/// use codecision::forecast::TrackRecord;
///
/// let register = Register::security_union();
/// let record = TrackRecord::of(&register, parse_date("2019-06-01")?);
/// let adoption = record.calibration.adoption.as_ref().unwrap();
/// assert!(adoption.n >= record.checked_files);
/// assert!(record.calibration.dates.iter().all(|d| *d < record.as_of));
/// # Ok::<(), codecision::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct TrackRecord {
    /// The date the record is drawn up on: nothing after it is used.
    pub as_of: NaiveDate,
    /// Files adopted on or before `as_of` that were open (proposed, not
    /// adopted) on at least one of the forecast dates kept.
    pub completed_files: usize,
    /// Of those, the files checked (all of them up to
    /// [`MAX_FILES`](TrackRecord::MAX_FILES)).
    pub checked_files: usize,
    /// The forecast dates the register's span gives, every
    /// [`EVERY_MONTHS`](TrackRecord::EVERY_MONTHS) months from its first
    /// event to the day before `as_of`, before the cap.
    pub span_dates: usize,
    /// The backtest: its dates are those on which a checked file was open.
    pub calibration: Calibration,
}

impl TrackRecord {
    /// Months between two forecast dates.
    pub const EVERY_MONTHS: u32 = 6;
    /// At most this many forecast dates, the latest of the span (four
    /// years): each costs a model fit on the whole register.
    pub const MAX_DATES: usize = 8;
    /// At most this many files checked.
    pub const MAX_FILES: usize = 200;
    /// At most this many files simulated per forecast date: the checked
    /// files and their prerequisites (a file whose prerequisites would pass
    /// it is not checked).
    pub const MAX_SIMULATED_FILES: usize = 2_000;
    /// Simulations per forecast: a quarter of the default 2,000's cost.
    /// The quantiles move with fewer simulations, most where few of them
    /// reach the stage (`export::Report::CAPPED_SIMULATIONS` gives figures).
    pub const SIMULATIONS: usize = 500;

    /// The track record of `register`'s forecasts as of `as_of`.
    ///
    /// # Complexity
    ///
    /// One model fit per forecast date (linear in the register's files)
    /// and one forecast of the checked files open that day and their
    /// prerequisites.
    pub fn of(register: &Register, as_of: NaiveDate) -> Self {
        let first = register
            .files()
            .iter()
            .filter_map(|f| first_recorded(f, as_of))
            .min();
        let mut dates = match (first, as_of.checked_sub_days(Days::new(1))) {
            (Some(first), Some(last)) => every_months(first, last, Self::EVERY_MONTHS),
            _ => Vec::new(),
        };
        let span_dates = dates.len();
        dates.drain(..dates.len().saturating_sub(Self::MAX_DATES));

        // (adoption, first recorded event, file) of the files open on a date.
        let mut completed: Vec<(NaiveDate, NaiveDate, &str)> = register
            .files()
            .iter()
            .filter_map(|f| {
                let adopted = f.since(Stage::Adoption, as_of)?;
                let first = first_recorded(f, as_of)?;
                dates
                    .iter()
                    .any(|&d| first <= d && d < adopted)
                    .then_some((adopted, first, f.id()))
            })
            .collect();
        completed.sort_unstable();
        let checked = within_budget(register, spread(&completed, Self::MAX_FILES));

        // The files open on each date; a date with none is not backtested.
        let opens: Vec<(NaiveDate, Vec<&str>)> = dates
            .iter()
            .map(|&date| {
                let open: Vec<&str> = checked
                    .iter()
                    .filter(|(adopted, first, _)| *first <= date && date < *adopted)
                    .map(|(_, _, id)| *id)
                    .collect();
                (date, open)
            })
            .filter(|(_, open)| !open.is_empty())
            .collect();
        let fitted: Vec<NaiveDate> = opens.iter().map(|(date, _)| *date).collect();
        // One pass over the register fits every date's model; the
        // yardstick and the last day recorded are the same for all.
        let (models, (yardstick, last)) = crate::parallel::join(
            || DurationModel::fit_dates(register, &fitted),
            || {
                crate::parallel::join(
                    || Yardstick::new(register, &[]),
                    || last_recorded(register, as_of),
                )
            },
        );
        let work: Vec<(&(NaiveDate, Vec<&str>), DurationModel)> =
            opens.iter().zip(models).collect();
        let runs: Vec<Backtest> = crate::parallel::map(&work, |((date, open), model)| {
            let forecaster = Forecaster::with_model(register, *date, model.clone())
                .with_simulations(Self::SIMULATIONS);
            backtest_prepared(&forecaster, open, as_of, &yardstick, last)
        });
        TrackRecord {
            as_of,
            completed_files: completed.len(),
            checked_files: checked.len(),
            span_dates,
            calibration: pool(
                runs,
                Some(as_of),
                Forecaster::DEFAULT_SEED,
                Self::SIMULATIONS,
            ),
        }
    }
}

/// The date of `file`'s first staged event on or before `as_of`.
fn first_recorded(file: &LegislativeFile, as_of: NaiveDate) -> Option<NaiveDate> {
    Stage::RANKED
        .iter()
        .filter_map(|&s| file.since(s, as_of))
        .min()
}

/// Of the files `candidates` (in adoption order), those checked: taken in
/// an order that spreads them over the list (0, 1/2, 1/4, 3/4, ...) while
/// the files to simulate (the checked files and all their prerequisites)
/// stay within [`TrackRecord::MAX_SIMULATED_FILES`]; back in adoption order.
fn within_budget<'a>(
    register: &Register,
    candidates: Vec<(NaiveDate, NaiveDate, &'a str)>,
) -> Vec<(NaiveDate, NaiveDate, &'a str)> {
    let mut order: Vec<usize> = (0..candidates.len()).collect();
    order.sort_by_key(|&i| ((i as u64).reverse_bits(), i));
    let files = register.files().len();
    let mut in_set = vec![false; files];
    let mut simulated = 0usize;
    let mut taken = vec![false; candidates.len()];
    let mut added = Vec::new();
    for i in order {
        let Ok(node) = register.index_of(candidates[i].2) else {
            continue;
        };
        // The file's prerequisites not yet counted, depth first.
        added.clear();
        let mut stack = vec![node];
        let mut fits = true;
        while let Some(n) = stack.pop() {
            let at = n as usize;
            if at >= files || in_set[at] {
                continue;
            }
            in_set[at] = true;
            added.push(at);
            if simulated + added.len() > TrackRecord::MAX_SIMULATED_FILES {
                fits = false;
                break;
            }
            stack.extend(register.graph().requires(n).iter().map(|&(r, _)| r));
        }
        if fits {
            simulated += added.len();
            taken[i] = true;
        } else {
            for &at in &added {
                in_set[at] = false;
            }
        }
    }
    candidates
        .into_iter()
        .zip(taken)
        .filter_map(|(c, t)| t.then_some(c))
        .collect()
}

/// At most `max` of `items`, spread evenly over them (all when there are
/// no more than `max`), in order.
fn spread<T: Copy>(items: &[T], max: usize) -> Vec<T> {
    if items.len() <= max {
        return items.to_vec();
    }
    (0..max).map(|i| items[i * items.len() / max]).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spread_keeps_all_or_spreads_evenly() {
        let items: Vec<u32> = (0..10).collect();
        assert_eq!(spread(&items, 20), items);
        assert_eq!(spread(&items, 5), vec![0, 2, 4, 6, 8]);
        assert!(spread(&items, 0).is_empty());
    }
}
