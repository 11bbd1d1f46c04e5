"""Findings as HTML, Markdown or plain text: the one way the kit shows what the checker says."""

from __future__ import annotations

from collections.abc import Iterable

from okrkit.model import Finding
from okrkit.render.html import macro, render
from okrkit.render.labels import by_severity, category_label, place_label
from okrkit.render.markdown import md
from okrkit.render.numbers import fmt_points

__all__ = [
    "FindingsView",
    "category_label",
    "finding_html",
    "finding_markdown",
    "finding_text",
    "findings_html",
    "findings_markdown",
    "findings_text",
    "place_label",
    "show_findings",
    "summary",
]


def finding_html(f: Finding, *, lost: float = 0.0, compact: bool = False) -> str:
    """One finding: severity, code and name, its place, the points it cost, the message, the fix and the lesson
    (compact: severity, code, message and fix, for the workshop boards)."""
    return str(macro("finding")(f, lost=lost, compact=compact))


def findings_html(
    findings: Iterable[Finding],
    *,
    empty: str = "No findings: the checker has nothing to add.",
    title: str | None = None,
) -> str:
    """A block of findings, most serious first, or a short 'all clear' line."""
    items = by_severity(findings)
    return render(
        "findings.html",
        items=items,
        flagged=[f for f in items if f.flagged],
        tips=[f for f in items if not f.flagged],
        counts=summary(items),
        empty=empty,
        title=title,
    )


def summary(findings: Iterable[Finding]) -> str:
    """'2 warnings, 1 tip' — how many findings of each severity."""
    items = list(findings)
    if not items:
        return "no findings"
    names = {"error": ("error", "errors"), "warning": ("warning", "warnings"), "info": ("tip", "tips")}
    parts = []
    for sev in ("error", "warning", "info"):
        n = sum(1 for f in items if f.severity == sev)
        if n:
            parts.append(f"{n} {names[sev][n != 1]}")
    return ", ".join(parts)


def finding_text(f: Finding) -> str:
    """One finding as plain text lines."""
    place = place_label(f)
    return (
        f"{f.severity.upper()} {f.code} {f.name}{' (' + place + ')' if place else ''}\n"
        f"  {f.message}\n  Fix: {f.fix}\n  Lesson: {f.lesson}"
    )


def findings_text(findings: Iterable[Finding], *, empty: str = "No findings.") -> str:
    """Findings as plain text for a terminal or a log."""
    items = by_severity(findings)
    return "\n".join(finding_text(f) for f in items) if items else empty


def finding_markdown(f: Finding, *, lost: float = 0.0) -> str:
    """One finding as a Markdown list item: severity, code, place, points lost and message; then fix and lesson."""
    where = place_label(f)
    return (
        f"- **{md(f.severity)}** `{f.code}`"
        + (f" ({md(where)})" if where else "")
        + (f", −{fmt_points(lost)} pt" if lost else "")
        + f": {md(f.message)}\n  - Fix: {md(f.fix)}\n  - Lesson: {md(f.lesson)}"
    )


def findings_markdown(findings: Iterable[Finding], *, empty: str = "No findings.") -> str:
    """Findings as a Markdown list (for README previews and static pages), most serious first."""
    items = by_severity(findings)
    return "\n".join(finding_markdown(f) for f in items) if items else md(empty)


class FindingsView:
    """Findings that render themselves: HTML in a notebook, Markdown in a preview, text in a terminal."""

    def __init__(
        self,
        findings: Iterable[Finding],
        title: str | None = None,
        empty: str = "No findings: the checker has nothing to add.",
    ) -> None:
        self.findings = list(findings)
        self.title = title
        self.empty = empty

    def __len__(self) -> int:
        return len(self.findings)

    def __iter__(self):
        return iter(self.findings)

    def _repr_html_(self) -> str:
        return findings_html(self.findings, empty=self.empty, title=self.title)

    def _repr_markdown_(self) -> str:
        head = f"**{self.title}**\n\n" if self.title else ""
        return head + findings_markdown(self.findings, empty=self.empty)

    def __str__(self) -> str:
        head = f"{self.title}\n" if self.title else ""
        return head + findings_text(self.findings, empty=self.empty)

    def __repr__(self) -> str:
        return f"<FindingsView {summary(self.findings)}>"


def show_findings(findings: Iterable[Finding], title: str | None = None) -> FindingsView:
    """Findings wrapped so a notebook shows them as readable cards (message, fix, lesson)."""
    return FindingsView(findings, title=title)
