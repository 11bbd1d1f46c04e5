"""Lesson exercises: their data is sound, right answers pass, wrong ones get feedback that teaches."""

from __future__ import annotations

import pytest

import okrkit
from okrkit import lessons
from okrkit.lessons import check, exercise

IDS = lessons.exercises()
CLASSIFY = [i for i in IDS if exercise(i).spec["checker"] == "classify"]

# A model answer for every exercise that is not a classification (those are answered from their own data).
MODEL = {
    "00-first-kr": "Increase the share of new customers who finish onboarding in their first week from 35% to 50% "
    "by 2026-09-30",
    "02-rewrite": {
        "A": "Cut registration support tickets from 120 to 40 a month by 2026-09-30",
        "B": "Increase weekly active users from 12,000 to 14,000 by 2026-09-30",
        "C": "Raise my average presentation feedback score from 3.4 to 4.2 out of 5 by 2026-12-31",
    },
    "03-one-objective": """
level: team
period: 2026-Q3
objectives:
  - objective: New customers get value from us in their first week
    aligns_to: "Company O2: grow self-serve revenue"
    key_results:
      - Increase the share of new customers who finish onboarding in their first week from 35% to 50%
      - Reduce first-week churn of new customers from 18% to 12%
    initiatives:
      - Replace the setup wizard with a guided first project
""",
    "04-score": {"A": 0.5, "B": 0.8, "C": 0.65, "D": 2, "E": "yellow"},
    "05-fix": """
title: Customer support, Q3 2026
period: 2026-Q3
level: team
objectives:
  - objective: Customers get their problems solved quickly
    aligns_to: "Company O1: customers stay because we are easy to work with"
    key_results:
      - Increase tickets closed per agent from 30 to 45 a day
      - Keep the reopened-ticket rate below 5%
      - Cut 'how do I' tickets from 400 to 250 a month
    initiatives:
      - Publish 25 new help-center articles
""",
    "06-personal": """
level: individual
period: 2026-Q3
objectives:
  - objective: I become the person my team trusts with customer insight
    aligns_to: "Team goal: ship what customers actually use"
    key_results:
      - Raise the share of roadmap items backed by customer evidence from 20% to 60% by 2026-09-30
      - Cut the time from customer question to my answer from 5 days to 2 days by 2026-08-31
""",
}


def _model(exercise_id: str):
    spec = exercise(exercise_id).spec
    if spec["checker"] == "classify":
        return {i["letter"]: i["answer"] for i in spec["items"]}
    return MODEL[exercise_id]


# ── data ───────────────────────────────────────────────────────────────────────────────────
def test_every_lesson_has_its_exercises():
    assert IDS == [
        "00-first-kr",
        "01-sort",
        "02-outcome-or-output",
        "02-rewrite",
        "03-one-objective",
        "04-score",
        "05-diagnose",
        "05-fix",
        "06-personal",
        "06-requests",
    ]


@pytest.mark.parametrize("exercise_id", IDS)
def test_exercise_data_is_sound(exercise_id):
    ex = exercise(exercise_id)
    letters = [i["letter"] for i in ex.items]
    assert len(letters) == len(set(letters))
    assert ex.starter() is not None
    if isinstance(ex.starter(), dict):
        assert list(ex.starter()) == letters  # the starter answer has a slot per item
    if ex.spec["checker"] == "classify":
        for label, words in ex.spec["labels"].items():
            # YAML reads bare yes/no/on/off as booleans: every synonym must stay text
            assert all(isinstance(w, str) for w in words), (label, words)
        assert {i["answer"] for i in ex.items} <= set(ex.spec["labels"])
        assert all(i.get("why") for i in ex.items)
    if ex.spec["checker"] == "okr_set":
        assert all(r.get("teach") for r in ex.spec["requirements"])


@pytest.mark.parametrize("exercise_id", IDS)
def test_model_answer_passes(exercise_id):
    r = check(exercise_id, _model(exercise_id))
    assert r.status == "ok"
    assert r.points == r.max_points > 0, str(r)
    assert not r.missed
    assert r.summary == exercise(exercise_id).spec["praise"]


@pytest.mark.parametrize("exercise_id", IDS)
def test_starter_answer_does_not_pass_and_says_what_to_do(exercise_id):
    r = check(exercise_id, exercise(exercise_id).starter())
    assert r.points < r.max_points
    if r.status == "ok":
        assert r.missed and all(q.teach for q in r.requirements if not q.met), str(r)
    else:
        assert r.status == "unanswered" and r.hints  # blank starters show what an answer looks like


@pytest.mark.parametrize("exercise_id", IDS)
def test_exercise_and_result_render(exercise_id):
    ex = exercise(exercise_id)
    html = ex._repr_html_()
    assert ex.title in html.replace("&#x27;", "'")
    assert exercise_id in str(ex)
    r = check(exercise_id, ex.starter())
    assert "okrkit-check" in r._repr_html_() and exercise_id in str(r)


# ── classify ───────────────────────────────────────────────────────────────────────────────
@pytest.mark.parametrize("exercise_id", CLASSIFY)
def test_each_wrong_item_is_named_and_explained(exercise_id):
    ex = exercise(exercise_id)
    right = _model(exercise_id)
    labels = list(ex.spec["labels"])
    for item in ex.items:
        wrong = next(label for label in labels if label != item["answer"])
        r = check(exercise_id, {**right, item["letter"]: wrong})
        assert r.points == r.max_points - 1
        missed = [q for q in r.requirements if not q.met]
        assert [q.id for q in missed] == [item["letter"]]
        expected_teach = item.get("hint") if ex.spec.get("reveal") == "hint" else item["why"]
        assert expected_teach.strip()[:40] in missed[0].teach


def test_classify_accepts_synonyms_and_case():
    r = check(
        "01-sort",
        {
            "a": "KR",
            "B": "Objective",
            "C": "KPI",
            "D": "task",
            "E": "key_result",
            "F": "project",
            "G": "goal",
            "H": "health metric",
        },
    )
    assert r.points == r.max_points


def test_classify_names_unknown_choices_and_traps():
    r = check("06-requests", {"A": "research", "B": "slack", "C": "decide", "D": "fuzzier", "E": "maybe"})
    e = next(q for q in r.requirements if q.id == "E")
    assert not e.met and "'maybe' is not one of the choices" in e.detail and "rules out" in e.teach
    r = check("01-sort", {"A": "key result", "Z": "objective"})
    assert any("no item Z" in h for h in r.hints)


def test_diagnose_hints_without_giving_the_answer():
    right = _model("05-diagnose")
    r = check("05-diagnose", {**right, "A": "trust"})
    a = next(q for q in r.requirements if q.id == "A")
    assert "pay" not in a.teach.lower().split() and "bonus" not in a.teach.lower()


# ── the cases of lesson 05: what the checker can and can't see ────────────────────────────
SEEN = {
    "pay": {"compensation_tie"},
    "output": {"output_not_outcome", "initiative_not_kr"},
    "cascade": {"hard_cascade"},
    "too much": {"too_many_objectives"},
    "gaming": {"no_counter_metric"},
    "no strategy": {"no_alignment"},
}


@pytest.mark.parametrize("item", exercise("05-diagnose").items, ids=lambda i: i["letter"])
def test_case_findings_match_the_lesson(item):
    case = exercise("05-diagnose").case(item["letter"])
    categories = {f.category for f in okrkit.lint(case.okrs, min_severity="warning")}
    if item["answer"] in SEEN:
        assert categories, "the lesson says the checker sees this mistake"
        assert categories <= SEEN[item["answer"]], f"other findings would confuse the diagnosis: {categories}"
    else:
        assert categories == set(), "the lesson says the checker can't see this mistake"
        assert "nothing here" in case.findings()._repr_html_()


def test_cases_render_with_story_and_set():
    ex = exercise("05-diagnose")
    html = ex.cases()._repr_html_()
    assert html.count("okrkit-case") == len(ex.items) and "Case K" in html
    with pytest.raises(KeyError, match="no case"):
        ex.case("Z")


# ── statement, rewrite, okr_set, numbers ───────────────────────────────────────────────────
def test_first_kr_feedback_names_what_is_missing():
    r = check("00-first-kr", "Increase onboarding completion from 35% to 50%")
    assert [q.id for q in r.requirements if not q.met] == ["date"]
    r = check("00-first-kr", "Improve onboarding")
    assert {q.id for q in r.requirements if not q.met} == {"clean", "target", "date"}
    assert any(f.code == "OKR104" for f in r.flagged)


def test_rewrite_needs_a_change_a_clean_check_and_the_same_subject():
    model = MODEL["02-rewrite"]
    r = check("02-rewrite", {**model, "A": "Ship fixes for the top two support issues in registration"})
    assert {q.id for q in r.requirements if not q.met} == {"A-clean", "A-topic"}
    r = check("02-rewrite", {**model, "B": "Raise NPS from 30 to 40 by 2026-09-30"})
    assert {q.id for q in r.requirements if not q.met} == {"B-topic"}
    r = check("02-rewrite", {**model, "C": "Present better"})
    assert {q.id for q in r.requirements if not q.met} == {"C-clean"}
    assert any(f.where == "C" for f in r.flagged)


def test_okr_set_requirements_each_fail_for_their_reason():
    r = check(
        "03-one-objective",
        MODEL["03-one-objective"].replace('    aligns_to: "Company O2: grow self-serve revenue"\n', ""),
    )
    assert "aligned" in [q.id for q in r.requirements if not q.met]
    two = (
        MODEL["03-one-objective"]
        + "  - objective: Customers trust our billing\n    key_results: [Cut billing tickets from 90 to 40, Raise invoice accuracy from 97% to 99.5%]\n"
    )
    r = check("03-one-objective", two)
    assert "one" in [q.id for q in r.requirements if not q.met]
    r = check("06-personal", MODEL["06-personal"].replace(" by 2026-08-31", ""))
    assert [q.id for q in r.requirements if not q.met] == ["dates"]
    r = check("06-personal", MODEL["06-personal"].replace("level: individual", "level: team"))
    assert "level" in [q.id for q in r.requirements if not q.met]


def test_okr_set_answer_can_be_an_okrset():
    r = check("03-one-objective", okrkit.loads(MODEL["03-one-objective"]))
    assert r.points == r.max_points


def test_fix_exercise_tracks_each_mistake():
    starter = exercise("05-fix").starter()
    r = check("05-fix", starter)
    assert {q.id for q in r.requirements if not q.met} == {"pay", "outputs", "balance", "clean"}
    no_bonus = starter.replace(", with the team bonus paid out at 45", "")
    r = check("05-fix", no_bonus)
    assert "pay" not in {q.id for q in r.requirements if not q.met}


def test_numbers_compare_with_scoring_and_show_the_work():
    r = check("04-score", {"A": 0.3, "B": "80%", "C": 65, "D": 3, "E": "Yellow"})
    missed = {q.id: q for q in r.requirements if not q.met}
    assert set(missed) == {"A", "D"}
    assert "(30 − 57) / (3 − 57) = 0.50" in missed["A"].teach
    assert "point 2" in missed["D"].teach
    r = check("04-score", {"A": "half", "B": None, "C": "", "D": 2, "E": "yellow"})
    assert "not a number" in next(q.detail for q in r.requirements if q.id == "A")


# ── answers that can't be read ─────────────────────────────────────────────────────────────
def test_unreadable_answers_are_explained():
    r = check("01-sort", ["objective"])
    assert r.status == "error" and "dict" in r.error and r.points == 0
    r = check("03-one-objective", "objectives:\n  - objective: A\n    type: stretchy\n    key_results: [x]\n")
    assert r.status == "error" and r.error.startswith("answer:3:") and "replace 'stretchy' with" in r.error
    r = check("00-first-kr", 42)
    assert r.status == "error" and "string" in r.error
    r = check("02-rewrite", {"A": "", "B": "", "C": ""})
    assert r.status == "unanswered" and r.hints


def test_unknown_exercise_lists_the_known_ones():
    with pytest.raises(KeyError, match="01-sort"):
        check("01-sorting", {})


# ── data helpers ───────────────────────────────────────────────────────────────────────────
def test_load_checkins_explains_bad_files(tmp_path):
    p = tmp_path / "c.yaml"
    p.write_text("checkins:\n  - {as_of: 2026-07-01}\n")
    with pytest.raises(ValueError, match=r"checkins\[0\].*current"):
        lessons.load_checkins(p)
    p.write_text("nothing: here\n")
    with pytest.raises(ValueError, match="checkins:"):
        lessons.load_checkins(p)


def test_cycle_phases_are_ordered_weeks():
    phases = lessons.cycle()
    assert len(phases) >= 5
    assert all(p["start_week"] <= p["end_week"] <= 13 for p in phases)


def test_a_deadline_without_a_calendar_day_still_earns_the_date_point():
    """With no reference date, 'by the end of Q3' has no day yet; the lesson's own hint suggests that wording."""
    r = lessons.check("00-first-kr", "Increase trial-to-paid conversion from 35% to 50% by the end of Q3")
    date_req = next(q for q in r.requirements if q.id == "date")
    assert date_req.met and "end of q3" in date_req.detail.lower()


@pytest.mark.parametrize("eid", [i for i in IDS if exercise(i).spec["checker"] in ("classify", "numbers")])
def test_the_answer_example_does_not_hand_out_answers(eid):
    """QA pass: "An answer looks like: {"A": "output", "B": "outcome", …}" gave away two of the eight answers."""
    import json
    import re

    pairs = re.findall(r'"([A-Z])":\s*("[^"]*"|[-0-9.]+)', exercise(eid).spec.get("answer_example", ""))
    shown = {letter: json.loads(value) for letter, value in pairs}
    r = check(eid, shown)
    assert r.points == 0, f"{eid}: copying the example earns {r.points} points: {shown}"


@pytest.mark.parametrize("eid", IDS)
def test_the_answer_example_reads_as_written(eid):
    """QA pass: 06-personal's example showed a literal '\\n' ("level: individual\\nobjectives: [...]")."""
    assert "\\" not in exercise(eid).spec.get("answer_example", ""), f"{eid}: escape sequence shown to students"
