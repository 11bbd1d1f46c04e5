"""The `okrkit` command: lint, score, rules, schema (and grade, gradescope, board)."""
from __future__ import annotations

import argparse
import json
import sys
from datetime import date
from typing import Callable, Sequence

from .errors import OKRKitError

SEVERITY_CHOICES = ("info", "warning", "error")
Runner = Callable[[argparse.Namespace], int]
_commands: dict[str, tuple[Callable[[argparse.ArgumentParser], Runner], str]] = {}


def command(name: str, help: str) -> Callable:
    """Register a subcommand: the decorated function adds its arguments and returns the runner."""
    def register(setup: Callable[[argparse.ArgumentParser], Runner]):
        _commands[name] = (setup, help)
        return setup
    return register


def _iso_date(text: str) -> date:
    """argparse type for YYYY-MM-DD."""
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a date like 2026-09-30, got {text!r}") from None


def _read_set(path: str):
    """An OKRSet from a path, or from standard input for '-'."""
    from .io import load, loads
    if path == "-":
        return loads(sys.stdin.read(), source="<stdin>")
    return load(path)


# ── lint ──────────────────────────────────────────────────────────────────────────────────
@command("lint", "check OKR files and explain what to improve")
def _lint_setup(p: argparse.ArgumentParser):
    p.add_argument("files", nargs="+", metavar="FILE", help="OKR files (YAML or text outline); '-' reads stdin")
    p.add_argument("--format", choices=("text", "json"), default="text")
    p.add_argument("--min-severity", choices=SEVERITY_CHOICES, default="info",
                   help="hide findings below this severity (default: info, show all)")
    p.add_argument("--select", action="append", metavar="CODE",
                   help="only rules whose code starts with this (repeatable), e.g. OKR1")
    p.add_argument("--as-of", type=_iso_date, metavar="DATE", help="check-in date for OKR4xx rules")

    def run(args: argparse.Namespace) -> int:
        from .errors import LoadError
        from .lint import lint
        findings, errors = [], []
        for path in args.files:
            try:
                okrs = _read_set(path)
            except LoadError as exc:
                errors.append(exc)
                continue
            findings.extend(lint(okrs, as_of=args.as_of, min_severity=args.min_severity, select=args.select))
        if args.format == "json":
            out = {"findings": [f.to_dict() for f in findings],
                   "errors": [{"file": e.file, "line": e.line, "field": e.field, "message": str(e)} for e in errors]}
            print(json.dumps(out, indent=2, ensure_ascii=False))
        else:
            for e in errors:
                print(f"{e} [unreadable]", file=sys.stderr)
            for f in findings:
                where = f"{f.file or '<text>'}:{f.line}" if f.line else (f.file or "<text>")
                print(f"{where}: {f.code} {f.severity}: {f.message}")
                print(f"    fix: {f.fix}")
            counts = {s: sum(f.severity == s for f in findings) for s in ("error", "warning", "info")}
            files = len(args.files) - len(errors)
            print(f"{counts['error']} error(s), {counts['warning']} warning(s), {counts['info']} tip(s) "
                  f"in {files} file(s)" + (f"; {len(errors)} unreadable" if errors else ""))
        if errors:
            return 2
        return 1 if any(f.flagged for f in findings) else 0
    return run


# ── score ─────────────────────────────────────────────────────────────────────────────────
@command("score", "score check-ins: progress, 0–1 grade, 1–4 point, band and pace")
def _score_setup(p: argparse.ArgumentParser):
    p.add_argument("file", metavar="FILE", help="an OKR file with current: values; '-' reads stdin")
    p.add_argument("--as-of", type=_iso_date, metavar="DATE", help="check-in date (default: the file's as_of)")
    p.add_argument("--format", choices=("text", "json"), default="text")

    def run(args: argparse.Namespace) -> int:
        from dataclasses import asdict
        from .scoring import score_report, set_score
        okrs = _read_set(args.file)
        report = score_report(okrs, as_of=args.as_of)
        if args.format == "json":
            print(json.dumps({"set_score": set_score(okrs), "objectives": [asdict(o) for o in report]},
                             indent=2, ensure_ascii=False))
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


# ── rules ─────────────────────────────────────────────────────────────────────────────────
@command("rules", "list the rule catalogue")
def _rules_setup(p: argparse.ArgumentParser):
    p.add_argument("codes", nargs="*", metavar="CODE", help="show only these rules")
    p.add_argument("--format", choices=("text", "json", "markdown"), default="text")

    def run(args: argparse.Namespace) -> int:
        from .docs import rules_markdown
        from .rules import catalogue, get
        try:
            rules = [get(c) for c in args.codes] if args.codes else list(catalogue())
        except KeyError as exc:
            print(f"okrkit rules: {exc.args[0]}", file=sys.stderr)
            return 2
        if args.format == "json":
            print(json.dumps([r.to_dict() for r in rules], indent=2, ensure_ascii=False))
        elif args.format == "markdown":
            print(rules_markdown(rules), end="")
        else:
            for r in rules:
                print(f"{r.code} {r.name} [{r.category}, {r.severity}]")
                print(f"    {r.summary}")
                print(f"    fix: {r.fix}")
                print(f"    lesson: {r.lesson}")
        return 0
    return run


# ── schema ────────────────────────────────────────────────────────────────────────────────
@command("schema", "print the JSON Schema of the OKR file format (for editors)")
def _schema_setup(p: argparse.ArgumentParser):
    def run(args: argparse.Namespace) -> int:
        from .schema import json_schema
        print(json.dumps(json_schema(), indent=2, ensure_ascii=False))
        return 0
    return run


def _plugins() -> None:
    """Register the commands that live in other modules (grading, board), if present."""
    import importlib
    for module in ("okrkit.grading_cli", "okrkit.board_cli"):
        try:
            importlib.import_module(module)
        except ModuleNotFoundError as exc:
            if exc.name != module:
                raise


def build_parser() -> argparse.ArgumentParser:
    """The argument parser with every registered subcommand."""
    from . import __version__
    _plugins()
    parser = argparse.ArgumentParser(prog="okrkit", description="Check, score and teach OKRs.")
    parser.add_argument("--version", action="version", version=f"okrkit {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name, (setup, help_text) in _commands.items():
        p = sub.add_parser(name, help=help_text, description=help_text)
        p.set_defaults(_run=setup(p))
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the okrkit command; returns the exit code."""
    parser = build_parser()
    args = parser.parse_args(argv)
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
