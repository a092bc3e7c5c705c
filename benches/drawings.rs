//! The pictures on synthetic registers from `tests/reference/gen_register.py`
//! (seed 7, ten goals, cached under `target/bench-data/`), as of
//! 2020-01-01 (issue 17, item 6: `graph --format svg` was killed after two
//! minutes at 3,000 files; the report did not finish at 100,000).
//!
//!     cargo bench --bench drawings
//!
//! Groups:
//! - `graph`: [`Register::to_svg`] of the whole register. At 200 and 480
//!   files (210 and 490 nodes with the goals) every box is laid out (the
//!   layered layout); from 1,000 files on, past the limit of 500 nodes, the
//!   picture is the summary by stage;
//! - `timeline`: the schedule of every file drawn as SVG (at most 200
//!   lanes are drawn; the schedule itself holds every file);
//! - `report`: [`Register::report_html`] on `goal-0` without forecast bands
//!   (the forecaster is measured by `benches/forecast.rs`).

use std::hint::black_box;

use codecision::export::{GraphSvg, Report, TimelineSvg};
use codecision::{Ask, Register, parse_date};
use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};

mod common;
use common::register_bytes;

fn benches(c: &mut Criterion) {
    let as_of = parse_date("2020-01-01").unwrap();
    let mut group = c.benchmark_group("drawings");
    group.sample_size(10);
    for files in [200usize, 480, 1_000, 3_000, 10_000, 100_000] {
        let register = Register::from_slice(&register_bytes(files)).unwrap();
        group.bench_with_input(BenchmarkId::new("graph", files), &as_of, |b, &as_of| {
            b.iter(|| black_box(GraphSvg::new(&register, as_of).to_string().len()))
        });
        if files < 1_000 {
            continue;
        }
        group.bench_with_input(BenchmarkId::new("timeline", files), &as_of, |b, &as_of| {
            b.iter(|| {
                let schedule = register.schedule(&Ask::new(as_of)).unwrap();
                black_box(TimelineSvg::new(&schedule).to_string().len())
            })
        });
        group.bench_with_input(BenchmarkId::new("report", files), &as_of, |b, &as_of| {
            b.iter(|| {
                black_box(
                    Report::new(&register, &Ask::new(as_of).target("goal-0"))
                        .map(|r| r.to_html())
                        .unwrap()
                        .len(),
                )
            })
        });
    }
    group.finish();
}

criterion_group!(drawings, benches);
criterion_main!(drawings);
