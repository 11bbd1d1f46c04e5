"""`okrkit lint FILE…`: check OKR files and explain what to improve (exit 0 clean, 1 flagged, 2 unreadable)."""

from __future__ import annotations

import argparse
import json
import sys

from okrkit.check import lint
from okrkit.cli.commands import SEVERITY_CHOICES, command, iso_date, read_set
from okrkit.errors import LoadError


@command("lint", "check OKR files and explain what to improve")
def _lint_setup(p: argparse.ArgumentParser):
    p.add_argument(
        "files",
        nargs="+",
        metavar="FILE",
        help="OKR files: YAML or JSON, a text or markdown outline, or a one-team CSV export; '-' reads stdin",
    )
    p.add_argument(
        "--format", choices=("text", "json"), default="text", help="text for people (default) or JSON for tools"
    )
    p.add_argument(
        "--min-severity",
        choices=SEVERITY_CHOICES,
        default="info",
        help="hide findings below this severity (default: info, show all)",
    )
    p.add_argument(
        "--select",
        action="append",
        metavar="CODE",
        help="only rules whose code starts with this (repeatable), e.g. OKR1",
    )
    p.add_argument("--as-of", type=iso_date, metavar="DATE", help="check-in date for OKR4xx rules")

    def run(args: argparse.Namespace) -> int:
        findings, errors, notes = [], [], []
        for path in args.files:
            try:
                okrs = read_set(path)
            except LoadError as exc:
                errors.append(exc)
                continue
            notes.extend(okrs.notes)
            findings.extend(lint(okrs, as_of=args.as_of, min_severity=args.min_severity, select=args.select))
        if args.format == "json":
            out = {
                "findings": [f.to_dict() for f in findings],
                "errors": [{"file": e.file, "line": e.line, "field": e.field, "message": str(e)} for e in errors],
                "notes": [{"file": n.file, "line": n.line, "field": n.field, "message": n.message} for n in notes],
            }
            print(json.dumps(out, indent=2, ensure_ascii=False))
        else:
            for e in errors:
                print(f"{e} [unreadable]", file=sys.stderr)
            for n in notes:  # what reading guessed: said so the author learns the canonical form, never a finding
                print(f"{n} [note]", file=sys.stderr)
            for f in findings:
                where = f"{f.file or '<text>'}:{f.line}" if f.line else (f.file or "<text>")
                print(f"{where}: {f.code} {f.severity}: {f.message}")
                print(f"    fix: {f.fix}")
            counts = {s: sum(f.severity == s for f in findings) for s in ("error", "warning", "info")}
            files = len(args.files) - len(errors)
            print(
                f"{counts['error']} error(s), {counts['warning']} warning(s), {counts['info']} tip(s) "
                f"in {files} file(s)" + (f"; {len(errors)} unreadable" if errors else "")
            )
        if errors:
            return 2
        return 1 if any(f.flagged for f in findings) else 0

    return run
