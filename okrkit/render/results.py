"""Check results as text for a terminal and as self-contained HTML for a notebook or a feedback file
(templates check.html, total.html, question.html, assignment.html)."""

from __future__ import annotations

from typing import Any

from okrkit.model import Finding
from okrkit.render.html import render
from okrkit.render.labels import place_label
from okrkit.render.numbers import fmt_points


# ── text ──────────────────────────────────────────────────────────────────────────────────
def _indent(text: str, prefix: str) -> str:
    """Every line of text with a prefix."""
    return "\n".join(prefix + line for line in text.splitlines())


def _where(f: Finding) -> str:
    """' (objective 1, key result 2, line 7)' for a finding, '' when it is about the whole answer."""
    place = place_label(f)
    return f" ({place})" if place else ""


def check_text(r: Any) -> str:
    """A terminal view of one check: points, summary, what is good, next steps, findings."""
    out = [f"{r.title or r.question}: {fmt_points(r.points)} / {fmt_points(r.max_points)} points", "", r.summary]
    if r.error:
        out += ["", "Could not read the answer:", _indent(r.error, "  ")]
    good = [q for q in r.requirements if q.met]
    todo = [q for q in r.requirements if not q.met]
    if good:
        out += ["", "Already good:"]
        out += [
            f"  ✓ {q.label} ({fmt_points(q.points)}/{fmt_points(q.max_points)})" + (f": {q.detail}" if q.detail else "")
            for q in good
        ]
    if todo and r.status == "ok":
        out += ["", "Next steps:"]
        for q in todo:
            out.append(
                f"  ✗ {q.label} ({fmt_points(q.points)}/{fmt_points(q.max_points)})"
                + (f": {q.detail}" if q.detail else "")
            )
            if q.teach:
                out.append(_indent(q.teach, "      "))
    for h in r.hints:
        out += ["", f"Hint: {h}"]
    if r.flagged:
        out += ["", "What the checker noticed:"]
        for f in r.flagged:
            lost = r.deduction_for(f)
            out.append(f"  ! {f.code} {f.severity}{_where(f)}" + (f", -{fmt_points(lost)}" if lost else ""))
            out.append(_indent(f.message, "      "))
            out.append(_indent(f"Fix: {f.fix}", "      "))
            out.append(_indent(f"Lesson: {f.lesson}", "      "))
    if r.tips:
        out += ["", "Tips:"]
        for f in r.tips:
            out.append(f"  · {f.code}{_where(f)}: {f.message}")
    return "\n".join(out)


def total_text(a: Any) -> str:
    """A terminal view of a whole assignment: a points table, then each question's summary."""
    out = [f"{a.title or a.assignment}: {fmt_points(a.points)} / {fmt_points(a.max_points)} points", ""]
    width = max([len(q) for q in a.results] + [8])
    for q, r in a.results.items():
        out.append(f"  {q:<{width}}  {fmt_points(r.points):>6} / {fmt_points(r.max_points):<4} {r.status}")
    for note in a.notes:
        out += ["", f"Note: {note}"]
    for q, r in a.results.items():
        out += ["", f"{q}: {r.summary}"]
    return "\n".join(out)


# ── HTML ──────────────────────────────────────────────────────────────────────────────────
def check_html(r: Any) -> str:
    """A self-contained HTML view of one check (inline styles, no scripts, no external files)."""
    return render(
        "check.html",
        r=r,
        good=[q for q in r.requirements if q.met],
        todo=[q for q in r.requirements if not q.met],
    )


def total_html(a: Any, *, summaries: bool = True, links: bool = False) -> str:
    """A self-contained HTML view of a whole assignment: total, a table of questions (with each summary, unless
    the page shows every question's card below it; links: each title links to its card, #q-<id>)."""
    return render("total.html", a=a, summaries=summaries, links=links)


# ── assignment and question briefs ──────────────────────────────────────────────────────
def question_text(q: Any) -> str:
    """A question's brief for a terminal: the task, the company goals, and what earns points."""
    out = [f"{q.title} ({fmt_points(q.max_points)} points)"]
    if q.prompt:
        out.append(q.prompt)
    if q.company_goals:
        out.append(f"{q.company}'s goals in this exercise:")
        out += [f"  {g}" for g in q.company_goals]
    out.append("Points:")
    out += [f"  {fmt_points(points):>4}  {label}" for points, label in q.brief()]
    return "\n".join(out)


def question_html(q: Any) -> str:
    """A question's brief as self-contained HTML."""
    return render("question.html", q=q)


def assignment_html(a: Any) -> str:
    """An assignment's questions and points as a small HTML table."""
    return render("assignment.html", a=a)
