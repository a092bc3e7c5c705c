//! Load, validate and query synthetic registers of 1,000, 10,000 and
//! 100,000 files from `tests/reference/gen_register.py` (cached under
//! `target/bench-data/`).
//!
//!     cargo bench --bench register
//!
//! Groups:
//! - `parse/value`: the same bytes parsed into `serde_json::Value`, the floor
//!   that loading is compared with;
//! - `load`: bytes to a validated `Register` (parse, ids, links, cycles,
//!   per-file timelines), in one pass;
//! - `load_file`: the same from the file (`Register::load`: read a piece at
//!   a time, `files` in two halves at once on two threads);
//! - `blockers`: blockers of the goal with the largest closure, and (100,000
//!   files) of the file whose closure is closest to 40,000 files, register
//!   already loaded;
//! - `validate/diagnostics`: replay of every history against the transition
//!   table (what `validate` adds to loading);
//! - `status`: the stage of every file at a date.

use std::hint::black_box;

use codecision::{Ask, Register, parse_date};
use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};

mod common;
use common::{register_bytes, register_path};

/// The file whose closure (itself and everything it requires) is closest to
/// `size` files, and that closure's size: later files require earlier ones,
/// so closures grow with the file's position and a bisection finds one.
fn file_with_closure(register: &Register, size: usize) -> (String, usize) {
    let early = parse_date("1990-01-01").unwrap();
    let closure = |i: usize| {
        let id = register.files()[i].id();
        let answer = register
            .blockers(&Ask::new(early).target(id).by(early))
            .unwrap();
        (id.to_string(), answer.blockers.len())
    };
    let (mut low, mut high) = (0, register.files().len() - 1);
    let mut best = closure(high);
    while low < high {
        let mid = (low + high) / 2;
        let (id, n) = closure(mid);
        if n.abs_diff(size) < best.1.abs_diff(size) {
            best = (id, n);
        }
        if n < size {
            low = mid + 1;
        } else {
            high = mid;
        }
    }
    best
}

/// The goal whose closure is largest, and that closure's size.
fn largest_goal(register: &Register) -> (String, usize) {
    let early = parse_date("1990-01-01").unwrap();
    register
        .goals()
        .iter()
        .map(|g| {
            (
                g.id.clone(),
                register
                    .blockers(&Ask::new(early).target(&g.id))
                    .unwrap()
                    .blockers
                    .len(),
            )
        })
        .max_by_key(|(_, n)| *n)
        .unwrap()
}

fn benches(c: &mut Criterion) {
    for files in [1_000usize, 10_000, 100_000] {
        let bytes = register_bytes(files);
        let register = Register::from_slice(&bytes).unwrap();
        let (goal, closure) = largest_goal(&register);
        eprintln!(
            "{files} files: {} bytes, goal {goal} closure {closure} files",
            bytes.len()
        );

        let mut group = c.benchmark_group("parse");
        group.throughput(Throughput::Bytes(bytes.len() as u64));
        if files == 100_000 {
            group.sample_size(10);
        }
        group.bench_with_input(BenchmarkId::new("value", files), &bytes, |b, bytes| {
            b.iter_with_large_drop(|| serde_json::from_slice::<serde_json::Value>(bytes).unwrap())
        });
        group.bench_with_input(BenchmarkId::new("load", files), &bytes, |b, bytes| {
            b.iter_with_large_drop(|| Register::from_slice(bytes).unwrap())
        });
        let path = register_path(files);
        group.bench_with_input(BenchmarkId::new("load_file", files), &path, |b, path| {
            b.iter_with_large_drop(|| Register::load(path).unwrap())
        });
        group.finish();

        let as_of = parse_date("2026-11-23").unwrap();
        let mut group = c.benchmark_group("query");
        group.bench_function(
            BenchmarkId::new(format!("blockers/closure-{closure}"), files),
            |b| b.iter(|| black_box(register.blockers(&Ask::new(as_of).target(&goal)).unwrap())),
        );
        if files == 100_000 {
            // The target of the performance work: a closure of 40,000 files.
            let (file, size) = file_with_closure(&register, 40_000);
            eprintln!("{files} files: file {file} closure {size} files");
            let by = parse_date("2030-12-31").unwrap();
            group.bench_function(
                BenchmarkId::new(format!("blockers/closure-{size}"), files),
                |b| {
                    b.iter(|| {
                        black_box(
                            register
                                .blockers(&Ask::new(as_of).target(&file).by(by))
                                .unwrap(),
                        )
                    })
                },
            );
        }
        group.bench_function(BenchmarkId::new("validate/diagnostics", files), |b| {
            b.iter(|| black_box(register.diagnostics()))
        });
        group.bench_function(BenchmarkId::new("status", files), |b| {
            b.iter(|| black_box(register.status(&Ask::new(as_of))))
        });
        group.finish();
    }
}

criterion_group!(register_benches, benches);
criterion_main!(register_benches);
