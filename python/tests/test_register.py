"""Reading, writing and walking a register."""

import json
from datetime import date

import pytest

import codecision


def test_security_union_holds_files_and_goals(register):
    assert len(register) == len(register.files) > 10
    assert [f.id for f in register] == [f.id for f in register.files]
    goals = {g.id for g in register.goals}
    assert "interoperability-2020" in goals
    assert "etias" in register and "interoperability-2020" in register
    assert "no-such-file" not in register


def test_getitem_gives_files_and_goals(register):
    etias = register["etias"]
    assert isinstance(etias, codecision.File)
    assert etias.id == "etias"
    assert etias.title
    assert etias.procedure == "2016/0357A(COD)"
    first = etias.events[0]
    assert first.stage == "proposal" and isinstance(first.date, date)
    assert any(e.source for e in etias.events)
    assert etias.stage_at(date(2018, 1, 24)) == ("trilogue", date(2017, 12, 12))
    assert etias.stage_at("2018-01-24") == etias.stage_at(date(2018, 1, 24))
    assert etias.stage_at(date(2000, 1, 1)) is None
    goal = register["interoperability-2020"]
    assert isinstance(goal, codecision.Goal)
    assert goal.deadline == date(2020, 12, 31)
    assert {r.file for r in goal.requires} >= {"interop-borders-visa", "interop-police-asylum"}
    assert all(r.stage == "entry_into_force" for r in goal.requires)
    assert goal.to_dict()["deadline"] == "2020-12-31"


def test_unknown_id_is_a_key_error_with_a_suggestion(register):
    with pytest.raises(KeyError, match="did you mean `etias`"):
        register["etais"]


def test_load_save_load_round_trip(register, tmp_path):
    first = tmp_path / "a.json"
    register.save(first)
    again = codecision.Register.load(first)
    assert again.to_json() == register.to_json()
    second = tmp_path / "b.json"
    again.save(str(second))
    assert second.read_bytes() == first.read_bytes()
    assert codecision.Register.load(second).to_json() == register.to_json()


def test_from_json_to_json_round_trip(register):
    text = register.to_json()
    again = codecision.Register.from_json(text)
    assert again.to_json() == text
    assert json.loads(text)["version"] == 1
    assert len(again) == len(register)


def test_save_replaces_a_file(register, tmp_path):
    path = tmp_path / "register.json"
    path.write_text("old")
    register.save(path)
    assert codecision.Register.load(path).to_json() == register.to_json()


def test_load_missing_file_is_file_not_found(tmp_path):
    with pytest.raises(FileNotFoundError, match="missing.json"):
        codecision.Register.load(tmp_path / "missing.json")


def test_load_limit(register_file):
    with pytest.raises(codecision.RegisterError, match="larger than the limit of 100 bytes"):
        codecision.Register.load(register_file, max_bytes=100)
