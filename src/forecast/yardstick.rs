//! The model-free yardstick of the backtest: for a file at stage `s` since
//! day `d`, the 10th, 50th and 90th percentiles of "days from `s` to
//! adoption" among the reference files adopted by the forecast date that
//! had waited at least as long at `s` (nearest-rank, added to `d`).
//!
//! The reference files are the register backtested, the embedded Security
//! Union register and any reference registers given (the command line's
//! `backtest --reference`: this repository's calibration files,
//! `tests/fixtures/calibration`), each counted once by id; only adoptions
//! dated on or before the forecast date count, so the yardstick never sees
//! a file's future. When no
//! reference file had waited that long, the yardstick reads the file as
//! just arrived at `s` on the forecast date (every reference duration
//! from `s`, added to the forecast date).

use std::collections::HashSet;

use chrono::{Days, NaiveDate};

use crate::register::Register;
use crate::stage::Stage;

/// One reference file: the day it first reached each ranked stage (by
/// [`Stage::index`]) and the day of its adoption.
#[derive(Clone, Debug)]
struct Reference {
    id: String,
    reached: [Option<NaiveDate>; 8],
    adopted: NaiveDate,
}

fn references(register: &Register) -> Vec<Reference> {
    register
        .files()
        .iter()
        .filter_map(|f| {
            let adopted = f.since(Stage::Adoption, NaiveDate::MAX)?;
            let mut reached = [None; 8];
            for stage in Stage::RANKED {
                reached[stage.index()] = f.since(stage, NaiveDate::MAX);
            }
            Some(Reference {
                id: f.id().to_string(),
                reached,
                adopted,
            })
        })
        .collect()
}

/// The yardstick's reference files for backtests of `register`.
pub(crate) struct Yardstick {
    pool: Vec<Reference>,
}

impl Yardstick {
    /// `register`'s files, the embedded register's and `others`', once
    /// each by id (the first seen is kept).
    pub(crate) fn new(register: &Register, others: &[&Register]) -> Yardstick {
        let mut seen = HashSet::new();
        let embedded = Register::security_union();
        let pool = std::iter::once(register)
            .chain(std::iter::once(&embedded))
            .chain(others.iter().copied())
            .flat_map(references)
            .filter(|r| seen.insert(r.id.clone()))
            .collect();
        Yardstick { pool }
    }

    /// The yardstick's adoption band `(p10, p50, p90)` for a file at
    /// `stage` since `since`, as of `as_of`; `None` when no reference file
    /// adopted by then went through `stage` with a date.
    #[cfg(test)]
    pub(crate) fn band(
        &self,
        stage: Stage,
        since: NaiveDate,
        as_of: NaiveDate,
    ) -> Option<(NaiveDate, NaiveDate, NaiveDate)> {
        self.on(as_of).band(stage, since)
    }

    /// The yardstick as of `as_of`: the durations to adoption from each
    /// stage of the reference files adopted by then, sorted once for every
    /// band of that date.
    pub(crate) fn on(&self, as_of: NaiveDate) -> YardstickOn {
        let mut durations: [Vec<i64>; 8] = Default::default();
        for r in self.pool.iter().filter(|r| r.adopted <= as_of) {
            for (from, all) in r.reached.iter().zip(durations.iter_mut()) {
                if let Some(from) = *from {
                    all.push((r.adopted - from).num_days().max(0));
                }
            }
        }
        for all in &mut durations {
            all.sort_unstable();
        }
        YardstickOn { as_of, durations }
    }
}

/// The yardstick as of one date ([`Yardstick::on`]).
pub(crate) struct YardstickOn {
    as_of: NaiveDate,
    /// By [`Stage::index`], the days from the stage to adoption of each
    /// reference file adopted by `as_of` that went through it with a date,
    /// in increasing order.
    durations: [Vec<i64>; 8],
}

impl YardstickOn {
    /// The yardstick's adoption band `(p10, p50, p90)` for a file at
    /// `stage` since `since`; `None` when no reference file adopted by the
    /// date went through `stage` with a date.
    pub(crate) fn band(
        &self,
        stage: Stage,
        since: NaiveDate,
    ) -> Option<(NaiveDate, NaiveDate, NaiveDate)> {
        // A ranked stage before adoption (not a terminal one).
        if stage.rank().is_none() || stage.rank() >= Stage::Adoption.rank() {
            return None;
        }
        let as_of = self.as_of;
        let waited = (as_of - since).num_days().max(0);
        let all = &self.durations[stage.index()];
        // The files that waited at least as long at the stage, if any.
        let longer = all.partition_point(|&d| d < waited);
        let (durations, start) = if longer == all.len() {
            (&all[..], as_of)
        } else {
            (&all[longer..], since)
        };
        if durations.is_empty() {
            return None;
        }
        let n = durations.len();
        let at = |q: f64| {
            let d = durations[((q * n as f64).ceil() as usize).clamp(1, n) - 1];
            start
                .checked_add_days(Days::new(d.max(0) as u64))
                .unwrap_or(NaiveDate::MAX)
        };
        Some((at(0.1), at(0.5), at(0.9)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::date::parse_date;

    #[test]
    fn the_yardstick_uses_only_adoptions_known_then_and_files_that_waited_as_long() {
        let register = Register::security_union();
        let y = Yardstick::new(&register, &[]);
        let d = |s| parse_date(s).unwrap();
        // Every band is after the forecast date for a file waiting since then.
        let (p10, p50, p90) = y
            .band(Stage::Trilogue, d("2018-01-01"), d("2019-06-01"))
            .unwrap();
        assert!(p10 <= p50 && p50 <= p90);
        assert!(p10 >= d("2019-06-01"), "{p10}");
        // Before any reference adoption there is no yardstick.
        assert!(
            y.band(Stage::Proposal, d("1990-01-01"), d("1990-06-01"))
                .is_none()
        );
        assert!(
            y.band(Stage::Adoption, d("2018-01-01"), d("2019-06-01"))
                .is_none()
        );
        assert!(
            y.band(Stage::Lapsed, d("2018-01-01"), d("2019-06-01"))
                .is_none()
        );
    }
}
