"""The CSV column table: which header names mean which field. It is the ``csv`` part of the shared alias table
(okrkit/read/aliases.yaml); a column that is also a field of a file (baseline, due, status …) takes that
field's names from the same table, so a CSV and a YAML file understand the same words."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from okrkit.read.aliases import normalize_key, table

#: CSV fields that are also fields of a key result, an objective or a set: their file names count as columns.
_SHARED = {
    "key_result": ("baseline", "target", "current", "unit", "metric", "due", "confidence", "weight", "status"),
    "objective": ("why", "aligns_to"),
    "set": ("period",),
}


def normalize_header(name: str) -> str:
    """'Key_Result (KR):' → 'key result': the shared key normalisation (okrkit.read.aliases.normalize_key)."""
    return normalize_key(name)


@dataclass(frozen=True)
class _Columns:
    aliases: dict[str, str]  # normalized header → field
    kinds: dict[str, str]  # normalized kind value → objective | key_result | initiative
    objective_types: dict[str, str]  # normalized value → aspirational | committed
    ignored: frozenset[str]


@lru_cache(maxsize=1)
def column_table() -> _Columns:
    """The CSV column table: the csv section of aliases.yaml plus the shared fields' names."""
    shared = table()
    data = shared["csv"]
    aliases: dict[str, str] = {}
    for name, names in data["fields"].items():
        for alias in [name.replace("_", " "), *names]:
            aliases.setdefault(normalize_header(alias), name)
    for context, names in _SHARED.items():
        for name in names:
            for alias in shared[context].get(name, ()):
                aliases.setdefault(normalize_header(alias), name)
    ignored = frozenset(normalize_header(x) for x in data.get("ignored", ())) - set(aliases)
    kinds = {normalize_header(v): k for k, values in data["kinds"].items() for v in values}
    types = {normalize_header(v): k for k, values in shared["objective_types"].items() for v in values}
    return _Columns(aliases, kinds, types, ignored)


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
    "Status",
    "Period",
    "Initiative",
)


__all__ = ["column_table", "known_columns"]
