"""The labeled evaluation set in data/labeled/ is well-formed and covers what it must.

These tests check the data only; they never run the checker, so they pass or fail independently of
how accurate okrkit's rules are (benchmarks/eval_checker.py reports that).
"""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data" / "labeled"
SCRIPT = ROOT / "benchmarks" / "eval_checker.py"


def _load_module():
    spec = importlib.util.spec_from_file_location("eval_checker", SCRIPT)
    mod = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("eval_checker", mod)
    spec.loader.exec_module(mod)
    return mod


ec = _load_module()


@pytest.fixture(scope="module")
def entries():
    return ec.load_dataset(DATA)


def test_data_is_valid():
    assert ec.validate_dataset(DATA) == []


def test_expected_files_exist():
    names = {p.name for p in DATA.glob("*.yaml")}
    assert {"course.yaml", "key_results.yaml", "objectives.yaml", "sets.yaml"} <= names


def test_enough_entries(entries):
    assert len(entries) >= 170


def test_about_half_good(entries):
    good = sum(e.label == "good" for e in entries)
    assert 0.4 <= good / len(entries) <= 0.6


def test_every_kind_has_good_and_bad(entries):
    c = Counter((e.kind, e.label) for e in entries)
    for kind in ec.KINDS:
        assert c[(kind, "good")] >= 10, kind
        assert c[(kind, "bad")] >= 10, kind


def test_vocabulary(entries):
    for e in entries:
        assert e.kind in ec.KINDS
        assert e.label in ec.LABELS
        assert set(e.categories) <= set(ec.CATEGORIES)
        assert (e.label == "good") == (not e.categories), e.where


def test_vocabulary_matches_the_model():
    try:
        sys.path.insert(0, str(ROOT))
        from okrkit.model import CATEGORIES
    except Exception:  # the model is someone else's module; the data test must not depend on it
        pytest.skip("okrkit.model not importable")
    assert tuple(CATEGORIES) == ec.CATEGORIES


@pytest.mark.parametrize("category", ec.STATEMENT_CATEGORIES)
def test_statement_category_coverage(entries, category):
    n = sum(category in e.categories for e in entries if e.kind != "set")
    assert n >= 8, f"{category}: only {n} bad statements"


@pytest.mark.parametrize("category", ec.SET_CATEGORIES)
def test_set_category_coverage(entries, category):
    n = sum(category in e.categories for e in entries if e.kind == "set")
    assert n >= 5, f"{category}: only {n} bad sets"


@pytest.mark.parametrize("category", ["no_deadline", "malformed"])
def test_tip_and_malformed_examples_exist(entries, category):
    assert any(category in e.categories for e in entries)


def test_every_category_is_covered(entries):
    used = {c for e in entries for c in e.categories}
    assert used == set(ec.CATEGORIES)


def test_set_categories_only_on_sets(entries):
    for e in entries:
        if e.kind != "set":
            assert not set(e.categories) & set(ec.SET_ONLY_CATEGORIES), e.where


def test_sets_are_in_the_okr_format(entries):
    sets = [e for e in entries if e.kind == "set"]
    assert len(sets) >= 40
    allowed = {"title", "owner", "period", "start", "end", "level", "as_of", "objectives", "kpis", "parent"}
    for e in sets:
        assert set(e.okrs) <= allowed, (e.where, set(e.okrs) - allowed)
        assert e.okrs.get("period") or (e.okrs.get("start") and e.okrs.get("end")), e.where
        assert e.okrs.get("level") in ("company", "team", "individual"), e.where
        # round-trips through YAML text, which is how the benchmark feeds okrkit.loads
        assert yaml.safe_load(yaml.safe_dump(e.okrs, sort_keys=False)) == e.okrs


def test_check_in_sets_have_dates_and_values(entries):
    for e in entries:
        if {"achieved_too_early", "stalled"} & set(e.categories):
            assert "as_of" in e.okrs, e.where
            krs = [kr for o in e.okrs["objectives"] for kr in o.get("key_results", [])]
            assert any(isinstance(kr, dict) and "current" in kr for kr in krs), e.where


def test_hard_cascade_sets_show_the_parent(entries):
    for e in entries:
        if "hard_cascade" in e.categories:
            assert e.okrs.get("parent"), e.where


def test_course_file_names_its_sources(entries):
    course = [e for e in entries if e.file == "course.yaml"]
    assert len(course) >= 15
    assert all(e.source != "okrkit authors" for e in course)
    by_text = {e.statement: e for e in course}
    assert by_text["Increase total users by 10%"].categories == ("vanity_metric",)
    assert by_text["Increase weekly sessions per user by 10%"].label == "good"
    assert "unrealistic_target" in by_text["Increase weekly sessions per user by 200%"].categories
    assert by_text["Become a better presenter"].label == "bad"
    # contested items follow the source and say so
    for text in ("Participate in one sales call per week", "Give one presentation a week"):
        assert by_text[text].label == "good"
        assert "contested" in by_text[text].note.lower()


def test_hard_cases_are_present(entries):
    by_text = {e.text: e for e in entries}
    goods = [
        "Launch self-serve onboarding so that 30% of new teams use it weekly by Sep 30",
        "Build a checkout customers trust",
        "Reduce the reimbursement window from 57 days to 3 days",
        "Raise on-time payroll runs from 96% to 100%",
    ]
    bads = {
        "Hold 12 customer workshops this quarter": "output_not_outcome",
        "Increase blog posts published from 4 to 8 per month": "output_not_outcome",
        "Grow revenue 20% to earn the team bonus": "compensation_tie",
        "Increase total registered users from 1.2M to 1.5M by Sep 30": "vanity_metric",
    }
    for text in goods:
        assert by_text[text].label == "good", text
    for text, cat in bads.items():
        assert cat in by_text[text].categories, text


def test_split_is_deterministic_every_fifth_per_file(entries):
    test = ec.select(entries, "test")
    dev = ec.select(entries, "dev")
    assert len(test) + len(dev) == len(entries)
    assert all(e.index % 5 == 4 for e in test)
    assert ec.select(entries, "all") == entries
    assert [e.where for e in ec.select(ec.load_dataset(DATA), "test")] == [e.where for e in test]
    assert 0.15 <= len(test) / len(entries) <= 0.25


def test_validation_locates_errors(tmp_path):
    (tmp_path / "broken.yaml").write_text(
        "- statement: Reach 40% weekly retention\n"
        "  kind: objective\n"
        "  label: good\n"
        "  categories: [objective_is_metric]\n"
        "  source: test\n"
        "  note: good entries have no categories\n"
        "- statement: Launch the app\n"
        "  kind: key_result\n"
        "  label: maybe\n"
        "  categories: [initiative]\n"
        "  source: test\n"
        "  note: x\n"
        "  extra: 1\n"
        "- statement: Improve quality\n"
        "  kind: key_result\n"
        "  label: bad\n"
        "  categories: []\n"
        "  source: test\n"
        "  note: x\n",
        encoding="utf-8",
    )
    errors = ec.validate_dataset(tmp_path)
    text = "\n".join(errors)
    assert "broken.yaml:4: entry 0: field 'categories'" in text
    assert "entry 1: field 'label'" in text
    assert "entry 1: field 'categories': unknown category 'initiative'" in text
    assert "entry 1: field 'extra': unknown field" in text
    assert "entry 2: field 'categories': a bad entry needs at least one category" in text
    with pytest.raises(ec.DataError):
        ec.load_dataset(tmp_path)


def test_validation_rejects_duplicates_and_set_categories_on_statements(tmp_path):
    entry = (
        "- statement: Improve quality\n  kind: key_result\n  label: bad\n"
        "  categories: [too_vague]\n  source: test\n  note: x\n"
    )
    wrong = entry.replace("Improve quality", "Be better").replace("too_vague", "too_vague, too_many_krs")
    (tmp_path / "a.yaml").write_text(entry + entry + wrong, encoding="utf-8")
    text = "\n".join(ec.validate_dataset(tmp_path))
    assert "set-level category" in text
    assert "duplicate" in text


def test_cli_validate_only_ok():
    proc = subprocess.run([sys.executable, str(SCRIPT), "--validate-only"], capture_output=True, text=True, cwd=ROOT)
    assert proc.returncode == 0, proc.stderr
    assert "labeled data OK" in proc.stdout


def test_cli_exits_2_on_invalid_data(tmp_path):
    (tmp_path / "bad.yaml").write_text(
        "- statement: x\n  kind: statement\n  label: bad\n  categories: [too_vague]\n  source: s\n  note: n\n",
        encoding="utf-8",
    )
    proc = subprocess.run(
        [sys.executable, str(SCRIPT), "--data", str(tmp_path)], capture_output=True, text=True, cwd=ROOT
    )
    assert proc.returncode == 2
    assert "bad.yaml:2: entry 0: field 'kind'" in proc.stderr
