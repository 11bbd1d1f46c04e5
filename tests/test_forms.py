"""Issue 11: the forms people write OKRs in load to the right objectives and key results, with a note where
something was guessed; the reader is picked by extension; broken input keeps a located error whose hint works."""

from __future__ import annotations

import re
from datetime import date

import pytest

import okrkit
from okrkit.cli import main
from okrkit.errors import LoadError

KR = "Raise activation from 40% to 55% by 2026-09-30"
KR2 = "Cut churn from 5% to 3% by 2026-09-30"


def obj(*krs: str, key: str = "key_results", text: str = "Delight new users") -> str:
    return f"objectives:\n  - objective: {text}\n    {key}:\n" + "".join(f"      - {k}\n" for k in krs)


# (name, text, [(objective, [kr texts])], a note that must be said or None)
FORMS = [
    ("single objective", f"objective: Delight new users\nkey_results:\n  - {KR}\n", None, "one objective"),
    ("single objective JSON", f'{{"objective": "Delight new users", "key_results": ["{KR}"]}}', None, "one objective"),
    (
        "Objectives/Key Results",
        f"Objectives:\n  - Objective: Delight new users\n    Key Results:\n      - {KR}\n",
        None,
        "read 'Key Results' as key_results",
    ),
    ("krs", obj(KR, key="krs"), None, "read 'krs' as key_results"),
    ("KRs", obj(KR, key="KRs"), None, "read 'KRs' as key_results"),
    ("keyResults", obj(KR, key="keyResults"), None, "read 'keyResults' as key_results"),
    ("key results", obj(KR, key="key results"), None, "read 'key results' as key_results"),
    (
        "objectives mapping",
        f"objectives:\n  O1:\n    objective: Delight new users\n    key_results: [{KR}]\n",
        None,
        "one per key",
    ),
    ("objective as key", f"objectives:\n  Delight new users:\n    - {KR}\n", None, "one per key"),
    (
        "key_results string",
        f"objectives:\n  - objective: Delight new users\n    key_results: {KR}\n",
        None,
        "one per line",
    ),
    (
        "key_results block",
        f"objectives:\n  - objective: Delight new users\n    key_results: |\n      KR1: {KR}\n      KR2: {KR2}\n",
        [("Delight new users", [KR, KR2])],
        "2 key results",
    ),
    ("kr:", obj(f"kr: {KR}"), None, "read 'kr' as text"),
    ("description:", obj(f"description: {KR}"), None, "read 'description' as text"),
    ("statement:", obj(f"statement: {KR}"), None, "read 'statement' as text"),
    ("title:", obj(f"title: {KR}"), None, "read 'title' as text"),
    (
        "O1/KR1 outline",
        f"O1: Delight new users\nKR1: {KR}\nKR2: {KR2}\nO2: Grow revenue\nKR1: {KR}\n",
        [("Delight new users", [KR, KR2]), ("Grow revenue", [KR])],
        None,
    ),
    (
        "Objective: + bullets",
        f"Objective: Delight new users\n  - {KR}\n  - {KR2}\n",
        [("Delight new users", [KR, KR2])],
        None,
    ),
    (
        "Objective: twice with headers",
        f"Objective: Delight new users\nKey Results:\n- {KR}\nObjective: Grow revenue\nKey Results:\n- {KR2}\n",
        [("Delight new users", [KR]), ("Grow revenue", [KR2])],
        None,
    ),
    (
        "markdown",
        f"# Growth OKRs\n\n## Objective 1: Delight new users\n- KR1: {KR}\n- KR2: {KR2}\n\n## Objective 2: Grow revenue\n- KR1: {KR}\n",
        [("Delight new users", [KR, KR2]), ("Grow revenue", [KR])],
        "as the set's title",
    ),
    ("markdown label heading", f"## Objective 1\nDelight new users\n- KR1: {KR}\n", None, None),
    (
        "numbered",
        f"1. Delight new users\n   1.1 {KR}\n   1.2 {KR2}\n2. Grow revenue\n   2.1 {KR}\n",
        [("Delight new users", [KR, KR2]), ("Grow revenue", [KR])],
        None,
    ),
    ("nested bullets", f"- Delight new users\n  - {KR}\n  - {KR2}\n", [("Delight new users", [KR, KR2])], None),
    ("leading #", f"# Delight new users\n- {KR}\n", None, None),
    ("pasted CSV", f"Objective,Key Result\nDelight new users,{KR}\n", None, None),
    (
        "Key results: header with numbers",
        f"Objective: Delight new users\nKey results:\n  1. {KR}\n  2. {KR2}\n",
        [("Delight new users", [KR, KR2])],
        None,
    ),
    ("## empty heading", f"## \n# Delight new users\n- {KR}\n", None, None),
    (
        "objective:/key_results: twice, pasted",
        f"objective: Delight new users\nkey_results:\n  - {KR}\nobjective: Grow revenue\nkey_results:\n  - {KR2}\n",
        [("Delight new users", [KR]), ("Grow revenue", [KR2])],
        None,
    ),
]


@pytest.mark.parametrize("name, text, expected, note", FORMS, ids=[f[0] for f in FORMS])
def test_each_form_loads_to_the_right_set(name, text, expected, note):
    s = okrkit.loads(text)
    expected = expected or [("Delight new users", [KR])]
    assert [(o.objective, [k.text for k in o.key_results]) for o in s.objectives] == expected
    if note:
        assert any(note in n.message for n in s.notes), [str(n) for n in s.notes]


@pytest.mark.parametrize(
    "field, value, attr, expected, note",
    [
        ("due", "Q3 2026", "due", date(2026, 9, 30), "read 'Q3 2026' as 2026-09-30"),
        ("due", "30/09/2026", "due", date(2026, 9, 30), "read '30/09/2026'"),
        ("baseline", "58 seconds", "baseline", 58, "read '58 seconds' as 58 with unit seconds"),
        ("target", "45 seconds by 2026-09-30", "due", date(2026, 9, 30), "after the target as the due date"),
        ("target", "70%", "target", 70, "read '70%' as 70"),
        ("current", "1.2k", "current", 1200, "read '1.2k' as 1200"),
        ("confidence", "60%", "confidence", 0.6, "read as 0.6"),
        ("confidence", "7/10", "confidence", 0.7, "read as 70%"),
        ("status", "At Risk", "status", "at_risk", "read status 'At Risk' as at_risk"),
        ("status", "ongoing", "status", None, "status 'ongoing' is a stage"),
    ],
)
def test_value_fields_as_people_write_them(field, value, attr, expected, note):
    s = okrkit.loads(
        f"objectives:\n  - objective: A\n    key_results:\n      - text: Cut wait time\n        {field}: {value}\n"
    )
    assert (
        getattr(s.key_results[0], attr) == pytest.approx(expected)
        if isinstance(expected, float)
        else getattr(s.key_results[0], attr) == expected
    )
    assert any(note in n.message for n in s.notes), [str(n) for n in s.notes]


def test_due_end_of_q3_takes_the_sets_year():
    s = okrkit.loads(
        "period: 2026-Q3\nobjectives:\n  - objective: A\n    key_results:\n      - text: Cut X\n        due: end of Q3\n"
    )
    assert s.key_results[0].due == date(2026, 9, 30)


@pytest.mark.parametrize(
    "period, start, end",
    [
        ("Q3 FY26", date(2026, 7, 1), date(2026, 9, 30)),
        ("2026 Q3", date(2026, 7, 1), date(2026, 9, 30)),
        ("H2 2026", date(2026, 7, 1), date(2026, 12, 31)),
        ("FY21-Q1", date(2021, 1, 1), date(2021, 3, 31)),
        ("Q3 Y2026", date(2026, 7, 1), date(2026, 9, 30)),
    ],
)
def test_period_forms(period, start, end):
    s = okrkit.loads(f"period: {period}\nobjectives:\n  - objective: A\n    key_results: [{KR}]\n")
    assert (s.start, s.end) == (start, end)


def test_a_period_without_a_year_loads_with_a_note_and_takes_a_known_year():
    text = f"period: Q3\nobjectives:\n  - objective: A\n    key_results: [{KR}]\n"
    s = okrkit.loads(text)
    assert s.period == "Q3" and s.start is None and any("has no year" in n.message for n in s.notes)
    assert (okrkit.loads(text, ref=date(2026, 2, 1)).start) == date(2026, 7, 1)


def test_types_initiatives_and_kpis():
    s = okrkit.loads(
        f"objectives:\n  - objective: A\n    type: stretch\n    key_results: [{KR}]\n  - objective: B\n    type: committed\n"
        f"    key_results: [{KR2}]\ninitiatives:\n  - Redesign onboarding\nkpis:\n  - Uptime above 99.9%\n"
    )
    assert [o.type for o in s.objectives] == ["aspirational", "committed"]
    assert [i.text for i in s.initiatives] == ["Redesign onboarding"] and [k.name for k in s.kpis] == [
        "Uptime above 99.9%"
    ]
    assert any("read type 'stretch' as aspirational" in n.message for n in s.notes)


def test_notes_are_not_findings():
    s = okrkit.loads(obj(KR, key="krs"))
    assert s.notes and not any("krs" in f.message for f in okrkit.lint(s))


# ── the reader is picked by the file's extension ─────────────────────────────────────────
def test_csv_file_reads_as_csv_not_as_an_outline(tmp_path):
    p = tmp_path / "okrs.csv"
    p.write_text(f"Objective,Key Result,Status\nDelight new users,{KR},At risk\n", encoding="utf-8")
    s = okrkit.load(p)
    assert [o.objective for o in s.objectives] == ["Delight new users"] and s.key_results[0].status == "at_risk"
    p.write_text(f"Team,Objective,Key Result\nA,O,{KR}\nB,O,{KR}\n", encoding="utf-8")
    with pytest.raises(LoadError, match="2 teams"):
        okrkit.load(p)


def test_outline_files_are_outlines_and_a_yaml_typo_stays_an_error(tmp_path):
    md = tmp_path / "okrs.md"
    md.write_text(f"## Objective 1: Delight new users\n- KR1: {KR}\n", encoding="utf-8")
    assert [k.text for k in okrkit.load(md).key_results] == [KR]
    with pytest.raises(LoadError, match="invalid YAML"):  # not silently an odd outline (docs/decisions.md)
        okrkit.loads('objectives:\n  - objective: "Delight new users\n    key_results: [x]\n')


# ── every hint leads to a file that loads ────────────────────────────────────────────────
REFUSED = [
    f"objectives:\n  - objective: A\n    type: stretchy\n    key_results: [{KR}]\n",
    "objectives:\n  - objective: A\n    key_results:\n      - text: Grow X\n        target: ten\n",
    "objectives:\n  - objective: A\n    key_results:\n      - text: Grow X\n        baseline: lots\n",
    f"period: Q5 2026\nobjectives:\n  - objective: A\n    key_results: [{KR}]\n",
    f"level: galaxy\nobjectives:\n  - objective: A\n    key_results: [{KR}]\n",
    "objectives:\n  - objective: A\n    key_results:\n      - text: Grow X\n        direction: sideways\n",
    "objectives:\n  - objective: A\n    key_results:\n      - text: Grow X\n        confidence: 700\n",
    "objectives:\n  - objective: A\n    key_results:\n      - text: Grow X\n        due: someday soon\n",
    "objectives:\n  - objective: A\n    key_results:\n      - text: Grow X\n        weight: -2\n",
    f"as_of: yesterday\nobjectives:\n  - objective: A\n    key_results: [{KR}]\n",
    f"my_okrs:\n  - objective: A\n    key_results: [{KR}]\n",
    f"- {KR}\nDelight new users\n",
    f'objectives:\n  - objective: "Delight new users\n    key_results: [{KR}]\n',
    f"objectives:\n  - objective: A\n    key_results: [{KR}\n",
    f"objectives:\n  - objective: Growth: the next step\n    key_results: [{KR}]\n",
    f"objectives:\n  - objective:\n    key_results: [{KR}]\n",
    "objectives:\n  - objective: A\n    key_results:\n      - text: ''\n",
]


# Structural refusals: (text, format). Each must still name a line and a literal edit that makes it load.
REFUSED_STRUCTURE = [
    ("", None),
    ("", "yaml"),
    ("# only a comment\n", "yaml"),
    ("hello there\n", "yaml"),
    ("42\n", "yaml"),
    ("objectives: 3\n", None),
    ("objectives:\n  - objective: A\n    key_results: 5\n", None),
    ("objectives:\n  - 3\n", None),
    (f"objectives:\n  - objective: {{a: 1}}\n    key_results: [{KR}]\n", None),
    (f"objectives:\n  - objective: [a, b]\n    key_results: [{KR}]\n", None),
    (f"objectives:\n  - objective:\n      a: 1\n    key_results: [{KR}]\n", None),
    ("objectives:\n  - objective: A\n    key_results:\n      - [a, b]\n", None),
    (f"objectives:\n  - objective: A\n    type: [a]\n    key_results: [{KR}]\n", None),
    (f"objectives:\n  - objective: A\n    owner: {{a: 1}}\n    key_results: [{KR}]\n", None),
    ("objectives:\n  - objective: A\n    key_results:\n      - text: Grow X\n        target: {a: 1}\n", None),
    (f"start: 2026-09-30\nend: 2026-07-01\nobjectives:\n  - objective: A\n    key_results: [{KR}]\n", None),
    (f"objectives:\n  - objective: A\n   key_results: [{KR}]\n", None),
    (f"objectives:\n\t- objective: A\n\t  key_results: [{KR}]\n", None),
    # the CSV reader's structural refusals
    ("", "csv"),
    ("Objective,Key Result\n", "csv"),
    ("a,b\n1,2\n", "csv"),
    ("Objective,Owner\nDelight new users,Ana\n", "csv"),
    ("Objective;Owner\nDelight new users;Ana\n", "csv"),
    (f"Key Result,Owner\n{KR},Ana\n", "csv"),
    (f"Ziel,Key Result\nDelight new users,{KR}\n", "csv"),
    (f"Objective,Key Result\n,{KR}\n", "csv"),
    (f'Objective,Key Result\nDelight new users,"{KR}\n', "csv"),
]


def _edit(lines: list[str], clause: str, err: LoadError) -> bool:
    """Apply one clause of a hint to lines (in place); False when the clause says no edit."""
    clause = re.sub(r"\s+\((?:your|the|then)\b[^()]*\)$", "", clause)  # a closing explanation is not an edit
    if m := re.fullmatch(r"replace line (\d+) with '(.*)'", clause):
        lines[int(m.group(1)) - 1] = m.group(2)
    elif m := re.fullmatch(r"replace lines (\d+)–(\d+) with the single line '(.+?): …'.*", clause):
        a, b = int(m.group(1)), int(m.group(2))
        head = lines[a - 1].partition(f"{m.group(3)}:")[0]
        lines[a - 1 : b] = [f"{head}{m.group(3)}: Delight new users"]
    elif m := re.fullmatch(r"replace '(.+?)' with '(.*?)' on line (\d+)", clause):
        i = int(m.group(3)) - 1
        assert m.group(1) in lines[i], f"the hint names text that is not on line {i + 1}: {clause}"
        lines[i] = lines[i].replace(m.group(1), m.group(2), 1)
    elif m := re.match(r"replace '(.+?)' with '(.+?)'", clause):
        i = err.line - 1
        assert m.group(1) in lines[i], f"the hint names text that is not on line {err.line}: {clause}"
        lines[i] = lines[i].replace(m.group(1), m.group(2), 1)
    elif m := re.fullmatch(r"add '(.+?)' at the end of line (\d+)", clause):
        lines[int(m.group(2)) - 1] += m.group(1)
    elif m := re.fullmatch(r"delete lines? (\d+)(?:–(\d+))?.*", clause):
        a = int(m.group(1))
        del lines[a - 1 : int(m.group(2) or a)]
    elif m := re.fullmatch(r"replace each tab on line (\d+) with two spaces", clause):
        lines[int(m.group(1)) - 1] = lines[int(m.group(1)) - 1].replace("\t", "  ")
    elif m := re.fullmatch(r"indent line (\d+) with (\d+) spaces.*", clause):
        i = int(m.group(1)) - 1
        lines[i] = " " * int(m.group(2)) + lines[i].lstrip()
    elif m := re.search(r"write the statement after '(.+?):' on line (\d+)", clause):
        i = int(m.group(2)) - 1
        head, _, _ = lines[i].partition(f"{m.group(1)}:")
        lines[i] = f"{head}{m.group(1)}: Delight new users"
    elif m := re.search(r"add the line '(.+?)' (above|below) line (\d+)", clause):
        lines.insert(int(m.group(3)) - (m.group(2) == "above"), m.group(1))
    elif m := re.search(r"add the line '(.+?)' at the end", clause):
        lines.append(m.group(1))
    elif m := re.search(
        r"add the closing (double quote|single quote|bracket \]|brace \}) at the end of line (\d+)", clause
    ):
        lines[int(m.group(2)) - 1] += {"double quote": '"', "single quote": "'"}.get(m.group(1), m.group(1)[-1])
    elif m := re.search(r"put the text after the first ': ' on line (\d+) in double quotes", clause):
        i = int(m.group(1)) - 1
        head, _, tail = lines[i].partition(": ")
        lines[i] = f'{head}: "{tail}"'
    else:
        return False
    return True


def _line_of(clause: str) -> int:
    numbers = re.findall(r"line (\d+)", clause)
    return int(numbers[0]) if numbers else 0


def apply_hint(text: str, err: LoadError) -> str:
    """Do literally what the hint says, on the lines it names (several edits: the lowest line last)."""
    hint = err.hint or ""
    if m := re.match(r"write (?:this|the) minimal file, one line each: (.*)", hint):
        return "\n".join(re.findall(r"'([^']*)'", m.group(1))) + "\n"
    lines = text.splitlines()
    clauses = re.split(r"; (?=replace|add|delete|indent)", hint)
    for clause in sorted(clauses, key=_line_of, reverse=True):
        if not _edit(lines, clause.strip(), err):
            raise AssertionError(f"the hint says no fix that can be applied: {err}")
    return "\n".join(lines) + "\n"


@pytest.mark.parametrize("text", REFUSED)
def test_every_hint_leads_to_a_file_that_loads(text):
    with pytest.raises(LoadError) as info:
        okrkit.loads(text)
    err = info.value
    assert err.line is not None, f"the error says where: {err}"
    okrkit.loads(apply_hint(text, err))  # following the hint literally gives a file that loads


@pytest.mark.parametrize(
    "text, fmt", REFUSED_STRUCTURE, ids=[f"{fmt or 'sniffed'}-{i}" for i, (_, fmt) in enumerate(REFUSED_STRUCTURE)]
)
def test_structural_refusals_name_a_literal_fix(text, fmt):
    with pytest.raises(LoadError) as info:
        okrkit.loads(text, format=fmt)
    err = info.value
    assert err.line is not None, f"the error says where: {err}"
    fixed = apply_hint(text, err)
    assert okrkit.loads(fixed, format=fmt).objectives, f"following '{err.hint}' gives a set with an objective"


# ── okrkit fmt and dumps ─────────────────────────────────────────────────────────────────
def test_fmt_prints_canonical_yaml_and_notes(tmp_path, capsys):
    src = tmp_path / "okrs.md"
    src.write_text(f"# Growth\n\n## Objective 1: Delight new users\n- KR1: {KR}\n", encoding="utf-8")
    assert main(["fmt", str(src)]) == 0
    out, err = capsys.readouterr()
    assert out.startswith("title: Growth\nobjectives:\n- objective: Delight new users\n")
    assert "note:" in err and "title" in err
    back, first = okrkit.loads(out), okrkit.load(src)
    assert (back.title, [k.text for k in back.key_results]) == (first.title, [k.text for k in first.key_results])
    assert not back.notes, "the canonical form needs no guessing"


def test_fmt_write_rewrites_yaml_in_place_and_refuses_other_forms(tmp_path, capsys):
    src = tmp_path / "okrs.yaml"
    src.write_text(f"objective: Delight new users\nkrs: [{KR}]\n", encoding="utf-8")
    assert main(["fmt", str(src), "--write"]) == 0
    assert src.read_text(encoding="utf-8") == f"objectives:\n- objective: Delight new users\n  key_results:\n  - {KR}\n"
    assert not okrkit.load(src).notes, "the canonical form needs no guessing"
    md = tmp_path / "okrs.md"
    md.write_text(f"Objective: A\n- {KR}\n", encoding="utf-8")
    assert main(["fmt", str(md), "--write"]) == 2
    assert "--out" in capsys.readouterr().err and md.read_text(encoding="utf-8") == f"Objective: A\n- {KR}\n"


def test_lint_shows_notes_apart_from_findings(tmp_path, capsys):
    src = tmp_path / "okrs.yaml"
    src.write_text(obj(KR, KR2, key="krs"), encoding="utf-8")
    main(["lint", str(src)])
    out, err = capsys.readouterr()
    assert "read 'krs' as key_results [note]" in err and "krs" not in out


def test_the_lesson_shows_the_canonical_form_and_names_the_others():
    import json
    from pathlib import Path

    nb = json.loads((Path(__file__).resolve().parents[1] / "notebooks" / "03-writing-okrs.ipynb").read_text("utf-8"))
    text = next("".join(c["source"]) for c in nb["cells"] if "## The file format" in "".join(c["source"]))
    example = re.search(r"```yaml\n(.*?)```", text, re.S).group(1)
    s = okrkit.loads(example)
    assert len(s.key_results) == 2 and not s.notes, "the lesson's example is the canonical form itself"
    assert "okrkit fmt" in text and "krs:" in text and "outline" in text


def test_the_workshop_paste_box_is_as_forgiving_and_says_what_it_guessed():
    from okrkit.read.importers import parse_text

    result = parse_text(f"Team: Sales\nobjective: Win customers who stay\nKRs:\n  - {KR}\n")
    assert [(t, [k.text for k in s.key_results]) for t, s in result] == [("Sales", [KR])]
    assert any("read 'KRs' as key_results" in str(w) for w in result.warnings)
