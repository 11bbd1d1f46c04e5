"""Releasing grades (issue 12): roster, LMS exports, overrides and late penalties applied to a graded class."""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from okrkit.assignment import load_assignment
from okrkit.assignment.release import parse_amount, parse_moment
from okrkit.assignment.spec import SpecError, parse_spec
from okrkit.cli import main
from okrkit.grade import batch as grading
from okrkit.grade.export import CANVAS_COLUMNS, KINDS, NBGRADER_COLUMNS
from okrkit.grade.late import TimesError, late_penalty, read_times
from okrkit.grade.overrides import OverrideError
from okrkit.grade.release import insert_html, insert_md, load_release
from okrkit.grade.roster import RosterError, read_roster
from tests.test_grading import GMAIL, PERSONAL, SPEC, WEAK, write_nb

ROOT = Path(__file__).resolve().parents[1]
CLASS = ROOT / "data" / "sample-class"
RELEASE = ROOT / "data" / "release"  # the roster, overrides, times and late policy docs/instructors.md uses
SPEC_FILE = Path(load_assignment(SPEC).path)
HW = load_assignment(SPEC)


def rows_of(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


def students_of(grades: Path) -> list[dict[str, str]]:
    """grades.csv's student rows: the points-possible row under the header (issue 12's core half) checked, then
    left out."""
    rows = rows_of(grades.read_text(encoding="utf-8"))
    assert rows[0]["id"] == "points possible" and float(rows[0]["total"]) == HW.max_points
    return rows[1:]


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def spec_with(tmp_path: Path, extra: str) -> Path:
    """assignment-03's spec with extra top-level YAML appended."""
    return write(tmp_path / "spec" / "assignment.yaml", SPEC_FILE.read_text(encoding="utf-8") + "\n" + extra)


def grade(tmp_path: Path, subs: Path, *args: str, spec: str | Path = SPEC) -> tuple[int, Path]:
    out = tmp_path / "out"
    code = main(["grade", str(spec), str(subs), "--out", str(out), "--no-report", "--jobs", "1", "--quiet", *args])
    return code, out


# ── roster and LMS exports ────────────────────────────────────────────────────────────────
@pytest.fixture(scope="module")
def sample_class_export(tmp_path_factory):
    """The sample class graded with data/release's Canvas-style roster (every student and one who submitted
    nothing) and its overrides (one names the student by the roster's email)."""
    out = tmp_path_factory.mktemp("canvas") / "out"
    args = ["grade", SPEC, str(CLASS), "--out", str(out), "--no-report", "--jobs", "2", "--quiet"]
    code = main(
        [*args, "--roster", str(RELEASE / "roster.csv"), "--overrides", str(RELEASE / "overrides.csv")]
        + ["--export", "canvas", "--export", "moodle", "--export", "nbgrader"]
    )
    return code, out, sorted(p.stem for p in CLASS.glob("*.ipynb"))


def test_canvas_export_of_the_sample_class_has_canvas_columns_and_parses_back(sample_class_export):
    code, out, names = sample_class_export
    assert code in (0, 1)  # graded (the sample class holds notebooks that are errors on purpose)
    text = (out / "canvas.csv").read_text(encoding="utf-8")
    header = next(csv.reader(io.StringIO(text)))
    assert header == [*CANVAS_COLUMNS, HW.title]
    assert list(CANVAS_COLUMNS) == ["Student", "ID", "SIS User ID", "SIS Login ID", "Section"]
    rows = rows_of(text)
    assert rows[0]["Student"] == "Points Possible" and float(rows[0][HW.title]) == HW.max_points
    students = rows[1:]
    assert [r["SIS Login ID"] for r in students] == [*names, "zoe-young"]  # roster order, each once
    assert all(r["ID"] or r["SIS User ID"] or r["SIS Login ID"] for r in students)  # what Canvas matches rows by
    book = {r["id"]: r for r in rows_of((out / "grades.csv").read_text(encoding="utf-8"))}
    for r in students:
        row = book[r["SIS Login ID"]]
        if row["status"] in ("ok", "needs_review"):
            assert float(r[HW.title]) == pytest.approx(float(row["total"]))
        else:
            assert r[HW.title] == ""  # no grade sent for a submission a person must look at, or a missing one
    assert book["zoe-young"]["status"] == "missing" and "roster" in book["zoe-young"]["message"]
    assert book["strong-01"]["sis_user_id"] and book["strong-01"]["section"].startswith("Section")
    assert float(book["weak-02"]["gmail"]) == 9 and "Graded by hand" in book["weak-02"]["overrides"]
    assert float(book["wrong-type-list"]["prime"]) == 4  # named by email in the overrides file


def test_moodle_and_nbgrader_exports(sample_class_export):
    _, out, names = sample_class_export
    moodle = rows_of((out / "moodle.csv").read_text(encoding="utf-8"))
    assert list(moodle[0]) == ["Email address", HW.title]
    emails = {f"{n}@students.example.edu" for n in [*names, "zoe-young"]}
    assert {r["Email address"] for r in moodle} == emails
    nb_text = (out / "nbgrader.csv").read_text(encoding="utf-8")
    assert next(csv.reader(io.StringIO(nb_text))) == list(NBGRADER_COLUMNS)
    nb = {r["student_id"]: r for r in rows_of(nb_text)}
    assert nb["zoe-young"]["score"] == "0" and nb["zoe-young"]["last_name"] == "Young"
    assert nb["zoe-young"]["first_name"] == "Zoe" and float(nb["strong-01"]["max_score"]) == HW.max_points


def test_canvas_export_without_roster_says_what_to_do(tmp_path, capsys):
    write_nb(tmp_path / "subs" / "ann.ipynb", {"gmail": GMAIL})
    code, out = grade(tmp_path, tmp_path / "subs", "--export", "canvas")
    assert code == 2 and "--roster" in capsys.readouterr().err
    assert not out.exists()  # refused before grading


def test_the_lms_column_name_can_be_given(tmp_path):
    write_nb(tmp_path / "subs" / "ann.ipynb", {"gmail": GMAIL})
    roster = write(tmp_path / "r.csv", "Student,ID,SIS User ID,SIS Login ID,Section\nAnn,1,s1,ann,A\n")
    code, out = grade(tmp_path, tmp_path / "subs", "--roster", str(roster), "--export", "canvas",
                      "--lms-column", "Assignment 03 (123456)")  # fmt: skip
    assert code == 0
    header = next(csv.reader(io.StringIO((out / "canvas.csv").read_text(encoding="utf-8"))))
    assert header[-1] == "Assignment 03 (123456)"


def test_exports_neutralise_formula_cells_through_the_one_csv_writer(tmp_path):
    """Roster names and submission names are student-controlled: every export writes them through
    okrkit.files.csv_text, so a spreadsheet shows '=…' as text; a negative-looking number stays a number."""
    write_nb(tmp_path / "subs" / "@ann.ipynb", {"gmail": GMAIL})
    roster = write(
        tmp_path / "r.csv",
        'Student,ID,SIS User ID,SIS Login ID,Section,Email\n"=HYPERLINK(""http://x"";""y""), Ann",-7,s1,@ann,+A,a@x\n',
    )
    code, out = grade(tmp_path, tmp_path / "subs", "--roster", str(roster), *[f"--export={k}" for k in KINDS])
    assert code == 0
    canvas = list(csv.reader(io.StringIO((out / "canvas.csv").read_text(encoding="utf-8"))))[2]
    assert canvas[:5] == ['\'=HYPERLINK("http://x";"y"), Ann', "-7", "s1", "'@ann", "'+A"]
    nb = rows_of((out / "nbgrader.csv").read_text(encoding="utf-8"))[0]
    assert nb["student_id"] == "'@ann" and nb["last_name"].startswith("'=HYPERLINK")
    moodle = rows_of((out / "moodle.csv").read_text(encoding="utf-8"))[0]
    assert moodle["Email address"] == "a@x" and float(moodle[HW.title]) == pytest.approx(
        HW.check("gmail", GMAIL).points
    )


def test_times_without_a_late_policy_stop_before_grading(tmp_path, capsys):
    write_nb(tmp_path / "subs" / "ann.ipynb", {"gmail": GMAIL})
    times = write(tmp_path / "t.csv", "student,submitted\nann,2026-10-03 02:30 UTC\n")
    code, out = grade(tmp_path, tmp_path / "subs", "--times", str(times))
    assert code == 2 and "no late policy" in capsys.readouterr().err and not out.exists()


def test_roster_column_aliases(tmp_path):
    path = write(
        tmp_path / "r.csv",
        "First name,Last name,ID number,Username,Email address\nPoints Possible,,,,\nAnn,Lee,77,alee,ann@x.org\n",
    )
    r = read_roster(path)
    s = r.find("alee")
    assert s is not None and s.sis_user_id == "77" and s.email == "ann@x.org" and s.split_name() == ("Lee", "Ann")
    assert r.find("ANN") is s and r.find("ann@x.org") is s and r.find("77") is s
    assert len(r.students) == 1  # Canvas's "Points Possible" row is not a student


@pytest.mark.parametrize(
    "text, line, words",
    [
        ("Name,Section\nAnn,A\n", 1, "SIS Login ID"),
        ("Name,Login\nAnn,ann\nBo,ann\n", 3, "also on line 2"),
        ("Name,Login,Email\nAnn,,\n", 2, "no id"),
        ("", 1, "empty"),
    ],
)
def test_roster_errors_are_located(tmp_path, text, line, words):
    path = write(tmp_path / "roster.csv", text)
    with pytest.raises(RosterError) as exc:
        read_roster(path)
    assert exc.value.line == line and words in str(exc.value) and str(path) in str(exc.value)


def test_unmatched_submissions_are_kept_and_listed(tmp_path, capsys):
    write_nb(tmp_path / "subs" / "ann.ipynb", {"gmail": GMAIL})
    write_nb(tmp_path / "subs" / "stranger.ipynb", {"gmail": WEAK})
    roster = write(tmp_path / "r.csv", "Student,SIS Login ID\nAnn,ann\n")
    out = tmp_path / "out"
    assert main(["grade", SPEC, str(tmp_path / "subs"), "--out", str(out), "--no-report", "--jobs", "1",
                 "--roster", str(roster)]) == 0  # fmt: skip
    assert "not on the roster (1): stranger" in capsys.readouterr().out
    assert {r["id"] for r in students_of(out / "grades.csv")} == {"ann", "stranger"}


# ── overrides ─────────────────────────────────────────────────────────────────────────────
def test_overrides_apply_at_every_run_and_show_with_their_reason(tmp_path):
    write_nb(tmp_path / "subs" / "ann.ipynb", {"gmail": WEAK, "personal": PERSONAL})
    write_nb(tmp_path / "subs" / "bo.ipynb", {"gmail": GMAIL})
    ov = write(tmp_path / "ov.csv", "student,question,points,reason\nann,gmail,12,Graded by hand: see my note\n")
    before = HW.check_all({"gmail": WEAK, "personal": PERSONAL})
    for _ in range(2):  # a regrade into the same folder applies the file again
        code, out = grade(tmp_path, tmp_path / "subs", "--overrides", str(ov))
        assert code == 0
        book = {r["id"]: r for r in rows_of((out / "grades.csv").read_text(encoding="utf-8"))}
        ann = book["ann"]
        assert float(ann["gmail"]) == 12
        assert float(ann["total"]) == pytest.approx(before.points - before.results["gmail"].points + 12)
        assert "gmail:" in ann["overrides"] and "Graded by hand" in ann["overrides"] and book["bo"]["overrides"] == ""
    page = (out / "feedback" / "ann.md").read_text(encoding="utf-8")
    assert "set by your instructor: Graded by hand: see my note" in page
    assert f"{ann['total']} / 100 points after the changes below" in page
    assert "Graded by hand" in (out / "feedback" / "ann.html").read_text(encoding="utf-8")
    assert "Graded by hand" not in (out / "feedback" / "bo.md").read_text(encoding="utf-8")
    results = json.loads((out / "gradescope" / "ann" / "results.json").read_text(encoding="utf-8"))
    assert results["score"] == pytest.approx(float(ann["total"]))
    assert results["score"] == pytest.approx(sum(t["score"] for t in results["tests"]))


def test_an_override_gives_an_ungradable_submission_a_grade_to_export(tmp_path):
    write_nb(tmp_path / "subs" / "ann.ipynb", {"gmail": GMAIL})
    (tmp_path / "subs" / "bo.ipynb").write_text('{"cells": [', encoding="utf-8")  # truncated: an error row
    ov = write(tmp_path / "ov.csv", "student,question,points,reason\nbo,gmail,7,Graded from the PDF you emailed\n")
    code, out = grade(tmp_path, tmp_path / "subs", "--overrides", str(ov), "--export", "moodle")
    assert code == 1  # the row is still an error: the notebook itself could not be read
    grades = {r["Username"]: r[HW.title] for r in rows_of((out / "moodle.csv").read_text(encoding="utf-8"))}
    assert grades["bo"] == "7" and float(grades["ann"]) == pytest.approx(HW.check("gmail", GMAIL).points)


def test_overrides_in_yaml(tmp_path):
    write_nb(tmp_path / "subs" / "ann.ipynb", {"gmail": WEAK})
    ov = write(tmp_path / "ov.yaml", "- student: ann\n  question: prime\n  points: 3.5\n  reason: Late upload fixed\n")
    code, out = grade(tmp_path, tmp_path / "subs", "--overrides", str(ov))
    assert code == 0
    assert float(students_of(out / "grades.csv")[0]["prime"]) == 3.5


@pytest.mark.parametrize(
    "name, text, line, field, words",
    [
        ("o.csv", "student,question,points,reason\nann,gmial,3,x\n", 2, "question", "did you mean 'gmail'"),
        ("o.csv", "student,question,points,reason\nann,gmail,99,x\n", 2, "points", "outside 0"),
        ("o.csv", "student,question,points,reason\nann,gmail,-1,x\n", 2, "points", "outside 0"),
        ("o.csv", "student,question,points,reason\nann,gmail,lots,x\n", 2, "points", "not a number"),
        ("o.csv", "student,question,points,reason\nann,gmail,3,\n", 2, "reason", "empty"),
        ("o.csv", "student,question,points\nann,gmail,3\n", 1, None, "no reason column"),
        ("o.csv", "student,question,points,reason\nann,gmail,3,a\nann,gmail,4,b\n", 3, None, "also overridden"),
        ("o.yaml", "- student: ann\n  question: gmail\n  points: 3\n  why: x\n", 1, "why", "unknown field"),
    ],
)
def test_bad_override_lines_are_located(tmp_path, name, text, line, field, words):
    path = write(tmp_path / name, text)
    with pytest.raises(OverrideError) as exc:
        load_release(HW, overrides=path)
    assert exc.value.line == line and exc.value.field == field and words in str(exc.value)
    assert str(path) in str(exc.value)


def test_an_override_for_an_unknown_student_stops_the_run(tmp_path, capsys):
    write_nb(tmp_path / "subs" / "ann.ipynb", {"gmail": GMAIL})
    ov = write(tmp_path / "ov.csv", "student,question,points,reason\nan,gmail,3,x\n")
    code, out = grade(tmp_path, tmp_path / "subs", "--overrides", str(ov))
    err = capsys.readouterr().err
    assert code == 2 and "no student 'an'" in err and "did you mean 'ann'" in err and "ov.csv:2" in err
    assert not out.exists()  # refused before grading


# ── late policy ───────────────────────────────────────────────────────────────────────────
LATE = (
    "late:\n  due: 2026-10-02 23:59 Europe/Berlin\n  penalty: 10%\n  per: day\n  cap: 30%\n  grace_minutes: 10\n"
    "  extensions:\n    cy: 3 days\n"
)


def test_late_penalties_from_nbgrader_timestamps(tmp_path):
    spec = spec_with(tmp_path, LATE)
    subs = tmp_path / "course"
    stamps = {
        "ann": "2026-10-02 21:00:00.000000 UTC",  # 23:00 in Berlin: on time
        "bo": "2026-10-03 20:05:00.123456 UTC",  # 22 h 6 min late: one started day
        "cy": "2026-10-04 22:05:00 UTC",  # late, but inside a 3-day extension
        "di": "2026-10-12 10:00:00 CEST",  # 9+ days late: capped at 30%
        "ed": "2026-10-02 22:05:00 UTC",  # 6 minutes late: within the grace period
    }
    for student, stamp in stamps.items():
        write_nb(subs / "submitted" / student / "assignment-03" / "assignment-03.ipynb", {"gmail": GMAIL})
        write(subs / "submitted" / student / "assignment-03" / "timestamp.txt", stamp + "\n")
    code, out = grade(tmp_path, subs, spec=spec)
    assert code == 0
    book = {r["id"]: r for r in rows_of((out / "grades.csv").read_text(encoding="utf-8"))}
    full = HW.check("gmail", GMAIL).points
    capped = f"{min(30, full):g}"  # 30% of 100 at most, and never more than the points earned
    assert {s: book[s]["late_penalty"] for s in stamps} == {"ann": "", "bo": "10", "cy": "", "di": capped, "ed": ""}
    assert float(book["bo"]["total"]) == pytest.approx(full - 10)
    assert float(book["di"]["total"]) == pytest.approx(full - min(30, full))
    page = (out / "feedback" / "bo.md").read_text(encoding="utf-8")
    assert "late: submitted 22 hours" in page and "1 started day late" in page and "−10 points" in page


def test_late_penalties_from_a_times_csv_and_nbgrader_export(tmp_path):
    spec = spec_with(tmp_path, "late:\n  due: 2026-10-02T23:59:00+02:00\n  penalty: 2\n  per: hour\n")
    write_nb(tmp_path / "subs" / "ann.ipynb", {"gmail": GMAIL})
    times = write(tmp_path / "times.csv", "student,submitted\nann,2026-10-03 02:30 +02:00\n")
    code, out = grade(tmp_path, tmp_path / "subs", "--times", str(times), "--export", "nbgrader", spec=spec)
    assert code == 0
    row = rows_of((out / "nbgrader.csv").read_text(encoding="utf-8"))[0]
    full = HW.check("gmail", GMAIL).points
    assert row["late_submission_penalty"] == "6"  # 2 h 31 min: three started hours × 2 points
    assert float(row["raw_score"]) == pytest.approx(full) and float(row["score"]) == pytest.approx(full - 6)
    assert row["duedate"].startswith("2026-10-02 23:59") and row["timestamp"].startswith("2026-10-03 02:30")


def test_late_penalty_rules():
    policy = parse_spec(SPEC_FILE.read_text(encoding="utf-8") + "\n" + LATE, source="s").late
    due = datetime(2026, 10, 2, 21, 59, tzinfo=UTC)
    assert late_penalty(policy, ["x"], due + timedelta(minutes=10), 100, 80) is None  # grace
    one = late_penalty(policy, ["x"], due + timedelta(minutes=11), 100, 80)
    assert one.periods == 1 and one.penalty == 10
    assert late_penalty(policy, ["x"], due + timedelta(days=20), 100, 80).penalty == 30  # cap
    assert late_penalty(policy, ["x"], due + timedelta(days=2), 100, 5).penalty == 5  # never below 0
    assert late_penalty(policy, ["CY"], due + timedelta(days=2), 100, 80) is None  # extension, any case
    assert parse_amount("10%").points(50) == 5 and parse_amount(3).points(50) == 3


@pytest.mark.parametrize(
    "section, field, words",
    [
        ("late:\n  due: 2026-10-02 23:59\n  penalty: 10%\n", "late.due", "no time zone"),
        ("late:\n  due: 2026-10-02\n  penalty: 10%\n", "late.due", "no time of day"),
        ("late:\n  due: 2026-10-02 23:59 Mars/Olympus\n  penalty: 10%\n", "late.due", "unknown time zone"),
        ("late:\n  due: 2026-10-02 23:59 UTC\n", "late", "no 'penalty'"),
        ("late:\n  due: 2026-10-02 23:59 UTC\n  penalty: lots\n", "late.penalty", "percentage"),
        ("late:\n  due: 2026-10-02 23:59 UTC\n  penalty: 120%\n", "late.penalty", "at most 100%"),
        ("late:\n  due: 2026-10-02 23:59 UTC\n  penalty: 5\n  per: week\n", "late.per", "'day' or 'hour'"),
        ("late:\n  due: 2026-10-02 23:59 UTC\n  penalty: 5\n  extensions:\n    bo: soon\n", "late.extensions.bo", "bo"),
        ("late:\n  due: 2026-10-02 23:59 UTC\n  penalty: 5\n  caps: 5\n", "late.caps", "did you mean 'cap'"),
    ],
)
def test_bad_late_policies_are_located(section, field, words):
    text = SPEC_FILE.read_text(encoding="utf-8") + "\n" + section
    with pytest.raises(SpecError) as exc:
        parse_spec(text, source="spec.yaml")
    assert exc.value.field == field and words in str(exc.value)
    assert exc.value.line is not None and exc.value.line > text[: text.index("late:")].count("\n")


def test_bad_times_are_located(tmp_path):
    path = write(tmp_path / "t.csv", "student,submitted\nann,2026-10-03 02:30 UTC\nbo,yesterday\n")
    with pytest.raises(TimesError) as exc:
        read_times(path)
    assert exc.value.line == 3 and "yesterday" in str(exc.value)
    with pytest.raises(TimesError) as exc:
        read_times(write(tmp_path / "u.csv", "who,when\n"))
    assert exc.value.line == 1 and "submitted" in str(exc.value)


def test_zone_abbreviations_are_read_in_the_due_zone():
    berlin = parse_moment("2026-10-02 23:59 Europe/Berlin").tzinfo
    assert parse_moment("2026-10-12 10:00:00 CEST", berlin).utcoffset() == timedelta(hours=2)
    with pytest.raises(ValueError):
        parse_moment("2026-10-12 10:00:00 PDT", berlin)


def test_release_leaves_the_class_alone_without_options(tmp_path):
    write_nb(tmp_path / "subs" / "ann.ipynb", {"gmail": GMAIL})
    gb = grading.grade_class(SPEC, tmp_path / "subs", tmp_path / "out", jobs=1, progress=False, report=False)
    header = next(csv.reader(io.StringIO((tmp_path / "out" / "grades.csv").read_text(encoding="utf-8"))))
    assert header[-3:] == ["status", "message", "note"] and gb.release is None  # no roster/late/override columns
    shutil.rmtree(tmp_path / "out")


def test_the_late_policy_in_data_release_reads(tmp_path):
    spec = spec_with(tmp_path, (RELEASE / "late.yaml").read_text(encoding="utf-8"))
    hw = load_assignment(spec)
    assert hw.late.per == "day" and str(hw.late.penalty) == "10%" and hw.late.cap.points(100) == 30
    assert hw.late.due_for("average-02") - hw.late.due == timedelta(days=2)
    assert hw.gradescope.visibility == "after_due_date"


def test_changes_go_under_the_headline_or_at_the_top_when_the_page_changes_shape():
    page = (
        '<main class="okrkit-feedback">\n<h1>T</h1>\n<p class="okrkit-meta">Feedback for <b>a</b> · 5 / 10 points</p>\n'
    )
    out = insert_html(page, "<div>CHANGES</div>", ("5 / 10 points", "3 / 10 points after"))
    assert out.index("CHANGES") > out.index("okrkit-meta") and "3 / 10 points after" in out and "· 5 / 10" not in out
    bare = '<body><main class="okrkit-feedback"><h1>T</h1></main></body>'
    assert insert_html(bare, "<div>CHANGES</div>").index("CHANGES") < bare.index("<h1>") + 20
    assert "CHANGES" in insert_html("<body></body>", "CHANGES")
    md_page = "# Feedback: T\n\n**Student:** a · **Total:** 5 / 10 points\n\n| Question |"
    out = insert_md(md_page, "CHANGES", ("5 / 10 points", "3 / 10 points"))
    assert out.index("CHANGES") < out.index("| Question |") and "**Total:** 3 / 10 points" in out
    assert insert_md("# Feedback\n\nbody", "CHANGES").split("\n")[2] == "CHANGES"


# ── one write per file, exports and missing students tracked like every output ───────────
def test_a_changed_students_files_are_written_once_by_the_parent(tmp_path, monkeypatch):
    """An override or a late penalty changes a student's feedback: the worker returns those texts instead of
    staging them, and the release's version is the one write (others are staged by the workers as before)."""
    from okrkit.grade import outputs

    write_nb(tmp_path / "subs" / "ann.ipynb", {"gmail": WEAK})
    write_nb(tmp_path / "subs" / "bo.ipynb", {"gmail": GMAIL})
    ov = write(tmp_path / "ov.csv", "student,question,points,reason\nann,gmail,9,Graded by hand\n")
    writes, adopted = [], []
    real_write, real_adopt = outputs.Staging.write, outputs.Staging.adopt
    monkeypatch.setattr(
        outputs.Staging, "write", lambda self, rel, data: (writes.append(rel), real_write(self, rel, data))[1]
    )
    monkeypatch.setattr(
        outputs.Staging, "adopt", lambda self, rel, name: (adopted.append(rel), real_adopt(self, rel, name))[1]
    )
    code, out = grade(tmp_path, tmp_path / "subs", "--overrides", str(ov))
    assert code == 0
    ann = ["feedback/ann.html", "feedback/ann.md", "gradescope/ann/results.json"]
    assert [writes.count(rel) for rel in ann] == [1, 1, 1] and not set(ann) & set(adopted)
    assert {"feedback/bo.html", "feedback/bo.md", "gradescope/bo/results.json"} <= set(adopted)
    assert "Graded by hand" in (out / "feedback" / "ann.md").read_text(encoding="utf-8")
    assert json.loads((out / "gradescope" / "ann" / "results.json").read_text(encoding="utf-8"))["score"] == 9


def test_a_regrade_without_export_removes_the_stale_export(tmp_path):
    write_nb(tmp_path / "subs" / "ann.ipynb", {"gmail": GMAIL})
    code, out = grade(tmp_path, tmp_path / "subs", "--export", "moodle", "--export", "nbgrader")
    assert code == 0 and (out / "moodle.csv").is_file()
    assert {"moodle.csv", "nbgrader.csv"} <= set(json.loads((out / "run.json").read_text())["files"])
    (out / "mine.csv").write_text("kept", encoding="utf-8")
    code, out = grade(tmp_path, tmp_path / "subs", "--export", "nbgrader")
    assert code == 0 and not (out / "moodle.csv").exists() and (out / "nbgrader.csv").is_file()
    assert (out / "mine.csv").read_text(encoding="utf-8") == "kept"  # not okrkit's: never removed
    assert "moodle.csv" not in json.loads((out / "run.json").read_text())["files"]


def test_a_roster_student_without_submission_has_the_feedback_page_the_report_links(tmp_path):
    write_nb(tmp_path / "subs" / "ann.ipynb", {"gmail": GMAIL})
    roster = write(tmp_path / "r.csv", 'Student,SIS Login ID\nAnn,ann\n"Young, Zoe",zoe\n')
    out = tmp_path / "out"
    from okrkit.grade.release import load_release

    release = load_release(HW, roster=roster, submissions=tmp_path / "subs")
    gb = grading.grade_class(SPEC, tmp_path / "subs", out, jobs=1, progress=False, release=release)
    assert gb.counts()["missing"] == 1
    page = (out / "feedback" / "zoe.md").read_text(encoding="utf-8")
    assert "no submission" in page and (out / "feedback" / "zoe.html").is_file()
    assert "no submission" in gb.feedback("zoe").html
    report = (out / "report.html").read_text(encoding="utf-8")
    for href in set(re.findall(r'href="(feedback/[^"]+)"', report)):
        assert (out / href).is_file(), href
    assert 'href="feedback/zoe.html"' in report
    assert "feedback/zoe.html" in json.loads((out / "run.json").read_text())["files"]


def test_a_regrade_with_an_added_override_says_why_in_changes_csv(tmp_path):
    write_nb(tmp_path / "subs" / "ann.ipynb", {"gmail": WEAK})
    write_nb(tmp_path / "subs" / "bo.ipynb", {"gmail": GMAIL})
    code, out = grade(tmp_path, tmp_path / "subs")
    ov = write(tmp_path / "ov.csv", "student,question,points,reason\nann,gmail,9,Graded by hand\n")
    code, out = grade(tmp_path, tmp_path / "subs", "--overrides", str(ov))
    changes = rows_of((out / "changes.csv").read_text(encoding="utf-8"))
    ann = {r["item"]: r for r in changes if r["id"] == "ann"}
    assert (
        float(ann["gmail"]["new"]) == 9
        and "override" in ann["gmail"]["why"]
        and "Graded by hand" in ann["gmail"]["why"]
    )
    assert "override" in ann["total"]["why"] and not [r for r in changes if r["id"] == "bo"]


def test_a_regrade_with_a_late_policy_says_why_in_changes_csv(tmp_path):
    write_nb(tmp_path / "subs" / "ann.ipynb", {"gmail": GMAIL})
    times = write(tmp_path / "t.csv", "student,submitted\nann,2026-10-04 02:30 UTC\n")
    late = "late:\n  due: 2026-10-02 23:59 UTC\n  penalty: 10%\n  per: day\n"
    code, out = grade(tmp_path, tmp_path / "subs", spec=spec_with(tmp_path, late))
    code, out = grade(tmp_path, tmp_path / "subs", "--times", str(times), spec=spec_with(tmp_path, late))
    total = next(r for r in rows_of((out / "changes.csv").read_text(encoding="utf-8")) if r["item"] == "total")
    assert (
        float(total["new"]) < float(total["old"]) and "late" in total["why"] and "2 started days late" in total["why"]
    )


def test_feedback_of_an_unknown_id_is_a_clear_error(tmp_path):
    write_nb(tmp_path / "subs" / "Ann.ipynb", {"gmail": GMAIL})
    gb = grading.grade_class(SPEC, tmp_path / "subs", tmp_path / "out", jobs=1, progress=False, report=False)
    assert "Ann" in gb.feedback("Ann").html
    with pytest.raises(grading.GradingError, match="no feedback page for 'ann'; did you mean 'Ann'"):
        gb.feedback("ann")
    with pytest.raises(grading.GradingError, match="no feedback page for 'bo'"):
        gb.feedback("bo")
