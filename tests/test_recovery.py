"""Answers recovered from damaged notebooks the way running them would (issue 12, failure 1), and the invariant
that backs it: executed with nbclient, a notebook's own check_all equals the grader's points, or the gradebook
row says needs_review.

The notebooks are variants of a sample-class submission, written to tmp_path (never under tests/, where nbval
would run them).
"""

from __future__ import annotations

import copy
import json
import re
import shutil
from pathlib import Path

import pytest

from okrkit.assignment import load_assignment
from okrkit.grade import batch as grading

ROOT = Path(__file__).resolve().parents[1]
CLASS = ROOT / "data" / "sample-class"
SPEC = "assignment-03"


def _load(sid: str) -> dict:
    return json.loads((CLASS / f"{sid}.ipynb").read_text(encoding="utf-8"))


def _answer_cells(nb: dict) -> dict[str, int]:
    return {c["metadata"]["okrkit"]["answer"]: i for i, c in enumerate(nb["cells"]) if "okrkit" in c["metadata"]}


def _src(cell: dict) -> str:
    return "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]


def _code(source: str, meta: dict | None = None) -> dict:
    return {"cell_type": "code", "metadata": meta or {}, "source": source, "outputs": [], "execution_count": None}


def indirect() -> dict:
    """The tagged cell holds `gmail = draft`; an untagged cell above it holds `draft = \"\"\"…\"\"\"`."""
    nb = _load("strong-02")
    at = _answer_cells(nb)["gmail"]
    cell = nb["cells"][at]
    text = _src(cell).split("=", 1)[1]
    cell["source"] = "gmail = draft"
    nb["cells"].insert(at, _code("draft =" + text))
    return nb


def stripped() -> dict:
    """Every answer cell's metadata gone (cells copied into a fresh notebook)."""
    nb = _load("strong-03")
    for c in nb["cells"]:
        c["metadata"] = {}
    return nb


def markdown_stripped() -> dict:
    """The linkedin answer as a ```yaml block in a markdown cell under its heading, with no metadata; the code
    answer cell still holds the starter."""
    nb = _load("markdown-yaml")
    for c in nb["cells"]:
        if c["cell_type"] == "markdown":
            c["metadata"] = {}
    return nb


def dedented() -> dict:
    """`personal = dedent(notes)` with notes assigned in an untagged cell, and `prime` built with `+`."""
    nb = _load("strong-04")
    cells = _answer_cells(nb)
    body = _src(nb["cells"][cells["personal"]]).split("=", 1)[1]
    nb["cells"][cells["personal"]]["source"] = "from textwrap import dedent\npersonal = dedent(notes)"
    nb["cells"].insert(cells["personal"], _code("notes =" + body))
    prime = _src(nb["cells"][cells["prime"]]).split("=", 1)[1].strip()
    head, tail = prime[3:-3].split("objectives:", 1)
    nb["cells"][cells["prime"]]["source"] = f'prime = """{head}""" + """objectives:{tail}"""'
    return nb


def computed() -> dict:
    """The answer is built by code the grader cannot follow without running it."""
    nb = _load("strong-05")
    at = _answer_cells(nb)["goodcall"]
    body = _src(nb["cells"][at]).split("=", 1)[1]
    nb["cells"][at]["source"] = "parts = [" + body.strip() + "]\ngoodcall = ''.join(parts)"
    return nb


def overwritten_by_starter() -> dict:
    """An answer written in an untagged cell above, then the tagged starter cell run below it."""
    nb = _load("strong-06")
    starter = _load("empty-01")
    at = _answer_cells(nb)["linkedin"]
    answer = copy.deepcopy(nb["cells"][at])
    answer["metadata"] = {}
    nb["cells"][at]["source"] = starter["cells"][_answer_cells(starter)["linkedin"]]["source"]
    nb["cells"].insert(at - 1, answer)
    return nb


VARIANTS = {
    "indirect": indirect,
    "stripped": stripped,
    "markdown_stripped": markdown_stripped,
    "dedented": dedented,
    "computed": computed,
    "overwritten_by_starter": overwritten_by_starter,
    **{
        sid: (lambda sid=sid: _load(sid))
        for sid in (
            "strong-01",
            "duplicated-cells",
            "syntax-error",
            "wrong-cell-untagged",
            "wrong-cell-above",
            "wrong-cell-swapped",
            "malformed-yaml-quote",
            "markdown-yaml",
            "wrong-type-number",
            "half-done-01",
        )
    },
}


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    """Every variant written to one class folder and graded in one run."""
    root = tmp_path_factory.mktemp("recovery")
    subs = root / "subs"
    subs.mkdir()
    for name, make in VARIANTS.items():
        (subs / f"{name}.ipynb").write_text(json.dumps(make(), indent=1), encoding="utf-8")
    gb = grading.grade_class(SPEC, subs, root / "out", jobs=2, progress=False, report=False)
    return {"subs": subs, "rows": {r.student_id: r for r in gb.rows}, "out": root / "out"}


def _run(path: Path, tmp_path: Path) -> dict:
    """Execute the notebook with nbclient (errors allowed, as a student running cells one by one) and return
    check_all of whatever answers its kernel holds at the end."""
    nbformat = pytest.importorskip("nbformat")
    nbclient = pytest.importorskip("nbclient")
    hw = load_assignment(SPEC)
    folder = tmp_path / "assignment-03"
    folder.mkdir()
    shutil.copy(hw.path, folder / "assignment.yaml")
    nb = nbformat.read(path, as_version=4)
    # A tagged markdown cell's ```yaml block is an answer by design (DESIGN.md): the text the student wrote
    # there is what their check is given; no variable holds it when the notebook runs.
    markdown = {
        c.metadata["okrkit"]["answer"]: re.search(r"```yaml\n(.*?)^```", c.source, re.S | re.M).group(1)
        for c in nb.cells
        if c.cell_type == "markdown" and "okrkit" in c.metadata and "```yaml" in c.source
    }
    nb.cells.append(
        nbformat.v4.new_code_cell(
            "import json\nfrom okrkit.assignment import check_all as _ca, load_assignment as _la\n"
            "_hw = _la('assignment-03')\n"
            "_answers = {q.id: globals()[q.id] for q in _hw.questions if q.id in globals()}\n"
            f"_answers.update({markdown!r})\n"
            "print(json.dumps(_ca(_answers, assignment=_hw).to_dict()))"
        )
    )
    nbclient.NotebookClient(
        nb, timeout=120, kernel_name="python3", allow_errors=True, resources={"metadata": {"path": str(folder)}}
    ).execute()
    out = [o for o in nb.cells[-1].outputs if o.get("name") == "stdout"]
    assert out, nb.cells[-1].outputs
    return json.loads(out[0]["text"])


@pytest.mark.parametrize("name", sorted(VARIANTS))
def test_running_the_notebook_agrees_with_the_grader_or_the_row_needs_review(graded, tmp_path, name):
    ran = _run(graded["subs"] / f"{name}.ipynb", tmp_path)
    row = graded["rows"][name]
    assert row.status in ("ok", "needs_review"), (row.status, row.message)
    if row.status == "ok":
        assert row.total == ran["points"], (row.total, ran["points"], row.note)
        assert row.points == {q: r["points"] for q, r in ran["results"].items()}
    else:
        assert row.note, "a needs_review row says why"
    for q, r in ran["results"].items():  # no silent zero: a zero with an answer present is flagged
        if row.status == "ok" and row.points[q] == 0 and r["status"] != "unanswered":
            assert r["status"] == "error" and q in row.message, (q, r, row.message)  # e.g. a number, not text


def test_an_answer_assigned_through_another_name_is_graded(graded):
    """Failure 1: `gmail = draft` with draft's text in an untagged cell above gave gmail 0 and status ok."""
    row = graded["rows"]["indirect"]
    plain = graded["rows"]["strong-01"]
    assert row.status == "ok" and row.points["gmail"] > 10 and plain.points["gmail"] > 10


def test_answers_with_their_metadata_stripped_are_found_by_variable_name(graded):
    """Failure 1: with every answer cell's metadata gone the row was an error with no points."""
    row = graded["rows"]["stripped"]
    assert row.status == "ok" and row.total >= 85
    text = (graded["out"] / "feedback" / "stripped.md").read_text(encoding="utf-8")
    assert "found by its variable name" in text


def test_a_stripped_markdown_yaml_answer_is_recovered_and_needs_review(graded):
    """Failure 1: a markdown ```yaml answer whose metadata was stripped got 0 with status ok."""
    row = graded["rows"]["markdown_stripped"]
    assert row.status == "needs_review" and row.points["linkedin"] > 0
    assert "linkedin: recovered from an untagged ```yaml block" in row.note


@pytest.mark.parametrize(
    ("name", "question", "words"),
    [
        ("computed", "goodcall", "computed by code"),
        ("overwritten_by_starter", "linkedin", "holds an answer that was not graded"),
        ("syntax-error", "goodcall", "not valid Python"),
        ("malformed-yaml-quote", "gmail", "could not be read"),
        ("duplicated-cells", "goodcall", "answer cells"),
    ],
)
def test_a_zero_or_a_competing_answer_is_never_a_silent_ok(graded, name, question, words):
    row = graded["rows"][name]
    assert row.status == "needs_review", row
    assert any(question in part and words in part for part in row.note.split("; ")), row.note
    feedback = (graded["out"] / "feedback" / f"{name}.md").read_text(encoding="utf-8")
    assert row.note not in feedback


@pytest.mark.parametrize("name", sorted(VARIANTS))
def test_gradescope_grades_every_variant_as_the_batch_does(graded, tmp_path, name):
    """run_autograder (one upload in Gradescope's container) recovers answers and names the status exactly as
    `okrkit grade` does; the instructor's note stays out of what the student sees."""
    from okrkit.grade import autograder

    root = tmp_path / "ag"
    (root / "source").mkdir(parents=True)
    shutil.copy(load_assignment(SPEC).path, root / "source" / "assignment.yaml")
    (root / "submission").mkdir()
    shutil.copy(graded["subs"] / f"{name}.ipynb", root / "submission" / "hw.ipynb")
    data = autograder.run(root=root)
    row = graded["rows"][name]
    assert data["extra_data"]["okrkit"]["status"] == row.status
    assert data["score"] == pytest.approx(row.total or 0.0)
    assert [t["score"] for t in data["tests"]] == pytest.approx(
        [row.points[q.id] or 0.0 for q in load_assignment(SPEC).questions]
    )
    if row.note:
        assert row.note not in json.dumps(data, ensure_ascii=False)
