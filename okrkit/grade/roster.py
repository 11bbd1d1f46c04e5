"""A class roster (`okrkit grade --roster roster.csv`): who is in the class, and which submission is whose.

A row's submission is found by its ``submission`` column, else by its SIS login, email (or the part before '@'),
SIS user id or LMS id, compared without case: whichever names the submitted file or folder. Column names have
aliases (``roster_columns.yaml``); a roster that can't be used raises RosterError naming the file, line and
column.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

from okrkit.errors import LoadError
from okrkit.files import read_limited
from okrkit.read.csv.columns import normalize_header

FIELDS = (
    "name",
    "first_name",
    "last_name",
    "canvas_id",
    "sis_user_id",
    "sis_login_id",
    "email",
    "section",
    "submission",
)
_KEYS = ("submission", "sis_login_id", "email", "sis_user_id", "canvas_id")  # what can name a submission


class RosterError(LoadError):
    """A roster that can't be used; says file, line, column and what to change."""


@dataclass(frozen=True)
class Student:
    """One roster row: the student's names and ids as the LMS knows them, and the roster line."""

    name: str = ""
    first_name: str = ""
    last_name: str = ""
    canvas_id: str = ""
    sis_user_id: str = ""
    sis_login_id: str = ""
    email: str = ""
    section: str = ""
    submission: str = ""
    line: int = 0

    def keys(self) -> list[str]:
        """Names a submission of this student may carry, most specific first (without case)."""
        out = [getattr(self, k) for k in _KEYS]
        if "@" in self.email:
            out.insert(3, self.email.split("@")[0])
        return [k.casefold() for k in out if k]

    @property
    def key(self) -> str:
        """The id this student's gradebook row gets when nothing was submitted."""
        return next(
            (v for v in (self.submission, self.sis_login_id, self.email.split("@")[0], self.sis_user_id) if v),
            self.canvas_id or self.display_name,
        )

    @property
    def display_name(self) -> str:
        """'Ann Lee' from the name column, else first and last name."""
        return self.name or " ".join(x for x in (self.first_name, self.last_name) if x)

    def split_name(self) -> tuple[str, str]:
        """(last name, first name): the columns when given, else 'Lee, Ann' or 'Ann Lee' split."""
        if self.first_name or self.last_name:
            return self.last_name, self.first_name
        if "," in self.name:
            last, first = self.name.split(",", 1)
            return last.strip(), first.strip()
        parts = self.name.split()
        return (parts[-1], " ".join(parts[:-1])) if parts else ("", "")


@dataclass
class Roster:
    """The students of a class in roster order, found by any of their keys."""

    students: list[Student]
    source: str = ""

    def __post_init__(self) -> None:
        self._index: dict[str, Student] = {}
        for s in self.students:
            for k in s.keys():
                self._index.setdefault(k, s)

    def find(self, submission: str) -> Student | None:
        """The student a submission name belongs to, or None."""
        return self._index.get(submission.casefold())


@lru_cache(maxsize=1)
def _aliases() -> dict[str, str]:
    """Normalized header → field, from roster_columns.yaml."""
    data = yaml.safe_load(Path(__file__).with_name("roster_columns.yaml").read_text(encoding="utf-8"))
    return {normalize_header(alias): name for name, names in data.items() for alias in [name, *names]}


def read_roster(path: str | Path) -> Roster:
    """A roster CSV → Roster (RosterError, located, for a missing id column, an empty id or a duplicate)."""
    source = str(path)
    try:
        text = read_limited(path, "a roster").decode("utf-8-sig")
    except UnicodeDecodeError:
        raise RosterError("not UTF-8 text", file=source, hint="save the roster as CSV UTF-8") from None
    rows = list(csv.reader(io.StringIO(text)))
    if not rows:
        raise RosterError("the roster is empty", file=source, line=1, hint="export it from your LMS as CSV")
    aliases = _aliases()
    columns: dict[str, int] = {}
    for i, cell in enumerate(rows[0]):
        field = aliases.get(normalize_header(cell))
        if field and field not in columns:
            columns[field] = i
    if not any(k in columns for k in _KEYS):
        raise RosterError(
            "no column says who a student is",
            file=source,
            line=1,
            hint="add one of: SIS Login ID, Email, SIS User ID, ID, or a 'submission' column naming each file "
            f"(found: {', '.join(c for c in rows[0] if c) or 'nothing'})",
        )
    students: list[Student] = []
    seen: dict[tuple[str, str], int] = {}
    for n, row in enumerate(rows[1:], 2):
        if not any(c.strip() for c in row):
            continue
        cells = {f: row[i].strip() if i < len(row) else "" for f, i in columns.items()}
        if row[0].strip().casefold() == "points possible":  # the second row of a Canvas export
            continue
        s = Student(**cells, line=n)
        if not s.keys():
            raise RosterError(
                "this student has no id, login, email or submission name",
                file=source,
                line=n,
                hint="fill in one of the id columns, or delete the row",
            )
        for field in _KEYS:
            value = getattr(s, field).casefold()
            if value and (field, value) in seen:
                raise RosterError(
                    f"{field} {getattr(s, field)!r} is also on line {seen[field, value]}",
                    file=source,
                    line=n,
                    field=field,
                    hint="each student once; remove the duplicate row",
                )
            seen.setdefault((field, value), n)
        students.append(s)
    return Roster(students, source)
