"""Numbers as people read them: points (15, 11.5, 3.25) and values in tables (blank when missing)."""

from __future__ import annotations


def fmt_points(value: float) -> str:
    """Points as a short number: 15, 11.5, 3.25."""
    return f"{round(value, 2):g}"
