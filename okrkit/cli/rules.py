"""`okrkit rules [CODE…]`: the rule catalogue as text, JSON or markdown."""

from __future__ import annotations

import argparse
import json
import sys

from okrkit.check.catalogue import catalogue, get
from okrkit.check.docs import example_fix, rules_markdown
from okrkit.cli.commands import command


@command("rules", "list the rule catalogue")
def _rules_setup(p: argparse.ArgumentParser):
    p.add_argument("codes", nargs="*", metavar="CODE", help="show only these rules")
    p.add_argument(
        "--format",
        choices=("text", "json", "markdown"),
        default="text",
        help="text (default), JSON, or markdown (the page docs/rules.md is made from)",
    )

    def run(args: argparse.Namespace) -> int:
        try:
            rules = [get(c) for c in args.codes] if args.codes else list(catalogue())
        except KeyError as exc:
            print(f"okrkit rules: {exc.args[0]}", file=sys.stderr)
            return 2
        if args.format == "json":
            out = [{**r.to_dict(), "fix_example": example_fix(r)} for r in rules]
            print(json.dumps(out, indent=2, ensure_ascii=False))
        elif args.format == "markdown":
            print(rules_markdown(rules), end="")
        else:
            for r in rules:
                print(f"{r.code} {r.name} [{r.category}, {r.severity}]")
                print(f"    {r.summary}")
                print(f"    fix: {example_fix(r)}")
                print(f"    lesson: {r.lesson}")
        return 0

    return run
