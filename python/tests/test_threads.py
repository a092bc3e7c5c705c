"""Heavy calls release the GIL: Python threads run while the engine works,
and answers can be asked for from several threads at once."""

import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import pytest

import codecision
from conftest import REPOSITORY


@pytest.fixture(scope="module")
def big_register_text(tmp_path_factory):
    """A synthetic register of 20,000 files (tests/reference/gen_register.py)."""
    generator = REPOSITORY / "tests" / "reference" / "gen_register.py"
    done = subprocess.run(
        [sys.executable, str(generator), "20000", "--seed", "7"],
        capture_output=True,
        text=True,
        check=True,
    )
    return done.stdout


def test_python_runs_while_a_register_is_read(big_register_text):
    # Time one read alone, then read again while this thread ticks: with the
    # GIL held for the whole read the ticks would stop for as long as it takes.
    start = time.perf_counter()
    codecision.Register.from_json(big_register_text)
    alone = time.perf_counter() - start

    done = threading.Event()
    ticks = []

    def read():
        try:
            codecision.Register.from_json(big_register_text)
        finally:
            done.set()

    worker = threading.Thread(target=read)
    worker.start()
    while not done.is_set():
        ticks.append(time.perf_counter())
        time.sleep(0.001)
    worker.join()
    gaps = [b - a for a, b in zip(ticks, ticks[1:])]
    assert len(ticks) >= 3, f"read took {alone:.3f} s alone; {len(ticks)} ticks"
    assert max(gaps) < max(alone / 2, 0.05), (max(gaps), alone)


def test_queries_from_several_threads_agree():
    register = codecision.Register.security_union()

    def ask(day):
        return register.blockers("interoperability-2020", as_of=day).to_dict()

    days = ["2017-06-29", "2017-07-27", "2018-01-24", "2019-06-01"] * 4
    with ThreadPoolExecutor(max_workers=4) as pool:
        answers = list(pool.map(ask, days))
    assert answers == [ask(d) for d in days]
