"""How findings are put to people: the plain name of a category, a reader's name for a place, the order shown."""

from __future__ import annotations

from collections.abc import Iterable

from okrkit.model import Finding

#: A plain name for each finding category (okrkit.model.CATEGORIES), used by the class report and the board.
CATEGORY_LABELS: dict[str, str] = {
    "output_not_outcome": "Counts work done, not the change it causes",
    "not_measurable": "Nothing to measure",
    "vanity_metric": "Vanity metric",
    "no_target_or_baseline": "No target or no baseline",
    "no_deadline": "No deadline",
    "objective_is_metric": "Objective is a number",
    "objective_is_task": "Objective is a task",
    "unrealistic_target": "Target hard to believe",
    "kpi_not_kr": "A health KPI, not a key result",
    "initiative_not_kr": "A project, not a key result",
    "too_vague": "Too vague",
    "too_few_krs": "Too few key results",
    "too_many_krs": "Too many key results",
    "too_many_objectives": "Too many objectives",
    "no_counter_metric": "No counter-metric",
    "compensation_tie": "Tied to pay",
    "hard_cascade": "Copied down from the parent goal",
    "no_alignment": "No link to a company goal",
    "achieved_too_early": "Done too early (bar too low?)",
    "stalled": "Stalled",
    "malformed": "Malformed",
}


def category_label(category: str) -> str:
    """A plain name for a finding category: 'vanity_metric' → 'Vanity metric' (unknown ones: 'Some new one')."""
    return CATEGORY_LABELS.get(category, category.replace("_", " ").capitalize())


def place_label(f: Finding) -> str:
    """Where a finding sits, for a reader: 'objective 1, key result 2, line 7', or '' for a lone statement."""
    return ", ".join(p for p in (f.place.describe(), f"line {f.line}" if f.line else "") if p)


_SEVERITY_ORDER = {"error": 0, "warning": 1, "info": 2}


def by_severity(findings: Iterable[Finding]) -> list[Finding]:
    """Findings most serious first (errors, warnings, then tips), otherwise in the order given."""
    return sorted(findings, key=lambda f: _SEVERITY_ORDER.get(f.severity, 3))
