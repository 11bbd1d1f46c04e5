"""Issue 11: for generated OKR sets, the canonical YAML, the outline, the markdown and the CSV renderings all read
back to the same set (objectives, key results, initiatives, title and period where the form carries them)."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import okrkit
from okrkit.model import Initiative, OKRSet

SETTINGS = settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])

verbs = st.sampled_from(["Raise", "Cut", "Grow", "Reduce", "Keep", "Launch", "Double", "Lift"])
nouns = st.sampled_from(["weekly active teams", "churn", "NPS", "time to first answer", "trial conversion", "MRR"])
numbers = st.integers(0, 5000).map(str) | st.sampled_from(["12.5%", "40%", "$4M", "3 days", "1,200"])
dates = st.sampled_from(["", " by 2026-09-30", " by end of Q3", " by March"])
kr_text = st.builds(lambda v, n, a, b, d: f"{v} {n} from {a} to {b}{d}", verbs, nouns, numbers, numbers, dates)
words = st.lists(
    st.sampled_from(["Delight", "new", "users", "win", "the", "market", "customers", "love", "us", "fast"]),
    min_size=2,
    max_size=7,
)
objective_text = words.map(lambda w: " ".join(w).capitalize())
periods = st.sampled_from([None, "2026-Q3", "2026-H2", "2027-Q1"])
titles = st.sampled_from([None, "Growth team OKRs", "Platform"])


@st.composite
def okr_sets(draw) -> OKRSet:
    objectives = []
    texts = draw(st.lists(objective_text, min_size=1, max_size=3, unique=True))
    for text in texts:
        krs = draw(st.lists(kr_text, min_size=1, max_size=4, unique=True))
        o = okrkit.loads("\n".join([f"Objective: {text}", *(f"- {k}" for k in krs)]), format="outline").objectives[0]
        if draw(st.booleans()):
            o.initiatives = [Initiative("Run five customer interviews")]
        objectives.append(o)
    s = OKRSet(objectives=objectives, title=draw(titles), period=draw(periods))
    return s


def shape(s: OKRSet, title: bool = True, initiatives: bool = True) -> tuple:
    return (
        s.title if title else None,
        s.period,
        [
            (o.objective, [k.text for k in o.key_results], [i.text for i in o.initiatives] if initiatives else [])
            for o in s.objectives
        ],
    )


@SETTINGS
@given(okr_sets())
def test_every_rendering_reads_back_to_the_same_set(s):
    want = shape(s)
    assert shape(okrkit.loads(okrkit.dumps(s))) == want
    assert shape(okrkit.loads(okrkit.dumps(s, "outline"))) == want
    assert shape(okrkit.loads(okrkit.dumps(s, "markdown"), format="outline")) == want
    assert shape(okrkit.loads(okrkit.dumps(s, "csv")), title=False, initiatives=False) == shape(
        s, title=False, initiatives=False
    )


@SETTINGS
@given(okr_sets())
def test_canonical_yaml_is_read_without_guessing(s):
    assert not okrkit.loads(okrkit.dumps(s)).notes
