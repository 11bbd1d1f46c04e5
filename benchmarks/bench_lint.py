"""Lint speed: a seeded synthetic corpus of 10,000 key results on one core; KRs/s, peak memory, CLI start-up."""

from __future__ import annotations

import argparse
import compileall
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

VERBS = [
    "Increase",
    "Grow",
    "Raise",
    "Reduce",
    "Cut",
    "Lower",
    "Reach",
    "Maintain",
    "Hold",
    "Launch",
    "Ship",
    "Conduct",
    "Publish",
    "Improve",
    "Double",
    "Keep",
]
METRICS = [
    "registration conversion",
    "weekly active users",
    "median time to first project",
    "churn",
    "NPS",
    "support tickets per 1,000 users",
    "checkout conversion rate",
    "ARR",
    "page views",
    "customer workshops",
    "blog posts published",
    "time to resolve a ticket",
    "activation rate",
    "trial-to-paid conversion",
    "weekly sessions per user",
    "refund rate",
    "p95 latency",
]
UNITS = ["%", " days", "", " ms", "k", ""]
DUE = ["", " by 2026-09-30", " by Sep 30", " by end of Q3", " this quarter", " within 30 days", " in 90 days"]


def synthetic_key_results(n: int, seed: int = 7) -> list[str]:
    """n varied, mostly unique key-result statements (deterministic for a seed)."""
    rng = random.Random(seed)
    out = []
    for _ in range(n):
        verb, metric, unit, due = rng.choice(VERBS), rng.choice(METRICS), rng.choice(UNITS), rng.choice(DUE)
        a, b = rng.randint(1, 500), rng.randint(1, 500)
        shape = rng.random()
        if shape < 0.5:
            text = f"{verb} {metric} from {a}{unit} to {b}{unit}{due}"
        elif shape < 0.7:
            text = f"{verb} {metric} by {a % 60 + 1}%{due}"
        elif shape < 0.85:
            text = f"{verb} {a} {metric}{due}"
        else:
            text = f"{verb} the {metric} experience for team {a}{due}"
        out.append(text)
    return out


def corpus_yaml(krs: list[str], per_objective: int = 4) -> str:
    """The key results as one OKR set in the okrkit YAML format."""
    lines = ["title: Synthetic benchmark set", "period: 2026-Q3", "level: team", "objectives:"]
    for i in range(0, len(krs), per_objective):
        lines.append(f"  - objective: Objective number {i // per_objective} makes customers happier")
        lines.append("    key_results:")
        lines += [f"      - {kr!r}" for kr in krs[i : i + per_objective]]
    return "\n".join(lines) + "\n"


def _peak_rss_mb() -> float:
    """Peak resident memory of this process in MiB."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _time_command(cmd: list[str], repeat: int = 7) -> tuple[float, float]:
    """Median wall time and median CPU time (user + system) of a command, in seconds.

    CPU time is what the command itself costs; on a shared machine wall time also counts waiting for a core."""
    walls, cpus = [], []
    for _ in range(repeat):
        r0 = resource.getrusage(resource.RUSAGE_CHILDREN)
        t = time.perf_counter()
        subprocess.run(cmd, capture_output=True, check=False)
        walls.append(time.perf_counter() - t)
        r1 = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpus.append(r1.ru_utime - r0.ru_utime + r1.ru_stime - r0.ru_stime)
    return sorted(walls)[len(walls) // 2], sorted(cpus)[len(cpus) // 2]


def main() -> None:
    """Print lint throughput, peak memory and CLI start-up time."""
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("-n", type=int, default=10_000, help="number of key results (default 10,000)")
    ap.add_argument("--seed", type=int, default=7)
    args = ap.parse_args()
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {sorted(os.sched_getaffinity(0))[0]})  # one core
    import okrkit

    okrkit.lint_statement("warm up the catalogue and lexicons")
    text = corpus_yaml(synthetic_key_results(args.n, args.seed))

    t0, c0 = time.perf_counter(), time.process_time()
    okrs = okrkit.loads(text, source="synthetic.yaml")
    t1, c1 = time.perf_counter(), time.process_time()
    findings = okrkit.lint(okrs)
    t2, c2 = time.perf_counter(), time.process_time()
    n = len(okrs.key_results)
    print(f"corpus: {n:,} key results in {len(okrs.objectives):,} objectives (seed {args.seed}), one core")
    print("                       wall                    cpu (this process only; steadier on a shared machine)")
    for label, wall, cpu, extra in (
        ("load (YAML + parse):", t1 - t0, c1 - c0, ""),
        ("lint (all rules):", t2 - t1, c2 - c1, f"   ({len(findings):,} findings)"),
        ("load + lint:", t2 - t0, c2 - c0, "   target ≥ 20,000 KRs/s"),
    ):
        print(f"{label:22} {wall:6.3f} s {n / wall:9,.0f} KRs/s   {cpu:6.3f} s {n / cpu:9,.0f} KRs/s{extra}")
    print(f"peak memory (RSS):     {_peak_rss_mb():6.1f} MiB")

    # an installed package has its bytecode compiled (pip does it); with PYTHONDONTWRITEBYTECODE set and no
    # __pycache__, every start-up would also compile ~50 modules, which no user pays
    compileall.compile_dir(str(Path(okrkit.__file__).parent), quiet=1)
    with tempfile.TemporaryDirectory() as tmp:
        small = Path(tmp) / "small.yaml"
        small.write_text(corpus_yaml(synthetic_key_results(12, args.seed)))
        exe = Path(sys.executable).parent / "okrkit"
        # like the bytecode, the marshal copies of the package's YAML (okrkit.lexicon.datacache) are written
        # by a first run that may write bytecode; time the runs after it
        first_run_env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
        subprocess.run([str(exe), "lint", str(small)], capture_output=True, check=False, env=first_run_env)
        cli = _time_command([str(exe), "lint", str(small)])
        base = _time_command([sys.executable, "-c", "import yaml"])
        print(
            f"`okrkit lint small.yaml`:  wall {cli[0] * 1000:4.0f} ms  cpu {cli[1] * 1000:4.0f} ms   "
            f"(python -c 'import yaml': wall {base[0] * 1000:.0f} ms  cpu {base[1] * 1000:.0f} ms; "
            f"ratio wall {cli[0] / base[0]:.2f}  cpu {cli[1] / base[1]:.2f}; target ≤ 2)"
        )


if __name__ == "__main__":
    main()
