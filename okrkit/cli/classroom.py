"""`okrkit classroom link`: the nbgitpuller and Binder links an instructor posts to a class."""

from __future__ import annotations

import argparse

from okrkit.classroom import DEFAULT_PATH, class_links
from okrkit.cli.commands import command


@command("classroom", "links to post to a class: nbgitpuller into your JupyterHub, and Binder")
def _classroom_setup(p: argparse.ArgumentParser):
    sub = p.add_subparsers(dest="action", metavar="ACTION", required=True)
    link = sub.add_parser("link", help="print the nbgitpuller link (and the Binder link) for the lessons")
    link.add_argument("--hub", required=True, help="the hub's address, e.g. https://hub.example.edu")
    link.add_argument(
        "--repo", required=True, help="the git repository students pull, e.g. https://github.com/you/okrkit"
    )
    link.add_argument("--branch", help="the branch to pull (default: the repository's default branch)")
    link.add_argument("--path", default=DEFAULT_PATH, help=f"the notebook to open (default: {DEFAULT_PATH})")

    def run(args: argparse.Namespace) -> int:
        links = class_links(args.hub, args.repo, args.branch, args.path)
        print(f"JupyterHub (nbgitpuller): {links.nbgitpuller}")
        if links.binder:
            print(f"Binder:                   {links.binder}")
        else:
            print(f"Binder:                   none ({links.binder_note})")
        return 0

    return run
