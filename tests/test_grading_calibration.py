"""Grading as a tutor would: one problem costs points once, missing work counts as missing, dates said in words.

Each test states a principle found by comparing the grader with tutor points (benchmarks/eval_grading.py)
and checks it with a small answer of its own.
"""

from __future__ import annotations

import pytest

from okrkit.assignment import day_phrase, load_assignment


@pytest.fixture(scope="module")
def hw():
    return load_assignment("assignment-03")


@pytest.fixture(scope="module")
def personal_okrs():
    return load_assignment("personal-okrs")


def req(result, rid):
    return next(r for r in result.requirements if r.id == rid)


def okr_set(objectives: list[tuple[str, list[str]]], head: str = "", aligns: str | None = None) -> str:
    out = [head + "objectives:"] if head else ["objectives:"]
    for obj, krs in objectives:
        out.append(f"  - objective: {obj}")
        if aligns:
            out.append(f"    aligns_to: {aligns}")
        out.append("    key_results:")
        out += [f"      - {k}" for k in krs]
    return "\n".join(out) + "\n"


def five_personal_okrs(second_kr_of_first: str = "Read the 4 latest customer research reports within 30 days") -> str:
    return okr_set(
        [
            ("I know what our users struggle with", ["Interview 7 users within 30 days", second_kr_of_first]),
            (
                "My team and I agree on what to build next",
                ["Lead 2 sprint plannings by day 60", "Cut unplanned work from 30% to 15% by day 60"],
            ),
            (
                "Users finish onboarding",
                [
                    "Raise onboarding completion from 48% to 55% by day 90",
                    "Keep onboarding support tickets under 20 a week by day 90",
                ],
            ),
            (
                "Sales trusts the roadmap",
                ["Join 6 sales calls by day 60", "Raise sales' roadmap rating from 2.8 to 3.8 by day 60"],
            ),
            (
                "I speak for the product",
                ["Give 4 product demos within 30 days", "Score 4 of 5 on demo feedback within 30 days"],
            ),
        ],
        head="level: individual\n",
    )


# ── one problem costs points once ─────────────────────────────────────────────────────────
def test_quality_does_not_charge_what_another_requirement_already_scores(personal_okrs):
    """'rewrite' has a 'how' requirement: an unmeasurable key result loses 'how' points, not quality points too."""
    text = okr_set(
        [
            (
                "I present with confidence",
                ["Raise my talk rating from 3.2 to 4.0 out of 5 by Sep 30", "Feel more at ease on stage by Sep 30"],
            )
        ]
    )
    r = personal_okrs.check("rewrite", text)
    assert req(r, "how").points < req(r, "how").max_points  # the 'how' requirement takes it
    charged = {d.finding.category for d in r.deductions}
    assert not charged & {"not_measurable", "too_vague", "no_target_or_baseline"}, [
        d.finding.code for d in r.deductions
    ]


def test_one_statement_is_charged_once_per_kind_of_problem(hw):
    """Two rules that both find a one-word objective too vague are one problem for a tutor: one deduction."""
    text = okr_set(
        [
            (
                "Drafts",
                ["Cut median time to send from 70 s to 55 s by Sep 30", "Raise drafts sent from 60% to 70% by Sep 30"],
            )
        ],
        aligns="G1",
    )
    r = hw.check("gmail", text)
    vague = [d for d in r.deductions if d.finding.category == "too_vague"]
    assert len({f.code for f in r.findings if f.category == "too_vague"}) >= 2  # both rules still teach
    assert len(vague) == 1 and req(r, "quality").points == 6 - vague[0].points


def test_a_single_key_result_without_a_counter_metric_is_one_problem(hw):
    """An objective with one key result loses the key-result count; 'no counter-metric' on it is the same gap."""
    text = okr_set(
        [
            ("More shoppers become paying members", ["Increase Prime sign-ups from 2.0M to 2.3M a month"]),
            (
                "Members stay",
                ["Lower monthly cancellations from 2.5% to 2.2%", "Raise annual renewals from 80% to 83%"],
            ),
        ],
        head="period: 2026-Q3\n",
        aligns="G1",
    )
    r = hw.check("prime", text)
    assert req(r, "key_results").points < req(r, "key_results").max_points
    assert not [d for d in r.deductions if d.finding.category == "no_counter_metric"]


# ── what counts as a key result ──────────────────────────────────────────────────────────
def test_a_key_result_with_no_target_is_still_a_key_result(hw):
    """'Increase X' is a badly formed key result (quality charges it), not a missing one."""
    text = okr_set(
        [
            (
                "Replies go out fast",
                [
                    "Increase the share of replies sent within a minute",
                    "Cut median reply time from 4 min to 3 min by Sep 30",
                ],
            )
        ],
        aligns="G1",
    )
    r = hw.check("gmail", text)
    assert req(r, "key_results").points == 2, req(r, "key_results").detail
    assert [d.finding.category for d in r.deductions] == ["no_target_or_baseline"]


def test_tasks_are_still_not_key_results_for_product_questions(hw):
    text = okr_set(
        [("Replies go out fast", ["Redesign the reply button", "Cut median reply time from 4 min to 3 min"])],
        aligns="G1",
    )
    assert req(hw.check("gmail", text), "key_results").points == 0


def test_kr_count_leaves_measurability_to_the_how_requirement(hw):
    """In the personal question 'how' judges each key result; the count counts the key results written."""
    r = hw.check("personal", five_personal_okrs("Get to know the product well within 30 days"))
    assert req(r, "key_results").points == 5, req(r, "key_results").detail
    assert req(r, "how").points < 7


def test_a_deliverable_with_a_done_state_is_a_personal_key_result(hw):
    """The personal question asks for 'a clear yes/no': publishing a report by a date can be checked."""
    r = hw.check("personal", five_personal_okrs("Publish a customer insights report within 30 days"))
    assert req(r, "how").points == 7 and req(r, "key_results").points == 5, str(r)
    assert not r.deductions
    assert any(f.category == "initiative_not_kr" and not f.flagged for f in r.findings)  # still taught, as a tip


# ── missing work counts as missing ───────────────────────────────────────────────────────
def test_requirements_per_key_result_are_shares_of_the_work_asked(hw):
    """One perfect OKR of the five asked is not most of the question."""
    full = hw.check("personal", five_personal_okrs())
    assert full.points == 40, str(full)
    one = (
        "level: individual\n"
        + five_personal_okrs().split("level: individual\n", 1)[1].split("  - objective: My team and I")[0]
    )
    r = hw.check("personal", one)
    for rid in ("key_results", "when", "how", "quality"):
        assert req(r, rid).points <= req(r, rid).max_points / 5 + 0.25, (rid, req(r, rid))
    assert "1 of the 5" in req(r, "when").detail


def test_more_objectives_than_asked_do_not_raise_the_shares(hw):
    r = hw.check(
        "gmail",
        okr_set(
            [
                (
                    "Replies go out fast",
                    ["Cut median reply time from 4 min to 3 min", "Raise replies with a suggestion from 20% to 26%"],
                )
            ],
            aligns="G1",
        ),
    )
    assert r.points == 15, str(r)


# ── alignment said in the objective's own words ──────────────────────────────────────────
@pytest.mark.parametrize(
    "objective,points",
    [
        ("Composing is quick (supports G1)", 3),
        ("Composing is quick, aligned with earning users' trust through safety and privacy", 3),
        ("Composing is quick - serves the goal of getting work done faster", 3),
        ("Composing is quick", 0),
        ("Composing is quick (supports our mission)", 0),
    ],
)
def test_alignment_named_in_the_objective_text_counts(hw, objective, points):
    text = okr_set(
        [(objective, ["Cut median reply time from 4 min to 3 min", "Raise replies with a suggestion from 20% to 26%"])]
    )
    assert req(hw.check("gmail", text), "alignment").points == points


# ── deadlines said in words ──────────────────────────────────────────────────────────────
@pytest.mark.parametrize(
    "text,days",
    [
        ("Send a weekly update from day 10 to day 90", 90),
        ("Post in the channel every week through day 60", 60),
        ("Score 4 of 5 at my 60-day check-in", 60),
        ("Pass my 90-day review", 90),
        ("Finish the onboarding modules in my first month", 30),
        ("Interview 8 customers by the end of month two", 60),
        ("Ship one fix in my third month", 90),
        ("Raise trial conversion in the 30-day free trial from 40% to 45%", None),
        ("Grow monthly active users from 10k to 12k", None),
    ],
)
def test_more_day_phrases(text, days):
    assert day_phrase(text) == days


def test_a_vague_objective_is_still_charged_where_how_judges_only_key_results(hw):
    """'how' judges key results; a vague objective ('too_vague' too) is not its business and still costs quality."""
    text = five_personal_okrs().replace("objective: Sales trusts the roadmap", "objective: Grow")
    r = hw.check("personal", text)
    assert req(r, "how").points == 7
    assert [d.finding.category for d in r.deductions] == ["too_vague"], str(r)


def test_a_plan_day_in_words_beats_another_date_the_parser_read(hw):
    """'by the end of month two' is day 60 of the plan, not the end of the current calendar month."""
    text = five_personal_okrs().replace(
        "Lead 2 sprint plannings by day 60", "Lead 2 sprint plannings by the end of month two"
    )
    r = hw.check("personal", text)
    assert req(r, "spread").points == 9 and req(r, "when").points == 7, str(r)
    text = five_personal_okrs().replace("by day 60", "by the end of month two")
    assert req(hw.check("personal", text), "spread").points == 9


def test_a_calendar_date_elsewhere_in_the_statement_still_wins():
    from datetime import date

    from okrkit import loads
    from okrkit.assignment.requirements import resolve_day_deadlines

    okrs = loads(
        okr_set(
            [
                (
                    "Users stay",
                    [
                        "Raise the share of users active in their first 30 days from 48% to 55% by 2026-09-25",
                        "Interview 8 customers by the end of month two",
                    ],
                )
            ]
        )
    )
    resolve_day_deadlines(okrs, date(2026, 7, 1))
    assert [kr.due for kr in okrs.objectives[0].key_results] == [date(2026, 9, 25), date(2026, 8, 30)]


def test_the_next_step_for_missing_objectives_is_to_write_them(hw):
    """With OKRs missing, most points are lost to the missing work: the next step says to write them."""
    three = five_personal_okrs().split("  - objective: Sales trusts")[0]
    r = hw.check("personal", three)
    assert "Next: Write exactly five objectives" in r.summary, r.summary


def test_a_task_with_no_date_is_still_not_a_personal_key_result(hw):
    """Only a deliverable that is done or not by its date is a clear yes/no; 'Ship things' is not."""
    r = hw.check("personal", five_personal_okrs("Ship things"))
    assert req(r, "how").points < 7, str(r)
    assert any(f.category == "initiative_not_kr" and f.flagged for f in r.findings)


def test_wording_too_vague_to_say_what_is_measured_is_not_a_key_result(hw):
    text = okr_set(
        [("Replies go out fast", ["Try to improve engagement", "Cut median reply time from 4 min to 3 min by Sep 30"])],
        aligns="G1",
    )
    r = hw.check("gmail", text)
    assert req(r, "key_results").points == 0 and "too vague" in req(r, "key_results").detail, req(r, "key_results")


def test_dated_tips_are_read_from_the_spec(tmp_path):
    from okrkit.assignment import parse_spec

    spec = (
        "id: t\nrubric:\n  dated_tips: [okr103]\nquestions:\n  - id: q\n    requirements:\n"
        "      - {id: q, kind: quality, points: 3}\n"
    )
    assert parse_spec(spec).question("q").rubric.dated_tips == {"OKR103"}


@pytest.mark.parametrize(
    "objective", ["Serve more members with faster delivery", "Support more paid members in checkout"]
)
def test_an_objective_that_starts_with_serve_or_support_does_not_name_a_goal(hw, objective):
    text = okr_set(
        [(objective, ["Cut delivery time from 3 days to 2 days", "Raise orders per member from 3.1 to 3.4"])]
    )
    assert req(hw.check("prime", text), "alignment").points == 0


# ── the tutor development set and its benchmark ──────────────────────────────────────────
def test_the_tutor_dev_set_is_well_formed():
    """Every answer names a real question, a reason, and tutor points within the question's points."""
    from pathlib import Path

    import yaml

    folder = Path(__file__).resolve().parents[1] / "data" / "tutor-dev"
    files = sorted(folder.glob("*.yaml"))
    assert files
    ids = []
    for path in files:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        a = load_assignment(data["assignment"])
        for x in data["answers"]:
            q = a.question(x["question"])
            assert 0 <= x["tutor"] <= q.max_points and float(x["tutor"] * 4).is_integer(), x["id"]
            assert x["reason"].strip() and x["answer"].strip(), x["id"]
            ids.append(x["id"])
    assert len(ids) == len(set(ids)) and len(ids) >= 30


def test_eval_grading_figures():
    import importlib.util
    import sys
    from pathlib import Path

    path = Path(__file__).resolve().parents[1] / "benchmarks" / "eval_grading.py"
    spec = importlib.util.spec_from_file_location("eval_grading", path)
    mod = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = mod  # dataclasses look their module up while the class is made
    spec.loader.exec_module(mod)
    rows = [mod.Row("f", str(i), "q", 10, t, g, "", "") for i, (t, g) in enumerate([(2, 2), (5, 6.5), (8, 7)])]
    f = mod.figures(rows)
    assert f["mae"] == 0.83 and f["within_1"] == 0.67 and f["within_2"] == 1.0 and f["mean_signed"] == 0.17
    assert 0.9 < f["correlation"] < 1
