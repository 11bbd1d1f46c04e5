"""OKR1xx: rules about one key result."""

from __future__ import annotations

import re

from okrkit.check.facts import WORD, find, generic_words, kr_facts
from okrkit.check.measured import counted_in, object_output, share_of_own_work
from okrkit.check.registry import Context, check
from okrkit.lexicon.lazyre import lazy
from okrkit.model import KeyResult

_INCREASE_VERB = lazy(r"^(?:increase|grow|raise|boost|lift|improve|expand|double|triple)\b", re.I)
_DECREASE_VERB = lazy(r"^(?:reduce|cut|lower|decrease|drop|shrink|halve|bring down|minimi[sz]e)\b", re.I)
_RATE = lazy(
    r"\b(?:rate|conversion|share|percentage|proportion|churn|uptime|availability|on[- ]time|"
    r"accuracy|coverage|completion|ctr|margin|adoption|penetration)\b",
    re.I,
)
_OVER_100_OK = lazy(r"\bnet (?:revenue|dollar) retention\b|\bnrr\b|\bndr\b|\bof (?:plan|target|budget|quota)\b", re.I)
_OUTCOME_OF_OUTPUT = lazy(
    r"\b(?:who|that|which)\b.{0,40}\b(?:use|used|return|buy|bought|renew|stay|"
    r"activate|convert|complete|rate|recommend|read|open|click)",
    re.I,
)
_TOTALS = lazy(
    r"\b(?:total|cumulative|all[- ]time|lifetime)\s+(?:number\s+of\s+)?(?:[\w-]+\s+){0,2}?"
    r"(?:users|sign[- ]?ups|registrations|downloads|installs|visitors|visits|accounts|members|"
    r"followers|subscribers|contacts|enrol?lments|views|likes|impressions|messages|profiles)\b"
    r"|\bsince (?:launch|the launch|inception|we started)\b",
    re.I,
)
_RATIO_CONTEXT = lazy(
    r"\b(?:rate|conversion|ratio|share of|percent(?:age)? of|proportion|who|that|which|"
    r"per (?:user|customer|account|visitor|session|member|team|seat|active))\b|%\s*of",
    re.I,
)


def _keeps(kr: KeyResult) -> bool:
    """True when the key result holds a metric where it is: a holding verb, or a bare service level, no change."""
    if kr.baseline is not None and kr.target is not None and kr.baseline != kr.target:
        return False  # "… up from 75%": a change, not a hold
    return _holding_verb(kr) or _bare_service_level(kr)


# Openings of the keep lexicon that state a threshold, not a hold: "At least 3 teams use it" is a target to reach.
_THRESHOLD_OPENINGS = frozenset(("at least", "no more than", "no less than"))
# A holding verb after the metric: "the backlog stays under 50", "churn remains below 2%".
_HOLDING_LATER = lazy(
    r"\b(?:stays?|stayed|remains?|remained|kept|maintained|sustained|preserved|held\s+(?:steady|flat))\b", re.I
)
_RETAIN_STATE = lazy(r"^retain\b", re.I)  # "Retain our place in …" holds a state; "Retain 90% of …" is a rate
# Metrics a team keeps within a healthy range: stated as a bare level, they are a service-level objective.
_SERVICE_LEVEL = lazy(r"\b(?:uptime|availability|latency|downtime|error rates?|response times?)\b", re.I)
# A threshold or a change: a target to reach ("to >95%", "4+", "at 1.8x target", "under 200 ms"), not a level held.
_THRESHOLD_OR_CHANGE = lazy(
    r"[<>≥≤]|\d\s*\+|\d\s*x\b|\bor (?:more|higher|better|above|greater|less|lower|fewer|below)\b"
    r"|\b(?:above|below|under|over|within|up to|at most|at least|no (?:more|less|fewer) than|"
    r"(?:more|less|fewer|greater|higher|lower|better) than)\s*[~$€£]?\d"
    r"|\b(?:up|down|target|plan|quota|goal)\b",
    re.I,
)


def _holding_verb(kr: KeyResult) -> bool:
    """Maintain, keep, sustain, stay, remain, preserve …: the statement holds its metric (not a threshold opening)."""
    f = kr_facts(kr)
    if f.keep_verb:
        return f.keep_verb.lower() not in _THRESHOLD_OPENINGS
    if kr.direction != "keep" or f.activity_verb or _INCREASE_VERB.match(f.body) or _DECREASE_VERB.match(f.body):
        return False
    return bool(_HOLDING_LATER.search(f.body) or (_RETAIN_STATE.match(f.body) and not f.has_number))


def _bare_service_level(kr: KeyResult) -> bool:
    """'99.95% availability': a service level stated with no verb, no change and no threshold."""
    f = kr_facts(kr)
    return bool(
        kr.direction is None
        and kr.target is not None
        and kr.delta is None
        and kr.relative_change is None
        and not f.activity_verb
        and not f.deliverable_verb
        and _SERVICE_LEVEL.search(f.body)
        and not _THRESHOLD_OR_CHANGE.search(f.body)
    )


def _no_target(kr: KeyResult) -> bool:
    """True when the statement gives no target, change or number at all."""
    return not kr.has_number and not kr_facts(kr).has_number


@check("OKR101", "key_result")
def output_not_outcome(kr: KeyResult, ctx: Context):
    """A number that counts activities or deliverables (or a share of the team's own tasks), with no outcome attached."""
    f = kr_facts(kr)
    if not f.has_number or f.outcome_clause:
        return None
    if f.has_measure:  # a share of the team's own tasks done ('Schedule 95% of kickoff calls …') is still output
        verb = f.activity_verb or f.deliverable_verb or f.effort_verb
        share = share_of_own_work(f.body, verb, effort=f.effort_verb is not None) if verb else None
        if share and not _OUTCOME_OF_OUTPUT.search(f.body):
            return {"what": f"a share of the team's own tasks done ({share})"}
        return None
    things = counted_in(f.counted_text)
    if f.activity_verb:
        if things.adopters:
            return None  # 'Add 25 companies', 'Sign 12 accounts': people or organisations won over, a result
        return None if _habit(kr) else {"what": f"activities ('{f.activity_verb} …')"}
    if things.outcome or _OUTCOME_OF_OUTPUT.search(f.body):
        return None  # it counts members, bugs, sign-ups …, or users who do something: a result
    output = things.output or object_output(f.body)
    if output and kr.direction in (None, "increase", "achieve", "keep"):
        return {"what": f"outputs ({output})"}
    return None


@check("OKR102", "key_result")
def activity_habit(kr: KeyResult, ctx: Context):
    """A counted activity with a regular rhythm: a habit."""
    f = kr_facts(kr)
    if _habit(kr) and f.has_number and f.activity_verb and not f.outcome_clause and not f.has_measure:
        return {"cadence": f.cadence}
    return None


HABIT_MAX = 10  # "one sales call a week" is a habit; "500 tickets a week" is a throughput target


def _habit(kr: KeyResult) -> bool:
    """A small counted activity repeated on a rhythm (a personal habit, not a throughput target)."""
    return bool(kr_facts(kr).cadence) and (kr.target is None or kr.target <= HABIT_MAX)


@check("OKR103", "key_result")
def initiative_as_key_result(kr: KeyResult, ctx: Context):
    """A deliverable with nothing measured and no outcome it should cause."""
    if _initiative(kr):
        f = kr_facts(kr)
        return {"verb": f.deliverable_verb, "verb_cap": f.deliverable_verb.capitalize()}
    return None


def _initiative(kr: KeyResult) -> bool:
    """A deliverable with no number, no outcome clause, and a concrete object (not 'a strong brand')."""
    f = kr_facts(kr)
    return bool(
        f.deliverable_verb
        and _no_target(kr)
        and not f.outcome_clause
        and not f.keep_verb
        and not f.abstract
        and not find(f.body, "vague_words")
    )


@check("OKR104", "key_result")
def not_measurable(kr: KeyResult, ctx: Context):
    """No number, no metric word, and not a clear deliverable."""
    f = kr_facts(kr)
    if (
        _no_target(kr)
        and not _initiative(kr)
        and not f.keep_verb
        and not f.metric_noun
        and not f.outcome_clause
        and not f.achievement
    ):
        return {}
    return None


@check("OKR105", "key_result")
def no_target(kr: KeyResult, ctx: Context):
    """A metric or direction with no number to reach."""
    f = kr_facts(kr)
    if not _no_target(kr) or _initiative(kr) or f.achievement:
        return None  # has a target, is an initiative (OKR103), or is a yes/no achievement
    if not (f.metric_noun or f.outcome_clause or f.keep_verb):
        return None  # nothing measurable at all: OKR104 says so
    return {}


@check("OKR106", "key_result")
def no_baseline(kr: KeyResult, ctx: Context):
    """A target with no starting point."""
    if (
        kr.target is not None
        and kr.baseline is None
        and kr.relative_change is None
        and kr.delta is None
        and kr.direction in ("increase", "decrease")
        and not kr_facts(kr).activity_verb
    ):
        return {"target": f"{kr.target:g}"}
    return None


@check("OKR107", "key_result")
def vanity_metric(kr: KeyResult, ctx: Context):
    """A cumulative total or reach metric."""
    f = kr_facts(kr)
    metric = f.vanity
    if not metric and any(
        w in f.body.lower() for w in ("total", "cumulative", "all-time", "all time", "lifetime", "since")
    ):
        m = _TOTALS.search(f.body)
        metric = m.group(0) if m else None
    if metric and not _RATIO_CONTEXT.search(f.body):
        return {"metric": metric.lower()}
    return None


@check("OKR108", "key_result")
def unrealistic_target(kr: KeyResult, ctx: Context):
    """A stated change of more than +100%, a five-fold jump, or a rate cut to zero."""
    if kr.direction == "decrease" and kr.target == 0 and kr.baseline and kr.unit == "%" and _rate_or_share(kr):
        return {"change": f"a cut from {kr.baseline:g}% to zero, which depends on more than the team controls"}
    if kr.direction != "increase":
        return None
    if kr.relative_change is not None and kr.relative_change > 100:
        return {"change": f"+{kr.relative_change:g}%"}
    if kr.baseline and kr.target and kr.baseline > 0 and kr.target / kr.baseline > 5:
        return {"change": f"{kr.target / kr.baseline:.1f}× the baseline"}
    return None


def _rate_or_share(kr: KeyResult) -> bool:
    """True when the metric is a rate or share of people (churn, readmissions, defects per …)."""
    return bool(
        _RATE.search(kr.text)
        or re.search(r"\b(?:readmissions?|defects?|returns?|complaints?|errors?)\b", kr.text, re.I)
    )


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
    f = kr_facts(kr)
    hedge = find(f.body, "hedges")
    if hedge:
        return {"word": hedge.lower()}
    if f.vague and _no_target(kr):
        return {"word": f.vague.lower()}
    if _no_target(kr) and _all_generic(f.body):
        return {"word": f.body}
    return None


def _all_generic(body: str) -> bool:
    """True when every word of the statement is a general or buzz word ('Optimize processes across the company')."""
    words = WORD.findall(body.lower())
    generic = generic_words()
    return bool(words) and all(w in generic or len(w) <= 2 for w in words)


@check("OKR111", "key_result")
def no_deadline(kr: KeyResult, ctx: Context):
    """No due date: a tip (the period's end, or the set's one missing period: OKR309); open-ended timing warns."""
    okrs = ctx.okrs
    no_period = " or give the set a period such as 2026-Q3"
    if open_ended := find(kr.text, "open_timing"):
        return {
            "_severity": "warning",
            "context": f": '{open_ended}' is not a date",
            "fix_context": "" if getattr(okrs, "end", None) else no_period,
        }
    if kr.dated or kr_facts(kr).cadence:
        return None
    if okrs is None:
        return {
            "context": " (inside a quarterly set, the quarter's end would be its deadline)",
            "fix_context": " if it is due before the period ends",
        }
    if getattr(okrs, "end", None):
        return {
            "context": f"; it is due when the period ends ({okrs.end.isoformat()})",
            "fix_context": " if it is due before the period ends",
        }
    if getattr(okrs, "period", None):
        return {
            "context": f", and the set's period '{okrs.period}' gives no end date",
            "fix_context": " or write the period like 2026-Q3",
        }
    return {  # the set's missing period is one finding of its own (OKR309), not a warning on every key result
        "context": " and the set has no period (OKR309)",
        "fix_context": no_period,
    }


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
        if m and not _OVER_100_OK.search(kr.text):
            return {"metric": m.group(0).lower(), "target": kr.target}
    return None
