"""Time to execute the lesson notebooks top to bottom, each in a fresh kernel (as nbval does); prints the figures.

Usage: .venv/bin/python benchmarks/bench_notebooks.py [NOTEBOOK_OR_FOLDER ...] [--repeat N]
Default: every notebook in notebooks/ (lessons and subfolders). Nothing is written back to the notebooks.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient

REPO = Path(__file__).resolve().parents[1]


def notebooks(targets: list[str]) -> list[Path]:
    """The notebooks to run: the given files, or every .ipynb under the given folders (default notebooks/)."""
    found: list[Path] = []
    for t in targets or [str(REPO / "notebooks")]:
        p = Path(t)
        found += sorted(q for q in p.rglob("*.ipynb") if ".ipynb_checkpoints" not in q.parts) if p.is_dir() else [p]
    return found


def run(path: Path) -> tuple[float, int]:
    """Seconds to execute the notebook in a fresh kernel, and its number of code cells."""
    nb = nbformat.read(path, as_version=4)
    client = NotebookClient(
        nb,
        timeout=600,
        kernel_name="python3",
        store_widget_state=False,
        resources={"metadata": {"path": str(path.parent)}},
    )
    start = time.perf_counter()
    client.execute()
    return time.perf_counter() - start, sum(1 for c in nb.cells if c.cell_type == "code")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("targets", nargs="*", help="notebooks or folders (default: notebooks/)")
    ap.add_argument("--repeat", type=int, default=1, help="runs per notebook; the median is reported")
    args = ap.parse_args(argv)
    paths = notebooks(args.targets)
    if not paths:
        print("no notebooks found", file=sys.stderr)
        return 1
    total = 0.0
    print(f"{'notebook':<48} {'cells':>5} {'seconds':>8}")
    for p in paths:
        times = []
        for _ in range(args.repeat):
            seconds, cells = run(p)
            times.append(seconds)
        median = statistics.median(times)
        total += median
        name = str(p.relative_to(REPO)) if p.is_relative_to(REPO) else str(p)
        print(f"{name:<48} {cells:>5} {median:>8.1f}")
    print(f"{'total (' + str(len(paths)) + ' notebooks, fresh kernel each)':<48} {'':>5} {total:>8.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
