//! Forecasts: when each file will reach its remaining stages, and whether a
//! goal will make its deadline.
//!
//! ```
//! use codecision::{Register, Stage, parse_date};
//! use codecision::forecast::Forecaster;
//!
//! let register = Register::security_union();
//! let forecaster = Forecaster::new(&register, parse_date("2018-01-24")?);
//! let etias = forecaster.file("etias")?;
//! let adoption = etias.band(Stage::Adoption).unwrap();
//! println!("{}", codecision::forecast::sentence(&etias, Stage::Adoption).unwrap());
//! // "Never" (the procedure ends without an act) is later than every date.
//! let later = |d: Option<chrono::NaiveDate>| d.unwrap_or(chrono::NaiveDate::MAX);
//! assert!(later(adoption.p10) <= later(adoption.p50) && later(adoption.p50) <= later(adoption.p90));
//! # Ok::<(), codecision::Error>(())
//! ```
//!
//! # Design
//!
//! ## The model
//!
//! A file moves through seven [`Transition`]s, each with its own duration
//! law, a log-normal shifted by a floor the rules impose:
//!
//! | transition | from | to | prior (median, log-sd) |
//! |---|---|---|---|
//! | council mandate | proposal | general approach | 290 days, 0.42 |
//! | parliament mandate | proposal | committee vote | 290 days, 0.42 |
//! | negotiations | the later mandate | first trilogue | 44 days, 0.56 |
//! | agreement | first trilogue | political agreement | 247 days, 0.63 |
//! | adoption | political agreement | adoption (signature) | 56 + 140 days, 0.3 |
//! | entry into force | adoption | entry into force | 20 + 8 days, 1.0 |
//! | application | entry into force | application | 730 days, 0.8 |
//!
//! The two mandates are drawn separately, each from the proposal, and
//! negotiations open after the later of the two: they happen in either
//! order, neither implies the other, and the register has both orders.
//!
//! **The route is the transition table's.** Each transition models one row
//! of [`TABLE`](crate::transition::TABLE) ([`Transition::rule`]); where it
//! starts and what it reaches ([`Transition::from`], [`Transition::to`]),
//! which transition reaches a stage, and the order the simulation draws the
//! stages in are read off those rows, and the route is checked against the
//! table when the crate is built: a route that leaves a stage no earlier
//! transition reaches, reaches a stage twice, or leaves both mandates
//! without a row that needs both does not compile.
//!
//! **Last stage.** Every file is forecast up to entry into force, and up to
//! application only when a file or goal of the register requires its
//! application (the operational goal does, for ten files): most acts have
//! no separate start of operations, and none of the legislative questions
//! needs one. This is decided from the `requires` edges, never from the
//! file's own later events, so backtests do not peek.
//!
//! ## Sources and the prior, as known on the forecast date
//!
//! Every published figure carries the day it became known ([`Figure`]),
//! and the prior of a forecast as of a date is built from the figures known
//! on it ([`DurationModel::figures`] lists those a model used); the table
//! above is the prior as known today. The published figures give the total and
//! the rule-bound stages, not the stages in between:
//!
//! - **Total.** For the files that need trilogues — the files this register
//!   tracks — proposal to publication took 712 days at the median and 450 at
//!   the first quartile (356 OLP files, 2019-2024; Bohnenberger, 2 September
//!   2024). This crate's split of the total between the steps (each
//!   mandate 200 days, negotiations 30, trilogues 170, adoption 140: 692
//!   days to adoption in the simulation) is then **corrected for the files
//!   the published totals leave out**: a total counts the files finished
//!   in a period, and about a third were still pending at its end (168 and
//!   174 OLP files at the end of the 8th and 9th terms, EPRS), the slow
//!   ones; the median of the rest is about the 34th percentile of all, a
//!   factor 1.45 on the log-normal of the trilogues. The steps' spreads
//!   are narrowed (the log-sds in the table above): a sum of the first
//!   guesses was wider than the calibration files' durations (no
//!   adoption before p10). A file just proposed is adopted after about
//!   880 days at the median if it is adopted ([`FateLaw`] gives the chance
//!   it is not). **Before that figure was known**, the
//!   same split is scaled to the latest total known then: the EPRS 17-month
//!   average for first-reading files of 2019-2024 (from 4 June 2024), the
//!   EP's 18-month average for 2014-2019 (from 2 May 2019), and before that
//!   the Commission's shortest and longest first-reading files of 2004-2009
//!   (1.8 and 47.9 months, known by 24 July 2012) read as the 1st and 99th
//!   percentiles (log-sd at least 0.7 on every step);
//!   before any of them a one-year placeholder, very wide.
//! - **Adoption** cannot follow an agreement by less than the 8 weeks the
//!   Parliament allocates to legal-linguistic work: a floor of 56 days,
//!   140 days in all at the median (AI Act 188 to signature,
//!   interoperability regulations 104). The floor is used from the day the
//!   figure was published (14 February 2024).
//! - **Entry into force** is the 20th day after publication unless the act
//!   says otherwise (Art. 297 TFEU, from 1 December 2009): a floor of 20
//!   days plus about 8 from signature to publication.
//! - **Split before agreement.** No statistic is published for the
//!   mandates or the trilogues; the split of the total between them is this
//!   crate's assumption (each mandate about 6.5 months, negotiations
//!   opening about a month after the second, trilogues about 5.5 months).
//! - **Application** has no published figure at all: two years, wide, a
//!   placeholder that the register's own applications correct.
//! - The EP's **18-month average** for first-reading files (2014-2019) is
//!   also the backtest's naive rule, a fixed yardstick rather than an input
//!   of the forecast.
//!
//! [`TransitionFit::basis`] says per transition which figures the prior
//! used and when each became known; [`DurationModel::figures`] lists them,
//! each with its value, source and the day it became known.
//!
//! ## The register's own durations, and the blend
//!
//! The register as known on the forecast date (events dated on or before
//! it) shows completed transitions, and transitions still under way, which
//! are right-censored: the file has waited at least that long. Ignoring
//! those would keep only the fast files early on. Files moved together by
//! the same two events (a package) count once.
//!
//! **Blending rule.** On the log scale, the prior counts as `k = 20` files:
//! the law's mean and variance are those of `k` pseudo-observations from
//! the prior pooled with the register's `n` observations, the censored ones
//! replaced by their expected values beyond the time already spent
//! (expectation-maximisation). With complete observations only, the mean is
//! `(k mu_prior + n mean) / (k + n)`: the register's weight is
//! `n / (n + k)`. Why twenty: a register's files are few and not
//! independent (one term, one area, packages), and on the tuning
//! calibration files a smaller weight let a few files carried over an
//! election make every law later. See
//! [`DurationModel::PRIOR_WEIGHT`].
//!
//! ## The calendar
//!
//! Durations count the working days of the institution a step waits for
//! ([`ClockKind`], [`working_days`]): August and the year-end break do not count, the
//! Parliament's steps stop between its last session before an election and
//! the new Parliament's resumption, and a term's last months count double.
//! A file that would agree after a term's last vote is agreed in the
//! term's last months instead with a chance that grows with how far it
//! had come when the run-up began (likeliest in trilogue, then with both
//! mandates, one, none); an agreement too late for that vote waits
//! for the new Parliament. The published figures, in calendar
//! days, are read as working days at the share of a term's days that are
//! working days (about 0.85).
//!
//! ## Time already spent
//!
//! A file waiting in a stage is not forecast as if it had just arrived: the
//! duration of the transition it is in is drawn from the law conditioned on
//! exceeding the time already spent (a truncated log-normal). A log-normal's
//! hazard falls with time, so the longer a file has been stuck, the longer
//! it is expected to stay stuck, as duration studies of EU legislation
//! find (time-varying, non-proportional hazards). Every forecast date is
//! therefore after the forecast date.
//!
//! ## Prerequisites (`requires` order)
//!
//! Files are simulated in `requires` order, prerequisites first, and a
//! requirement holds back the dependent as follows:
//!
//! - a requirement of a legislative stage (up to adoption): the dependent is
//!   not adopted before the prerequisite reaches that stage ("an amending
//!   act needs the amended act adopted": ETIAS requires the EES adopted);
//! - a requirement of entry into force or application: the dependent does
//!   not apply before the prerequisite reaches that stage (ETIAS cannot
//!   start before the eu-LISA regulation is in force, Art. 88).
//!
//! An entry-into-force requirement does not hold back adoption because the
//! register's own history says it does not: ETIAS was adopted (2018-09-12)
//! and in force (2018-10-09) before the eu-LISA regulation it requires
//! (2018-11-14, 2018-12-11). A prerequisite whose procedure ended
//! (withdrawn, lapsed, rejected) holds nothing back; the goal's blockers
//! still count it as never arriving.
//!
//! ## Fate: a file may never become law
//!
//! A procedure can end without an act: withdrawn by the Commission (in its
//! yearly work programmes, and in bulk by a new Commission: political
//! discontinuity), lapsed, rejected. Each simulation draws the day the
//! file's procedure would end that way, from a hazard that depends on
//! where the file stands in that simulation (pending and not agreed, or
//! agreed) and how long it has waited, with each new Commission's first
//! work programme a moment of higher risk ([`FateLaw`]); when that day comes
//! first, the file is never adopted in that simulation. The law rests on
//! published counts dated by when they became known ([`FATE_FIGURES`]),
//! like the prior's.
//!
//! [`FileForecast::p_no_act`] is the share of simulations in which the
//! open file is never adopted. **"Never" is one of the outcomes a band
//! counts**: `p10` and `p90` are the 10th and 90th percentiles of all the
//! simulations, never later than every date, so `p90` is never (`null` in
//! JSON) once more than one in ten never reach the stage; `p50` is the
//! median of those that do, the most likely date if it comes
//! ([`ForecastBand`](crate::answer::ForecastBand), whose `p_never` says how
//! often the stage never comes). The sentences read "most likely in Sep
//! 2018 if it becomes law, 80% from Jun 2018 on, or never (1 in 5 that it
//! never does)". A goal's `p_on_time` and each blocker's chance count a
//! file that never becomes law as never arriving. The schedule and the
//! report draw the same bands (a p90 of never runs to the picture's edge)
//! and say the odds beside them.
//!
//! ## Goals
//!
//! The probability of meeting a deadline is the share of simulations in
//! which every file of the target's closure reaches its required stage by
//! then. Each blocker gets its own probability, and the probability it
//! would have with no prerequisite holding it back: the files that miss on
//! their own are the ones that drive the risk. A file not proposed yet is
//! assumed proposed on the forecast date, so its probability is an upper
//! bound (the Commission's timing is not forecast); per-file forecasts
//! leave such files empty.
//!
//! ## Simulation
//!
//! Monte Carlo, [`Forecaster::DEFAULT_SIMULATIONS`] (2,000) runs with a
//! fixed, overridable seed ([`Forecaster::DEFAULT_SEED`]). Each file draws
//! from its own ChaCha8 stream (keyed by its id) and each stage from a fixed
//! stretch of it, so a file's dates do not depend on what else is
//! forecast. Draws come from tables of 4,096 equiprobable quantiles per law
//! (the remaining time of a waiting file from the part of the table beyond
//! the time spent, or exactly when that part is thin), one column of dates
//! per stage for all simulations at once; prerequisites' columns are kept
//! only until their last dependent is simulated. Quantiles are nearest-rank.
//! A goal's simulations are split between threads when its closure is
//! large; a simulation's draws depend only on the seed, the file and the
//! simulation's index, so any split gives the same answer. How long a goal
//! forecast takes on a large register is measured by `benches/forecast.rs`
//! (figures in `benches/README.md`).
//!
//! ## Backtesting
//!
//! [`backtest`] replays the register as known on a date (events dated on
//! or before it), fits and forecasts from that alone, and compares with the
//! stages recorded afterwards: the mean absolute error of the median per
//! stage, the share of actual dates inside the 10-90% band, and the naive
//! rule "adoption 18 months after the proposal". Files still pending, or
//! ended without an act, count: a band whose p90 passed without an
//! adoption is a miss (after p90, to the day the watch ended). Beside the
//! model the backtest scores a model-free yardstick on the same adoptions
//! (for a file at stage `s` since day `d`: the 10th, 50th and 90th
//! percentiles of "days from `s` to adoption" among the reference files
//! adopted by the forecast date that had waited at least as long: the
//! register's own, the embedded register's, and those given to
//! [`calibrate_with_references`], such as this repository's calibration
//! files), both by the shares before, inside and after the band, the
//! interval score of the 80% band ([`interval_score`]: width plus ten times
//! any miss) and the median error; and each settled file's `p_no_act` by
//! the Brier score beside the base rate's ([`FateScore`]).

mod answer;
mod backtest;
mod calendar;
mod calibration;
mod chances;
mod column;
mod fate;
mod fit;
mod forecaster;
mod goal;
mod known;
mod law;
mod model;
mod normal;
mod outlook;
mod prior;
mod rush;
mod sampler;
mod sentence;
mod simulate;
mod stall;
mod track_record;
mod yardstick;

/// The numbers that trip conversions from `f64` up, for the tests of the
/// functions that stand in for a call to the C library (`days_up`,
/// `to_days`): NaN, the infinities, both zeros, the least normal number.
#[cfg(test)]
pub(crate) fn awkward_floats() -> Vec<f64> {
    vec![
        f64::NAN,
        f64::INFINITY,
        f64::NEG_INFINITY,
        -0.0,
        0.0,
        f64::MIN_POSITIVE,
    ]
}

pub use answer::Forecast;
pub use backtest::{
    Backtest, BandScore, Comparison, FateCase, FateScore, NaiveScore, Pinball, StageScore,
    YardstickScore, backtest, backtest_until, backtest_with_references, interval_score,
};
pub use calendar::{ClockKind, working_days};
pub use calibration::{Calibration, DateScore, calibrate, calibrate_with_references, every_months};
pub use fate::{FATE_FIGURES, FateFigure, FateLaw};
pub use forecaster::Forecaster;
pub use goal::{Risk, TargetForecast};
pub use law::{LogNormal, Transition};
pub use model::{DurationModel, TransitionFit};
pub use outlook::{Factor, FileForecast, Outlook, Samples};
pub use prior::{Figure, Unit};
pub use sentence::{describe, sentence};
pub use track_record::TrackRecord;
