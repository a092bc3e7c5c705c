"""Shared fixtures: the embedded register, a small register file, and the
command line (to hold each answer's ``to_dict()`` equal to its
``--format json``)."""

import json
import os
import shutil
import subprocess
from datetime import date
from pathlib import Path

import pytest

import codecision

REPOSITORY = Path(__file__).resolve().parents[2]
SEED_DAY = date(2018, 1, 24)


def _binary():
    given = os.environ.get("CODECISION_BIN")
    if given:
        return given
    for profile in ("debug", "release"):
        for target in (os.environ.get("CARGO_TARGET_DIR"), REPOSITORY / "target"):
            if target and (Path(target) / profile / "codecision").is_file():
                return str(Path(target) / profile / "codecision")
    return shutil.which("codecision")


@pytest.fixture(scope="session")
def cli():
    """Runs the command line with ``--format json`` and returns its stdout
    as text. Fails (never skips) when the binary is missing: set
    CODECISION_BIN or run ``cargo build`` first."""
    binary = _binary()
    assert binary, "the codecision binary was not found: set CODECISION_BIN or run `cargo build`"

    def run(*args, register=None, format="json"):
        command = [binary, "--format", format]
        if register is not None:
            command += ["--register", str(register)]
        done = subprocess.run(
            command + [str(a) for a in args], capture_output=True, text=True, check=False
        )
        assert done.returncode == 0, done.stderr
        return done.stdout

    return run


@pytest.fixture(scope="session")
def register():
    return codecision.Register.security_union()


@pytest.fixture
def register_file(tmp_path, register):
    """The embedded register saved as a file."""
    path = tmp_path / "register.json"
    register.save(path)
    return path


def document(text):
    return json.loads(text)
