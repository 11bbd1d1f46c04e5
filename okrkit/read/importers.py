"""Teams' OKR drafts from wherever they keep them: a CSV export, a folder of YAML files, or pasted text.

Every reader returns an :class:`ImportResult`: the drafts (one per team, iterable as ``(team, OKRSet)``
pairs) and the warnings a coach should see (unknown columns, guessed encodings, skipped lines).
Unreadable input raises :class:`okrkit.LoadError` naming the file, the line and the column.

This module holds the entry points (a path, a folder, pasted text); the result types live in
:mod:`okrkit.read.drafts` and CSV reading in :mod:`okrkit.read.csv` (reader, columns, values, rows).
"""

from __future__ import annotations

import re
from pathlib import Path

from okrkit.errors import LoadError
from okrkit.model import OKRSet
from okrkit.read import load, loads
from okrkit.read.csv import decode, parse_csv, read_bytes, read_csv
from okrkit.read.csv.columns import column_table, known_columns, normalize_header  # noqa: F401 (normalize_header: re-exported)
from okrkit.read.drafts import Draft, ImportNote, ImportResult, team_from_source
from okrkit.read.sniff import looks_like_csv

TEXT_SUFFIXES = (".yaml", ".yml", ".json", ".txt", ".md")
CSV_SUFFIXES = (".csv", ".tsv")


# ── text and YAML ─────────────────────────────────────────────────────────────────────────
_TEAM_LINE = re.compile(r"^\s*(?:#+\s*)?team\s*[:\-–]\s*(\S.*?)\s*$", re.IGNORECASE)


def _noted(result: ImportResult, okrs: OKRSet) -> None:
    """A set's reading notes ('read 'krs' as key_results') join the import's notes a coach sees."""
    result.warnings.extend(ImportNote(n.message, n.file, n.line, n.field) for n in okrs.notes)


def _chunks(text: str) -> list[tuple[str | None, str]]:
    """Split pasted text at 'Team: NAME' lines or YAML '---' separators; each chunk keeps its line numbers."""
    lines = text.splitlines()
    marks: dict[int, str | None] = {}
    for i, line in enumerate(lines):
        if m := _TEAM_LINE.match(line):
            marks[i] = m.group(1)
        elif line.strip() == "---":
            marks[i] = None
    if not marks:
        return [(None, text)]
    starts = sorted(set(marks) | {0})
    out = []
    for n, start in enumerate(starts):
        end = starts[n + 1] if n + 1 < len(starts) else len(lines)
        body = lines[start:end]
        if start in marks:
            body = [""] + body[1:]  # the marker line itself is not part of the set
        chunk = "\n" * start + "\n".join(body)  # blank lines in front keep the line numbers right
        if chunk.strip():
            out.append((marks.get(start), chunk))
    return out


def parse_text(text: str, source: str | None = "<pasted>") -> ImportResult:
    """Drafts from pasted text: a CSV with a header, YAML, or outlines, several teams split by 'Team: NAME' lines."""
    if not isinstance(text, str):
        raise LoadError(f"expected text, got {type(text).__name__}", file=source)
    text = text.lstrip("\ufeff")
    if not text.strip():
        raise LoadError(
            "nothing to read: the text is empty",
            file=source,
            line=1,
            hint="paste an objective on one line with its key results as '- ' bullets below it",
        )
    if looks_like_csv(text):
        return parse_csv(text, source)
    result = ImportResult(source=source)
    for team, chunk in _chunks(text):
        okrs = loads(chunk, source=source)
        name = team or okrs.owner or okrs.title or team_from_source(source)
        okrs.owner = okrs.owner or name
        result.drafts.append(Draft(team=name, okrs=okrs, source=source))
        _noted(result, okrs)
    return result


def read_text(path: str | Path) -> ImportResult:
    """Drafts from one text, outline or YAML file (several teams allowed in a text file)."""
    p = Path(path)
    if p.suffix.lower() in (".yaml", ".yml", ".json"):
        okrs = load(p)
        name = okrs.owner or okrs.title or team_from_source(str(p))
        okrs.owner = okrs.owner or name
        result = ImportResult([Draft(team=name, okrs=okrs, source=str(p))], source=str(p))
        _noted(result, okrs)
        return result
    text, note = decode(read_bytes(p), str(p))
    result = parse_text(text, str(p))
    if note:
        result.warnings.insert(0, note)
    return result


def read_folder(path: str | Path) -> ImportResult:
    """Drafts from every OKR file under a folder (YAML, text, CSV), in name order; unreadable files are listed in errors."""
    root = Path(path)
    result = ImportResult(source=str(root))
    files = sorted(
        p
        for p in root.rglob("*")
        if p.is_file() and not any(part.startswith(".") for part in p.relative_to(root).parts)
    )
    for p in files:
        suffix = p.suffix.lower()
        if p.stem.lower() == "readme" or suffix not in TEXT_SUFFIXES + CSV_SUFFIXES:
            if p.stem.lower() != "readme":
                result.warnings.append(ImportNote("not an OKR file (.yaml, .yml, .txt, .md or .csv); skipped", str(p)))
            continue
        try:
            result.extend(read_csv(p) if suffix in CSV_SUFFIXES else read_text(p))
        except LoadError as exc:
            result.errors.append(exc)
    if not files:
        result.warnings.append(ImportNote("the folder has no files", str(root)))
    _unique_teams(result)
    return result


def read_path(path: str | Path) -> ImportResult:
    """Drafts from a CSV file, a folder of OKR files, or a text/YAML file."""
    p = Path(path)
    if p.is_dir():
        return read_folder(p)
    if not p.exists():
        raise LoadError(
            "no such file or folder", file=str(path), hint="give a CSV export, a folder of YAML files, or a text file"
        )
    result = read_csv(p) if p.suffix.lower() in CSV_SUFFIXES else read_text(p)
    _unique_teams(result)
    return result


def _unique_teams(result: ImportResult) -> None:
    """Give repeated team names a numbered suffix, with a note, so every team keeps its own card."""
    seen: dict[str, int] = {}
    for d in result.drafts:
        key = d.team.casefold()
        seen[key] = seen.get(key, 0) + 1
        if seen[key] > 1:
            new = f"{d.team} ({seen[key]})"
            result.warnings.append(
                ImportNote(f"team '{d.team}' appears more than once; this set is shown as '{new}'", d.source)
            )
            d.team = new


__all__ = [
    "Draft",
    "ImportNote",
    "ImportResult",
    "column_table",
    "decode",
    "known_columns",
    "parse_csv",
    "parse_text",
    "read_csv",
    "read_folder",
    "read_path",
    "read_text",
]
