"""okrkit.dumps(format='csv') writes cells a spreadsheet would run as formulas neutralised, and reads them back."""

import okrkit


def test_a_formula_looking_statement_is_neutralised_and_reads_back():
    okrs = okrkit.loads(
        "period: 2026-Q3\nobjectives:\n  - objective: '=HYPERLINK(\"x\") customers love onboarding'\n"
        "    key_results:\n      - '+Raise activation from 40% to 55% by 2026-09-30'\n"
    )
    text = okrkit.dumps(okrs, format="csv")
    assert "'=HYPERLINK" in text and "'+Raise" in text
    back = okrkit.loads(text)
    assert back.objectives[0].objective == okrs.objectives[0].objective
    assert back.objectives[0].key_results[0].text == okrs.objectives[0].key_results[0].text
