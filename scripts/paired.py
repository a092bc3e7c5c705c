#!/usr/bin/env python3
"""Paired whole-process timings: runs each command in turn, RUNS times
(A, B, then B, A, and so on: the order turns each round, so neither
command always runs just after the other), and prints for each the median
and the spread (min-max) of wall, user and system time and of peak RSS
(the kernel's ru_maxrss, the figure GNU time's %M reports); then, for each
command after the first, the ratio of the wall medians and the median of
the ratios within each round, with its quartiles: on a virtual machine
whose speed drifts from minute to minute, the second compares runs taken
seconds apart.

    scripts/paired.py RUNS NAME=COMMAND [NAME=COMMAND ...]

Each COMMAND is split on whitespace (no shell); stdout goes to /dev/null.
A failing run stops the script. The load average is printed before and
after, since the machine is shared.
"""

import os
import statistics
import subprocess
import sys
import time


def run_once(argv):
    """One run: (wall s, user s, system s, peak RSS KB)."""
    with open(os.devnull, "wb") as null:
        start = time.perf_counter()
        proc = subprocess.Popen(argv, stdout=null)
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        sys.exit(f"{' '.join(argv)}: exit status {proc.returncode}")
    return wall, usage.ru_utime, usage.ru_stime, usage.ru_maxrss


def load():
    return " ".join(open("/proc/loadavg").read().split()[:3])


def main():
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    runs = int(sys.argv[1])
    commands = []
    for arg in sys.argv[2:]:
        name, _, command = arg.partition("=")
        commands.append((name, command.split()))
    print(f"load average before: {load()} ({os.cpu_count()} cores), {runs} paired runs")
    for _, argv in commands:  # one warm-up run each (page cache)
        run_once(argv)
    results = {name: [] for name, _ in commands}
    for round_ in range(runs):
        order = commands if round_ % 2 == 0 else commands[::-1]
        for name, argv in order:
            results[name].append(run_once(argv))
    print(f"load average after: {load()}")
    width = max(len(name) for name, _ in commands)
    medians = {}
    for name, _ in commands:
        cols = list(zip(*results[name]))
        medians[name] = statistics.median(cols[0])
        parts = []
        for label, values, unit, scale in [
            ("wall", cols[0], "s", 1),
            ("user", cols[1], "s", 1),
            ("sys", cols[2], "s", 1),
            ("peak RSS", cols[3], "MB", 1024 / 1e6),
        ]:
            v = [x * scale for x in values]
            fmt = ".3f" if unit == "s" else ".1f"
            parts.append(
                f"{label} {statistics.median(v):{fmt}} {unit} "
                f"({min(v):{fmt}}-{max(v):{fmt}})"
            )
        print(f"{name:>{width}}: median " + ", ".join(parts))
    first = commands[0][0]
    for name, _ in commands[1:]:
        ratio = medians[name] / medians[first]
        rounds = [
            b[0] / a[0] for a, b in zip(results[first], results[name]) if a[0] > 0
        ]
        print(f"wall median ratio {name}/{first}: {ratio:.3g}x")
        if len(rounds) >= 2:
            q1, q2, q3 = statistics.quantiles(rounds, n=4, method="inclusive")
            print(
                f"wall ratio {name}/{first} within a round: median {q2:.3g}x "
                f"(quartiles {q1:.3g}-{q3:.3g}x, {len(rounds)} rounds)"
            )


if __name__ == "__main__":
    main()
