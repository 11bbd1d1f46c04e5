"""`okrkit score FILE`: progress, 0–1 grade, 1–4 point, band and pace of each key result."""

from __future__ import annotations

import argparse
import json
from dataclasses import asdict

from okrkit.cli.commands import command, iso_date, read_set
from okrkit.scoring import score_report, set_score


@command("score", "score check-ins: progress, 0–1 grade, 1–4 point, band and pace")
def _score_setup(p: argparse.ArgumentParser):
    p.add_argument("file", metavar="FILE", help="an OKR file with current: values; '-' reads stdin")
    p.add_argument("--as-of", type=iso_date, metavar="DATE", help="check-in date (default: the file's as_of)")
    p.add_argument(
        "--format", choices=("text", "json"), default="text", help="text for people (default) or JSON for tools"
    )

    def run(args: argparse.Namespace) -> int:
        okrs = read_set(args.file)
        report = score_report(okrs, as_of=args.as_of)
        if args.format == "json":
            print(
                json.dumps(
                    {"set_score": set_score(okrs), "objectives": [asdict(o) for o in report]},
                    indent=2,
                    ensure_ascii=False,
                )
            )
            return 0
        for o in report:
            head = f"{o.score:.2f}  {o.grade4}/4  {o.band:<6}" if o.score is not None else "  —   —    —     "
            print(f"{head}  {o.objective}  [{o.type}]")
            for k in o.key_results:
                if k.progress is None:
                    print(f"    —    —   —       no check-in or no target: {k.text}")
                    continue
                pace = f"  {k.pace} (expected {k.expected:.2f})" if k.pace else ""
                print(f"    {k.progress:.2f} {k.grade4}/4 {k.band:<6} {k.text}{pace}")
            if o.meaning:
                print(f"    → {o.meaning}")
        total = set_score(okrs)
        print(f"set score: {total:.2f}" if total is not None else "set score: — (no check-ins yet)")
        return 0

    return run
