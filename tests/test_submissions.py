"""okrkit.grade.notebook: answers from notebook JSON (never executed), notes on odd notebooks, unreadable files."""

from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest

from okrkit.assignment import load_assignment
from okrkit.errors import OKRKitError
from okrkit.grade.notebook import (
    Submission,
    SubmissionError,
    extract_answer,
    read_notebook,
    read_submission,
)

ROOT = Path(__file__).resolve().parents[1]
TEMPLATE = ROOT / "exercises" / "assignment-03" / "assignment-03.ipynb"
ANSWER = (
    "objectives:\n  - objective: Writing email feels effortless\n    aligns_to: G1\n    key_results:\n"
    "      - Cut median time to send a message from 70 seconds to 55 seconds by Sep 30\n"
    "      - Raise Smart Compose acceptance from 18% to 25% by Sep 30\n"
)


@pytest.fixture(scope="module")
def hw():
    return load_assignment("assignment-03")


def code(source: str, qid: str | None = None) -> dict:
    meta = {"okrkit": {"answer": qid}} if qid else {}
    return {"cell_type": "code", "execution_count": None, "metadata": meta, "outputs": [], "source": source}


def markdown(source: str, qid: str | None = None) -> dict:
    meta = {"okrkit": {"answer": qid}} if qid else {}
    return {"cell_type": "markdown", "metadata": meta, "source": source}


def template() -> dict:
    return json.loads(TEMPLATE.read_text(encoding="utf-8"))


def answer_cell(nb: dict, qid: str) -> dict:
    return next(c for c in nb["cells"] if c["metadata"].get("okrkit", {}).get("answer") == qid)


def write(tmp_path: Path, nb: dict | str | bytes, name: str = "ada.ipynb") -> Path:
    path = tmp_path / name
    if isinstance(nb, bytes):
        path.write_bytes(nb)
    else:
        path.write_text(nb if isinstance(nb, str) else json.dumps(nb), encoding="utf-8")
    return path


# ── extract_answer ────────────────────────────────────────────────────────────────────────
@pytest.mark.parametrize(
    "source,expected",
    [
        ('gmail = """\nobjectives: []\n"""', "\nobjectives: []\n"),
        ("gmail = 'objectives: []'", "objectives: []"),
        ('gmail: str = """x: 1"""', "x: 1"),
        ('gmail = f"""x: 1"""', "x: 1"),
        ('from textwrap import dedent\ngmail = dedent("""\n    x: 1\n    """)', "\nx: 1\n"),
        ('%load_ext something\n!pip list\ngmail = """x: 1"""', "x: 1"),
        ('other = "not this"\ngmail = "this"', "this"),  # the variable named for the question wins
        ('gmail = "first"\ngmail = "second"', "second"),  # as running the cell would leave it
        (['gmail = """\n', "x: 1\n", '"""'], "\nx: 1\n"),  # source stored as a list of lines
        ("gmail = 42", None),
        ('gmail = ["Grow Prime"]', None),
        ('gmail = open("x").read()', None),
        ('gmail = """\nunclosed', None),
        ("", None),
    ],
)
def test_extract_answer_from_code_cells(source, expected):
    assert extract_answer(code(source, "gmail")) == expected


@pytest.mark.parametrize(
    "source,expected",
    [
        ("My answer:\n\n```yaml\nobjectives: []\n```\n", "objectives: []\n"),
        ("```yml\nx: 1\n```", "x: 1\n"),
        ("~~~yaml\nx: 1\n~~~\n", "x: 1\n"),
        ('gmail = """\nx: 1\n"""', "\nx: 1\n"),  # a code cell switched to markdown
        ("Just prose, no YAML block.", None),
        ("```python\nx = 1\n```", None),
    ],
)
def test_extract_answer_from_markdown_cells(source, expected):
    assert extract_answer(markdown(source, "gmail")) == expected


def test_extract_answer_ignores_junk():
    assert extract_answer("not a cell") is None
    assert extract_answer({"cell_type": "code", "source": 12}) is None
    assert extract_answer({"cell_type": "raw", "source": "x: 1\n"}) == "x: 1\n"


def test_scope_reports_text_other_literals_and_unknowns():
    from okrkit.grade.scope import UNKNOWN, Scope

    found = Scope().run('a = "x"\nb = 3\nc = [1, 2]\nd = f(1)\ne = a + "y"\n')
    assert found == [("a", "x"), ("b", 3), ("c", [1, 2]), ("d", UNKNOWN), ("e", "xy")]
    assert Scope().run("def (:") is None
    assert Scope().run("x = nowhere\ny = 'never reached'") == []  # the NameError stops the cell


# ── read_submission ───────────────────────────────────────────────────────────────────────
def test_reads_the_answer_cells_of_the_student_notebook(tmp_path, hw):
    nb = template()
    answer_cell(nb, "gmail")["source"] = f'gmail = """\n{ANSWER}"""'
    s = read_submission(write(tmp_path, nb, "s123.ipynb"), hw)
    assert isinstance(s, Submission) and s.student_id == "s123" and s.notes == []
    assert s.answers["gmail"] == "\n" + ANSWER
    assert set(s.answers) == {q.id for q in hw.questions}  # the other cells still hold the starters
    assert hw.check_all(s.answers).results["prime"].status == "unanswered"


def test_takes_an_assignment_id_or_path(tmp_path):
    path = write(tmp_path, template())
    assert (
        read_submission(path, "assignment-03").answers
        == read_submission(path, ROOT / "exercises" / "assignment-03").answers
    )


def test_never_executes_the_notebook(tmp_path, hw):
    marker = tmp_path / "executed"
    nb = template()
    nb["cells"].insert(0, code(f"open({str(marker)!r}, 'w').write('x')\n"))
    answer_cell(nb, "gmail")["source"] = f'open({str(marker)!r}, "w")\ngmail = """\n{ANSWER}"""'
    s = read_submission(write(tmp_path, nb), hw)
    assert not marker.exists() and s.answers["gmail"] == "\n" + ANSWER


def test_duplicated_answer_cells_grade_the_last_with_a_note(tmp_path, hw):
    nb = template()
    cell = answer_cell(nb, "gmail")
    dup = copy.deepcopy(cell)
    dup["source"] = f'gmail = """\n{ANSWER}"""'
    nb["cells"].insert(nb["cells"].index(cell) + 2, dup)
    s = read_submission(write(tmp_path, nb), hw)
    assert s.answers["gmail"] == "\n" + ANSWER
    assert any("are all tagged as the answer to 'gmail'" in n for n in s.notes)


def test_yaml_block_in_a_markdown_cell_is_a_proper_answer(tmp_path, hw):
    nb = template()
    cell = answer_cell(nb, "prime")
    cell.update(cell_type="markdown", source=f"```yaml\n{ANSWER}```\n")
    s = read_submission(write(tmp_path, nb), hw)
    assert s.answers["prime"] == ANSWER
    assert s.notes == []


def test_markdown_answer_cell_without_a_yaml_block_is_noted(tmp_path, hw):
    nb = template()
    answer_cell(nb, "prime").update(cell_type="markdown", source="I will grow Prime a lot")
    s = read_submission(write(tmp_path, nb), hw)
    assert "prime" not in s.answers or not s.answers["prime"]
    assert any("is in a markdown cell" in n and "no ```yaml block" in n for n in s.notes)


def test_wrong_type_answer_is_noted_and_scores_zero(tmp_path, hw):
    nb = template()
    answer_cell(nb, "gmail")["source"] = "gmail = 42"
    answer_cell(nb, "prime")["source"] = 'prime = ["Grow Prime", "More members"]'
    s = read_submission(write(tmp_path, nb), hw)
    assert "gmail" not in s.answers and "prime" not in s.answers
    assert any("'gmail' is a number, not text" in n for n in s.notes)
    assert any("'prime' is a list, not text" in n for n in s.notes)
    assert hw.check_all(s.answers).results["gmail"].points == 0


def test_an_untagged_cell_after_the_answer_replaces_it_like_running_would(tmp_path, hw):
    nb = template()
    i = nb["cells"].index(answer_cell(nb, "linkedin"))
    nb["cells"].insert(i + 1, code(f'linkedin = """\n{ANSWER}"""'))
    s = read_submission(write(tmp_path, nb), hw)
    assert s.answers["linkedin"] == "\n" + ANSWER
    assert any(f"untagged cell {i + 2}" in n for n in s.notes)


def test_an_untagged_cell_before_the_answer_is_replaced_by_it(tmp_path, hw):
    nb = template()
    i = nb["cells"].index(answer_cell(nb, "linkedin"))
    nb["cells"].insert(i, code(f'linkedin = """\n{ANSWER}"""'))
    s = read_submission(write(tmp_path, nb), hw)
    assert s.answers["linkedin"] == "\n" + hw.question("linkedin").starter
    assert any("replaces it when the notebook runs" in n for n in s.notes)


def test_a_later_non_text_assignment_removes_the_answer(tmp_path, hw):
    nb = template()
    answer_cell(nb, "gmail")["source"] = f'gmail = """\n{ANSWER}"""'
    nb["cells"].append(code("gmail = None"))
    s = read_submission(write(tmp_path, nb), hw)
    assert "gmail" not in s.answers and any("is None, not text" in n for n in s.notes)


def test_missing_renamed_broken_and_unknown_cells_are_noted(tmp_path, hw):
    nb = template()
    nb["cells"].remove(answer_cell(nb, "goodcall"))
    answer_cell(nb, "gmail")["source"] = f'my_answer = """\n{ANSWER}"""'
    answer_cell(nb, "prime")["source"] = 'prime = """\nobjectives: []\n'
    nb["cells"].append(code('bonus = "x"', "bonus"))
    nb["cells"].append("not a cell")
    s = read_submission(write(tmp_path, nb), hw)
    notes = "\n".join(s.notes)
    assert "no answer cell for 'goodcall'" in notes
    assert "assigns 'my_answer' instead of 'gmail'" in notes and s.answers["gmail"] == "\n" + ANSWER
    assert "'prime' (cell" in notes and "not valid Python" in notes and "prime" not in s.answers
    assert "tagged as the answer to 'bonus', which is not a question" in notes
    assert "is damaged" in notes


# ── unreadable files ──────────────────────────────────────────────────────────────────────
@pytest.mark.parametrize(
    "content,message",
    [
        (b"", "the file is empty"),
        (b'{"cells": [], "nbformat": 4, "metadata": {}', "ends early"),
        (b'{"cells": [], nbformat: 4}', "not valid notebook JSON (line 1"),
        (b"PK\x03\x04\x00\x00binary", "binary file"),
        (b"\xff\xfe{\x00", "binary file"),
        (b"\xc3\x28 not utf8", "not UTF-8"),
        (b"[1, 2]", "not a notebook"),
        (b'{"cells": []}', "no 'nbformat'"),
        (b'{"nbformat": 3, "worksheets": []}', "format 3 could not be upgraded"),
        (b'{"nbformat": 4, "cells": {"a": 1}}', "no list of cells"),
    ],
)
def test_unreadable_notebooks_raise_a_clear_error(tmp_path, hw, content, message):
    path = write(tmp_path, content, "bob.ipynb")
    with pytest.raises(SubmissionError) as info:
        read_submission(path, hw)
    msg = str(info.value)
    assert msg.startswith("bob.ipynb: ") and message in msg
    assert any(w in msg for w in ("ask", "open", "save", "submit", "run", "check")), msg  # says what to do
    assert isinstance(info.value, OKRKitError)


def test_an_old_format_notebook_is_upgraded_and_read(tmp_path, hw):
    """nbformat 3 keeps cells in worksheets and code in 'input'; nbformat upgrades it and the answer survives."""
    text = "objectives:\n  - objective: Inboxes stay calm\n    key_results: [Cut spam reports from 9% to 4%]\n"
    v3 = {
        "nbformat": 3,
        "nbformat_minor": 0,
        "metadata": {"name": "ada"},
        "worksheets": [
            {
                "cells": [
                    {"cell_type": "markdown", "source": "intro", "metadata": {}},
                    {
                        "cell_type": "code",
                        "input": f'gmail = """\n{text}"""\n',
                        "language": "python",
                        "metadata": {"okrkit": {"answer": "gmail"}},
                        "outputs": [],
                        "collapsed": False,
                    },
                ]
            }
        ],
    }
    sub = read_submission(write(tmp_path, v3), hw)
    assert sub.answers["gmail"].strip() == text.strip()


def test_size_limit_is_a_parameter(tmp_path, hw):
    path = write(tmp_path, template())
    with pytest.raises(SubmissionError, match="over the 1,000-byte limit; clear the outputs"):
        read_submission(path, hw, max_bytes=1000)
    assert read_submission(path, hw, max_bytes=10_000_000).answers


def test_missing_file(tmp_path, hw):
    with pytest.raises(SubmissionError, match="cannot read the file"):
        read_notebook(tmp_path / "nobody.ipynb")
