"""The rule catalogue: each rule's teaching text (catalogue.yaml) joined with its registered check."""

from __future__ import annotations

import os
from functools import lru_cache

import okrkit.check.rules  # noqa: F401  (registers every rule's check)
from okrkit.check.registry import Rule, registered
from okrkit.lexicon.datacache import load_yaml
from okrkit.model import CATEGORIES, SEVERITIES

_REQUIRED = ("name", "category", "severity", "summary", "message", "fix", "why", "lesson", "bad", "good")


@lru_cache(maxsize=1)
def catalogue() -> tuple[Rule, ...]:
    """Every rule, ordered by code, with its metadata checked against its function."""
    checks = registered()
    # plain file calls (importlib.resources is slow to import), through the marshal copy of the YAML
    meta = load_yaml(os.path.join(os.path.dirname(os.path.abspath(__file__)), "catalogue.yaml"))
    missing = sorted(set(checks) - set(meta))
    orphans = sorted(set(meta) - set(checks))
    if missing or orphans:
        raise RuntimeError(f"rule catalogue out of step: no metadata for {missing}, no check for {orphans}")
    rules = []
    for code in sorted(meta):
        entry = meta[code]
        absent = [k for k in _REQUIRED if not entry.get(k)]
        if absent:
            raise RuntimeError(f"catalogue.yaml: {code}: missing {', '.join(absent)}")
        if entry["category"] not in CATEGORIES:
            raise RuntimeError(f"catalogue.yaml: {code}: unknown category {entry['category']!r}")
        if entry["severity"] not in SEVERITIES:
            raise RuntimeError(f"catalogue.yaml: {code}: unknown severity {entry['severity']!r}")
        scope, fn = checks[code]
        rules.append(Rule(code=code, scope=scope, check=fn, **{k: str(entry[k]).strip() for k in _REQUIRED}))
    return tuple(rules)


def get(code: str) -> Rule:
    """The rule with this code (KeyError with the known codes otherwise)."""
    for r in catalogue():
        if r.code == code.upper():
            return r
    raise KeyError(f"no rule {code!r}; known: {', '.join(r.code for r in catalogue())}")
