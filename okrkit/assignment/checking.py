"""Checking one answer against one question: the scoring path shared by students' checks and grading.

An answer is read as YAML (inside the period the question assumes, when the answer names none), its
placeholders dropped and day deadlines resolved, linted, and each of the question's requirements scored;
the result is a CheckResult with encouraging feedback.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date
from functools import lru_cache
from typing import Any

from okrkit.assignment.model import Question, fill_text
from okrkit.assignment.requirements import (
    KINDS,
    PER_ITEM_KINDS,
    RequirementContext,
    asked_share,
    resolve_day_deadlines,
)
from okrkit.assignment.result import CheckResult, Deduction, RequirementResult
from okrkit.check.engine import lint
from okrkit.errors import LoadError
from okrkit.model import Finding, OKRSet
from okrkit.read import loads
from okrkit.read.periods import parse_period
from okrkit.render.numbers import fmt_points
from okrkit.render.words import with_article


def assumed_period(q: Question) -> tuple[str, date, date] | None:
    """(label, first day, last day) of the period the question assumes, or None."""
    label = q.period
    if not label:
        return None
    start, end = parse_period(label)
    return label, start, end


# ── checking ──────────────────────────────────────────────────────────────────────────────
def _normal(text: str) -> str:
    """Text without comments, blank lines and surrounding space, for comparing to the starter."""
    lines = (ln.split("#", 1)[0].strip() if ln.lstrip().startswith("#") else ln.strip() for ln in text.splitlines())
    return "\n".join(ln for ln in lines if ln)


def is_blank_answer(q: Question, text: str) -> bool:
    """True when an answer text is empty, only comments, or still the question's starter."""
    normal = _normal(text)
    return not normal or bool(q.starter and normal == _normal_starter(q.starter))


@lru_cache(maxsize=256)
def _normal_starter(text: str) -> str:
    """A question's starter, normalised once."""
    return _normal(text)


def kind_name(value: Any) -> str:
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
    return with_article(type(value).__name__)


def wrong_type_message(qid: str, value: Any) -> str:
    """What to do when an answer is a Python value other than text."""
    return (
        f"the answer for '{qid}' is {kind_name(value)}, not text: write your OKRs as YAML between "
        f'triple quotes, {qid} = """ ... """'
    )


def _blank_requirements(q: Question) -> list[RequirementResult]:
    """Every requirement at 0 points (for answers that could not be checked)."""
    return [
        RequirementResult(
            r.id,
            fill_text(r.label, q, r),
            0.0,
            r.points,
            "",
            fill_text(r.good, q, r),
            fill_text(r.teach, q, r),
            kind=r.kind,
        )
        for r in q.requirements
    ]


def _zero(q: Question, status: str, summary: str, error: str | None = None) -> CheckResult:
    """0 points, every requirement missed, with what to do: the result of an answer that couldn't be checked."""
    return CheckResult(
        question=q.id,
        title=q.title,
        points=0.0,
        max_points=q.max_points,
        status=status,
        error=error,
        summary=summary,
        requirements=_blank_requirements(q),
        missed=[fill_text(r.label, q, r) for r in q.requirements],
    )


def unanswered_result(q: Question, missing: bool = False) -> CheckResult:
    """0 points and what to do for an answer that is still empty or the starter."""
    where = "No answer was found" if missing else "No answer yet"
    summary = (
        f"{where} for this question. Write your OKRs in the '{q.id}' answer cell (replace the starter) "
        f"and run the check again; it is worth {fmt_points(q.max_points)} points."
    )
    return _zero(q, "unanswered", summary)


def _error(q: Question, message: str, summary: str) -> CheckResult:
    """0 points with a located message for an answer that could not be read."""
    return _zero(q, "error", summary, error=message)


_PLACEHOLDER = re.compile(r"<[a-z][^<>\n]{3,}>")


def _placeholder_hints(text: str) -> list[str]:
    """Lines that still hold a starter placeholder such as '<a measure …>'."""
    lines = [n for n, line in enumerate(text.splitlines(), 1) if _PLACEHOLDER.search(line)]
    if not lines:
        return []
    where = ", ".join(map(str, lines[:4])) + (" …" if len(lines) > 4 else "")
    return [
        f"line{'s' * (len(lines) > 1)} {where} still hold{'s' * (len(lines) == 1)} a starter placeholder "
        "in <angle brackets>: replace each with your own words"
    ]


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
                out.append(
                    f"line {n} opens a {mark} quote that is never closed: add the closing {mark} "
                    "at the end of that text"
                )
                break
    return out[:2]


def check_answer(
    q: Question, answer: Any, reference_date: date, round_to: float = 0.25, questions: Sequence[Question] = ()
) -> CheckResult:
    """The one scoring path shared by students' checks and batch grading."""
    if not isinstance(answer, str):
        msg = wrong_type_message(q.id, answer)
        return _error(q, msg, f"Almost: {msg[0].upper() + msg[1:]}, then run the check again.")
    if is_blank_answer(q, answer):
        return unanswered_result(q)
    assumed = assumed_period(q)
    try:
        okrs = loads(answer, source=f"{q.id} answer", ref=assumed[1] if assumed else reference_date)
    except LoadError as exc:
        result = _error(
            q,
            str(exc),
            "Nearly there: the checker can't read this answer yet. Fix the spot named "
            "below (the line number counts lines of the answer text) and run the check again; "
            "everything else is checked as soon as it reads.",
        )
        result.hints.extend(_quote_hints(answer) if exc.problem.startswith("invalid YAML") else [])
        return result
    if assumed and not (okrs.period or okrs.start or okrs.end):
        okrs.period, okrs.start, okrs.end = assumed  # the period the question implies, not a missing line
    _drop_placeholders(okrs)
    resolve_day_deadlines(okrs, reference_date)
    findings = [
        q.rubric.as_tip(f, dated=_dated(okrs, f))
        for f in lint(okrs)
        if f.code not in q.rubric.ignore and f.category not in q.rubric.ignore
    ]
    ctx = RequirementContext(question=q, questions=list(questions), okrs=okrs, findings=findings, ref=reference_date)
    ctx.hints.extend(_placeholder_hints(answer))
    ctx.hints.extend(f"Read by guessing (no points lost): {n.message}" for n in okrs.notes[:5])
    reqs = []
    for r in q.requirements:
        fn = KINDS[r.kind][0]
        share, detail = fn(ctx, r)
        if r.kind in PER_ITEM_KINDS:
            part, note = asked_share(ctx)
            if part < 1:
                share, detail = share * part, f"{detail}; {note}" if detail else note
        share = max(0.0, min(1.0, share))
        earned = r.points if share >= 1 else _round_to(r.points * share, round_to)
        reqs.append(
            RequirementResult(
                r.id,
                fill_text(r.label, q, r),
                earned,
                r.points,
                detail,
                fill_text(r.good, q, r),
                fill_text(r.teach, q, r),
                kind=r.kind,
            )
        )
    points = round(sum(x.points for x in reqs), 2)
    return CheckResult(
        question=q.id,
        title=q.title,
        points=points,
        max_points=q.max_points,
        met=[f"{x.label} — {x.detail}" if x.detail else x.label for x in reqs if x.met],
        missed=[
            f"{x.label} — {x.detail}. {x.teach}".strip() if x.detail else f"{x.label}. {x.teach}".strip()
            for x in reqs
            if not x.met
        ],
        findings=findings,
        summary=_summary(reqs, points, q.max_points, ctx.deductions, missing_work=asked_share(ctx)[0] < 1),
        status="ok",
        requirements=reqs,
        deductions=ctx.deductions,
        hints=ctx.hints,
    )


def _dated(okrs: OKRSet, f: Finding) -> bool:
    """True when the finding is about a key result that has a due date."""
    oi, ki = f.place.objective, f.place.key_result
    if oi is None or ki is None or oi >= len(okrs.objectives) or ki >= len(okrs.objectives[oi].key_results):
        return False
    return okrs.objectives[oi].key_results[ki].due is not None


def _round_to(value: float, step: float) -> float:
    """value rounded down to a multiple of step (0.25 → 2.75), never above what was earned."""
    if step <= 0:
        return round(value, 2)
    return round(int(value / step + 1e-9) * step, 2)


def _first_sentence(text: str) -> str:
    """The first sentence of a teaching text."""
    m = re.match(r"(.+?(?<!e\.g)(?<!i\.e)[.!?])(?:\s|$)", " ".join(text.split()))
    return m.group(1) if m else text.strip()


def _summary(
    reqs: list[RequirementResult],
    points: float,
    max_points: float,
    deductions: list[Deduction] = (),
    missing_work: bool = False,
) -> str:
    """Encouraging feedback: what is already good first, then the one next step worth most.

    With fewer objectives than asked (missing_work), the objective count comes first: the missing OKRs
    cost points in every requirement judged per key result.
    """
    good = [r for r in reqs if r.met]
    partial = [r for r in reqs if not r.met and r.points > 0]
    todo = sorted(
        (r for r in reqs if not r.met),
        key=lambda r: (not (missing_work and r.kind == "objective_count"), r.points - r.max_points),
    )
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
        step = (
            f"{'work through the ' + str(n) + ' findings below, starting with ' if n > 1 else 'fix '}"
            f"{f.code}{where}: {_first_sentence(f.fix)}"
        )
    more = f" ({len(todo) - 1} more idea{'s' * (len(todo) > 2)} below.)" if len(todo) > 1 else ""
    return f"{opening} Next: {step}{more} {score} so far."
