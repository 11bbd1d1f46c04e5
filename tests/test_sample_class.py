"""data/sample-class: every submission grades within its expected range, never crashes, and matches a real run."""

from __future__ import annotations

import importlib.util
import json
import shutil
from pathlib import Path

import pytest
import yaml

from okrkit.assignment import load_assignment
from okrkit.grade.notebook import SubmissionError, read_submission

ROOT = Path(__file__).resolve().parents[1]
CLASS = ROOT / "data" / "sample-class"
EXPECTED = yaml.safe_load((CLASS / "expected.yaml").read_text(encoding="utf-8"))
NOTEBOOKS = sorted(CLASS.glob("*.ipynb"))


@pytest.fixture(scope="module")
def hw():
    return load_assignment("assignment-03")


def grade(path: Path, hw):
    """(status, result or error message, notes) for one submission, as the batch grader sees it."""
    try:
        s = read_submission(path, hw)
    except SubmissionError as exc:
        return "error", str(exc), []
    return "ok", hw.check_all(s.answers), s.notes


def test_the_class_is_big_and_varied():
    assert len(NOTEBOOKS) >= 30
    assert {p.stem for p in NOTEBOOKS} == set(EXPECTED)
    profiles = {e["profile"] for e in EXPECTED.values()}
    assert {
        "strong",
        "average",
        "weak",
        "empty",
        "half done",
        "wrong type",
        "malformed YAML",
        "wrong cell",
        "duplicated cells",
        "markdown answer",
        "truncated file",
    } <= profiles


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_each_submission_grades_as_expected(path, hw):
    exp = EXPECTED[path.stem]
    status, result, notes = grade(path, hw)
    assert status == exp["status"]
    if status == "error":
        assert exp["error"] in result
        return
    lo, hi = exp["total"]
    assert lo <= result.points <= hi, f"{path.stem}: {result.points} not in [{lo}, {hi}]\n{result}"
    for qid, q in exp.get("questions", {}).items():
        r = result.results[qid]
        if "points" in q:
            assert q["points"][0] <= r.points <= q["points"][1], f"{qid}: {r.points}\n{r}"
        if "status" in q:
            assert r.status == q["status"], f"{qid}: {r}"
        if "feedback" in q:
            assert q["feedback"] in (r.error or "") and q["feedback"] in str(r) and q["feedback"] in r._repr_html_()
        if "hint" in q:
            assert any(q["hint"] in h for h in r.hints)
    for text in exp.get("notes", []):
        assert any(text in n for n in notes), notes
    json.dumps(result.to_dict())


def test_strong_is_85_or_more_and_empty_is_zero(hw):
    strong = [p for p in NOTEBOOKS if EXPECTED[p.stem]["profile"] == "strong"]
    empty = [p for p in NOTEBOOKS if EXPECTED[p.stem]["profile"] == "empty"]
    assert strong and empty
    assert all(grade(p, hw)[1].points >= 85 for p in strong)
    assert all(grade(p, hw)[1].points == 0 for p in empty)


def test_malformed_yaml_gets_a_located_message_never_a_crash(hw):
    bad = [p for p in NOTEBOOKS if EXPECTED[p.stem]["profile"] == "malformed YAML"]
    assert len(bad) >= 2
    for p in bad:
        r = grade(p, hw)[1].results["gmail"]
        assert r.status == "error" and r.points == 0
        assert r.error.startswith("gmail answer:") and r.error.split(":")[1].isdigit()


def test_profiles_are_ordered(hw):
    """Strong beats average beats weak on average: the checker separates quality, not just format."""

    def mean(profile):
        pts = [grade(p, hw)[1].points for p in NOTEBOOKS if EXPECTED[p.stem]["profile"] == profile]
        return sum(pts) / len(pts)

    assert mean("strong") > mean("average") + 15 > mean("weak") + 30


def test_notebooks_are_small_and_have_no_outputs():
    for p in NOTEBOOKS:
        assert p.stat().st_size < 40_000, p.name
        if EXPECTED[p.stem]["status"] == "ok":
            for c in json.loads(p.read_text(encoding="utf-8"))["cells"]:
                assert not c.get("outputs") and c.get("execution_count") is None


def test_generator_is_deterministic_and_matches_the_committed_files(tmp_path):
    spec = importlib.util.spec_from_file_location("make_sample_class", ROOT / "scripts" / "make_sample_class.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    assert mod.main(["--out", str(tmp_path / "a")]) == 0
    assert mod.main(["--out", str(tmp_path / "b")]) == 0
    names = sorted(p.name for p in (tmp_path / "a").iterdir())
    assert names == sorted(p.name for p in CLASS.iterdir() if p.suffix in (".ipynb", ".yaml"))
    for name in names:
        a = (tmp_path / "a" / name).read_bytes()
        assert a == (tmp_path / "b" / name).read_bytes() == (CLASS / name).read_bytes(), name


@pytest.mark.parametrize("sid", ["strong-02", "wrong-cell-untagged", "duplicated-cells", "malformed-yaml-colon"])
def test_running_the_notebook_gives_the_same_result_as_grading_it(tmp_path, hw, sid):
    """The student's own check_all and the grader (which never runs the notebook) agree."""
    nbformat = pytest.importorskip("nbformat")
    nbclient = pytest.importorskip("nbclient")
    folder = tmp_path / "assignment-03"
    folder.mkdir()
    shutil.copy(hw.path, folder / "assignment.yaml")
    nb = nbformat.read(CLASS / f"{sid}.ipynb", as_version=4)
    nb.cells.append(
        nbformat.v4.new_code_cell(
            "import json\nprint(json.dumps(check_all({q.id: globals()[q.id] for q in hw.questions}).to_dict()))"
        )
    )
    nbclient.NotebookClient(
        nb, timeout=120, kernel_name="python3", resources={"metadata": {"path": str(folder)}}
    ).execute()
    ran = json.loads(nb.cells[-1].outputs[0]["text"])
    graded = grade(CLASS / f"{sid}.ipynb", hw)[1].to_dict()
    assert ran["points"] == graded["points"]
    assert ran["results"] == graded["results"]
