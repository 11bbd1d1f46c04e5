"""Instructor overrides (`okrkit grade --overrides overrides.csv|yaml`): a question's points set by hand, with the
reason the student will read. The file is applied at every run, so a regrade never loses a hand-graded point.

CSV: a header with student, question, points, reason. YAML: a list of mappings with the same keys. Every
mistake raises OverrideError naming the file, line and field: a missing cell, points that are not a number,
a question the assignment doesn't have, points outside 0 … the question's maximum, a student who is neither in
the submissions nor on the roster (checked once the class is known: ``check_students``).
"""

from __future__ import annotations

import csv
import difflib
import io
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from okrkit.errors import LoadError
from okrkit.files import read_limited
from okrkit.read.csv.columns import normalize_header
from okrkit.render.numbers import fmt_points

COLUMNS = ("student", "question", "points", "reason")
_ALIASES = {"id": "student", "student id": "student", "login": "student", "q": "question", "score": "points"}


class OverrideError(LoadError):
    """An overrides file that can't be applied; says file, line, field and what to change."""


@dataclass(frozen=True)
class Override:
    """One hand-set question score: who, which question, how many points, why, and where it was written."""

    student: str
    question: str
    points: float
    reason: str
    source: str = ""
    line: int | None = None


def _rows(path: Path, text: str) -> list[tuple[int | None, dict[str, Any]]]:
    """(line, raw fields) of each override in a CSV or YAML file."""
    source = str(path)
    if path.suffix.lower() in (".yaml", ".yml"):
        loader = yaml.SafeLoader(text)
        try:  # parsed once: the nodes give each item's line, the data is constructed from them
            node = loader.get_single_node()
            data = loader.construct_document(node) if node is not None else None
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            raise OverrideError(
                f"invalid YAML: {getattr(exc, 'problem', exc)}",
                file=source,
                line=mark.line + 1 if mark else None,
                hint="a list of '- student: …' entries with question, points and reason",
            ) from None
        finally:
            loader.dispose()
        if data is None:
            return []
        if not isinstance(data, list) or not isinstance(node, yaml.SequenceNode):
            raise OverrideError(
                "expected a list of overrides", file=source, line=1, hint="start each with '- student:'"
            )
        out = []
        for item, n in zip(data, node.value):
            line = n.start_mark.line + 1
            if not isinstance(item, dict):
                raise OverrideError("expected student, question, points and reason", file=source, line=line)
            out.append((line, {str(k): v for k, v in item.items()}))
        return out
    reader = csv.reader(io.StringIO(text))
    header = [normalize_header(h) for h in next(reader, [])]
    header = [_ALIASES.get(h, h) for h in header]
    missing = [c for c in COLUMNS if c not in header]
    if missing:
        raise OverrideError(
            f"no {', '.join(missing)} column",
            file=source,
            line=1,
            hint=f"the header must name {', '.join(COLUMNS)} (found: {', '.join(header) or 'nothing'})",
        )
    return [(n, dict(zip(header, row))) for n, row in enumerate(reader, 2) if any(c.strip() for c in row)]


def read_overrides(path: str | Path, assignment: Any) -> list[Override]:
    """The overrides in a file, each checked against the assignment's questions and their points."""
    path = Path(path)
    source = str(path)
    try:
        text = read_limited(path, "an overrides file").decode("utf-8-sig")
    except UnicodeDecodeError:
        raise OverrideError("not UTF-8 text", file=source, hint="save it as UTF-8") from None
    questions = {q.id: q for q in assignment.questions}
    out: list[Override] = []
    seen: dict[tuple[str, str], int | None] = {}
    for line, raw in _rows(path, text):
        for key in raw:
            if key not in COLUMNS:
                near = difflib.get_close_matches(key, COLUMNS, n=1)
                raise OverrideError(
                    f"unknown field '{key}'",
                    file=source,
                    line=line,
                    field=key,
                    hint=f"did you mean '{near[0]}'?" if near else f"use {', '.join(COLUMNS)}",
                )
        values = {k: "" if raw.get(k) is None else str(raw.get(k)).strip() for k in COLUMNS}
        for key in COLUMNS:
            if not values[key]:
                raise OverrideError(
                    f"'{key}' is empty",
                    file=source,
                    line=line,
                    field=key,
                    hint="every override needs a student, a question, points and the reason the student will read",
                )
        q = questions.get(values["question"])
        if q is None:
            near = difflib.get_close_matches(values["question"], list(questions), n=1)
            raise OverrideError(
                f"{assignment.id} has no question '{values['question']}'",
                file=source,
                line=line,
                field="question",
                hint=f"did you mean '{near[0]}'?" if near else f"its questions: {', '.join(questions)}",
            )
        try:
            points = float(values["points"])
        except ValueError:
            raise OverrideError(
                f"points {values['points']!r} is not a number",
                file=source,
                line=line,
                field="points",
                hint="write e.g. 8 or 7.5",
            ) from None
        if not 0 <= points <= q.max_points:
            raise OverrideError(
                f"{fmt_points(points)} points is outside 0 … {fmt_points(q.max_points)} for '{q.id}'",
                file=source,
                line=line,
                field="points",
                hint=f"'{q.id}' is worth {fmt_points(q.max_points)} points",
            )
        key = (values["student"].casefold(), q.id)
        if key in seen:
            raise OverrideError(
                f"{values['student']} / {q.id} is also overridden on line {seen[key]}",
                file=source,
                line=line,
                hint="keep one override per student and question",
            )
        seen[key] = line
        out.append(Override(values["student"], q.id, points, values["reason"], source, line))
    return out


def check_students(overrides: Iterable[Override], known: Iterable[str]) -> None:
    """OverrideError at the first override whose student is neither a submission nor on the roster."""
    known = list(known)
    names = {k.casefold() for k in known}
    for o in overrides:
        if o.student.casefold() not in names:
            near = difflib.get_close_matches(o.student, sorted(known), n=1)
            raise OverrideError(
                f"no student '{o.student}' in this class",
                file=o.source,
                line=o.line,
                field="student",
                hint=f"did you mean '{near[0]}'?"
                if near
                else "use the submission's name or the roster's login or email",
            )
