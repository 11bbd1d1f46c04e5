"""The rule catalogue: complete metadata, and every rule's examples and fixtures behave as documented."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

import okrkit
from okrkit.check.catalogue import catalogue
from okrkit.model import CATEGORIES

RULES = list(catalogue())
FIXTURES = Path(__file__).parent / "data" / "rules"


def codes_for(rule, text: str) -> list[str]:
    """Codes found when linting a rule's example (a statement or a YAML set)."""
    if rule.scope in ("set", "checkin"):
        findings = okrkit.lint(okrkit.loads(text))
    else:
        kind = "objective" if rule.scope == "objective" else "key_result"
        findings = okrkit.lint_statement(text, kind=kind)
    return [f.code for f in findings]


def test_catalogue_is_complete():
    assert len(RULES) >= 25
    for r in RULES:
        assert r.code.startswith("OKR") and len(r.code) == 6
        assert r.category in CATEGORIES
        assert r.severity in ("error", "warning", "info")
        for field in ("name", "summary", "message", "fix", "why", "lesson", "bad", "good"):
            assert getattr(r, field).strip(), f"{r.code} has no {field}"
        assert "(" in r.lesson and "—" in r.lesson, f"{r.code}: lesson should name the lesson and its source"


def test_ranges_match_scope():
    scope_of_range = {"1": {"key_result"}, "2": {"objective"}, "3": {"set", "text"}, "4": {"checkin"}}
    for r in RULES:
        assert r.scope in scope_of_range[r.code[3]], r.code


def test_every_design_category_has_a_rule():
    assert {r.category for r in RULES} == set(CATEGORIES)


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.code)
def test_bad_example_is_flagged_by_its_rule(rule):
    assert rule.code in codes_for(rule, rule.bad)


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.code)
def test_good_example_is_not_flagged_by_its_rule(rule):
    assert rule.code not in codes_for(rule, rule.good)


def _fixture_cases():
    for path in sorted(FIXTURES.glob("OKR*.yaml")):
        data = yaml.safe_load(path.read_text())
        for text in data.get("flagged", []):
            yield pytest.param(path.stem, data.get("kind", "key_result"), text, True, id=f"{path.stem}+{text[:40]}")
        for text in data.get("clean", []):
            yield pytest.param(path.stem, data.get("kind", "key_result"), text, False, id=f"{path.stem}-{text[:40]}")


@pytest.mark.parametrize("code, kind, text, expected", list(_fixture_cases()))
def test_rule_fixtures(code, kind, text, expected):
    """tests/data/rules/OKRnnn.yaml lists statements a rule must flag and must leave alone."""
    codes = [f.code for f in okrkit.lint_statement(text, kind=kind)]
    assert (code in codes) is expected, f"{code} {'missed' if expected else 'wrongly flagged'}: {text!r} → {codes}"


def test_fixture_files_cover_every_statement_rule():
    have = {p.stem for p in FIXTURES.glob("OKR*.yaml")}
    statement_rules = {r.code for r in RULES if r.scope in ("key_result", "objective", "text")}
    assert statement_rules <= have, sorted(statement_rules - have)


def test_messages_quote_the_statement_and_fill_placeholders():
    for r in RULES:
        if r.scope in ("set", "checkin"):
            findings = okrkit.lint(okrkit.loads(r.bad))
        else:
            findings = okrkit.lint_statement(r.bad, kind="objective" if r.scope == "objective" else "key_result")
        mine = [f for f in findings if f.code == r.code]
        for f in mine:
            assert "{" not in f.message and "{" not in f.fix, f"{r.code}: unfilled placeholder in {f.message!r}"
            assert f.lesson == r.lesson and f.name == r.name and f.category == r.category


def test_rules_doc_is_generated_from_the_catalogue():
    from okrkit.check.docs import rules_markdown

    doc = Path(__file__).parents[1] / "docs" / "rules.md"
    assert doc.read_text(encoding="utf-8") == rules_markdown(RULES), (
        "docs/rules.md is stale: run `okrkit rules --format markdown > docs/rules.md`"
    )


def test_no_unfilled_placeholder_reaches_a_reader(capsys):
    """A rule described out of context (cards, `okrkit rules`, docs) never shows '{what}' or '{count}'."""
    import re

    from okrkit.check.docs import example_fix, rules_markdown
    from okrkit.cli import main
    from okrkit.render.cards import show_rule

    placeholder = re.compile(r"\{[a-z_]+\}")
    for r in catalogue():
        assert not placeholder.search(r.summary), r.code
        assert not placeholder.search(example_fix(r)), r.code
        assert not placeholder.search(show_rule(r.code)._repr_html_()), r.code
    assert not placeholder.search(rules_markdown(catalogue()))
    assert main(["rules"]) == 0
    assert not placeholder.search(capsys.readouterr().out)


def test_every_message_and_fix_ends_as_a_sentence():
    """A card reads 'message Fix: fix', so a message without its full stop runs into the next line."""
    import re

    end = re.compile(r"""[.!?)'"]$""")
    for r in RULES:
        if r.scope in ("set", "checkin"):
            findings = okrkit.lint(okrkit.loads(r.bad))
        else:
            findings = okrkit.lint_statement(r.bad, kind="objective" if r.scope == "objective" else "key_result")
        for f in findings:
            assert end.search(f.message.strip()), f"{f.code}: message does not end a sentence: {f.message!r}"
            assert end.search(f.fix.strip()), f"{f.code}: fix does not end a sentence: {f.fix!r}"
