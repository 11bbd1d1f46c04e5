"""The `okrkit gradescope-package` command: autograder.zip for Gradescope (setup.sh, run_autograder, spec, wheel)."""

from __future__ import annotations

import argparse
import sys

from okrkit.cli.commands import command


@command("gradescope-package", "write autograder.zip for Gradescope: setup.sh, run_autograder, the spec, okrkit")
def _package_setup(p: argparse.ArgumentParser):
    p.add_argument(
        "spec", metavar="SPEC", help="the assignment: assignment.yaml, its folder, or an id like assignment-03"
    )
    p.add_argument("--out", default="autograder.zip", metavar="ZIP", help="where to write (default: autograder.zip)")

    def run(args: argparse.Namespace) -> int:
        from okrkit.grade.package import build

        pkg = build(args.spec, args.out)
        print(f"wrote {pkg.path}: {', '.join(pkg.names)}", file=sys.stderr)
        print("upload it on Gradescope: the assignment's Configure Autograder page, 'Zip file upload'", file=sys.stderr)
        return 0

    return run
