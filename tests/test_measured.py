"""okrkit.check.measured: what a key result counts, and whether that is the team's own work or a result."""

from __future__ import annotations

import pytest

from okrkit.check.measured import counted, share_of_own_work, stem


@pytest.mark.parametrize(
    "word, expected",
    [("studies", "study"), ("keynotes", "keynote"), ("classes", "class"), ("status", "status"), ("bus", "bus")],
)
def test_stem_folds_plurals_only(word, expected):
    assert stem(word) == expected


@pytest.mark.parametrize(
    "body, phrases, outcome",
    [
        ("Source 40 candidates for open roles", ("candidates",), False),
        ("Hold 12 customer workshops", ("customer workshops",), False),  # the head decides, not the modifier
        ("Add 25 companies as customers", ("companies",), True),
        ("Reach 2,000 members in the forum", ("members",), True),
        ("Grow the forum from 500 to 2,000 members", ("members",), True),
        ("Close 10 deals won through partners", ("deals won",), True),  # a trailing participle is not the head
        ("Pass the SOC 2 audit", (), False),  # SOC 2 is a name, not a count
        ("Reach tier 1 support status", (), False),
        ("Ship release 11.3 with 4 fixes", ("fixes",), False),  # a version is not a count
        ("Cut load time from 3 seconds to 1 second", (), False),  # a unit follows: a measure, not a count
        ("Run a 2 day workshop for new managers", ("workshop",), False),  # a length of time as an adjective
        ("Reach 30 day retention of 40%", ("retention",), True),
        ("Give 1 month of mentoring", (), False),  # 'of': the month is the amount, nothing is counted
    ],
)
def test_counted_phrases_and_their_kind(body, phrases, outcome):
    c = counted(body)
    assert c.phrases == phrases and c.outcome is outcome
    assert (c.output is not None) == (bool(phrases) and not outcome)


@pytest.mark.parametrize(
    "body, verb, expected",
    [
        ("Schedule 90% of kickoff calls within 3 days", "schedule", "kickoff calls"),
        ("Complete 80% of onboarding calls within a week", "complete", "onboarding calls"),
        ("Resolve 100% of critical findings by Sep 30", "resolve", None),  # removing a problem is a state
        ("Launch SSO and have 40% of accounts log in with it", "launch", None),  # what others do
        ("Make sure 70% of reps are at quota", "make", None),  # the share is the subject of a clause
        ("Answer 90% of support tickets within 4 hours", "answer", None),  # tickets are a metric here
    ],
)
def test_a_share_of_the_teams_own_tasks(body, verb, expected):
    assert share_of_own_work(body, verb) == expected


def test_an_effort_verb_makes_a_share_process_work_even_of_a_metric():
    assert share_of_own_work("Triage 80% of open bugs", "triage") is None  # read as a task verb: bugs are a metric
    assert share_of_own_work("Triage 80% of open bugs", "triage", effort=True) == "open bugs"
    assert share_of_own_work("Review 100% of churned accounts", "review", effort=True) is None  # people won or lost
