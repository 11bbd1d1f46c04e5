"""The run inside Gradescope's autograder container: grade the one submission there and write results.json."""

from __future__ import annotations

import json
import os
from pathlib import Path

from okrkit.assignment import load_assignment
from okrkit.errors import LoadError
from okrkit.files import atomic_write
from okrkit.grade.batch import run_pool
from okrkit.grade.feedback import md
from okrkit.grade.files import GradingError, SubmissionFile, notebooks
from okrkit.grade.late import apply_late_to_results, gradescope_time
from okrkit.grade.limits import DEFAULT_MAX_MB, DEFAULT_TIME_LIMIT, Limits
from okrkit.grade.one import error_result
from okrkit.grade.outputs import dump_json
from okrkit.grade.status import NEEDS_REVIEW, OK
from okrkit.grade.upload import choose

ROOT = "/autograder"  # Gradescope's; OKRKIT_AUTOGRADER_ROOT or --root move the whole tree (tests use a temp dir)
SUBMISSION_DIR = "/autograder/submission"
RESULTS_FILE = "/autograder/results/results.json"
SOURCE_DIR = "/autograder/source"
ENV_SPEC, ENV_SUBMISSION, ENV_RESULTS = "OKRKIT_SPEC", "OKRKIT_SUBMISSION_DIR", "OKRKIT_RESULTS"
ENV_ROOT = "OKRKIT_AUTOGRADER_ROOT"


def find_spec(source: str | Path = SOURCE_DIR) -> Path | None:
    """The assignment.yaml shipped in the autograder's source folder (top level first, then one below)."""
    root = Path(source)
    if (root / "assignment.yaml").is_file():
        return root / "assignment.yaml"
    found = sorted(root.glob("*/assignment.yaml")) + sorted(root.glob("*/*/assignment.yaml"))
    return found[0] if found else None


def run(
    spec: str | Path | None = None,
    submission: str | Path | None = None,
    results_path: str | Path | None = None,
    *,
    max_mb: float | None = None,
    time_limit: float | None = None,
    root: str | Path | None = None,
) -> dict:
    """Grade the one submission in Gradescope's folder and write results.json; returns what was written.

    root (default $OKRKIT_AUTOGRADER_ROOT, else /autograder) holds source/, submission/, results/ and
    submission_metadata.json; spec, submission and results_path (or their environment variables) override parts."""
    base = Path(root or os.environ.get(ENV_ROOT) or ROOT)
    spec = spec or os.environ.get(ENV_SPEC) or find_spec(base / "source")
    if not spec:
        raise GradingError(f"no assignment.yaml in {base / 'source'}; put it in the autograder zip or pass --spec")
    submission = Path(submission or os.environ.get(ENV_SUBMISSION) or base / "submission")
    results_path = Path(results_path or os.environ.get(ENV_RESULTS) or base / "results" / "results.json")
    assignment = load_assignment(spec)
    if not submission.is_dir():
        raise GradingError(f"{submission}: no such folder (Gradescope puts the student's files there)")
    limits = Limits(int((max_mb or DEFAULT_MAX_MB) * 1_000_000), time_limit or DEFAULT_TIME_LIMIT)
    choice = choose(notebooks(submission, depth=2), assignment, limits.max_bytes, submission)
    books = list(choice.paths)
    sub = SubmissionFile("submission", tuple(books), "your submission/" if len(books) != 1 else books[0].name)
    if not books:
        graded = error_result(
            sub,
            assignment,
            "no .ipynb notebook was found in your submission; upload the assignment "
            "notebook itself (the .ipynb file), not a PDF, HTML or zip export",
        )
    else:
        out: list = []
        spec_ref = str(assignment.path) if getattr(assignment, "path", None) else str(spec)
        run_pool([sub], spec_ref, assignment, limits, 1, lambda _i, g: out.append(g))
        graded = out[0]
    data = json.loads(graded.gradescope_json)
    if choice.message:
        data["output"] = f"**Several notebooks were uploaded:** {md(choice.message)}.\n\n" + data["output"]
        if choice.needs_review:
            _review(data, f"several notebooks uploaded: {choice.message}")
        data["extra_data"]["okrkit"]["graded_file"] = books[0].relative_to(submission).as_posix()
    metadata = base / "submission_metadata.json"
    if assignment.late is not None:  # the same late policy as `okrkit grade --times`, timed by Gradescope
        try:
            apply_late_to_results(data, assignment, *gradescope_time(metadata))
        except LoadError as exc:  # no file, or no usable time (TimesError): graded all the same; the instructor (not the student) is told why no penalty
            _review(data, f"no late penalty applied: {exc}")
    atomic_write(results_path, dump_json(data))
    return data


def _review(data: dict, why: str) -> None:
    """Mark a graded result needs_review, the reason in extra_data's note (for staff, not shown to students)."""
    okrkit = data["extra_data"]["okrkit"]
    okrkit["note"] = "; ".join(filter(None, [okrkit.get("note", ""), why]))
    if okrkit["status"] == OK:
        okrkit["status"] = NEEDS_REVIEW
