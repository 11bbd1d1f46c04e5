"""Time one `check` (a student's instant feedback) and one submission read + check_all (the grader's unit).

    .venv/bin/python benchmarks/bench_check.py [--repeat 200]

Prints the cold first check (spec loading, rule catalogue and lexicons included) and the median and
95th percentile of warm checks for a strong product answer, a weak one, the personal answer and a
malformed one; then reading one sample submission and checking all its answers.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))


def _ms(samples: list[float]) -> str:
    s = sorted(samples)
    p95 = s[min(len(s) - 1, int(0.95 * len(s)))]
    return f"median {statistics.median(s) * 1000:7.2f} ms   p95 {p95 * 1000:7.2f} ms   (n={len(s)})"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=200)
    args = parser.parse_args()

    t0 = time.perf_counter()
    from make_sample_class import MALFORMED, STRONG, WEAK

    from okrkit.assignment import load_assignment

    hw = load_assignment("assignment-03")
    hw.check("gmail", STRONG["gmail"])
    print(f"cold: import + load spec + first check        {(time.perf_counter() - t0) * 1000:7.1f} ms")

    cases = {
        "gmail, strong": ("gmail", STRONG["gmail"]),
        "prime, weak": ("prime", WEAK["prime"]),
        "personal, strong (10 KRs)": ("personal", STRONG["personal"]),
        "gmail, malformed YAML": ("gmail", MALFORMED["indent"]),
    }
    from okrkit.read import keyresult as parse

    clear = getattr(getattr(parse, "_parse_cached", None), "cache_clear", lambda: None)
    for name, (qid, text) in cases.items():
        warm, fresh = [], []
        for _ in range(args.repeat):
            t = time.perf_counter()
            hw.check(qid, text)  # re-running a check: the parser's statement cache helps
            warm.append(time.perf_counter() - t)
            clear()
            t = time.perf_counter()
            hw.check(qid, text)  # every statement parsed from scratch
            fresh.append(time.perf_counter() - t)
        print(f"check({name!r:28}) re-run    {_ms(warm)}")
        print(f"check({name!r:28}) uncached  {_ms(fresh)}")

    from okrkit.grade.notebook import read_submission

    path = ROOT / "data" / "sample-class" / "strong-01.ipynb"
    times = []
    for _ in range(max(20, args.repeat // 5)):
        t = time.perf_counter()
        hw.check_all(read_submission(path, hw).answers)
        times.append(time.perf_counter() - t)
    print(f"read_submission + check_all (5 questions)       {_ms(times)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
