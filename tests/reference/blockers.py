#!/usr/bin/env python3
"""An independent answer to `codecision blockers TARGET [--by DATE] --as-of DATE
--format json`, written for this repository with networkx from the contract
(the README's "Blockers" and register format sections), sharing no code with
the crate. The differential tests compare the two; scripts/side_by_side.sh
times them.

    blockers.py REGISTER TARGET [--by DATE] [--as-of DATE]

Prints {"target", "deadline", "as_of", "blockers": [{"file", "required",
"stage", "path"}]}, blockers in id order. A bad question (unknown target, a
file without --by) exits 1 with a message on stderr. Needs networkx.
"""
import argparse
import datetime as dt
import json
import sys

import networkx as nx

RANK = {"proposal": 0, "general_approach": 1, "libe_vote": 1, "trilogue": 2,
        "political_agreement": 3, "adoption": 4, "entry_into_force": 5, "application": 6}
MANDATES = {"general_approach", "libe_vote"}
# Two edges into one file asking for the two mandates (same rank): the
# register format leaves it open; the crate keeps the later in its stage
# order, the committee vote, so the answer never depends on edge order.
ASKS_MORE = {stage: (rank, stage == "libe_vote") for stage, rank in RANK.items()}
IN_FORCE = "entry_into_force"


def implies(had, wanted):
    """Does an event at stage `had` show that stage `wanted` was reached?"""
    if had == wanted:
        return True
    if had not in RANK:  # terminal stages imply nothing
        return False
    if wanted in MANDATES:  # one mandate never implies the other
        return RANK[had] >= 2
    return RANK[had] > RANK[wanted]


def known(events, day):
    """The staged events dated on or before `day`."""
    return [e for e in events if e.get("stage") and e["date"] <= day]


def has_reached(events, wanted, day):
    return any(implies(e["stage"], wanted) for e in known(events, day))


def stage_on(events, day):
    """The file's stage on `day`: a terminal event wins, then the highest
    rank; of two mandates and nothing above, the later one."""
    seen = known(events, day)
    ended = [e for e in seen if e["stage"] not in RANK]
    if ended:
        return max(ended, key=lambda e: e["date"])["stage"]
    if not seen:
        return None
    return max(seen, key=lambda e: (RANK[e["stage"]], e["date"]))["stage"]


def edge(item):
    if isinstance(item, str):
        return item, IN_FORCE
    return item["file"], item.get("stage", IN_FORCE)


def fail(message):
    sys.stderr.write("blockers.py: %s\n" % message)
    sys.exit(1)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("register")
    ap.add_argument("target")
    ap.add_argument("--by")
    ap.add_argument("--as-of", default=dt.date.today().isoformat())
    args = ap.parse_args()
    with open(args.register, encoding="utf-8") as fh:
        register = json.load(fh)

    history = {f["id"]: f.get("events", []) for f in register["files"]}
    deadlines = {g["id"]: g["deadline"] for g in register.get("goals", [])}
    asks = {}  # (from, to) -> the stage the edge asks for, the most of its items
    for node in register["files"] + register.get("goals", []):
        for item in node.get("requires", []):
            other, stage = edge(item)
            key = (node["id"], other)
            if key not in asks or ASKS_MORE[stage] > ASKS_MORE[asks[key]]:
                asks[key] = stage
    graph = nx.DiGraph()
    graph.add_nodes_from(history)
    graph.add_nodes_from(deadlines)
    graph.add_edges_from((u, v, {"asks": stage}) for (u, v), stage in asks.items())

    target = args.target
    if target not in graph:
        fail("no file or goal `%s`" % target)
    if args.by is not None:
        deadline = dt.date.fromisoformat(args.by).isoformat()
    elif target in deadlines:
        deadline = deadlines[target]
    else:
        fail("`%s` is a file: give --by" % target)
    as_of = dt.date.fromisoformat(args.as_of).isoformat()
    cutoff = min(as_of, deadline)

    closure = nx.descendants(graph, target) | {target}
    required = {}
    if target in history:
        required[target] = IN_FORCE
    for _, v, stage in graph.out_edges(closure, data="asks"):
        if v not in required or ASKS_MORE[stage] > ASKS_MORE[required[v]]:
            required[v] = stage

    chains = nx.single_source_shortest_path(graph, target)
    blockers = []
    for fid in sorted(required):
        if not has_reached(history[fid], required[fid], cutoff):
            blockers.append({"file": fid, "required": required[fid],
                             "stage": stage_on(history[fid], cutoff), "path": chains[fid]})
    answer = {"target": target, "deadline": deadline, "as_of": as_of, "blockers": blockers}
    sys.stdout.write(json.dumps(answer) + "\n")


if __name__ == "__main__":
    main()
