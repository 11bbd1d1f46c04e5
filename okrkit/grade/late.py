"""Late submissions: when each student submitted, and what the spec's late policy takes off for it.

Submission times come from nbgrader's ``timestamp.txt`` (next to the notebook), Gradescope's
``submission_metadata.json`` (``created_at``), or a CSV given with ``--times`` (student, submitted). The penalty is
the spec's ``late.penalty`` per started day or hour after the student's due time (extensions included), once the
grace period is over, at most ``late.cap``, and never more than the points earned.
"""

from __future__ import annotations

import csv
import io
import json
import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from okrkit.assignment.release import MOMENT_HINT, PERIODS, LatePolicy, parse_moment
from okrkit.errors import LoadError
from okrkit.files import read_limited
from okrkit.render.numbers import fmt_points
from okrkit.render.words import counted

TIMESTAMP_FILE = "timestamp.txt"  # nbgrader writes it next to each collected submission


class TimesError(LoadError):
    """A submission time that can't be read; says file, line and what to write."""


@dataclass(frozen=True)
class Late:
    """One late submission: when it came, when it was due, how late, and the points it costs."""

    submitted: datetime
    due: datetime
    late_by: timedelta
    periods: int
    per: str
    penalty: float

    def describe(self) -> str:
        """'submitted 1 day 3 hours after the due time (2026-10-02 23:59 CEST): −10 points' for feedback."""
        due = self.due.strftime("%Y-%m-%d %H:%M %Z").strip()
        unit = self.per + ("s" if self.periods != 1 else "")
        return (
            f"submitted {_span(self.late_by)} after the due time ({due}), {self.periods} started {unit} late: "
            f"−{fmt_points(self.penalty)} points"
        )


def _span(d: timedelta) -> str:
    """'1 day 3 hours', '25 minutes'."""
    minutes = int(d.total_seconds() // 60)
    days, rest = divmod(minutes, 1440)
    hours, mins = divmod(rest, 60)
    parts = [(days, "day"), (hours, "hour")] if days or hours else [(mins, "minute")]
    return " ".join(counted(n, w) for n, w in parts if n) or "less than a minute"


def late_penalty(
    policy: LatePolicy, names: Sequence[str], submitted: datetime, max_points: float, earned: float
) -> Late | None:
    """The late penalty of one submission, or None when it was on time (or within the grace period)."""
    due = policy.due_for(*names)
    late_by = submitted - due
    if late_by <= policy.grace or late_by <= timedelta(0):
        return None
    periods = math.ceil(late_by / PERIODS[policy.per])
    points = periods * policy.penalty.points(max_points)
    if policy.cap is not None:
        points = min(points, policy.cap.points(max_points))
    points = round(max(0.0, min(points, earned)), 2)
    return Late(submitted, due, late_by, periods, policy.per, points)


# ── where submission times come from ─────────────────────────────────────────────────────
def gradescope_time(path: str | Path) -> tuple[datetime, list[str]]:
    """The submission time in Gradescope's submission_metadata.json ('created_at') and the submitters' emails."""
    try:
        data = json.loads(read_limited(path).decode("utf-8"))
        users = [str(u.get("email", "")) for u in data.get("users") or [] if isinstance(u, dict)]
        names = users + [u.split("@")[0] for u in users]
        return parse_moment(data["created_at"]), names
    except (OSError, ValueError, KeyError, TypeError, AttributeError) as exc:
        raise TimesError(
            f"no usable 'created_at' ({exc})", file=str(path), hint="Gradescope writes this file"
        ) from None


def nbgrader_time(folder: Path, zone: Any = None) -> datetime | None:
    """The time in nbgrader's timestamp.txt in a submission's folder, None when there is none."""
    f = folder / TIMESTAMP_FILE
    if not f.is_file():
        return None
    text = read_limited(f).decode("utf-8", "replace").strip()
    try:
        return parse_moment(text, zone)
    except ValueError as exc:
        raise TimesError(str(exc), file=str(f), line=1, hint=MOMENT_HINT) from None


_STUDENT = ("student", "id", "student_id", "login", "username", "email")
_WHEN = ("submitted", "submitted_at", "timestamp", "time", "created_at", "submission time")


def read_times(path: str | Path, zone: Any = None) -> dict[str, datetime]:
    """Submission times from a CSV with a student column and a time column (located errors)."""
    text = read_limited(path).decode("utf-8-sig")
    reader = csv.reader(io.StringIO(text))
    header = [h.strip().casefold() for h in next(reader, [])]
    who = next((header.index(h) for h in _STUDENT if h in header), None)
    when = next((header.index(h) for h in _WHEN if h in header), None)
    if who is None or when is None:
        raise TimesError(
            "needs a student column and a submission time column",
            file=str(path),
            line=1,
            hint=f"name them e.g. 'student' and 'submitted' (found: {', '.join(header) or 'nothing'})",
        )
    times: dict[str, datetime] = {}
    for n, row in enumerate(reader, 2):
        if not any(c.strip() for c in row):
            continue
        if len(row) <= max(who, when):
            raise TimesError("this row has too few cells", file=str(path), line=n, hint="student,submitted")
        try:
            times[row[who].strip()] = parse_moment(row[when], zone)
        except ValueError as exc:
            raise TimesError(str(exc), file=str(path), line=n, field=header[when], hint=MOMENT_HINT) from None
    return times


def apply_late_to_results(data: dict, assignment: Any, submitted: datetime, names: Sequence[str] = ()) -> Late | None:
    """Take a late penalty off a Gradescope results.json dict: a 'Late penalty' test and a lower score."""
    late = late_penalty(assignment.late, names, submitted, assignment.max_points, float(data.get("score") or 0))
    if late is not None:
        add_late_test(data, late)
    return late


def add_late_test(data: dict, late: Late) -> None:
    """A 'Late penalty' test (negative score, so the tests still add up to the score) and a line in the output."""
    if late.penalty <= 0:
        return
    data["tests"].append(
        {
            "name": "Late penalty",
            "score": -late.penalty,
            "max_score": 0,
            "status": "failed",
            "output": late.describe(),
            "output_format": "md",
            "visibility": data.get("visibility", "visible"),
        }
    )
    data["score"] = round(float(data["score"]) - late.penalty, 2)
    data["output"] += f"\n\n**Late:** {late.describe()}; your score after it: {fmt_points(data['score'])} points."
    data.setdefault("extra_data", {}).setdefault("okrkit", {})["late_penalty"] = late.penalty
