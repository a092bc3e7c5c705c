#!/usr/bin/env bash
# Side-by-side: `codecision blockers` against the repository's networkx
# reference (tests/reference/blockers.py) on the same synthetic register (from
# tests/reference/gen_register.py) and
# question, whole process, plus peak memory of loading.
#
#   scripts/side_by_side.sh [FILES] [SEED] [GOAL] [AS_OF]
#
# Needs python3 with networkx, hyperfine (Debian package) and GNU time.
set -euo pipefail
cd "$(dirname "$0")/.."
files=${1:-100000}; seed=${2:-7}; goal=${3:-goal-5}; as_of=${4:-2026-11-23}
ref=tests/reference
data=target/bench-data/register-$files-seed$seed.json
mkdir -p target/bench-data
[ -f "$data" ] || python3 "$ref/gen_register.py" "$files" --seed "$seed" > "$data"
cargo build --release -q --locked
bin=target/release/codecision
echo "register: $data ($(du -m "$data" | cut -f1) MB), target $goal, as of $as_of"

# Same answer: blocker ids, required and current stages, chain lengths.
summary='import json,sys; d=json.load(sys.stdin); print(d["deadline"]); [print(b["file"],b["required"],b["stage"],len(b["path"])) for b in d["blockers"]]'
"$bin" --register "$data" --format json blockers "$goal" --as-of "$as_of" | python3 -c "$summary" > target/bench-data/ours.txt
python3 "$ref/blockers.py" "$data" "$goal" --as-of "$as_of" | python3 -c "$summary" > target/bench-data/reference.txt
cmp target/bench-data/ours.txt target/bench-data/reference.txt
echo "same answer: $(($(wc -l < target/bench-data/ours.txt) - 1)) blockers"

hyperfine --warmup 1 --runs "${RUNS:-5}" --export-markdown target/bench-data/side-by-side.md \
  --export-json target/bench-data/side-by-side.json \
  -n codecision "$bin --register $data --format json blockers $goal --as-of $as_of" \
  -n networkx "python3 $ref/blockers.py $data $goal --as-of $as_of"

python3 - <<'PY'
import json
runs = json.load(open("target/bench-data/side-by-side.json"))["results"]
med = {r["command"]: r["median"] for r in runs}
for r in runs:
    print(f'{r["command"]}: median {r["median"]:.3f} s (min {r["min"]:.3f}, max {r["max"]:.3f}, {len(r["times"])} runs)')
print(f'median ratio: {med["networkx"] / med["codecision"]:.1f}x')
PY

for what in "status --as-of $as_of" "blockers $goal --as-of $as_of"; do
  /usr/bin/time -f "peak RSS %M KB, %e s: codecision $what" "$bin" --register "$data" --format json $what > /dev/null
done
/usr/bin/time -f "peak RSS %M KB, %e s: networkx reference" python3 "$ref/blockers.py" "$data" "$goal" --as-of "$as_of" > /dev/null
echo "file size: $(stat -c %s "$data") bytes"
