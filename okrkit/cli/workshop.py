"""`okrkit workshop`: serve the live workshop board as a Voilà app (offline, idle kernels culled)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from okrkit.cli.commands import command


@command("workshop", "serve the live workshop board as a Voilà app (offline; idle kernels are stopped)")
def _workshop_setup(p: argparse.ArgumentParser):
    p.add_argument(
        "notebook",
        nargs="?",
        default=None,
        metavar="NOTEBOOK",
        help="the board's notebook (default: notebooks/coach/workshop.ipynb, from the repository root)",
    )
    p.add_argument("--port", type=int, help="port to serve on (default: Voilà's, 8866)")
    p.add_argument("--no-browser", action="store_true", help="do not open a browser")
    p.add_argument(
        "--set",
        action="append",
        default=[],
        metavar="CLASS.NAME=VALUE",
        help="a Voilà/Jupyter setting that wins over the kit's, e.g. --set MappingKernelManager.cull_idle_timeout=600",
    )

    def run(args: argparse.Namespace) -> int:
        import subprocess  # here, not at the top: every other command would pay ~5 ms to import it

        from okrkit.workshop.launch import NOTEBOOK, voila_command

        notebook = Path(args.notebook or NOTEBOOK)
        if not notebook.is_file():
            print(
                f"okrkit workshop: {notebook} not found; run from the repository root or give the notebook's path",
                file=sys.stderr,
            )
            return 2
        extra = [f"--{setting}" for setting in args.set]
        argv, env = voila_command(notebook, port=args.port, open_browser=not args.no_browser, extra=extra)
        try:
            return subprocess.call(argv, env=env)
        except FileNotFoundError:
            print("okrkit workshop: Voilà is not installed; install okrkit[lab]", file=sys.stderr)
            return 2

    return run
