"""`okrkit score FILE`: progress, 0–1 grade, 1–4 point, band and pace of each key result."""

from __future__ import annotations

import argparse
import json
import re
from dataclasses import asdict
from datetime import date
from pathlib import Path

from okrkit.cli.commands import command, iso_date, read_set
from okrkit.errors import LoadError
from okrkit.files import read_limited
from okrkit.lexicon.lazyre import lazy
from okrkit.model import OKRSet
from okrkit.scoring import score_report, set_score

_CHECKINS_KEY = lazy(r"^checkins\s*:", re.M)  # a history file's top-level key


def _latest_checkin(path: str) -> tuple[OKRSet, date] | None:
    """For a check-in history file ('set:' and 'checkins:'), its set with the latest check-in's values; else None."""
    if path == "-" or Path(path).suffix.lower() not in (".yaml", ".yml"):
        return None
    try:
        text = read_limited(path).decode("utf-8-sig")
    except (LoadError, UnicodeDecodeError):
        return None  # read_set says what is wrong with it
    if not _CHECKINS_KEY.search(text):
        return None  # an OKR file: read_set reads it, without a YAML parse here first
    import yaml

    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError:
        return None
    if not (isinstance(data, dict) and "checkins" in data and "set" in data):
        return None
    from okrkit.lessons import checkins_of

    try:
        entries = checkins_of(data, path)
    except ValueError as exc:
        raise LoadError(str(exc).split(": ", 1)[-1], file=path) from None
    if not entries:
        raise LoadError(
            "'checkins:' is empty", file=path, hint="add a check-in like '- {as_of: 2026-07-08, current: [20]}'"
        )
    okrs = read_set(str(Path(path).parent / str(data["set"])))
    last = max(entries, key=lambda e: str(e["as_of"]))
    values = last["current"] if isinstance(last["current"], list) else [last["current"]]
    krs = okrs.key_results
    if len(values) != len(krs):
        raise LoadError(
            f"the check-in of {last['as_of']} has {len(values)} value(s) but {data['set']} has {len(krs)} key results",
            file=path,
            field="current",
            hint=f"give one value per key result, in the set's order ({len(krs)} in all; write null for one not measured)",
        )
    for kr, value in zip(krs, values):
        kr.current = None if value is None else float(value)
    as_of = last["as_of"] if isinstance(last["as_of"], date) else date.fromisoformat(str(last["as_of"]))
    return okrs, as_of


@command("score", "score check-ins: progress, 0–1 grade, 1–4 point, band and pace")
def _score_setup(p: argparse.ArgumentParser):
    p.add_argument(
        "file",
        metavar="FILE",
        help="an OKR file with current: values, or a check-in history (set: and checkins:; its latest check-in "
        "is scored); '-' reads stdin",
    )
    p.add_argument("--as-of", type=iso_date, metavar="DATE", help="check-in date (default: the file's as_of)")
    p.add_argument(
        "--format", choices=("text", "json"), default="text", help="text for people (default) or JSON for tools"
    )

    def run(args: argparse.Namespace) -> int:
        history = _latest_checkin(args.file)
        okrs, as_of = history if history is not None else (read_set(args.file), None)
        report = score_report(okrs, as_of=args.as_of or as_of)
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
