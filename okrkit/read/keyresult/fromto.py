"""The explicit "from A to B" pass: a stated pair sets baseline, target, unit and direction."""

from __future__ import annotations

import re

from okrkit.lexicon.lazyre import lazy
from okrkit.model import KeyResult
from okrkit.read.keyresult.numbers import (
    CURRENCY,
    CURRENCY_RE,
    SCALES,
    SCALES_RE,
    SECONDS_PER_UNIT,
    UNITS,
    alt,
    unit_of,
)
from okrkit.read.keyresult.quantities import BOUND_PHRASES
from okrkit.read.keyresult.verbs import CLASS_VERBS

_UNIT_WORDS = [w for w, u in UNITS.items() if u in ("%", "pp") or u in SECONDS_PER_UNIT]  # levels and durations
_NUM = (
    rf"(?P<{{n}}cur>{CURRENCY_RE})?\s*(?P<{{n}}>\d[\d,]*(?:\.\d+)?)\s*(?P<{{n}}sc>{SCALES_RE})?(?![\w])"
    rf"\s*(?P<{{n}}u>{alt(_UNIT_WORDS)})?(?![\w])"
)
_FROM_TO = lazy(  # read on lowercased text, like every table it uses; "from" first: a fast literal search
    r"from(?<!\wfrom)\s+(?:about\s+|around\s+|roughly\s+)?"
    + _NUM.format(n="a")
    + r"\s*(?:(?:down|up)\s+)?(?:to|→|->)\s+(?:just\s+|about\s+|under\s+|below\s+|over\s+)?"
    + _NUM.format(n="b")
    + r"(?:\s*(?:to|-|–|or)\s*"
    + _NUM.format(n="c")
    + r")?"
)
_HELD = (*CLASS_VERBS["keep"], *BOUND_PHRASES)  # a level held, not changed: "maintain", "at least" …
_KEEP = lazy(r"\b(?:" + "|".join(map(re.escape, _HELD)) + r")\b")
_TAIL = lazy(rf"\s+(?:from|to)\s+(?:{CURRENCY_RE})?\d.*$|\s+to$")
_WITHIN = lazy(r"(?:with)?in\b")


def _value(m: re.Match, n: str) -> tuple[float, str | None] | None:
    """(value, normalised unit) of one number of a from/to match."""
    raw = m.group(n)
    if raw is None:
        return None
    value = float(raw.replace(",", "")) * SCALES.get(m.group(n + "sc") or "", 1.0)
    unit = unit_of(m.group(n + "u") or "") or CURRENCY.get(m.group(n + "cur") or "")
    return value, unit


def from_to(kr: KeyResult, low: str) -> None:
    """Let an explicit 'from A to B' pair in the lowercased text set baseline, target, unit and direction."""
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
