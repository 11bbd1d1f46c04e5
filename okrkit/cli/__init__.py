"""The `okrkit` command: one module per subcommand, each registered with @command (see ``commands``).

Heavy libraries are imported by a command's runner only when that command runs, so ``okrkit lint`` stays light.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from okrkit.cli import (  # noqa: F401  (each registers its command)
    board,
    classroom,
    fmt,
    grade,
    gradescope_package,
    lint,
    rules,
    schema,
    score,
    workshop,
)
from okrkit.cli.commands import COMMANDS
from okrkit.errors import OKRKitError
from okrkit.version import __version__

_ORDER = (
    "lint",
    "fmt",
    "score",
    "rules",
    "schema",
    "grade",
    "gradescope",
    "gradescope-package",
    "board",
    "workshop",
    "classroom",
)  # as --help lists them


def build_parser(only: str | None = None) -> argparse.ArgumentParser:
    """The argument parser with every registered subcommand, or with only the one named (all a run of it needs:
    building the eleven subparsers cost ~7 ms of every start-up)."""
    parser = argparse.ArgumentParser(prog="okrkit", description="Check, score and teach OKRs.")
    parser.add_argument("--version", action="version", version=f"okrkit {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in sorted(COMMANDS, key=lambda n: _ORDER.index(n) if n in _ORDER else len(_ORDER)):
        if only is not None and name != only:
            continue
        setup, help_text = COMMANDS[name]
        p = sub.add_parser(name, help=help_text, description=help_text)
        p.set_defaults(_run=setup(p))
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the okrkit command; returns the exit code."""
    words = sys.argv[1:] if argv is None else list(argv)
    parser = build_parser(words[0] if words and words[0] in COMMANDS else None)
    args = parser.parse_args(words)
    if not getattr(args, "_run", None):
        parser.print_help()
        return 2
    try:
        return args._run(args)
    except OKRKitError as exc:
        print(f"okrkit {args.command}: {exc}", file=sys.stderr)
        return exc.exit_code
    except BrokenPipeError:
        return 0
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
