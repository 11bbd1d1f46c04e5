"""Gradescope's autograder contract: results.json for one submission, and the run inside its container."""
from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from .feedback import md, question_md

SUBMISSION_DIR = "/autograder/submission"
RESULTS_FILE = "/autograder/results/results.json"
SOURCE_DIR = "/autograder/source"
ENV_SPEC, ENV_SUBMISSION, ENV_RESULTS = "OKRKIT_SPEC", "OKRKIT_SUBMISSION_DIR", "OKRKIT_RESULTS"


def _num(x: float) -> float:
    """A score rounded to two decimals (ints stay ints in the JSON)."""
    v = round(float(x), 2)
    return int(v) if v == int(v) else v


def results(assignment: Any, row: Any, result: Any | None, texts: dict[str, str] | None = None) -> dict:
    """Gradescope's results.json: top-level score and output, one test per question (name, score, max_score, output)."""
    tests = []
    for i, q in enumerate(assignment.questions, 1):
        r = result.results.get(q.id) if result is not None else None
        score = r.points if r is not None else 0.0
        if r is None:
            output = f"Not graded: {md(row.message)}"
        else:
            output = texts[q.id] if texts and q.id in texts else question_md(r)
        tests.append({"name": f"{q.title or q.id} ({q.id})", "number": str(i), "score": _num(score),
                      "max_score": _num(q.max_points), "status": "passed" if score >= q.max_points - 1e-9 else "failed",
                      "output": output, "output_format": "md", "visibility": "visible"})
    total = result.points if result is not None else 0.0
    if result is None:
        output = f"Your notebook could not be graded: {md(row.message)}\n\nFix this, save the notebook and submit again."
    else:
        output = f"{_num(total)} / {_num(assignment.max_points)} points."
        if row.status != "ok" and row.message:
            output += f"\n\n**Some answers could not be read:** {md(row.message)}"
        for note in getattr(result, "notes", []) or []:
            output += f"\n\n**Note:** {md(note)}"
    return {"score": _num(total), "output": output, "output_format": "md", "test_output_format": "md",
            "visibility": "visible", "stdout_visibility": "hidden", "tests": tests,
            "extra_data": {"okrkit": {"assignment": assignment.id, "status": row.status}}}


def find_spec(source: str | Path = SOURCE_DIR) -> Path | None:
    """The assignment.yaml shipped in the autograder's source folder (top level first, then one below)."""
    root = Path(source)
    if (root / "assignment.yaml").is_file():
        return root / "assignment.yaml"
    found = sorted(root.glob("*/assignment.yaml")) + sorted(root.glob("*/*/assignment.yaml"))
    return found[0] if found else None


def run(spec: str | Path | None = None, submission: str | Path | None = None, results_path: str | Path | None = None,
        *, max_mb: float | None = None, time_limit: float | None = None) -> dict:
    """Grade the one submission in Gradescope's folder and write results.json; returns what was written."""
    from .assignment import load_assignment
    from .grading import (DEFAULT_MAX_MB, DEFAULT_TIME_LIMIT, GradingError, Limits, SubmissionFile, _notebooks,
                          atomic_write, run_pool)
    spec = spec or os.environ.get(ENV_SPEC) or find_spec()
    if not spec:
        raise GradingError(f"no assignment.yaml in {SOURCE_DIR}; put it in the autograder zip or pass --spec")
    submission = Path(submission or os.environ.get(ENV_SUBMISSION) or SUBMISSION_DIR)
    results_path = Path(results_path or os.environ.get(ENV_RESULTS) or RESULTS_FILE)
    assignment = load_assignment(spec)
    if not submission.is_dir():
        raise GradingError(f"{submission}: no such folder (Gradescope puts the student's files there)")
    books = _notebooks(submission, depth=2)
    sub = SubmissionFile("submission", tuple(books), "your submission/" if len(books) != 1 else books[0].name)
    limits = Limits(int((max_mb or DEFAULT_MAX_MB) * 1_000_000), time_limit or DEFAULT_TIME_LIMIT)
    if not books:
        from .grading import _error
        graded = _error(sub, assignment, "no .ipynb notebook was found in your submission; upload the assignment "
                        "notebook itself (the .ipynb file), not a PDF, HTML or zip export")
    else:
        out: list = []
        spec_ref = str(assignment.path) if getattr(assignment, "path", None) else str(spec)
        run_pool([sub], spec_ref, assignment, limits, 1, lambda _i, g: out.append(g))
        graded = out[0]
    atomic_write(results_path, graded.gradescope_json)
    return json.loads(graded.gradescope_json)
