"""`okrkit fmt FILE`: read an OKR file in any accepted form and write it back in the canonical YAML format.

Prints to standard output by default; ``--write`` rewrites a .yaml/.yml file in place (atomically), ``--out``
writes elsewhere. What reading guessed is printed as notes on standard error, so the author learns the
canonical form. Exit 0 written, 2 unreadable.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from okrkit.cli.commands import command, read_set
from okrkit.errors import LoadError
from okrkit.files import atomic_write
from okrkit.read.writing import WRITE_FORMATS, dumps


@command("fmt", "write an OKR file (YAML, JSON, outline, markdown or CSV) back as canonical YAML")
def _fmt_setup(p: argparse.ArgumentParser):
    p.add_argument("file", metavar="FILE", help="an OKR file in any form okrkit reads; '-' reads stdin")
    where = p.add_mutually_exclusive_group()
    where.add_argument("--write", action="store_true", help="rewrite FILE in place (only .yaml/.yml files)")
    where.add_argument("--out", metavar="PATH", help="write to PATH instead of standard output")
    p.add_argument("--to", choices=WRITE_FORMATS, default="yaml", help="the form to write (default: yaml)")
    p.add_argument("--quiet", action="store_true", help="do not print the notes on what was guessed")

    def run(args: argparse.Namespace) -> int:
        if args.write and (args.file == "-" or Path(args.file).suffix.lower() not in (".yaml", ".yml")):
            raise LoadError(
                "--write rewrites YAML files only, so a file in another form keeps its own",
                file=args.file,
                hint=f"write the YAML next to it: okrkit fmt {args.file} --out {Path(args.file).stem or 'okrs'}.yaml",
            )
        okrs = read_set(args.file)
        text = dumps(okrs, args.to)
        if not args.quiet:
            for n in okrs.notes:
                print(f"note: {n}", file=sys.stderr)
        target = args.file if args.write else args.out
        if target:
            atomic_write(target, text)
            if not args.quiet:
                print(f"wrote {target}", file=sys.stderr)
        else:
            sys.stdout.write(text)
        return 0

    return run
