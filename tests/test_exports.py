"""Issue 11: the documented import/export layouts of OKR tools load to the right objectives and key results.

Each sample in tests/data/exports/ is written by hand in the layout its tool documents (the README beside them
names the page); the test checks the structure the layout encodes: a type column (Betterworks), a parent-row id
(Peoplebox), numbered key-result columns (Culture Amp), nested JSON (Lark OKR).
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

import okrkit

EXPORTS = Path(__file__).parent / "data" / "exports"

ONBOARDING = "Make onboarding something new teams enjoy"
REVENUE = "Grow revenue from the customers we already have"


def shape(s: okrkit.OKRSet) -> list[tuple[str, list[str]]]:
    return [(o.objective, [k.text for k in o.key_results]) for o in s.objectives]


def test_betterworks_goals_and_milestones():
    s = okrkit.load(EXPORTS / "betterworks.csv")
    assert shape(s) == [
        (
            ONBOARDING,
            [
                "Raise week-one activation from 40% to 55%",
                "Cut median time to first shared board from 3 days to 1 day",
            ],
        ),
        (REVENUE, ["Raise expansion MRR from $40k to $60k"]),
    ]
    first, second = s.objectives[0].key_results
    assert (first.owner, second.owner) == ("ana.lopez@example.com", "sam.chen@example.com")
    assert first.due == date(2026, 9, 30)
    assert s.objectives[0].why.startswith("New teams should see value")
    assert any("milestone" in n.message and "key result" in n.message for n in s.notes), [str(n) for n in s.notes]


def test_peoplebox_rows_link_to_their_parent_row():
    s = okrkit.load(EXPORTS / "peoplebox.csv")
    assert shape(s) == [
        (ONBOARDING, ["Raise week-one activation rate", "Cut median days to first shared board"]),
        (REVENUE, ["Grow expansion MRR in dollars"]),
    ]
    kr = s.objectives[0].key_results[0]
    assert (kr.baseline, kr.target, kr.current, kr.status) == (40, 55, 47, "on_track")
    assert s.objectives[0].key_results[1].status == "at_risk"
    assert s.objectives[1].key_results[0].owner == "lee.okafor@example.com"
    assert any("parent row" in n.message for n in s.notes), [str(n) for n in s.notes]


def test_culture_amp_numbered_key_result_columns():
    s = okrkit.load(EXPORTS / "cultureamp.csv")
    assert shape(s) == [
        (
            ONBOARDING,
            [
                "Raise week-one activation from 40% to 55%",
                "Cut median time to first shared board from 3 days to 1 day",
            ],
        ),
        (REVENUE, ["Raise expansion MRR from $40k to $60k"]),
    ]
    assert s.objectives[0].key_results[0].owner == "ana.lopez@example.com"
    assert s.objectives[0].key_results[0].due == date(2026, 9, 30)


def test_culture_amp_completion_is_each_key_results_progress():
    from okrkit.read.importers import read_csv

    draft = read_csv(EXPORTS / "cultureamp.csv").drafts[0]
    assert draft.progress == {(0, 0): 0.3, (0, 1): 0.4, (1, 0): 0.5}


def test_okr_for_jira_order_numbers_link_rows_to_their_parent():
    s = okrkit.load(EXPORTS / "okr_for_jira.csv")
    assert shape(s) == [
        (ONBOARDING, ["Raise week-one activation rate", "Cut median days to first shared board"]),
        (REVENUE, ["Grow expansion MRR in dollars"]),
        ("Win back accounts that stopped paying", ["Reactivate lapsed accounts"]),
    ]
    assert s.objectives[2].aligns_to == REVENUE, "a sub-objective (2.1) aligns to its parent objective (2)"
    kr = s.objectives[0].key_results[0]
    assert (kr.baseline, kr.current, kr.target, kr.status) == (40, 47, 55, "on_track")
    assert s.objectives[0].key_results[1].status == "at_risk"
    assert (s.start, s.end) == (date(2026, 7, 1), date(2026, 9, 30)), "'Q3 Y2026' is a period"


def test_elevo_numbered_kpi_columns_are_the_objectives_key_results():
    s = okrkit.load(EXPORTS / "elevo.csv")
    assert shape(s) == [
        (ONBOARDING, ["Week-one activation rate (%)", "Median days to first shared board"]),
        (REVENUE, ["Expansion MRR in dollars"]),
    ]
    kr = s.objectives[0].key_results[1]
    assert (kr.baseline, kr.target, kr.direction, kr.due) == (3, 1, "decrease", date(2026, 9, 30))
    assert s.objectives[0].key_results[0].owner == "ana.lopez@example.com"


def test_lark_okr_batch_json():
    s = okrkit.load(EXPORTS / "lark_okr_batch.json")
    assert shape(s) == [
        (
            ONBOARDING,
            [
                "Raise week-one activation from 40% to 55%",
                "Cut median time to first shared board from 3 days to 1 day",
            ],
        ),
        (REVENUE, ["Raise expansion MRR from $40k to $60k"]),
    ]
    assert any("read 'krs' as key_results" in n.message for n in s.notes)


@pytest.mark.parametrize("name", sorted(p.name for p in EXPORTS.iterdir() if p.suffix in (".csv", ".json")))
def test_every_sample_is_named_in_the_readme(name):
    assert name in (EXPORTS / "README.md").read_text(encoding="utf-8")


def test_numbered_ids_beside_objective_and_key_result_columns_change_nothing():
    s = okrkit.loads(
        "ID,Objective,Key Result\n1.1,Delight users,Raise NPS from 30 to 40\n1.2,Delight users,Cut churn from 5% to 3%\n",
        format="csv",
    )
    assert shape(s) == [("Delight users", ["Raise NPS from 30 to 40", "Cut churn from 5% to 3%"])]
    assert not any("linked" in n.message for n in s.notes)


def test_a_stage_is_not_a_status_and_is_said_once():
    s = okrkit.load(EXPORTS / "cultureamp.csv")
    assert all(k.status is None for k in s.key_results)
    said = [n.message for n in s.notes if "ongoing" in n.message]
    assert len(said) == 1 and "a stage" in said[0], [str(n) for n in s.notes]
