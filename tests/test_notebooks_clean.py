"""Committed notebooks are clean (no outputs, counts, errors or widget state) and lessons keep their shape."""

from __future__ import annotations

import ast
import json
import re
from pathlib import Path

import pytest

from okrkit import lessons

REPO = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted(
    p
    for folder in ("notebooks", "exercises")
    for p in (REPO / folder).rglob("*.ipynb")
    if ".ipynb_checkpoints" not in p.parts
)
LESSONS = sorted((REPO / "notebooks").glob("0[0-6]-*.ipynb"))
CHECKED = "nbval-check-output"  # cell tag: nbval compares this cell's stored output
SOURCES = (
    '"The good, bad, and ugly of OKRs"',
    '"Making OKRs Work"',
    '"Six pitfalls"',
    '"3.4 OKRs"',
    '"Setting the Right OKRs"',
)


def _nb(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def _src(cell: dict) -> str:
    s = cell.get("source", "")
    return "".join(s) if isinstance(s, list) else s


def _rel(p: Path) -> str:
    return str(p.relative_to(REPO))


def test_there_are_lesson_notebooks():
    assert [p.name[:2] for p in LESSONS] == ["00", "01", "02", "03", "04", "05", "06"]


def _code(src: str) -> str:
    """A cell's source without its leading comment lines (the answer cell's '# ✏️ YOUR ANSWER' marker)."""
    lines = src.splitlines()
    while lines and lines[0].lstrip().startswith("#"):
        lines.pop(0)
    return "\n".join(lines).lstrip()


@pytest.mark.parametrize("path", NOTEBOOKS, ids=_rel)
def test_no_stored_outputs_counts_errors_or_widget_state(path):
    nb = _nb(path)
    assert "widgets" not in nb.get("metadata", {}), "saved widget state (it embeds JavaScript and goes stale)"
    for i, cell in enumerate(nb["cells"]):
        if cell["cell_type"] != "code":
            continue
        outputs = cell.get("outputs", [])
        assert not [o for o in outputs if o.get("output_type") == "error"], f"cell {i}: stored error output"
        if CHECKED in cell.get("metadata", {}).get("tags", []):
            # a deterministic output kept on purpose so nbval compares it: plain text only
            assert outputs, f"cell {i} is tagged {CHECKED} but has no stored output to compare"
            for o in outputs:
                assert o["output_type"] in ("execute_result", "stream"), f"cell {i}: {o['output_type']}"
                assert set(o.get("data", {"text/plain": ""})) == {"text/plain"}, f"cell {i}: rich output kept"
            continue
        assert outputs == [], f"cell {i}: stored outputs (clear them before committing)"
        assert cell.get("execution_count") is None, f"cell {i}: execution count {cell.get('execution_count')}"


@pytest.mark.parametrize("path", LESSONS, ids=_rel)
def test_lesson_states_its_goal_and_ends_with_a_checked_exercise(path):
    cells = _nb(path)["cells"]
    assert cells[0]["cell_type"] == "markdown" and _src(cells[0]).startswith("# ")
    assert "**Goal:**" in _src(cells[0]) and "**Time:**" in _src(cells[0])
    code = [_src(c) for c in cells if c["cell_type"] == "code"]
    checks = [m for s in code for m in re.findall(r'check\("([\w-]+)", answer\)', s)]
    assert checks, "no auto-checked exercise"
    assert set(checks) <= set(lessons.exercises())
    assert f'check("{checks[-1]}", answer)' in code[-1] or f'check("{checks[-1]}", answer)' in code[-2], (
        "the notebook should end with its exercise"
    )


@pytest.mark.parametrize("path", LESSONS, ids=_rel)
def test_cells_are_short_library_calls(path):
    for i, cell in enumerate(_nb(path)["cells"]):
        if cell["cell_type"] != "code":
            continue
        src = _src(cell)
        tree = ast.parse(src)
        defs = [n for n in ast.walk(tree) if isinstance(n, (ast.FunctionDef, ast.ClassDef, ast.Lambda))]
        assert not defs, f"cell {i} defines a helper; the library should provide it"
        answer = _code(src).startswith("answer =")
        assert answer or len(src.splitlines()) <= 6, f"cell {i} is long:\n{src}"


@pytest.mark.parametrize("path", LESSONS, ids=_rel)
def test_answer_cells_match_their_exercise(path):
    """The starter answer in the notebook has a slot for every item of the exercise it is checked against."""
    cells = [_src(c) for c in _nb(path)["cells"] if c["cell_type"] == "code"]
    for i, src in enumerate(cells):
        src = _code(src)
        if not src.startswith("answer ="):
            continue
        after = "\n".join(cells[i + 1 : i + 2])
        exercise_id = re.search(r'check\("([\w-]+)", answer\)', after).group(1)
        value = ast.literal_eval(src.split("=", 1)[1].strip())
        ex = lessons.exercise(exercise_id)
        if isinstance(value, dict):
            assert list(value) == [item["letter"] for item in ex.items], exercise_id
        else:
            assert value.strip() == str(ex.starter()).strip(), f"{exercise_id}: notebook and YAML starters differ"


@pytest.mark.parametrize("path", LESSONS, ids=_rel)
def test_lesson_names_its_sources_and_its_files_exist(path):
    nb = _nb(path)
    text = "\n".join(_src(c) for c in nb["cells"])
    assert any(s in text for s in SOURCES), "name the course material an idea comes from"
    for rel in re.findall(r'"(\.\./data/[^"]+)"', text):
        assert (path.parent / rel).exists(), f"{rel} is missing"


def test_every_exercise_is_used_by_a_lesson():
    text = "\n".join(p.read_text(encoding="utf-8") for p in LESSONS)
    unused = [e for e in lessons.exercises() if f'check(\\"{e}\\", answer)' not in text]
    assert not unused, f"exercises no notebook checks: {unused}"
