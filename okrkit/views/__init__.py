"""Widgets and charts for the lessons (ipywidgets 8, altair). Importing this module sets altair to render
charts offline (as widgets, with a static SVG fallback); ``import okrkit`` alone never loads any of it."""

from __future__ import annotations

from okrkit.views.render import enable_offline_charts

enable_offline_charts()

from okrkit.render.cards import compare, show_key_result, show_rule, show_set  # noqa: E402
from okrkit.render.findings import FindingsView, show_findings  # noqa: E402
from okrkit.views.builder_widget import Builder, builder  # noqa: E402
from okrkit.views.charts import cycle_chart, pace_chart, progress_chart, scale_chart  # noqa: E402
from okrkit.views.live import StatementChecker, live_check  # noqa: E402
from okrkit.views.quiz_widget import Quiz, quiz  # noqa: E402
from okrkit.views.sliders import ScoreSliders, score_sliders  # noqa: E402

__all__ = [
    "Builder",
    "FindingsView",
    "Quiz",
    "ScoreSliders",
    "StatementChecker",
    "builder",
    "compare",
    "cycle_chart",
    "enable_offline_charts",
    "live_check",
    "pace_chart",
    "progress_chart",
    "quiz",
    "scale_chart",
    "score_sliders",
    "show_findings",
    "show_key_result",
    "show_rule",
    "show_set",
]
