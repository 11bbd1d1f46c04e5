"""OKR1xx: rules about one key result."""
from __future__ import annotations

import re

from ..analysis import kr_facts
from ..model import KeyResult
from . import Context, check

_INCREASE_VERB = re.compile(r"^(?:increase|grow|raise|boost|lift|improve|expand|double|triple)\b", re.I)
_DECREASE_VERB = re.compile(r"^(?:reduce|cut|lower|decrease|drop|shrink|halve|bring down|minimi[sz]e)\b", re.I)
_RATE = re.compile(r"\b(?:rate|conversion|share|percentage|proportion|retention|churn|uptime|availability|"
                   r"accuracy|coverage|completion|ctr|margin)\b", re.I)
_RATIO_CONTEXT = re.compile(r"\b(?:rate|conversion|ratio|share of|percent(?:age)? of|proportion|who|that|which|"
                            r"per (?:user|customer|account|visitor|session|member|team|seat|active))\b|%\s*of", re.I)


def _keeps(kr: KeyResult) -> bool:
    """True when the key result holds a metric steady rather than moving it."""
    f = kr_facts(kr)
    return bool(f.keep_verb or (kr.direction == "keep" and not f.activity_verb
                                and not _INCREASE_VERB.match(f.body) and not _DECREASE_VERB.match(f.body)))


def _no_target(kr: KeyResult) -> bool:
    """True when the statement gives no target, change or number at all."""
    return not kr.has_number and not kr_facts(kr).has_number


@check("OKR101", "key_result")
def output_not_outcome(kr: KeyResult, ctx: Context):
    """A number that counts activities or deliverables, with no outcome attached."""
    f = kr_facts(kr)
    if not f.has_number or f.cadence or f.outcome_clause or f.has_measure:
        return None
    if f.activity_verb:
        return {"what": f"activities ('{f.activity_verb} …')"}
    if f.output_noun and kr.direction in (None, "increase", "achieve") and not f.outcome_word:
        return {"what": f"outputs ({f.output_noun})"}
    return None


@check("OKR102", "key_result")
def activity_habit(kr: KeyResult, ctx: Context):
    """A counted activity with a regular rhythm: a habit."""
    f = kr_facts(kr)
    if f.cadence and f.has_number and f.activity_verb and not f.outcome_clause and not f.has_measure:
        return {"cadence": f.cadence}
    return None


@check("OKR103", "key_result")
def initiative_as_key_result(kr: KeyResult, ctx: Context):
    """A deliverable with nothing measured and no outcome it should cause."""
    f = kr_facts(kr)
    if f.deliverable_verb and _no_target(kr) and not f.outcome_clause and not f.keep_verb:
        return {"verb": f.deliverable_verb, "verb_cap": f.deliverable_verb.capitalize()}
    return None


@check("OKR104", "key_result")
def not_measurable(kr: KeyResult, ctx: Context):
    """No number, no metric word, and not a clear deliverable."""
    f = kr_facts(kr)
    if (_no_target(kr) and not f.deliverable_verb and not f.keep_verb and not f.outcome_word
            and not f.outcome_clause):
        return {}
    return None


@check("OKR105", "key_result")
def no_target(kr: KeyResult, ctx: Context):
    """A metric or direction with no number to reach."""
    f = kr_facts(kr)
    if not _no_target(kr):
        return None
    if f.deliverable_verb and not f.outcome_clause and not f.keep_verb:
        return None                      # an initiative: OKR103 says so
    if not (f.outcome_word or f.outcome_clause or f.keep_verb):
        return None                      # nothing measurable at all: OKR104 says so
    return {}


@check("OKR106", "key_result")
def no_baseline(kr: KeyResult, ctx: Context):
    """A target with no starting point."""
    if (kr.target is not None and kr.baseline is None and kr.relative_change is None and kr.delta is None
            and kr.direction in ("increase", "decrease") and not kr_facts(kr).activity_verb):
        return {"target": f"{kr.target:g}"}
    return None


@check("OKR107", "key_result")
def vanity_metric(kr: KeyResult, ctx: Context):
    """A cumulative total or reach metric."""
    f = kr_facts(kr)
    if f.vanity and not _RATIO_CONTEXT.search(f.body):
        return {"metric": f.vanity.lower()}
    return None


@check("OKR108", "key_result")
def unrealistic_target(kr: KeyResult, ctx: Context):
    """An increase of more than 100% in one period."""
    if kr.direction != "increase":
        return None
    if kr.relative_change is not None and kr.relative_change > 100:
        return {"change": f"+{kr.relative_change:g}%"}
    if kr.baseline and kr.target and kr.baseline > 0 and kr.target / kr.baseline > 2 and kr.unit != "%":
        return {"change": f"{kr.target / kr.baseline:.1f}× the baseline"}
    if kr.baseline and kr.target and kr.unit == "%" and kr.baseline > 0 and kr.target / kr.baseline > 2 \
            and kr.target - kr.baseline > 10:
        return {"change": f"{kr.baseline:g}% → {kr.target:g}%"}
    return None


@check("OKR109", "key_result")
def kpi_kept_healthy(kr: KeyResult, ctx: Context):
    """A metric held steady rather than changed; a guardrail when other KRs change things."""
    if not _keeps(kr):
        return None
    siblings = getattr(ctx.objective, "key_results", [])
    changes = any(k is not kr and not _keeps(k) for k in siblings)
    return {"_severity": "info"} if changes else {}


@check("OKR110", "key_result")
def vague_wording(kr: KeyResult, ctx: Context):
    """Hedges, or fuzzy words where a number should be."""
    from ..analysis import find
    f = kr_facts(kr)
    hedge = find(f.body, "hedges")
    if hedge:
        return {"word": hedge.lower()}
    if f.vague and _no_target(kr):
        return {"word": f.vague.lower()}
    return None


@check("OKR111", "key_result")
def no_deadline(kr: KeyResult, ctx: Context):
    """No due date, in a set without a period (warning) or with one (info)."""
    if kr.due is not None or kr_facts(kr).cadence:
        return None
    okrs = ctx.okrs
    if okrs is None:
        return {"context": " (inside a quarterly set, the quarter's end would be its deadline)"}
    if getattr(okrs, "end", None):
        return {"context": f"; it is due when the period ends ({okrs.end.isoformat()})"}
    return {"_severity": "warning", "context": " and the set has no period, so nobody knows when it is due"}


@check("OKR112", "key_result")
def direction_contradicts_numbers(kr: KeyResult, ctx: Context):
    """An increase verb with falling numbers, or the reverse."""
    if kr.baseline is None or kr.target is None:
        return None
    body = kr_facts(kr).body
    if (m := _INCREASE_VERB.match(body)) and kr.target < kr.baseline:
        return {"verb": m.group(0).lower(), "baseline": kr.baseline, "target": kr.target}
    if (m := _DECREASE_VERB.match(body)) and kr.target > kr.baseline:
        return {"verb": m.group(0).lower(), "baseline": kr.baseline, "target": kr.target}
    return None


@check("OKR113", "key_result")
def target_equals_baseline(kr: KeyResult, ctx: Context):
    """Baseline and target are the same number."""
    if kr.baseline is not None and kr.target is not None and kr.baseline == kr.target and not _keeps(kr):
        return {"target": kr.target}
    return None


@check("OKR114", "key_result")
def rate_over_100_percent(kr: KeyResult, ctx: Context):
    """A rate or share with a target above 100%."""
    if kr.unit == "%" and kr.target is not None and kr.target > 100 and kr.relative_change is None:
        m = _RATE.search(kr.text)
        if m:
            return {"metric": m.group(0).lower(), "target": kr.target}
    return None
