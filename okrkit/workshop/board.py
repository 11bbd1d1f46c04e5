"""The coach's workshop board: each team's set with a traffic light per KR and objective, a room summary,
the one-file static HTML board, the markdown/HTML handout, and the YAML export of the cleaned sets.

Reading → checking → showing: drafts come from :mod:`okrkit.importers`, findings from :func:`okrkit.lint`,
progress from :mod:`okrkit.scoring`; this module only arranges them. altair and vl-convert are imported
only when a chart is drawn.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from pathlib import Path

import yaml

from okrkit.check.engine import lint
from okrkit.files import atomic_write
from okrkit.model import Finding, KeyResult, Objective
from okrkit.read import dumps
from okrkit.read.importers import Draft, ImportNote, ImportResult, read_path
from okrkit.read.keyresult import parse_key_result
from okrkit.scoring import band, kr_progress
from okrkit.version import __version__

#: Traffic lights from best to worst.
LIGHTS: tuple[str, ...] = ("green", "amber", "red")
_SEVERITY_LIGHT = {"error": "red", "warning": "amber", "info": "green"}
_BAND_LIGHT = {"red": "red", "yellow": "amber", "green": "green"}


@lru_cache(maxsize=1)
def workshop_text() -> dict:
    """Legend, category names and prompts from workshop.yaml."""
    return yaml.safe_load(Path(__file__).with_name("workshop.yaml").read_text(encoding="utf-8"))


def category_label(category: str) -> str:
    """A plain name for a finding category ('vanity_metric' → 'Vanity metric')."""
    return workshop_text()["categories"].get(category, category.replace("_", " ").capitalize())


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

    @property
    def flagged(self) -> list[Finding]:
        """The warnings and errors (not the tips)."""
        return [f for f in self.findings if f.flagged]


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
        reasons.append(f"{b}: check-in at {progress:.2f} of the way to the target")
        light = worst([light, b])
    return KRCard(kr.text, index, kr.line, draft.owners.get(index), findings, progress, light, reasons)


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
    return parse_key_result(" ".join(text.split()), ref=draft.okrs.start)


def set_key_result(draft: Draft, oi: int, ki: int, text: str) -> None:
    """Replace a key result's text; the new text is parsed afresh (old explicit fields and check-in are dropped)."""
    obj = draft.okrs.objectives[oi]
    if not text.strip():
        raise ValueError("a key result needs text; remove it instead")
    old = obj.key_results[ki]
    if " ".join(text.split()) == old.text:
        return
    kr = _parsed(text, draft)
    kr.line, kr.weight = old.line, old.weight
    obj.key_results[ki] = kr
    draft.progress.pop((oi, ki), None)


def set_objective(draft: Draft, oi: int, text: str) -> None:
    """Replace an objective's statement."""
    if not text.strip():
        raise ValueError("an objective needs text")
    draft.okrs.objectives[oi].objective = " ".join(text.split())


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
        draft.okrs.objectives.append(Objective(objective=" ".join(text.split())))


# ── the room summary chart ────────────────────────────────────────────────────────────────
def summary_chart(board: Board, top: int = 8):
    """An altair bar chart of the most common flagged mistakes across teams (None when nothing is flagged)."""
    import altair as alt

    rows = board.summary()[:top]
    if not rows:
        return None
    values = [{"mistake": r.label, "findings": r.count, "teams": len(r.teams)} for r in rows]
    return (
        alt.Chart(alt.Data(values=values), title="Most common mistakes in the room")
        .mark_bar(color="#d97706")
        .encode(
            x=alt.X("findings:Q", title="findings (warnings and errors)", axis=alt.Axis(tickMinStep=1)),
            y=alt.Y("mistake:N", sort=None, title=None, axis=alt.Axis(labelLimit=320)),
            tooltip=["mistake:N", "findings:Q", "teams:Q"],
        )
        .properties(width=360, height=alt.Step(22))
    )


def summary_svg(board: Board, top: int = 8) -> str:
    """The room summary chart as inline SVG (rendered offline by vl-convert); '' when nothing is flagged."""
    chart = summary_chart(board, top)
    if chart is None:
        return ""
    import vl_convert

    return vl_convert.vegalite_to_svg(chart.to_dict())


# ── the static one-file HTML board ────────────────────────────────────────────────────────
def _e(text: object) -> str:
    """HTML-escaped text (every piece of user text goes through here)."""
    return html.escape(str(text), quote=True)


_CSS = """
body{font-family:system-ui,-apple-system,"Segoe UI",sans-serif;margin:0;background:#f4f4f5;color:#18181b}
header,main,section.panel{max-width:1400px;margin:0 auto;padding:12px 20px}
h1{margin:8px 0 4px;font-size:1.6rem} h2{font-size:1.2rem;margin:18px 0 8px}
.totals{color:#52525b}.legend{display:flex;gap:14px;flex-wrap:wrap;margin:8px 0}
.legend div{background:#fff;border-radius:8px;padding:8px 10px;flex:1 1 260px;font-size:.9rem}
.light{display:inline-block;min-width:3.6em;text-align:center;border-radius:999px;padding:1px 8px;
font-size:.75rem;font-weight:600;text-transform:uppercase;letter-spacing:.03em;margin-right:6px;vertical-align:middle}
.light.green{background:#dcfce7;color:#166534;border:1px solid #16a34a}
.light.amber{background:#fef3c7;color:#92400e;border:1px solid #d97706}
.light.red{background:#fee2e2;color:#991b1b;border:1px solid #dc2626}
.grid{display:grid;grid-template-columns:repeat(auto-fill,minmax(420px,1fr));gap:16px}
.team{background:#fff;border-radius:10px;padding:12px 14px;border-top:6px solid #a1a1aa}
.team.green{border-top-color:#16a34a}.team.amber{border-top-color:#d97706}.team.red{border-top-color:#dc2626}
.team h3{margin:0 0 6px;font-size:1.15rem}.src{color:#71717a;font-size:.8rem}
.obj{margin:10px 0 4px;font-weight:600}.kr{margin:6px 0 6px 18px}
.owner,.progress{color:#52525b;font-size:.85rem;margin-left:6px}
ul.findings{margin:4px 0 4px 18px;padding-left:16px;font-size:.88rem}
ul.findings li{margin:3px 0}.fix{color:#1d4ed8}.code{font-family:ui-monospace,monospace;font-size:.8rem;color:#52525b}
li.info{color:#52525b}body:not(.show-tips) li.info{display:none}
body.only-flagged .kr.green{display:none}
.controls{display:flex;gap:16px;align-items:center;flex-wrap:wrap;margin:8px 0}
table.summary{border-collapse:collapse;background:#fff;font-size:.9rem}
table.summary td,table.summary th{padding:4px 8px;border-bottom:1px solid #e4e4e7;text-align:left;vertical-align:top}
.chart{background:#fff;border-radius:8px;padding:8px;display:inline-block;margin-right:16px;vertical-align:top}
.prompts{background:#fff;border-radius:10px;padding:10px 16px}.notes li{font-size:.88rem}
.hidden{display:none}footer{color:#71717a;font-size:.8rem;text-align:center;padding:20px}
@media print{.controls{display:none}body{background:#fff}}
"""

_JS = """
(function(){
  var body=document.body;
  function bind(id,cls){var el=document.getElementById(id);if(!el)return;
    var apply=function(){body.classList.toggle(cls,el.checked);};el.addEventListener('change',apply);apply();}
  bind('show-tips','show-tips');bind('only-flagged','only-flagged');
  var pick=document.getElementById('team-filter');
  if(pick){pick.addEventListener('change',function(){
    var cards=document.querySelectorAll('.team');
    for(var i=0;i<cards.length;i++){cards[i].classList.toggle('hidden',pick.value!==''&&cards[i].getAttribute('data-team')!==pick.value);}
  });}
})();
"""


def _light(light: str) -> str:
    return f'<span class="light {light}" title="{_e(workshop_text()["lights"][light]["meaning"])}">{light}</span>'


def _findings_html(findings: list[Finding]) -> str:
    if not findings:
        return ""
    items = []
    for f in findings:
        items.append(
            f'<li class="{_e(f.severity)}"><span class="code">{_e(f.code)} {_e(f.severity)}</span> '
            f'{_e(f.message)}<br><span class="fix">Fix: {_e(f.fix)}</span></li>'
        )
    return f'<ul class="findings">{"".join(items)}</ul>'


def _team_html(t: TeamCard, n: int) -> str:
    src = f'<div class="src">from {_e(t.draft.source)}</div>' if t.draft.source else ""
    c = t.counts()
    parts = [
        f'<article class="team {t.light}" id="team-{n}" data-team="{_e(t.team)}">',
        f"<h3>{_light(t.light)}{_e(t.team)}</h3>{src}",
        f'<div class="src">key results: {c["green"]} green · {c["amber"]} amber · {c["red"]} red</div>',
    ]
    for o in t.objectives:
        kind = " (committed)" if o.type == "committed" else ""
        owner = f'<span class="owner">owner: {_e(o.owner)}</span>' if o.owner else ""
        parts.append(f'<div class="obj {o.light}">{_light(o.light)}{_e(o.text)}{_e(kind)}{owner}</div>')
        parts.append(_findings_html(o.findings))
        for k in o.key_results:
            owner = f'<span class="owner">owner: {_e(k.owner)}</span>' if k.owner else ""
            prog = f'<span class="progress">check-in {k.progress:.0%}</span>' if k.progress is not None else ""
            parts.append(
                f'<div class="kr {k.light}">{_light(k.light)}{_e(k.text)}{owner}{prog}'
                f"{_findings_html(k.findings)}</div>"
            )
        if not o.key_results:
            parts.append('<div class="kr">no key results yet</div>')
    if t.findings:
        parts.append('<div class="obj">About the whole set</div>' + _findings_html(t.findings))
    parts.append("</article>")
    return "".join(parts)


def legend_html() -> str:
    """What each colour means, as HTML."""
    text = workshop_text()
    boxes = "".join(f"<div>{_light(k)} {_e(v['meaning'])}</div>" for k, v in text["lights"].items())
    rules = "".join(f"<li>{_e(r)}</li>" for r in text["light_rules"])
    return f'<div class="legend">{boxes}</div><ul class="notes">{rules}</ul>'


def summary_html(board: Board, chart: bool = True) -> str:
    """The room summary: the chart (inline SVG) and a table of the most common mistakes with their fixes."""
    rows = board.summary()
    if not rows:
        return "<p>Nothing flagged in the room: every key result and objective is green.</p>"
    try:
        svg = summary_svg(board) if chart else ""
    except ImportError:  # the plain install: the table below says the same
        svg = "<p>(the chart needs okrkit's report extra: pip install 'okrkit[report]')</p>"
    except Exception as exc:  # the table below says the same; a missing chart must not lose the board
        svg = f"<p>(chart unavailable: {_e(exc)})</p>"
    table = "".join(
        f"<tr><td>{_e(r.label)}</td><td>{r.count}</td><td>{_e(', '.join(r.teams))}</td><td>{_e(r.fix)}</td></tr>"
        for r in rows
    )
    chart_html = f'<div class="chart">{svg}</div>' if svg else ""
    return (
        f'{chart_html}<table class="summary"><tr><th>mistake</th><th>findings</th><th>teams</th>'
        f"<th>a typical fix</th></tr>{table}</table>"
    )


def prompts_html() -> str:
    """The four questions and the one-objective exercise, as HTML."""
    t = workshop_text()
    q, one = t["four_questions"], t["one_objective"]
    return (
        f'<div class="prompts"><h3>Four questions before writing</h3><p>{_e(q["intro"])}</p><ol>'
        + "".join(f"<li>{_e(x)}</li>" for x in q["questions"])
        + f'</ol><p class="src">Source: {_e(q["source"])}</p>'
        f"<h3>Exercise: one objective</h3><p>{_e(one['intro'])}</p><ol>"
        + "".join(f"<li>{_e(x)}</li>" for x in one["steps"])
        + f'</ol><p class="src">Source: {_e(one["source"])}</p>'
        f'<p>{_e(t["start_small"]["text"])} <span class="src">({_e(t["start_small"]["source"])})</span></p></div>'
    )


def notes_html(board: Board) -> str:
    """Import warnings and unreadable files, as HTML ('' when there are none)."""
    items = [f'<li class="error">Could not read: {_e(e)}</li>' for e in board.errors]
    items += [f"<li>{_e(w)}</li>" for w in board.warnings]
    return f'<ul class="notes">{"".join(items)}</ul>' if items else ""


def board_html(board: Board) -> str:
    """The whole board as one self-contained HTML page: inline CSS, JS and SVG, no network."""
    tot = board.totals()
    options = "".join(f'<option value="{_e(t.team)}">{_e(t.team)}</option>' for t in board.teams)
    as_of = f" · check-ins as of {board.as_of.isoformat()}" if board.as_of else ""
    notes = notes_html(board)
    return "".join(
        [
            '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">',
            '<meta name="viewport" content="width=device-width, initial-scale=1">',
            (
                '<meta http-equiv="Content-Security-Policy" content="default-src \'none\'; '
                "style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:\">"
            ),
            f"<title>{_e(board.title)}</title><style>{_CSS}</style></head><body>",
            (
                f'<header><h1>{_e(board.title)}</h1><div class="totals">{tot["teams"]} teams · {tot["objectives"]} objectives · '
                f"{tot['key_results']} key results: {tot['green']} green, {tot['amber']} amber, {tot['red']} red{as_of}</div>"
            ),
            f"<h2>What the colours mean</h2>{legend_html()}",
            '<div class="controls"><label><input type="checkbox" id="only-flagged"> only amber and red key results</label>',
            '<label><input type="checkbox" id="show-tips"> show tips</label>',
            f'<label>team <select id="team-filter"><option value="">all teams</option>{options}</select></label></div>',
            "</header>",
            f'<section class="panel" id="summary"><h2>The room at a glance</h2>{summary_html(board)}</section>',
            '<main><h2>Teams</h2><div class="grid">',
            "".join(_team_html(t, n) for n, t in enumerate(board.teams)),
            "</div></main>",
            f'<section class="panel" id="prompts"><h2>Prompts for the room</h2>{prompts_html()}</section>',
            f'<section class="panel" id="notes"><h2>Import notes</h2>{notes}</section>' if notes else "",
            f"<footer>Made with okrkit {_e(__version__)} — open this file in any browser; it needs no network.</footer>",
            f"<script>{_JS}</script></body></html>\n",
        ]
    )


def write_board(board: Board, path: str | Path) -> Path:
    """Write the static board to path (atomically) and return the path."""
    return _write(Path(path), board_html(board))


def _write(path: Path, text: str) -> Path:
    atomic_write(path, text)
    return path


# ── handout and YAML export ───────────────────────────────────────────────────────────────
def _md(text: str) -> str:
    """Text safe inside a markdown line: markup characters and HTML escaped."""
    return re.sub(r"([\\`*_\[\]#<>|])", r"\\\1", " ".join(str(text).split()))


def handout_markdown(board: Board) -> str:
    """The cleaned sets as a markdown handout: every team's OKRs, what is still open, and the prompts."""
    text = workshop_text()
    out = [f"# {_md(board.title)}", ""]
    tot = board.totals()
    out += [
        (
            f"{tot['teams']} teams, {tot['objectives']} objectives, {tot['key_results']} key results "
            f"({tot['green']} green, {tot['amber']} amber, {tot['red']} red)."
        ),
        "",
    ]
    for t in board.teams:
        out += [f"## {_md(t.team)} ({t.light})", ""]
        for o in t.objectives:
            out.append(f"**Objective:** {_md(o.text)}{' (committed)' if o.type == 'committed' else ''}")
            out.append("")
            for k in o.key_results:
                owner = f" — {_md(k.owner)}" if k.owner else ""
                out.append(f"- [{k.light}] {_md(k.text)}{owner}")
            inits = t.draft.okrs.objectives[o.index].initiatives
            if inits:
                out.append("")
                out.append("Initiatives: " + "; ".join(_md(i.text) for i in inits))
            out.append("")
        open_items = [f for f in t.all_findings if f.flagged]
        if open_items:
            out += ["Still to work on:", ""]
            out += [f"- {_md(f.text)}: {_md(f.message)} *Fix:* {_md(f.fix)}" for f in open_items]
            out.append("")
    q, one = text["four_questions"], text["one_objective"]
    out += ["## Four questions before writing", "", _md(q["intro"]), ""]
    out += [f"{i}. {_md(x)}" for i, x in enumerate(q["questions"], 1)]
    out += ["", f"Source: {_md(q['source'])}", "", "## Exercise: one objective", "", _md(one["intro"]), ""]
    out += [f"{i}. {_md(x)}" for i, x in enumerate(one["steps"], 1)]
    out += ["", f"Source: {_md(one['source'])}", ""]
    return "\n".join(out)


def handout_html(board: Board) -> str:
    """The handout as a printable, self-contained HTML page (no scripts)."""
    parts = [
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">',
        f'<title>{_e(board.title)} — handout</title><style>{_CSS}</style></head><body class="show-tips">',
        f"<header><h1>{_e(board.title)} — handout</h1>{legend_html()}</header><main>",
    ]
    for t in board.teams:
        parts.append(f'<section class="team {t.light}"><h2>{_light(t.light)}{_e(t.team)}</h2>')
        for o in t.objectives:
            parts.append(f'<div class="obj">{_light(o.light)}{_e(o.text)}</div><ul>')
            for k in o.key_results:
                owner = f' <span class="owner">{_e(k.owner)}</span>' if k.owner else ""
                parts.append(f"<li>{_light(k.light)}{_e(k.text)}{owner}</li>")
            parts.append("</ul>")
            inits = t.draft.okrs.objectives[o.index].initiatives
            if inits:
                parts.append("<p>Initiatives: " + "; ".join(_e(i.text) for i in inits) + "</p>")
        open_items = [f for f in t.all_findings if f.flagged]
        if open_items:
            parts.append("<p>Still to work on:</p>" + _findings_html(open_items))
        parts.append("</section>")
    parts.append(f'</main><section class="panel">{prompts_html()}</section></body></html>\n')
    return "".join(parts)


def slug(name: str) -> str:
    """A file-name-safe slug: 'Customer Support' → 'customer-support'."""
    s = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")
    return s or "team"


def export(board: Board, folder: str | Path) -> list[Path]:
    """Write each team's cleaned set as YAML plus handout.md and handout.html; returns the paths written."""
    root = Path(folder)
    written, used = [], set()
    for t in board.teams:
        name = slug(t.team)
        while name in used:
            name += "-2"
        used.add(name)
        t.draft.okrs.owner = t.draft.okrs.owner or t.team
        header = f"# {' '.join(t.team.split())}: cleaned in the okrkit workshop ({t.light} on the board)\n"
        written.append(_write(root / f"{name}.yaml", header + dumps(t.draft.okrs)))
    written.append(_write(root / "handout.md", handout_markdown(board)))
    written.append(_write(root / "handout.html", handout_html(board)))
    return written


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
    "category_label",
    "export",
    "findings_light",
    "handout_html",
    "handout_markdown",
    "kr_card",
    "legend_html",
    "load_board",
    "notes_html",
    "prompts_html",
    "remove_key_result",
    "set_key_result",
    "set_objective",
    "slug",
    "summary_chart",
    "summary_html",
    "summary_svg",
    "team_card",
    "workshop_text",
    "worst",
    "write_board",
]
