"""Which reader a text needs: a file's extension decides; pasted text (no extension) is sniffed by its shape,
never by trying one reader and falling back on another (docs/decisions.md)."""

from __future__ import annotations

import csv
import re
from pathlib import Path

from okrkit.read.aliases import field_names, normalize_key
from okrkit.read.csv.columns import header_score

#: Extension → reader.
BY_EXTENSION = {
    ".yaml": "yaml",
    ".yml": "yaml",
    ".json": "yaml",
    ".csv": "csv",
    ".tsv": "csv",
    ".txt": "outline",
    ".md": "outline",
    ".markdown": "outline",
}
_LIST_FIELDS = {"objectives", "key_results", "kpis", "parent"}
_CANONICAL = re.compile(r"^objectives:[ ]*\n[ ]*- ", re.M)  # the canonical form: no need to look further
_KEY = re.compile(r"^(?P<indent>[ ]*)(?P<dash>-[ ]+)?(?P<key>[^\s:#\-][^:#]{0,40}?)[ ]*:(?:[ ]+(?P<value>.*))?$")


def reader_for(path: str | Path) -> str | None:
    """'yaml', 'csv' or 'outline' for a known extension, else None (then the text is sniffed)."""
    return BY_EXTENSION.get(Path(path).suffix.lower())


def looks_like_csv(text: str) -> bool:
    """True when the first non-blank line is a header naming two or more known columns."""
    first = next((ln for ln in text.splitlines() if ln.strip()), "")
    return any(d in first and header_score(next(csv.reader([first], delimiter=d))) >= 2 for d in (",", ";", "\t", "|"))


def looks_like_yaml(text: str) -> bool:
    """True for JSON, or YAML using the format's list keys ('objectives:', 'Key Results:', '- text: …').

    Text whose top level repeats 'Objective: …' is an outline (YAML would keep only the last one).
    """
    stripped = text.lstrip()
    if stripped.startswith(("{", "[")) or _CANONICAL.search(text):
        return True
    names = {**field_names("objective"), **field_names("set")}
    kr_names = field_names("key_result")
    block, repeated = False, 0
    lines = [ln for ln in text.splitlines() if ln.strip() and not ln.lstrip().startswith("#")]
    for i, line in enumerate(lines):
        m = _KEY.match(line.rstrip())
        if not m:
            continue
        key, value = normalize_key(m.group("key")), (m.group("value") or "").split(" #")[0].strip()
        name = names.get(key)
        nxt = lines[i + 1].strip() if i + 1 < len(lines) else ""
        items_follow = nxt.startswith("- ") or bool(_KEY.match(nxt))  # '1. …' under 'Key results:' is an outline
        if name in _LIST_FIELDS and (
            (not value and items_follow) or (value and (value[0] in "[{|>*&!" or value.replace(".", "").isdigit()))
        ):
            block = True
        if m.group("dash") and (name == "objective" or kr_names.get(key) == "text"):
            block = True
        if not m.group("indent") and not m.group("dash") and name == "objective" and value:
            repeated += 1
    return block and repeated < 2


def reader_for_text(text: str) -> str:
    """'yaml', 'csv' or 'outline' for text without a file name."""
    if looks_like_csv(text):
        return "csv"
    return "yaml" if looks_like_yaml(text) else "outline"
