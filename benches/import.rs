//! The importers' library calls on dumps made from the real samples, in
//! memory (no disk in the measure).
//!
//!     cargo bench --bench import
//!
//! Groups:
//! - `ep_api`: `ep_api::from_reader` on a `/procedures` dump of 1,000
//!   procedures, each the real 2016/0132(COD) response (24 KB) with its
//!   references renumbered, plain and zstd-compressed;
//! - `parltrack`: `parltrack::from_reader` on a dump of 2,000 records, the
//!   five fixture records renumbered.
//!
//! The 20,000-procedure command-line benchmark (time and peak memory) uses
//! `scripts/gen_ep_dump.py`; see the import module's report for the figures.

use std::hint::black_box;

use codecision::import::{Options, ep_api, parltrack};
use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use serde_json::Value;

const EURODAC: &str = include_str!("../tests/fixtures/import/ep-api_2016-0132.json");
const PARLTRACK: &str = include_str!("../tests/fixtures/import/parltrack_ep_dossiers.json");

/// Replaces every occurrence of the procedure's own ids in a JSON value.
fn renumber(value: &mut Value, from: &[(&str, String)]) {
    match value {
        Value::String(s) => {
            for (old, new) in from {
                if s.contains(old) {
                    *s = s.replace(old, new);
                }
            }
        }
        Value::Array(items) => items.iter_mut().for_each(|v| renumber(v, from)),
        Value::Object(map) => map.values_mut().for_each(|v| renumber(v, from)),
        _ => {}
    }
}

/// A `/procedures` response of `n` copies of the real Eurodac procedure,
/// each with its own reference (`2016/0132` becomes `2016/0000`..).
fn ep_dump(n: usize) -> Vec<u8> {
    let sample: Value = serde_json::from_str(EURODAC).expect("the fixture is JSON");
    let process = &sample["data"][0];
    let data: Vec<Value> = (0..n)
        .map(|i| {
            let mut p = process.clone();
            let year = 2000 + i / 10_000;
            let number = i % 10_000;
            renumber(
                &mut p,
                &[
                    ("2016-0132", format!("{year}-{number:04}")),
                    ("2016/0132", format!("{year}/{number:04}")),
                ],
            );
            p
        })
        .collect();
    let mut dump = serde_json::json!({"data": data});
    dump["@context"] = sample["@context"].clone();
    serde_json::to_vec(&dump).expect("serialises")
}

/// A Parltrack dump of `n` records, the fixture's records renumbered, one
/// per line as Parltrack writes them.
fn parltrack_dump(n: usize) -> Vec<u8> {
    let records: Vec<Value> = serde_json::from_str(PARLTRACK).expect("the fixture is JSON");
    let mut out = Vec::new();
    for i in 0..n {
        let mut r = records[i % records.len()].clone();
        let reference = r["procedure"]["reference"]
            .as_str()
            .expect("a reference")
            .to_string();
        let kind = &reference[reference.find('(').expect("a type")..];
        let new = format!("{}/{:04}{kind}", 2000 + i / 10_000, i % 10_000);
        r["procedure"]["reference"] = Value::String(new);
        out.push(if i == 0 { b'[' } else { b',' });
        serde_json::to_writer(&mut out, &r).expect("serialises");
        out.push(b'\n');
    }
    out.extend_from_slice(b"]\n");
    out
}

fn bench_ep_api(c: &mut Criterion) {
    let plain = ep_dump(1_000);
    let packed =
        ruzstd::encoding::compress_to_vec(&plain[..], ruzstd::encoding::CompressionLevel::Fastest);
    let check = ep_api::from_reader(&plain[..], Options::default()).expect("imports");
    assert_eq!(check.register.files().len(), 1_000);

    let mut group = c.benchmark_group("ep_api");
    group.sample_size(10);
    group.throughput(Throughput::Bytes(plain.len() as u64));
    group.bench_function("1000_procedures", |b| {
        b.iter(|| ep_api::from_reader(black_box(&plain[..]), Options::default()))
    });
    group.bench_function("1000_procedures_zstd", |b| {
        b.iter(|| ep_api::from_reader(black_box(&packed[..]), Options::default()))
    });
    group.finish();
}

fn bench_parltrack(c: &mut Criterion) {
    let dump = parltrack_dump(2_000);
    let check = parltrack::from_reader(&dump[..], Options::default()).expect("imports");
    assert_eq!(check.register.files().len(), 2_000);

    let mut group = c.benchmark_group("parltrack");
    group.sample_size(10);
    group.throughput(Throughput::Bytes(dump.len() as u64));
    group.bench_function("2000_records", |b| {
        b.iter(|| parltrack::from_reader(black_box(&dump[..]), Options::default()))
    });
    group.finish();
}

criterion_group!(benches, bench_ep_api, bench_parltrack);
criterion_main!(benches);
