"""OKR4xx: rules about check-ins — progress against the calendar."""

from __future__ import annotations

from okrkit.check.registry import Context, check
from okrkit.model import KeyResult
from okrkit.scoring import elapsed, kr_progress


def _timing(kr: KeyResult, ctx: Context) -> tuple[float, float] | None:
    """(progress, fraction of the period elapsed), or None when either is unknown."""
    okrs = ctx.okrs
    start, end = getattr(okrs, "start", None), kr.due or getattr(okrs, "end", None)
    progress = kr_progress(kr)
    if progress is None or not start or not end or not ctx.as_of or ctx.as_of < start:
        return None
    return progress, elapsed(start, end, ctx.as_of)


@check("OKR401", "checkin")
def achieved_too_early(kr: KeyResult, ctx: Context):
    """100% with less than half the period gone."""
    t = _timing(kr, ctx)
    if t and t[0] >= 1.0 and t[1] < 0.5 and kr.direction not in ("keep", "achieve"):
        committed = getattr(ctx.objective, "type", "") == "committed"
        return {"progress": t[0], "elapsed": t[1], **({"_severity": "info"} if committed else {})}
    return None


@check("OKR402", "checkin")
def stalled(kr: KeyResult, ctx: Context):
    """No progress, or backwards, past the middle of the period."""
    t = _timing(kr, ctx)
    if not t or t[1] < 0.5 or t[0] > 0 or kr.direction == "keep":
        return None
    backwards = ""
    if (
        kr.baseline is not None
        and kr.current is not None
        and kr.current != kr.baseline
        and kr.target is not None
        and (kr.current - kr.baseline) * (kr.target - kr.baseline) < 0
    ):
        backwards = f", and it has moved the wrong way (from {kr.baseline:g} to {kr.current:g})"
    return {"progress": t[0], "elapsed": t[1], "backwards": backwards}


@check("OKR403", "checkin")
def behind_pace(kr: KeyResult, ctx: Context):
    """Well behind a straight line, before the stalled rule would speak."""
    t = _timing(kr, ctx)
    if t and t[1] >= 0.25 and 0 < t[0] < t[1] - 0.3 and kr.direction not in ("keep", "achieve"):
        return {"progress": t[0], "elapsed": t[1]}
    return None


@check("OKR404", "checkin")
def full_marks_on_stretch(kr: KeyResult, ctx: Context):
    """At the end of the period, every key result of an aspirational objective at 1.0 (said once, on its first KR)."""
    obj = ctx.objective
    if obj is None or getattr(obj, "type", "") != "aspirational" or not obj.key_results or obj.key_results[0] is not kr:
        return None
    timings = [_timing(k, ctx) for k in obj.key_results]
    if all(t and t[0] >= 1.0 and t[1] >= 0.9 for t in timings):
        return {"_where_objective": True, "_text": obj.objective}
    return None
