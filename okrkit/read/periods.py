"""Planning periods: '2026-Q3', 'Q3 2026', '2026-H1', '2026-07', '2026' → first and last day."""

from __future__ import annotations

import re
from datetime import date

from okrkit.read.calendar import half_bounds, month_bounds, quarter_bounds


def parse_period(text: str) -> tuple[date, date]:
    """'2026-Q3' / 'Q3 2026' / '2026-H1' / '2026-07' / '2026' → (first day, last day)."""
    t = text.strip().upper().replace(" ", "-").replace("/", "-")
    if m := re.fullmatch(r"(\d{4})-?Q([1-4])|Q([1-4])-?(\d{4})", t):
        year = int(m.group(1) or m.group(4))
        q = int(m.group(2) or m.group(3))
        return quarter_bounds(year, q)
    if m := re.fullmatch(r"(\d{4})-?H([12])|H([12])-?(\d{4})", t):
        year = int(m.group(1) or m.group(4))
        half = int(m.group(2) or m.group(3))
        return half_bounds(year, half)
    if m := re.fullmatch(r"(\d{4})-(\d{1,2})", t):
        year, month = int(m.group(1)), int(m.group(2))
        if 1 <= month <= 12:
            return month_bounds(year, month)
    if m := re.fullmatch(r"(?:FY-?)?(\d{4})", t):
        year = int(m.group(1))
        return date(year, 1, 1), date(year, 12, 31)
    raise ValueError(f"unknown period '{text}'")
