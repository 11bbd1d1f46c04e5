"""The one place HTML is built: Jinja2 templates in okrkit/render/templates, rendered by one environment.

Autoescape is on: every value a template prints is escaped with :func:`okrkit.render.theme.esc` unless it is
already markup (a macro's output, or HTML this package built), once: by ``finalize`` (``safe``), not again by
Jinja's own escape(). Templates get the palette as ``theme`` and the
number formatters as filters (``points``, ``value``, ``share``, ``score``, ``counted``). jinja2 is imported on first use,
so importing a module that renders costs nothing until something is shown.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

from markupsafe import Markup

from okrkit.render import labels, numbers, theme, words

TEMPLATES = Path(__file__).with_name("templates")


def safe(value: Any) -> Markup:
    """A value ready to print in HTML: markup stays as it is, anything else is escaped (None → '')."""
    if hasattr(value, "__html__"):
        return value
    if type(value) is str:
        return _escaped(value)
    return Markup(theme.esc(value))


@lru_cache(maxsize=8192)
def _escaped(text: str) -> Markup:
    """A string escaped once (the theme's colours and styles, labels: templates print the same ones often)."""
    return Markup(theme.esc(text))


def _join(items: Iterable[Any], separator: str = "") -> Markup:
    """Items joined with the same escape as everything else."""
    return safe(separator).join(safe(i) for i in items)


def _escape_once() -> type:
    """Jinja's code generator, printing ``{{ x }}`` as ``finalize(x)`` where autoescape would write
    ``escape(finalize(x))``: finalize (``safe``) already returns escaped markup, so a second escape() only copied
    it (a quarter of the time spent rendering a feedback page). Output is unchanged, byte for byte."""
    from jinja2.compiler import CodeGenerator

    class EscapeOnce(CodeGenerator):
        def _output_child_pre(self, node: Any, frame: Any, finalize: Any) -> None:
            if finalize.src is not None and frame.eval_ctx.autoescape and not frame.eval_ctx.volatile:
                self.write("(" + finalize.src)  # _output_child_post closes both parentheses
                return
            super()._output_child_pre(node, frame, finalize)

    return EscapeOnce


@cache
def environment():
    """The Jinja2 environment (built once per process)."""
    import jinja2

    class Environment(jinja2.Environment):
        code_generator_class = _escape_once()

    env = Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        autoescape=True,
        finalize=safe,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        auto_reload=False,
    )
    env.filters.update(
        e=safe,
        escape=safe,
        join=_join,
        points=numbers.fmt_points,
        value=numbers.fmt_value,
        share=numbers.fmt_share,
        score=numbers.fmt_score,
        category=labels.category_label,
        place=labels.place_label,
        by_severity=labels.by_severity,
        counted=words.counted,
    )
    env.globals["theme"] = theme
    return env


def render(template: str, /, **context: Any) -> str:
    """A template rendered with some values; its table cells read from the left unless they say otherwise."""
    return left_aligned(environment().get_template(template).render(**context))


_CELL = re.compile(r"<(t[dh])\b([^>]*)>")
_STYLE = re.compile(r'\bstyle="([^"]*)"')


def _align_cell(m: re.Match) -> str:
    tag, attrs = m.groups()
    if "text-align" in attrs:
        return m.group(0)
    style = _STYLE.search(attrs)
    if style:
        attrs = attrs[: style.start()] + f'style="text-align:left;{style.group(1)}"' + attrs[style.end() :]
    else:
        attrs += ' style="text-align:left"'
    return f"<{tag}{attrs}>"


def left_aligned(html: str) -> str:
    """Every table cell without its own text-align made explicitly left-aligned (JupyterLab right-aligns cells)."""
    return _CELL.sub(_align_cell, html) if "<t" in html else html


@cache
def _macros():
    return environment().get_template("_macros.html").module


def macro(name: str):
    """A macro of _macros.html, callable from Python (it returns markup)."""
    return getattr(_macros(), name)


def macros(template: str, /, **context: Any):
    """The macros of a template, callable from Python, with some values in their context."""
    return environment().get_template(template).make_module(context)


# ── small pieces for HTML built in Python (widget values) ─────────────────────────────────
def badge(label: str, color: str) -> str:
    """A small coloured label."""
    return str(macro("badge")(label, color))


def box(inner: str, css_class: str = "okrkit-box", border: str = theme.BORDER_LIGHT) -> str:
    """A bordered block around some HTML, with a class the browser test and stylesheets can find."""
    return str(macro("box")(Markup(inner), css_class, border))


def light(name: str, title: str = "") -> str:
    """A workshop traffic light as a pill that says its colour in words (title: why it has that colour)."""
    return str(macro("light")(name, title))
