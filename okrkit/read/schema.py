"""JSON Schema of the OKR file format, built from the field table in format.py."""

from __future__ import annotations

from okrkit.model import DIRECTIONS, STATUSES
from okrkit.read.fields import (
    INITIATIVE_FIELDS,
    KEY_RESULT_FIELDS,
    KPI_FIELDS,
    LEVELS,
    OBJECTIVE_FIELDS,
    OBJECTIVE_TYPES,
    SET_FIELDS,
)

_TYPES = {
    "string": {"type": "string"},
    "number": {"type": "number"},
    "date": {"type": "string", "format": "date"},
    "boolean": {"type": "boolean"},
}


def _props(fields: dict, overrides: dict) -> dict:
    """Properties for a field table, with list/enum fields filled in from overrides."""
    out = {}
    for name, (kind, description) in fields.items():
        prop = dict(overrides.get(name) or _TYPES.get(kind, {}))
        prop["description"] = description
        out[name] = prop
    return out


def json_schema() -> dict:
    """The JSON Schema (draft 2020-12) of an okrkit OKR file."""
    key_result = {
        "oneOf": [
            {"type": "string", "minLength": 1, "description": "A key result as one line of text."},
            {
                "type": "object",
                "required": ["text"],
                "additionalProperties": False,
                "properties": _props(
                    KEY_RESULT_FIELDS,
                    {
                        "direction": {"enum": list(DIRECTIONS)},
                        "confidence": {"type": "number", "minimum": 0, "maximum": 1},
                        "weight": {"type": "number", "minimum": 0},
                        "status": {"enum": list(STATUSES)},
                    },
                ),
            },
        ]
    }
    initiative = {
        "oneOf": [
            {"type": "string"},
            {"type": "object", "additionalProperties": False, "properties": _props(INITIATIVE_FIELDS, {})},
        ]
    }
    objective = {
        "type": "object",
        "required": ["objective"],
        "additionalProperties": False,
        "properties": _props(
            OBJECTIVE_FIELDS,
            {
                "type": {"enum": list(OBJECTIVE_TYPES)},
                "key_results": {"type": "array", "items": {"$ref": "#/$defs/key_result"}},
                "initiatives": {"type": "array", "items": {"$ref": "#/$defs/initiative"}},
            },
        ),
    }
    kpi = {
        "oneOf": [
            {"type": "string"},
            {
                "type": "object",
                "required": ["name"],
                "additionalProperties": False,
                "properties": _props(KPI_FIELDS, {}),
            },
        ]
    }
    objectives = {"type": "array", "items": {"$ref": "#/$defs/objective"}}
    okr_set = {
        "type": "object",
        "additionalProperties": False,
        "properties": _props(
            SET_FIELDS,
            {
                "level": {"enum": list(LEVELS)},
                "objectives": objectives,
                "parent": objectives,
                "kpis": {"type": "array", "items": {"$ref": "#/$defs/kpi"}},
                "initiatives": {"type": "array", "items": {"$ref": "#/$defs/initiative"}},
            },
        ),
    }
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "https://okrkit.invalid/schema/okr-set.json",
        "title": "okrkit OKR set",
        "description": "Objectives and key results in the okrkit file format (see DESIGN.md).",
        "oneOf": [okr_set, objectives],
        "$defs": {"key_result": key_result, "initiative": initiative, "objective": objective, "kpi": kpi},
    }
