"""OKR3xx: rules about a whole set — balance, focus, alignment, and OKRs kept apart from pay."""

from __future__ import annotations

import re

from okrkit.check.facts import find, kr_facts, strip_lead
from okrkit.check.registry import Context, check
from okrkit.lexicon.lazyre import lazy
from okrkit.model import OKRSet, Place

_TOKEN = lazy(r"[a-z0-9$€£%.]+")
_STOP = frozenset("a an the to of by from and in on for our we with per at is be".split())


def _tokens(text: str) -> frozenset[str]:
    """Content tokens of a statement, for comparing copies."""
    return frozenset(t for t in _TOKEN.findall(text.lower()) if t not in _STOP)


def _similar(a: str, b: str) -> float:
    """Jaccard similarity of two statements' content tokens."""
    ta, tb = _tokens(a), _tokens(b)
    return len(ta & tb) / len(ta | tb) if ta and tb else 0.0


@check("OKR301", "set")
def too_few_key_results(okrs: OKRSet, ctx: Context):
    """Objectives with fewer than two key results."""
    out = []
    for oi, obj in enumerate(okrs.objectives):
        n = len(obj.key_results)
        if n < 2:
            out.append(
                {
                    "_where": Place(oi),
                    "_line": obj.line,
                    "_text": obj.objective,
                    "_severity": "error" if n == 0 else "warning",
                    "count": n,
                    "plural": "" if n == 1 else "s",
                    "advice": "with none, nothing says what success looks like"
                    if n == 0
                    else "a single number is easy to game and can't show the whole picture",
                }
            )
    return out


@check("OKR302", "set")
def too_many_key_results(okrs: OKRSet, ctx: Context):
    """Objectives with more than five key results."""
    return [
        {"_where": Place(oi), "_line": o.line, "_text": o.objective, "count": len(o.key_results)}
        for oi, o in enumerate(okrs.objectives)
        if len(o.key_results) > 5
    ]


@check("OKR303", "set")
def too_many_objectives(okrs: OKRSet, ctx: Context):
    """More than five objectives (three for one person)."""
    limit = 3 if okrs.level == "individual" else 5
    n = len(okrs.objectives)
    if n > limit:
        return {
            "_where": Place(field="objectives"),
            "_line": okrs.objectives[limit].line,
            "_text": okrs.title or f"{n} objectives",
            "count": n,
        }
    return None


_SHARE = lazy(r"\b(?:share|percentage|proportion|ratio|rate)\s+of\b|%\s+of\b", re.I)


@check("OKR304", "set")
def no_counter_metric(okrs: OKRSet, ctx: Context):
    """An objective that pushes a throughput metric with no quality key result (or quality KPI) beside it."""
    guarded = any(find(f"{k.name} {k.healthy or ''}", "quality_metrics") for k in okrs.kpis)
    out = []
    for oi, obj in enumerate(okrs.objectives):
        if guarded or any(find(k.text, "quality_metrics") or kr_facts(k).keep_verb for k in obj.key_results):
            continue
        for ki, kr in enumerate(obj.key_results):
            volume = find(kr.text, "volume_metrics")
            if volume and kr.direction != "decrease" and not kr_facts(kr).outcome_clause and not _SHARE.search(kr.text):
                out.append({"_where": Place(oi, ki), "_line": kr.line, "_text": kr.text, "metric": volume.lower()})
                break
    return out


_PAY_WORD = lazy(
    r"bonus|compensation|commission|salar(?:y|ies)|pay|raise|promotion|incentive|payout|"
    r"performance (?:review|rating|evaluation|appraisal)s?|appraisals?",
    re.I,
)
_OKRS_NAMED = lazy(r"\b(?:okrs?|key results?|krs?|objectives?)\b", re.I)
_DECIDES = lazy(
    r"\b(?:tied|linked|based on|depends? on|decided|determined|riding on|on the line|paid out on|decides?|"
    r"determines?|sets?|feeds?|counts? towards?)\b",
    re.I,
)
_EARNED_BY = lazy(r"\b(?:earn|unlock|secure|qualify for|reach(?:es)?)\b", re.I)
# Pay as a policy: "salary bands", "the commission plan", "the performance review cycle", "promotion criteria".
_POLICY_AFTER_PAY = lazy(
    r"^[\s'’s]*(?:[\w-]+\s+)?(?:bands?|ranges?|benchmarks?|framework|structure|polic(?:y|ies)|philosophy|plans?|"
    r"guidelines|criteria|process(?:es)?|cycles?|calendar|calibration|templates?|data|survey|transparency|"
    r"equity|parity|gaps?|levels?|ladders?|grades?|scales?|system|tools?|calculator)\b",
    re.I,
)
# What pay is tied to when it is pay policy, not achievement: the market, levels, roles, a career ladder …
_POLICY_BASIS = lazy(
    r"\b(?:market|benchmarks?|levels?|bands?|ladders?|roles?|locations?|tenure|experience|inflation|"
    r"cost of living|grades?|scales?|criteria|polic(?:y|ies)|approval|process)\b",
    re.I,
)
# What pay is tied to when it is achievement: the result itself ("it", "hitting it") or results, scores, targets.
_ACHIEVEMENT = lazy(
    r"^(?:it|this|that|these|them|hitting|reaching|achieving|meeting|beating|delivering)\b|\b(?:results?|"
    r"scores?|targets?|goals?|quotas?|attainment|performance|numbers|kpis?|metrics?)\b",
    re.I,
)
_LEAD_IN = lazy(r"^\s*(?:to|on|with|by|upon)?\s*(?:the|our|their|his|her|my|its|each|every|a)?\s*", re.I)


def _tied_to_achievement(basis: str) -> bool:
    """True when what pay is tied to is a result ('it', 'the score', 'NPS'), not pay policy ('market benchmarks')."""
    basis = _LEAD_IN.sub("", re.split(r"[,;.()]|\band\b", basis, maxsplit=1)[0], count=1)
    if _POLICY_BASIS.search(basis):
        return False
    return bool(_ACHIEVEMENT.search(basis) or find(basis, "metric_nouns") or find(basis, "quality_metrics"))


@check("OKR305", "text")
def tied_to_pay(text: str, ctx: Context):
    """Achieving OKRs or targets tied to pay, a bonus, a promotion or a performance review (not pay as a topic)."""
    if not find(text, "pay_words"):
        return None
    m = find(text, "compensation")
    if not m:
        return None
    word = _PAY_WORD.search(m)
    hit = {"what": (word.group(0) if word else m).lower()}
    if _OKRS_NAMED.search(text):
        return hit  # pay language next to the OKRs themselves
    at = text.find(m)
    pay_at, pay_end = (word.start(), word.end()) if word else (0, len(m))
    decides, earned = _DECIDES.search(m), _EARNED_BY.search(m)
    if decides and decides.start() > pay_at:  # "compensation tied to X": X decides
        return hit if _tied_to_achievement(text[at + len(m) :]) else None
    if earned and earned.start() < pay_at:  # "… to earn the team bonus": reaching the result pays
        return hit
    if decides:  # "X decides promotions"; "Set compensation bands" is an action on pay policy
        subject = text[: at + decides.start()]
        return hit if strip_lead(subject) and not _POLICY_BASIS.search(subject) else None
    return None if _POLICY_AFTER_PAY.match(text[at + pay_end :]) else hit  # "the commission plan": pay policy


_SPLIT_QUOTA = lazy(
    r"\b(?:share|portion|part|slice|piece|split)\s+of\s+(?:the\s+)?(?:company|global|group|parent|org\w*|region\w*|"
    r"team)[\w'’]*\b|\bof\s+the\s+(?:company|group|parent|global|org\w*)[’']s\b"
    r"|\b\d+%\s+of\s+(?:the\s+)?(?:company|global|group|parent)\b",
    re.I,
)


def _may_split(text: str) -> bool:
    """Cheap first look for split-quota wording before the full pattern."""
    low = text.lower()
    return " of " in low and any(
        w in low for w in ("share", "portion", "part", "slice", "split", "company", "global", "group", "parent", "org")
    )


@check("OKR306", "set")
def hard_cascade(okrs: OKRSet, ctx: Context):
    """Key results or objectives copied from the parent, or a slice of the parent's number handed down."""
    parent_krs = [kr.text for p in okrs.parent for kr in p.key_results]
    parent_objs = [p.objective for p in okrs.parent]
    out = []
    for oi, obj in enumerate(okrs.objectives):
        candidates = parent_krs + parent_objs + ([obj.aligns_to] if obj.aligns_to else [])
        copied = max(parent_krs, key=lambda c: _similar(obj.objective, c), default=None)
        if copied and _similar(obj.objective, copied) >= 0.7:
            out.append({"_where": Place(oi), "_line": obj.line, "_text": obj.objective, "parent": copied})
        for ki, kr in enumerate(obj.key_results):
            best = max(candidates, key=lambda c: _similar(kr.text, c), default=None)
            if best and _similar(kr.text, best) >= 0.7:
                out.append({"_where": Place(oi, ki), "_line": kr.line, "_text": kr.text, "parent": best})
            elif _may_split(kr.text) and (m := _SPLIT_QUOTA.search(kr.text)):
                out.append({"_where": Place(oi, ki), "_line": kr.line, "_text": kr.text, "parent": f"… {m.group(0)} …"})
    return out


@check("OKR307", "set")
def no_alignment(okrs: OKRSet, ctx: Context):
    """Team or individual objectives with no aligns_to; a warning when a whole team set floats free."""
    if okrs.level not in ("team", "individual"):
        return None
    loose = [
        {"_where": Place(oi), "_line": o.line, "_text": o.objective}
        for oi, o in enumerate(okrs.objectives)
        if not o.aligns_to
    ]
    if loose and okrs.level == "team" and len(loose) == len(okrs.objectives):
        for hit in loose:
            hit["_severity"] = "warning"
    return loose


@check("OKR308", "set")
def duplicate_key_result(okrs: OKRSet, ctx: Context):
    """The same key result text twice in the set."""
    seen: dict[str, str] = {}
    out = []
    for oi, obj in enumerate(okrs.objectives):
        for ki, kr in enumerate(obj.key_results):
            key = " ".join(kr.text.lower().split())
            if key in seen:
                out.append({"_where": Place(oi, ki), "_line": kr.line, "_text": kr.text, "where_else": seen[key]})
            else:
                seen[key] = Place(oi, ki)
    return out


@check("OKR309", "set")
def no_period(okrs: OKRSet, ctx: Context):
    """No period, start or end: one finding for the set (a warning when no key result has a date of its own)."""
    if okrs.period or okrs.end or not okrs.key_results:
        return None
    krs = okrs.key_results
    undated = sum(not k.dated for k in krs)
    if not undated:
        return None
    title = f" '{okrs.title}'" if okrs.title else ""
    # read from text, the set starts at its line 1, where 'period:' belongs; a set built in code has no lines
    line = 1 if any(o.line is not None for o in okrs.objectives) else None
    if undated == len(krs):
        n = len(krs)
        return {
            "_where": Place(field="period"),
            "_line": line,
            "_text": okrs.title or "(the set)",
            "title": title,
            "consequence": f"none of its {n} key result{'s' * (n != 1)} has a deadline: nobody knows when "
            f"{'they are' if n != 1 else 'it is'} due",
        }
    return {
        "_where": Place(field="period"),
        "_line": line,
        "_text": okrs.title or "(the set)",
        "_severity": "info",
        "title": title,
        "consequence": f"{undated} of its {len(krs)} key results {'has' if undated == 1 else 'have'} no date of "
        f"{'its' if undated == 1 else 'their'} own",
    }
