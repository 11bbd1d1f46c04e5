#!/usr/bin/env python3
"""Compare the assignment grader's points with a tutor's points on the self-made development set.

    PYTHONPATH=$PWD python benchmarks/eval_grading.py              # every file in data/tutor-dev/
    PYTHONPATH=$PWD python benchmarks/eval_grading.py --top 10     # show the 10 largest disagreements
    PYTHONPATH=$PWD python benchmarks/eval_grading.py --json       # the figures as JSON

Each answer in data/tutor-dev/*.yaml is graded with the real grader (``Assignment.check``, the path a
student's check and ``okrkit grade`` share). Printed: mean absolute difference from the tutor's points,
the share of answers within 1 and within 2 points, Pearson's correlation, the mean signed difference
(grader minus tutor: positive = the grader is more generous), the same per question, and the largest
disagreements with the tutor's reason beside the grader's requirement details and deductions.

The set was written by the person who calibrated the grading, so these are training figures: a low
difference here says the grader now follows that tutor's judgement on these answers, not that it will on
a class it has never seen.
"""

from __future__ import annotations

import argparse
import json
import math
import sys
from dataclasses import dataclass
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATA = ROOT / "data" / "tutor-dev"


@dataclass
class Row:
    """One answer: who wrote which points and why."""

    file: str
    id: str
    question: str
    max_points: float
    tutor: float
    grader: float
    reason: str
    explanation: str


def load_rows(folder: Path) -> list[Row]:
    """Every answer of every data file, graded with the real grader."""
    from okrkit.assignment import load_assignment

    rows = []
    for path in sorted(folder.glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        assignment = load_assignment(data["assignment"])
        for a in data["answers"]:
            result = assignment.check(a["question"], a["answer"])
            rows.append(
                Row(
                    file=path.name,
                    id=a["id"],
                    question=a["question"],
                    max_points=result.max_points,
                    tutor=float(a["tutor"]),
                    grader=result.points,
                    reason=a.get("reason", ""),
                    explanation=_explain(result),
                )
            )
    return rows


def _explain(result) -> str:  # noqa: ANN001 (a CheckResult)
    """The grader's side: each requirement that lost points, and what the deductions were for."""
    if result.error:
        return f"error: {result.error}"
    bits = [f"{r.id} {r.points:g}/{r.max_points:g} ({r.detail})" for r in result.requirements if not r.met]
    ded = [f"{d.finding.code}×{d.points:g} '{d.finding.text[:40]}'" for d in result.deductions]
    return "; ".join(bits) + (" | deductions: " + ", ".join(ded) if ded else "")


def figures(rows: list[Row]) -> dict:
    """MAE, within 1 and 2 points, correlation and mean signed difference of a group of answers."""
    n = len(rows)
    if not n:
        return {"n": 0}
    diffs = [r.grader - r.tutor for r in rows]
    t = [r.tutor for r in rows]
    g = [r.grader for r in rows]
    return {
        "n": n,
        "mae": round(sum(abs(d) for d in diffs) / n, 2),
        "within_1": round(sum(abs(d) <= 1 + 1e-9 for d in diffs) / n, 2),
        "within_2": round(sum(abs(d) <= 2 + 1e-9 for d in diffs) / n, 2),
        "correlation": round(_pearson(t, g), 3),
        "mean_signed": round(sum(diffs) / n, 2),
    }


def _pearson(x: list[float], y: list[float]) -> float:
    """Pearson's correlation (nan when either side does not vary)."""
    n = len(x)
    mx, my = sum(x) / n, sum(y) / n
    sx = math.sqrt(sum((a - mx) ** 2 for a in x))
    sy = math.sqrt(sum((b - my) ** 2 for b in y))
    if not sx or not sy:
        return float("nan")
    return sum((a - mx) * (b - my) for a, b in zip(x, y)) / (sx * sy)


def main(argv: list[str] | None = None) -> int:
    """Print the figures (or JSON); exit 0."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA, help="folder of tutor-graded answer files")
    ap.add_argument("--top", type=int, default=8, help="how many of the largest disagreements to show")
    ap.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = ap.parse_args(argv)
    rows = load_rows(args.data)
    overall = figures(rows)
    per_q = {q: figures([r for r in rows if r.question == q]) for q in dict.fromkeys(r.question for r in rows)}
    if args.json:
        print(json.dumps({"overall": overall, "questions": per_q}, indent=2))
        return 0
    print(f"Tutor development set (self-made, training figures): {args.data}")
    print(f"{'group':<14}{'n':>4}{'MAE':>7}{'≤1':>7}{'≤2':>7}{'corr':>8}{'signed':>8}")
    for name, f in [("all", overall), *per_q.items()]:
        print(
            f"{name:<14}{f['n']:>4}{f['mae']:>7.2f}{f['within_1']:>7.0%}{f['within_2']:>7.0%}"
            f"{f['correlation']:>8.3f}{f['mean_signed']:>+8.2f}"
        )
    print(f"\nLargest disagreements (grader − tutor), top {args.top}:")
    for r in sorted(rows, key=lambda r: -abs(r.grader - r.tutor))[: args.top]:
        print(f"\n{r.id} [{r.question}]  tutor {r.tutor:g}  grader {r.grader:g}  ({r.grader - r.tutor:+g})")
        print(f"  tutor:  {r.reason}")
        print(f"  grader: {r.explanation}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
