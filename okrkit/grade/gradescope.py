"""Gradescope's results.json for one graded submission: a score and a markdown output per question."""

from __future__ import annotations

from typing import Any

from okrkit.grade.feedback import md, question_md
from okrkit.render.numbers import fmt_points, points_value


def results(assignment: Any, row: Any, result: Any | None, texts: dict[str, str] | None = None) -> dict:
    """Gradescope's results.json: top-level score and output, one test per question (name, score, max_score, output)."""
    shown = getattr(assignment, "gradescope", None)  # the spec's 'gradescope:' settings (issue 12)
    visibility = shown.visibility if shown else "visible"
    stdout_visibility = shown.stdout_visibility if shown else "hidden"
    tests = []
    for i, q in enumerate(assignment.questions, 1):
        r = result.results.get(q.id) if result is not None else None
        score = r.points if r is not None else 0.0
        if r is None:
            output = f"Not graded: {md(row.message)}"
        else:
            output = texts[q.id] if texts and q.id in texts else question_md(r)
        tests.append(
            {
                "name": f"{q.title or q.id} ({q.id})",
                "number": str(i),
                "score": points_value(score),
                "max_score": points_value(q.max_points),
                "status": "passed" if score >= q.max_points - 1e-9 else "failed",
                "output": output,
                "output_format": "md",
                "visibility": visibility,
            }
        )
    total = result.points if result is not None else 0.0
    if result is None:
        output = (
            f"Your notebook could not be graded: {md(row.message)}\n\nFix this, save the notebook and submit again."
        )
    else:
        output = f"{fmt_points(total)} / {fmt_points(assignment.max_points)} points."
        if row.status != "ok" and row.message:
            output += f"\n\n**Some answers could not be read:** {md(row.message)}"
        for note in getattr(result, "notes", []) or []:
            output += f"\n\n**Note:** {md(note)}"
    return {
        "score": points_value(total),
        "output": output,
        "output_format": "md",
        "test_output_format": "md",
        "visibility": visibility,
        "stdout_visibility": stdout_visibility,
        "tests": tests,
        "extra_data": {"okrkit": {"assignment": assignment.id, "status": row.status}},
    }
