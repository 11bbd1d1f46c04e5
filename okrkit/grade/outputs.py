"""Writing grading outputs so that none is ever half-written: one file at a time, or a whole run at once.

``okrkit.files.atomic_write`` replaces one file; ``Staging`` collects a run's files in a hidden
folder next to the outputs and renames them into place only when every one is ready.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from pathlib import Path
from typing import Any


def dump_json(data: Any) -> str:
    """Stable JSON text: keys in the order given, two-space indent, UTF-8, final newline."""
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


class Staging:
    """Outputs written to a flat hidden folder inside DIR, then renamed into place at the end."""

    def __init__(self, out: Path) -> None:
        out.mkdir(parents=True, exist_ok=True)
        self.out = out
        self.dir = Path(tempfile.mkdtemp(prefix=".okrkit-grading-", dir=out))
        self.files: dict[str, str] = {}  # final relative path → staged file name
        self.held: dict[str, str] = {}  # texts kept in memory until a later step writes them once (or commit does)

    def write(self, rel: str, data: str | bytes) -> None:
        """Stage one output file (flat names keep the staging folder cheap to create and remove)."""
        staged = self.files.setdefault(rel, f"p{len(self.files):07d}")
        self.held.pop(rel, None)
        with open(self.dir / staged, "wb") as f:
            f.write(data.encode("utf-8") if isinstance(data, str) else data)

    def hold(self, rel: str, text: str) -> None:
        """Keep an output's text in memory: a later step may change it (write), else commit writes it as is."""
        self.files.setdefault(rel, f"p{len(self.files):07d}")
        self.held[rel] = text

    def text(self, rel: str) -> str | None:
        """The text staged (or held) for rel, None when there is none."""
        if rel in self.held:
            return self.held[rel]
        staged = self.files.get(rel)
        return None if staged is None else (self.dir / staged).read_text(encoding="utf-8")

    def adopt(self, rel: str, staged: str) -> None:
        """Take a file a worker already wrote into the staging folder."""
        self.files[rel] = staged

    def commit(self) -> None:
        """Rename every staged file into DIR (grades.csv, then run.json last, so they mark a finished run)."""
        for rel in list(self.held):
            self.write(rel, self.held[rel])
        made: set[Path] = set()
        for rel in sorted(self.files, key=lambda r: (r == "run.json", r == "grades.csv", r)):
            target = self.out / rel
            if target.parent not in made:
                target.parent.mkdir(parents=True, exist_ok=True)
                made.add(target.parent)
            os.replace(self.dir / self.files[rel], target)
        self.discard()

    def discard(self) -> None:
        """Remove the staging folder and whatever is left in it."""
        shutil.rmtree(self.dir, ignore_errors=True)
