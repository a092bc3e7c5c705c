//! Forecasting speed on synthetic registers of 10,000 and 100,000 files from
//! `tests/reference/gen_register.py` (seed 7, cached under
//! `target/bench-data/`), for the goal with the largest closure.
//!
//!     cargo bench --bench forecast
//!
//! Groups:
//! - `fit`: the duration model fitted to the whole register as of a date;
//! - `goal`: fit plus the goal's chance (2,000 simulations of its closure),
//!   one year before its deadline — the target is under a second
//!   for 100,000 files and a 40,000-file closure;
//! - `goal/all-open`: the same goal as of 1999-01-01, when no file of the
//!   closure is proposed yet, so every file is simulated through every
//!   stage it is required to reach (the worst case);
//! - `files`: every file of the register forecast (10,000 files only);
//! - `goal/command`: what `codecision forecast GOAL` computes, one year
//!   before the deadline: every file of the goal's closure forecast, then
//!   the goal's chance;
//! - `report`: what `codecision report GOAL` computes besides the page
//!   (100,000 files only), one year before the deadline:
//!   [`Report::forecaster`] with a forecaster fitted that day, i.e. the
//!   bands of the goal's blockers (from `Report::CAPPED_SIMULATIONS`
//!   simulations each past `Report::FULL_BANDS_UP_TO` blockers, as the
//!   page says) and the track record (`TrackRecord::of`);
//! - `track-record`: the track record alone, one year before the deadline:
//!   eight backtests, each simulating the files it scores and only the
//!   prerequisites whose draws hold them back.

use std::hint::black_box;

use chrono::{Days, NaiveDate};
use codecision::export::Report;
use codecision::forecast::{DurationModel, Forecaster, TrackRecord};
use codecision::{Ask, Register, parse_date};
use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};

mod common;
use common::register_bytes;

/// The goal whose closure is largest, its deadline and that closure's size.
fn largest_goal(register: &Register) -> (String, NaiveDate, usize) {
    let early = parse_date("1990-01-01").unwrap();
    register
        .goals()
        .iter()
        .map(|g| {
            let closure = register
                .blockers(&Ask::new(early).target(&g.id))
                .unwrap()
                .blockers
                .len();
            (g.id.clone(), g.deadline, closure)
        })
        .max_by_key(|(_, _, n)| *n)
        .unwrap()
}

fn benches(c: &mut Criterion) {
    for files in [10_000usize, 100_000] {
        let register = Register::from_slice(&register_bytes(files)).unwrap();
        let (goal, deadline, closure) = largest_goal(&register);
        let as_of = deadline.checked_sub_days(Days::new(365)).unwrap();
        let answer = Forecaster::new(&register, as_of)
            .target(&goal, None)
            .unwrap();
        eprintln!(
            "{files} files: goal {goal} (deadline {deadline}), closure {closure} files, \
             {} outstanding as of {as_of}, p_on_time {:.3}",
            answer.blockers.len(),
            answer.p_on_time
        );

        let mut group = c.benchmark_group("forecast");
        group.sample_size(10);
        group.bench_with_input(BenchmarkId::new("fit", files), &as_of, |b, &as_of| {
            b.iter(|| black_box(DurationModel::fit(&register, as_of)))
        });
        group.bench_with_input(BenchmarkId::new("goal", files), &as_of, |b, &as_of| {
            b.iter(|| {
                let forecaster = Forecaster::new(&register, as_of);
                black_box(forecaster.target(&goal, None).unwrap().p_on_time)
            })
        });
        let start = parse_date("1999-01-01").unwrap();
        let model = DurationModel::fit(&register, start);
        group.bench_with_input(
            BenchmarkId::new("goal/all-open", files),
            &start,
            |b, &start| {
                b.iter(|| {
                    let forecaster = Forecaster::with_model(&register, start, model.clone());
                    black_box(forecaster.target(&goal, None).unwrap().p_on_time)
                })
            },
        );
        group.bench_with_input(
            BenchmarkId::new("goal/command", files),
            &as_of,
            |b, &as_of| {
                b.iter(|| {
                    let forecaster = Forecaster::new(&register, as_of);
                    let closure = forecaster.files(&[goal.as_str()]).unwrap();
                    let chance = forecaster.target(&goal, None).unwrap().p_on_time;
                    black_box((closure.len(), chance))
                })
            },
        );
        // The report's track record: eight backtests, each a few files
        // with their prerequisites, on the register as known at each date.
        group.bench_with_input(
            BenchmarkId::new("track-record", files),
            &as_of,
            |b, &as_of| b.iter(|| black_box(TrackRecord::of(&register, as_of))),
        );
        if files == 100_000 {
            let ask = Ask::new(as_of).target(&goal);
            group.bench_with_input(BenchmarkId::new("report", files), &as_of, |b, &as_of| {
                b.iter(|| {
                    let forecaster = Forecaster::new(&register, as_of);
                    let report = Report::new(&register, &ask).unwrap();
                    black_box(report.forecaster(&forecaster).unwrap())
                })
            });
        }
        if files == 10_000 {
            group.bench_with_input(BenchmarkId::new("files", files), &as_of, |b, &as_of| {
                b.iter(|| black_box(Forecaster::new(&register, as_of).files(&[]).unwrap().len()))
            });
        }
        group.finish();
    }
}

criterion_group!(forecast, benches);
criterion_main!(forecast);
