#!/usr/bin/env python3
"""Measure the checker on real published OKRs it was not written against: ../shared/corpus/real-world-dev.yaml.

    python benchmarks/eval_corpus.py            # figures, then every disagreement
    python benchmarks/eval_corpus.py --json     # the figures as JSON
    python benchmarks/eval_corpus.py --corpus PATH

This is the development half of a corpus split by source; the hidden half is what the kit is judged on. Its
error patterns are studied to find mechanisms to fix, so its figure flatters the checker somewhat; never fix
one statement (no corpus text goes into a lexicon or a test). `benchmarks/eval_checker.py` reports `data/labeled/`, which the rules were tuned on; the two
figures are never merged.

A statement is *flagged* when `okrkit.lint_statement` reports a warning or an error; a set when `okrkit.lint`
does. Contested entries (a reasonable coach could label them either way) are counted apart. Reference date for
relative deadlines: 2026-01-01, so the figures do not change with the day they are run.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_CORPUS = ROOT.parent / "shared" / "corpus" / "real-world-dev.yaml"
REF = date(2026, 1, 1)
_DIGIT = re.compile(r"\d")


@dataclass
class Judged:
    """One corpus entry with the checker's verdict."""

    kind: str  # key_result | objective | set
    text: str
    label: str  # good | bad
    contested: bool
    flagged: bool
    findings: list[str] = field(default_factory=list)  # 'OKR101 warning output_not_outcome'
    note: str = ""  # e.g. 'incomplete set' or why it could not be read

    @property
    def agrees(self) -> bool:
        return self.flagged == (self.label == "bad")


def _flagged(findings) -> tuple[bool, list[str]]:
    return any(f.flagged for f in findings), [f"{f.code} {f.severity} {f.category}" for f in findings if f.flagged]


def judge_items(okrkit, items: list[dict]) -> list[Judged]:
    """Every statement judged on its own."""
    out = []
    for it in items:
        flagged, names = _flagged(okrkit.lint_statement(it["text"], kind=it["kind"], ref=REF))
        out.append(Judged(it["kind"], it["text"], it["label"], bool(it.get("contested")), flagged, names))
    return out


def _set_yaml(s: dict, with_period: bool) -> str:
    data = {"objectives": [{"objective": s["objective"], "key_results": list(s["key_results"])}]}
    if with_period and s.get("period"):
        data = {"period": s["period"], **data}
    return yaml.safe_dump(data, sort_keys=False, allow_unicode=True)


def judge_sets(okrkit, sets: list[dict]) -> list[Judged]:
    """Every set (one objective with its published key results) judged whole."""
    out = []
    for s in sets:
        note = "" if s.get("complete", True) else "incomplete set (some key results were not published)"
        try:
            okrs = okrkit.loads(_set_yaml(s, True), source=s["set_id"])
        except okrkit.LoadError:  # a period the reader does not know (e.g. FY22-Q1): judge without it
            okrs = okrkit.loads(_set_yaml(s, False), source=s["set_id"])
            note = (note + "; " if note else "") + f"period {s.get('period')!r} not read"
        flagged, names = _flagged(okrkit.lint(okrs))
        out.append(Judged("set", s["objective"], s["label"], False, flagged, names, note))
    return out


def _share(num: int, den: int) -> float | None:
    return round(num / den, 3) if den else None


def figures(judged: list[Judged]) -> dict:
    """Agreement, precision/recall on bad, objective recall, recall on bad KRs with a number."""
    tp = sum(j.flagged and j.label == "bad" for j in judged)
    fp = sum(j.flagged and j.label == "good" for j in judged)
    fn = sum(not j.flagged and j.label == "bad" for j in judged)
    tn = sum(not j.flagged and j.label == "good" for j in judged)
    bad_obj = [j for j in judged if j.kind == "objective" and j.label == "bad"]
    bad_kr_num = [j for j in judged if j.kind == "key_result" and j.label == "bad" and _DIGIT.search(j.text)]
    by_kind = {}
    for kind in ("key_result", "objective", "set"):
        part = [j for j in judged if j.kind == kind]
        by_kind[kind] = {"n": len(part), "agreement": _share(sum(j.agrees for j in part), len(part))}
    return {
        "n": len(judged),
        "agreement": _share(tp + tn, len(judged)),
        "confusion": {"tp": tp, "fp": fp, "fn": fn, "tn": tn},
        "precision_bad": _share(tp, tp + fp),
        "recall_bad": _share(tp, tp + fn),
        "objective_recall": _share(sum(j.flagged for j in bad_obj), len(bad_obj)),
        "bad_kr_with_number_recall": _share(sum(j.flagged for j in bad_kr_num), len(bad_kr_num)),
        "by_kind": by_kind,
        "false_alarms_by_category": dict(
            Counter(f.split()[2] for j in judged if j.flagged and j.label == "good" for f in j.findings).most_common()
        ),
    }


def _pct(x: float | None) -> str:
    return "  —  " if x is None else f"{x * 100:5.1f}%"


def render(result: dict, judged: dict[str, list[Judged]], seconds: float) -> str:
    lines = [
        f"okrkit checker vs real published OKRs ({result['corpus']}, {seconds:.2f}s)",
        "DEV corpus: its error patterns were studied (no statement of it is in a word list or a test); "
        "the hidden half of the same kind is what counts. Tuning-set figures: eval_checker.py",
        "",
    ]
    for name, title in (
        ("statements_clear", "Statements, non-contested"),
        ("statements_contested", "Statements, contested (a coach could label them either way)"),
        ("sets_complete", "Whole sets, complete"),
        ("sets_incomplete", "Whole sets, incomplete (key results left out by the source)"),
    ):
        f = result[name]
        c = f["confusion"]
        lines += [
            f"{title}: {f['n']}",
            f"  agreement {_pct(f['agreement'])}   precision on bad {_pct(f['precision_bad'])}   "
            f"recall on bad {_pct(f['recall_bad'])}   (TP {c['tp']} FP {c['fp']} FN {c['fn']} TN {c['tn']})",
        ]
        if name.startswith("statements"):
            lines.append(
                f"  objective recall {_pct(f['objective_recall'])}   "
                f"recall on bad key results with a number {_pct(f['bad_kr_with_number_recall'])}   "
                f"by kind: "
                + ", ".join(f"{k} {_pct(v['agreement'])} of {v['n']}" for k, v in f["by_kind"].items() if v["n"])
            )
        if f["false_alarms_by_category"]:
            lines.append(
                "  false alarms by category: " + ", ".join(f"{k} {v}" for k, v in f["false_alarms_by_category"].items())
            )
        lines.append("")
    lines.append("Disagreements (non-contested statements and complete sets):")
    for j in judged["statements_clear"] + judged["sets_complete"]:
        if j.agrees:
            continue
        verdict = "missed" if j.label == "bad" else "false alarm"
        lines.append(f"  [{verdict}] {j.kind} labeled {j.label}: {j.text!r}")
        if j.findings:
            lines.append(f"      checker: {'; '.join(j.findings)}")
        if j.note:
            lines.append(f"      ({j.note})")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--corpus", default=str(DEFAULT_CORPUS), help="the labeled corpus YAML")
    ap.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = ap.parse_args(argv)
    path = Path(args.corpus)
    if not path.is_file():
        print(f"eval_corpus: {path} not found (../shared/corpus/ lies beside the repository)", file=sys.stderr)
        return 2
    result, text = evaluate(path)
    print(json.dumps(result, indent=2) if args.json else text)
    return 0


def evaluate(path: Path) -> tuple[dict, str]:
    """The corpus judged by the checker: (figures, the report as text)."""
    sys.path.insert(0, str(ROOT))
    import okrkit

    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    started = time.perf_counter()
    statements = judge_items(okrkit, data["items"])
    sets = judge_sets(okrkit, data["sets"])
    seconds = time.perf_counter() - started
    judged = {
        "statements_clear": [j for j in statements if not j.contested],
        "statements_contested": [j for j in statements if j.contested],
        "sets_complete": [j for j in sets if not j.note.startswith("incomplete")],
        "sets_incomplete": [j for j in sets if j.note.startswith("incomplete")],
    }
    result = {"corpus": str(path.name), **{k: figures(v) for k, v in judged.items()}}
    return result, render(result, judged, seconds)


if __name__ == "__main__":
    sys.exit(main())
