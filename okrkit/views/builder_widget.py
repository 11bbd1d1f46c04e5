"""The OKR builder: one objective with its key results, initiatives and alignment, checked as you type."""

from __future__ import annotations

from pathlib import Path

import ipywidgets as widgets
import yaml

from okrkit.check import lint
from okrkit.errors import LoadError
from okrkit.model import Finding, OKRSet
from okrkit.read import dumps, load, loads
from okrkit.render.cards import set_html
from okrkit.render.findings import findings_html
from okrkit.render.html import box
from okrkit.render.theme import MISS_COLOR, esc
from okrkit.views.live import DELAY, Debouncer
from okrkit.views.render import StaticFallback

_WIDE = widgets.Layout(width="98%")
_STYLE = {"description_width": "120px"}


def _lines(text: str) -> list[str]:
    """Non-empty lines without list bullets."""
    out = []
    for line in text.splitlines():
        line = line.strip().lstrip("-*•").strip()
        if line:
            out.append(line)
    return out


class Builder(StaticFallback, widgets.VBox):
    """Fields for one objective; the checker runs as you type and the set exports to YAML."""

    def __init__(self, start: OKRSet | str | Path | None = None, delay: float = DELAY) -> None:
        s = _start_set(start)
        obj = s.objectives[0] if s.objectives else None
        text = lambda **kw: widgets.Text(continuous_update=True, layout=_WIDE, style=_STYLE, **kw)  # noqa: E731
        area = lambda **kw: widgets.Textarea(
            continuous_update=True,
            layout=widgets.Layout(width="98%", height="96px"),  # noqa: E731
            style=_STYLE,
            **kw,
        )
        self.title = text(description="Title", value=s.title or "", placeholder="e.g. Registration flow, Q3 2026")
        self.owner = text(description="Owner", value=s.owner or "", placeholder="The team or person who owns the set")
        self.objective_owner = text(
            description="Obj. owner",
            value=(obj.owner or "") if obj else "",
            placeholder="Who owns this objective (optional)",
        )
        # key results' owners from the set the builder started from, kept while their text is unchanged
        self._kr_owners = {kr.text.strip(): kr.owner for kr in (obj.key_results if obj else []) if kr.owner}
        self.period = widgets.Text(
            description="Period",
            value=s.period or "",
            placeholder="e.g. 2026-Q3",
            continuous_update=True,
            style=_STYLE,
            layout=widgets.Layout(width="340px"),
        )
        self.level = widgets.Dropdown(
            description="Level",
            options=["team", "individual", "company"],
            value=s.level if s.level in ("team", "individual", "company") else "team",
            style=_STYLE,
        )
        self.objective = text(
            description="Objective",
            value=obj.objective if obj else "",
            placeholder="A qualitative aim: what should be different, and for whom?",
        )
        self.why = text(description="Why", value=(obj.why or "") if obj else "", placeholder="Why it matters now")
        self.aligns_to = text(
            description="Aligns to",
            value=(obj.aligns_to or "") if obj else "",
            placeholder="The company or department goal this serves",
        )
        self.type = widgets.Dropdown(
            description="Type",
            options=["aspirational", "committed"],
            value=obj.type if obj and obj.type in ("aspirational", "committed") else "aspirational",
            style=_STYLE,
        )
        self.key_results = area(
            description="Key results",
            placeholder="One per line: Increase … from … to … by …",
            value="\n".join(kr.text for kr in obj.key_results) if obj else "",
        )
        self.initiatives = area(
            description="Initiatives",
            placeholder="One per line: the work you plan",
            value="\n".join(i.text for i in obj.initiatives) if obj else "",
        )
        self.key_results.add_class("okrkit-builder-krs")
        self.objective.add_class("okrkit-builder-objective")
        self.panel = widgets.HTML()
        self.panel.add_class("okrkit-builder-findings")
        self.export_button = widgets.Button(description="Export YAML", icon="download", button_style="primary")
        self.yaml_box = widgets.Textarea(layout=widgets.Layout(width="98%", height="180px", display="none"))
        self.yaml_box.add_class("okrkit-builder-yaml")
        self.export_button.on_click(lambda _: self.export())
        self.findings: list[Finding] = []
        self.problem: str | None = None
        self._debounced = Debouncer(self.check, delay)
        for w in self.fields():
            w.observe(self._debounced, names="value")
        intro = widgets.HTML(
            "<b>OKR builder</b> — write one objective; the checker reads it as you type. "
            "Key results and initiatives: one per line."
        )
        super().__init__(
            [
                intro,
                self.title,
                self.owner,
                widgets.HBox([self.period, self.level]),
                self.objective,
                self.objective_owner,
                self.why,
                self.aligns_to,
                self.type,
                self.key_results,
                self.initiatives,
                self.panel,
                self.export_button,
                self.yaml_box,
            ]
        )
        self.add_class("okrkit-builder")
        self.check()

    def fields(self) -> list[widgets.Widget]:
        """Every input the student edits."""
        return [
            self.title,
            self.owner,
            self.period,
            self.level,
            self.objective,
            self.objective_owner,
            self.why,
            self.aligns_to,
            self.type,
            self.key_results,
            self.initiatives,
        ]

    def to_dict(self) -> dict:
        """The fields as data in okrkit's file format."""
        d: dict = {}
        for key, w in (("title", self.title), ("owner", self.owner), ("period", self.period)):
            if w.value.strip():
                d[key] = w.value.strip()
        d["level"] = self.level.value
        obj: dict = {"objective": self.objective.value.strip()}
        if self.objective_owner.value.strip():
            obj["owner"] = self.objective_owner.value.strip()
        if self.why.value.strip():
            obj["why"] = self.why.value.strip()
        if self.aligns_to.value.strip():
            obj["aligns_to"] = self.aligns_to.value.strip()
        if self.type.value != "aspirational":
            obj["type"] = self.type.value
        obj["key_results"] = [
            {"text": t, "owner": self._kr_owners[t]} if t in self._kr_owners else t
            for t in _lines(self.key_results.value)
        ]
        if _lines(self.initiatives.value):
            obj["initiatives"] = _lines(self.initiatives.value)
        d["objectives"] = [obj]
        return d

    def okrset(self) -> OKRSet:
        """The OKR set the fields describe (raises LoadError when a field can't be read)."""
        return loads(yaml.safe_dump(self.to_dict(), sort_keys=False, allow_unicode=True), source="builder")

    def check(self) -> list[Finding]:
        """Check the set now and show the findings."""
        self.problem = None
        if not self.objective.value.strip():
            self.findings = []
            self.panel.value = box(
                "<i>Start with the objective: what should be different at the end of the period, and for whom?</i>",
                "okrkit-findings",
            )
            return self.findings
        try:
            s = self.okrset()
        except (LoadError, ValueError) as exc:
            self.findings = []
            self.problem = str(exc)
            self.panel.value = box(f"<b>Can't read this yet:</b> {esc(exc)}", "okrkit-findings", border=MISS_COLOR)
            return self.findings
        self.findings = lint(s)
        self.panel.value = findings_html(
            self.findings, title="What the checker says", empty="Nothing to flag — this objective is ready to share."
        )
        return self.findings

    def to_yaml(self) -> str:
        """The set as YAML text in okrkit's format (okrkit.io.dumps)."""
        return dumps(self.okrset())

    def export(self) -> str:
        """Show the YAML under the builder for copying, and return it."""
        try:
            text = self.to_yaml()
        except (LoadError, ValueError) as exc:
            text = f"# can't export yet: {exc}"
        self.yaml_box.value = text
        self.yaml_box.layout.display = None
        return text

    def save(self, path: str | Path) -> Path:
        """Write the set's YAML to a file."""
        p = Path(path)
        p.write_text(self.to_yaml(), encoding="utf-8")
        return p

    def static_html(self) -> str:
        try:
            shown = set_html(self.okrset())
        except (LoadError, ValueError) as exc:
            shown = f"<div>{esc(exc)}</div>"
        return "<div><i>OKR builder (interactive in JupyterLab). Current draft:</i></div>" + shown + self.panel.value


def _start_set(start: OKRSet | str | Path | None) -> OKRSet:
    """The set the builder starts from: a set, a file path, YAML text, or nothing."""
    if start is None:
        return OKRSet(level="team")
    if isinstance(start, OKRSet):
        return start
    text = str(start)
    if "\n" not in text and Path(text).suffix.lower() in (".yaml", ".yml", ".txt", ".md", ".json"):
        return load(text)
    return loads(text, source="builder")


def builder(start: OKRSet | str | Path | None = None) -> Builder:
    """An OKR builder widget, empty or started from a set, a file or YAML text."""
    return Builder(start)
