"""OKRSet → plain data and YAML text in the okrkit file format (the inverse of reading)."""

from __future__ import annotations

from typing import Any

import yaml

from okrkit.model import KeyResult, Objective, OKRSet


def to_dict(okrs: OKRSet) -> dict:
    """The set as plain data in the file format (key results as text plus explicit fields)."""
    out: dict[str, Any] = {}
    for key in ("title", "owner", "period", "level"):
        if getattr(okrs, key):
            out[key] = getattr(okrs, key)
    if okrs.start and not okrs.period:
        out["start"] = okrs.start.isoformat()
    if okrs.end and not okrs.period:
        out["end"] = okrs.end.isoformat()
    if okrs.as_of:
        out["as_of"] = okrs.as_of.isoformat()
    out["objectives"] = [_objective_dict(o) for o in okrs.objectives]
    if okrs.kpis:
        out["kpis"] = [{"name": k.name, **({"healthy": k.healthy} if k.healthy else {})} for k in okrs.kpis]
    if okrs.parent:
        out["parent"] = [_objective_dict(o) for o in okrs.parent]
    return out


def _objective_dict(o: Objective) -> dict:
    """One objective as plain data."""
    d: dict[str, Any] = {"objective": o.objective}
    if o.owner:
        d["owner"] = o.owner
    if o.why:
        d["why"] = o.why
    if o.aligns_to:
        d["aligns_to"] = o.aligns_to
    if o.type != "aspirational":
        d["type"] = o.type
    d["key_results"] = [_kr_dict(k) for k in o.key_results]
    if o.initiatives:
        d["initiatives"] = [i.text for i in o.initiatives]
    return d


def _kr_dict(kr: KeyResult) -> Any:
    """A key result as its text, or a mapping when it has explicit fields or a check-in."""
    extra = {k: getattr(kr, k) for k in sorted(kr.explicit) if getattr(kr, k) is not None}
    if kr.current is not None:
        extra["current"] = kr.current
    if not extra:
        return kr.text
    if "due" in extra:
        extra["due"] = extra["due"].isoformat()
    return {
        "text": kr.text,
        **{k: (int(v) if isinstance(v, float) and v.is_integer() else v) for k, v in extra.items()},
    }


def dumps(okrs: OKRSet) -> str:
    """The set as YAML text in the okrkit file format."""
    return yaml.safe_dump(to_dict(okrs), sort_keys=False, allow_unicode=True, width=100)
