"""Findings as HTML, Markdown or plain text: the one way the kit shows what the checker says."""

from __future__ import annotations

from collections.abc import Iterable

from okrkit.model import Finding
from okrkit.render.theme import SEVERITY_COLORS, SEVERITY_ICONS, badge, box, esc

_ORDER = {"error": 0, "warning": 1, "info": 2}


def finding_html(f: Finding) -> str:
    """One finding: severity, code and name, the message, the fix and the lesson that teaches it."""
    color = SEVERITY_COLORS.get(f.severity, "#475467")
    place = f.place.describe()
    head = (
        f"{badge(SEVERITY_ICONS.get(f.severity, '') + ' ' + f.severity, color)} "
        f"<code>{esc(f.code)}</code> <b>{esc(f.name)}</b>"
        + (f' <span style="opacity:.7">· {esc(place)}</span>' if place else "")
    )
    return (
        f'<div class="okrkit-finding okrkit-{esc(f.severity)}" data-code="{esc(f.code)}" '
        f'style="border-left:4px solid {color};padding:4px 10px;margin:6px 0">'
        f"{head}<div>{esc(f.message)}</div>"
        f"<div><b>Fix:</b> {esc(f.fix)}</div>"
        f'<div style="opacity:.75;font-size:90%"><b>Lesson:</b> {esc(f.lesson)}</div></div>'
    )


def findings_html(
    findings: Iterable[Finding],
    *,
    empty: str = "No findings: the checker has nothing to add.",
    title: str | None = None,
) -> str:
    """A block of findings, most serious first, or a short 'all clear' line."""
    items = sorted(findings, key=lambda f: _ORDER.get(f.severity, 3))
    head = f"<div><b>{esc(title)}</b></div>" if title else ""
    if not items:
        return box(head + f'<div class="okrkit-clear">✔ {esc(empty)}</div>', "okrkit-findings")
    counts = f'<div style="opacity:.8">{esc(summary(items))}</div>'
    flagged = [f for f in items if f.flagged]
    tips = [f for f in items if not f.flagged]
    if flagged and tips:  # tips stay one click away so the warnings stand out
        return box(
            head
            + counts
            + "".join(finding_html(f) for f in flagged)
            + f'<details><summary style="cursor:pointer">Tips ({len(tips)})</summary>'
            + "".join(finding_html(f) for f in tips)
            + "</details>",
            "okrkit-findings",
        )
    return box(head + counts + "".join(finding_html(f) for f in items), "okrkit-findings")


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
    place = f.place.describe()
    return (
        f"{f.severity.upper()} {f.code} {f.name}{' (' + place + ')' if place else ''}\n"
        f"  {f.message}\n  Fix: {f.fix}\n  Lesson: {f.lesson}"
    )


def findings_text(findings: Iterable[Finding], *, empty: str = "No findings.") -> str:
    """Findings as plain text for a terminal or a log."""
    items = sorted(findings, key=lambda f: _ORDER.get(f.severity, 3))
    return "\n".join(finding_text(f) for f in items) if items else empty


def findings_markdown(findings: Iterable[Finding], *, empty: str = "No findings.") -> str:
    """Findings as a Markdown list (for README previews and static pages)."""
    items = sorted(findings, key=lambda f: _ORDER.get(f.severity, 3))
    if not items:
        return empty
    return "\n".join(
        f"- **{f.severity}** `{f.code}` {f.message}  \n  *Fix:* {f.fix}  \n  *Lesson:* {f.lesson}" for f in items
    )


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
