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
        assert_eq!(c.error_days, (c.p50 - c.actual).num_days());
        assert_eq!(c.inside, c.p10 <= c.actual && c.actual <= c.p90);
    }
    let adoption = result.score(Stage::Adoption).unwrap();
    assert_eq!(adoption.n, 1);
    assert_eq!(
        adoption.mae_days,
        result.comparisons[0].error_days.abs() as f64
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
