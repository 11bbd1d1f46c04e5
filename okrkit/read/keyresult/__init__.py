"""Free text → KeyResult fields: metric, baseline, target, unit, direction, change and due date.

Conventions (what each parsed field means):

* ``unit`` belongs to baseline/target/delta: ``%`` for a level in percent, ``pp`` for
  percentage points, ``points`` for score points, ISO currency codes (``USD``, ``EUR``,
  ``GBP``, ``JPY``), ``ms``/``seconds``/``minutes``/``hours``/``days``/``weeks``/``months``/
  ``years``, ``lb``/``kg`` (see ``lexicon/units.yaml``). Count nouns ("users",
  "interviews") are not units: they stay in the metric and ``unit`` is None.
* ``relative_change`` is always a percent of the baseline ("by 15%", "15% from last
  quarter", a bare "15%" after a change verb, "double" = 100, "3x" = 200, "halve" = 50);
  a relative change alone sets no unit.
* ``delta`` is an absolute change: "by 500 users", "lose 15 pounds", "by 5pp" (unit
  ``pp``), "by 10 points" (unit ``points``), "500 more customers".
* A range ("2 to 3 days", "2–3 days") gives the less ambitious end: the upper end for a
  decrease, the lower end otherwise.
* When the baseline is known, a missing target is derived from the delta or relative change.
* ``direction``: a keep verb wins; then the order of baseline and target; then the verb
  ("reduce" → decrease, "reach"/"increase" → increase); deliverable verbs ("launch",
  "ship", "run", "conduct") give ``achieve`` without a number and ``increase`` with a
  count; a bare bound ("at least 90%", "under 2%") gives ``keep``; otherwise None.
* ``metric`` is the lowercased rest of the statement once the verb, the numbers with their
  from/to/by words, the due phrase, comparisons ("from last quarter") and purpose clauses
  ("to learn …") are removed. It is None for yes/no deliverables, and when no number is
  stated and either no direction was found or the rest names nothing measurable (no word
  like rate, time, users, revenue, NPS, churn …). "Lose 15 pounds" gives "weight".
* Numbers that qualify a noun are not values: "two-year", "30-day", "top two", "per 1,000
  users", "p95", "v2", "SOC 2", "stage 3", "Release 12" (but "release 3 guides" counts);
  "within 2 days" and shorter read as a threshold, not a due date; "30 day retention" qualifies.
* Idioms are not numbers: "double down on …", "zero in on …", "one by one", "one another"
  (``idioms`` in ``lexicon/parser_numbers.yaml``); "double the signups" still doubles.
* A duration that is part of the measure is not a due date: "runs for 10 days without a crash",
  "uptime over 30 days", "in the first 90 days", "within 10 days of signing". It stays in the
  metric and is the target only when no other number is. Deadline phrasing is a due date: "by …",
  "in 90 days", "within 6 weeks", "over the next 8 weeks", "within the quarter".
* Fiscal labels ("FY26", "FY2025 H2", "FY24-Q3", "Q3 FY26") are labels: never a value, a due
  date or part of the metric. After "by", "in", "end of" … they are the due phrase (``due_text``)
  but give no ``due``: a fiscal year's end is not a calendar date.
* Partial dates resolve to their next occurrence on or after ``ref`` ("by Sep 30",
  "by Q1", "by March"); a stated year is kept as written. Quarters are calendar quarters.
  Relative ones ("in 6 weeks", "this quarter", "end of next month") count from ``ref``.
* Without a ``ref`` (None) the wall clock is never read: a phrase that needs one keeps its
  ``due_text`` with ``due`` None ("by March", "in 6 weeks"); explicit dates ("2026-09-30",
  "Q3 2026", "March 2027", "by 2027") still resolve. Pass the set's start or an ``as_of``.
"""

from __future__ import annotations

import copy
from datetime import date
from functools import lru_cache

from okrkit.model import KeyResult
from okrkit.read.keyresult.parser import parse_statement

__all__ = ["parse_key_result"]

_CACHE_MAX_CHARS = 1000  # longer statements are parsed but not cached


@lru_cache(maxsize=4096)
def _parse_cached(text: str, ref: date | None) -> KeyResult:
    """parse_statement, remembered for repeated statements."""
    return parse_statement(text, ref)


def _copy(kr: KeyResult) -> KeyResult:
    """A fresh shallow copy of a cached result (its field values are immutable)."""
    try:
        new = object.__new__(KeyResult)
        new.__dict__ = kr.__dict__.copy()  # faster than update() on the empty __dict__
        return new
    except AttributeError:  # a slotted KeyResult has no __dict__
        return copy.copy(kr)


def parse_key_result(text: str, *, ref: date | None = None) -> KeyResult:
    """Free text → a KeyResult with metric, baseline, target, unit, direction, change and due date."""
    if not isinstance(text, str):
        text = "" if text is None else str(text)
    text = text.strip()
    if len(text) <= _CACHE_MAX_CHARS:
        return _copy(_parse_cached(text, ref))
    return parse_statement(text, ref)  # no safety net: a parser bug surfaces (the property tests look for one)
