"""The one status vocabulary of a gradebook row, shared by the gradebook, the report, the exit code and notebooks.

``ok``: graded, nothing to look at. ``needs_review``: graded, a person should look (duplicated or competing
answers, unreadable YAML, a Python syntax error in an answer cell, an answer present that scored 0, an answer
recovered from a damaged notebook). ``error``: could not be graded (no points). ``missing``: a student with no
submission (a roster entry or an empty nbgrader folder).
"""

from __future__ import annotations

from collections.abc import Iterable

OK = "ok"
NEEDS_REVIEW = "needs_review"
ERROR = "error"
MISSING = "missing"

STATUSES = (OK, NEEDS_REVIEW, ERROR, MISSING)
GRADED = (OK, NEEDS_REVIEW)  # rows whose points count

EXIT_GRADED = 0  # every row was graded (ok or needs_review) or has no submission
EXIT_ERRORS = 1  # at least one row could not be graded
EXIT_FAILED = 2  # the run itself failed (bad arguments, unreadable spec …)


def exit_code(statuses: Iterable[str]) -> int:
    """The `okrkit grade` exit code for rows with these statuses: 1 when any is an error, else 0."""
    return EXIT_ERRORS if any(s == ERROR for s in statuses) else EXIT_GRADED


__all__ = [
    "ERROR",
    "EXIT_ERRORS",
    "EXIT_FAILED",
    "EXIT_GRADED",
    "GRADED",
    "MISSING",
    "NEEDS_REVIEW",
    "OK",
    "STATUSES",
    "exit_code",
]
