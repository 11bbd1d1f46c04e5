"""lint() and loads() pause the cycle collector on a large set and always leave it as they found it."""

from __future__ import annotations

import gc

import pytest

import okrkit


def _big_text(n_objectives: int = 120) -> str:
    lines = ["title: Big", "period: 2026-Q3", "objectives:"]
    for i in range(n_objectives):
        lines += [f"  - objective: Objective {i} makes customers happier", "    key_results:"]
        lines += [f"      - Increase weekly active users from {i} to {i + 5 + k} by Sep 30" for k in range(4)]
    return "\n".join(lines) + "\n"


def _big_set(n_objectives: int = 120) -> okrkit.OKRSet:
    return okrkit.loads(_big_text(n_objectives), source="big.yaml")


def test_no_collection_runs_while_a_large_set_is_linted():
    okrs = _big_set()
    starts = []

    def count(phase, info):
        if phase == "start":
            starts.append(info["generation"])

    gc.callbacks.append(count)
    try:
        findings = okrkit.lint(okrs)
    finally:
        gc.callbacks.remove(count)
    assert findings and starts == []
    assert gc.isenabled()


def test_a_disabled_collector_stays_disabled_and_an_error_restores_it(monkeypatch):
    okrs = _big_set()
    gc.disable()
    try:
        okrkit.lint(okrs)
        assert not gc.isenabled()
    finally:
        gc.enable()

    def broken(*args, **kwargs):
        raise RuntimeError("rule bug")

    monkeypatch.setattr("okrkit.check.engine._lint", broken)
    with pytest.raises(RuntimeError):
        okrkit.lint(okrs)
    assert gc.isenabled()


def test_no_collection_runs_while_a_large_text_is_loaded():
    text = _big_text(600)
    assert len(text) > 100_000
    starts = []

    def count(phase, info):
        if phase == "start":
            starts.append(info["generation"])

    gc.callbacks.append(count)
    try:
        okrs = okrkit.loads(text, source="big.yaml")
    finally:
        gc.callbacks.remove(count)
    assert len(okrs.key_results) == 2400 and starts == []
    assert gc.isenabled()


def test_a_refused_large_text_leaves_the_collector_on():
    text = _big_text(600) + "  - objective: [unclosed\n"
    with pytest.raises(okrkit.LoadError):
        okrkit.loads(text, source="big.yaml")
    assert gc.isenabled()
