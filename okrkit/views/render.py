"""Offline chart rendering and static fallbacks for places where no widget can run."""

from __future__ import annotations

from typing import Any

RENDERER = "okrkit"
_enabled = False


def static_svg(chart_or_spec: Any) -> str | None:
    """The chart drawn as inline SVG (vl-convert, no network), or None if it can't be drawn."""
    try:
        import vl_convert as vlc

        spec = chart_or_spec if isinstance(chart_or_spec, dict) else chart_or_spec.to_dict()
        return vlc.vegalite_to_svg(spec)
    except Exception:  # a fallback must never break the live view
        return None


def chart_html(chart_or_spec: Any, alt_text: str = "chart") -> str:
    """A static HTML block with the chart's SVG, or a note when it can't be drawn."""
    svg = static_svg(chart_or_spec)
    if svg is None:
        return f'<div class="okrkit-chart-static"><i>({alt_text} — run the notebook to see it)</i></div>'
    return f'<div class="okrkit-chart-static" role="img" aria-label="{alt_text}">{svg}</div>'


def offline_chart_widget(chart: Any):
    """An altair JupyterChart whose JavaScript comes from vl-convert, never from a CDN."""
    import altair as alt

    alt.JupyterChart.enable_offline(True)
    return alt.JupyterChart(chart)


def enable_offline_charts() -> str:
    """Render altair charts as offline widgets (JupyterChart) with a static SVG fallback; idempotent."""
    global _enabled
    import altair as alt

    if not _enabled:
        alt.renderers.enable("jupyter", offline=True)
        widget_renderer = alt.renderers.get()

        def render(spec: dict, **metadata):
            bundle = widget_renderer(spec, **metadata)
            data, meta = bundle if isinstance(bundle, tuple) else (bundle, {})
            data = dict(data)
            data.setdefault("text/html", chart_html(spec))
            return (data, meta) if isinstance(bundle, tuple) else data

        alt.renderers.register(RENDERER, render)
        _enabled = True
    alt.renderers.enable(RENDERER)
    return RENDERER


class StaticFallback:
    """Mixin for widgets: their display bundle also carries text/html, shown where widgets can't run."""

    def static_html(self) -> str:
        """HTML shown by nbconvert, GitHub and other viewers without a widget manager."""
        raise NotImplementedError

    def _repr_mimebundle_(self, **kwargs):
        data = super()._repr_mimebundle_(**kwargs)
        if data is None:
            return data
        data = dict(data)
        try:
            data["text/html"] = self.static_html()
        except Exception as exc:  # never lose the live widget because the summary failed
            data["text/html"] = f"<i>(static view unavailable: {exc})</i>"
        return data
