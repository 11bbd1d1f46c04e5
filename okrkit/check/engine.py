"""Runs the rule catalogue over an OKR set or one statement and returns sorted findings."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from okrkit import collector
from okrkit.check.catalogue import catalogue
from okrkit.check.registry import Context, Rule
from okrkit.model import SEVERITY_RANK, Finding, KeyResult, Objective, OKRSet, Place
from okrkit.read.keyresult import parse_key_result

KINDS = ("key_result", "objective")


class _Defaults(dict):
    """Format mapping that leaves unknown placeholders visible instead of failing."""

    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def _short(text: str, limit: int = 90) -> str:
    """The statement, cut to fit in a one-line message."""
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _finding(rule: Rule, hit: dict, where: Place, line: int | None, text: str, file: str | None) -> Finding:
    """A Finding from a rule and what its check returned."""
    params = _Defaults({k: v for k, v in hit.items() if not k.startswith("_")})
    text = hit.get("_text", text)
    params["text"] = _short(text)
    try:
        message = rule.message.format_map(params)
        fix = rule.fix.format_map(params)
    except (ValueError, TypeError, IndexError):
        message, fix = rule.summary, rule.fix
    return Finding(
        code=rule.code,
        name=rule.name,
        category=rule.category,
        severity=hit.get("_severity", rule.severity),
        message=message,
        fix=fix,
        lesson=rule.lesson,
        place=hit.get("_where", where),
        line=hit.get("_line", line),
        text=text,
        file=file,
    )


def _hits(result) -> list[dict]:
    """A check's return value (None, a dict or a list of dicts) as a list."""
    if not result and result != {}:
        return []
    return [result] if isinstance(result, dict) else list(result)


def _rules(select: Iterable[str] | None) -> list[Rule]:
    """The catalogue, or the rules whose code starts with one of the selected prefixes."""
    rules = catalogue()
    if not select:
        return list(rules)
    prefixes = tuple(s.upper() for s in select)
    return [r for r in rules if r.code.startswith(prefixes)]


def _by_scope(rules: list[Rule]) -> dict[str, list[Rule]]:
    """The rules grouped by the kind of item they check."""
    groups: dict[str, list[Rule]] = {}
    for r in rules:
        groups.setdefault(r.scope, []).append(r)
    return groups


def lint(
    okrs: OKRSet, *, as_of: date | None = None, min_severity: str = "info", select: Iterable[str] | None = None
) -> list[Finding]:
    """Every finding for the set, sorted by line, place and code."""
    if not isinstance(okrs, OKRSet):
        raise TypeError(f"lint() takes an OKRSet (from okrkit.load or okrkit.loads), not {type(okrs).__name__}")
    # linting makes many small objects and no reference cycles: the cycle collector's full passes over a
    # large set found nothing and cost ~10% of lint time on 10,000 key results, so it pauses during the run
    with collector.paused(len(okrs.objectives) > _GC_PAUSE_FROM):
        return _lint(okrs, as_of, min_severity, select)


_GC_PAUSE_FROM = 50  # objectives; a small set gives the collector nothing to do


def _lint(okrs: OKRSet, as_of: date | None, min_severity: str, select: Iterable[str] | None) -> list[Finding]:
    """lint() without the argument check and the collector pause."""
    groups = _by_scope(_rules(select))
    file = okrs.source
    ctx = Context(okrs=okrs, as_of=as_of or okrs.as_of)
    kr_rules = groups.get("key_result", []) + (groups.get("checkin", []) if ctx.as_of else [])
    found: list[Finding] = []
    add = found.append
    for r in groups.get("set", ()):
        for hit in _hits(r.check(okrs, ctx)):
            add(_finding(r, hit, Place(), None, okrs.title or "", file))
    texts: list[tuple[str, Place, int | None]] = []
    if okrs.title:
        texts.append((okrs.title, Place(field="title"), None))
    for oi, obj in enumerate(okrs.objectives):
        ctx.objective = obj
        where_o = Place(oi)
        texts.append((obj.objective, where_o, obj.line))
        if obj.why:
            texts.append((obj.why, Place(oi, field="why"), obj.line))
        for r in groups.get("objective", ()):
            for hit in _hits(r.check(obj, ctx)):
                add(_finding(r, hit, where_o, obj.line, obj.objective, file))
        for ki, kr in enumerate(obj.key_results):
            where_k = Place(oi, ki)
            texts.append((kr.text, where_k, kr.line))
            for r in kr_rules:
                result = r.check(kr, ctx)
                if result is None:
                    continue
                for hit in _hits(result):
                    if hit.get("_where_objective"):
                        add(_finding(r, hit, where_o, obj.line, obj.objective, file))
                    else:
                        add(_finding(r, hit, where_k, kr.line, kr.text, file))
    ctx.objective = None
    for r in groups.get("text", ()):
        for text, where, line in texts:
            for hit in _hits(r.check(text, ctx)):
                add(_finding(r, hit, where, line, text, file))
    return sort_findings(f for f in found if SEVERITY_RANK[f.severity] >= SEVERITY_RANK[min_severity])


def lint_statement(
    text: str, kind: str = "key_result", *, ref: date | None = None, select: Iterable[str] | None = None
) -> list[Finding]:
    """Findings for one key result or objective on its own (statement rules only)."""
    if kind not in KINDS:
        raise ValueError(f"kind must be one of {KINDS}, not {kind!r}")
    if not isinstance(text, str):
        raise TypeError(f"lint_statement() takes text, not {type(text).__name__}")
    groups = _by_scope(_rules(select))
    ctx = Context()
    found: list[Finding] = []
    if kind == "key_result":
        kr = parse_key_result(text, ref=ref)
        item: KeyResult | Objective = kr
    else:
        item = Objective(objective=text.strip())
    for r in groups.get(kind, ()):
        for hit in _hits(r.check(item, ctx)):
            found.append(_finding(r, hit, Place(), None, text.strip(), None))
    for r in groups.get("text", ()):
        for hit in _hits(r.check(text, ctx)):
            found.append(_finding(r, hit, Place(), None, text.strip(), None))
    return sort_findings(found)


def sort_findings(findings: Iterable[Finding]) -> list[Finding]:
    """Findings in a stable order: by file, line, place in the set, then code."""
    return sorted(
        findings, key=lambda f: (f.file or "", f.line is None, f.line or 0, f.place.sort_key(), f.code, f.message)
    )


def flagged(findings: Iterable[Finding]) -> bool:
    """True when any finding is a warning or an error."""
    return any(f.flagged for f in findings)
