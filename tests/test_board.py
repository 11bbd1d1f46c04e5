"""The workshop board: traffic lights, room summary, static one-file HTML, handout, YAML export, CLI, live widget."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

import okrkit
from okrkit.cli import main
from okrkit.read.importers import Draft, parse_text, read_path
from okrkit.workshop import board as B

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "data" / "workshop-sample"
GOOD = "Increase activation rate from 20% to 35% by 2026-09-30"
BAD = "Launch the new onboarding flow"  # a project, not a key result (OKR103)
EVIL = "<script>window.__pwned = 1</script>"


def draft(text: str) -> Draft:
    return parse_text(text, "t.txt").drafts[0]


@pytest.fixture(scope="module")
def sample_board() -> B.Board:
    return B.load_board(SAMPLE)


# ── lights ────────────────────────────────────────────────────────────────────────────────
def test_worst_and_findings_light():
    assert B.worst([]) == "green"
    assert B.worst(["green", "red", "amber"]) == "red"
    f = okrkit.lint_statement(BAD)
    assert B.findings_light(f) == "amber" and any(x.severity == "warning" for x in f)
    assert B.findings_light([x for x in f if x.severity == "info"]) == "green"


def test_kr_light_follows_its_worst_finding():
    d = draft(
        f"Period: 2026-Q3\nCustomers stay with us\n- {GOOD}\n- {BAD}\n- Raise retention from 70% to 80% by 2026-09-30\n"
    )
    card = B.team_card(d)
    lights = [k.light for k in card.objectives[0].key_results]
    for k in card.objectives[0].key_results:
        assert k.light == B.findings_light(k.findings)
    assert lights[0] == "green" and lights[1] != "green"
    assert card.objectives[0].light == B.worst(lights + [B.findings_light(card.objectives[0].findings)])
    assert card.light == B.worst([card.objectives[0].light, B.findings_light(card.findings)])


@pytest.mark.parametrize("progress, light", [(0.1, "red"), (0.5, "amber"), (0.8, "green")])
def test_check_in_band_sets_the_light_of_a_clean_kr(progress, light):
    d = draft(f"Period: 2026-Q3\nCustomers stay with us\n- {GOOD}\n- Raise retention from 70% to 80% by 2026-09-30\n")
    assert B.team_card(d).objectives[0].key_results[0].light == "green"
    d.progress[(0, 0)] = progress
    k = B.team_card(d).objectives[0].key_results[0]
    assert k.light == light and k.progress == progress
    assert any("check-in" in r for r in k.reasons)


def test_error_makes_red():
    d = draft("Be great\n- Increase the share of happy users from 80% to 60% by 2026-09-30\n")
    k = B.team_card(d).objectives[0].key_results[0]
    assert any(f.severity == "error" for f in k.findings)
    assert k.light == "red"


# ── the sample board and the room summary ─────────────────────────────────────────────────
def test_board_builds_from_the_sample(sample_board):
    result = read_path(SAMPLE)
    assert [t.team for t in sample_board.teams] == [t for t, _ in result]
    tot = sample_board.totals()
    assert tot["key_results"] == sum(len(s.key_results) for _, s in result)
    assert tot["green"] + tot["amber"] + tot["red"] == tot["key_results"]
    assert {"green", "amber", "red"} <= {
        k.light for t in sample_board.teams for o in t.objectives for k in o.key_results
    }
    growth = sample_board.teams[0]
    planted = growth.objectives[0].key_results[2]
    assert planted.text == BAD and planted.owner == "Ana"
    assert any(f.category == "initiative_not_kr" for f in planted.flagged)


def test_summary_counts_every_flagged_finding_once(sample_board):
    rows = sample_board.summary()
    flagged = [f for t in sample_board.teams for f in t.all_findings if f.flagged]
    assert sum(r.count for r in rows) == len(flagged)
    assert [r.count for r in rows] == sorted((r.count for r in rows), reverse=True)
    for r in rows:
        assert r.teams and r.label and r.fix


def test_summary_chart_is_inline_svg(sample_board):
    svg = B.summary_svg(sample_board)
    assert svg.startswith("<svg") and "<script" not in svg
    assert B.summary_svg(B.Board([])) == ""


# ── the static HTML board ─────────────────────────────────────────────────────────────────
def test_static_board_is_one_offline_file(sample_board):
    page = B.board_html(sample_board)
    assert page.count("<script") == 1 and "<script>" in page, "one inline script, no src"
    assert not re.search(r"""(?:src|href)\s*=\s*["']?(?:https?:)?//""", page), "nothing may load from the network"
    assert not re.search(r"<(?:link|iframe|img)\b", page)
    assert "default-src 'none'" in page
    for light in ("green", "amber", "red"):
        assert B.workshop_text()["lights"][light]["meaning"][:30].replace("'", "&#x27;") in page
    assert "OKR103" in page and BAD in page
    assert "<svg" in page and "chart unavailable" not in page


def test_static_board_is_deterministic(tmp_path):
    a = B.write_board(B.load_board(SAMPLE), tmp_path / "a.html").read_bytes()
    b = B.write_board(B.load_board(SAMPLE), tmp_path / "b.html").read_bytes()
    assert a == b


def test_user_text_is_escaped_everywhere():
    text = f"Team: {EVIL}\nObjective {EVIL}\n- Increase {EVIL} from 20% to 30% by 2026-09-30\n- {BAD} <img src=x onerror=alert(1)>\n"
    d = draft(text)
    d.owners[(0, 0)] = EVIL
    board = B.build_board([d], title=EVIL)
    for page in (B.board_html(board), B.handout_html(board)):
        assert "__pwned" in page
        assert "<script>window" not in page and "<img src=x" not in page
        assert page.count("<script") == page.count("<script>" + B.BOARD_JS), "the only script is the board's own"
    md = B.handout_markdown(board)
    assert "<script>" not in md and "\\<script\\>" in md


# ── handout and export ────────────────────────────────────────────────────────────────────
def test_handout_has_every_team_and_the_prompts(sample_board):
    md = B.handout_markdown(sample_board)
    for t in sample_board.teams:
        assert f"## {t.team}" in md
    for q in B.workshop_text()["four_questions"]["questions"]:
        assert q in md
    assert "one objective" in md.lower() and "Still to work on" in md


def test_export_writes_yaml_that_loads_back(sample_board, tmp_path):
    paths = B.export(sample_board, tmp_path / "out")
    names = sorted(p.name for p in paths)
    assert names == sorted(
        [
            "growth.yaml",
            "platform.yaml",
            "customer-support.yaml",
            "sales.yaml",
            "finance.yaml",
            "people.yaml",
            "handout.md",
            "handout.html",
        ]
    )
    for t in sample_board.teams:
        back = okrkit.load(tmp_path / "out" / f"{B.slug(t.team)}.yaml")
        assert back.owner == t.team
        assert [k.text for k in back.key_results] == [k.text for k in t.draft.okrs.key_results]
        assert [o.objective for o in back.objectives] == [o.objective for o in t.draft.okrs.objectives]


# ── editing ───────────────────────────────────────────────────────────────────────────────
def test_editing_a_kr_clears_its_finding():
    d = draft(
        f"Period: 2026-Q3\nNew teams succeed on day one\n- {BAD}\n- Raise retention from 70% to 80% by 2026-09-30\n"
    )
    assert any(f.code == "OKR103" for f in B.team_card(d).objectives[0].key_results[0].findings)
    B.set_key_result(d, 0, 0, GOOD)
    k = B.team_card(d).objectives[0].key_results[0]
    assert k.text == GOOD and not k.flagged and k.light == "green"
    with pytest.raises(ValueError):
        B.set_key_result(d, 0, 0, "  ")


def test_remove_keeps_owners_and_progress_in_step():
    d = draft("O\n- a\n- b\n- c\n")
    d.owners.update({(0, 0): "A", (0, 1): "B", (0, 2): "C", (0, -1): "Lead"})
    d.progress.update({(0, 2): 0.5})
    B.remove_key_result(d, 0, 1)
    assert [k.text for k in d.okrs.key_results] == ["a", "c"]
    assert d.owners == {(0, 0): "A", (0, 1): "C", (0, -1): "Lead"} and d.progress == {(0, 1): 0.5}


# ── CLI ───────────────────────────────────────────────────────────────────────────────────
def test_cli_builds_the_board_from_a_csv(tmp_path, capsys):
    out = tmp_path / "board.html"
    assert main(["board", str(SAMPLE / "okrs.csv"), "--out", str(out), "--export", str(tmp_path / "x")]) == 0
    page = out.read_text(encoding="utf-8")
    assert "Growth" in page and "Customer Support" in page and "Finance" not in page
    said = capsys.readouterr()
    assert "3 teams" in said.out and "Status" in said.err
    assert (tmp_path / "x" / "handout.md").exists()


def test_cli_reports_unreadable_input(tmp_path, capsys):
    bad = tmp_path / "bad.csv"
    bad.write_text("Team,Key Result\nT,KR\n", encoding="utf-8")
    assert main(["board", str(bad), "--out", str(tmp_path / "b.html")]) == 2
    err = capsys.readouterr().err
    assert f"{bad}:1: no objective column" in err
    assert not (tmp_path / "b.html").exists()


def test_board_modules_stay_light():
    code = (
        "import sys, okrkit.cli as c, okrkit.workshop.board, okrkit.cli.board; c.build_parser(); "
        "print(sorted(m for m in ('pandas', 'altair', 'ipywidgets') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


# ── the live widget ───────────────────────────────────────────────────────────────────────
def test_widget_edit_updates_findings_and_summary():
    from okrkit.views.board import WorkshopBoard

    wb = WorkshopBoard(SAMPLE)
    assert len(wb.panels) == 6
    panel = wb.panels[0]
    row = next(c for c in panel.children if "okr-kr-0-0-2" in c._dom_classes)
    light, found = panel.rows[(0, 2)]
    assert 'data-code="OKR103"' in found.value
    before = wb.summary.value
    box = row.children[0].children[1]
    box.value = GOOD
    assert 'data-code="OKR103"' not in found.value
    assert "okr-light-green" in light.value
    assert wb.summary.value != before
    assert GOOD in wb.handout_markdown()


def test_widget_loads_pasted_text_and_reports_errors(tmp_path):
    from okrkit.views.board import WorkshopBoard

    wb = WorkshopBoard()
    wb.load_text(f"Team: Sales\nWin customers who stay\n- {GOOD}\n")
    assert [p.draft.team for p in wb.panels] == ["Sales"]
    wb.load_text("Team: X\n- orphan key result\n")
    assert "Could not read" in wb.status.value and ":2:" in wb.status.value
    assert [p.draft.team for p in wb.panels] == ["Sales"], "a failed load keeps the board as it was"
    wb.load_uploads(
        [{"name": "u.csv", "content": memoryview(b"Team;Objective;Key Result\nU;O;" + GOOD.encode() + b"\n")}]
    )
    assert [p.draft.team for p in wb.panels] == ["U"]
    paths = wb.save(tmp_path / "exp")
    assert (tmp_path / "exp" / "u.yaml") in paths and "base64," in wb.export_status.value


def test_widget_with_a_wrong_start_path_fails_loudly(tmp_path):
    from okrkit.views.board import WorkshopBoard

    with pytest.raises(okrkit.LoadError, match="no such file"):
        WorkshopBoard(tmp_path / "missing")
