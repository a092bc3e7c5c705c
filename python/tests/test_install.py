"""The package is the one installed by pip, with its stubs and markers."""

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


def test_public_names_are_documented():
    for name in codecision.__all__:
        item = getattr(codecision, name)
        assert item.__doc__, name
        if isinstance(item, type) and not issubclass(item, BaseException):
            for attribute, value in vars(item).items():
                if not attribute.startswith("_") and callable(value) or isinstance(value, property):
                    assert getattr(value, "__doc__", None), f"{name}.{attribute}"
