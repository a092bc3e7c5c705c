#!/usr/bin/env python3
"""Check a codecision register (register format, version 1) and print where its files stand.

    python3 scripts/check_dataset.py [REGISTER]

REGISTER defaults to src/data/security_union.json next to this script's
parent directory. Standard library only.

Checks (any failure is reported and the exit status is 1):
  - top level, FILE, EVENT and GOAL objects carry only the fields the format
    defines, with the right types; `version`, when present, is 1;
  - ids are lowercase ASCII letters, digits and '-', unique across files and goals;
  - every stage is a known stage; every date is a valid YYYY-MM-DD;
  - every event has a non-empty `source`; events within a file are in date order;
  - every id named in `requires` or `related` exists (`requires` must name a file);
  - the `requires` relation over files and goals is acyclic (a cycle is printed whole);
  - for the embedded Security Union register, the dated expectations its
    provenance notes promise (see src/data/README.md).

Then it prints the stage of every file at five dates, using the "reached" and
"stage at" definitions of the register format, and the blockers of every goal
as of 2026-11-23.
"""
import datetime as dt
import json
import os
import re
import sys

RANK = {
    "proposal": 0,
    "general_approach": 1,
    "libe_vote": 1,
    "trilogue": 2,
    "political_agreement": 3,
    "adoption": 4,
    "entry_into_force": 5,
    "application": 6,
}
TERMINAL = {"withdrawn", "lapsed", "rejected"}
MANDATES = {"general_approach", "libe_vote"}

TOP_FIELDS = {"version", "files", "goals"}
FILE_FIELDS = {"id", "title", "procedure", "proposal", "act", "committee", "events", "requires", "related"}
EVENT_FIELDS = {"date", "stage", "source", "note", "committee"}
GOAL_FIELDS = {"id", "title", "deadline", "requires"}
REQ_FIELDS = {"file", "stage"}

ID_RE = re.compile(r"^[a-z0-9-]+$")
DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")

DATES = ["2017-06-28", "2017-07-27", "2018-01-24", "2020-12-31", "2026-11-23"]
AS_OF = "2026-11-23"


# ---------------------------------------------------------------- semantics

def reached(events, stage, day):
    """True when a file with these events has reached `stage` by `day` (register-format.md)."""
    want = RANK[stage]
    floor = 2 if stage in MANDATES else want + 1
    for e in events:
        s = e.get("stage")
        if s is None or s in TERMINAL or e["date"] > day:
            continue
        if s == stage or RANK[s] >= floor:
            return True
    return False


def stage_at(events, day):
    """Stage of a file at `day`: a terminal event wins; otherwise the highest-ranked
    stage reached, and between the two mandates (nothing of rank >= 2) the later one."""
    known = [e for e in events if e.get("stage") is not None and e["date"] <= day]
    for e in known:
        if e["stage"] in TERMINAL:
            return e["stage"]
    best = None
    for e in known:
        key = (RANK[e["stage"]], e["date"])
        if best is None or key > best[0]:
            best = (key, e["stage"])
    return None if best is None else best[1]


def requirement(item):
    """(file id, stage) for a `requires` item."""
    if isinstance(item, str):
        return item, "entry_into_force"
    return item["file"], item["stage"]


def blockers(reg, target, as_of, by=None):
    """Blockers of a goal (or file) by its deadline (or `by`), as of a date."""
    files = {f["id"]: f for f in reg["files"]}
    goals = {g["id"]: g for g in reg.get("goals", [])}
    node_reqs = {i: [requirement(r) for r in n.get("requires", [])] for i, n in list(files.items()) + list(goals.items())}
    deadline = by or goals[target]["deadline"]
    cutoff = min(as_of, deadline)
    need = {}
    path = {target: [target]}
    if target in files:
        need[target] = "entry_into_force"
    queue = [target]
    while queue:  # breadth first, so `path` is a shortest path
        u = queue.pop(0)
        for v, st in node_reqs.get(u, []):
            if v not in need or RANK[st] > RANK[need[v]]:
                need[v] = st
            if v not in path:
                path[v] = path[u] + [v]
                queue.append(v)
    out = []
    for fid in sorted(need):
        evs = files[fid].get("events", [])
        if not reached(evs, need[fid], cutoff):
            out.append({"file": fid, "required": need[fid], "stage": stage_at(evs, cutoff), "path": path[fid]})
    return deadline, out


# ---------------------------------------------------------------- validation

def valid_date(s):
    if not isinstance(s, str) or not DATE_RE.match(s):
        return False
    try:
        dt.date.fromisoformat(s)
    except ValueError:
        return False
    return True


def check(reg):
    errs = []

    def unknown(obj, allowed, where):
        for k in obj:
            if k not in allowed:
                errs.append(f"{where}: unknown field `{k}`")

    def string(obj, key, where, required=False, nonempty=False):
        if key not in obj:
            if required:
                errs.append(f"{where}: missing required field `{key}`")
            return
        v = obj[key]
        if not isinstance(v, str):
            errs.append(f"{where}: `{key}` must be a string")
        elif nonempty and not v.strip():
            errs.append(f"{where}: `{key}` must not be empty")

    if not isinstance(reg, dict):
        return ["top level: expected an object"]
    unknown(reg, TOP_FIELDS, "top level")
    if "version" in reg and reg["version"] != 1:
        errs.append(f"top level: unsupported version {reg['version']!r} (supported: 1)")
    files = reg.get("files")
    goals = reg.get("goals", [])
    if not isinstance(files, list):
        return errs + ["top level: `files` must be a list"]
    if not isinstance(goals, list):
        return errs + ["top level: `goals` must be a list"]

    ids = {}
    file_ids = set()
    for kind, items in (("file", files), ("goal", goals)):
        for n, obj in enumerate(items):
            where = f"{kind} #{n}"
            if not isinstance(obj, dict):
                errs.append(f"{where}: expected an object")
                continue
            i = obj.get("id")
            if not isinstance(i, str) or not ID_RE.match(i):
                errs.append(f"{where}: bad id {i!r} (lowercase ASCII letters, digits and '-')")
                continue
            if i in ids:
                errs.append(f"{kind} `{i}`: duplicate id (also a {ids[i]})")
            ids[i] = kind
            if kind == "file":
                file_ids.add(i)

    def check_requires(obj, where):
        reqs = obj.get("requires", [])
        if not isinstance(reqs, list):
            errs.append(f"{where}: `requires` must be a list")
            return
        for r in reqs:
            if isinstance(r, str):
                target = r
            elif isinstance(r, dict):
                unknown(r, REQ_FIELDS, f"{where}: requires item")
                target = r.get("file")
                st = r.get("stage")
                if st not in RANK:
                    errs.append(f"{where}: requires item {r!r} has an unknown or terminal stage")
            else:
                errs.append(f"{where}: bad requires item {r!r}")
                continue
            if target not in file_ids:
                errs.append(f"{where}: requires `{target}`, which is not a file in the register")

    for obj in files:
        if not isinstance(obj, dict) or not isinstance(obj.get("id"), str):
            continue
        where = f"file `{obj['id']}`"
        unknown(obj, FILE_FIELDS, where)
        string(obj, "title", where, required=True, nonempty=True)
        for k in ("procedure", "proposal", "act", "committee"):
            string(obj, k, where)
        events = obj.get("events", [])
        if not isinstance(events, list):
            errs.append(f"{where}: `events` must be a list")
            events = []
        prev = None
        for n, e in enumerate(events):
            ew = f"{where} event #{n}"
            if not isinstance(e, dict):
                errs.append(f"{ew}: expected an object")
                continue
            unknown(e, EVENT_FIELDS, ew)
            if not valid_date(e.get("date")):
                errs.append(f"{ew}: bad or missing date {e.get('date')!r}")
                continue
            if "stage" in e and e["stage"] not in RANK and e["stage"] not in TERMINAL:
                errs.append(f"{ew}: unknown stage {e['stage']!r}")
            string(e, "source", ew, required=True, nonempty=True)
            for k in ("note", "committee"):
                string(e, k, ew)
            if prev is not None and e["date"] < prev:
                errs.append(f"{ew}: dated {e['date']}, before the previous event ({prev})")
            prev = e["date"]
        check_requires(obj, where)
        related = obj.get("related", [])
        if not isinstance(related, list):
            errs.append(f"{where}: `related` must be a list")
        else:
            for r in related:
                if r not in ids:
                    errs.append(f"{where}: related `{r}` does not exist")

    for obj in goals:
        if not isinstance(obj, dict) or not isinstance(obj.get("id"), str):
            continue
        where = f"goal `{obj['id']}`"
        unknown(obj, GOAL_FIELDS, where)
        string(obj, "title", where, required=True, nonempty=True)
        if not valid_date(obj.get("deadline")):
            errs.append(f"{where}: bad or missing deadline {obj.get('deadline')!r}")
        check_requires(obj, where)

    if not errs:
        cycle = find_cycle(files + goals)
        if cycle:
            errs.append("requires cycle: " + " -> ".join(cycle))
    return errs


def find_cycle(nodes):
    """The first cycle of the requires relation, as a closed list of ids, or None."""
    graph = {n["id"]: [requirement(r)[0] for r in n.get("requires", [])] for n in nodes}
    colour = {}
    stack = []

    def visit(u):
        colour[u] = "grey"
        stack.append(u)
        for v in graph.get(u, []):
            if colour.get(v) == "grey":
                return stack[stack.index(v):] + [v]
            if v not in colour:
                found = visit(v)
                if found:
                    return found
        stack.pop()
        colour[u] = "black"
        return None

    for n in graph:
        if n not in colour:
            found = visit(n)
            if found:
                return found
    return None


# ---------------------------------------------------------------- dataset expectations

def expectations(reg):
    """Facts the Security Union register must reproduce (src/data/README.md). Skipped
    for registers that do not contain these files."""
    files = {f["id"]: f.get("events", []) for f in reg["files"]}
    needed = {"ees", "etias", "sis-return", "sis-border", "sis-police", "eurodac-recast", "vis-revision"}
    if not needed <= set(files):
        return []
    errs = []

    def expect(fid, day, stage):
        got = stage_at(files[fid], day)
        if got != stage:
            errs.append(f"expected `{fid}` at {day} to be {stage}, got {got}")

    expect("ees", "2017-06-28", "trilogue")
    expect("etias", "2017-06-28", "general_approach")
    if reached(files["etias"], "libe_vote", "2017-06-28"):
        errs.append("expected `etias` to have no libe_vote by 2017-06-28")
    expect("ees", "2018-01-24", "entry_into_force")
    for fid in ("etias", "sis-return", "sis-border", "sis-police"):
        expect(fid, "2018-01-24", "trilogue")

    goals = {g["id"]: g for g in reg.get("goals", [])}
    goal = goals.get("interoperability-2020")
    if goal:
        deadline, out = blockers(reg, goal["id"], AS_OF)
        got = sorted(b["file"] for b in out)
        closure = closure_of(reg, goal["id"])
        late = sorted(
            fid for fid in closure
            if not reached(files[fid], "entry_into_force", deadline)
        )
        if got != late:
            errs.append(f"legal blockers {got} differ from the closure files not in force by {deadline}: {late}")
    return errs


def closure_of(reg, target):
    nodes = {n["id"]: n for n in reg["files"] + reg.get("goals", [])}
    seen, todo = set(), [target]
    while todo:
        u = todo.pop()
        for r in nodes[u].get("requires", []):
            v = requirement(r)[0]
            if v not in seen:
                seen.add(v)
                todo.append(v)
    return seen


# ---------------------------------------------------------------- main

def main(argv):
    here = os.path.dirname(os.path.abspath(__file__))
    path = argv[1] if len(argv) > 1 else os.path.join(here, "..", "src", "data", "security_union.json")
    try:
        with open(path, encoding="utf-8") as fh:
            reg = json.load(fh)
    except (OSError, ValueError) as exc:
        print(f"error: cannot read {path}: {exc}", file=sys.stderr)
        return 1
    errs = check(reg)
    if errs:
        for e in errs:
            print(f"error: {e}", file=sys.stderr)
        return 1
    errs = expectations(reg)
    if errs:
        for e in errs:
            print(f"error: {e}", file=sys.stderr)
        return 1
    nev = sum(len(f.get("events", [])) for f in reg["files"])
    print(f"ok: {len(reg['files'])} files, {nev} events, {len(reg.get('goals', []))} goals, requires acyclic")
    print()

    width = max(len(f["id"]) for f in reg["files"])
    cols = [max(len(d), 19) for d in DATES]
    print(("stage at".ljust(width) + "  " + "  ".join(d.ljust(c) for d, c in zip(DATES, cols))).rstrip())
    for f in reg["files"]:
        row = [str(stage_at(f.get("events", []), d) or "-") for d in DATES]
        print(f["id"].ljust(width) + "  " + "  ".join(s.ljust(c) for s, c in zip(row, cols)).rstrip())

    for goal in reg.get("goals", []):
        deadline, out = blockers(reg, goal["id"], AS_OF)
        print()
        print(f"blockers of {goal['id']} by {deadline}, as of {AS_OF}: {len(out)}")
        for b in out:
            print(f"  {b['file']}: requires {b['required']}, stage at cutoff {b['stage']}"
                  f" (path {' -> '.join(b['path'])})")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
