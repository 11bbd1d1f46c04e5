"""One submission → its gradebook row and the texts of its feedback and Gradescope files (never executed)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from okrkit.grade import feedback, gradescope
from okrkit.grade.files import SubmissionFile, Unreadable, clean_message, read_answers
from okrkit.grade.limits import Limits, TimeLimitExceeded, alarm
from okrkit.grade.outputs import dump_json

STATUSES = ("ok", "error", "missing")


@dataclass
class Row:
    """One line of the gradebook, plus the flagged findings the class report counts."""

    student_id: str
    status: str  # ok | error | missing
    total: float | None
    points: dict[str, float | None]
    message: str = ""
    file: str = ""
    findings: list[tuple[str, str, str, str, str]] = field(
        default_factory=list
    )  # question, code, name, category, severity


@dataclass
class Graded:
    """What grading one submission returns: the row and the texts of its output files."""

    row: Row
    feedback_html: str
    feedback_md: str
    gradescope_json: str | None  # results.json's text (JSON is encoded in the worker, not the parent)
    staged: dict[str, str] | None = None  # when a worker wrote the texts to the staging folder: kind → file name


def grade_submission(sub: SubmissionFile, assignment: Any, limits: Limits = Limits()) -> Graded:
    """Grade one submission without executing it: the gradebook row, feedback texts and Gradescope results."""
    qids = [q.id for q in assignment.questions]
    empty = {q: None for q in qids}
    if sub.missing:
        msg = f"no notebook found in {sub.where}"
        row = Row(sub.student_id, "missing", None, empty, msg, sub.where)
        return Graded(row, feedback.page_html(assignment, row, None), feedback.page_md(assignment, row, None), None)
    result = None
    try:
        with alarm(limits.seconds):
            answers, notes, problems = read_answers(sub, assignment, limits.max_bytes)
            result = assignment.check_all(answers)
            result.notes = list(result.notes) + notes
            row = _row(sub, assignment, result, problems)
            texts = {q: feedback.question_md(r) for q, r in result.results.items()}  # shared by .md and Gradescope
            graded = Graded(
                row,
                feedback.page_html(assignment, row, result),
                feedback.page_md(assignment, row, result, texts),
                dump_json(gradescope.results(assignment, row, result, texts)),
            )
    except TimeLimitExceeded:
        graded = error_result(
            sub,
            assignment,
            f"{sub.where}: reading and checking this submission took longer than "
            f"the {limits.seconds:g} s limit; look for a very long or repetitive answer, shorten it, "
            "and submit again",
        )
    except Unreadable as exc:
        graded = error_result(sub, assignment, str(exc))
    except MemoryError:
        graded = error_result(
            sub,
            assignment,
            f"{sub.where}: checking this submission needed too much memory; "
            "look for a very long or repetitive answer (YAML anchors and aliases, '&' and '*'), "
            "remove it and submit again",
        )
    except RecursionError:
        graded = error_result(
            sub,
            assignment,
            f"{sub.where}: the notebook is nested too deeply to read; save a fresh "
            "copy of the assignment notebook with your answers and submit again",
        )
    except Exception as exc:  # a bug or an odd file must cost one row, never the class
        detail = clean_message(str(exc), sub, sub.paths)[:200]
        graded = error_result(
            sub,
            assignment,
            f"{sub.where}: the grader could not read this submission "
            f"({type(exc).__name__}: {detail}); open it in Jupyter, check that it opens and that "
            "your answers are in the answer cells, save and submit again",
        )
    return graded


def _row(sub: SubmissionFile, assignment: Any, result: Any, problems: Sequence[str] = ()) -> Row:
    """The gradebook row of a checked submission; status error when an answer or cell could not be used."""
    points = {q.id: round(result.results[q.id].points, 2) for q in assignment.questions}
    errors = [
        f"{qid}: {' '.join(str(r.error or r.summary).split())}"
        for qid, r in result.results.items()
        if r.status == "error"
    ]
    findings = [
        (qid, f.code, f.name, f.category, f.severity)
        for qid, r in result.results.items()
        for f in r.findings
        if f.flagged
    ]
    unanswered = [qid for qid, r in result.results.items() if r.status == "unanswered"]
    if errors or problems:
        msg = "; ".join([*problems, *errors])
        status, msg = "error", msg + " (the points shown are for what could be read; look at this submission)"
    else:
        status = "ok"
        msg = ("no answer for: " + ", ".join(unanswered)) if unanswered else ""
        why = [n for n in getattr(result, "notes", []) if any(f"'{q}'" in n or f"{q} " in n for q in unanswered)]
        if msg and why:
            msg += " (" + "; ".join(" ".join(n.split()) for n in why) + ")"
    return Row(sub.student_id, status, round(result.points, 2), points, msg, sub.where, findings)


def error_result(sub: SubmissionFile, assignment: Any, message: str) -> Graded:
    """The row and outputs of a submission that could not be graded."""
    row = Row(
        sub.student_id, "error", None, {q.id: None for q in assignment.questions}, " ".join(message.split()), sub.where
    )
    return Graded(
        row,
        feedback.page_html(assignment, row, None),
        feedback.page_md(assignment, row, None),
        dump_json(gradescope.results(assignment, row, None)),
    )
