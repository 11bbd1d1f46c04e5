"""What the workshop board gives the room: the one-file static HTML board, the handout (Markdown and HTML),
each team's cleaned set as YAML, and the room summary chart.

The HTML comes from templates in okrkit/render/templates (board.html, handout.html, _board.html); the words
(legend, prompts) from workshop.yaml. A board is an :class:`okrkit.workshop.board.Board`, taken as it comes:
this module doesn't import the board's module, which re-exports these names for older callers. altair and
vl-convert are imported only when a chart is drawn.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path
from typing import Any

import yaml
from markupsafe import Markup

from okrkit.files import atomic_write
from okrkit.read import dumps
from okrkit.render.html import TEMPLATES, macros, render
from okrkit.render.markdown import md
from okrkit.render.theme import LIGHTS
from okrkit.version import __version__

#: The static board's own script (the only one on the page).
BOARD_JS = (TEMPLATES / "board.js").read_text(encoding="utf-8")


@cache
def workshop_text() -> dict:
    """Legend and prompts from workshop.yaml."""
    return yaml.safe_load(Path(__file__).with_name("workshop.yaml").read_text(encoding="utf-8"))


@cache
def _parts():
    """The macros of _board.html (legend, findings, summary, prompts, notes, team cards)."""
    return macros("_board.html", text=workshop_text())


# ── the room summary chart ────────────────────────────────────────────────────────────────
def summary_chart(board: Any, top: int = 8):
    """An altair bar chart of the most common flagged mistakes across teams (None when nothing is flagged)."""
    import altair as alt

    rows = board.summary()[:top]
    if not rows:
        return None
    values = [{"mistake": r.label, "findings": r.count, "teams": len(r.teams)} for r in rows]
    return (
        alt.Chart(alt.Data(values=values), title="Most common mistakes in the room")
        .mark_bar(color=LIGHTS["amber"].border)
        .encode(
            x=alt.X("findings:Q", title="findings (warnings and errors)", axis=alt.Axis(tickMinStep=1)),
            y=alt.Y("mistake:N", sort=None, title=None, axis=alt.Axis(labelLimit=320)),
            tooltip=["mistake:N", "findings:Q", "teams:Q"],
        )
        .properties(width=360, height=alt.Step(22))
    )


def summary_svg(board: Any, top: int = 8) -> str:
    """The room summary chart as inline SVG (rendered offline by vl-convert); '' when nothing is flagged."""
    chart = summary_chart(board, top)
    if chart is None:
        return ""
    import vl_convert

    return vl_convert.vegalite_to_svg(chart.to_dict())


# ── pieces of HTML (the live board shows them too) ────────────────────────────────────────
def light_html(light: str, why: str = "") -> str:
    """A traffic light as a pill that says its colour; its tooltip says why (or what the colour means)."""
    return str(_parts().light(light, why))


def findings_html(findings: list, indent: str = "18px") -> str:
    """Findings in the board's compact form, most serious first ('' when there are none)."""
    return str(_parts().findings(findings, indent))


def legend_html() -> str:
    """What each colour means, as HTML."""
    return str(_parts().legend())


def summary_html(board: Any, chart: bool = True) -> str:
    """The room summary: the chart (inline SVG) and a table of the most common mistakes with their fixes."""
    rows = board.summary()
    svg, note = "", ""
    if rows and chart:
        try:
            svg = summary_svg(board)
        except ImportError:  # the plain install: the table below says the same
            note = "the chart needs okrkit's report extra: pip install 'okrkit[report]'"
        except Exception as exc:  # the table below says the same; a missing chart must not lose the board
            note = f"chart unavailable: {exc}"
    return str(_parts().summary(rows, Markup(svg), note, len(board.teams)))


def prompts_html() -> str:
    """The four questions and the one-objective exercise, as HTML."""
    return str(_parts().prompts())


def notes_html(board: Any) -> str:
    """Import warnings and unreadable files, as HTML ('' when there are none)."""
    return str(_parts().notes(board))


# ── the static one-file HTML board ────────────────────────────────────────────────────────
def board_html(board: Any) -> str:
    """The whole board as one self-contained HTML page: inline CSS, JS and SVG, no network."""
    return render(
        "board.html",
        board=board,
        tot=board.totals(),
        summary=Markup(summary_html(board)),
        text=workshop_text(),
        version=__version__,
        js=Markup(BOARD_JS),
    )


def write_board(board: Any, path: str | Path) -> Path:
    """Write the static board to path (atomically) and return the path."""
    return _write(Path(path), board_html(board))


def _write(path: Path, text: str) -> Path:
    atomic_write(path, text)
    return path


# ── handout and YAML export ───────────────────────────────────────────────────────────────
def handout_markdown(board: Any) -> str:
    """The cleaned sets as a markdown handout: every team's OKRs, what is still open, and the prompts."""
    text = workshop_text()
    out = [f"# {md(board.title)}", ""]
    tot = board.totals()
    out += [
        (
            f"{tot['teams']} teams, {tot['objectives']} objectives, {tot['key_results']} key results "
            f"({tot['green']} green, {tot['amber']} amber, {tot['red']} red)."
        ),
        "",
    ]
    for t in board.teams:
        out += [f"## {md(t.team)} ({t.light})", ""]
        for o in t.objectives:
            out.append(f"**Objective:** {md(o.text)}{' (committed)' if o.type == 'committed' else ''}")
            out.append("")
            for k in o.key_results:
                owner = f" — {md(k.owner)}" if k.owner else ""
                out.append(f"- [{k.light}] {md(k.text)}{owner}")
            inits = t.draft.okrs.objectives[o.index].initiatives
            if inits:
                out.append("")
                out.append("Initiatives: " + "; ".join(md(i.text) for i in inits))
            out.append("")
        open_items = [f for f in t.all_findings if f.flagged]
        if open_items:
            out += ["Still to work on:", ""]
            out += [f"- {md(f.text)}: {md(f.message)} *Fix:* {md(f.fix)}" for f in open_items]
            out.append("")
    q, one = text["four_questions"], text["one_objective"]
    out += ["## Four questions before writing", "", md(q["intro"]), ""]
    out += [f"{i}. {md(x)}" for i, x in enumerate(q["questions"], 1)]
    out += ["", f"Source: {md(q['source'])}", "", "## Exercise: one objective", "", md(one["intro"]), ""]
    out += [f"{i}. {md(x)}" for i, x in enumerate(one["steps"], 1)]
    out += ["", f"Source: {md(one['source'])}", ""]
    return "\n".join(out)


def handout_html(board: Any) -> str:
    """The handout as a printable, self-contained HTML page (no scripts)."""
    return render("handout.html", board=board, text=workshop_text())


def slug(name: str) -> str:
    """A file-name-safe slug: 'Customer Support' → 'customer-support'."""
    s = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")
    return s or "team"


#: Where the live board's Export writes unless the coach picks another folder: in the home folder, never in the kit.
DEFAULT_FOLDER = "~/okrkit-workshop-export"
_PACKAGE = Path(__file__).resolve().parents[1]


def export_folder(chosen: str | Path | None = None) -> Path:
    """The folder a coach typed, made absolute: empty means DEFAULT_FOLDER, '~' is expanded, and a relative folder
    is taken from the home folder (not from wherever the notebook's kernel runs); a folder inside the okrkit
    package is refused (ValueError) so an export never lands among the kit's own files."""
    text = str(chosen or "").strip() or DEFAULT_FOLDER
    path = Path(text).expanduser()
    if not path.is_absolute():
        path = Path.home() / path
    path = path.resolve()
    if path == _PACKAGE or _PACKAGE in path.parents:
        raise ValueError(f"{path} is inside the okrkit package: choose a folder of your own, such as {DEFAULT_FOLDER}")
    return path


def export(board: Any, folder: str | Path) -> list[Path]:
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
