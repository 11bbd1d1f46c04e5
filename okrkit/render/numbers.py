"""Numbers as people read them: points (15, 11.5, 3.25), values in a key result (20, 2.5, 3,000,000), quantities
with their unit ($4.1M, 2 hours), shares (23%) and 0–1 scores (0.40). Every page, table, message and chart label
of the kit formats numbers here."""

from __future__ import annotations


def fmt_points(value: float | None, missing: str = "—") -> str:
    """Points as a short number: 15, 11.5, 3.25 ('—' when there are none)."""
    return missing if value is None else f"{round(value, 2):g}"


def points_value(value: float) -> float | int:
    """Points as a JSON number, rounded to two decimals (whole points stay ints: 15, not 15.0)."""
    v = round(float(value), 2)
    return int(v) if v == int(v) else v


def _clean(value: float) -> float:
    """A value without float noise: 4099999.9999999995 → 4100000.0."""
    return float(f"{value:.12g}")


def fmt_value(value: float | None, missing: str = "?") -> str:
    """A value as people write it: 20, 2.5, 3,000,000, 4,100,000 — never an exponent ('?' when unknown)."""
    if value is None:
        return missing
    v = _clean(value)
    if v.is_integer() and abs(v) >= 10_000:
        return f"{v:,.0f}"
    if abs(v) >= 100_000:
        return f"{v:,.2f}".rstrip("0").rstrip(".")
    return f"{v:,.6g}" if abs(v) >= 1e-4 or v == 0 else f"{v:.2g}"


_CURRENCY = {"USD": "$", "EUR": "€", "GBP": "£", "JPY": "¥"}
_SCALES = ((1e12, "T"), (1e9, "B"), (1e6, "M"), (1e3, "K"))
# Time units in seconds, largest first; a duration is shown in the largest one that reads as a plain number.
_DURATIONS = (("weeks", 604_800), ("days", 86_400), ("hours", 3_600), ("minutes", 60), ("seconds", 1), ("ms", 0.001))
_SINGULAR = {"weeks": "week", "days": "day", "hours": "hour", "minutes": "minute", "seconds": "second"}


def _compact(value: float) -> str:
    """A large amount the way people write money: 4000000 → '4M', 4100000 → '4.1M', 1250 → '1,250'."""
    v = _clean(value)
    for size, suffix in _SCALES:
        if abs(v) >= size and suffix != "K":
            scaled = v / size
            if abs(scaled - round(scaled, 2)) < 1e-9:
                return f"{round(scaled, 2):g}{suffix}"
    return fmt_value(v)


def _duration(value: float, unit: str) -> str:
    """A duration in the largest time unit that reads as a plain number: 0.0833 days → '2 hours'."""
    seconds = _clean(value) * dict(_DURATIONS)[unit]
    for name, size in _DURATIONS:
        n = seconds / size
        if abs(n) >= 1 and abs(n - round(n, 1)) < 1e-6 * max(1.0, abs(n)):
            n = round(n, 1)
            return f"{fmt_value(n)} {_SINGULAR.get(name, name) if n == 1 else name}"
    return f"{fmt_value(value)} {unit}"


def fmt_quantity(value: float | None, unit: str | None, missing: str = "?") -> str:
    """A value with its unit as people write it: '$4.1M', '€1.2M', '23%', '2 hours', '800 ms', '40 points'."""
    if value is None:
        return missing
    if unit in _CURRENCY:
        sign = "-" if value < 0 else ""
        return f"{sign}{_CURRENCY[unit]}{_compact(abs(value))}"
    if unit == "%":
        return f"{fmt_value(value)}%"
    if unit in dict(_DURATIONS):
        return _duration(value, unit)
    return f"{fmt_value(value)} {unit}" if unit else fmt_value(value)


def fmt_change(baseline: float | None, target: float | None, unit: str | None) -> str:
    """'from → to' with each side readable: '$4M → $4.1M', '2 days → 2 hours', '30 → 40 points'."""
    if unit in _CURRENCY or unit == "%" or unit in dict(_DURATIONS):
        return f"{fmt_quantity(baseline, unit)} → {fmt_quantity(target, unit)}"
    return f"{fmt_value(baseline)} → {fmt_value(target)}" + (f" {unit}" if unit else "")


def fmt_share(share: float) -> str:
    """A 0–1 share as a whole percentage: 0.233 → '23%'."""
    return f"{share:.0%}"


def fmt_score(score: float) -> str:
    """A 0–1 score (a check-in's progress, a roll-up) with two decimals: '0.40'."""
    return f"{score:.2f}"
