"""Numbers as people read them: points (15, 11.5, 3.25), values in a key result (20, 2.5, 3,000,000), shares
(23%) and 0–1 scores (0.40). Every page, table, message and chart label of the kit formats numbers here."""

from __future__ import annotations


def fmt_points(value: float | None, missing: str = "—") -> str:
    """Points as a short number: 15, 11.5, 3.25 ('—' when there are none)."""
    return missing if value is None else f"{round(value, 2):g}"


def points_value(value: float) -> float | int:
    """Points as a JSON number, rounded to two decimals (whole points stay ints: 15, not 15.0)."""
    v = round(float(value), 2)
    return int(v) if v == int(v) else v


def fmt_value(value: float | None, missing: str = "?") -> str:
    """A value as people write it: 20, 2.5, 3,000,000 ('?' when unknown)."""
    if value is None:
        return missing
    return f"{value:,.0f}" if abs(value) >= 10_000 and float(value).is_integer() else f"{value:,g}"


def fmt_share(share: float) -> str:
    """A 0–1 share as a whole percentage: 0.233 → '23%'."""
    return f"{share:.0%}"


def fmt_score(score: float) -> str:
    """A 0–1 score (a check-in's progress, a roll-up) with two decimals: '0.40'."""
    return f"{score:.2f}"
