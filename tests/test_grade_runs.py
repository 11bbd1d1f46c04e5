"""Issue 12 (core half): nbgrader assignment folders, progress on a non-terminal, one status vocabulary and exit
code, the gradebook's points-possible row, the report's tables, regrades (run.json, stale files, changes.csv) and
CSV cells a spreadsheet would run as formulas.

Every notebook here is generated in tmp_path (never under tests/, where nbval would run it).
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
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


# ── outputs: grades.csv's points-possible row, provenance, formulas ───────────────────────
def test_grades_csv_has_a_points_possible_row_naming_version_and_spec(tmp_path):
    from okrkit.assignment import load_assignment
    from okrkit.version import __version__

    hw = load_assignment(SPEC)
    d = tmp_path / "subs"
    write_nb(d / "alice.ipynb", {"gmail": GMAIL})
    grading.grade_class(SPEC, d, tmp_path / "out", jobs=1, progress=False, report=False)
    header, possible, alice = _rows(tmp_path / "out" / "grades.csv")
    assert possible[0] == "points possible" and float(possible[1]) == hw.max_points
    assert [float(v) for v in possible[2 : 2 + len(hw.questions)]] == [q.max_points for q in hw.questions]
    digest = hashlib.sha256(Path(hw.path).read_bytes()).hexdigest()
    assert f"okrkit {__version__}" in possible[-1] and digest[:16] in possible[-1]
    run = json.loads((tmp_path / "out" / "run.json").read_text())
    assert run["okrkit"] == __version__ and run["spec"]["sha256"] == digest
    assert alice[0] == "alice" and run["students"]["alice"]["status"] == "ok"


def test_csv_cells_a_spreadsheet_would_run_are_neutralised(tmp_path):
    from okrkit.files import csv_text, spreadsheet_cell

    d = tmp_path / "subs"
    for sid in ("=HYPERLINK(1)", "+cmd", "-2+3", "@SUM(A1)"):
        write_nb(d / f"{sid}.ipynb", {"gmail": WEAK})
    grading.grade_class(SPEC, d, tmp_path / "out", jobs=1, progress=False, report=False)
    for name in ("grades.csv", "findings.csv"):
        rows = _rows(tmp_path / "out" / name)[1:]
        assert rows and all(not cell.startswith(("=", "+", "-", "@", "\t", "\r")) for r in rows for cell in r), name
    ids = {r[0] for r in _rows(tmp_path / "out" / "grades.csv")[2:]}
    assert ids == {"'=HYPERLINK(1)", "'+cmd", "'-2+3", "'@SUM(A1)"}
    assert spreadsheet_cell(-3.5) == -3.5 and spreadsheet_cell("-3.5") == "-3.5" and spreadsheet_cell(12) == 12
    assert csv_text([["\tx", "\rx", None, 1.5]]).startswith("'\tx,'\rx,,1.5")


def test_every_csv_writer_goes_through_the_one_helper():
    """grep: no module of okrkit writes CSV with its own csv.writer (the helper neutralises formulas)."""
    root = Path(__file__).resolve().parents[1] / "okrkit"
    writers = [
        p.relative_to(root).as_posix()
        for p in root.rglob("*.py")
        if ("csv.writer(" in p.read_text(encoding="utf-8") or "DictWriter(" in p.read_text(encoding="utf-8"))
    ]
    assert writers == ["files.py"]


# ── failure 2: regrades ───────────────────────────────────────────────────────────────────
def test_a_regrade_removes_files_of_students_no_longer_present_and_nothing_else(tmp_path):
    d, out = tmp_path / "subs", tmp_path / "out"
    write_nb(d / "alice.ipynb", {"gmail": GMAIL})
    write_nb(d / "bob.ipynb", {"gmail": WEAK})
    grading.grade_class(SPEC, d, out, jobs=1, progress=False, report=False)
    assert (out / "feedback" / "bob.html").is_file() and (out / "gradescope" / "bob" / "results.json").is_file()
    (out / "feedback" / "notes-by-me.txt").write_text("mine")
    (out / "gradescope" / "bob" / "extra.txt").write_text("mine too")
    (d / "bob.ipynb").unlink()
    gb = grading.grade_class(SPEC, d, out, jobs=1, progress=False, report=False)
    assert not (out / "feedback" / "bob.html").exists() and not (out / "feedback" / "bob.md").exists()
    assert not (out / "gradescope" / "bob" / "results.json").exists()
    assert (out / "feedback" / "notes-by-me.txt").read_text() == "mine"
    assert (out / "gradescope" / "bob" / "extra.txt").read_text() == "mine too"
    assert "feedback/bob.html" in gb.removed and (out / "feedback" / "alice.html").is_file()
    run = json.loads((out / "run.json").read_text())
    assert "feedback/bob.html" not in run["files"] and "feedback/alice.html" in run["files"]
    assert sorted(run["students"]) == ["alice"]


def test_a_regrade_after_a_spec_edit_writes_changes_csv(tmp_path):
    spec_dir = tmp_path / "assignment-03"
    spec_dir.mkdir()
    from okrkit.assignment import load_assignment

    text = Path(load_assignment(SPEC).path).read_text(encoding="utf-8")
    (spec_dir / "assignment.yaml").write_text(text, encoding="utf-8")
    d, out = tmp_path / "subs", tmp_path / "out"
    write_nb(d / "alice.ipynb", {"gmail": GMAIL})
    write_nb(d / "bob.ipynb", {"gmail": WEAK})
    grading.grade_class(spec_dir, d, out, jobs=1, progress=False, report=False)
    assert _rows(out / "changes.csv") == [["id", "item", "old", "new", "why"]]  # nothing to compare with yet
    first = {r[0]: r for r in _rows(out / "grades.csv")}
    # the instructor edits the spec: the quality rubric no longer ignores anything and one example changes
    edited = text.replace("points: 100", "points: 100  # edited", 1)
    assert edited != text
    (spec_dir / "assignment.yaml").write_text(edited, encoding="utf-8")
    write_nb(d / "carol.ipynb", {"gmail": GMAIL})
    write_nb(d / "bob.ipynb", {"gmail": GMAIL})  # bob resubmits
    grading.grade_class(spec_dir, d, out, jobs=1, progress=False, report=False)
    changes = _rows(out / "changes.csv")
    assert changes[0] == ["id", "item", "old", "new", "why"]
    by = {(r[0], r[1]): r for r in changes[1:]}
    assert by[("carol", "total")][2:] == ["", by[("carol", "total")][3], "new submission"]
    bob = by[("bob", "total")]
    assert bob[2] == first["bob"][1] and bob[3] != bob[2]
    assert "the submission changed" in bob[4] and "the assignment spec changed" in bob[4]
    assert ("alice", "total") not in by  # same answer, same points: not listed


# ── failure 7: feedback pages say each summary once ───────────────────────────────────────
def test_feedback_pages_show_each_question_summary_once(tmp_path):
    from okrkit.assignment import load_assignment

    hw = load_assignment(SPEC)
    d = tmp_path / "subs"
    write_nb(d / "alice.ipynb", {"gmail": GMAIL, "personal": PERSONAL})
    grading.grade_class(SPEC, d, tmp_path / "out", jobs=1, progress=False, report=False)
    result = hw.check_all({"gmail": GMAIL, "personal": PERSONAL})
    page = (tmp_path / "out" / "feedback" / "alice.html").read_text(encoding="utf-8")
    text = (tmp_path / "out" / "feedback" / "alice.md").read_text(encoding="utf-8")
    from okrkit.render.markdown import md
    from okrkit.render.theme import esc

    for r in result.results.values():
        assert page.count(esc(r.summary)) == 1, r.question
        assert text.count(md(r.summary)) == 1, r.question
    assert 'href="#q-gmail"' in page


def test_rows_can_be_adjusted_between_grading_and_writing(tmp_path, monkeypatch):
    """grade.batch.adjust is the one boundary where a roster, overrides or a late policy change rows: what it
    changes is what grades.csv, run.json and the report say."""

    def late(gb, assignment, staging=None, release=None):  # the hook also gets the run's release (roster, …)
        assert release is None  # grade_class was given none
        for r in gb.rows:
            r.total, r.note = 1.0, "late: 2 days"
        staging.write("feedback/alice.md", "adjusted\n")
        return ()  # the names of extra files it staged (LMS exports)

    monkeypatch.setattr(grading, "adjust", late)
    d = tmp_path / "subs"
    write_nb(d / "alice.ipynb", {"gmail": GMAIL})
    grading.grade_class(SPEC, d, tmp_path / "out", jobs=1, progress=False)
    alice = _rows(tmp_path / "out" / "grades.csv")[2]
    assert alice[1] == "1" and alice[-1] == "late: 2 days"
    assert json.loads((tmp_path / "out" / "run.json").read_text())["students"]["alice"]["total"] == 1.0
    assert "late: 2 days" in (tmp_path / "out" / "report.html").read_text(encoding="utf-8")
    assert (tmp_path / "out" / "feedback" / "alice.md").read_text() == "adjusted\n"
