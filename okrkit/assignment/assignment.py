"""Assignment: a loaded spec (questions with points and requirements) that checks answers."""

from __future__ import annotations

import difflib
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from okrkit.assignment.checking import check_answer, unanswered_result
from okrkit.assignment.model import Question, UnknownQuestionError
from okrkit.assignment.release import GradescopeSettings, LatePolicy
from okrkit.assignment.result import AssignmentResult, CheckResult
from okrkit.render import results as _render
from okrkit.render.numbers import fmt_points


@dataclass
class Assignment:
    """A loaded assignment spec: questions with points and requirements; checks answers."""

    id: str
    title: str
    path: Path | None
    questions: list[Question]
    reference_date: date
    source: str = ""
    round_to: float = 0.25
    gradescope: GradescopeSettings | None = None  # what Gradescope shows and when (spec's 'gradescope:')
    late: LatePolicy | None = None  # due time, penalty, cap, extensions (spec's 'late:')

    @property
    def max_points(self) -> float:
        """Points available in all (the sum of the questions)."""
        return round(sum(q.max_points for q in self.questions), 2)

    def question(self, qid: str) -> Question:
        """The question with this id (UnknownQuestionError naming the known ids otherwise)."""
        for q in self.questions:
            if q.id == qid:
                return q
        ids = [q.id for q in self.questions]
        near = difflib.get_close_matches(str(qid), ids, n=1)
        hint = f" Did you mean '{near[0]}'?" if near else ""
        raise UnknownQuestionError(f"{self.id} has no question {qid!r}; its questions are: {', '.join(ids)}.{hint}")

    def check(self, qid: str, answer_text: Any) -> CheckResult:
        """Points and feedback for one answer (never raises for a bad answer: see CheckResult.error)."""
        return check_answer(self.question(qid), answer_text, self.reference_date, self.round_to, self.questions)

    def check_all(self, answers: Mapping[str, Any]) -> AssignmentResult:
        """Every question checked; a question with no answer scores 0 with a note on what to do."""
        known = {q.id for q in self.questions}
        notes = [f"'{k}' is not a question of {self.id}; it was not graded." for k in answers if k not in known]
        results = {
            q.id: (
                check_answer(q, answers[q.id], self.reference_date, self.round_to, self.questions)
                if q.id in answers
                else unanswered_result(q, missing=True)
            )
            for q in self.questions
        }
        return AssignmentResult(assignment=self.id, results=results, title=self.title, notes=notes)

    def __repr__(self) -> str:
        return f"<Assignment {self.id}: {len(self.questions)} questions, {fmt_points(self.max_points)} points>"

    def __str__(self) -> str:
        return "\n".join(
            [f"{self.title} ({fmt_points(self.max_points)} points)"]
            + [f"  {q.id:<10} {fmt_points(q.max_points):>5}  {q.title}" for q in self.questions]
        )

    def _repr_html_(self) -> str:
        return _render.assignment_html(self)
