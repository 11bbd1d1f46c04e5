"""One submission → its gradebook row and the texts of its feedback and Gradescope files (never executed)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from okrkit.grade import feedback, gradescope
from okrkit.grade.files import SubmissionFile, Unreadable, clean_message, read_answers
from okrkit.grade.limits import Limits, TimeLimitExceeded, alarm
from okrkit.grade.outputs import dump_json
from okrkit.grade.status import ERROR, MISSING, NEEDS_REVIEW, OK, STATUSES  # noqa: F401 (STATUSES: re-exported)


@dataclass
class Row:
    """One line of the gradebook, plus the flagged findings the class report counts."""

    student_id: str
    status: str  # okrkit.grade.status: ok | needs_review | error | missing
    total: float | None
    points: dict[str, float | None]
    message: str = ""  # for the student: what could not be read and what to do (shown in their feedback)
    file: str = ""
    findings: list[tuple[str, str, str, str, str]] = field(
        default_factory=list
    )  # question, code, name, category, severity
    note: str = ""  # for the instructor only: why a person should look (never in a student's feedback)
    requirements: list[tuple[str, str, str, bool]] = field(default_factory=list)  # question, id, label, met


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
        row = Row(sub.student_id, MISSING, None, empty, msg, sub.where)
        return Graded(row, feedback.page_html(assignment, row, None), feedback.page_md(assignment, row, None), None)
    result = None
    try:
        with alarm(limits.seconds):
            reading, problems = read_answers(sub, assignment, limits.max_bytes)
            result = assignment.check_all(reading.answers)
            result.notes = list(result.notes) + reading.notes
            row = _row(sub, assignment, result, reading, problems)
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


def _first_line(text: str, n: int = 60) -> str:
    """The first line of a text, cut to n characters, for a reviewer's note."""
    line = next((ln.strip() for ln in text.splitlines() if ln.strip()), "")
    return line if len(line) <= n else line[: n - 1] + "…"


def _row(sub: SubmissionFile, assignment: Any, result: Any, reading: Any, problems: Sequence[str] = ()) -> Row:
    """The gradebook row of a checked submission: ok, or needs_review with the reasons a person should look."""
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
    review = list(reading.review)
    for qid, r in result.results.items():
        if r.status == "error":
            review.append(f"{qid}: the answer could not be read ({_first_line(str(r.error or r.summary), 90)})")
        elif r.status == "ok" and r.points <= 0:
            review.append(f"{qid}: an answer is present but scored 0")
        elif r.status == "unanswered" and qid in reading.found:
            review.append(
                f"{qid}: scored 0 while the notebook holds an answer that was not graded "
                f"('{_first_line(reading.found[qid])}')"
            )
    unanswered = [qid for qid, r in result.results.items() if r.status == "unanswered"]
    parts = [*problems, *errors]
    if unanswered:
        msg = "no answer for: " + ", ".join(unanswered)
        why = [n for n in reading.notes if any(f"'{q}'" in n or f"{q} " in n for q in unanswered)]
        if why:
            msg += " (" + "; ".join(" ".join(n.split()) for n in why) + ")"
        parts.append(msg)
    status = NEEDS_REVIEW if review else OK
    note = "; ".join(dict.fromkeys(" ".join(r.split()) for r in review))
    reqs = [(qid, x.id, x.label, x.met) for qid, r in result.results.items() for x in r.requirements]
    total = round(result.points, 2)
    return Row(sub.student_id, status, total, points, "; ".join(parts), sub.where, findings, note, reqs)


def error_result(sub: SubmissionFile, assignment: Any, message: str) -> Graded:
    """The row and outputs of a submission that could not be graded."""
    text = " ".join(message.split())
    row = Row(sub.student_id, ERROR, None, {q.id: None for q in assignment.questions}, text, sub.where)
    return Graded(
        row,
        feedback.page_html(assignment, row, None),
        feedback.page_md(assignment, row, None),
        dump_json(gradescope.results(assignment, row, None)),
    )
