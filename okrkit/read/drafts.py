"""What an import gives back: each team's draft, the notes about the input, and the result holding both."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from okrkit.errors import LoadError
from okrkit.model import OKRSet


@dataclass(frozen=True)
class ImportNote:
    """A warning about the input, located where possible: file, line, column."""

    message: str
    file: str | None = None
    line: int | None = None
    column: str | None = None

    def __str__(self) -> str:
        where = self.file or "<text>"
        if self.line is not None:
            where += f":{self.line}"
        return f"{where}: {self.column}: {self.message}" if self.column else f"{where}: {self.message}"


@dataclass
class Draft:
    """One team's drafted OKR set plus what the set format has no place for (owners, raw progress)."""

    team: str
    okrs: OKRSet
    source: str | None = None
    owners: dict[tuple[int, int], str] = field(default_factory=dict)  # (objective, kr or -1) → owner
    progress: dict[tuple[int, int], float] = field(default_factory=dict)  # (objective, kr) → 0–1 check-in


@dataclass
class ImportResult:
    """The drafts read from one input, the warnings about it, and files that could not be read."""

    drafts: list[Draft] = field(default_factory=list)
    warnings: list[ImportNote] = field(default_factory=list)
    errors: list[LoadError] = field(default_factory=list)
    source: str | None = None

    @property
    def sets(self) -> list[tuple[str, OKRSet]]:
        """(team, OKRSet) for every draft, in input order."""
        return [(d.team, d.okrs) for d in self.drafts]

    def __iter__(self) -> Iterator[tuple[str, OKRSet]]:
        return iter(self.sets)

    def __len__(self) -> int:
        return len(self.drafts)

    def extend(self, other: ImportResult) -> None:
        """Add another result's drafts, warnings and errors to this one."""
        self.drafts.extend(other.drafts)
        self.warnings.extend(other.warnings)
        self.errors.extend(other.errors)


def team_from_source(source: str | None) -> str:
    """'data/team-growth.yaml' → 'team growth'; '<pasted>' → 'Pasted draft'."""
    if not source or source.startswith("<"):
        return "Pasted draft"
    stem = Path(source).stem
    return re.sub(r"[_\-]+", " ", stem).strip() or stem


__all__ = ["Draft", "ImportNote", "ImportResult"]
