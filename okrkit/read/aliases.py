"""The shared table of field names (aliases.yaml beside this module): normalising a key as people write it
('keyResults', 'Key Results', 'KRs') and finding the okrkit field it means, for files, outlines and CSV."""

from __future__ import annotations

import re
from functools import cache, lru_cache
from pathlib import Path

from okrkit.lexicon.datacache import load_yaml

#: The places a key can sit, each with its own table (a 'title' names an objective but a set's title).
CONTEXTS = ("set", "objective", "key_result", "kpi", "initiative")


@lru_cache(maxsize=4096)
def _normalize(text: str) -> str:
    text = text.replace("\ufeff", "").strip().strip('"').rstrip(":* ")
    text = re.sub(r"(?<=[a-z0-9])(?=[A-Z][a-z])|(?<=[a-z])(?=[A-Z])", " ", text).lower()
    text = re.sub(r"\s*\([^)]*\)\s*$", "", text) if not text.startswith("(") else text
    text = re.sub(r"[_\-./]+", " ", text)
    return re.sub(r"\s+", " ", text).strip().rstrip(":*").strip()


def normalize_key(name: object) -> str:
    """'keyResults' / 'Key_Result (KR):' → 'key results' / 'key result': camelCase split, lower case, one space."""
    return _normalize(str(name))


@cache
def table() -> dict:
    """aliases.yaml as plain data (through its marshal copy: lexicon.datacache)."""
    return load_yaml(str(Path(__file__).with_name("aliases.yaml")))


@cache
def field_names(context: str) -> dict[str, str]:
    """Normalised name → field, for one context (the canonical names included)."""
    out: dict[str, str] = {}
    for name, aliases in table()[context].items():
        for alias in [name, *aliases]:
            out.setdefault(normalize_key(alias), name)
    return out


def field_for(key: object, context: str) -> str | None:
    """The field a key means in a context ('KRs' in an objective → 'key_results'), or None."""
    return field_names(context).get(normalize_key(key))


@cache
def ignored_keys() -> frozenset[str]:
    """Normalised keys tools write that okrkit reads past (id, url, comments …)."""
    return frozenset(normalize_key(x) for x in table()["ignored"])


@cache
def _values(section: str) -> dict[str, str]:
    return {normalize_key(v): k for k, values in table()[section].items() for v in values}


def objective_type(value: str) -> str | None:
    """'Stretch' → 'aspirational', 'must do' → 'committed', else None."""
    return _values("objective_types").get(normalize_key(value))


def level_of(value: str) -> str | None:
    """'Personal' → 'individual', 'Department' → 'team', else None."""
    return _values("levels").get(normalize_key(value))


def direction_of(value: str) -> str | None:
    """'up' → 'increase', 'maintain' → 'keep', else None."""
    return _values("directions").get(normalize_key(value))


def status_of(value: str) -> str | None:
    """'On Track' / 'green' → 'on_track', 'At risk' → 'at_risk', 'Off track' → 'off_track', 'Done' → 'done'."""
    return _values("statuses").get(normalize_key(value)) or _values("statuses").get(
        normalize_key(value).replace(" ", "")
    )


@cache
def _no_status() -> frozenset[str]:
    return frozenset(normalize_key(v) for v in table()["no_status"])


def says_no_status(value: str) -> bool:
    """'Ongoing', 'Not started', 'Created': a stage a tool reports, not whether a key result is on track."""
    return normalize_key(value) in _no_status()


@cache
def confidence_words() -> dict[str, float]:
    """'high' → 0.7, 'at risk' → 0.5 …: confidence said in words."""
    return {normalize_key(w): float(k) for k, words in table()["confidence_words"].items() for w in words}


__all__ = [
    "CONTEXTS",
    "confidence_words",
    "direction_of",
    "field_for",
    "field_names",
    "ignored_keys",
    "normalize_key",
    "level_of",
    "objective_type",
    "says_no_status",
    "status_of",
    "table",
]
