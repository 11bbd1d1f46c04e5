"""Issue 12 (core half): nbgrader assignment folders, progress on a non-terminal, one status vocabulary and exit
code, the gradebook's points-possible row, the report's tables, regrades (run.json, stale files, changes.csv) and
CSV cells a spreadsheet would run as formulas.

Every notebook here is generated in tmp_path (never under tests/, where nbval would run it).
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from okrkit.cli import main
from okrkit.grade import batch as grading
from tests.test_grading import GMAIL, PERSONAL, SPEC, WEAK, answer_cell, code_cell, write_nb


def _rows(path: Path) -> list[list[str]]:
    return list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"))))


# ── failure 3: nbgrader folders with several assignments ──────────────────────────────────
@pytest.fixture
def nbgrader(tmp_path) -> Path:
    root = tmp_path / "course"
    write_nb(root / "submitted" / "alice" / "ps2" / "ps2.ipynb", {"gmail": GMAIL})
    write_nb(root / "submitted" / "alice" / "ps3" / "ps3.ipynb", {"gmail": WEAK, "personal": PERSONAL})
    write_nb(root / "submitted" / "bob" / "ps2" / "ps2.ipynb", {"gmail": WEAK})
    return root


def test_several_assignments_per_student_is_a_clear_error_naming_the_option(nbgrader, tmp_path, capsys):
    code = main(["grade", SPEC, str(nbgrader), "--out", str(tmp_path / "out"), "--quiet"])
    err = capsys.readouterr().err
    assert code == 2 and "--assignment" in err and "ps2" in err and "ps3" in err
    assert not (tmp_path / "out" / "grades.csv").exists()


def test_assignment_option_picks_the_folder(nbgrader, tmp_path):
    gb = grading.grade_class(SPEC, nbgrader, None, jobs=1, progress=False, report=False, assignment_folder="ps3")
    rows = {r.student_id: r for r in gb.rows}
    assert rows["alice"].status == "ok" and rows["alice"].points["personal"] > 0
    assert rows["bob"].status == "missing" and "bob/ps3/" in rows["bob"].message
    gb2 = grading.grade_class(SPEC, nbgrader, None, jobs=1, progress=False, report=False, assignment_folder="ps2")
    assert {r.student_id: r.status for r in gb2.rows} == {"alice": "ok", "bob": "ok"}


def test_an_unknown_assignment_folder_is_refused(nbgrader, tmp_path, capsys):
    code = main(["grade", SPEC, str(nbgrader), "--out", str(tmp_path / "out"), "--assignment", "ps9"])
    assert code == 2 and "ps9" in capsys.readouterr().err


def test_messages_name_paths_that_exist(tmp_path):
    """The old merge named 'alice/ps2.ipynb', a path that does not exist."""
    d = tmp_path / "subs"
    write_nb(d / "alice" / "draft" / "a.ipynb", cells=[code_cell("x = 1")])
    write_nb(d / "alice" / "b.ipynb", {"gmail": GMAIL})
    gb = grading.grade_class(SPEC, d, None, jobs=1, progress=False, report=False)
    (row,) = gb.rows
    assert "alice/draft/a.ipynb" in row.note or "alice/draft/a.ipynb" in row.message, row


# ── failure 5: progress when stderr is not a terminal ─────────────────────────────────────
def test_progress_lines_on_a_non_terminal(tmp_path, capsys):
    d = tmp_path / "subs"
    for sid in ("a", "b", "c"):
        write_nb(d / f"{sid}.ipynb", {"gmail": GMAIL})
    code = main(["grade", SPEC, str(d), "--out", str(tmp_path / "out"), "--jobs", "1", "--no-report"])
    err = capsys.readouterr().err
    assert code == 0
    assert "3/3" in err and "\r" not in err, err  # plain lines, not a bar redrawn in place


def test_progress_none_is_silent(tmp_path, capsys):
    d = tmp_path / "subs"
    write_nb(d / "a.ipynb", {"gmail": GMAIL})
    main(["grade", SPEC, str(d), "--out", str(tmp_path / "out"), "--no-report", "--progress", "none"])
    assert "1/1" not in capsys.readouterr().err


# ── failure 7: one status vocabulary, exit codes ──────────────────────────────────────────
def test_exit_0_when_every_row_is_graded_even_if_some_need_review(tmp_path, capsys):
    d = tmp_path / "subs"
    write_nb(d / "alice.ipynb", {"gmail": GMAIL})
    write_nb(d / "dup.ipynb", cells=[answer_cell("gmail", GMAIL), answer_cell("gmail", WEAK)])
    code = main(["grade", SPEC, str(d), "--out", str(tmp_path / "out"), "--no-report", "--quiet"])
    rows = {r[0]: r for r in _rows(tmp_path / "out" / "grades.csv")}
    assert rows["dup"][-3] == "needs_review" and code == 0


def test_a_yaml_mistake_and_a_python_syntax_error_get_the_same_status(tmp_path):
    """Failure 7: YAML mistake → error at 85, Python syntax error → ok at 85; both are needs_review now."""
    d = tmp_path / "subs"
    write_nb(d / "yaml.ipynb", {"gmail": "objectives:\n  - objective: [unclosed\n", "personal": PERSONAL})
    write_nb(d / "python.ipynb", cells=[code_cell('gmail = """\n' + GMAIL, "gmail"), answer_cell("personal", PERSONAL)])
    gb = grading.grade_class(SPEC, d, None, jobs=1, progress=False, report=False)
    rows = {r.student_id: r for r in gb.rows}
    assert rows["yaml"].status == rows["python"].status == "needs_review"
    assert rows["yaml"].total == rows["python"].total > 0


def test_the_status_constants_live_in_one_module():
    from okrkit.grade import status

    assert status.STATUSES == ("ok", "needs_review", "error", "missing")
    assert status.exit_code(["ok", "needs_review", "missing"]) == 0 and status.exit_code(["ok", "error"]) == 1
