"""Scoring check-ins: KR progress, the 0–1 grade and its bands, the 1–4 scale, roll-ups and pace."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from okrkit.model import KeyResult, Objective, OKRSet

#: 0.0–1.0 grade bands (upper bounds are exclusive except the last).
BANDS: tuple[tuple[float, str, str], ...] = (
    (0.4, "red", "no real progress"),
    (0.7, "yellow", "progress, short of the target"),
    (1.01, "green", "delivered"),
)

#: The 1–4 self-evaluation scale: (lowest 0–1 grade for the point, point, word, 0–1 value it maps back to).
FOUR_POINT: tuple[tuple[float, int, str, float], ...] = (
    (0.0, 1, "poor", 0.2),
    (0.4, 2, "fair", 0.5),
    (0.7, 3, "good", 0.8),
    (0.95, 4, "great", 1.0),
)

_UPPER_BOUND = re.compile(
    r"\b(?:below|under|less than|no more than|at most|max(?:imum)?|fewer than|not exceed|within)\b", re.I
)


def kr_progress(kr: KeyResult, current: float | None = None) -> float | None:
    """Progress 0.0–1.0 from baseline to target (direction-aware, clamped); None when unscorable."""
    value = kr.current if current is None else current
    if value is None:
        return None
    value = float(value)
    if kr.direction == "achieve":
        return 1.0 if value >= (kr.target if kr.target is not None else 1.0) else 0.0
    if kr.direction == "keep":
        if kr.target is None:
            return None
        ok = value <= kr.target if _UPPER_BOUND.search(kr.text) else value >= kr.target
        return 1.0 if ok else 0.0
    baseline, target = endpoints(kr)
    if target is None:
        return None
    if target == baseline:
        return 1.0 if value == target else 0.0
    return _clamp((value - baseline) / (target - baseline))


def endpoints(kr: KeyResult) -> tuple[float, float | None]:
    """(baseline, target) with relative or absolute changes turned into a target; baseline 0 if unknown."""
    baseline = kr.baseline if kr.baseline is not None else 0.0
    target = kr.target
    sign = -1.0 if kr.direction == "decrease" else 1.0
    if target is None and kr.relative_change is not None and kr.baseline is not None:
        target = kr.baseline * (1 + sign * kr.relative_change / 100)
    if target is None and kr.delta is not None:
        target = baseline + sign * kr.delta if kr.baseline is not None else kr.delta
    return baseline, target


def _clamp(x: float) -> float:
    """x limited to 0.0–1.0."""
    return 0.0 if x < 0 else 1.0 if x > 1 else x


def score(item: KeyResult | Objective | OKRSet, current: float | None = None) -> float | None:
    """0.0–1.0 score of a key result (optionally at a given current value), an objective or a set."""
    if isinstance(item, KeyResult):
        return kr_progress(item, current)
    if isinstance(item, Objective):
        return objective_score(item)
    if isinstance(item, OKRSet):
        return set_score(item)
    raise TypeError(f"score() takes a KeyResult, Objective or OKRSet, not {type(item).__name__}")


def objective_score(obj: Objective) -> float | None:
    """Weighted mean of the objective's scorable key results; None if none is scorable."""
    pairs = [(p, kr.weight) for kr in obj.key_results if (p := kr_progress(kr)) is not None]
    total = sum(w for _, w in pairs)
    return sum(p * w for p, w in pairs) / total if total > 0 else None


def set_score(okrs: OKRSet) -> float | None:
    """Mean of the objectives' scores; None if no objective is scorable."""
    scores = [s for o in okrs.objectives if (s := objective_score(o)) is not None]
    return sum(scores) / len(scores) if scores else None


def band(grade: float) -> str:
    """'red', 'yellow' or 'green' for a 0.0–1.0 grade (judged at the two decimals people see)."""
    grade = round(grade, 2)
    for upper, name, _ in BANDS:
        if grade < upper:
            return name
    return BANDS[-1][1]


def to_four_point(grade: float) -> int:
    """The 1–4 self-evaluation point for a 0.0–1.0 grade (judged at two decimals)."""
    grade = round(grade, 2)
    point = 1
    for lowest, p, _, _ in FOUR_POINT:
        if grade >= lowest:
            point = p
    return point


def from_four_point(point: int) -> float:
    """The 0.0–1.0 grade a 1–4 self-evaluation point stands for."""
    for _, p, _, value in FOUR_POINT:
        if p == point:
            return value
    raise ValueError(f"the 1–4 scale has no point {point!r}; use 1, 2, 3 or 4")


def four_point_word(point: int) -> str:
    """'poor', 'fair', 'good' or 'great'."""
    return {p: w for _, p, w, _ in FOUR_POINT}[point]


def elapsed(start: date, end: date, as_of: date) -> float:
    """Fraction 0.0–1.0 of the period from start to end that has passed at as_of."""
    days = (end - start).days
    if days <= 0:
        return 1.0
    return _clamp((as_of - start).days / days)


def pace(progress: float, start: date, end: date, as_of: date, tolerance: float = 0.1) -> str:
    """'ahead', 'on track' or 'behind' against a straight line from start to end."""
    expected = elapsed(start, end, as_of)
    if progress > expected + tolerance:
        return "ahead"
    if progress < expected - tolerance:
        return "behind"
    return "on track"


def interpret(grade: float, objective_type: str = "aspirational") -> str:
    """What a final grade means for an aspirational or committed objective."""
    if objective_type == "committed":
        if grade >= 1.0:
            return "delivered, as a committed objective should be"
        return "a committed objective short of 1.0: find out what blocked it and fix the plan"
    if grade >= 1.0:
        return "full marks on a stretch objective: was the bar set high enough?"
    if grade >= 0.7:
        return "success: about 0.7 is what a well-set stretch objective should reach"
    if grade >= 0.4:
        return "real progress, short of the target: learn what held it back"
    return "little movement: check whether these were the right key results"


@dataclass
class KRScore:
    """A key result's check-in, scored."""

    text: str
    progress: float | None
    grade4: int | None
    band: str | None
    pace: str | None
    expected: float | None


@dataclass
class ObjectiveScore:
    """An objective's key results, scored, and their roll-up."""

    objective: str
    type: str
    score: float | None
    grade4: int | None
    band: str | None
    meaning: str | None
    key_results: list[KRScore] = field(default_factory=list)


def score_report(okrs: OKRSet, as_of: date | None = None) -> list[ObjectiveScore]:
    """Every objective and key result of the set with progress, 1–4 point, band and pace."""
    as_of = as_of or okrs.as_of
    out = []
    for obj in okrs.objectives:
        rows = []
        for kr in obj.key_results:
            p = kr_progress(kr)
            end = kr.due or okrs.end
            known = p is not None and okrs.start and end and as_of
            rows.append(
                KRScore(
                    kr.text,
                    p,
                    to_four_point(p) if p is not None else None,
                    band(p) if p is not None else None,
                    pace(p, okrs.start, end, as_of) if known else None,
                    elapsed(okrs.start, end, as_of) if known else None,
                )
            )
        s = objective_score(obj)
        out.append(
            ObjectiveScore(
                obj.objective,
                obj.type,
                s,
                to_four_point(s) if s is not None else None,
                band(s) if s is not None else None,
                interpret(s, obj.type) if s is not None else None,
                rows,
            )
        )
    return out
