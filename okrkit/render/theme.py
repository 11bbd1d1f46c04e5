"""The kit's one look: the palette (ink, severities, score bands, traffic lights, ok/miss, accent), the shared CSS
of the pages it writes, and the one HTML escape for the few places that build HTML in Python (widget values).

Templates (okrkit/render/templates), the widgets in okrkit.views, the class report's charts and the workshop
board all take their colours from here, so a colour means the same thing everywhere.
"""

from __future__ import annotations

import html
from string import Template
from typing import NamedTuple

# ── ink and surfaces ──────────────────────────────────────────────────────────────────────
TEXT = "#1f2328"  # body text, chart ink
MUTED = "#57606a"  # secondary text: places, points in brackets, explanations
BORDER = "#d0d7de"  # card and table borders
BORDER_LIGHT = "#d0d5dd"  # a plain box around notebook output
SURFACE = "#f6f8fa"  # page background
PANEL = "#ffffff"  # cards and sections on a page
ON_FILL = "#ffffff"  # text on a coloured badge
TRACK = "#eaeef2"  # the empty part of a points bar
NOTE_BG, NOTE_BORDER = "#fff8c5", "#d4a72c"  # a problem to read first
ACCENT = "#175cd3"  # neutral marks (a chart bar with no meaning of good or bad), the fix of a finding
EXERCISE_BORDER = "#84adff"  # a lesson exercise's card
CASE_BORDER = "#fdb022"  # a case study's card
FONT = "system-ui,-apple-system,Segoe UI,sans-serif"  # no quotes: it goes inside style="…" attributes
MONO = "ui-monospace,monospace"

# ── meaning ───────────────────────────────────────────────────────────────────────────────
OK_COLOR = "#067647"  # met, right
MISS_COLOR = "#b42318"  # missed, wrong, points lost

#: Badge colour and icon of each finding severity.
SEVERITY_COLORS: dict[str, str] = {"error": "#b42318", "warning": "#b54708", "info": "#175cd3"}
SEVERITY_ICONS: dict[str, str] = {"error": "✖", "warning": "▲", "info": "ℹ"}

#: Fill colour of each 0–1 grade band (okrkit.scoring.BANDS names them); also a points bar's colour.
BAND_COLORS: dict[str, str] = {"red": "#d64541", "yellow": "#e9a930", "green": "#3a9d5d"}
NO_SCORE = "#98a2b3"  # a key result with no check-in yet

#: Series colours that can't be mistaken for the red/yellow/green bands.
SERIES_COLORS: list[str] = ["#2563eb", "#7c3aed", "#0891b2", "#db2777", "#4b5563", "#0f766e", "#9333ea", "#1e40af"]


class Light(NamedTuple):
    """How a traffic light looks: pill background, text, and border (also a card's top edge)."""

    background: str
    text: str
    border: str


#: The workshop board's traffic lights (the word is always shown too, not only the colour).
LIGHTS: dict[str, Light] = {
    "green": Light("#dcfce7", "#166534", "#16a34a"),
    "amber": Light("#fef3c7", "#92400e", "#d97706"),
    "red": Light("#fee2e2", "#991b1b", "#dc2626"),
}

#: Classes that keep a notebook's math typesetting away from an element: MathJax 3 (JupyterLab 4) skips
#: mathjax_ignore, MathJax 2 (classic notebook, nbviewer) tex2jax_ignore. Every block the kit shows in a notebook
#: carries them, so 'from $4M to $4.1M' stays text instead of becoming a formula.
NO_MATH = "mathjax_ignore tex2jax_ignore"

# ── CSS ───────────────────────────────────────────────────────────────────────────────────
_VARS = {
    "text": TEXT,
    "muted": MUTED,
    "border": BORDER,
    "surface": SURFACE,
    "panel": PANEL,
    "note_bg": NOTE_BG,
    "note_border": NOTE_BORDER,
    "accent": ACCENT,
    "miss": MISS_COLOR,
    "font": FONT,
    "mono": MONO,
    **{f"{name}_{part}": value for name, light in LIGHTS.items() for part, value in light._asdict().items()},
}


def _css(text: str) -> str:
    """CSS with $names filled in from the palette."""
    return Template(text).substitute(_VARS)


#: Inline style of a result card in a notebook (check results, totals, briefs): inline only, so it reads the same
#: offline, in JupyterLab's light and dark themes, and in a feedback file opened on its own.
CARD_STYLE = _css(
    "font-family:$font;font-size:14px;line-height:1.45;color:$text;background:$panel;border:1px solid $border;"
    "border-radius:8px;padding:12px 16px;margin:6px 0;max-width:60em"
)

#: Every page the kit writes (feedback, class report, workshop board, handout) starts from this.
PAGE_CSS = _css("body{margin:0;background:$surface;color:$text;font-family:$font}")

FEEDBACK_CSS = PAGE_CSS + _css(
    "main{max-width:62em;margin:0 auto;padding:16px 20px 40px}h1{font-size:22px;margin:8px 0}"
    ".okrkit-meta{color:$muted;margin:0 0 12px}.okrkit-problem{background:$note_bg;border:1px solid $note_border;"
    "border-radius:8px;padding:12px 16px;margin:8px 0}"
)

REPORT_CSS = PAGE_CSS + _css(
    "main{max-width:70em;margin:0 auto;padding:16px 24px 48px}h1{font-size:24px}"
    "h2{font-size:18px;margin:28px 0 4px}section{background:$panel;border:1px solid $border;border-radius:8px;"
    "padding:8px 16px 16px;margin:16px 0}.explain{color:$muted;margin:2px 0 10px;max-width:50em}"
    ".chart-error{color:$miss}"
)

BOARD_CSS = PAGE_CSS + _css(
    """
header,main,section.panel{max-width:1400px;margin:0 auto;padding:12px 20px}
h1{margin:8px 0 4px;font-size:1.6rem} h2{font-size:1.2rem;margin:18px 0 8px}
.totals{color:$muted}.legend{display:flex;gap:14px;flex-wrap:wrap;margin:8px 0}
.legend div{background:$panel;border-radius:8px;padding:8px 10px;flex:1 1 260px;font-size:.9rem}
.grid{display:grid;grid-template-columns:repeat(auto-fill,minmax(420px,1fr));gap:16px}
.team{background:$panel;border-radius:10px;padding:12px 14px;border-top:6px solid $border}
.team.green{border-top-color:$green_border}.team.amber{border-top-color:$amber_border}.team.red{border-top-color:$red_border}
.team h3{margin:0 0 6px;font-size:1.15rem}.src{color:$muted;font-size:.8rem}
.obj{margin:10px 0 4px;font-weight:600}.kr{margin:6px 0 6px 18px}
.owner,.progress,.reported{color:$muted;font-size:.85rem;margin-left:6px}
.reported.differs{font-weight:600}
.findings{margin:4px 0 4px 18px;font-size:.88rem;font-weight:normal}
body:not(.show-tips) .okrkit-finding.okrkit-info{display:none}
body.only-flagged .kr.green{display:none}
.controls{display:flex;gap:16px;align-items:center;flex-wrap:wrap;margin:8px 0}
.chart{background:$panel;border-radius:8px;padding:8px;display:inline-block;margin-right:16px;vertical-align:top}
.prompts{background:$panel;border-radius:10px;padding:10px 16px}.notes li{font-size:.88rem}
.hidden{display:none}footer{color:$muted;font-size:.8rem;text-align:center;padding:20px}
@media print{.controls{display:none}body{background:$panel}}
"""
)


# ── escaping ──────────────────────────────────────────────────────────────────────────────
def esc(text: object) -> str:
    """Text made safe to place inside HTML, quotes included (None → ''). Templates escape with this too."""
    return html.escape("" if text is None else str(text), quote=True)
