//! Backtests: what is compared, how it is scored, and how the model fares
//! on the embedded register at the three dates of the Commission's
//! Security Union reports used as seeds.

use chrono::Months;
use codecision::forecast::{DurationModel, Forecaster, backtest};
use codecision::{Register, Stage};

mod common;
use common::{d, file};

#[test]
fn only_stages_recorded_after_the_date_are_scored() {
    let r = Register::builder()
        // Only adoption and entry into force are recorded after the date;
        // the stages in between are implied, with no date to check.
        .file(file(
            "a",
            &[
                ("2016-01-01", Stage::Proposal),
                ("2017-06-01", Stage::Adoption),
                ("2017-07-01", Stage::EntryIntoForce),
            ],
        ))
        .file(file(
            "b",
            &[
                ("2016-03-01", Stage::Proposal),
                ("2016-05-01", Stage::GeneralApproach),
            ],
        ))
        .file(file("late", &[("2017-01-01", Stage::Proposal)]))
        .build()
        .unwrap();
    let as_of = d("2016-06-30");
    let result = backtest(&Forecaster::new(&r, as_of));
    assert_eq!(result.not_proposed, ["late"]);
    assert_eq!(result.files_forecast, 2);
    let scored: Vec<(&str, Stage)> = result
        .comparisons
        .iter()
        .map(|c| (c.file.as_str(), c.stage))
        .collect();
    assert_eq!(
        scored,
        [("a", Stage::Adoption), ("a", Stage::EntryIntoForce)]
    );
    for c in &result.comparisons {
        assert!(c.actual > as_of);
        assert!(c.reached && !c.ended);
        assert_eq!(c.error_days, Some((c.p50.unwrap() - c.actual).num_days()));
        let at = |d: Option<chrono::NaiveDate>| d.unwrap_or(chrono::NaiveDate::MAX);
        assert_eq!(c.inside, at(c.p10) <= c.actual && c.actual <= at(c.p90));
    }
    let adoption = result.score(Stage::Adoption).unwrap();
    assert_eq!(adoption.n, 1);
    assert_eq!(
        adoption.mae_days,
        result.comparisons[0].error_days.unwrap().abs() as f64
    );
    // Naive: proposal + 18 months = 2017-07-01, a month after the adoption.
    assert_eq!(
        result.comparisons[0].naive,
        d("2016-01-01").checked_add_months(Months::new(18))
    );
    assert_eq!(result.naive_adoption_mae_days, Some(30.0));
    assert_eq!(result.overall.n, 2);
    assert!(result.score(Stage::Trilogue).is_none());
}

#[test]
fn a_backtest_fits_only_on_what_was_known() {
    let r = Register::security_union();
    let as_of = d("2017-07-27");
    let result = backtest(&Forecaster::new(&r, as_of));
    assert_eq!(result.model, DurationModel::fit(&r, as_of));
    assert_eq!(result.as_of, as_of);
    assert_eq!(result.simulations, Forecaster::DEFAULT_SIMULATIONS);
}

/// The acceptance figures: on the embedded register, at each seed date, the
/// forecast's median adoption date is closer to the truth than "18 months
/// after the proposal", and the 10-90% band holds about 80% of what
/// happened.
#[test]
fn the_model_beats_the_naive_rule_on_the_embedded_register() {
    let r = Register::security_union();
    let mut inside = 0.0;
    let mut total = 0.0;
    for date in ["2017-06-29", "2017-07-27", "2018-01-24"] {
        let result = backtest(&Forecaster::new(&r, d(date)));
        let model = result.score(Stage::Adoption).unwrap();
        let naive = result.naive_adoption_mae_days.unwrap();
        assert!(model.n >= 9, "{date}: {} adoptions", model.n);
        assert!(
            model.mae_days < naive,
            "{date}: model {} days, naive {naive} days",
            model.mae_days
        );
        let coverage = result.overall.coverage;
        assert!((0.65..=0.95).contains(&coverage), "{date}: {coverage}");
        inside += coverage * result.overall.n as f64;
        total += result.overall.n as f64;
    }
    let pooled = inside / total;
    assert!((0.7..=0.9).contains(&pooled), "pooled coverage {pooled}");
}

#[test]
fn the_naive_rule_is_never_before_the_forecast_date() {
    let r = Register::builder()
        .file(file(
            "slow",
            &[
                ("2016-01-01", Stage::Proposal),
                ("2016-06-01", Stage::GeneralApproach),
                ("2018-03-01", Stage::Adoption),
            ],
        ))
        .build()
        .unwrap();
    // Proposal + 18 months is 2017-07-01, before the forecast date.
    let as_of = d("2017-12-01");
    let result = backtest(&Forecaster::new(&r, as_of));
    let adoption = result
        .comparisons
        .iter()
        .find(|c| c.stage == Stage::Adoption)
        .unwrap();
    assert_eq!(adoption.naive, Some(as_of));
    assert_eq!(result.naive_adoption_mae_days, Some(90.0));
}

#[test]
fn a_calibration_pools_the_dates_and_scores_only_what_was_known_by_until() {
    use codecision::forecast::{backtest_until, calibrate, every_months};
    let r = Register::security_union();
    let dates = every_months(d("2017-01-24"), d("2018-01-24"), 6);
    assert_eq!(dates, [d("2017-01-24"), d("2017-07-24"), d("2018-01-24")]);
    let all = calibrate(&r, &dates, 7, 300, None);
    assert_eq!(all.per_date.len(), 3);
    let pooled: usize = all
        .per_date
        .iter()
        .map(|p| p.adoption.as_ref().map_or(0, |a| a.n))
        .sum();
    assert_eq!(all.adoption.as_ref().unwrap().n, pooled);
    assert_eq!(all.naive_adoption.as_ref().unwrap().n, pooled);
    // A report as of mid-2018 checks its past forecasts only against what
    // it knew then.
    let until = d("2018-06-30");
    let known = calibrate(&r, &dates, 7, 300, Some(until));
    assert!(known.comparisons.iter().all(|c| c.actual <= until));
    assert!(known.comparisons.len() < all.comparisons.len());
    let one = backtest_until(
        &Forecaster::new(&r, dates[0])
            .with_seed(7)
            .with_simulations(300),
        until,
    );
    assert_eq!(
        known.per_date[0].adoption.as_ref(),
        one.score(Stage::Adoption)
    );
}

/// A file still pending, or withdrawn, after its band's p90 counts as a
/// miss (after p90, `reached` false, to the day the watch ended); the fate
/// forecasts are scored by the Brier score beside the base rate's; the
/// model-free yardstick is scored on the same adoptions.
#[test]
fn pending_and_withdrawn_files_count_and_fate_is_scored() {
    let r = Register::builder()
        .file(file(
            "adopted",
            &[
                ("2014-01-10", Stage::Proposal),
                ("2016-03-01", Stage::Adoption),
            ],
        ))
        .file(file(
            "withdrawn",
            &[
                ("2014-02-01", Stage::Proposal),
                ("2020-06-01", Stage::Withdrawn),
            ],
        ))
        .file(file("pending", &[("2014-03-01", Stage::Proposal)]))
        // The register's last recorded day: the watch ends there.
        .file(file(
            "later",
            &[
                ("2022-01-01", Stage::Proposal),
                ("2023-01-01", Stage::Adoption),
            ],
        ))
        .build()
        .unwrap();
    let as_of = d("2014-06-30");
    let result = backtest(&Forecaster::new(&r, as_of));
    let adoption = |id: &str| {
        result
            .comparisons
            .iter()
            .find(|c| c.file == id && c.stage == Stage::Adoption)
    };
    let adopted = adoption("adopted").unwrap();
    assert!(adopted.reached);
    assert_eq!(adopted.actual, d("2016-03-01"));
    let withdrawn = adoption("withdrawn").unwrap();
    assert!(!withdrawn.reached && withdrawn.ended);
    assert_eq!(withdrawn.actual, d("2020-06-01"));
    // Never adopted: inside a band whose p90 is never, a miss of any other.
    assert_eq!(withdrawn.inside, withdrawn.p90.is_none());
    let pending = adoption("pending").unwrap();
    assert!(!pending.reached && !pending.ended);
    assert_eq!(pending.actual, d("2023-01-01"));
    // Still pending: scored only once a dated p90 passed, a miss.
    assert!(pending.p90.is_some_and(|p90| p90 < pending.actual));
    assert!(!pending.inside);
    // The watch ends on the register's last day.
    assert!(
        result
            .comparisons
            .iter()
            .all(|c| c.horizon == d("2023-01-01"))
    );
    // The misses are after p90 in the bins, out of the median errors.
    let score = result.score(Stage::Adoption).unwrap();
    assert_eq!(score.n, 3);
    assert_eq!(score.dated, 1);
    assert!(adopted.naive.is_some() && withdrawn.naive.is_none());
    // Interval score: width plus ten times the miss, averaged; never (a
    // p90 of never, a file that ended without an act) counts as the last
    // day watched.
    let horizon = (d("2023-01-01") - as_of).num_days() as f64;
    let expected: f64 = [adopted, withdrawn, pending]
        .iter()
        .map(|c| {
            let day =
                |x: Option<chrono::NaiveDate>| x.map_or(horizon, |x| (x - as_of).num_days() as f64);
            let y = if c.ended { None } else { Some(c.actual) };
            codecision::forecast::interval_score(day(c.p10), day(c.p90), day(y))
        })
        .sum::<f64>()
        / 3.0;
    assert!((score.interval_score - expected).abs() < 1e-6);
    // Fate: the adopted and the withdrawn file are settled, the pending one
    // is not.
    let fate = result.fate.as_ref().unwrap();
    assert_eq!((fate.n, fate.ended), (2, 1));
    let brier: f64 = result
        .fates
        .iter()
        .map(|c| (c.p_no_act - if c.ended { 1.0 } else { 0.0 }).powi(2))
        .sum::<f64>()
        / 2.0;
    assert!((fate.brier - brier).abs() < 1e-12);
    assert_eq!(fate.base_rate, 0.5);
    assert_eq!(fate.brier_base_rate, 0.25);
    // No file of the register nor of the embedded one was adopted by then:
    // no yardstick. With a reference file adopted before the date, the
    // yardstick is scored beside the model on the same adoptions.
    assert!(result.yardstick.is_none());
    let reference = Register::builder()
        .file(file(
            "old",
            &[
                ("2010-01-01", Stage::Proposal),
                ("2012-01-01", Stage::Adoption),
            ],
        ))
        .build()
        .unwrap();
    let with =
        codecision::forecast::backtest_with_references(&Forecaster::new(&r, as_of), &[&reference]);
    let y = with.yardstick.as_ref().unwrap();
    assert_eq!(y.n, 3);
    assert!(with.comparisons.iter().all(|c| c.yardstick.is_some()));
    // 730 days from proposal to adoption, the only reference: the band is
    // that day for every file proposed long enough ago.
    let [p10, p50, p90] = with.comparisons[0].yardstick.unwrap();
    assert!(p10 == p50 && p50 == p90);
}

/// Without an end without an act, nothing changes but the chance: a model
/// whose fate law never ends a file gives every open file `p_no_act` 0.
#[test]
fn the_fate_law_can_be_switched_off() {
    use codecision::forecast::FateLaw;
    let r = Register::security_union();
    let as_of = d("2017-06-29");
    let model = DurationModel::fit(&r, as_of).with_fate(FateLaw::never());
    let files = Forecaster::with_model(&r, as_of, model).files(&[]).unwrap();
    assert!(files.iter().all(|f| f.p_no_act.is_none_or(|p| p == 0.0)));
    let with = Forecaster::new(&r, as_of).files(&[]).unwrap();
    assert!(with.iter().any(|f| f.p_no_act.is_some_and(|p| p > 0.0)));
}
