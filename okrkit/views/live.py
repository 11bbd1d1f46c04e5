"""Checking as the student types: a debouncer, and a text box whose findings update live."""

from __future__ import annotations

import asyncio
from collections.abc import Callable

import ipywidgets as widgets

from okrkit.check import lint_statement
from okrkit.model import Finding
from okrkit.render.findings import findings_html
from okrkit.render.theme import esc
from okrkit.views.render import StaticFallback

#: Seconds to wait after the last keystroke before checking (the checker itself takes about a millisecond).
DELAY = 0.35


class Debouncer:
    """Calls fn once typing pauses for `delay` seconds (on the kernel's event loop); at once when there is no loop."""

    def __init__(self, fn: Callable[[], None], delay: float = DELAY) -> None:
        self.fn = fn
        self.delay = delay
        self._handle: asyncio.TimerHandle | None = None
        self.calls = 0

    def __call__(self, *_ignored) -> None:
        if self.delay <= 0:
            return self._fire()
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:  # no event loop (tests, scripts): check right away
            return self._fire()
        if self._handle is not None:
            self._handle.cancel()
        self._handle = loop.call_later(self.delay, self._fire)

    def _fire(self) -> None:
        self._handle = None
        self.calls += 1
        self.fn()


class StatementChecker(StaticFallback, widgets.VBox):
    """A text box for one key result or objective, with the checker's findings updating as you type."""

    def __init__(self, text: str = "", kind: str = "key_result", delay: float = DELAY) -> None:
        self.kind = kind
        self.text = widgets.Text(
            value=text,
            continuous_update=True,
            placeholder="Type a key result …",
            layout=widgets.Layout(width="auto"),  # stretches to the box; width 100% plus the widget's margin overflows
        )
        self.text.add_class("okrkit-statement-input")
        self.panel = widgets.HTML()
        self.findings: list[Finding] = []
        self._debounced = Debouncer(self.check, delay)
        self.text.observe(self._debounced, names="value")
        super().__init__([widgets.HTML("<b>Rewrite it here and watch the feedback change:</b>"), self.text, self.panel])
        self.add_class("okrkit-statement-checker")
        self.check()

    def check(self) -> list[Finding]:
        """Check the text now and show the findings."""
        value = self.text.value.strip()
        self.findings = lint_statement(value, kind=self.kind) if value else []
        self.panel.value = (
            findings_html(self.findings, empty="The checker has nothing to add: well done.")
            if value
            else "<i>Type a statement to check it.</i>"
        )
        return self.findings

    def static_html(self) -> str:
        return f"<div><b>{esc(self.text.value)}</b></div>" + self.panel.value


def live_check(text: str = "", kind: str = "key_result") -> StatementChecker:
    """A text box that checks one statement as you type (debounced)."""
    return StatementChecker(text, kind)
