"""How fast `okrkit grade` grades a class, against executing the same notebooks the way execution-based
autograders do (a fresh kernel per submission, with nbclient).

    .venv/bin/python benchmarks/bench_grade.py [-n 1000] [--jobs 1 2] [--execute 5]

Generates N Assignment 03 submissions in a temporary folder (the sample-class generator's mix: strong,
average, weak, half done, malformed, broken files), grades them with `okrkit grade` in a fresh process for
each --jobs value, and prints submissions/s, CPU seconds (user + system, workers included) and the peak memory
of the largest process. Then it executes a few of the same notebooks with nbclient, and ends with issue 12's
three figures: a class of 40 with its report (target under 1.5 s), N notebooks with the report on 2 workers
(target for 1,000: under 5 s), and grading against executing per notebook, measured in this one run (target:
at least 250× cheaper). The load average is printed: on a shared machine, wall time is CPU time stretched by
the other processes, so CPU seconds are printed beside it.

Runs `okrkit` with Python's bytecode cache allowed (PYTHONDONTWRITEBYTECODE unset) after one warm-up run, as an
installed okrkit runs: without it every process compiles okrkit's source first.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
GENERATOR = ROOT / "scripts" / "make_sample_class.py"
BIN = Path(sys.executable).parent


def _generator():
    """scripts/make_sample_class.py as a module, or None when it is not there."""
    if not GENERATOR.exists():
        return None
    spec = importlib.util.spec_from_file_location("make_sample_class", GENERATOR)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def generate(folder: Path, n: int) -> list[Path]:
    """n submissions in folder, cycling through the sample class's kinds with a different seed each round."""
    gen = _generator()
    if gen is None:
        raise SystemExit(f"{GENERATOR} is missing: it makes the submissions this benchmark grades")
    written: list[Path] = []
    round_ = 0
    while len(written) < n:
        for sid, content, _exp in gen.build(random.Random(1000 + round_)):
            if len(written) >= n:
                break
            path = folder / f"{sid}-{round_:03d}.ipynb"
            if isinstance(content, bytes):
                path.write_bytes(content)
            else:
                path.write_text(json.dumps(content, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
            written.append(path)
        round_ += 1
    return written


def grade(subs: Path, out: Path, jobs: int, report: bool) -> dict:
    """Run `okrkit grade` in a fresh process: wall time, CPU seconds, exit code, peak RSS of the largest process."""
    cmd = [str(BIN / "okrkit"), "grade", "assignment-03", str(subs), "--out", str(out), "--jobs", str(jobs), "--quiet"]
    if not report:
        cmd.append("--no-report")
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    shutil.rmtree(out, ignore_errors=True)
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
    _, status, usage = os.wait4(proc.pid, 0)  # rusage covers the process and its waited-for workers
    wall = time.perf_counter() - t0
    proc.returncode = os.waitstatus_to_exitcode(status)
    err = proc.stderr.read().decode() if proc.stderr else ""
    if proc.returncode not in (0, 1):
        raise SystemExit(f"okrkit grade failed ({proc.returncode}): {err}")
    cpu = usage.ru_utime + usage.ru_stime
    return {"wall": wall, "cpu": cpu, "code": proc.returncode, "peak_mb": usage.ru_maxrss / 1024}


def load() -> str:
    """The 1-minute load average and the CPU count, for reading wall times on a shared machine."""
    try:
        return f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs"
    except OSError:
        return f"{os.cpu_count()} CPUs"


def execute(paths: list[Path], workdir: Path) -> list[float]:
    """Seconds to execute each notebook in a fresh kernel with nbclient, as execution-based autograders do."""
    import nbclient
    import nbformat

    times = []
    for p in paths:
        nb = nbformat.read(p, as_version=4)
        t0 = time.perf_counter()
        nbclient.NotebookClient(
            nb, timeout=120, kernel_name="python3", allow_errors=True, resources={"metadata": {"path": str(workdir)}}
        ).execute()
        times.append(time.perf_counter() - t0)
    return times


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", type=int, default=1000, help="submissions to generate (default 1000)")
    parser.add_argument("--jobs", type=int, nargs="+", default=[1, 2], help="worker counts to compare")
    parser.add_argument("--execute", type=int, default=5, help="notebooks to execute with nbclient (0: skip)")
    args = parser.parse_args(argv)

    tmp = Path(tempfile.mkdtemp(prefix="okrkit-bench-"))
    try:
        subs = tmp / "subs"
        subs.mkdir()
        t0 = time.perf_counter()
        paths = generate(subs, args.n)
        size = sum(p.stat().st_size for p in paths)
        print(
            f"generated {len(paths)} submissions ({size / 1e6:.1f} MB) in {time.perf_counter() - t0:.1f} s "
            f"on {os.cpu_count()} CPUs"
        )
        small = tmp / "class-of-40"
        small.mkdir()
        for p in paths[:40]:
            shutil.copy(p, small / p.name)
        grade(small, tmp / "warm-up", 2, True)  # writes the bytecode cache once, as an install would have it
        class40 = sorted((grade(small, tmp / "out-40", 2, True) for _ in range(5)), key=lambda r: r["wall"])
        print(f"{'run':<34} {'wall s':>7} {'CPU s':>7} {'subs/s':>8} {'ms/sub':>7} {'peak MB':>8}   ({load()})")
        mid = class40[len(class40) // 2]
        print(
            f"{'class of 40, report, --jobs 2':<34} {mid['wall']:>7.2f} {mid['cpu']:>7.2f} {40 / mid['wall']:>8.0f} "
            f"{1000 * mid['wall'] / 40:>7.2f} {mid['peak_mb']:>8.0f}   (median of 5; fastest {class40[0]['wall']:.2f} s)"
        )
        runs = {}
        for jobs in args.jobs:
            for report in (True, False):
                r = grade(subs, tmp / f"out-{jobs}-{report}", jobs, report)
                runs[(jobs, report)] = r
                label = f"okrkit grade --jobs {jobs}" + ("" if report else " --no-report")
                print(
                    f"{label:<34} {r['wall']:>7.2f} {r['cpu']:>7.2f} {len(paths) / r['wall']:>8.0f} "
                    f"{1000 * r['wall'] / len(paths):>7.2f} {r['peak_mb']:>8.0f}   ({load()})"
                )
        a, b = tmp / f"out-{args.jobs[0]}-True", tmp / f"out-{args.jobs[-1]}-True"
        files_a = sorted(p.relative_to(a) for p in a.rglob("*") if p.is_file())
        files_b = sorted(p.relative_to(b) for p in b.rglob("*") if p.is_file())
        differ = [
            str(rel) for rel in files_a if not (b / rel).is_file() or (a / rel).read_bytes() != (b / rel).read_bytes()
        ]
        same = files_a == files_b and not differ
        print(
            f"outputs of --jobs {args.jobs[0]} and --jobs {args.jobs[-1]} byte-identical: {same}"
            + (f" (differ: {', '.join(differ[:5])})" if differ else "")
        )

        per_exec = None
        if args.execute:
            sample = [p for p in paths if p.stem.split("-")[0] in ("strong", "average", "weak")][: args.execute]
            times = execute(sample, tmp)
            per_exec = sum(times) / len(times)
            print(
                f"nbclient execution of {len(sample)} of the same notebooks (fresh kernel each): "
                f"{per_exec:.2f} s per submission (min {min(times):.2f}, max {max(times):.2f})   ({load()})"
            )
            for jobs in args.jobs:
                per_grade = runs[(jobs, True)]["wall"] / len(paths)
                print(
                    f"  grading with --jobs {jobs} is {per_exec / per_grade:,.0f}× faster per submission "
                    f"({1000 * per_grade:.2f} ms vs {1000 * per_exec:.0f} ms, report included)"
                )

        big = runs.get((2, True)) or runs[(max(args.jobs), True)]
        jobs_big = 2 if (2, True) in runs else max(args.jobs)
        print("\nissue 12's figures (wall time on this machine; CPU seconds beside it):")
        print(
            f"  a class of 40 graded with its report: {mid['wall']:.2f} s wall, {mid['cpu']:.2f} s CPU (target < 1.5 s)"
        )
        print(
            f"  {len(paths)} notebooks with the report, --jobs {jobs_big}: {big['wall']:.2f} s wall, "
            f"{big['cpu']:.2f} s CPU (target for 1,000 on 2 cores: < 5 s)"
        )
        if per_exec is not None:
            per_grade = big["wall"] / len(paths)
            print(
                f"  grading vs executing one notebook: {per_exec / per_grade:,.0f}× cheaper "
                f"({1000 * per_grade:.2f} ms vs {1000 * per_exec:.0f} ms; target ≥ 250×)"
            )
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
