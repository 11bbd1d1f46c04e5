"""Static HTML views of OKR sets, key results, rules, exercises and cases (no widgets needed)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from okrkit.check import get, lint, lint_statement
from okrkit.model import KeyResult, OKRSet
from okrkit.read import loads
from okrkit.read.keyresult import parse_key_result
from okrkit.render.findings import findings_html, findings_text
from okrkit.render.theme import badge, box, esc


class HTMLView:
    """HTML that displays itself in a notebook and prints as text in a terminal."""

    def __init__(self, html: str, text: str = "") -> None:
        self.html = html
        self.text = text

    def _repr_html_(self) -> str:
        return self.html

    def __str__(self) -> str:
        return self.text or self.html

    def __repr__(self) -> str:
        first = (self.text or "").splitlines()[0] if self.text else ""
        return f"<{type(self).__name__} {first[:60]}>"


def _num(x: float | None) -> str:
    """A number as people write it: 20, 2.5, 3,000,000."""
    if x is None:
        return "?"
    return f"{x:,.0f}" if abs(x) >= 10_000 and float(x).is_integer() else f"{x:,g}"


def kr_fields(kr: KeyResult) -> str:
    """What the parser read from a key result: 'conversion: 20 → 23 %, due 2026-09-30'."""
    parts = []
    if kr.metric:
        parts.append(kr.metric)
    unit = f" {kr.unit}" if kr.unit and kr.unit != "%" else (kr.unit or "")
    if kr.baseline is not None:
        parts.append(f"{_num(kr.baseline)} → {_num(kr.target)}{unit}")
    elif kr.target is not None:
        parts.append(f"target {_num(kr.target)}{unit}")
    elif kr.relative_change is not None:
        parts.append(f"{kr.direction or 'change'} by {kr.relative_change:g}%")
    elif kr.delta is not None:
        parts.append(f"{kr.direction or 'change'} by {kr.delta:g}{unit}")
    if kr.due:
        parts.append(f"due {kr.due.isoformat()}")
    if kr.current is not None:
        parts.append(f"now {_num(kr.current)}")
    return " · ".join(parts)


def set_html(okrs: OKRSet) -> str:
    """An OKR set as a card: header, objectives with their key results and initiatives, KPIs."""
    meta = " · ".join(
        esc(x)
        for x in (
            okrs.owner,
            okrs.period or (f"{okrs.start} – {okrs.end}" if okrs.start else None),
            okrs.level and f"level: {okrs.level}",
            okrs.as_of and f"checked in {okrs.as_of}",
        )
        if x
    )
    out = [
        f'<div style="font-size:110%"><b>{esc(okrs.title or "OKR set")}</b></div>',
        f'<div style="opacity:.75">{meta}</div>' if meta else "",
    ]
    for oi, obj in enumerate(okrs.objectives, 1):
        out.append(f'<div style="margin-top:8px"><b>O{oi}.</b> {esc(obj.objective)} {badge(obj.type, "#667085")}</div>')
        for label, value in (("why", obj.why), ("aligns to", obj.aligns_to)):
            if value:
                out.append(f'<div style="margin-left:1.6em;opacity:.8"><i>{label}:</i> {esc(value)}</div>')
        out.append('<ol style="margin:2px 0 2px 1.6em;padding-left:1em">')
        for kr in obj.key_results:
            fields = kr_fields(kr)
            out.append(
                f"<li>{esc(kr.text)}"
                + (f'<br><span style="opacity:.65;font-size:90%">{esc(fields)}</span>' if fields else "")
                + "</li>"
            )
        out.append("</ol>")
        if obj.initiatives:
            out.append(
                '<div style="margin-left:1.6em"><i>initiatives:</i> '
                + "; ".join(esc(i.text) for i in obj.initiatives)
                + "</div>"
            )
    if okrs.kpis:
        out.append(
            '<div style="margin-top:6px"><i>KPIs kept healthy:</i> '
            + "; ".join(esc(k.name) + (f" ({esc(k.healthy)})" if k.healthy else "") for k in okrs.kpis)
            + "</div>"
        )
    return box("".join(out), "okrkit-set")


def set_text(okrs: OKRSet) -> str:
    """An OKR set as plain text."""
    lines = [okrs.title or "OKR set"]
    for oi, obj in enumerate(okrs.objectives, 1):
        lines.append(f"O{oi}. {obj.objective}")
        lines += [f"   KR{ki}. {kr.text}" for ki, kr in enumerate(obj.key_results, 1)]
        lines += [f"   initiative: {i.text}" for i in obj.initiatives]
    return "\n".join(lines)


def show_set(okrs: OKRSet, *, findings: bool = False, min_severity: str = "warning") -> HTMLView:
    """An OKR set as a readable card, optionally followed by what the checker says about it."""
    html, text = set_html(okrs), set_text(okrs)
    if findings:
        found = lint(okrs, min_severity=min_severity)
        html += findings_html(found, title="What the checker says")
        text += "\n\n" + findings_text(found)
    return HTMLView(html, text)


def show_key_result(kr: KeyResult | str) -> HTMLView:
    """What the parser reads from one key result: metric, baseline, target, unit, direction, due date."""
    kr = parse_key_result(kr) if isinstance(kr, str) else kr
    rows = [
        ("metric", kr.metric),
        ("baseline", _num(kr.baseline) if kr.baseline is not None else None),
        ("target", _num(kr.target) if kr.target is not None else None),
        ("unit", kr.unit),
        ("direction", kr.direction),
        ("relative change", f"{kr.relative_change:g}%" if kr.relative_change is not None else None),
        ("due", kr.due.isoformat() if kr.due else None),
    ]
    body = "".join(
        f'<tr><td style="padding:1px 12px 1px 0;opacity:.7">{k}</td><td>{esc(v) if v is not None else "—"}</td></tr>'
        for k, v in rows
    )
    html = box(f"<div><b>{esc(kr.text)}</b></div><table>{body}</table>", "okrkit-kr")
    return HTMLView(html, kr.text + "\n" + "\n".join(f"  {k}: {v if v is not None else '—'}" for k, v in rows))


def compare(*statements: str, kind: str = "key_result") -> HTMLView:
    """Statements one under another, each with what the checker says: watch the feedback change."""
    html, text = [], []
    for i, s in enumerate(statements, 1):
        found = lint_statement(s, kind=kind)
        html.append(
            f'<div style="margin-top:6px"><b>{i}.</b> {esc(s)}</div>'
            + findings_html(found, empty="the checker has nothing to add")
        )
        text.append(f"{i}. {s}\n{findings_text(found, empty='  (nothing to add)')}")
    return HTMLView("".join(html), "\n\n".join(text))


def show_rule(code: str) -> HTMLView:
    """One rule of the catalogue: why it matters, a bad and a good example, and what the checker says on each."""
    rule = get(code)

    def example(text: str) -> tuple[str, str]:
        if rule.scope in ("key_result", "objective"):
            found = lint_statement(text, kind=rule.scope)
            shown = f"<div>{esc(text)}</div>"
        else:
            s = loads(text, source=f"{rule.code} example")
            found = lint(s, min_severity="warning")
            shown = set_html(s)
        mine = [f for f in found if f.code == rule.code]
        return shown, findings_html(mine, empty=f"{rule.code} has nothing to say here.")

    bad_shown, bad_found = example(rule.bad)
    good_shown, good_found = example(rule.good)
    html = box(
        f"<div><code>{esc(rule.code)}</code> <b>{esc(rule.name)}</b> {badge(rule.severity, '#667085')}</div>"
        f"<div>{esc(rule.summary)}</div><div style='margin-top:4px'><i>Why:</i> {esc(rule.why)}</div>"
        f"<div style='margin-top:6px'><b>Flagged:</b></div>{bad_shown}{bad_found}"
        f"<div style='margin-top:6px'><b>Better:</b></div>{good_shown}{good_found}"
        f"<div style='opacity:.75;font-size:90%'><i>Lesson:</i> {esc(rule.lesson)}</div>",
        "okrkit-rule",
    )
    text = f"{rule.code} {rule.name}: {rule.summary}\nWhy: {rule.why}\nFlagged: {rule.bad}\nBetter: {rule.good}"
    return HTMLView(html, text)


def _answer_literal(value) -> str:
    """The starter answer as Python source the student can paste."""
    if isinstance(value, str) and "\n" in value:
        return 'answer = """\n' + value + '"""'
    if isinstance(value, dict):
        inner = ",\n".join(f"    {k!r}: {v!r}" for k, v in value.items())
        return "answer = {\n" + inner + ",\n}"
    return f"answer = {value!r}"


def exercise_html(ex: Any) -> str:
    """An exercise: its task, its lettered items, and the shape of the answer."""
    out = [
        f'<div style="font-size:110%"><b>Exercise {esc(ex.id)} · {esc(ex.title)}</b></div>',
        f"<div style='margin:4px 0'>{esc(ex.spec['task'].strip())}</div>",
    ]
    items = ex.items
    if items and ex.spec["checker"] in ("classify", "rewrite", "numbers") and not any("okrs" in i for i in items):
        rows = "".join(
            f'<tr><td style="padding:2px 10px 2px 0;vertical-align:top"><b>{esc(i["letter"])}</b></td>'
            f'<td style="padding:2px 0">{esc(i.get("statement") or i.get("question") or "")}</td></tr>'
            for i in items
        )
        out.append(f"<table>{rows}</table>")
    elif items:
        out.append(
            f'<div><i>{len(items)} cases: show them all with <code>.cases()</code>, or one with <code>.case("A")</code>.</i></div>'
        )
    if "labels" in ex.spec:
        out.append(
            "<div style='margin-top:4px'><i>Choose from:</i> "
            + ", ".join(f"<code>{esc(k)}</code>" for k in ex.spec["labels"])
            + "</div>"
        )
    if "okrs" in ex.spec:
        out.append(set_html(loads(ex.spec["okrs"], source=ex.id)))
    elif ex.spec["checker"] == "okr_set" and isinstance(ex.starter(), str):
        start = loads(ex.starter(), source=ex.id)
        out.append(
            "<div style='margin-top:6px'><b>Starting point</b> (the answer cell below holds it as YAML; "
            "the check after it shows what the checker says):</div>" + set_html(start)
        )
    if ex.spec["checker"] == "okr_set":
        out.append(
            "<div style='margin-top:6px'><b>Requirements</b><ul style='margin:2px 0'>"
            + "".join(f"<li>{esc(r['label'])}</li>" for r in ex.spec["requirements"])
            + "</ul></div>"
        )
    example = ex.spec.get("answer_example")
    if example:
        out.append(
            f"<div style='margin-top:4px;opacity:.8'><i>An answer looks like:</i> <code>{esc(example)}</code></div>"
        )
    return box("".join(out), "okrkit-exercise", border="#84adff")


def case_html(case: Any) -> str:
    """A case: its title, its story, and its OKR set."""
    try:
        shown = set_html(loads(case.yaml_text, source=f"case {case.letter}"))
    except Exception as exc:  # show the raw text rather than nothing
        shown = f"<pre>{esc(case.yaml_text)}</pre><div>{esc(exc)}</div>"
    return box(
        f'<div style="font-size:105%"><b>Case {esc(case.letter)} · {esc(case.title)}</b></div>'
        f"<div style='margin:4px 0'>{esc(case.story)}</div>{shown}",
        "okrkit-case",
        border="#fdb022",
    )


def show_all(views: Iterable[HTMLView]) -> HTMLView:
    """Several views shown as one output."""
    views = list(views)
    return HTMLView("".join(v.html for v in views), "\n\n".join(v.text for v in views))
