"""What one check returns: points, requirements met and missed, findings, a summary (data; okrkit.render shows it)."""

from __future__ import annotations

from dataclasses import dataclass, field

from okrkit.model import Finding
from okrkit.render import results as _render
from okrkit.render.numbers import fmt_points

STATUSES = ("ok", "unanswered", "error")


@dataclass(frozen=True)
class RequirementResult:
    """How one requirement of a question was met: points earned, what was seen, what to learn."""

    id: str
    label: str
    points: float
    max_points: float
    detail: str = ""
    good: str = ""
    teach: str = ""
    kind: str = ""

    @property
    def met(self) -> bool:
        """True when the requirement earned all its points."""
        return self.points >= self.max_points - 1e-9

    def to_dict(self) -> dict:
        """Plain JSON-ready data."""
        return {
            "id": self.id,
            "kind": self.kind,
            "label": self.label,
            "points": round(self.points, 2),
            "max_points": self.max_points,
            "met": self.met,
            "detail": self.detail,
            "good": self.good,
            "teach": self.teach,
        }


@dataclass(frozen=True)
class Deduction:
    """Points a finding took off a question's quality points."""

    finding: Finding
    points: float


@dataclass
class CheckResult:
    """The result of checking one answer: points, what is good, what to do next, and why."""

    question: str
    points: float
    max_points: float
    met: list[str] = field(default_factory=list)
    missed: list[str] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    summary: str = ""
    error: str | None = None
    title: str = ""
    status: str = "ok"  # ok | unanswered | error
    requirements: list[RequirementResult] = field(default_factory=list)
    deductions: list[Deduction] = field(default_factory=list)
    hints: list[str] = field(default_factory=list)

    @property
    def flagged(self) -> list[Finding]:
        """Findings that are warnings or errors."""
        return [f for f in self.findings if f.flagged]

    @property
    def tips(self) -> list[Finding]:
        """Findings of severity info."""
        return [f for f in self.findings if not f.flagged]

    def deduction_for(self, finding: Finding) -> float:
        """Points this finding took off (0 when none)."""
        return sum(d.points for d in self.deductions if d.finding is finding)

    def to_dict(self) -> dict:
        """Every field as plain JSON-ready data."""
        return {
            "question": self.question,
            "title": self.title,
            "status": self.status,
            "points": round(self.points, 2),
            "max_points": self.max_points,
            "met": list(self.met),
            "missed": list(self.missed),
            "summary": self.summary,
            "error": self.error,
            "hints": list(self.hints),
            "requirements": [r.to_dict() for r in self.requirements],
            "findings": [{**f.to_dict(), "deduction": round(self.deduction_for(f), 2)} for f in self.findings],
        }

    def __str__(self) -> str:
        return _render.check_text(self)

    def __repr__(self) -> str:
        return (
            f"<CheckResult {self.question}: {fmt_points(self.points)}/{fmt_points(self.max_points)} points,"
            f" {self.status}>"
        )

    def _repr_html_(self) -> str:
        return _render.check_html(self)


@dataclass
class AssignmentResult:
    """Every question's result for one student, with the total."""

    assignment: str
    results: dict[str, CheckResult]
    title: str = ""
    notes: list[str] = field(default_factory=list)

    @property
    def points(self) -> float:
        """Total points earned."""
        return round(sum(r.points for r in self.results.values()), 2)

    @property
    def max_points(self) -> float:
        """Total points available."""
        return round(sum(r.max_points for r in self.results.values()), 2)

    def to_dict(self) -> dict:
        """Every field as plain JSON-ready data."""
        return {
            "assignment": self.assignment,
            "title": self.title,
            "points": self.points,
            "max_points": self.max_points,
            "notes": list(self.notes),
            "results": {q: r.to_dict() for q, r in self.results.items()},
        }

    def __str__(self) -> str:
        return _render.total_text(self)

    def __repr__(self) -> str:
        return f"<AssignmentResult {self.assignment}: {fmt_points(self.points)}/{fmt_points(self.max_points)} points>"

    def _repr_html_(self) -> str:
        return _render.total_html(self)
