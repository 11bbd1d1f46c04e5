"""Requirement kinds: what a question can ask for, one small function each, registered by name.

Each kind reads the answer (an OKRSet and its findings) and returns the share of the points earned
(0–1) and what was seen; an assignment.yaml names kinds and sets their parameters. Also here: matching
an ``aligns_to`` to a company goal, and deadlines said in days ("by day 60").
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import lru_cache
from typing import Any

from okrkit.assignment.model import Goal, Question, Requirement
from okrkit.assignment.result import Deduction
from okrkit.model import Finding, OKRSet, Place
from okrkit.read.keyresult import parse_key_result
from okrkit.render.numbers import fmt_points
from okrkit.render.words import counted


# ── requirement kinds: each returns (share of the points earned 0–1, what was seen) ──────────
@dataclass
class RequirementContext:
    """What the requirement functions read: the question, the answer as an OKRSet, its findings."""

    question: Question
    okrs: OKRSet
    findings: list[Finding]
    ref: date
    questions: list[Question] = field(default_factory=list)  # every question of the assignment
    deductions: list[Deduction] = field(default_factory=list)
    hints: list[str] = field(default_factory=list)

    def kr_findings(self, oi: int, ki: int) -> list[Finding]:
        """Findings about one key result."""
        place = Place(oi, ki)
        return [f for f in self.findings if f.place == place]


KINDS: dict[str, tuple[Callable[[RequirementContext, Requirement], tuple[float, str]], dict[str, Any]]] = {}


def _kind(name: str, **defaults: Any) -> Callable:
    """Register a requirement kind and its parameters with their defaults."""

    def register(fn: Callable) -> Callable:
        KINDS[name] = (fn, defaults)
        return fn

    return register


def _bound_share(n: int, lo: int, hi: int) -> float:
    """1 inside [lo, hi]; less the further n is from the range; 0 for nothing."""
    if n <= 0:
        return 0.0
    if lo <= n <= hi:
        return 1.0
    bound = lo if n < lo else hi
    return max(0.0, 1.0 - abs(n - bound) / max(bound, 1))


def _range(lo: int, hi: int) -> str:
    """'1–3' or '5'."""
    return f"{lo}" if lo == hi else f"{lo}–{hi}"


@_kind("objective_count", min=1, max=3)
def _objective_count(ctx: RequirementContext, req: Requirement) -> tuple[float, str]:
    """The number of objectives lies in [min, max]."""
    n, lo, hi = len(ctx.okrs.objectives), int(req.params["min"]), int(req.params["max"])
    return _bound_share(n, lo, hi), f"you have {counted(n, 'objective')} (asked: {_range(lo, hi)})"


# What a statement is when a flagged finding of these categories sits on it: not a key result yet.
_NOT_A_KR = {
    "initiative_not_kr": "a task",
    "not_measurable": "not measurable",
    "no_target_or_baseline": "a direction with no number to reach",
    "too_vague": "too vague to say what is measured",
}


def _not_a_kr(ctx: RequirementContext, oi: int, ki: int, categories: list[str]) -> str | None:
    """Why a statement doesn't count as a key result ('a task' …), or None when it does."""
    for f in ctx.kr_findings(oi, ki):
        if f.flagged and f.category in categories:
            return _NOT_A_KR.get(f.category, f.name.replace("-", " "))
    return None


def _measured_elsewhere(q: Question) -> set[str]:
    """Categories a 'measurable' requirement of the question judges per key result."""
    return {c for r in q.requirements if r.kind == "measurable" for c in r.params["categories"]}


# A key result with no target ('Increase trial conversion') is a badly formed key result, which quality
# charges; a task, a wish nothing can check or wording too vague to say what is measured ('Try to improve
# engagement') is not a key result at all, so it is not counted.
@_kind("kr_count", min=2, max=5, not_krs=["initiative_not_kr", "not_measurable", "too_vague"])
def _kr_count(ctx: RequirementContext, req: Requirement) -> tuple[float, str]:
    """Share of objectives whose number of real key results (not tasks, not unmeasurable wishes) lies in [min, max].

    When the question has a 'measurable' requirement, it judges those statements; here they count.
    """
    lo, hi = int(req.params["min"]), int(req.params["max"])
    objs = ctx.okrs.objectives
    if not objs:
        return 0.0, "no objectives yet"
    cats = [c for c in req.params["not_krs"] if c not in _measured_elsewhere(ctx.question)]
    ok, bad, skipped = 0, [], []
    for oi, o in enumerate(objs):
        why = [(kr, _not_a_kr(ctx, oi, ki, cats)) for ki, kr in enumerate(o.key_results)]
        real = sum(1 for _, w in why if w is None)
        skipped += [f"'{_short(kr.text, 36)}' is {w}" for kr, w in why if w is not None]
        if lo <= real <= hi:
            ok += 1
        elif real != len(o.key_results):
            bad.append(f"objective {oi + 1} has {real} of {len(o.key_results)}")
        else:
            bad.append(f"objective {oi + 1} has {real}")
    detail = f"{ok} of {len(objs)} objectives have {_range(lo, hi)} key results"
    if bad:
        detail += f" ({'; '.join(bad)})"
    if skipped:
        detail += "; not counted: " + ", ".join(skipped[:3]) + (" …" if len(skipped) > 3 else "")
    return ok / len(objs), detail


_STOP = frozenset("a an the to of by for and or in on our we its it is be with at from more".split())
_TOKEN = re.compile(r"[a-z0-9]+")


def _stems(text: str) -> set[str]:
    """Content words cut to five letters, so 'members' and 'membership' meet."""
    return {t[:5] for t in _TOKEN.findall(text.lower()) if t not in _STOP and len(t) > 1}


def match_goal(text: str, goals: list[Goal], threshold: float = 0.5) -> Goal | None:
    """The company goal an aligns_to names: its id alone ("G2"), or most of the goal's content words."""
    if not text:
        return None
    words = set(_TOKEN.findall(text.lower()))
    stems = _stems(text)
    best, best_score = None, 0.0
    ids = {g.id.lower() for g in goals if g.id}
    if stems <= {w[:5] for w in words & ids}:  # only an id, e.g. "G2"
        return next((g for g in goals if g.id and g.id.lower() in words), None)
    stems -= {i[:5] for i in ids}
    low = text.lower()
    for g in goals:
        for phrase in (g.goal, *g.aliases):
            gs = _stems(phrase)
            score = len(gs & stems) / len(gs) if gs else 0.0
            if score < 0.8:
                score = max(score, _near_copy(phrase.lower(), low))  # a near-copy with typos
            if score > best_score:
                best, best_score = g, score
    return best if best_score >= threshold else None


@lru_cache(maxsize=8192)
def _near_copy(a: str, b: str) -> float:
    """difflib's similarity of two lowercased texts when it is 0.8 or more (a near-copy), else 0."""
    sm = difflib.SequenceMatcher(None, a, b)
    if sm.real_quick_ratio() >= 0.8 and sm.quick_ratio() >= 0.8:
        ratio = sm.ratio()
        if ratio >= 0.8:
            return ratio
    return 0.0


@_kind("alignment", threshold=0.5, partial=0.5)
def _alignment(ctx: RequirementContext, req: Requirement) -> tuple[float, str]:
    """Share of objectives whose aligns_to names one of the company's goals."""
    objs = ctx.okrs.objectives
    if not objs:
        return 0.0, "no objectives yet"
    goals = ctx.question.company_goals
    threshold = float(req.params["threshold"])
    earned, named, vague, missing, in_text = 0.0, [], [], [], []
    for i, o in enumerate(objs, 1):
        g = match_goal(o.aligns_to or "", goals, threshold) if goals else None
        if g is None and not o.aligns_to and goals:
            g = goal_in_text(o.objective, goals, threshold)
            if g is not None:
                in_text.append(f"objective {i}")
        if g is not None or (o.aligns_to and not goals):
            earned += 1
            named.append(f"objective {i} → {g.id or g.goal}" if g else f"objective {i}")
        elif o.aligns_to:
            earned += float(req.params["partial"])
            vague.append(f"objective {i}")
        else:
            missing.append(f"objective {i}")
    bits = []
    if named:
        bits.append("aligned: " + ", ".join(named))
    if vague:
        bits.append("aligns_to names no goal of the company: " + ", ".join(vague))
    if missing:
        bits.append("no aligns_to: " + ", ".join(missing))
    if in_text:
        bits.append("named in the objective's text (an 'aligns_to:' line is the place for it): " + ", ".join(in_text))
    return earned / len(objs), "; ".join(bits)


# "… (supports G2)", "…, aligned with our trust goal", "… - serves the goal of getting work done faster": a
# marker after a bracket, comma, colon or dash, so an objective that starts "Serve more members …" names no goal
_ALIGN_MARKER = re.compile(
    r"(?:[(,;:–—]|\s-)\s*(?:"
    r"(?:aligns?|aligned|alignment)(?:\s+(?:to|with))?|supports?|supporting|serves?|serving"
    r"|contribut(?:es|ing)\s+to|in\s+support\s+of|for\s+(?:the\s+)?(?:company\s+)?goal)\b",
    re.I,
)


def goal_in_text(text: str, goals: list[Goal], threshold: float = 0.5) -> Goal | None:
    """A company goal an objective names in its own words: a goal id such as 'G2', or 'supports <goal>'."""
    for g in goals:
        if g.id and re.search(rf"(?<![\w-]){re.escape(g.id)}(?![\w-])", text or ""):
            return g
    m = _ALIGN_MARKER.search(text or "")
    if m is None:
        return None
    rest = text[m.end() :].strip(" :-–—,(").split(")")[0]
    return match_goal(rest, goals, threshold) if rest else None


def _term_pattern(terms: tuple[str, ...]) -> re.Pattern:
    """Whole words or phrases, with plural and verb endings."""
    alts = sorted({re.escape(t.lower()).replace(r"\ ", r"[\s-]+") for t in terms if t.strip()}, key=len, reverse=True)
    return (
        re.compile(r"(?<![\w])(?:" + "|".join(alts) + r")(?:s|es|ed|d|ing)?(?![\w])", re.I)
        if alts
        else re.compile(r"(?!x)x")
    )


_PATTERNS: dict[tuple[str, ...], re.Pattern] = {}


def _mentions(text: str, terms: list[str]) -> list[str]:
    """The vocabulary terms a statement uses."""
    key = tuple(terms)
    if key not in _PATTERNS:
        _PATTERNS[key] = _term_pattern(key)
    return sorted({m.group(0).lower() for m in _PATTERNS[key].finditer(text)})


def _share_speaking(texts: list[str], terms: list[str]) -> float:
    """Share of statements that use at least one term."""
    return sum(1 for t in texts if _mentions(t, terms)) / len(texts) if texts and terms else 0.0


@_kind("vocabulary", min_share=0.5)
def _vocabulary(ctx: RequirementContext, req: Requirement) -> tuple[float, str]:
    """Share of key results that speak about the product (its vocabulary), against min_share."""
    texts = [kr.text for kr in ctx.okrs.key_results]
    terms = ctx.question.vocabulary
    if not texts:
        return 0.0, "no key results yet"
    share = _share_speaking(texts, terms)
    used = sorted({w for t in texts for w in _mentions(t, terms)})
    rivals = [
        (q, _share_speaking(texts, q.vocabulary)) for q in ctx.questions if q is not ctx.question and q.vocabulary
    ]
    if rivals:
        other, other_share = max(rivals, key=lambda x: x[1])
        if other_share >= 0.5 and other_share >= share + 0.3:
            ctx.hints.append(
                f"This answer reads like it is about {other.product or other.title} "
                f"(the '{other.id}' question), not {ctx.question.product or ctx.question.title}. "
                "Is it in the right cell?"
            )
    n = sum(1 for t in texts if _mentions(t, terms))
    detail = f"{n} of {len(texts)} key results speak about {ctx.question.product or 'the topic'}"
    if used:
        detail += f" ({', '.join(used[:6])})"
    return min(1.0, share / float(req.params["min_share"])), detail


def scored_elsewhere(q: Question) -> set[str]:
    """Finding categories another requirement of the question already takes points for (quality won't again).

    The 'measurable' requirement judges key results only: its categories are left out here and skipped
    for key-result findings by _charged (a vague objective still costs quality points).
    """
    cats: set[str] = set()
    for r in q.requirements:
        if r.kind == "dated":
            cats.add("no_deadline")
        elif r.kind == "kr_count":
            cats |= {"too_few_krs", "too_many_krs"}
        elif r.kind == "objective_count":
            cats.add("too_many_objectives")
        elif r.kind == "alignment":
            cats.add("no_alignment")
    return cats


def _short_objectives(ctx: RequirementContext) -> set[int]:
    """Objectives with fewer key results than the question's kr_count asks: they already lose that requirement."""
    mins = [int(r.params["min"]) for r in ctx.question.requirements if r.kind == "kr_count"]
    if not mins:
        return set()
    return {i for i, o in enumerate(ctx.okrs.objectives) if len(o.key_results) < mins[0]}


def _charged(ctx: RequirementContext) -> list[tuple[Finding, float]]:
    """(finding, points) the quality block charges: once per statement and kind of problem, nothing scored elsewhere.

    Two rules that find the same statement too vague are one problem for a tutor (the larger deduction
    stands); a category another requirement of the question scores ('how', 'when', the counts, alignment)
    is not charged again; 'no counter-metric' on an objective already short of key results is that same gap.
    """
    rubric = ctx.question.rubric
    skip = scored_elsewhere(ctx.question)
    per_kr = _measured_elsewhere(ctx.question)
    short = _short_objectives(ctx)
    best: dict[tuple, tuple[Finding, float]] = {}
    order: list[tuple] = []
    for f in ctx.findings:
        p = rubric.deduction(f)
        if p <= 0 or f.category in skip or (f.category in per_kr and f.place.key_result is not None):
            continue
        if f.category == "no_counter_metric" and f.place.objective in short:
            continue
        key = (f.place, f.category)
        if key not in best:
            order.append(key)
            best[key] = (f, p)
        elif p > best[key][1]:
            best[key] = (f, p)
    return [best[k] for k in order]


@_kind("quality")
def _quality(ctx: RequirementContext, req: Requirement) -> tuple[float, str]:
    """Full points less the rubric's deductions per finding (see _charged), capped."""
    if not ctx.okrs.key_results:
        return 0.0, "no key results to judge yet"
    rubric = ctx.question.rubric
    raw = _charged(ctx)
    ctx.deductions.extend(Deduction(f, p) for f, p in raw)
    lost = sum(p for _, p in raw)
    cap = req.points if rubric.cap is None else min(rubric.cap, req.points)
    if not raw:
        return 1.0, "no finding cost points"
    capped = min(lost, cap)
    detail = f"{counted(len(raw), 'finding')} cost {fmt_points(capped)} point{'s' * (capped != 1)}"
    if lost > cap:
        detail += f" (capped at {fmt_points(cap)}; they add up to {fmt_points(lost)})"
    return (1.0 - capped / req.points) if req.points else 1.0, detail


@_kind("measurable", categories=["not_measurable", "no_target_or_baseline", "too_vague"])
def _measurable(ctx: RequirementContext, req: Requirement) -> tuple[float, str]:
    """Share of key results with no flagged finding in the given categories (how it is measured)."""
    cats = set(req.params["categories"])
    total, bad = 0, []
    for oi, o in enumerate(ctx.okrs.objectives):
        for ki, kr in enumerate(o.key_results):
            total += 1
            if any(f.flagged and f.category in cats for f in ctx.kr_findings(oi, ki)):
                bad.append(f"'{_short(kr.text)}'")
    if not total:
        return 0.0, "no key results yet"
    detail = f"{total - len(bad)} of {total} key results say how they are measured"
    return (total - len(bad)) / total, detail + (f"; not yet: {', '.join(bad[:3])}" if bad else "")


@_kind("dated", within_days=90, tolerance=3)
def _dated(ctx: RequirementContext, req: Requirement) -> tuple[float, str]:
    """Share of key results with a due date inside the window (e.g. the first 90 days)."""
    limit = int(req.params["within_days"]) + int(req.params["tolerance"])
    start = ctx.okrs.start or ctx.ref
    total, ok, undated, late = 0, 0, [], []
    for kr in ctx.okrs.key_results:
        total += 1
        if kr.due is None:
            undated.append(f"'{_short(kr.text)}'")
        elif 0 <= (kr.due - start).days <= limit:
            ok += 1
        else:
            late.append(f"'{_short(kr.text)}' (day {(kr.due - start).days})")
    if not total:
        return 0.0, "no key results yet"
    detail = f"{ok} of {total} key results say when, within {req.params['within_days']} days"
    if undated:
        detail += f"; no date: {', '.join(undated[:3])}"
    if late:
        detail += f"; outside the window: {', '.join(late[:3])}"
    return ok / total, detail


@_kind("horizons", buckets=[30, 60, 90], tolerance=3)
def _horizons(ctx: RequirementContext, req: Requirement) -> tuple[float, str]:
    """Share of the time buckets (30/60/90 days) that at least one objective is due in."""
    buckets = sorted(int(b) for b in req.params["buckets"])
    tol = int(req.params["tolerance"])
    start = ctx.okrs.start or ctx.ref
    seen: dict[int, list[int]] = {b: [] for b in buckets}
    for i, o in enumerate(ctx.okrs.objectives, 1):
        days = [(kr.due - start).days for kr in o.key_results if kr.due is not None]
        if not days:
            continue
        horizon = max(days)
        for b in buckets:
            if 0 <= horizon <= b + tol:
                seen[b].append(i)
                break
    covered = [b for b in buckets if seen[b]]
    detail = "; ".join(
        f"{b} days: " + (", ".join(f"objective {i}" for i in seen[b]) if seen[b] else "none") for b in buckets
    )
    return (len(covered) / len(buckets) if buckets else 0.0), detail


# Requirements judged per key result or per objective are shares of the work the question asks for: one
# perfect OKR of the five asked is a fifth of that work, not all of it.
PER_ITEM_KINDS = frozenset({"kr_count", "measurable", "dated", "quality"})


def asked_share(ctx: RequirementContext) -> tuple[float, str]:
    """(share of the objectives asked that the answer has, a note) from the question's objective_count minimum."""
    mins = [int(r.params["min"]) for r in ctx.question.requirements if r.kind == "objective_count"]
    n = len(ctx.okrs.objectives)
    if not mins or n == 0 or n >= mins[0]:
        return 1.0, ""
    return n / mins[0], f"{n} of the {mins[0]} objectives asked are here, so this counts {n}/{mins[0]} of it"


def _short(text: str, limit: int = 48) -> str:
    """A statement cut to fit in a detail line."""
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


# ── personal deadlines said in days ("by day 60", "in my first 30 days") ───────────────────
_DAY_PHRASE = re.compile(
    r"\b(?:by|before|on|until|at|around|to|through|till)\s+(?:the\s+end\s+of\s+)?day\s+(\d{1,3})\b"
    r"|\b(?:in|within|during|over|for)\s+(?:the\s+|my\s+|our\s+)?first\s+(\d{1,3})\s+days\b"
    r"|\bfirst\s+(\d{1,3})\s+days\b"
    r"|\b(\d{1,3})[-\s]day\s+(?:mark|review|check[-\s]?in|milestone|point)\b"
    r"|\bdays?\s+(?:\d{1,3}\s*[-–]\s*)?(\d{1,3})\s*:",
    re.I,
)
# "in my first month", "by the end of month two", "in my third month": a month of a new job is 30 days
_MONTH_PHRASE = re.compile(
    r"\b(?:in|within|during|by\s+the\s+end\s+of|at\s+the\s+end\s+of|end\s+of)\s+(?:the\s+|my\s+|our\s+)?"
    r"(?:(first|second|third|1st|2nd|3rd)\s+month|month\s+(one|two|three|1|2|3))\b",
    re.I,
)
_MONTH_NUMBER = {"first": 1, "1st": 1, "one": 1, "1": 1, "second": 2, "2nd": 2, "two": 2, "2": 2}
_MONTH_NUMBER.update({"third": 3, "3rd": 3, "three": 3, "3": 3})


def _day_match(text: str) -> tuple[int, int, int] | None:
    """(days, start, end) of the plan-day phrase in a text, or None."""
    found = list(_DAY_PHRASE.finditer(text or ""))
    if found:  # "from day 10 to day 90" is due on day 90
        days = max(int(next(g for g in m.groups() if g)) for m in found)
        return days, found[0].start(), found[-1].end()
    m = _MONTH_PHRASE.search(text or "")
    if m:
        return 30 * _MONTH_NUMBER[(m.group(1) or m.group(2)).lower()], m.start(), m.end()
    return None


def day_phrase(text: str) -> int | None:
    """Days from the start named by 'by day 60', 'in my first 30 days', 'Days 31-60:', 'month two' (else None)."""
    m = _day_match(text)
    return m[0] if m else None


def _parser_read_the_phrase(kr: Any, start: int, end: int) -> bool:
    """True when the parser's due text lies inside the day phrase ('by the end of month' in '… month two')."""
    due_text = (kr.due_text or "").lower()
    at = kr.text.lower().find(due_text) if due_text else -1
    return at >= 0 and at < end and at + len(due_text) > start


def resolve_day_deadlines(okrs: OKRSet, ref: date) -> None:
    """Give key results the day deadline their text states, else undated ones their objective's deadline.

    A day of the plan said in words ('by the end of month two') is the deadline where the parser read part of
    it as a calendar date ('the end of month' alone is this month's end); a date of its own elsewhere stays.
    """
    start = okrs.start or ref
    for o in okrs.objectives:
        obj_days = day_phrase(o.objective)
        obj_due = (
            start + timedelta(days=obj_days) if obj_days is not None else parse_key_result(o.objective, ref=start).due
        )
        for kr in o.key_results:
            m = _day_match(kr.text)
            if m is not None and (kr.due is None or _parser_read_the_phrase(kr, m[1], m[2])):
                kr.due, kr.due_text = start + timedelta(days=m[0]), f"day {m[0]}"
            elif kr.due is not None:
                continue
            elif obj_due is not None:
                kr.due, kr.due_text = obj_due, "the objective's deadline"
