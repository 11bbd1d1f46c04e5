"""The okrkit command: lint output formats and exit codes, score, rules, schema."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

from okrkit.cli import main

GOOD = (
    "period: 2026-Q3\nobjectives:\n  - objective: New teams reach their first success on day one\n"
    "    key_results:\n      - Increase registration conversion from 20% to 23% by 2026-09-30\n"
    "      - Cut median time from sign-up to first project from 3 days to 1 day by 2026-09-30\n"
)
BAD = "objectives:\n  - objective: Grow the business\n    key_results:\n      - Hold 12 customer workshops\n"


@pytest.fixture
def files(tmp_path):
    (tmp_path / "good.yaml").write_text(GOOD)
    (tmp_path / "bad.yaml").write_text(BAD)
    (tmp_path / "broken.yaml").write_text(
        "objectives:\n  - objective: A\n    key_results:\n      - text: B\n        target: ten\n"
    )
    return tmp_path


def run(argv, capsys, stdin: str | None = None, monkeypatch=None):
    if stdin is not None:
        monkeypatch.setattr(sys, "stdin", io.StringIO(stdin))
    code = main(argv)
    out = capsys.readouterr()
    return code, out.out, out.err


def test_lint_clean_file_exits_0(files, capsys):
    code, out, _ = run(["lint", str(files / "good.yaml"), "--min-severity", "warning"], capsys)
    assert code == 0 and "0 error(s), 0 warning(s)" in out


def test_lint_flagged_file_is_compiler_style_and_exits_1(files, capsys):
    code, out, _ = run(["lint", str(files / "bad.yaml")], capsys)
    assert code == 1
    assert f"{files / 'bad.yaml'}:4: OKR101 warning: " in out
    assert "\n    fix: " in out


def test_lint_unreadable_exits_2_and_still_lints_the_rest(files, capsys):
    code, out, err = run(["lint", str(files / "broken.yaml"), str(files / "bad.yaml")], capsys)
    assert code == 2
    assert "broken.yaml:5: objectives[0].key_results[0].target: expected a number, got 'ten'" in err
    assert "OKR101" in out


def test_lint_json_has_every_finding_field(files, capsys):
    code, out, _ = run(["lint", "--format", "json", str(files / "bad.yaml")], capsys)
    data = json.loads(out)
    assert code == 1 and data["errors"] == []
    assert set(data["findings"][0]) == {
        "code",
        "name",
        "category",
        "severity",
        "message",
        "fix",
        "lesson",
        "where",
        "objective",
        "key_result",
        "line",
        "text",
        "file",
    }


def test_lint_reads_stdin(capsys, monkeypatch):
    code, out, _ = run(
        ["lint", "-"], capsys, stdin="Grow the business\n- Hold 12 customer workshops\n", monkeypatch=monkeypatch
    )
    assert code == 1 and "<stdin>:2: OKR101" in out


def test_min_severity_filters(files, capsys):
    _, out, _ = run(["lint", "--min-severity", "error", str(files / "bad.yaml")], capsys)
    assert "warning:" not in out and "info:" not in out


def test_score_prints_progress_grade_band_and_pace(tmp_path, capsys):
    p = tmp_path / "checkin.yaml"
    p.write_text(
        "period: 2026-Q3\nas_of: 2026-08-15\nobjectives:\n  - objective: O\n    key_results:\n"
        "      - {text: Raise activation from 20% to 30%, current: 25}\n"
        "      - {text: Reduce reimbursement time from 57 days to 3 days, current: 30}\n"
    )
    code, out, _ = run(["score", str(p)], capsys)
    assert code == 0
    assert "0.50 2/4 yellow Raise activation from 20% to 30%  on track" in out
    assert "set score: 0.50" in out
    code, out, _ = run(["score", "--format", "json", str(p)], capsys)
    assert json.loads(out)["set_score"] == pytest.approx(0.5)


def test_rules_and_schema(capsys):
    code, out, _ = run(["rules", "--format", "json"], capsys)
    rules = json.loads(out)
    assert code == 0 and {r["code"] for r in rules} >= {"OKR101", "OKR201", "OKR301", "OKR401"}
    code, out, _ = run(["rules", "OKR107"], capsys)
    assert out.startswith("OKR107 vanity-metric")
    code, out, _ = run(["schema"], capsys)
    schema = json.loads(out)
    assert code == 0 and "key_result" in schema["$defs"]


def test_schema_accepts_design_example_and_rejects_typos():
    import jsonschema  # installed with jupyterlab
    import yaml

    from okrkit.read.schema import json_schema
    from tests.test_io import DESIGN_EXAMPLE

    data = yaml.safe_load(DESIGN_EXAMPLE)
    data["objectives"][0]["key_results"][1]["due"] = "2026-09-30"
    jsonschema.validate(data, json_schema())
    data["objectives"][0]["key_reslts"] = []
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(data, json_schema())


def test_console_script_runs(files):
    exe = Path(sys.executable).parent / "okrkit"
    assert exe.exists(), "okrkit console script not installed: pip install -e ."
    r = subprocess.run([str(exe), "lint", str(files / "bad.yaml")], capture_output=True, text=True)
    assert r.returncode == 1 and "OKR101" in r.stdout


def test_unknown_rule_is_a_clean_error(capsys):
    code, _, err = run(["rules", "OKR999"], capsys)
    assert code == 2 and "no rule 'OKR999'" in err and "OKR101" in err


def test_lint_of_a_folder_says_it_is_a_folder_and_what_to_name(tmp_path, capsys):
    """QA pass: `okrkit lint teams/` said 'cannot read the file: not a regular file … check the permissions'."""
    (tmp_path / "teams").mkdir()
    assert main(["lint", str(tmp_path / "teams")]) == 2
    err = capsys.readouterr().err
    assert "is a folder" in err and "teams/*.yaml" in err and "permissions" not in err


def test_score_of_a_checkin_history_scores_its_latest_checkin(files, capsys):
    (files / "history.yaml").write_text(
        "set: good.yaml\ncheckins:\n  - {as_of: 2026-07-15, current: [20.3, 2.9]}\n"
        "  - {as_of: 2026-08-15, current: [21.5, 2.0]}\n"
    )
    assert main(["score", str(files / "history.yaml")]) == 0
    out = capsys.readouterr().out
    assert "0.50 " in out and "0.50 " in out.split("\n", 2)[2]  # (21.5-20)/3 and (3-2)/2: the August values
    assert "expected" in out  # paced against the check-in's own date


def test_score_of_a_checkin_history_with_a_value_missing_says_where_and_how_many(files, capsys):
    (files / "history.yaml").write_text("set: good.yaml\ncheckins:\n  - {as_of: 2026-07-15, current: [20.3]}\n")
    assert main(["score", str(files / "history.yaml")]) == 2
    err = capsys.readouterr().err
    assert "history.yaml" in err and "1 value(s) but good.yaml has 2 key results" in err and "one value per" in err
