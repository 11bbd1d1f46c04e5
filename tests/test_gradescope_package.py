"""`okrkit gradescope-package`: the zip's contract, its run_autograder on a fake /autograder tree, the results.json
fields Gradescope documents, visibility from the spec, and uploads holding several notebooks (issue 12)."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
import zipfile
from datetime import datetime
from pathlib import Path

import pytest

from okrkit.assignment import load_assignment
from okrkit.assignment.spec import SpecError, parse_spec
from okrkit.cli import main
from okrkit.grade import autograder
from tests.test_grading import GMAIL, PERSONAL, SPEC, WEAK, write_nb

SPEC_FILE = Path(load_assignment(SPEC).path)
VISIBILITIES = {"hidden", "after_due_date", "after_published", "visible"}
FORMATS = {"text", "html", "simple_format", "md", "ansi"}


def validate_results(data: dict) -> None:
    """results.json as Gradescope's autograder specification documents it (types and allowed values)."""
    known = {
        "score",
        "execution_time",
        "output",
        "output_format",
        "test_output_format",
        "test_name_format",
        "visibility",
        "stdout_visibility",
        "extra_data",
        "tests",
        "leaderboard",
    }
    assert set(data) <= known, set(data) - known
    assert isinstance(data["score"], (int, float)) and not isinstance(data["score"], bool)
    assert isinstance(data.get("output", ""), str)
    assert data.get("visibility", "visible") in VISIBILITIES
    assert data.get("stdout_visibility", "hidden") in VISIBILITIES
    for key in ("output_format", "test_output_format", "test_name_format"):
        assert data.get(key, "text") in FORMATS
    if "execution_time" in data:
        assert isinstance(data["execution_time"], (int, float))
    assert isinstance(data.get("extra_data", {}), dict)
    test_keys = {
        "score",
        "max_score",
        "status",
        "name",
        "name_format",
        "number",
        "output",
        "output_format",
        "tags",
        "visibility",
        "extra_data",
    }
    for t in data["tests"]:
        assert set(t) <= test_keys, set(t) - test_keys
        assert isinstance(t["name"], str) and t["name"]
        assert isinstance(t["score"], (int, float)) and isinstance(t["max_score"], (int, float))
        assert t.get("status", "passed") in {"passed", "failed"}
        assert isinstance(t.get("output", ""), str)
        assert t.get("visibility", "visible") in VISIBILITIES
        assert t.get("output_format", "text") in FORMATS
    for entry in data.get("leaderboard", []):
        assert {"name", "value"} <= set(entry)
    assert data["score"] == pytest.approx(sum(t["score"] for t in data["tests"]))


def spec_with(tmp_path: Path, extra: str) -> Path:
    """assignment-03's spec with extra top-level YAML appended."""
    path = tmp_path / "spec" / "assignment.yaml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(SPEC_FILE.read_text(encoding="utf-8") + "\n" + extra, encoding="utf-8")
    return path


def fake_root(tmp_path: Path, zip_path: Path) -> Path:
    """A fake /autograder: the zip extracted into source/, an empty submission/."""
    root = tmp_path / "autograder"
    (root / "submission").mkdir(parents=True)
    with zipfile.ZipFile(zip_path) as z:
        z.extractall(root / "source")
    return root


def install_wheel(tmp_path: Path, root: Path) -> Path:
    """The zip's wheel installed by pip (offline, without dependencies) into a folder; returns that folder."""
    wheel = next((root / "source").glob("okrkit-*.whl"))
    target = tmp_path / "site"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "--quiet",
            "--no-index",
            "--no-deps",
            "--target",
            str(target),
            str(wheel),
        ],
        check=True,
    )
    return target


def run_autograder(root: Path, site: Path) -> subprocess.CompletedProcess:
    """The package's run_autograder (Gradescope makes it executable) against the fake tree, importing okrkit from the installed wheel only."""
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH",) and not k.startswith("OKRKIT_")}
    env |= {"OKRKIT_AUTOGRADER_ROOT": str(root), "OKRKIT_PYTHON": sys.executable, "PYTHONPATH": str(site)}
    script = root / "source" / "run_autograder"
    return subprocess.run(["bash", str(script)], env=env, capture_output=True, text=True, cwd=root)


@pytest.fixture(scope="module")
def package(tmp_path_factory) -> tuple[Path, Path]:
    """autograder.zip for a spec that hides results until the due date, and the wheel installed from it."""
    tmp = tmp_path_factory.mktemp("pkg")
    spec = spec_with(tmp, "gradescope:\n  visibility: after_due_date\n  stdout_visibility: hidden\n")
    zip_path = tmp / "autograder.zip"
    assert main(["gradescope-package", str(spec), "--out", str(zip_path)]) == 0
    root = fake_root(tmp, zip_path)
    return zip_path, install_wheel(tmp, root)


def test_the_zip_has_gradescopes_files_at_its_root(package):
    zip_path, _ = package
    with zipfile.ZipFile(zip_path) as z:
        names = set(z.namelist())
        assert {"setup.sh", "run_autograder", "assignment.yaml"} <= names
        assert all("/" not in n for n in names)  # files at the root, not inside a folder
        for script in ("setup.sh", "run_autograder"):
            mode = z.getinfo(script).external_attr >> 16
            assert mode & stat.S_IXUSR, f"{script} is not executable"
            assert z.read(script).startswith(b"#!/usr/bin/env bash\n")
        setup = z.read("setup.sh").decode()
        assert "sys.version_info < (3, 11)" in setup and "python3.11" in setup
        assert "okrkit-*.whl" in setup and "jupyterlab" not in setup.lower() and "[lab]" not in setup
        wheel = next(n for n in names if n.endswith(".whl"))
        with zipfile.ZipFile(z.open(wheel)) as w:
            meta = next(n for n in w.namelist() if n.endswith(".dist-info/METADATA"))
            text = w.read(meta).decode()
            assert "Requires-Dist: pyyaml" in text
            assert "Requires-Dist: jupyterlab" in text and 'extra == "lab"' in text  # only with [lab]
            assert not any("jupyterlab" in line and "extra" not in line for line in text.splitlines())
            assert "okrkit/check/catalogue.yaml" in w.namelist()


def test_the_scripts_are_valid_bash(package, tmp_path):
    zip_path, _ = package
    with zipfile.ZipFile(zip_path) as z:
        for script in ("setup.sh", "run_autograder"):
            path = tmp_path / script
            path.write_bytes(z.read(script))
            done = subprocess.run(["bash", "-n", str(path)], capture_output=True, text=True)
            assert done.returncode == 0, done.stderr


def test_the_same_spec_gives_the_same_zip(tmp_path):
    a, b = tmp_path / "a.zip", tmp_path / "b.zip"
    assert main(["gradescope-package", SPEC, "--out", str(a)]) == 0
    assert main(["gradescope-package", SPEC, "--out", str(b)]) == 0
    assert a.read_bytes() == b.read_bytes()


def test_a_broken_spec_writes_no_zip(tmp_path, capsys):
    spec = spec_with(tmp_path, "gradescope:\n  visibility: after_deadline\n")
    out = tmp_path / "autograder.zip"
    assert main(["gradescope-package", str(spec), "--out", str(out)]) == 2
    err = capsys.readouterr().err
    assert "gradescope.visibility" in err and "after_due_date" in err and str(spec) in err
    assert not out.exists()


def test_run_autograder_on_a_fake_tree_writes_valid_results(package, tmp_path):
    zip_path, site = package
    root = fake_root(tmp_path, zip_path)
    write_nb(root / "submission" / "hw.ipynb", {"gmail": GMAIL, "prime": WEAK, "personal": PERSONAL})
    done = run_autograder(root, site)
    assert done.returncode == 0, done.stderr
    data = json.loads((root / "results" / "results.json").read_text(encoding="utf-8"))
    validate_results(data)
    expected = load_assignment(SPEC).check_all({"gmail": GMAIL, "prime": WEAK, "personal": PERSONAL})
    assert data["score"] == pytest.approx(expected.points)
    assert data["visibility"] == "after_due_date" and data["stdout_visibility"] == "hidden"
    assert {t["visibility"] for t in data["tests"]} == {"after_due_date"}  # no test shows itself early
    probe = subprocess.run(
        [sys.executable, "-c", "import okrkit; print(okrkit.__file__)"],
        env={"PYTHONPATH": str(site), "PATH": os.environ["PATH"]},
        capture_output=True,
        text=True,
        check=True,
        cwd=root,  # as run_autograder runs: from the autograder folder
    )
    assert probe.stdout.strip().startswith(str(site))  # the run used the wheel's okrkit, not the worktree


def test_visibility_defaults_to_visible_without_settings(tmp_path):
    root = tmp_path / "ag"
    (root / "source").mkdir(parents=True)
    (root / "source" / "assignment.yaml").write_bytes(SPEC_FILE.read_bytes())
    write_nb(root / "submission" / "hw.ipynb", {"gmail": GMAIL})
    assert main(["gradescope", "--root", str(root)]) == 0
    data = json.loads((root / "results" / "results.json").read_text(encoding="utf-8"))
    validate_results(data)
    assert data["visibility"] == "visible"


@pytest.mark.parametrize(
    "section, field, words",
    [
        ("gradescope:\n  visibility: later\n", "gradescope.visibility", "after_published"),
        ("gradescope:\n  stdout_visibility: 1\n", "gradescope.stdout_visibility", "hidden"),
        ("gradescope:\n  visible: true\n", "gradescope.visible", "did you mean 'visibility'"),
    ],
)
def test_bad_gradescope_settings_are_located(section, field, words):
    text = SPEC_FILE.read_text(encoding="utf-8") + "\n" + section
    with pytest.raises(SpecError) as exc:
        parse_spec(text, source="spec.yaml")
    assert exc.value.field == field and words in str(exc.value)
    assert exc.value.line == text.count("\n", 0, text.index(section.splitlines()[1].strip())) + 1


# ── several notebooks in one upload (failure 4) ──────────────────────────────────────────
def _grade_upload(tmp_path: Path, files: dict[str, dict]) -> dict:
    root = tmp_path / "ag"
    (root / "source").mkdir(parents=True)
    (root / "source" / "assignment.yaml").write_bytes(SPEC_FILE.read_bytes())
    for name, answers in files.items():
        write_nb(root / "submission" / name, answers)
    data = autograder.run(root=root)
    validate_results(data)
    return data


def test_two_copies_of_the_notebook_grade_as_one(tmp_path):
    answers = {"gmail": GMAIL, "prime": WEAK, "personal": PERSONAL}
    one = _grade_upload(tmp_path / "one", {"hw.ipynb": answers})
    two = _grade_upload(tmp_path / "two", {"hw.ipynb": answers, "hw (1).ipynb": answers})
    assert one["score"] > 0
    assert two["score"] == one["score"]
    assert "hw (1).ipynb" in two["output"] and "copy" in two["output"] and "graded hw.ipynb" in two["output"]
    assert two["extra_data"]["okrkit"]["status"] == "ok"


def test_different_notebooks_grade_the_fullest_and_say_so(tmp_path):
    data = _grade_upload(
        tmp_path,
        {"draft.ipynb": {"gmail": WEAK}, "final.ipynb": {"gmail": GMAIL, "personal": PERSONAL}},
    )
    expected = load_assignment(SPEC).check_all({"gmail": GMAIL, "personal": PERSONAL})
    assert data["score"] == pytest.approx(expected.points)
    assert "different answers" in data["output"] and "graded final.ipynb" in data["output"]
    assert "draft.ipynb" in data["output"]
    assert data["extra_data"]["okrkit"]["status"] == "needs_review"


def test_a_notebook_beside_an_empty_one_is_graded(tmp_path):
    data = _grade_upload(tmp_path, {"a-scratch.ipynb": {}, "hw.ipynb": {"gmail": GMAIL}})
    assert data["score"] == pytest.approx(load_assignment(SPEC).check("gmail", GMAIL).points)
    assert "graded hw.ipynb" in data["output"]
    assert data["extra_data"]["okrkit"]["status"] == "ok"  # a notebook with no answers hides nothing


def test_a_notebook_beside_a_truncated_one_is_graded(tmp_path):
    root = tmp_path / "ag"
    (root / "source").mkdir(parents=True)
    (root / "source" / "assignment.yaml").write_bytes(SPEC_FILE.read_bytes())
    write_nb(root / "submission" / "hw.ipynb", {"gmail": GMAIL})
    (root / "submission" / "old.ipynb").write_text('{"cells": [', encoding="utf-8")
    data = autograder.run(root=root)
    validate_results(data)
    assert data["score"] == pytest.approx(load_assignment(SPEC).check("gmail", GMAIL).points)
    assert "graded hw.ipynb" in data["output"] and "old.ipynb" in data["output"]
    assert "could not be read" in data["output"]
    # the unreadable notebook may be the one the student meant: as in `okrkit grade`, a person should look
    assert (
        data["extra_data"]["okrkit"]["status"] == "needs_review" and "old.ipynb" in data["extra_data"]["okrkit"]["note"]
    )


def test_root_comes_from_the_environment(tmp_path, monkeypatch):
    root = tmp_path / "elsewhere"
    (root / "source").mkdir(parents=True)
    (root / "source" / "assignment.yaml").write_bytes(SPEC_FILE.read_bytes())
    write_nb(root / "submission" / "hw.ipynb", {"gmail": GMAIL})
    for var in (autograder.ENV_SPEC, autograder.ENV_SUBMISSION, autograder.ENV_RESULTS):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv(autograder.ENV_ROOT, str(root))
    assert main(["gradescope"]) == 0
    assert (root / "results" / "results.json").is_file()


@pytest.mark.parametrize("extension, penalty", [("", 10), ("  extensions:\n    ann@example.edu: 1 day\n", 0)])
def test_late_submission_on_gradescope_loses_points(tmp_path, extension, penalty):
    spec = spec_with(tmp_path, "late:\n  due: 2026-10-02 23:59 Europe/Berlin\n  penalty: 10%\n  per: day\n" + extension)
    root = tmp_path / "ag"
    (root / "source").mkdir(parents=True)
    (root / "source" / "assignment.yaml").write_bytes(spec.read_bytes())
    write_nb(root / "submission" / "hw.ipynb", {"gmail": GMAIL, "personal": PERSONAL})
    meta = {"created_at": "2026-10-03T23:30:00.000000+02:00", "users": [{"email": "ann@example.edu"}]}
    (root / "submission_metadata.json").write_text(json.dumps(meta), encoding="utf-8")
    data = autograder.run(root=root)
    validate_results(data)
    on_time = load_assignment(SPEC).check_all({"gmail": GMAIL, "personal": PERSONAL}).points
    assert data["score"] == pytest.approx(on_time - penalty)  # 23 h 31 min late: one started day, 10% of 100
    late = [t for t in data["tests"] if t["name"] == "Late penalty"]
    if penalty:  # without the extension (found by the submitter's email in submission_metadata.json)
        assert late[0]["score"] == -10 and "1 started day" in late[0]["output"] and "Late" in data["output"]
    else:
        assert not late and "Late" not in data["output"]
    assert datetime.fromisoformat(meta["created_at"]).utcoffset() is not None


@pytest.mark.parametrize("metadata", [None, "{not json", '{"users": []}'])
def test_a_late_policy_without_a_usable_submission_time_grades_and_flags_it(tmp_path, metadata):
    """No submission_metadata.json (or one without created_at): the upload is graded without a penalty, and the
    row needs a person's look with the reason in extra_data (which Gradescope shows to staff, not students)."""
    spec = spec_with(tmp_path, "late:\n  due: 2026-10-02 23:59 Europe/Berlin\n  penalty: 10%\n  per: day\n")
    root = tmp_path / "ag"
    (root / "source").mkdir(parents=True)
    (root / "source" / "assignment.yaml").write_bytes(spec.read_bytes())
    write_nb(root / "submission" / "hw.ipynb", {"gmail": GMAIL, "personal": PERSONAL})
    if metadata is not None:
        (root / "submission_metadata.json").write_text(metadata, encoding="utf-8")
    data = autograder.run(root=root)
    validate_results(data)
    assert data["score"] == pytest.approx(
        load_assignment(SPEC).check_all({"gmail": GMAIL, "personal": PERSONAL}).points
    )
    okrkit = data["extra_data"]["okrkit"]
    assert okrkit["status"] == "needs_review" and "no late penalty" in okrkit["note"]
    assert "submission_metadata.json" in okrkit["note"] and "late" not in data["output"].lower()
