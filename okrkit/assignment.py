"""Assignment specs (exercises/<id>/assignment.yaml) and check(question, answer) → CheckResult.

The spec holds everything an instructor may change: questions, points, requirements with their
teaching text, the rubric's deductions per finding, company goals and product vocabulary. This module
only knows the requirement *kinds* (one small function each); the student's ``check`` and the batch
grader call the same ``Assignment.check``, so an instant check and a grade can never disagree.
"""
from __future__ import annotations

import difflib
import os
import re
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any, Callable, Mapping

import yaml

from .check_result import _BOX, AssignmentResult, CheckResult, Deduction, RequirementResult, fmt_points
from .check_result import _e
from .errors import LoadError, OKRKitError
from .model import Finding, OKRSet

SPEC_NAME = "assignment.yaml"
_REPO_EXERCISES = Path(__file__).resolve().parents[1] / "exercises"
_ID = re.compile(r"^[a-z][a-z0-9_]*$")


class SpecError(LoadError):
    """An assignment.yaml that can't be used; says file, line, field and what to change."""


class UnknownQuestionError(OKRKitError, LookupError):
    """A question id that the assignment does not have."""


# ── the spec's data ───────────────────────────────────────────────────────────────────────
@dataclass(frozen=True)
class Goal:
    """A company goal an objective can align to."""

    goal: str
    id: str | None = None
    aliases: tuple[str, ...] = ()

    def __str__(self) -> str:
        return f"{self.id}: {self.goal}" if self.id else self.goal


@dataclass(frozen=True)
class Rubric:
    """Points taken off a question's quality points per finding, and the cap on them."""

    severity: Mapping[str, float]
    category: Mapping[str, float]
    code: Mapping[str, float]
    cap: float | None = None
    ignore: frozenset[str] = frozenset()

    def deduction(self, f: Finding) -> float:
        """Points this finding costs: by code, else by category, else by severity."""
        for table, key in ((self.code, f.code), (self.category, f.category), (self.severity, f.severity)):
            if key in table:
                return float(table[key])
        return 0.0


@dataclass(frozen=True)
class Requirement:
    """One thing a question asks for, worth points, with the text shown when met or missed."""

    id: str
    kind: str
    label: str
    points: float
    params: Mapping[str, Any]
    good: str = ""
    teach: str = ""
    line: int | None = None


@dataclass
class Question:
    """One question: what to write, what earns points, and the context the checks need."""

    id: str
    title: str
    requirements: list[Requirement]
    rubric: Rubric
    prompt: str = ""
    product: str = ""
    company: str = ""
    company_goals: list[Goal] = field(default_factory=list)
    vocabulary: list[str] = field(default_factory=list)
    starter: str = ""
    line: int | None = None

    @property
    def max_points(self) -> float:
        """Points available for this question (the sum of its requirements)."""
        return round(sum(r.points for r in self.requirements), 2)

    def _repr_html_(self) -> str:
        return _question_html(self)

    def __repr__(self) -> str:
        return f"<Question {self.id}: {fmt_points(self.max_points)} points, {len(self.requirements)} requirements>"

    def __str__(self) -> str:
        return _question_text(self)


@dataclass
class Assignment:
    """A loaded assignment spec: questions with points and requirements; checks answers."""

    id: str
    title: str
    path: Path | None
    questions: list[Question]
    reference_date: date
    source: str = ""
    round_to: float = 0.25

    @property
    def max_points(self) -> float:
        """Points available in all (the sum of the questions)."""
        return round(sum(q.max_points for q in self.questions), 2)

    def question(self, qid: str) -> Question:
        """The question with this id (UnknownQuestionError naming the known ids otherwise)."""
        for q in self.questions:
            if q.id == qid:
                return q
        ids = [q.id for q in self.questions]
        near = difflib.get_close_matches(str(qid), ids, n=1)
        hint = f" Did you mean '{near[0]}'?" if near else ""
        raise UnknownQuestionError(f"{self.id} has no question {qid!r}; its questions are: "
                                   f"{', '.join(ids)}.{hint}")

    def check(self, qid: str, answer_text: Any) -> CheckResult:
        """Points and feedback for one answer (never raises for a bad answer: see CheckResult.error)."""
        return _check(self, self.question(qid), answer_text)

    def check_all(self, answers: Mapping[str, Any]) -> AssignmentResult:
        """Every question checked; a question with no answer scores 0 with a note on what to do."""
        known = {q.id for q in self.questions}
        notes = [f"'{k}' is not a question of {self.id}; it was not graded." for k in answers if k not in known]
        results = {q.id: (_check(self, q, answers[q.id]) if q.id in answers else _unanswered(q, missing=True))
                   for q in self.questions}
        return AssignmentResult(assignment=self.id, results=results, title=self.title, notes=notes)

    def __repr__(self) -> str:
        return f"<Assignment {self.id}: {len(self.questions)} questions, {fmt_points(self.max_points)} points>"

    def __str__(self) -> str:
        return "\n".join([f"{self.title} ({fmt_points(self.max_points)} points)"] +
                         [f"  {q.id:<10} {fmt_points(q.max_points):>5}  {q.title}" for q in self.questions])

    def _repr_html_(self) -> str:
        rows = "".join(f'<tr><td style="padding:2px 12px 2px 0"><code>{_e(q.id)}</code></td>'
                       f'<td style="padding:2px 12px 2px 0">{_e(q.title)}</td>'
                       f'<td style="text-align:right">{_e(fmt_points(q.max_points))}</td></tr>' for q in self.questions)
        return (f'<div style="{_BOX}"><strong>{_e(self.title)}</strong> — {_e(fmt_points(self.max_points))} points'
                f'<table style="border-collapse:collapse;margin-top:6px">{rows}</table></div>')


def _question_text(q: Question) -> str:
    """A question's brief for a terminal: the task, the company goals, and what earns points."""
    out = [f"{q.title} ({fmt_points(q.max_points)} points)"]
    if q.prompt:
        out.append(q.prompt)
    if q.company_goals:
        out.append(f"{q.company}'s goals in this exercise:")
        out += [f"  {g}" for g in q.company_goals]
    out.append("Points:")
    out += [f"  {fmt_points(r.points):>4}  {_fill(r.label, q, r)}" for r in q.requirements]
    return "\n".join(out)


def _question_html(q: Question) -> str:
    """A question's brief as self-contained HTML."""
    goals = "".join(f"<li>{_e(g)}</li>" for g in q.company_goals)
    reqs = "".join(f'<tr><td style="text-align:right;padding:1px 10px 1px 0">{_e(fmt_points(r.points))}</td>'
                   f"<td>{_e(_fill(r.label, q, r))}</td></tr>" for r in q.requirements)
    return (f'<div style="{_BOX}"><strong>{_e(q.title)}</strong> — {_e(fmt_points(q.max_points))} points'
            + (f'<p style="margin:6px 0">{_e(q.prompt)}</p>' if q.prompt else "")
            + (f'<div style="margin-top:6px"><b>{_e(q.company)}\'s goals in this exercise</b> (name one in '
               f'<code>aligns_to</code>)</div><ul style="margin:2px 0 6px 1.2em;padding:0">{goals}</ul>' if goals else "")
            + f'<div style="margin-top:6px"><b>What earns points</b></div>'
              f'<table style="border-collapse:collapse">{reqs}</table></div>')


# ── requirement kinds: each returns (share of the points earned 0–1, what was seen) ──────────
@dataclass
class _Ctx:
    """What the requirement functions read: the question, the answer as an OKRSet, its findings."""

    assignment: Assignment
    question: Question
    okrs: OKRSet
    findings: list[Finding]
    ref: date
    deductions: list[Deduction] = field(default_factory=list)
    hints: list[str] = field(default_factory=list)

    def kr_findings(self, oi: int, ki: int) -> list[Finding]:
        """Findings about one key result."""
        where = f"objectives[{oi}].key_results[{ki}]"
        return [f for f in self.findings if f.where == where]


_KINDS: dict[str, tuple[Callable[[_Ctx, Requirement], tuple[float, str]], dict[str, Any]]] = {}


def _kind(name: str, **defaults: Any) -> Callable:
    """Register a requirement kind and its parameters with their defaults."""
    def register(fn: Callable) -> Callable:
        _KINDS[name] = (fn, defaults)
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
def _objective_count(ctx: _Ctx, req: Requirement) -> tuple[float, str]:
    """The number of objectives lies in [min, max]."""
    n, lo, hi = len(ctx.okrs.objectives), int(req.params["min"]), int(req.params["max"])
    return _bound_share(n, lo, hi), f"you have {n} objective{'s' * (n != 1)} (asked: {_range(lo, hi)})"


@_kind("kr_count", min=2, max=5)
def _kr_count(ctx: _Ctx, req: Requirement) -> tuple[float, str]:
    """Share of objectives whose number of key results lies in [min, max]."""
    lo, hi = int(req.params["min"]), int(req.params["max"])
    objs = ctx.okrs.objectives
    if not objs:
        return 0.0, "no objectives yet"
    ok = [o for o in objs if lo <= len(o.key_results) <= hi]
    bad = [f"objective {i + 1} has {len(o.key_results)}" for i, o in enumerate(objs) if o not in ok]
    detail = f"{len(ok)} of {len(objs)} objectives have {_range(lo, hi)} key results"
    return len(ok) / len(objs), detail + (f" ({'; '.join(bad)})" if bad else "")


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
    if stems <= {w[:5] for w in words & ids}:       # only an id, e.g. "G2"
        return next((g for g in goals if g.id and g.id.lower() in words), None)
    stems -= {i[:5] for i in ids}
    for g in goals:
        for phrase in (g.goal, *g.aliases):
            gs = _stems(phrase)
            score = len(gs & stems) / len(gs) if gs else 0.0
            sm = difflib.SequenceMatcher(None, phrase.lower(), text.lower())
            if score < 0.8 and sm.real_quick_ratio() >= 0.8 and sm.quick_ratio() >= 0.8 and sm.ratio() >= 0.8:
                score = max(score, sm.ratio())                       # a near-copy with typos
            if score > best_score:
                best, best_score = g, score
    return best if best_score >= threshold else None


@_kind("alignment", threshold=0.5, partial=0.5)
def _alignment(ctx: _Ctx, req: Requirement) -> tuple[float, str]:
    """Share of objectives whose aligns_to names one of the company's goals."""
    objs = ctx.okrs.objectives
    if not objs:
        return 0.0, "no objectives yet"
    goals = ctx.question.company_goals
    earned, named, vague, missing = 0.0, [], [], []
    for i, o in enumerate(objs, 1):
        g = match_goal(o.aligns_to or "", goals, float(req.params["threshold"])) if goals else None
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
    return earned / len(objs), "; ".join(bits)


def _term_pattern(terms: tuple[str, ...]) -> re.Pattern:
    """Whole words or phrases, with plural and verb endings."""
    alts = sorted({re.escape(t.lower()).replace(r"\ ", r"[\s-]+") for t in terms if t.strip()}, key=len, reverse=True)
    return re.compile(r"(?<![\w])(?:" + "|".join(alts) + r")(?:s|es|ed|d|ing)?(?![\w])", re.I) if alts \
        else re.compile(r"(?!x)x")


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
def _vocabulary(ctx: _Ctx, req: Requirement) -> tuple[float, str]:
    """Share of key results that speak about the product (its vocabulary), against min_share."""
    texts = [kr.text for kr in ctx.okrs.key_results]
    terms = ctx.question.vocabulary
    if not texts:
        return 0.0, "no key results yet"
    share = _share_speaking(texts, terms)
    used = sorted({w for t in texts for w in _mentions(t, terms)})
    rivals = [(q, _share_speaking(texts, q.vocabulary)) for q in ctx.assignment.questions
              if q is not ctx.question and q.vocabulary]
    if rivals:
        other, other_share = max(rivals, key=lambda x: x[1])
        if other_share >= 0.5 and other_share >= share + 0.3:
            ctx.hints.append(f"This answer reads like it is about {other.product or other.title} "
                             f"(the '{other.id}' question), not {ctx.question.product or ctx.question.title}. "
                             "Is it in the right cell?")
    n = sum(1 for t in texts if _mentions(t, terms))
    detail = f"{n} of {len(texts)} key results speak about {ctx.question.product or 'the topic'}"
    if used:
        detail += f" ({', '.join(used[:6])})"
    return min(1.0, share / float(req.params["min_share"])), detail


@_kind("quality")
def _quality(ctx: _Ctx, req: Requirement) -> tuple[float, str]:
    """Full points less the rubric's deductions per finding, capped."""
    if not ctx.okrs.key_results:
        return 0.0, "no key results to judge yet"
    rubric = ctx.question.rubric
    raw = [(f, rubric.deduction(f)) for f in ctx.findings]
    raw = [(f, p) for f, p in raw if p > 0]
    ctx.deductions.extend(Deduction(f, p) for f, p in raw)
    lost = sum(p for _, p in raw)
    cap = req.points if rubric.cap is None else min(rubric.cap, req.points)
    if not raw:
        return 1.0, "no finding cost points"
    capped = min(lost, cap)
    detail = f"{len(raw)} finding{'s' * (len(raw) != 1)} cost {fmt_points(capped)} point{'s' * (capped != 1)}"
    if lost > cap:
        detail += f" (capped at {fmt_points(cap)}; they add up to {fmt_points(lost)})"
    return (1.0 - capped / req.points) if req.points else 1.0, detail


@_kind("measurable", categories=["not_measurable", "no_target_or_baseline", "too_vague"])
def _measurable(ctx: _Ctx, req: Requirement) -> tuple[float, str]:
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
def _dated(ctx: _Ctx, req: Requirement) -> tuple[float, str]:
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
def _horizons(ctx: _Ctx, req: Requirement) -> tuple[float, str]:
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
    detail = "; ".join(f"{b} days: " + (", ".join(f"objective {i}" for i in seen[b]) if seen[b] else "none")
                       for b in buckets)
    return (len(covered) / len(buckets) if buckets else 0.0), detail


def _short(text: str, limit: int = 48) -> str:
    """A statement cut to fit in a detail line."""
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


# ── personal deadlines said in days ("by day 60", "in my first 30 days") ───────────────────
_DAY_PHRASE = re.compile(
    r"\b(?:by|before|on|until|at|around)\s+(?:the\s+end\s+of\s+)?day\s+(\d{1,3})\b"
    r"|\b(?:in|within|during|over|for)\s+(?:the\s+|my\s+|our\s+)?first\s+(\d{1,3})\s+days\b"
    r"|\bfirst\s+(\d{1,3})\s+days\b"
    r"|\b(\d{1,3})[-\s]day\s+mark\b"
    r"|\bdays?\s+(?:\d{1,3}\s*[-–]\s*)?(\d{1,3})\s*:", re.I)


def day_phrase(text: str) -> int | None:
    """Days from the start named by 'by day 60', 'in my first 30 days', 'Days 31-60:' (None otherwise)."""
    m = _DAY_PHRASE.search(text or "")
    if not m:
        return None
    return int(next(g for g in m.groups() if g))


def _resolve_day_deadlines(okrs: OKRSet, ref: date) -> None:
    """Give undated key results the day deadline their text or their objective states."""
    start = okrs.start or ref
    for o in okrs.objectives:
        from .parse import parse_key_result
        obj_days = day_phrase(o.objective)
        obj_due = start + timedelta(days=obj_days) if obj_days is not None else \
            parse_key_result(o.objective, ref=start).due
        for kr in o.key_results:
            if kr.due is not None:
                continue
            days = day_phrase(kr.text)
            if days is not None:
                kr.due, kr.due_text = start + timedelta(days=days), f"day {days}"
            elif obj_due is not None:
                kr.due, kr.due_text = obj_due, "the objective's deadline"


# ── checking ──────────────────────────────────────────────────────────────────────────────
def _normal(text: str) -> str:
    """Text without comments, blank lines and surrounding space, for comparing to the starter."""
    lines = (ln.split("#", 1)[0].strip() if ln.lstrip().startswith("#") else ln.strip() for ln in text.splitlines())
    return "\n".join(ln for ln in lines if ln)


def _kind_name(value: Any) -> str:
    """'a number', 'a list' … for a Python value given as an answer."""
    if value is None:
        return "None"
    if isinstance(value, bool):
        return "True/False"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, (list, tuple)):
        return "a list"
    if isinstance(value, dict):
        return "a dictionary"
    return f"a {type(value).__name__}"


def wrong_type_message(qid: str, value: Any) -> str:
    """What to do when an answer is a Python value other than text."""
    return (f"the answer for '{qid}' is {_kind_name(value)}, not text: write your OKRs as YAML between "
            f'triple quotes, {qid} = """ ... """')


def _blank_requirements(q: Question) -> list[RequirementResult]:
    """Every requirement at 0 points (for answers that could not be checked)."""
    return [RequirementResult(r.id, _fill(r.label, q, r), 0.0, r.points, "", _fill(r.good, q, r),
                              _fill(r.teach, q, r), kind=r.kind) for r in q.requirements]


def _unanswered(q: Question, missing: bool = False) -> CheckResult:
    """0 points and what to do for an answer that is still empty or the starter."""
    where = "No answer was found" if missing else "No answer yet"
    summary = (f"{where} for this question. Write your OKRs in the '{q.id}' answer cell (replace the starter) "
               f"and run the check again; it is worth {fmt_points(q.max_points)} points.")
    return CheckResult(question=q.id, title=q.title, points=0.0, max_points=q.max_points, status="unanswered",
                       summary=summary, requirements=_blank_requirements(q),
                       missed=[_fill(r.label, q, r) for r in q.requirements])


def _error(q: Question, message: str, summary: str) -> CheckResult:
    """0 points with a located message for an answer that could not be read."""
    return CheckResult(question=q.id, title=q.title, points=0.0, max_points=q.max_points, status="error",
                       error=message, summary=summary, requirements=_blank_requirements(q),
                       missed=[_fill(r.label, q, r) for r in q.requirements])


class _Fill(dict):
    """Placeholders for label/good/teach texts; unknown ones stay visible."""

    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def _fill(text: str, q: Question, r: Requirement) -> str:
    """A requirement text with {company}, {product}, {goals}, {vocabulary}, {min} … filled in."""
    if "{" not in text:
        return text
    values = _Fill({k: (", ".join(map(str, v)) if isinstance(v, list) else v) for k, v in r.params.items()})
    values.update(company=q.company, product=q.product or q.title, title=q.title, points=fmt_points(r.points),
                  goals="; ".join(str(g) for g in q.company_goals),
                  vocabulary=", ".join(q.vocabulary[:12]))
    try:
        return text.format_map(values)
    except (ValueError, IndexError, AttributeError):
        return text


_PLACEHOLDER = re.compile(r"<[a-z][^<>\n]{3,}>")


def _placeholder_hints(text: str) -> list[str]:
    """Lines that still hold a starter placeholder such as '<a measure …>'."""
    lines = [n for n, line in enumerate(text.splitlines(), 1) if _PLACEHOLDER.search(line)]
    if not lines:
        return []
    where = ", ".join(map(str, lines[:4])) + (" …" if len(lines) > 4 else "")
    return [f"line{'s' * (len(lines) > 1)} {where} still hold{'s' * (len(lines) == 1)} a starter placeholder "
            "in <angle brackets>: replace each with your own words"]


def _drop_placeholders(okrs: OKRSet) -> None:
    """Forget statements that are still the starter's '<…>' placeholders: they are not the student's answer."""
    for o in okrs.objectives:
        o.key_results = [k for k in o.key_results if not _PLACEHOLDER.search(k.text)]
        if o.aligns_to and _PLACEHOLDER.search(o.aligns_to):
            o.aligns_to = None
    okrs.objectives = [o for o in okrs.objectives if o.key_results or not _PLACEHOLDER.search(o.objective)]


def _quote_hints(text: str) -> list[str]:
    """Lines that open a quote and never close it (YAML then reports the end of the text)."""
    out = []
    for n, line in enumerate(text.splitlines(), 1):
        body = line.split(" #", 1)[0]
        for mark in ('"', "'"):
            if body.count(mark) % 2 and not (mark == "'" and re.search(r"\w'\w", body)):
                out.append(f"line {n} opens a {mark} quote that is never closed: add the closing {mark} "
                           "at the end of that text")
                break
    return out[:2]


def _check(a: Assignment, q: Question, answer: Any) -> CheckResult:
    """The one scoring path shared by students' checks and batch grading."""
    from .io import loads
    from .lint import lint
    if not isinstance(answer, str):
        msg = wrong_type_message(q.id, answer)
        return _error(q, msg, f"Almost: {msg[0].upper() + msg[1:]}, then run the check again.")
    if not _normal(answer) or (q.starter and _normal(answer) == _normal(q.starter)):
        return _unanswered(q)
    try:
        okrs = loads(answer, source=f"{q.id} answer", ref=a.reference_date)
    except LoadError as exc:
        result = _error(q, str(exc), "Nearly there: the checker can't read this answer yet. Fix the spot named "
                        "below (the line number counts lines of the answer text) and run the check again; "
                        "everything else is checked as soon as it reads.")
        result.hints.extend(_quote_hints(answer) if exc.problem.startswith("invalid YAML") else [])
        return result
    _drop_placeholders(okrs)
    _resolve_day_deadlines(okrs, a.reference_date)
    findings = [f for f in lint(okrs) if f.code not in q.rubric.ignore and f.category not in q.rubric.ignore]
    ctx = _Ctx(assignment=a, question=q, okrs=okrs, findings=findings, ref=a.reference_date)
    ctx.hints.extend(_placeholder_hints(answer))
    reqs = []
    for r in q.requirements:
        fn = _KINDS[r.kind][0]
        share, detail = fn(ctx, r)
        share = max(0.0, min(1.0, share))
        earned = r.points if share >= 1 else _round_to(r.points * share, a.round_to)
        reqs.append(RequirementResult(r.id, _fill(r.label, q, r), earned, r.points, detail,
                                      _fill(r.good, q, r), _fill(r.teach, q, r), kind=r.kind))
    points = round(sum(x.points for x in reqs), 2)
    return CheckResult(
        question=q.id, title=q.title, points=points, max_points=q.max_points,
        met=[f"{x.label} — {x.detail}" if x.detail else x.label for x in reqs if x.met],
        missed=[f"{x.label} — {x.detail}. {x.teach}".strip() if x.detail else f"{x.label}. {x.teach}".strip()
                for x in reqs if not x.met],
        findings=findings, summary=_summary(reqs, points, q.max_points, ctx.deductions), status="ok",
        requirements=reqs, deductions=ctx.deductions, hints=ctx.hints)


def _round_to(value: float, step: float) -> float:
    """value rounded down to a multiple of step (0.25 → 2.75), never above what was earned."""
    if step <= 0:
        return round(value, 2)
    return round(int(value / step + 1e-9) * step, 2)


def _first_sentence(text: str) -> str:
    """The first sentence of a teaching text."""
    m = re.match(r"(.+?(?<!e\.g)(?<!i\.e)[.!?])(?:\s|$)", " ".join(text.split()))
    return m.group(1) if m else text.strip()


def _summary(reqs: list[RequirementResult], points: float, max_points: float,
             deductions: list[Deduction] = ()) -> str:
    """Encouraging feedback: what is already good first, then the one next step worth most."""
    good = [r for r in reqs if r.met]
    partial = [r for r in reqs if not r.met and r.points > 0]
    todo = sorted((r for r in reqs if not r.met), key=lambda r: r.points - r.max_points)
    score = f"{fmt_points(points)}/{fmt_points(max_points)} points"
    if not todo:
        praise = "; ".join(r.good or r.label for r in good[:2])
        return f"Excellent work: {praise}. Everything this check looks for is here ({score})."
    if good:
        opening = "Already good: " + "; ".join((r.good or r.label).rstrip(".") for r in good[:2]) + "."
    elif partial:
        opening = "A start to build on: " + ", ".join(r.label.lower() for r in partial[:2]) + " earn some points."
    else:
        opening = "You have a draft to build on."
    nxt = todo[0]
    step = _first_sentence(nxt.teach) if nxt.teach else nxt.label
    worst = max(deductions, key=lambda d: d.points, default=None)
    if worst is not None and nxt.kind == "quality":
        f = worst.finding
        n = len(deductions)
        where = f" (line {f.line})" if f.line else ""
        step = (f"{'work through the ' + str(n) + ' findings below, starting with ' if n > 1 else 'fix '}"
                f"{f.code}{where}: {_first_sentence(f.fix)}")
    more = f" ({len(todo) - 1} more idea{'s' * (len(todo) > 2)} below.)" if len(todo) > 1 else ""
    return f"{opening} Next: {step}{more} {score} so far."


# ── reading specs ─────────────────────────────────────────────────────────────────────────
_TOP = {"id", "title", "source", "reference_date", "round_to", "points", "rubric", "requirement_sets", "questions",
        "description"}
_QUESTION = {"id", "title", "prompt", "product", "company", "company_goals", "vocabulary", "points",
             "requirements", "rubric", "starter"}
_REQ = {"id", "kind", "label", "points", "good", "teach"}
_RUBRIC = {"severity", "category", "code", "cap", "ignore"}
_SEVERITIES = ("error", "warning", "info")


class _Spec:
    """Located YAML data of one spec file, with helpers that raise SpecError at a path."""

    def __init__(self, text: str, source: str) -> None:
        self.source = source
        self.lines: dict[tuple, int] = {}
        loader = yaml.SafeLoader(text)
        try:
            node = loader.get_single_node()
            if node is not None:
                self._walk(node, ())
            self.data = loader.construct_document(node) if node is not None else None
        except yaml.MarkedYAMLError as exc:
            mark = exc.problem_mark or exc.context_mark
            raise SpecError(f"invalid YAML: {(exc.problem or exc.context or '').strip()}", file=source,
                            line=mark.line + 1 if mark else None,
                            hint="check indentation, and quote text that contains ':' or '#'") from None
        except yaml.YAMLError as exc:
            raise SpecError(f"invalid YAML: {exc}", file=source) from None
        finally:
            loader.dispose()

    def _walk(self, node: yaml.Node, path: tuple) -> None:
        self.lines.setdefault(path, node.start_mark.line + 1)
        if isinstance(node, yaml.MappingNode):
            for k, v in node.value:
                key = k.value if isinstance(k, yaml.ScalarNode) else "?"
                self.lines.setdefault(path + (key,), k.start_mark.line + 1)
                self._walk(v, path + (key,))
        elif isinstance(node, yaml.SequenceNode):
            for i, item in enumerate(node.value):
                self._walk(item, path + (i,))

    def fail(self, path: tuple, problem: str, hint: str | None = None) -> SpecError:
        line = None
        p = path
        while line is None:
            line = self.lines.get(p)
            if not p:
                break
            p = p[:-1]
        name = "".join(f"[{x}]" if isinstance(x, int) else f".{x}" for x in path).lstrip(".")
        return SpecError(problem, file=self.source, line=line, field=name or None, hint=hint)

    def mapping(self, value: Any, path: tuple, allowed: set[str], what: str) -> dict:
        if not isinstance(value, dict):
            raise self.fail(path, f"expected {what} (a mapping of keys), got {_kind_name(value)}")
        for key in value:
            if key not in allowed:
                near = difflib.get_close_matches(str(key), sorted(allowed), n=1)
                raise self.fail(path + (key,), f"unknown key '{key}' in {what}",
                                f"did you mean '{near[0]}'?" if near else f"known keys: {', '.join(sorted(allowed))}")
        return value

    def text(self, value: Any, path: tuple, required: bool = False) -> str:
        if value is None or (isinstance(value, str) and not value.strip()):
            if required:
                raise self.fail(path, "is missing or empty", "write it as text")
            return ""
        if isinstance(value, (dict, list, bool)):
            raise self.fail(path, f"expected text, got {_kind_name(value)}")
        return str(value).strip() if not isinstance(value, str) else value.strip()

    def number(self, value: Any, path: tuple) -> float:
        if isinstance(value, bool) or not isinstance(value, (int, float)) or value < 0 or value != value:
            raise self.fail(path, f"expected a number of points (0 or more), got {value!r}", "write e.g. 3 or 2.5")
        return float(value)

    def strings(self, value: Any, path: tuple) -> list[str]:
        if value is None:
            return []
        if not isinstance(value, list):
            raise self.fail(path, f"expected a list, got {_kind_name(value)}", "start each item with '- '")
        return [self.text(v, path + (i,), required=True) for i, v in enumerate(value)]


def _read_rubric(s: _Spec, data: Any, path: tuple, base: Rubric | None) -> Rubric:
    """A rubric mapping merged over the assignment's default rubric."""
    if data is None:
        return base or Rubric(severity={}, category={}, code={})
    d = s.mapping(data, path, _RUBRIC, "a rubric")
    tables = {}
    for key in ("severity", "category", "code"):
        merged = dict(getattr(base, key, {}) if base else {})
        if key in d and d[key] is not None:
            table = s.mapping(d[key], path + (key,), set(d[key]) if isinstance(d[key], dict) else set(), key)
            if key == "severity":
                for k in table:
                    if k not in _SEVERITIES:
                        raise s.fail(path + (key, k), f"unknown severity '{k}'", f"use {', '.join(_SEVERITIES)}")
            if key == "category":
                from .model import CATEGORIES
                for k in table:
                    if k not in CATEGORIES:
                        near = difflib.get_close_matches(str(k), CATEGORIES, n=1)
                        raise s.fail(path + (key, k), f"unknown finding category '{k}'",
                                     f"did you mean '{near[0]}'?" if near else "see okrkit.model.CATEGORIES")
            merged.update({str(k).upper() if key == "code" else k: s.number(v, path + (key, k))
                           for k, v in table.items()})
        tables[key] = merged
    cap = base.cap if base else None
    if "cap" in d:
        cap = None if d["cap"] is None else s.number(d["cap"], path + ("cap",))
    ignore = base.ignore if base else frozenset()
    if "ignore" in d:
        ignore = frozenset(x.upper() if x.upper().startswith("OKR") else x for x in s.strings(d["ignore"], path + ("ignore",)))
    return Rubric(severity=tables["severity"], category=tables["category"], code=tables["code"], cap=cap,
                  ignore=ignore)


def _read_requirement(s: _Spec, data: Any, path: tuple) -> Requirement:
    """One requirement: id, kind, points, the kind's parameters, and its texts."""
    if not isinstance(data, dict):
        raise s.fail(path, f"expected a requirement (id, kind, points …), got {_kind_name(data)}")
    kind = s.text(data.get("kind"), path + ("kind",), required=True)
    if kind not in _KINDS:
        near = difflib.get_close_matches(kind, list(_KINDS), n=1)
        raise s.fail(path + ("kind",), f"unknown requirement kind '{kind}'",
                     f"did you mean '{near[0]}'?" if near else f"known kinds: {', '.join(_KINDS)}")
    defaults = _KINDS[kind][1]
    s.mapping(data, path, _REQ | set(defaults), f"a '{kind}' requirement")
    rid = s.text(data.get("id"), path + ("id",), required=True)
    if "points" not in data:
        raise s.fail(path, "has no 'points'", "add e.g. 'points: 3'")
    params = {}
    for key, default in defaults.items():
        value = data.get(key, default)
        if isinstance(default, list):
            value = s.strings(value, path + (key,)) if not all(isinstance(v, (int, float)) for v in value or []) \
                else value
            if not isinstance(value, list):
                raise s.fail(path + (key,), f"expected a list, got {_kind_name(value)}")
        elif isinstance(default, (int, float)) and (isinstance(value, bool) or not isinstance(value, (int, float))):
            raise s.fail(path + (key,), f"expected a number, got {value!r}")
        params[key] = value
    if kind in ("objective_count", "kr_count") and params["min"] > params["max"]:
        raise s.fail(path + ("min",), f"min ({params['min']}) is larger than max ({params['max']})", "swap them")
    if kind == "vocabulary" and not params["min_share"] > 0:
        raise s.fail(path + ("min_share",), "must be more than 0", "e.g. 0.5 for half of the key results")
    return Requirement(id=rid, kind=kind, label=s.text(data.get("label"), path + ("label",)) or rid,
                       points=s.number(data["points"], path + ("points",)), params=params,
                       good=s.text(data.get("good"), path + ("good",)),
                       teach=s.text(data.get("teach"), path + ("teach",)), line=s.lines.get(path))


def _read_goals(s: _Spec, data: Any, path: tuple) -> list[Goal]:
    """Company goals: text, or {id, goal, aliases}."""
    if data is None:
        return []
    if not isinstance(data, list):
        raise s.fail(path, f"expected a list of goals, got {_kind_name(data)}")
    goals = []
    for i, g in enumerate(data):
        if isinstance(g, dict):
            s.mapping(g, path + (i,), {"id", "goal", "aliases"}, "a company goal")
            goals.append(Goal(goal=s.text(g.get("goal"), path + (i, "goal"), required=True),
                              id=s.text(g.get("id"), path + (i, "id")) or None,
                              aliases=tuple(s.strings(g.get("aliases"), path + (i, "aliases")))))
        else:
            goals.append(Goal(goal=s.text(g, path + (i,), required=True)))
    return goals


def parse_spec(text: str, *, source: str = SPEC_NAME, path: Path | None = None) -> Assignment:
    """An Assignment from the text of an assignment.yaml (SpecError, located, when it is wrong)."""
    s = _Spec(text, source)
    if s.data is None:
        raise SpecError("the spec is empty", file=source, line=1, hint="start with 'id:', 'title:' and 'questions:'")
    top = s.mapping(s.data, (), _TOP, "an assignment spec")
    aid = s.text(top.get("id"), ("id",), required=True)
    ref = top.get("reference_date", date(2026, 7, 1))
    if not isinstance(ref, date):
        raise s.fail(("reference_date",), f"expected a date like 2026-07-01, got {ref!r}")
    base = _read_rubric(s, top.get("rubric"), ("rubric",), None)
    sets: dict[str, list[Requirement]] = {}
    rs = top.get("requirement_sets") or {}
    s.mapping(rs, ("requirement_sets",), set(rs) if isinstance(rs, dict) else set(), "requirement_sets")
    for name, items in rs.items():
        if not isinstance(items, list) or not items:
            raise s.fail(("requirement_sets", name), "expected a list of requirements")
        sets[name] = [_read_requirement(s, r, ("requirement_sets", name, i)) for i, r in enumerate(items)]
    qs = top.get("questions")
    if not isinstance(qs, list) or not qs:
        raise s.fail(("questions",), "expected a list of questions", "add 'questions:' with at least one '- id: …'")
    questions: list[Question] = []
    for i, qd in enumerate(qs):
        p = ("questions", i)
        s.mapping(qd, p, _QUESTION, "a question")
        qid = s.text(qd.get("id"), p + ("id",), required=True)
        if not _ID.match(qid):
            raise s.fail(p + ("id",), f"question id '{qid}' must be a lowercase name",
                         "use letters, digits and '_', e.g. 'gmail' (it is also the notebook variable)")
        if any(q.id == qid for q in questions):
            raise s.fail(p + ("id",), f"question id '{qid}' is used twice", "give every question its own id")
        reqs_data = qd.get("requirements")
        if isinstance(reqs_data, str):
            if reqs_data not in sets:
                raise s.fail(p + ("requirements",), f"no requirement set named '{reqs_data}'",
                             f"known sets: {', '.join(sets) or 'none (add requirement_sets:)'}")
            reqs = list(sets[reqs_data])
        elif isinstance(reqs_data, list) and reqs_data:
            reqs = [_read_requirement(s, r, p + ("requirements", j)) for j, r in enumerate(reqs_data)]
        else:
            raise s.fail(p + ("requirements",), "expected a list of requirements or the name of a requirement set")
        ids = [r.id for r in reqs]
        if len(set(ids)) != len(ids):
            dup = next(x for x in ids if ids.count(x) > 1)
            raise s.fail(p + ("requirements",), f"requirement id '{dup}' is used twice in question '{qid}'")
        q = Question(id=qid, title=s.text(qd.get("title"), p + ("title",)) or qid, requirements=reqs,
                     rubric=_read_rubric(s, qd.get("rubric"), p + ("rubric",), base),
                     prompt=s.text(qd.get("prompt"), p + ("prompt",)),
                     product=s.text(qd.get("product"), p + ("product",)),
                     company=s.text(qd.get("company"), p + ("company",)),
                     company_goals=_read_goals(s, qd.get("company_goals"), p + ("company_goals",)),
                     vocabulary=s.strings(qd.get("vocabulary"), p + ("vocabulary",)),
                     starter=qd.get("starter") or "", line=s.lines.get(p))
        if any(r.kind == "alignment" for r in reqs) and not q.company_goals:
            raise s.fail(p, f"question '{qid}' has an alignment requirement but no company_goals",
                         "list the company's goals under 'company_goals:'")
        if any(r.kind == "vocabulary" for r in reqs) and not q.vocabulary:
            raise s.fail(p, f"question '{qid}' has a vocabulary requirement but no vocabulary",
                         "list the product's words under 'vocabulary:'")
        if "points" in qd and abs(s.number(qd["points"], p + ("points",)) - q.max_points) > 1e-9:
            raise s.fail(p + ("points",), f"question '{qid}' says {fmt_points(qd['points'])} points but its "
                         f"requirements add up to {fmt_points(q.max_points)}",
                         "change the requirements' points or this number so they agree")
        questions.append(q)
    a = Assignment(id=aid, title=s.text(top.get("title"), ("title",)) or aid, path=path, questions=questions,
                   reference_date=ref, source=s.text(top.get("source"), ("source",)),
                   round_to=s.number(top.get("round_to", 0.25), ("round_to",)))
    if "points" in top and abs(s.number(top["points"], ("points",)) - a.max_points) > 1e-9:
        raise s.fail(("points",), f"the spec says {fmt_points(top['points'])} points but the questions add up "
                     f"to {fmt_points(a.max_points)}", "change the questions' points or this total so they agree")
    return a


# ── finding and loading specs ─────────────────────────────────────────────────────────────
_cache: dict[Path, tuple[float, Assignment]] = {}


def _load_file(path: Path) -> Assignment:
    """A spec file, parsed once per modification time."""
    path = path.resolve()
    try:
        mtime = path.stat().st_mtime
        hit = _cache.get(path)
        if hit and hit[0] == mtime:
            return hit[1]
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise SpecError(f"cannot read the assignment spec: {exc}", file=str(path),
                        hint="check the path and that it is a UTF-8 text file") from None
    a = parse_spec(text, source=str(path), path=path)
    _cache[path] = (mtime, a)
    return a


def _ancestors(start: Path) -> list[Path]:
    """start and every folder above it."""
    start = start.resolve()
    return [start, *start.parents]


def load_assignment(path_or_id: str | Path | Assignment) -> Assignment:
    """An assignment from a spec path, a folder holding assignment.yaml, or an id such as 'assignment-03'."""
    if isinstance(path_or_id, Assignment):
        return path_or_id
    p = Path(path_or_id)
    if p.is_file():
        return _load_file(p)
    if p.is_dir() and (p / SPEC_NAME).is_file():
        return _load_file(p / SPEC_NAME)
    text = str(path_or_id)
    looks_like_path = p.suffix in (".yaml", ".yml") or os.sep in text or "/" in text
    if not looks_like_path:
        places = [_REPO_EXERCISES / text]
        for d in _ancestors(Path.cwd()):
            places += [d / "exercises" / text, d / text]
        for place in places:
            if (place / SPEC_NAME).is_file():
                return _load_file(place / SPEC_NAME)
    raise SpecError(f"no assignment spec found for {text!r}", file=text,
                    hint="pass the path of an assignment.yaml, its folder, or an id such as 'assignment-03' "
                         "(looked up in exercises/<id>/)")


def find_assignment(question_id: str | None = None, start: Path | None = None) -> Assignment:
    """The assignment next to the running notebook: assignment.yaml in the current folder or one above it."""
    here = start or Path.cwd()
    for d in _ancestors(here):
        if (d / SPEC_NAME).is_file():
            return _load_file(d / SPEC_NAME)
    for d in _ancestors(here):
        specs = sorted((d / "exercises").glob(f"*/{SPEC_NAME}")) if (d / "exercises").is_dir() else []
        fits = [a for a in map(_load_file, specs) if question_id is None or any(q.id == question_id for q in a.questions)]
        if len(fits) == 1:
            return fits[0]
        if len(fits) > 1:
            raise SpecError(f"several assignments have a question {question_id!r}: "
                            f"{', '.join(a.id for a in fits)}", file=str(d / "exercises"),
                            hint="pass assignment='<id>' to check()")
    raise SpecError(f"no {SPEC_NAME} found in {here} or the folders above it", file=str(here),
                    hint="open the notebook from its exercise folder, or pass assignment='assignment-03'")


def check(question_id: str, answer_text: Any, *, assignment: str | Path | Assignment | None = None) -> CheckResult:
    """Check one answer against the assignment next to the notebook (or the one given)."""
    a = load_assignment(assignment) if assignment is not None else find_assignment(question_id)
    return a.check(question_id, answer_text)


def check_all(answers: Mapping[str, Any], *, assignment: str | Path | Assignment | None = None) -> AssignmentResult:
    """Check every answer and total the points (questions with no answer score 0)."""
    if assignment is not None:
        a = load_assignment(assignment)
    else:
        a = find_assignment(next(iter(answers), None))
    return a.check_all(answers)


__all__ = ["Assignment", "AssignmentResult", "CheckResult", "Goal", "Question", "Requirement", "Rubric",
           "SpecError", "UnknownQuestionError", "check", "check_all", "day_phrase", "find_assignment",
           "load_assignment", "match_goal", "parse_spec", "wrong_type_message"]
