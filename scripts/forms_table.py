"""Print a table of the OKR forms people write (issue 11) and what okrkit.loads makes of each.

    PYTHONPATH=$PWD .venv/bin/python scripts/forms_table.py            # markdown table
    PYTHONPATH=$PWD .venv/bin/python scripts/forms_table.py --failing  # only forms that do not load

Each row: the form, the reader picked, objectives / key results read, the first key result's fields, and the
notes said back (or the located error with its hint).
"""

from __future__ import annotations

import sys
from pathlib import Path

import okrkit
from okrkit.read.sniff import reader_for_text

KR = "Raise activation from 40% to 55% by 2026-09-30"
EXPORTS = (
    Path(__file__).resolve().parents[1] / "tests" / "data" / "exports"
)  # tool layouts (README there names sources)

FORMS: list[tuple[str, str]] = [
    (
        "canonical YAML",
        f"period: 2026-Q3\nobjectives:\n  - objective: Delight new users\n    key_results:\n      - {KR}\n",
    ),
    ("bare list of objectives", f"- objective: Delight new users\n  key_results:\n    - {KR}\n"),
    ("single top-level objective", f"objective: Delight new users\nkey_results:\n  - {KR}\n"),
    ("single objective as JSON", f'{{"objective": "Delight new users", "key_results": ["{KR}"]}}'),
    ("set as JSON", f'{{"objectives": [{{"objective": "Delight new users", "keyResults": ["{KR}"]}}]}}'),
    ("Objectives: / Key Results:", f"Objectives:\n  - Objective: Delight new users\n    Key Results:\n      - {KR}\n"),
    ("krs:", f"objectives:\n  - objective: Delight new users\n    krs:\n      - {KR}\n"),
    ("KRs:", f"objectives:\n  - objective: Delight new users\n    KRs:\n      - {KR}\n"),
    ("keyResults:", f"objectives:\n  - objective: Delight new users\n    keyResults:\n      - {KR}\n"),
    ("key results: (space)", f"objectives:\n  - objective: Delight new users\n    key results:\n      - {KR}\n"),
    ("objectives as a mapping O1:", f"objectives:\n  O1:\n    objective: Delight new users\n    key_results: [{KR}]\n"),
    ("objective text as mapping key", f"objectives:\n  Delight new users:\n    - {KR}\n"),
    ("key_results as one string", f"objectives:\n  - objective: Delight new users\n    key_results: {KR}\n"),
    (
        "key_results as a text block",
        f"objectives:\n  - objective: Delight new users\n    key_results: |\n      KR1: {KR}\n      KR2: Cut churn from 5% to 3%\n",
    ),
    ("KR mapping with kr:", f"objectives:\n  - objective: Delight new users\n    key_results:\n      - kr: {KR}\n"),
    (
        "KR mapping with description:",
        f"objectives:\n  - objective: Delight new users\n    key_results:\n      - description: {KR}\n",
    ),
    (
        "KR mapping with statement:",
        f"objectives:\n  - objective: Delight new users\n    key_results:\n      - statement: {KR}\n",
    ),
    (
        "KR mapping with title:",
        f"objectives:\n  - objective: Delight new users\n    key_results:\n      - title: {KR}\n",
    ),
    (
        "due: Q3 2026",
        "objectives:\n  - objective: A\n    key_results:\n      - text: Raise activation from 40% to 55%\n        due: Q3 2026\n",
    ),
    (
        "due: end of Q3 (period 2026-Q3)",
        "period: 2026-Q3\nobjectives:\n  - objective: A\n    key_results:\n      - text: Raise activation from 40% to 55%\n        due: end of Q3\n",
    ),
    (
        "due: 30/09/2026",
        "objectives:\n  - objective: A\n    key_results:\n      - text: Raise activation from 40% to 55%\n        due: 30/09/2026\n",
    ),
    ("period: Q3 (no year)", f"period: Q3\nobjectives:\n  - objective: A\n    key_results: [{KR}]\n"),
    ("period: Q3 FY26", f"period: Q3 FY26\nobjectives:\n  - objective: A\n    key_results: [{KR}]\n"),
    ("period: 2026 Q3", f"period: 2026 Q3\nobjectives:\n  - objective: A\n    key_results: [{KR}]\n"),
    ("period: H2 2026", f"period: H2 2026\nobjectives:\n  - objective: A\n    key_results: [{KR}]\n"),
    ("period: FY21-Q1", f"period: FY21-Q1\nobjectives:\n  - objective: A\n    key_results: [{KR}]\n"),
    (
        "confidence: 60%",
        "objectives:\n  - objective: A\n    key_results:\n      - text: Raise NPS from 30 to 45\n        confidence: 60%\n",
    ),
    (
        "confidence: 7/10",
        "objectives:\n  - objective: A\n    key_results:\n      - text: Raise NPS from 30 to 45\n        confidence: 7/10\n",
    ),
    (
        "confidence: high",
        "objectives:\n  - objective: A\n    key_results:\n      - text: Raise NPS from 30 to 45\n        confidence: high\n",
    ),
    ("type: stretch", f"objectives:\n  - objective: A\n    type: stretch\n    key_results: [{KR}]\n"),
    ("type: committed", f"objectives:\n  - objective: A\n    type: committed\n    key_results: [{KR}]\n"),
    (
        "set-level initiatives: and kpis:",
        f"objectives:\n  - objective: A\n    key_results: [{KR}]\ninitiatives:\n  - Redesign onboarding\nkpis:\n  - Uptime above 99.9%\n",
    ),
    (
        "baseline: 58 seconds / target: 45 seconds by date",
        "objectives:\n  - objective: A\n    key_results:\n      - text: Cut time to first answer\n        baseline: 58 seconds\n        target: 45 seconds by 2026-09-30\n",
    ),
    (
        "target: 70%",
        "objectives:\n  - objective: A\n    key_results:\n      - text: Raise weekly retention\n        baseline: 55%\n        target: 70%\n",
    ),
    (
        "current: 1.2k",
        "objectives:\n  - objective: A\n    key_results:\n      - text: Grow weekly active teams from 800 to 1500\n        current: 1.2k\n",
    ),
    (
        "status: At Risk",
        "objectives:\n  - objective: A\n    key_results:\n      - text: Raise NPS from 30 to 45\n        status: At Risk\n",
    ),
    (
        "ignored tool keys (id, progress)",
        "objectives:\n  - id: 17\n    objective: A\n    key_results:\n      - text: Raise NPS from 30 to 45\n        progress: 40\n",
    ),
    ("typo key_reslts:", f"objectives:\n  - objective: A\n    key_reslts: [{KR}]\n"),
    (
        "outline O1: / KR1:",
        f"O1: Delight new users\nKR1: {KR}\nKR2: Cut churn from 5% to 3%\nO2: Grow revenue\nKR1: Grow MRR from $40k to $60k\n",
    ),
    ("outline Objective: + indented bullets", f"Objective: Delight new users\n  - {KR}\n  - Cut churn from 5% to 3%\n"),
    (
        "outline Objective: + Key Results: header, twice",
        f"Objective: Delight new users\nKey Results:\n- {KR}\nObjective: Grow revenue\nKey Results:\n- Grow MRR from $40k to $60k\n",
    ),
    (
        "markdown ## Objective 1 with - KR1:",
        f"# Growth team OKRs\n\n## Objective 1: Delight new users\n- KR1: {KR}\n- KR2: Cut churn from 5% to 3%\n\n## Objective 2: Grow revenue\n- KR1: Grow MRR from $40k to $60k\n",
    ),
    ("markdown ## Objective 1 then text line", f"## Objective 1\nDelight new users\n- KR1: {KR}\n"),
    (
        "numbered 1. / 1.1",
        f"1. Delight new users\n   1.1 {KR}\n   1.2 Cut churn from 5% to 3%\n2. Grow revenue\n   2.1 Grow MRR from $40k to $60k\n",
    ),
    (
        "Objective: + Key results: + numbered",
        f"Objective: Delight new users\nKey results:\n  1. {KR}\n  2. Cut churn from 5% to 3%\n",
    ),
    ("nested bullets", f"- Delight new users\n  - {KR}\n  - Cut churn from 5% to 3%\n"),
    ("leading '# ' on an objective", f"# Delight new users\n- {KR}\n"),
    (
        "outline with Period: Q3 2026 header",
        "Period: Q3 2026\nDelight new users\n- Raise activation from 40% to 55% by end of Q3\n",
    ),
    (
        "outline with Aligns to: / Why: / Owner: lines",
        f"O1: Delight new users\nAligns to: G2\nWhy: trials stall\nOwner: Ana\n- KR1: {KR}\n",
    ),
    ("outline with Supports: line", f"O1: Delight new users\nSupports: company goal 1\n- KR1: {KR}\n"),
    ("markdown title + period heading", f"# My OKRs\n## Mobile app, Q3 2026\n## O1 Delight new users\n- {KR}\n"),
    ("markdown ## Q3 2026 heading", f"## Q3 2026\n## Objective 1: Delight new users\n- {KR}\n"),
    (
        "markdown phase headings (Days 1-30: …)",
        f"### Days 1-30: Learn\nObjective: Delight new users\n- {KR}\n### Days 31-60: Act\nObjective: Grow revenue\n- Grow MRR from $40k to $60k\n",
    ),
    (
        "markdown **bold** / `code` / *em*",
        "## **Objective 1:** Delight *new* users\n- **KR1:** Raise `activation` from 40% to 55% by 2026-09-30\n",
    ),
    ("pasted CSV", f"Objective,Key Result,Confidence\nDelight new users,{KR},7/10\n"),
    ("pasted ;-CSV with decimal comma", "Objective;Key Result\nStay up;Raise uptime from 97,5% to 99% by 2026-09-30\n"),
    ("export: Betterworks goal/milestone rows", (EXPORTS / "betterworks.csv").read_text(encoding="utf-8")),
    ("export: Peoplebox Row ID / Parent Row IDs", (EXPORTS / "peoplebox.csv").read_text(encoding="utf-8")),
    ("export: Culture Amp key_result_N_title columns", (EXPORTS / "cultureamp.csv").read_text(encoding="utf-8")),
    ("export: OKR for Jira Order 1 / 1.1 + Type", (EXPORTS / "okr_for_jira.csv").read_text(encoding="utf-8")),
    ("export: Elevo KPI N - Title columns", (EXPORTS / "elevo.csv").read_text(encoding="utf-8")),
    ("export: Lark OKR batch JSON {text, krs}", (EXPORTS / "lark_okr_batch.json").read_text(encoding="utf-8")),
    (
        "key_results: written twice",
        f"objectives:\n  - objective: A\n    key_results:\n      - {KR}\n    key_results:\n      - Cut churn from 5% to 3%\n",
    ),
    (
        "objective: twice in one item (no second '- ')",
        f"objectives:\n  - objective: A\n    key_results: [{KR}]\n    objective: B\n    key_results: [Cut churn from 5% to 3%]\n",
    ),
    (
        "pasted objective:/key_results: blocks, twice",
        f"objective: A\nkey_results:\n  - {KR}\nobjective: B\nkey_results:\n  - Cut churn from 5% to 3%\n",
    ),
    (
        "JSON with a repeated key",
        f'{{"objectives": [{{"objective": "A", "key_results": ["{KR}"], "key_results": ["Cut churn from 5% to 3%"]}}]}}',
    ),
    # broken input: must stay a located error whose hint works
    ("broken: unknown type", f"objectives:\n  - objective: A\n    type: stretchy\n    key_results: [{KR}]\n"),
    (
        "broken: target words",
        "objectives:\n  - objective: A\n    key_results:\n      - text: Grow X\n        target: ten\n",
    ),
    ("broken: bad period", f"period: Q5 2026\nobjectives:\n  - objective: A\n    key_results: [{KR}]\n"),
    ("broken: KR before objective", f"- {KR}\nDelight new users\n"),
    ("broken: unclosed quote", 'objectives:\n  - objective: "Delight new users\n'),
    (
        "broken: target written twice",
        "objectives:\n  - objective: A\n    key_results:\n      - text: Grow X\n        target: 10\n        target: 20\n",
    ),
    ("broken: objectives: 3", "objectives: 3\n"),
    (
        "broken: a mapping where the objective's text belongs",
        f"objectives:\n  - objective: {{a: 1}}\n    key_results: [{KR}]\n",
    ),
    ("broken: key misindented by one space", f"objectives:\n  - objective: A\n   key_results: [{KR}]\n"),
    ("broken: CSV header only", "Objective,Key Result\n"),
    ("broken: CSV without a key-result column", "Objective,Owner\nDelight new users,Ana\n"),
]


def describe(text: str) -> tuple[str, str, str, str]:
    """(reader, objectives/KRs, first KR fields, notes or error) for one form."""
    reader = reader_for_text(text)
    try:
        s = okrkit.loads(text)
    except okrkit.LoadError as exc:
        return reader, "error", "", f"ERROR {exc}"
    krs = s.key_results
    first = krs[0] if krs else None
    fields = ""
    if first:
        bits = [f"'{first.text if len(first.text) <= 30 else first.text[:29] + '…'}'"]
        for name in ("baseline", "target", "unit", "current", "confidence", "status"):
            v = getattr(first, name)
            if v is not None:
                bits.append(f"{name}={v:g}" if isinstance(v, float) else f"{name}={v}")
        if first.due:
            bits.append(f"due={first.due}")
        fields = " ".join(bits)
    extra = []
    if s.period:
        extra.append(f"period={s.period} ({s.start} – {s.end})" if s.start else f"period={s.period} (no dates)")
    if s.title:
        extra.append(f"title='{s.title}'")
    if s.initiatives or s.kpis:
        extra.append(f"{len(s.initiatives)} initiative(s), {len(s.kpis)} KPI(s)")
    if any(o.type == "committed" for o in s.objectives):
        extra.append("committed")
    shape = f"{len(s.objectives)} obj / {len(krs)} KR" + (f"; {'; '.join(extra)}" if extra else "")
    notes = "; ".join(n.message for n in s.notes[:2]) + (f" (+{len(s.notes) - 2} more)" if len(s.notes) > 2 else "")
    return reader, shape, fields, notes or "—"


def main() -> None:
    failing_only = "--failing" in sys.argv
    print("| # | form | reader | read as | first key result | notes / error |")
    print("|---|---|---|---|---|---|")
    loaded = 0
    for i, (name, text) in enumerate(FORMS, 1):
        reader, shape, fields, notes = describe(text)
        ok = shape != "error"
        loaded += ok
        if failing_only and ok:
            continue
        cells = [str(i), name, reader, shape, fields, notes]
        print("| " + " | ".join(c.replace("|", "/").replace("\n", " ") for c in cells) + " |")
    broken = sum(name.startswith("broken") for name, _ in FORMS)
    print(
        f"\n{loaded} of {len(FORMS) - broken} natural forms load; {len(FORMS) - loaded} refused "
        f"({broken} are broken on purpose and must be refused with a located error)"
    )


if __name__ == "__main__":
    main()
