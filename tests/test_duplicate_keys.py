"""Issue 11: a key written twice in one YAML mapping is never silently dropped (YAML keeps only the last).

A list written twice (two 'key_results:') is read whole; an objective or key result written twice in one item
(the second '- ' forgotten, as when a block is copy-pasted) is read as two; any other key written twice is
refused at the second one with a literal fix (docs/decisions.md, "A key written twice …").
"""

from __future__ import annotations

import pytest

import okrkit
from okrkit.errors import LoadError
from tests.test_forms import apply_hint

KR = "Raise activation from 40% to 55% by 2026-09-30"
KR2 = "Cut churn from 5% to 3% by 2026-09-30"


def shape(s: okrkit.OKRSet) -> list[tuple[str, list[str]]]:
    return [(o.objective, [k.text for k in o.key_results]) for o in s.objectives]


def test_two_key_results_lists_under_one_objective_are_both_read():
    s = okrkit.loads(
        f"objectives:\n  - objective: A\n    key_results:\n      - {KR}\n    key_results:\n      - {KR2}\n"
    )
    assert shape(s) == [("A", [KR, KR2])]
    note = next(n for n in s.notes if "written twice" in n.message)
    assert "lines 3 and 5" in note.message and note.line == 5
    assert [k.line for k in s.key_results] == [4, 6], "each key result keeps its own line"


def test_an_objective_written_twice_in_one_item_is_two_objectives():
    s = okrkit.loads(
        f"objectives:\n  - objective: A\n    key_results: [{KR}]\n    objective: B\n    key_results: [{KR2}]\n"
    )
    assert shape(s) == [("A", [KR]), ("B", [KR2])]
    assert any("line 4" in n.message and "'- '" in n.message for n in s.notes), [str(n) for n in s.notes]
    assert s.objectives[1].line == 4


def test_a_key_result_written_twice_in_one_item_is_two_key_results():
    s = okrkit.loads(
        "objectives:\n  - objective: A\n    key_results:\n      - text: Grow X\n        target: 10\n"
        "        text: Grow Y\n        target: 20\n"
    )
    assert [(k.text, k.target) for k in s.key_results] == [("Grow X", 10), ("Grow Y", 20)]


def test_a_yaml_file_that_is_two_objectives_without_a_list():
    text = f"title: Growth\nobjective: A\nkey_results: [{KR}]\nobjective: B\nkey_results: [{KR2}]\n"
    s = okrkit.loads(text, format="yaml")
    assert s.title == "Growth" and shape(s) == [("A", [KR]), ("B", [KR2])]
    assert s.objectives[1].line == 4


def test_json_with_a_repeated_key_is_read_the_same_way():
    s = okrkit.loads(f'{{"objectives": [{{"objective": "A", "key_results": ["{KR}"], "key_results": ["{KR2}"]}}]}}')
    assert shape(s) == [("A", [KR, KR2])]


@pytest.mark.parametrize(
    "text",
    [
        "objectives:\n  - objective: A\n    key_results:\n      - text: Grow X\n        target: 10\n        target: 20\n",
        f"period: 2026-Q3\nperiod: 2026-Q4\nobjectives:\n  - objective: A\n    key_results: [{KR}]\n",
        f"objectives:\n  - objective: A\n    why: |\n      first reason\n      more\n    why: second\n    key_results: [{KR}]\n",
        f"objectives:\n  - objective: A\n    why: first\n    why: |\n      second reason\n      more\n    key_results: [{KR}]\n",
    ],
)
def test_any_other_key_written_twice_is_refused_with_a_fix_that_loads(text):
    with pytest.raises(LoadError, match="written twice") as info:
        okrkit.loads(text)
    err = info.value
    assert err.line is not None and err.line > 1
    okrkit.loads(apply_hint(text, err))
