"""OKRSet → plain data and text: canonical YAML (the inverse of reading), and the outline, markdown and CSV
renderings that read back to the same set."""

from __future__ import annotations

from typing import Any

import yaml

from okrkit.files import csv_text
from okrkit.model import KeyResult, Objective, OKRSet

#: What dumps() can write.
WRITE_FORMATS = ("yaml", "outline", "markdown", "csv")


def to_dict(okrs: OKRSet) -> dict:
    """The set as plain data in the file format (key results as text plus explicit fields)."""
    out: dict[str, Any] = {}
    for key in ("title", "owner", "period", "level"):
        if getattr(okrs, key):
            out[key] = getattr(okrs, key)
    if okrs.start and not (okrs.period and okrs.end):
        out["start"] = okrs.start.isoformat()
    if okrs.end and not (okrs.period and okrs.start):
        out["end"] = okrs.end.isoformat()
    if okrs.as_of:
        out["as_of"] = okrs.as_of.isoformat()
    out["objectives"] = [_objective_dict(o) for o in okrs.objectives]
    if okrs.initiatives:
        out["initiatives"] = [i.text for i in okrs.initiatives]
    if okrs.kpis:
        out["kpis"] = [{"name": k.name, **({"healthy": k.healthy} if k.healthy else {})} for k in okrs.kpis]
    if okrs.parent:
        out["parent"] = [_objective_dict(o) for o in okrs.parent]
    return out


def _objective_dict(o: Objective) -> dict:
    """One objective as plain data."""
    d: dict[str, Any] = {"objective": o.objective}
    for key in ("why", "aligns_to", "owner"):
        if getattr(o, key):
            d[key] = getattr(o, key)
    if o.type != "aspirational":
        d["type"] = o.type
    d["key_results"] = [_kr_dict(k) for k in o.key_results]
    if o.initiatives:
        d["initiatives"] = [i.text for i in o.initiatives]
    return d


def _kr_dict(kr: KeyResult) -> Any:
    """A key result as its text, or a mapping when it has explicit fields, a check-in, a status or an owner."""
    extra = {k: getattr(kr, k) for k in sorted(kr.explicit) if getattr(kr, k) is not None}
    for key in ("current", "confidence", "status", "owner"):
        if getattr(kr, key) is not None:
            extra[key] = getattr(kr, key)
    if kr.weight != 1.0:
        extra["weight"] = kr.weight
    if not extra:
        return kr.text
    if "due" in extra:
        extra["due"] = extra["due"].isoformat()
    return {
        "text": kr.text,
        **{k: (int(v) if isinstance(v, float) and v.is_integer() else v) for k, v in extra.items()},
    }


def to_outline(okrs: OKRSet) -> str:
    """The set as a plain-text outline: header lines, 'Objective: …' lines, '- ' key results, initiatives."""
    lines = [
        f"{key.capitalize()}: {getattr(okrs, key)}"
        for key in ("title", "owner", "period", "level")
        if getattr(okrs, key)
    ]
    for o in okrs.objectives:
        lines += ["", f"Objective: {o.objective}", *(f"- {k.text}" for k in o.key_results)]
        if o.initiatives:
            lines += ["Initiatives:", *(f"- {i.text}" for i in o.initiatives)]
    return "\n".join(lines).lstrip("\n") + "\n"


def to_markdown(okrs: OKRSet) -> str:
    """The set as markdown: '# title', '## Objective N: …' headings with '- KRn: …' bullets."""
    lines = [f"# {okrs.title}", ""] if okrs.title else []
    lines += [f"{key.capitalize()}: {getattr(okrs, key)}" for key in ("owner", "period", "level") if getattr(okrs, key)]
    for n, o in enumerate(okrs.objectives, 1):
        lines += ["", f"## Objective {n}: {o.objective}", ""]
        lines += [f"- KR{m}: {k.text}" for m, k in enumerate(o.key_results, 1)]
        if o.initiatives:
            lines += ["", "Initiatives:", *(f"- {i.text}" for i in o.initiatives)]
    return "\n".join(lines).strip("\n") + "\n"


def to_csv(okrs: OKRSet) -> str:
    """The set as a CSV export: one row per key result (Team, Period, Objective, Key Result, Owner, Status)."""
    rows: list[list[object]] = [["Team", "Period", "Objective", "Key Result", "Owner", "Status", "Confidence"]]
    team = okrs.owner or okrs.title or ""
    for o in okrs.objectives:
        for k in o.key_results or [None]:
            rows.append(
                [
                    team,
                    okrs.period or "",
                    o.objective,
                    k.text if k else "",
                    (k.owner if k else o.owner) or "",
                    (k.status or "").replace("_", " ") if k else "",
                    f"{k.confidence:g}" if k and k.confidence is not None else "",
                ]
            )
    return csv_text(rows)


def dumps(okrs: OKRSet, format: str = "yaml") -> str:
    """The set as text: canonical YAML (default), or 'outline', 'markdown' or 'csv'; each reads back to the set."""
    if format == "outline":
        return to_outline(okrs)
    if format == "markdown":
        return to_markdown(okrs)
    if format == "csv":
        return to_csv(okrs)
    if format != "yaml":
        raise ValueError(f"format must be one of {', '.join(WRITE_FORMATS)}, got {format!r}")
    return yaml.safe_dump(to_dict(okrs), sort_keys=False, allow_unicode=True, width=100)
