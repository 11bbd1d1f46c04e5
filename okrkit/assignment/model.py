"""An assignment's data: questions, their requirements, rubric and company goals (read by ``spec``)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from okrkit.errors import OKRKitError
from okrkit.model import Finding
from okrkit.render import results as _render
from okrkit.render.numbers import fmt_points


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
    tips: frozenset[str] = frozenset()  # codes or categories shown as coaching tips: taught, never deducted
    dated_tips: frozenset[str] = frozenset()  # the same, only on a key result that has a due date

    def as_tip(self, f: Finding, dated: bool = False) -> Finding:
        """The finding as the rubric shows it: a tip (severity info, no points off) when its code is in tips
        (or in dated_tips, for a key result with a due date: a deliverable that is done or not by then)."""
        keys = self.tips | self.dated_tips if dated else self.tips
        if f.flagged and (f.code in keys or f.category in keys):
            return replace(f, severity="info")
        return f

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
    period: str | None = None  # the period answers assume ('next quarter' → 2026-Q3); an answer's own wins

    @property
    def max_points(self) -> float:
        """Points available for this question (the sum of its requirements)."""
        return round(sum(r.points for r in self.requirements), 2)

    def brief(self) -> list[tuple[float, str]]:
        """What earns points: (points, label with placeholders filled) per requirement."""
        return [(r.points, fill_text(r.label, self, r)) for r in self.requirements]

    def _repr_html_(self) -> str:
        return _render.question_html(self)

    def __repr__(self) -> str:
        return f"<Question {self.id}: {fmt_points(self.max_points)} points, {len(self.requirements)} requirements>"

    def __str__(self) -> str:
        return _render.question_text(self)


class _Fill(dict):
    """Placeholders for label/good/teach texts; unknown ones stay visible."""

    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def fill_text(text: str, q: Question, r: Requirement) -> str:
    """A requirement text with {company}, {product}, {goals}, {vocabulary}, {min} … filled in."""
    if "{" not in text:
        return text
    values = _Fill({k: (", ".join(map(str, v)) if isinstance(v, list) else v) for k, v in r.params.items()})
    values.update(
        company=q.company,
        product=q.product or q.title,
        title=q.title,
        points=fmt_points(r.points),
        goals="; ".join(str(g) for g in q.company_goals),
        vocabulary=", ".join(q.vocabulary[:12]),
    )
    try:
        return text.format_map(values)
    except (ValueError, IndexError, AttributeError):
        return text
