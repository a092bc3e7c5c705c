#!/usr/bin/env bash
# Runs every fuzz target (fuzz/fuzz_targets/) for SECONDS each, one after
# the other, with libFuzzer through cargo-fuzz.
#
#   scripts/fuzz.sh [SECONDS] [TARGET...]     default: 60 s, every target
#   JOBS=2 scripts/fuzz.sh 900                two targets at a time
#
# Needs cargo-fuzz (`cargo install cargo-fuzz`). cargo-fuzz passes nightly
# flags (-Zsanitizer=address and others) to rustc; RUSTC_BOOTSTRAP=1 lets the
# stable toolchain accept them, so no nightly toolchain is needed. Set
# FUZZ_TOOLCHAIN=nightly to use an installed nightly instead.
#
# Seeds: the embedded register, the CLI and import fixtures, a sample EP API
# response, generated registers, and every regression input of
# tests/fixtures/fuzz/TARGET/. Corpora grow in fuzz/corpus/TARGET (ignored by
# git). A crash, a leak, a time-out (over 10 s for one input) or an input
# using more than 2 GB stops a target and leaves the input in
# fuzz/artifacts/TARGET/: minimise it (`cargo fuzz tmin TARGET FILE`), fix
# the bug, and copy it to tests/fixtures/fuzz/TARGET/ so that
# tests/fuzz_regressions.rs keeps checking it.
#
# Each target's libFuzzer log goes to fuzz/logs/TARGET.log (ignored by git);
# the last status line (executions, coverage) is printed at the end.
set -euo pipefail
cd "$(dirname "$0")/.."

seconds=${1:-60}
shift || true
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
  targets=(register_load ep_api parltrack date)
fi
jobs=${JOBS:-1}

if ! command -v cargo-fuzz >/dev/null 2>&1; then
  echo "fuzz.sh: cargo-fuzz is not installed: cargo install cargo-fuzz" >&2
  exit 2
fi
toolchain=()
if [ -n "${FUZZ_TOOLCHAIN:-}" ]; then
  toolchain=("+${FUZZ_TOOLCHAIN}")
else
  export RUSTC_BOOTSTRAP=1
fi

# Seed corpus: copies of the repository's own inputs. The importers' targets
# read their first byte as options (bit 0: keep going; bit 1: no inference),
# so each document is seeded behind each of the four option bytes.
seed() {
  local target=$1
  shift
  local dir=fuzz/corpus/$target
  mkdir -p "$dir"
  local f
  for f in "$@"; do
    [ -f "$f" ] || continue
    local name
    name=seed-$(basename "$f")
    case $target in
      ep_api | parltrack)
        local b
        for b in 0 1 2 3; do
          { printf "\\x0$b"; cat "$f"; } >"$dir/$name.$b"
        done
        ;;
      *) cp "$f" "$dir/$name" ;;
    esac
  done
}

seed register_load src/data/security_union.json tests/fixtures/cli/*.json tests/fixtures/fuzz/register_load/*
if command -v python3 >/dev/null 2>&1; then
  mkdir -p fuzz/corpus/register_load
  for n in 4 10 40; do
    python3 tests/reference/gen_register.py "$n" --seed "$n" --goals 2 \
      >"fuzz/corpus/register_load/seed-generated-$n.json"
  done
fi
seed ep_api tests/fixtures/import/ep-api_2016-0132.json tests/fixtures/import/ep-api_2016-0132.json.zst \
  tests/fixtures/fuzz/ep_api/*
seed parltrack tests/fixtures/import/parltrack_*.json tests/fixtures/import/parltrack_*.json.zst \
  tests/fixtures/fuzz/parltrack/*
mkdir -p fuzz/corpus/date
printf '2018-01-24' >fuzz/corpus/date/seed-plain
printf '2016-02-29' >fuzz/corpus/date/seed-leap
printf '9999-12-31' >fuzz/corpus/date/seed-last
printf '0001-01-01' >fuzz/corpus/date/seed-first
cp tests/fixtures/fuzz/date/* fuzz/corpus/date/ 2>/dev/null || true

cargo fuzz build "${toolchain[@]}" -O
mkdir -p fuzz/logs

run() {
  local target=$1
  # Dictionaries help libFuzzer reach the field names and stage names.
  local dict=()
  [ -f "fuzz/dict/$target.dict" ] && dict=("-dict=fuzz/dict/$target.dict")
  echo "== $target: ${seconds}s"
  cargo fuzz run "${toolchain[@]}" -O "$target" "fuzz/corpus/$target" -- \
    -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -max_len=65536 \
    -print_final_stats=1 "${dict[@]}" >"fuzz/logs/$target.log" 2>&1
}

status=0
pids=()
for target in "${targets[@]}"; do
  run "$target" &
  pids+=("$!:$target")
  while [ "$(jobs -rp | wc -l)" -ge "$jobs" ]; do
    sleep 1
  done
done
for entry in "${pids[@]}"; do
  pid=${entry%%:*}
  target=${entry#*:}
  if ! wait "$pid"; then
    echo "fuzz.sh: $target FAILED: see fuzz/logs/$target.log and fuzz/artifacts/$target/" >&2
    status=1
  fi
done

for target in "${targets[@]}"; do
  log=fuzz/logs/$target.log
  echo "-- $target"
  grep -E '^#[0-9]+' "$log" | tail -n 1 || true
  grep -E '^stat::(number_of_executed_units|peak_rss_mb)' "$log" || true
done
exit $status
