"""python/examples/analyst.py runs as an analyst would run it."""

import subprocess
import sys

from conftest import REPOSITORY


def test_analyst_example(tmp_path):
    example = REPOSITORY / "python" / "examples" / "analyst.py"
    done = subprocess.run(
        [sys.executable, str(example), "--out", str(tmp_path)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "9 files block interoperability-2020 by 2020-12-31" in done.stdout
    assert "chance that interoperability-2020 is met by 2020-12-31:" in done.stdout
    assert "vis-revision" in done.stdout
    page = (tmp_path / "report.html").read_text(encoding="utf-8")
    assert page.lstrip().startswith("<!DOCTYPE html>") and "etias" in page
    try:
        import matplotlib  # noqa: F401
    except ImportError:
        assert "matplotlib is not installed" in done.stdout
    else:
        assert (tmp_path / "forecast.png").stat().st_size > 10_000
