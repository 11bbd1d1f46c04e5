"""`okrkit board INPUT --out board.html`: the workshop board as one static HTML file (and an optional export)."""

from __future__ import annotations

import argparse
import sys
import time

from okrkit.cli.commands import command, iso_date


@command("board", "build the workshop board (one offline HTML file) from a CSV export, a folder or a text file")
def _board_setup(p: argparse.ArgumentParser):
    p.add_argument("input", metavar="INPUT", help="a CSV export, a folder of YAML/text files, or a text/YAML file")
    p.add_argument("--out", default="board.html", metavar="FILE", help="HTML file to write (default: board.html)")
    p.add_argument("--title", help="title shown on the board (default: 'OKR workshop board')")
    p.add_argument("--as-of", type=iso_date, metavar="DATE", help="check-in date for the OKR4xx check-in rules")
    p.add_argument("--export", metavar="DIR", help="also write each team's set as YAML and the handout (md, html) here")
    p.add_argument("--quiet", action="store_true", help="print only errors")

    def run(args: argparse.Namespace) -> int:
        from okrkit.workshop.board import load_board
        from okrkit.workshop.export import export, write_board

        started = time.perf_counter()
        board = load_board(args.input, title=args.title, as_of=args.as_of)
        for e in board.errors:
            print(f"{e} [unreadable, left off the board]", file=sys.stderr)
        if not board.teams:
            print(f"okrkit board: no team's OKRs could be read from {args.input}; nothing written", file=sys.stderr)
            return 2
        path = write_board(board, args.out)
        if not args.quiet:
            for w in board.warnings:
                print(f"note: {w}", file=sys.stderr)
            t = board.totals()
            print(
                f"wrote {path}: {t['teams']} teams, {t['key_results']} key results "
                f"({t['green']} green, {t['amber']} amber, {t['red']} red) "
                f"in {time.perf_counter() - started:.2f}s; open it in a browser (works offline)"
            )
            r = board.reported()
            if any(r[k] for k in ("on_track", "at_risk", "off_track", "done")):
                print(
                    f"reported by the teams: {r['on_track']} on track, {r['at_risk']} at risk, {r['off_track']} off track, "
                    f"{r['done']} done; {r['differ']} differ from the checker's colour"
                )
        if args.export:
            written = export(board, args.export)
            if not args.quiet:
                print(f"exported {len(written)} files to {args.export}")
        return 1 if board.errors else 0

    return run
