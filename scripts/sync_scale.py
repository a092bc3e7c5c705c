#!/usr/bin/env python3
"""How `codecision sync` scales: a local HTTP server on 127.0.0.1 answers as
the EP Open Data API v2 would, with synthetic answers of a given size, and
the binary is timed on three cases:

  feed        a register synced before, whose feed names N procedures
              (de-duplicating the feed, keeping what the register has)
  activities  one procedure with N activities merged into a register that
              has a few of them (merging events)
  register    a register of N files, each with a procedure; the feed says
              nothing changed (building the list of procedures to ask for)

    scripts/sync_scale.py BINARY CASE N [RUNS] [--dry-run]

Prints the best and median wall time and CPU time (user + system, which
a loaded machine inflates less) of RUNS runs (default 3) and checks the
binary exited 0. The register is written to another file (--output);
with --dry-run nothing is written (and no text is made). Data and the server stay on this machine; nothing else
is reached.
"""

import http.server
import resource
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time


def procedure(pid, activities):
    label = pid.replace("-", "/") + "(COD)"
    return {
        "type": "Process",
        "label": label,
        "process_id": pid,
        "consists_of": activities,
    }


def activities(n):
    """n activities of a type the importer maps to an event of its own
    (committee tabling of amendments: informational), on distinct ids and
    spread over dates."""
    out = []
    for i in range(n):
        day = 1 + i % 28
        month = 1 + (i // 28) % 12
        year = 2000 + (i // 336) % 26
        out.append({
            "activity_id": f"X-AM-{i}-DEPOT",
            "activity_date": f"{year:04d}-{month:02d}-{day:02d}",
            "had_activity_type": "def/ep-activities/COMMITTEE_TABLING_AMENDMENT",
        })
    return out


def case(name, n, tmp):
    """The register text and the answers (path prefix -> bytes)."""
    answers = {}
    if name == "feed":
        register = {"version": 1, "synced": "2026-01-01", "files": [
            {"id": "eurodac", "title": "Eurodac", "procedure": "2016/0132(COD)"}]}
        ids = [f"{2000 + i // 10000:04d}-{i % 10000:04d}" for i in range(n)]
        feed = {"data": [{"id": f"eli/dl/proc/{p}", "process_id": p} for p in ids]
                + [{"process_id": "2016-0132"}]}
        answers["/api/v2/procedures/feed"] = json.dumps(feed).encode()
        answers["/api/v2/procedures/2016-0132"] = json.dumps(
            {"data": [procedure("2016-0132", activities(3))]}).encode()
    elif name == "activities":
        register = {"version": 1, "files": [
            {"id": "eurodac", "title": "Eurodac", "procedure": "2016/0132(COD)",
             "events": [{"date": "2001-01-01", "stage": "proposal", "source": "COM"}]}]}
        answers["/api/v2/procedures/2016-0132"] = json.dumps(
            {"data": [procedure("2016-0132", activities(n))]}).encode()
    elif name == "register":
        files = [{"id": f"f{i}", "title": f"File {i}",
                  "procedure": f"{2000 + i // 10000:04d}/{i % 10000:04d}(COD)"}
                 for i in range(n)]
        register = {"version": 1, "synced": "2026-01-01", "files": files}
        answers["/api/v2/procedures/feed"] = b'{"data": []}'
    else:
        sys.exit(f"unknown case {name}: feed, activities or register")
    path = os.path.join(tmp, "register.json")
    with open(path, "w") as f:
        json.dump(register, f)
    return path, answers


def serve(answers):
    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            path = self.path.split("?")[0]
            body = answers.get(path)
            if body is None:
                self.send_response(404)
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            self.send_response(200)
            self.send_header("Content-Type", "application/ld+json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def main():
    args = [a for a in sys.argv[1:] if a != "--dry-run"]
    dry = len(args) < len(sys.argv) - 1
    if len(args) < 3:
        sys.exit(__doc__)
    binary, name, n = args[0], args[1], int(args[2])
    runs = int(args[3]) if len(args) > 3 else 3
    tmp = tempfile.mkdtemp(prefix="sync-scale-")
    try:
        path, answers = case(name, n, tmp)
        server = serve(answers)
        api = f"http://127.0.0.1:{server.server_address[1]}/api/v2"
        out = os.path.join(tmp, "out.json")
        times = []
        cpu = []
        for _ in range(runs):
            before = resource.getrusage(resource.RUSAGE_CHILDREN)
            start = time.perf_counter()
            run = subprocess.run(
                [binary, "--register", path, "sync", "--api", api, "--output", out,
                 "--timeout", "600", "--retries", "0"] + (["--dry-run"] if dry else []),
                env=dict(os.environ, CODECISION_TODAY="2026-12-01"),
                stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                stderr=subprocess.PIPE)
            times.append(time.perf_counter() - start)
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
            cpu.append(after.ru_utime - before.ru_utime
                       + after.ru_stime - before.ru_stime)
            if run.returncode != 0:
                sys.exit(f"exit {run.returncode}: {run.stderr.decode()[-2000:]}")
        server.shutdown()
        print(f"{name} {n}{' --dry-run' if dry else ''}: best {min(times):.3f} s, median "
              f"{statistics.median(times):.3f} s; CPU (user + system) best "
              f"{min(cpu):.3f} s, median {statistics.median(cpu):.3f} s ({runs} runs)")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
