"""The run inside Gradescope's autograder container: grade the one submission there and write results.json."""

from __future__ import annotations

import json
import os
from pathlib import Path

from okrkit.assignment import load_assignment
from okrkit.files import atomic_write
from okrkit.grade.batch import run_pool
from okrkit.grade.files import GradingError, SubmissionFile, notebooks
from okrkit.grade.limits import DEFAULT_MAX_MB, DEFAULT_TIME_LIMIT, Limits
from okrkit.grade.one import error_result

SUBMISSION_DIR = "/autograder/submission"
RESULTS_FILE = "/autograder/results/results.json"
SOURCE_DIR = "/autograder/source"
ENV_SPEC, ENV_SUBMISSION, ENV_RESULTS = "OKRKIT_SPEC", "OKRKIT_SUBMISSION_DIR", "OKRKIT_RESULTS"


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
) -> dict:
    """Grade the one submission in Gradescope's folder and write results.json; returns what was written."""
    spec = spec or os.environ.get(ENV_SPEC) or find_spec()
    if not spec:
        raise GradingError(f"no assignment.yaml in {SOURCE_DIR}; put it in the autograder zip or pass --spec")
    submission = Path(submission or os.environ.get(ENV_SUBMISSION) or SUBMISSION_DIR)
    results_path = Path(results_path or os.environ.get(ENV_RESULTS) or RESULTS_FILE)
    assignment = load_assignment(spec)
    if not submission.is_dir():
        raise GradingError(f"{submission}: no such folder (Gradescope puts the student's files there)")
    books = notebooks(submission, depth=2)
    sub = SubmissionFile("submission", tuple(books), "your submission/" if len(books) != 1 else books[0].name)
    limits = Limits(int((max_mb or DEFAULT_MAX_MB) * 1_000_000), time_limit or DEFAULT_TIME_LIMIT)
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
    atomic_write(results_path, graded.gradescope_json)
    return json.loads(graded.gradescope_json)
