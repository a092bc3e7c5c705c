#!/usr/bin/env python3
"""Writes a synthetic EP Open Data Portal API v2 `/procedures` dump.

The dump is one response object, {"data": [PROCESS, ...], "@context": ...},
with N procedures shaped like the real 2016/0132(COD) response in
tests/fixtures/import/ep-api_2016-0132.json: the same keys and nesting, the
title in 24 languages, activities with the real id patterns
(`{proc}-DEC-ADCP-{date}`, `{COMM}-AM-{n}-DEPOT-{date}`, ...), long document
lists on plenary debates, participations and foreseen activities. Procedures
stop at a random point of the ordinary legislative procedure (some are still
in committee, some are published), a few carry an activity type the importer
does not know (about 1 in 200) or none (about 1 in 100), so that diagnostics
are exercised too. A real procedure is about 24 KB; so is an average one here.

Usage: scripts/gen_ep_dump.py N [OUTPUT] [--seed S]   (OUTPUT default: stdout)

Used by the import benchmark (benches/import.rs and the hyperfine/time runs
described in the import module's report).
"""
import argparse
import json
import random
import sys

LANGS = ["bg", "cs", "da", "de", "el", "en", "es", "et", "fi", "fr", "ga", "hr",
         "hu", "it", "lt", "lv", "mt", "nl", "pl", "pt", "ro", "sk", "sl", "sv"]
COMMITTEES = ["LIBE", "ITRE", "ECON", "ENVI", "IMCO", "TRAN", "JURI", "AFET", "AGRI", "EMPL", "BUDG", "CONT"]
GROUPS = ["PPE", "S-D", "RENEW", "VERTS-ALE", "ECR", "ID", "GUE-NGL"]
WORDS = ("regulation directive establishment system comparison data protection "
         "european union member states authorities application framework common "
         "rules procedure asylum border security information exchange amendment "
         "market energy transport digital services financial supervision").split()
PHASE = "http://publications.europa.eu/resource/authority/procedure-phase/"


def day(rng, start, spread):
    """A date `start` + 0..spread days, as (ordinal, text)."""
    import datetime
    d = datetime.date.fromordinal(start + rng.randint(0, spread))
    return d.toordinal(), d.isoformat()


def title(rng):
    n = rng.randint(40, 70)
    return " ".join(rng.choice(WORDS) for _ in range(n)).capitalize()


def activity(proc, code, when, act_id, kind="Activity", stage="RDG1", **extra):
    a = {"id": "eli/dl/event/" + act_id, "type": kind, "activity_date": when,
         "activity_id": act_id, "had_activity_type": "def/ep-activities/" + code}
    if stage:
        a["occured_at_stage"] = PHASE + stage
    a.update(extra)
    return a


def procedure(rng, i):
    year = rng.randint(2010, 2025)
    number = i % 10000
    ptype = rng.choices(["COD", "INI", "RSP", "NLE", "CNS"], [60, 15, 10, 10, 5])[0]
    proc = f"{year}-{number:04d}"
    comm = rng.choice(COMMITTEES)
    t, _ = day(rng, 730120 + (year - 2000) * 365, 200)
    acts = []

    def step(code, gap, act_id_fmt, kind="Activity", stage="RDG1", **extra):
        nonlocal t
        t, when = day(rng, t, gap)
        act_id = act_id_fmt.format(proc=proc, comm=comm, n=rng.randint(500000, 800000), date=when)
        acts.append(activity(proc, code, when, act_id, kind, stage, **extra))

    docs = lambda prefix, k: ["eli/dl/doc/%s-%d" % (prefix, rng.randint(1000, 999999)) for _ in range(k)]
    plan = [
        ("REFERRAL", 120, "{proc}-ANPRO-{date}", "Activity", "RDG1", {}),
        ("COMMITTEE_TABLING_REPORT", 150, "{comm}-PR-{n}-DEPOT-{date}", "Activity", "RDG1",
         {"based_on_a_realization_of": docs(comm + "-PR", 1)}),
        ("COMMITTEE_TABLING_OPINION", 30, "BUDG-PA-{n}-DEPOT-{date}", "Activity", "RDG1",
         {"based_on_a_realization_of": docs("BUDG-PA", 1)}),
        ("COMMITTEE_TABLING_AMENDMENT", 30, "{comm}-AM-{n}-DEPOT-{date}", "Activity", "RDG1",
         {"based_on_a_realization_of": docs(comm + "-AM", 1)}),
        ("COMMITTEE_TABLING_AMENDMENT", 5, "{comm}-AM-{n}-DEPOT-{date}", "Activity", "RDG1",
         {"based_on_a_realization_of": docs(comm + "-AM", 1)}),
        ("COMMITTEE_ADOPTING_OPINION", 20, "{proc}-DEC-ADCP-BUDG-{date}", "Decision", "RDG1",
         {"decided_on_a_realization_of": docs("BUDG-AD", 1)}),
        ("COMMITTEE_ADOPTING_REPORT", 90, "{proc}-DEC-ADCP-{date}", "Decision", "RDG1", {}),
        ("TABLING_PLENARY", 15, "{proc}-DEPOT-{date}", "Activity", "RDG1",
         {"based_on_a_realization_of": docs("A-9", 1)}),
        ("PLENARY_ENDORSE_COMMITTEE_INTERINSTITUTIONAL_NEGOTIATIONS", 10, "{proc}-DEC-PLEIN1-{date}", "Decision", None, {}),
    ]
    if rng.random() < 0.5:
        plan.append(("PLENARY_ACTIVITY", 400, "MTG-PL-{date}-PVCRE-ITM-16", "Activity", None,
                     {"based_on_a_realization_of": docs("C-9", 47), "recorded_in_a_realization_of": docs("PV-9", 1)}))
    for _ in range(rng.randint(0, 6)):
        plan.append(("INTERINSTITUTIONAL_NEGOTIATION", 60, "{proc}-MEET-TRI1-{date}", "Activity", "RDG1", {}))
    plan += [
        ("COMMITTEE_APPROVE_PROVISIONAL_AGREEMENT", 120, "{proc}-DEC-VOAGT-{date}", "Decision", "RDG1",
         {"decided_on_a_realization_of": docs(comm + "-AG", 1)}),
        ("PLENARY_DEBATE", 50, "MTG-PL-{date}-PVCRE-ITM-17", "Activity", "RDG1",
         {"based_on_a_realization_of": docs("A-9", 20),
          "recorded_in_a_realization_of": docs("CRE-9", 1) + docs("PV-9", 1)}),
        ("PLENARY_VOTE", 0, "MTG-PL-{date}-PVCRE-ITM-21-8", "Activity", "RDG1",
         {"recorded_in_a_realization_of": docs("CRE-9", 1) + docs("PV-9", 1)}),
        ("PLENARY_AMEND_PROPOSAL", 0, "{proc}-DEC-DCPL-{date}", "Decision", "RDG1",
         {"decided_on_a_realization_of": docs("TA-9", 1)}),
        ("PLENARY_VOTE_RESULTS", 0, "MTG-PL-{date}-VOT-ITM-{n}", "Activity", None,
         {"based_on_a_realization_of": docs("A-8", 1), "recorded_in_a_realization_of": docs("PV-9", 1)}),
        ("SIGNATURE", 40, "{proc}-SIGN-{date}", "Activity", None, {}),
        ("PUBLICATION_OFFICIAL_JOURNAL", 10, "{proc}-PUB-{date}", "Activity", None, {}),
    ]
    stop = rng.randint(1, len(plan))
    for code, gap, fmt, kind, stage, extra in plan[:stop]:
        step(code, gap, fmt, kind, stage, **extra)
    # Amendments tabled years later, as in the real file.
    for _ in range(rng.randint(0, 3)):
        step("COMMITTEE_TABLING_AMENDMENT", 200, "{comm}-AM-{n}-DEPOT-{date}", "Activity", "RDG1",
             based_on_a_realization_of=docs(comm + "-AM", 1))
    if rng.random() < 0.005:
        step("SOMETHING_THE_IMPORTER_DOES_NOT_KNOW", 10, "{proc}-NEW-{date}")
    if rng.random() < 0.01:
        step("REFERRAL", 10, "{proc}-DEC-DCPL-{date}", "Decision")
        del acts[-1]["had_activity_type"]
    rng.shuffle(acts)  # the API gives them in no particular order

    participations = [
        {"id": f"eli/dl/participation/{proc}-MAIN-{comm}", "type": "Participation",
         "had_participant_organization": ["org/" + comm], "participation_role": "def/ep-roles/COMMITTEE_LEAD"},
        {"id": f"eli/dl/participation/{proc}-AVI-BUDG", "type": "Participation",
         "had_participant_organization": ["org/BUDG"], "participation_role": "def/ep-roles/COMMITTEE_OPINION"},
    ]
    for k in range(rng.randint(4, 10)):
        person = rng.randint(1000, 260000)
        participations.append({
            "id": f"eli/dl/participation/{proc}-NMSR-{person}-2020-10-26", "type": "Participation",
            "activity_date": "2020-10-26", "had_participant_person": [f"person/{person}"],
            "occured_at_stage": PHASE + "RDG1", "parliamentary_term": "org/ep-9",
            "participation_role": "def/ep-roles/RAPPORTEUR_SHADOW",
            "politicalGroup": "org/" + rng.choice(GROUPS), "precedenceOrder": 2100 + k})
    base_title = title(rng)
    return {
        "id": "eli/dl/proc/" + proc,
        "type": "Process",
        "consists_of": acts,
        "created_a_realization_of": docs("A-9", rng.randint(3, 10)),
        "current_stage": PHASE + "RDG1",
        "had_participation": participations,
        "process_id": proc,
        "process_title": {lang: f"{base_title} ({lang})" for lang in LANGS},
        "process_type": "def/ep-procedure-types/" + ptype,
        "label": f"{year}/{number:04d}({ptype})",
        "identifierYear": str(year),
        "was_scheduled_in": [
            {"id": f"eli/dl/event/MTG-PL-2024-04-10-OJ-ITM-V-{k}", "type": "ForeseenActivity",
             "activity_date": "2024-04-10", "activity_id": f"MTG-PL-2024-04-10-OJ-ITM-V-{k}",
             "documented_by_a_realization_of": ["eli/dl/doc/OJQ-9-2024-04-10"],
             "had_activity_type": "def/ep-activities/PLENARY_VOTE", "occured_at_stage": PHASE + "RDG1",
             "notation_agendaPoint": f"V-{k}"} for k in range(2)],
    }


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("n", type=int, help="number of procedures")
    ap.add_argument("output", nargs="?", help="output file (default: stdout)")
    ap.add_argument("--seed", type=int, default=2016)
    args = ap.parse_args()
    rng = random.Random(args.seed)
    out = open(args.output, "w") if args.output else sys.stdout
    # References must be unique: a drawn one already used is drawn again.
    seen = set()
    out.write('{"data":[')
    written = 0
    i = 0
    while written < args.n:
        p = procedure(rng, i)
        i += 1
        if p["label"] in seen:
            continue
        seen.add(p["label"])
        if written:
            out.write(",")
        out.write(json.dumps(p, ensure_ascii=False, separators=(",", ":")))
        written += 1
    out.write('],"@context":[{"data":"@graph","@base":"https://data.europarl.europa.eu/"},'
              '"https://data.europarl.europa.eu/api/v2/context.jsonld"]}\n')
    if out is not sys.stdout:
        out.close()


if __name__ == "__main__":
    main()
