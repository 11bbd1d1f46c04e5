"""Issue 13, coaches 1–3 and 5: one odd cell never throws away a CSV; numbers follow the file's locale; the
sheet's Status column is carried; 'KR1:' labels are not part of a key result's text."""

from __future__ import annotations

import pytest

from okrkit.read.importers import parse_csv

HEAD = "Team,Objective,Key Result,Progress,Confidence,Target,Due Date,Type,Status\n"


@pytest.mark.parametrize(
    "column, value, words",
    [
        ("Progress", "lots", "progress value 'lots' can't be read"),
        ("Confidence", "meh", "confidence 'meh' can't be read"),
        ("Target", "twenty", "'twenty' is not a number"),
        ("Due Date", "next spring", "'next spring' is not a date"),
        ("Type", "Banana", "'Banana' is not a row type"),
        ("Status", "purple", "status 'purple' is not one okrkit knows"),
    ],
)
def test_an_odd_cell_becomes_a_located_note_and_the_rest_loads(column, value, words):
    cells = {"Progress": "", "Confidence": "", "Target": "", "Due Date": "", "Type": "", "Status": ""}
    cells[column] = value
    row = "T,Be great,Raise NPS from 30 to 45 by 2026-09-30," + ",".join(cells.values())
    result = parse_csv(
        HEAD + "T,Be great,Cut churn from 5% to 3% by 2026-09-30,40%,0.7,3,2026-09-30,,\n" + row + "\n", "x.csv"
    )
    okrs = result.drafts[0].okrs
    assert [k.text for k in okrs.key_results] == [
        "Cut churn from 5% to 3% by 2026-09-30",
        "Raise NPS from 30 to 45 by 2026-09-30",
    ]
    notes = [n for n in result.warnings if words in n.message]
    assert len(notes) == 1, [str(n) for n in result.warnings]
    assert (notes[0].file, notes[0].line, notes[0].column) == ("x.csv", 3, column)
    first = okrs.key_results[0]
    assert (first.confidence, first.target) == (0.7, 3)


@pytest.mark.parametrize(
    "raw, expected",
    [
        ("7/10", 0.7),
        ("70%", 0.7),
        ("70", 0.7),
        ("0.7", 0.7),
        ("7", 0.7),
        ("High", 0.7),
        ("medium", 0.5),
        ("low", 0.3),
        ("On track", 0.7),
        ("At risk", 0.5),
        ("off-track", 0.3),
    ],
)
def test_confidence_in_the_forms_teams_write_it(raw, expected):
    d = parse_csv(f"Team,Objective,Key Result,Confidence\nT,O,Raise NPS from 30 to 45,{raw}\n", "c.csv")
    assert d.drafts[0].okrs.key_results[0].confidence == pytest.approx(expected)
    assert not [n for n in d.warnings if "confidence" in n.message]


def test_decimal_commas_in_a_semicolon_export():
    text = (
        "Team;Objective;Key Result;Baseline;Target\n"
        "Ops;Stay up;Raise uptime from 97,5% to 99% by 2026-09-30;97,5;99\n"
        "Ops;Stay up;Grow revenue from 1.200,50 EUR to 1.500 EUR by 2026-09-30;1.200,50;1.500\n"
    )
    result = parse_csv(text, "eu.csv")
    up, revenue = result.drafts[0].okrs.key_results
    assert (up.baseline, up.target) == (97.5, 99)
    assert up.text == "Raise uptime from 97.5% to 99% by 2026-09-30"
    assert (revenue.baseline, revenue.target) == (1200.5, 1500)
    assert any("decimal comma" in n.message for n in result.warnings)


def test_decimal_points_with_thousands_commas_stay_as_they_are():
    text = 'Team,Objective,Key Result,Baseline\nOps,Grow,"Grow revenue from 1,200.50 to 1,500 USD","1,200.50"\n'
    kr = parse_csv(text, "us.csv").drafts[0].okrs.key_results[0]
    assert (kr.baseline, kr.target) == (1200.5, 1500)


@pytest.mark.parametrize(
    "raw, status",
    [
        ("On Track", "on_track"),
        ("At Risk", "at_risk"),
        ("Off Track", "off_track"),
        ("green", "on_track"),
        ("Done", "done"),
    ],
)
def test_the_status_column_is_the_reported_status(raw, status):
    d = parse_csv(f"Team,Objective,Key Result,Status\nT,O,Raise NPS from 30 to 45,{raw}\n", "s.csv")
    assert d.drafts[0].okrs.key_results[0].status == status


@pytest.mark.parametrize("label", ["KR1: ", "KR 1 - ", "1. ", "1.2 ", "Key result 3: "])
def test_kr_labels_are_not_part_of_the_text(label):
    d = parse_csv(f'Team,Objective,Key Result\nT,O1: Be great,"{label}Raise NPS from 30 to 45"\n', "l.csv")
    okrs = d.drafts[0].okrs
    assert okrs.key_results[0].text == "Raise NPS from 30 to 45"
    assert okrs.objectives[0].objective == "Be great"
