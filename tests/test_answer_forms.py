"""Issue 11: an answer a tutor reads without trouble is never scored 0 for how it is written; what was read by
guessing is said to the student as a hint, not as a deduction."""

from __future__ import annotations

from pathlib import Path

from okrkit.assignment import load_assignment

SPEC = Path(__file__).resolve().parents[1] / "exercises" / "assignment-03" / "assignment.yaml"

CANONICAL = """\
period: 2026-Q3
objectives:
  - objective: Writing an email in Gmail on the web feels fast and effortless
    key_results:
      - text: Cut median time to compose and send a new message
        baseline: 70
        target: 55
        unit: seconds
        due: 2026-09-30
      - Raise the share of drafts sent with a Smart Compose suggestion accepted from 18% to 25% by Sep 30
"""

AS_PEOPLE_WRITE_IT = """\
Period: Q3 2026
Objectives:
  - Objective: Writing an email in Gmail on the web feels fast and effortless
    KRs:
      - description: Cut median time to compose and send a new message
        baseline: 70 seconds
        target: 55 seconds by 2026-09-30
      - KR2: Raise the share of drafts sent with a Smart Compose suggestion accepted from 18% to 25% by Sep 30
"""


def test_an_answer_in_a_natural_form_scores_like_the_canonical_one():
    hw = load_assignment(SPEC)
    canonical = hw.check("gmail", CANONICAL)
    natural = hw.check("gmail", AS_PEOPLE_WRITE_IT)
    assert natural.status == "ok" and natural.points > 0
    assert natural.points == canonical.points
    assert any("read 'KRs' as key_results" in h for h in natural.hints)
    assert not any("Read by guessing" in h for h in canonical.hints)


def test_period_without_a_year_is_not_unreadable():
    hw = load_assignment(SPEC)
    r = hw.check("gmail", CANONICAL.replace("period: 2026-Q3", "period: Q3"))
    assert r.status == "ok" and r.points > 0
