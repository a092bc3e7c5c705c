"""Errors: the library's messages, as the exceptions Python expects; never
a panic."""

import json
from datetime import date, datetime

import pytest

import codecision

BAD = {
    "version": 1,
    "files": [
        {"id": "a", "title": "A", "events": [{"date": "2020-02-30", "stage": "proposal"}]},
        {"id": "b", "title": "B", "requires": ["c"]},
        {"id": "c", "title": "C", "requires": ["b"]},
        {"id": "d", "title": "D", "requires": ["nowhere"]},
    ],
}


def test_register_error_is_a_value_error_naming_each_problem():
    with pytest.raises(codecision.RegisterError) as caught:
        codecision.Register.from_json(json.dumps(BAD))
    error = caught.value
    assert isinstance(error, ValueError)
    message = str(error)
    assert message.startswith("invalid register: 3 problems")
    assert len(error.problems) == 3
    for problem in error.problems:
        assert problem in message
    assert any("file `a` (files[0]), event 0" in p and "2020-02-30" in p for p in error.problems)
    assert any("cycle" in p and "b" in p and "c" in p for p in error.problems)
    assert any("`nowhere`" in p for p in error.problems)


def test_json_syntax_error_names_line_and_column():
    with pytest.raises(codecision.RegisterError, match=r"line 2, column \d+") as caught:
        codecision.Register.from_json('{"version": 1,\n "files": [}')
    assert len(caught.value.problems) == 1


def test_load_error_names_the_file(tmp_path):
    path = tmp_path / "broken.json"
    path.write_text(json.dumps(BAD))
    with pytest.raises(codecision.RegisterError, match="broken.json|invalid register"):
        codecision.Register.load(path)


def test_unknown_id_is_a_key_error(register):
    for call in (
        lambda: register.blockers("nowhere", as_of="2018-01-24"),
        lambda: register.waiting("nowhere", as_of="2018-01-24"),
        lambda: register.impact("nowhere", as_of="2018-01-24"),
        lambda: register.critical_path("nowhere", as_of="2018-01-24"),
        lambda: register.status(["nowhere"], as_of="2018-01-24"),
        lambda: register.changes(since="2017-01-01", as_of="2018-01-24", target="nowhere"),
        lambda: register["nowhere"],
    ):
        with pytest.raises(KeyError, match="unknown id `nowhere`"):
            call()


@pytest.mark.parametrize("bad", ["2018-02-30", "2018-1-24", "24/01/2018", "", "2018-01-24x"])
def test_bad_date_is_a_value_error(register, bad):
    with pytest.raises(ValueError, match="as_of: bad date"):
        register.blockers("interoperability-2020", as_of=bad)


@pytest.mark.parametrize("bad", [20180124, 2018.0, ["2018-01-24"], object()])
def test_a_date_of_the_wrong_type_is_a_type_error(register, bad):
    with pytest.raises(TypeError, match="as_of: expected a datetime.date"):
        register.blockers("interoperability-2020", as_of=bad)


def test_a_datetime_is_its_date(register):
    a = register.blockers("interoperability-2020", as_of=datetime(2018, 1, 24, 23, 59))
    assert a.as_of == date(2018, 1, 24)


def test_a_file_needs_a_deadline(register):
    with pytest.raises(ValueError, match="is a file, not a goal"):
        register.blockers("etias", as_of="2018-01-24")


def test_a_window_that_ends_before_it_starts(register):
    with pytest.raises(ValueError, match="the window ends before it starts"):
        register.changes(since="2018-01-24", as_of="2017-01-01")


def test_not_a_file(register):
    with pytest.raises((KeyError, ValueError)):
        register.waiting("interoperability-2020", as_of="2018-01-24")


NASTY = [
    "",
    "null",
    "[]",
    "{}",
    '{"version": 2}',
    '{"version": 1, "files": null}',
    '{"version": 1, "files": [{"id": "a", "title": "A", "events": [{"date": "9999-12-31", "stage": "proposal"}]}]}',
    '{"version": 1, "files": [{"id": "a", "title": "\\ud800"}]}',
    '{"version": 1, "files": [{"id": "' + "a" * 100000 + '", "title": "A"}]}',
    '{"version": 1, "files": [' + ",".join(['{"id": "x", "title": "X"}'] * 3) + "]}",
    "\x00",
    '{"version": 1, "goals": [{"id": "g", "title": "G", "deadline": "0000-01-01"}]}',
]


@pytest.mark.parametrize("text", NASTY)
def test_bad_registers_raise_register_error_never_panic(text):
    try:
        codecision.Register.from_json(text)
    except codecision.RegisterError as e:
        assert str(e) and e.problems
    except BaseException as e:  # a PanicException is a BaseException
        pytest.fail(f"{type(e).__name__}: {e}")


EDGE_DATES = ["0001-01-01", "9999-12-31", "1970-01-01"]


@pytest.mark.parametrize("day", EDGE_DATES)
def test_edge_dates_answer_or_refuse_never_panic(register, day):
    calls = [
        lambda: register.blockers("interoperability-2020", as_of=day),
        lambda: register.blockers("etias", as_of=day, by=day),
        lambda: register.status(as_of=day),
        lambda: register.waiting("etias", as_of=day),
        lambda: register.impact("etias", as_of=day),
        lambda: register.critical_path("interoperability-2020", as_of=day),
        lambda: register.changes(since="0001-01-01", as_of=day, target="interoperability-2020"),
        lambda: register.forecast("interoperability-2020", as_of=day, simulations=50),
        lambda: register.timeline_svg("interoperability-2020", as_of=day),
        lambda: register.graph_svg(as_of=day),
        lambda: register.report_html("interoperability-2020", as_of=day, simulations=50),
    ]
    for call in calls:
        try:
            call()
        except (ValueError, KeyError):
            pass
        except BaseException as e:
            pytest.fail(f"{type(e).__name__}: {e}")


def test_empty_register_answers(tmp_path):
    empty = codecision.Register.from_json('{"version": 1, "files": []}')
    assert len(empty) == 0
    assert list(empty) == []
    assert len(empty.status(as_of="2018-01-24")) == 0
    assert empty.to_dot(as_of="2018-01-24").startswith("digraph")
    with pytest.raises(KeyError):
        empty.blockers("anything", as_of="2018-01-24")
