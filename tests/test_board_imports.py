"""Issue 13, coaches 1 and 3: an odd cell never empties the board, an import that loaded nothing is a failure
(never a green room), and the teams' own Status sits beside the checker's colour."""

from __future__ import annotations

from okrkit.cli import main
from okrkit.read.importers import ImportResult, parse_csv
from okrkit.workshop import board as B
from okrkit.workshop.export import board_html, summary_html

ODD = (
    "Team,Objective,Key Result,Confidence,Status\n"
    "Sales,Win customers who stay,Raise NPS from 30 to 45 by 2026-09-30,7/10,On Track\n"
    "Sales,Win customers who stay,Cut churn from 5% to 3% by 2026-09-30,high/medium,Off Track\n"
)


def test_board_cli_keeps_the_file_when_one_cell_is_odd(tmp_path, capsys):
    src = tmp_path / "odd.csv"
    src.write_text(ODD, encoding="utf-8")
    code = main(["board", str(src), "--out", str(tmp_path / "b.html")])
    out, err = capsys.readouterr()
    assert code == 0, err
    assert "1 teams, 2 key results" in out
    assert "odd.csv:3: Confidence: confidence 'high/medium' can't be read" in err
    assert "1 on track" in out and "1 off track" in out


def test_an_empty_board_is_not_a_green_room():
    empty = B.build_board(ImportResult())
    html = summary_html(empty)
    assert "Nothing flagged" not in html and "No team's OKRs are on the board" in html
    assert "No team's OKRs are on the board" in board_html(empty)


def test_reported_status_shows_beside_the_checker_colour():
    board = B.build_board(parse_csv(ODD, "odd.csv"))
    krs = board.teams[0].objectives[0].key_results
    assert [k.reported for k in krs] == ["on_track", "off_track"]
    html = board_html(board)
    assert "reported: on track" in html and "reported: off track" in html
    assert board.reported()["on_track"] == 1 and board.reported()["off_track"] == 1


def test_widget_shows_a_failed_import_as_a_failure_and_keeps_the_board(tmp_path):
    from okrkit.views.board import WorkshopBoard

    wb = WorkshopBoard()
    wb.load_text(ODD)
    assert [p.draft.team for p in wb.panels] == ["Sales"]
    assert "reported: off track" in "".join(found.value for _, found in wb.panels[0].rows.values())
    empty = tmp_path / "empty.csv"
    empty.write_text("Team,Objective,Key Result\n", encoding="utf-8")
    wb.load(str(empty))
    assert "Could not load any team" in wb.status.value
    assert [p.draft.team for p in wb.panels] == ["Sales"], "a load that read nothing keeps the board"
    fresh = WorkshopBoard()
    fresh.load(str(empty))
    assert "Could not load any team" in fresh.status.value and "Loaded 0 team" not in fresh.status.value
    assert "Nothing flagged" not in fresh.summary.value


def test_kr_labels_typed_on_the_board_are_not_part_of_the_text():
    d = parse_csv("Team,Objective,Key Result\nT,Be great,Raise NPS from 30 to 45\n", "x.csv").drafts[0]
    B.add_key_result(d, 0, "KR 2 - Cut churn from 5% to 3%")
    B.set_key_result(d, 0, 0, "KR1: Raise NPS from 30 to 50")
    B.add_objective(d, "O2: Grow revenue")
    assert [k.text for k in d.okrs.key_results] == ["Raise NPS from 30 to 50", "Cut churn from 5% to 3%"]
    assert d.okrs.objectives[1].objective == "Grow revenue"
