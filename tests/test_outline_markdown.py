"""Outline and markdown reading as a tutor reads it (issue 11): field lines under an objective, headings that
are titles, periods or phases, and emphasis markup."""

from __future__ import annotations

import pytest

import okrkit

KR = "- KR1: Raise weekly active teams from 120 to 180 by 2026-09-30"


def _load(text: str):
    return okrkit.loads(text)


@pytest.mark.parametrize(
    "line, field, value",
    [
        ("Aligns to: G2 Grow active teams", "aligns_to", "G2 Grow active teams"),
        ("Supports: company goal 1", "aligns_to", "company goal 1"),
        ("Aligned with: the platform team's objective", "aligns_to", "the platform team's objective"),
        ("Why: new teams give up in week one", "why", "new teams give up in week one"),
        ("Owner: Priya", "owner", "Priya"),
        ("- Aligns to: G2", "aligns_to", "G2"),
    ],
)
def test_a_field_line_under_an_objective_fills_that_field(line, field, value):
    s = _load(f"O1: Make team setup painless\n{line}\n{KR}\nO2: Keep the app fast\n- KR1: Cut p95 load from 3s to 2s\n")
    assert [o.objective for o in s.objectives] == ["Make team setup painless", "Keep the app fast"]
    assert getattr(s.objectives[0], field) == value
    assert len(s.objectives[0].key_results) == 1


def test_a_guessed_field_name_is_said_back():
    s = _load(f"O1: Make team setup painless\nSupports: G1\n{KR}\n")
    assert any("Supports" in n.message and "aligns_to" in n.message for n in s.notes)


@pytest.mark.parametrize(
    "text, title, period",
    [
        (
            f"# Plans for the mobile app\n## Mobile app, Q4 2026\n## O1 Make team setup painless\n{KR}\n",
            None,
            "Q4 2026",
        ),
        (f"## Q4 2026\n## Objective 1: Make team setup painless\n{KR}\n", None, "Q4 2026"),
        (f"# Our quarter\n### Objective 1: Make team setup painless\n{KR}\n", "Our quarter", None),
    ],
)
def test_title_and_period_headings_are_not_objectives(text, title, period):
    s = _load(text)
    assert [o.objective for o in s.objectives] == ["Make team setup painless"]
    assert s.period == period
    if title:
        assert s.title == title


def test_phase_headings_group_objectives():
    text = (
        "# First ninety days\n### Weeks 1-4: Listen\nObjective: Understand how support works\n"
        "- KR1: Shadow 12 support calls by day 30\n### Weeks 5-8: Act\nObjective: Fix the top complaint\n"
        "- KR1: Cut refund requests from 40 to 25 a week by day 60\n"
    )
    s = _load(text)
    assert [o.objective for o in s.objectives] == ["Understand how support works", "Fix the top complaint"]
    assert [len(o.key_results) for o in s.objectives] == [1, 1]


def test_phase_headings_above_objective_headings():
    text = (
        "## Month 1: Learn\n### Objective 1: Understand how support works\n- KR1: Shadow 12 calls by day 30\n"
        "## Month 2: Act\n### O2 Fix the top complaint\n- KR1: Cut refund requests from 40 to 25 a week by day 60\n"
    )
    s = _load(text)
    assert [o.objective for o in s.objectives] == ["Understand how support works", "Fix the top complaint"]


def test_objective_headings_without_key_results_stay_objectives():
    s = _load("## Objective 1: Make team setup painless\n## Objective 2: Keep the app fast\n")
    assert [o.objective for o in s.objectives] == ["Make team setup painless", "Keep the app fast"]


def test_emphasis_is_stripped_but_words_kept():
    text = (
        "## **Objective 1:** Make *team setup* __painless__\n"
        "- **KR1:** Raise `weekly active teams` from **120** to _180_ by 2026-09-30\n"
        "- KR2: Cut setup time from 30 to 10 minutes, measured with `setup_timer_v2`\n"
    )
    s = _load(text)
    o = s.objectives[0]
    assert o.objective == "Make team setup painless"
    assert o.key_results[0].text == "Raise weekly active teams from 120 to 180 by 2026-09-30"
    assert o.key_results[0].target == 180
    assert o.key_results[1].text.endswith("setup_timer_v2")


def test_a_key_results_sub_heading_is_the_objectives_content():
    text = (
        "# Team OKRs\n## Delight new users\n### Key Results\n- Raise activation from 40% to 55% by 2026-09-30\n"
        "## Grow revenue\n### Key results\n- Grow MRR from $40k to $60k by 2026-09-30\n"
    )
    s = _load(text)
    assert s.title == "Team OKRs"
    assert [(o.objective, len(o.key_results)) for o in s.objectives] == [("Delight new users", 1), ("Grow revenue", 1)]
