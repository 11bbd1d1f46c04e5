"""The rule catalogue: each rule is metadata (catalogue.yaml) plus one small check function."""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Callable

import yaml

from ..model import CATEGORIES, SEVERITIES

SCOPES = ("key_result", "objective", "set", "text", "checkin")
_checks: dict[str, tuple[str, Callable]] = {}


def check(code: str, scope: str) -> Callable[[Callable], Callable]:
    """Register fn as the check for rule `code`, run on each item of `scope`."""
    if scope not in SCOPES:
        raise ValueError(f"{code}: unknown scope {scope!r}; use one of {SCOPES}")

    def register(fn: Callable) -> Callable:
        if code in _checks:
            raise ValueError(f"rule {code} is registered twice")
        _checks[code] = (scope, fn)
        return fn
    return register


@dataclass(frozen=True)
class Rule:
    """One rule: what it checks, why it matters, how to fix it, and the lesson it comes from."""

    code: str
    name: str
    category: str
    severity: str
    scope: str
    summary: str
    message: str
    fix: str
    why: str
    lesson: str
    bad: str
    good: str
    check: Callable

    def to_dict(self) -> dict:
        """The rule's metadata as plain data (no function)."""
        return {k: getattr(self, k) for k in ("code", "name", "category", "severity", "scope", "summary",
                                               "message", "fix", "why", "lesson", "bad", "good")}


_REQUIRED = ("name", "category", "severity", "summary", "message", "fix", "why", "lesson", "bad", "good")


@lru_cache(maxsize=1)
def catalogue() -> tuple[Rule, ...]:
    """Every rule, ordered by code, with its metadata checked against its function."""
    from . import checkins, key_result, objective, okr_set  # noqa: F401  (registers the checks)
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    meta = yaml.load(resources.files(__package__).joinpath("catalogue.yaml").read_text(encoding="utf-8"),
                     Loader=loader)
    missing = sorted(set(_checks) - set(meta))
    orphans = sorted(set(meta) - set(_checks))
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
        scope, fn = _checks[code]
        rules.append(Rule(code=code, scope=scope, check=fn,
                          **{k: str(entry[k]).strip() for k in _REQUIRED}))
    return tuple(rules)


def get(code: str) -> Rule:
    """The rule with this code (KeyError with the known codes otherwise)."""
    for r in catalogue():
        if r.code == code.upper():
            return r
    raise KeyError(f"no rule {code!r}; known: {', '.join(r.code for r in catalogue())}")


@dataclass
class Context:
    """Where a statement sits: its set and objective (None when linting a lone statement), and the check-in date."""

    okrs: object | None = None
    objective: object | None = None
    as_of: object | None = None
