"""Reading speed: milliseconds to load a 600-key-result set written canonically, with aliases, as an outline,
as markdown and as CSV (issue 11: forgiving reading must not make the canonical path slow).

    PYTHONPATH=$PWD .venv/bin/python benchmarks/bench_load.py
"""

from __future__ import annotations

import time

import okrkit


def _sample() -> okrkit.OKRSet:
    text = "period: 2026-Q3\nobjectives:\n" + "".join(
        f"  - objective: Delight users in segment {i}\n    key_results:\n"
        f"      - Raise NPS from {i} to {i + 15} by 2026-09-30\n"
        f"      - Cut churn in segment {i} from 5% to 3% by 2026-09-30\n"
        for i in range(300)
    )
    return okrkit.loads(text)


def _time(text: str, fmt: str | None, runs: int = 10) -> float:
    okrkit.loads(text, format=fmt)  # warm caches (alias table, parser)
    start = time.process_time()
    for _ in range(runs):
        okrkit.loads(text, format=fmt)
    return (time.process_time() - start) / runs * 1000


def main() -> None:
    s = _sample()
    canonical = okrkit.dumps(s)
    forms = {
        "canonical YAML": (canonical, None),
        "YAML with aliases (Objectives/KRs)": (
            canonical.replace("objectives:", "Objectives:").replace("key_results:", "KRs:"),
            None,
        ),
        "outline": (okrkit.dumps(s, "outline"), None),
        "markdown": (okrkit.dumps(s, "markdown"), "outline"),
        "CSV": (okrkit.dumps(s, "csv"), None),
    }
    print(f"{len(s.key_results)} key results in {len(s.objectives)} objectives, CPU time, mean of 10 loads")
    for name, (text, fmt) in forms.items():
        print(f"  {name:<36} {_time(text, fmt):7.1f} ms")


if __name__ == "__main__":
    main()
