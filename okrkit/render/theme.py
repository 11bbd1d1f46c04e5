"""Colours and small HTML pieces shared by the widgets, the charts and the static fallbacks."""

from __future__ import annotations

import html

#: Fill colour of each 0–1 grade band (okrkit.scoring.BANDS names them).
BAND_COLORS: dict[str, str] = {"red": "#d64541", "yellow": "#e9a930", "green": "#3a9d5d"}

#: Badge colour and label of each finding severity.
SEVERITY_COLORS: dict[str, str] = {"error": "#b42318", "warning": "#b54708", "info": "#175cd3"}
SEVERITY_ICONS: dict[str, str] = {"error": "✖", "warning": "▲", "info": "ℹ"}

OK_COLOR = "#067647"
MISS_COLOR = "#b42318"


def esc(text: object) -> str:
    """Text made safe to place inside HTML."""
    return html.escape("" if text is None else str(text))


def badge(label: str, color: str) -> str:
    """A small coloured label."""
    return (
        f'<span style="display:inline-block;padding:0 6px;border-radius:8px;font-size:85%;line-height:1.5;'
        f'vertical-align:baseline;color:#fff;background:{color}">{esc(label)}</span>'
    )


def box(inner: str, css_class: str = "okrkit-box", border: str = "#d0d5dd") -> str:
    """A bordered block with a class the browser test and stylesheets can find."""
    return (
        f'<div class="{css_class}" style="border:1px solid {border};border-radius:6px;'
        f'padding:8px 12px;margin:4px 0;line-height:1.45">{inner}</div>'
    )
