"""Calendar arithmetic shared by periods and due dates: month, quarter and half-year bounds; adding months."""

from __future__ import annotations

from datetime import date, timedelta


def month_end(year: int, month: int) -> date:
    """Last day of a month."""
    return date(year, 12, 31) if month == 12 else date(year, month + 1, 1) - timedelta(days=1)


def add_months(d: date, n: int) -> date:
    """A date n months later, clamped to the month's end."""
    m0 = d.month - 1 + n
    y, m = d.year + m0 // 12, m0 % 12 + 1
    return date(y, m, min(d.day, month_end(y, m).day))


def quarter_bounds(year: int, quarter: int) -> tuple[date, date]:
    """First and last day of a calendar quarter (1–4)."""
    return date(year, 3 * quarter - 2, 1), month_end(year, 3 * quarter)


def half_bounds(year: int, half: int) -> tuple[date, date]:
    """First and last day of a half-year (1 or 2)."""
    return date(year, 6 * half - 5, 1), month_end(year, 6 * half)


def month_bounds(year: int, month: int) -> tuple[date, date]:
    """First and last day of a month."""
    return date(year, month, 1), month_end(year, month)
