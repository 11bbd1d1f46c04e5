"""okrkit.grade: finding submissions, grading a class, the gradebook, atomic and repeatable outputs, the CLI.

Every notebook here is generated in tmp_path: a .ipynb left under tests/ would be executed by nbval.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
from pathlib import Path

import pytest

from okrkit.assignment import load_assignment
from okrkit.cli import main
from okrkit.files import atomic_write
from okrkit.grade import batch as grading

SPEC = "assignment-03"

GMAIL = (
    "period: 2026-Q3\nobjectives:\n  - objective: Writing an email on the web feels effortless\n"
    "    aligns_to: G1\n    key_results:\n"
    "      - Reduce the median time to send a new message from 90 seconds to 60 seconds by 2026-09-30\n"
    "      - Increase the share of drafts that get sent from 40% to 55% by 2026-09-30\n"
)
WEAK = "objectives:\n  - objective: Launch the new composer\n    key_results:\n      - Ship the redesign\n"
PERSONAL = (
    "level: individual\nobjectives:\n  - objective: Know the product and the people behind it\n"
    "    key_results:\n      - Meet 10 customers by day 30\n      - Shadow 5 support calls by day 30\n"
)


# ── helpers shared by the grading test files ─────────────────────────────────────────────
def code_cell(source: str, qid: str | None = None) -> dict:
    """A code cell, tagged as an answer when qid is given."""
    meta = {"okrkit": {"answer": qid}} if qid else {}
    return {"cell_type": "code", "metadata": meta, "source": source, "outputs": [], "execution_count": None}


def markdown_cell(source: str, qid: str | None = None) -> dict:
    """A markdown cell, tagged as an answer when qid is given."""
    return {"cell_type": "markdown", "metadata": {"okrkit": {"answer": qid}} if qid else {}, "source": source}


def answer_cell(qid: str, text: str) -> dict:
    """The answer cell as the assignment notebook has it: `qid = \"\"\" ... \"\"\"`."""
    return code_cell(f'{qid} = """\n{text}"""', qid)


def notebook(cells: list[dict], nbformat: int = 4) -> dict:
    """A notebook document around cells."""
    return {"nbformat": nbformat, "nbformat_minor": 5, "metadata": {}, "cells": cells}


def write_nb(path: Path, answers: dict[str, str] | None = None, cells: list[dict] | None = None) -> Path:
    """Write a notebook with these answers (or these cells) to path."""
    if cells is None:
        cells = [markdown_cell("# Assignment")] + [answer_cell(q, t) for q, t in (answers or {}).items()]
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(notebook(cells), indent=1), encoding="utf-8")
    return path


def hashes(folder: Path) -> dict[str, str]:
    """sha256 of every file under folder, by relative path."""
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def read_csv(path: Path) -> list[dict]:
    """grades.csv as a list of dicts, students only (without the points-possible row under the header)."""
    rows = list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"))))
    return [r for r in rows if r.get("id") != "points possible"]


@pytest.fixture(scope="module")
def hw():
    return load_assignment(SPEC)


@pytest.fixture
def cls(tmp_path) -> Path:
    """A small flat class: three graded students of different quality."""
    d = tmp_path / "subs"
    write_nb(d / "alice.ipynb", {"gmail": GMAIL, "personal": PERSONAL})
    write_nb(d / "bob.ipynb", {"gmail": WEAK})
    write_nb(d / "carol.ipynb", {"gmail": GMAIL, "prime": WEAK, "personal": PERSONAL})
    return d


# ── finding submissions ───────────────────────────────────────────────────────────────────
def test_flat_folder_ids_are_file_stems_sorted(tmp_path):
    for name in ("zoe", "Adam", "mia"):
        write_nb(tmp_path / f"{name}.ipynb", {"gmail": GMAIL})
    (tmp_path / ".hidden.ipynb").write_text("{}")
    (tmp_path / "notes.txt").write_text("not a notebook")
    (tmp_path / ".ipynb_checkpoints").mkdir()
    write_nb(tmp_path / ".ipynb_checkpoints" / "zoe-checkpoint.ipynb", {"gmail": GMAIL})
    subs = grading.find_submissions(tmp_path, SPEC)
    assert [s.student_id for s in subs] == sorted(["zoe", "Adam", "mia"])
    assert all(len(s.paths) == 1 and not s.missing for s in subs)


def test_nbgrader_layout_and_missing_student(tmp_path):
    root = tmp_path / "course"
    write_nb(root / "submitted" / "s2" / SPEC / "assignment-03.ipynb", {"gmail": GMAIL})
    write_nb(root / "submitted" / "s1" / SPEC / "assignment-03.ipynb", {"gmail": WEAK})
    write_nb(root / "submitted" / "s1" / "assignment-01" / "other.ipynb", {"gmail": WEAK})
    (root / "submitted" / "s3" / SPEC).mkdir(parents=True)  # folder, no notebook
    write_nb(root / "submitted" / "s4" / "assignment-01" / "other.ipynb", {"gmail": WEAK})  # not this assignment
    for folder in (root, root / "submitted"):
        subs = grading.find_submissions(folder, SPEC)
        assert [s.student_id for s in subs] == ["s1", "s2", "s3", "s4"]
        by = {s.student_id: s for s in subs}
        assert [p.name for p in by["s1"].paths] == ["assignment-03.ipynb"]
        assert by["s3"].missing and by["s4"].missing
        assert by["s3"].where == f"s3/{SPEC}/"


def test_student_folders_without_assignment_level(tmp_path):
    write_nb(tmp_path / "ann" / "work.ipynb", {"gmail": GMAIL})
    (tmp_path / "ben").mkdir()
    subs = grading.find_submissions(tmp_path, SPEC)
    assert [(s.student_id, s.missing) for s in subs] == [("ann", False), ("ben", True)]


@pytest.mark.parametrize("setup", ["nothing", "no_notebooks", "not_a_folder"])
def test_unusable_submission_folders(tmp_path, setup):
    target = tmp_path / "subs"
    if setup == "no_notebooks":
        (target / "ann").mkdir(parents=True)
        (target / "notes.txt").write_text("x")
    elif setup == "nothing":
        target.mkdir()
    with pytest.raises(grading.GradingError) as exc:
        grading.find_submissions(target, SPEC)
    assert str(target) in str(exc.value)


# ── grading a class ───────────────────────────────────────────────────────────────────────
def test_grade_class_matches_the_students_own_check(cls, tmp_path, hw):
    (cls / "dan").mkdir()  # a student with no notebook
    out = tmp_path / "out"
    gb = grading.grade_class(SPEC, cls, out, jobs=2, progress=False)
    rows = read_csv(out / "grades.csv")
    assert list(rows[0]) == ["id", "total", *[q.id for q in hw.questions], "status", "message", "note"]
    assert [r["id"] for r in rows] == ["alice", "bob", "carol", "dan"]
    answers = {
        "alice": {"gmail": GMAIL, "personal": PERSONAL},
        "bob": {"gmail": WEAK},
        "carol": {"gmail": GMAIL, "prime": WEAK, "personal": PERSONAL},
    }
    for r in rows[:3]:
        expected = hw.check_all(answers[r["id"]])
        assert r["status"] == "ok", r
        assert float(r["total"]) == pytest.approx(expected.points)
        for q in hw.questions:
            assert float(r[q.id]) == pytest.approx(expected.results[q.id].points)
    assert rows[3]["status"] == "missing" and rows[3]["total"] == "" and "no notebook" in rows[3]["message"]
    assert gb.counts() == {"ok": 3, "needs_review": 0, "error": 0, "missing": 1}
    for sid in ("alice", "bob", "carol", "dan"):
        assert (out / "feedback" / f"{sid}.html").is_file() and (out / "feedback" / f"{sid}.md").is_file()
    assert sorted(p.name for p in (out / "gradescope").iterdir()) == ["alice", "bob", "carol"]
    assert (out / "report.html").is_file()
    assert not [p for p in out.iterdir() if p.name.startswith(".")], "staging files left behind"


def test_feedback_teaches_and_matches_the_check(cls, tmp_path, hw):
    out = tmp_path / "out"
    grading.grade_class(SPEC, cls, out, jobs=1, progress=False)
    result = hw.check_all({"gmail": WEAK})
    md = (out / "feedback" / "bob.md").read_text(encoding="utf-8")
    page = (out / "feedback" / "bob.html").read_text(encoding="utf-8")
    flagged = [f for r in result.results.values() for f in r.findings if f.flagged]
    assert flagged, "the weak answer should raise findings"
    for f in flagged:
        assert f.code in md and f.code in page
    assert "Fix:" in md and "Lesson:" in md
    assert "<script" not in page and "http" not in page.split("<body>", 1)[1]
    assert page.startswith("<!DOCTYPE html>")


def test_gradebook_summary_counts_mean_median_and_findings(cls, tmp_path):
    write_nb(cls / "eve.ipynb", cells=[markdown_cell("no answers here")])
    gb = grading.grade_class(SPEC, cls, None, jobs=1, progress=False)
    totals = [r.total for r in gb.rows if r.status == "ok"]
    assert gb.counts() == {"ok": 3, "needs_review": 0, "error": 1, "missing": 0}
    assert gb.mean() == pytest.approx(round(sum(totals) / len(totals), 2))
    text = gb.summary()
    assert "3 ok, 0 needs_review, 1 error, 0 missing" in text
    assert f"mean {gb.mean():g}" in text and f"median {gb.median():g}" in text
    top = gb.top_findings(3)
    assert top and top[0]["code"] in text
    assert top == sorted(top, key=lambda t: (-t["count"], t["code"]))
    assert "eve" in text  # errors are listed
    assert list(gb.table().columns)[:2] == ["total", "gmail"]


def test_out_folder_inside_submissions_is_not_a_student(cls):
    out = cls / "graded"
    grading.grade_class(SPEC, cls, out, jobs=1, progress=False, report=False)
    gb = grading.grade_class(SPEC, cls, out, jobs=1, progress=False, report=False)
    assert [r.student_id for r in gb.rows] == ["alice", "bob", "carol"]


# ── repeatable, atomic, read-only ─────────────────────────────────────────────────────────
def test_same_input_gives_byte_identical_outputs(cls, tmp_path):
    (cls / "dan").mkdir()
    (cls / "broken.ipynb").write_text('{"cells": [', encoding="utf-8")
    a, b = tmp_path / "a", tmp_path / "b"
    grading.grade_class(SPEC, cls, a, jobs=2, progress=False)
    first = hashes(a)
    grading.grade_class(SPEC, cls, b, jobs=1, progress=False)
    assert hashes(b) == first
    grading.grade_class(SPEC, cls, a, jobs=2, progress=False)  # again, into the same folder
    assert hashes(a) == first
    assert {"grades.csv", "report.html", "feedback/alice.html", "gradescope/alice/results.json"} <= set(first)


def test_submissions_are_never_modified(cls, tmp_path):
    (cls / "broken.ipynb").write_bytes(b"\x00\x01binary")
    before = hashes(cls)
    stats = {p: p.stat().st_mtime_ns for p in cls.iterdir()}
    grading.grade_class(SPEC, cls, tmp_path / "out", jobs=2, progress=False)
    assert hashes(cls) == before
    assert {p: p.stat().st_mtime_ns for p in cls.iterdir()} == stats
    assert sorted(p.name for p in cls.iterdir()) == ["alice.ipynb", "bob.ipynb", "broken.ipynb", "carol.ipynb"]


def test_a_failed_run_leaves_the_previous_gradebook_whole(cls, tmp_path, monkeypatch):
    out = tmp_path / "out"
    grading.grade_class(SPEC, cls, out, jobs=1, progress=False)
    before = hashes(out)
    write_nb(cls / "zed.ipynb", {"gmail": GMAIL})
    from okrkit.grade import report

    def boom(gb):
        raise RuntimeError("report failed")

    monkeypatch.setattr(report, "report_html", boom)
    with pytest.raises(RuntimeError):
        grading.grade_class(SPEC, cls, out, jobs=1, progress=False)
    assert hashes(out) == before  # nothing half-written, no zed files
    assert sorted(p.name for p in out.iterdir()) == [
        "changes.csv",
        "feedback",
        "findings.csv",
        "grades.csv",
        "gradescope",
        "report.html",
        "run.json",
    ]


def test_atomic_write_replaces_whole_or_not_at_all(tmp_path, monkeypatch):
    target = tmp_path / "f.txt"
    atomic_write(target, "old\n")
    assert target.read_text() == "old\n"

    def fail(src, dst):
        raise OSError("disk full")

    monkeypatch.setattr(grading.os, "replace", fail)
    with pytest.raises(OSError):
        atomic_write(target, "new\n")
    assert target.read_text() == "old\n"
    assert [p.name for p in tmp_path.iterdir()] == ["f.txt"]  # no temp file left


# ── the command line ──────────────────────────────────────────────────────────────────────
def test_cli_exit_0_when_all_graded(cls, tmp_path, capsys):
    code = main(["grade", SPEC, str(cls), "--out", str(tmp_path / "out"), "--jobs", "2"])
    out, err = capsys.readouterr()
    assert code == 0
    assert "3 ok, 0 needs_review, 0 error, 0 missing" in out and "mean" in out and "median" in out
    assert "%|" not in err and "nb/s" not in err  # no progress bar when stderr is not a terminal


def test_cli_exit_1_when_a_row_is_an_error(cls, tmp_path, capsys):
    (cls / "broken.ipynb").write_text("not json", encoding="utf-8")
    code = main(["grade", SPEC, str(cls), "--out", str(tmp_path / "out"), "--quiet"])
    out, err = capsys.readouterr()
    assert code == 1 and out == ""
    rows = {r["id"]: r for r in read_csv(tmp_path / "out" / "grades.csv")}
    assert rows["broken"]["status"] == "error" and rows["alice"]["status"] == "ok"


@pytest.mark.parametrize(
    "args",
    [
        ["grade", "no-such-assignment", "{subs}", "--out", "{out}"],
        ["grade", SPEC, "{tmp}/nowhere", "--out", "{out}"],
        ["grade", SPEC, "{subs}", "--out", "{subs}/alice.ipynb"],
        ["grade", SPEC, "{subs}", "--out", "{out}", "--jobs", "0"],
        ["grade", SPEC, "{subs}", "--out", "{out}", "--max-size", "-1"],
        ["grade", SPEC, "{subs}"],
    ],
)
def test_cli_exit_2_on_unusable_arguments(cls, tmp_path, capsys, args):
    argv = [a.format(subs=cls, out=tmp_path / "out", tmp=tmp_path) for a in args]
    try:
        code = main(argv)
    except SystemExit as exc:  # argparse rejects some arguments itself
        code = exc.code
    assert code == 2
    assert capsys.readouterr().err.strip()
    assert not (tmp_path / "out" / "grades.csv").exists()


def test_cli_help_lists_grade_and_gradescope(capsys):
    with pytest.raises(SystemExit):
        main(["--help"])
    out = capsys.readouterr().out
    assert "grade" in out and "gradescope" in out


def test_progress_bar_is_tqdm_and_can_be_forced(cls, capsys):
    grading.grade_class(SPEC, cls, None, jobs=1, progress=True)
    err = capsys.readouterr().err
    assert "3/3" in err


def test_importing_the_cli_plugin_stays_light():
    import subprocess
    import sys

    code = (
        "import sys, okrkit.cli, okrkit.cli.grade, okrkit.grade.batch; okrkit.cli.build_parser(); "
        "print(sorted(m for m in ('pandas', 'altair', 'tqdm', 'vl_convert') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


def test_grading_without_the_report_never_loads_pandas_or_altair(cls):
    """Workers are started from a light parent: the heavy libraries load only to write report.html."""
    import subprocess
    import sys

    code = (
        "import sys; from okrkit.grade import batch as grading; "
        f"grading.grade_class({SPEC!r}, {str(cls)!r}, None, jobs=2, progress=False, report=False); "
        "print(sorted(m for m in ('pandas', 'altair', 'vl_convert', 'ipywidgets') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


def test_yaml_block_in_markdown_grades_like_a_code_answer(tmp_path):
    """DESIGN.md: an answer may be a fenced yaml block in a markdown cell; that row is ok, not an error."""
    cls = tmp_path / "class"
    cls.mkdir()
    write_nb(cls / "code.ipynb", {"gmail": GMAIL})
    write_nb(cls / "md.ipynb", cells=[markdown_cell(f"My answer:\n\n```yaml\n{GMAIL}```\n", "gmail")])
    gb = grading.grade_class(SPEC, cls, None, jobs=1, progress=False)
    rows = {r.student_id: r for r in gb.rows}
    assert rows["md"].status == "ok", rows["md"].message
    assert rows["md"].points["gmail"] == rows["code"].points["gmail"] > 0


def test_unanswered_question_message_says_why(tmp_path):
    """A wrong-type answer is unanswered; the gradebook message carries the reader's reason, not just the id."""
    cls = tmp_path / "class"
    cls.mkdir()
    nb = write_nb(cls / "num.ipynb", {"gmail": GMAIL})
    data = json.loads(nb.read_text())
    for cell in data["cells"]:
        if cell.get("metadata", {}).get("okrkit", {}).get("answer") == "gmail":
            cell["source"] = "gmail = 42"
    nb.write_text(json.dumps(data))
    gb = grading.grade_class(SPEC, cls, None, jobs=1, progress=False)
    (row,) = gb.rows
    assert row.message.startswith("no answer for: gmail") and "is a number, not text" in row.message


def test_the_summary_names_only_what_was_written(tmp_path):
    cls = tmp_path / "class"
    write_nb(cls / "alice.ipynb", {"gmail": GMAIL})
    without = grading.grade_class(SPEC, cls, tmp_path / "a", jobs=1, progress=False, report=False)
    assert "report.html" not in str(without) and not (tmp_path / "a" / "report.html").exists()
    with_report = grading.grade_class(SPEC, cls, tmp_path / "b", jobs=1, progress=False)
    assert "report.html" in str(with_report) and (tmp_path / "b" / "report.html").is_file()


def test_findings_csv_lists_every_flagged_finding_by_student_and_question(tmp_path):
    cls = tmp_path / "class"
    write_nb(cls / "alice.ipynb", {"gmail": GMAIL})
    write_nb(cls / "bob.ipynb", {"gmail": WEAK})
    gb = grading.grade_class(SPEC, cls, tmp_path / "out", jobs=1, progress=False, report=False)
    rows = read_csv(tmp_path / "out" / "findings.csv")
    flagged = [(r.student_id, *f) for r in gb.rows for f in r.findings]
    assert [tuple(r.values()) for r in rows] == flagged and flagged, "one line per flagged finding"
    assert {r["id"] for r in rows} <= {"alice", "bob"} and all(r["code"].startswith("OKR") for r in rows)
