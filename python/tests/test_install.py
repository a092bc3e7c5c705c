"""The package is the one installed by pip, with its stubs, its markers and
its documentation."""

import doctest
import inspect
import os
from pathlib import Path

import codecision


def test_installed_package_is_imported():
    # Under CI the tests run against the package pip installed into a fresh
    # virtual environment (scripts/python_tests.sh), not the source tree.
    here = Path(codecision.__file__).resolve()
    if os.environ.get("CODECISION_INSTALLED"):
        assert "site-packages" in here.parts, here
    assert (here.parent / "py.typed").is_file()
    assert (here.parent / "_codecision.pyi").is_file()


def test_every_public_name_and_member_has_a_docstring():
    for name in codecision.__all__:
        item = getattr(codecision, name)
        assert inspect.getdoc(item), name
        if not isinstance(item, type) or issubclass(item, BaseException):
            continue
        for attribute, value in vars(item).items():
            if attribute.startswith("_"):
                continue
            assert getattr(value, "__doc__", None), f"{name}.{attribute}"


def test_stubs_name_every_public_class():
    stubs = (Path(codecision.__file__).parent / "_codecision.pyi").read_text()
    for name in codecision.__all__:
        if name in ("Html", "Svg"):
            continue
        assert f"class {name}" in stubs, name


def test_module_docstring_example_runs():
    failures, tried = doctest.testmod(codecision)
    assert tried > 0 and failures == 0
