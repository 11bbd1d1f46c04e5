"""The coach's workshop board as data: each team's set with a traffic light per KR and objective, the room
summary, and editing a draft in place.

Reading → checking → showing: drafts come from :mod:`okrkit.read.importers`, findings from :func:`okrkit.lint`,
progress from :mod:`okrkit.scoring`; this module only arranges them. Showing and sharing the board (the static
HTML page, the handout, the YAML export, the chart) is :mod:`okrkit.workshop.export`; its names are
re-exported here because the CLI and older notebooks import them from this module.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from okrkit.check.engine import lint
from okrkit.model import Finding, KeyResult, Objective
from okrkit.read.importers import Draft, ImportNote, ImportResult, read_path
from okrkit.read.keyresult import parse_key_result
from okrkit.read.values import strip_kr_label, strip_objective_label
from okrkit.render.labels import category_label
from okrkit.render.numbers import fmt_score
from okrkit.scoring import band, kr_progress
from okrkit.workshop.export import (  # what tests, the CLI and notebooks import from here
    BOARD_JS,  # noqa: F401  (the static board's script: a test checks it is the page's only one)
    board_html,
    export,
    handout_html,
    handout_markdown,
    slug,
    summary_svg,
    workshop_text,
    write_board,
)

#: Traffic lights from best to worst.
LIGHTS: tuple[str, ...] = ("green", "amber", "red")
_SEVERITY_LIGHT = {"error": "red", "warning": "amber", "info": "green"}
_BAND_LIGHT = {"red": "red", "yellow": "amber", "green": "green"}
#: A team's own reported status (the sheet's Status column) in the board's colours, to set beside the checker's.
STATUS_LIGHT = {"done": "green", "on_track": "green", "at_risk": "amber", "off_track": "red"}


def status_label(status: str | None) -> str:
    """'at_risk' → 'at risk' ('' for none)."""
    return (status or "").replace("_", " ")


def worst(lights: Iterable[str]) -> str:
    """The worst of some traffic lights (green when there are none)."""
    return max(lights, key=LIGHTS.index, default="green")


def findings_light(findings: Iterable[Finding]) -> str:
    """error → red, warning → amber, only tips or nothing → green."""
    return worst(_SEVERITY_LIGHT[f.severity] for f in findings)


# ── the board's data model ────────────────────────────────────────────────────────────────
@dataclass
class KRCard:
    """One key result on the board: its light, the reasons for it, and its findings."""

    text: str
    index: tuple[int, int]
    line: int | None
    owner: str | None
    findings: list[Finding]
    progress: float | None
    light: str
    reasons: list[str]
    reported: str | None = None  # the team's own status (on_track, at_risk, off_track, done), shown beside the light

    @property
    def flagged(self) -> list[Finding]:
        """The warnings and errors (not the tips)."""
        return [f for f in self.findings if f.flagged]

    @property
    def reported_label(self) -> str:
        """'reported: at risk' ('' when the team reported no status)."""
        return f"reported: {status_label(self.reported)}" if self.reported else ""

    @property
    def disagrees(self) -> bool:
        """True when the team's reported status and the checker's colour differ (worth a word in the room)."""
        return self.reported is not None and STATUS_LIGHT[self.reported] != self.light


@dataclass
class ObjectiveCard:
    """One objective: its own findings, its key results, and the worst light among them."""

    text: str
    index: int
    line: int | None
    type: str
    owner: str | None
    findings: list[Finding]
    key_results: list[KRCard]
    light: str
    reasons: list[str]

    @property
    def flagged(self) -> list[Finding]:
        """The objective's own warnings and errors."""
        return [f for f in self.findings if f.flagged]


@dataclass
class TeamCard:
    """One team's set on the board."""

    team: str
    draft: Draft
    findings: list[Finding]  # about the whole set
    objectives: list[ObjectiveCard]
    light: str

    @property
    def all_findings(self) -> list[Finding]:
        """Every finding of the team: set, objectives and key results."""
        out = list(self.findings)
        for o in self.objectives:
            out += o.findings
            for k in o.key_results:
                out += k.findings
        return out

    def counts(self) -> dict[str, int]:
        """Number of key results by light."""
        out = dict.fromkeys(LIGHTS, 0)
        for o in self.objectives:
            for k in o.key_results:
                out[k.light] += 1
        return out


@dataclass
class SummaryRow:
    """One mistake across the room: its category, how often it was flagged, and in which teams."""

    category: str
    label: str
    count: int
    teams: list[str]
    fix: str


@dataclass
class Board:
    """Every team's card, plus what the import had to say."""

    teams: list[TeamCard]
    title: str = "OKR workshop board"
    as_of: date | None = None
    warnings: list[ImportNote] = field(default_factory=list)
    errors: list = field(default_factory=list)

    def summary(self) -> list[SummaryRow]:
        """Flagged findings by category across all teams, most common first."""
        rows: dict[str, SummaryRow] = {}
        for t in self.teams:
            for f in t.all_findings:
                if not f.flagged:
                    continue
                row = rows.setdefault(f.category, SummaryRow(f.category, category_label(f.category), 0, [], f.fix))
                row.count += 1
                if t.team not in row.teams:
                    row.teams.append(t.team)
        return sorted(rows.values(), key=lambda r: (-r.count, -len(r.teams), r.label))

    def reported(self) -> dict[str, int]:
        """Key results by the teams' own reported status, and how many of those differ from the checker's colour."""
        out = {"on_track": 0, "at_risk": 0, "off_track": 0, "done": 0, "differ": 0}
        for t in self.teams:
            for o in t.objectives:
                for k in o.key_results:
                    if k.reported:
                        out[k.reported] += 1
                        out["differ"] += k.disagrees
        return out

    def totals(self) -> dict[str, int]:
        """Teams, objectives, key results, and key results by light."""
        out = {
            "teams": len(self.teams),
            "objectives": sum(len(t.objectives) for t in self.teams),
            "key_results": 0,
            **dict.fromkeys(LIGHTS, 0),
        }
        for t in self.teams:
            for light, n in t.counts().items():
                out[light] += n
                out["key_results"] += n
        return out


def _split(
    findings: list[Finding],
) -> tuple[list[Finding], dict[int, list[Finding]], dict[tuple[int, int], list[Finding]]]:
    """Findings about the set, about each objective, and about each key result."""
    on_set: list[Finding] = []
    on_obj: dict[int, list[Finding]] = {}
    on_kr: dict[tuple[int, int], list[Finding]] = {}
    for f in findings:
        p = f.place
        if p.objective is None:
            on_set.append(f)
        elif p.key_result is None:
            on_obj.setdefault(p.objective, []).append(f)
        else:
            on_kr.setdefault((p.objective, p.key_result), []).append(f)
    return on_set, on_obj, on_kr


def kr_card(kr: KeyResult, index: tuple[int, int], findings: list[Finding], draft: Draft) -> KRCard:
    """A key result's card: light from its findings and, with a check-in, from its score band."""
    progress = draft.progress.get(index)  # the check-in as imported, when there is one
    if progress is None:
        progress = kr_progress(kr)
    light = findings_light(findings)
    reasons = []
    flagged = [f for f in findings if f.flagged]
    if flagged:
        worst_f = max(flagged, key=lambda f: f.severity == "error")
        reasons.append(f"{_SEVERITY_LIGHT[worst_f.severity]}: {len(flagged)} finding(s) to fix")
    if progress is not None:
        b = _BAND_LIGHT[band(progress)]
        reasons.append(f"{b}: check-in at {fmt_score(progress)} of the way to the target")
        light = worst([light, b])
    owner = draft.owners.get(index) or kr.owner
    return KRCard(kr.text, index, kr.line, owner, findings, progress, light, reasons, kr.status)


def team_card(draft: Draft, as_of: date | None = None) -> TeamCard:
    """Lint one team's draft and arrange the findings into cards with traffic lights."""
    on_set, on_obj, on_kr = _split(lint(draft.okrs, as_of=as_of))
    objectives = []
    for oi, obj in enumerate(draft.okrs.objectives):
        krs = [kr_card(kr, (oi, ki), on_kr.get((oi, ki), []), draft) for ki, kr in enumerate(obj.key_results)]
        own = on_obj.get(oi, [])
        light = worst([findings_light(own), *(k.light for k in krs)])
        reasons = []
        if any(f.flagged for f in own):
            reasons.append(f"{findings_light(own)}: the objective itself has findings")
        if krs and worst(k.light for k in krs) != "green":
            reasons.append(f"{worst(k.light for k in krs)}: its worst key result")
        objectives.append(
            ObjectiveCard(obj.objective, oi, obj.line, obj.type, draft.owners.get((oi, -1)), own, krs, light, reasons)
        )
    light = worst([findings_light(on_set), *(o.light for o in objectives)])
    return TeamCard(draft.team, draft, on_set, objectives, light)


def build_board(
    drafts: ImportResult | Iterable[Draft], *, title: str | None = None, as_of: date | None = None
) -> Board:
    """The board for some drafts (an ImportResult keeps its warnings and errors)."""
    warnings, errors = [], []
    if isinstance(drafts, ImportResult):
        warnings, errors = list(drafts.warnings), list(drafts.errors)
        drafts = drafts.drafts
    teams = [team_card(d, as_of) for d in drafts]
    return Board(teams, title or "OKR workshop board", as_of, warnings, errors)


def load_board(path: str | Path, *, title: str | None = None, as_of: date | None = None) -> Board:
    """Read a CSV export, a folder of OKR files or a text file, and build its board."""
    return build_board(read_path(path), title=title, as_of=as_of)


# ── editing a draft in place ──────────────────────────────────────────────────────────────
def _parsed(text: str, draft: Draft) -> KeyResult:
    """A key result typed on the board ('KR1: …' labels are not part of its text)."""
    return parse_key_result(strip_kr_label(" ".join(text.split())), ref=draft.okrs.start)


def set_key_result(draft: Draft, oi: int, ki: int, text: str) -> None:
    """Replace a key result's text; the new text is parsed afresh (old explicit fields and check-in are dropped)."""
    obj = draft.okrs.objectives[oi]
    if not text.strip():
        raise ValueError("a key result needs text; remove it instead")
    old = obj.key_results[ki]
    if strip_kr_label(" ".join(text.split())) == old.text:
        return
    kr = _parsed(text, draft)
    kr.line, kr.weight = old.line, old.weight
    obj.key_results[ki] = kr
    draft.progress.pop((oi, ki), None)


def set_objective(draft: Draft, oi: int, text: str) -> None:
    """Replace an objective's statement."""
    if not text.strip():
        raise ValueError("an objective needs text")
    draft.okrs.objectives[oi].objective = strip_objective_label(" ".join(text.split()))


def add_key_result(draft: Draft, oi: int, text: str) -> None:
    """Append a key result to an objective."""
    if text.strip():
        draft.okrs.objectives[oi].key_results.append(_parsed(text, draft))


def remove_key_result(draft: Draft, oi: int, ki: int) -> None:
    """Remove a key result, keeping owners and progress of the others in step."""
    draft.okrs.objectives[oi].key_results.pop(ki)
    for store in (draft.owners, draft.progress):
        moved = {}
        for (o, k), v in store.items():
            if o != oi or k < ki or k == -1:
                moved[(o, k)] = v
            elif k > ki:
                moved[(o, k - 1)] = v
        store.clear()
        store.update(moved)


def add_objective(draft: Draft, text: str) -> None:
    """Append an objective with no key results yet."""
    if text.strip():
        draft.okrs.objectives.append(Objective(objective=strip_objective_label(" ".join(text.split()))))


__all__ = [
    "LIGHTS",
    "Board",
    "KRCard",
    "ObjectiveCard",
    "SummaryRow",
    "TeamCard",
    "add_key_result",
    "add_objective",
    "board_html",
    "build_board",
    "export",
    "findings_light",
    "handout_html",
    "handout_markdown",
    "kr_card",
    "load_board",
    "remove_key_result",
    "set_key_result",
    "set_objective",
    "slug",
    "summary_svg",
    "team_card",
    "workshop_text",
    "worst",
    "write_board",
]
