"""Per-student feedback files: a self-contained HTML page and a Markdown version of the same text."""

from __future__ import annotations

import html
import re
from typing import Any

_MAIN_OPEN = '<main class="okrkit-feedback">'
_MAIN_CLOSE = "</main>"
_PAGE_CSS = (
    "body{margin:0;background:#f6f8fa;color:#1f2328;font-family:system-ui,-apple-system,'Segoe UI',"
    "sans-serif}main{max-width:62em;margin:0 auto;padding:16px 20px 40px}h1{font-size:22px;margin:8px 0}"
    ".okrkit-meta{color:#57606a;margin:0 0 12px}.okrkit-problem{background:#fff8c5;border:1px solid #d4a72c;"
    "border-radius:8px;padding:12px 16px;margin:8px 0}"
)


def _e(text: Any) -> str:
    """HTML-escaped text."""
    return html.escape("" if text is None else str(text), quote=True)


def _num(x: float | None) -> str:
    """Points as short text: 15, 11.5."""
    return "—" if x is None else f"{round(x, 2):g}"


def _headline(assignment: Any, row: Any) -> str:
    """'12.5 / 20 points', or what happened when there is no total."""
    if row.status == "missing":
        return "not submitted"
    if row.total is None:
        return f"not graded yet (0 / {_num(assignment.max_points)} points until it can be read)"
    return f"{_num(row.total)} / {_num(assignment.max_points)} points"


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
    title = getattr(assignment, "title", "") or assignment.id
    parts = [
        f'<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        f'<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>Feedback: {_e(title)} — {_e(row.student_id)}</title>\n<style>{_PAGE_CSS}</style>\n"
        f"</head>\n<body>\n",
        _MAIN_OPEN,
        f"<h1>{_e(title)}</h1>",
        f'<p class="okrkit-meta">Feedback for <b>{_e(row.student_id)}</b> · {_e(_headline(assignment, row))}</p>',
    ]
    if row.status != "ok" and row.message:
        label = (
            "Some answers could not be read"
            if result is not None
            else ("Your submission was not found" if row.status == "missing" else "Your notebook could not be graded")
        )
        parts.append(
            f'<div class="okrkit-problem"><b>{_e(label)}</b><p style="margin:6px 0">{_e(row.message)}</p>'
            f'<p style="margin:6px 0">{_e(_what_to_do(row))}</p></div>'
        )
    if result is not None:
        parts.append(result._repr_html_())
        for r in result.results.values():
            parts.append(f'<section id="q-{_e(r.question)}">{r._repr_html_()}</section>')
    parts.append(f"{_MAIN_CLOSE}\n</body>\n</html>\n")
    return "".join(parts)


def body_of(page: str) -> str:
    """The feedback part of a page written by page_html (for showing it inside a notebook)."""
    start, end = page.find(_MAIN_OPEN), page.rfind(_MAIN_CLOSE)
    if start < 0 or end < 0:
        return page
    return f'<div class="okrkit-feedback">{page[start + len(_MAIN_OPEN) : end]}</div>'


# ── Markdown ──────────────────────────────────────────────────────────────────────────────
_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>|#])")


def md(text: Any) -> str:
    """Text made literal in Markdown (student text must never turn into markup or HTML)."""
    text = " ".join(str("" if text is None else text).split())
    return _MD_SPECIAL.sub(r"\\\1", text) if _MD_SPECIAL.search(text) else text


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
                f"- ✓ {md(q.label)} ({_num(q.points)}/{_num(q.max_points)})" + (f": {md(q.detail)}" if q.detail else "")
                for q in good
            ]
        if todo and getattr(r, "status", "ok") == "ok":
            out += ["", "**Next steps**", ""]
            for q in todo:
                out.append(
                    f"- ✗ {md(q.label)} ({_num(q.points)}/{_num(q.max_points)})"
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
            where = f" (`{f.where.replace('`', '')}`)" if f.where else ""
            out.append(
                f"- **{md(f.code)} {md(f.severity)}**{where}"
                + (f", −{_num(lost)} pt" if lost else "")
                + f": {md(f.message)}"
            )
            out.append(f"  - Fix: {md(f.fix)}")
            out.append(f"  - Lesson: {md(f.lesson)}")
    if tips:
        out += ["", "**Tips**", ""]
        out += [f"- {md(f.code)}: {md(f.message)}" for f in tips]
    return "\n".join(out)


def page_md(assignment: Any, row: Any, result: Any | None, texts: dict[str, str] | None = None) -> str:
    """A student's feedback as Markdown: the total, a table of questions, then each question's feedback."""
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
        out += ["", "| Question | Points | Summary |", "|---|---:|---|"]
        out += [
            f"| {md(r.title or q)} | {_num(r.points)} / {_num(r.max_points)} | {md(r.summary)} |"
            for q, r in result.results.items()
        ]
        for note in getattr(result, "notes", []) or []:
            out += ["", f"**Note:** {md(note)}"]
        for q, r in result.results.items():
            out += [
                "",
                f"## {md(r.title or q)}: {_num(r.points)} / {_num(r.max_points)} points",
                "",
                texts[q] if texts and q in texts else question_md(r),
            ]
    return "\n".join(out) + "\n"
