"""Check results as text for a terminal and as self-contained HTML for a notebook or a feedback file."""

from __future__ import annotations

from typing import Any

from okrkit.model import Finding
from okrkit.render.numbers import fmt_points
from okrkit.render.theme import esc as _e


# ── text ──────────────────────────────────────────────────────────────────────────────────
def _indent(text: str, prefix: str) -> str:
    """Every line of text with a prefix."""
    return "\n".join(prefix + line for line in text.splitlines())


def _where(f: Finding) -> str:
    """'objectives[0].key_results[1], line 7' for a finding."""
    parts = [p for p in (f.where, f"line {f.line}" if f.line else "") if p]
    return ", ".join(parts)


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
            out.append(f"  ! {f.code} {f.severity} ({_where(f)})" + (f", -{fmt_points(lost)}" if lost else ""))
            out.append(_indent(f.message, "      "))
            out.append(_indent(f"Fix: {f.fix}", "      "))
            out.append(_indent(f"Lesson: {f.lesson}", "      "))
    if r.tips:
        out += ["", "Tips:"]
        for f in r.tips:
            out.append(f"  · {f.code} ({_where(f)}): {f.message}")
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
# Inline styles only: the output must read well offline, in JupyterLab's light and dark themes,
# and in a feedback file opened on its own.
BOX = (
    "font-family:system-ui,-apple-system,'Segoe UI',sans-serif;font-size:14px;line-height:1.45;"
    "color:#1f2328;background:#ffffff;border:1px solid #d0d7de;border-radius:8px;"
    "padding:12px 16px;margin:6px 0;max-width:60em"
)
_GREEN, _AMBER, _RED, _GREY = "#1a7f37", "#9a6700", "#cf222e", "#57606a"
_SEV_COLOR = {"error": _RED, "warning": _AMBER, "info": _GREY}


def _bar(points: float, max_points: float) -> str:
    """A points bar drawn with two divs."""
    share = 0.0 if not max_points else max(0.0, min(1.0, points / max_points))
    color = _GREEN if share >= 0.85 else (_AMBER if share >= 0.5 else _RED)
    return (
        f'<div role="img" aria-label="{share:.0%} of the points" style="background:#eaeef2;'
        f'border-radius:4px;height:8px;margin:6px 0 10px 0">'
        f'<div style="width:{share * 100:.1f}%;background:{color};height:8px;border-radius:4px"></div></div>'
    )


def _finding_html(r: Any, f: Finding) -> str:
    """One finding: code, severity, place, message, fix and lesson."""
    lost = r.deduction_for(f)
    color = _SEV_COLOR.get(f.severity, _GREY)
    head = (
        f'<span style="font-family:ui-monospace,monospace;color:{color};font-weight:600">{_e(f.code)}</span> '
        f'<span style="color:{color}">{_e(f.severity)}</span>'
        + (f' <span style="color:{_GREY}">· {_e(_where(f))}</span>' if _where(f) else "")
        + (f' <span style="color:{_RED}">· −{_e(fmt_points(lost))} pt</span>' if lost else "")
    )
    return (
        f'<li style="margin:4px 0">{head}<br>{_e(f.message)}'
        f'<br><b>Fix:</b> {_e(f.fix)}<br><span style="color:{_GREY}"><b>Lesson:</b> {_e(f.lesson)}</span></li>'
    )


def check_html(r: Any) -> str:
    """A self-contained HTML view of one check (inline styles, no scripts, no external files)."""
    parts = [
        f'<div class="okrkit-check" style="{BOX}">',
        f'<div style="display:flex;justify-content:space-between;gap:1em;align-items:baseline">'
        f'<strong style="font-size:15px">{_e(r.title or r.question)}</strong>'
        f'<strong style="font-size:15px">{_e(fmt_points(r.points))} / {_e(fmt_points(r.max_points))}'
        f" points</strong></div>",
        _bar(r.points, r.max_points),
        f'<p style="margin:4px 0 8px 0">{_e(r.summary)}</p>',
    ]
    if r.error:
        parts.append(
            f'<pre style="white-space:pre-wrap;background:#fff8c5;color:#1f2328;border-radius:6px;'
            f'padding:8px;margin:6px 0">{_e(r.error)}</pre>'
        )
    good = [q for q in r.requirements if q.met]
    todo = [q for q in r.requirements if not q.met]
    if good:
        parts.append(
            f'<div style="color:{_GREEN};font-weight:600;margin-top:8px">Already good</div>'
            '<ul style="margin:2px 0 6px 1.2em;padding:0">'
        )
        parts += [
            f'<li>✓ {_e(q.label)} <span style="color:{_GREY}">({_e(fmt_points(q.points))}/'
            f"{_e(fmt_points(q.max_points))})</span>" + (f" — {_e(q.detail)}" if q.detail else "") + "</li>"
            for q in good
        ]
        parts.append("</ul>")
    if todo and r.status == "ok":
        parts.append(
            f'<div style="color:{_AMBER};font-weight:600;margin-top:8px">Next steps</div>'
            '<ul style="margin:2px 0 6px 1.2em;padding:0">'
        )
        parts += [
            f'<li style="margin:3px 0">✗ {_e(q.label)} <span style="color:{_GREY}">('
            f"{_e(fmt_points(q.points))}/{_e(fmt_points(q.max_points))})</span>"
            + (f" — {_e(q.detail)}" if q.detail else "")
            + (f'<br><span style="color:{_GREY}">{_e(q.teach)}</span>' if q.teach else "")
            + "</li>"
            for q in todo
        ]
        parts.append("</ul>")
    for h in r.hints:
        parts.append(f'<p style="margin:6px 0"><b>Hint:</b> {_e(h)}</p>')
    if r.flagged:
        parts.append(
            '<div style="font-weight:600;margin-top:8px">What the checker noticed</div>'
            '<ul style="margin:2px 0 6px 1.2em;padding:0">'
        )
        parts += [_finding_html(r, f) for f in r.flagged]
        parts.append("</ul>")
    if r.tips:
        parts.append(
            f'<details style="margin-top:6px"><summary style="cursor:pointer">Tips ({len(r.tips)})'
            '</summary><ul style="margin:2px 0 6px 1.2em;padding:0">'
        )
        parts += [_finding_html(r, f) for f in r.tips]
        parts.append("</ul></details>")
    parts.append("</div>")
    return "".join(parts)


def total_html(a: Any) -> str:
    """A self-contained HTML view of a whole assignment: total, a table of questions, each summary."""
    rows = "".join(
        f'<tr><td style="padding:3px 10px 3px 0">{_e(r.title or q)}</td>'
        f'<td style="padding:3px 10px;text-align:right;white-space:nowrap">{_e(fmt_points(r.points))} / '
        f'{_e(fmt_points(r.max_points))}</td><td style="padding:3px 0;color:{_GREY}">{_e(r.summary)}</td></tr>'
        for q, r in a.results.items()
    )
    notes = "".join(f'<p style="margin:6px 0"><b>Note:</b> {_e(n)}</p>' for n in a.notes)
    return (
        f'<div class="okrkit-total" style="{BOX}">'
        f'<div style="display:flex;justify-content:space-between;gap:1em;align-items:baseline">'
        f'<strong style="font-size:15px">{_e(a.title or a.assignment)}</strong>'
        f'<strong style="font-size:15px">{_e(fmt_points(a.points))} / {_e(fmt_points(a.max_points))} points'
        f"</strong></div>{_bar(a.points, a.max_points)}"
        f'<table style="border-collapse:collapse;width:100%;font-size:13px;vertical-align:top">{rows}</table>'
        f"{notes}</div>"
    )


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
    goals = "".join(f"<li>{_e(g)}</li>" for g in q.company_goals)
    reqs = "".join(
        f'<tr><td style="text-align:right;padding:1px 10px 1px 0">{_e(fmt_points(points))}</td>'
        f"<td>{_e(label)}</td></tr>"
        for points, label in q.brief()
    )
    return (
        f'<div style="{BOX}"><strong>{_e(q.title)}</strong> — {_e(fmt_points(q.max_points))} points'
        + (f'<p style="margin:6px 0">{_e(q.prompt)}</p>' if q.prompt else "")
        + (
            f'<div style="margin-top:6px"><b>{_e(q.company)}\'s goals in this exercise</b> (name one in '
            f'<code>aligns_to</code>)</div><ul style="margin:2px 0 6px 1.2em;padding:0">{goals}</ul>'
            if goals
            else ""
        )
        + f'<div style="margin-top:6px"><b>What earns points</b></div>'
        f'<table style="border-collapse:collapse">{reqs}</table></div>'
    )


def assignment_html(a: Any) -> str:
    """An assignment's questions and points as a small HTML table."""
    rows = "".join(
        f'<tr><td style="padding:2px 12px 2px 0"><code>{_e(q.id)}</code></td>'
        f'<td style="padding:2px 12px 2px 0">{_e(q.title)}</td>'
        f'<td style="text-align:right">{_e(fmt_points(q.max_points))}</td></tr>'
        for q in a.questions
    )
    return (
        f'<div style="{BOX}"><strong>{_e(a.title)}</strong> — {_e(fmt_points(a.max_points))} points'
        f'<table style="border-collapse:collapse;margin-top:6px">{rows}</table></div>'
    )
