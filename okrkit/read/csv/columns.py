"""The CSV column table (columns.yaml beside this module): which header names mean which field."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml


def normalize_header(name: str) -> str:
    """'Key_Result (KR):' → 'key result': lower case, separators to spaces, trailing notes dropped."""
    text = str(name).replace("\ufeff", "").strip().strip('"').lower()
    text = re.sub(r"\s*\([^)]*\)\s*$", "", text) if not text.startswith("(") else text
    text = re.sub(r"[_\-./]+", " ", text)
    text = re.sub(r"\s+", " ", text).strip().rstrip(":*").strip()
    return text


@dataclass(frozen=True)
class _Columns:
    aliases: dict[str, str]  # normalized header → field
    kinds: dict[str, str]  # normalized kind value → objective | key_result | initiative
    objective_types: dict[str, str]  # normalized value → aspirational | committed
    ignored: frozenset[str]


@lru_cache(maxsize=1)
def column_table() -> _Columns:
    """The alias table from columns.yaml."""
    path = Path(__file__).with_name("columns.yaml")
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    aliases: dict[str, str] = {}
    for name, names in data["fields"].items():
        for alias in [name.replace("_", " "), *names]:
            aliases.setdefault(normalize_header(alias), name)
    kinds = {normalize_header(v): k for k, values in data["kinds"].items() for v in values}
    types = {normalize_header(v): k for k, values in data["objective_types"].items() for v in values}
    return _Columns(aliases, kinds, types, frozenset(normalize_header(x) for x in data.get("ignored", ())))


def known_columns() -> dict[str, list[str]]:
    """Each field the CSV reader fills, with the header names it accepts (for docs and hints)."""
    out: dict[str, list[str]] = {}
    for alias, name in column_table().aliases.items():
        out.setdefault(name, []).append(alias)
    return out


def header_score(cells: list[str]) -> int:
    """How many cells of a row are column names the reader knows."""
    table = column_table()
    return sum(1 for c in cells if normalize_header(c) in table.aliases)


FIELD_EXAMPLES = (
    "Team",
    "Objective",
    "Key Result",
    "Type",
    "Title",
    "Owner",
    "Progress",
    "Current",
    "Baseline",
    "Target",
    "Unit",
    "Due date",
    "Confidence",
    "Period",
    "Initiative",
)


__all__ = ["column_table", "known_columns"]
