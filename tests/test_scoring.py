"""Scoring: direction-aware progress, bands, the 1–4 scale, roll-ups and pace."""

from __future__ import annotations

from datetime import date

import pytest

import okrkit
from okrkit.model import KeyResult, Objective
from okrkit.scoring import (
    band,
    elapsed,
    four_point_word,
    from_four_point,
    interpret,
    kr_progress,
    objective_score,
    pace,
    score_report,
    to_four_point,
)


def kr(**kw) -> KeyResult:
    return KeyResult(text=kw.pop("text", "x"), **kw)


@pytest.mark.parametrize(
    "k, current, expected",
    [
        (kr(baseline=20, target=30, direction="increase"), 25, 0.5),
        (kr(baseline=57, target=3, direction="decrease"), 30, 0.5),  # 57 → 3 days, halfway at 30
        (kr(baseline=57, target=3, direction="decrease"), 60, 0.0),  # went backwards: clamped
        (kr(baseline=57, target=3, direction="decrease"), 1, 1.0),  # beyond target: clamped
        (kr(target=2000, direction="increase"), 500, 0.25),  # no baseline → 0
        (kr(direction="achieve"), 1, 1.0),
        (kr(direction="achieve"), 0, 0.0),
        (kr(baseline=100, relative_change=10, direction="increase"), 105, 0.5),
        (kr(delta=15, direction="decrease", unit="lb"), 5, 1 / 3),
    ],
)
def test_progress(k, current, expected):
    assert kr_progress(k, current) == pytest.approx(expected)


def test_score_public_api_parses_text():
    k = okrkit.parse_key_result("Reduce reimbursement time from 57 days to 3 days by Q4")
    assert okrkit.score(k, current=30) == pytest.approx(0.5)
    assert okrkit.score(k, current=20) == pytest.approx(37 / 54)


def test_unscorable_is_none():
    assert kr_progress(kr(direction="increase"), 5) is None
    assert kr_progress(kr(baseline=1, target=2), None) is None


def test_keep_scores_inside_range():
    up = kr(text="Keep churn below 2%", direction="keep", target=2)
    assert kr_progress(up, 1.5) == 1.0 and kr_progress(up, 2.5) == 0.0
    low = kr(text="Maintain 99.9% uptime", direction="keep", target=99.9)
    assert kr_progress(low, 99.95) == 1.0 and kr_progress(low, 99.0) == 0.0


@pytest.mark.parametrize(
    "g, name", [(0.0, "red"), (0.3, "red"), (0.4, "yellow"), (0.6, "yellow"), (0.7, "green"), (1.0, "green")]
)
def test_bands(g, name):
    assert band(g) == name


@pytest.mark.parametrize(
    "g, point", [(0.0, 1), (0.35, 1), (0.4, 2), (0.69, 2), (0.7, 3), (0.94, 3), (0.95, 4), (1.0, 4)]
)
def test_four_point_scale(g, point):
    assert to_four_point(g) == point
    assert to_four_point(from_four_point(point)) == point


def test_four_point_words_and_bad_point():
    assert [four_point_word(p) for p in (1, 2, 3, 4)] == ["poor", "fair", "good", "great"]
    with pytest.raises(ValueError):
        from_four_point(5)


def test_objective_roll_up_is_weighted_mean():
    o = Objective(
        "o",
        key_results=[
            kr(baseline=0, target=10, current=10, direction="increase"),
            kr(baseline=0, target=10, current=0, direction="increase", weight=3),
            kr(direction="increase"),
        ],
    )  # unscorable: ignored
    assert objective_score(o) == pytest.approx(0.25)


def test_pace_and_elapsed():
    start, end = date(2026, 7, 1), date(2026, 9, 30)
    mid = date(2026, 8, 15)
    assert elapsed(start, end, mid) == pytest.approx(45 / 91)
    assert pace(0.5, start, end, mid) == "on track"
    assert pace(0.9, start, end, mid) == "ahead"
    assert pace(0.1, start, end, mid) == "behind"


def test_interpretation_depends_on_type():
    assert "success" in interpret(0.7, "aspirational")
    assert "committed" in interpret(0.7, "committed")
    assert "bar" in interpret(1.0, "aspirational")


def test_score_report():
    s = okrkit.loads(
        "period: 2026-Q3\nas_of: 2026-08-15\nobjectives:\n  - objective: O\n    key_results:\n"
        "      - {text: Raise activation from 20% to 30%, current: 25}\n"
        "      - {text: Cut setup time from 3 days to 1 day, current: 3}\n"
    )
    (o,) = score_report(s)
    assert o.score == pytest.approx(0.25) and o.grade4 == 1 and o.band == "red"
    assert [k.pace for k in o.key_results] == ["on track", "behind"]


def test_band_is_judged_at_the_shown_precision():
    g = (21.2 - 20) / (23 - 20)  # 0.39999… in floating point, shown as 0.40
    assert g < 0.4 and band(g) == "yellow" and to_four_point(g) == 2
