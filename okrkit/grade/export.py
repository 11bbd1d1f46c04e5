"""Grades in the CSV layout an LMS imports (`okrkit grade --export canvas|moodle|nbgrader`).

- canvas: Student, ID, SIS User ID, SIS Login ID, Section, then one column named for the assignment (the
  layout of Canvas's own gradebook export, with its "Points Possible" row), one row per roster student.
  Canvas matches rows by ID, SIS User ID or SIS Login ID, so this export needs a roster.
- moodle: one identifier column (Email address, else ID number, else Username; without a roster the submission
  name as Username) and the grade column; pick them in Moodle's "Map from" / "Map to" when importing.
- nbgrader: the columns of ``nbgrader export`` (assignment, duedate, timestamp, student_id, last_name,
  first_name, email, raw_score, late_submission_penalty, score, max_score).

A student with no grade (missing, or a submission that could not be graded, unless an override set points)
gets an empty grade cell, except in
the nbgrader layout, which gives 0 as ``nbgrader export`` does for a missing submission. Per-question points
stay in grades.csv. Every export is written by ``okrkit.files.csv_text``, the kit's one CSV writer: a text cell
a spreadsheet would run as a formula gets a leading "'" (a number such as '-7' stays a number).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from okrkit.files import csv_text
from okrkit.grade.files import GradingError
from okrkit.grade.roster import Student
from okrkit.render.numbers import fmt_points

KINDS = ("canvas", "moodle", "nbgrader")
CANVAS_COLUMNS = ("Student", "ID", "SIS User ID", "SIS Login ID", "Section")
NBGRADER_COLUMNS = (
    "assignment",
    "duedate",
    "timestamp",
    "student_id",
    "last_name",
    "first_name",
    "email",
    "raw_score",
    "late_submission_penalty",
    "score",
    "max_score",
)


@dataclass(frozen=True)
class Entry:
    """One student's line in an export: who (roster and gradebook id), points before and after lateness."""

    student_id: str
    student: Student | None
    raw: float | None  # after overrides, before the late penalty; None when nothing could be graded
    penalty: float
    submitted: datetime | None = None

    @property
    def score(self) -> float | None:
        """The grade the LMS gets."""
        return None if self.raw is None else round(max(0.0, self.raw - self.penalty), 2)


def _points(value: float | None) -> str:
    """'84.25', '' for no grade."""
    return "" if value is None else fmt_points(value)


def _csv(header: Sequence[str], rows: Sequence[Sequence[Any]]) -> str:
    """An export's CSV text, through the kit's one writer (formula cells neutralised)."""
    return csv_text([header, *rows])


def canvas(entries: Sequence[Entry], column: str, max_points: float) -> str:
    """Canvas's gradebook import layout (needs roster students: Canvas matches by its ids)."""
    if not entries or any(e.student is None for e in entries):
        raise GradingError(
            "--export canvas needs --roster: Canvas matches each row by ID, SIS User ID or SIS Login ID; export "
            "the roster from Canvas (Grades → Export) and pass it with --roster"
        )
    rows = [["Points Possible", "", "", "", "", fmt_points(max_points)]]
    for e in entries:
        s = e.student
        rows.append(
            [s.display_name or e.student_id, s.canvas_id, s.sis_user_id, s.sis_login_id] + [s.section, _points(e.score)]
        )
    return _csv([*CANVAS_COLUMNS, column], rows)


def moodle(entries: Sequence[Entry], column: str) -> str:
    """Moodle's CSV grade import: an identifier column and the grade."""
    students = [e.student for e in entries]
    if students and all(s is not None and s.email for s in students):
        ident, value = "Email address", lambda e: e.student.email
    elif students and all(s is not None and s.sis_user_id for s in students):
        ident, value = "ID number", lambda e: e.student.sis_user_id
    elif students and all(s is not None and s.sis_login_id for s in students):
        ident, value = "Username", lambda e: e.student.sis_login_id
    else:
        ident, value = "Username", lambda e: e.student_id
    return _csv([ident, column], [[value(e), _points(e.score)] for e in entries])


def nbgrader(entries: Sequence[Entry], assignment: str, due: datetime | None, max_points: float) -> str:
    """The columns of `nbgrader export`, one row per student (0 for a missing submission, as nbgrader does)."""
    rows = []
    for e in entries:
        last, first = e.student.split_name() if e.student else ("", "")
        raw = 0.0 if e.raw is None else e.raw
        rows.append(
            [
                assignment,
                due.isoformat(" ") if due else "",
                e.submitted.isoformat(" ") if e.submitted else "",
                e.student_id,
                last,
                first,
                e.student.email if e.student else "",
                fmt_points(raw),
                fmt_points(e.penalty),
                fmt_points(max(0.0, raw - e.penalty)),
                fmt_points(max_points),
            ]
        )
    return _csv(NBGRADER_COLUMNS, rows)
