"""An assignment's data: questions, their requirements, rubric and company goals; Assignment checks answers.

Read from an assignment.yaml by ``okrkit.assignment_spec``; the requirement kinds live in
``okrkit.requirements`` and the scoring of one answer in ``okrkit.checking``.
"""
from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, Mapping

from .check_result import _BOX, AssignmentResult, CheckResult, _e, fmt_points
from .errors import OKRKitError
from .model import Finding


class UnknownQuestionError(OKRKitError, LookupError):
    """A question id that the assignment does not have."""


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
        from .checking import _check
        return _check(self, self.question(qid), answer_text)

    def check_all(self, answers: Mapping[str, Any]) -> AssignmentResult:
        """Every question checked; a question with no answer scores 0 with a note on what to do."""
        from .checking import _check, _unanswered
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

