"""The OKR file format's fields: one table used to validate files and to build the JSON Schema."""

from __future__ import annotations

# Each field: (JSON type, description). Types: string, number, date, list, boolean.
SET_FIELDS: dict[str, tuple[str, str]] = {
    "title": ("string", "Name of the OKR set, e.g. 'Registration flow, Q3 2026'."),
    "owner": ("string", "Team or person who owns the set."),
    "period": ("string", "The OKR period: 2026-Q3, Q3 2026, 2026-H1, 2026-07 or 2026."),
    "start": ("date", "First day of the period (overrides period)."),
    "end": ("date", "Last day of the period (overrides period)."),
    "level": ("string", "company | team | individual"),
    "as_of": ("date", "Date of the latest check-in values (current:)."),
    "objectives": ("list", "The objectives, each with its key results."),
    "kpis": ("list", "Health metrics kept in range; not OKRs."),
    "parent": ("list", "The parent set's objectives this set aligns to (to spot copied key results)."),
}

OBJECTIVE_FIELDS: dict[str, tuple[str, str]] = {
    "objective": ("string", "A qualitative, directional aim."),
    "owner": ("string", "Person or team who owns this objective."),
    "why": ("string", "Why this matters now."),
    "aligns_to": ("string", "The parent goal this objective supports (loose alignment, not a copy)."),
    "type": ("string", "aspirational (stretch, ~0.7 is success) | committed (1.0 expected)"),
    "key_results": ("list", "Two to five measurable outcomes that define success."),
    "initiatives": ("list", "Work planned to move the key results; never graded as key results."),
}

KEY_RESULT_FIELDS: dict[str, tuple[str, str]] = {
    "text": ("string", "The key result as written; parsed for the fields below."),
    "metric": ("string", "What is measured."),
    "baseline": ("number", "Where the metric starts."),
    "target": ("number", "Where the metric should be by the due date."),
    "unit": ("string", "Unit of baseline and target: %, USD, days, users …"),
    "direction": ("string", "increase | decrease | keep | achieve"),
    "due": ("date", "When the key result is due (ISO date)."),
    "current": ("number", "Latest check-in value."),
    "confidence": ("number", "Confidence of reaching the target, 0–1."),
    "weight": ("number", "Weight in the objective's score (default 1)."),
    "owner": ("string", "Person or team who owns this key result."),
}

KPI_FIELDS: dict[str, tuple[str, str]] = {
    "name": ("string", "The health metric."),
    "healthy": ("string", "Its healthy range, e.g. '< 5'."),
}

INITIATIVE_FIELDS: dict[str, tuple[str, str]] = {
    "text": ("string", "The planned piece of work."),
}

LEVELS = ("company", "team", "individual")
OBJECTIVE_TYPES = ("aspirational", "committed")
