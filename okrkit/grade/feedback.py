"""Per-student feedback files: a self-contained HTML page and a Markdown version of the same text."""

from __future__ import annotations

from typing import Any

from markupsafe import Markup

from okrkit.render.findings import finding_markdown
from okrkit.render.html import render
from okrkit.render.markdown import md
from okrkit.render.numbers import fmt_points
from okrkit.render.results import total_html
from okrkit.render.theme import NO_MATH

__all__ = ["body_of", "md", "page_html", "page_md", "question_md"]

_MAIN_OPEN = '<main class="okrkit-feedback">'  # as written by templates/feedback.html
_MAIN_CLOSE = "</main>"


def _headline(assignment: Any, row: Any) -> str:
    """'12.5 / 20 points', or what happened when there is no total."""
    if row.status == "missing":
        return "not submitted"
    if row.total is None:
        return f"not graded yet (0 / {fmt_points(assignment.max_points)} points until it can be read)"
    return f"{fmt_points(row.total)} / {fmt_points(assignment.max_points)} points"


def _what_to_do(row: Any) -> str:
    """The next step for a submission that could not be graded in full."""
    if row.status == "missing":
        return (
            "No notebook was found for you. If you did submit, check that the file is a .ipynb notebook "
            "and that it was uploaded to the right assignment, then tell your instructor."
        )
    return "Fix what the message says, save the notebook, and submit it again: everything else is checked as soon as it reads."


def page_html(assignment: Any, row: Any, result: Any | None) -> str:
    """A student's feedback as a self-contained HTML page (inline styles, no scripts, no external files)."""
    problem = None
    if row.status != "ok" and row.message:
        if result is not None:
            problem = "Some answers could not be read"
        elif row.status == "missing":
            problem = "Your submission was not found"
        else:
            problem = "Your notebook could not be graded"
    return render(
        "feedback.html",
        title=getattr(assignment, "title", "") or assignment.id,
        row=row,
        headline=_headline(assignment, row),
        problem=problem,
        what_to_do=_what_to_do(row),
        total=Markup(total_html(result, summaries=False, links=True)) if result is not None else None,
        questions=[(r.question, Markup(r._repr_html_())) for r in result.results.values()]
        if result is not None
        else [],
    )


def body_of(page: str) -> str:
    """The feedback part of a page written by page_html (for showing it inside a notebook)."""
    start, end = page.find(_MAIN_OPEN), page.rfind(_MAIN_CLOSE)
    if start < 0 or end < 0:
        return page
    return f'<div class="okrkit-feedback {NO_MATH}">{page[start + len(_MAIN_OPEN) : end]}</div>'


# ── Markdown ──────────────────────────────────────────────────────────────────────────────
def question_md(r: Any) -> str:
    """One question's feedback in Markdown: summary, what is good, next steps, findings with fix and lesson."""
    out = [md(r.summary)]
    if getattr(r, "error", None):
        out += ["", f"**Could not read the answer:** {md(r.error)}"]
    reqs = list(getattr(r, "requirements", []) or [])
    if reqs:
        good = [q for q in reqs if q.met]
        todo = [q for q in reqs if not q.met]
        if good:
            out += ["", "**Already good**", ""]
            out += [
                f"- ✓ {md(q.label)} ({fmt_points(q.points)}/{fmt_points(q.max_points)})"
                + (f": {md(q.detail)}" if q.detail else "")
                for q in good
            ]
        if todo and getattr(r, "status", "ok") == "ok":
            out += ["", "**Next steps**", ""]
            for q in todo:
                out.append(
                    f"- ✗ {md(q.label)} ({fmt_points(q.points)}/{fmt_points(q.max_points)})"
                    + (f": {md(q.detail)}" if q.detail else "")
                )
                if q.teach:
                    out.append(f"  {md(q.teach)}")
    else:
        if r.met:
            out += ["", "**Already good**", ""] + [f"- ✓ {md(m)}" for m in r.met]
        if r.missed:
            out += ["", "**Next steps**", ""] + [f"- ✗ {md(m)}" for m in r.missed]
    for h in getattr(r, "hints", []) or []:
        out += ["", f"**Hint:** {md(h)}"]
    flagged = [f for f in r.findings if f.flagged]
    tips = [f for f in r.findings if not f.flagged]
    if flagged:
        out += ["", "**What the checker noticed**", ""]
        for f in flagged:
            lost = r.deduction_for(f) if hasattr(r, "deduction_for") else 0
            out.append(finding_markdown(f, lost=lost))
    if tips:
        out += ["", "**Tips**", ""]
        out += [f"- {md(f.code)}: {md(f.message)}" for f in tips]
    return "\n".join(out)


def page_md(assignment: Any, row: Any, result: Any | None, texts: dict[str, str] | None = None) -> str:
    """A student's feedback as Markdown: the total, a table of points, then each question's feedback (its summary
    once)."""
    title = getattr(assignment, "title", "") or assignment.id
    out = [
        f"# Feedback: {md(title)}",
        "",
        f"**Student:** {md(row.student_id)} · **Total:** {md(_headline(assignment, row))}",
    ]
    if row.status != "ok" and row.message:
        out += [
            "",
            f"> **{'Some answers could not be read' if result is not None else 'Not graded'}:** {md(row.message)}",
            ">",
            f"> {md(_what_to_do(row))}",
        ]
    if result is not None:
        out += ["", "| Question | Points |", "|---|---:|"]  # each summary is in its question's section below
        out += [
            f"| {md(r.title or q)} | {fmt_points(r.points)} / {fmt_points(r.max_points)} |"
            for q, r in result.results.items()
        ]
        for note in getattr(result, "notes", []) or []:
            out += ["", f"**Note:** {md(note)}"]
        for q, r in result.results.items():
            out += [
                "",
                f"## {md(r.title or q)}: {fmt_points(r.points)} / {fmt_points(r.max_points)} points",
                "",
                texts[q] if texts and q in texts else question_md(r),
            ]
    return "\n".join(out) + "\n"
