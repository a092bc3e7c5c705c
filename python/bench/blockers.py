#!/usr/bin/env python3
"""`blockers` from Python, side by side with the Rust library in the same
process and with the networkx reference (tests/reference/blockers.py).

    python3 python/bench/blockers.py [--files 100000] [--seed 7] [--goal goal-5]
        [--as-of 2026-11-23] [--runs 11] [--binary target/release/codecision]

Needs the package installed (python3 -m pip install ./python) and networkx.
The register is generated once by tests/reference/gen_register.py into
target/bench-data/ (as scripts/side_by_side.sh does).

1. In one process, alternating: the library's own call, timed inside Rust
   (`codecision._codecision._library_blockers_seconds`), and
   `Register.blockers(...)` timed from Python (argument conversion, the
   call with the GIL released, the answer wrapped). Medians and their ratio.
2. Whole processes, alternating: a Python script that loads the register
   and prints the answer's JSON, the networkx reference doing the same,
   and (if given) the command line. The answers are checked to be the same
   first. Medians and the reference's time over the package's.
"""

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

import codecision
from codecision import _codecision

REPOSITORY = Path(__file__).resolve().parents[2]
REFERENCE = REPOSITORY / "tests" / "reference"

SCRIPT = """
import sys, codecision
register = codecision.Register.load(sys.argv[1])
answer = register.blockers(sys.argv[2], as_of=sys.argv[3])
sys.stdout.write(answer.to_json() + "\\n")
"""


def summary(text):
    """Deadline, then each blocker's id, required and current stage and
    chain length (what scripts/side_by_side.sh compares)."""
    d = json.loads(text)
    return [d["deadline"]] + [
        (b["file"], b["required"], b["stage"], len(b["path"])) for b in d["blockers"]
    ]


def median_ms(xs):
    return statistics.median(xs) * 1000


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--files", type=int, default=100_000)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--goal", default="goal-5")
    ap.add_argument("--as-of", default="2026-11-23")
    ap.add_argument("--runs", type=int, default=11)
    ap.add_argument("--process-runs", type=int, default=5)
    ap.add_argument("--binary", help="the codecision binary, to time beside them")
    ap.add_argument("--data", default=os.environ.get("BENCH_DATA", str(REPOSITORY / "target" / "bench-data")))
    args = ap.parse_args()

    data = Path(args.data) / f"register-{args.files}-seed{args.seed}.json"
    if not data.exists():
        data.parent.mkdir(parents=True, exist_ok=True)
        with open(data, "w") as out:
            subprocess.run(
                [sys.executable, str(REFERENCE / "gen_register.py"), str(args.files), "--seed", str(args.seed)],
                stdout=out,
                check=True,
            )
    print(f"register: {data} ({data.stat().st_size / 1e6:.1f} MB), {args.goal} as of {args.as_of}")
    print(f"load average at start: {os.getloadavg()}")

    # 1. In one process.
    start = time.perf_counter()
    register = codecision.Register.load(data)
    print(f"Register.load: {time.perf_counter() - start:.3f} s, {len(register)} files")
    library, python = [], []
    answer = None
    for _ in range(args.runs):
        library.append(_codecision._library_blockers_seconds(register, args.goal, as_of=args.as_of))
        start = time.perf_counter()
        answer = register.blockers(args.goal, as_of=args.as_of)
        python.append(time.perf_counter() - start)
        del answer
    answer = register.blockers(args.goal, as_of=args.as_of)
    print(f"blockers: {len(answer)} blockers of {args.goal}")
    ratio = statistics.median(python) / statistics.median(library)
    print(
        f"in one process, {args.runs} alternating runs: library {median_ms(library):.1f} ms "
        f"(min {min(library) * 1000:.1f}), Register.blockers from Python {median_ms(python):.1f} ms "
        f"(min {min(python) * 1000:.1f}); Python / library = {ratio:.2f}"
    )
    del register, answer

    # 2. Whole processes.
    commands = {
        "python": [sys.executable, "-c", SCRIPT, str(data), args.goal, args.as_of],
        "networkx": [sys.executable, str(REFERENCE / "blockers.py"), str(data), args.goal, "--as-of", args.as_of],
    }
    if args.binary:
        commands["codecision"] = [args.binary, "--register", str(data), "--format", "json", "blockers", args.goal, "--as-of", args.as_of]
    outputs = {name: subprocess.run(c, capture_output=True, text=True, check=True).stdout for name, c in commands.items()}
    answers = {name: summary(text) for name, text in outputs.items()}
    assert all(a == answers["networkx"] for a in answers.values()), "the answers differ"
    print(f"same answer from {', '.join(commands)}: {len(answers['networkx']) - 1} blockers")
    times = {name: [] for name in commands}
    for _ in range(args.process_runs):
        for name, command in commands.items():
            start = time.perf_counter()
            subprocess.run(command, stdout=subprocess.DEVNULL, check=True)
            times[name].append(time.perf_counter() - start)
    for name, xs in times.items():
        print(f"whole process, {name}: median {statistics.median(xs):.3f} s (min {min(xs):.3f}, max {max(xs):.3f}, {len(xs)} runs)")
    print(f"networkx / python = {statistics.median(times['networkx']) / statistics.median(times['python']):.1f}x")
    print(f"load average at end: {os.getloadavg()}")


if __name__ == "__main__":
    main()
