"""The explicit "from A to B" pass: a stated pair sets baseline, target, unit and direction."""

from __future__ import annotations

import re

from okrkit.model import KeyResult
from okrkit.read.keyresult.numbers import SECONDS_PER_UNIT

_NUM = (
    r"(?P<{n}cur>[$€£])?\s*(?P<{n}>\d[\d,]*(?:\.\d+)?)\s*(?P<{n}sc>k|m|bn|million|thousand|billion)?(?![\w])"
    r"\s*(?P<{n}u>%|pp|ms|milliseconds?|s|secs?|seconds?|mins?|minutes?|h|hrs?|hours?|days?|weeks?|months?)?(?![\w])"
)
_FROM_TO = re.compile(
    r"\bfrom\s+(?:about\s+|around\s+|roughly\s+)?"
    + _NUM.format(n="a")
    + r"\s*(?:(?:down|up)\s+)?(?:to|→|->)\s+(?:just\s+|about\s+|under\s+|below\s+|over\s+)?"
    + _NUM.format(n="b")
    + r"(?:\s*(?:to|-|–|or)\s*"
    + _NUM.format(n="c")
    + r")?",
    re.I,
)
_SCALE = {"k": 1e3, "thousand": 1e3, "m": 1e6, "million": 1e6, "bn": 1e9, "billion": 1e9}
_UNIT = {
    "%": "%",
    "pp": "pp",
    "ms": "ms",
    "millisecond": "ms",
    "milliseconds": "ms",
    "s": "seconds",
    "sec": "seconds",
    "secs": "seconds",
    "second": "seconds",
    "seconds": "seconds",
    "min": "minutes",
    "mins": "minutes",
    "minute": "minutes",
    "minutes": "minutes",
    "h": "hours",
    "hr": "hours",
    "hrs": "hours",
    "hour": "hours",
    "hours": "hours",
    "day": "days",
    "days": "days",
    "week": "weeks",
    "weeks": "weeks",
    "month": "months",
    "months": "months",
}
_CURRENCY = {"$": "USD", "€": "EUR", "£": "GBP"}
_KEEP = re.compile(r"\b(?:maintain|keep|sustain|hold|stay|remain|at least|no more than)\b")
_TAIL = re.compile(r"\s+(?:from|to)\s+[$€£]?\d.*$|\s+to$")
_WITHIN = re.compile(r"(?:with)?in\b")


def _value(m: re.Match, n: str) -> tuple[float, str | None] | None:
    """(value, normalised unit) of one number of a from/to match."""
    raw = m.group(n)
    if raw is None:
        return None
    value = float(raw.replace(",", "")) * _SCALE.get((m.group(n + "sc") or "").lower(), 1.0)
    unit = _UNIT.get((m.group(n + "u") or "").lower()) or _CURRENCY.get(m.group(n + "cur") or "")
    return value, unit


def from_to(kr: KeyResult, low: str) -> None:
    """Let an explicit 'from A to B' pair set baseline, target, unit and direction (durations in A's unit)."""
    pairs = list(_FROM_TO.finditer(low))
    m = pairs[-1] if pairs else None  # the last pair is the measured one ("… in 90 days from 9% to 6%")
    if m is None:
        return
    if kr.due_text and _WITHIN.match(kr.due_text.lower()):
        at = low.find(kr.due_text.lower())
        if 0 <= at < m.start():  # "finish a course within 30 days from 18% to 28%": part of the metric
            kr.due = kr.due_text = None
    a, b, c = _value(m, "a"), _value(m, "b"), _value(m, "c")
    unit_a, unit_b = a[1], b[1] or (c[1] if c else None)
    base, tgt = a[0], b[0]
    if c is not None and (c[1] == unit_b or c[1] is None):
        tgt = max(tgt, c[0]) if base > tgt else min(tgt, c[0])  # a range: its less ambitious end
    unit = unit_a or unit_b
    if unit_a and unit_b and unit_a != unit_b and unit_a in SECONDS_PER_UNIT and unit_b in SECONDS_PER_UNIT:
        tgt = tgt * SECONDS_PER_UNIT[unit_b] / SECONDS_PER_UNIT[unit_a]
    if kr.baseline == base and kr.target == tgt:
        return
    kr.baseline, kr.target = base, tgt
    if unit:
        kr.unit = unit
    if base != tgt and (kr.direction != "keep" or not _KEEP.search(low)):
        kr.direction = "increase" if tgt > base else "decrease"


def trim_tail(metric: str) -> str:
    """The metric without a trailing "from 5 …"/"to 3 …" the token pass left in it."""
    return _TAIL.sub("", metric).strip()
