#!/usr/bin/env bash
# The fuzz targets in CI, without cargo-fuzz: builds them with the coverage
# instrumentation cargo-fuzz uses (no sanitizer, so no nightly flag beyond
# what RUSTC_BOOTSTRAP=1 allows), replays every committed regression input
# of tests/fixtures/fuzz/TARGET/ once, then fuzzes each target for RUNS
# executions (default 20,000) from a copy of those inputs. Any crash,
# time-out (10 s) or input using more than 2 GB fails the script.
#
#   scripts/fuzz_smoke.sh [RUNS]
#
# Long runs are scripts/fuzz.sh's job.
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-20000}
triple=$(rustc -vV | sed -n 's/^host: //p')
flags="--cfg fuzzing -Cpasses=sancov-module -Cllvm-args=-sanitizer-coverage-level=4"
flags+=" -Cllvm-args=-sanitizer-coverage-inline-8bit-counters"
flags+=" -Cllvm-args=-sanitizer-coverage-pc-table"
flags+=" -Cllvm-args=-sanitizer-coverage-trace-compares"
# --target keeps the instrumentation off build scripts and proc macros.
(cd fuzz && RUSTFLAGS="$flags" RUSTC_BOOTSTRAP=1 \
  cargo build --release --locked --target "$triple")
for target in register_load ep_api parltrack date; do
  bin=fuzz/target/$triple/release/$target
  inputs=(tests/fixtures/fuzz/$target/*)
  echo "== $target: ${#inputs[@]} regression inputs, then $runs runs"
  replayed=$("$bin" -timeout=10 -rss_limit_mb=2048 "${inputs[@]}" 2>&1 | grep -c '^Executed ')
  echo "replayed $replayed of ${#inputs[@]}"
  [ "$replayed" -eq ${#inputs[@]} ]
  corpus=$(mktemp -d)
  cp "${inputs[@]}" "$corpus/"
  "$bin" -runs="$runs" -timeout=10 -rss_limit_mb=2048 -max_len=65536 \
    -dict=fuzz/dict/"$target".dict "$corpus" 2>&1 | grep -E '^#[0-9]+ +DONE|^Done' || {
      echo "fuzz_smoke.sh: $target failed" >&2
      exit 1
    }
  rm -rf "$corpus"
done
