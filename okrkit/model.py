"""Dataclasses for an OKR set: objectives, key results, initiatives, KPIs, and findings."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Literal

Severity = Literal["error", "warning", "info"]
SEVERITIES: tuple[str, ...] = ("error", "warning", "info")
SEVERITY_RANK: dict[str, int] = {"info": 0, "warning": 1, "error": 2}

#: Direction of a key result's metric.
#: ``increase``/``decrease`` move a number, ``keep`` holds it in a range,
#: ``achieve`` is a yes/no result (launched or not).
DIRECTIONS: tuple[str, ...] = ("increase", "decrease", "keep", "achieve")

CATEGORIES: tuple[str, ...] = (
    "output_not_outcome",
    "not_measurable",
    "vanity_metric",
    "no_target_or_baseline",
    "no_deadline",
    "objective_is_metric",
    "objective_is_task",
    "unrealistic_target",
    "kpi_not_kr",
    "initiative_not_kr",
    "too_vague",
    "too_few_krs",
    "too_many_krs",
    "too_many_objectives",
    "no_counter_metric",
    "compensation_tie",
    "hard_cascade",
    "no_alignment",
    "achieved_too_early",
    "stalled",
    "malformed",
)


@dataclass
class KeyResult:
    """One key result: the statement plus the fields parsed from it or given explicitly."""

    text: str
    metric: str | None = None
    baseline: float | None = None
    target: float | None = None
    unit: str | None = None
    direction: str | None = None
    relative_change: float | None = None  # percent of the baseline, e.g. 15.0 for "by 15%"
    delta: float | None = None  # absolute change, e.g. 15 for "lose 15 pounds"
    due: date | None = None
    due_text: str | None = None  # the phrase the due date came from, e.g. "by end of Q3"
    current: float | None = None  # latest check-in value
    confidence: float | None = None  # 0–1
    weight: float = 1.0
    owner: str | None = None  # the person or team who owns this key result
    line: int | None = None
    explicit: frozenset[str] = frozenset()  # field names the author gave explicitly

    @property
    def dated(self) -> bool:
        """True when it states its own deadline, even one not yet placed on a calendar ('by March', no year known)."""
        return self.due is not None or bool(self.due_text)

    @property
    def deadline(self) -> str | None:
        """The deadline as shown to a person: '2026-09-30', or the phrase when no day is known ('by March')."""
        return self.due.isoformat() if self.due else self.due_text

    @property
    def has_number(self) -> bool:
        """True when the statement states a target, a change or a baseline."""
        return (
            self.target is not None
            or self.relative_change is not None
            or self.delta is not None
            or self.baseline is not None
        )


@dataclass
class Initiative:
    """Work planned to move the key results; never graded as a key result."""

    text: str
    line: int | None = None


@dataclass
class KPI:
    """A health metric kept in range; runs the business rather than changing it."""

    name: str
    healthy: str | None = None
    line: int | None = None


@dataclass
class Objective:
    """A qualitative, directional aim with the key results that define success."""

    objective: str
    key_results: list[KeyResult] = field(default_factory=list)
    initiatives: list[Initiative] = field(default_factory=list)
    why: str | None = None
    aligns_to: str | None = None
    type: str = "aspirational"  # aspirational | committed
    line: int | None = None
    owner: str | None = None  # the person or team who owns this objective

    @property
    def text(self) -> str:
        """The objective statement."""
        return self.objective


@dataclass
class OKRSet:
    """A whole OKR set: a title, an owner, a period and its objectives."""

    objectives: list[Objective] = field(default_factory=list)
    title: str | None = None
    owner: str | None = None
    period: str | None = None
    start: date | None = None
    end: date | None = None
    level: str | None = None  # company | team | individual
    as_of: date | None = None  # date of the latest check-in
    kpis: list[KPI] = field(default_factory=list)
    parent: list[Objective] = field(default_factory=list)  # the parent set's objectives, for alignment checks
    source: str | None = None  # file name the set was read from

    @property
    def key_results(self) -> list[KeyResult]:
        """Every key result of every objective, in order."""
        return [kr for o in self.objectives for kr in o.key_results]


@dataclass(frozen=True)
class Place:
    """Where a finding sits: an objective and key result (0-based), a field such as 'why', or a free label."""

    objective: int | None = None
    key_result: int | None = None
    field: str | None = None
    label: str | None = None  # for items outside a set, e.g. a lesson exercise's letter

    def __str__(self) -> str:
        """The path form used in files and JSON: 'objectives[0].key_results[2]', 'objectives[1].why', 'title'."""
        if self.label is not None:
            return self.label
        parts = []
        if self.objective is not None:
            parts.append(f"objectives[{self.objective}]")
            if self.key_result is not None:
                parts.append(f"key_results[{self.key_result}]")
        if self.field:
            parts.append(self.field)
        return ".".join(parts)

    def describe(self) -> str:
        """A reader's name for the place in a set: 'objective 1, key result 3', 'objective 2, why', or ''."""
        parts = []
        if self.objective is not None:
            parts.append(f"objective {self.objective + 1}")
            if self.key_result is not None:
                parts.append(f"key result {self.key_result + 1}")
        if self.field and self.objective is not None:
            parts.append(self.field)
        return ", ".join(parts)

    def sort_key(self) -> tuple:
        """Objectives and key results in numeric order (objective 10 after objective 2), then fields."""
        key: list[tuple[int, str]] = []
        if self.label is not None:
            key.append((-1, self.label))
        if self.objective is not None:
            key += [(-1, "objectives"), (self.objective, "")]
            if self.key_result is not None:
                key += [(-1, "key_results"), (self.key_result, "")]
        if self.field:
            key.append((-1, self.field))
        return tuple(key)


@dataclass(frozen=True)
class Finding:
    """One thing a rule noticed about a statement, with the lesson and the fix."""

    code: str
    name: str
    category: str
    severity: str
    message: str
    fix: str
    lesson: str
    place: Place = Place()
    line: int | None = None
    text: str = ""
    file: str | None = None

    @property
    def where(self) -> str:
        """The place as a path, e.g. 'objectives[0].key_results[2]' ('' for the whole set or a lone statement)."""
        return str(self.place)

    @property
    def flagged(self) -> bool:
        """True for warnings and errors (what 'flagged' means throughout the kit)."""
        return self.severity in ("warning", "error")

    def to_dict(self) -> dict:
        """Every field as plain JSON-ready data."""
        return {
            "code": self.code,
            "name": self.name,
            "category": self.category,
            "severity": self.severity,
            "message": self.message,
            "fix": self.fix,
            "lesson": self.lesson,
            "where": self.where,
            "objective": self.place.objective,
            "key_result": self.place.key_result,
            "line": self.line,
            "text": self.text,
            "file": self.file,
        }
