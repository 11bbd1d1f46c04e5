"""Check-in sliders: move each key result's current value and the week, and watch scores, pace and the chart."""

from __future__ import annotations

import copy
from datetime import date, timedelta

import altair as alt
import ipywidgets as widgets

from okrkit.check import lint
from okrkit.model import Finding, KeyResult, OKRSet
from okrkit.render.findings import findings_html
from okrkit.render.html import badge, box
from okrkit.render.numbers import fmt_score, fmt_share
from okrkit.render.theme import BAND_COLORS, esc
from okrkit.scoring import endpoints, four_point_word, interpret
from okrkit.views.charts import progress_chart, progress_rows
from okrkit.views.render import StaticFallback, chart_html, offline_chart_widget


def _range(kr: KeyResult) -> tuple[float, float, float] | None:
    """(min, max, step) for a key result's slider: baseline to target with room on both sides."""
    if kr.direction in ("keep", "achieve"):
        return None
    baseline, target = endpoints(kr)
    if target is None or target == baseline:
        return None
    lo, hi = sorted((baseline, target))
    pad = (hi - lo) * 0.25
    span = hi - lo + 2 * pad
    step = 10 ** (len(str(int(span))) - 3) if span >= 100 else (0.1 if span < 20 else 0.5)
    lo = max(0.0, lo - pad) if lo >= 0 else lo - pad
    return round(lo, 3), round(hi + pad, 3), step


class ScoreSliders(StaticFallback, widgets.VBox):
    """A slider per key result (its current value) and one for the week; scores, findings and chart follow."""

    def __init__(self, okrs: OKRSet, as_of: date | None = None) -> None:
        if not (okrs.start and okrs.end):
            raise ValueError("the set needs a period (e.g. 'period: 2026-Q3') so the sliders know the weeks")
        self.okrs = copy.deepcopy(okrs)
        self.krs: list[KeyResult] = self.okrs.key_results
        self.sliders: list[widgets.FloatSlider | None] = []
        self.readouts: list[widgets.HTML] = []
        rows = []
        for i, kr in enumerate(self.krs, 1):
            r = _range(kr)
            readout = widgets.HTML()
            self.readouts.append(readout)
            label = widgets.HTML(f"<b>KR{i}</b> {esc(kr.text)}")
            if r is None:
                self.sliders.append(None)
                rows.append(widgets.VBox([label, widgets.HTML("<i>(not a from–to key result: no slider)</i>")]))
                continue
            lo, hi, step = r
            value = kr.current if kr.current is not None else (kr.baseline if kr.baseline is not None else lo)
            s = widgets.FloatSlider(
                value=min(max(value, lo), hi),
                min=lo,
                max=hi,
                step=step,
                description=f"KR{i} now",
                continuous_update=False,
                style={"description_width": "70px"},
                layout=widgets.Layout(width="420px"),
            )
            s.add_class("okrkit-kr-slider")
            self.sliders.append(s)
            rows.append(widgets.VBox([label, widgets.HBox([s, readout])]))
        self.weeks = max(1, round((self.okrs.end - self.okrs.start).days / 7))
        day = as_of or self.okrs.as_of or self.okrs.start
        week = min(self.weeks, max(0, round((day - self.okrs.start).days / 7)))
        self.week = widgets.IntSlider(
            value=week,
            min=0,
            max=self.weeks,
            description="Week",
            continuous_update=False,
            style={"description_width": "70px"},
            layout=widgets.Layout(width="420px"),
        )
        self.week.add_class("okrkit-week-slider")
        self.week_label = widgets.HTML()
        self.summary = widgets.HTML()
        self.panel = widgets.HTML()
        self.findings: list[Finding] = []
        self.rows: list[dict] = []
        self.chart: alt.LayerChart = progress_chart(self.okrs, as_of=day)
        self.chart_widget = offline_chart_widget(self.chart)
        self.chart_widget.add_class("okrkit-progress-chart")
        for s in self.sliders:
            if s is not None:
                s.observe(self.update, names="value")
        self.week.observe(self.update, names="value")
        super().__init__(
            [
                widgets.HTML("<b>Check-in</b>: move a key result's current value or the week."),
                *rows,
                widgets.HBox([self.week, self.week_label]),
                self.summary,
                self.chart_widget,
                self.panel,
            ]
        )
        self.add_class("okrkit-score-sliders")
        self.update()

    @property
    def as_of(self) -> date:
        """The check-in date the week slider stands for (never past the period's end)."""
        return min(self.okrs.start + timedelta(weeks=self.week.value), self.okrs.end)

    def update(self, *_ignored) -> None:
        """Read the sliders into the set, then redraw the scores, the chart and the check-in findings."""
        for kr, s in zip(self.krs, self.sliders):
            if s is not None:
                kr.current = s.value
        as_of = self.as_of
        self.okrs.as_of = as_of
        self.rows = progress_rows(self.okrs, as_of)
        for kr_row, readout in zip([r for r in self.rows if r["kind"] == "key result"], self.readouts):
            readout.value = _readout(kr_row)
        self.week_label.value = f"{as_of.isoformat()} · {fmt_share(self.week.value / self.weeks)} of the period gone"
        self.chart = progress_chart(self.rows)
        self.chart_widget.chart = self.chart
        self.findings = lint(self.okrs, as_of=as_of, select=["OKR4"])
        self.summary.value = _summary(self.rows, self.okrs)
        self.panel.value = findings_html(
            self.findings, title="What the check-in says", empty="Nothing unusual at this check-in."
        )

    def static_html(self) -> str:
        note = (
            "<div><i>Check-in sliders (interactive in JupyterLab): scores at week "
            f"{self.week.value} of {self.weeks}.</i></div>"
        )
        return note + self.summary.value + chart_html(self.chart, "progress of each key result") + self.panel.value


def _readout(row: dict) -> str:
    """'0.40 · yellow · 2 fair' for a key result row."""
    if not row["scored"]:
        return "<i>not scored</i>"
    return (
        f" {fmt_score(row['progress'])} {badge(row['band'], BAND_COLORS[row['band']])} "
        f"{row['grade4']} {four_point_word(row['grade4'])}"
    )


def _summary(rows: list[dict], okrs: OKRSet) -> str:
    """The objectives' roll-ups: score, band, 1–4 point, and what the score means."""
    parts = []
    objectives = iter(okrs.objectives)
    for r in rows:
        if r["kind"] != "objective":
            continue
        obj = next(objectives)
        if not r["scored"]:
            parts.append(f"<div>{esc(obj.objective)}: not scored yet</div>")
            continue
        parts.append(
            f"<div><b>{esc(obj.objective)}</b> ({esc(obj.type)}): roll-up <b>{fmt_score(r['progress'])}</b> "
            f"{badge(r['band'], BAND_COLORS[r['band']])} = {r['grade4']} "
            f"({four_point_word(r['grade4'])}) on the 1–4 scale — "
            f"<i>{esc(interpret(r['progress'], obj.type))}</i></div>"
        )
    return box("".join(parts), "okrkit-rollup")


def score_sliders(okrs: OKRSet, as_of: date | None = None) -> ScoreSliders:
    """Sliders for each key result's check-in value and the week, driving a live progress chart."""
    return ScoreSliders(okrs, as_of)
