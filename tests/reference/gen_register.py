#!/usr/bin/env python3
"""Synthetic registers (format version 1) for codecision's differential tests,
benches and side-by-side runs. Written for this repository.

    gen_register.py FILES [--seed N] [--goals G] [--reach R]

Prints one register to stdout, the same for the same arguments. FILES files
`f0000000`, `f0000001`, ... and G goals `goal-0`, `goal-1`, ... (10 unless
told). Each file requires up to four files among the R before it (5,000
unless told), by id or with a stage, sometimes the same file twice with two
stages; goals require about fifty files of the last quarter, so a goal's
closure is large. Histories go as far as a random stage, the two mandates
in either order (or one of them missing), further trilogue meetings, events
without a stage, now and then a withdrawal, lapse or rejection, and some
histories listed out of date order: everything the format allows and the
blockers query has to get right. A few `related` links, possibly cyclic.
"""
import argparse
import datetime as dt
import json
import random
import sys

LADDER = ["trilogue", "political_agreement", "adoption", "entry_into_force", "application"]
# Stages a `requires` object may ask for, with how often.
ASKED = [("entry_into_force", 6), ("adoption", 3), ("political_agreement", 3), ("application", 1),
         ("trilogue", 1), ("general_approach", 1), ("libe_vote", 1), ("proposal", 1)]


def file_id(i):
    return "f%07d" % i


def history(rng, proposed):
    """The events of one file, proposed on `proposed`."""
    day = proposed
    events = [{"date": day.isoformat(), "stage": "proposal",
               "source": "COM(%d) %d" % (day.year, rng.randrange(100, 900))}]

    def step(lo, hi):
        nonlocal day
        day += dt.timedelta(days=rng.randrange(lo, hi))
        return day.isoformat()

    # How far the file got: 0 = proposed only ... 7 = applies.
    reach = rng.choices(range(8), weights=[2, 1, 2, 2, 2, 2, 4, 1])[0]
    if reach >= 1:
        mandates = ["general_approach", "libe_vote"]
        rng.shuffle(mandates)
        if reach == 1:
            mandates = mandates[:1]
        elif rng.random() < 0.08:
            mandates = mandates[:1]  # a gap in the record: one mandate never noted
        for m in mandates:
            ev = {"date": step(20, 450), "stage": m}
            if m == "libe_vote" and rng.random() < 0.15:
                ev["committee"] = rng.choice(["AFET", "ECON", "ITRE", "JURI"])
            events.append(ev)
    for k, stage in enumerate(LADDER[: max(0, reach - 2)]):
        events.append({"date": step(5, 320), "stage": stage})
        if stage == "trilogue":
            for _ in range(rng.choice([0, 0, 1, 2, 3, 5])):
                events.append({"date": step(5, 80), "stage": "trilogue", "note": "further meeting"})
    if rng.random() < 0.04:
        events.append({"date": step(30, 700), "stage": rng.choice(["withdrawn", "lapsed", "rejected"])})
    for _ in range(rng.choice([0, 0, 0, 1, 2])):
        # An informational event somewhere in the file's life.
        when = proposed + dt.timedelta(days=rng.randrange(0, 1 + (day - proposed).days))
        events.append({"date": when.isoformat(), "note": "debate"})
    if rng.random() < 0.1:
        rng.shuffle(events)  # histories are replayed, never assumed sorted
    else:
        events.sort(key=lambda e: e["date"])
    return events


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("files", type=int)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--goals", type=int, default=10)
    ap.add_argument("--reach", type=int, default=5000)
    a = ap.parse_args()
    if a.files < 1:
        ap.error("FILES must be at least 1")
    rng = random.Random(a.seed)
    start = dt.date(1998, 6, 1)
    files = []
    for i in range(a.files):
        f = {"id": file_id(i), "title": "Synthetic file %d" % i,
             "procedure": "%d/%04d(COD)" % (1998 + i % 26, i % 10000)}
        if rng.random() < 0.97:
            f["events"] = history(rng, start + dt.timedelta(days=rng.randrange(0, 9300)))
        requires = []
        for _ in range(rng.randrange(0, 5) if i else 0):
            target = file_id(rng.randrange(max(0, i - a.reach), i))
            if rng.random() < 0.65:
                requires.append(target)
            else:
                stage = rng.choices([s for s, _ in ASKED], weights=[w for _, w in ASKED])[0]
                requires.append({"file": target, "stage": stage})
        if requires:
            f["requires"] = requires
        if rng.random() < 0.05:
            f["related"] = [file_id(rng.randrange(a.files))]
        files.append(f)
    goals = []
    quarter = max(0, a.files - max(1, a.files // 4))
    for g in range(a.goals):
        picked = sorted({rng.randrange(quarter, a.files) for _ in range(50)})
        requires = [file_id(j) if rng.random() < 0.8 else {"file": file_id(j), "stage": "adoption"}
                    for j in picked]
        deadline = dt.date(2008, 1, 1) + dt.timedelta(days=rng.randrange(0, 6500))
        goals.append({"id": "goal-%d" % g, "title": "Synthetic goal %d" % g,
                      "deadline": deadline.isoformat(), "requires": requires})
    json.dump({"version": 1, "files": files, "goals": goals}, sys.stdout, separators=(",", ":"))
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
