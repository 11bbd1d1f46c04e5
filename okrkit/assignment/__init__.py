"""What a student calls in a notebook: ``check(question, answer)`` → CheckResult, ``check_all``, ``load_assignment``.

An assignment is read from exercises/<id>/assignment.yaml (``spec``) into an ``Assignment``
(``assignment``, built from the data in ``model``); its requirement kinds are in ``requirements``, the
scoring of one answer in ``checking`` and what a check returns in ``result``. The student's ``check`` and the batch grader
call the same ``Assignment.check``, so an instant check and a grade can never disagree.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from okrkit.assignment.assignment import Assignment
from okrkit.assignment.checking import is_blank_answer, wrong_type_message
from okrkit.assignment.model import Goal, Question, Requirement, Rubric, UnknownQuestionError
from okrkit.assignment.requirements import KINDS, day_phrase, match_goal  # noqa: F401 (KINDS: imported from here by tests)
from okrkit.assignment.result import AssignmentResult, CheckResult
from okrkit.assignment.spec import SPEC_NAME, SpecError, find_assignment, load_spec, parse_spec


def load_assignment(path_or_id: str | Path | Assignment) -> Assignment:
    """An assignment from a spec path, a folder holding assignment.yaml, or an id such as 'assignment-03'."""
    if isinstance(path_or_id, Assignment):
        return path_or_id
    return load_spec(path_or_id)


def check(question_id: str, answer_text: Any, *, assignment: str | Path | Assignment | None = None) -> CheckResult:
    """Check one answer against the assignment next to the notebook (or the one given)."""
    a = load_assignment(assignment) if assignment is not None else find_assignment(question_id)
    return a.check(question_id, answer_text)


def check_all(answers: Mapping[str, Any], *, assignment: str | Path | Assignment | None = None) -> AssignmentResult:
    """Check every answer and total the points (questions with no answer score 0)."""
    if assignment is not None:
        a = load_assignment(assignment)
    else:
        a = find_assignment(next(iter(answers), None))
    return a.check_all(answers)


__all__ = [
    "SPEC_NAME",
    "Assignment",
    "AssignmentResult",
    "CheckResult",
    "Goal",
    "Question",
    "Requirement",
    "Rubric",
    "SpecError",
    "UnknownQuestionError",
    "check",
    "check_all",
    "day_phrase",
    "find_assignment",
    "is_blank_answer",
    "load_assignment",
    "match_goal",
    "parse_spec",
    "wrong_type_message",
]
