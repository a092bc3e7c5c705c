#!/usr/bin/env python3
"""Where an analyst starts: load a register, list what blocks a goal as a
DataFrame, plot when the blockers may get there, save the report.

    python3 python/examples/analyst.py [REGISTER.json] [--goal ID] [--as-of DATE] [--out DIR]

Without REGISTER, the embedded Security Union register. Needs pandas
(``pip install pandas``); the plot needs matplotlib (``pip install
matplotlib``) and is left out, with a note, without it.
"""

import argparse
from datetime import date
from pathlib import Path

import codecision


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("register", nargs="?", help="a register file (default: the embedded one)")
    ap.add_argument("--goal", default="interoperability-2020")
    ap.add_argument("--as-of", default="2018-01-24", type=date.fromisoformat)
    ap.add_argument("--out", default=".", type=Path)
    args = ap.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)

    # 1. Load a register (a RegisterError names each problem and where).
    if args.register:
        register = codecision.Register.load(args.register)
    else:
        register = codecision.Register.security_union()
    print(register)

    # 2. What blocks the goal, as a DataFrame.
    blockers = register.blockers(args.goal, as_of=args.as_of)
    print(f"\n{len(blockers)} files block {args.goal} by {blockers.deadline} (as of {args.as_of}):")
    frame = blockers.to_pandas()
    frame["chain"] = frame["path"].str.join(" -> ")
    frame["stage"] = frame["stage"].fillna("(not proposed)")
    print(frame[["file", "stage", "required", "chain"]].to_string(index=False))

    # 3. When will they get there? The forecast's bands (10th-90th
    # percentile) of each blocker's required stage, and the goal's chance.
    forecast = register.forecast(args.goal, as_of=args.as_of, seed=2016, simulations=2000)
    goal = forecast.goals[0]
    print(f"\nchance that {args.goal} is met by {goal.deadline}: {goal.p_on_time:.0%}")
    required = {b.file: b.required for b in blockers}
    bands = forecast.to_pandas()
    bands = bands[[required.get(f) == s for f, s in zip(bands["file"], bands["stage"])]]
    bands = bands.sort_values("p50")
    print(bands[["file", "stage", "p10", "p50", "p90"]].to_string(index=False))
    unforecast = sorted(set(required) - set(bands["file"]))
    if unforecast:
        # The Commission's timing is not forecast: no band before a proposal.
        print(f"no band (not proposed yet): {', '.join(unforecast)}")
    plot(bands, blockers, args.out / "forecast.png")

    # 4. The report, as one self-contained HTML page.
    page = register.report_html(args.goal, as_of=args.as_of)
    page.save(args.out / "report.html")
    print(f"\nreport: {args.out / 'report.html'} ({len(page):,} characters)")


def plot(bands, blockers, path):
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        print("\n(matplotlib is not installed: pip install matplotlib for the plot)")
        return
    fig, ax = plt.subplots(figsize=(9, 0.5 * len(bands) + 1.5))
    y = range(len(bands))
    ax.hlines(y, bands["p10"], bands["p90"], linewidth=8, alpha=0.4, label="10th-90th percentile")
    ax.plot(bands["p50"], list(y), "k|", markersize=14, label="median")
    ax.axvline(blockers.deadline, color="crimson", linestyle="--", label=f"deadline {blockers.deadline}")
    ax.set_yticks(list(y), [f"{f} ({s})" for f, s in zip(bands["file"], bands["stage"])])
    ax.set_title(f"When the blockers of {blockers.target} may get there\n(forecast as of {blockers.as_of})")
    fig.autofmt_xdate()
    ax.legend(loc="lower right", fontsize="small")
    fig.tight_layout()
    fig.savefig(path, dpi=120)
    print(f"\nforecast plot: {path}")


if __name__ == "__main__":
    main()
