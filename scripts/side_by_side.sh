#!/usr/bin/env bash
# Whole-process figures on a synthetic register (tests/reference/gen_register.py):
#
# 1. `codecision blockers` against the repository's networkx reference
#    (tests/reference/blockers.py) on the same file and question: checks
#    the answers are the same, then RUNS paired runs (one of each in turn)
#    with the median and spread (min-max) of wall, user and system time and
#    of peak RSS, and the ratio of the wall medians;
# 2. the goal forecast (`forecast GOAL --format json`) and the report with
#    its forecasts (`report GOAL`): the same figures, and a check that two
#    runs give the same bytes (same seed, same answer).
#
#   scripts/side_by_side.sh [FILES] [SEED] [GOAL] [AS_OF]
#
# RUNS (default 10) sets the number of paired runs; ONLY=blockers or
# ONLY=forecast runs one part. GENERATOR and REFERENCE name another register
# generator and networkx reference taking the same arguments (the register
# is then written as target/bench-data/NAME-FILES-seedSEED.json, NAME the
# generator's file name). Timings come from scripts/paired.py (the
# kernel's rusage of each child: ru_maxrss is the peak GNU time's %M
# reports). The load average is printed before and after each part: on a
# shared machine, compare figures taken in the same run.
#
# Needs python3 with networkx (`python3 -m pip install networkx`).
set -euo pipefail
cd "$(dirname "$0")/.."
files=${1:-100000}; seed=${2:-7}; goal=${3:-goal-5}; as_of=${4:-2026-11-23}
runs=${RUNS:-10}
target=${CARGO_TARGET_DIR:-target}
ref=tests/reference
generator=${GENERATOR:-$ref/gen_register.py}
reference=${REFERENCE:-$ref/blockers.py}
out=$target/bench-data
name=register
[ -z "${GENERATOR:-}" ] || name=$(basename "$generator" .py)
data=$out/$name-$files-seed$seed.json
mkdir -p "$out"
[ -f "$data" ] || python3 "$generator" "$files" --seed "$seed" > "$data"
cargo build --release -q --locked
bin=$target/release/codecision
size=$(stat -c %s "$data")
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), $(uname -r)"
echo "register: $data ($size bytes), target $goal, as of $as_of"
echo "reference: $reference"

if [ "${ONLY:-blockers}" = blockers ] || [ -z "${ONLY:-}" ]; then
  echo
  echo "== blockers $goal: codecision against the networkx reference"
  # Same answer: blocker ids, required and current stages, chain lengths.
  summary='import json,sys; d=json.load(sys.stdin); print(d["deadline"]); [print(b["file"],b["required"],b["stage"],len(b["path"])) for b in d["blockers"]]'
  "$bin" --register "$data" --format json blockers "$goal" --as-of "$as_of" | python3 -c "$summary" > "$out/ours.txt"
  python3 "$reference" "$data" "$goal" --as-of "$as_of" | python3 -c "$summary" > "$out/reference.txt"
  cmp "$out/ours.txt" "$out/reference.txt"
  echo "same answer: $(($(wc -l < "$out/ours.txt") - 1)) blockers"
  python3 scripts/paired.py "$runs" \
    codecision="$bin --register $data --format json blockers $goal --as-of $as_of" \
    networkx="python3 $reference $data $goal --as-of $as_of" | tee "$out/blockers-paired.txt"
  python3 - "$out/blockers-paired.txt" "$size" <<'PY'
import re, sys
text = open(sys.argv[1]).read()
rss = float(re.search(r"codecision: .*peak RSS ([0-9.]+) MB", text).group(1))
print(f"codecision peak RSS / register file: {rss * 1e6 / int(sys.argv[2]):.2f}x")
PY
fi

if [ "${ONLY:-forecast}" = forecast ] || [ -z "${ONLY:-}" ]; then
  echo
  echo "== the goal forecast and the report with forecasts (default seed)"
  forecast="$bin --register $data forecast $goal --as-of $as_of --format json"
  report="$bin --register $data report $goal --as-of $as_of"
  for what in forecast report; do
    cmd=${!what}
    a=$($cmd | md5sum | cut -d' ' -f1); b=$($cmd | md5sum | cut -d' ' -f1)
    [ "$a" = "$b" ] || { echo "$what: two runs differ ($a, $b)"; exit 1; }
    echo "$what: same bytes in two runs (md5 $a)"
  done
  python3 scripts/paired.py "$runs" forecast="$forecast" report="$report" | grep -v ratio
fi
