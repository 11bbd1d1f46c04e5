"""Static HTML views of OKR sets, key results, rules, exercises and cases (no widgets needed)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from markupsafe import Markup

from okrkit.check import get, lint, lint_statement
from okrkit.model import KeyResult, OKRSet
from okrkit.read import loads
from okrkit.read.keyresult import parse_key_result
from okrkit.render.findings import findings_html, findings_text
from okrkit.render.html import render
from okrkit.render.numbers import fmt_change, fmt_quantity, fmt_value


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


def kr_fields(kr: KeyResult) -> str:
    """What the parser read from a key result: 'conversion: 20 → 23 %, due 2026-09-30'."""
    parts = []
    if kr.metric:
        parts.append(kr.metric)
    if kr.baseline is not None:
        parts.append(fmt_change(kr.baseline, kr.target, kr.unit))
    elif kr.target is not None:
        parts.append(f"target {fmt_quantity(kr.target, kr.unit)}")
    elif kr.relative_change is not None:
        parts.append(f"{kr.direction or 'change'} by {fmt_value(kr.relative_change)}%")
    elif kr.delta is not None:
        parts.append(f"{kr.direction or 'change'} by {fmt_quantity(kr.delta, kr.unit)}")
    if kr.dated:
        parts.append(f"due {kr.deadline}")
    if kr.current is not None:
        parts.append(f"now {fmt_quantity(kr.current, kr.unit)}")
    return " · ".join(parts)


def set_html(okrs: OKRSet) -> str:
    """An OKR set as a card: header, objectives with their key results and initiatives, KPIs."""
    meta = [
        x
        for x in (
            okrs.owner,
            okrs.period or (f"{okrs.start} – {okrs.end}" if okrs.start else None),
            okrs.level and f"level: {okrs.level}",
            okrs.as_of and f"checked in {okrs.as_of}",
        )
        if x
    ]
    return render("set.html", okrs=okrs, meta=meta, kr_fields=kr_fields)


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
        ("baseline", fmt_quantity(kr.baseline, kr.unit) if kr.baseline is not None else None),
        ("target", fmt_quantity(kr.target, kr.unit) if kr.target is not None else None),
        ("unit", kr.unit),
        ("direction", kr.direction),
        ("relative change", f"{fmt_value(kr.relative_change)}%" if kr.relative_change is not None else None),
        ("due", kr.deadline),
    ]
    html = render("key_result.html", kr=kr, rows=rows)
    return HTMLView(html, kr.text + "\n" + "\n".join(f"  {k}: {v if v is not None else '—'}" for k, v in rows))


def compare(*statements: str, kind: str = "key_result") -> HTMLView:
    """Statements one under another, each with what the checker says: watch the feedback change."""
    rows, text = [], []
    for i, s in enumerate(statements, 1):
        found = lint_statement(s, kind=kind)
        rows.append((s, Markup(findings_html(found, empty="the checker has nothing to add"))))
        text.append(f"{i}. {s}\n{findings_text(found, empty='  (nothing to add)')}")
    return HTMLView(render("compare.html", rows=rows), "\n\n".join(text))


def show_rule(code: str) -> HTMLView:
    """One rule of the catalogue: why it matters, a bad and a good example, and what the checker says on each."""
    rule = get(code)

    def example(text: str) -> dict:
        shown = None  # a statement is shown as it is; a set as a card
        if rule.scope in ("key_result", "objective"):
            found = lint_statement(text, kind=rule.scope)
        else:
            s = loads(text, source=f"{rule.code} example")
            found = lint(s, min_severity="warning")
            shown = Markup(set_html(s))
        mine = [f for f in found if f.code == rule.code]
        return {
            "text": text,
            "shown": shown,
            "found": Markup(findings_html(mine, empty=f"{rule.code} has nothing to say here.")),
        }

    html = render("rule.html", rule=rule, bad=example(rule.bad), good=example(rule.good))
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
    spec, items = ex.spec, ex.items
    given = start = None
    if "okrs" in spec:
        given = Markup(set_html(loads(spec["okrs"], source=ex.id)))
    elif spec["checker"] == "okr_set" and isinstance(ex.starter(), str):
        start = Markup(set_html(loads(ex.starter(), source=ex.id)))
    return render(
        "exercise.html",
        ex=ex,
        spec=spec,
        items=items,
        listed=bool(items)
        and spec["checker"] in ("classify", "rewrite", "numbers")
        and not any("okrs" in i for i in items),
        given=given,
        start=start,
        example=spec.get("answer_example"),
    )


def case_html(case: Any) -> str:
    """A case: its title, its story, and its OKR set."""
    try:
        shown, error = Markup(set_html(loads(case.yaml_text, source=f"case {case.letter}"))), None
    except Exception as exc:  # show the raw text rather than nothing
        shown, error = None, exc
    return render("case.html", case=case, shown=shown, error=error)


def show_all(views: Iterable[HTMLView]) -> HTMLView:
    """Several views shown as one output."""
    views = list(views)
    return HTMLView("".join(v.html for v in views), "\n\n".join(v.text for v in views))
