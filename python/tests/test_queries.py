"""The questions, with keyword arguments and dates, and their answers as
Python objects; each answer's to_dict() is the command line's JSON."""

from datetime import date

import pytest

from conftest import SEED_DAY, document

#: The files blocking interoperability of EU information systems by 2020 on
#: the day of the 13th Security Union report (24 January 2018).
SEED_BLOCKERS = [
    "ecris-tcn-reg",
    "etias",
    "eu-lisa",
    "eurodac-recast",
    "interop-borders-visa",
    "interop-police-asylum",
    "sis-border",
    "sis-police",
    "vis-revision",
]


def test_seed_question_nine_blockers_by_name(register):
    answer = register.blockers("interoperability-2020", as_of=date(2018, 1, 24), by=None)
    assert len(answer) == 9
    assert [b.file for b in answer] == SEED_BLOCKERS
    etias = next(b for b in answer if b.file == "etias")
    assert etias.stage == "trilogue"
    assert etias.required == "entry_into_force"
    assert etias.path == ["interoperability-2020", "interop-borders-visa", "etias"]
    assert etias.via == "interop-borders-visa"
    assert etias.depth == 2
    assert etias.since == date(2017, 12, 12)
    assert answer.target == "interoperability-2020"
    assert answer.deadline == date(2020, 12, 31)
    assert answer.as_of == SEED_DAY
    assert not answer.deadline_passed
    assert answer[-1].file == answer.blockers[-1].file == "vis-revision"
    assert answer[-1].stage is None  # not yet proposed on that day


def test_iso_strings_are_dates(register):
    by_date = register.blockers("interoperability-2020", as_of=date(2018, 1, 24))
    by_text = register.blockers("interoperability-2020", as_of="2018-01-24")
    assert by_date.to_dict() == by_text.to_dict()


def test_blockers_with_a_deadline_for_a_file(register, cli):
    answer = register.blockers("etias", as_of=SEED_DAY, by=date(2018, 6, 30))
    assert answer.deadline == date(2018, 6, 30)
    assert answer.to_dict() == document(
        cli("blockers", "etias", "--by", "2018-06-30", "--as-of", "2018-01-24")
    )


def test_blockers_equal_the_command_line(register, cli):
    answer = register.blockers("interoperability-2020", as_of=SEED_DAY)
    out = cli("blockers", "interoperability-2020", "--as-of", "2018-01-24")
    assert answer.to_dict() == document(out)
    assert answer.to_json() + "\n" == out
    assert answer.to_records() == document(out)["blockers"]
    assert answer[0].to_dict() == document(out)["blockers"][0]


def test_blockers_with_chances(register, cli):
    answer = register.blockers(
        "interoperability-2020", as_of=SEED_DAY, chances=True, seed=11, simulations=400
    )
    assert 0.0 <= answer.p_on_time <= 1.0
    assert all(b.p_by_deadline is None or 0.0 <= b.p_by_deadline <= 1.0 for b in answer)
    assert any(b.p_by_deadline is not None for b in answer)
    out = cli(
        "blockers", "interoperability-2020", "--as-of", "2018-01-24", "--chances",
        "--seed", "11", "--simulations", "400",
    )
    assert answer.to_dict() == document(out)
    plain = register.blockers("interoperability-2020", as_of=SEED_DAY)
    assert plain.p_on_time is None and all(b.p_by_deadline is None for b in plain)


def test_status(register, cli):
    answer = register.status(as_of=date(2017, 6, 28))
    rows = {s.id: s for s in answer}
    assert rows["ees"].stage == "trilogue"
    assert isinstance(rows["ees"].since, date)
    assert len(answer) == len(register)
    assert answer.as_of == date(2017, 6, 28)
    out = cli("status", "--as-of", "2017-06-28")
    assert answer.to_dict() == document(out)
    assert answer.to_json() + "\n" == out
    assert answer.to_records() == document(out)["files"]


def test_status_of_some_files(register, cli):
    answer = register.status(["etias", "ees"], as_of=SEED_DAY)
    assert [s.id for s in answer] == ["etias", "ees"]
    assert answer.to_dict() == document(cli("status", "etias", "ees", "--as-of", "2018-01-24"))


def test_waiting(register, cli):
    answer = register.waiting("etias", as_of=SEED_DAY)
    assert answer.file == "etias"
    assert answer.stage == "trilogue"
    assert "political_agreement" in [n.stage for n in answer.next]
    assert all(n.rule and n.condition for n in answer.next)
    assert answer.to_dict() == document(cli("waiting", "etias", "--as-of", "2018-01-24"))


def test_waiting_for_prerequisites(register):
    answer = register.waiting("interop-borders-visa", as_of=SEED_DAY)
    missing = {m.file for m in answer.missing}
    assert {"etias", "eu-lisa"} <= missing
    assert all(m.path[0] == "interop-borders-visa" for m in answer.missing)


def test_impact(register, cli):
    answer = register.impact("eu-lisa", as_of=SEED_DAY)
    goals = {g.goal: g for g in answer}
    assert "interoperability-2020" in goals
    hit = goals["interoperability-2020"]
    assert hit.blocking is True
    assert hit.deadline == date(2020, 12, 31)
    assert hit.path[0] == "interoperability-2020" and hit.path[-1] == "eu-lisa"
    assert answer.to_dict() == document(cli("impact", "eu-lisa", "--as-of", "2018-01-24"))


def test_critical_path(register, cli):
    answer = register.critical_path("interoperability-2020", as_of=SEED_DAY)
    assert answer.target == "interoperability-2020"
    assert answer.chain[0].file in {b for b in SEED_BLOCKERS}
    assert answer.steps >= len(answer)
    assert [s.file for s in answer] == [s.file for s in answer.chain]
    out = cli("critical-path", "interoperability-2020", "--as-of", "2018-01-24")
    assert answer.to_dict() == document(out)
    assert answer.to_records() == document(out)["chain"]


def test_changes(register, cli):
    answer = register.changes(
        since=date(2017, 7, 27), as_of=SEED_DAY, target="interoperability-2020"
    )
    assert answer.since == date(2017, 7, 27) and answer.as_of == SEED_DAY
    moved = {m.file: m for m in answer.moved}
    assert moved["ees"].to_stage == "entry_into_force"
    assert all(isinstance(e.date, date) for m in answer.moved for e in m.events)
    target = answer.target
    assert target.target == "interoperability-2020"
    assert target.before.state == "open" and target.after.state == "open"
    assert set(target.after.blockers) == set(SEED_BLOCKERS)
    out = cli(
        "changes",
        "interoperability-2020",
        "--since",
        "2017-07-27",
        "--as-of",
        "2018-01-24",
    )
    assert answer.to_dict() == document(out)


def test_changes_without_forecast(register, cli):
    answer = register.changes(
        since="2017-07-27", as_of=SEED_DAY, target="interoperability-2020", forecast=False
    )
    assert answer.target.p_on_time is None
    out = cli(
        "changes", "interoperability-2020", "--since", "2017-07-27", "--as-of", "2018-01-24",
        "--no-forecast",
    )
    assert answer.to_dict() == document(out)
    assert answer.to_json() + "\n" == out


def test_changes_forecast_is_seeded(register, cli):
    answer = register.changes(
        since="2017-07-27", as_of=SEED_DAY, target="interoperability-2020", seed=5, simulations=300
    )
    before, after = answer.target.p_on_time
    assert 0.0 <= before <= 1.0 and 0.0 <= after <= 1.0
    out = cli(
        "changes", "interoperability-2020", "--since", "2017-07-27", "--as-of", "2018-01-24",
        "--seed", "5", "--simulations", "300",
    )
    assert answer.to_dict() == document(out)


def test_changes_without_target(register, cli):
    answer = register.changes(since="2017-07-27", as_of="2018-01-24")
    assert answer.target is None
    assert answer.to_dict() == document(
        cli("changes", "--since", "2017-07-27", "--as-of", "2018-01-24")
    )


def test_forecast_of_a_goal(register, cli):
    answer = register.forecast(
        "interoperability-2020", as_of=SEED_DAY, seed=7, simulations=500
    )
    (goal,) = answer.goals
    assert goal.target == "interoperability-2020"
    assert 0.0 <= goal.p_on_time <= 1.0
    assert {r.file for r in goal.blockers} == set(SEED_BLOCKERS)
    out = cli(
        "forecast",
        "interoperability-2020",
        "--as-of",
        "2018-01-24",
        "--seed",
        "7",
        "--simulations",
        "500",
    )
    assert answer.to_dict() == document(out)


def test_forecast_of_a_file_has_bands(register, cli):
    answer = register.forecast("etias", as_of=SEED_DAY, seed=7, simulations=500)
    (etias,) = answer.files
    assert etias.id == "etias" and etias.stage == "trilogue"
    bands = {b.stage: b for b in etias.bands}
    adoption = bands["adoption"]
    assert SEED_DAY <= adoption.p10 <= adoption.p50 <= adoption.p90
    assert 0.0 <= adoption.p_never <= 1.0
    records = answer.to_records()
    assert {"file", "stage", "p10", "p50", "p90"} <= set(records[0])
    assert answer.to_dict() == document(
        cli("forecast", "etias", "--as-of", "2018-01-24", "--seed", "7", "--simulations", "500")
    )


def test_a_band_may_say_never(register, cli):
    # As of the 13th Security Union report the ECRIS directive, proposed
    # two years before, may still end without an act: more than one in ten
    # simulations never reach its adoption, so the band has no 90th
    # percentile (None here, null in the command line's JSON).
    answer = register.forecast("ecris-dir", as_of=SEED_DAY, seed=7, simulations=500)
    (ecris,) = answer.files
    assert ecris.p_no_act > 0.1
    adoption = {b.stage: b for b in ecris.bands}["adoption"]
    assert adoption.p90 is None and adoption.p_never > 0.1
    assert SEED_DAY <= adoption.p10 <= adoption.p50
    out = cli("forecast", "ecris-dir", "--as-of", "2018-01-24", "--seed", "7", "--simulations", "500")
    assert document(out)["files"][0]["forecast"]["adoption"]["p90"] is None
    assert answer.to_dict() == document(out)


def test_forecast_is_seeded(register):
    one = register.forecast("etias", as_of=SEED_DAY, seed=3, simulations=300)
    two = register.forecast("etias", as_of=SEED_DAY, seed=3, simulations=300)
    assert one.to_dict() == two.to_dict()


def test_forecast_of_everything(register):
    answer = register.forecast(as_of=SEED_DAY, seed=1, simulations=200)
    assert {f.id for f in answer.files} == {f.id for f in register}
    assert {g.target for g in answer.goals} == {g.id for g in register.goals}


def test_backtest(register, cli):
    answer = register.backtest(as_of=date(2017, 1, 1), seed=7, simulations=300)
    assert answer.as_of == date(2017, 1, 1)
    assert answer.comparisons
    first = answer.comparisons[0]
    assert isinstance(first.actual, date)
    assert first.p90 is None or first.p10 <= first.p90
    out = cli("backtest", "--as-of", "2017-01-01", "--seed", "7", "--simulations", "300")
    assert answer.to_dict() == document(out)
    assert answer.to_records() == document(out)["comparisons"]


def test_forecast_counts_are_not_negative(register):
    with pytest.raises(OverflowError):
        register.forecast("etias", as_of=SEED_DAY, simulations=-1)
    with pytest.raises(OverflowError):
        register.forecast("etias", as_of=SEED_DAY, seed=-1)
    # The library runs at least one simulation.
    assert register.forecast("etias", as_of=SEED_DAY, simulations=0).simulations == 1
