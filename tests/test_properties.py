"""Property tests: reading, parsing and linting never crash on arbitrary input; output is deterministic."""

from __future__ import annotations

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import okrkit
from okrkit.errors import LoadError

FAST = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])

scalars = st.one_of(
    st.none(), st.booleans(), st.integers(-(10**6), 10**6), st.floats(allow_nan=True), st.text(max_size=40), st.dates()
)
keys = st.sampled_from(
    [
        "title",
        "period",
        "level",
        "objectives",
        "objective",
        "key_results",
        "text",
        "target",
        "baseline",
        "current",
        "due",
        "type",
        "aligns_to",
        "kpis",
        "name",
        "confidence",
        "direction",
        "initiatives",
        "parent",
        "as_of",
        "weight",
        "x",
    ]
)
yamlish = st.recursive(
    scalars,
    lambda inner: st.one_of(st.lists(inner, max_size=5), st.dictionaries(keys, inner, max_size=6)),
    max_leaves=30,
)


@FAST
@given(st.text(max_size=400))
def test_loads_never_crashes_on_text(text):
    try:
        s = okrkit.loads(text)
    except LoadError as e:
        assert str(e)
        return
    okrkit.lint(s)


@FAST
@given(yamlish)
def test_loads_and_lint_never_crash_on_yaml_shaped_data(data):
    text = yaml.safe_dump(data, allow_unicode=True)
    try:
        s = okrkit.loads(text, source="gen.yaml")
    except LoadError as e:
        assert e.file == "gen.yaml"
        return
    first = okrkit.lint(s)
    assert first == okrkit.lint(s)


@FAST
@given(st.text(max_size=300), st.sampled_from(["key_result", "objective"]))
def test_lint_statement_never_crashes(text, kind):
    fs = okrkit.lint_statement(text, kind=kind)
    assert all(f.severity in ("error", "warning", "info") for f in fs)
    assert fs == okrkit.lint_statement(text, kind=kind)


@FAST
@given(st.text(max_size=300))
def test_parse_never_crashes(text):
    kr = okrkit.parse_key_result(text)
    assert kr.text == text.strip()


# statement-shaped text: the parser has no catch-all, so these must not raise on their own
kr_words = st.one_of(
    st.sampled_from(
        "Increase Reduce Keep Launch Release release version v2 FY26 FY2025 H2 Q3 q4 stage from to by within "
        "for over the next last first of signing after in 90 days 30 day weeks months quarter end 2026-09-30 "
        "Sep 30 March 2027 % $ 1.5k 3x double down one by zero at least no later than users churn revenue , - →".split()
    ),
    st.integers(0, 10**30).map(str),
    st.text(max_size=6),
)
refs = st.one_of(st.none(), st.dates())


@FAST
@given(st.lists(kr_words, max_size=20).map(" ".join), refs)
def test_parse_never_crashes_on_statement_shaped_text(text, ref):
    kr = okrkit.parse_key_result(text, ref=ref)
    assert kr.text == text.strip()
    assert kr.due is None or kr.due_text
    if ref is None:  # nothing read against the wall clock: the same on any day
        assert kr == okrkit.parse_key_result(text)
