"""Gradescope's results.json format, and `okrkit gradescope` run against a fake /autograder tree."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from okrkit.assignment import load_assignment
from okrkit.cli import main
from okrkit.grade import autograder as gradescope_run
from okrkit.grade import batch as grading
from okrkit.grade import gradescope
from tests.test_grading import GMAIL, PERSONAL, SPEC, WEAK, write_nb

SPEC_FILE = str(load_assignment(SPEC).path)


@pytest.fixture
def autograder(tmp_path) -> Path:
    """A fake /autograder: source/ with the spec, submission/, results/."""
    root = tmp_path / "autograder"
    (root / "source").mkdir(parents=True)
    (root / "source" / "assignment.yaml").write_text(Path(SPEC_FILE).read_text(encoding="utf-8"), encoding="utf-8")
    (root / "submission").mkdir()
    (root / "results").mkdir()
    return root


def _run(root: Path, *extra: str) -> int:
    return main(
        [
            "gradescope",
            "--spec",
            str(root / "source" / "assignment.yaml"),
            "--submission",
            str(root / "submission"),
            "--results",
            str(root / "results" / "results.json"),
            *extra,
        ]
    )


def _check_format(data: dict, hw) -> None:
    """The fields Gradescope reads, with the right types, and a score that adds up."""
    assert isinstance(data["score"], (int, float))
    assert isinstance(data["output"], str) and data["output"]
    assert len(data["tests"]) == len(hw.questions)
    for t, q in zip(data["tests"], hw.questions):
        assert set(t) >= {"name", "score", "max_score", "output"}
        assert q.id in t["name"]
        assert isinstance(t["score"], (int, float)) and isinstance(t["max_score"], (int, float))
        assert 0 <= t["score"] <= t["max_score"] == pytest.approx(q.max_points)
        assert t["status"] == ("passed" if t["score"] == t["max_score"] else "failed")
    assert data["score"] == pytest.approx(sum(t["score"] for t in data["tests"]))


def test_results_for_a_graded_notebook(autograder, capsys):
    hw = load_assignment(SPEC)
    write_nb(autograder / "submission" / "my-work.ipynb", {"gmail": GMAIL, "prime": WEAK, "personal": PERSONAL})
    assert _run(autograder) == 0
    data = json.loads((autograder / "results" / "results.json").read_text(encoding="utf-8"))
    _check_format(data, hw)
    expected = hw.check_all({"gmail": GMAIL, "prime": WEAK, "personal": PERSONAL})
    assert data["score"] == pytest.approx(expected.points)
    prime = next(t for t in data["tests"] if "(prime)" in t["name"])
    flagged = [f for f in expected.results["prime"].findings if f.flagged]
    assert flagged and all(f.code in prime["output"] for f in flagged)
    assert "Fix:" in prime["output"]
    assert data["extra_data"]["okrkit"]["status"] == "ok"


def test_paths_come_from_the_environment(autograder, monkeypatch):
    write_nb(autograder / "submission" / "hw.ipynb", {"gmail": GMAIL})
    monkeypatch.setenv(gradescope_run.ENV_SPEC, str(autograder / "source"))
    monkeypatch.setenv(gradescope_run.ENV_SUBMISSION, str(autograder / "submission"))
    monkeypatch.setenv(gradescope_run.ENV_RESULTS, str(autograder / "results" / "out.json"))
    assert main(["gradescope"]) == 0
    data = json.loads((autograder / "results" / "out.json").read_text(encoding="utf-8"))
    _check_format(data, load_assignment(SPEC))


def test_spec_is_found_in_the_source_folder(autograder):
    assert gradescope_run.find_spec(autograder / "source") == autograder / "source" / "assignment.yaml"
    nested = autograder / "src2" / "exercises" / "x"
    nested.mkdir(parents=True)
    (nested / "assignment.yaml").write_text("id: x\n")
    assert gradescope_run.find_spec(autograder / "src2") == nested / "assignment.yaml"


@pytest.mark.parametrize(
    "content, words",
    [
        (None, "no .ipynb notebook"),
        (b"", "empty"),
        (b'{"cells": [', "truncated"),
    ],
)
def test_a_bad_submission_scores_0_and_says_what_to_fix(autograder, content, words):
    if content is not None:
        (autograder / "submission" / "hw.ipynb").write_bytes(content)
    else:
        (autograder / "submission" / "hw.pdf").write_bytes(b"%PDF-1.4")
    assert _run(autograder) == 0  # the student sees the message; the autograder did its job
    data = json.loads((autograder / "results" / "results.json").read_text(encoding="utf-8"))
    _check_format(data, load_assignment(SPEC))
    assert data["score"] == 0 and words in data["output"] and "submit" in data["output"]
    assert data["extra_data"]["okrkit"]["status"] == "error"


def test_a_planted_notebook_is_not_run(autograder):
    marker = autograder / "pwned"
    from tests.test_grading import answer_cell, code_cell

    write_nb(
        autograder / "submission" / "hw.ipynb",
        cells=[code_cell(f"open({str(marker)!r}, 'w').write('x')"), answer_cell("gmail", GMAIL)],
    )
    assert _run(autograder) == 0
    assert not marker.exists()


def test_unusable_configuration_exits_2_and_writes_nothing(autograder, capsys, monkeypatch):
    monkeypatch.delenv(gradescope_run.ENV_SPEC, raising=False)
    (autograder / "source" / "assignment.yaml").unlink()
    code = main(
        [
            "gradescope",
            "--submission",
            str(autograder / "submission"),
            "--results",
            str(autograder / "results" / "results.json"),
            "--spec",
            str(autograder / "source"),
        ]
    )
    assert code == 2 and capsys.readouterr().err.strip()
    assert not (autograder / "results" / "results.json").exists()


def test_batch_results_match_the_autograder(autograder, tmp_path):
    """The per-student results.json of `okrkit grade` is what Gradescope's own run writes for that notebook."""
    subs = tmp_path / "subs"
    write_nb(subs / "alice.ipynb", {"gmail": GMAIL, "personal": PERSONAL})
    grading.grade_class(SPEC, subs, tmp_path / "out", jobs=1, progress=False, report=False)
    write_nb(autograder / "submission" / "alice.ipynb", {"gmail": GMAIL, "personal": PERSONAL})
    assert _run(autograder) == 0
    batch = (tmp_path / "out" / "gradescope" / "alice" / "results.json").read_text(encoding="utf-8")
    single = (autograder / "results" / "results.json").read_text(encoding="utf-8")
    assert json.loads(batch) == json.loads(single)
    assert batch == single


def test_results_json_for_a_missing_answer_and_an_error_row():
    hw = load_assignment(SPEC)
    row = grading.Row("x", "error", None, {q.id: None for q in hw.questions}, "x.ipynb: the file is empty")
    data = gradescope.results(hw, row, None)
    _check_format(data, hw)
    assert data["score"] == 0 and "the file is empty" in data["output"]
    assert all("the file is empty" in t["output"] for t in data["tests"])
