#!/usr/bin/env python3
"""The library's module graph and its cycles.

Each file under src/ (the binary excepted) is a module; an edge A -> B is a
path A names into B: `use crate::b::...`, `crate::b::...` in code or docs
(comments and unit tests aside), `super::...`. Re-exports are followed to the module that defines the
name (`crate::Register` is register/mod.rs), so the edges are the
dependencies between files, not between facades. Prints every edge with
--edges, then the strongly connected components of more than one module
(the cycles); exits 1 when a cycle is not one of the two the design keeps:
error <-> stage <-> transition (the table names stages, refusals are
errors) and register/format <-> register/validate (reading checks as it
goes).

    scripts/module_cycles.py [--edges]
"""
import os
import re
import sys

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "src")
ALLOWED = [
    {"error", "stage", "transition"},
    {"register/format", "register/validate"},
]


def modules():
    out = {}
    for dirpath, _, files in os.walk(ROOT):
        rel = os.path.relpath(dirpath, ROOT)
        if rel.startswith("bin"):
            continue
        for f in files:
            if not f.endswith(".rs"):
                continue
            path = os.path.normpath(os.path.join(rel, f))
            name = path[:-3]
            if name.endswith("/mod"):
                name = name[:-4]
            if name == "lib":
                name = ""
            out[name] = os.path.join(ROOT, path)
    return out


def strip_tests(text):
    # Unit tests (`#[cfg(test)] mod tests { ... }`) and comments (doc links
    # included) are not the module's dependencies.
    at = text.find("#[cfg(test)]\nmod tests")
    text = text if at < 0 else text[:at]
    return "\n".join(l for l in text.split("\n") if not l.lstrip().startswith("//"))


def reexports(mods):
    """name -> module, for `pub use` at each module (one level of facade)."""
    table = {}
    for name, path in mods.items():
        text = open(path).read()
        for m in re.finditer(r"pub use ([\w:]+)::\{([^}]*)\};|pub use ([\w:]+)::(\w+);", text):
            base, items = (m.group(1), m.group(2)) if m.group(1) else (m.group(3), m.group(4))
            for item in re.split(r"[,\s]+", items):
                item = item.strip()
                if not item or item == "self":
                    continue
                item = item.split(" as ")[0]
                table[(name, item)] = (name, base)
    return table


def resolve(mods, here, segments):
    """The module a path (crate-relative segments) lands in."""
    best = None
    for i in range(len(segments), -1, -1):
        cand = "/".join(segments[:i])
        if cand in mods:
            best = cand
            rest = segments[i:]
            break
    return best, rest


def main():
    mods = modules()
    facades = reexports(mods)
    edges = set()
    for name, path in mods.items():
        text = strip_tests(open(path).read())
        paths = []
        for m in re.finditer(r"\bcrate::((?:\w+::)*\w+)", text):
            paths.append(m.group(1).split("::"))
        for m in re.finditer(r"\bsuper::((?:\w+::)*\w+)", text):
            parent = name.rsplit("/", 1)[0] if "/" in name else ""
            if os.path.basename(path) == "mod.rs":
                parent = name.rsplit("/", 1)[0] if "/" in name else ""
            segs = (parent.split("/") if parent else []) + m.group(1).split("::")
            paths.append(segs)
        for m in re.finditer(r"use crate::\{([^;]*)\};", text, re.S):
            for item in re.split(r",\s*(?![^{]*\})", m.group(1)):
                head = item.strip().split("::")
                if head and head[0]:
                    paths.append([h for h in head if h and not h.startswith("{")])
        for segs in paths:
            target, rest = resolve(mods, name, segs)
            if target is None:
                continue
            # Follow a re-export of the first remaining name.
            seen = 0
            while rest and (target, rest[0]) in facades and seen < 5:
                _, base = facades[(target, rest[0])]
                base_segs = [s for s in base.split("::") if s]
                if base_segs and base_segs[0] == "crate":
                    base_segs = base_segs[1:]
                elif base_segs and base_segs[0] == "super":
                    parent = target.rsplit("/", 1)[0] if "/" in target else ""
                    base_segs = (parent.split("/") if parent else []) + base_segs[1:]
                else:
                    base_segs = (target.split("/") if target else []) + base_segs
                target, more = resolve(mods, target, base_segs)
                rest = more + rest[1:] if target is not None else rest
                seen += 1
                if target is None:
                    break
            if target is None or target == name or target == "":
                continue
            edges.add((name, target))
    if "--edges" in sys.argv:
        for a, b in sorted(edges):
            print(f"{a or 'lib'} -> {b}")
    # Tarjan's strongly connected components.
    graph = {m: sorted(b for a, b in edges if a == m) for m in mods}
    index, low, stack, on, comps = {}, {}, [], set(), []
    counter = [0]

    def visit(v):
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on.add(v)
        for w in graph[v]:
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                comps.append(sorted(comp))

    sys.setrecursionlimit(10000)
    for m in sorted(mods):
        if m not in index:
            visit(m)
    bad = 0
    for comp in comps:
        ok = set(comp) in ALLOWED
        bad += not ok
        print(("kept:  " if ok else "CYCLE: ") + " <-> ".join(comp))
    print(f"{len(mods)} modules, {len(edges)} edges, {len(comps)} cycles, {bad} not allowed")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
