//! What a forecast says about one file: for each stage it has not reached,
//! the dates by which 10%, 50% and 90% of the simulations have reached it.

use chrono::NaiveDate;
use serde::ser::SerializeMap;
use serde::{Serialize, Serializer};

use super::known::date_of;
use super::simulate::NEVER;
use crate::query::ForecastBand;
use crate::stage::Stage;

impl ForecastBand {
    /// The band of a column of simulated days, every
    /// simulation, [`NEVER`] (the procedure ended first) later than every
    /// date; nearest-rank quantiles, so every date is one a simulation
    /// produced. `p10` and `p90` are percentiles of all the simulations (a
    /// percentile that falls on [`NEVER`] is never, `None`); `p50` is the
    /// median of those that reach the stage, and `p10` is never later
    /// than it. `p_never` is the share of [`NEVER`]. `None` when no
    /// simulation reaches the stage.
    #[cfg(test)]
    pub(crate) fn of(stage: Stage, days: &[i32]) -> Option<ForecastBand> {
        ForecastBand::of_dates(stage, dates_in(days, &mut Vec::new()), days.len())
    }

    /// [`of`](ForecastBand::of) for a column of `n` simulations whose
    /// dates (those that are not [`NEVER`], in any order; reordered in
    /// place) are `dates`: the others never come.
    ///
    /// Every percentile is one of `dates` or never, so the selections are
    /// made among the dates alone: a file that most likely never becomes
    /// law has few of them (`benches/README.md`, "Forecast speed, round
    /// four").
    pub(crate) fn of_dates(stage: Stage, dates: &mut [i32], n: usize) -> Option<ForecastBand> {
        let come = dates.len();
        if come == 0 || n < come {
            return None;
        }
        let never = n - come;
        let rank = |q: f64, n: usize| ((q * n as f64).ceil() as usize).clamp(1, n) - 1;
        let (r10, r90) = (rank(0.1, n), rank(0.9, n));
        // The median of the simulations that reach the stage: the value at
        // its rank among the dates.
        let r50 = rank(0.5, come);
        // The values at given ranks do not depend on how the dates were
        // reordered: the median first, then p10 and p90 in the half they
        // fall in (at or past `come`: never).
        let (low, &mut p50, high) = dates.select_nth_unstable(r50);
        let mut at = |r: usize| {
            if r < r50 {
                *low.select_nth_unstable(r).1
            } else if r == r50 {
                p50
            } else if r < come {
                *high.select_nth_unstable(r - r50 - 1).1
            } else {
                NEVER
            }
        };
        let (p10, p90) = (at(r10), at(r90));
        let p10 = p10.min(p50);
        let date = |d: i32| (d < NEVER).then(|| date_of(d));
        let latest = if p90 < NEVER { p90 } else { p50 };
        Some(ForecastBand {
            stage,
            p10: date(p10),
            p50: date(p50),
            p90: date(p90),
            p_never: never as f64 / n as f64,
            capped: latest > super::known::day(crate::date::LAST_DATE),
        })
    }
}

/// The dates of `days` (those that are not [`NEVER`]), in order, copied
/// into `buffer` without a branch: each day is written, and kept when it
/// is not never.
///
/// The buffer is only ever grown: every place of it that is read was
/// written first, so clearing it for each band (a `memset` of every
/// simulation's place, about 3% of a forecast's instructions) is not
/// needed. The days are copied eight at a time into the eight places
/// from the count so far, which is at most the number of days before
/// them: one bounds check for eight days instead of one each (a third
/// fewer instructions for a band, its selections aside: `benches/README.md`,
/// "Round thirteen").
pub(crate) fn dates_in<'b>(days: &[i32], buffer: &'b mut Vec<i32>) -> &'b mut [i32] {
    const AT_ONCE: usize = 8;
    if buffer.len() < days.len() {
        buffer.resize(days.len(), 0);
    }
    let out = &mut buffer[..days.len()];
    let mut come = 0;
    let mut chunks = days.chunks_exact(AT_ONCE);
    for chunk in &mut chunks {
        let places = &mut out[come..come + AT_ONCE];
        let mut kept = 0;
        for &d in chunk {
            places[kept] = d;
            kept += usize::from(d < NEVER);
        }
        come += kept;
    }
    for &d in chunks.remainder() {
        out[come] = d;
        come += usize::from(d < NEVER);
    }
    &mut buffer[..come]
}

/// Why a file has no forecast, or has one.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Outlook {
    /// Stages remain; `forecast` has their dates.
    Open,
    /// The file has reached the last stage it is forecast to.
    Done,
    /// The procedure ended without an act (withdrawn, lapsed, rejected).
    Ended,
    /// No event yet: the Commission's timing is not forecast.
    NotProposed,
}

/// The forecast of one file as of a date.
///
/// Serialises as one entry of the command line's `forecast` JSON: `id`,
/// `stage`, `p_no_act` (open files only), and `forecast`, an object from
/// each stage not yet reached (in stage order) to its `p10` / `p50` /
/// `p90` dates.
///
/// **What a band means once a file may never be adopted.** A procedure
/// can end without an act (withdrawn, lapsed, rejected); `p_no_act` is the
/// chance it does. "Never" is then one of the outcomes, later than every
/// date, and each stage's band counts it: `p10` and `p90` are the 10th and
/// 90th percentiles of all the simulations, `p90` never (`null` in JSON)
/// once the chance the stage never comes is above 10%; `p50` is the median
/// of the simulations that reach the stage, the most likely date if it
/// comes ([`ForecastBand`]). "80% between Jun 2018 and Feb 2019" holds of
/// every outcome, "80% from Jun 2018 on, or never" when p90 is never, and
/// a file never adopted is inside a band whose p90 is never. A goal's
/// `p_on_time` and a blocker's chances count a file that never becomes law
/// as never arriving, the same way.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[non_exhaustive]
pub struct FileForecast {
    /// The file's id.
    pub id: String,
    /// Its stage on the forecast date (`None`: not proposed yet).
    pub stage: Option<Stage>,
    /// Since when it has been at that stage.
    #[serde(skip)]
    pub since: Option<NaiveDate>,
    /// The last stage it is forecast to: entry into force, or application
    /// when something in the register requires it.
    #[serde(skip)]
    pub last: Stage,
    /// Whether there is anything to forecast, and if not, why.
    #[serde(skip)]
    pub outlook: Outlook,
    /// For an open file not adopted yet, the chance its procedure ends
    /// without an act (withdrawn, lapsed or rejected): the share of the
    /// simulations in which it is never adopted. `Some(0.0)` for an open
    /// file already adopted; `None` for a file with nothing to forecast.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub p_no_act: Option<f64>,
    /// One band per stage not reached, in stage order, "never" counted
    /// among the outcomes (see above); never before the forecast date. A
    /// stage no simulation reaches has no band.
    #[serde(serialize_with = "bands_as_map")]
    pub forecast: Vec<ForecastBand>,
    /// What moved the forecast beyond the fitted durations (empty when
    /// nothing did): a stall made likely by the time already spent, a
    /// package, a term's end inside the range.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub factors: Vec<Factor>,
}

/// Something that moved a forecast, and by how much where that is known.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "factor", rename_all = "snake_case")]
#[non_exhaustive]
pub enum Factor {
    /// The file has waited far longer than usual in a transition: the
    /// chance it has stalled, in percent, widens the range.
    Stall {
        /// The transition it waits in.
        transition: super::law::Transition,
        /// Working days waited so far.
        waiting_days: i32,
        /// The fitted law's median, in working days.
        usual_days: i32,
        /// The chance it has stalled, in percent.
        probability_percent: u32,
    },
    /// The file is part of a package (`related`): stalls are likelier.
    Package {
        /// The related files.
        related: Vec<String>,
    },
    /// A term's last plenary session falls inside the range of the
    /// agreement or the adoption: the file is pushed through before it, or
    /// waits for the new Parliament.
    EndOfTerm {
        /// The elections.
        election: NaiveDate,
        /// The last plenary session before them.
        last_session: NaiveDate,
    },
}

impl FileForecast {
    /// The band of `stage`, if it is forecast.
    pub fn band(&self, stage: Stage) -> Option<&ForecastBand> {
        self.forecast.iter().find(|b| b.stage == stage)
    }
}

fn bands_as_map<S: Serializer>(bands: &[ForecastBand], serializer: S) -> Result<S::Ok, S::Error> {
    let mut map = serializer.serialize_map(Some(bands.len()))?;
    for band in bands {
        map.serialize_entry(band.stage.as_str(), band)?;
    }
    map.end()
}

/// Every simulated date of one file's remaining stages: sample `i` of one
/// file and sample `i` of another come from the same simulation run, so
/// joint questions ("is A adopted before B?") can be asked of them.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct Samples {
    /// The file's id.
    pub id: String,
    /// For each stage not reached by the forecast date, in stage order, one
    /// date per simulation: `None` where the procedure ended without an act
    /// before the stage in that simulation.
    pub stages: Vec<(Stage, Vec<Option<NaiveDate>>)>,
}

impl Samples {
    /// The simulated dates of `stage`, if it is forecast (`None` in the
    /// simulations where it never comes).
    pub fn of(&self, stage: Stage) -> Option<&[Option<NaiveDate>]> {
        self.stages
            .iter()
            .find(|(s, _)| *s == stage)
            .map(|(_, d)| d.as_slice())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::forecast::known::day;

    #[test]
    fn dates_in_keeps_the_dates_in_order_whatever_the_buffer_held() {
        // Columns of every length around the eight copied at once, with
        // no never, some and all, into one buffer reused from longer
        // columns (its stale places must not show).
        // The numbers are the simulations' own (`column::bits`).
        let mut buffer = vec![-7; 3000];
        let mut drawn = 0u64;
        let mut next = || {
            drawn += 1;
            crate::forecast::column::bits(0x9e37_79b9_7f4a_7c15, drawn)
        };
        for len in (0..40).chain([999, 1000, 2000]) {
            for never_in_10 in [0, 3, 7, 10] {
                let days: Vec<i32> = (0..len)
                    .map(|_| {
                        let r = next();
                        if r % 10 < never_in_10 {
                            NEVER
                        } else {
                            (r >> 32) as i32 % 40_000
                        }
                    })
                    .collect();
                let expected: Vec<i32> = days.iter().copied().filter(|&d| d < NEVER).collect();
                assert_eq!(
                    dates_in(&days, &mut buffer),
                    expected.as_slice(),
                    "{len} days, {never_in_10} in 10 never"
                );
            }
        }
    }

    #[test]
    fn nearest_rank_quantiles() {
        let base = day(NaiveDate::from_ymd_opt(2020, 1, 1).unwrap());
        let days: Vec<i32> = (1..=10).rev().map(|k| base + k).collect();
        let band = ForecastBand::of(Stage::Adoption, &days).unwrap();
        assert_eq!(band.p10, Some(date_of(base + 1)));
        assert_eq!(band.p50, Some(date_of(base + 5)));
        assert_eq!(band.p90, Some(date_of(base + 9)));
        assert_eq!(band.p_never, 0.0);
        assert!(ForecastBand::of(Stage::Adoption, &[]).is_none());
        // Two in ten never: p90 is never, p10 the first of all ten, p50 the
        // median of the eight that get there.
        let days: Vec<i32> = [NEVER, 8, 7, 6, NEVER, 5, 4, 3, 2, 1]
            .iter()
            .map(|&k| if k == NEVER { NEVER } else { base + k })
            .collect();
        let band = ForecastBand::of(Stage::Adoption, &days).unwrap();
        assert_eq!(
            (band.p10, band.p50, band.p90),
            (Some(date_of(base + 1)), Some(date_of(base + 4)), None)
        );
        assert_eq!(band.p_never, 0.2);
        // Nine in ten never: p10 is the one date, the median of the one
        // simulation that gets there.
        let days: Vec<i32> = [NEVER; 9].into_iter().chain([base + 3]).collect();
        let band = ForecastBand::of(Stage::Adoption, &days).unwrap();
        assert_eq!(
            (band.p10, band.p50, band.p90),
            (Some(date_of(base + 3)), Some(date_of(base + 3)), None)
        );
        // More than nine in ten: p10 would be never; it is kept at the
        // median of those that get there (fewer than 10% come by it).
        let days: Vec<i32> = [NEVER; 19].into_iter().chain([base + 3]).collect();
        let band = ForecastBand::of(Stage::Adoption, &days).unwrap();
        assert_eq!(
            (band.p10, band.p50, band.p90),
            (Some(date_of(base + 3)), Some(date_of(base + 3)), None)
        );
        assert_eq!(band.p_never, 0.95);
        // One in ten: p90 is the 9th of ten, the last date.
        let days: Vec<i32> = (1..=9).map(|k| base + k).chain([NEVER]).collect();
        let band = ForecastBand::of(Stage::Adoption, &days).unwrap();
        assert_eq!(band.p90, Some(date_of(base + 9)));
        assert!(ForecastBand::of(Stage::Adoption, &[NEVER, NEVER]).is_none());
        // Any order, any length: the values at the nearest ranks.
        for n in 1..40usize {
            let days: Vec<i32> = (0..n).map(|k| base + ((k * 7_919) % 23) as i32).collect();
            let mut sorted = days.clone();
            sorted.sort_unstable();
            let at = |q: f64| sorted[((q * n as f64).ceil() as usize).clamp(1, n) - 1];
            let band = ForecastBand::of(Stage::Adoption, &days).unwrap();
            assert_eq!(band.p10, Some(date_of(at(0.1))), "{n}");
            assert_eq!(band.p50, Some(date_of(at(0.5))), "{n}");
            assert_eq!(band.p90, Some(date_of(at(0.9))), "{n}");
        }
    }

    #[test]
    fn forecast_serialises_as_a_map_in_stage_order() {
        let d = |s| crate::date::parse_date(s).unwrap();
        let f = FileForecast {
            factors: Vec::new(),
            id: "etias".into(),
            stage: Some(Stage::Trilogue),
            since: None,
            last: Stage::EntryIntoForce,
            outlook: Outlook::Open,
            p_no_act: Some(0.25),
            forecast: vec![
                ForecastBand {
                    stage: Stage::PoliticalAgreement,
                    p10: Some(d("2018-03-01")),
                    p50: Some(d("2018-05-02")),
                    p90: Some(d("2018-09-30")),
                    p_never: 0.0,
                    capped: false,
                },
                ForecastBand {
                    stage: Stage::Adoption,
                    p10: Some(d("2018-06-01")),
                    p50: Some(d("2018-09-02")),
                    p90: None,
                    p_never: 0.25,
                    capped: false,
                },
            ],
        };
        let json = serde_json::to_string(&f).unwrap();
        assert_eq!(
            json,
            r#"{"id":"etias","stage":"trilogue","p_no_act":0.25,"forecast":{"political_agreement":{"p10":"2018-03-01","p50":"2018-05-02","p90":"2018-09-30"},"adoption":{"p10":"2018-06-01","p50":"2018-09-02","p90":null}}}"#
        );
    }
}
