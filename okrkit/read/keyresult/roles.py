"""Roles of the numbers (baseline, target, delta, relative change) and the direction of the change."""

from __future__ import annotations

from okrkit.read.keyresult.quantities import Quantity
from okrkit.read.keyresult.verbs import CHANGE

_POINTS = frozenset(("pp", "points", "bps"))  # units of an absolute change of a score or share

Roles = tuple[Quantity | None, Quantity | None, Quantity | None, float | None, str | None, bool]


def roles(region: list[Quantity], cls: str | None, spans: list[tuple[int, int]]) -> Roles:
    """Assign each number a role: (baseline, target, delta, relative change, hint, bound)."""
    baseline = target = delta = rc = hint = None
    bound = False
    change = cls in CHANGE
    window = None
    for q in region:
        pre, post, unit = q.pre, q.post, q.unit
        if pre == "skip":
            continue
        if pre == "win":  # "for 10 days", "over 30 days": what the metric is measured over
            window = window or q
            continue
        if unit == "x":
            if rc is None:
                rc = (q.value - 1.0) * 100.0
        elif post == "arrow" and baseline is None:
            baseline = q
        elif pre == "from":
            if baseline is not None:
                continue
            baseline = q
        elif pre == "to" or pre == "down":
            if target is not None:
                continue
            target = q
            if pre == "down":
                hint = "decrease"
        elif pre == "by":
            if unit == "%":
                rc = q.value
            elif delta is None:
                delta = q
            else:
                continue
        elif pre == "cmp":
            if target is not None:
                continue
            target, bound = q, True
        elif post == "cmp" and unit == "%" and rc is None:
            rc = q.value
        elif post == "more" or post == "less":
            hint = "increase" if post == "more" else "decrease"
            if unit == "%":
                rc = q.value
            else:
                delta = q
        elif unit == "%" and change and rc is None and target is None:
            rc = q.value
        elif unit in _POINTS and change and delta is None:
            delta = q
        elif (cls == "dinc" or cls == "ddec") and delta is None:
            delta = q
        elif target is None:
            target = q
        elif pre == "" and unit == "%" and not post:
            spans.append((q.mstart, q.pend))  # a dangling bare percent is not part of the metric
            continue
        else:
            continue
        if post == "orx":
            bound = True
        spans.append((q.mstart, q.pend))
    if window is not None and baseline is None and target is None and delta is None and rc is None:
        target = window  # "runs for 10 days without a crash": the stretch is what is reached; it stays in the metric
    return baseline, target, delta, rc, hint, bound


def direction(
    cls: str | None,
    baseline: Quantity | None,
    target: Quantity | None,
    hint: str | None,
    bound: bool,
    measured: bool,
) -> str | None:
    """increase / decrease / keep / achieve / None from the verb, the numbers and the cues."""
    if cls == "keep":
        return "keep"
    if baseline is not None and target is not None:
        b, t = baseline.value, (target.value + target.hi) / 2
        return "decrease" if t < b else "increase" if t > b else "keep"
    if cls == "inc" or cls == "dinc":
        return "increase"
    if cls == "dec" or cls == "ddec":
        return "decrease"
    if hint:
        return hint
    if cls == "lvl" or cls == "ach":
        return "increase" if measured else "achieve"
    return "keep" if bound else None
