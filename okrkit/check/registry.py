"""The rule registry: the @check decorator that rule modules use, the Rule record and the Context a check sees."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

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


def registered() -> dict[str, tuple[str, Callable]]:
    """Every registered check by code: (scope, function)."""
    return dict(_checks)


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
        return {
            k: getattr(self, k)
            for k in (
                "code",
                "name",
                "category",
                "severity",
                "scope",
                "summary",
                "message",
                "fix",
                "why",
                "lesson",
                "bad",
                "good",
            )
        }


@dataclass
class Context:
    """Where a statement sits: its set and objective (None when linting a lone statement), and the check-in date."""

    okrs: object | None = None
    objective: object | None = None
    as_of: object | None = None
