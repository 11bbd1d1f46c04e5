"""The lesson views without a browser: widgets react to value changes, charts carry the data they should."""

from __future__ import annotations

import asyncio
import subprocess
import sys
from pathlib import Path

import pytest

import okrkit
from okrkit.render import findings as feedback
from okrkit.scoring import objective_score
from okrkit.views import charts

views = pytest.importorskip("okrkit.views")
from okrkit.lessons import load_checkins  # noqa: E402
from okrkit.views.live import Debouncer  # noqa: E402

REPO = Path(__file__).resolve().parents[1]
EXAMPLES = REPO / "data" / "examples"
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"


@pytest.fixture()
def registration():
    return okrkit.load(EXAMPLES / "registration-q3.yaml")


def _codes(findings) -> set[str]:
    return {f.code for f in findings}


def _chart_values(spec: dict) -> list[dict]:
    """The inline data rows of a (layered) chart spec, first layer that has them."""
    if "data" in spec and "values" in spec["data"]:
        return spec["data"]["values"]
    for layer in spec.get("layer", []):
        if "data" in layer and "values" in layer["data"]:
            return layer["data"]["values"]
    datasets = spec.get("datasets", {})
    return next(iter(datasets.values())) if datasets else []


# ── imports and rendering ──────────────────────────────────────────────────────────────────
def test_import_okrkit_stays_light():
    code = "import sys, okrkit; print(sorted(m for m in ('altair', 'ipywidgets', 'pandas') if m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


def test_importing_views_enables_offline_renderer():
    import altair as alt

    assert alt.renderers.active == "okrkit"


def test_chart_widgets_never_load_from_a_cdn(registration):
    import altair as alt

    alt.JupyterChart.enable_offline(False)  # as in a fresh kernel where no chart was rendered yet
    board = views.score_sliders(registration)
    assert len(board.chart_widget._esm) > 100_000  # vega bundled in
    assert "esm.sh" not in board.chart_widget._esm and "cdn.jsdelivr" not in board.chart_widget._esm


def test_chart_bundle_has_widget_and_static_svg(registration):
    bundle = charts.progress_chart(registration)._repr_mimebundle_()
    data = bundle[0] if isinstance(bundle, tuple) else bundle
    assert WIDGET_VIEW in data
    assert "<svg" in data["text/html"] and "okrkit-chart-static" in data["text/html"]


# ── charts ─────────────────────────────────────────────────────────────────────────────────
def test_progress_rows_follow_scoring(registration):
    rows = charts.progress_rows(registration)
    assert [r["kind"] for r in rows] == ["objective", "key result", "key result", "key result"]
    assert rows[0]["progress"] == pytest.approx(objective_score(registration.objectives[0]), abs=1e-3)
    kr1 = rows[1]
    assert kr1["progress"] == pytest.approx((21.2 - 20) / (23 - 20), abs=1e-3)
    assert kr1["band"] == okrkit.band(kr1["progress"])
    assert 0 < kr1["expected"] < 1  # mid-quarter check-in


def test_progress_chart_carries_rows_and_fixed_band_colours(registration):
    spec = charts.progress_chart(registration).to_dict()
    values = _chart_values(spec)
    assert [v["label"] for v in values] == [r["label"] for r in charts.progress_rows(registration)]
    scales = [layer["encoding"]["color"]["scale"] for layer in spec["layer"] if "color" in layer.get("encoding", {})]
    assert scales and scales[0]["domain"][:3] == ["red", "yellow", "green"]


def test_pace_rows_and_chart(registration):
    history = load_checkins(EXAMPLES / "registration-checkins.yaml")
    rows = charts.pace_rows(registration, history)
    assert len(rows) == len(history) * len(registration.key_results)
    first = [r for r in rows if r["date"] == "2026-07-08"]
    assert all(r["progress"] == 0 for r in first)  # the quarter starts at the baselines
    spec = charts.pace_chart(registration, history).to_dict()
    assert "layer" in spec and len(spec["layer"]) == 3  # steady line, key results, today


def test_pace_rows_need_one_value_per_key_result(registration):
    with pytest.raises(ValueError, match="one value per key result"):
        charts.pace_rows(registration, [{"as_of": "2026-07-10", "current": [1, 2]}])


def test_pace_chart_needs_a_period():
    s = okrkit.loads("objectives:\n  - objective: A\n    key_results: [Raise x from 1 to 2]\n")
    with pytest.raises(ValueError, match="period"):
        charts.pace_chart(s, [])


def test_scale_rows_match_scoring_tables():
    rows = charts.scale_rows()
    points = [r for r in rows if r["scale"] == "1–4 point"]
    for r in points:
        mid = (r["from"] + r["to"]) / 2
        assert okrkit.to_four_point(mid) == int(r["label"].split()[0])


# ── score sliders ──────────────────────────────────────────────────────────────────────────
def test_slider_change_changes_rows_chart_and_findings(registration):
    board = views.score_sliders(registration)
    spec_before = board.chart_widget.spec
    kr1_before = board.rows[1]["progress"]
    board.sliders[0].value = 23  # KR1 reaches its target
    assert board.rows[1]["progress"] == 1.0 != kr1_before
    assert board.rows[1]["band"] == "green"
    assert board.chart_widget.spec != spec_before
    assert _chart_values(board.chart_widget.spec)[1]["progress"] == 1.0
    assert "1.00" in board.readouts[0].value


def test_week_slider_brings_checkin_findings(registration):
    """What lesson 04 tells the student to try must be true."""
    board = views.score_sliders(registration)
    assert not [f for f in board.findings if f.flagged]
    board.sliders[0].value = 23
    board.week.value = 4
    assert "OKR401" in _codes(board.findings)  # 100% early: the bar was too low
    assert "OKR401" in board.panel.value
    board.sliders[1].value = 3  # back to the 3-day baseline
    board.week.value = 10
    assert "OKR402" in _codes(board.findings)  # stalled late in the quarter
    assert board.as_of == registration.start + (board.as_of - registration.start)


def test_sliders_roll_up_and_original_set_untouched(registration):
    board = views.score_sliders(registration)
    for s, kr in zip(board.sliders, registration.key_results):
        s.value = kr.target
    assert board.rows[0]["progress"] == 1.0
    assert "full marks" in board.summary.value
    assert registration.key_results[0].current == 21.2  # the widget works on a copy


def test_sliders_static_fallback(registration):
    board = views.score_sliders(registration)
    data = board._repr_mimebundle_()
    assert WIDGET_VIEW in data
    assert "<svg" in data["text/html"] and "roll-up" in data["text/html"]


def test_sliders_need_a_period():
    s = okrkit.loads("objectives:\n  - objective: A\n    key_results: [Raise x from 1 to 2, Cut y from 4 to 2]\n")
    with pytest.raises(ValueError, match="period"):
        views.score_sliders(s)


# ── builder ────────────────────────────────────────────────────────────────────────────────
def test_builder_checks_what_is_typed():
    b = views.builder(EXAMPLES / "builder-start.yaml")
    assert "OKR301" in _codes(b.findings)  # one key result only
    b.key_results.value += "\nLaunch the new onboarding flow"
    assert "OKR103" in _codes(b.findings)  # an initiative typed as a key result
    assert "OKR301" not in _codes(b.findings)
    assert "Launch the new onboarding flow" in b.panel.value and "OKR103" in b.panel.value
    b.key_results.value = b.key_results.value.replace(
        "Launch the new onboarding flow", "Cut median time to first project from 3 days to 1 day"
    )
    assert "OKR103" not in _codes(b.findings)


def test_builder_objective_and_alignment_fields_matter():
    b = views.builder(EXAMPLES / "builder-start.yaml")
    b.objective.value = "Migrate the billing service to the new database"
    assert "OKR202" in _codes(b.findings)
    b.objective.value = ""
    assert b.findings == [] and "Start with the objective" in b.panel.value
    b.objective.value = "New teams reach their first success on day one"
    b.aligns_to.value = ""
    assert "OKR307" in _codes(b.findings)


def test_builder_exports_yaml_that_loads_back():
    b = views.builder(EXAMPLES / "builder-start.yaml")
    b.initiatives.value = "- Redesign the sign-up form\n\n* Add a guided first project"
    b.type.value = "committed"
    text = b.export()
    assert b.yaml_box.value == text and b.yaml_box.layout.display is None
    s = okrkit.loads(text)
    assert [i.text for i in s.objectives[0].initiatives] == ["Redesign the sign-up form", "Add a guided first project"]
    assert s.objectives[0].type == "committed" and s.period == "2026-Q3"
    assert okrkit.dumps(s) == text


def test_builder_bad_period_is_explained_not_raised():
    b = views.builder(EXAMPLES / "builder-start.yaml")
    b.period.value = "next quarter"
    assert b.problem and "next quarter" in b.problem
    assert "Can't read this yet" in b.panel.value
    assert b.export().startswith("# can't export yet")


def test_builder_starts_empty_and_from_yaml_text(tmp_path):
    assert views.builder().objective.value == ""
    b = views.builder(
        "objectives:\n  - objective: Customers get answers fast\n    key_results: [Cut wait from 8 to 2 hours]\n"
    )
    assert b.objective.value == "Customers get answers fast"
    saved = b.save(tmp_path / "mine.yaml")
    assert okrkit.load(saved).objectives[0].objective == "Customers get answers fast"


def test_builder_static_fallback():
    data = views.builder(EXAMPLES / "builder-start.yaml")._repr_mimebundle_()
    assert WIDGET_VIEW in data
    assert "New teams reach their first success on day one" in data["text/html"]
    assert "OKR301" in data["text/html"]


# ── live checking ──────────────────────────────────────────────────────────────────────────
def test_statement_checker_updates_on_change():
    box = views.live_check("Conduct 10 interviews with current customers on their product use")
    assert "OKR101" in _codes(box.findings)
    box.text.value = "Raise the share of customers who renew from 40% to 55% by 2026-09-30"
    assert not [f for f in box.findings if f.flagged]
    assert "nothing to add" in box.panel.value
    box.text.value = ""
    assert box.findings == []


def test_debouncer_fires_once_after_a_pause():
    calls = []
    d = Debouncer(lambda: calls.append(1), delay=0.05)

    async def typing():
        for _ in range(5):
            d()
            await asyncio.sleep(0.01)
        assert calls == []  # still typing
        await asyncio.sleep(0.12)

    asyncio.run(typing())
    assert calls == [1] and d.calls == 1


def test_debouncer_without_loop_fires_at_once():
    calls = []
    Debouncer(lambda: calls.append(1), delay=0.5)()
    assert calls == [1]


# ── quiz ───────────────────────────────────────────────────────────────────────────────────
ITEMS = [
    {"statement": "Increase total users by 10%", "label": "bad", "note": "A vanity metric.", "source": "3.4 OKRs"},
    {"statement": "Increase weekly sessions per user by 10%", "label": "good", "note": "", "source": "3.4 OKRs"},
    {
        "statement": "Run three experiments to learn which part of the checkout flow can be improved the most",
        "label": "good",
        "note": "Contested.",
        "source": "3.4 OKRs",
    },
]


def test_quiz_explains_with_the_checker():
    q = views.quiz(ITEMS)
    assert q.answer("bad") is True
    assert q.score == 1
    assert "vanity metric" in q.feedback.value and "OKR107" in q.feedback.value
    assert "The checker agrees" in q.feedback.value and "A vanity metric." in q.feedback.value
    q.next_button.click()
    assert q.index == 1 and "Good OKR, or does it need work?" in q.feedback.value
    q.buttons[1].click()  # "Needs work" on a good one
    assert q.score == 1 and "Not quite" in q.feedback.value
    q.go(2)
    q.answer("good")
    assert "sees it differently" in q.feedback.value  # contested: label good, checker flags it


def test_quiz_rejects_unknown_answers_and_wraps():
    q = views.quiz(ITEMS)
    with pytest.raises(ValueError):
        q.answer("maybe")
    q.prev_button.click()
    assert q.index == len(ITEMS) - 1


def test_quiz_loads_labeled_files():
    q = views.quiz(REPO / "data" / "labeled" / "course.yaml", kind="key_result", limit=5)
    assert len(q.items) == 5 and all(i["kind"] == "key_result" for i in q.items)
    shuffled = views.quiz(REPO / "data" / "labeled" / "course.yaml", shuffle=True, seed=3)
    assert {i["statement"] for i in shuffled.items} >= {i["statement"] for i in q.items}
    with pytest.raises(ValueError):
        views.quiz([{"statement": "x", "label": "unknown"}])
    assert "<details" in q._repr_mimebundle_()["text/html"]


# ── feedback and cards ─────────────────────────────────────────────────────────────────────
def test_findings_html_escapes_and_collapses_tips():
    found = okrkit.lint_statement("Launch <script>alert(1)</script> the app")
    html = feedback.findings_html(found)
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert "<details>" in html  # the no-deadline tip sits behind a click
    only_tips = okrkit.lint_statement("Give one presentation a week")
    assert "<details>" not in feedback.findings_html(only_tips)
    assert "No findings" in feedback.findings_html([])


def test_findings_view_text_and_markdown():
    v = views.show_findings(okrkit.lint_statement("Become a better presenter"), title="T")
    assert str(v).startswith("T\nERROR OKR104")
    assert "**error** `OKR104`" in v._repr_markdown_()
    assert len(v) == len(list(v)) >= 2


def test_cards_show_set_rule_and_key_result(registration):
    card = views.show_set(registration, findings=True)
    assert "O1." in card._repr_html_() and "21.2" in card._repr_html_()
    assert "What the checker says" in card._repr_html_()
    assert "20% → 23%" in card._repr_html_()
    rule = views.show_rule("OKR304")  # a set rule: its bad example is flagged, its good one is not
    html = rule._repr_html_()
    assert html.count('data-code="OKR304"') == 1 and "OKR304 has nothing to say here" in html
    kr = views.show_key_result("Reduce the reimbursement window from 57 days to 3 days")
    assert "57" in kr._repr_html_() and "decrease" in str(kr)
    cmp = views.compare("Hold 12 customer workshops this quarter", "Raise renewals from 40% to 55% by 2026-09-30")
    assert "OKR101" in cmp._repr_html_()
