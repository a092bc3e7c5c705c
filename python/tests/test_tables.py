"""Tables as records and pandas DataFrames; Jupyter's HTML."""

import builtins
import sys
from datetime import date

import pytest

from conftest import SEED_DAY


def test_blockers_to_pandas(register):
    import pandas

    answer = register.blockers("interoperability-2020", as_of=SEED_DAY)
    frame = answer.to_pandas()
    assert isinstance(frame, pandas.DataFrame)
    assert list(frame["file"]) == [b.file for b in answer]
    assert list(frame.columns[:4]) == ["file", "required", "stage", "path"]
    assert frame.loc[frame["file"] == "etias", "stage"].item() == "trilogue"


def test_status_to_pandas_has_dates(register):
    import pandas

    frame = register.status(as_of=SEED_DAY).to_pandas()
    assert len(frame) == len(register)
    assert pandas.api.types.is_datetime64_any_dtype(frame["since"])
    etias = frame.set_index("id").loc["etias"]
    assert etias["since"].date() == date(2017, 12, 12)


def test_other_tables_to_pandas(register):
    import pandas

    frames = [
        register.impact("eu-lisa", as_of=SEED_DAY).to_pandas(),
        register.critical_path("interoperability-2020", as_of=SEED_DAY).to_pandas(),
        register.changes(since="2017-07-27", as_of=SEED_DAY).to_pandas(),
        register.forecast("etias", as_of=SEED_DAY, simulations=200).to_pandas(),
        register.backtest(as_of="2017-01-01", simulations=200).to_pandas(),
    ]
    for frame in frames:
        assert isinstance(frame, pandas.DataFrame) and len(frame) > 0


def test_to_pandas_without_pandas_names_pandas(register, monkeypatch):
    monkeypatch.setitem(sys.modules, "pandas", None)  # `import pandas` now fails
    answer = register.blockers("interoperability-2020", as_of=SEED_DAY)
    with pytest.raises(ImportError, match="pandas"):
        answer.to_pandas()
    # Everything else works without it.
    assert len(answer.to_records()) == 9


def test_answers_show_themselves_in_jupyter(register):
    answer = register.blockers("interoperability-2020", as_of=SEED_DAY)
    html = answer._repr_html_()
    assert "<table>" in html and "etias" in html and "interop-borders-visa" in html
    for other in (
        register.status(as_of=SEED_DAY),
        register.waiting("etias", as_of=SEED_DAY),
        register.impact("eu-lisa", as_of=SEED_DAY),
        register.critical_path("interoperability-2020", as_of=SEED_DAY),
        register.changes(since="2017-07-27", as_of=SEED_DAY),
        register.forecast("etias", as_of=SEED_DAY, simulations=200),
    ):
        assert other._repr_html_().startswith("<div>")


def test_html_escapes_register_text():
    import codecision

    r = codecision.Register.from_json(
        '{"version": 1, "files": [{"id": "a", "title": "<script>x</script>"}],'
        ' "goals": [{"id": "g", "title": "G", "deadline": "2020-01-01", "requires": ["a"]}]}'
    )
    html = r.blockers("g", as_of="2019-01-01")._repr_html_()
    assert "<script>" not in html
