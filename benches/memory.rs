//! Memory of a loaded register, measured by a counting allocator: the heap
//! at its peak while loading (the input bytes included) and what stays
//! allocated afterwards, for the synthetic registers of 1,000, 10,000 and
//! 100,000 files, next to parsing the same bytes into `serde_json::Value`.
//!
//!     cargo bench --bench memory
//!
//! Heap bytes are what the program asked for; the process's resident size
//! adds the allocator's own overhead and the program itself (see
//! `scripts/side_by_side.sh` for peak RSS of whole commands).

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering::Relaxed};
use std::time::Instant;

use codecision::Register;

mod common;

struct Counting;

static LIVE: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);
static BLOCKS: AtomicUsize = AtomicUsize::new(0);

// SAFETY: every call is passed on unchanged to the system allocator; the
// counters only observe sizes.
#[allow(unsafe_code)]
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let live = LIVE.fetch_add(layout.size(), Relaxed) + layout.size();
        PEAK.fetch_max(live, Relaxed);
        BLOCKS.fetch_add(1, Relaxed);
        // SAFETY: the caller's contract is the system allocator's.
        unsafe { System.alloc(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        LIVE.fetch_sub(layout.size(), Relaxed);
        BLOCKS.fetch_sub(1, Relaxed);
        // SAFETY: as above.
        unsafe { System.dealloc(ptr, layout) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        if new_size >= layout.size() {
            let grown = new_size - layout.size();
            let live = LIVE.fetch_add(grown, Relaxed) + grown;
            PEAK.fetch_max(live, Relaxed);
        } else {
            LIVE.fetch_sub(layout.size() - new_size, Relaxed);
        }
        // SAFETY: as above.
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

/// Runs `f` and returns its result with the heap's peak during it and what
/// it left allocated, both relative to before, and its time.
fn measure<T>(f: impl FnOnce() -> T) -> (T, usize, usize, usize, f64) {
    let (live0, blocks0) = (LIVE.load(Relaxed), BLOCKS.load(Relaxed));
    PEAK.store(live0, Relaxed);
    let start = Instant::now();
    let out = f();
    let seconds = start.elapsed().as_secs_f64();
    let peak = PEAK.load(Relaxed) - live0;
    let live = LIVE.load(Relaxed).saturating_sub(live0);
    let blocks = BLOCKS.load(Relaxed).saturating_sub(blocks0);
    (out, peak, live, blocks, seconds)
}

fn mb(bytes: usize) -> f64 {
    bytes as f64 / 1e6
}

fn main() {
    // `cargo bench` passes `--bench`; `cargo test --benches` passes nothing
    // of the sort and only wants to know that this builds and runs.
    let sizes: &[usize] = if std::env::args().any(|a| a == "--bench") {
        &[1_000, 10_000, 100_000]
    } else {
        &[1_000]
    };
    println!(
        "{:>8} {:>9} | {:>10} {:>10} {:>9} {:>7} | {:>10} {:>7}",
        "files", "file MB", "load peak", "kept", "blocks", "x file", "Value peak", "x file"
    );
    for &files in sizes {
        let bytes = common::register_bytes(files);
        let path = std::env::temp_dir().join(format!("codecision-memory-{files}.json"));
        std::fs::write(&path, &bytes).expect("write the register");
        let size = bytes.len();
        drop(bytes);
        // `Register::load`: reads the file, parses, checks, builds the graph.
        let (register, peak, kept, blocks, _) =
            measure(|| Register::load(&path).expect("load the register"));
        drop(register);
        let (value, value_peak, _, _, _) = measure(|| {
            let bytes = std::fs::read(&path).expect("read the register");
            serde_json::from_slice::<serde_json::Value>(&bytes).expect("parse")
        });
        drop(value);
        let _ = std::fs::remove_file(&path);
        println!(
            "{files:>8} {:>9.1} | {:>10.1} {:>10.1} {blocks:>9} {:>7.2} | {:>10.1} {:>7.2}",
            mb(size),
            mb(peak),
            mb(kept),
            peak as f64 / size as f64,
            mb(value_peak),
            value_peak as f64 / size as f64,
        );
    }
}
