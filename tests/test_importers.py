"""Importing teams' drafts: messy CSV exports, folders of YAML files, pasted text; located errors and warnings."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from okrkit import LoadError
from okrkit.read.importers import (
    ImportResult,
    column_table,
    decode,
    parse_csv,
    parse_text,
    read_csv,
    read_folder,
    read_path,
)

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "data" / "workshop-sample"

GOOD = "Increase activation rate from 20% to 35% by 2026-09-30"


def write(tmp_path: Path, name: str, data: bytes | str) -> Path:
    p = tmp_path / name
    p.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))
    return p


def krs(result: ImportResult, team: str) -> list[str]:
    sets = dict(result.sets)
    return [k.text for k in sets[team].key_results]


# ── the column table ──────────────────────────────────────────────────────────────────────
def test_column_aliases_are_unambiguous():
    data = yaml.safe_load((ROOT / "okrkit" / "read" / "aliases.yaml").read_text(encoding="utf-8"))["csv"]
    seen: dict[str, str] = {}
    from okrkit.read.importers import normalize_header

    for field, names in data["fields"].items():
        for name in names:
            key = normalize_header(name)
            assert key not in seen or seen[key] == field, f"{name!r} means both {seen[key]} and {field}"
            seen[key] = field
    assert not set(seen) & {normalize_header(x) for x in data["ignored"]}, "a column is both used and ignored"


@pytest.mark.parametrize(
    "header, field",
    [
        ("Team", "team"),
        ("Department", "team"),
        ("group", "team"),
        ("Goal", "objective"),
        ("Objective Title", "objective"),
        ("Key Result", "key_result"),
        ("KR", "key_result"),
        ("key_result", "key_result"),
        ("Key-Result", "key_result"),
        ("Title", "title"),
        ("Type", "kind"),
        ("Assignee", "owner"),
        ("Progress (%)", "progress"),
        ("Score", "progress"),
        ("Current Value", "current"),
        ("Start Value", "baseline"),
        ("Baseline", "baseline"),
        ("Target Value", "target"),
        ("Due Date", "due"),
        ("\ufeffTeam", "team"),
        ("  OWNER: ", "owner"),
    ],
)
def test_common_export_headers_are_known(header, field):
    from okrkit.read.importers import normalize_header

    assert column_table().aliases[normalize_header(header)] == field


# ── well-formed CSV ───────────────────────────────────────────────────────────────────────
def test_sample_csv_gives_three_teams_with_owners_and_progress():
    result = read_csv(SAMPLE / "okrs.csv")
    assert [t for t, _ in result] == ["Growth", "Platform", "Customer Support"]
    growth = result.drafts[0]
    assert [o.objective for o in growth.okrs.objectives] == [
        "New teams reach their first success on day one",
        "Grow the business",
    ]
    assert growth.owners[(0, 0)] == "Ana"
    assert growth.progress[(0, 0)] == pytest.approx(0.40)
    assert growth.okrs.period == "2026-Q3"
    kr = growth.okrs.objectives[0].key_results[0]
    assert (kr.baseline, kr.target, kr.line) == (20, 23, 2)
    assert {"baseline", "target", "due"} <= kr.explicit
    assert kr.status == "on_track", "the sheet's own Status column is the key result's reported status"


def test_blank_objective_cells_continue_the_objective_above():
    text = "Team,Objective,Key Result\nA,Obj one,KR one\n,,KR two\nA,Obj two,KR three\n"
    result = parse_csv(text, "x.csv")
    okrs = dict(result.sets)["A"]
    assert [len(o.key_results) for o in okrs.objectives] == [2, 1]
    assert any("team of the row above" in str(w) for w in result.warnings)


# ── messy CSV ─────────────────────────────────────────────────────────────────────────────
def test_utf8_with_bom(tmp_path):
    p = write(
        tmp_path,
        "bom.csv",
        "\ufeffTeam,Objective,Key Result\nCafé,Crème customers stay,Raise 90-day retention from 70% to 80% by 2026-09-30\n".encode(
            "utf-8"
        ),
    )
    result = read_csv(p)
    assert [t for t, _ in result] == ["Café"]
    assert not result.warnings


def test_cp1252_falls_back_with_a_note(tmp_path):
    text = (
        "Team;Objective;Key Result\nZürich;Kunden bleiben – gern;Raise 90-day retention from 70% to 80% by 2026-09-30\n"
    )
    p = write(tmp_path, "win.csv", text.encode("cp1252"))
    result = read_csv(p)
    assert [t for t, _ in result] == ["Zürich"]
    assert result.drafts[0].okrs.objectives[0].objective == "Kunden bleiben – gern"
    assert any("cp1252" in str(w) and "win.csv" in str(w) for w in result.warnings)


def test_utf16_excel_unicode_text(tmp_path):
    text = "Team\tObjective\tKey Result\nÅsa\tObj\t" + GOOD + "\n"
    p = write(tmp_path, "u16.txt.csv", text.encode("utf-16"))
    assert krs(read_csv(p), "Åsa") == [GOOD]


@pytest.mark.parametrize("sep", [",", ";", "\t", "|"])
def test_delimiter_is_sniffed(sep):
    text = sep.join(["Team", "Objective", "Key Result", "Owner"]) + "\n" + sep.join(["T", "O", GOOD, "Ann"]) + "\n"
    result = parse_csv(text, "s.csv")
    assert krs(result, "T") == [GOOD]
    assert result.drafts[0].owners[(0, 0)] == "Ann"


def test_semicolon_file_with_decimal_commas():
    text = "Team;Objective;Key Result;Progress;Start value;Target value\nT;O;Cut churn from 4,5% to 3,0% by 2026-09-30;0,45;4,5;3,0\n"
    d = parse_csv(text, "eu.csv").drafts[0]
    kr = d.okrs.objectives[0].key_results[0]
    assert (kr.baseline, kr.target) == (4.5, 3.0)
    assert d.progress[(0, 0)] == pytest.approx(0.45)


def test_blank_lines_are_skipped_and_lines_stay_true():
    text = "Team,Objective,Key Result\n\nT,O,KR one\n\n\nT,O,KR two\n"
    okrs = dict(parse_csv(text, "b.csv").sets)["T"]
    assert [k.line for k in okrs.key_results] == [3, 6]


def test_quoted_newlines_join_into_one_line_and_later_lines_stay_true():
    text = 'Team,Objective,Key Result\nT,O,"Increase activation rate\nfrom 20% to 35%\nby 2026-09-30"\nT,O,Second KR\n'
    okrs = dict(parse_csv(text, "q.csv").sets)["T"]
    assert okrs.key_results[0].text == GOOD
    assert [k.line for k in okrs.key_results] == [2, 5]


def test_missing_optional_columns_and_short_rows():
    text = "Team,Objective,Key Result,Owner,Progress\nT,O,KR one\nT,O,KR two,Bo\n"
    d = parse_csv(text, "m.csv").drafts[0]
    assert len(d.okrs.key_results) == 2
    assert d.owners == {(0, 1): "Bo"} and d.progress == {}


def test_extra_cells_are_reported_with_their_line():
    text = "Team,Objective,Key Result\nT,O,Cut cost from 5 to 4, then more\n"
    result = parse_csv(text, "e.csv")
    note = next(w for w in result.warnings if "extra" in w.message)
    assert (note.file, note.line) == ("e.csv", 2)
    assert "quotes" in note.message


def test_unknown_column_is_reported_and_close_names_are_mapped():
    text = "Team,Objectve,Key Result,Colour code\nT,O,KR\n"
    result = parse_csv(text, "u.csv")
    msgs = [str(w) for w in result.warnings]
    assert any("'Objectve' read as objective" in m for m in msgs)
    assert any("'Colour code' is not a column okrkit knows" in m and "u.csv:1" in m for m in msgs)
    assert [o.objective for _, s in result for o in s.objectives] == ["O"]


def test_no_team_column_uses_the_file_name():
    result = parse_csv("Objective,Key Result\nO,KR\n", "data/team-growth.csv")
    assert [t for t, _ in result] == ["team growth"]
    assert any("no team column" in str(w) for w in result.warnings)


def test_preamble_lines_before_the_header_are_skipped():
    text = "OKR export,,\nExported on 2026-07-01,,\nTeam,Objective,Key Result\nT,O,KR\n"
    result = parse_csv(text, "p.csv")
    assert krs(result, "T") == ["KR"]
    assert any("before the header" in str(w) for w in result.warnings)


@pytest.mark.parametrize(
    "values, expected",
    [
        (["0.45", "1"], [0.45, 1.0]),
        (["45", "100"], [0.45, 1.0]),
        (["45%", "0.5"], [0.45, 0.5]),
        (["45 %", "0,5"], [0.45, 0.5]),
    ],
)
def test_progress_scales(values, expected):
    sep = ";" if any("," in v for v in values) else ","
    rows = "".join(sep.join(["T", "O", f"KR {i}", v]) + "\n" for i, v in enumerate(values))
    d = parse_csv(sep.join(["Team", "Objective", "Key Result", "Progress"]) + "\n" + rows, "p.csv").drafts[0]
    assert [d.progress[(0, i)] for i in range(len(values))] == pytest.approx(expected)


def test_progress_over_100_percent_is_clamped_with_a_note():
    d = parse_csv("Team,Objective,Key Result,Progress\nT,O,KR,130%\n", "p.csv")
    assert d.drafts[0].progress[(0, 0)] == 1.0
    assert any("outside 0–100%" in str(w) and ":2:" in str(w) for w in d.warnings)


def test_progress_sets_current_when_the_target_is_known():
    d = parse_csv(
        "Team,Objective,Key Result,Progress\nT,O,Reduce failed deployments from 12% to 4% by 2026-09-30,25%\n", "p.csv"
    ).drafts[0]
    assert d.okrs.key_results[0].current == pytest.approx(10.0)


@pytest.mark.parametrize(
    "raw, expected",
    [
        ("2026-09-30", "2026-09-30"),
        ("30/09/2026", "2026-09-30"),
        ("09/30/2026", "2026-09-30"),
        ("30.09.2026", "2026-09-30"),
        ("Sep 30, 2026", "2026-09-30"),
    ],
)
def test_due_dates(raw, expected):
    d = parse_csv(f'Team,Objective,Key Result,Due date\nT,O,KR,"{raw}"\n', "d.csv").drafts[0]
    assert d.okrs.key_results[0].due.isoformat() == expected


def test_typed_rows_from_tools_that_export_objectives_and_krs_as_rows():
    text = (
        "Title,Type,Owner,Team,Parent,Progress\n"
        "Customers get answers fast,Objective,Fay,Support,,\n"
        "Cut first-response time from 9 hours to 2 hours by 2026-09-30,Key Result,Gus,Support,Customers get answers fast,50%\n"
        "Hire two agents,Initiative,Fay,Support,,\n"
        "Raise CSAT from 80% to 90% by 2026-09-30,Key Result,Gus,Support,,\n"
    )
    d = parse_csv(text, "t.csv").drafts[0]
    obj = d.okrs.objectives[0]
    assert obj.objective == "Customers get answers fast"
    assert [k.text for k in obj.key_results] == [
        "Cut first-response time from 9 hours to 2 hours by 2026-09-30",
        "Raise CSAT from 80% to 90% by 2026-09-30",
    ]
    assert [i.text for i in obj.initiatives] == ["Hire two agents"]
    assert d.owners[(0, -1)] == "Fay" and d.owners[(0, 0)] == "Gus"


# ── located errors ────────────────────────────────────────────────────────────────────────
@pytest.mark.parametrize(
    "text, line, field, words",
    [
        ("Team,Key Result\nT,KR\n", 1, None, "no objective column"),
        ("Team,Objective,Owner\nT,O,Ann\n", 1, None, "no key result column"),
        ("Team,Objective,Key Result\nT,,KR with no objective\n", 2, "Objective", "has no objective"),
        ('Team,Objective,Key Result\nT,O,KR\nT,O,"unclosed\nT,O,KR\n', 3, None, "never closes"),
        ("colour,size\nred,big\n", 1, None, "no header row"),
        ("\n\n", 1, None, "empty"),
    ],
)
def test_errors_say_file_line_column_and_what_to_do(text, line, field, words):
    with pytest.raises(LoadError) as info:
        parse_csv(text, "bad.csv")
    e = info.value
    assert (e.file, e.line, e.field) == ("bad.csv", line, field)
    assert words in e.problem
    assert e.hint, "every error says what to do"
    assert str(e).startswith(f"bad.csv:{line}: ")


def test_missing_file_is_a_located_error(tmp_path):
    with pytest.raises(LoadError, match="no such file"):
        read_path(tmp_path / "nope.csv")


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=400))
@example(b"\xfe\xff\x00")  # a UTF-16 BOM with a cut-off character
def test_any_bytes_give_drafts_or_a_load_error(raw):
    try:
        text, _ = decode(raw, "fuzz.csv")
        result = parse_csv(text, "fuzz.csv")
    except LoadError as exc:
        assert exc.file == "fuzz.csv"
    else:
        assert all(isinstance(t, str) and t for t, _ in result)


@settings(max_examples=100, deadline=None)
@given(
    st.lists(
        st.lists(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=20), min_size=0, max_size=5),
        max_size=6,
    )
)
def test_any_table_under_a_good_header_gives_drafts_or_a_load_error(rows):
    import csv
    import io

    buf = io.StringIO()
    w = csv.writer(buf)
    w.writerow(["Team", "Objective", "Key Result", "Owner", "Progress"])
    w.writerows(rows)
    try:
        parse_csv(buf.getvalue(), "rows.csv")
    except LoadError as exc:
        assert exc.line is not None and exc.hint


# ── folders and pasted text ───────────────────────────────────────────────────────────────
def test_sample_folder_reads_every_source():
    result = read_folder(SAMPLE)
    teams = [t for t, _ in result]
    assert teams == ["Growth", "Platform", "Customer Support", "Sales", "Finance", "People"]
    assert not result.errors
    assert {Path(d.source).name for d in result.drafts} == {"okrs.csv", "pasted.txt", "finance.yaml", "people.yaml"}


def test_folder_keeps_going_past_a_broken_file(tmp_path):
    write(tmp_path, "a.yaml", "owner: Alpha\nobjectives:\n  - objective: Be great\n    key_results: [" + GOOD + "]\n")
    write(tmp_path, "b.yaml", "owner: Beta\nobjectives:\n  - objective: X\n    type: stretchy\n")
    write(tmp_path, "c.yaml", "owner: Alpha\nobjectives:\n  - objective: Other\n")
    write(tmp_path, "notes.docx", b"\x00\x01")
    result = read_folder(tmp_path)
    assert [t for t, _ in result] == ["Alpha", "Alpha (2)"]
    assert len(result.errors) == 1
    err = result.errors[0]
    assert err.file.endswith("b.yaml") and err.line == 4 and "stretchy" in str(err)
    assert any("notes.docx" in str(w) for w in result.warnings)
    assert any("more than once" in str(w) for w in result.warnings)


def test_pasted_text_with_several_teams_keeps_line_numbers():
    text = f"Team: Sales\nWin customers who stay\n- {GOOD}\n\nTeam: Ops\nRun smoothly\n- Make 200 calls a week\n"
    result = parse_text(text)
    assert [t for t, _ in result] == ["Sales", "Ops"]
    ops = dict(result.sets)["Ops"]
    assert ops.objectives[0].line == 6 and ops.key_results[0].line == 7
    assert ops.owner == "Ops"


def test_pasted_csv_is_read_as_csv():
    result = parse_text("Team\tObjective\tKey Result\nT\tO\t" + GOOD + "\n")
    assert krs(result, "T") == [GOOD]


def test_pasted_yaml_documents_split_at_dashes():
    text = (
        "owner: One\nobjectives:\n  - objective: A\n    key_results: [KR a]\n---\n"
        "owner: Two\nobjectives:\n  - objective: B\n    key_results: [KR b]\n"
    )
    result = parse_text(text)
    assert [t for t, _ in result] == ["One", "Two"]
    assert dict(result.sets)["Two"].objectives[0].line == 8


def test_pasted_text_errors_are_located():
    with pytest.raises(LoadError) as info:
        parse_text("Team: X\n- a key result before any objective\n")
    assert info.value.line == 2
    with pytest.raises(LoadError, match="empty"):
        parse_text("   \n")
