"""Planning periods: '2026-Q3', 'Q3 2026', '2026 Q3', '2026-H1', 'H2 2026', '2026-07', '2026', fiscal labels
('Q3 FY26', 'FY21-Q1') and a quarter without its year ('Q3', placed in a reference year) → first and last day."""

from __future__ import annotations

import re
from datetime import date

from okrkit.read.calendar import half_bounds, month_bounds, quarter_bounds

_YEAR = r"(\d{4}|\d{2})"


def _year(text: str) -> int:
    """'26' → 2026, '2026' → 2026."""
    return 2000 + int(text) if len(text) == 2 else int(text)


def parse_period(text: str) -> tuple[date, date]:
    """'2026-Q3' / 'Q3 2026' / 'Q3 FY26' / '2026-H1' / '2026-07' / '2026' → (first day, last day)."""
    t = re.sub(r"[\s/_'’]+", "-", text.strip().upper()).replace("--", "-").strip("-")
    t = re.sub(r"FY-?", "FY", t)
    t = re.sub(r"(?<![A-Z])Y(?=\d{4}\b)", "", t)  # 'Q3 Y2026' (OKR for Jira) is 'Q3 2026'
    for part, bounds in (("Q", quarter_bounds), ("H", half_bounds)):
        top = "1-4" if part == "Q" else "12"
        if m := re.fullmatch(rf"(?:FY)?{_YEAR}-?{part}([{top}])|{part}([{top}])-?(?:FY)?{_YEAR}", t):
            year = _year(m.group(1) or m.group(4))
            return bounds(year, int(m.group(2) or m.group(3)))
    if m := re.fullmatch(r"(\d{4})-(\d{1,2})", t):
        year, month = int(m.group(1)), int(m.group(2))
        if 1 <= month <= 12:
            return month_bounds(year, month)
    if m := re.fullmatch(r"(?:FY)?(\d{4})|FY(\d{2})", t):
        year = _year(m.group(1) or m.group(2))
        return date(year, 1, 1), date(year, 12, 31)
    raise ValueError(f"unknown period '{text}'")


def read_period(text: str, ref: date | None = None) -> tuple[date | None, date | None, str | None]:
    """A period as people write it → (first day, last day, a note on what was guessed); ValueError if unreadable.

    'Q3' or 'H2' without a year takes the reference date's year, or stays undated (the note says so);
    a fiscal label ('FY26 Q3') is read as the calendar period of that number.
    """
    t = text.strip()
    if m := re.fullmatch(r"(?i)(?:the\s+)?([QH])\s*([1-4])", t):
        if m.group(1).upper() == "H" and m.group(2) not in "12":
            raise ValueError(f"unknown period '{text}'")
        canonical = f"{{year}}-{m.group(1).upper()}{m.group(2)}"
        if ref is None:
            return (
                None,
                None,
                (
                    f"period '{text}' has no year, so due dates can't be placed on a calendar; "
                    f"write it with its year, like {canonical.format(year=2026)}"
                ),
            )
        start, end = parse_period(canonical.format(year=ref.year))
        return start, end, f"period '{text}' has no year; read as {canonical.format(year=ref.year)}"
    start, end = parse_period(t)
    if "FY" in t.upper():
        return (
            start,
            end,
            (
                f"period '{text}' read as the calendar period {start:%Y}-{start:%m}-{start:%d} to {end}; if your "
                "fiscal year starts in another month, add 'start:' and 'end:' dates"
            ),
        )
    return start, end, None
