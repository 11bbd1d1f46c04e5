"""Loading OKR sets: the YAML format, bare lists, text outlines, located errors and limits."""

from __future__ import annotations

from datetime import date

import pytest

import okrkit
from okrkit.errors import LoadError
from okrkit.read import MAX_BYTES, dumps, parse_period

DESIGN_EXAMPLE = """\
title: Registration flow, Q3 2026
owner: Registration team
period: 2026-Q3
level: team
objectives:
  - objective: New teams reach their first success on day one
    why: Self-serve growth stalls when new teams never get started
    aligns_to: "Company O2: grow self-serve revenue"
    type: aspirational
    key_results:
      - Increase registration conversion from 20% to 23% by 2026-09-30
      - text: Cut median time from sign-up to first project from 3 days to 1 day
        metric: median time to first project
        baseline: 3
        target: 1
        unit: days
        due: 2026-09-30
        current: 2
        confidence: 0.6
    initiatives:
      - Redesign the sign-up form
kpis:
  - name: Support tickets per 1,000 users
    healthy: "< 5"
"""


def test_design_example_loads_every_field():
    s = okrkit.loads(DESIGN_EXAMPLE, source="okrs.yaml")
    assert (s.title, s.owner, s.level, s.period) == (
        "Registration flow, Q3 2026",
        "Registration team",
        "team",
        "2026-Q3",
    )
    assert (s.start, s.end) == (date(2026, 7, 1), date(2026, 9, 30))
    obj = s.objectives[0]
    assert obj.aligns_to == "Company O2: grow self-serve revenue" and obj.type == "aspirational"
    assert obj.line == 6
    kr0, kr1 = obj.key_results
    assert kr0.line == 11 and kr0.baseline == 20 and kr0.target == 23 and kr0.due == date(2026, 9, 30)
    assert (kr1.metric, kr1.baseline, kr1.target, kr1.unit, kr1.current, kr1.confidence) == (
        "median time to first project",
        3,
        1,
        "days",
        2,
        0.6,
    )
    assert kr1.direction == "decrease"
    assert {"baseline", "target", "metric", "unit", "due", "current", "confidence"} <= kr1.explicit
    assert obj.initiatives[0].text == "Redesign the sign-up form"
    assert s.kpis[0].healthy == "< 5"


def test_bare_list_of_objectives():
    s = okrkit.loads("- objective: Delight new users\n  key_results:\n    - Raise activation from 20% to 30%\n")
    assert s.objectives[0].key_results[0].target == 30


def test_plain_text_outline_with_prefixes_and_initiatives():
    text = (
        "Period: 2026-Q3\n"
        "Objective 1: New teams succeed on day one\n"
        "- Increase activation from 20% to 30%\n"
        "* KR: Cut setup time from 3 days to 1 day\n"
        "Initiatives:\n"
        "- Redesign the sign-up form\n\n"
        "O2: Customers trust our billing\n"
        "  - Cut billing tickets from 90 to 40 by Sep 30\n"
    )
    s = okrkit.loads(text)
    assert [o.objective for o in s.objectives] == ["New teams succeed on day one", "Customers trust our billing"]
    assert [len(o.key_results) for o in s.objectives] == [2, 1]
    assert s.objectives[0].initiatives[0].text == "Redesign the sign-up form"
    assert s.objectives[1].key_results[0].line == 9
    assert s.objectives[1].key_results[0].due == date(2026, 9, 30)


def test_outline_bullet_before_objective_is_located():
    with pytest.raises(LoadError) as e:
        okrkit.loads("- Increase activation from 20% to 30%\nGrow\n")
    assert e.value.line == 1 and "before any objective" in str(e.value)


@pytest.mark.parametrize(
    "text, line, field, words",
    [
        (
            "objectives:\n  - objective: A\n    key_results:\n      - text: Grow X\n        target: ten\n",
            5,
            "objectives[0].key_results[0].target",
            "expected a number, got 'ten'",
        ),
        ("objectives:\n  - objective: A\n    type: stretchy\n", 3, "objectives[0].type", "aspirational"),
        (
            "objectives:\n  - objective: A\n    key_results:\n      - text: B\n        confidence: 700\n",
            5,
            "objectives[0].key_results[0].confidence",
            "between 0 and 1",
        ),
        ("period: Q5 2026\nobjectives: []\n", 1, "period", "2026-Q3"),
        ("objectives:\n  - objective:\n    key_results: []\n", 2, "objectives[0].objective", "missing"),
        ("objectives: 3\n", 1, "objectives", "expected a list"),
        (
            "objectives:\n  - objective: A\n    key_results:\n      - text: B\n        due: soon\n",
            5,
            "objectives[0].key_results[0].due",
            "2026-09-30",
        ),
    ],
)
def test_errors_name_file_line_field_and_fix(text, line, field, words):
    with pytest.raises(LoadError) as e:
        okrkit.loads(text, source="okrs.yaml")
    err = e.value
    assert (err.file, err.line, err.field) == ("okrs.yaml", line, field)
    assert words in str(err)
    assert str(err).startswith(f"okrs.yaml:{line}: {field}: ")


def test_invalid_yaml_is_located():
    with pytest.raises(LoadError) as e:
        okrkit.loads("title: x\nobjectives:\n  - objective: [unclosed\n", source="a.yaml")
    assert e.value.line is not None and e.value.line >= 3 and "invalid YAML" in str(e.value)


def test_alias_bomb_is_refused():
    bomb = "a: &a [x, x, x, x, x, x, x, x, x, x]\n"
    for i, name in enumerate("bcdefghij"):
        prev = "abcdefghij"[i]
        bomb += f"{name}: &{name} [*{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}]\n"
    bomb += "objectives: *j\n"
    with pytest.raises(LoadError, match="aliases"):
        okrkit.loads(bomb)


def test_oversized_input_is_refused(tmp_path):
    big = "# " + "x" * (MAX_BYTES + 10)
    with pytest.raises(LoadError, match="limit"):
        okrkit.loads(big)
    p = tmp_path / "big.yaml"
    p.write_text(big)
    with pytest.raises(LoadError, match="limit") as e:
        okrkit.load(p)
    assert e.value.file == str(p)


def test_unsafe_yaml_tags_are_not_executed():
    with pytest.raises(LoadError):
        okrkit.loads("objectives: !!python/object/apply:os.system ['echo hacked']\n")


def test_load_reads_utf8_bom_and_reports_non_utf8(tmp_path):
    p = tmp_path / "okrs.yaml"
    p.write_bytes(
        "\ufeffobjectives:\n  - objective: Café customers love us\n    key_results: [Raise NPS from 30 to 40]\n".encode()
    )
    assert okrkit.load(p).objectives[0].objective == "Café customers love us"
    q = tmp_path / "latin1.yaml"
    q.write_bytes(b"objectives:\n  - objective: Caf\xe9\n")
    with pytest.raises(LoadError, match="UTF-8") as e:
        okrkit.load(q)
    assert e.value.line == 2


def test_missing_file_is_a_load_error(tmp_path):
    with pytest.raises(LoadError, match="cannot read"):
        okrkit.load(tmp_path / "nope.yaml")


@pytest.mark.parametrize(
    "text, start, end",
    [
        ("2026-Q3", date(2026, 7, 1), date(2026, 9, 30)),
        ("Q1 2027", date(2027, 1, 1), date(2027, 3, 31)),
        ("2026-H2", date(2026, 7, 1), date(2026, 12, 31)),
        ("2026-02", date(2026, 2, 1), date(2026, 2, 28)),
        ("2026", date(2026, 1, 1), date(2026, 12, 31)),
    ],
)
def test_periods(text, start, end):
    assert parse_period(text) == (start, end)


def test_dump_round_trips():
    s = okrkit.loads(DESIGN_EXAMPLE)
    again = okrkit.loads(dumps(s))
    assert dumps(again) == dumps(s)
    assert again.objectives[0].key_results[1].current == 2
    assert again.objectives[0].aligns_to == s.objectives[0].aligns_to


def test_unclosed_quote_points_where_it_opens():
    with pytest.raises(LoadError) as e:
        okrkit.loads('objectives:\n  - objective: "Delight users\n    key_results:\n      - Raise NPS from 30 to 40\n')
    assert e.value.line == 2 and "never closed" in str(e.value)


def test_load_error_survives_pickling():
    import pickle

    err = LoadError("expected a number, got 'ten'", file="okrs.yaml", line=5, field="target", hint="write 10")
    again = pickle.loads(pickle.dumps(err))
    assert str(again) == str(err) and (again.file, again.line, again.field) == ("okrs.yaml", 5, "target")
