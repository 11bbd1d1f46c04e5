"""The release settings of an assignment spec: Gradescope visibility and the late policy (data, read with located
errors; the penalty itself is worked out in ``okrkit.grade.late``).

In assignment.yaml::

    gradescope:
      visibility: after_due_date      # hidden | after_due_date | after_published | visible
      stdout_visibility: hidden
    late:
      due: 2026-10-02 23:59 Europe/Berlin   # a date, a time and a time zone (IANA name or +02:00)
      penalty: 10%                          # per day or hour late; '10%' of the points possible, or '5' points
      per: day                              # day | hour
      cap: 50%                              # the most lateness can cost (same units); leave out for no cap
      grace_minutes: 15                     # submissions this close after the due time are on time
      extensions:                           # per student: a new due time, or extra time
        alice: 2026-10-04 23:59 Europe/Berlin
        bob: 2 days
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta, timezone
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

VISIBILITIES = ("hidden", "after_due_date", "after_published", "visible")  # Gradescope's documented values
PERIODS = {"day": timedelta(days=1), "hour": timedelta(hours=1)}
GRADESCOPE_KEYS = {"visibility", "stdout_visibility"}
LATE_KEYS = {"due", "penalty", "per", "cap", "grace_minutes", "extensions"}
MOMENT_HINT = "write a date, a time and a time zone, e.g. 2026-10-02 23:59 Europe/Berlin or 2026-10-02T23:59:00+02:00"


@dataclass(frozen=True)
class GradescopeSettings:
    """What Gradescope shows students and when: results.json's visibility and stdout_visibility."""

    visibility: str = "visible"
    stdout_visibility: str = "hidden"


@dataclass(frozen=True)
class Amount:
    """Points, or a percentage of the points possible."""

    value: float
    percent: bool

    def points(self, max_points: float) -> float:
        """The amount in points for an assignment worth max_points."""
        return self.value * max_points / 100 if self.percent else self.value

    def __str__(self) -> str:
        v = f"{self.value:g}"
        return f"{v}%" if self.percent else f"{v} points"


@dataclass(frozen=True)
class LatePolicy:
    """A due time, a penalty per started day or hour after it (after a grace period), a cap, and extensions."""

    due: datetime
    penalty: Amount
    per: str = "day"
    cap: Amount | None = None
    grace: timedelta = timedelta(0)
    extensions: dict[str, datetime | timedelta] = field(default_factory=dict)

    def due_for(self, *names: str) -> datetime:
        """The due time of one student (known by any of names: id, login, email), with their extension."""
        wanted = {n.casefold() for n in names if n}
        ext = next((v for k, v in self.extensions.items() if k.casefold() in wanted), None)
        if isinstance(ext, datetime):
            return ext
        return self.due + ext if isinstance(ext, timedelta) else self.due


# ── moments: a date, a time and a time zone ───────────────────────────────────────────────
_MOMENT = re.compile(
    r"^\s*(\d{4}-\d{2}-\d{2})[ T](\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)\s*(Z|[+-]\d{2}:?\d{2}|[A-Za-z][\w/+-]*)?\s*$"
)
_UTC_NAMES = {"Z", "UTC", "GMT"}


def _zone(name: str, near: datetime | None = None, fallback: Any = None) -> Any:
    """A tzinfo for 'UTC', '+02:00', 'Europe/Berlin', or an abbreviation the fallback zone uses ('CEST')."""
    if name.upper() in _UTC_NAMES:
        return UTC
    m = re.fullmatch(r"([+-])(\d{2}):?(\d{2})", name)
    if m:
        delta = timedelta(hours=int(m[2]), minutes=int(m[3]))
        return timezone(-delta if m[1] == "-" else delta)
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        pass
    if fallback is not None and near is not None and near.replace(tzinfo=fallback).tzname() == name:
        return fallback
    raise ValueError(f"unknown time zone {name!r}")


def parse_moment(value: Any, fallback_zone: Any = None) -> datetime:
    """A time-zone-aware datetime from YAML or text ('2026-10-02 23:59 Europe/Berlin', ISO 8601 with an offset).

    A zone abbreviation ('CEST', as nbgrader's timestamp.txt may hold) is read in fallback_zone when that zone
    uses it at that time. Raises ValueError saying what is wrong."""
    if isinstance(value, datetime):
        if value.tzinfo is None:
            raise ValueError(f"{value} has no time zone")
        return value
    if isinstance(value, date):
        raise ValueError(f"{value} has no time of day and no time zone")
    text = str(value).strip()
    m = _MOMENT.match(text)
    if not m:
        try:
            parsed = datetime.fromisoformat(text.replace("Z", "+00:00"))
        except ValueError:
            raise ValueError(f"{text!r} is not a date and time") from None
        if parsed.tzinfo is None:
            raise ValueError(f"{text!r} has no time zone")
        return parsed
    day, clock, zone = m.groups()
    try:
        naive = datetime.fromisoformat(f"{day}T{clock if len(clock.split(':')[0]) == 2 else '0' + clock}")
    except ValueError:
        raise ValueError(f"{text!r} is not a valid date and time") from None
    if zone is None:
        if fallback_zone is None:
            raise ValueError(f"{text!r} has no time zone")
        return naive.replace(tzinfo=fallback_zone)
    return naive.replace(tzinfo=_zone(zone, naive, fallback_zone))


def parse_amount(value: Any) -> Amount:
    """'10%' → 10 percent of the points possible; 5 or '5' → 5 points (ValueError otherwise)."""
    if isinstance(value, bool):
        raise ValueError(f"expected points or a percentage, got {value!r}")
    if isinstance(value, (int, float)):
        number, percent = float(value), False
    else:
        text = str(value).strip()
        percent = text.endswith("%")
        text = text.removesuffix("%").removesuffix("points").removesuffix("point").strip()
        try:
            number = float(text)
        except ValueError:
            raise ValueError(f"expected points (5) or a percentage (10%), got {value!r}") from None
    if not number >= 0 or (percent and number > 100):
        raise ValueError(f"expected 0 or more{' and at most 100%' if percent else ''}, got {value!r}")
    return Amount(number, percent)


def parse_span(value: Any) -> timedelta:
    """'2 days', '36 hours', '90 minutes' → a timedelta (ValueError otherwise)."""
    m = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*(day|hour|minute|min)s?\s*", str(value))
    if not m:
        raise ValueError(f"expected extra time like '2 days' or '36 hours', got {value!r}")
    unit = {"day": "days", "hour": "hours", "minute": "minutes", "min": "minutes"}[m[2]]
    return timedelta(**{unit: float(m[1])})


# ── reading the spec's sections (s is spec._Spec: mapping(), fail(), lines) ─────────────────
def read_gradescope(s: Any, data: Any, path: tuple) -> GradescopeSettings | None:
    """The spec's 'gradescope:' section, checked."""
    if data is None:
        return None
    d = s.mapping(data, path, GRADESCOPE_KEYS, "the gradescope settings")
    values = {}
    for key in GRADESCOPE_KEYS & set(d):
        v = d[key]
        if v not in VISIBILITIES:
            raise s.fail(path + (key,), f"unknown {key} {v!r}", f"use one of {', '.join(VISIBILITIES)} (Gradescope's)")
        values[key] = v
    return GradescopeSettings(**values)


def read_late(s: Any, data: Any, path: tuple) -> LatePolicy | None:
    """The spec's 'late:' section, checked: due time with a zone, penalty, per, cap, grace, extensions."""
    if data is None:
        return None
    d = s.mapping(data, path, LATE_KEYS, "the late policy")
    if "due" not in d:
        raise s.fail(path, "has no 'due'", MOMENT_HINT)
    try:
        due = parse_moment(d["due"])
    except ValueError as exc:
        raise s.fail(path + ("due",), str(exc), MOMENT_HINT) from None
    if "penalty" not in d:
        raise s.fail(path, "has no 'penalty'", "add e.g. 'penalty: 10%' (of the points possible) or 'penalty: 5'")
    amounts = {}
    for key in ("penalty", "cap"):
        if d.get(key) is not None:
            try:
                amounts[key] = parse_amount(d[key])
            except ValueError as exc:
                raise s.fail(path + (key,), str(exc), "write e.g. 10% or 5") from None
    per = d.get("per", "day")
    if per not in PERIODS:
        raise s.fail(path + ("per",), f"unknown period {per!r}", "use 'day' or 'hour'")
    grace = d.get("grace_minutes", 0)
    if isinstance(grace, bool) or not isinstance(grace, (int, float)) or grace < 0:
        raise s.fail(path + ("grace_minutes",), f"expected minutes (0 or more), got {grace!r}", "write e.g. 15")
    ext_data = d.get("extensions") or {}
    if not isinstance(ext_data, dict):
        raise s.fail(path + ("extensions",), "expected a mapping of student: new due time or extra time")
    extensions: dict[str, datetime | timedelta] = {}
    for student, v in ext_data.items():
        where = path + ("extensions", student)
        try:
            extensions[str(student)] = (
                parse_span(v) if isinstance(v, str) and _looks_like_span(v) else parse_moment(v, due.tzinfo)
            )
        except ValueError as exc:
            raise s.fail(
                where, f"extension for {student}: {exc}", "write a new due time or extra time like '2 days'"
            ) from None
    return LatePolicy(
        due=due,
        penalty=amounts["penalty"],
        per=per,
        cap=amounts.get("cap"),
        grace=timedelta(minutes=grace),
        extensions=extensions,
    )


def _looks_like_span(text: str) -> bool:
    """True for '2 days', '36 hours' … (extra time rather than a new due time)."""
    return bool(re.fullmatch(r"\s*\d+(?:\.\d+)?\s*[A-Za-z]+\s*", text))
